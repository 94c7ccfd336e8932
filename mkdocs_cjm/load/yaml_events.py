"""The values of one YAML file, built from libyaml's event stream with the position of every key path.

:class:`EventBuilder` is used rather than ``yaml.safe_load``: that keeps positions, finds keys given twice,
refuses tags, bounds nesting and alias expansion before anything big is built, and never recurses (libyaml's
own composer crashes the interpreter on deeply nested input). Values are those of YAML 1.1's safe loader,
except that dates stay text (as in JSON, so the JSON Schema decides), and numbers beyond 10^15 or infinite stay
text too (:class:`~mkdocs_cjm.validate.BigNumber`). Reading a file (encodings, syntax errors, libyaml's own
nesting limit) is :mod:`mkdocs_cjm.load.yaml_reader`'s job.
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable, Optional

import yaml

from ..problems import Problem
from ..validate import MAX_NUMBER, BigNumber, join
from ..values import XML_FORBIDDEN
from .positions import YamlFile

#: Most YAML values one file may hold once aliases are expanded.
MAX_NODES = 200_000
#: Deepest nesting of mappings and lists accepted.
MAX_DEPTH = 64
#: The fastest safe loader installed: libyaml's when PyYAML has it.
FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TooBig(Exception):
    """A limit is passed: the file's values are not used."""

    def __init__(self, path: str, message: str, line: int, column: int, code: str = "too-big"):
        super().__init__(message)
        self.path, self.message, self.line, self.column, self.code = path, message, line, column, code


# Tags (after libyaml resolved !! handles) and what the loader makes of them.
_T = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP = (
    _T + "str",
    _T + "null",
    _T + "bool",
    _T + "int",
    _T + "float",
    _T + "timestamp",
)
_MERGE, _VALUE, _SEQ, _MAP = _T + "merge", _T + "value", _T + "seq", _T + "map"
_SCALAR_TAGS = frozenset({_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP, _MERGE, _VALUE})
_RESOLVERS: dict[Any, list[tuple[str, re.Pattern[str]]]] = FAST_LOADER.yaml_implicit_resolvers
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


