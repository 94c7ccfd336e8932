"""Where the generated pages go, and the check that no two of them want the same place.

:class:`Layout` gives each journey, persona and promise a page URI (relative
to the docs folder). Two pages can want one URI: ``maps/index.yml`` and the
journeys index, a persona or promise with id ``index`` and its index page, or
journey files whose names differ only in case, in ``_`` and ``-``, or in the
case of a folder (page names are slugs, and a case-insensitive file system
would merge them anyway). :func:`plan_pages` gives every page its own URI: the
first claimant keeps it (index pages, then journeys by file name, personas by
file name, promises in brand order), the others get the URI with ``-2``,
``-3``... added, and an error naming both files. ``x.md`` and ``x/index.md``
collide too (both are the URL ``x/`` with MkDocs' ``use_directory_urls``).
This module imports neither MkDocs nor Jinja (``mkdocs-cjm check`` uses it).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from .load.positions import where
from .model import Journey
from .problems import Problem
from .validate import slugify

if TYPE_CHECKING:  # pragma: no cover
    from .site import Project


@dataclass(frozen=True)
class Layout:
    """Where the generated pages go, relative to the docs folder."""

    journeys_dir: str = "journeys"
    personas_dir: str = "personas"
    promises_dir: str = "promises"
    #: Pages that look across journeys (:mod:`mkdocs_cjm.insight`).
    insights_dir: str = "insights"

    def journey(self, journey: Journey) -> str:
        parts = [slugify(p) or "folder" for p in journey.folder]
        stem = journey.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return posixpath.join(self.journeys_dir, *parts, (slugify(stem) or journey.id) + ".md")

    def journeys_index(self) -> str:
        return posixpath.join(self.journeys_dir, "index.md")

    def persona(self, persona_id: str) -> str:
        return posixpath.join(self.personas_dir, f"{persona_id}.md")

    def personas_index(self) -> str:
        return posixpath.join(self.personas_dir, "index.md")

    def promise(self, promise_id: str) -> str:
        return posixpath.join(self.promises_dir, f"{promise_id}.md")

    def promises_index(self) -> str:
        return posixpath.join(self.promises_dir, "index.md")

    def insight(self, *parts: str) -> str:
        """An insight page: ``insight("kpis")`` is ``insights/kpis.md``, ``insight("teams", "web")``
        is ``insights/teams/web.md`` (parts are slugs made by the caller)."""
        return posixpath.join(self.insights_dir, *parts[:-1], parts[-1] + ".md")


def page_folder(uri: str, use_directory_urls: bool) -> str:
    """The folder of a page's URL (for relative links from it), as MkDocs places pages."""
    stem, _ = posixpath.splitext(uri)
    folder = posixpath.dirname(uri)
    if use_directory_urls and posixpath.basename(stem) not in ("index", "README"):
        folder = stem
    return folder or "."


def page_url(uri: str, use_directory_urls: bool) -> str:
    """A page's URL path as MkDocs writes it (``a/b/`` or ``a/b.html``) from its ``.md`` URI."""
    stem, _ = posixpath.splitext(uri)
    if not use_directory_urls:
        return stem + ".html"
    if posixpath.basename(stem) in ("index", "README"):
        return (posixpath.dirname(stem) + "/").lstrip("/")
    return stem + "/"


def built_href(from_uri: str, to_uri: str, use_directory_urls: bool, anchor: str = "") -> str:
    """A relative link between two built pages for raw HTML (which MkDocs does not rewrite, unlike a
    Markdown ``.md`` link): from the page ``from_uri`` to ``to_uri`` (both ``.md`` URIs)."""
    url = page_url(to_uri, use_directory_urls)
    link = posixpath.relpath(url or ".", page_folder(from_uri, use_directory_urls))
    if url.endswith("/") and not link.endswith("/"):
        link += "/"
    return link + (f"#{anchor}" if anchor else "")


@dataclass
class PageUris:
    """The page URI of every journey (by source file), persona and promise (by id)."""

    layout: Layout
    journeys: dict[str, str] = field(default_factory=dict)
    personas: dict[str, str] = field(default_factory=dict)
    promises: dict[str, str] = field(default_factory=dict)
    #: The personas and promises index pages, where they do not collide with the journeys index.
    indexes: dict[str, str] = field(default_factory=dict)

    def journey(self, journey: Journey) -> str:
        return self.journeys.get(journey.source) or self.layout.journey(journey)

    def persona(self, persona_id: str) -> str:
        return self.personas.get(persona_id) or self.layout.persona(persona_id)

    def promise(self, promise_id: str) -> str:
        return self.promises.get(promise_id) or self.layout.promise(promise_id)


