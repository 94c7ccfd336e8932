"""Helpers for the loader, validation, check and property tests.

``make_site`` writes a small valid site (mkdocs.yml, docs/, maps/) into a
folder; ``synthetic_site`` writes a big one (hundreds of journeys) for
timing tests.
"""

from __future__ import annotations

import datetime as _dt
import json
import textwrap
from pathlib import Path
from typing import Any

import yaml

from mkdocs_cjm import schema as S
from mkdocs_cjm.validate import validate

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_MAPS = REPO / "maps"

BRAND = """\
name: Acme Outfitters
promises:
  - id: effortless
    name: Effortless
    statement: Getting what you need from us takes no effort.
channels:
  - {id: social, name: Social media, kind: online}
  - {id: web, name: Website, kind: online}
  - {id: store, name: In store, kind: offline}
lanes:
  - id: backstage
    name: Behind the scenes
    after: opportunities
"""

PERSONA = """\
name: Sarah
tagline: the busy professional
role: Marketing manager, 34, lives in Leeds
value: high
goals: [Look sharp at work]
channels: [social, web, store]
evidence: [Customer survey 2026]
"""

JOURNEY = """\
title: Buy online, collect in store
summary: One or two sentences.
personas: [sarah]
reviewed: 2026-09-14
review_every: 90
evidence: [Checkout survey, Q3 2026]
promises: [effortless]
stages:
  - id: aware
    name: Awareness
    steps:
      - id: insta-ad
        touchpoint: Instagram carousel ad
        channel: social
        actions: [Sees the ad]
        emotion: 4
        metrics:
          - name: Click-through rate
            id: ctr
            actual: 1.8
            target: 2.5
            unit: "%"
        promise:
          effortless: {rating: meets, note: Two taps.}
        lanes:
          backstage: [Stock feed]
      - touchpoint: Landing page
        channel: web
        emotion: 3
  - name: Purchase
    steps:
      - id: checkout
        touchpoint: Checkout
        channel: web
        emotion: 2
        next: [insta-ad]
"""

MKDOCS_YML = """\
site_name: Test
theme:
  name: material
plugins:
  - search
  - cjm:
      today: 2026-10-01
"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return path


def make_site(root: Path, *, journeys: dict[str, str] | None = None, mkdocs_yml: str = MKDOCS_YML) -> Path:
    """A valid small site: one brand, one persona, one journey (``buy.yml``)."""
    write(root / "mkdocs.yml", mkdocs_yml)
    write(root / "docs" / "index.md", "# Home\n")
    write(root / "maps" / "brand.yml", BRAND)
    write(root / "maps" / "personas" / "sarah.yml", PERSONA)
    for name, text in (journeys if journeys is not None else {"buy.yml": JOURNEY}).items():
        write(root / "maps" / name, text)
    return root


def synthetic_journey(index: int, *, stages: int = 8, steps: int = 6) -> str:
    """A big valid journey: ``stages`` stages of ``steps`` fully filled steps."""
    out = [
        f"title: Synthetic journey {index}",
        f"summary: Journey number {index}, generated for timing tests.",
        "personas: [sarah]",
        "owner: CX team",
        "reviewed: 2026-09-01",
        "evidence: [Generated]",
        "tags: [synthetic, load]",
        "stages:",
    ]
    for s in range(stages):
        out += [f"  - id: stage-{s}", f"    name: Stage {s}", f"    goal: Get through stage {s}", "    steps:"]
        for t in range(steps):
            sid = f"s{s}-t{t}"
            out += [
                f"      - id: {sid}",
                f"        touchpoint: Touchpoint {s}.{t} with a *longer* name",
                f"        channel: {('social', 'web', 'store')[t % 3]}",
                "        actions: [Looks at the thing, Taps the button, Reads the reviews]",
                '        questions: ["Is it in my size?", "Will it come on time?"]',
                "        motivations: [Needs an outfit by Monday]",
                "        pain_points:",
                "          - The page is slow on the train",
                "          - The size chart is generic",
                f"        emotion: {1 + (s + t) % 5}",
                '        quote: "Oh, that\'s exactly what I need."',
                "        opportunities: [Show local stock, Remember the size]",
                "        owner: Some team",
                "        metrics:",
                "          - name: Click-through rate",
                "            id: ctr",
                "            actual: 1.8",
                "            target: 2.5",
                '            unit: "%"',
                "            source: Ads manager",
                "        promise:",
                "          effortless: {rating: meets, note: Two taps from ad to product page.}",
                "        lanes:",
                "          backstage: [Stock feed from the store system]",
            ]
            if t == steps - 1 and s == stages - 1:
                out.append("        next: [{to: s0-t0, label: Buys again}]")
    return "\n".join(out) + "\n"


def synthetic_site(root: Path, *, journeys: int = 200, stages: int = 8, steps: int = 6) -> Path:
    """A site with ``journeys`` big journeys in a few folders."""
    make_site(root, journeys={})
    for index in range(journeys):
        folder = ("", "retail/", "loyalty/", "care/")[index % 4]
        write(root / "maps" / f"{folder}journey-{index:03d}.yml", synthetic_journey(index, stages=stages, steps=steps))
    return root


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
    for name, kind, text in (("brand", "brand", BRAND), ("persona", "persona", PERSONA), ("journey", "journey", JOURNEY),
                             ("synthetic", "journey", synthetic_journey(1, stages=2, steps=2))):
        out.append((f"helpers:{name}", kind, parse_yaml(text.encode(), name).data))
    return out
