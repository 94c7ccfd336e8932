"""Insight pages built into real sites: as-is against to-be, persona feeling curves, the journey landscape.

Each is checked on a site made for it (tests/support/insight.py: every kind of delta, details two
levels deep) and on the example maps (maps/).
"""

from __future__ import annotations

import html as H
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support.insight import insight_maps
from support.maps import EXAMPLE_MAPS
from support.site import Site, build_site

SVG = "{http://www.w3.org/2000/svg}"
COMPARE = "insights/compare/shop/index.html"
LANDSCAPE = "insights/landscape/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("insight"), insight_maps(), strict=True)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE_MAPS, root / "maps")
    return build_site(root, {}, strict=True)


def statuses(html: str) -> dict[str, str]:
    """Step id -> added / removed / changed / same, as the comparison marks it."""
    return dict(re.findall(r'data-step="([^"]*)" data-status="([^"]*)"', html))


def changes_of(html: str, step: str) -> str:
    """The "What changed" cell of a step's row, as text."""
    row = re.search(
        r'<tr>(?:(?!</tr>).)*data-step="' + re.escape(step) + r'" data-status="changed".*?</tr>', html, re.S
    )
    assert row, step
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    return H.unescape(re.sub(r"<[^>]+>", "", cells[-1]))


def rating_kinds(html: str) -> list[tuple[str, str]]:
    return [(step, kind) for kind, step in re.findall(r'data-kind="([^"]*)" data-step="([^"]*)"', html)]


def charts(html: str) -> list[ET.Element]:
    """Every chart SVG of a page."""
    return [
        ET.fromstring(m)
        for m in re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="cjm-chart-svg".*?</svg>', html, re.S)
    ]


def series_values(svg: ET.Element) -> list[list[tuple[int, str]]]:
    """(point index, value) of each line's points, line by line."""
    out = []
    for group in svg.iter(SVG + "g"):
        if group.get("data-series") is not None:
            out.append(
                [(int(p.get("data-index")), p.get("data-value")) for p in group if p.get("class") == "cjm-chart-point"]
            )
    return out


def tags(html: str, cls: str) -> list[dict[str, str]]:
    """The attributes of every element with the class ``cls``, in page order."""
    found = re.findall(r'<[a-z]+\b[^>]*\bclass="[^"]*\b' + re.escape(cls) + r'\b[^"]*"[^>]*>', html)
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in found]


def landscape_rows(html: str) -> list[tuple[int, str]]:
    return [(int(a["data-depth"]), a["data-journey"]) for a in tags(html, "cjm-landscape-journey")]


def persona_charts(html: str) -> dict[str, ET.Element]:
    """A persona page's charts by journey id."""
    journeys = [a["data-journey"] for a in tags(html, "cjm-chart--persona")]
    found = charts(html)
    assert len(found) == len(journeys)
    return dict(zip(journeys, found))


def link_targets(site: Site, uri: str) -> list[str]:
    """The site files the page's relative links go to (directory URLs: ``x/`` is ``x/index.html``)."""
    html = site.html(uri)
    folder = posixpath.dirname(uri)
    out = []
    for href in re.findall(r'href="([^"#:]+)(?:#[^"]*)?"', html):
        target = posixpath.normpath(posixpath.join(folder, H.unescape(href)))
        out.append(target + "/index.html" if href.endswith("/") else target)
    return out


# -- as-is against to-be ------------------------------------------------------------------
def test_comparison_page_is_in_insights_and_linked_from_both_journeys(site: Site) -> None:
    assert site.exists(COMPARE)
    for journey in ("journeys/shop/index.html", "journeys/future/shop-future/index.html"):
        link = re.search(r'<a class="cjm-badge cjm-badge--link cjm-compare-link" href="([^"]+)"', site.html(journey))
        assert link, journey
        target = posixpath.normpath(posixpath.join(posixpath.dirname(journey), link.group(1)))
        assert target == COMPARE.removesuffix("index.html").rstrip("/"), journey
    nav = site.html("index.html")
    assert re.search(r"Insights.*?insights/compare/shop/", nav, re.S)
    # A journey of no pair links to no comparison.
    assert "cjm-compare-link" not in site.html("journeys/collect-detail/index.html")


def test_steps_are_marked_added_removed_changed(site: Site) -> None:
    html = site.html(COMPARE)
    assert statuses(html) == {
        "ad": "same",
        "flyer": "removed",
        "video": "added",
        "try-on": "added",
        "checkout": "changed",
        "collect": "changed",
        "call": "removed",
    }
    assert 'data-added="2" data-removed="2" data-changed="2" data-same="1"' in html
    checkout = changes_of(html, "checkout")
    for what in (
        "Touchpoint (was “Checkout”)",
        "Pain points",
        "Channel Website → In store",
        "Feeling 2 → 4",
        "Effortless: misses → meets",
    ):
        assert what in checkout, (what, checkout)
    assert changes_of(html, "collect") == "Effortless: meets → misses"


