"""The cards of the swimlane diagram: touchpoint, list, quote, metrics and promise cells.

Each builder measures its content (with the type scale of :mod:`.geometry`)
and returns a :class:`Cell`: its height and its markup, drawn relative to
the card's top-left corner; ``None`` when the step has nothing for the lane.
"""

from __future__ import annotations

from typing import Optional

from ..model import Metric, Step
from ..site import Project
from ..text import number
from . import geometry as G
from .icons import channel_icon
from .markup import DASHED, Pen, esc, inherited_size, map_text, px
from .textmetrics import is_rtl, text_width, wrap

__all__ = ["Cell", "touchpoint", "list_cell", "quote", "metrics", "promise"]

#: Lanes the model holds as attributes of a step (the others are custom lanes in ``step.lanes``).
_STEP_LISTS = ("actions", "questions", "motivations", "pain_points", "opportunities")
_PREFIX_UNITS = {"£", "$", "€", "¥", "₹", "US$", "A$", "C$", "CHF", "kr"}


class Cell:
    """Content of one card, drawn relative to the card's top-left corner."""

    __slots__ = ("height", "parts", "kind", "title", "attrs", "origin")

    def __init__(
        self, height: float, parts: list[str], kind: str = "", title: str = "", attrs: str = "", origin: float = 0
    ) -> None:
        self.height = height
        self.parts = parts
        self.kind = kind
        self.title = title
        #: Attributes of the cell's group (a promise's rating; the cell is then centred on its card).
        self.attrs = attrs
        #: Where the parts' x = 0 is, right of the card's left side (a list's text: its lines need no ``x``).
        self.origin = origin


def with_unit(value: Optional[float], unit: str, *, page: bool = False) -> str:
    """A metric value and its unit: currencies before the number, ``%`` and symbols after it
    (``page``: the number as page tables write it, see :func:`mkdocs_cjm.text.number`)."""
    text = number(value, page=True) if page else number(value, other=map_text)
    if value is None or not unit:
        return text
    if unit in _PREFIX_UNITS:
        return f"{unit}{text}"
    if unit.startswith("%") or (len(unit) == 1 and not unit.isalnum()):
        return f"{text}{unit}"
    return f"{text}\u00a0{unit}"


def lane_items(lane: str, step: Step) -> list[str]:
    """The texts of a list lane (one of the step's lists, or a custom lane)."""
    if lane in _STEP_LISTS:
        raw = getattr(step, lane) or []
    else:
        raw = step.lanes.get(lane) or [] if isinstance(step.lanes, dict) else []
    if isinstance(raw, str):
        raw = [raw]
    items = []
    for item in raw:
        text = map_text(item)
        if text:
            items.append(text)
    return items


def touchpoint(pen: Pen, project: Project, step: Step) -> Optional[Cell]:
    """Touchpoint title, channel glyph and name, online / offline tag."""
    title = map_text(step.touchpoint)
    channel = project.channel_for(step) if step.channel else None
    if not title and channel is None:
        return None
    parts: list[str] = []
    y = G.PAD_Y + 2
    if title:
        lines = wrap(title, G.INNER_W, G.TITLE[0], True)
        parts += pen.block(lines, G.PAD_X, y, G.TITLE, G.INNER_W, pen.cls("cjm-title"), rtl=is_rtl(title))
        y += len(lines) * G.TITLE[1]
    if channel is not None:
        y += 5
        name = map_text(channel.name) or map_text(channel.id)
        icon = channel_icon(channel.id or "", channel.name or "", channel.icon or "")
        tag = channel.kind if channel.kind in ("online", "offline") else ""
        tag_w = text_width(tag, G.TAG[0]) + G.TAG_PAD if tag else 0.0
        name_w = G.INNER_W - G.CHANNEL_INDENT
        lines = wrap(name, name_w, G.SMALL[0]) if name else []
        parts.append(pen.use_icon(icon, G.PAD_X, y + 0.5, G.CHANNEL_ICON, "muted"))
        if lines:
            muted = pen.cls("cjm-muted") + inherited_size(G.SMALL[0])
            parts += pen.block(lines, G.PAD_X + G.CHANNEL_INDENT, y, G.SMALL, name_w, muted, rtl=is_rtl(name))
        rows = max(len(lines), 1)
        if tag:
            # Right-aligned on the channel's last line when it fits, else below.
            last_w = text_width(lines[-1], G.SMALL[0]) if lines else 0.0
            tag_y = y + (rows - 1) * G.SMALL[1]
            if lines and (is_rtl(name) or last_w + 8 + tag_w > name_w):
                tag_y += G.SMALL[1] + 2
                rows += 1
            tx = G.CARD_W - G.PAD_X - tag_w
            parts.append(
                f'<rect x="{px(tx)}" y="{px(tag_y)}" width="{px(tag_w)}" height="{G.TAG_H}" rx="{G.TAG_H / 2}" '
                f'stroke-width="0.8"{DASHED if tag == "offline" else ""} '
                f"{pen.cls('cjm-tag cjm-tag--' + tag)}/>"
            )
            tag_base = G.baseline(tag_y, G.TAG[0], G.TAG_H)
            parts.append(
                f'<text x="{px(tx + tag_w / 2)}" y="{px(tag_base)}"{inherited_size(G.TAG[0])} '
                f"{pen.cls('cjm-mid cjm-tag-text cjm-tag-text--' + tag)}>{tag}</text>"
            )
        y += rows * G.SMALL[1] + (2 if rows > max(len(lines), 1) else 0)
    return Cell(y + G.PAD_Y, parts, "tp", title)


