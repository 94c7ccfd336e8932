"""Journeys within journeys: the landscape page, every journey in the tree of what details what.

A step's ``journey`` names the journey that details it (:mod:`mkdocs_cjm.nesting`).
The page (``insights/landscape.md``, nav section "Insights") lists the top-level
journeys (those no step details) with, under each, the journeys detailing its
steps, as a nested list of links that needs no drawing. A journey detailing
steps of two journeys appears under both; a chain that comes back to where it
began (an error of its own) is cut where it repeats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from .. import text as T
from ..model import Journey, Stage, Step
from ..render.charts import chart_block
from ..render.tree import Node, tree_svg

if TYPE_CHECKING:  # pragma: no cover
    from ..pages import Page, PageRenderer

KIND = "landscape"
SECTION = "Insights"


@dataclass(frozen=True)
class Row:
    """One line of the tree: a journey at a depth, and the step of its parent that it details."""

    depth: int
    journey: Journey
    parent: Optional[Journey] = None
    stage: Optional[Stage] = None
    step: Optional[Step] = None
    #: The journey is already shown higher up this branch (a cycle): not expanded again.
    repeated: bool = False


def details(renderer: "PageRenderer") -> dict[str, list[tuple[Stage, Step, Journey]]]:
    """For each journey id, the (stage, step, detailing journey) of its steps that another journey details."""
    project = renderer.project
    out: dict[str, list[tuple[Stage, Step, Journey]]] = {}
    for journey in project.journeys.values():
        body = project.content_of(journey)
        if body is None:
            continue
        for stage in body.stages:
            for step in stage.steps:
                child = project.journeys.get(step.journey) if step.journey else None
                if child is not None and child is not journey:
                    out.setdefault(journey.id, []).append((stage, step, child))
    return out


def tree(renderer: "PageRenderer") -> list[Row]:
    """Every journey as rows of a tree: top-level journeys in journey order, each followed by what details it."""
    from ..pages import journey_order

    children = details(renderer)
    detailed = {child.id for rows in children.values() for *_, child in rows}
    journeys = sorted(renderer.project.journeys.values(), key=journey_order)
    rows: list[Row] = []
    shown: set[str] = set()

    def walk(row: Row, path: tuple[str, ...]) -> None:
        rows.append(row)
        shown.add(row.journey.id)
        if row.repeated:
            return
        for stage, step, child in children.get(row.journey.id, []):
            seen = child.id in path
            walk(Row(row.depth + 1, child, row.journey, stage, step, seen), (*path, child.id))

    for journey in journeys:
        if journey.id not in detailed:
            walk(Row(0, journey), (journey.id,))
    for journey in journeys:  # only in cycles: no journey above them
        if journey.id not in shown:
            walk(Row(0, journey), (journey.id,))
    return rows


def drawing(rows: list[Row]) -> str:
    """The tree as a drawing (the list beside it has the links)."""
    nodes = []
    for row in rows:
        note = ""
        if row.step is not None and row.stage is not None:
            note = f"details “{T.plain(row.step.touchpoint)}” ({T.plain(row.stage.name)})"
        if row.repeated:
            note = "already above: a cycle"
        nodes.append(Node(row.depth, row.journey.title, row.journey.state == "future", note))
    title = "Journey landscape"
    svg = tree_svg(
        nodes,
        uid="cjm-landscape",
        title=title,
        desc="Every journey as a box, the journeys that detail its steps below it and further right; "
        "a future state's box is dashed. The list below holds the same tree, with links.",
    )
    return chart_block(svg, "Drawing: " + title, "tree")


def pages(renderer: "PageRenderer") -> list["Page"]:
    """The landscape page, when there is a journey."""
    from ..pages import Page

    if not renderer.project.journeys:
        return []
    uri = renderer.layout.insight(KIND)
    rows = tree(renderer)
    nested = sum(1 for r in rows if r.depth)
    markdown = renderer._render(
        "insight_landscape.md.j2", uri, rows=rows, nested=nested, drawing=drawing(rows) if nested else ""
    )
    depends = tuple(renderer.project.journeys)
    return [Page(uri, markdown, "Journey landscape", "", KIND, depends, section=SECTION)]
