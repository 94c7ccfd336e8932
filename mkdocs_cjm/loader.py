"""Reading the maps folder: YAML with source positions, validation, the model.

Data flows one way: files -> :func:`read_yaml` (values plus the line and
column of every key path) -> :func:`mkdocs_cjm.validate.validate` against
:mod:`mkdocs_cjm.schema` -> model objects -> :func:`mkdocs_cjm.site.link_project`.
Nothing here writes a file, and nothing raises on bad input: every problem
becomes a :class:`~mkdocs_cjm.problems.Problem` with file, line, column and
key path.

YAML is read from libyaml's event stream by :class:`_EventBuilder` rather
than with ``yaml.safe_load``: that keeps positions, finds keys given twice,
refuses tags, bounds nesting and alias expansion before anything big is
built, and never recurses (libyaml's own composer crashes the interpreter
on deeply nested input). Values are those of YAML 1.1's safe loader, except
that dates stay text (as in JSON, so the JSON Schema decides), and numbers
beyond 10^15 or infinite stay text too (:class:`~mkdocs_cjm.validate.BigNumber`).
"""

from __future__ import annotations

import csv
import gc
import datetime as _dt
import io
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Optional

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
from .site import PartialJourney, Project, link_project, unusual_links, where_in
from .uris import Layout, plan_pages
from .validate import MAX_NUMBER, BigNumber, join, slugify, validate
from .values import XML_FORBIDDEN, as_date, parse_date

#: Default largest map file read, in bytes (plugin option ``max_file_size``).
MAX_FILE_SIZE = 1024 * 1024
#: Most YAML values one file may hold once aliases are expanded.
MAX_NODES = 200_000
#: Most different steps one step's ``next`` may name: a card's top has room for
#: about 50 arrow ends (160 px at 3 px apart); no real step branches that much.
MAX_NEXT = 50
#: Most arrows (branches and loops) one journey may draw. Real maps draw tens;
#: 2,000 stacked arrows are already unreadable, and route in a fraction of a second.
MAX_ARROWS = 2000
#: Deepest nesting of mappings and lists accepted.
MAX_DEPTH = 64

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = re.compile(S.ID_PATTERN)
_YAML_EXT = (".yml", ".yaml")
_LAST_STEP = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")

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
        if at_key and path in self.key_positions:
            return self.key_positions[path]
        return where_in(self.positions, path)

    def problem(self, path: str, message: str, hint: str = "", *, at_key: bool = False, code: str = "invalid", severity: str = "error") -> Problem:
        line, column = self.where(path, at_key=at_key)
        return Problem(self.display, line, column, path, message, severity, code, hint)  # type: ignore[arg-type]

    def error(self, path: str, message: str, hint: str = "", **kwargs: Any) -> None:
        self.problems.append(self.problem(path, message, hint, **kwargs))


class _TooBig(Exception):
    def __init__(self, path: str, message: str, line: int, column: int, code: str = "too-big"):
        super().__init__(message)
        self.path, self.message, self.line, self.column, self.code = path, message, line, column, code


# -- YAML ------------------------------------------------------------------
def read_yaml(path: Path, display: str, *, max_size: int = MAX_FILE_SIZE) -> YamlFile:
    """Read one YAML file; problems are collected, never raised."""
    result = YamlFile(display)
    try:
        size = path.stat().st_size
        if size > max_size:
            result.problems.append(_too_large(display, size, max_size))
            return result
        raw = path.read_bytes()
    except OSError as exc:
        result.problems.append(Problem(display, 0, 0, "", f"cannot read file: {exc.strerror or exc}", code="io"))
        return result
    if len(raw) > max_size:  # grew since stat()
        result.problems.append(_too_large(display, len(raw), max_size))
        return result
    return parse_yaml(raw, display, result)


def _too_large(display: str, size: int, max_size: int) -> Problem:
    return Problem(display, 0, 0, "", f"file is {size} bytes, larger than the limit of {max_size} bytes", code="too-large",
                   hint="split the map, or raise the plugin option max_file_size")


def parse_yaml(raw: bytes, display: str, result: Optional[YamlFile] = None) -> YamlFile:
    """Parse the bytes of one YAML file into values with positions.

    Never raises on bad input. The file must be UTF-8 text holding one YAML
    document whose top is a mapping; nesting deeper than :data:`MAX_DEPTH`
    levels, or more than :data:`MAX_NODES` values once aliases are expanded
    ("billion laughs"), is an error found while parsing, before anything
    large is built.
    """
    result = result if result is not None else YamlFile(display)
    for bom, name in _BOMS:
        if raw.startswith(bom):
            result.problems.append(Problem(display, 1, 1, "", f"file is {name} text, expected UTF-8", code="encoding",
                                           hint="save the file as UTF-8"))
            return result
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        result.problems.append(Problem(display, line, 1, "", "file holds binary data (a NUL byte), expected UTF-8 text", code="encoding"))
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        result.problems.append(
            Problem(display, line, column, "", f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x})", code="encoding",
                    hint="save the file as UTF-8")
        )
        return result
    try:
        _parse_text(result, text)
    finally:
        _clamp_positions(result, text)
    return result


def _parse_text(result: YamlFile, text: str) -> None:
    display = result.display
    try:
        _EventBuilder(result, text).run()
    except _TooBig as exc:
        result.data = None
        result.problems.append(Problem(display, exc.line, exc.column, exc.path, exc.message, code=exc.code))
    except yaml.MarkedYAMLError as exc:
        result.data = None
        result.problems.append(_syntax_problem(display, exc, text))
    except yaml.reader.ReaderError as exc:
        result.data = None
        position = exc.position if isinstance(exc.position, int) else 0
        # libyaml counts bytes of UTF-8, the pure-Python reader characters.
        before = text.encode("utf-8")[:position].decode("utf-8", "ignore") if _Loader is not yaml.SafeLoader else text[:position]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        index = len(before) if _Loader is not yaml.SafeLoader else position
        char = text[index] if index < len(text) else ""
        shown = f"the character U+{ord(char):04X}" if len(char) == 1 else "a control character"
        result.problems.append(Problem(display, line, column, "", f"file holds {shown}, which YAML does not allow", code="encoding",
                                       hint="remove it, or write it as an escape inside double quotes"))
    except yaml.YAMLError as exc:  # pragma: no cover - defensive
        result.data = None
        result.problems.append(Problem(display, 1, 1, "", f"YAML error: {exc}", code="syntax"))
    except (RecursionError, MemoryError):  # pragma: no cover - defensive
        result.data = None
        result.problems.append(Problem(display, 1, 1, "", f"file too complex to read (nesting deeper than {MAX_DEPTH} levels?)", code="too-deep"))
    except Exception as exc:  # pragma: no cover - the last line of defence: one bad file never stops the build
        result.data = None
        result.problems.append(Problem(display, 1, 1, "", f"cannot read YAML: {type(exc).__name__}: {exc}", code="syntax"))


