"""Maps for the insight tests: journeys that differ in every facet of the journeys index."""

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
