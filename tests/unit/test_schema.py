"""The JSON Schemas: one source of truth for editors and for the loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

jsonschema = pytest.importorskip("jsonschema")

from support.maps import EXAMPLE_MAPS, REPO  # noqa: E402
from support.schemas import SCHEMA_BROKEN, example_documents, jsonschema_valid, kind_of, our_valid  # noqa: E402

from mkdocs_cjm import schema as S  # noqa: E402
from mkdocs_cjm.cli import main  # noqa: E402
from mkdocs_cjm.loader import parse_yaml  # noqa: E402
from mkdocs_cjm.validate import validate  # noqa: E402

SCHEMA_DIR = REPO / "schema"
KINDS = ("journey", "persona", "brand")


@pytest.mark.parametrize("kind", KINDS)
def test_committed_schema_is_current(kind: str) -> None:
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == S.dumps(kind), f"schema/{kind}.schema.json is out of date: run 'mkdocs-cjm schema'"


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    document = json.loads(S.dumps(kind))
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


def _properties(schema: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            yield f"{path}.{name}", sub
        for key, sub in schema.items():
            if key in ("properties",):
                for name, child in sub.items():
                    yield from _properties(child, f"{path}.{name}")
            elif isinstance(sub, (dict, list)) and key not in (
                "defaultSnippets",
                "enum",
                "required",
                "enumDescriptions",
            ):
                yield from _properties(sub, path)
    elif isinstance(schema, list):
        for sub in schema:
            yield from _properties(sub, path)


@pytest.mark.parametrize("kind", KINDS)
def test_every_key_has_a_description_and_enums_explain_values(kind: str) -> None:
    for path, sub in _properties(S.SCHEMAS[kind]):
        assert sub.get("description"), f"{kind}{path} has no description (editors show it on hover)"
        if "enum" in sub:
            assert len(sub["enumDescriptions"]) == len(sub["enum"]), path
    # the FORMAT.md keys are all there
    step = S.STEP["properties"]
    for key in (
        "id",
        "touchpoint",
        "channel",
        "actions",
        "questions",
        "motivations",
        "pain_points",
        "emotion",
        "quote",
        "opportunities",
        "owner",
        "metrics",
        "promise",
        "next",
        "lanes",
    ):
        assert key in step, key


def test_schema_command_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s"
    assert main(["schema", "--check", "--out", str(out)]) == 1
    assert main(["schema", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["brand.schema.json", "journey.schema.json", "persona.schema.json"]
    assert main(["schema", "--check", "--out", str(out)]) == 0
    (out / "brand.schema.json").write_text("{}", encoding="utf-8")
    assert main(["schema", "--check", "--out", str(out)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["schema", "--print", "persona"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "mkdocs-cjm persona"


def test_schema_command_refuses_a_file_as_folder(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    assert main(["schema", "--out", str(tmp_path / "f")]) == 2


# -- agreement ------------------------------------------------------------------------------
@pytest.mark.parametrize("name, kind, data", example_documents(), ids=lambda v: v if isinstance(v, str) else "")
def test_examples_are_valid_for_both(name: str, kind: str, data: Any) -> None:
    assert our_valid(kind, data), validate(data, S.SCHEMAS[kind])
    assert jsonschema_valid(kind, data)


@pytest.mark.parametrize("name, kind, text", SCHEMA_BROKEN, ids=[c[0] for c in SCHEMA_BROKEN])
def test_broken_documents_are_invalid_for_both(name: str, kind: str, text: str) -> None:
    doc = parse_yaml(text.encode("utf-8"), name)
    assert doc.problems == [], "the broken cases break the schema, not the YAML"
    violations = validate(doc.data, S.SCHEMAS[kind])
    assert violations, name
    assert not jsonschema_valid(kind, doc.data), f"{name}: jsonschema accepts what the loader rejects: {violations}"


def test_every_example_map_points_editors_at_its_schema() -> None:
    for path in sorted(EXAMPLE_MAPS.rglob("*.y*ml")):
        relative = path.relative_to(EXAMPLE_MAPS).as_posix()
        first = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), f"maps/{relative}: the first line should be '{prefix}...'"
        target = (path.parent / first[len(prefix) :].strip()).resolve()
        assert target == (SCHEMA_DIR / f"{kind_of(relative)}.schema.json").resolve(), relative


# Keywords that mean the same in draft-07 and in draft 2020-12, and annotations that editors read.
PORTABLE = {
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "items",
    "minItems",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "format",
    "anyOf",
    "default",
    "patternErrorMessage",
    "enumDescriptions",
    "defaultSnippets",
}


def _keywords(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            yield key
            if key in ("properties",):
                for child in value.values():
                    yield from _keywords(child)
            elif key in ("items", "additionalProperties", "propertyNames") and isinstance(value, dict):
                yield from _keywords(value)
            elif key == "anyOf":
                for child in value:
                    yield from _keywords(child)


@pytest.mark.parametrize("kind", KINDS)
def test_schema_uses_keywords_that_draft_07_editors_understand(kind: str) -> None:
    # The YAML language server validates with a draft-07 engine: every keyword used
    # must mean the same there, so that the editor and the build agree.
    assert set(_keywords(json.loads(S.dumps(kind)))) <= PORTABLE


@pytest.mark.parametrize("name, kind, text", SCHEMA_BROKEN, ids=[c[0] for c in SCHEMA_BROKEN])
def test_draft_07_validators_agree_too(name: str, kind: str, text: str) -> None:
    from support.schemas import to_json

    document = json.loads(S.dumps(kind))
    document["$schema"] = "http://json-schema.org/draft-07/schema#"
    validator = jsonschema.Draft7Validator(document, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert not validator.is_valid(to_json(parse_yaml(text.encode(), name).data))
    for example, example_kind, data in example_documents():
        if example_kind == kind:
            assert validator.is_valid(to_json(data)), example
