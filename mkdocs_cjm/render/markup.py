"""Markup primitives of the swimlane diagram: numbers, text, escaping, and the pen.

All map text is untrusted: :func:`map_text` reduces it to plain text and
strips characters XML forbids, :func:`esc` escapes it. A :class:`Pen` is
what every part of one drawing writes with: the class attributes (with the
light palette as presentation attributes in exports), lines of text, and the
icons, symbols and repeated shapes defined once in ``<defs>``.

The markup is kept lean (a journey page carries its diagram inline): a shape
drawn many times is defined once, with its size and colour, and each copy is
a ``<use>`` with ``x``/``y`` only; ids of definitions are a short prefix
(:func:`short_ref`) and a short name of what they draw (:data:`Pen.define`);
text takes its font by class (:data:`TYPE`), one line of text takes it
itself, not a wrapping group.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from ..text import attr, plain
from . import geometry as G
from .icons import icon_path
from .palette import DASH, LIGHT, STYLE
from .textmetrics import _ILLEGAL, clean, needs_visual_order, text_width, visual_order

DASHED = f' stroke-dasharray="{DASH}"'

#: Custom-property name (``--cjm-<name>``) -> LIGHT key, of colours used inside <defs>.
_PAINT = {
    name: name
    for name in ("ok", "bad", "partial", "on-marker", "arrow", "muted", "pain", "opportunity", "card-bg", "card-border")
}
_PAINT["accent"] = "primary"
_SYMBOL_CODES = {"meets": "m", "partial": "p", "misses": "x"}


def short_ref(uid: str) -> str:
    """The short prefix of a drawing's definition ids (``c`` and 4 hex digits of ``uid``). Every id
    after it names what it defines (a card or a bar by its height, an icon by a digest of its name, colour
    and size), so two drawings of one page whose prefixes met would define the same shapes under the same ids."""
    return "c" + hashlib.sha1(uid.encode("utf-8")).hexdigest()[:4]


def icon_name(name: str, colour: str, size: float) -> str:
    """The name (after the prefix) of an icon's definition: ``i`` and 4 hex digits of its name, colour and size."""
    return "i" + hashlib.sha1(f"{name} {colour} {px(size)}".encode("utf-8")).hexdigest()[:4]


def symbol_name(rating: str) -> str:
    """The name (after the prefix) of a symbol's definition: ``s`` and ``m`` meets, ``p`` partial, ``x`` misses."""
    return "s" + _SYMBOL_CODES.get(rating, "x")


@lru_cache(maxsize=16384)
def px(value: float) -> str:
    """Stable, short coordinate formatting (one decimal; cached: coordinates repeat)."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def px3(value: float) -> str:
    """A scale factor: three decimals, no trailing zeros (``0.583``, ``0.5``)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def font_size(size: float) -> str:
    """A ``font-size`` attribute."""
    return f'font-size="{px(size)}"'


def inherited_size(size: float) -> str:
    """`` font-size="…"`` where text is not in the drawing's default size (:data:`geometry.BODY`), else nothing."""
    return "" if size == G.BODY[0] else " " + font_size(size)


def _font(size: float = 0, weight: str = "", anchor: str = "", style: str = "") -> str:
    parts = [f'font-size="{px(size)}"'] if size and size != G.BODY[0] else []
    parts += [f'font-weight="{weight}"'] if weight else []
    parts += [f'text-anchor="{anchor}"'] if anchor else []
    return " ".join(parts + ([f'font-style="{style}"'] if style else []))


