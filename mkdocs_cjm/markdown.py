"""``mkdocs_cjm.markdown``: the ``journey`` fenced block in any Python-Markdown site.

Enable it as a Markdown extension (Zensical, MkDocs without the plugin, plain
Python-Markdown)::

    markdown_extensions:
      - mkdocs_cjm.markdown:
          maps_dir: maps          # relative to the working folder
          base_url: /             # where the generated pages are served ("" : no links)

The ``cjm`` MkDocs plugin enables it on every page by itself, with the maps it
has loaded already (:class:`EmbedHost` is how it hands them over).

The block is found by a preprocessor that runs before the fenced-code ones
(Python-Markdown's ``fenced_code`` and ``pymdownx.superfences`` alike): it
skips the inside of every other fence (a ````` ````markdown ````` example shows
the block as text) and works at any indentation (lists, admonitions, tabs).

An unknown journey, stage or lane id, or a block that is not
``id: ...``, shows a visible error in the page in place of the diagram and is
reported: under MkDocs as an error of the build (``--strict`` fails), in plain
Python-Markdown logged on the ``mkdocs_cjm.markdown`` logger at ERROR and kept in
:attr:`JourneyExtension.problems`; with the option ``strict: true`` it raises
:class:`EmbedError` instead. A plain Python-Markdown page has no file name, so
messages name the page as the option ``page`` says (default ``page``).

On a page written by ``mkdocs-cjm generate`` (it ends with the page marker) the
extension also removes every address that map text may not use, as the plugin
does on its own pages.
"""

from __future__ import annotations

import logging
import posixpath
import sys
from pathlib import Path
from typing import Any, Optional, Protocol

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from . import safehtml
from .embed import EmbedSpec, error_html, read_block, render_embed
from .fences import find_blocks, unclosed_problem
from .model import Journey
from .problems import Problem
from .site import Project
from .state import PAGE_MARKER
from .uris import Layout, page_url

log = logging.getLogger(__name__)

#: Runs before fenced_code and pymdownx.superfences (25), after whitespace normalisation (30) and meta (27).
PRIORITY = 26.5


class EmbedError(Exception):
    """A block in error, raised with the option ``strict: true`` (plain Python-Markdown)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems


class EmbedHost(Protocol):
    """What the extension asks of the site it runs in (the MkDocs plugin is one)."""

    def embed_page(self, md: Markdown, lines: list[str]) -> Optional[tuple[str, str, int]]:
        """The page being converted: (docs path, name in messages, lines before its Markdown); ``None``: skip it."""

    def embed_project(self) -> Project:
        """The loaded maps."""

    def embed_href(self, page_uri: str, journey: Journey) -> str:
        """A link from the page to a journey's page ("" where there is none)."""

    def embed_report(self, problem: Problem) -> None:
        """Report a block in error."""


class _Maps:
    """The host of a plain Python-Markdown site: loads a maps folder (again when a file changes)."""

    _loaded: dict[Path, tuple[tuple[Any, ...], Project]] = {}

    def __init__(self, extension: "JourneyExtension"):
        self.extension = extension
        #: The docs path of the page being rendered, where the site generator tells it (Zensical).
        self._uri = ""
        #: The maps as this page sees them (looked up once per page).
        self._current: Optional[Project] = None

    def embed_page(self, md: Markdown, lines: list[str]) -> Optional[tuple[str, str, int]]:
        """Under Zensical, the page it is rendering (its path in the docs folder); else the option ``page``."""
        self._uri = ""
        self._current = None  # the maps are looked at again for each page, once
        page = _zensical_page(md)
        if page is None:
            name = str(self.extension.getConfig("page"))
            return name, name, 0
        self._uri = page
        docs_dir = _zensical_docs_dir()
        shown = Path(docs_dir, page).as_posix() if docs_dir else page
        return page, shown, _lines_before(Path(docs_dir or ".", page), lines)

    def embed_project(self) -> Project:
        from .load.walk import load_project

        if self._current is not None:
            return self._current
        maps_dir = Path(str(self.extension.getConfig("maps_dir"))).resolve()
        stamp = _fingerprint(maps_dir)
        hit = self._loaded.get(maps_dir)
        if hit is None or hit[0] != stamp:
            project = load_project(maps_dir, docs_dir=None, display_root=maps_dir.parent, layout=self._layout())
            hit = self._loaded[maps_dir] = (stamp, project)
        self._current = hit[1]
        return hit[1]

    def _layout(self) -> Layout:
        return Layout(str(self.extension.getConfig("journeys_dir")).strip("/") or "journeys")

    def embed_href(self, page_uri: str, journey: Journey) -> str:
        """With ``base_url``: the journey page's address under it; else, under Zensical, relative to the page."""
        base = str(self.extension.getConfig("base_url"))
        if not base and not self._uri:
            return ""
        project = self.embed_project()
        uri = project.page_uris.journey(journey) if project.page_uris is not None else self._layout().journey(journey)
        directory_urls = bool(self.extension.getConfig("use_directory_urls"))
        url = page_url(uri, directory_urls)
        if base:
            return base.rstrip("/") + "/" + url
        # Zensical re-bases a relative address in a page's HTML from the page's file to its address.
        link = posixpath.relpath(url or ".", posixpath.dirname(page_uri) or ".")
        return link + "/" if url.endswith("/") and not link.endswith("/") else link

    def embed_report(self, problem: Problem) -> None:
        self.extension.problems.append(problem)
        log.error(problem.format())


