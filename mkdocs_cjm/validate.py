"""A small validator for the subset of JSON Schema that :mod:`mkdocs_cjm.schema` uses.

It walks plain Python values (as the loader builds them from YAML) and
reports, for each mistake, the key path, what was found and what was
expected, with a "did you mean" where a key or value is close to a valid one.
Supported keywords: ``type``, ``properties``, ``required``,
``additionalProperties``, ``propertyNames``, ``items``, ``minItems``,
``enum``, ``pattern``, ``minimum``, ``maximum``, ``format: date`` and
``anyOf``; their meaning is the JSON Schema one.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .problems import did_you_mean
from .schema import ID_DESCRIPTION, ID_PATTERN, Schema

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Violation:
    """One schema violation: ``at_key`` says the key itself (not its value) is wrong."""

    path: str
    message: str
    hint: str = ""
    at_key: bool = False


@lru_cache(maxsize=None)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def describe(value: Any) -> str:
    """How a found value is named in messages."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()} (YAML reads yes/no/on/off as booleans; quote the text)"
    if isinstance(value, (int, float)):
        text = repr(value)
        return text if len(text) <= 24 else text[:20] + "..."
    if isinstance(value, _dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown) if value else "empty text"
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def expected(schema: Schema) -> str:
    """How what a schema accepts is named in messages."""
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        branches = schema["anyOf"]
        if len(branches) == 2 and branches[1].get("type") == "array" and branches[1].get("items") == branches[0]:
            return f"{expected(branches[0])}, or a list of them"
        return " or ".join(expected(b) for b in branches)
    kind = schema.get("type")
    if schema.get("format") == "date":
        return "a date (YYYY-MM-DD)"
    if schema.get("pattern") == ID_PATTERN:
        return ID_DESCRIPTION
    if kind == ["string", "number"] or kind == "string":
        return "text"
    if kind in ("integer", "number"):
        noun = "an integer" if kind == "integer" else "a number"
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return f"{noun} from {low} to {high}"
        if low is not None:
            return f"{noun} of at least {low}"
        return noun
    if kind == "object":
        return "a mapping (key: value)"
    if kind == "array":
        return "a list"
    return "a valid value"


def _type_ok(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "boolean":
        return isinstance(value, bool)
    return False


def _matches(value: Any, schema: Schema) -> bool:
    """Whether a value's *type* fits a schema (used to pick an anyOf branch)."""
    if "anyOf" in schema:
        return any(_matches(value, b) for b in schema["anyOf"])
    if "enum" in schema:
        return isinstance(value, str) or value is None
    kind = schema.get("type")
    if kind is None:
        return True
    kinds = kind if isinstance(kind, list) else [kind]
    if schema.get("format") == "date" and isinstance(value, _dt.date):
        return True
    return any(_type_ok(value, k) for k in kinds)


def validate(value: Any, schema: Schema, path: str = "") -> list[Violation]:
    """Every violation of ``schema`` by ``value``."""
    out: list[Violation] = []
    _check(value, schema, path, out)
    return out


def _check(value: Any, schema: Schema, path: str, out: list[Violation]) -> None:
    if "anyOf" in schema:
        branches = schema["anyOf"]
        fitting = [b for b in branches if _matches(value, b)]
        if not fitting:
            out.append(Violation(path, f"found {describe(value)}, expected {expected(schema)}"))
            return
        trials = []
        for branch in fitting:
            found: list[Violation] = []
            _check(value, branch, path, found)
            if not found:
                return
            trials.append(found)
        out.extend(min(trials, key=len))
        return

    if "enum" in schema:
        if value not in schema["enum"] or isinstance(value, bool):
            hint = did_you_mean(str(value), [str(v) for v in schema["enum"]]) if isinstance(value, str) else ""
            out.append(Violation(path, f"found {describe(value)}, expected {expected(schema)}", hint))
        return

    kind = schema.get("type")
    if schema.get("format") == "date":
        if isinstance(value, _dt.datetime) or not (
            isinstance(value, _dt.date) or (isinstance(value, str) and _is_date(value))
        ):
            out.append(Violation(path, f"found {describe(value)}, expected {expected(schema)}"))
        return
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_type_ok(value, k) for k in kinds):
            out.append(Violation(path, f"found {describe(value)}, expected {expected(schema)}"))
            return

    if isinstance(value, str) and "pattern" in schema and not _regex(schema["pattern"]).search(value):
        out.append(Violation(path, f"found {describe(value)}, expected {expected(schema)}"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low, high = schema.get("minimum"), schema.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            out.append(Violation(path, f"found {describe(value)}, expected {expected(schema)}"))

    if isinstance(value, list):
        minimum = schema.get("minItems")
        if minimum and len(value) < minimum:
            out.append(Violation(path, f"found {describe(value)}, expected at least {minimum} item{'s' if minimum > 1 else ''}"))
        items = schema.get("items")
        if items is not None:
            for index, item in enumerate(value):
                _check(item, items, join(path, index), out)

    if isinstance(value, dict):
        properties: dict[str, Schema] = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key not in value:
                out.append(Violation(path, f"missing required key '{key}'", _near_key(key, value)))
        names = schema.get("propertyNames")
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            child = join(path, key)
            if key in properties:
                _check(item, properties[key], child, out)
                continue
            if names is not None and not (isinstance(key, str) and _regex(names["pattern"]).search(key)):
                out.append(Violation(child, f"found key {describe(key)}, expected {ID_DESCRIPTION}", at_key=True))
                continue
            if extra is False:
                hint = did_you_mean(key, properties) or "expected one of: " + ", ".join(properties)
                out.append(Violation(child, f"unknown key '{key}'", hint, at_key=True))
            elif isinstance(extra, dict):
                _check(item, extra, child, out)


def _near_key(key: str, mapping: dict[str, Any]) -> str:
    """Hint when a required key is missing but a misspelling of it is present."""
    for present in mapping:
        if isinstance(present, str) and did_you_mean(present, [key]):
            return f"'{present}' is given: did you mean '{key}'?"
    return ""


def _is_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
