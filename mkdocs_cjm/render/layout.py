"""Layout of the swimlane diagram: columns, lanes, arrow routing, curves.

Everything here is plain arithmetic on the model, with the sizes of
:mod:`.geometry`; :mod:`.plan` applies it to a journey, :mod:`.drawing` turns it into markup.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional

from .geometry import (
    BAND_PAD,
    CARD_W,
    CELL_GAP,
    EMOTION_PAD,
    GUTTER,
    LABEL,
    LABEL_PAD,
    LABEL_W,
    MARGIN,
    PAD_Y,
    PORT_GAP,
    SELF_LOOP_W,
    SMALL,
    STAGE_GAP,
)
from .textmetrics import wrap


# -- columns -------------------------------------------------------------------
@dataclass
class StageBox:
    index: int
    x: float
    width: float
    first: int  #: index of the stage's first step in the journey
    count: int


@dataclass
class Columns:
    xs: list[float]  #: left edge of each step's card, in journey order
    stages: list[StageBox]
    width: float  #: natural width of the drawing (without the label column)


@dataclass(frozen=True)
class StageSlot:
    """Where a stage goes when two drawings line up stage by stage (a comparison page): its band
    takes at least ``slots`` card widths, after room left empty for the other journey's stages
    that come before it and this journey lacks (``skip_stages`` of them, ``skip_slots`` cards wide)."""

    slots: int
    skip_stages: int = 0
    skip_slots: int = 0


def columns(stage_sizes: list[int], align: Optional[list[StageSlot]] = None) -> Columns:
    """Each step's card and each stage's band, left to right; ``align``: per stage, its
    :class:`StageSlot` (drawings that line up with another journey's)."""
    xs: list[float] = []
    boxes: list[StageBox] = []
    x = MARGIN + BAND_PAD
    index = 0
    for s, count in enumerate(stage_sizes):
        slot = align[s] if align is not None and s < len(align) else StageSlot(0)
        if s:
            x += STAGE_GAP
        x += slot.skip_slots * (CARD_W + GUTTER) + slot.skip_stages * STAGE_GAP
        first = index
        band_x = x - BAND_PAD
        for _ in range(count):
            xs.append(x)
            x += CARD_W + GUTTER
            index += 1
        wanted = max(slot.slots, 1 if count == 0 else 0)
        # A stage without steps (odd but valid) still gets a narrow band; an aligned one its slots.
        x += max(0, wanted - count) * (CARD_W + GUTTER)
        band_w = (x - GUTTER) - band_x + BAND_PAD
        boxes.append(StageBox(s, band_x, band_w, first, count))
    width = (x - GUTTER) + BAND_PAD + MARGIN if stage_sizes else 2 * MARGIN + CARD_W
    return Columns(xs, boxes, width)


# -- arrows --------------------------------------------------------------------
@dataclass
class Arrow:
    source: int  #: step index
    target: int
    label: str
    x1: float = 0.0
    x2: float = 0.0
    level: int = 0
    label_w: float = 0.0
    loop: bool = False


def _spans(arrow: Arrow) -> tuple[float, float, float, float]:
    """The span an arrow takes on its level (legs and label, with a margin) and its label's span."""
    lo, hi = min(arrow.x1, arrow.x2), max(arrow.x1, arrow.x2)
    label_lo = label_hi = (arrow.x1 + arrow.x2) / 2
    if arrow.label_w:
        label_lo -= arrow.label_w / 2 + 6
        label_hi += arrow.label_w / 2 + 6
        lo, hi = min(lo, label_lo), max(hi, label_hi)
    return lo - 6, hi + 6, label_lo, label_hi


class _LevelMax:
    """The highest level of the arrow ends placed so far within an x range.

    A segment tree over the sorted x positions of every end (known before
    routing starts): :meth:`add` and :meth:`highest` take O(log n).
    """

    def __init__(self, xs: list[float]) -> None:
        self.xs = xs
        self.size = 1
        while self.size < len(xs):
            self.size *= 2
        self.tree = [-1] * (2 * self.size)

    def add(self, x: float, level: int) -> None:
        i = bisect_left(self.xs, x) + self.size
        tree = self.tree
        while i and tree[i] < level:
            tree[i] = level
            i >>= 1

    def highest(self, lo: float, hi: float) -> int:
        """The highest level of an end at ``lo <= x <= hi``; -1 when there is none."""
        left = bisect_left(self.xs, lo) + self.size
        right = bisect_right(self.xs, hi) + self.size
        tree = self.tree
        best = -1
        while left < right:
            if left & 1:
                best = max(best, tree[left])
                left += 1
            if right & 1:
                right -= 1
                best = max(best, tree[right])
            left >>= 1
            right >>= 1
        return best


class _Levels:
    """Which levels are taken where along the x axis.

    A segment tree over the x axis cut at every span end (known before
    routing starts); each node holds levels as the bits of an int: ``cover``
    the levels of spans that take all of the node's range, ``union`` those of
    spans that take any of it. Two spans share a level only when they do not
    overlap, so the levels free for a span are the bits clear in the union of
    its nodes and the cover of their ancestors (all on the paths from the
    span's first and last cut up to the root). :meth:`lowest_free` and
    :meth:`take` take O(log n) operations on ints of one bit per level.
    """

    def __init__(self, cuts: list[float]) -> None:
        self.cuts = cuts
        self.size = 1
        while self.size < len(cuts):
            self.size *= 2
        self.cover = [0] * (2 * self.size)
        self.union = [0] * (2 * self.size)

    def _leaves(self, lo: float, hi: float) -> tuple[int, int]:
        return bisect_left(self.cuts, lo) + self.size, bisect_left(self.cuts, hi) + self.size

    def taken(self, lo: float, hi: float) -> int:
        """The levels (bits) that spans overlapping ``(lo, hi)`` take."""
        left, right = self._leaves(lo, hi)
        cover, union = self.cover, self.union
        taken = 0
        for node in (left, right - 1):
            while node:
                taken |= cover[node]
                node >>= 1
        while left < right:
            if left & 1:
                taken |= union[left]
                left += 1
            if right & 1:
                right -= 1
                taken |= union[right]
            left >>= 1
            right >>= 1
        return taken

    def lowest_free(self, lo: float, hi: float, lower: int) -> int:
        """The lowest level at or above ``lower`` that no span overlapping ``(lo, hi)`` takes."""
        above = self.taken(lo, hi) >> lower
        return lower + (~above & (above + 1)).bit_length() - 1

    def take(self, lo: float, hi: float, level: int) -> None:
        """Mark ``level`` taken over ``(lo, hi)``."""
        bit = 1 << level
        left, right = self._leaves(lo, hi)
        cover, union = self.cover, self.union
        for node in (left, right - 1):
            while node:
                union[node] |= bit
                node >>= 1
        while left < right:
            if left & 1:
                cover[left] |= bit
                union[left] |= bit
                left += 1
            if right & 1:
                right -= 1
                cover[right] |= bit
                union[right] |= bit
            left >>= 1
            right >>= 1


def route_arrows(arrows: list[Arrow], xs: list[float]) -> int:
    """Place arrow ends on their cards and stack arrows in levels.

    Ends on one card are spread along its top so that arrows leaving or
    reaching the card do not cross next to it: ends whose other card lies to
    the left sit on the left, nearest first; ends going right sit on the
    right, farthest first; a self-loop sits in the middle. Forward branches
    and self-loops take the lowest levels (shortest first, so they nest);
    a loop back to an earlier step runs above the forward arrows it spans
    (not above every one: the band above the cards is only as tall as the
    arrows under and over each other need). Two arrows share a
    level only when neither their spans nor their labels overlap, and an
    arrow's leg never runs through another arrow's label where a higher
    level avoids it. Returns the number of levels used.
    """
    if not arrows:
        return 0
    ends: dict[int, list[tuple[tuple, int, int]]] = {}
    for n, arrow in enumerate(arrows):
        cx_s = xs[arrow.source] + CARD_W / 2
        cx_t = xs[arrow.target] + CARD_W / 2
        if arrow.source == arrow.target:
            ends.setdefault(arrow.source, []).append(((1, 0.0, 0, n), n, 2))
            ends.setdefault(arrow.source, []).append(((1, 0.0, 1, n), n, 1))
            continue
        for step, other, role in ((arrow.source, cx_t, 1), (arrow.target, cx_s, 2)):
            here = xs[step] + CARD_W / 2
            group = 0 if other < here else 2
            ends.setdefault(step, []).append(((group, -other, role, n), n, role))
    for step, found in ends.items():
        found.sort()
        gaps = [0.0]
        for k in range(1, len(found)):
            same_loop = found[k][1] == found[k - 1][1] and arrows[found[k][1]].source == arrows[found[k][1]].target
            gaps.append(SELF_LOOP_W if same_loop else PORT_GAP)
        total = sum(gaps)
        room = CARD_W - 40
        scale = min(1.0, room / total) if total else 1.0
        x = xs[step] + CARD_W / 2 - total * scale / 2
        for gap, (_, n, role) in zip(gaps, found):
            x += gap * scale
            if role == 1:
                arrows[n].x1 = x
            else:
                arrows[n].x2 = x

    # Levels are found with two indexes instead of scans over every arrow placed so far, which made routing
    # quadratic (two steps linking each other 15,000 times: over 100 s). ``ends_at`` answers "the highest level
    # of an arrow end under this label", ``taken`` "the lowest level free over this span": routing n arrows
    # costs O(n log n) operations on ints of one bit per level. The levels are those of the former scan, which
    # also worked out an upper bound (stay below the labels this arrow's legs would cross) that never changed
    # a result: it fell back to the first free level above the lower bound, which is what this takes directly.
    spans = [_spans(arrow) for arrow in arrows]
    ends_at = _LevelMax(sorted({x for arrow in arrows for x in (arrow.x1, arrow.x2)}))
    taken = _Levels(sorted({x for span in spans for x in span[:2]}))

    def place(group: list[int], floors: dict[int, int]) -> int:
        top = 0
        for n in sorted(group, key=lambda n: (abs(arrows[n].x2 - arrows[n].x1), arrows[n].source, arrows[n].target)):
            arrow = arrows[n]
            lo, hi, label_lo, label_hi = spans[n]
            lower = floors.get(n, 0)
            if arrow.label_w:
                # A higher arrow's leg must not run through this arrow's label.
                lower = max(lower, ends_at.highest(label_lo - 3, label_hi + 3))
            level = taken.lowest_free(lo, hi, lower)
            taken.take(lo, hi, level)
            ends_at.add(arrow.x1, level)
            ends_at.add(arrow.x2, level)
            arrow.level = level
            top = max(top, level + 1)
        return top

    forward = [n for n, a in enumerate(arrows) if not a.loop or a.source == a.target]
    loops = [n for n, a in enumerate(arrows) if a.loop and a.source != a.target]
    used = place(forward, {})
    # Each loop's floor: above the forward arrows under it (all placed, no loop yet).
    floors = {n: taken.taken(spans[n][0], spans[n][1]).bit_length() for n in loops}
    return max(used, place(loops, floors))


def arch(x1: float, x2: float, bottom: float, peak: float) -> str:
    """A cubic arch leaving ``(x1, bottom)`` upwards and landing on ``(x2, bottom)``,
    with its highest point at ``peak``."""
    ctrl = bottom - (bottom - peak) / 0.75
    return f"M{x1:.1f} {bottom:.1f}C{x1:.1f} {ctrl:.1f} {x2:.1f} {ctrl:.1f} {x2:.1f} {bottom:.1f}"


# -- emotion curve ---------------------------------------------------------------
def emotion_y(score: float, top: float, height: float) -> float:
    span = height - 2 * EMOTION_PAD
    return top + EMOTION_PAD + (5 - score) * span / 4


def smooth_path(points: list[tuple[float, float]]) -> str:
    """A monotone cubic (Fritsch-Carlson) through ``points``: smooth, and never
    overshooting the scores it joins."""
    if len(points) < 2:
        return ""
    n = len(points)
    dx = [points[i + 1][0] - points[i][0] for i in range(n - 1)]
    slopes = [(points[i + 1][1] - points[i][1]) / dx[i] if dx[i] else 0.0 for i in range(n - 1)]
    tangents = [0.0] * n
    tangents[0] = slopes[0]
    tangents[-1] = slopes[-1]
    for i in range(1, n - 1):
        if slopes[i - 1] * slopes[i] <= 0:
            tangents[i] = 0.0
        else:
            tangents[i] = (slopes[i - 1] + slopes[i]) / 2
    for i in range(n - 1):
        if slopes[i] == 0:
            tangents[i] = tangents[i + 1] = 0.0
            continue
        a = tangents[i] / slopes[i]
        b = tangents[i + 1] / slopes[i]
        s = a * a + b * b
        if s > 9:
            t = 3 / s**0.5
            tangents[i] = t * a * slopes[i]
            tangents[i + 1] = t * b * slopes[i]
    out = [f"M{points[0][0]:.1f} {points[0][1]:.1f}"]
    for i in range(n - 1):
        (x0, y0), (x1, y1) = points[i], points[i + 1]
        h = dx[i] / 3
        out.append(
            f"C{x0 + h:.1f} {y0 + tangents[i] * h:.1f} {x1 - h:.1f} {y1 - tangents[i + 1] * h:.1f} {x1:.1f} {y1:.1f}"
        )
    return "".join(out)


# -- lanes -----------------------------------------------------------------------
@dataclass
class LaneBox:
    key: str  #: lane id (``promise`` for every promise row)
    label: str
    sublabel: str = ""
    promise: str = ""  #: promise id for promise rows
    y: float = 0.0
    height: float = 0.0
    cells: dict[int, object] = field(default_factory=dict)
    #: Emotion by persona: ``(persona id, name, {step index: score})`` for each persona of the journey.
    series: list[tuple[str, str, dict[int, int]]] = field(default_factory=list)


def label_height(label: str, sublabel: str) -> float:
    lines = len(wrap(label, LABEL_W - 2 * LABEL_PAD, LABEL[0], True)) or 1
    extra = SMALL[1] * len(wrap(sublabel, LABEL_W - 2 * LABEL_PAD, SMALL[0])) if sublabel else 0
    return lines * LABEL[1] + extra + 2 * PAD_Y + CELL_GAP
