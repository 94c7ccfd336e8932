"""Insight pages: views across journeys (MkDocs-free).

A journey page answers "what does this customer go through"; these pages
answer the questions a map exists for, across every journey: what the future
state changes, which KPIs are off target, which opportunities to take first,
what a team owns, how journeys nest, and where a newcomer starts.

Each module offers one function ``pages(renderer) -> list[Page]`` that reads
the renderer's :class:`~mkdocs_cjm.site.Project` and renders its templates
(``render/templates/insight_*.md.j2``, overridable like the others);
:data:`MAKERS` lists them in the order their pages are added to the site.
URIs come from :meth:`mkdocs_cjm.uris.Layout.insight` (``insights/...``).

The start page (:mod:`.start`) is made last, from the pages the others made,
so that it links whichever of them exist; it comes first in the site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from . import compare, kpis, landscape, opportunities, start, teams

if TYPE_CHECKING:  # pragma: no cover
    from ..pages import Page, PageRenderer

#: One function per kind of insight page, in site order.
MAKERS: list[Callable[["PageRenderer"], list["Page"]]] = [
    compare.pages,
    kpis.pages,
    opportunities.pages,
    landscape.pages,
    teams.pages,
]


def insight_pages(renderer: "PageRenderer") -> list["Page"]:
    """Every insight page of the renderer's project."""
    pages: list["Page"] = []
    for make in MAKERS:
        pages.extend(make(renderer))
    return start.pages(renderer, pages) + pages