def list_cell(pen: Pen, lane: str, step: Step) -> Optional[Cell]:
    """A list lane: one item after another, each behind a bullet (pain points: an alert glyph,
    opportunities: a light bulb)."""
    items = lane_items(lane, step)
    if not items:
        return None
    markers = _opportunity_markers(step) if lane == "opportunities" else []
    parts: list[str] = []
    size, line = G.BODY
    y = float(G.PAD_Y)
    width = G.INNER_W - G.BULLET_INDENT
    first = G.baseline(0, size, line)
    # The parts are drawn from where the items' text starts (their lines need no x), the rest left of it.
    origin = G.PAD_X + G.BULLET_INDENT
    text_size = inherited_size(size)
    for n, item in enumerate(items):
        if n:
            y += G.ITEM_GAP
        lines = wrap(item, width, size)
        glyph_y = y + (line - G.ICON) / 2
        rtl = is_rtl(item)
        # The glyph leads the item: on the left, or on the right for right-to-left text.
        glyph_x = (G.CARD_W - G.PAD_X - G.ICON if rtl else G.PAD_X) - origin
        if lane == "pain_points":
            parts.append(pen.use_icon("alert", glyph_x, glyph_y, G.ICON, "pain"))
        elif lane == "opportunities":
            parts.append(pen.use_icon("lightbulb-outline", glyph_x - 0.5, glyph_y, G.ICON + 1, "opportunity"))
        else:
            dot_x = (G.CARD_W - G.PAD_X - 4 if rtl else G.PAD_X + 4) - origin
            parts.append(pen.bullet(dot_x, y + line / 2))
        if rtl:
            parts += pen.lines(lines, G.PAD_X - origin, y, G.BODY, width, rtl=True, attrs=text_size.strip())
        else:
            base = y + first
            for k, text in enumerate(lines):
                parts.append(f'<text y="{px(base + k * line)}"{text_size}>{esc(text)}</text>')
        y += len(lines) * line
        marker = markers[n] if n < len(markers) else ""
        if marker:
            small, small_line = G.SMALL
            for text in _marker_lines(marker, width, small):
                parts.append(
                    f'<text y="{px(y + G.baseline(0, small, small_line))}"{inherited_size(small)} '
                    f"{pen.cls('cjm-muted')}>{esc(text)}</text>"
                )
                y += small_line
    kind = {"pain_points": "pain", "opportunities": "opp"}.get(lane, "")
    return Cell(y + G.PAD_Y, parts, kind, origin=origin)


def _marker_lines(marker: str, width: float, size: float) -> list[str]:
    """A priority marker broken between its parts (``impact 4 · effort 2`` / ``in-progress``), a part that is
    too long for a line of its own wrapped."""
    lines: list[str] = []
    for part in marker.split(" \u00b7 "):
        joined = f"{lines[-1]} \u00b7 {part}" if lines else part
        if lines and text_width(joined, size) <= width:
            lines[-1] = joined
        else:
            lines += wrap(part, width, size)
    return lines


def _opportunity_markers(step: Step) -> list[str]:
    """The priority marker of each opportunity drawn (``impact 4 · effort 1 · planned``; "" for plain text),
    aligned with :func:`lane_items`; none when the step's opportunities were not loaded as ideas."""
    if len(step.ideas) != len(step.opportunities):
        return []
    return [idea.marker for idea in step.ideas if map_text(idea.text)]


def quote(pen: Pen, step: Step) -> Optional[Cell]:
    """The step's quote, in italics and quotation marks."""
    text = map_text(step.quote)
    if not text:
        return None
    rtl = is_rtl(text)
    if not rtl:
        text = f"\u201c{text}\u201d"
    lines = wrap(text, G.INNER_W, G.BODY[0])
    italic = pen.cls("cjm-quote") + inherited_size(G.BODY[0])
    parts = pen.block(lines, G.PAD_X, G.PAD_Y, G.BODY, G.INNER_W, italic, rtl=rtl)
    return Cell(2 * G.PAD_Y + len(lines) * G.BODY[1], parts)


def _trend(metric: Metric) -> str:
    try:
        return "\u25b2" if metric.actual > metric.target else "\u25bc" if metric.actual < metric.target else "="
    except TypeError:
        return ""


