"""The swimlane's type scale: no text smaller than ``geometry.MIN_TEXT`` (what keeps "Fit" legible)."""

from __future__ import annotations

import re

import pytest
from support.journeys import busy_journey, project_for

from mkdocs_cjm.model import LANE_LABELS
from mkdocs_cjm.render import geometry as G
from mkdocs_cjm.render.svg import render_diagram, render_svg
from mkdocs_cjm.render.textmetrics import text_width, wrap

SCALE = {
    name: value
    for name, value in vars(G).items()
    if name.isupper()
    and (name.endswith("_FONT") or (isinstance(value, tuple) and len(value) == 2))
    and not name.startswith(("CHART", "MATRIX", "TREE"))  # the insight pages' charts have their own sizes
}


def test_the_scale_is_found() -> None:
    assert {"BODY", "SMALL", "TAG", "ARROW_LABEL", "MARKER_FONT", "LEGEND_FONT", "LABEL", "TITLE"} <= set(SCALE)


@pytest.mark.parametrize("name", sorted(SCALE))
def test_no_size_of_the_scale_is_below_the_least(name: str) -> None:
    value = SCALE[name]
    size = value[0] if isinstance(value, tuple) else value
    assert size >= G.MIN_TEXT, name


@pytest.mark.parametrize("standalone", [False, True])
def test_no_drawn_text_is_below_the_least(standalone: bool) -> None:
    journey = busy_journey(3, 4)
    svg = render_svg(project_for(journey), journey, standalone=standalone)
    sizes = {float(v) for v in re.findall(r'font-size="([\d.]+)"', svg)}
    assert sizes and min(sizes) >= G.MIN_TEXT, sorted(sizes)


def test_the_label_column_text_is_not_below_the_least() -> None:
    journey = busy_journey(2, 2)
    html = render_diagram(project_for(journey), journey)
    assert "cjm-diagram__label" in html
    assert min(G.LABEL[0], G.SMALL[0]) >= G.MIN_TEXT


@pytest.mark.parametrize("lane", sorted(LANE_LABELS))
def test_a_built_in_lane_label_is_not_broken_inside_a_word(lane: str) -> None:
    # The standalone drawing wraps lane labels in the label column; a word of a built-in label that does
    # not fit is broken by characters ("Opportunitie" / "s"), which the exports and posters showed.
    width = G.LABEL_W - 2 * G.LABEL_PAD
    for word in LANE_LABELS[lane].split():
        assert wrap(word, width, G.LABEL[0], True) == [word], (word, text_width(word, G.LABEL[0], True), width)
