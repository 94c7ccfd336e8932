"""A small validator for the subset of JSON Schema that :mod:`mkdocs_cjm.schema` uses.

It walks plain Python values (as the loader builds them from YAML) and
reports, for each mistake, the key path, what was found and what was
expected, with a "did you mean" where a key or value is close to a valid one.
Supported keywords: ``type``, ``properties``, ``required``,
``additionalProperties``, ``propertyNames``, ``items``, ``minItems``,
``enum``, ``pattern``, ``minimum``, ``maximum``, ``format: date`` and
``anyOf``; their meaning is the JSON Schema (draft 2020-12) one, so a value
is valid here exactly when ``jsonschema`` finds it valid against
``mkdocs-cjm schema``'s output (the test suite checks this). Annotation
keywords (``description``, ``title``, ``$schema``, ``markdownDescription``,
``patternErrorMessage``, ...) are ignored.

Each schema is compiled once into nested closures (:func:`compile_schema`):
checking the values of a 200-journey site takes a fraction of a second.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Optional

from .problems import did_you_mean
from .schema import ID_DESCRIPTION, ID_PATTERN, Schema
from .values import parse_date

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)

#: Largest magnitude of a number used as a number; larger ones stay text.
MAX_NUMBER = 10**15


class BigNumber(str):
    """A number too large (or infinite) to use, kept as the text that was written.

    It is text, so a text field accepts it as written; where a number is
    expected, the message says it is too large.
    """


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


def slugify(text: str) -> str:
    """A slug usable as an id: lowercase ASCII letters, digits and '-'."""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-")


def describe(value: Any) -> str:
    """How a found value is named in messages."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, BigNumber):
        shown = value if len(value) <= 24 else value[:20] + "..."
        return f"the number {shown} (too large to use: at most 10^15)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()} (YAML reads yes/no/on/off/true/false as booleans; quote the text)"
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
        if high is not None:
            return f"{noun} of at most {high}"
        return noun
    if isinstance(kind, list):
        return " or ".join(_NOUNS.get(k, k) for k in kind)
    if isinstance(kind, str):
        return _NOUNS.get(kind, kind)
    return "a valid value"


_NOUNS = {
    "string": "text",
    "number": "a number",
    "integer": "an integer",
    "object": "a mapping (key: value)",
    "array": "a list",
    "boolean": "true or false",
    "null": "nothing",
}


def _is_number(value: Any) -> bool:
    return (
        (type(value) is int)
        or (type(value) is float and math.isfinite(value))
        or (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value))
    )


def _is_integer(value: Any) -> bool:
    # JSON Schema: 4.0 is an integer too.
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value) and value.is_integer()


_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": _is_number,
    "integer": _is_integer,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _type_ok(value: Any, kind: str) -> bool:
    test = _TYPE_TESTS.get(kind)
    return bool(test and test(value))


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


def is_date(value: Any) -> bool:
    """A date value, or text holding a valid YYYY-MM-DD date (JSON Schema ``format: date``)."""
    if isinstance(value, _dt.datetime):
        return False
    if isinstance(value, _dt.date):
        return True
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return False
    return parse_date(value) is not None


_is_date = is_date  # backwards compatibility


# -- compiling ---------------------------------------------------------------------
#: A compiled check: ``check(value, parent_path, key, out)``; the value's own
#: path is ``join(parent_path, key)``, or ``parent_path`` when ``key`` is None.
#: Paths are only built where they are needed (containers and violations).
Check = Callable[[Any, str, Any, list[Violation]], None]

_COMPILED: dict[int, tuple[Schema, Check]] = {}


def _at(parent: str, key: Any) -> str:
    return parent if key is None else join(parent, key)


def compile_schema(schema: Schema) -> Check:
    """The compiled check of a schema (cached per schema object)."""
    hit = _COMPILED.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    check = _compile(schema)
    _COMPILED[id(schema)] = (schema, check)
    return check


