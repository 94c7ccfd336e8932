"""The journey swimlane diagram as inline SVG.

:func:`render_diagram` returns the HTML fragment a journey page embeds (lane
labels in an HTML column beside a horizontally scrolling SVG);
:func:`render_svg` returns the bare ``<svg>``, optionally ``standalone`` for
export files (labels and title drawn inside, light palette inlined, fonts
cairosvg can find).

Every element carries its colours twice: as a CSS class that
``assets/cjm-diagram.css`` styles with ``--cjm-*`` custom properties (so the
page follows Material's light/dark toggle), and as presentation attributes
holding the light palette (which CSS overrides; exports and pages without
the stylesheet still look right). All map text is untrusted: it is reduced
to plain text, stripped of characters XML forbids, and escaped.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Callable, Optional

from ..model import LANE_LABELS, Journey, Metric, Step
from ..site import Project, unusual_links
from ..text import attr, plain
from . import layout as L
from .icons import channel_icon, icon_path
from .textmetrics import _ILLEGAL, clean, ellipsize, is_rtl, needs_visual_order, text_width, visual_order, wrap

__all__ = ["render_diagram", "render_svg", "LIGHT", "FONT_STACK"]

StepHref = Callable[[Step], str]

FONT_STACK = "DejaVu Sans, Liberation Sans, Arial, sans-serif"

#: The light palette, resolved (exports; presentation-attribute fallbacks).
LIGHT: dict[str, str] = {
    "text": "#212121",
    "muted": "#5f6368",
    "card-bg": "#ffffff",
    "card-border": "#c8ccd4",
    "stage-tint": "#4051b5",
    "stage-tint-alt": "#212121",
    "primary": "#4051b5",
    "pain": "#b3261e",
    "opportunity": "#8a5a00",
    "ok": "#1e7b34",
    "bad": "#b3261e",
    "partial": "#8a5a00",
    "emotion-line": "#4051b5",
    "neutral": "#6b7076",
    "arrow": "#4a5bc4",
    "on-marker": "#ffffff",
    "lane-line": "#e3e5ea",
}

# class -> presentation attributes (light palette). CSS in cjm-diagram.css
# restyles the same classes with custom properties.
_STYLE: dict[str, str] = {
    "cjm-svg": f'fill="{LIGHT["text"]}"',
    "cjm-band": f'fill="{LIGHT["stage-tint"]}" fill-opacity="0.08"',
    "cjm-band cjm-band--alt": f'fill="{LIGHT["stage-tint-alt"]}" fill-opacity="0.04"',
    "cjm-muted": f'fill="{LIGHT["muted"]}"',
    "cjm-card": f'fill="{LIGHT["card-bg"]}" stroke="{LIGHT["card-border"]}"',
    "cjm-card cjm-card--tp": f'fill="{LIGHT["card-bg"]}" stroke="{LIGHT["card-border"]}"',
    "cjm-accent": f'fill="{LIGHT["primary"]}"',
    "cjm-accent cjm-accent--pain": f'fill="{LIGHT["pain"]}"',
    "cjm-accent cjm-accent--opp": f'fill="{LIGHT["opportunity"]}"',
    "cjm-pain": f'fill="{LIGHT["pain"]}"',
    "cjm-opp": f'fill="{LIGHT["opportunity"]}"',
    "cjm-ok": f'fill="{LIGHT["ok"]}"',
    "cjm-bad": f'fill="{LIGHT["bad"]}"',
    "cjm-partial": f'fill="{LIGHT["partial"]}"',
    "cjm-ok-stroke": f'stroke="{LIGHT["ok"]}" fill="none"',
    "cjm-bad-stroke": f'stroke="{LIGHT["bad"]}" fill="none"',
    "cjm-partial-stroke": f'stroke="{LIGHT["partial"]}" fill="none"',
    "cjm-on-marker": f'fill="{LIGHT["on-marker"]}"',
    "cjm-on-marker-stroke": f'stroke="{LIGHT["on-marker"]}" fill="none"',
    "cjm-bullet": f'fill="{LIGHT["muted"]}"',
    "cjm-tag cjm-tag--online": f'fill="{LIGHT["primary"]}" fill-opacity="0.1" stroke="{LIGHT["primary"]}"',
    "cjm-tag cjm-tag--offline": f'fill="none" stroke="{LIGHT["muted"]}"',
    "cjm-tag-text cjm-tag-text--online": f'fill="{LIGHT["primary"]}"',
    "cjm-tag-text cjm-tag-text--offline": f'fill="{LIGHT["muted"]}"',
    "cjm-icon": f'fill="{LIGHT["muted"]}"',
    "cjm-emo-line": f'fill="none" stroke="{LIGHT["emotion-line"]}"',
    "cjm-neutral": f'stroke="{LIGHT["neutral"]}"',
    "cjm-negzone": f'fill="{LIGHT["bad"]}" fill-opacity="0.06"',
    "cjm-emo cjm-emo--bad": f'fill="{LIGHT["bad"]}"',
    "cjm-emo cjm-emo--neutral": f'fill="{LIGHT["neutral"]}"',
    "cjm-emo cjm-emo--ok": f'fill="{LIGHT["ok"]}"',
    "cjm-arrow": f'fill="none" stroke="{LIGHT["arrow"]}"',
    "cjm-arrowhead": f'fill="{LIGHT["arrow"]}"',
    "cjm-arrow-label": f'fill="{LIGHT["card-bg"]}" stroke="{LIGHT["arrow"]}"',
    "cjm-lane-line": f'stroke="{LIGHT["lane-line"]}"',
    "cjm-bg": f'fill="{LIGHT["card-bg"]}"',
}


#: Custom-property name (``--cjm-<name>``) / LIGHT key of colours used inside <defs>.
_PAINT = {name: name for name in ("ok", "bad", "partial", "on-marker", "arrow")}

#: Exports: class plus the light palette as presentation attributes.
_STANDALONE_ATTRS = {cls: f'class="{cls}" {attrs}' for cls, attrs in _STYLE.items()}
#: Pages: the class only; cjm-diagram.css colours it (light and dark).
_PAGE_ATTRS = {cls: f'class="{cls}"' for cls in _STYLE}
DASHED = ' stroke-dasharray="2 2"'


@lru_cache(maxsize=16384)
def _n(value: float) -> str:
    """Stable, short coordinate formatting (one decimal; cached: coordinates repeat)."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


