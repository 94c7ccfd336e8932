"""Schema agreement helpers: our validator against the ``jsonschema`` library, and documents that break the schema."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

import yaml

from mkdocs_cjm import schema as S
from mkdocs_cjm.validate import validate
from support.maps import BRAND, EXAMPLE_MAPS, JOURNEY, PERSONA, synthetic_journey


# -- JSON Schema agreement ----------------------------------------------------------
def to_json(value: Any) -> Any:
    """Loaded YAML values as JSON would hold them (dates become ISO text)."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def jsonschema_valid(kind: str, value: Any) -> bool:
    """Whether the real ``jsonschema`` library accepts a value against our schema."""
    import jsonschema

    document = json.loads(S.dumps(kind))
    validator = jsonschema.Draft202012Validator(document, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return validator.is_valid(to_json(value))


def our_valid(kind: str, value: Any) -> bool:
    return not validate(value, S.SCHEMAS[kind])


def kind_of(relative: str) -> str:
    lower = relative.lower()
    if lower in ("brand.yml", "brand.yaml"):
        return "brand"
    if lower.startswith("personas/"):
        return "persona"
    return "journey"


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


# -- broken documents: (name, kind, YAML text); each breaks the schema once ----------------
_STEPS = "stages:\n  - name: A\n    steps:\n      - touchpoint: X\n"


def _journey(extra: str = "", step: str = "") -> str:
    return "title: T\n" + extra + _STEPS + step


SCHEMA_BROKEN: list[tuple[str, str, str]] = [
    ("journey-no-title", "journey", _STEPS),
    ("journey-no-stages", "journey", "title: T\n"),
    ("journey-empty-stages", "journey", "title: T\nstages: []\n"),
    ("journey-stages-text", "journey", "title: T\nstages: many\n"),
    ("journey-stage-no-steps", "journey", "title: T\nstages:\n  - name: A\n"),
    ("journey-step-no-touchpoint", "journey", "title: T\nstages:\n  - name: A\n    steps:\n      - channel: web\n"),
    ("journey-unknown-key", "journey", _journey("summray: S\n")),
    ("journey-state", "journey", _journey("state: futur\n")),
    ("journey-reviewed-month-13", "journey", _journey("reviewed: 2026-13-45\n")),
    ("journey-reviewed-words", "journey", _journey("reviewed: last week\n")),
    ("journey-reviewed-time", "journey", _journey("reviewed: 2026-09-14 10:00:00\n")),
    ("journey-reviewed-number", "journey", _journey("reviewed: 20260914\n")),
    ("journey-review-every-zero", "journey", _journey("review_every: 0\n")),
    ("journey-review-every-text", "journey", _journey("review_every: ninety\n")),
    ("journey-review-every-huge", "journey", _journey("review_every: 99999999999999999999999\n")),
    ("journey-personas-empty", "journey", _journey("personas: []\n")),
    ("journey-personas-not-ids", "journey", _journey("personas: [Sarah Smith]\n")),
    ("journey-id-not-id", "journey", _journey("id: Click & Collect\n")),
    ("journey-id-number", "journey", _journey("id: 12\n")),
    ("journey-title-boolean", "journey", "title: yes\n" + _STEPS),
    ("journey-title-list", "journey", "title: [a, b]\n" + _STEPS),
    ("journey-tags-mapping", "journey", _journey("tags: {a: 1}\n")),
    ("journey-counterpart-number", "journey", _journey("counterpart: 12\n")),
    ("step-emotion-zero", "journey", _journey(step="        emotion: 0\n")),
    ("step-emotion-six", "journey", _journey(step="        emotion: 6\n")),
    ("step-emotion-text", "journey", _journey(step="        emotion: happy\n")),
    ("step-emotion-fraction", "journey", _journey(step="        emotion: 4.5\n")),
    ("step-emotion-boolean", "journey", _journey(step="        emotion: yes\n")),
    ("step-emotion-huge", "journey", _journey(step="        emotion: 123456789012345678901234567890\n")),
    ("step-emotion-inf", "journey", _journey(step="        emotion: .inf\n")),
    ("step-unknown-key", "journey", _journey(step="        emotoin: 3\n")),
    ("step-id-not-id", "journey", _journey(step="        id: Insta Ad\n")),
    ("step-id-newline", "journey", _journey(step='        id: "insta\\n"\n')),
    ("step-next-label-typo", "journey", _journey(step="        next: [{to: x, labl: y}]\n")),
    ("step-next-number", "journey", _journey(step="        next: 5\n")),
    ("step-actions-mapping", "journey", _journey(step="        actions: {a: b}\n")),
    ("step-actions-nested", "journey", _journey(step="        actions: [[a]]\n")),
    ("step-metric-no-name", "journey", _journey(step="        metrics: [{actual: 1}]\n")),
    ("step-metric-actual-text", "journey", _journey(step="        metrics: [{name: M, actual: high}]\n")),
    ("step-metric-better", "journey", _journey(step="        metrics: [{name: M, better: more}]\n")),
    ("step-metrics-mapping", "journey", _journey(step="        metrics: {name: M}\n")),
    ("step-promise-rating", "journey", _journey(step="        promise: {effortless: {rating: great}}\n")),
    ("step-promise-not-id", "journey", _journey(step="        promise: {Effortless: {rating: meets}}\n")),
    ("step-promise-list", "journey", _journey(step="        promise: [effortless]\n")),
    ("step-lanes-not-id", "journey", _journey(step="        lanes: {Back Stage: [x]}\n")),
    ("step-lanes-nested", "journey", _journey(step="        lanes: {backstage: {a: b}}\n")),
    ("persona-no-name", "persona", "tagline: T\n"),
    ("persona-value", "persona", "name: N\nvalue: top\n"),
    ("persona-photo-number", "persona", "name: N\nphoto: 12\n"),
    ("persona-goals-mapping", "persona", "name: N\ngoals: {a: b}\n"),
    ("persona-unknown-key", "persona", "name: N\nbehaviors: [x]\n"),
    ("brand-promise-no-name", "brand", "promises:\n  - id: x\n"),
    ("brand-promise-bad-id", "brand", "promises:\n  - {id: Fast Help, name: F}\n"),
    ("brand-channel-kind", "brand", "channels:\n  - {id: web, name: W, kind: digital}\n"),
    ("brand-lanes-mapping", "brand", "lanes: {id: x}\n"),
    ("brand-unknown-key", "brand", "name: B\nchanels: []\n"),
]


def example_documents() -> list[tuple[str, str, Any]]:
    """Every example file of the repository and of the test sites: (name, kind, parsed value)."""
    from mkdocs_cjm.loader import parse_yaml

    out = []
    for path in sorted(EXAMPLE_MAPS.rglob("*.y*ml")):
        relative = path.relative_to(EXAMPLE_MAPS).as_posix()
        out.append((f"maps/{relative}", kind_of(relative), parse_yaml(path.read_bytes(), relative).data))
    for name, kind, text in (
        ("brand", "brand", BRAND),
        ("persona", "persona", PERSONA),
        ("journey", "journey", JOURNEY),
        ("synthetic", "journey", synthetic_journey(1, stages=2, steps=2)),
    ):
        out.append((f"helpers:{name}", kind, parse_yaml(text.encode(), name).data))
    return out
