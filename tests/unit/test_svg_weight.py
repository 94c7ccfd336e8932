"""What keeps the journey diagram's markup lean (issue 14, target 4: a journey page carries it inline).

Figures from ``busy_journey(8, 6)`` (every lane filled, long text), measured when this was written:
the page's SVG 5,588 bytes per step before, 4,719 after; after the text styles by class, the short definition
ids, the lanes' own translation and the lists drawn from their text's start, 4,408; the bound leaves about 8 %
of slack.
Exports are lean where cairosvg spends its time: no ``<use>`` (each is parsed again).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from support.journeys import busy_journey, project_for

from mkdocs_cjm.render.markup import TYPE, icon_name, short_ref
from mkdocs_cjm.render.svg import render_diagram, render_svg

SVG = "{http://www.w3.org/2000/svg}"
#: Bytes of the page's ``<svg class="cjm-svg">`` per step (4,408 measured).
PAGE_BYTES_PER_STEP = 4_750


@pytest.fixture(scope="module")
def drawn() -> dict[str, str]:
    journey = busy_journey(8, 6)
    project = project_for(journey)
    page = render_diagram(project, journey)
    return {
        "page": re.search(r'<svg\b[^>]*class="cjm-svg".*?</svg>', page, re.S).group(0),
        "export": render_svg(project, journey, standalone=True),
        "steps": str(len(journey.steps)),
    }


def _both(drawn: dict[str, str]) -> list[ET.Element]:
    return [ET.fromstring(drawn["page"]), ET.fromstring(drawn["export"])]


def test_page_svg_bytes_per_step_stay_below_the_bound(drawn: dict[str, str]) -> None:
    per_step = len(drawn["page"].encode("utf-8")) / int(drawn["steps"])
    assert per_step < PAGE_BYTES_PER_STEP, per_step


def test_cells_carry_no_unused_class(drawn: dict[str, str]) -> None:
    for svg in (drawn["page"], drawn["export"]):
        assert 'class="cjm-cell"' not in svg
        # A cell's group moves sideways only (its lane's group moves down), unless centred on its card.
        assert re.search(
            r'<g data-lane="actions" transform="translate\(0 [\d.]+\)">'
            r'<g data-step="[^"]+" transform="translate\([\d.]+\)">',
            svg,
        )


def test_no_empty_group_and_no_group_around_a_single_line(drawn: dict[str, str]) -> None:
    for root in _both(drawn):
        for g in root.iter(SVG + "g"):
            assert len(g) or g.text, ET.tostring(g)[:200]
            assert g.attrib, ET.tostring(g)[:200]  # a group without attributes does nothing
            only_text = len(g) == 1 and g[0].tag == SVG + "text"
            hook = any(name.startswith("data-") for name in g.attrib)  # what scripts and tests find
            # A wrapper with only a line of text in it: its font and class belong on the text.
            assert hook or not only_text, ET.tostring(g)[:200]


def test_every_use_is_placed_by_x_and_y_only(drawn: dict[str, str]) -> None:
    page = ET.fromstring(drawn["page"])
    defined = {el.get("id") for el in page.find(SVG + "defs")}
    uses = list(page.iter(SVG + "use"))
    assert len(uses) > 500
    for use in uses:
        assert set(use.attrib) <= {"href", "x", "y"}, use.attrib
        assert use.get("href")[1:] in defined
        assert use.get("x") != "0" and use.get("y") != "0"  # left out where 0


def test_exports_draw_repeated_shapes_where_they_go(drawn: dict[str, str]) -> None:
    # cairosvg parses every <use> again (a copy costs it more than the shape): an export has none.
    export = ET.fromstring(drawn["export"])
    assert export.find(f".//{SVG}use") is None
    assert [el.tag for el in export.find(SVG + "defs")] == [SVG + "marker"]  # the arrowhead
    icon = re.compile(r"translate\(-?[\d.]+ [\d.]+\) scale\(0\.\d+\)")  # a list's glyph: left of its text
    icons = [p for p in export.iter(SVG + "path") if icon.fullmatch(p.get("transform", ""))]
    assert len(icons) > 100 and all(p.get("fill", "").startswith("#") for p in icons)
    symbols = [g for g in export.iter(SVG + "g") if g.get("data-symbol")]
    assert len(symbols) > 50 and all(g.get("transform", "").startswith("translate(") for g in symbols)


def test_page_definitions_take_a_short_prefix_and_carry_size_and_colour(drawn: dict[str, str]) -> None:
    page = ET.fromstring(drawn["page"])
    prefix = short_ref("cjm-busy")
    assert len(prefix) == 5
    defs = list(page.find(SVG + "defs"))
    # The prefix, then a short name of what is drawn: a, k<height>, b<kind><height> (o<origin>: drawn left of the
    # cell's origin, see Cell.origin), d, i<digest>, s<rating>.
    names = [el.get("id").removeprefix(prefix) for el in defs if el.get("id").startswith(prefix)]
    assert len(names) == len(defs)
    assert all(
        re.fullmatch(r"a|k[\d_]+(o[\d_]+)?|b[tpo][\d_]+(o[\d_]+)?|d|i[0-9a-f]{4}|s[mpx]", name) for name in names
    ), names
    icons = [el for el in defs if el.get("id").startswith(prefix + "i")]
    assert {el.get("data-icon") for el in icons} >= {"alert", "lightbulb-outline"}
    for icon in icons:
        assert icon.get("id") == prefix + icon_name(icon.get("data-icon"), *_icon_colour_and_size(icon))
        assert re.fullmatch(r"scale\(0\.\d+\)", icon.get("transform"))
        # The custom property, so that dark mode reaches into the <use> copies.
        assert re.fullmatch(r"fill:var\(--cjm-[a-z-]+\)", icon.get("style"))
    assert "cjm-busy-i-" not in drawn["page"]  # the long journey-id prefix is gone from every href
    assert max(len(use.get("href")) for use in page.iter(SVG + "use")) == len(f"#{prefix}bp116o24")


def _icon_colour_and_size(icon: ET.Element) -> tuple[str, float]:
    colour = re.fullmatch(r"fill:var\(--cjm-([a-z-]+)\)", icon.get("style")).group(1)
    colour = {"accent": "primary"}.get(colour, colour)
    scale = float(re.fullmatch(r"scale\(([\d.]+)\)", icon.get("transform")).group(1))
    return colour, round(scale * 24)


def test_accent_bars_and_bullets_are_defined_once_per_size(drawn: dict[str, str]) -> None:
    page = ET.fromstring(drawn["page"])
    prefix = short_ref("cjm-busy")
    ids = [el.get("id").removeprefix(prefix) for el in page.find(SVG + "defs")]
    assert len(ids) == len(set(ids))
    bars = [i for i in ids if re.fullmatch(r"b[a-z][\d_]+(o[\d_]+)?", i)]
    # One touchpoint bar, one side bar per lane of pain points and of opportunities.
    assert sorted(i[1] for i in bars) == ["o", "p", "t"]
    assert ids.count("d") == 1
    lists = [g for g in page.iter(SVG + "g") if g.get("data-lane") in ("actions", "questions", "motivations")]
    assert lists and not any(list(lane.iter(SVG + "circle")) for lane in lists)  # bullets are <use> copies
    assert {u.get("href") for lane in lists for u in lane.iter(SVG + "use")} >= {f"#{prefix}d"}


def test_every_stage_name_carries_the_stage_strips_hook() -> None:
    """cjm-wall.js copies ``.cjm-stage-name`` into the stage strip: a one-line name (a ``<text>``) and a wrapped
    one (a ``<g>`` of lines) alike."""
    journey = busy_journey(2, 2)
    journey.stages[1].name = "A stage name long enough to wrap onto a second line of its header"
    root = ET.fromstring(render_svg(project_for(journey), journey))
    stages = root.find(f".//{SVG}g[@class='cjm-stages']")
    names = [g.find(f"{SVG}*[@class='cjm-stage-name']") for g in stages.findall(f"{SVG}g[@data-stage]")]
    assert [n.tag.removeprefix(SVG) for n in names] == ["text", "g"]
    assert all('font-weight="700"' in TYPE[n.get("class")] for n in names)  # bold by its class (cjm-diagram.css)
    standalone = ET.fromstring(render_svg(project_for(journey), journey, standalone=True))
    drawn = [el for el in standalone.iter() if el.get("class") == "cjm-stage-name"]
    assert len(drawn) == 2 and all(n.get("font-weight") == "700" for n in drawn)  # exports: the attributes


def test_two_shapes_whose_short_names_meet_get_ids_of_their_own() -> None:
    """An icon's id is 4 hex digits of a digest: two different shapes may meet. The later one (in drawing
    order, so the ids are the same for the same maps) takes the next free suffix; a copy of either keeps
    its id; nothing raises."""
    from mkdocs_cjm.render.markup import Pen

    pen = Pen("journey-x", standalone=False)
    first = pen.define("i0a1b", "path", 'd="M0 0h1"')
    second = pen.define("i0a1b", "path", 'd="M0 0h2"')
    third = pen.define("i0a1b", "path", 'd="M0 0h3"')
    assert (first, second, third) == (pen.ref + "i0a1b", pen.ref + "i0a1b_2", pen.ref + "i0a1b_3")
    assert pen.define("i0a1b", "path", 'd="M0 0h2"') == second
    assert pen.define("i0a1b", "path", 'd="M0 0h1"') == first
    assert len(pen.defined) == 3 and all(f'id="{ref}"' in pen.defined[ref] for ref in pen.defined)