#: Text styles by class: on pages cjm-diagram.css sets them (``tests/unit/test_diagram_css.py`` checks it against
#: this table), exports carry them as presentation attributes. A text or group takes one of these classes
#: (with a colour class of :data:`palette.STYLE`) instead of its font attributes.
TYPE: dict[str, str] = {
    "cjm-title": _font(G.TITLE[0], "700"),  # touchpoint titles
    "cjm-stage-name": _font(G.STAGE_NAME[0], "700"),  # the stage strip's hook too (cjm-wall.js)
    "cjm-value": _font(G.METRIC_VALUE[0], "700"),
    "cjm-label": _font(G.LABEL[0], "700"),  # lane labels of an export
    "cjm-quote": _font(style="italic"),
    "cjm-on-marker": _font(G.MARKER_FONT, "700", "middle"),  # the score on an emotion marker
    "cjm-trend": _font(G.TREND_FONT, anchor="end"),
    "cjm-mid": _font(anchor="middle"),  # tags, arrow labels
}


class _Attrs(dict):  # type: ignore[type-arg]
    """class -> its attributes, made on first use (a key is any mix of :data:`STYLE` and :data:`TYPE` classes)."""

    def __init__(self, standalone: bool) -> None:
        super().__init__()
        self.standalone = standalone

    def __missing__(self, key: str) -> str:
        words = key.split()
        colour = " ".join(w for w in words if w not in TYPE or w in STYLE)  # cjm-on-marker is both
        if colour and colour not in STYLE or not words:
            raise KeyError(key)
        value = f'class="{key}"'
        if self.standalone:  # the colour of STYLE, then the text style of TYPE
            attrs = [STYLE[colour]] if colour else []
            value = " ".join([value, *attrs, *(TYPE[w] for w in words if TYPE.get(w))])
        self[key] = value
        return value


#: Exports: class plus the light palette and the text style as presentation attributes.
_STANDALONE_ATTRS = _Attrs(True)
#: Pages: the class only; cjm-diagram.css colours and styles it (light and dark).
_PAGE_ATTRS = _Attrs(False)


_MARKDOWN = re.compile(r"[`*_~\[]")


@lru_cache(maxsize=8192)
def _plain_text(value: str) -> str:
    value = clean(value)
    if _MARKDOWN.search(value) is None:
        return value
    return clean(plain(value))


def map_text(value: object) -> str:
    """Untrusted map text -> plain text safe to escape into XML: inline
    Markdown reduced to what a reader sees, characters XML forbids removed,
    whitespace collapsed."""
    if value is None:
        return ""
    return _plain_text(value if isinstance(value, str) else str(value))