_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def last_position(text: str) -> tuple[int, int]:
    """The line and column of the last character of a text (YAML's line breaks), 1:1 when it is empty.

    A break that ends the text belongs to its line: a position after it would be past the end.
    """
    lines = sum(text.count(b) for b in _BREAKS) - text.count("\r\n")
    if not text:
        return 1, 1
    ends = text.endswith(_BREAKS)
    body = text[:-2] if text.endswith("\r\n") else text[:-1] if ends else text
    start = max(body.rfind(b) for b in _BREAKS) + 1
    return (lines if ends else lines + 1), max(1, len(body) - start + (1 if ends else 0))


def _clamp_positions(result: YamlFile, text: str) -> None:
    """No position past the end of the file: libyaml marks the end of the stream one line
    after a final line break (an unclosed quote, an empty last value)."""
    last = last_position(text)
    if any((p.line, p.column) > last for p in result.problems):
        result.problems[:] = [_clamped(p, last) for p in result.problems]
    for table in (result.positions, result.key_positions):
        # Positions are recorded in file order: only the last ones can be past the end.
        late = []
        for path in reversed(table):
            if table[path] <= last:
                break
            late.append(path)
        for path in late:
            table[path] = last


def _clamped(problem: Problem, last: tuple[int, int]) -> Problem:
    if (problem.line, problem.column) <= last:
        return problem
    return Problem(problem.file, last[0], last[1], problem.path, problem.message, problem.severity, problem.code, problem.hint)


