"""The small line chart (render/charts.py): sizes, points, gaps, escaping, determinism."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from mkdocs_cjm.render import geometry as G
from mkdocs_cjm.render.charts import Band, Series, chart_block, line_chart, score_text

SVG = "{http://www.w3.org/2000/svg}"


def chart(**kw) -> str:
    args = dict(
        uid="c1",
        title="Feeling",
        desc="Scores",
        bands=[Band("Awareness", 0, 1), Band("Purchase", 2, 3)],
        series=[Series("Sarah", (4.0, None, 2.0, 5.0))],
        points=["Ad", "Page", "Checkout", "Desk"],
    )
    args.update(kw)
    return line_chart(**args)


def points(svg: ET.Element) -> list[tuple[str, float]]:
    return [
        (g.get("data-value"), float(g[1].get("cy"))) for g in svg.iter(SVG + "g") if g.get("class") == "cjm-chart-point"
    ]


def test_chart_fits_its_column_and_is_one_line() -> None:
    text = chart()
    svg = ET.fromstring(text)
    assert svg.get("width") == "100%" and svg.get("viewBox").startswith(f"0 0 {G.CHART_W} ")
    assert "\n" not in text  # safe as a raw HTML block in Markdown
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(SVG + "title").text == "Feeling" and svg.find(SVG + "desc").text == "Scores"


def test_points_match_the_values_and_a_missing_value_breaks_the_line() -> None:
    svg = ET.fromstring(chart())
    found = points(svg)
    assert [v for v, _ in found] == ["4", "2", "5"]
    ys = dict(found)
    assert ys["5"] < ys["4"] < ys["2"]
    lines = list(svg.iter(SVG + "polyline"))
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # 2.0 -> 5.0; 4.0 stands alone
    tips = [g.find(SVG + "title").text for g in svg.iter(SVG + "g") if g.get("class") == "cjm-chart-point"]
    assert tips[0] == "Sarah, Ad: 4 of 5"


def test_two_lines_differ_by_dash_and_marker_and_have_a_legend() -> None:
    svg = ET.fromstring(chart(series=[Series("Before", (3.0, 4.0, 2.0, 1.0)), Series("After", (4.0, 5.0, 3.0, 2.0))]))
    groups = [g for g in svg.iter(SVG + "g") if g.get("data-series") is not None]
    assert [g.find(SVG + "polyline").get("stroke-dasharray") for g in groups] == [None, "8 4"]
    assert [g.find(SVG + "g")[1].tag for g in groups] == [SVG + "circle", SVG + "rect"]
    legend = next(g for g in svg.iter(SVG + "g") if g.get("class") == "cjm-chart-legend")
    assert [t.text for t in legend.iter(SVG + "text")] == ["Before", "After"]
    # One line: no legend (the chart's title names it).
    assert "cjm-chart-legend" not in chart()


def test_map_text_is_escaped_and_long_labels_are_cut() -> None:
    evil = "<script>alert(1)</script> & Supercalifragilisticexpialidocious"
    text = chart(title=evil, bands=[Band(evil, 0, 0), Band("B", 1, 3)], series=[Series(evil, (1.0, 2.0, 3.0, 4.0))])
    assert "<script>" not in text
    svg = ET.fromstring(text)
    assert svg.find(SVG + "title").text == evil
    band = next(g for g in svg.iter(SVG + "g") if g.get("class") == "cjm-chart-bands")[0]
    assert band.find(SVG + "title").text == evil  # the whole label as a tooltip
    shown = [t.text for t in band.iter(SVG + "text")]
    assert len(shown) == 1 and shown[0].endswith("…")


def test_same_input_same_chart() -> None:
    assert chart() == chart()
    assert score_text(2.6666) == "2.67" and score_text(3.0) == "3" and score_text(3.5) == "3.5"


def test_chart_block_is_a_labelled_scrolling_region_left_out_of_search() -> None:
    block = chart_block(chart(), 'Chart: "><script>', "persona", {"journey": 'a"b'})
    assert block.startswith('<div class="cjm-chart cjm-chart--persona" data-search-exclude="" data-journey="a&quot;b">')
    assert 'tabindex="0" role="region" aria-label="Chart: &quot;&gt;&lt;script&gt;"' in block
    assert "<script>" not in block