def _compile(schema: Schema) -> Check:
    if "anyOf" in schema:
        return _compile_any_of(schema)
    if "enum" in schema:
        return _compile_enum(schema)
    if schema.get("format") == "date":
        message_tail = f", expected {expected(schema)}"

        def check_date(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
            if not is_date(value):
                out.append(Violation(_at(parent, key), f"found {describe(value)}{message_tail}"))

        return check_date

    kind = schema.get("type")
    kinds = (kind if isinstance(kind, list) else [kind]) if kind is not None else None
    tests = [_TYPE_TESTS.get(k, lambda v: False) for k in kinds] if kinds else None
    want = expected(schema)
    pattern = _regex(schema["pattern"]) if "pattern" in schema else None
    is_id = schema.get("pattern") == ID_PATTERN
    low, high = schema.get("minimum"), schema.get("maximum")
    has_range = low is not None or high is not None
    min_items = schema.get("minItems") or 0
    items = compile_schema(schema["items"]) if isinstance(schema.get("items"), dict) else None
    properties: dict[str, Schema] = schema.get("properties", {})
    checks = {name: compile_schema(sub) for name, sub in properties.items()}
    required = tuple(schema.get("required", ()))
    names = schema.get("propertyNames")
    names_re = _regex(names["pattern"]) if names is not None and "pattern" in names else None
    extra = schema.get("additionalProperties", True)
    extra_check = compile_schema(extra) if isinstance(extra, dict) else None
    is_text = kinds == ["string", "number"] and pattern is None
    is_plain_string = kinds == ["string"] and pattern is None and not has_range

    if is_text:
        # The commonest case by far: a text field.
        def check_text(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
            t = type(value)
            if t is str or (t is int) or (t is float and math.isfinite(value)):
                return
            if isinstance(value, str) or _is_number(value):
                return
            out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))

        return check_text

    if kinds == ["integer"] and pattern is None and has_range and low is not None and high is not None:
        # emotion, review_every: an integer (4.0 counts) within a range

        def check_int_range(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
            if type(value) is int and low <= value <= high:
                return
            if not _is_integer(value):
                out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))
            elif not low <= value <= high:
                out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))

        return check_int_range

    if kinds == ["string"] and pattern is not None and not has_range:
        # ids

        def check_pattern(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
            if type(value) is str and pattern.search(value):
                return
            if not isinstance(value, str):
                out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))
                return
            if not pattern.search(value):
                hint = ""
                if is_id:
                    slug = slugify(value)
                    hint = f"try '{slug}'" if slug and slug != value else ""
                out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}", hint))

        return check_pattern

    if kinds == ["number"] and pattern is None and not has_range:

        def check_number(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
            if not _is_number(value):
                out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))

        return check_number

    if is_plain_string:

        def check_string(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
            if not isinstance(value, str):
                out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))

        return check_string

    def _mapping(value: dict[Any, Any], path: str, out: list[Violation]) -> None:
        for name in required:
            if name not in value:
                out.append(Violation(path, f"missing required key '{name}'", _near_key(name, value)))
        for name, item in value.items():
            sub = checks.get(name)
            if sub is not None:
                sub(item, path, name, out)
            elif names_re is not None and not (isinstance(name, str) and names_re.search(name)):
                slug = slugify(name) if isinstance(name, str) else ""
                out.append(
                    Violation(
                        join(path, name),
                        f"found key {describe(name)}, expected {ID_DESCRIPTION}",
                        f"try '{slug}'" if slug and slug != name else "",
                        at_key=True,
                    )
                )
            elif extra is False:
                hint = did_you_mean(name, properties) or "expected one of: " + ", ".join(properties)
                out.append(Violation(join(path, name), f"unknown key '{name}'", hint, at_key=True))
            elif extra_check is not None:
                extra_check(item, path, name, out)

    def _sequence(value: list[Any], path: str, out: list[Violation]) -> None:
        if min_items and len(value) < min_items:
            out.append(
                Violation(
                    path, f"found {describe(value)}, expected at least {min_items} item{'s' if min_items > 1 else ''}"
                )
            )
        if items is not None:
            for index, item in enumerate(value):
                items(item, path, index, out)

    if kinds == ["object"] and pattern is None and not has_range:

        def check_object(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
            if not isinstance(value, dict):
                out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))
                return
            _mapping(value, _at(parent, key), out)

        return check_object

    if kinds == ["array"]:

        def check_array(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
            if not isinstance(value, list):
                out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))
                return
            _sequence(value, _at(parent, key), out)

        return check_array

    def check(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
        if tests is not None and not any(test(value) for test in tests):
            out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))
            return
        if pattern is not None and isinstance(value, str) and not pattern.search(value):
            hint = ""
            if is_id:
                slug = slugify(value)
                hint = f"try '{slug}'" if slug and slug != value else ""
            out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}", hint))
        if has_range and isinstance(value, (int, float)) and not isinstance(value, bool):
            if (low is not None and value < low) or (high is not None and value > high):
                out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))
        if isinstance(value, list):
            _sequence(value, _at(parent, key), out)
        elif isinstance(value, dict):
            _mapping(value, _at(parent, key), out)

    return check


def _compile_enum(schema: Schema) -> Check:
    allowed = list(schema["enum"])
    choices = [str(v) for v in allowed]
    want = expected(schema)

    def check_enum(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
        if isinstance(value, bool) or value not in allowed:
            hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
            out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}", hint))

    return check_enum


def _compile_any_of(schema: Schema) -> Check:
    branches = schema["anyOf"]
    if (
        len(branches) == 2
        and branches[1].get("type") == "array"
        and branches[1].get("items") == branches[0]
        and not _matches([], branches[0])
    ):
        return _compile_one_or_list(schema)
    compiled = [(branch, compile_schema(branch)) for branch in branches]
    want = expected(schema)

    def check_any_of(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
        best: Optional[list[Violation]] = None
        for branch, check in compiled:
            if not _matches(value, branch):
                continue
            found: list[Violation] = []
            check(value, parent, key, found)
            if not found:
                return
            if best is None or len(found) < len(best):
                best = found
        if best is None:
            out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))
        else:
            out.extend(best)

    return check_any_of


def _compile_one_or_list(schema: Schema) -> Check:
    """``anyOf: [item, {type: array, items: item}]`` (a single item or a list), fast.

    Same result as the general anyOf: a list can only fit the array branch
    (the item does not accept lists), anything else only the item branch.
    """
    item_schema, array_schema = schema["anyOf"]
    item = compile_schema(item_schema)
    array = compile_schema(array_schema)
    want = expected(schema)

    def check_one_or_list(value: Any, parent: str, key: Any, out: list[Violation]) -> None:
        if isinstance(value, list):
            array(value, parent, key, out)
        elif _matches(value, item_schema):
            item(value, parent, key, out)
        else:
            out.append(Violation(_at(parent, key), f"found {describe(value)}, expected {want}"))

    return check_one_or_list


def validate(value: Any, schema: Schema, path: str = "") -> list[Violation]:
    """Every violation of ``schema`` by ``value``."""
    out: list[Violation] = []
    compile_schema(schema)(value, path, None, out)
    return out


def _near_key(key: str, mapping: dict[str, Any]) -> str:
    """Hint when a required key is missing but a misspelling of it is present."""
    for present in mapping:
        if isinstance(present, str) and did_you_mean(present, [key]):
            return f"'{present}' is given: did you mean '{key}'?"
    return ""
