"""Maps with the keys of per-persona emotions, prioritised opportunities and detailing journeys."""

#: A second persona and a journey with both personas, mapped emotions, opportunities and a detail link.
LEO = "name: Leo\n"
MAPPED = """\
title: Two feelings
personas: [sarah, leo]
stages:
  - id: buy
    name: Buy
    steps:
      - id: pick
        touchpoint: Pick a size
        emotion: {sarah: 2, leo: 4}
        journey: detail
        opportunities:
          - Plain idea
          - text: Size advice
            impact: 4
            effort: 1
            status: planned
            owner: Web team
      - id: pay
        touchpoint: Pay
        emotion: {leo: 5}
"""
DETAIL = """\
title: Size advice
personas: [sarah]
stages:
  - name: Advice
    steps:
      - touchpoint: Size chart
        emotion: 3
"""
