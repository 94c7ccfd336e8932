"""The validator of the JSON-Schema subset: messages, hints, JSON Schema semantics."""

from __future__ import annotations

import datetime as dt

import pytest

from mkdocs_cjm import schema as S
from mkdocs_cjm.validate import BigNumber, Violation, compile_schema, describe, expected, is_date, slugify, validate

STEP = S.STEP
JOURNEY = S.JOURNEY


def one(value: object, schema: dict, path: str = "") -> Violation:
    found = validate(value, schema, path)
    assert len(found) == 1, found
    return found[0]


def test_valid_values() -> None:
    assert (
        validate({"touchpoint": "Ad", "emotion": 3, "actions": "one", "next": ["a", {"to": "b", "label": "x"}]}, STEP)
        == []
    )
    assert (
        validate(
            {"title": "T", "stages": [{"name": "A", "steps": [{"touchpoint": "X"}]}], "reviewed": "2026-01-31"}, JOURNEY
        )
        == []
    )


def test_type_messages_say_found_and_expected() -> None:
    v = one({"touchpoint": "Ad", "emotion": 7}, STEP)
    assert (v.path, v.message) == ("emotion", "found 7, expected an integer from 1 to 5")
    v = one({"touchpoint": "Ad", "emotion": "happy"}, STEP)
    assert v.message == "found 'happy', expected an integer from 1 to 5 or a mapping (key: value)"
    v = one({"touchpoint": ["a"]}, STEP)
    assert v.message == "found a list, expected text"
    v = one({"touchpoint": None}, STEP)
    assert v.message == "found nothing (an empty value), expected text"


def test_path_prefix() -> None:
    v = one({"touchpoint": "Ad", "emotion": 0}, STEP, "stages[1].steps[0]")
    assert v.path == "stages[1].steps[0].emotion"


def test_booleans_are_not_text() -> None:
    v = one({"touchpoint": True}, STEP)
    assert v.message.startswith(
        "found the boolean true (YAML reads yes/no/on/off/true/false as booleans; quote the text)"
    )


def test_integral_floats_are_integers_as_in_json_schema() -> None:
    assert validate({"touchpoint": "Ad", "emotion": 4.0}, STEP) == []
    assert (
        one({"touchpoint": "Ad", "emotion": 4.5}, STEP).message
        == "found 4.5, expected an integer from 1 to 5 or a mapping (key: value)"
    )


def test_big_numbers_are_text_not_numbers() -> None:
    big = BigNumber("123456789012345678901234567890")
    assert validate({"touchpoint": big}, STEP) == []
    v = one({"touchpoint": "Ad", "emotion": big}, STEP)
    assert (
        v.message == "found the number 12345678901234567890... (too large to use: at most 10^15), "
        "expected an integer from 1 to 5 or a mapping (key: value)"
    )


def test_unknown_key_did_you_mean() -> None:
    v = one({"touchpoint": "Ad", "emotoin": 3}, STEP)
    assert (v.path, v.message, v.hint, v.at_key) == (
        "emotoin",
        "unknown key 'emotoin'",
        "did you mean 'emotion'?",
        True,
    )
    v = one({"touchpoint": "Ad", "zzz": 3}, STEP)
    assert v.hint.startswith("expected one of: id, touchpoint, channel")


def test_missing_required_key_with_misspelling_present() -> None:
    found = validate({"touchpont": "Ad"}, STEP)
    assert (
        Violation("", "missing required key 'touchpoint'", "'touchpont' is given: did you mean 'touchpoint'?") in found
    )


def test_enum_did_you_mean() -> None:
    v = one({"title": "T", "stages": [{"name": "A", "steps": [{"touchpoint": "X"}]}], "state": "futur"}, JOURNEY)
    assert (v.path, v.message, v.hint) == (
        "state",
        "found 'futur', expected one of: current, future",
        "did you mean 'future'?",
    )
    v = one({"rating": True}, S.RATING)
    assert v.message.startswith("found the boolean true")


def test_ids() -> None:
    v = one({"touchpoint": "X", "id": "Insta Ad"}, STEP)
    assert (v.message, v.hint) == (
        "found 'Insta Ad', expected an id (lowercase letters, digits and '-')",
        "try 'insta-ad'",
    )
    assert one({"touchpoint": "X", "id": "a--b"}, STEP).hint == "try 'a-b'"
    assert one({"touchpoint": "X", "id": "ok\n"}, STEP).path == "id"  # '$' means the end, as in JSON Schema
    assert one({"touchpoint": "X", "id": "-"}, STEP).hint == ""


