"""The impact-by-effort matrix of the opportunity page: an inline SVG (pages only, no export).

Effort runs left (1, low) to right (5, high), impact bottom (1) to top (5); the quick-win
squares (high impact, low effort) are shaded and labelled. Each rated opportunity is a
numbered dot, a link to its step on the journey page, with a ``<title>``; the dots of one
square are stacked in a fixed grid (by number), never on top of each other, and a square
with more than :data:`~.geometry.MATRIX_DOTS_MAX` ends with a "+n" mark. Colours are classes
that ``assets/cjm.css`` colours with CSS variables (light and dark). Sizes come from
:mod:`.geometry`; every text passes through :func:`.markup.map_text` and :func:`.markup.esc`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import geometry as G
from .markup import esc, map_text, px


@dataclass(frozen=True)
class Dot:
    """One opportunity on the matrix."""

    number: int
    impact: int
    effort: int
    #: Where the dot links (a step's anchor on its journey page), already a relative URL.
    href: str
    #: What the dot says to a screen reader and in its tooltip (plain text).
    title: str
    quick_win: bool = False


def size() -> tuple[float, float]:
    """Width and height of the drawing."""
    side = G.MATRIX_LEVELS * G.MATRIX_CELL
    return G.MATRIX_LEFT + side + G.MATRIX_RIGHT, G.MATRIX_TOP + side + G.MATRIX_BOTTOM


def square(impact: int, effort: int) -> tuple[float, float]:
    """The top-left corner of the square of (impact, effort)."""
    x = G.MATRIX_LEFT + (effort - 1) * G.MATRIX_CELL
    y = G.MATRIX_TOP + (G.MATRIX_LEVELS - impact) * G.MATRIX_CELL
    return x, y


def places(count: int) -> list[tuple[float, float]]:
    """Centres, relative to a square's centre, of ``count`` dots stacked in it (row by row)."""
    count = min(count, G.MATRIX_DOTS_MAX)
    per_row = min(count, G.MATRIX_DOTS_PER_ROW)
    rows = math.ceil(count / G.MATRIX_DOTS_PER_ROW) if count else 0
    out = []
    for k in range(count):
        row, col = divmod(k, G.MATRIX_DOTS_PER_ROW)
        in_row = min(per_row, count - row * G.MATRIX_DOTS_PER_ROW)
        dx = (col - (in_row - 1) / 2) * G.MATRIX_DOT_STEP
        dy = (row - (rows - 1) / 2) * G.MATRIX_DOT_STEP
        out.append((dx, dy))
    return out


def _text(x: float, y: float, text: str, cls: str, extra: str = "") -> str:
    return f'<text x="{px(x)}" y="{px(y)}" class="{cls}"{extra}>{esc(text)}</text>'


