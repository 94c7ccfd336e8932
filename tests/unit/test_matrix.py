"""The opportunity matrix's SVG (render/matrix.py): where dots go, a full square, escaping."""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET

from mkdocs_cjm.render import geometry as G
from mkdocs_cjm.render.matrix import Dot, places, render_matrix, square

SVG = "{http://www.w3.org/2000/svg}"


def draw(dots: list[Dot]) -> ET.Element:
    return ET.fromstring(render_matrix(dots, uid="m", title="Matrix", quick_impact=4, quick_effort=2))


def dot(n: int, impact: int = 3, effort: int = 3, title: str = "") -> Dot:
    return Dot(n, impact, effort, f"../j/#step-{n}", title or f"{n}. idea")


def test_places_never_overlap_and_stay_in_the_square() -> None:
    for count in range(1, G.MATRIX_DOTS_MAX + 1):
        spots = places(count)
        assert len(spots) == count
        for (x1, y1), (x2, y2) in itertools.combinations(spots, 2):
            assert math.hypot(x1 - x2, y1 - y2) >= 2 * G.MATRIX_DOT_R
        for x, y in spots:
            assert abs(x) + G.MATRIX_DOT_R <= G.MATRIX_CELL / 2 and abs(y) + G.MATRIX_DOT_R <= G.MATRIX_CELL / 2


def test_a_full_square_counts_the_rest() -> None:
    svg = draw([dot(n) for n in range(1, 13)])
    links = list(svg.iter(f"{SVG}a"))
    assert [a.get("data-number") for a in links] == [str(n) for n in range(1, G.MATRIX_DOTS_MAX)]
    more = [g for g in svg.iter(f"{SVG}g") if g.get("data-more")]
    assert len(more) == 1 and more[0].get("data-more") == str(12 - (G.MATRIX_DOTS_MAX - 1))
    assert more[0].find(f"{SVG}text").text == "+4"


def test_dots_in_their_squares_and_in_number_order() -> None:
    svg = draw([dot(2, 5, 1), dot(1, 1, 5), dot(3, 5, 1)])
    links = list(svg.iter(f"{SVG}a"))
    assert [a.get("data-number") for a in links] == ["1", "2", "3"]
    for a in links:
        x, y = square(int(a.get("data-impact")), int(a.get("data-effort")))
        c = a.find(f"{SVG}circle")
        assert x < float(c.get("cx")) < x + G.MATRIX_CELL and y < float(c.get("cy")) < y + G.MATRIX_CELL


def test_same_input_same_svg_and_text_escaped() -> None:
    dots = [dot(1, title='<script>alert(1)</script> & "x" {{ y }}')]
    first = render_matrix(dots, uid="m", title="<b>", quick_impact=4, quick_effort=2)
    assert first == render_matrix(dots, uid="m", title="<b>", quick_impact=4, quick_effort=2)
    assert "<script>" not in first and "{{" not in first
    svg = ET.fromstring(first)
    assert svg.find(f"{SVG}a/{SVG}title").text == '<script>alert(1)</script> & "x" {{ y }}'