def test_ids_as_mapping_keys() -> None:
    v = one({"touchpoint": "X", "promise": {"Effortless": {"rating": "meets"}}}, STEP)
    assert (v.path, v.message, v.hint, v.at_key) == (
        "promise.Effortless",
        "found key 'Effortless', expected an id (lowercase letters, digits and '-')",
        "try 'effortless'",
        True,
    )


def test_single_item_or_list() -> None:
    assert validate({"touchpoint": "X", "actions": "one"}, STEP) == []
    assert validate({"touchpoint": "X", "actions": ["one", 2]}, STEP) == []
    v = one({"touchpoint": "X", "actions": {"a": 1}}, STEP)
    assert v.message == "found a mapping, expected text, or a list of them"
    v = one({"touchpoint": "X", "actions": ["ok", ["nested"]]}, STEP)
    assert (v.path, v.message) == ("actions[1]", "found a list, expected text")
    v = one({"title": "T", "stages": [{"name": "A", "steps": [{"touchpoint": "X"}]}], "personas": []}, JOURNEY)
    assert (v.path, v.message) == ("personas", "found an empty list, expected at least 1 item")


def test_next_items() -> None:
    v = one({"touchpoint": "X", "next": [{"to": "a", "labl": "x"}]}, STEP)
    assert (v.path, v.message, v.hint) == ("next[0].labl", "unknown key 'labl'", "did you mean 'label'?")
    v = one({"touchpoint": "X", "next": [5]}, STEP)
    assert (v.path, v.message) == (
        "next[0]",
        "found 5, expected an id (lowercase letters, digits and '-') or a mapping (key: value)",
    )


def test_dates() -> None:
    schema = JOURNEY["properties"]["reviewed"]
    assert validate("2026-02-28", schema) == []
    assert validate(dt.date(2026, 2, 28), schema) == []
    for bad in ("2026-02-30", "2026-13-01", "2026-1-1", "20260101", "2026-02-28\n", "2026-02-28T10:00:00"):
        assert one(bad, schema).message == f"found {bad!r}, expected a date (YYYY-MM-DD)", bad
    assert (
        one(dt.datetime(2026, 2, 28, 10), schema).message
        == "found the date and time 2026-02-28T10:00:00, expected a date (YYYY-MM-DD)"
    )
    assert not is_date(5)


def test_minimum_and_maximum() -> None:
    schema = JOURNEY["properties"]["review_every"]
    assert one(0, schema).message == "found 0, expected an integer from 1 to 36500"
    assert expected({"type": "number", "maximum": 3}) == "a number of at most 3"
    assert expected({"type": "number", "minimum": 3}) == "a number of at least 3"


def test_general_schemas_still_work() -> None:
    schema = {"type": ["string", "null"], "pattern": "^a"}
    assert validate(None, schema) == []
    assert validate("abc", schema) == []
    assert one("b", schema).message == "found 'b', expected text or nothing"
    assert one(3, {"type": "boolean"}).message == "found 3, expected true or false"
    assert validate({"x": 1}, {"type": "object", "additionalProperties": {"type": "integer"}}) == []
    assert one({"x": "a"}, {"type": "object", "additionalProperties": {"type": "integer"}}).path == "x"
    assert one([1, "a"], {"type": "array", "items": {"type": "integer"}, "minItems": 1}).path == "[1]"


def test_describe() -> None:
    assert describe("") == "empty text"
    assert describe("x" * 50) == repr("x" * 37 + "...")
    assert describe([]) == "an empty list"
    assert describe(10**30) == "10000000000000000000..."
    assert describe(dt.date(2026, 1, 2)) == "the date 2026-01-02"
    assert describe(object()) == "object"


def test_compiled_once_per_schema() -> None:
    assert compile_schema(STEP) is compile_schema(STEP)
    copy = dict(STEP)
    assert compile_schema(copy) is not compile_schema(STEP)


@pytest.mark.parametrize(
    "text, slug", [("Insta Ad", "insta-ad"), ("Café crème", "cafe-creme"), ("--x--", "x"), ("購入", "")]
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