_MARKDOWN = re.compile(r"[`*_~\[]")


@lru_cache(maxsize=8192)
def _plain_text(value: str) -> str:
    value = clean(value)
    if _MARKDOWN.search(value) is None:
        return value
    return clean(plain(value))


def _text(value: object) -> str:
    """Untrusted map text -> plain text safe to escape into XML: inline
    Markdown reduced to what a reader sees, characters XML forbids removed,
    whitespace collapsed."""
    if value is None:
        return ""
    return _plain_text(value if isinstance(value, str) else str(value))


_SPECIAL = re.compile("[&<>\"'{}\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _esc(text: object) -> str:
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


_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _default_href(step: Step) -> str:
    return "#" + step.anchor


# -- numbers and units -------------------------------------------------------------
_PREFIX_UNITS = {"£", "$", "€", "¥", "₹", "US$", "A$", "C$", "CHF", "kr"}


def _num(value: Optional[float]) -> str:
    if value is None:
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _text(value)
    if not math.isfinite(number):
        return "—"
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    text = f"{number:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _with_unit(value: Optional[float], unit: str) -> str:
    number = _num(value)
    if value is None or not unit:
        return number
    if unit in _PREFIX_UNITS:
        return f"{unit}{number}"
    if unit.startswith("%") or (len(unit) == 1 and not unit.isalnum()):
        return f"{number}{unit}"
    return f"{number}\u00a0{unit}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# -- cells -------------------------------------------------------------------------
class _Cell:
    """Content of one card, drawn relative to the card's top-left corner."""

    __slots__ = ("height", "parts", "kind", "title")

    def __init__(self, height: float, parts: list[str], kind: str = "", title: str = "") -> None:
        self.height = height
        self.parts = parts
        self.kind = kind
        self.title = title


class _Renderer:
    def __init__(
        self, project: Project, journey: Journey, standalone: bool, step_href: StepHref, *, overlay: bool = False
    ) -> None:
        self.project = project
        #: Links to the steps in a separate SVG laid over the drawing (pages), not
        #: inside the drawing (bare SVG, exports).
        self.overlay = overlay
        self.journey = journey
        self.standalone = standalone
        self.step_href = step_href
        self.uid = "cjm-" + (_ID_SAFE.sub("-", journey.id or "journey").strip("-") or "journey")
        self.steps: list[Step] = journey.steps
        self.index = {id(step): n for n, step in enumerate(self.steps)}
        self.ids = {}
        for n, step in enumerate(self.steps):
            self.ids.setdefault(step.id, n)
        self.icons: dict[str, str] = {}
        self.symbols: set[str] = set()
        self._uses: dict[tuple, str] = {}
        self.cls = (_STANDALONE_ATTRS if standalone else _PAGE_ATTRS).__getitem__
        self._laid_out = False

    # -- text helpers ------------------------------------------------------------
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
        first = L.baseline(top, size, line)
        if not rtl:
            xs = _n(x)
            for k, text in enumerate(lines):
                out.append(f'<text x="{xs}" y="{_n(first + k * line)}"{extra}>{_esc(text)}</text>')
            return out
        for k, text in enumerate(lines):
            y = _n(first + k * line)
            if self.standalone:
                # cairosvg ignores `direction`: anchor the measured middle.
                w = min(width, text_width(text, size))
                out.append(
                    f'<text x="{_n(x + width - w / 2)}" y="{y}" text-anchor="middle"{_rtl_attrs(text)}{extra}>'
                    f"{_esc(_rtl_text(text))}</text>"
                )
            else:
                out.append(
                    f'<text x="{_n(x + width)}" y="{y}" direction="rtl" unicode-bidi="embed"{extra}>{_esc(text)}</text>'
                )
        return out

    def use_icon(self, name: str, x: float, y: float, size: float, cls: str) -> str:
        """A Material icon (defined once in <defs>) at (x, y), ``size`` px square."""
        key = (name, x, y, size, cls)
        found = self._uses.get(key)
        if found is not None:
            return found
        path = icon_path(name)
        if path is None:
            name = "circle"
            path = icon_path(name) or ""
        ref = f"{self.uid}-i-{name}"
        self.icons.setdefault(ref, path)
        scale = size / 24
        found = f'<use href="#{ref}" transform="translate({_n(x)} {_n(y)}) scale({scale:.3f})" {self.cls(cls)}/>'
        self._uses[key] = found
        return found

    # -- lane content ------------------------------------------------------------
    def lane_items(self, lane: str, step: Step) -> list[str]:
        if lane in ("actions", "questions", "motivations", "pain_points", "opportunities"):
            raw = getattr(step, lane) or []
        else:
            raw = step.lanes.get(lane) or [] if isinstance(step.lanes, dict) else []
        if isinstance(raw, str):
            raw = [raw]
        items = []
        for item in raw:
            text = _text(item)
            if text:
                items.append(text)
        return items

    def cell_touchpoint(self, step: Step) -> Optional[_Cell]:
        title = _text(step.touchpoint)
        channel = self.project.channel_for(step) if step.channel else None
        if not title and channel is None:
            return None
        parts: list[str] = []
        y = L.PAD_Y + 2
        if title:
            lines = wrap(title, L.INNER_W, L.TITLE[0], True)
            parts.append('<g font-weight="700" font-size="13">')
            parts += self.lines(lines, L.PAD_X, y, L.TITLE, L.INNER_W, rtl=is_rtl(title))
            parts.append("</g>")
            y += len(lines) * L.TITLE[1]
        if channel is not None:
            y += 5
            name = _text(channel.name) or _text(channel.id)
            icon = channel_icon(channel.id or "", channel.name or "", channel.icon or "")
            tag = channel.kind if channel.kind in ("online", "offline") else ""
            tag_w = text_width(tag, L.TAG[0]) + 12 if tag else 0.0
            name_w = L.INNER_W - 19
            lines = wrap(name, name_w, L.SMALL[0]) if name else []
            parts.append(self.use_icon(icon, L.PAD_X, y + 0.5, 14, "cjm-icon"))
            if lines:
                parts.append(f'<g {self.cls("cjm-muted")} font-size="11">')
                parts += self.lines(lines, L.PAD_X + 19, y, L.SMALL, name_w, rtl=is_rtl(name))
                parts.append("</g>")
            rows = max(len(lines), 1)
            if tag:
                # Right-aligned on the channel's last line when it fits, else below.
                last_w = text_width(lines[-1], L.SMALL[0]) if lines else 0.0
                tag_y = y + (rows - 1) * L.SMALL[1]
                if lines and (is_rtl(name) or last_w + 8 + tag_w > name_w):
                    tag_y += L.SMALL[1] + 2
                    rows += 1
                tx = L.CARD_W - L.PAD_X - tag_w
                parts.append(
                    f'<rect x="{_n(tx)}" y="{_n(tag_y)}" width="{_n(tag_w)}" height="15" rx="7.5" '
                    f'stroke-width="0.8"{DASHED if tag == "offline" else ""} '
                    f'{self.cls("cjm-tag cjm-tag--" + tag)}/>'
                )
                parts.append(
                    f'<text x="{_n(tx + tag_w / 2)}" y="{_n(tag_y + 11)}" text-anchor="middle" font-size="10" '
                    f'{self.cls("cjm-tag-text cjm-tag-text--" + tag)}>{tag}</text>'
                )
            y += rows * L.SMALL[1] + (2 if rows > max(len(lines), 1) else 0)
        return _Cell(y + L.PAD_Y, parts, "tp", title)

    def cell_list(self, lane: str, step: Step) -> Optional[_Cell]:
        items = self.lane_items(lane, step)
        if not items:
            return None
        parts: list[str] = []
        size, line = L.BODY
        y = float(L.PAD_Y)
        width = L.INNER_W - L.BULLET_INDENT
        first = L.baseline(0, size, line)
        ltr_x = _n(L.PAD_X + L.BULLET_INDENT)
        bullet = self.cls("cjm-bullet")
        for n, item in enumerate(items):
            if n:
                y += L.ITEM_GAP
            lines = wrap(item, width, size)
            glyph_y = y + (line - L.ICON) / 2
            rtl = is_rtl(item)
            # The glyph leads the item: on the left, or on the right for right-to-left text.
            glyph_x = L.CARD_W - L.PAD_X - L.ICON if rtl else L.PAD_X
            if lane == "pain_points":
                parts.append(self.use_icon("alert", glyph_x, glyph_y, L.ICON, "cjm-pain"))
            elif lane == "opportunities":
                parts.append(self.use_icon("lightbulb-outline", glyph_x - 0.5, glyph_y, L.ICON + 1, "cjm-opp"))
            else:
                dot_x = L.CARD_W - L.PAD_X - 4 if rtl else L.PAD_X + 4
                parts.append(f'<circle cx="{_n(dot_x)}" cy="{_n(y + line / 2)}" r="2.5" {bullet}/>')
            if rtl:
                parts += self.lines(lines, L.PAD_X, y, L.BODY, width, rtl=True)
            else:
                base = y + first
                for k, text in enumerate(lines):
                    parts.append(f'<text x="{ltr_x}" y="{_n(base + k * line)}">{_esc(text)}</text>')
            y += len(lines) * line
        kind = {"pain_points": "pain", "opportunities": "opp"}.get(lane, "")
        return _Cell(y + L.PAD_Y, parts, kind)

    def cell_quote(self, step: Step) -> Optional[_Cell]:
        quote = _text(step.quote)
        if not quote:
            return None
        rtl = is_rtl(quote)
        text = f"\u201c{quote}\u201d" if not rtl else quote
        lines = wrap(text, L.INNER_W, L.BODY[0])
        parts = ['<g font-style="italic">']
        parts += self.lines(lines, L.PAD_X, L.PAD_Y, L.BODY, L.INNER_W, rtl=rtl)
        parts.append("</g>")
        return _Cell(2 * L.PAD_Y + len(lines) * L.BODY[1], parts)

    def metric_block(self, metric: Metric, y: float) -> tuple[float, list[str]]:
        parts: list[str] = []
        name = _text(metric.name) or _text(metric.id)
        unit = _text(metric.unit)
        status = None
        try:
            status = metric.on_target
        except TypeError:
            status = None
        status_w = 34 if status is not None else 0
        if name:
            lines = wrap(name, L.INNER_W, L.SMALL[0])
            parts.append(f'<g {self.cls("cjm-muted")} font-size="11">')
            parts += self.lines(lines, L.PAD_X, y, L.SMALL, L.INNER_W, rtl=is_rtl(name))
            parts.append("</g>")
            y += len(lines) * L.SMALL[1] + 1
        actual = _with_unit(metric.actual, unit)
        value_style = (15.0, 20.0)
        actual_lines = wrap(actual, L.INNER_W - status_w, value_style[0], True)
        parts.append('<g font-weight="700" font-size="15">')
        parts += self.lines(actual_lines, L.PAD_X, y, value_style, L.INNER_W - status_w)
        parts.append("</g>")
        last_w = text_width(actual_lines[-1], value_style[0], True) if actual_lines else 0.0
        row_top = y + (len(actual_lines) - 1) * value_style[1]
        if status is not None:
            better = "lower" if metric.better == "lower" else "higher"
            good = "ok" if status else "bad"
            cx = L.CARD_W - L.PAD_X - 7
            cy = row_top + value_style[1] / 2
            try:
                arrow = "\u25b2" if metric.actual > metric.target else "\u25bc" if metric.actual < metric.target else "="
            except TypeError:
                arrow = ""
            word = "on target" if status else "off target"
            parts.append(
                f'<g data-on-target="{"yes" if status else "no"}"><title>{word} ({better} is better)</title>'
            )
            if arrow:
                parts.append(
                    f'<text x="{_n(cx - 11)}" y="{_n(cy + 4)}" text-anchor="end" font-size="11" '
                    f'data-trend="{"up" if arrow == chr(0x25B2) else "down" if arrow == chr(0x25BC) else "equal"}" '
                    f'{self.cls("cjm-" + good)}>{arrow}</text>'
                )
            parts.append(self.symbol("meets" if status else "misses", cx, cy))
            parts.append("</g>")
        y += len(actual_lines) * value_style[1]
        if metric.target is not None:
            target = "target " + _with_unit(metric.target, unit)
            room = L.INNER_W - status_w - last_w - 8
            tw = text_width(target, L.SMALL[0])
            parts.append(f'<g {self.cls("cjm-muted")} font-size="11">')
            if tw <= room and len(actual_lines) >= 1:
                base = L.baseline(row_top, value_style[0], value_style[1])
                parts.append(f'<text x="{_n(L.PAD_X + last_w + 6)}" y="{_n(base)}">{_esc(target)}</text>')
            else:
                lines = wrap(target, L.INNER_W, L.SMALL[0])
                parts += self.lines(lines, L.PAD_X, y, L.SMALL, L.INNER_W)
                y += len(lines) * L.SMALL[1]
            parts.append("</g>")
        return y, parts

    def cell_metrics(self, step: Step) -> Optional[_Cell]:
        if not step.metrics:
            return None
        parts: list[str] = []
        y = float(L.PAD_Y)
        for n, metric in enumerate(step.metrics):
            if n:
                parts.append(
                    f'<line x1="{L.PAD_X}" x2="{L.CARD_W - L.PAD_X}" y1="{_n(y + 4.5)}" y2="{_n(y + 4.5)}" '
                    f'{self.cls("cjm-lane-line")}/>'
                )
                y += 9
            y, block = self.metric_block(metric, y)
            parts += block
        return _Cell(y + L.PAD_Y, parts)

    def symbol(self, rating: str, cx: float, cy: float) -> str:
        """Promise / target symbol, 14 px (defined once in <defs>): filled circle
        with a tick (meets), half-filled circle (partial), ring with a cross (misses)."""
        self.symbols.add(rating)
        return f'<use href="#{self.uid}-sym-{rating}" x="{_n(cx)}" y="{_n(cy)}"/>'

    def paint(self, cls: str, prop: str = "fill") -> str:
        """Colour for an element inside <defs>. Instances drawn by <use> live in a
        shadow tree that the page's class selectors do not reach, so pages get
        an inline style reading the custom property; exports get the colour."""
        if self.standalone:
            return f'{prop}="{LIGHT[_PAINT[cls]]}"'
        return f'style="{prop}:var(--cjm-{_PAINT[cls]})"'

    def symbol_defs(self) -> list[str]:
        out = []
        for rating in sorted(self.symbols):
            if rating == "meets":
                body = (
                    f'<circle r="7" {self.paint("ok")}/>'
                    f'<path d="M-3.5 0l2.4 2.4 4.6-4.8" fill="none" stroke-width="1.8" stroke-linecap="round" '
                    f'stroke-linejoin="round" {self.paint("on-marker", "stroke")}/>'
                )
            elif rating == "partial":
                body = (
                    f'<circle r="6.2" fill="none" stroke-width="1.6" {self.paint("partial", "stroke")}/>'
                    f'<path d="M0-6.2A6.2 6.2 0 0 0 0 6.2Z" {self.paint("partial")}/>'
                )
            else:
                body = (
                    f'<circle r="6.2" fill="none" stroke-width="1.6" {self.paint("bad", "stroke")}/>'
                    f'<path d="M-2.6-2.6l5.2 5.2m0-5.2-5.2 5.2" fill="none" stroke-width="1.6" stroke-linecap="round" '
                    f'{self.paint("bad", "stroke")}/>'
                )
            out.append(f'<g id="{self.uid}-sym-{rating}" data-symbol="{rating}">{body}</g>')
        return out

    def cell_promise(self, promise_id: str, promise_name: str, step: Step) -> Optional[_Cell]:
        rating = step.promise.get(promise_id) if isinstance(step.promise, dict) else None
        if rating is None or rating.rating not in ("meets", "partial", "misses"):
            return None
        word = rating.rating
        note = _text(rating.note)
        title = f"{promise_name}: {word}" + (f" \u2014 {note}" if note else "")
        line = L.BODY[1]
        cls = {"meets": "cjm-ok", "partial": "cjm-partial", "misses": "cjm-bad"}[word]
        parts = [
            f'<g data-rating="{word}">',
            self.symbol(word, L.PAD_X + 7, L.PAD_Y + line / 2),
            f'<text x="{L.PAD_X + 21}" y="{_n(L.baseline(L.PAD_Y, L.BODY[0], line))}" {self.cls(cls)}>{word}</text>',
            "</g>",
        ]
        return _Cell(2 * L.PAD_Y + line, parts, "promise", title)

    # -- layout ------------------------------------------------------------------
    def layout(self) -> None:
        if self._laid_out:
            return
        self._laid_out = True
        journey = self.journey
        self.cols = L.columns([len(stage.steps) for stage in journey.stages])
        xs = self.cols.xs
        # Stage headers.
        self.headers: list[tuple[list[str], list[str], bool, bool]] = []
        header_h = 0.0
        for box, stage in zip(self.cols.stages, journey.stages):
            width = box.width - 2 * 12
            name = _text(stage.name)
            goal = _text(stage.goal)
            # Headers stay compact: long names and goals are cut with an
            # ellipsis (the whole text is the band's tooltip and is in the
            # text version below the diagram).
            name_lines = _clamp(wrap(name, width, L.STAGE_NAME[0], True), 3, width, L.STAGE_NAME[0], True)
            goal_lines = _clamp(wrap(goal, width, L.STAGE_GOAL[0]), 4, width, L.STAGE_GOAL[0])
            h = 12 + len(name_lines) * L.STAGE_NAME[1] + (3 + len(goal_lines) * L.STAGE_GOAL[1] if goal_lines else 0) + 10
            header_h = max(header_h, h)
            self.headers.append((name_lines, goal_lines, is_rtl(name), is_rtl(goal)))
        self.header_h = max(header_h, 40.0)
        # Lanes.
        lanes: list[L.LaneBox] = []
        promises = self.project.journey_promises(journey)
        for key in self.project.lanes_in_order():
            if key == "promise":
                for promise in promises:
                    name = _text(promise.name) or _text(promise.id)
                    box = L.LaneBox("promise", name, LANE_LABELS["promise"], promise.id)
                    for n, step in enumerate(self.steps):
                        cell = self.cell_promise(promise.id, name, step)
                        if cell is not None:
                            box.cells[n] = cell
                    if box.cells:
                        lanes.append(box)
                continue
            if key == "emotion":
                scores = {}
                for n, step in enumerate(self.steps):
                    score = _score(step.emotion)
                    if score is not None:
                        scores[n] = score
                if scores:
                    box = L.LaneBox("emotion", LANE_LABELS["emotion"])
                    box.cells = scores  # type: ignore[assignment]
                    lanes.append(box)
                continue
            if key in LANE_LABELS:
                label = LANE_LABELS[key]
            else:
                custom = self.project.custom_lane(key)
                label = _text(custom.name) if custom is not None else key
                label = label or _text(key)
            box = L.LaneBox(key, label)
            for n, step in enumerate(self.steps):
                if key == "touchpoint":
                    cell = self.cell_touchpoint(step)
                elif key == "quote":
                    cell = self.cell_quote(step)
                elif key == "metrics":
                    cell = self.cell_metrics(step)
                else:
                    cell = self.cell_list(key, step)
                if cell is not None:
                    box.cells[n] = cell
            if box.cells:
                lanes.append(box)
        # Arrows (branches and loops) above the first lane.
        arrows: list[L.Arrow] = []
        for step, link in unusual_links(journey):
            source = self.index.get(id(step))
            target = self.ids.get(link.to)
            if source is None or target is None:
                continue
            label = ellipsize(_text(link.label), L.ARROW_LABEL_MAX - 14, L.ARROW_LABEL[0]) if link.label else ""
            arrow = L.Arrow(source, target, label, loop=target <= source)
            arrow.label_w = text_width(label, L.ARROW_LABEL[0]) + 14 if label else 0.0
            arrow.full_label = _text(link.label)  # type: ignore[attr-defined]
            arrows.append(arrow)
        self.levels = L.route_arrows(arrows, xs) if xs else 0
        self.arrows = arrows if xs else []
        y = L.MARGIN + self.header_h
        self.arrow_h = (L.ARROW_BASE + self.levels * L.LEVEL_H + 4) if self.arrows else 0.0
        y += self.arrow_h
        for box in lanes:
            if box.key == "emotion":
                content = float(L.EMOTION_LANE_H)
            else:
                content = max(cell.height for cell in box.cells.values()) + L.CELL_GAP  # type: ignore[attr-defined]
            box.y = y
            box.height = max(content, L.label_height(box.label, box.sublabel))
            y += box.height
        self.lanes = lanes
        self.bands_bottom = y + L.BAND_PAD - L.CELL_GAP / 2 + 2
        self.height = self.bands_bottom + L.MARGIN
        self.width = self.cols.width

    # -- drawing -----------------------------------------------------------------
    def draw_stages(self) -> list[str]:
        out = ['<g class="cjm-stages">']
        top = L.MARGIN
        height = self.bands_bottom - top
        for box, stage, (name_lines, goal_lines, name_rtl, goal_rtl) in zip(
            self.cols.stages, self.journey.stages, self.headers
        ):
            cls = "cjm-band cjm-band--alt" if box.index % 2 else "cjm-band"
            tip = " \u2014 ".join(t for t in (_text(stage.name), _text(stage.goal)) if t)
            out.append(f'<g data-stage="{_esc(stage.id)}"><title>{_esc(tip)}</title>')
            out.append(
                f'<rect x="{_n(box.x)}" y="{_n(top)}" width="{_n(box.width)}" height="{_n(height)}" rx="10" {self.cls(cls)}/>'
            )
            x = box.x + 12
            width = box.width - 24
            y = top + 12
            if name_lines:
                out.append('<g font-weight="700" font-size="14">')
                out += self.lines(name_lines, x, y, L.STAGE_NAME, width, rtl=name_rtl)
                out.append("</g>")
                y += len(name_lines) * L.STAGE_NAME[1] + 3
            if goal_lines:
                out.append(f'<g {self.cls("cjm-muted")}>')
                out += self.lines(goal_lines, x, y, L.STAGE_GOAL, width, rtl=goal_rtl)
                out.append("</g>")
            out.append("</g>")
        out.append("</g>")
        return out

    def draw_lane(self, box: L.LaneBox) -> list[str]:
        xs = self.cols.xs
        extra = f' data-promise="{_esc(box.promise)}"' if box.promise else ""
        out = [f'<g data-lane="{_esc(box.key)}"{extra}>']
        if box.key == "emotion":
            out += self.draw_emotion(box)
            out.append("</g>")
            return out
        top = box.y + L.CELL_GAP / 2
        card_h = box.height - L.CELL_GAP
        ty = _n(top)
        card = f'<rect width="{L.CARD_W}" height="{_n(card_h)}" rx="6" {self.cls("cjm-card")}/>'
        tp_card = (
            f'<rect width="{L.CARD_W}" height="{_n(card_h)}" rx="6" {self.cls("cjm-card cjm-card--tp")}/>'
            f'<rect width="{L.CARD_W}" height="3" rx="1.5" {self.cls("cjm-accent")}/>'
        )
        bar = f'<rect x="0.5" y="6" width="3" height="{_n(card_h - 12)}" rx="1.5" '
        pain_bar = bar + self.cls("cjm-accent cjm-accent--pain") + "/>"
        opp_bar = bar + self.cls("cjm-accent cjm-accent--opp") + "/>"
        for n in sorted(box.cells):
            cell: _Cell = box.cells[n]  # type: ignore[assignment]
            step = self.steps[n]
            out.append(f'<g class="cjm-cell" data-step="{_esc(step.id)}" transform="translate({_n(xs[n])} {ty})">')
            kind = cell.kind
            if kind == "tp" and self.overlay:
                out.append(tp_card)
                out += cell.parts
            elif kind == "tp":
                href = _esc(clean(self.step_href(step)))
                label = _esc(cell.title or step.id)
                out.append(f'<a href="{href}" aria-label="{label}" class="cjm-step-link">')
                out.append(tp_card)
                out += cell.parts
                out.append("</a>")
            else:
                if cell.title:
                    out.append(f"<title>{_esc(cell.title)}</title>")
                out.append(card)
                if kind == "pain":
                    out.append(pain_bar)
                elif kind == "opp":
                    out.append(opp_bar)
                if kind == "promise" and card_h > cell.height + 1:
                    out.append(f'<g transform="translate(0 {_n((card_h - cell.height) / 2)})">')
                    out += cell.parts
                    out.append("</g>")
                else:
                    out += cell.parts
            out.append("</g>")
        out.append("</g>")
        return out

    def draw_emotion(self, box: L.LaneBox) -> list[str]:
        xs = self.cols.xs
        scores: dict[int, int] = box.cells  # type: ignore[assignment]
        top = box.y
        height = box.height
        left = xs[0]
        right = xs[-1] + L.CARD_W
        y3 = L.emotion_y(3, top, height)
        y1 = L.emotion_y(1, top, height)
        out = [
            f'<rect x="{_n(left)}" y="{_n(y3)}" width="{_n(right - left)}" height="{_n(y1 - y3 + L.MARKER_R + 2)}" '
            f'rx="4" {self.cls("cjm-negzone")}/>',
            f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(y3)}" y2="{_n(y3)}" stroke-width="1" '
            f'stroke-dasharray="4 4" {self.cls("cjm-neutral")}/>',
        ]
        # Segments of consecutive scored steps; a step without a score breaks the line.
        segments: list[list[tuple[float, float]]] = []
        current: list[tuple[float, float]] = []
        for n in range(len(self.steps)):
            if n in scores:
                current.append((xs[n] + L.CARD_W / 2, L.emotion_y(scores[n], top, height)))
            elif current:
                segments.append(current)
                current = []
        if current:
            segments.append(current)
        for segment in segments:
            path = L.smooth_path(segment)
            if path:
                out.append(
                    f'<path d="{path}" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" '
                    f'{self.cls("cjm-emo-line")}/>'
                )
        for n in sorted(scores):
            score = scores[n]
            step = self.steps[n]
            cx = xs[n] + L.CARD_W / 2
            cy = L.emotion_y(score, top, height)
            mood = "bad" if score < 3 else "neutral" if score == 3 else "ok"
            title = f"{_text(step.touchpoint) or step.id}: feeling {score} of 5"
            out.append(
                f'<g class="cjm-marker" data-step="{_esc(step.id)}" data-emotion="{score}"><title>{_esc(title)}</title>'
                f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{L.MARKER_R}" {self.cls("cjm-emo cjm-emo--" + mood)}/>'
                f'<text x="{_n(cx)}" y="{_n(cy + 4)}" text-anchor="middle" font-size="11" font-weight="700" '
                f'{self.cls("cjm-on-marker")}>{score}</text></g>'
            )
        return out

    def draw_arrows(self) -> list[str]:
        if not self.arrows:
            return []
        first = self.lanes[0].y + L.CELL_GAP / 2 if self.lanes else self.bands_bottom
        bottom = first - 0.5
        out = ['<g class="cjm-links" font-size="11">']
        labels: list[str] = []
        marker = f"{self.uid}-arrowhead"
        for arrow in sorted(self.arrows, key=lambda a: (a.level, a.source, a.target)):
            peak = first - L.ARROW_BASE - L.LEVEL_H / 2 - arrow.level * L.LEVEL_H
            src, dst = self.steps[arrow.source], self.steps[arrow.target]
            kind = "loop" if arrow.loop else "branch"
            full = getattr(arrow, "full_label", "")
            title = f"{_text(src.touchpoint) or src.id} \u2192 {_text(dst.touchpoint) or dst.id}" + (
                f": {full}" if full else ""
            )
            ends = f'data-from="{_esc(src.id)}" data-to="{_esc(dst.id)}"'
            out.append(
                f'<g class="cjm-link cjm-link--{kind}" data-link="{kind}" {ends}><title>{_esc(title)}</title>'
                f'<path d="{L.arch(arrow.x1, arrow.x2, bottom, peak)}" stroke-width="1.5" '
                f'marker-end="url(#{marker})" {self.cls("cjm-arrow")}/></g>'
            )
            if arrow.label:
                # Labels are drawn after every line, so no line runs over one.
                mid = (arrow.x1 + arrow.x2) / 2
                label = arrow.label
                direction = ""
                if is_rtl(label):
                    direction = _rtl_attrs(label) if self.standalone else ' direction="rtl" unicode-bidi="embed"'
                    label = _rtl_text(label) if self.standalone else label
                labels.append(
                    f'<g class="cjm-link-label" data-link-label="{kind}" {ends}><title>{_esc(title)}</title>'
                    f'<rect x="{_n(mid - arrow.label_w / 2)}" y="{_n(peak - 8)}" width="{_n(arrow.label_w)}" '
                    f'height="16" rx="8" stroke-width="1" {self.cls("cjm-arrow-label")}/>'
                    f'<text x="{_n(mid)}" y="{_n(peak + 4)}" text-anchor="middle"{direction} {self.cls("cjm-muted")}>'
                    f"{_esc(label)}</text></g>"
                )
        out += labels
        out.append("</g>")
        return out

    def draw_labels_svg(self) -> list[str]:
        """Lane labels inside a standalone SVG (left of the drawing)."""
        out = ['<g class="cjm-labels">']
        width = L.LABEL_W - 2 * L.LABEL_PAD
        for box in self.lanes:
            lines_y = box.y + L.CELL_GAP / 2 + L.PAD_Y
            out.append(f'<g data-label="{_esc(box.key)}">')
            if box.sublabel:
                sub = wrap(box.sublabel, width, L.SMALL[0])
                out.append(f'<g {self.cls("cjm-muted")} font-size="11">')
                out += self.lines(sub, L.LABEL_PAD, lines_y, L.SMALL, width)
                out.append("</g>")
                lines_y += len(sub) * L.SMALL[1]
            lines = wrap(box.label, width, L.LABEL_SIZE, True)
            out.append('<g font-weight="700" font-size="13">')
            out += self.lines(lines, L.LABEL_PAD, lines_y, (L.LABEL_SIZE, L.LABEL_LINE), width, rtl=is_rtl(box.label))
            out.append("</g></g>")
        out.append("</g>")
        return out

    def svg(self) -> str:
        self.layout()
        journey = self.journey
        title = _text(journey.title) or _text(journey.id)
        n_stages = len(journey.stages)
        n_steps = len(self.steps)
        desc = (
            f"Swimlane diagram of {_plural(n_stages, 'stage')} and {_plural(n_steps, 'step')}; "
            "the same content follows as text below the diagram."
        )
        body: list[str] = []
        body += self.draw_stages()
        if self.lanes:
            body.append('<g class="cjm-lane-lines">')
            left = L.MARGIN
            right = self.width - L.MARGIN
            for box in self.lanes[1:]:
                body.append(
                    f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(box.y)}" y2="{_n(box.y)}" {self.cls("cjm-lane-line")}/>'
                )
            body.append("</g>")
        for box in self.lanes:
            body += self.draw_lane(box)
        body += self.draw_arrows()

        width = self.width
        height = self.height
        offset_x = offset_y = 0.0
        if self.standalone:
            offset_x = L.LABEL_W
            offset_y = L.TITLE_H
            width += offset_x
            height += offset_y
        tid, did = f"{self.uid}-title", f"{self.uid}-desc"
        head = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="cjm-svg" role="img" aria-labelledby="{tid}" '
            f'aria-describedby="{did}" width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" '
            f'font-family="{FONT_STACK}" font-size="12" {_STYLE["cjm-svg"]}'
            + ("" if self.standalone else ' style="max-width:none;height:auto"')
            + f' data-journey="{_esc(journey.id)}">',
            f'<title id="{tid}">{_esc(title)}</title>',
            f'<desc id="{did}">{_esc(desc)}</desc>',
        ]
        defs = ["<defs>"]
        for ref in sorted(self.icons):
            defs.append(f'<path id="{ref}" d="{self.icons[ref]}"/>')
        if self.arrows:
            defs.append(
                f'<marker id="{self.uid}-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                f'markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0.5L10 5L0 9.5z" '
                f'class="cjm-arrowhead" {self.paint("arrow")}/></marker>'
            )
        defs += self.symbol_defs()
        defs.append("</defs>")
        out = head + defs
        if self.standalone:
            out.append(f'<rect width="{_n(width)}" height="{_n(height)}" {self.cls("cjm-bg")}/>')
            heading = ellipsize(title, width - 2 * L.MARGIN - 8, 18, True)
            if is_rtl(heading):
                w = text_width(heading, 18, True)
                out.append(
                    f'<text x="{_n(L.MARGIN + 4 + w / 2)}" y="26" font-size="18" font-weight="700" '
                    f'text-anchor="middle"{_rtl_attrs(heading)}>{_esc(_rtl_text(heading))}</text>'
                )
            else:
                out.append(f'<text x="{L.MARGIN + 4}" y="26" font-size="18" font-weight="700">{_esc(heading)}</text>')
            out.append(f'<g transform="translate(0 {_n(offset_y)})">')
            out += self.draw_labels_svg()
            out.append("</g>")
            out.append(f'<g transform="translate({_n(offset_x)} {_n(offset_y)})">')
            out += body
            out.append("</g>")
        else:
            out += body
        out.append("</svg>")
        return "".join(out)

    def links_svg(self) -> str:
        """The step links of a page, in an SVG laid over the drawing.

        The drawing is one image to assistive technology (``role="img"``, its
        text is repeated in the text version); an image may not hold focusable
        content, so the touchpoint cards' links live in this transparent,
        same-sized SVG on top: each card can be clicked, reached with Tab (a
        focus ring outlines the card) and followed with Enter.
        """
        lane = next((box for box in self.lanes if box.key == "touchpoint"), None)
        if lane is None:
            return ""
        xs = self.cols.xs
        top = _n(lane.y + L.CELL_GAP / 2)
        card_h = _n(lane.height - L.CELL_GAP)
        width, height = _n(self.width), _n(self.height)
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="cjm-svg-links" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="group" aria-label="Steps" style="max-width:none;height:auto">'
        ]
        for n in sorted(lane.cells):
            cell: _Cell = lane.cells[n]  # type: ignore[assignment]
            step = self.steps[n]
            href = _esc(clean(self.step_href(step)))
            label = _esc(cell.title or step.id)
            out.append(
                f'<a href="{href}" aria-label="{label}" class="cjm-step-link" data-step="{_esc(step.id)}">'
                f'<rect x="{_n(xs[n])}" y="{top}" width="{L.CARD_W}" height="{card_h}" rx="6" '
                f'class="cjm-card--tp cjm-hit" fill="transparent"/></a>'
            )
        out.append("</svg>")
        return "".join(out)

    def labels_html(self) -> str:
        out = [
            f'<div class="cjm-diagram__labels" aria-hidden="true" style="height:{_n(self.height)}px">',
        ]
        for box in self.lanes:
            sub = f'<span class="cjm-diagram__sublabel">{_esc(box.sublabel)}</span>' if box.sublabel else ""
            extra = f' data-promise="{_esc(box.promise)}"' if box.promise else ""
            out.append(
                f'<div class="cjm-diagram__label" data-lane-label="{_esc(box.key)}"{extra} '
                f'style="top:{_n(box.y)}px;height:{_n(box.height)}px">{sub}'
                f'<span class="cjm-diagram__name" dir="auto">{_esc(box.label)}</span></div>'
            )
        out.append("</div>")
        return "".join(out)