def _status(pen: Pen, metric: Metric, status: bool, row_top: float) -> list[str]:
    """Trend arrow and target symbol at the end of a metric's value row."""
    value_line = G.METRIC_VALUE[1]
    better = "lower" if metric.better == "lower" else "higher"
    good = "ok" if status else "bad"
    cx = G.CARD_W - G.PAD_X - G.SYMBOL_R
    cy = row_top + value_line / 2
    arrow = _trend(metric)
    word = "on target" if status else "off target"
    parts = [f'<g data-on-target="{"yes" if status else "no"}"><title>{word} ({better} is better)</title>']
    if arrow:
        trend = "up" if arrow == "\u25b2" else "down" if arrow == "\u25bc" else "equal"
        parts.append(
            f'<text x="{px(cx - 11)}" y="{px(cy + 4)}" data-trend="{trend}" {pen.cls("cjm-trend cjm-" + good)}>'
            f"{arrow}</text>"
        )
    parts.append(pen.symbol("meets" if status else "misses", cx, cy))
    parts.append("</g>")
    return parts


def _metric_block(pen: Pen, metric: Metric, y: float) -> tuple[float, list[str]]:
    """One metric from ``y``: name, value (with trend and target symbol), target. Returns the bottom and markup."""
    parts: list[str] = []
    name = map_text(metric.name) or map_text(metric.id)
    unit = map_text(metric.unit)
    try:
        status = metric.on_target
    except TypeError:
        status = None
    status_w = G.STATUS_W if status is not None else 0
    small = pen.cls("cjm-muted") + inherited_size(G.SMALL[0])
    if name:
        lines = wrap(name, G.INNER_W, G.SMALL[0])
        parts += pen.block(lines, G.PAD_X, y, G.SMALL, G.INNER_W, small, rtl=is_rtl(name))
        y += len(lines) * G.SMALL[1] + 1
    value_size, value_line = G.METRIC_VALUE
    actual_lines = wrap(with_unit(metric.actual, unit), G.INNER_W - status_w, value_size, True)
    parts += pen.block(actual_lines, G.PAD_X, y, G.METRIC_VALUE, G.INNER_W - status_w, pen.cls("cjm-value"))
    last_w = text_width(actual_lines[-1], value_size, True) if actual_lines else 0.0
    row_top = y + (len(actual_lines) - 1) * value_line
    if status is not None:
        parts += _status(pen, metric, status, row_top)
    y += len(actual_lines) * value_line
    if metric.target is not None:
        target = "target " + with_unit(metric.target, unit)
        room = G.INNER_W - status_w - last_w - 8
        if text_width(target, G.SMALL[0]) <= room and len(actual_lines) >= 1:
            base = G.baseline(row_top, value_size, value_line)
            parts.append(f'<text x="{px(G.PAD_X + last_w + 6)}" y="{px(base)}" {small}>{esc(target)}</text>')
        else:
            lines = wrap(target, G.INNER_W, G.SMALL[0])
            parts += pen.block(lines, G.PAD_X, y, G.SMALL, G.INNER_W, small)
            y += len(lines) * G.SMALL[1]
    if metric.provenance is not None:
        # A short marker; the file, filter, rows and period are in its tooltip.
        tooltip = map_text("From data: " + metric.provenance.describe())
        parts.append(f"<g {small}><title>{esc(tooltip)}</title>")
        parts += pen.lines(["from data"], G.PAD_X, y, G.SMALL, G.INNER_W)
        parts.append("</g>")
        y += G.SMALL[1]
    return y, parts


def metrics(pen: Pen, step: Step) -> Optional[Cell]:
    """The step's metrics, one below the other with a rule between two."""
    if not step.metrics:
        return None
    parts: list[str] = []
    y = float(G.PAD_Y)
    rule = G.METRIC_RULE_GAP / 2
    for n, metric in enumerate(step.metrics):
        if n:
            parts.append(
                f'<line x1="{G.PAD_X}" x2="{G.CARD_W - G.PAD_X}" y1="{px(y + rule)}" y2="{px(y + rule)}" '
                f"{pen.cls('cjm-lane-line')}/>"
            )
            y += G.METRIC_RULE_GAP
        y, block = _metric_block(pen, metric, y)
        parts += block
    return Cell(y + G.PAD_Y, parts)


def promise(pen: Pen, promise_id: str, promise_name: str, step: Step) -> Optional[Cell]:
    """How the step keeps one brand promise: its symbol and word (the note is the card's tooltip)."""
    rating = step.promise.get(promise_id) if isinstance(step.promise, dict) else None
    if rating is None or rating.rating not in ("meets", "partial", "misses"):
        return None
    word = rating.rating
    note = map_text(rating.note)
    title = f"{promise_name}: {word}" + (f" \u2014 {note}" if note else "")
    size, line = G.BODY
    cls = {"meets": "cjm-ok", "partial": "cjm-partial", "misses": "cjm-bad"}[word]
    text_x = G.PAD_X + 2 * G.SYMBOL_R + 7
    parts = [
        pen.symbol(word, G.PAD_X + G.SYMBOL_R, G.PAD_Y + line / 2),
        f'<text x="{text_x}" y="{px(G.baseline(G.PAD_Y, size, line))}"{inherited_size(size)} {pen.cls(cls)}>'
        f"{word}</text>",
    ]
    return Cell(2 * G.PAD_Y + line, parts, "promise", title, f'data-rating="{word}"')