_BOMS = ((b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"), (b"\xfe\xff", "UTF-16"), (b"\xff\xfe", "UTF-16"))


#: libyaml's wording -> a hint in plain words.
_SYNTAX_HINTS = (
    ("mapping values are not allowed", "text holding ': ' must be quoted, e.g. quote: \"Note: this\""),
    ("could not find expected ':'", "a line is missing its 'key:', or a text holding ':' or '#' needs quotes"),
    ("did not find expected key", "check the indentation: keys of one mapping line up, list items start with '- '"),
    ("did not find expected '-' indicator", "check the indentation of the list items"),
    ("did not find expected ',' or ']'", "a '[' list is not closed, or an item holding ',' ':' '[' or ']' needs quotes"),
    ("did not find expected ',' or '}'", "a '{' mapping is not closed, or a value holding ',' or ':' needs quotes"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("found unknown escape character", "inside double quotes write a backslash as \\\\, or use single quotes"),
    ("found character that cannot start any token", "quote text that starts with @, ` or another special character"),
    ("found undefined alias", "an alias (*name) needs an anchor (&name) earlier in the file"),
    ("expected a single document", "remove the '---' line: one map per file"),
    ("found duplicate anchor", "give each anchor (&name) its own name"),
    ("expected <block end>, but found '-'", "check the indentation of the list"),
)


def _syntax_problem(display: str, exc: yaml.MarkedYAMLError, text: str = "") -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    found = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    if 0 < line <= len(lines):
        # YAML forbids tabs in indentation (a tab inside a block of text is fine).
        text_line = lines[line - 1]
        indent = text_line[: len(text_line) - len(text_line.lstrip(" \t"))]
        if "\t" in indent:
            return Problem(display, line, indent.index("\t") + 1, "", "tab used for indentation, expected spaces", code="syntax",
                           hint="YAML indents with spaces only")
    problem = str(exc.problem or "").strip()
    context = str(exc.context or "").strip()
    if "expected a single document" in context + problem or "but found another document" in context + problem:
        return Problem(display, line, column, "", "file holds more than one YAML document, expected one", code="syntax",
                       hint="remove the '---' line: one map per file")
    message = problem or context or "invalid YAML"
    if context and problem:
        cmark = exc.context_mark
        where = f" (on line {cmark.line + 1})" if cmark is not None and cmark.line + 1 != line else ""
        message = f"{problem}, {context}{where}"
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in problem or needle in context), "")
    if found == "\t":
        hint = "a tab is used where YAML expects spaces"
    return Problem(display, line, column, "", f"YAML syntax error: {message}", code="syntax", hint=hint)


# Tags (after libyaml resolved !! handles) and what the loader makes of them.
_T = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP = _T + "str", _T + "null", _T + "bool", _T + "int", _T + "float", _T + "timestamp"
_MERGE, _VALUE, _SEQ, _MAP = _T + "merge", _T + "value", _T + "seq", _T + "map"
_SCALAR_TAGS = frozenset({_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP, _MERGE, _VALUE})
_RESOLVERS: dict[Any, list[tuple[str, re.Pattern[str]]]] = _Loader.yaml_implicit_resolvers
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
#: Plain scalars already resolved (short ones only; values are immutable).
_MEMO: dict[str, Any] = {}
_MISSING = object()
_NO_KEY = object()  # a mapping waits for a key
_SKIP = object()  # the value of a bad or repeated key: parsed, then dropped
_MERGE_KEY = object()  # the value of '<<'
_TOO_MANY = f"file expands to more than {MAX_NODES} values (aliases that repeat aliases?)"
_TOO_DEEP = f"nesting too deep (more than {MAX_DEPTH} levels)"


def _resolve_plain(value: str) -> str:
    for tag, regexp in _RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            return tag
    return _STR


def _construct(tag: str, value: str) -> Any:
    """A scalar's value. Timestamps stay text (the schema checks dates, as JSON does);
    numbers too large to use become :class:`BigNumber` text."""
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _BOOLS.get(value.lower(), value)
    if tag == _INT:
        try:
            number = _CONSTRUCTOR.construct_yaml_int(yaml.ScalarNode(tag, value))
        except (ValueError, OverflowError):
            return BigNumber(value) if re.fullmatch(r"[-+]?[0-9_]+", value) else value
        return number if abs(number) <= MAX_NUMBER else BigNumber(value)
    if tag == _FLOAT:
        try:
            number = _CONSTRUCTOR.construct_yaml_float(yaml.ScalarNode(tag, value))
        except (ValueError, OverflowError):
            return value
        if math.isnan(number) or (math.isinf(number) and "inf" in value.lower()):
            return value  # .nan / .inf: keep the text
        return number if abs(number) <= MAX_NUMBER else BigNumber(value)
    return value


class _Frame:
    __slots__ = ("value", "is_map", "path", "anchor", "count", "height", "key", "child", "merges", "line", "column")

    def __init__(self, value: Any, is_map: bool, path: str, anchor: Optional[str], count: int, line: int, column: int):
        self.value = value
        self.is_map = is_map
        self.path = path
        self.anchor = anchor
        self.count = count
        self.height = 0
        self.key: Any = _NO_KEY
        #: The key path of the value being read (set with ``key``).
        self.child = path
        self.merges: list[tuple[Any, int, int]] = []
        self.line = line
        self.column = column


class _EventBuilder:
    """Builds values from libyaml's event stream, without recursion.

    libyaml's own composer recurses in C and crashes the interpreter on a
    few hundred thousand nested brackets; here nesting is a list that stops
    growing at :data:`MAX_DEPTH`. An alias counts as many values as its
    anchor holds, so a "billion laughs" file is refused at the first alias
    that goes over :data:`MAX_NODES`, and alias values are shared, not copied.
    Positions are recorded for every key path in the file (paths inside an
    alias point at the alias).
    """

    def __init__(self, result: YamlFile, text: str):
        self.result = result
        self.text = text
        self.display = result.display
        self.count = 0
        #: anchor -> (value, values it holds, height)
        self.anchors: dict[str, tuple[Any, int, int]] = {}

    def run(self) -> None:
        """Read the file with :data:`_Loader`; deep nesting that libyaml refuses itself is read again.

        libyaml 0.2.6 (bundled since PyYAML 6.0.4) stops at its own nesting limit (1000) in the
        scanner, which reads flow brackets ahead of the events, so the error comes before the
        events reach :data:`MAX_DEPTH` and lacks the key path. The text up to libyaml's stop is
        then read with the pure-Python parser, whose events stop at :data:`MAX_DEPTH` with the
        same problem, line, column and key path as with an older libyaml or none.
        """
        problems = len(self.result.problems)
        try:
            self._read(_Loader, self.text)
        except yaml.MarkedYAMLError as exc:
            if _Loader is yaml.SafeLoader or "maximum nesting" not in str(exc.problem).lower():
                raise
            mark = exc.problem_mark
            del self.result.problems[problems:]
            self.result.data = None
            self.result.positions.clear()
            self.result.key_positions.clear()
            self.anchors.clear()
            self._read(yaml.SafeLoader, self.text[: mark.index + 1] if mark is not None else self.text)

    def _read(self, loader_class: Any, text: str) -> None:
        loader = loader_class(text)
        try:
            get = loader.get_event
            event = get()  # StreamStart
            event = get()
            if isinstance(event, yaml.StreamEndEvent):
                self._empty()
                return
            event = get()  # the top node, after DocumentStart
            mark = event.start_mark
            if isinstance(event, yaml.MappingStartEvent):
                self.result.data = self._build(get, event)
            elif isinstance(event, yaml.ScalarEvent) and event.value == "" and event.tag in (None, "!", _NULL):
                self._empty()
                return
            else:
                kind = "a list" if isinstance(event, yaml.SequenceStartEvent) else "a single value"
                if isinstance(event, yaml.ScalarEvent) and event.implicit[0] and _resolve_plain(event.value) == _NULL:
                    self._empty()
                    return
                self.result.problems.append(
                    Problem(self.display, mark.line + 1, mark.column + 1, "",
                            f"found {kind} at the top of the file, expected a mapping (key: value)", code="not-mapping")
                )
                return
            event = get()  # DocumentEnd
            event = get()
            if isinstance(event, yaml.DocumentStartEvent):
                mark = event.start_mark
                self.result.data = None
                self.result.problems.append(
                    Problem(self.display, mark.line + 1, mark.column + 1, "", "file holds more than one YAML document, expected one",
                            code="syntax", hint="remove the '---' line: one map per file")
                )
        finally:
            loader.dispose()

    def _empty(self) -> None:
        self.result.problems.append(Problem(self.display, 1, 1, "", "file is empty, expected a mapping (key: value)", code="empty"))

    # -- the main loop -------------------------------------------------------------
    def _build(self, get: Callable[[], Any], first: Any) -> Any:
        """Build the top mapping from its MappingStart event to its end.

        This loop runs once per YAML event (about 700,000 for 200 big maps),
        so the common cases are written out inline.
        """
        positions = self.result.positions
        key_positions = self.result.key_positions
        anchors = self.anchors
        resolvers = _RESOLVERS
        memo = _MEMO
        ScalarEvent, AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
        MappingStartEvent, SequenceStartEvent = yaml.MappingStartEvent, yaml.SequenceStartEvent
        stack: list[_Frame] = []
        top: Any = None
        count = 0
        event = first
        while True:
            cls = event.__class__
            if cls is ScalarEvent:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                count += 1
                if count > MAX_NODES:
                    raise _TooBig(self._path(top), _TOO_MANY, line, column)
                value: Any = event.value
                if event.tag is None:
                    if event.implicit[0]:
                        if value[:1] in resolvers:
                            hit = memo.get(value, _MISSING)
                            if hit is _MISSING:
                                if value == "<<":  # never memoized: a key '<<' merges
                                    hit = _MERGE_KEY if top.is_map and top.key is _NO_KEY else value
                                else:
                                    hit = _construct(_resolve_plain(value), value)
                                    if len(value) <= 64:
                                        if len(memo) > 20_000:
                                            memo.clear()
                                        memo[value] = hit
                            value = hit
                    elif event.style == '"' and not value.isprintable():
                        value = XML_FORBIDDEN.sub("", value)
                else:
                    value = self._tagged(event, self._path(top), line, column)
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1, 0)
                height = 0
                node_is_scalar = True
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                count += 1
                path = self._path(top)
                if count > MAX_NODES:
                    raise _TooBig(path, _TOO_MANY, line, column)
                if len(stack) >= MAX_DEPTH:
                    raise _TooBig(path, _TOO_DEEP, line, column, "too-deep")
                tag = event.tag
                if tag is not None and tag != "!" and tag != _SEQ and tag != _MAP:
                    self._bad_tag(tag, path, line, column)
                if top is None or not top.is_map or top.key is not _NO_KEY:
                    positions.setdefault(path, (line, column))
                top = _Frame({} if cls is MappingStartEvent else [], cls is MappingStartEvent, path, event.anchor, count - 1, line, column)
                stack.append(top)
                event = get()
                continue
            elif cls is AliasEvent:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                anchored = anchors.get(event.anchor)
                if anchored is None:
                    self.result.problems.append(
                        Problem(self.display, line, column, self._path(top), f"alias '*{event.anchor}' has no anchor '&{event.anchor}' before it",
                                hint="an alias may not be used inside its own anchor", code="syntax")
                    )
                    anchored = (None, 1, 0)
                value, size, height = anchored
                count += size
                if count > MAX_NODES:
                    raise _TooBig(self._path(top), _TOO_MANY, line, column)
                if len(stack) + height > MAX_DEPTH:
                    raise _TooBig(self._path(top), _TOO_DEEP, line, column, "too-deep")
                node_is_scalar = True
            else:
                # A collection ends (MappingEndEvent / SequenceEndEvent).
                frame = stack.pop()
                value = frame.value
                if frame.merges:
                    self._merge(frame)
                height = frame.height
                if frame.anchor is not None:
                    anchors[frame.anchor] = (value, count - frame.count, height)
                if not stack:
                    self.count = count
                    return value
                top = stack[-1]
                line, column = frame.line, frame.column
                node_is_scalar = False

            # Attach the finished node to its parent.
            if top.height <= height:
                top.height = height + 1
            if top.is_map:
                key = top.key
                if key is _NO_KEY:  # the node is a key
                    if type(value) is str and node_is_scalar and value not in top.value:
                        child = f"{top.path}.{value}" if top.path else value
                        key_positions[child] = (line, column)
                        top.key = value
                        top.child = child
                    else:
                        top.key = self._key(top, value, node_is_scalar, line, column, event.value if cls is ScalarEvent else None)
                else:
                    top.key = _NO_KEY
                    if key is _SKIP:
                        pass
                    elif key is _MERGE_KEY:
                        top.merges.append((value, line, column))
                    else:
                        top.value[key] = value
                        if node_is_scalar:
                            positions.setdefault(top.child, (line, column))
            else:
                if node_is_scalar:
                    positions.setdefault(f"{top.path}[{len(top.value)}]", (line, column))
                top.value.append(value)
            event = get()

    @staticmethod
    def _path(top: Any) -> str:
        """The key path of the node that starts now under ``top``."""
        if top is None:
            return ""
        if not top.is_map:
            return f"{top.path}[{len(top.value)}]"
        key = top.key
        if key is _NO_KEY or key is _SKIP or key is _MERGE_KEY:
            return top.path
        return top.child

    def _key(self, top: _Frame, value: Any, node_is_scalar: bool, line: int, column: int, raw: Optional[str] = None) -> Any:
        """The key a mapping's next value goes under, or a marker to drop it (slow path)."""
        if value is _MERGE_KEY:
            return _MERGE_KEY
        if not node_is_scalar or isinstance(value, (list, dict)):
            self.result.problems.append(
                Problem(self.display, line, column, top.path, "found a list or mapping used as a key, expected a key name",
                        hint="a '?' or '[' may have started a key by mistake")
            )
            return _SKIP
        if not isinstance(value, str) or isinstance(value, BigNumber):
            shown = raw if raw else "null" if value is None else (str(value).lower() if isinstance(value, bool) else str(value))
            kind = "a boolean" if isinstance(value, bool) else "a number" if isinstance(value, (int, float, BigNumber)) else "null"
            self.result.problems.append(
                Problem(self.display, line, column, join(top.path, shown), f"found key {shown!r} read as {kind}, expected a name",
                        hint="quote the key")
            )
            value = shown
        key = str(value)
        child = join(top.path, key)
        if key in top.value:
            first = self.result.key_positions.get(child, (0, 0))[0]
            self.result.problems.append(
                Problem(self.display, line, column, child, f"key '{key}' given twice in one mapping (first on line {first})",
                        code="duplicate-key", hint="remove one of them; the first is used")
            )
            return _SKIP
        self.result.key_positions[child] = (line, column)
        top.child = child
        return key

    def _merge(self, frame: _Frame) -> None:
        out = frame.value
        for value, line, column in frame.merges:
            if value is None:
                continue  # an alias without anchor: already reported
            items = value if isinstance(value, list) else [value]
            if not all(isinstance(item, dict) for item in items):
                self.result.problems.append(
                    Problem(self.display, line, column, frame.path, "found '<<' with a value that is not a mapping, expected a mapping or a list of mappings",
                            code="syntax")
                )
                continue
            for item in items:
                for key, merged in item.items():
                    out.setdefault(key, merged)

    def _bad_tag(self, tag: str, path: str, line: int, column: int) -> None:
        shown = tag.replace(_T, "!!")
        self.result.problems.append(
            Problem(self.display, line, column, path, f"found the YAML tag '{shown}', expected plain YAML without tags",
                    hint="remove the tag; map files hold only text, numbers, lists and mappings", code="syntax")
        )

    def _tagged(self, event: Any, path: str, line: int, column: int) -> Any:
        """A scalar with an explicit tag (``!!str 12``, ``!foo x``)."""
        value = XML_FORBIDDEN.sub("", event.value)
        tag = event.tag
        if tag == "!":
            return value
        if tag not in _SCALAR_TAGS:
            self._bad_tag(tag, path, line, column)
            return value
        return _construct(tag, value)


