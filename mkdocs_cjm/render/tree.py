"""A drawing of the journey tree (the landscape page), as inline SVG for a page.

Each journey is a box on its own row, a level deeper one indent further right,
joined to the journey it details by an elbow line; a future state's box is
dashed (not only another colour), and the step it details is a note beside
it. The page's nested list holds the same tree with links; this drawing is an
image of it (``role="img"``, a title and a description). Sizes are
:mod:`.geometry`'s ``TREE_*``; colours are classes that ``cjm-diagram.css``
styles with the diagram's custom properties. Every text is map text: escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import geometry as G
from .markup import esc, font_size, map_text, px
from .textmetrics import ellipsize


@dataclass(frozen=True)
class Node:
    """One row: a journey's title at a depth, whether it is a future state, and a note."""

    depth: int
    title: str
    future: bool = False
    note: str = ""


def tree_svg(nodes: list[Node], *, uid: str, title: str, desc: str) -> str:
    """The tree's ``<svg>`` (one line: safe in Markdown's raw HTML)."""
    height = max(len(nodes), 1) * G.TREE_ROW_H + 2 * G.MARGIN
    tid, did = f"{uid}-title", f"{uid}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cjm-chart-svg cjm-tree-svg" role="img" '
        f'aria-labelledby="{tid} {did}" viewBox="0 0 {G.CHART_W} {px(height)}" width="100%" '
        f'{font_size(G.CHART_FONT)} data-nodes="{len(nodes)}">',
        f'<title id="{tid}">{esc(map_text(title))}</title><desc id="{did}">{esc(map_text(desc))}</desc>',
    ]

    def top(n: int) -> float:
        return G.MARGIN + n * G.TREE_ROW_H

    def left(depth: int) -> float:
        return G.MARGIN + depth * G.TREE_INDENT

    lines, boxes = [], []
    above: dict[int, int] = {}  # depth -> the last row at that depth
    for n, node in enumerate(nodes):
        x, y = left(node.depth), top(n)
        parent = above.get(node.depth - 1)
        if node.depth and parent is not None:
            px0 = left(node.depth - 1) + G.TREE_STUB
            mid = y + G.TREE_NODE_H / 2
            lines.append(
                f'<path d="M{px(px0)} {px(top(parent) + G.TREE_NODE_H)} V{px(mid)} H{px(x)}" class="cjm-tree-line" '
                'fill="none"/>'
            )
        above[node.depth] = n
        for deeper in [d for d in above if d > node.depth]:
            del above[deeper]
        width = min(G.TREE_NODE_W, G.CHART_W - G.MARGIN - x)
        dash = ' stroke-dasharray="5 3"' if node.future else ""
        state = "future" if node.future else "current"
        name = ellipsize(map_text(node.title), width - 2 * G.TREE_PAD, G.CHART_FONT)
        boxes.append(
            f'<g class="cjm-tree-node" data-depth="{node.depth}" data-state="{state}">'
            f"<title>{esc(map_text(node.title) + ' (' + state + ' state)')}</title>"
            f'<rect x="{px(x)}" y="{px(y)}" width="{px(width)}" height="{G.TREE_NODE_H}" rx="4" class="cjm-tree-box"'
            f'{dash}/><text x="{px(x + G.TREE_PAD)}" y="{px(y + G.TREE_NODE_H / 2 + 4)}">{esc(name)}</text>'
        )
        room = G.CHART_W - G.MARGIN - (x + width + G.TREE_PAD)
        note = ellipsize(map_text(node.note), room, G.CHART_FONT) if node.note and room > 40 else ""
        if note:
            boxes.append(
                f'<text x="{px(x + width + G.TREE_PAD)}" y="{px(y + G.TREE_NODE_H / 2 + 4)}" class="cjm-tree-note">'
                f"{esc(note)}</text>"
            )
        boxes.append("</g>")
    out += lines + boxes
    out.append("</svg>")
    return "".join(out)
