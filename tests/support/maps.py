"""The maps the tests write: the one BRAND, PERSONA and JOURNEY, the example site, big synthetic sites.

``BRAND``, ``PERSONA`` and ``JOURNEY`` are the small valid set; many tests break one line of them and
assert the line of the error, so their lines only ever move with those tests. ``make_site`` writes them
as a site (mkdocs.yml, docs/, maps/); ``example_maps`` is the set with the site's richer journey
(``SITE_JOURNEY``: three stages, ratings, a counterpart) and its future state (``FUTURE``), for the tests
that build and look at a real site. ``synthetic_site`` writes a big one (hundreds of journeys).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

#: The repository (the folder of pyproject.toml).
REPO = Path(__file__).resolve().parents[2]
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

#: The example site's journey (maps/click-and-collect.yml): what the site tests look at.
SITE_JOURNEY = """\
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
          - id: ctr
            name: Click-through rate
            better: higher
            actual: 1.8
            target: 2.5
            unit: "%"
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

#: Its future state (maps/omni/click-and-collect-future.yml).
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
    """Write one file (folders made as needed); text starting with a newline is dedented."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return path


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    """:func:`write` each of ``files`` (relative name -> content) under ``folder``."""
    for name, content in files.items():
        write(folder / name, content)


def example_maps() -> dict[str, str]:
    """The example site's maps: the brand, the persona, the journey and its future state."""
    return {
        "maps/brand.yml": BRAND,
        "maps/personas/sarah.yml": PERSONA,
        "maps/click-and-collect.yml": SITE_JOURNEY,
        "maps/omni/click-and-collect-future.yml": FUTURE,
    }


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


def repo_maps() -> dict[str, str | bytes]:
    """The repository's own example maps (``maps/``: the published example site), as files under maps/."""
    return {
        "maps/" + p.relative_to(EXAMPLE_MAPS).as_posix(): p.read_bytes()
        for p in sorted(EXAMPLE_MAPS.rglob("*"))
        if p.is_file()
    }