def test_stages_are_aligned_by_id(site: Site) -> None:
    html = site.html(COMPARE)
    found = [(i, s) for s, i in re.findall(r'<h3 data-stage-status="([^"]+)" id="compare-stage-([^"]+)"', html)]
    assert found == [("aware", "both"), ("try", "added"), ("buy", "both"), ("complain", "removed")]


def test_rating_changes_list_a_new_miss_first(site: Site) -> None:
    kinds = rating_kinds(site.html(COMPARE))
    assert kinds == [("video", "new miss"), ("collect", "new miss"), ("checkout", "better")]


def test_pain_points_gone_and_new(site: Site) -> None:
    html = site.html(COMPARE)
    gone = re.findall(r'<span class="cjm-pain-gone">(.*?)</span>', html)
    new = re.findall(r'<span class="cjm-pain-new">(.*?)</span>', html)
    assert gone == ["Checkout is slow"]
    assert new == ["Wallet pay needs a recent phone"]


def test_kpi_targets_side_by_side(site: Site) -> None:
    html = site.html(COMPARE)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        kpi = re.search(r'data-kpi="([^"]+)"', row)
        if kpi:
            cells = [
                H.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            ]
            rows[kpi.group(1)] = cells[2:]
    assert rows == {"conv": ["1.5%", "2.5%", "3%", "–"], "nps": ["–", "–", "50", "–"]}


def test_feeling_by_stage_chart_and_table(site: Site) -> None:
    html = site.html(COMPARE)
    (svg,) = charts(html)
    assert svg.get("viewBox", "").startswith("0 0 ") and svg.get("width") == "100%"
    assert svg.find(SVG + "title") is not None and svg.find(SVG + "desc") is not None
    # Stages aware, try, buy, complain: the mean of each stage's steps in each state.
    before, after = series_values(svg)
    assert before == [(0, "3.5"), (2, "2.5"), (3, "1")]
    assert after == [(0, "4.5"), (1, "4"), (2, "3.5")]
    # The two lines differ by dash and by marker, not by colour alone; the legend names both.
    lines = [g for g in svg.iter(SVG + "g") if g.get("data-series") is not None]
    assert [g.find(SVG + "polyline").get("stroke-dasharray") for g in lines] == [None, "8 4"]
    assert [g.find(SVG + "g")[1].tag for g in lines] == [SVG + "circle", SVG + "rect"]
    legend = "".join(t.text or "" for t in svg.iter(SVG + "text"))
    assert "Current (as-is)" in legend and "Future (to-be)" in legend
    # The same numbers as a table.
    table = re.search(r"<th>Stage</th>.*?</table>", html, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]
    assert cells[:4] == ["Awareness", "3.5", "4.5", "▲ +1"]
    assert cells[4:8] == ["Try at home", "–", "4", "–"]


def test_both_diagrams_are_drawn_with_links_to_the_journey_pages(site: Site) -> None:
    html = site.html(COMPARE)
    assert "cjm-diagram-slot" not in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="cjm-svg"') == 2
    steps = re.findall(r'<a href="([^"]+)" aria-label="[^"]*" class="cjm-step-link" data-step="flyer"', html)
    assert steps == ["../../../journeys/shop/#step-flyer"]
    missing = [t for t in link_targets(site, COMPARE) if not site.exists(t)]
    assert not missing, missing


# -- persona feeling curves ---------------------------------------------------------------------
def test_persona_page_has_a_curve_per_journey(site: Site) -> None:
    html = site.html("personas/sarah/index.html")
    found = charts(html)
    journeys = [a["data-journey"] for a in tags(html, "cjm-chart--persona")]
    assert sorted(journeys) == ["collect-detail", "shop", "shop-future"]
    assert len(found) == 3
    by_journey = dict(zip(journeys, found))
    assert series_values(by_journey["shop"]) == [[(0, "4"), (1, "3"), (2, "2"), (3, "3"), (4, "1")]]
    assert series_values(by_journey["collect-detail"]) == [[(0, "2"), (1, "5")]]
    bands = [t.text for t in by_journey["shop"].iter(SVG + "title")][1:4]
    assert bands == ["Awareness", "Purchase", "Complaint"]
    assert len({svg.find(SVG + "title").get("id") for svg in found}) == 3  # ids unique on the page


def test_curve_points_sit_at_their_scores(site: Site) -> None:
    svg = persona_charts(site.html("personas/sarah/index.html"))["shop"]
    ys = {}
    for point in svg.iter(SVG + "g"):
        if point.get("class") == "cjm-chart-point":
            ys[point.get("data-value")] = float(point[1].get("cy"))
    # Higher score, higher on the chart; equal steps between scores.
    assert ys["4"] < ys["3"] < ys["2"] < ys["1"]
    assert ys["1"] - ys["2"] == pytest.approx(ys["3"] - ys["4"])


