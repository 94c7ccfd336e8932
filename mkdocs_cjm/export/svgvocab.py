"""The vocabulary of our standalone SVG, as the painter (:mod:`mkdocs_cjm.export.paint`) knows it.

What the renderer writes into an export SVG (collected from the example maps, the benchmark maps,
the test fixtures and the posters): the elements ``svg g a rect circle line path text title desc
defs marker``, presentation attributes (on an element or inherited from a ``<g>``/``<svg>``), plain
numbers, ``#rrggbb`` colours, ``translate``/``scale`` transforms, ``style`` only for the bidi
properties of a right-to-left line. :func:`check` and the value readers raise :class:`Unsupported`
for anything else, and the document goes to cairosvg instead.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import Optional

from .svgpath import Unsupported

NS = "{http://www.w3.org/2000/svg}"
#: Attributes a child takes from its parent (cairosvg: all but a few; these are the ones drawn).
INHERITED = frozenset(
    (
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-dasharray",
        "stroke-linecap",
        "stroke-linejoin",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "marker-end",
        "direction",
        "unicode-bidi",
    )
)
#: Attributes that draw nothing (cairosvg ignores them too).
IGNORED = frozenset(("class", "id", "role", "href", "direction", "unicode-bidi"))
#: Own (not inherited) attributes each element may have.
OWN: dict[str, frozenset[str]] = {
    "svg": frozenset(("width", "height", "viewBox")),
    "g": frozenset(("transform",)),
    "a": frozenset(("transform",)),
    "rect": frozenset(("x", "y", "width", "height", "rx", "ry", "transform")),
    "circle": frozenset(("cx", "cy", "r", "transform")),
    "line": frozenset(("x1", "y1", "x2", "y2", "transform")),
    "path": frozenset(("d", "transform")),
    "text": frozenset(("x", "y", "transform", "style")),
    "marker": frozenset(("viewBox", "refX", "refY", "markerWidth", "markerHeight", "markerUnits", "orient")),
}
SKIPPED = frozenset(("title", "desc", "defs"))
STYLE_OK = frozenset(("direction", "unicode-bidi"))
TRANSFORM = re.compile(r"\s*(translate|scale)\s*\(\s*([^()]*?)\s*\)\s*")
CAPS = {"butt": 0, "round": 1, "square": 2}  # cairo LINE_CAP_*
JOINS = {"miter": 0, "round": 1, "bevel": 2}  # cairo LINE_JOIN_*
ANCHORS = frozenset(("start", "middle", "end"))
FILL_RULES = {"nonzero": 0, "evenodd": 1}  # cairo FILL_RULE_*
SLANTS = {"normal": 0, "italic": 1, "oblique": 2}  # cairo FONT_SLANT_*
NAMED = {"black": (0.0, 0.0, 0.0), "white": (1.0, 1.0, 1.0)}


def num(value: Optional[str], default: float = 0.0) -> float:
    """A plain number (cairosvg reads units too: those go to cairosvg)."""
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise Unsupported(f"number {value!r}") from None


@lru_cache(maxsize=256)
def colour(value: str) -> Optional[tuple[float, float, float]]:
    """``#rgb``, ``#rrggbb``, ``black``, ``white``; ``None`` for ``none``."""
    value = value.strip().lower()
    if value == "none":
        return None
    if value in NAMED:
        return NAMED[value]
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    if not re.fullmatch(r"#[0-9a-f]{6}", value):
        raise Unsupported(f"colour {value!r}")
    return tuple(int(value[k : k + 2], 16) / 255 for k in (1, 3, 5))  # type: ignore[return-value]


@lru_cache(maxsize=256)
def transform_steps(value: str) -> tuple[tuple[str, float, float], ...]:
    steps, pos = [], 0
    while pos < len(value):
        match = TRANSFORM.match(value, pos)
        if match is None:
            raise Unsupported(f"transform {value!r}")
        nums = [num(n) for n in match.group(2).replace(",", " ").split()]
        if not 1 <= len(nums) <= 2:
            raise Unsupported(f"transform {value!r}")
        kind = match.group(1)
        second = nums[1] if len(nums) == 2 else (0.0 if kind == "translate" else nums[0])
        steps.append((kind, nums[0], second))
        pos = match.end()
    return tuple(steps)


@lru_cache(maxsize=64)
def dashes(value: str) -> tuple[float, ...]:
    dashes = tuple(num(d) for d in value.replace(",", " ").split())
    if any(d < 0 for d in dashes):
        raise Unsupported(f"stroke-dasharray {value!r}")
    return dashes if sum(dashes) else ()


@lru_cache(maxsize=1024)
def _known(tag: str, keys: tuple[str, ...]) -> None:
    """Raises unless every one of ``keys`` is an attribute the painter knows on ``tag`` (cached:
    a drawing repeats a few dozen combinations thousands of times)."""
    own = OWN.get(tag, frozenset())
    for key in keys:
        if not (key in own or key in INHERITED or key in IGNORED or key.startswith(("data-", "aria-"))):
            raise Unsupported(f"attribute {key!r} on <{tag}>")


@lru_cache(maxsize=64)
def _style(value: str) -> None:
    if any(part.split(":", 1)[0].strip() not in STYLE_OK for part in value.split(";") if part.strip()):
        raise Unsupported(f"style {value!r}")


def check(el: ET.Element, tag: str) -> None:
    """Every attribute of ``el`` is one the painter knows (values are read where they are used)."""
    attrib = el.attrib
    _known(tag, tuple(attrib))
    style = attrib.get("style")
    if style:
        _style(style)
    text, tail = el.text, el.tail
    if text and tag not in ("text", "title", "desc") and text.strip():
        raise Unsupported(f"text in <{tag}>")
    if tail and tail.strip():
        raise Unsupported(f"text after <{tag}>")


class Drawing:
    """A parsed standalone SVG: its root, size (CSS px), viewBox and end markers by id."""

    def __init__(self, root: ET.Element) -> None:
        if root.tag != NS + "svg":
            raise Unsupported("the root is not <svg>")
        check(root, "svg")
        self.root = root
        self.width = num(root.get("width"))
        self.height = num(root.get("height"))
        view = [num(v) for v in (root.get("viewBox") or "").replace(",", " ").split()]
        if len(view) != 4 or view[2] <= 0 or view[3] <= 0 or self.width <= 0 or self.height <= 0:
            raise Unsupported("the root needs a width, a height and a viewBox")
        self.viewbox = tuple(view)
        self.markers: dict[str, tuple[ET.Element, dict[str, str]]] = {}


def parse(svg: str) -> Drawing:
    """Parse our standalone SVG (trusted: made by the renderer, text escaped)."""
    try:
        root = ET.fromstring(svg.encode("utf-8"))
    except ET.ParseError as exc:
        raise Unsupported(f"XML: {exc}") from None
    return Drawing(root)
