"""Reading the maps folder: YAML with source positions, validation, the model.

Data flows one way: files -> :func:`read_yaml` (values plus the line and
column of every key path) -> :func:`mkdocs_cjm.validate.validate` against
:mod:`mkdocs_cjm.schema` -> model objects -> :func:`mkdocs_cjm.site.link_project`.
Nothing here writes a file, and nothing raises on bad input: every problem
becomes a :class:`~mkdocs_cjm.problems.Problem` with file, line, column and
key path.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Optional

import yaml

from . import schema as S
from .model import (
    BUILTIN_LANES,
    Brand,
    Channel,
    Journey,
    Lane,
    Metric,
    NextLink,
    Persona,
    Pos,
    Promise,
    PromiseRating,
    Stage,
    Step,
)
from .problems import Problem, did_you_mean
from .site import Project, link_project
from .validate import join, validate

#: Default largest map file read, in bytes (plugin option ``max_file_size``).
MAX_FILE_SIZE = 1024 * 1024
#: Most YAML values one file may hold once aliases are expanded.
MAX_NODES = 200_000
#: Deepest nesting of mappings and lists accepted.
MAX_DEPTH = 64

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = re.compile(S.ID_PATTERN)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_YAML_EXT = (".yml", ".yaml")

Positions = dict[str, tuple[int, int]]


@dataclass
class YamlFile:
    """A YAML file's top-level value with the position of every key path."""

    display: str
    data: Any = None
    #: key path -> (line, column) of the value
    positions: Positions = field(default_factory=dict)
    #: key path -> (line, column) of the key itself
    key_positions: Positions = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: str, *, at_key: bool = False) -> tuple[int, int]:
        """The position of a key path, or of its closest ancestor that has one."""
        table = self.key_positions if at_key else self.positions
        if path in table:
            return table[path]
        probe = path
        while probe:
            probe = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", probe) if re.search(r"(\.[^.\[\]]+|\[\d+\])$", probe) else ""
            if probe in self.positions:
                return self.positions[probe]
        return self.positions.get("", (1, 1))

    def problem(self, path: str, message: str, hint: str = "", *, at_key: bool = False, code: str = "invalid", severity: str = "error") -> Problem:
        line, column = self.where(path, at_key=at_key)
        return Problem(self.display, line, column, path, message, severity, code, hint)  # type: ignore[arg-type]

    def error(self, path: str, message: str, hint: str = "", **kwargs: Any) -> None:
        self.problems.append(self.problem(path, message, hint, **kwargs))


class _TooBig(Exception):
    def __init__(self, path: str, message: str, line: int, column: int):
        super().__init__(message)
        self.path, self.message, self.line, self.column = path, message, line, column


# -- YAML ------------------------------------------------------------------
def read_yaml(path: Path, display: str, *, max_size: int = MAX_FILE_SIZE) -> YamlFile:
    """Read one YAML file; problems are collected, never raised."""
    result = YamlFile(display)
    try:
        size = path.stat().st_size
        if size > max_size:
            result.problems.append(
                Problem(display, 0, 0, "", f"file is {size} bytes, larger than the limit of {max_size} bytes", code="too-large",
                        hint="split the map, or raise the plugin option max_file_size")
            )
            return result
        raw = path.read_bytes()
    except OSError as exc:
        result.problems.append(Problem(display, 0, 0, "", f"cannot read file: {exc.strerror or exc}", code="io"))
        return result
    return parse_yaml(raw, display, result)


