"""What the plugin keeps between builds, and the work it does per build.

The plugin keeps one :class:`BuildState` across the rebuilds of ``mkdocs
serve`` (MkDocs keeps a plugin that has ``on_startup``; see
:meth:`BuildState.reuse`): what survives a rebuild (parsed files, journeys'
models, page Markdown, rendered diagrams) is keyed by content, so a map whose
content did not change is neither parsed, validated, built nor drawn again. This module does not import MkDocs.
"""

from __future__ import annotations

import datetime as _dt
import os
import posixpath
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from . import export as X
from . import safehtml
from . import text as T
from .insight.deltas import stage_slots
from .load.walk import load_project
from .model import Journey
from .page_cache import digest
from .pages import DIAGRAM_SLOT, WALL_KINDS, Layout, Page, PageRenderer
from .render.layout import StageSlot
from .site import Project
from .uris import page_folder, page_url

#: Ends every generated page's HTML, so stylesheets can tell our pages apart.
PAGE_MARKER = '<span class="cjm-page" hidden></span>'
#: Marks a page in the wall view (``cjm.css`` widens its grid and keeps its text to a readable measure).
WALL_MARKER = '<span class="cjm-wall" hidden></span>'
#: What Material hides on a page in the wall view (``page.meta["hide"]``).
WALL_HIDE = ("navigation", "toc")

#: The stylesheets of the journey pages (package ``assets/``), and where they go in the site.
ASSETS = ("cjm.css", "cjm-diagram.css", "cjm-print.css")
#: Scripts of the generated pages, added to ``extra_javascript``: the journeys index's filters, sortable tables,
#: the diagram's Fit / Actual size / Present controls. Each page works without them.
SCRIPTS = ("cjm-filter.js", "cjm-sort.js", "cjm-wall.js")
ASSETS_DIR = "assets/cjm"

#: Labels of the download links, by format.
DOWNLOAD_LABELS = {"svg": "SVG", "png": "PNG (2×)", "pdf": "PDF", "a1": "A1 poster (PDF)", "a0": "A0 poster (PDF)"}

#: Width of the HTML lane-label column beside the diagram (cjm-diagram.css).
from .render.geometry import LABEL_W as LABELS_WIDTH  # noqa: E402 (the one constant: layout, SVG, CSS)