_SPECIAL = re.compile("[&<>\"'{}\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def esc(text: object) -> str:
    """XML-escape text for a text node or an attribute (:func:`mkdocs_cjm.text.attr`),
    dropping characters XML forbids. Braces become character references too, so
    nothing in a page that embeds the diagram (Jinja, attr_list) reads them as
    syntax. Skips the work when there is nothing to do."""
    value = text if isinstance(text, str) else ("" if text is None else str(text))
    if _SPECIAL.search(value) is None:
        return value
    # Line breaks and tabs become spaces: the fragment never holds a blank line.
    value = _ILLEGAL.sub("", value).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return attr(value).replace("{", "&#123;").replace("}", "&#125;")


def rtl_attrs(text: str) -> str:
    """Bidi attributes of a right-to-left line in an export (see :func:`rtl_text`)."""
    if needs_visual_order(text):
        # A style, not attributes: browsers ignore a unicode-bidi attribute (SVG 2).
        return ' style="direction:ltr;unicode-bidi:bidi-override"'
    return ' direction="rtl" unicode-bidi="embed"'


def rtl_text(text: str) -> str:
    """A right-to-left line as exports carry it. cairosvg has no bidi: Hebrew
    (and other unjoined scripts) is stored in visual order with a bidi
    override, which reads correctly in cairosvg and in browsers alike. Arabic
    stays in logical order: its letters must be shaped in that order."""
    return visual_order(text) if needs_visual_order(text) else text


class Pen:
    """What the parts of one drawing write with (see the module docstring)."""

    def __init__(self, uid: str, standalone: bool) -> None:
        self.uid = uid
        #: Prefix of the ids in ``<defs>`` (short: a page repeats them in every ``<use>``).
        self.ref = short_ref(uid)
        #: The id of the arrowhead marker.
        self.arrowhead = self.ref + "a"
        self.standalone = standalone
        #: id -> the element defined once in ``<defs>`` (icons, bullets, accent bars).
        self.defined: dict[str, str] = {}
        self.symbols: set[str] = set()
        self.cls = (_STANDALONE_ATTRS if standalone else _PAGE_ATTRS).__getitem__

    def define(self, name: str, tag: str, attrs: str) -> str:
        """``<tag id=… attrs/>`` in ``<defs>`` once; returns the id: the prefix and ``name``, which says all
        that the element draws, shortly (see :func:`short_ref`): ``k42`` a card 42 high, ``bp116`` a pain
        bar 116 high, ``d`` the bullet, ``i`` and 4 hex digits an icon, ``s`` and a letter a symbol."""
        base = ref = f"{self.ref}{name}"
        n = 1
        while True:
            element = f'<{tag} id="{ref}" {attrs}/>'
            if self.defined.setdefault(ref, element) == element:
                return ref
            # Two different shapes whose short names met (an icon's 4 hex digits): the later one, in drawing
            # order (so the same maps give the same ids), takes the next free ``_2``, ``_3``...
            n += 1
            ref = f"{base}_{n}"

    def use(self, ref: str, x: float = 0, y: float = 0) -> str:
        """A copy of a definition at (x, y) (``x``/``y`` left out where 0)."""
        at = (f' x="{px(x)}"' if x else "") + (f' y="{px(y)}"' if y else "")
        return f'<use href="#{ref}"{at}/>'

    def lines(
        self,
        lines: list[str],
        x: float,
        top: float,
        style: tuple[float, float],
        width: float,
        *,
        rtl: bool = False,
        attrs: str = "",
    ) -> list[str]:
        """One ``<text>`` per wrapped line; ``top`` is the first line box's top."""
        size, line = style
        out = []
        extra = f" {attrs}" if attrs else ""
        first = G.baseline(top, size, line)
        if not rtl:
            xs = px(x)
            for k, text in enumerate(lines):
                out.append(f'<text x="{xs}" y="{px(first + k * line)}"{extra}>{esc(text)}</text>')
            return out
        for k, text in enumerate(lines):
            y = px(first + k * line)
            if self.standalone:
                # cairosvg ignores `direction`: anchor the measured middle.
                w = min(width, text_width(text, size))
                out.append(
                    f'<text x="{px(x + width - w / 2)}" y="{y}" text-anchor="middle"{rtl_attrs(text)}{extra}>'
                    f"{esc(rtl_text(text))}</text>"
                )
            else:
                out.append(
                    f'<text x="{px(x + width)}" y="{y}" direction="rtl" unicode-bidi="embed"{extra}>{esc(text)}</text>'
                )
        return out

    def repeated(self, name: str, tag: str, attrs: str, x: float = 0, y: float = 0) -> str:
        """A shape drawn many times, at (x, y) (a circle: its centre), coloured by ``attrs`` through
        :meth:`paints`. On pages it is defined once (``name`` says what it draws) and copied by a
        ``<use>`` with its place only; exports draw it where it goes: cairosvg parses every ``<use>``
        again, so a copy costs it more than the shape itself."""
        if self.standalone:
            ax, ay = ("cx", "cy") if tag == "circle" else ("x", "y")
            at = (f'{ax}="{px(x)}" ' if x else "") + (f'{ay}="{px(y)}" ' if y else "")
            return f"<{tag} {at}{attrs}/>"
        return self.use(self.define(name, tag, attrs), x, y)

    def use_icon(self, name: str, x: float, y: float, size: float, colour: str) -> str:
        """A Material icon at (x, y), ``size`` px square, in ``colour`` (see :meth:`repeated`)."""
        path = icon_path(name)
        if path is None:
            name = "circle"
            path = icon_path(name) or ""
        scale = f"scale({px3(size / 24)})"
        if self.standalone:
            return f'<path transform="translate({px(x)} {px(y)}) {scale}" {self.paint(colour)} d="{path}"/>'
        ref = self.define(
            icon_name(name, colour, size),
            "path",
            f'transform="{scale}" {self.paint(colour)} data-icon="{name}" d="{path}"',
        )
        return self.use(ref, x, y)

    def bullet(self, cx: float, cy: float) -> str:
        """The dot before an item of a list cell, centred on (cx, cy)."""
        return self.repeated("d", "circle", f'r="{px(G.BULLET_R)}" {self.paint("muted")}', cx, cy)

    def symbol(self, rating: str, cx: float, cy: float) -> str:
        """Promise / target symbol, 14 px, centred on (cx, cy): filled circle with a tick (meets),
        half-filled circle (partial), ring with a cross (misses). Defined once in <defs> on pages,
        drawn where it goes in exports (see :meth:`repeated`)."""
        if self.standalone:
            return f'<g transform="translate({px(cx)} {px(cy)})" data-symbol="{rating}">{self._symbol(rating)}</g>'
        self.symbols.add(rating)
        return self.use(self.symbol_ref(rating), cx, cy)

    def symbol_ref(self, rating: str) -> str:
        """The id of a symbol's definition (:func:`symbol_name`)."""
        return self.ref + symbol_name(rating)

    def paint(self, cls: str, prop: str = "fill") -> str:
        """Colour for an element inside <defs>. Instances drawn by <use> live in a
        shadow tree that the page's class selectors do not reach, so pages get
        an inline style reading the custom property; exports get the colour."""
        return self.paints(**{prop: cls})

    def paints(self, **colours: str) -> str:
        """:meth:`paint` of several properties: ``paints(fill="card-bg", stroke="card-border")``."""
        if self.standalone:
            return " ".join(f'{prop}="{LIGHT[_PAINT[name]]}"' for prop, name in colours.items())
        return 'style="' + ";".join(f"{prop}:var(--cjm-{name})" for prop, name in colours.items()) + '"'

    def block(
        self,
        lines: list[str],
        x: float,
        top: float,
        style: tuple[float, float],
        width: float,
        attrs: str,
        *,
        rtl: bool = False,
    ) -> list[str]:
        """:meth:`lines` sharing ``attrs`` (font, class): on a group around them, or on the text of a single line."""
        if len(lines) == 1:
            return self.lines(lines, x, top, style, width, rtl=rtl, attrs=attrs)
        return [f"<g {attrs}>", *self.lines(lines, x, top, style, width, rtl=rtl), "</g>"]

    def defs(self) -> list[str]:
        """What the drawing defined (:meth:`define`), in id order, then its symbols."""
        return [self.defined[ref] for ref in sorted(self.defined)] + self.symbol_defs()

    def symbol_defs(self) -> list[str]:
        return [
            f'<g id="{self.symbol_ref(rating)}" data-symbol="{rating}">{self._symbol(rating)}</g>'
            for rating in sorted(self.symbols)
        ]

    def _symbol(self, rating: str) -> str:
        """The shapes of a symbol, centred on (0, 0)."""
        if rating == "meets":
            return (
                f'<circle r="{G.SYMBOL_R}" {self.paint("ok")}/>'
                f'<path d="M-3.5 0l2.4 2.4 4.6-4.8" fill="none" stroke-width="1.8" stroke-linecap="round" '
                f'stroke-linejoin="round" {self.paint("on-marker", "stroke")}/>'
            )
        if rating == "partial":
            return (
                f'<circle r="6.2" fill="none" stroke-width="1.6" {self.paint("partial", "stroke")}/>'
                f'<path d="M0-6.2A6.2 6.2 0 0 0 0 6.2Z" {self.paint("partial")}/>'
            )
        return (
            f'<circle r="6.2" fill="none" stroke-width="1.6" {self.paint("bad", "stroke")}/>'
            f'<path d="M-2.6-2.6l5.2 5.2m0-5.2-5.2 5.2" fill="none" stroke-width="1.6" stroke-linecap="round" '
            f"{self.paint('bad', 'stroke')}/>"
        )