# -- helpers -----------------------------------------------------------------
def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def as_text(value: Any) -> str:
    """A validated text value (text or a number) as plain text; None is ''."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    return str(value)


def texts(value: Any) -> list[str]:
    """A validated single item or list as a list of texts, blank items left out."""
    if value is None:
        return []
    out = []
    for item in value if type(value) is list else (value,):
        text = item if type(item) is str else as_text(item)
        if text and not text.isspace():
            out.append(text)
    return out


def _unique_id(wanted: str, fallback: str, taken: set[str]) -> str:
    base = wanted or fallback
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _schema_problems(doc: YamlFile, kind: str) -> list[Any]:
    """Validate a document against its schema; its violations (each also an error of the file)."""
    violations = validate(doc.data, S.SCHEMAS[kind])
    for v in violations:
        # A missing key is reported at the key of the mapping that lacks it, when it has one.
        doc.error(v.path, v.message, v.hint, at_key=v.at_key or v.message.startswith("missing required key"))
    return violations


class _Pruned:
    """A list item left out of a file's valid part; the other items keep their index (and key path)."""

    __slots__ = ()

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<left out>"


_PRUNED = _Pruned()


def valid_part(data: Any, kind: str, violations: list[Any]) -> Any:
    """What of a file's values its schema accepts: a copy without each value that violates it.

    A key whose value is wrong is left out of its mapping; a wrong list item
    becomes :data:`_PRUNED` (so the other items keep their key paths); a
    mapping that lacks a required key is left out as a whole, except the top.
    Leaving things out can break a rule further up (a mapping then lacks a
    required key), so this repeats until the schema accepts the rest.
    """
    schema = S.SCHEMAS[kind]
    dropped: set[str] = set()
    for _ in range(MAX_DEPTH + 2):
        new = {v.path for v in violations if v.path and not _under(v.path, dropped)}
        if not new:
            break
        dropped |= new
        data = _without(data, "", dropped)
        violations = validate(data, schema)
    return data


