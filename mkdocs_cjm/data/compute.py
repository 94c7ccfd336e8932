"""Apply the ``from`` of every metric: read each data file once, filter its rows, measure, record provenance.

Problems in the journey file (a missing file or column, a measure without the keys it needs, ``from`` beside
``actual``) are reported at the ``from`` key path; problems in the data (a cell that is not a number, a score out
of range) at the data file's line. A filter that matches no row is a "no data" warning.
"""

from __future__ import annotations

import fnmatch
import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

from ..model import DataSource, Journey, Metric, Provenance
from ..problems import Problem, did_you_mean
from ..site import Project
from .measures import NEEDS, SCORE_RANGE, of_values, rate, rounded, share
from .readers import Table, parse_number, read_table

#: The largest data file read (exports are bigger than map files).
MAX_DATA_SIZE = 64 * 1024 * 1024
DATA_DIR = "data"
#: The columns of a metrics overlay (:mod:`mkdocs_cjm.load.metrics_csv`).
OVERLAY_COLUMNS = ("journey", "step", "metric", "actual", "period")


@dataclass
class DataResult:
    """What applying the data files found: problems, and the data files used (relative to ``maps/data``)."""

    problems: list[Problem] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    #: "No data" warnings (shown by ``mkdocs-cjm check``, not by a build).
    warnings: list[Problem] = field(default_factory=list)


def _matcher(values: list[str]) -> Any:
    """A test of one trimmed cell against a filter's values (``*`` a wildcard, case-sensitive)."""
    exact = {v for v in values if "*" not in v}
    patterns = [re.compile(fnmatch.translate(v.replace("[", "[[]").replace("?", "[?]"))) for v in values if "*" in v]
    if not patterns:
        return exact.__contains__
    return lambda cell: cell in exact or any(p.match(cell) for p in patterns)


def describe_filter(where: dict[str, list[str]]) -> str:
    """A filter as text: ``Channel = Chat; Status = Solved or Closed``."""
    return "; ".join(f"{column} = {' or '.join(values)}" for column, values in where.items())


class _Files:
    """The data files of one build, each read and parsed once (by content hash across builds via ``cache``)."""

    def __init__(self, data_dir: Path, shown: Any, cache: Optional[dict[str, Any]]) -> None:
        self.data_dir, self.shown, self.cache = data_dir, shown, cache
        self.tables: dict[str, Union[Table, Problem, None]] = {}

    def get(self, name: str) -> Union[Table, Problem, None]:
        """The table of ``maps/data/<name>``; a Problem when it cannot be read; None when it is not there."""
        if name not in self.tables:
            self.tables[name] = self._read(name)
        return self.tables[name]

    def _read(self, name: str) -> Union[Table, Problem, None]:
        path = self.data_dir / name
        if name.startswith("/") or ".." in Path(name).parts or not path.is_file():
            return None
        try:
            if not path.resolve().is_relative_to(self.data_dir.resolve()):
                return None
            shown = self.shown(path)
            if path.stat().st_size > MAX_DATA_SIZE:
                return Problem(shown, 0, 0, "", f"file is larger than the limit of {MAX_DATA_SIZE} bytes", code="data")
            raw = path.read_bytes()
        except OSError as exc:
            return Problem(self.shown(path), 0, 0, "", f"cannot read file: {exc.strerror or exc}", code="data")
        key = "data|" + hashlib.sha256(raw).hexdigest() + "|" + shown
        hit = self.cache.get(key) if self.cache is not None else None
        if hit is not None:
            return hit  # type: ignore[no-any-return]
        table = read_table(raw, shown)
        if self.cache is not None:
            self.cache[key] = table
        return table

    def names(self) -> list[str]:
        """Every ``.csv`` under ``maps/data``, relative to it."""
        if not self.data_dir.is_dir():
            return []
        return sorted(p.relative_to(self.data_dir).as_posix() for p in self.data_dir.rglob("*") if _is_csv(p))


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv" and path.is_file()


def apply_data(project: Project, maps_dir: Path, shown: Any, cache: Optional[dict[str, Any]] = None) -> DataResult:
    """Compute ``actual`` and provenance of every metric with ``from``; problems go to the journeys."""
    result = DataResult()
    files = _Files(maps_dir / DATA_DIR, shown, cache)
    for journey in project.journeys.values():
        body = project.content_of(journey) or journey
        for step in body.steps:
            for metric in step.metrics:
                if metric.data is not None:
                    result.used.add(metric.data.file)
                    for problem in _apply(project, journey, metric, metric.data, files):
                        (journey.problems if problem.is_error else result.warnings).append(problem)
    return result


