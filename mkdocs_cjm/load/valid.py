"""What of a file its schema accepts.

A file that breaks its schema is still partly used: a broken journey's valid parts have their references checked
(:class:`~mkdocs_cjm.site.PartialJourney`), a broken brand file gives the promises, channels and lanes written
correctly, a broken persona's photo path is still checked.
"""

from __future__ import annotations

from typing import Any

from .. import schema as S
from ..validate import Violation, join, validate
from .positions import YamlFile, parent_path
from .yaml_events import MAX_DEPTH


def schema_problems(doc: YamlFile, kind: str) -> list[Violation]:
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


#: The item left out of a list of a file's valid part.
PRUNED = _Pruned()


def valid_part(data: Any, kind: str, violations: list[Violation]) -> Any:
    """What of a file's values its schema accepts: a copy without each value that violates it.

    A key whose value is wrong is left out of its mapping; a wrong list item
    becomes :data:`PRUNED` (so the other items keep their key paths); a
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
    """Whether a key path is one of ``dropped`` or inside one of them."""
    probe = path
    while probe:
        if probe in dropped:
            return True
        probe = parent_path(probe)
    return False


def _without(value: Any, path: str, dropped: set[str]) -> Any:
    """A copy of a value without the key paths ``dropped`` (list items become :data:`PRUNED`)."""
    if isinstance(value, dict):
        return {k: _without(v, join(path, k), dropped) for k, v in value.items() if join(path, k) not in dropped}
    if isinstance(value, list):
        return [
            PRUNED if join(path, i) in dropped else _without(v, join(path, i), dropped) for i, v in enumerate(value)
        ]
    return value


def present_items(value: Any) -> list[tuple[int, Any]]:
    """A validated list with its indices, the items left out of a file's valid part skipped."""
    return [(i, item) for i, item in enumerate(value or ()) if item is not PRUNED]
