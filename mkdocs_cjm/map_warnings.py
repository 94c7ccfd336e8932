"""Warnings of ``mkdocs-cjm check`` that never fail a plain build: overdue reviews, assumption-based
maps, steps with no emotion, promises never benchmarked, personas in no journey and diagrams too big
to export as usual."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Optional

from .load.positions import parent_path, without_last_step
from .model import Journey
from .problems import Problem, sort_problems
from .site import Project, review_status


def check_warnings(project: Project, *, today: _dt.date, review_every: int) -> list[Problem]:
    """Things worth a reviewer's attention that are not errors.

    A review that is overdue, a map without evidence (assumption-based), a
    step with no emotion, a brand promise that no step benchmarks, a persona
    that is in no journey. A map with errors gets the warnings of its valid
    parts (:meth:`Project.content_of`), none about a key that has an error;
    while a file cannot be read at all, unused promises and personas are not
    reported (what it uses is unknown).
    """
    src = project.sources
    found: list[Problem] = []
    errors: dict[str, list[Problem]] = {}
    for problem in project.all_problems():
        if problem.is_error:
            errors.setdefault(problem.file, []).append(problem)

    def warn(source: str, path: str, message: str, hint: str, code: str, *, at: Optional[str] = None) -> None:
        # ``at``: the key whose line the warning points at, when ``path`` is not in the file.
        file = src.display.get(source, source)
        if _has_error(errors.get(file, []), path, missing=code in _MISSING_KEY_WARNINGS):
            return
        line, column = src.where(source, at, at_key=True) if at is not None else src.where(source, path)
        found.append(Problem(file, line, column, path, message, "warning", code, hint))

    # Metrics whose rows match nothing; data files no metric reads (mkdocs_cjm.data.compute).
    found.extend(project.data_warnings)
    unknown = bool(project.broken_files)
    for journey in project.journeys.values():
        body = project.content_of(journey)
        if body is None:
            unknown = True
            continue
        status, due = review_status(body, today=today, default_every=review_every)
        if status == "overdue" and due is not None:
            every = body.review_every if body.review_every is not None else review_every
            late = (today - due).days
            warn(
                journey.source,
                "reviewed",
                f"review overdue by {late} day{'s' if late != 1 else ''}: last reviewed "
                f"{body.reviewed.isoformat() if body.reviewed else '?'}, "
                f"due {due.isoformat()} (every {every} days)",
                "check the map against real behaviour, then update 'reviewed'",
                "review-overdue",
            )
        if body.assumption_based:
            warn(
                journey.source,
                "evidence",
                f"journey '{journey.id}' is assumption-based: it lists no evidence",
                "add 'evidence:' with the research behind the map",
                "assumption-based",
                at="evidence" if "evidence" in src.key_positions.get(journey.source, {}) else "title",
            )
        wide = None if journey.is_broken else _size_warning(project, journey)
        if wide:
            warn(
                journey.source,
                "stages",
                f"journey '{journey.id}': {wide}",
                "split the journey into smaller maps, or shorten its longest texts",
                "wide-diagram",
                at="stages",
            )
        for stage in body.stages:
            for step in stage.steps:
                if not step.has_emotion:
                    warn(
                        journey.source,
                        f"{step.path}.emotion",
                        f"step '{step.id}' has no emotion",
                        "add 'emotion:' from 1 (very negative) to 5 (delighted)",
                        "no-emotion",
                    )

    if unknown:
        return sort_problems(found)
    brand = project.brand
    if brand.source:
        rated = {
            promise_id
            for journey in project.journeys.values()
            for stage in project.content_of(journey).stages  # type: ignore[union-attr]
            for step in stage.steps
            for promise_id in step.promise
        }
        for index, promise in enumerate(brand.promises):
            if promise.id not in rated:
                warn(
                    brand.source,
                    f"promises[{index}]",
                    f"promise '{promise.id}' is never benchmarked: no step rates it",
                    "rate it under 'promise:' in the steps that should keep it",
                    "promise-unbenchmarked",
                )

    used = {persona_id for journey in project.journeys.values() for persona_id in project.content_of(journey).personas}  # type: ignore[union-attr]
    for persona in project.personas.values():
        if persona.id not in used:
            warn(
                persona.source,
                "",
                f"persona '{persona.id}' is in no journey",
                "list it under 'personas:' in a journey, or remove it",
                "persona-unused",
            )
    return sort_problems(found)


#: Warnings about a key that is not there (a misspelt key next to it is an error already).
_MISSING_KEY_WARNINGS = frozenset({"no-emotion", "assumption-based"})


def _has_error(errors: list[Problem], path: str, *, missing: bool = False) -> bool:
    """Whether a key path, or a key above it (not the top of the file), has an error; with
    ``missing``, also whether a key beside it is an unknown key that may be it misspelt."""
    paths = {p.path for p in errors}
    probe = path
    while probe:
        if probe in paths:
            return True
        probe = parent_path(probe)
    if missing and path:
        parent, key = without_last_step(path), path.rsplit(".", 1)[-1]
        return any(without_last_step(p.path) == parent and f"'{key}'" in p.hint for p in errors if p.path != path)
    return False


#: A step with more text than this (characters, all its fields) may make a tall
#: diagram: its journey is laid out to know the diagram's height.
TALL_STEP_TEXT = 1_500


def _size_warning(project: Project, journey: Journey) -> Optional[str]:
    """Whether the journey's diagram is too big to export as usual (see
    :func:`mkdocs_cjm.export.size_warning`).

    Laying a journey out costs about as much as drawing it, so it is done
    only when the journey may be too big: its width (from its columns, at no
    cost) is past a limit, or a step holds a lot of text (long words and long
    lists make tall diagrams).
    """
    from .export import size_warning
    from .render import layout as L

    width = L.columns([len(stage.steps) for stage in journey.stages]).width + L.LABEL_W
    if size_warning(width, 1.0) is None and all(_text_size(step) <= TALL_STEP_TEXT for step in journey.steps):
        return None
    from .render.svg import standalone_size

    return size_warning(*standalone_size(project, journey))


def _text_size(step: Any) -> int:
    """Characters of text a step shows in the diagram (its cards' texts)."""
    lists = (step.actions, step.questions, step.motivations, step.pain_points, step.opportunities, *step.lanes.values())
    size = len(step.touchpoint) + len(step.channel) + len(step.quote)
    size += sum(len(item) if isinstance(item, str) else 0 for items in lists for item in items)
    return size + sum(len(str(metric.name or "")) + len(str(metric.unit or "")) + 24 for metric in step.metrics)