def parse_yaml(raw: bytes, display: str, result: Optional[YamlFile] = None) -> YamlFile:
    result = result or YamlFile(display)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        result.problems.append(Problem(display, line, 1, "", "file holds binary data (a NUL byte), expected UTF-8 text", code="encoding"))
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        result.problems.append(
            Problem(display, line, column, "", f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x})", code="encoding",
                    hint="save the file as UTF-8")
        )
        return result
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        result.problems.append(Problem(display, 1, 1, "", "file is empty, expected a mapping (key: value)", code="empty"))
        return result
    for number, line_text in enumerate(text.splitlines(), 1):
        indent = len(line_text) - len(line_text.lstrip(" \t"))
        if "\t" in line_text[:indent]:
            result.problems.append(
                Problem(display, number, line_text.index("\t") + 1, "", "tab used for indentation, expected spaces", code="syntax",
                        hint="YAML indents with spaces only")
            )
            return result
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if "expected a single document" in message or "but found another document" in message:
            message = "file holds more than one YAML document, expected one"
        result.problems.append(Problem(display, line, column, "", f"YAML syntax error: {message}", code="syntax"))
        return result
    except yaml.YAMLError as exc:
        result.problems.append(Problem(display, 0, 0, "", f"YAML error: {exc}", code="syntax"))
        return result
    except RecursionError:
        result.problems.append(Problem(display, 0, 0, "", f"nesting too deep (more than {MAX_DEPTH} levels)", code="too-deep"))
        return result
    if node is None:
        result.problems.append(Problem(display, 1, 1, "", "file is empty, expected a mapping (key: value)", code="empty"))
        return result
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        result.problems.append(
            Problem(display, node.start_mark.line + 1, node.start_mark.column + 1, "",
                    f"found {kind} at the top of the file, expected a mapping (key: value)", code="not-mapping")
        )
        return result
    builder = _Builder(result)
    try:
        result.data = builder.build(node, "", 0)
    except _TooBig as exc:
        result.data = None
        result.problems.append(Problem(display, exc.line, exc.column, exc.path, exc.message, code="too-big"))
    return result