def _rtl_attrs(text: str) -> str:
    """Bidi attributes of a right-to-left line in an export (see :func:`_rtl_text`)."""
    if needs_visual_order(text):
        # A style, not attributes: browsers ignore a unicode-bidi attribute (SVG 2).
        return ' style="direction:ltr;unicode-bidi:bidi-override"'
    return ' direction="rtl" unicode-bidi="embed"'


def _rtl_text(text: str) -> str:
    """A right-to-left line as exports carry it. cairosvg has no bidi: Hebrew
    (and other unjoined scripts) is stored in visual order with a bidi
    override, which reads correctly in cairosvg and in browsers alike. Arabic
    stays in logical order: its letters must be shaped in that order."""
    return visual_order(text) if needs_visual_order(text) else text


def _clamp(lines: list[str], limit: int, width: float, size: float, bold: bool = False) -> list[str]:
    """At most ``limit`` lines, the last one ending in an ellipsis when text was cut."""
    if len(lines) <= limit:
        return lines
    return lines[: limit - 1] + [ellipsize(lines[limit - 1] + " " + lines[limit], width, size, bold)]


def _score(value: object) -> Optional[int]:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return int(min(5, max(1, round(number))))


# -- public API ------------------------------------------------------------------
def render_svg(
    project: Project, journey: Journey, *, standalone: bool = False, step_href: StepHref = _default_href
) -> str:
    """The journey's swimlane diagram as one ``<svg>`` element.

    ``standalone=True`` draws the lane labels and the title inside the SVG and
    relies on presentation attributes only (light palette), for export files.
    """
    return _Renderer(project, journey, standalone, step_href).svg()


def standalone_size(project: Project, journey: Journey) -> tuple[float, float]:
    """Width and height (CSS px) of ``render_svg(..., standalone=True)``, from
    the layout alone (nothing drawn): for size checks before an export."""
    renderer = _Renderer(project, journey, True, _default_href)
    renderer.layout()
    return renderer.width + L.LABEL_W, renderer.height + L.TITLE_H


def render_diagram(project: Project, journey: Journey, *, step_href: StepHref = _default_href) -> str:
    """The HTML fragment for a journey page: lane labels beside a scrolling SVG."""
    renderer = _Renderer(project, journey, False, step_href, overlay=True)
    svg = renderer.svg() + renderer.links_svg()
    title = _text(journey.title) or _text(journey.id)
    return (
        f'<div class="cjm-diagram" data-search-exclude="" data-journey="{_esc(journey.id)}">'
        f"{renderer.labels_html()}"
        f'<div class="cjm-diagram__scroll" tabindex="0" role="region" '
        f'aria-label="{_esc("Diagram: " + title)}">{svg}</div></div>'
    )