def uri_key(uri: str) -> str:
    """What two URIs share when they collide: case ignored, ``x/index.md`` is ``x.md``."""
    stem = uri[:-3] if uri.endswith(".md") else uri
    stem = stem.casefold()
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return stem


@dataclass(frozen=True)
class _Claim:
    """A page that wants a URI: what it is, in words and by file and position."""

    uri: str
    what: str
    file: str = ""
    line: int = 1
    column: int = 1
    path: str = ""


def plan_pages(
    project: "Project",
    layout: Layout,
    positions: Optional[dict[str, dict[str, tuple[int, int]]]] = None,
    display: Optional[dict[str, str]] = None,
) -> tuple[PageUris, list[Problem]]:
    """Every page's URI, and an error for each page that wants a URI already taken.

    ``positions`` and ``display`` are those :func:`mkdocs_cjm.site.link_project` takes
    (key paths to positions, and shown names, per map file); without them
    problems point at line 1 of the source file.
    """
    positions = positions or {}
    display = display or {}
    plan = PageUris(layout)
    taken: dict[str, _Claim] = {}
    problems: list[Problem] = []

    def claim(wanted: _Claim) -> str:
        uri = wanted.uri
        first = taken.get(uri_key(uri))
        if first is None:
            taken[uri_key(uri)] = wanted
            return uri
        stem = uri[: -len(".md")]
        n = 2
        while uri_key(f"{stem}-{n}.md") in taken:
            n += 1
        new = f"{stem}-{n}.md"
        taken[uri_key(new)] = wanted
        if not wanted.file:  # an index page: the plugin options put two folders in one place
            problems.append(
                Problem(
                    "mkdocs.yml",
                    0,
                    0,
                    wanted.path,
                    f"{wanted.what} wants the page '{uri}', which is already the page of {first.what}; its page "
                    f"is '{new}' instead",
                    code="page-collision",
                    hint="give the plugin options journeys_dir, personas_dir and promises_dir different folders",
                )
            )
            return new
        details = ([first.file] if first.file else []) + ([f"as '{first.uri}'"] if first.uri != uri else [])
        other = f"{first.what} ({', '.join(details)})" if details else first.what
        problems.append(
            Problem(
                wanted.file,
                wanted.line,
                wanted.column,
                wanted.path,
                f"{wanted.what} wants the page '{uri}', which is already the page of {other}; its page is "
                f"'{new}' instead",
                code="page-collision",
                hint="rename one of the files, or change an id: page names ignore case and read '_' as '-', "
                "and 'x.md' is the same page as 'x/index.md'",
            )
        )
        return new

    def located(source: str, uri: str, what: str, key: str = "") -> _Claim:
        table = positions.get(source, {})
        line, column = where(table, key)
        return _Claim(uri, what, display.get(source, source), line, column, key if key in table else "")

    claim(_Claim(layout.journeys_index(), "the journeys index", path="plugins.cjm.journeys_dir"))
    personas_index = claim(_Claim(layout.personas_index(), "the personas index", path="plugins.cjm.personas_dir"))
    promises_index = claim(_Claim(layout.promises_index(), "the brand promises index", path="plugins.cjm.promises_dir"))
    plan.indexes = {"personas": personas_index, "promises": promises_index}
    for journey in sorted(project.journeys.values(), key=lambda j: j.source):
        plan.journeys[journey.source] = claim(
            located(journey.source, layout.journey(journey), f"journey '{journey.id}'")
        )
    for persona in sorted(project.personas.values(), key=lambda p: p.source):
        plan.personas[persona.id] = claim(
            located(persona.source, layout.persona(persona.id), f"persona '{persona.id}'", "id")
        )
    brand_file = display.get("brand", project.brand.source)
    for promise in project.brand.promises:
        wanted = _Claim(
            layout.promise(promise.id),
            f"promise '{promise.id}'",
            brand_file,
            promise.pos.line or 1,
            promise.pos.column or 1,
        )
        plan.promises[promise.id] = claim(wanted)
    return plan, problems