class _Builder:
    """Turns YAML nodes into values, recording positions and duplicate keys."""

    def __init__(self, result: YamlFile):
        self.result = result
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: str, depth: int) -> Any:
        self.count += 1
        mark = node.start_mark
        if self.count > MAX_NODES:
            raise _TooBig(path, f"file expands to more than {MAX_NODES} values (aliases that repeat aliases?)", mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            raise _TooBig(path, f"nesting too deep (more than {MAX_DEPTH} levels)", mark.line + 1, mark.column + 1)
        self.result.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, join(path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        return None  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode, path: str) -> Any:
        mark = node.start_mark
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            # e.g. 2026-13-01 or a number of 5,000 digits: keep the text, and let
            # the schema say what was expected where text does not fit.
            return _XML_ILLEGAL.sub("", node.value)
        if isinstance(value, float) and not math.isfinite(value):
            self.result.problems.append(
                Problem(self.result.display, mark.line + 1, mark.column + 1, path, f"found {node.value[:30]!r}, expected a finite number")
            )
            return None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
            self.result.problems.append(
                Problem(self.result.display, mark.line + 1, mark.column + 1, path, f"found {node.value[:24]!r}, a number too large to use")
            )
            return None
        if isinstance(value, bytes):
            return node.value
        if isinstance(value, str):
            value = _XML_ILLEGAL.sub("", value)
        return value

    def mapping(self, node: yaml.MappingNode, path: str, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        merges: list[dict[Any, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.build(value_node, path, depth + 1)
                for item in merged if isinstance(merged, list) else [merged]:
                    if isinstance(item, dict):
                        merges.append(item)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                mark = key_node.start_mark
                self.result.problems.append(
                    Problem(self.result.display, mark.line + 1, mark.column + 1, path, "found a list or mapping used as a key, expected a key name")
                )
                continue
            key = self.scalar(key_node, path)
            if not isinstance(key, str):
                mark = key_node.start_mark
                self.result.problems.append(
                    Problem(self.result.display, mark.line + 1, mark.column + 1, join(path, str(key_node.value)),
                            f"found key {key_node.value!r} read as {type(key).__name__ if key is not None else 'null'}, expected a name",
                            hint="quote the key")
                )
                key = str(key_node.value)
            child = join(path, key)
            mark = key_node.start_mark
            if key in seen:
                self.result.problems.append(
                    Problem(self.result.display, mark.line + 1, mark.column + 1, child,
                            f"key '{key}' given twice in one mapping (first on line {seen[key]})", code="duplicate-key")
                )
                continue
            seen[key] = mark.line + 1
            self.result.key_positions[child] = (mark.line + 1, mark.column + 1)
            out[key] = self.build(value_node, child, depth + 1)
        for merged in merges:
            for key, value in merged.items():
                out.setdefault(key, value)
        return out


# -- helpers -----------------------------------------------------------------
def slugify(text: str) -> str:
    """A slug usable as an id: lowercase ASCII letters, digits and '-'."""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    value = re.sub(r"[^a-z0-9]+", "-", value).strip("-")
    return value


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value)


def texts(value: Any) -> list[str]:
    return [as_text(v) for v in as_list(value) if v is not None and as_text(v).strip()]


def _unique_id(wanted: str, fallback: str, taken: set[str]) -> str:
    base = wanted or fallback
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _schema_problems(doc: YamlFile, kind: str) -> bool:
    """Validate a document against its schema; True when it is valid."""
    violations = validate(doc.data, S.SCHEMAS[kind])
    for v in violations:
        doc.error(v.path, v.message, v.hint, at_key=v.at_key)
    return not violations


def file_id(relative: PurePosixPath) -> str:
    stem = relative.name.rsplit(".", 1)[0]
    return stem if _ID.match(stem) else slugify(stem) or "map"


# -- journeys ----------------------------------------------------------------
def build_journey(doc: YamlFile, relative: str) -> Journey:
    """A journey from a parsed file; a broken one keeps its id, title and problems."""
    data = doc.data if isinstance(doc.data, dict) else {}
    default_id = file_id(PurePosixPath(relative))
    jid = data.get("id") if isinstance(data.get("id"), str) and _ID.match(data.get("id", "")) else default_id
    title = data.get("title")
    journey = Journey(id=jid, title=as_text(title) if isinstance(title, (str, int, float)) and not isinstance(title, bool) and str(title).strip() else PurePosixPath(relative).name, source=relative)
    if doc.data is None or not _schema_problems(doc, "journey"):
        journey.problems = doc.problems
        return journey
    journey.summary = as_text(data.get("summary"))
    journey.state = data.get("state", "current")
    journey.counterpart = data.get("counterpart", "")
    journey.personas = texts(data.get("personas"))
    journey.goal = as_text(data.get("goal"))
    journey.scope = as_text(data.get("scope"))
    journey.owner = as_text(data.get("owner"))
    reviewed = data.get("reviewed")
    journey.reviewed = reviewed if isinstance(reviewed, _dt.date) else (_dt.date.fromisoformat(reviewed) if reviewed else None)
    journey.review_every = data.get("review_every")
    journey.evidence = texts(data.get("evidence"))
    journey.promises = texts(data.get("promises")) if "promises" in data else None
    journey.tags = texts(data.get("tags"))
    journey.pos = Pos(*doc.where(""))

    stage_ids: set[str] = set()
    step_ids: set[str] = set()
    explicit_steps: dict[str, str] = {}
    explicit_stages: dict[str, str] = {}
    for si, sdata in enumerate(data["stages"]):
        spath = f"stages[{si}]"
        sid = sdata.get("id")
        if sid is not None:
            if sid in explicit_stages:
                doc.error(join(spath, "id"), f"stage id '{sid}' is used twice in this journey (also at {explicit_stages[sid]})", code="duplicate-id")
            explicit_stages[sid] = spath
        stage = Stage(
            id=_unique_id(sid or slugify(as_text(sdata["name"])), f"stage-{si + 1}", stage_ids) if sid is None else sid,
            name=as_text(sdata["name"]),
            goal=as_text(sdata.get("goal")),
            description=as_text(sdata.get("description")),
            pos=Pos(*doc.where(spath)),
            path=spath,
        )
        stage_ids.add(stage.id)
        for ti, tdata in enumerate(sdata["steps"]):
            tpath = f"{spath}.steps[{ti}]"
            tid = tdata.get("id")
            if tid is not None:
                if tid in explicit_steps:
                    doc.error(join(tpath, "id"), f"step id '{tid}' is used twice in this journey (also at {explicit_steps[tid]})", code="duplicate-id")
                explicit_steps[tid] = tpath
            step = Step(
                id=tid if tid is not None else _unique_id(slugify(as_text(tdata["touchpoint"])), f"step-{len(step_ids) + 1}", step_ids | set(_explicit_ids(data))),
                touchpoint=as_text(tdata["touchpoint"]),
                channel=as_text(tdata.get("channel")),
                actions=texts(tdata.get("actions")),
                questions=texts(tdata.get("questions")),
                motivations=texts(tdata.get("motivations")),
                pain_points=texts(tdata.get("pain_points")),
                emotion=tdata.get("emotion"),
                quote=as_text(tdata.get("quote")),
                opportunities=texts(tdata.get("opportunities")),
                owner=as_text(tdata.get("owner")),
                pos=Pos(*doc.where(tpath)),
                path=tpath,
            )
            step_ids.add(step.id)
            metric_ids: set[str] = set()
            for mi, mdata in enumerate(tdata.get("metrics") or []):
                mid = mdata.get("id") or slugify(as_text(mdata["name"])) or f"metric-{mi + 1}"
                if mid in metric_ids:
                    doc.error(f"{tpath}.metrics[{mi}]", f"metric id '{mid}' is used twice in this step", hint="give each metric its own 'id'", code="duplicate-id")
                metric_ids.add(mid)
                step.metrics.append(
                    Metric(
                        id=mid,
                        name=as_text(mdata["name"]),
                        actual=mdata.get("actual"),
                        target=mdata.get("target"),
                        unit=as_text(mdata.get("unit")),
                        better=mdata.get("better", "higher"),
                        source=as_text(mdata.get("source")),
                    )
                )
            for pid, rdata in (tdata.get("promise") or {}).items():
                step.promise[pid] = PromiseRating(pid, rdata["rating"], as_text(rdata.get("note")))
            if "next" in tdata:
                links = []
                for item in as_list(tdata["next"]):
                    if isinstance(item, dict):
                        links.append(NextLink(item["to"], as_text(item.get("label"))))
                    else:
                        links.append(NextLink(item))
                step.next = links
            for lane_id, items in (tdata.get("lanes") or {}).items():
                step.lanes[lane_id] = texts(items)
            stage.steps.append(step)
        journey.stages.append(stage)
    journey.problems = doc.problems
    return journey


def _explicit_ids(data: dict[str, Any]) -> list[str]:
    return [t["id"] for s in data.get("stages", []) for t in s.get("steps", []) if isinstance(t, dict) and isinstance(t.get("id"), str)]


# -- personas ------------------------------------------------------------------
def build_persona(doc: YamlFile, relative: str, docs_dir: Optional[Path]) -> Persona:
    data = doc.data if isinstance(doc.data, dict) else {}
    pid = data.get("id") if isinstance(data.get("id"), str) and _ID.match(data.get("id", "")) else file_id(PurePosixPath(relative))
    name = data.get("name")
    persona = Persona(id=pid, name=as_text(name) if isinstance(name, (str, int, float)) and not isinstance(name, bool) else pid, source=relative)
    if doc.data is None or not _schema_problems(doc, "persona"):
        persona.problems = doc.problems
        return persona
    for key in ("tagline", "role", "bio", "quote"):
        setattr(persona, key, as_text(data.get(key)))
    persona.value = data.get("value", "")
    for key in ("goals", "needs", "pain_points", "behaviours", "channels", "evidence"):
        setattr(persona, key, texts(data.get(key)))
    photo = data.get("photo")
    if photo:
        problem = check_docs_path(photo, docs_dir)
        if problem:
            doc.error("photo", problem[0], problem[1], code="path")
        else:
            persona.photo = PurePosixPath(photo.replace("\\", "/")).as_posix()
    persona.pos = Pos(*doc.where(""))
    persona.problems = doc.problems
    return persona


def check_docs_path(value: str, docs_dir: Optional[Path]) -> Optional[tuple[str, str]]:
    """Why a path relative to ``docs_dir`` is not acceptable, or None."""
    text = value.replace("\\", "/")
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text) or text.startswith("//"):
        return f"found {value!r}, expected a path relative to docs_dir", "copy the file into docs_dir; URLs are not fetched"
    if text.startswith("/"):
        return f"found absolute path {value!r}, expected a path relative to docs_dir", ""
    parts = PurePosixPath(text).parts
    depth = 0
    for part in parts:
        depth += -1 if part == ".." else (0 if part == "." else 1)
        if depth < 0:
            return f"path {value!r} leads outside docs_dir", "keep pictures inside docs_dir"
    if docs_dir is not None:
        target = (docs_dir / text).resolve()
        try:
            target.relative_to(docs_dir.resolve())
        except ValueError:
            return f"path {value!r} leads outside docs_dir (through a link)", ""
        if not target.is_file():
            return f"file {value!r} not found in docs_dir", ""
    return None


# -- brand ---------------------------------------------------------------------
def build_brand(doc: YamlFile, relative: str) -> Brand:
    brand = Brand(source=relative)
    if doc.data is None or not _schema_problems(doc, "brand"):
        brand.problems = doc.problems
        return brand
    data = doc.data
    brand.name = as_text(data.get("name"))
    for key, kind in (("promises", "promise"), ("channels", "channel"), ("lanes", "lane")):
        seen: dict[str, int] = {}
        for index, item in enumerate(data.get(key) or []):
            iid = item["id"]
            if iid in seen:
                doc.error(f"{key}[{index}].id", f"{kind} id '{iid}' is used twice (also {key}[{seen[iid]}])", code="duplicate-id")
                continue
            seen[iid] = index
            if kind == "promise":
                brand.promises.append(Promise(iid, as_text(item["name"]), as_text(item.get("statement")), as_text(item.get("looks_like")), Pos(*doc.where(f"{key}[{index}]"))))
            elif kind == "channel":
                brand.channels.append(Channel(iid, as_text(item["name"]), item.get("kind"), item.get("icon", "")))
            else:
                if iid in BUILTIN_LANES:
                    doc.error(f"{key}[{index}].id", f"lane id '{iid}' is a built-in lane", hint="choose another id", code="duplicate-id")
                    continue
                brand.lanes.append(Lane(iid, as_text(item["name"]), item.get("after", "")))
    brand.problems = doc.problems
    return brand


# -- metrics CSV ---------------------------------------------------------------
_PERIOD = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
CSV_COLUMNS = ("journey", "step", "metric", "actual", "period")


def _period_key(text: str) -> Optional[_dt.date]:
    if not _PERIOD.match(text):
        return None
    try:
        return _dt.date.fromisoformat(text if len(text) == 10 else text + "-01")
    except ValueError:
        return None


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
        err(1, 1, "header", f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; expected a header row: {','.join(CSV_COLUMNS)}", hint)
        return problems
    col = {name: header.index(name) for name in CSV_COLUMNS}
    latest: dict[tuple[str, str, str], tuple[_dt.date, float, str]] = {}
    steps_by_journey = {jid: {s.id: s for s in j.steps} for jid, j in project.journeys.items()}

    for line_no, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue

        def column_of(index: int, line_no: int = line_no) -> int:
            raw_line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
            return len(",".join(raw_line.split(",")[:index])) + (2 if index else 1)

        if len(row) < len(header):
            err(line_no, 1, f"row {line_no}", f"found {len(row)} column{'s' if len(row) != 1 else ''}, expected {len(header)} ({','.join(header)})")
            continue
        journey_id, step_id, metric_id = (row[col[c]].strip() for c in ("journey", "step", "metric"))
        actual_text, period = row[col["actual"]].strip(), row[col["period"]].strip()
        journey = project.journeys.get(journey_id)
        if journey is None:
            err(line_no, column_of(col["journey"]), "journey", f"unknown journey '{journey_id}'", did_you_mean(journey_id, project.journeys))
            continue
        steps = steps_by_journey[journey_id]
        step = steps.get(step_id)
        if step is None:
            if not journey.is_broken:
                err(line_no, column_of(col["step"]), "step", f"unknown step '{step_id}' in journey '{journey_id}'", did_you_mean(step_id, steps))
            continue
        metric = next((m for m in step.metrics if m.id == metric_id), None)
        if metric is None:
            err(line_no, column_of(col["metric"]), "metric", f"unknown metric '{metric_id}' in step '{step_id}'",
                did_you_mean(metric_id, [m.id for m in step.metrics]) or (f"expected one of: {', '.join(m.id for m in step.metrics)}" if step.metrics else "the step has no metrics"))
            continue
        try:
            actual = float(actual_text)
            if not math.isfinite(actual):
                raise ValueError
        except ValueError:
            err(line_no, column_of(col["actual"]), "actual", f"found {actual_text!r}, expected a number")
            continue
        when = _period_key(period)
        if when is None:
            err(line_no, column_of(col["period"]), "period", f"found {period!r}, expected a date (YYYY-MM-DD) or a month (YYYY-MM)")
            continue
        key = (journey_id, step_id, metric_id)
        if key not in latest or when >= latest[key][0]:
            latest[key] = (when, actual, period)
    for (journey_id, step_id, metric_id), (_, actual, period) in latest.items():
        step = steps_by_journey[journey_id][step_id]
        for metric in step.metrics:
            if metric.id == metric_id:
                metric.actual = int(actual) if actual.is_integer() and "." not in str(actual).rstrip("0").rstrip(".") else actual
                metric.period = period
    return problems


# -- the folder ------------------------------------------------------------------
def _walk(maps_dir: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(maps_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if not name.startswith("."):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(maps_dir).as_posix())


def load_project(
    maps_dir: Path,
    *,
    docs_dir: Optional[Path] = None,
    display_root: Optional[Path] = None,
    max_file_size: int = MAX_FILE_SIZE,
    cache: Optional[dict[str, Any]] = None,
) -> Project:
    """Load, validate and link every file in ``maps_dir``.

    ``display_root`` is the folder that file names in messages are relative
    to (the site root; default: the parent of ``maps_dir``). ``cache`` (any
    dict kept between calls) lets unchanged files skip parsing.
    """
    maps_dir = Path(maps_dir)
    root = display_root if display_root is not None else maps_dir.parent
    project = Project()
    positions: dict[str, Positions] = {}
    display: dict[str, str] = {}

    def shown(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    if not maps_dir.is_dir():
        project.problems.append(Problem(shown(maps_dir), 0, 0, "", "maps folder not found", code="io",
                                        hint="create it, or set the plugin option maps_dir"))
        return project

    personas: list[Persona] = []
    journeys: list[Journey] = []
    csv_files: list[Path] = []
    for path in _walk(maps_dir):
        relative = path.relative_to(maps_dir).as_posix()
        lower = relative.lower()
        if lower.startswith("data/") and lower.endswith(".csv"):
            csv_files.append(path)
            continue
        if not lower.endswith(_YAML_EXT):
            continue
        doc = _read_cached(path, shown(path), max_file_size, cache)
        positions[relative] = doc.positions
        display[relative] = doc.display
        if lower in ("brand.yml", "brand.yaml"):
            if project.brand.source:
                project.problems.append(Problem(doc.display, 1, 1, "", f"a second brand file; '{project.brand.source}' is already read", code="duplicate-id"))
                continue
            project.brand = build_brand(doc, relative)
            positions["brand"], display["brand"] = doc.positions, doc.display
        elif lower.startswith("personas/"):
            personas.append(build_persona(doc, relative, docs_dir))
        else:
            journeys.append(build_journey(doc, relative))

    for persona in personas:
        if persona.id in project.personas:
            first = project.personas[persona.id]
            line, column = positions[persona.source].get("id", (1, 1)) if "id" in positions[persona.source] else (1, 1)
            persona.problems.append(Problem(display[persona.source], line, column, "id",
                                            f"persona id '{persona.id}' is already used by {display[first.source]}", code="duplicate-id"))
            project.broken_files[persona.source] = persona.problems
            continue
        project.personas[persona.id] = persona
    for journey in journeys:
        if journey.id in project.journeys:
            first = project.journeys[journey.id]
            line, column = positions[journey.source].get("id", (1, 1))
            journey.problems.append(Problem(display[journey.source], line, column, "id",
                                            f"journey id '{journey.id}' is already used by {display[first.source]}", code="duplicate-id",
                                            hint="give one of them another 'id'"))
            project.broken_files[journey.source] = journey.problems
            continue
        project.journeys[journey.id] = journey

    link_project(project, positions, display)
    for path in csv_files:
        project.problems.extend(apply_metrics_csv(path, shown(path), project, max_size=max_file_size))
    return project


def _read_cached(path: Path, shown: str, max_size: int, cache: Optional[dict[str, Any]]) -> YamlFile:
    if cache is None:
        return read_yaml(path, shown, max_size=max_size)
    try:
        stat = path.stat()
        if stat.st_size > max_size:
            return read_yaml(path, shown, max_size=max_size)
        raw = path.read_bytes()
    except OSError:
        return read_yaml(path, shown, max_size=max_size)
    import hashlib

    key = hashlib.sha256(raw).hexdigest() + "|" + shown
    hit = cache.get(key)
    if hit is None:
        hit = parse_yaml(raw, shown)
        cache[key] = hit
    # Model objects are rebuilt from the parsed values, so each build gets fresh ones.
    return YamlFile(hit.display, hit.data, hit.positions, hit.key_positions, list(hit.problems))