def _under(path: str, dropped: set[str]) -> bool:
    probe = path
    while probe:
        if probe in dropped:
            return True
        parent = _LAST_STEP.sub("", probe)
        probe = parent if parent != probe else ""
    return False


def _without(value: Any, path: str, dropped: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _without(v, join(path, k), dropped) for k, v in value.items() if join(path, k) not in dropped}
    if isinstance(value, list):
        return [_PRUNED if join(path, i) in dropped else _without(v, join(path, i), dropped) for i, v in enumerate(value)]
    return value


def _items(value: Any) -> list[tuple[int, Any]]:
    """A validated list with its indices, the items left out of a file's valid part skipped."""
    return [(i, item) for i, item in enumerate(value or ()) if item is not _PRUNED]


def file_id(relative: PurePosixPath) -> str:
    stem = relative.name.rsplit(".", 1)[0]
    return stem if _ID.match(stem) else slugify(stem) or "map"


# -- journeys ----------------------------------------------------------------
def build_journey(doc: YamlFile, relative: str, partial: Optional[dict[str, PartialJourney]] = None) -> Journey:
    """A journey from a parsed file; a broken one keeps its id, title and problems.

    When the file breaks its schema, the valid parts of it go into ``partial``
    (by ``relative``): their references are checked, no page shows them.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    default_id = file_id(PurePosixPath(relative))
    jid = data.get("id") if isinstance(data.get("id"), str) and _ID.match(data.get("id", "")) else default_id
    title = data.get("title")
    journey = Journey(id=jid, title=as_text(title) if isinstance(title, (str, int, float)) and not isinstance(title, bool) and str(title).strip() else PurePosixPath(relative).name, source=relative)
    journey.problems = doc.problems
    if doc.data is None:
        return journey
    violations = _schema_problems(doc, "journey")
    if violations:
        if partial is not None:
            part = Journey(id=jid, title=journey.title, source=relative)
            _fill_journey(part, valid_part(data, "journey", violations), doc)
            part.problems = doc.problems
            partial[relative] = PartialJourney(part, _raw_step_ids(data))
        return journey
    _fill_journey(journey, data, doc)
    return journey


def _raw_step_ids(data: dict[str, Any]) -> set[str]:
    """The ids written on every step of a journey file, valid or not (and as ids: ``Insta_Ad`` is ``insta-ad``)."""
    found: set[str] = set()
    for stage in data.get("stages") if isinstance(data.get("stages"), list) else ():
        steps = stage.get("steps") if isinstance(stage, dict) else None
        for step in steps if isinstance(steps, list) else ():
            if isinstance(step, dict) and isinstance(step.get("id"), str):
                found.update((step["id"], slugify(step["id"])))
    return found


def _fill_journey(journey: Journey, data: dict[str, Any], doc: YamlFile) -> None:
    """A journey's content from values its schema accepts (all of a file, or its valid part)."""
    journey.summary = as_text(data.get("summary"))
    journey.state = data.get("state", "current")
    journey.counterpart = data.get("counterpart", "")
    journey.personas = texts(data.get("personas"))
    journey.goal = as_text(data.get("goal"))
    journey.scope = as_text(data.get("scope"))
    journey.owner = as_text(data.get("owner"))
    journey.reviewed = as_date(data.get("reviewed"))
    journey.review_every = _int(data.get("review_every"))
    journey.evidence = texts(data.get("evidence"))
    journey.promises = texts(data.get("promises")) if "promises" in data else None
    journey.tags = texts(data.get("tags"))
    journey.pos = Pos(*doc.where(""))

    # Explicit ids are reserved first, so a generated id never takes one.
    stages = _items(data.get("stages"))
    stage_ids: set[str] = {s["id"] for _, s in stages if "id" in s}
    step_ids: set[str] = {t["id"] for _, s in stages for _, t in _items(s["steps"]) if "id" in t}
    explicit_steps: dict[str, str] = {}
    explicit_stages: dict[str, str] = {}
    number = 0  # steps so far
    for si, sdata in stages:
        spath = f"stages[{si}]"
        sid = sdata.get("id")
        if sid is not None:
            if sid in explicit_stages:
                doc.error(join(spath, "id"), f"stage id '{sid}' is used twice in this journey (also at {_at_line(doc, explicit_stages[sid])})",
                          code="duplicate-id", hint="give each stage its own 'id'")
            explicit_stages[sid] = spath
        stage = Stage(
            id=_unique_id(slugify(as_text(sdata["name"])), f"stage-{si + 1}", stage_ids) if sid is None else sid,
            name=as_text(sdata["name"]),
            goal=as_text(sdata.get("goal")),
            description=as_text(sdata.get("description")),
            pos=Pos(*doc.where(spath)),
            path=spath,
        )
        stage_ids.add(stage.id)
        for ti, tdata in _items(sdata["steps"]):
            tpath = f"{spath}.steps[{ti}]"
            number += 1
            tid = tdata.get("id")
            if tid is not None:
                if tid in explicit_steps:
                    doc.error(join(tpath, "id"), f"step id '{tid}' is used twice in this journey (also at {_at_line(doc, explicit_steps[tid])})",
                              code="duplicate-id", hint="give each step its own 'id'")
                explicit_steps[tid] = tpath
            step = Step(
                id=tid if tid is not None else _unique_id(slugify(as_text(tdata["touchpoint"])), f"step-{number}", step_ids),
                touchpoint=as_text(tdata["touchpoint"]),
                channel=as_text(tdata.get("channel")),
                actions=texts(tdata.get("actions")),
                questions=texts(tdata.get("questions")),
                motivations=texts(tdata.get("motivations")),
                pain_points=texts(tdata.get("pain_points")),
                emotion=_int(tdata.get("emotion")),
                quote=as_text(tdata.get("quote")),
                opportunities=texts(tdata.get("opportunities")),
                owner=as_text(tdata.get("owner")),
                pos=Pos(*doc.where(tpath)),
                path=tpath,
            )
            step_ids.add(step.id)
            metric_ids: set[str] = set()
            for mi, mdata in _items(tdata.get("metrics")):
                mid = mdata.get("id") or slugify(as_text(mdata["name"])) or f"metric-{mi + 1}"
                if mid in metric_ids:
                    where = f"{tpath}.metrics[{mi}]" + (".id" if "id" in mdata else "")
                    doc.error(where, f"metric id '{mid}' is used twice in this step", hint="give each metric its own 'id'", code="duplicate-id")
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
                step.next = _next_links(doc, step, [i for i in as_list(tdata["next"]) if i is not _PRUNED])
            for lane_id, items in (tdata.get("lanes") or {}).items():
                step.lanes[lane_id] = texts(items)
            stage.steps.append(step)
        journey.stages.append(stage)
    _check_arrow_count(doc, journey)