class EventBuilder:
    """Builds values from libyaml's event stream, without recursion.

    libyaml's own composer recurses in C and crashes the interpreter on a
    few hundred thousand nested brackets; here nesting is a list that stops
    growing at :data:`MAX_DEPTH`. An alias counts as many values as its
    anchor holds, so a "billion laughs" file is refused at the first alias
    that goes over :data:`MAX_NODES`, and alias values are shared, not copied.
    Positions are recorded for every key path in the file (paths inside an
    alias point at the alias).
    """

    def __init__(self, result: YamlFile):
        self.result = result
        self.display = result.display
        self.count = 0
        #: anchor -> (value, values it holds, height)
        self.anchors: dict[str, tuple[Any, int, int]] = {}

    def read(self, loader_class: Any, text: str) -> None:
        """Build the file's values from the events of ``loader_class`` reading ``text``."""
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
                    Problem(
                        self.display,
                        mark.line + 1,
                        mark.column + 1,
                        "",
                        f"found {kind} at the top of the file, expected a mapping (key: value)",
                        code="not-mapping",
                    )
                )
                return
            event = get()  # DocumentEnd
            event = get()
            if isinstance(event, yaml.DocumentStartEvent):
                mark = event.start_mark
                self.result.data = None
                self.result.problems.append(
                    Problem(
                        self.display,
                        mark.line + 1,
                        mark.column + 1,
                        "",
                        "file holds more than one YAML document, expected one",
                        code="syntax",
                        hint="remove the '---' line: one map per file",
                    )
                )
        finally:
            loader.dispose()

    def _empty(self) -> None:
        self.result.problems.append(
            Problem(self.display, 1, 1, "", "file is empty, expected a mapping (key: value)", code="empty")
        )

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
                    raise TooBig(self._path(top), _TOO_MANY, line, column)
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
                    raise TooBig(path, _TOO_MANY, line, column)
                if len(stack) >= MAX_DEPTH:
                    raise TooBig(path, _TOO_DEEP, line, column, "too-deep")
                tag = event.tag
                if tag is not None and tag != "!" and tag != _SEQ and tag != _MAP:
                    self._bad_tag(tag, path, line, column)
                if top is None or not top.is_map or top.key is not _NO_KEY:
                    positions.setdefault(path, (line, column))
                top = _Frame(
                    {} if cls is MappingStartEvent else [],
                    cls is MappingStartEvent,
                    path,
                    event.anchor,
                    count - 1,
                    line,
                    column,
                )
                stack.append(top)
                event = get()
                continue
            elif cls is AliasEvent:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                anchored = anchors.get(event.anchor)
                if anchored is None:
                    self.result.problems.append(
                        Problem(
                            self.display,
                            line,
                            column,
                            self._path(top),
                            f"alias '*{event.anchor}' has no anchor '&{event.anchor}' before it",
                            hint="an alias may not be used inside its own anchor",
                            code="syntax",
                        )
                    )
                    anchored = (None, 1, 0)
                value, size, height = anchored
                count += size
                if count > MAX_NODES:
                    raise TooBig(self._path(top), _TOO_MANY, line, column)
                if len(stack) + height > MAX_DEPTH:
                    raise TooBig(self._path(top), _TOO_DEEP, line, column, "too-deep")
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
                        top.key = self._key(
                            top, value, node_is_scalar, line, column, event.value if cls is ScalarEvent else None
                        )
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

    def _key(
        self, top: _Frame, value: Any, node_is_scalar: bool, line: int, column: int, raw: Optional[str] = None
    ) -> Any:
        """The key a mapping's next value goes under, or a marker to drop it (slow path)."""
        if value is _MERGE_KEY:
            return _MERGE_KEY
        if not node_is_scalar or isinstance(value, (list, dict)):
            self.result.problems.append(
                Problem(
                    self.display,
                    line,
                    column,
                    top.path,
                    "found a list or mapping used as a key, expected a key name",
                    hint="a '?' or '[' may have started a key by mistake",
                )
            )
            return _SKIP
        if not isinstance(value, str) or isinstance(value, BigNumber):
            shown = (
                raw
                if raw
                else "null"
                if value is None
                else (str(value).lower() if isinstance(value, bool) else str(value))
            )
            kind = (
                "a boolean"
                if isinstance(value, bool)
                else "a number"
                if isinstance(value, (int, float, BigNumber))
                else "null"
            )
            self.result.problems.append(
                Problem(
                    self.display,
                    line,
                    column,
                    join(top.path, shown),
                    f"found key {shown!r} read as {kind}, expected a name",
                    hint="quote the key",
                )
            )
            value = shown
        key = str(value)
        child = join(top.path, key)
        if key in top.value:
            first = self.result.key_positions.get(child, (0, 0))[0]
            self.result.problems.append(
                Problem(
                    self.display,
                    line,
                    column,
                    child,
                    f"key '{key}' given twice in one mapping (first on line {first})",
                    code="duplicate-key",
                    hint="remove one of them; the first is used",
                )
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
                    Problem(
                        self.display,
                        line,
                        column,
                        frame.path,
                        "found '<<' with a value that is not a mapping, expected a mapping or a list of mappings",
                        code="syntax",
                    )
                )
                continue
            for item in items:
                for key, merged in item.items():
                    out.setdefault(key, merged)

    def _bad_tag(self, tag: str, path: str, line: int, column: int) -> None:
        shown = tag.replace(_T, "!!")
        self.result.problems.append(
            Problem(
                self.display,
                line,
                column,
                path,
                f"found the YAML tag '{shown}', expected plain YAML without tags",
                hint="remove the tag; map files hold only text, numbers, lists and mappings",
                code="syntax",
            )
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
