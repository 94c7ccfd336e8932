"""The start page: where a newcomer begins.

How to read a map (its lanes, by the labels the diagram uses; the feeling
scale; the rating symbols; the badges), the personas, the brand promises and
the worst moments of today's journeys, and links to every overview page the
site has. It is made after the other insight pages (:func:`pages` gets
them), so it links exactly those that exist: a site without a KPI page has no
link to one.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Optional

from ..model import LANE_LABELS, Journey

if TYPE_CHECKING:  # pragma: no cover
    from ..pages import Feeling, Page, PageRenderer

#: The nav entry of the start page (first of the generated pages).
SECTION = "Start here"
#: How many of the lowest-scored steps the page shows.
WORST_COUNT = 5

#: What each built-in lane of a map tells (the labels are :data:`mkdocs_cjm.model.LANE_LABELS`).
LANE_HELP: dict[str, str] = {
    "touchpoint": "where the customer meets the brand at this step, and through which channel",
    "actions": "what the customer does",
    "questions": "what the customer wants to know",
    "motivations": "why the customer goes on",
    "pain_points": "what goes wrong or gets in the way (⚠)",
    "emotion": "how the customer feels, from 1 (very negative) to 5 (delighted): the curve",
    "quote": "what a customer said, in their words",
    "opportunities": "ideas to make the step better (💡), with their priority and owner where given",
    "metrics": "the KPIs measured at the step, against their target (✓ on target, ✗ off target)",
    "promise": "how well the step keeps each brand promise",
}

#: What the overview pages of other insight modules are for, by their name (``insights/<name>.md``
#: or ``insights/<name>/index.md``); a page not named here is linked with its title only.
PAGE_HELP: dict[str, str] = {
    "teams": "what each team owns: touchpoints, pain points, opportunities, KPIs off target, promise misses",
    "kpis": "every KPI against its target, the ones off target first",
    "opportunities": "every opportunity, by impact and effort",
    "landscape": "how the journeys fit together",
    "comparison": "current and future state side by side",
    "compare": "current and future state side by side",
}


def overview_pages(renderer: "PageRenderer", pages: list["Page"]) -> list[tuple["Page", str]]:
    """The insight pages a newcomer may start from, with what each is for: the top pages of
    the insights folder (``insights/x.md``, ``insights/x/index.md``), in site order."""
    root = renderer.layout.insights_dir
    found = []
    for page in pages:
        folder, name = posixpath.split(page.uri[: -len(".md")])
        if folder == root:
            found.append((page, PAGE_HELP.get(name, "")))
        elif name == "index" and posixpath.dirname(folder) == root:
            found.append((page, PAGE_HELP.get(posixpath.basename(folder), "")))
    return found


def lowest_feelings(journeys: list[Journey]) -> list[tuple[Journey, list["Feeling"]]]:
    """Each journey with the lowest score any of its personas gives each step, for
    :func:`mkdocs_cjm.pages.worst_moments` (journeys with errors left out)."""
    out = []
    for journey in journeys:
        if journey.is_broken:
            continue
        rows: list["Feeling"] = []
        for stage in journey.stages:
            for step in stage.steps:
                scores = list(step.emotions.values()) if step.emotions else [step.emotion]
                known = [s for s in scores if s is not None]
                if known:
                    rows.append((journey, stage, step, min(known)))
        if rows:
            out.append((journey, rows))
    return out


def pages(renderer: "PageRenderer", made: list["Page"]) -> list["Page"]:
    """The start page, linking the overview pages among ``made`` (the other insight pages)."""
    from ..pages import Page, added_counts, worst_moments

    project = renderer.project
    uri = renderer.layout.insight("start")
    valid = [j for j in project.journeys.values() if not j.is_broken]
    today = [j for j in valid if j.state == "current"] or valid
    worst = worst_moments(lowest_feelings(today), WORST_COUNT)
    lanes = []
    for lane_id in project.lanes_in_order():
        custom = project.custom_lane(lane_id)
        if custom is not None:
            lanes.append((custom.name, "a lane added for this brand", True))
        else:
            lanes.append((LANE_LABELS[lane_id], LANE_HELP.get(lane_id, ""), False))
    counts = [renderer.journey_ratings(j) for j in valid]
    promises = [(p, added_counts(c[i] for c in counts)) for i, p in enumerate(project.brand.promises)]
    personas = [(p, len(project.journeys_of(p.id))) for p in project.personas.values()]
    overviews = overview_pages(renderer, made)
    rows = [(row, who_feels(project.personas, row)) for row in worst]
    only_current = len(today) != len(valid)
    personas_index = _index_uri(renderer, "personas") if project.personas else None
    promises_index = _index_uri(renderer, "promises") if project.brand.promises else None

    def render() -> str:
        return renderer.render_page(
            "insight_start.md.j2",
            uri,
            lanes=lanes,
            worst=rows,
            only_current=only_current,
            promises=promises,
            personas=personas,
            journey_count=len(project.journeys),
            overviews=overviews,
            personas_index=personas_index,
            promises_index=promises_index,
        )

    # What the page shows beyond what every page shows (the brand; names, titles and pages of journeys).
    view = (
        lanes,
        [(j.id, stage.name, step.anchor, step.touchpoint, score, who) for (j, stage, step, score), who in rows],
        only_current,
        [(p.id, counts) for p, counts in promises],
        [(p.id, p.tagline, n) for p, n in personas],
        len(project.journeys),
        [(page.uri, page.title, help) for page, help in overviews],
        personas_index,
        promises_index,
    )
    markdown = renderer.memoized_over("start", uri, (), render, view)
    return [Page(uri, markdown, "Start here", kind="start", depends_on=tuple(project.journeys), section=SECTION)]


def who_feels(personas: dict, row: "Feeling") -> list[str]:
    """The names of the personas who give a step its (lowest) score; [] when one score is everyone's."""
    _, _, step, score = row
    if not step.emotions:
        return []
    return [personas[pid].name if pid in personas else pid for pid, s in step.emotions.items() if s == score]


def _index_uri(renderer: "PageRenderer", name: str) -> Optional[str]:
    return renderer.uris.indexes.get(name) or getattr(renderer.layout, f"{name}_index")()