def _next_links(doc: YamlFile, step: Step, items: list[Any]) -> list[NextLink]:
    """A step's ``next`` links, each target once.

    A target given again adds nothing: the first link to it (and its label)
    is kept, the repeats are dropped with one warning per target, at its
    first repeat, naming any label that is lost. More than :data:`MAX_NEXT`
    different targets is an error (the journey is broken, as with any
    error); only the first :data:`MAX_NEXT` are kept.
    """
    path = f"{step.path}.next"
    links: dict[str, NextLink] = {}  # target -> first link (dicts keep order)
    repeats: dict[str, list[int]] = {}  # target -> indexes of the links that repeat it
    for i, item in enumerate(items):
        link = NextLink(item["to"], as_text(item.get("label"))) if isinstance(item, dict) else NextLink(item)
        if link.to in links:
            repeats.setdefault(link.to, []).append(i)
        else:
            links[link.to] = link
    for target, where in repeats.items():
        doc.error(f"{path}[{where[0]}]", _repeat_message(links[target], [items[i] for i in where]),
                  "list each step once in 'next', with one label that covers every case",
                  code="duplicate-next", severity="warning")
    if len(links) > MAX_NEXT:
        doc.error(path, f"found {len(links)} different steps in 'next', expected at most {MAX_NEXT}",
                  "a step leads to a few others; split it into several steps", code="too-many-links")
    return list(links.values())[:MAX_NEXT]


def _repeat_message(kept: NextLink, repeats: list[Any]) -> str:
    """What a warning about a ``next`` target given more than once says."""
    times = "twice" if len(repeats) == 1 else f"{len(repeats) + 1} times"
    message = f"step '{kept.to}' is listed {times} in 'next'; only the first link is used"
    labels = (as_text(item.get("label")) for item in repeats if isinstance(item, dict))
    lost = sorted({label for label in labels if label and label != kept.label})
    if lost:
        shown = ", ".join(f"'{label}'" for label in lost[:3]) + (", ..." if len(lost) > 3 else "")
        message += f" (label '{kept.label}'); not shown: {shown}" if kept.label else f"; not shown: {shown}"
    return message


def _check_arrow_count(doc: YamlFile, journey: Journey) -> None:
    """An error when the journey draws more than :data:`MAX_ARROWS` arrows, at the step that goes past it."""
    count = 0
    for step, _ in unusual_links(journey):
        count += 1
        if count > MAX_ARROWS:
            message = f"found more than {MAX_ARROWS} arrows (branches and loops) in this journey, expected at most"
            doc.error(f"{step.path}.next", f"{message} {MAX_ARROWS}; this step's 'next' goes past the limit",
                      "link fewer steps, or split the journey", code="too-many-links")
            return


def _at_line(doc: YamlFile, path: str) -> str:
    line = doc.where(path)[0]
    return f"{path}, line {line}" if line else path


def _int(value: Any) -> Optional[int]:
    """An integer from a validated value (JSON Schema counts 4.0 as an integer)."""
    if value is None or isinstance(value, bool):
        return None
    return int(value) if isinstance(value, (int, float)) else None


# -- personas ------------------------------------------------------------------
def build_persona(doc: YamlFile, relative: str, docs_dir: Optional[Path]) -> Persona:
    data = doc.data if isinstance(doc.data, dict) else {}
    pid = data.get("id") if isinstance(data.get("id"), str) and _ID.match(data.get("id", "")) else file_id(PurePosixPath(relative))
    name = data.get("name")
    persona = Persona(id=pid, name=as_text(name) if isinstance(name, (str, int, float)) and not isinstance(name, bool) else pid, source=relative)
    persona.problems = doc.problems
    if doc.data is None:
        return persona
    violations = _schema_problems(doc, "persona")
    if violations:
        # No page shows a broken persona's content; its photo path is still checked.
        photo = valid_part(data, "persona", violations).get("photo")
        if photo:
            _check_photo(doc, photo, docs_dir)
        return persona
    for key in ("tagline", "role", "bio", "quote"):
        setattr(persona, key, as_text(data.get(key)))
    persona.value = data.get("value", "")
    for key in ("goals", "needs", "pain_points", "behaviours", "channels", "evidence"):
        setattr(persona, key, texts(data.get(key)))
    photo = data.get("photo")
    if photo and _check_photo(doc, photo, docs_dir):
        persona.photo = PurePosixPath(photo.replace("\\", "/")).as_posix()
    persona.pos = Pos(*doc.where(""))
    persona.problems = doc.problems
    return persona


