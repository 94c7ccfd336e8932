"""The KPI page (insights/kpis/): every metric against its target, off target and worst gap first,
stale values marked (option ``kpi_stale_after``), metrics with no value listed; the journey index
counts each journey's off-target KPIs. On a fixture site and on the repository's example."""

from __future__ import annotations

import html as _html
import re
from pathlib import Path

import pytest
from support.maps import BRAND, PERSONA, repo_maps
from support.site import Site, build_site

KPIS = "insights/kpis/index.html"

#: Gaps: deep 75% worse (lower is better), half 50% worse, near 10% worse, fine 50% better.
JOURNEY = """\
title: Checkout
personas: [sarah]
owner: Journey team
reviewed: 2026-09-14
stages:
  - id: s
    name: Stage
    steps:
      - id: first
        touchpoint: First step
        owner: Step team
        metrics:
          - {id: near, name: Near miss, actual: 90, target: 100, unit: "%"}
          - {id: fine, name: Fine and lower, actual: 1, target: 2, better: lower, unit: min}
      - id: second
        touchpoint: Second step
        metrics:
          - {id: half, name: Half way, actual: 50, target: 100}
          - {id: deep, name: Deep and lower, actual: 3.5, target: 2, better: lower}
          - {id: nodata, name: Never measured, target: 7}
          - {id: csvold, name: Old export, target: 10}
"""

#: The overlay sets ``csvold`` with a period far in the past (stale whatever the map's review date).
OVERLAY = "journey,step,metric,actual,period\ncheckout,second,csvold,12,2026-05\n"


def fixture_files() -> dict[str, str | bytes]:
    return {
        "maps/brand.yml": BRAND,
        "maps/personas/sarah.yml": PERSONA,
        "maps/checkout.yml": JOURNEY,
        "maps/data/values.csv": OVERLAY,
    }


def rows(html: str, heading: str) -> list[list[str]]:
    """The cells (as text) of the table after the heading with id ``heading``."""
    part = html.split(f'id="{heading}"', 1)[1]
    table = re.search(r"<table>.*?</table>", part, re.S).group(0)
    out = []
    for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        out.append([_html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br ?/?>", " / ", c))).strip() for c in cells])
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("kpis"), fixture_files(), strict=True)


def test_off_target_first_worst_relative_gap_first(site: Site) -> None:
    table = rows(site.html(KPIS), "measured")
    assert [r[1] for r in table] == ["Deep and lower", "Half way", "Near miss", "Old export", "Fine and lower"]
    assert [r[0].split(" / ")[0] for r in table] == ["✗ off target"] * 3 + ["✓ on target"] * 2
    assert [r[0].split(" / ")[1] for r in table][:3] == ["75% worse", "50% worse", "10% worse"]
    assert table[-1][0].split(" / ")[1] == "50% better"  # lower is better: 1 against 2


def test_rows_name_journey_step_owner_and_period(site: Site) -> None:
    html = site.html(KPIS)
    table = {r[1]: r for r in rows(html, "measured")}
    assert table["Near miss"][4:6] == ["First step / Checkout", "Step team"]
    assert table["Half way"][5] == "Journey team"  # the step has no owner: the journey's
    assert table["Old export"][6].startswith("2026-05")
    assert table["Near miss"][6] == "2026-09-14 / map reviewed"
    # the step links to its anchor on the journey page, which is there
    links = set(re.findall(r'href="\.\./\.\./journeys/checkout/#(step-[a-z]+)"', html))
    assert links == {"step-first", "step-second"}
    journey = site.html("journeys/checkout/index.html")
    for anchor in links:
        assert f'id="{anchor}"' in journey


def test_stale_values_marked_by_the_option(site: Site, tmp_path: Path) -> None:
    # default 90 days: only the May export (2026-05-01, 206 days before 2026-11-23) is stale
    stale = {r[1] for r in rows(site.html(KPIS), "measured") if "stale" in r[6]}
    assert stale == {"Old export"}
    assert rows(site.html(KPIS), "measured")[3][6] == "2026-05 / ◷ stale 206 days ago"
    # 60 days: the values of the map reviewed 70 days ago are stale too
    strict = build_site(tmp_path, fixture_files(), plugin={"kpi_stale_after": 60}, strict=True)
    stale = {r[1] for r in rows(strict.html(KPIS), "measured") if "stale" in r[6]}
    assert stale == {"Old export", "Near miss", "Fine and lower", "Half way", "Deep and lower"}
    assert "more than 60 days before 2026-11-23" in strict.html(KPIS)


def test_bad_option_is_an_error(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort, ConfigurationError

    with pytest.raises((Abort, ConfigurationError, SystemExit)):
        build_site(tmp_path, fixture_files(), plugin={"kpi_stale_after": 0}, strict=True)


def test_metrics_with_no_data_listed(site: Site) -> None:
    no_data = rows(site.html(KPIS), "no-data")
    assert [(r[0], r[1], r[2], r[3]) for r in no_data] == [
        ("Never measured", "7 ▲", "Second step / Checkout", "Journey team")
    ]
    assert "Never measured" not in [r[1] for r in rows(site.html(KPIS), "measured")]


def test_page_in_the_insights_section(site: Site) -> None:
    html = site.html(KPIS)
    assert re.search(r"<h1[^>]*>KPIs</h1>", html)
    nav = site.html("index.html")
    assert "Insights" in nav and 'href="insights/kpis/"' in nav


def test_index_counts_off_target_kpis(site: Site) -> None:
    index = site.html("journeys/index.html")
    assert "✗ 3 KPIs off target" in index


EXAMPLE_OFF = {
    "First purchase online": 10,
    "First purchase online (2027 target)": 2,
    "Return an item": 4,
    "Size advice for loyalty members": 1,
}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("kpis-example"), repo_maps(), strict=True)


def test_example_kpis(example: Site) -> None:
    html = example.html(KPIS)
    table = rows(html, "measured")
    status = [r[0].split(" / ")[0] for r in table]
    off = status.count("✗ off target")
    assert off and status[:off] == ["✗ off target"] * off and "✗ off target" not in status[off:]
    gaps = [float(r[0].split(" / ")[1].split("%")[0]) for r in table[:off]]
    assert gaps == sorted(gaps, reverse=True)
    assert any("stale" in r[6] for r in table), "the example has a stale KPI"
    assert rows(html, "no-data"), "the example has a metric with no value"
    index = example.html("journeys/index.html")
    for title, count in EXAMPLE_OFF.items():
        card = index.split(f">{_html.escape(title, quote=False)}</a>", 1)[1].split("</li>", 1)[0]
        assert f"✗ {count} KPI{'s' if count != 1 else ''} off target" in card, title
    assert sum(EXAMPLE_OFF.values()) == off


def test_map_text_is_escaped(tmp_path: Path) -> None:
    payload = "<img src=x onerror=alert(1)>"
    journey = JOURNEY.replace("owner: Step team", f'owner: "{payload}"').replace(
        "name: Half way", 'name: "<b>bold</b> | pipe"'
    )
    files = fixture_files() | {"maps/checkout.yml": journey}
    html = build_site(tmp_path, files, strict=True).html(KPIS)
    assert "<img" not in html.split('class="md-content"', 1)[1] and "&lt;img src=x" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    table = {r[1]: r for r in rows(html, "measured")}  # the cells as the reader sees them
    assert table["<b>bold</b> | pipe"][4] == "Second step / Checkout"  # a pipe does not split the row
    assert table["Near miss"][5] == payload
