"""Maps for the insight tests: journeys that differ in every facet of the journeys index (ALPHA, BETA,
GAMMA), and a small site with a current/future pair with every kind of delta, journeys detailing steps two
levels deep, and a persona in three journeys (CURRENT, FUTURE, DETAIL, DESK, :func:`insight_maps`)."""

from __future__ import annotations

import json

from support.maps import BRAND, PERSONA

LEO = "name: Leo\ntagline: the student\n"

#: An owner name and a tag that would be markup, or break out of an attribute, if printed as they are.
EVIL_OWNER = "\"><img src=x onerror=alert(1)> 'team'"
EVIL_TAG = 'a "b" <c> & d'

ALPHA = """\
title: Alpha
personas: [sarah]
owner: CX team
reviewed: 2026-10-01
evidence: [Survey]
tags: [retail]
stages:
  - name: One
    steps:
      - id: s1
        touchpoint: Answered miss
        owner: Web team
        opportunities: [Fix it]
        promise:
          effortless: {rating: misses}
      - id: s2
        touchpoint: Unanswered miss
        promise:
          effortless: {rating: misses, note: Nobody is on it}
      - id: s3
        touchpoint: Partial only
        promise:
          effortless: {rating: partial}
"""

BETA = f"""\
title: Beta
state: future
personas: [leo]
owner: {json.dumps(EVIL_OWNER)}
reviewed: 2026-01-01
tags: [{json.dumps(EVIL_TAG)}]
stages:
  - name: One
    steps:
      - touchpoint: Somewhere
"""

GAMMA = """\
title: Gamma
personas: [sarah, leo]
evidence: [Interviews]
stages:
  - name: One
    steps:
      - touchpoint: Elsewhere
"""

#: Three journeys that differ in every facet: persona, state, owner, tag, review.
INDEX_FILES = {
    "maps/brand.yml": BRAND,
    "maps/personas/sarah.yml": PERSONA,
    "maps/personas/leo.yml": LEO,
    "maps/alpha.yml": ALPHA,
    "maps/beta.yml": BETA,
    "maps/loyalty/gamma.yml": GAMMA,
}


CURRENT = """\
title: Shop online
state: current
counterpart: shop-future
personas: [sarah]
promises: [effortless]
stages:
  - id: aware
    name: Awareness
    steps:
      - id: ad
        touchpoint: Instagram ad
        channel: social
        pain_points: [Ad shows sold-out items]
        emotion: 4
        promise:
          effortless: {rating: meets}
      - id: flyer
        touchpoint: Paper flyer
        emotion: 3
  - id: buy
    name: Purchase
    steps:
      - id: checkout
        touchpoint: Checkout
        channel: web
        pain_points: [Checkout is slow]
        emotion: 2
        metrics:
          - {id: conv, name: Conversion, actual: 1.5, target: 2.5, unit: "%"}
        promise:
          effortless: {rating: misses}
      - id: collect
        touchpoint: Collection desk
        channel: store
        emotion: 3
        journey: collect-detail
        promise:
          effortless: {rating: meets}
  - id: complain
    name: Complaint
    steps:
      - id: call
        touchpoint: Call centre
        emotion: 1
"""

FUTURE = """\
title: Shop online (future)
state: future
counterpart: shop
personas: [sarah]
promises: [effortless]
stages:
  - id: aware
    name: Awareness
    steps:
      - id: ad
        touchpoint: Instagram ad
        channel: social
        pain_points: [Ad shows sold-out items]
        emotion: 4
        promise:
          effortless: {rating: meets}
      - id: video
        touchpoint: Try-on video
        emotion: 5
        promise:
          effortless: {rating: misses}
  - id: try
    name: Try at home
    steps:
      - id: try-on
        touchpoint: Home try-on
        emotion: 4
  - id: buy
    name: Purchase
    steps:
      - id: checkout
        touchpoint: One-tap checkout
        channel: store
        pain_points: [Wallet pay needs a recent phone]
        emotion: 4
        metrics:
          - {id: conv, name: Conversion, target: 3, unit: "%"}
          - {id: nps, name: Net promoter score, target: 50}
        promise:
          effortless: {rating: meets}
      - id: collect
        touchpoint: Collection desk
        channel: store
        emotion: 3
        promise:
          effortless: {rating: misses}
"""

DETAIL = """\
title: Collect in store
personas: [sarah]
stages:
  - id: desk
    name: At the desk
    steps:
      - id: queue
        touchpoint: Queue
        emotion: 2
      - id: hand-over
        touchpoint: Hand-over
        emotion: 5
        journey: desk-detail
"""

DESK = """\
title: Hand-over at the desk
stages:
  - id: hand
    name: Hand-over
    steps:
      - id: id-check
        touchpoint: ID check
"""


def insight_maps(**replace: str) -> dict[str, str]:
    """The site's maps (a file's text replaced where given, by its name without ``.yml``)."""
    files = {
        "maps/brand.yml": BRAND,
        "maps/personas/sarah.yml": PERSONA,
        "maps/shop.yml": CURRENT,
        "maps/future/shop-future.yml": FUTURE,
        "maps/collect-detail.yml": DETAIL,
        "maps/desk-detail.yml": DESK,
    }
    for name, text in replace.items():
        key = next(k for k in files if k.rsplit("/", 1)[-1] == name.replace("_", "-") + ".yml")
        files[key] = text
    return files
