"""Diagrams of the new keys: one emotion line per persona with a legend, detail links, opportunity markers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.keymaps import DETAIL, MAPPED
from support.maps import JOURNEY
from test_keys import _site

from mkdocs_cjm.loader import load_project
from mkdocs_cjm.render.drawing import series_style
from mkdocs_cjm.render.svg import render_diagram, render_svg
from mkdocs_cjm.site import Project


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    return load_project(_site(tmp_path, {"two": MAPPED, "detail": DETAIL, "plain": JOURNEY}), display_root=tmp_path)


def _series(svg: str) -> dict[str, str]:
    return dict(
        re.findall(r'<g class="cjm-emo-series" data-persona="([a-z-]+)">(.*?)</g>(?=<g class="cjm-emo|</g>)', svg)
    )


def test_one_line_per_persona_with_distinct_dashes_and_shapes(project: Project) -> None:
    svg = render_svg(project, project.journeys["two"])
    series = re.findall(r'<g class="cjm-emo-series" data-persona="([a-z-]+)">', svg)
    assert series == ["sarah", "leo"]
    markers = re.findall(r'data-step="([a-z-]+)" data-persona="([a-z-]+)" data-emotion="(\d)" data-shape="(\w+)"', svg)
    # sarah has no point at 'pay' (missing from its mapping); leo has both
    assert markers == [("pick", "sarah", "2", "circle"), ("pick", "leo", "4", "square"), ("pay", "leo", "5", "square")]
    paths = re.findall(
        r'<path d="[^"]+" stroke-width="2.5"[^>]*?(?: stroke-dasharray="([^"]+)")?[^>]*class="cjm-emo-line"', svg
    )
    assert len(paths) == 1  # leo's two points make a line; sarah's single point does not
    styles = [series_style(i) for i in range(16)]
    assert len(set(styles)) == 16 and len({d for d, _ in styles}) > 1 and len({s for _, s in styles}) > 1


def test_legend_names_the_personas(project: Project) -> None:
    svg = render_svg(project, project.journeys["two"])
    legend = re.search(r'<g class="cjm-emo-legend".*?</g></g>', svg)
    assert legend is not None
    assert re.findall(r"<text [^>]*>([^<]+)</text>", legend.group()) == ["Sarah", "Leo"]
    lines = re.findall(r"<line [^>]*/>", legend.group())
    assert len(lines) == 2 and "stroke-dasharray" not in lines[0] and 'stroke-dasharray="8 4"' in lines[1]


def test_plain_emotions_draw_one_line_without_legend(project: Project) -> None:
    svg = render_svg(project, project.journeys["plain"])
    assert "cjm-emo-legend" not in svg and "cjm-emo-series" not in svg and "data-persona" not in svg
    assert len(re.findall(r'class="cjm-marker"', svg)) == 3


def test_detailed_step_card_links_to_the_detailing_journey(project: Project) -> None:
    html = render_diagram(project, project.journeys["two"], journey_href=lambda jid: f"../{jid}/")
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)" class="cjm-step-link" data-step="(\w+)"([^>]*)>', html)
    assert links == [
        ("../detail/", "Pick a size (detailed in Size advice)", "pick", ' data-detail="detail"'),
        ("#step-pay", "Pay", "pay", ""),
    ]
    # without page links (bare SVG, exports) the card links to its step as before
    assert 'href="#step-pick"' in render_svg(project, project.journeys["two"])
