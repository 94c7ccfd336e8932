"""One YAML file's bytes to its values with positions; every problem collected, never raised.

The file must be UTF-8 text holding one YAML document whose top is a mapping. The values are built by
:class:`~mkdocs_cjm.load.yaml_events.EventBuilder`; what goes wrong is told in plain words (a tab in the
indentation, an unclosed quote), at a position inside the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import yaml

from ..problems import Problem
from .positions import YamlFile
from .yaml_events import FAST_LOADER, MAX_DEPTH, EventBuilder, TooBig

#: Default largest map file read, in bytes (plugin option ``max_file_size``).
MAX_FILE_SIZE = 1024 * 1024

#: The loader whose events are read (tests swap in the pure-Python one).
_Loader: Any = FAST_LOADER


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
    return Problem(
        display,
        0,
        0,
        "",
        f"file is {size} bytes, larger than the limit of {max_size} bytes",
        code="too-large",
        hint="split the map, or raise the plugin option max_file_size",
    )


def parse_yaml(raw: bytes, display: str, result: Optional[YamlFile] = None) -> YamlFile:
    """Parse the bytes of one YAML file into values with positions.

    Never raises on bad input. The file must be UTF-8 text holding one YAML
    document whose top is a mapping; nesting deeper than :data:`MAX_DEPTH`
    levels, or more than :data:`~mkdocs_cjm.load.yaml_events.MAX_NODES` values once aliases are expanded
    ("billion laughs"), is an error found while parsing, before anything
    large is built.
    """
    result = result if result is not None else YamlFile(display)
    for bom, name in _BOMS:
        if raw.startswith(bom):
            result.problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "",
                    f"file is {name} text, expected UTF-8",
                    code="encoding",
                    hint="save the file as UTF-8",
                )
            )
            return result
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        result.problems.append(
            Problem(display, line, 1, "", "file holds binary data (a NUL byte), expected UTF-8 text", code="encoding")
        )
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        result.problems.append(
            Problem(
                display,
                line,
                column,
                "",
                f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                code="encoding",
                hint="save the file as UTF-8",
            )
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
        _read_events(result, text)
    except TooBig as exc:
        result.data = None
        result.problems.append(Problem(display, exc.line, exc.column, exc.path, exc.message, code=exc.code))
    except yaml.MarkedYAMLError as exc:
        result.data = None
        result.problems.append(_syntax_problem(display, exc, text))
    except yaml.reader.ReaderError as exc:
        result.data = None
        position = exc.position if isinstance(exc.position, int) else 0
        # libyaml counts bytes of UTF-8, the pure-Python reader characters.
        before = (
            text.encode("utf-8")[:position].decode("utf-8", "ignore")
            if _Loader is not yaml.SafeLoader
            else text[:position]
        )
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        index = len(before) if _Loader is not yaml.SafeLoader else position
        char = text[index] if index < len(text) else ""
        shown = f"the character U+{ord(char):04X}" if len(char) == 1 else "a control character"
        result.problems.append(
            Problem(
                display,
                line,
                column,
                "",
                f"file holds {shown}, which YAML does not allow",
                code="encoding",
                hint="remove it, or write it as an escape inside double quotes",
            )
        )
    except yaml.YAMLError as exc:  # pragma: no cover - defensive
        result.data = None
        result.problems.append(Problem(display, 1, 1, "", f"YAML error: {exc}", code="syntax"))
    except (RecursionError, MemoryError):  # pragma: no cover - defensive
        result.data = None
        result.problems.append(
            Problem(
                display,
                1,
                1,
                "",
                f"file too complex to read (nesting deeper than {MAX_DEPTH} levels?)",
                code="too-deep",
            )
        )
    except Exception as exc:  # pragma: no cover - the last line of defence: one bad file never stops the build
        result.data = None
        result.problems.append(
            Problem(display, 1, 1, "", f"cannot read YAML: {type(exc).__name__}: {exc}", code="syntax")
        )


def _read_events(result: YamlFile, text: str) -> None:
    """Read the file with :data:`_Loader`; deep nesting that libyaml refuses itself is read again.

    libyaml 0.2.6 (bundled since PyYAML 6.0.4) stops at its own nesting limit (1000) in the
    scanner, which reads flow brackets ahead of the events, so the error comes before the
    events reach :data:`MAX_DEPTH` and lacks the key path. The text up to libyaml's stop is
    then read with the pure-Python parser, whose events stop at :data:`MAX_DEPTH` with the
    same problem, line, column and key path as with an older libyaml or none.
    """
    problems = len(result.problems)
    try:
        EventBuilder(result).read(_Loader, text)
    except yaml.MarkedYAMLError as exc:
        if _Loader is yaml.SafeLoader or "maximum nesting" not in str(exc.problem).lower():
            raise
        mark = exc.problem_mark
        del result.problems[problems:]
        result.data = None
        result.positions.clear()
        result.key_positions.clear()
        EventBuilder(result).read(yaml.SafeLoader, text[: mark.index + 1] if mark is not None else text)


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
    return Problem(
        problem.file, last[0], last[1], problem.path, problem.message, problem.severity, problem.code, problem.hint
    )


_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


#: libyaml's wording -> a hint in plain words.
_SYNTAX_HINTS = (
    ("mapping values are not allowed", "text holding ': ' must be quoted, e.g. quote: \"Note: this\""),
    ("could not find expected ':'", "a line is missing its 'key:', or a text holding ':' or '#' needs quotes"),
    ("did not find expected key", "check the indentation: keys of one mapping line up, list items start with '- '"),
    ("did not find expected '-' indicator", "check the indentation of the list items"),
    (
        "did not find expected ',' or ']'",
        "a '[' list is not closed, or an item holding ',' ':' '[' or ']' needs quotes",
    ),
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
            return Problem(
                display,
                line,
                indent.index("\t") + 1,
                "",
                "tab used for indentation, expected spaces",
                code="syntax",
                hint="YAML indents with spaces only",
            )
    problem = str(exc.problem or "").strip()
    context = str(exc.context or "").strip()
    if "expected a single document" in context + problem or "but found another document" in context + problem:
        return Problem(
            display,
            line,
            column,
            "",
            "file holds more than one YAML document, expected one",
            code="syntax",
            hint="remove the '---' line: one map per file",
        )
    message = problem or context or "invalid YAML"
    if context and problem:
        cmark = exc.context_mark
        where = f" (on line {cmark.line + 1})" if cmark is not None and cmark.line + 1 != line else ""
        message = f"{problem}, {context}{where}"
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in problem or needle in context), "")
    if found == "\t":
        hint = "a tab is used where YAML expects spaces"
    return Problem(display, line, column, "", f"YAML syntax error: {message}", code="syntax", hint=hint)
