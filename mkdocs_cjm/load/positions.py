"""Where things are in the files read: the line and column of every key path.

A key path names a value in a file the way messages show it (``stages[0].steps[2].next[1]``). A value built from
an alias, or one left out of the file, has no position of its own: :func:`where` then gives the position of the
nearest ancestor that has one.

The tables are large (a key path string and a tuple per value: ≈ 0.45 MB per 61 KB map, more than its model) and,
once a project is loaded, only a message made later asks for one (``mkdocs-cjm check``'s warnings, a caller of
:func:`~mkdocs_cjm.loader.sources`). :meth:`Sources.pack` lets them go and keeps the file's bytes, compressed,
instead: a table asked for afterwards is the same file parsed again (:class:`Reread`), the same positions.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

from ..problems import Problem

#: key path -> (line, column), both 1-based
Positions = dict[str, tuple[int, int]]
#: A table as :class:`Sources` hands it out: a :data:`Positions`, or one read again from a packed file.
Table = Mapping[str, tuple[int, int]]

_LAST_STEP = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


def without_last_step(path: str) -> str:
    """``path`` without its last ``.key`` or ``[index]`` (``a.b[2]`` -> ``a.b``; a top-level key stays as it is)."""
    return _LAST_STEP.sub("", path)


def parent_path(path: str) -> str:
    """The key path one step up (``a.b[2]`` -> ``a.b``), '' at the top."""
    parent = without_last_step(path)
    return parent if parent != path else ""


def where(
    positions: Table, path: str, key_positions: Optional[Table] = None, *, at_key: bool = False
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


class _Packed:
    """The bytes of files whose position tables were let go (compressed), and the last file read again."""

    def __init__(self) -> None:
        #: source -> (its bytes compressed, its name in messages)
        self.files: dict[str, tuple[bytes, str]] = {}
        #: How many times a file was parsed again for its positions.
        self.rereads = 0
        self._last: Optional[tuple[str, YamlFile]] = None

    def doc(self, source: str) -> YamlFile:
        """The file ``source`` parsed again from its bytes (the last one asked for is kept)."""
        if self._last is None or self._last[0] != source:
            from .yaml_reader import parse_yaml  # it imports this module

            packed, display = self.files[source]
            self.rereads += 1
            self._last = (source, parse_yaml(zlib.decompress(packed), display))
        return self._last[1]


class Reread(Mapping[str, tuple[int, int]]):
    """One file's position table (of values, or with ``keys`` of keys), parsed again from the file's packed
    bytes when first asked for (:meth:`Sources.pack`): the table the load had, without holding it."""

    __slots__ = ("_packed", "_source", "_keys")

    def __init__(self, packed: _Packed, source: str, keys: bool):
        self._packed, self._source, self._keys = packed, source, keys

    def _table(self) -> Positions:
        doc = self._packed.doc(self._source)
        return doc.key_positions if self._keys else doc.positions

    def __getitem__(self, path: str) -> tuple[int, int]:
        return self._table()[path]

    def get(self, path: str, default: Any = None) -> Any:
        return self._table().get(path, default)

    def __contains__(self, path: object) -> bool:
        return path in self._table()

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


@dataclass
class Sources:
    """Where things are in the files of a project (by path relative to the maps folder; the brand file also
    as ``brand``)."""

    #: key path -> (line, column) of its value, per file
    positions: dict[str, Table] = field(default_factory=dict)
    #: key path -> (line, column) of the key itself, per file
    key_positions: dict[str, Table] = field(default_factory=dict)
    #: the file name shown in messages, per file
    display: dict[str, str] = field(default_factory=dict)
    #: what a file's content is known by (its hash and name), per file read through a cache
    content: dict[str, str] = field(default_factory=dict)

    def where(self, source: str, path: str, *, at_key: bool = False) -> tuple[int, int]:
        """The position of a key path in a file, or of its closest ancestor that has one (:func:`where`)."""
        return where(self.positions.get(source, {}), path, self.key_positions.get(source, {}), at_key=at_key)

    #: the bytes each file was parsed from, per file, until :meth:`pack`
    raw: dict[str, bytes] = field(default_factory=dict, repr=False)
    _packed: _Packed = field(default_factory=_Packed, repr=False)

    def add(self, source: str, doc: YamlFile, raw: Optional[bytes] = None) -> None:
        """Record the positions and shown name of one file read (and ``raw``, the bytes it was parsed from with
        :func:`~mkdocs_cjm.load.yaml_reader.parse_yaml`, for :meth:`pack`)."""
        self.positions[source] = doc.positions
        self.key_positions[source] = doc.key_positions
        self.display[source] = doc.display
        if raw is not None:
            self.raw[source] = raw

    def pack(self) -> None:
        """Let go of the position tables of the files whose bytes are known, keeping those bytes compressed:
        a table asked for later is a :class:`Reread` (the file parsed again, the same positions). For a loaded
        project that no message will be made of any more (a one-off build): at N = 200, 743,357 positions (≈ 110 MB),
        the compressed bytes ≈ 3 MB."""
        packed = self._packed
        brand = self.positions.get("brand")
        for source, raw in self.raw.items():
            if self.positions.get(source) is None or source in packed.files:
                continue
            packed.files[source] = (zlib.compress(raw, 1), self.display[source])
            if brand is not None and brand is self.positions[source]:
                self.positions["brand"] = Reread(packed, source, False)
            self.positions[source] = Reread(packed, source, False)
            self.key_positions[source] = Reread(packed, source, True)
        self.raw = {}

    @property
    def rereads(self) -> int:
        """How many times a file was parsed again for its positions, since :meth:`pack`."""
        return self._packed.rereads

    def held(self) -> int:
        """How many positions the tables held in memory count (a packed file's count nothing)."""
        tables = [*self.positions.values(), *self.key_positions.values()]
        return sum(len(t) for t in tables if not isinstance(t, Reread))