def render_matrix(dots: list[Dot], *, uid: str, title: str, quick_impact: int, quick_effort: int) -> str:
    """The matrix as one SVG element. ``quick_impact``/``quick_effort``: the least impact and
    the most effort of a quick win (the shaded squares)."""
    width, height = size()
    cell, levels = G.MATRIX_CELL, G.MATRIX_LEVELS
    side = levels * cell
    left, top = G.MATRIX_LEFT, G.MATRIX_TOP
    font = G.MATRIX_FONT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="cjm-matrix__svg" '
        f'width="{px(width)}" height="{px(height)}" '
        f'viewBox="0 0 {px(width)} {px(height)}" role="group" aria-labelledby="{uid}-title" '
        f'font-size="{px(font)}">',
        f'<title id="{uid}-title">{esc(map_text(title))}</title>',
    ]
    # quick-win squares, shaded, with their label above the grid
    qx, qy = square(levels, 1)
    qw = quick_effort * cell
    qh = (levels - quick_impact + 1) * cell
    out.append(
        f'<rect x="{px(qx)}" y="{px(qy)}" width="{px(qw)}" height="{px(qh)}" class="cjm-matrix__quick" '
        'data-quick-wins=""/>'
    )
    out.append(
        _text(qx + qw / 2, top - G.MATRIX_TICK_GAP, "★ Quick wins", "cjm-matrix__label", ' text-anchor="middle"')
    )
    # the grid
    lines = []
    for k in range(levels + 1):
        lines.append(f"M{px(left + k * cell)} {px(top)}v{px(side)}")
        lines.append(f"M{px(left)} {px(top + k * cell)}h{px(side)}")
    out.append(f'<path d="{"".join(lines)}" class="cjm-matrix__grid" fill="none"/>')
    # ticks and axis titles
    for level in range(1, levels + 1):
        x, y = square(level, level)
        out.append(
            _text(
                x + cell / 2,
                top + side + G.MATRIX_TICK_GAP + font,
                str(level),
                "cjm-matrix__tick",
                ' text-anchor="middle"',
            )
        )
        out.append(
            _text(
                left - G.MATRIX_TICK_GAP,
                y + cell / 2 + font * G.MATRIX_MIDLINE,
                str(level),
                "cjm-matrix__tick",
                ' text-anchor="end"',
            )
        )
    out.append(
        _text(
            left + side / 2,
            top + side + G.MATRIX_BOTTOM - G.MATRIX_TICK_GAP,
            "Effort → (1 low, 5 high)",
            "cjm-matrix__label",
            ' text-anchor="middle"',
        )
    )
    cy = top + side / 2
    ax = G.MATRIX_AXIS_X
    out.append(
        _text(
            ax,
            cy,
            "Impact → (1 low, 5 high)",
            "cjm-matrix__label",
            f' text-anchor="middle" transform="rotate(-90 {px(ax)} {px(cy)})"',
        )
    )
    # the dots: placed square by square, written in number order (the order of the table and of Tab)
    by_square: dict[tuple[int, int], list[Dot]] = {}
    for dot in sorted(dots, key=lambda d: d.number):
        by_square.setdefault((dot.impact, dot.effort), []).append(dot)
    placed: list[tuple[Dot, float, float]] = []
    more: list[str] = []
    for (impact, effort), group in sorted(by_square.items()):
        x, y = square(impact, effort)
        centre_x, centre_y = x + cell / 2, y + cell / 2
        shown = group if len(group) <= G.MATRIX_DOTS_MAX else group[: G.MATRIX_DOTS_MAX - 1]
        spots = places(len(group))
        placed.extend((dot, centre_x + dx, centre_y + dy) for dot, (dx, dy) in zip(shown, spots))
        if len(shown) < len(group):
            more.append(_more(len(group) - len(shown), centre_x + spots[-1][0], centre_y + spots[-1][1]))
    out.extend(_dot(dot, cx, cy) for dot, cx, cy in sorted(placed, key=lambda p: p[0].number))
    out.extend(more)
    out.append("</svg>")
    return "".join(out)


def _number(cx: float, cy: float, text: str) -> str:
    return _text(
        cx,
        cy + G.MATRIX_DOT_FONT * G.MATRIX_MIDLINE,
        text,
        "cjm-matrix__num",
        f' text-anchor="middle" font-size="{px(G.MATRIX_DOT_FONT)}"',
    )


def _more(rest: int, cx: float, cy: float) -> str:
    """The last place of a full square: how many more dots it holds (they are all in the table)."""
    return (
        f'<g class="cjm-matrix__more" data-more="{rest}"><title>{rest} more here: see the table</title>'
        f'<circle cx="{px(cx)}" cy="{px(cy)}" r="{px(G.MATRIX_DOT_R)}"/>{_number(cx, cy, f"+{rest}")}</g>'
    )


def _dot(dot: Dot, cx: float, cy: float) -> str:
    label = esc(map_text(dot.title))
    kind = " cjm-matrix__dot--quick" if dot.quick_win else ""
    return (
        f'<a xlink:href="{esc(dot.href)}" class="cjm-matrix__dot{kind}" aria-label="{label}" '
        f'data-number="{dot.number}" data-impact="{dot.impact}" data-effort="{dot.effort}">'
        f"<title>{label}</title>"
        f'<circle cx="{px(cx)}" cy="{px(cy)}" r="{px(G.MATRIX_DOT_R)}"/>{_number(cx, cy, str(dot.number))}</a>'
    )
