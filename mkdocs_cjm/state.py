"""What the plugin keeps between builds, and the work it does per build.

MkDocs builds a new plugin instance for every rebuild of ``mkdocs serve``, so
state that must survive a rebuild (parsed files, rendered diagrams) lives in
:class:`BuildState` objects kept per maps folder. Everything is keyed by
content: a map whose content did not change is neither parsed nor drawn
again. This module does not import MkDocs.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .loader import load_project
from .model import Journey
from .pages import DIAGRAM_SLOT, Layout, Page, PageRenderer
from .site import Project
from . import text as T

_STATES: dict[str, "BuildState"] = {}


@dataclass
class BuildState:
    maps_dir: Path
    root: Path
    docs_dir: Path
    options: Any
    today: _dt.date
    template_dirs: list[Path] = field(default_factory=list)
    project: Project = field(default_factory=Project)
    pages: list[Page] = field(default_factory=list)
    #: Parsed YAML by content hash (kept across rebuilds).
    parse_cache: dict[str, Any] = field(default_factory=dict)
    #: Rendered diagram HTML by content key (kept across rebuilds).
    diagram_cache: dict[str, str] = field(default_factory=dict)
    #: How many diagrams the last build drew (not taken from the cache).
    diagrams_rendered: int = 0
    _page_journeys: dict[str, str] = field(default_factory=dict)
    _used_keys: set[str] = field(default_factory=set)

    @classmethod
    def get(cls, *, maps_dir: Path, root: Path, docs_dir: Path, options: Any, today: _dt.date, template_dirs: list[Path]) -> "BuildState":
        """The state for a maps folder, reused across rebuilds of one process."""
        key = str(maps_dir)
        state = _STATES.get(key)
        if state is None:
            state = cls(maps_dir, root, docs_dir, options, today, template_dirs)
            _STATES[key] = state
        else:
            state.root, state.docs_dir, state.options, state.today, state.template_dirs = root, docs_dir, options, today, template_dirs
        return state

    @property
    def layout(self) -> Layout:
        o = self.options
        return Layout(o.journeys_dir.strip("/"), o.personas_dir.strip("/"), o.promises_dir.strip("/"))

    def load(self) -> None:
        """Read the maps folder and render every page's Markdown."""
        cache = _Carry(self.parse_cache)
        self.project = load_project(
            self.maps_dir,
            docs_dir=self.docs_dir,
            display_root=self.root,
            max_file_size=self.options.max_file_size,
            cache=cache,
        )
        # Keep only what this build read: edited and deleted files are forgotten.
        self.parse_cache = cache.fresh
        renderer = PageRenderer(
            self.project,
            layout=self.layout,
            today=self.today,
            review_every=self.options.review_every,
            template_dirs=self.template_dirs,
        )
        self.pages = renderer.all_pages()
        self._page_journeys = {p.uri: p.depends_on[0] for p in self.pages if p.kind == "journey"}
        self.diagrams_rendered = 0
        self._used_keys = set()

    def edit_uri(self, source: str) -> str:
        """The "edit this page" path of a map file, relative to docs_dir."""
        return Path(os.path.relpath(self.maps_dir / source, self.docs_dir)).as_posix()

    # -- diagrams --------------------------------------------------------------------
    def diagram(self, journey: Journey) -> str:
        from .render.svg import render_diagram

        key = hashlib.sha256((repr(journey) + repr(self.project.brand)).encode("utf-8")).hexdigest()
        self._used_keys.add(key)
        html = self.diagram_cache.get(key)
        if html is None:
            html = render_diagram(self.project, journey)
            self.diagram_cache[key] = html
            self.diagrams_rendered += 1
        return html

    def fill_diagram(self, uri: str, html: str) -> Optional[str]:
        journey_id = self._page_journeys.get(uri)
        if journey_id is None:
            return None
        journey = self.project.journeys.get(journey_id)
        if journey is None or journey.is_broken:
            return None
        slot = DIAGRAM_SLOT.format(id=T.attr(journey.id))
        if slot not in html:
            return None
        return html.replace(slot, self.diagram(journey), 1)

    def prune(self) -> None:
        """Drop diagrams not used by the last build (call after a build)."""
        for key in list(self.diagram_cache):
            if key not in self._used_keys:
                del self.diagram_cache[key]

    # -- navigation ------------------------------------------------------------------
    def patch_nav(self, nav: list[Any]) -> list[Any]:
        """Append Journeys / Personas / Brand promises to a nav that lists none of our pages."""
        ours = {p.uri for p in self.pages}
        if _mentions(nav, ours, self.layout):
            return nav
        journeys: list[Any] = []
        sections: dict[tuple[str, ...], list[Any]] = {(): journeys}
        for page in self.pages:
            if page.kind == "index":
                journeys.insert(0, {"Overview": page.uri})
            elif page.kind == "journey":
                parent = journeys
                for depth in range(1, len(page.folder) + 1):
                    key = page.folder[:depth]
                    if key not in sections:
                        section: list[Any] = []
                        sections[key] = section
                        parent.append({key[-1].replace("-", " ").replace("_", " ").capitalize(): section})
                    parent = sections[key]
                parent.append({page.title: page.uri})
        added: list[Any] = [{"Journeys": journeys}]
        personas = [p.uri for p in self.pages if p.kind in ("personas", "persona")]
        if personas:
            added.append({"Personas": personas})
        promises = [p.uri for p in self.pages if p.kind in ("promises", "promise")]
        if promises:
            added.append({"Brand promises": promises})
        return list(nav) + added


class _Carry:
    """A cache view that reads the last build's entries and keeps those used now."""

    def __init__(self, old: dict[str, Any]):
        self.old = old
        self.fresh: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.fresh:
            return self.fresh[key]
        if key in self.old:
            self.fresh[key] = self.old[key]
            return self.old[key]
        return default

    def __setitem__(self, key: str, value: Any) -> None:
        self.fresh[key] = value


def _mentions(nav: Any, uris: set[str], layout: Layout) -> bool:
    prefixes = tuple(d + "/" for d in (layout.journeys_dir, layout.personas_dir, layout.promises_dir))
    if isinstance(nav, str):
        return nav in uris or nav.startswith(prefixes)
    if isinstance(nav, dict):
        return any(_mentions(v, uris, layout) for v in nav.values())
    if isinstance(nav, list):
        return any(_mentions(v, uris, layout) for v in nav)
    return False
