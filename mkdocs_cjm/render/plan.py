"""Lay out one journey's diagram: stage headers, lanes and their cells, arrows.

:func:`plan` measures everything (the cells are built here, their markup
kept for drawing) and returns a :class:`Plan`, from which :mod:`.svg` draws
the page-level parts. Nothing here writes page-level markup.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Collection, Mapping, Optional

from ..model import LANE_LABELS, Journey, Step
from ..site import Project, unusual_links
from . import cells
from . import geometry as G
from . import layout as L
from .markup import Pen, map_text
from .textmetrics import ellipsize, is_rtl, text_width, wrap

#: A stage header: name lines, goal lines, whether each is right-to-left.
Header = tuple[list[str], list[str], bool, bool]


@dataclass
class Plan:
    """Where everything of one diagram goes (natural size, without the label column)."""

    cols: L.Columns
    headers: list[Header]
    header_h: float
    lanes: list[L.LaneBox]
    arrows: list[L.Arrow]
    levels: int
    arrow_h: float
    bands_bottom: float
    width: float
    height: float


def _clamp(lines: list[str], limit: int, width: float, size: float, bold: bool = False) -> list[str]:
    """At most ``limit`` lines, the last one ending in an ellipsis when text was cut."""
    if len(lines) <= limit:
        return lines
    return lines[: limit - 1] + [ellipsize(lines[limit - 1] + " " + lines[limit], width, size, bold)]


def _score(value: object) -> Optional[int]:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return int(min(5, max(1, round(number))))


def stage_headers(journey: Journey, cols: L.Columns) -> tuple[list[Header], float]:
    """The stage headers and the height they all take."""
    headers: list[Header] = []
    header_h = 0.0
    name_size, name_line = G.STAGE_NAME
    goal_size, goal_line = G.STAGE_GOAL
    for box, stage in zip(cols.stages, journey.stages):
        width = box.width - 2 * G.STAGE_PAD
        name = map_text(stage.name)
        goal = map_text(stage.goal)
        # Headers stay compact: long names and goals are cut with an
        # ellipsis (the whole text is the band's tooltip and is in the
        # text version below the diagram).
        name_lines = _clamp(wrap(name, width, name_size, True), G.STAGE_NAME_LINES, width, name_size, True)
        goal_lines = _clamp(wrap(goal, width, goal_size), G.STAGE_GOAL_LINES, width, goal_size)
        goal_h = G.STAGE_NAME_GAP + len(goal_lines) * goal_line if goal_lines else 0
        h = G.STAGE_PAD + len(name_lines) * name_line + goal_h + G.STAGE_HEADER_BOTTOM
        header_h = max(header_h, h)
        headers.append((name_lines, goal_lines, is_rtl(name), is_rtl(goal)))
    return headers, max(header_h, G.STAGE_HEADER_MIN)


def _promise_lanes(pen: Pen, project: Project, journey: Journey) -> list[L.LaneBox]:
    lanes = []
    for promise in project.journey_promises(journey):
        name = map_text(promise.name) or map_text(promise.id)
        box = L.LaneBox("promise", name, LANE_LABELS["promise"], promise.id)
        for n, step in enumerate(journey.steps):
            cell = cells.promise(pen, promise.id, name, step)
            if cell is not None:
                box.cells[n] = cell
        if box.cells:
            lanes.append(box)
    return lanes


def _emotion_lane(project: Project, journey: Journey) -> Optional[L.LaneBox]:
    steps = journey.steps
    if any(step.emotions for step in steps):
        return _persona_emotion_lane(project, journey)
    scores = {}
    for n, step in enumerate(steps):
        score = _score(step.emotion)
        if score is not None:
            scores[n] = score
    if not scores:
        return None
    box = L.LaneBox("emotion", LANE_LABELS["emotion"])
    box.cells = scores  # type: ignore[assignment]
    return box


def _persona_emotion_lane(project: Project, journey: Journey) -> Optional[L.LaneBox]:
    """The emotion lane with one line per persona (where some step gives scores by persona)."""
    box = L.LaneBox("emotion", LANE_LABELS["emotion"])
    union: dict[int, int] = {}
    for pid in journey.personas:
        scores = {}
        for n, step in enumerate(journey.steps):
            score = _score(step.emotion_of(pid))
            if score is not None:
                scores[n] = score
                union.setdefault(n, score)
        if scores:
            persona = project.personas.get(pid)
            name = (map_text(persona.name) if persona is not None else "") or pid
            box.series.append((pid, name, scores))
    if not box.series:
        return None
    box.cells = union  # type: ignore[assignment]
    return box


def _lane(pen: Pen, project: Project, key: str, steps: list[Step]) -> L.LaneBox:
    if key in LANE_LABELS:
        label = LANE_LABELS[key]
    else:
        custom = project.custom_lane(key)
        label = map_text(custom.name) if custom is not None else key
        label = label or map_text(key)
    box = L.LaneBox(key, label)
    for n, step in enumerate(steps):
        if key == "touchpoint":
            cell = cells.touchpoint(pen, project, step)
        elif key == "quote":
            cell = cells.quote(pen, step)
        elif key == "metrics":
            cell = cells.metrics(pen, step)
        else:
            cell = cells.list_cell(pen, key, step)
        if cell is not None:
            box.cells[n] = cell
    return box


def lanes(pen: Pen, project: Project, journey: Journey, only: Optional[Collection[str]] = None) -> list[L.LaneBox]:
    """The lanes that have something to show, in the project's lane order, with their cells
    (``only``: just these lane ids, still in the project's order)."""
    out: list[L.LaneBox] = []
    for key in project.lanes_in_order():
        if only is not None and key not in only:
            continue
        if key == "promise":
            out += _promise_lanes(pen, project, journey)
        elif key == "emotion":
            emotion = _emotion_lane(project, journey)
            if emotion is not None:
                out.append(emotion)
        else:
            box = _lane(pen, project, key, journey.steps)
            if box.cells:
                out.append(box)
    return out


def arrows(journey: Journey) -> list[L.Arrow]:
    """Branches and loops (the links that do not go to the next step), with their labels measured."""
    index = {id(step): n for n, step in enumerate(journey.steps)}
    ids: dict[str, int] = {}
    for n, step in enumerate(journey.steps):
        ids.setdefault(step.id, n)
    size = G.ARROW_LABEL[0]
    out: list[L.Arrow] = []
    for step, link in unusual_links(journey):
        source = index.get(id(step))
        target = ids.get(link.to)
        if source is None or target is None:
            continue
        label = ellipsize(map_text(link.label), G.ARROW_LABEL_MAX - G.ARROW_LABEL_PAD, size) if link.label else ""
        arrow = L.Arrow(source, target, label, loop=target <= source)
        arrow.label_w = text_width(label, size) + G.ARROW_LABEL_PAD if label else 0.0
        arrow.full_label = map_text(link.label)  # type: ignore[attr-defined]
        out.append(arrow)
    return out


def plan(
    pen: Pen,
    project: Project,
    journey: Journey,
    only_lanes: Optional[Collection[str]] = None,
    stage_slots: Optional[Mapping[str, L.StageSlot]] = None,
) -> Plan:
    """Lay out the journey's diagram (see the module docstring); ``only_lanes``: just these lanes;
    ``stage_slots``: per stage id, where it goes to line up with another drawing (:class:`.layout.StageSlot`)."""
    slots = [stage_slots.get(stage.id, L.StageSlot(0)) for stage in journey.stages] if stage_slots else None
    cols = L.columns([len(stage.steps) for stage in journey.stages], slots)
    headers, header_h = stage_headers(journey, cols)
    boxes = lanes(pen, project, journey, only_lanes)
    found = arrows(journey)
    levels = L.route_arrows(found, cols.xs) if cols.xs else 0
    found = found if cols.xs else []
    arrow_h = (G.ARROW_BASE + levels * G.LEVEL_H + 4) if found else 0.0
    y = G.MARGIN + header_h + arrow_h
    for box in boxes:
        if box.key == "emotion":
            content = float(G.EMOTION_LANE_H) + (G.EMOTION_LEGEND_H if box.series else 0)
        else:
            content = max(cell.height for cell in box.cells.values()) + G.CELL_GAP  # type: ignore[attr-defined]
        box.y = y
        box.height = max(content, L.label_height(box.label, box.sublabel))
        y += box.height
    bands_bottom = y + G.BAND_PAD - G.CELL_GAP / 2 + 2
    return Plan(
        cols, headers, header_h, boxes, found, levels, arrow_h, bands_bottom, cols.width, bands_bottom + G.MARGIN
    )
