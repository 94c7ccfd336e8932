"""Spreadsheets saved as CSV: one row a lane, one column a step.

The first cell of a row names its lane (any letter case, common synonyms; see
:data:`LABELS`); every other cell is that lane's text for one step. A stage
cell repeats, or is left blank, for the steps of the same stage. Cells of
several lines become list items. A row with an unknown label becomes a custom
lane. Feelings in -2..2 are told from 1..5 by the row's values.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, Optional

from ..model import BUILTIN_LANES
from ..validate import slugify
from . import DEFAULT_PERSONA, Imported, Note

#: What each lane is called in a sheet: the key it fills -> its labels (lowercase, single spaces).
_NAMES: dict[str, str] = {
    "stage": "stage|stages|phase|phases|journey stage",
    "touchpoint": "touchpoint|touchpoints|touch point|touch points|step|steps|interaction|interactions",
    "channel": "channel|channels|medium|media",
    "actions": "doing|actions|action|activities|activity|tasks|what they do|does|behaviour|behavior",
    "questions": "thinking|thinks|thoughts|thought|questions|question",
    "motivations": "motivations|motivation|motivators|why|drivers",
    "emotion": "feeling|feelings|emotion|emotions|emotional state|mood|sentiment|score",
    "pain_points": "pain points|pain point|pains|pain|frustrations|frustration|problems|barriers",
    "opportunities": "opportunities|opportunity|ideas|improvements",
    "quote": "saying|says|quote|quotes|verbatim",
    "owner": "owner|owners|responsible|accountable",
    "_persona": "persona|customer",
    "_title": "title|journey|journey name",
}
#: Lane label -> the key it fills.
LABELS: dict[str, str] = {name: key for key, names in _NAMES.items() for name in names.split("|")}

_LISTS = ("actions", "questions", "motivations", "pain_points", "opportunities")
_BULLET = re.compile(r"^\s*(?:[-*•・]|\d+[.)])\s+")


def label_key(label: str) -> Optional[str]:
    """The key a row label fills, or None when it is no lane we know."""
    text = re.sub(r"[\s_\-]+", " ", label.strip().rstrip(":").lower()).strip()
    if text in LABELS:
        return LABELS[text]
    for part in re.split(r"\s*[/&|]\s*|\s+and\s+|\s+or\s+", text):
        if part in LABELS:
            return LABELS[part]
    return None


def _items(cell: str) -> list[str]:
    return [_BULLET.sub("", line).strip() for line in cell.split("\n") if _BULLET.sub("", line).strip()]


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def read_sheet(text: str, file: str, *, stem: str) -> Imported:
    """One journey from a CSV sheet."""
    result = Imported()
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    line = 1
    try:
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        result.notes.append(Note(file, reader.line_num, f"not CSV from here on: {exc}"))
    width = max((len(row) for _, row in rows), default=0)
    columns = range(1, width)
    steps: list[dict[str, Any]] = [{} for _ in columns]
    stage_cells: list[str] = ["" for _ in columns]
    title, persona = stem.replace("-", " ").replace("_", " ").strip() or "Journey", DEFAULT_PERSONA
    emotion_row: Optional[tuple[int, list[str]]] = None
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        label = row[0].strip()
        cells = [(row[i] if i < len(row) else "").strip() for i in columns]
        key = label_key(label) if label else None
        if not label:
            result.notes.append(Note(file, number, "a row without a lane label in its first cell, not used"))
            continue
        if key is None:
            lane = slugify(label) or f"lane-{len(result.lanes) + 1}"
            lane = f"{lane}-lane" if lane in BUILTIN_LANES else lane
            if lane in result.lanes:
                result.notes.append(Note(file, number, f"lane {label!r} given twice; its items are added"))
            result.lanes.setdefault(lane, label)
            result.notes.append(Note(file, number, f"{label!r} is no built-in lane: imported as custom lane {lane!r}"))
            for step, cell in zip(steps, cells):
                if cell:
                    step.setdefault("lanes", {}).setdefault(lane, []).extend(_items(cell))
            continue
        if key == "_title":
            title = next((cell for cell in cells if cell), title)
        elif key == "_persona":
            persona = next((cell for cell in cells if cell), persona)
        elif key == "stage":
            stage_cells = cells
        elif key == "emotion":
            emotion_row = (number, cells)
        else:
            for step, cell in zip(steps, cells):
                if not cell:
                    continue
                if key in _LISTS:
                    step.setdefault(key, []).extend(_items(cell))
                else:
                    step[key] = " ".join(_items(cell))
    if emotion_row is not None:
        _emotions(result, file, emotion_row, steps)
    journey = _journey(result, file, title, persona, steps, stage_cells, rows)
    if journey is not None:
        result.journeys.append(journey)
        result.personas[persona] = {"name": persona}
    return result


def _emotions(result: Imported, file: str, row: tuple[int, list[str]], steps: list[dict[str, Any]]) -> None:
    """Feelings as -2..2 or 1..5: a row with any value below 1 is read as -2..2 (and shifted to 1..5)."""
    number, cells = row
    values: list[Optional[float]] = []
    for cell in cells:
        try:
            values.append(float(cell.replace("+", "", 1)) if cell else None)
        except ValueError:
            values.append(None)
            result.notes.append(Note(file, number, f"feeling {cell!r} is not a number; imported without an emotion"))
    given = [v for v in values if v is not None]
    shift = 3 if given and min(given) < 1 else 0
    for step, value in zip(steps, values):
        if value is None:
            continue
        score = value + shift
        if score != int(score) or not 1 <= score <= 5:
            scale = "-2..2" if shift else "1..5"
            result.notes.append(
                Note(file, number, f"feeling {value:g} is not a whole number {scale}; imported without an emotion")
            )
            continue
        step["emotion"] = int(score)


_ORDER = ("touchpoint", "channel", "actions", "questions", "motivations", "pain_points", "emotion", "quote")
_ORDER += ("opportunities", "owner", "lanes")


def _journey(
    result: Imported,
    file: str,
    title: str,
    persona: str,
    steps: list[dict[str, Any]],
    stage_cells: list[str],
    rows: list[tuple[int, list[str]]],
) -> Optional[dict[str, Any]]:
    stages: list[dict[str, Any]] = []
    current: Optional[str] = None
    first_line = rows[0][0] if rows else 0
    for index, (step, stage_cell) in enumerate(zip(steps, stage_cells)):
        if not step and not stage_cell:
            continue
        if stage_cell and stage_cell != current:
            current = stage_cell
            stages.append({"name": current, "steps": []})
        elif not stages:
            current = "Stage 1"
            stages.append({"name": current, "steps": []})
            result.notes.append(Note(file, first_line, f"column {index + 2} has no stage: named {current!r}"))
        if "touchpoint" not in step:
            step["touchpoint"] = f"Step {index + 1}"
            message = f"column {index + 2} has no touchpoint: named {step['touchpoint']!r}"
            result.notes.append(Note(file, first_line, message))
        stages[-1]["steps"].append({key: step[key] for key in _ORDER if key in step})
    stages = [stage for stage in stages if stage["steps"]]
    if not stages:
        result.notes.append(Note(file, rows[0][0] if rows else 0, "no step found (one column a step), not imported"))
        return None
    return {"title": title, "personas": [persona], "stages": stages}