def _zensical_page(md: Markdown) -> Optional[str]:
    """The docs path of the page Zensical is rendering (held by its context extension), if it is Zensical."""
    extensions = list(md.registeredExtensions)
    if "zensical" in sys.modules:
        config = _zensical_config()
        extensions += list(config.get("markdown_extensions") or ())
    for extension in extensions:
        if type(extension).__name__ == "ContextExtension":
            page = getattr(extension, "_kwargs", {}).get("page")
            path = getattr(page, "path", None)
            if isinstance(path, str) and path:
                return path.replace("\\", "/")
    return None


def _zensical_config() -> dict[str, Any]:
    try:
        from zensical.config import get_config  # type: ignore[import-not-found]

        config = get_config()
    except Exception:  # not Zensical, or a version without it
        return {}
    return config if isinstance(config, dict) else {}


def _zensical_docs_dir() -> str:
    docs_dir = _zensical_config().get("docs_dir")
    return str(docs_dir) if isinstance(docs_dir, str) else ""


def _lines_before(path: Path, lines: list[str]) -> int:
    """How many lines of the file come before the Markdown the site generator passed on (its front matter)."""
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    try:
        source = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    if first is None or not source or source[0].strip() != "---":
        return 0
    end = next((n for n in range(1, len(source)) if source[n].strip() in ("---", "...")), None)
    if end is None:
        return 0
    wanted = lines[first].rstrip()
    found = next((n for n in range(end + 1, len(source)) if source[n].rstrip() == wanted), None)
    return max(0, found - first) if found is not None else 0


def _fingerprint(folder: Path) -> tuple[Any, ...]:
    """Names, sizes and modification times of the files under ``folder``: changes when a map does."""
    try:
        found = sorted(
            (str(p.relative_to(folder)), s.st_size, s.st_mtime_ns)
            for p in folder.rglob("*")
            if (s := p.stat()) and p.is_file()
        )
    except OSError:
        return ()
    return tuple(found)


class JourneyPreprocessor(Preprocessor):
    """Replaces each ``journey`` block with its diagram (stashed raw HTML)."""

    def __init__(self, md: Markdown, extension: "JourneyExtension"):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        blocks = find_blocks(lines)
        if not blocks:
            return lines
        host = self.extension.host
        page = host.embed_page(self.md, lines)
        if page is None:
            return lines
        out: list[str] = []
        i = 0
        for count, block in enumerate(blocks, 1):
            out.extend(lines[i : block.start])
            if block.end is None:
                html = self._failed([unclosed_problem(page[1], block.start + 1 + page[2])])
                i = block.start + 1
            else:
                html = self._block(page, block.start + 1 + page[2], block.body, count)
                i = block.end + 1
            out += ["", block.indent + self.md.htmlStash.store(html), ""]
        out.extend(lines[i:])
        return out

    def _failed(self, problems: list[Problem]) -> str:
        for problem in problems:
            self.extension.host.embed_report(problem)
        if self.extension.getConfig("strict"):
            raise EmbedError(problems)
        return error_html(problems)

    def _block(self, page: tuple[str, str, int], line: int, body: str, count: int) -> str:
        uri, name, _ = page
        host = self.extension.host
        spec, journey, problems = read_block(host.embed_project, body, page=name, line=line)
        if problems or spec is None or journey is None:
            return self._failed(problems)
        project = host.embed_project()
        uid = f"{spec.journey}-embed-{count}"
        return render_embed(project, spec, journey, page_href=lambda j: host.embed_href(uri, j), uid=uid)


class GeneratedPageCheck(Postprocessor):
    """The last gate of a page that ``mkdocs-cjm generate`` wrote (it ends with the page marker): every
    address its map text made is checked as the plugin checks it (:mod:`mkdocs_cjm.safehtml`)."""

    def run(self, text: str) -> str:
        if PAGE_MARKER not in text:
            return text
        checked, removed = safehtml.check_urls(text)
        if removed:
            shown = ", ".join(dict.fromkeys(repr(r.url) for r in removed))
            log.warning(f"removed {len(removed)} address(es) that map text may not use: {shown}")
        return checked


class JourneyExtension(Extension):
    """The ``journey`` fenced block (see the module docstring for the options)."""

    def __init__(self, host: Optional[EmbedHost] = None, **kwargs: Any):
        self.config = {
            "maps_dir": ["maps", "The maps folder, relative to the working folder"],
            "base_url": ["", "Where the generated pages are served (e.g. '/'): diagrams link there; '': no links"],
            "use_directory_urls": [True, "Pages are served as 'journeys/x/' (true) or 'journeys/x.html' (false)"],
            "journeys_dir": ["journeys", "The folder of the journey pages (the plugin option of the same name)"],
            "page": ["page", "How messages name the page (Python-Markdown does not know its file)"],
            "strict": [False, "Raise EmbedError on a block in error instead of logging it"],
        }
        super().__init__(**kwargs)
        #: The blocks in error since the last reset (plain Python-Markdown).
        self.problems: list[Problem] = []
        self.host: EmbedHost = host if host is not None else _Maps(self)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(JourneyPreprocessor(md, self), "cjm_journey", PRIORITY)
        # After the raw HTML is put back (30) and the entities restored (20).
        md.postprocessors.register(GeneratedPageCheck(md), "cjm_generated_page", 5)

    def reset(self) -> None:
        self.problems = []


def makeExtension(**kwargs: Any) -> JourneyExtension:  # noqa: N802 (Python-Markdown's name)
    return JourneyExtension(**kwargs)


__all__ = ["EmbedError", "EmbedHost", "EmbedSpec", "JourneyExtension", "makeExtension"]