def _check_photo(doc: YamlFile, photo: str, docs_dir: Optional[Path]) -> bool:
    """Whether a persona's photo path can be used; an error of the file when not."""
    problem = check_docs_path(photo, docs_dir)
    if problem:
        doc.error("photo", problem[0], problem[1], code="path")
    return problem is None


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
        try:
            target = (docs_dir / text).resolve()
            target.relative_to(docs_dir.resolve())
        except ValueError:
            return f"path {value!r} leads outside docs_dir (through a symbolic link)", "keep pictures inside docs_dir"
        except (OSError, RuntimeError) as exc:
            return f"path {value!r} cannot be used: {getattr(exc, 'strerror', None) or exc}", ""
        try:
            found = target.is_file()
        except OSError:
            found = False
        if not found:
            return f"file {value!r} not found in docs_dir", ""
    return None


# -- brand ---------------------------------------------------------------------
def build_brand(doc: YamlFile, relative: str) -> Brand:
    brand = Brand(source=relative)
    brand.problems = doc.problems
    if doc.data is None:
        return brand
    violations = _schema_problems(doc, "brand")
    # A broken brand file still gives the promises, channels and lanes written correctly.
    data = valid_part(doc.data, "brand", violations) if violations else doc.data
    brand.name = as_text(data.get("name"))
    for key, kind in (("promises", "promise"), ("channels", "channel"), ("lanes", "lane")):
        seen: dict[str, int] = {}
        for index, item in _items(data.get(key)):
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
        err(1, 1, "header", f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; expected a header row: {','.join(CSV_COLUMNS)}", hint)
        return problems
    col = {name: header.index(name) for name in CSV_COLUMNS}
    latest: dict[tuple[str, str, str], tuple[_dt.date, float, str]] = {}
    # A journey with schema errors: the steps of its valid parts (a row naming a step left out is not checked).
    steps_by_journey = {jid: {s.id: s for s in (project.content_of(j) or j).steps} for jid, j in project.journeys.items()}

    for line_no, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue

        def column_of(index: int, line_no: int = line_no) -> int:
            starts = _cell_starts(lines[line_no - 1] if 0 < line_no <= len(lines) else "")
            return starts[index] if index < len(starts) else 1

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
        whole = project.content_of(journey) is journey
        if step is None:
            if whole:  # else the step may be one left out of a broken file
                err(line_no, column_of(col["step"]), "step", f"unknown step '{step_id}' in journey '{journey_id}'", did_you_mean(step_id, steps))
            continue
        metric = next((m for m in step.metrics if m.id == metric_id), None)
        if metric is None and not whole:
            continue  # the metric may be one left out
        if metric is None:
            err(line_no, column_of(col["metric"]), "metric", f"unknown metric '{metric_id}' in step '{step_id}'",
                did_you_mean(metric_id, [m.id for m in step.metrics]) or (f"expected one of: {', '.join(m.id for m in step.metrics)}" if step.metrics else "the step has no metrics"))
            continue
        try:
            actual = float(actual_text)
            if "_" in actual_text or not math.isfinite(actual) or abs(actual) > MAX_NUMBER:
                raise ValueError
        except ValueError:
            err(line_no, column_of(col["actual"]), "actual", f"found {actual_text!r}, expected a number" +
                (" (at most 10^15)" if re.fullmatch(r"[-+]?\d[\d.eE+-]*", actual_text) else ""),
                "write numbers with a '.' and no thousands separators, e.g. 1234.5" if "," in actual_text or " " in actual_text else "")
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


def holds_maps(folder: Path) -> bool:
    """Whether a folder holds a file that :func:`load_project` would read (stops at the first)."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
        for name in files:
            lower = name.lower()
            if not name.startswith(".") and lower.endswith(_YAML_EXT + (".csv",)):
                return True
    return False


def load_project(
    maps_dir: Path,
    *,
    docs_dir: Optional[Path] = None,
    display_root: Optional[Path] = None,
    max_file_size: int = MAX_FILE_SIZE,
    cache: Optional[dict[str, Any]] = None,
    jobs: int = 1,
    layout: Layout = Layout(),
) -> Project:
    """Load, validate and link every file in ``maps_dir``.

    ``display_root`` is the folder that file names in messages are relative
    to (the site root; default: the parent of ``maps_dir``). ``cache`` (any
    dict kept between calls) lets unchanged files skip parsing. ``jobs`` > 1
    parses big folders in that many processes (forked; Linux only, and only
    for single-threaded callers such as ``mkdocs-cjm check``). ``layout``
    places the pages: two pages that want one URI are an error
    (:func:`mkdocs_cjm.uris.plan_pages`). Nothing raises on bad input: a file that cannot be used yields problems, and
    every other file is still loaded.
    """
    # The values built here hold no reference cycles; the cyclic garbage
    # collector would only re-scan them over and over (a fifth of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_project(Path(maps_dir), docs_dir, display_root, max_file_size, cache, jobs, layout)
    finally:
        if collecting:
            gc.enable()


def _load_project(
    maps_dir: Path, docs_dir: Optional[Path], display_root: Optional[Path], max_file_size: int, cache: Optional[dict[str, Any]], jobs: int = 1,
    layout: Layout = Layout(),
) -> Project:
    root = display_root if display_root is not None else maps_dir.parent
    project = Project()
    positions: dict[str, Positions] = {}
    key_positions: dict[str, Positions] = {}
    display: dict[str, str] = {}
    project.__dict__[_SOURCES] = Sources(positions, key_positions, display)

    def shown(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    if not maps_dir.is_dir():
        project.problems.append(Problem(shown(maps_dir), 0, 0, "", "maps folder not found", code="io",
                                        hint="create it, or set the plugin option maps_dir"))
        return project
    real_maps = maps_dir.resolve()

    personas: list[Persona] = []
    journeys: list[Journey] = []
    csv_files: list[Path] = []
    yaml_files: list[Path] = []
    for path in _walk(maps_dir):
        relative = path.relative_to(maps_dir).as_posix()
        lower = relative.lower()
        is_csv = lower.startswith("data/") and lower.endswith(".csv")
        if not is_csv and not lower.endswith(_YAML_EXT):
            continue
        if path.is_symlink() and not _inside(path, real_maps):
            # e.g. maps/x.yml -> ~/.ssh/id_rsa: never read, never quoted in a message.
            project.problems.append(Problem(shown(path), 0, 0, "", "file is a symbolic link to outside the maps folder; it is not read",
                                            code="path", hint="copy the file into the maps folder"))
            continue
        (csv_files if is_csv else yaml_files).append(path)

    parsed: dict[Path, YamlFile] = {}
    if jobs > 1 and cache is None and len(yaml_files) >= _PARALLEL_FROM:
        parsed = _parse_parallel([(path, shown(path)) for path in yaml_files], max_file_size, jobs)
    for path in yaml_files:
        relative = path.relative_to(maps_dir).as_posix()
        lower = relative.lower()
        doc = parsed.get(path) or _read_cached(path, shown(path), max_file_size, cache)
        positions[relative] = doc.positions
        key_positions[relative] = doc.key_positions
        display[relative] = doc.display
        if lower in ("brand.yml", "brand.yaml"):
            if project.brand.source:
                project.problems.append(Problem(doc.display, 1, 1, "", f"a second brand file; '{project.brand.source}' is already read",
                                                code="duplicate-id", hint="keep one brand file"))
                continue
            project.brand = build_brand(doc, relative)
            positions["brand"], display["brand"] = doc.positions, doc.display
        elif lower.startswith("personas/"):
            personas.append(build_persona(doc, relative, docs_dir))
        else:
            journeys.append(build_journey(doc, relative, project.partial))

    for persona in personas:
        if persona.id in project.personas:
            first = project.personas[persona.id]
            path = "id" if "id" in positions[persona.source] else ""
            line, column = positions[persona.source].get(path, (1, 1))
            persona.problems.append(Problem(display[persona.source], line, column, path,
                                            f"persona id '{persona.id}' is already used by {display[first.source]}", code="duplicate-id",
                                            hint="give one of them another 'id'" if path else "rename one file, or give it an 'id'"))
            project.broken_files[persona.source] = persona.problems
            continue
        project.personas[persona.id] = persona
    for journey in journeys:
        if journey.id in project.journeys:
            first = project.journeys[journey.id]
            path = "id" if "id" in positions[journey.source] else ""
            line, column = positions[journey.source].get(path, (1, 1))
            journey.problems.append(Problem(display[journey.source], line, column, path,
                                            f"journey id '{journey.id}' is already used by {display[first.source]}", code="duplicate-id",
                                            hint="give one of them another 'id'" if path else "rename one file, or give it an 'id'"))
            project.broken_files[journey.source] = journey.problems
            continue
        project.journeys[journey.id] = journey

    link_project(project, positions, display, key_positions)
    project.page_uris, collisions = plan_pages(project, layout, positions, display)
    project.problems.extend(collisions)
    for path in csv_files:
        project.problems.extend(apply_metrics_csv(path, shown(path), project, max_size=max_file_size))
    return project


#: Fewest YAML files worth parsing in several processes.
_PARALLEL_FROM = 24


def _parse_parallel(items: list[tuple[Path, str]], max_size: int, jobs: int) -> dict[Path, YamlFile]:
    """Parse files in ``jobs`` processes (this one included); {} where that is not possible."""
    import multiprocessing
    import sys

    if not sys.platform.startswith("linux"):
        return {}
    jobs = min(jobs, len(items))
    chunks = [items[i::jobs] for i in range(jobs)]
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs - 1) as pool:
            pending = [pool.apply_async(_parse_packed, (chunk, max_size)) for chunk in chunks[1:]]
            found = {path: read_yaml(path, shown, max_size=max_size) for path, shown in chunks[0]}
            for chunk, result in zip(chunks[1:], pending):
                for (path, _), doc in zip(chunk, _unpack(result.get(timeout=600))):
                    found[path] = doc
    except Exception:  # pragma: no cover - no processes here: parse in this one
        return {}
    return found


def _parse_packed(chunk: list[tuple[Path, str]], max_size: int) -> bytes:
    """Parse files in a worker; the result packed with marshal (several times faster than pickle)."""
    import marshal
    import pickle

    gc.disable()
    rows = []
    for path, shown in chunk:
        doc = read_yaml(path, shown, max_size=max_size)
        rows.append((doc.display, doc.data, doc.positions, doc.key_positions,
                     [(p.file, p.line, p.column, p.path, p.message, p.severity, p.code, p.hint) for p in doc.problems]))
    try:
        return b"m" + marshal.dumps(rows)
    except ValueError:  # a BigNumber (a str subclass) is not marshallable
        return b"p" + pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(blob: bytes) -> list[YamlFile]:
    import marshal
    import pickle

    rows = marshal.loads(blob[1:]) if blob[:1] == b"m" else pickle.loads(blob[1:])
    return [YamlFile(display, data, positions, key_positions, [Problem(*p) for p in problems])
            for display, data, positions, key_positions, problems in rows]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


_SOURCES = "_cjm_sources"


@dataclass
class Sources:
    """Where things are in the files of a project (by path relative to the maps folder)."""

    #: key path -> (line, column) of its value, per file
    positions: dict[str, Positions]
    #: key path -> (line, column) of the key itself, per file
    key_positions: dict[str, Positions]
    #: the file name shown in messages, per file
    display: dict[str, str]

    def where(self, source: str, path: str, *, at_key: bool = False) -> tuple[int, int]:
        """The position of a key path in a file, or of its closest ancestor that has one."""
        doc = YamlFile(self.display.get(source, source), None, self.positions.get(source, {}), self.key_positions.get(source, {}))
        return doc.where(path, at_key=at_key)


def sources(project: Project) -> Sources:
    """Positions and display names of the files :func:`load_project` read."""
    found = project.__dict__.get(_SOURCES)
    return found if isinstance(found, Sources) else Sources({}, {}, {})


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
