"""Build real MkDocs sites in a temporary folder, through MkDocs' own build."""

from __future__ import annotations

import json
import logging
import os
import shutil
import textwrap
from pathlib import Path
from typing import Any, Optional

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[1]

BRAND = """\
name: Acme Outfitters
promises:
  - id: effortless
    name: Effortless
    statement: Getting what you need from us takes no effort.
    looks_like: Few steps, no waiting, nothing to repeat.
  - id: honest
    name: Honest
    statement: What we say is true.
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
bio: Markdown backstory.
goals: [Look sharp at work with no wasted evenings]
needs: [Reliable stock information]
pain_points: [Queues at the collection desk]
behaviours: [Shops on her phone during the commute]
channels: [social, web, store]
quote: "If it takes more than five minutes, I'm out."
evidence: [Customer survey 2026]
"""

JOURNEY = """\
title: Buy online, collect in store
summary: One or two sentences shown on index cards and in search results.
state: current
counterpart: click-and-collect-future
personas: [sarah]
goal: Raise click-and-collect conversion from 2.1% to 3%
scope: UK stores, womenswear
owner: CX team
reviewed: 2026-09-14
review_every: 60
evidence:
  - Checkout survey, Q3 2026 (n=412)
promises: [effortless]
tags: [retail, omnichannel]
stages:
  - id: aware
    name: Awareness
    goal: Find something smart for a new job
    steps:
      - id: insta-ad
        touchpoint: Instagram carousel ad
        channel: social
        actions: [Sees the ad, Taps "Shop now"]
        questions: ["Is it in my size?"]
        motivations: [Needs an outfit by Monday]
        pain_points: [Ad shows items that are sold out]
        emotion: 4
        quote: "Oh, that's exactly what I need."
        opportunities: [Show local stock in the ad]
        owner: Social team
        metrics:
          - name: Click-through rate
            id: ctr
            actual: 1.8
            target: 2.5
            unit: "%"
            better: higher
            source: Ads manager, Sep 2026
        promise:
          effortless:
            rating: meets
            note: Two taps from ad to product page.
        next: [landing]
        lanes:
          backstage: [Stock feed from the store system, refreshed hourly]
  - id: consider
    name: Consideration
    steps:
      - id: landing
        touchpoint: Product page
        channel: web
        emotion: 2
        pain_points: Sizes are unclear
        promise:
          effortless: {rating: misses, note: Size chart hidden}
        next:
          - {to: collect, label: in stock}
          - {to: insta-ad, label: retargeted}
  - id: purchase
    name: Purchase
    steps:
      - id: collect
        touchpoint: Collection desk
        channel: store
        emotion: 3
        promise:
          effortless: {rating: partial, note: Short queue}
"""

FUTURE = """\
title: Buy online, collect in store (future)
state: future
counterpart: click-and-collect
personas: sarah
stages:
  - name: Awareness
    steps:
      - touchpoint: Ad with local stock
        emotion: 5
"""


#: Material with light and dark palettes following the system, as in the root mkdocs.yml.
PALETTE_THEME: dict[str, Any] = {
    "name": "material",
    "font": False,
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo", "accent": "indigo",
         "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "indigo",
         "toggle": {"icon": "material/brightness-4", "name": "Switch to light mode"}},
    ],
}


def write(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def example_maps() -> dict[str, str]:
    return {
        "maps/brand.yml": BRAND,
        "maps/personas/sarah.yml": PERSONA,
        "maps/click-and-collect.yml": JOURNEY,
        "maps/omni/click-and-collect-future.yml": FUTURE,
    }


class Site:
    def __init__(self, root: Path, site_dir: Path, logs: list[logging.LogRecord], config: Any = None):
        self.root = root
        self.site_dir = site_dir
        self.logs = logs
        #: The MkDocs configuration it was built with (its ``plugins`` are the plugin instances).
        self.config = config

    def html(self, uri: str) -> str:
        return (self.site_dir / uri).read_text(encoding="utf-8")

    def exists(self, uri: str) -> bool:
        return (self.site_dir / uri).exists()

    def search_index(self) -> dict[str, Any]:
        return json.loads((self.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.logs if r.levelno >= level]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(
    root: Path,
    files: Optional[dict[str, str | bytes]] = None,
    *,
    config: Optional[dict[str, Any]] = None,
    plugin: Optional[dict[str, Any]] = None,
    strict: bool = False,
) -> Site:
    """Write ``files`` and an mkdocs.yml under ``root``, build, return the site."""
    write(root, files if files is not None else example_maps())
    (root / "docs").mkdir(exist_ok=True)
    if not (root / "docs" / "index.md").exists():
        (root / "docs" / "index.md").write_text("# Home\n\nThe site.\n", encoding="utf-8")
    options = {"today": "2026-11-23", "exports": False}
    options.update(plugin or {})
    cfg: dict[str, Any] = {
        "site_name": "Test site",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"cjm": options}],
    }
    cfg.update(config or {})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        mk = load_config(str(root / "mkdocs.yml"), strict=strict)
        build(mk)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return Site(root, Path(mk.site_dir), handler.records, mk)