# -- journeys within journeys ------------------------------------------------------------------------
def test_landscape_nests_what_details_what(site: Site) -> None:
    html = site.html(LANDSCAPE)
    assert landscape_rows(html) == [(0, "shop"), (1, "collect-detail"), (2, "desk-detail"), (0, "shop-future")]
    assert re.findall(r'data-detailed-step="([^"]+)"', html) == ["collect", "hand-over"]
    assert re.search(r"<li>.*?shop.*?<ul>.*?collect-detail.*?<ul>.*?desk-detail", html, re.S)  # a nested list
    # The same tree drawn: a box per row at its depth, a future state's box dashed, the step it details beside it.
    (svg,) = [
        ET.fromstring(m)
        for m in re.findall(
            r'<svg xmlns="http://www.w3.org/2000/svg" class="cjm-chart-svg cjm-tree-svg".*?</svg>', html, re.S
        )
    ]
    nodes = [g for g in svg.iter(SVG + "g") if g.get("class") == "cjm-tree-node"]
    assert [(int(g.get("data-depth")), g.get("data-state")) for g in nodes] == [
        (0, "current"),
        (1, "current"),
        (2, "current"),
        (0, "future"),
    ]
    assert [g.find(SVG + "rect").get("stroke-dasharray") for g in nodes] == [None, None, None, "5 3"]
    assert [t.text for t in nodes[1].iter(SVG + "text")] == ["Collect in store", "details “Collection desk” (Purchase)"]
    assert len(list(svg.iter(SVG + "path"))) == 2  # shop -> collect-detail -> desk-detail
    missing = [t for t in link_targets(site, LANDSCAPE) if not site.exists(t)]
    assert not missing, missing


# -- the example maps -----------------------------------------------------------------------------------
def test_example_comparison(example: Site) -> None:
    html = example.html("insights/compare/first-purchase/index.html")
    marks = statuses(html)
    assert {k for k, v in marks.items() if v == "changed"} == {"insta-reel", "checkout", "try-on"}
    assert marks["size-swap"] == "added" and marks["size-guide"] == "removed"
    assert rating_kinds(html)[0] == ("size-swap", "new miss")
    assert "The returns slip is missing from the parcel" in re.findall(
        r'<span class="cjm-pain-gone">(.*?)</span>', html
    )
    assert "Collection slots are only available on weekdays" in re.findall(
        r'<span class="cjm-pain-new">(.*?)</span>', html
    )
    assert 'data-kpi="fit-returns"' in html and 'data-kpi="swap-days"' in html


def test_example_persona_curves_and_landscape(example: Site) -> None:
    html = example.html("personas/maya/index.html")
    journeys = [a["data-journey"] for a in tags(html, "cjm-chart--persona")]
    assert set(journeys) == {"first-purchase", "first-purchase-future", "return-an-item", "early-access"}
    assert len(charts(html)) == len(journeys)
    land = example.html(LANDSCAPE)
    rows = landscape_rows(land)
    at = rows.index((0, "first-purchase"))
    assert rows[at + 1 : at + 3] == [(1, "size-advice"), (1, "return-an-item")]


def test_pages_are_the_same_on_a_second_build(site: Site, tmp_path: Path) -> None:
    again = build_site(tmp_path, insight_maps(), strict=True)
    for uri in (COMPARE, LANDSCAPE, "personas/sarah/index.html"):
        assert again.html(uri) == site.html(uri), uri


def test_generate_writes_the_insight_pages_with_both_diagrams(tmp_path: Path) -> None:
    from support.maps import write, write_files

    from mkdocs_cjm.cli import main

    write_files(tmp_path, insight_maps())
    write(tmp_path / "mkdocs.yml", "site_name: T\nplugins:\n  - cjm:\n      today: 2026-11-23\n      exports: false\n")
    assert main(["generate", str(tmp_path), "-o", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out" / "insights" / "compare" / "shop.md").read_text(encoding="utf-8")
    assert "cjm-diagram-slot" not in page
    assert page.count('<div class="cjm-diagram"') == 2
    # Links relative to the page's file (generate's rule), to the journey page's address.
    assert 'href="../../journeys/shop/#step-flyer"' in page
    assert (tmp_path / "out" / "insights" / "landscape.md").is_file()


def band_boxes(svg_html: str) -> dict[str, tuple[float, float]]:
    """Stage id -> (x, width) of its band in one diagram."""
    found = re.findall(
        r'<g data-stage="([^"]+)"><title>[^<]*</title><rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg_html
    )
    return {sid: (float(x), float(w)) for sid, x, w in found}


def test_the_two_diagrams_line_up_stage_by_stage(site: Site) -> None:
    html = site.html(COMPARE)
    drawings = html.split('class="cjm-svg"')[1:]
    assert len(drawings) == 2
    current, future = (band_boxes(d) for d in drawings)
    # current: aware, buy, complain; future: aware, try, buy: the future's "try" has room above it in the
    # current state's drawing, and the stages both have start at one x with one width
    assert set(current) == {"aware", "buy", "complain"} and set(future) == {"aware", "try", "buy"}
    for stage in ("aware", "buy"):
        assert current[stage] == future[stage], stage
    assert current["aware"][0] + current["aware"][1] < future["try"][0] < current["buy"][0]
    # the journey pages keep their own, unaligned drawing
    own = band_boxes(site.html("journeys/shop/index.html"))
    assert own["buy"][0] < current["buy"][0]
