"""Journeys within journeys: a step's ``journey`` names the journey that details it.

:func:`parents` lists where a journey belongs (the steps that it details);
:func:`detail_cycles` finds chains of details that come back to where they
began, an error reported at each step of such a chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from .load.positions import where
from .model import Journey, Stage, Step
from .problems import Problem

ContentOf = Callable[[Journey], Optional[Journey]]


@dataclass(frozen=True)
class Parent:
    """A step that a journey details."""

    journey: Journey
    stage: Stage
    step: Step


@dataclass(frozen=True)
class CycleProblem:
    """A cycle problem, for the journey whose id is ``source_id``."""

    source_id: str
    problem: Problem


def _edges(journeys: dict[str, Journey], content_of: ContentOf) -> list[tuple[Journey, Step, str]]:
    out = []
    for journey in journeys.values():
        body = content_of(journey)
        if body is None:
            continue
        for step in body.steps:
            if step.journey and step.journey in journeys:
                out.append((journey, step, step.journey))
    return out


def parents(journeys: dict[str, Journey], content_of: ContentOf, journey_id: str) -> list[Parent]:
    """The steps (of any journey) that the journey ``journey_id`` details, in journey order."""
    out = []
    for journey in journeys.values():
        body = content_of(journey)
        if body is None:
            continue
        for stage in body.stages:
            for step in stage.steps:
                if step.journey == journey_id:
                    out.append(Parent(journey, stage, step))
    return out


def _path(children: dict[str, list[str]], start: str, goal: str) -> Optional[list[str]]:
    """The shortest chain of journey ids from ``start`` to ``goal`` (breadth first), or None."""
    before: dict[str, str] = {}
    queue = [start]
    seen = {start}
    while queue:
        current = queue.pop(0)
        if current == goal:
            chain = [current]
            while chain[-1] != start:
                chain.append(before[chain[-1]])
            return chain[::-1]
        for child in children.get(current, []):
            if child not in seen:
                seen.add(child)
                before[child] = current
                queue.append(child)
    return None


def detail_cycles(
    journeys: dict[str, Journey],
    content_of: ContentOf,
    positions: dict[str, dict[str, tuple[int, int]]],
    display: dict[str, str],
) -> list[CycleProblem]:
    """A problem at every step whose ``journey`` leads, through details, back to its own journey."""
    edges = _edges(journeys, content_of)
    children: dict[str, list[str]] = {}
    for journey, _step, child in edges:
        children.setdefault(journey.id, []).append(child)
    out = []
    for journey, step, child in edges:
        chain = _path(children, child, journey.id)
        if chain is None:
            continue
        path = f"{step.path}.journey"
        line, col = where(positions.get(journey.source, {}), path)
        shown = " -> ".join([journey.id, *chain])
        out.append(
            CycleProblem(
                journey.id,
                Problem(
                    display.get(journey.source, journey.source),
                    line,
                    col,
                    path,
                    f"journey '{child}' details this step but leads back to '{journey.id}' ({shown})",
                    hint="a journey cannot detail a step of itself, directly or through other journeys",
                    code="reference",
                ),
            )
        )
    return out
