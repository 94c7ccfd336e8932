"""Measured metric values from ``data/*.csv`` under the maps folder, laid over the journeys' ``actual`` values.

Each row names a journey, a step, a metric, the value measured and its period (a day or a month); the latest
period of each metric wins. Every bad row is a problem at its line and column; the other rows still count.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import re
from pathlib import Path
from typing import Optional

from ..problems import Problem, did_you_mean
from ..site import Project
from ..validate import MAX_NUMBER
from ..values import parse_date
from .yaml_reader import MAX_FILE_SIZE

_PERIOD = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
CSV_COLUMNS = ("journey", "step", "metric", "actual", "period")


def period_date(text: str) -> Optional[_dt.date]:
    """The day a ``period`` cell names (a month is its first day), or None."""
    return parse_date(text if len(text) == 10 else text + "-01") if _PERIOD.match(text) else None


def _cell_starts(line: str) -> list[int]:
    """The 1-based column where each cell of a CSV line starts (quotes respected)."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts


def apply_metrics_csv(path: Path, display: str, project: Project, *, max_size: int = MAX_FILE_SIZE) -> list[Problem]:
    """Overlay measured ``actual`` values from one CSV file onto the journeys."""
    problems: list[Problem] = []

    def err(line: int, column: int, where: str, message: str, hint: str = "") -> None:
        problems.append(Problem(display, line, column, where, message, hint=hint, code="csv"))

    try:
        if path.stat().st_size > max_size:
            err(0, 0, "", f"file is larger than the limit of {max_size} bytes")
            return problems
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        err(raw[: exc.start].count(b"\n") + 1, 1, "", "file is not UTF-8 text", "save the file as UTF-8")
        return problems
    except OSError as exc:
        err(0, 0, "", f"cannot read file: {exc.strerror or exc}")
        return problems
    if "\x00" in text:
        err(1, 1, "", "file holds binary data, expected CSV text")
        return problems
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text))
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        err(reader.line_num, 1, "", f"CSV syntax error: {exc}")
        return problems
    if not rows:
        err(1, 1, "", "file is empty, expected a header row: " + ",".join(CSV_COLUMNS))
        return problems
    header = [h.strip() for h in rows[0][1]]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        hint = did_you_mean(next((h for h in header if h not in CSV_COLUMNS), ""), CSV_COLUMNS) if header else ""
        err(
            1,
            1,
            "header",
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; expected a header row: "
            f"{','.join(CSV_COLUMNS)}",
            hint,
        )
        return problems
    col = {name: header.index(name) for name in CSV_COLUMNS}
    latest: dict[tuple[str, str, str], tuple[_dt.date, float, str]] = {}
    # A journey with schema errors: the steps of its valid parts (a row naming a step left out is not checked).
    steps_by_journey = {
        jid: {s.id: s for s in (project.content_of(j) or j).steps} for jid, j in project.journeys.items()
    }

    for line_no, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue

        def column_of(index: int, line_no: int = line_no) -> int:
            starts = _cell_starts(lines[line_no - 1] if 0 < line_no <= len(lines) else "")
            return starts[index] if index < len(starts) else 1

        if len(row) < len(header):
            err(
                line_no,
                1,
                f"row {line_no}",
                f"found {len(row)} column{'s' if len(row) != 1 else ''}, expected {len(header)} ({','.join(header)})",
            )
            continue
        journey_id, step_id, metric_id = (row[col[c]].strip() for c in ("journey", "step", "metric"))
        actual_text, period = row[col["actual"]].strip(), row[col["period"]].strip()
        journey = project.journeys.get(journey_id)
        if journey is None:
            err(
                line_no,
                column_of(col["journey"]),
                "journey",
                f"unknown journey '{journey_id}'",
                did_you_mean(journey_id, project.journeys),
            )
            continue
        steps = steps_by_journey[journey_id]
        step = steps.get(step_id)
        whole = project.content_of(journey) is journey
        if step is None:
            if whole:  # else the step may be one left out of a broken file
                err(
                    line_no,
                    column_of(col["step"]),
                    "step",
                    f"unknown step '{step_id}' in journey '{journey_id}'",
                    did_you_mean(step_id, steps),
                )
            continue
        metric = next((m for m in step.metrics if m.id == metric_id), None)
        if metric is None and not whole:
            continue  # the metric may be one left out
        if metric is None:
            err(
                line_no,
                column_of(col["metric"]),
                "metric",
                f"unknown metric '{metric_id}' in step '{step_id}'",
                did_you_mean(metric_id, [m.id for m in step.metrics])
                or (
                    f"expected one of: {', '.join(m.id for m in step.metrics)}"
                    if step.metrics
                    else "the step has no metrics"
                ),
            )
            continue
        if metric.data is not None:
            err(
                line_no,
                column_of(col["metric"]),
                "metric",
                f"metric '{metric_id}' of step '{step_id}' is computed from a data file ('from'); a row may not set it",
                "remove this row, or the metric's 'from'",
            )
            continue
        try:
            actual = float(actual_text)
            if "_" in actual_text or not math.isfinite(actual) or abs(actual) > MAX_NUMBER:
                raise ValueError
        except ValueError:
            err(
                line_no,
                column_of(col["actual"]),
                "actual",
                f"found {actual_text!r}, expected a number"
                + (" (at most 10^15)" if re.fullmatch(r"[-+]?\d[\d.eE+-]*", actual_text) else ""),
                "write numbers with a '.' and no thousands separators, e.g. 1234.5"
                if "," in actual_text or " " in actual_text
                else "",
            )
            continue
        when = period_date(period)
        if when is None:
            err(
                line_no,
                column_of(col["period"]),
                "period",
                f"found {period!r}, expected a date (YYYY-MM-DD) or a month (YYYY-MM)",
            )
            continue
        key = (journey_id, step_id, metric_id)
        if key not in latest or when >= latest[key][0]:
            latest[key] = (when, actual, period)
    for (journey_id, step_id, metric_id), (_, actual, period) in latest.items():
        step = steps_by_journey[journey_id][step_id]
        for metric in step.metrics:
            if metric.id == metric_id:
                metric.actual = (
                    int(actual) if actual.is_integer() and "." not in str(actual).rstrip("0").rstrip(".") else actual
                )
                metric.period = period
    return problems
