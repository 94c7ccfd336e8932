"""Where things are in the files read: the line and column of every key path.

A key path names a value in a file the way messages show it (``stages[0].steps[2].next[1]``). A value built from
an alias, or one left out of the file, has no position of its own: :func:`where` then gives the position of the
nearest ancestor that has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from ..problems import Problem

#: key path -> (line, column), both 1-based
Positions = dict[str, tuple[int, int]]

_LAST_STEP = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


def without_last_step(path: str) -> str:
    """``path`` without its last ``.key`` or ``[index]`` (``a.b[2]`` -> ``a.b``; a top-level key stays as it is)."""
    return _LAST_STEP.sub("", path)


def parent_path(path: str) -> str:
    """The key path one step up (``a.b[2]`` -> ``a.b``), '' at the top."""
    parent = without_last_step(path)
    return parent if parent != path else ""


def where(
    positions: Positions, path: str, key_positions: Optional[Positions] = None, *, at_key: bool = False
) -> tuple[int, int]:
    """The position of a key path, or of its nearest ancestor that has one (else 1:1).

    With ``at_key``, the position of the key itself when ``key_positions`` has it (a promise or lane id written
    as a key is reported at the key, not at its value).
    """
    if at_key and key_positions is not None:
        found = key_positions.get(path)
        if found is not None:
            return found
    probe = path
    while True:
        found = positions.get(probe)
        if found is not None:
            return found
        if not probe:
            return (1, 1)
        probe = parent_path(probe)


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
        """The position of a key path, or of its closest ancestor that has one (:func:`where`)."""
        return where(self.positions, path, self.key_positions, at_key=at_key)

    def problem(
        self,
        path: str,
        message: str,
        hint: str = "",
        *,
        at_key: bool = False,
        code: str = "invalid",
        severity: str = "error",
    ) -> Problem:
        """A problem of this file at a key path."""
        line, column = self.where(path, at_key=at_key)
        return Problem(self.display, line, column, path, message, severity, code, hint)  # type: ignore[arg-type]

    def error(self, path: str, message: str, hint: str = "", **kwargs: Any) -> None:
        """Record a problem of this file (see :meth:`problem`)."""
        self.problems.append(self.problem(path, message, hint, **kwargs))


@dataclass
class Sources:
    """Where things are in the files of a project (by path relative to the maps folder; the brand file also
    as ``brand``)."""

    #: key path -> (line, column) of its value, per file
    positions: dict[str, Positions] = field(default_factory=dict)
    #: key path -> (line, column) of the key itself, per file
    key_positions: dict[str, Positions] = field(default_factory=dict)
    #: the file name shown in messages, per file
    display: dict[str, str] = field(default_factory=dict)
    #: what a file's content is known by (its hash and name), per file read through a cache
    content: dict[str, str] = field(default_factory=dict)

    def where(self, source: str, path: str, *, at_key: bool = False) -> tuple[int, int]:
        """The position of a key path in a file, or of its closest ancestor that has one (:func:`where`)."""
        return where(self.positions.get(source, {}), path, self.key_positions.get(source, {}), at_key=at_key)

    def add(self, source: str, doc: YamlFile) -> None:
        """Record the positions and shown name of one file read."""
        self.positions[source] = doc.positions
        self.key_positions[source] = doc.key_positions
        self.display[source] = doc.display
