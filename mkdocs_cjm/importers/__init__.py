"""Importers: journey maps from other tools' files (``mkdocs-cjm import``).

Each format module turns one source file into an :class:`Imported` (journeys,
personas and custom lanes as plain values, plus :class:`Note` for every line it
could not use); :mod:`.writer` gives them valid, unique ids and writes them as
YAML files with the schema comment line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Note:
    """A line of a source that could not be used (or was used with a change)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass
class Imported:
    """What a source gave.

    ``journeys`` are journey mappings whose ``personas`` hold persona *names*
    (and whose per-persona ``emotion`` mappings are keyed by name); the writer
    turns names into ids. ``personas`` maps a persona name to its mapping;
    ``lanes`` maps a custom lane id to its label.
    """

    journeys: list[dict[str, Any]] = field(default_factory=list)
    personas: dict[str, dict[str, Any]] = field(default_factory=dict)
    lanes: dict[str, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def merge(self, other: "Imported") -> None:
        """Add ``other``'s findings (personas and lanes shared by name / id)."""
        self.journeys.extend(other.journeys)
        for name, persona in other.personas.items():
            self.personas.setdefault(name, persona)
        for lane, label in other.lanes.items():
            self.lanes.setdefault(lane, label)
        self.notes.extend(other.notes)


#: The persona given to a map whose source names none.
DEFAULT_PERSONA = "Customer"
