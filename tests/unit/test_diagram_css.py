"""cjm-diagram.css against the Python values it repeats: palette, label column, type scale.

The stylesheet is a static asset; every number and colour it shares with the
drawing is defined once in :mod:`mkdocs_cjm.render.geometry` and
:mod:`mkdocs_cjm.render.palette`, and these tests fail when the two differ.
"""

from __future__ import annotations

import re

import pytest
from support.maps import REPO

from mkdocs_cjm.render import geometry as G
from mkdocs_cjm.render import palette as P
from mkdocs_cjm.render.markup import TYPE

CSS_FILE = REPO / "mkdocs_cjm" / "assets" / "cjm-diagram.css"
LIGHT_BLOCK = ".cjm-diagram"
DARK_BLOCK = '[data-md-color-scheme="slate"] .cjm-diagram'


def parse_css(text: str) -> list[tuple[list[str], dict[str, str]]]:
    """``(selectors, declarations)`` of every rule (inside ``@media`` too), in order."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    rules: list[tuple[list[str], dict[str, str]]] = []
    stack: list[str] = []
    start = 0
    for match in re.finditer(r"[{}]", text):
        chunk = text[start : match.start()]
        start = match.end()
        if match.group() == "{":
            if stack and not stack[-1].startswith("@"):
                raise AssertionError(f"nested rule in {stack[-1]!r}")
            stack.append(chunk.strip())
            continue
        head = stack.pop()
        if head.startswith("@"):
            continue
        declarations = {}
        for declaration in chunk.split(";"):
            if declaration.strip():
                name, _, value = declaration.partition(":")
                declarations[name.strip()] = value.strip()
        rules.append(([s.strip() for s in head.split(",")], declarations))
    assert not stack, "unbalanced braces"
    return rules


RULES = parse_css(CSS_FILE.read_text(encoding="utf-8"))


def rule(selector: str) -> dict[str, str]:
    """The declarations of the rules with ``selector`` (merged, later ones win)."""
    found: dict[str, str] = {}
    hits = 0
    for selectors, declarations in RULES:
        if selector in selectors:
            found.update(declarations)
            hits += 1
    assert hits, f"no rule for {selector!r} in {CSS_FILE.name}"
    return found


def custom_properties(selector: str) -> dict[str, str]:
    # --cjm-font is the page's text font (Material's), not a value of the drawing.
    return {k: v for k, v in rule(selector).items() if k.startswith("--cjm-") and k != "--cjm-font"}


def test_parser_reads_nested_rules_and_lists() -> None:
    rules = parse_css("/* x { } */ a, b { c: d; e: f(g, h) } @media screen { i j { k: l } }")
    assert rules == [(["a", "b"], {"c": "d", "e": "f(g, h)"}), (["i j"], {"k": "l"})]


def test_light_palette_is_the_python_palette() -> None:
    assert custom_properties(LIGHT_BLOCK) == P.css_light()


def test_dark_palette_is_the_python_palette() -> None:
    assert custom_properties(DARK_BLOCK) == P.css_dark()


def _rgb(colour: str) -> tuple[int, int, int]:
    """An opaque hex colour (``#fff`` or ``#ffffff``)."""
    digits = colour.removeprefix("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    assert re.fullmatch(r"[0-9a-f]{6}", digits), colour
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def test_page_values_that_stand_for_the_export_colour_are_that_colour() -> None:
    """A page value that is an opaque colour (a Material variable's fallback) differs from the export's
    only in spelling, or where the palette says so (translucent colours, and the alternate band tint,
    which the exports draw in Material's text colour)."""
    different = {"stage-tint-alt": ("#000", "#212121")}
    for name, colour in P.COLOURS.items():
        page = colour.page or colour.light
        if page.startswith("rgba("):
            r, g, b, a = (float(v) for v in page[5:-1].split(","))
            on_white = tuple(round(c * a + 255 * (1 - a)) for c in (r, g, b))
            if name == "text":  # Material's text colour on white is the export's text colour.
                assert on_white == _rgb(colour.light)
            continue
        if name in different:
            assert (page, colour.light) == different[name]
            continue
        assert _rgb(page) == _rgb(colour.light), name


def _css_value(value: str) -> object:
    """A class rule's value as the presentation attributes hold it (light palette)."""
    found = re.fullmatch(r"var\(--cjm-(.+)\)", value)
    if found is None:
        return float(value) if re.fullmatch(r"[\d.]+", value) else value
    name = found.group(1)
    if name.endswith("-opacity"):
        return P.OPACITY[name.removesuffix("-opacity")][0]
    return P.COLOURS[P.SAME_AS.get(name, name)].light


def _attributes(attrs: str) -> dict[str, object]:
    return {k: float(v) if k.endswith("opacity") else v for k, v in re.findall(r'([\w-]+)="([^"]*)"', attrs)}


PAINT = ("fill", "stroke", "fill-opacity")


@pytest.mark.parametrize("classes", sorted(P.STYLE))
def test_presentation_attributes_are_the_class_rules(classes: str) -> None:
    """Exports carry, as attributes, what the stylesheet gives the same classes on pages (light palette)."""
    if classes == "cjm-bg":  # the background of an export only
        return
    css: dict[str, str] = {}
    for name in classes.split():
        selector = ".cjm-diagram svg.cjm-svg" if name == "cjm-svg" else f".cjm-svg .{name}"
        if any(selector in selectors for selectors, _ in RULES):  # a modifier class may have no rule of its own
            css.update(rule(selector))
    expected = {k: _css_value(v) for k, v in css.items() if k in PAINT}
    assert expected, f"no colour for {classes!r} in {CSS_FILE.name}"
    assert _attributes(P.STYLE[classes]) == expected


def test_offline_tags_are_dashed_alike() -> None:
    assert rule(".cjm-svg .cjm-tag--offline")["stroke-dasharray"] == P.DASH


def test_label_column_is_the_layout_column() -> None:
    labels = rule(".cjm-diagram__labels")
    assert labels["width"] == f"{G.LABEL_W}px"
    assert labels["flex"] == f"0 0 {G.LABEL_W}px"


def _px(value: float) -> str:
    return f"{value:g}px"


def test_lane_labels_use_the_type_scale_and_sit_where_exports_draw_them() -> None:
    label = rule(".cjm-diagram__label")
    assert (label["font-size"], label["line-height"]) == (_px(G.LABEL[0]), _px(G.LABEL[1]))
    top, right, _, _ = label["padding"].split()
    # An export draws a label's first line at the lane's top + CELL_GAP / 2 + PAD_Y.
    assert top == _px(G.CELL_GAP / 2 + G.PAD_Y)
    assert right == _px(G.LABEL_PAD)
    sublabel = rule(".cjm-diagram__sublabel")
    assert (sublabel["font-size"], sublabel["line-height"]) == (_px(G.SMALL[0]), _px(G.SMALL[1]))


@pytest.mark.parametrize("cls", sorted(TYPE))
def test_text_styles_are_the_exports_attributes(cls: str) -> None:
    """A page's text takes its font from its class; an export's, from the attributes of the same table."""
    css = rule(f".cjm-svg .{cls}")
    expected = dict(re.findall(r'([a-z-]+)="([^"]*)"', TYPE[cls]))
    if "font-size" in expected:
        expected["font-size"] += "px"
    assert {k: v for k, v in css.items() if k.startswith(("font-", "text-anchor"))} == expected