#: The diagram's box on a landscape page, in CSS px: the width fits both A4
#: (277 × 190 mm inside 10 mm margins) and US Letter (259 × 196 mm); the
#: height leaves room for the page's header above it.
PRINT_BOX = (960, 520)


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
    #: Journeys' models by their file's content (kept across rebuilds, :mod:`~mkdocs_cjm.load.reuse`).
    model_cache: dict[str, Any] = field(default_factory=dict)
    #: Rendered diagram HTML by content key (kept across rebuilds).
    diagram_cache: dict[str, str] = field(default_factory=dict)
    #: Keep each drawn diagram in :attr:`diagram_cache`, and the parsed files and built journeys, for a next
    #: build in this process (``mkdocs serve``). A one-off ``mkdocs build`` draws each diagram once and lets it
    #: go once its page is filled, and drops the parse and model caches once loaded (at N = 100 the kept
    #: diagrams were ≈ 100 MB of the build's peak memory).
    keep_for_rebuild: bool = True
    #: How many diagrams the last build drew (not taken from the cache).
    diagrams_rendered: int = 0
    #: Page URLs end in ``/`` (MkDocs' ``use_directory_urls``): decides the download links.
    use_directory_urls: bool = True
    #: Links in the diagrams' HTML are relative to the page's file, not its address: for a site
    #: generator that re-bases them as it places the page (Zensical; ``mkdocs-cjm generate``).
    links_from_file: bool = False
    #: Standalone export SVGs by content key (kept across rebuilds).
    export_svg_cache: dict[str, str] = field(default_factory=dict)
    #: What the last :meth:`write_exports` did.
    export_stats: Optional[X.ExportStats] = None
    #: Addresses :mod:`~mkdocs_cjm.safehtml` took out of the last build's pages, by page URI.
    removed_urls: dict[str, list[safehtml.Removed]] = field(default_factory=dict)
    _titles: dict[str, str] = field(default_factory=dict)
    _page_journeys: dict[str, str] = field(default_factory=dict)
    #: Journeys by the id their diagram slots hold (attribute-escaped).
    _slot_journeys: dict[str, Journey] = field(default_factory=dict)
    #: Comparison pages: the journeys whose drawings line up there, stage by stage.
    _aligned: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _used_keys: set[str] = field(default_factory=set)
    _used_export_keys: set[str] = field(default_factory=set)
    #: The conversions :meth:`start_exports` handed to worker processes, and their jobs.
    _export_run: Optional[tuple[X.ExportRun, list[X.ExportJob]]] = None
    _generated: set[str] = field(default_factory=set)
    _wall: set[str] = field(default_factory=set)
    _drawing_keys: dict[int, tuple[Journey, str]] = field(default_factory=dict)
    _brand_key: Optional[str] = None
    #: Journey pages' Markdown by what they show (kept across rebuilds, see PageRenderer.journey_key).
    markdown_cache: dict[str, str] = field(default_factory=dict)
    #: What the site-wide pages take from each journey, by its content (kept across rebuilds,
    #: see PageRenderer.of_journey).
    view_cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def reuse(
        cls,
        previous: Optional["BuildState"],
        *,
        maps_dir: Path,
        root: Path,
        docs_dir: Path,
        options: Any,
        today: _dt.date,
        template_dirs: list[Path],
    ) -> "BuildState":
        """The state for this build: ``previous`` (the last build's, kept by the plugin
        across the rebuilds of ``mkdocs serve``) with this build's settings if it is of
        the same maps folder, else a new one."""
        if previous is None or previous.maps_dir != maps_dir:
            return cls(maps_dir, root, docs_dir, options, today, template_dirs)
        previous.root, previous.docs_dir, previous.options = root, docs_dir, options
        previous.today, previous.template_dirs = today, template_dirs
        return previous

    @property
    def cache_dir(self) -> Path:
        """Where exports are cached: ``.cache/plugin/cjm`` next to ``mkdocs.yml`` (as Material's plugins do)."""
        return self.root / ".cache" / "plugin" / "cjm"

    @property
    def export_formats(self) -> list[str]:
        if not getattr(self.options, "exports", False):
            return []
        wanted = getattr(self.options, "export_formats", None) or list(X.DEFAULT_FORMATS)
        return [f for f in X.FORMATS if f in wanted]

    @property
    def layout(self) -> Layout:
        o = self.options
        return Layout(o.journeys_dir.strip("/"), o.personas_dir.strip("/"), o.promises_dir.strip("/"))

    def load(self) -> None:
        """Read the maps folder and render every page's Markdown."""
        cache, models = _Carry(self.parse_cache), _Carry(self.model_cache)
        self.project = load_project(
            self.maps_dir,
            docs_dir=self.docs_dir,
            display_root=self.root,
            max_file_size=self.options.max_file_size,
            cache=cache,
            layout=self.layout,
            models=models,
        )
        # Keep only what this build read: edited and deleted files are forgotten; a one-off build keeps nothing,
        # and lets go of the position tables (parsed again should a message need one: Sources.pack).
        self.parse_cache, self.model_cache = (cache.fresh, models.fresh) if self.keep_for_rebuild else ({}, {})
        if self.keep_for_rebuild:
            self.project.sources.raw = {}  # the parse cache holds the tables: nothing to gain
        else:
            self.project.sources.pack()
        self._drawing_keys = {}
        self._brand_key = None
        renderer = PageRenderer(
            self.project,
            layout=self.layout,
            today=self.today,
            review_every=self.options.review_every,
            kpi_stale_after=self.options.kpi_stale_after,
            use_directory_urls=self.use_directory_urls,
            template_dirs=self.template_dirs,
            downloads=self.downloads if self.export_formats else None,
            memo=self.markdown_cache,
            content_key=self.drawing_key,
            views=self.view_cache if self.keep_for_rebuild else None,
        )
        self.pages = renderer.all_pages()
        self.markdown_cache = {k: v for k, v in self.markdown_cache.items() if k in renderer.memo_used}
        self.view_cache = {k: v for k, v in self.view_cache.items() if k in renderer.views_used}
        self._page_journeys = {p.uri: p.depends_on[0] for p in self.pages if p.kind == "journey"}
        self._slot_journeys = {T.attr(j.id): j for j in self.project.journeys.values()}
        self._aligned = {p.uri: p.depends_on for p in self.pages if p.kind == "compare"}
        self._generated = {p.uri for p in self.pages}
        full_width = getattr(self.options, "full_width", True)
        self._wall = {p.uri for p in self.pages if p.kind in WALL_KINDS} if full_width else set()
        self._titles = {p.uri: T.attr(T.plain(p.title)) for p in self.pages}
        self.removed_urls = {}
        self.diagrams_rendered = 0
        self._used_keys = set()

    def edit_uri(self, source: str) -> str:
        """The "edit this page" path of a map file, relative to docs_dir, percent-encoded
        (a file name may hold quotes or ``>``; MkDocs and Material use the path as it is)."""
        return T.url(Path(os.path.relpath(self.maps_dir / source, self.docs_dir)).as_posix())

    def page_title(self, uri: str) -> Optional[str]:
        """A generated page's title as HTML text (plain, escaped), for the theme's
        ``<title>``, header and navigation, which print the title unescaped."""
        return self._titles.get(uri)

    def page_hide(self, uri: str) -> tuple[str, ...]:
        """What Material hides on a generated page: its navigation and table of contents on a
        page in the wall view (option ``full_width``), nothing elsewhere."""
        return WALL_HIDE if uri in self._wall else ()

    # -- diagrams --------------------------------------------------------------------
    def drawing_key(self, journey: Journey) -> str:
        """What a journey's drawings (diagram and export SVG) and its page's own part are cached by
        (computed once per journey and build): its content, the brand, and what it shows of other files."""
        hit = self._drawing_keys.get(id(journey))
        if hit is not None and hit[0] is journey:
            return hit[1]
        if self._brand_key is None:
            self._brand_key = repr(self.project.brand)
        key = digest(self.journey_content(journey), self._brand_key, repr(self._shown_of_others(journey)))
        self._drawing_keys[id(journey)] = (journey, key)
        return key

    def journey_content(self, journey: Journey) -> str:
        """All there is of a journey: the content of its file (what the loader kept its model by,
        :mod:`~mkdocs_cjm.load.reuse`) and what the load added from other files (its problems, the
        values of its metrics); its ``repr()`` for a journey not read through the parse cache."""
        source = self.project.sources.content.get(journey.source)
        if source is None:
            return repr(journey)
        metrics = [(m.actual, m.period, m.provenance) for step in journey.steps for m in step.metrics]
        return "\0".join((source, repr(journey.problems), repr(metrics)))

    def _shown_of_others(self, journey: Journey) -> tuple[Any, ...]:
        """What a journey's drawing shows of other files: its personas' names (the lines of feelings by
        persona) and the titles of the journeys that detail its steps."""
        project = self.project
        names = ()
        if any(step.emotions for step in journey.steps):
            names = tuple((pid, getattr(project.personas.get(pid), "name", None)) for pid in journey.personas)
        details = tuple(
            (s.journey, getattr(project.journeys.get(s.journey), "title", None)) for s in journey.steps if s.journey
        )
        return names, details

    def page_url(self, journey: Journey) -> str:
        """A journey page's URL path as MkDocs writes it (``a/b/`` or ``a/b.html``)."""
        uris = self.project.page_uris
        uri = uris.journey(journey) if uris is not None else self.layout.journey(journey)
        return page_url(uri, self.use_directory_urls)

    def journey_href(self, journey: Journey, target_id: str, on_page: str = "") -> str:
        """A link from a journey's page (or the page ``on_page``, a URI) to the page of the
        journey ``target_id`` ("" when there is none)."""
        target = self.project.journeys.get(target_id)
        if target is None or (target is journey and not on_page):
            return ""
        return self.href_from(on_page or self.page_url(journey).rstrip("/") + ".md", target)

    def link_folder(self, uri: str) -> str:
        """What the HTML links of the page ``uri`` are relative to (see :attr:`links_from_file`)."""
        if self.links_from_file:
            return posixpath.dirname(uri) or "."
        return page_folder(uri, self.use_directory_urls)

    def href_from(self, uri: str, journey: Journey) -> str:
        """A link from the page ``uri`` (a docs path: ``guide/a.md``) to a journey's page, as MkDocs places it."""
        url = self.page_url(journey)
        link = posixpath.relpath(url, self.link_folder(uri))
        return link + "/" if url.endswith("/") and not link.endswith("/") else link

    def _diagram_parts(self, journey: Journey, on_page: str) -> tuple[str, dict[str, str], str, Any]:
        """What a journey's drawing on a page depends on: its cache key, the links to the journeys
        detailing its steps, the link to its page (another page's drawing) and its stage slots."""
        details = {s.journey: self.journey_href(journey, s.journey, on_page) for s in journey.steps if s.journey}
        base = self.href_from(on_page, journey) if on_page else ""
        slots = self.stage_slots(journey, on_page)
        key = self.drawing_key(journey) + repr(sorted(details.items())) + repr(base) + repr(slots)
        return key, details, base, slots

    def page_drawing(self, uri: str) -> str:
        """The keys of the diagrams a generated page shows ("" for none), kept for this build
        (a page taken whole from the last build does not ask for its diagrams): a journey page's
        own, the two of a comparison page."""
        own = self._page_journeys.get(uri, "")
        ids = (own,) if own else self._aligned.get(uri, ())
        keys = []
        for jid in ids:
            journey = self.project.journeys.get(jid)
            if journey is None or journey.is_broken:
                continue
            key = self._diagram_parts(journey, "" if jid == own else uri)[0]
            self._used_keys.add(key)
            keys.append(key)
        return "\0".join(keys)

    def is_generated(self, uri: str) -> bool:
        """Whether the page ``uri`` is one of ours."""
        return uri in self._generated

    def diagram(self, journey: Journey, on_page: str = "") -> str:
        """A journey's diagram for its own page, or (``on_page``: another page's URI) for that
        page: there its cards link to the steps on the journey's page, and on a comparison page
        its stages take the width of the same stages of the other journey (:meth:`stage_slots`)."""
        from .render.svg import render_diagram

        key, details, base, slots = self._diagram_parts(journey, on_page)
        self._used_keys.add(key)
        html = self.diagram_cache.get(key)
        if html is None:
            html = render_diagram(
                self.project,
                journey,
                journey_href=lambda jid: details.get(jid, ""),
                stage_slots=slots,
                **({"step_href": lambda step: f"{base}#{step.anchor}"} if on_page else {}),
            )
            if self.keep_for_rebuild:
                self.diagram_cache[key] = html
            self.diagrams_rendered += 1
        return html

    def page_content(self, uri: str, html: str) -> Optional[str]:
        """The content HTML of a generated page with its page marker appended (at
        the end: before the title it would shift search's sections). The diagram
        goes in later, into the finished page (:meth:`fill_diagram`), so that the
        search index and the table of contents never parse it."""
        if uri not in self._generated:
            return None
        html, removed = safehtml.check_urls(html)
        if removed:
            self.removed_urls[uri] = removed
        return html + PAGE_MARKER + (WALL_MARKER if uri in self._wall else "")

    def stage_slots(self, journey: Journey, on_page: str) -> Optional[dict[str, StageSlot]]:
        """On a comparison page, where each stage of ``journey`` goes so that the pair's two
        drawings line up stage by stage (:func:`~mkdocs_cjm.insight.deltas.stage_slots`)."""
        ids = self._aligned.get(on_page)
        if not ids or len(ids) != 2 or journey.id not in ids:
            return None
        current, future = (self.project.journeys.get(i) for i in ids)
        if current is None or future is None:
            return None
        return stage_slots(journey, current, future)

    def fill_diagram(self, uri: str, html: str) -> Optional[str]:
        """Every diagram slot of a generated page filled with its journey's diagram (the first
        slot of each journey; a broken journey's stays empty); None when nothing changes."""
        if uri not in self._generated or SLOT_CLASS not in html:
            return None
        own = self._page_journeys.get(uri)
        filled: set[str] = set()

        def fill(match: re.Match[str]) -> str:
            journey = self._slot_journeys.get(match.group(1))
            if journey is None or journey.is_broken or journey.id in filled:
                return match.group(0)
            filled.add(journey.id)
            drawing = self.diagram(journey, "" if journey.id == own else uri)
            return search_excluded(print_fit(drawing))

        out = SLOT.sub(fill, html)
        return out if filled else None

    # -- exports ---------------------------------------------------------------------
    def export_name(self, journey: Journey) -> str:
        """Where a journey's downloads go in the site, without extension: next to its page."""
        uris = self.project.page_uris
        return (uris.journey(journey) if uris is not None else self.layout.journey(journey))[: -len(".md")]

    def downloads(self, journey: Journey) -> list[tuple[str, str]]:
        """``(label, href)`` of a journey's downloads, relative to its page's URL:
        only the formats that will be exported (a drawing too big for one is
        not), a PNG drawn smaller than 2x labelled with its scale."""
        if journey.is_broken:
            return []
        name = self.export_name(journey)
        page_dir = self.link_folder(name + ".md")
        svg = self.export_svg(journey)
        links = []
        for fmt in self.export_formats:
            scale = X.export_scale(svg, fmt)
            if scale is not None:
                links.append((download_label(fmt, scale), posixpath.relpath(f"{name}.{X.file_suffix(fmt)}", page_dir)))
        return links

    def export_svg(self, journey: Journey) -> str:
        key = self.drawing_key(journey)
        svg = self.export_svg_cache.get(key)
        if svg is None:
            svg = X.standalone_svg(self.project, journey)
            self.export_svg_cache[key] = svg
        self._used_export_keys.add(key)
        return svg

    def export_jobs(self) -> list[X.ExportJob]:
        """The downloads of every journey in :attr:`export_formats`, in id order (a build's and
        ``mkdocs-cjm generate``'s)."""
        return X.plan_exports(
            self.project,
            sorted(self.project.journeys.values(), key=lambda j: j.id),
            cache_dir=self.cache_dir,
            formats=self.export_formats,
            name=self.export_name,
            svg_for=self.export_svg,
        )

    def start_exports(self, *, workers: Optional[int] = None) -> None:
        """Hand the conversions of :attr:`export_formats` to worker processes now (once the maps are loaded),
        so they run while the pages are built; :meth:`write_exports` waits for them."""
        self.cancel_exports()
        if not self.export_formats:
            return
        self._used_export_keys = set()
        jobs = self.export_jobs()
        self._export_run = (X.start_exports(jobs, workers=workers, stats=X.ExportStats()), jobs)

    def exports_done(self) -> Optional[tuple[int, int]]:
        """(finished, all) of the conversions :meth:`start_exports` started, while they run; else None."""
        if self._export_run is None or not self._export_run[0].total:
            return None
        run = self._export_run[0]
        return run.done(), run.total

    def cancel_exports(self) -> None:
        """Stop the conversions of a build that failed or was interrupted."""
        if self._export_run is not None:
            self._export_run[0].cancel()
            self._export_run = None

    def write_exports(
        self, site_dir: Path, *, workers: Optional[int] = None, progress: Optional[Any] = None
    ) -> Optional[X.ExportStats]:
        """Export every valid journey into ``site_dir`` through the cache (after a build), finishing the
        conversions :meth:`start_exports` started, or starting them now.

        What could not be exported is in the stats' ``failures`` (errors) and
        ``skipped`` (too big, warnings; their pages do not link them)."""
        if not self.export_formats:
            self.cancel_exports()
            self.export_stats = None
            return None
        if self._export_run is None:
            self.start_exports(workers=workers)
        assert self._export_run is not None
        run, jobs = self._export_run
        self._export_run = None
        stats = run.finish(progress)
        start = time.perf_counter()
        X.place_exports(jobs, site_dir, stats=stats)
        for key in list(self.export_svg_cache):
            if key not in self._used_export_keys:
                del self.export_svg_cache[key]
        X.prune_cache(self.cache_dir, keep=[j.cache_path for j in jobs])
        stats.seconds += time.perf_counter() - start
        self.export_stats = stats
        return stats

    def prune(self) -> None:
        """Drop diagrams not used by the last build (call after a build)."""
        for key in list(self.diagram_cache):
            if key not in self._used_keys:
                del self.diagram_cache[key]

    # -- navigation ------------------------------------------------------------------
    def patch_nav(self, nav: list[Any]) -> list[Any]:
        """Append Start here, Journeys / Personas / Brand promises and the insight sections
        (``Page.section``) to a nav that lists none of our pages."""
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
                        title = key[-1].replace("-", " ").replace("_", " ").capitalize()
                        parent.append({T.attr(title): section})  # Material prints nav titles unescaped
                    parent = sections[key]
                parent.append(page.uri)  # titled by the page itself (escaped: see page_title)
        added: list[Any] = [{"Journeys": journeys}]
        personas = [p.uri for p in self.pages if p.kind in ("personas", "persona")]
        if personas:
            added.append({"Personas": personas})
        promises = [p.uri for p in self.pages if p.kind in ("promises", "promise")]
        if promises:
            added.append({"Brand promises": promises})
        sections_by_title: dict[str, list[Any]] = {}
        for page in self.pages:
            if page.kind == "start":  # the start page: an entry of its own, before the journeys
                added.insert(0, {page.section or page.title: page.uri})
            elif page.section:
                sections_by_title.setdefault(page.section, []).append(page.uri)
        added.extend({title: uris} for title, uris in sections_by_title.items())
        return list(nav) + added


