"""Problems (errors and warnings) found in map files, with their source positions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable, Literal, Sequence

Severity = Literal["error", "warning"]

#: Characters a terminal or a CI log reads as commands rather than text: control characters
#: (escape sequences; a newline that starts a ``::workflow-command::`` line) and the bidirectional
#: controls that make a line read differently from what it holds.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text for one line of a terminal or log: every control character written as an escape (``\\x1b``)."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file.

    ``file`` is the path as the user knows it (relative to the site root where
    possible), ``line`` and ``column`` are 1-based (0 when unknown), ``path``
    is the key path inside the file (``stages[1].steps[0].emotion``).
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: Severity = "error"
    code: str = field(default="invalid", compare=False)
    hint: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file

    def format(self) -> str:
        """``file:line:col: error: path: message (hint)``, on one line: map text in it
        (a CSV cell, a file name) cannot move the cursor or start a new log line."""
        where = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return printable(f"{self.location()}: {self.severity}: {where}{self.message}{hint}")

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.format()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``did you mean 'x'?`` hint, or an empty string when nothing is close."""
    options = sorted({c for c in choices if isinstance(c, str)})
    close = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return ""


def sort_problems(problems: Sequence[Problem]) -> list[Problem]:
    """Problems in a stable order: by file, then position, then text."""
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.path, p.message, p.severity))