def _apply(project: Project, journey: Journey, metric: Metric, src: DataSource, files: _Files) -> list[Problem]:
    """Compute one metric; the problems found."""
    display = project.sources.display.get(journey.source, journey.source)

    def at(key: str, message: str, hint: str = "", severity: str = "error") -> Problem:
        path = f"{src.path}.{key}" if key else src.path
        line, column = project.sources.where(journey.source, path)
        return Problem(display, line, column, path, message, severity, "data", hint)  # type: ignore[arg-type]

    if metric.actual is not None:
        return [at("", "a metric has either 'actual' or 'from', not both", "remove 'actual': 'from' computes it")]
    missing = [k for k in NEEDS[src.measure] if not getattr(src, k)]
    if missing:
        keys = " and ".join(f"'{k}'" for k in missing)
        return [at("measure", f"measure '{src.measure}' needs {keys}", _needs_hint(src.measure))]
    table = files.get(src.file)
    if table is None:
        return [at("file", f"data file '{src.file}' not found under maps/data/", did_you_mean(src.file, files.names()))]
    if isinstance(table, Problem):
        return [table]
    problems: list[Problem] = []
    columns = list(src.where) + list(src.match) + [c for c in (src.value, src.per) if c]
    keys = {c: k for k, cs in (("where", src.where), ("match", src.match)) for c in cs}
    keys.update({src.per: "per"} if src.per else {})
    keys.update({src.value: "value"} if src.value else {})
    for column in dict.fromkeys(columns):
        if table.column(column) is None:
            key = keys[column]
            problems.append(
                at(
                    key if key in ("value", "per") else f"{key}.{column}",
                    f"column '{column}' is not in the header of '{src.file}'",
                    did_you_mean(column, table.header) or f"the columns are: {', '.join(table.header)}",
                )
            )
    if problems:
        return problems
    rows = _matching(table, src.where)
    if not rows:
        return [at("where" if src.where else "file", f"no data: no row of '{src.file}' matches", severity="warning")]
    value, problems = _measure(table, rows, src)
    if problems:
        return problems
    metric.actual = None if value is None else rounded(value)
    metric.provenance = Provenance(
        file=src.file,
        filter=describe_filter(src.where),
        rows=len(rows),
        period=src.period or table.period,
        measure=src.measure,
    )
    if value is None:
        return [at("per", f"no data: the '{src.per}' column sums to 0 in the matching rows", severity="warning")]
    return []


def _needs_hint(measure: str) -> str:
    return {
        "share": "e.g. match: {Status: Solved}",
        "rate": "e.g. value: Conversions, per: Sessions",
    }.get(measure, "name the column measured, e.g. value: Satisfaction")


def _matching(table: Table, where: dict[str, list[str]]) -> list[tuple[int, list[str]]]:
    """The rows whose cells match every column of the filter."""
    rows = table.rows
    for column, values in where.items():  # one column at a time: each pass keeps fewer rows
        index = table.column(column) or 0
        if any("*" in v for v in values):
            test = _matcher(values)
            rows = [(line, row) for line, row in rows if index < len(row) and test(row[index].strip())]
        else:
            exact = set(values)
            rows = [(line, row) for line, row in rows if index < len(row) and row[index].strip() in exact]
    return rows


def _measure(table: Table, rows: list[tuple[int, list[str]]], src: DataSource) -> tuple[Optional[float], list[Problem]]:
    """The measure over the matching rows, or the problems of bad cells."""
    if src.measure == "count":
        return float(len(rows)), []
    if src.measure == "share":
        return share(len(_matching(Table(table.header, rows), src.match)), len(rows)), []
    values, problems = _numbers(table, rows, src.value)
    if src.measure == "rate":
        per, more = _numbers(table, rows, src.per)
        problems += more
        return (None if problems else rate(values, per)), problems
    if problems:
        return None, problems
    if src.measure in SCORE_RANGE:
        low, high = SCORE_RANGE[src.measure]
        for (line, _), score in zip(rows, values):
            if not (low <= score <= high and float(score).is_integer()):
                problems.append(_cell_problem(table, line, src.value, f"score {score:g} is outside {low}-{high}"))
    return (None if problems else of_values(src.measure, values)), problems


def _numbers(table: Table, rows: list[tuple[int, list[str]]], column: str) -> tuple[list[float], list[Problem]]:
    """The column's cells as numbers (one per row); a problem at each cell that is not one (the first 10)."""
    index = table.column(column) or 0
    comma = table.delimiter == ";"
    cells = [row[index] if index < len(row) else "" for _, row in rows]
    joined = "".join(cells)
    if "_" not in joined and not (comma and "." in joined):
        try:  # the common case, at C speed: every cell a plain number
            values = list(map(float, cells))
            if all(map(math.isfinite, values)):
                return values, []
        except ValueError:
            pass
    values = []
    problems: list[Problem] = []
    for (line, _), cell in zip(rows, cells):
        number = parse_number(cell, comma)
        if number is None:
            if len(problems) < 10:
                problems.append(_cell_problem(table, line, column, f"found {cell.strip()!r}, expected a number"))
            continue
        values.append(number)
    return values, problems


def _cell_problem(table: Table, line: int, column: str, message: str) -> Problem:
    """A problem of one cell of a data file, at its line; the key path names the column."""
    return Problem(table.display, line, 1, column, message, code="data")


def looks_like_overlay(path: Path) -> bool:
    """Whether a CSV file not named by any ``from`` is a metrics overlay: its header has a column of one, or
    a near misspelling (else it is a data file that no metric reads)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return True  # the overlay reader reports it
    lines = head.decode("utf-8-sig", errors="replace").splitlines()
    header = next((line for line in lines if line.strip() and not line.lstrip().startswith("#")), "")
    table = read_table(header.encode("utf-8"), path.name)
    if isinstance(table, Problem):
        return True
    # An overlay's columns, or a misspelling of one: the overlay reader then says what is wrong with it.
    return any(h in OVERLAY_COLUMNS or did_you_mean(h, OVERLAY_COLUMNS) for h in table.header)
