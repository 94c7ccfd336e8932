"""As-is against to-be: a comparison page for every current state that has a future state.

The page (``insights/compare/<journey page path>.md``, nav section "Insights")
shows the two journeys aligned stage by stage with the steps added, removed
and changed, the feeling per stage before and after (a chart and a table), the
promise ratings that change (a new miss first), the pain points gone and new,
and the KPI targets side by side; :mod:`.deltas` computes all of it. Both
journey pages link to it (:func:`comparison_uri`).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Optional

from .. import text as T
from ..model import Journey
from ..render.charts import Band, Series, chart_block, line_chart, score_text
from ..validate import slugify
from .deltas import Comparison, Names, compare_journeys

if TYPE_CHECKING:  # pragma: no cover
    from ..pages import Page, PageRenderer

KIND = "compare"
SECTION = "Insights"
STATUS_WORDS = {"added": "+ Added", "removed": "− Removed", "changed": "✎ Changed", "same": "= Unchanged"}
KIND_WORDS = {
    "new miss": "✗ New miss",
    "worse": "▼ Worse",
    "better": "▲ Better",
    "rated": "Now rated",
    "unrated": "No longer rated",
}


def pair_of(renderer: "PageRenderer", journey: Journey) -> Optional[tuple[Journey, Journey]]:
    """``(current, future)`` when ``journey`` is one of a valid current/future pair, else None."""
    other = renderer.counterpart_of(journey)
    if other is None or other is journey or journey.is_broken or other.is_broken:
        return None
    if journey.state == "current" and other.state == "future" and renderer.counterpart_of(other) is journey:
        return journey, other
    if journey.state == "future" and other.state == "current" and renderer.counterpart_of(other) is journey:
        return other, journey
    return None


def comparison_uri(renderer: "PageRenderer", journey: Journey) -> str:
    """The comparison page of the pair ``journey`` belongs to ("" when it belongs to none)."""
    pair = pair_of(renderer, journey)
    if pair is None:
        return ""
    uri = renderer.journey_uri(pair[0])
    inside = posixpath.relpath(uri, renderer.layout.journeys_dir)[: -len(".md")]
    parts = [slugify(p) or "journey" for p in inside.split("/")]
    return renderer.layout.insight(KIND, *parts)


def names_of(renderer: "PageRenderer") -> Names:
    """The names the comparison shows for promise, channel and persona ids."""
    brand = renderer.project.brand
    return Names(
        {p.id: p.name for p in brand.promises},
        {c.id: c.name for c in brand.channels},
        {p.id: p.name for p in renderer.project.personas.values()},
    )


def feelings_chart(comparison: Comparison, uid: str) -> str:
    """The feeling per stage before and after, as one chart."""
    rows = comparison.stages
    plain = T.plain
    title = f"Feeling by stage: {plain(comparison.current.title)} against {plain(comparison.future.title)}"
    svg = line_chart(
        uid=uid,
        title=title,
        desc="Mean feeling of each stage's steps, from 1 (very negative) to 5 (delighted); "
        "solid line with circles: current state, dashed line with squares: future state.",
        bands=[Band(row.name, n, n) for n, row in enumerate(rows)],
        series=[
            Series("Current (as-is)", tuple(r.feeling_before for r in rows)),
            Series("Future (to-be)", tuple(r.feeling_after for r in rows)),
        ],
        points=[row.name for row in rows],
    )
    return chart_block(svg, "Chart: " + title, "compare")


def comparison_page(renderer: "PageRenderer", current: Journey, future: Journey) -> "Page":
    from ..pages import DIAGRAM_SLOT, Page

    uri = comparison_uri(renderer, current)

    def render() -> str:
        comparison = compare_journeys(current, future, names_of(renderer))
        chart = feelings_chart(comparison, "cjm-compare-feelings")
        return renderer._render(
            "insight_compare.md.j2",
            uri,
            cmp=comparison,
            current=current,
            future=future,
            chart=chart,
            slot_current=DIAGRAM_SLOT.format(id=T.attr(current.id)),
            slot_future=DIAGRAM_SLOT.format(id=T.attr(future.id)),
            score=lambda v: "–" if v is None else score_text(v),
            status_words=STATUS_WORDS,
            kind_words=KIND_WORDS,
            promise_name=lambda pid: p.name if (p := renderer.project.brand.promise(pid)) else pid,
        )

    markdown = renderer.memoized_over(KIND, uri, (current, future), render)
    title = f"{T.plain(current.title)}: as-is against to-be"
    return Page(uri, markdown, title, future.source, KIND, (current.id, future.id), section=SECTION)


def pages(renderer: "PageRenderer") -> list["Page"]:
    """A comparison page for every current state with a future state, in journey order."""
    from ..pages import journey_order

    out = []
    for journey in sorted(renderer.project.journeys.values(), key=journey_order):
        pair = pair_of(renderer, journey)
        if pair is not None and pair[0] is journey:
            out.append(comparison_page(renderer, *pair))
    return out