def download_label(fmt: str, scale: float) -> str:
    """The link text of a download; a PNG not at its usual 2x tells its scale."""
    if fmt == "png" and scale != X.PNG_SCALE:
        return f"PNG ({scale:.2f}".rstrip("0").rstrip(".") + "×)"
    return DOWNLOAD_LABELS[fmt]


SLOT_CLASS = 'class="cjm-diagram-slot"'
#: A diagram slot (:data:`~mkdocs_cjm.pages.DIAGRAM_SLOT`) with the journey id it holds.
SLOT = re.compile(re.escape(DIAGRAM_SLOT).replace(re.escape("{id}"), '([^"<>]*)'))

_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


def print_fit(html: str) -> str:
    """Give the diagram the zoom that fits it on a landscape page when printed
    (``--cjm-print-zoom``, read by ``cjm-print.css``)."""
    match = _SVG_SIZE.search(html)
    if not match or not html.startswith('<div class="cjm-diagram"'):
        return html
    width = float(match.group(1)) + LABELS_WIDTH
    height = float(match.group(2))
    zoom = min(1.0, PRINT_BOX[0] / width, PRINT_BOX[1] / height)
    return html.replace('<div class="cjm-diagram"', f'<div class="cjm-diagram" style="--cjm-print-zoom:{zoom:.3f}"', 1)


def search_excluded(html: str) -> str:
    """Wrap the diagram so Material's search leaves all of it out.

    Material's search parser compares elements by tag name only, so a
    ``data-search-exclude`` on a ``<div>`` stops excluding at the first nested
    ``</div>``; on a ``<section>``, which the diagram never contains, it holds.
    """
    return f'<section class="cjm-diagram-section" data-search-exclude="">{html}</section>'


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
    prefixes = tuple(
        d + "/" for d in (layout.journeys_dir, layout.personas_dir, layout.promises_dir, layout.insights_dir)
    )
    if isinstance(nav, str):
        return nav in uris or nav.startswith(prefixes)
    if isinstance(nav, dict):
        return any(_mentions(v, uris, layout) for v in nav.values())
    if isinstance(nav, list):
        return any(_mentions(v, uris, layout) for v in nav)
    return False
