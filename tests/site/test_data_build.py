"""A site whose metrics are computed from GA4-, ticket- and survey-shaped exports: values and provenance on pages."""

from __future__ import annotations

import html as _html
import re
from pathlib import Path

from support.maps import BRAND, PERSONA
from support.site import build_site

GA4 = """\
# ----------------------------------------
# Pages and screens: Page path and screen class
# Account: Acme Outfitters
# Property: acme.example
# ----------------------------------------
#
# Start date: 20261001
# End date: 20261031
Page path and screen class,Views,Sessions,Conversions
/products/blazer,"12,400","8,000",240
/products/skirt,"6,000","4,000",40
/checkout,"3,100","2,000",600
Grand total,"21,500","14,000",880
"""

TICKETS = """\
Ticket ID;Channel;Status;Satisfaction;First reply time (h)
1001;Chat;Solved;5;0,5
1002;Chat;Closed;4;1,5
1003;Chat;Solved;2;0,25
1004;Email;Solved;<b>3</b>;26
1005;Chat;Open;;2
"""

SURVEY = "\ufeffResponse ID\tHow likely are you to recommend us?\n1\t10\n2\t9\n3\t7\n4\t3\n"

JOURNEY = """\
title: Buy online
personas: [sarah]
stages:
  - name: Browse
    steps:
      - id: product
        touchpoint: Product page
        metrics:
          - name: Product conversion
            id: conv
            unit: "%"
            target: 3
            from:
              file: web/ga4-pages.csv
              where: {Page path and screen class: "/products/*"}
              value: Conversions
              per: Sessions
              measure: rate
      - id: chat
        touchpoint: Chat
        metrics:
          - name: Chat satisfaction
            unit: "%"
            target: 85
            from:
              file: support/tickets.csv
              where: {Channel: Chat, Status: [Solved, Closed]}
              value: Satisfaction
              measure: csat
              period: 2026-10
          - name: NPS
            from: {file: nps.csv, value: "How likely are you to recommend us?", measure: nps}
"""


def test_values_and_provenance_on_the_pages(tmp_path: Path) -> None:
    files = {
        "maps/brand.yml": BRAND,
        "maps/personas/sarah.yml": PERSONA,
        "maps/buy.yml": JOURNEY,
        "maps/data/web/ga4-pages.csv": GA4,
        "maps/data/support/tickets.csv": TICKETS,
        "maps/data/nps.csv": SURVEY,
    }
    site = build_site(tmp_path, files, strict=True)
    assert not site.messages(), site.messages()
    page = site.html("journeys/buy/index.html")
    text = _html.unescape(re.sub(r"<[^>]+>", "", page))
    # 280 conversions / 12,000 sessions; 2 of 3 chat scores are 4-5; (2 - 1) of 4 respondents
    assert "2.33% (from data: web/ga4-pages.csv" in text
    assert "66.67% (from data: support/tickets.csv" in text
    assert "25 (from data: nps.csv" in text
    assert (
        "from data: web/ga4-pages.csv, where Page path and screen class = /products/*, rate of 2 rows, "
        "2026-10-01 to 2026-10-31" in text
    )
    assert (
        "from data: support/tickets.csv, where Channel = Chat; Status = Solved or Closed, csat of 3 rows, 2026-10"
        in text
    )
    assert "from data: nps.csv, nps of 4 rows)" in text
    assert "Research-based" in text and "Assumption-based" not in text
    assert "Measured from data:" in text
    # the diagram's KPI lane: a short marker with the provenance in a tooltip
    svg = re.search(r'<svg\b[^>]*class="cjm-svg".*?</svg>', page, re.S)
    assert svg
    assert svg.group(0).count(">from data</text>") == 3
    assert (
        "<title>From data: csat of 3 rows of support/tickets.csv where Channel = Chat; "
        "Status = Solved or Closed, 2026-10</title>" in svg.group(0)
    )
    # a data file's cells reach the page only escaped (the non-matching <b>3</b> row is never shown anyway)
    assert "<b>3</b>" not in page


def test_data_file_problems_fail_a_strict_build_with_the_files_line(tmp_path: Path) -> None:
    files = {
        "maps/brand.yml": BRAND,
        "maps/personas/sarah.yml": PERSONA,
        "maps/buy.yml": JOURNEY.replace("where: {Channel: Chat, Status: [Solved, Closed]}", "where: {Status: Solved}"),
        "maps/data/web/ga4-pages.csv": GA4,
        "maps/data/support/tickets.csv": TICKETS,
        "maps/data/nps.csv": SURVEY,
    }
    site = build_site(tmp_path, files)
    messages = "\n".join(site.messages())
    assert "maps/data/support/tickets.csv:5:1: error: Satisfaction: found '<b>3</b>', expected a number" in messages
    # the page lists the problem; the cell's text is shown, not obeyed
    page = site.html("journeys/buy/index.html")
    assert "<b>3</b>" not in page and "&lt;b&gt;3&lt;/b&gt;" in page


def test_check_warns_of_unused_data_files_and_metrics_that_match_nothing(tmp_path: Path) -> None:
    import datetime as dt

    from mkdocs_cjm.check import run_check

    files = {
        "maps/brand.yml": BRAND,
        "maps/personas/sarah.yml": PERSONA,
        "maps/buy.yml": JOURNEY.replace("Status: [Solved, Closed]", "Status: Pending"),
        "maps/data/web/ga4-pages.csv": GA4,
        "maps/data/support/tickets.csv": TICKETS,
        "maps/data/nps.csv": SURVEY,
        "maps/data/old-export.csv": "Date,Visits\n2026-01-01,3\n",
    }
    site = build_site(tmp_path, files, strict=True)  # warnings of `check` do not fail a strict build
    assert not site.messages(), site.messages()
    result = run_check(tmp_path, today=dt.date(2026, 11, 1))
    data = [p for p in result.problems if p.code in ("data", "data-unused")]
    assert [(p.file, p.severity, p.code) for p in data] == [
        ("maps/buy.yml", "warning", "data"),
        ("maps/data/old-export.csv", "warning", "data-unused"),
    ]
    assert "no data" in data[0].message and data[0].path.endswith("metrics[0].from.where")


def test_a_changed_data_file_redraws_only_the_journeys_that_read_it(tmp_path: Path) -> None:
    other = JOURNEY.replace("title: Buy online", "title: Other").split("        metrics:")[0]
    files = {
        "maps/brand.yml": BRAND,
        "maps/personas/sarah.yml": PERSONA,
        "maps/buy.yml": JOURNEY,
        "maps/other.yml": other,
        "maps/data/web/ga4-pages.csv": GA4,
        "maps/data/support/tickets.csv": TICKETS,
        "maps/data/nps.csv": SURVEY,
    }
    site = build_site(tmp_path, files, strict=True)
    state = site.config.plugins["cjm"].state
    assert state.diagrams_rendered == 2
    site = build_site(tmp_path, {}, strict=True)  # as `mkdocs serve` rebuilds: nothing changed, nothing drawn
    assert state.diagrams_rendered == 0
    site = build_site(tmp_path, {"maps/data/nps.csv": SURVEY + "5\t10\n"}, strict=True)
    assert state.diagrams_rendered == 1
    text = _html.unescape(re.sub(r"<[^>]+>", "", site.html("journeys/buy/index.html")))
    assert "40 (from data: nps.csv, nps of 5 rows)" in text
