"""The opportunity portfolio: every opportunity of every journey (MkDocs-free).

An impact-by-effort matrix of the rated ones (:mod:`mkdocs_cjm.render.matrix`), the quick wins
(impact at least :data:`QUICK_WIN_IMPACT`, effort at most :data:`QUICK_WIN_EFFORT`), a table of
all of them that ``assets/cjm-sort.js`` makes sortable by impact, effort, status and owner, the
ones not yet rated (plain text, or a mapping without impact or effort), and the steps that have
pain points but no opportunity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ..model import Journey, Opportunity, Stage, Step
from ..render.matrix import Dot, render_matrix
from ..site import StepRef
from ..text import plain
from ..uris import built_href

if TYPE_CHECKING:  # pragma: no cover
    from ..pages import Page, PageRenderer

#: A quick win has at least this impact ...
QUICK_WIN_IMPACT = 4
#: ... and at most this effort.
QUICK_WIN_EFFORT = 2
#: The statuses in the order of their progress (the table sorts by it).
STATUSES = ("idea", "planned", "in-progress", "done")


@dataclass(frozen=True)
class OpportunityRow:
    """One opportunity where it belongs."""

    #: 1-based, in the page's order: the number on its dot and in the table.
    number: int
    journey: Journey
    stage: Stage
    step: Step
    idea: Opportunity

    @property
    def rated(self) -> bool:
        """Both impact and effort are given: it has a place on the matrix."""
        return self.idea.impact is not None and self.idea.effort is not None

    @property
    def quick_win(self) -> bool:
        return (
            self.rated and (self.idea.impact or 0) >= QUICK_WIN_IMPACT and (self.idea.effort or 0) <= QUICK_WIN_EFFORT
        )

    @property
    def owner(self) -> str:
        """The opportunity's owner, else its step's, else its journey's."""
        return self.idea.owner or self.step.owner or self.journey.owner

    @property
    def status_rank(self) -> int:
        return STATUSES.index(self.idea.status) + 1 if self.idea.status in STATUSES else len(STATUSES) + 1


@dataclass(frozen=True)
class Portfolio:
    rows: list[OpportunityRow]
    #: The steps with pain points and no opportunity.
    unaddressed: list[StepRef]

    @property
    def rated(self) -> list[OpportunityRow]:
        return [r for r in self.rows if r.rated]

    @property
    def unrated(self) -> list[OpportunityRow]:
        return [r for r in self.rows if not r.rated]

    @property
    def quick_wins(self) -> list[OpportunityRow]:
        return [r for r in self.rows if r.quick_win]


def _journeys(journeys: list[Journey]) -> list[Journey]:
    return sorted((j for j in journeys if not j.is_broken), key=lambda j: (plain(j.title).casefold(), j.id))


def portfolio(journeys: list[Journey]) -> Portfolio:
    """Every opportunity of the unbroken ``journeys``: rated ones by impact (high first) and effort
    (low first), then the unrated; ties in journey (by title) and step order."""
    found: list[tuple[tuple, Journey, Stage, Step, Opportunity]] = []
    unaddressed: list[StepRef] = []
    for journey in _journeys(journeys):
        for stage in journey.stages:
            for step in stage.steps:
                if step.pain_points and not step.ideas:
                    unaddressed.append(StepRef(journey, stage, step))
                for idea in step.ideas:
                    rated = idea.impact is not None and idea.effort is not None
                    key = (0, -(idea.impact or 0), idea.effort or 0) if rated else (1, 0, 0)
                    found.append((key + (len(found),), journey, stage, step, idea))
    found.sort(key=lambda item: item[0])
    rows = [OpportunityRow(n, j, st, s, i) for n, (_, j, st, s, i) in enumerate(found, start=1)]
    return Portfolio(rows, unaddressed)


def dot_title(row: OpportunityRow) -> str:
    """What a dot says: number, text, rating and where it is (plain text)."""
    idea = row.idea
    quick = ", quick win" if row.quick_win else ""
    owner = f", owner {plain(row.owner)}" if row.owner else ""
    return (
        f"{row.number}. {plain(idea.text)} (impact {idea.impact}, effort {idea.effort}, {idea.status}{quick}{owner}) "
        f"- {plain(row.journey.title)}: {plain(row.step.touchpoint)}"
    )


def matrix_svg(renderer: "PageRenderer", uri: str, rows: list[OpportunityRow]) -> str:
    """The matrix of the rated ``rows`` for the page at ``uri``: each dot links to its step."""
    dots = [
        Dot(
            number=r.number,
            impact=r.idea.impact or 0,
            effort=r.idea.effort or 0,
            href=built_href(uri, renderer.journey_uri(r.journey), renderer.use_directory_urls, r.step.anchor),
            title=dot_title(r),
            quick_win=r.quick_win,
        )
        for r in rows
        if r.rated
    ]
    return render_matrix(
        dots,
        uid="cjm-matrix",
        title=f"Opportunities by impact and effort: {len(dots)} rated, the same as in the table below",
        quick_impact=QUICK_WIN_IMPACT,
        quick_effort=QUICK_WIN_EFFORT,
    )


def pages(renderer: "PageRenderer") -> list["Page"]:
    """The opportunity page, when some journey has an opportunity or a pain point."""
    from ..pages import Page

    found = portfolio(list(renderer.project.journeys.values()))
    if not found.rows and not found.unaddressed:
        return []
    uri = renderer.layout.insight("opportunities")
    matrix: Optional[str] = matrix_svg(renderer, uri, found.rows) if found.rated else None
    markdown = renderer.render_page(
        "insight_opportunities.md.j2",
        uri,
        portfolio=found,
        matrix=matrix,
        quick_impact=QUICK_WIN_IMPACT,
        quick_effort=QUICK_WIN_EFFORT,
    )
    shown = dict.fromkeys([r.journey.id for r in found.rows] + [u.journey.id for u in found.unaddressed])
    return [Page(uri, markdown, "Opportunities", "", "opportunities", tuple(shown), section="Insights")]
