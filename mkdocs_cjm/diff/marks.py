"""``mkdocs-cjm diff --svg DIR``: the swimlane of each changed journey with its changed steps outlined."""

from __future__ import annotations

from pathlib import Path

from ..export.jobs import XML_DECLARATION
from ..render.svg import render_marked_svg
from ..site import Project
from .compare import Comparison

#: Changes that mark the step they name as changed.
_STEP_CHANGES = ("emotion", "rating", "metric", "pain_point", "opportunity")


def step_marks(result: Comparison) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Per journey id: marks on the head's drawing (added, changed) and on the base's (removed)."""
    found: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    for change in result.changes:
        if not change.journey:
            continue
        head, base = found.setdefault(change.journey, ({}, {}))
        if change.what == "step" and change.how == "added":
            head[change.id] = "added"
        elif change.what == "step" and change.how == "removed":
            base[change.id] = "removed"
        elif change.what == "step" or change.what in _STEP_CHANGES:
            head.setdefault(change.id, "changed")
    return found


def write_marked(folder: Path, base: Project, head: Project, result: Comparison) -> list[Path]:
    """Write ``<journey>.svg`` (the head, added and changed steps outlined) for each journey with changes,
    and ``<journey>.before.svg`` (the base, removed steps outlined) where steps were removed; a journey
    added is drawn with every step marked added. Broken journeys are not drawn. Returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    marks = step_marks(result)
    for change in result.changes:
        if change.what == "journey" and change.how == "added":
            journey = head.journeys.get(change.id)
            if journey is not None and not journey.is_broken:
                marks[journey.id] = ({step.id: "added" for step in journey.steps}, {})
    for jid, (on_head, on_base) in sorted(marks.items()):
        for project, wanted, name in ((head, on_head, f"{jid}.svg"), (base, on_base, f"{jid}.before.svg")):
            journey = project.journeys.get(jid)
            if journey is None or journey.is_broken or (project is base and not wanted):
                continue
            target = folder / name
            target.write_text(XML_DECLARATION + render_marked_svg(project, journey, wanted) + "\n", encoding="utf-8")
            written.append(target)
    return written
