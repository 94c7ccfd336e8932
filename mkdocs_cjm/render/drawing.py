"""Draw one journey's diagram at its natural size: stage bands, lanes, the emotion curve, arrows.

:class:`Drawing` holds what one drawing needs (the journey, the :class:`.markup.Pen`, the
:class:`.plan.Plan`); :mod:`.svg` builds the document around it.
"""

from __future__ import annotations

import re
from typing import Callable, Collection, Mapping, Optional

from ..model import Journey, Step
from ..site import Project
from . import geometry as G
from . import layout as L
from .cells import Cell
from .layout import StageSlot
from .markup import Pen, esc, inherited_size, map_text, px, rtl_attrs, rtl_text
from .plan import Plan, plan
from .textmetrics import clean, is_rtl, text_width

StepHref = Callable[[Step], str]
#: The link to another journey's page, by journey id ("" for none).
JourneyHref = Callable[[str], str]

_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


class Drawing:
    """The drawing of one journey at its natural size: stage bands, lane lines, lanes and arrows."""

    def __init__(
        self,
        project: Project,
        journey: Journey,
        standalone: bool,
        step_href: StepHref,
        *,
        overlay: bool = False,
        journey_href: Optional[JourneyHref] = None,
        lanes: Optional[Collection[str]] = None,
        uid: str = "",
        stage_slots: Optional[Mapping[str, StageSlot]] = None,
    ) -> None:
        self.project = project
        #: Per stage id, the card widths its band takes at least (aligned drawings of a comparison page).
        self.stage_slots = stage_slots
        self.journey_href = journey_href
        #: Links to the steps in a separate SVG laid over the drawing (pages), not
        #: inside the drawing (bare SVG, exports).
        self.overlay = overlay
        self.journey = journey
        self.standalone = standalone
        self.step_href = step_href
        #: Prefix of the drawing's element ids: ``uid`` when given (a page showing one journey twice), else the id.
        self.uid = "cjm-" + (_ID_SAFE.sub("-", uid or journey.id or "journey").strip("-") or "journey")
        #: Only these lane ids (``None``: every lane that has something to show).
        self.only_lanes = lanes
        self.steps: list[Step] = journey.steps
        self.pen = Pen(self.uid, standalone)
        self.cls = self.pen.cls
        self._plan: Plan | None = None

    @property
    def plan(self) -> Plan:
        if self._plan is None:
            self._plan = plan(self.pen, self.project, self.journey, self.only_lanes, self.stage_slots)
        return self._plan

    # -- drawing -----------------------------------------------------------------
    def draw_stages(self) -> list[str]:
        laid = self.plan
        out = ['<g class="cjm-stages">']
        top = G.MARGIN
        height = laid.bands_bottom - top
        name_line = G.STAGE_NAME[1]
        for box, stage, (name_lines, goal_lines, name_rtl, goal_rtl) in zip(
            laid.cols.stages, self.journey.stages, laid.headers
        ):
            cls = "cjm-band cjm-band--alt" if box.index % 2 else "cjm-band"
            tip = " \u2014 ".join(t for t in (map_text(stage.name), map_text(stage.goal)) if t)
            out.append(f'<g data-stage="{esc(stage.id)}"><title>{esc(tip)}</title>')
            out.append(
                f'<rect x="{px(box.x)}" y="{px(top)}" width="{px(box.width)}" height="{px(height)}" '
                f'rx="{G.BAND_R}" {self.cls(cls)}/>'
            )
            x = box.x + G.STAGE_PAD
            width = box.width - 2 * G.STAGE_PAD
            y = top + G.STAGE_PAD
            if name_lines:
                bold = self.cls("cjm-stage-name")  # the stage strip's hook
                out += self.pen.block(name_lines, x, y, G.STAGE_NAME, width, bold, rtl=name_rtl)
                y += len(name_lines) * name_line + G.STAGE_NAME_GAP
            if goal_lines:
                muted = self.cls("cjm-muted") + inherited_size(G.STAGE_GOAL[0])
                out += self.pen.block(goal_lines, x, y, G.STAGE_GOAL, width, muted, rtl=goal_rtl)
            out.append("</g>")
        out.append("</g>")
        return out

    def detail_href(self, step: Step) -> str:
        """The link to the page of the journey that details the step ("" when none)."""
        if not step.journey or self.journey_href is None:
            return ""
        return self.journey_href(step.journey)

    def _card_link(self, step: Step, cell: Cell) -> tuple[str, str]:
        """The ``href`` and ``aria-label`` of a touchpoint card's link, escaped: the
        page of the journey that details the step, where one does, else the step."""
        detail = self.detail_href(step)
        if detail:
            target = self.project.journeys.get(step.journey)
            name = (map_text(target.title) if target is not None else "") or step.journey
            return esc(clean(detail)), esc(f"{cell.title or step.id} (detailed in {name})")
        return esc(clean(self.step_href(step))), esc(cell.title or step.id)

    def draw_lane(self, box: L.LaneBox) -> list[str]:
        xs = self.plan.cols.xs
        extra = f' data-promise="{esc(box.promise)}"' if box.promise else ""
        if box.key == "emotion":
            return [f'<g data-lane="{esc(box.key)}"{extra}>', *self.draw_emotion(box), "</g>"]
        top = box.y + G.CELL_GAP / 2
        # The lane's cards start at its top: the lane group moves down, each cell's group sideways.
        out = [f'<g data-lane="{esc(box.key)}"{extra} transform="translate(0 {px(top)})">']
        card_h = box.height - G.CELL_GAP
        shape = f'width="{G.CARD_W}" height="{px(card_h)}" rx="{G.CARD_R}"'
        tp_card = f"<rect {shape} {self.cls('cjm-card cjm-card--tp')}/>" + self.accent("top", G.CARD_W, G.ACCENT_H)
        colours = self.pen.paints(fill="card-bg", stroke="card-border")

        def card(y: float, origin: float) -> str:
            """The card of a cell, left of the cell's origin by ``origin`` (every card of a lane is as high:
            on pages one definition, copied)."""
            name = f"k{px(card_h)}" + (f"o{px(origin)}" if origin else "")
            at = f'x="{px(-origin)}" ' if origin else ""
            return self.pen.repeated(name.replace(".", "_"), "rect", f"{at}{shape} {colours}", 0, y)

        def bar(kind: str, origin: float) -> str:
            return self.accent(kind, G.ACCENT_H, card_h - 2 * G.ACCENT_INSET, 0.5 - origin, G.ACCENT_INSET, origin)

        for n in sorted(box.cells):
            cell: Cell = box.cells[n]  # type: ignore[assignment]
            step = self.steps[n]
            # A cell with attributes of its own (a promise's rating) sits in the middle of its card:
            # its group moves down and the card up by as much (one group, not two).
            middle = (card_h - cell.height) / 2 if cell.attrs and card_h > cell.height + 1 else 0
            attrs = f" {cell.attrs}" if cell.attrs else ""
            at = f"{px(xs[n] + cell.origin)} {px(middle)}" if middle else px(xs[n] + cell.origin)
            out.append(f'<g data-step="{esc(step.id)}"{attrs} transform="translate({at})">')
            kind = cell.kind
            if kind == "tp" and self.overlay:
                out.append(tp_card)
                out += cell.parts
            elif kind == "tp":
                href, label = self._card_link(step, cell)
                out.append(f'<a href="{href}" aria-label="{label}" class="cjm-step-link">')
                out.append(tp_card)
                out += cell.parts
                out.append("</a>")
            else:
                if cell.title:
                    out.append(f"<title>{esc(cell.title)}</title>")
                out.append(card(-middle, cell.origin))
                if kind in ("pain", "opp"):
                    out.append(bar(kind, cell.origin))
                out += cell.parts
            out.append("</g>")
        out.append("</g>")
        return out

    def accent(self, kind: str, width: float, height: float, x: float = 0, y: float = 0, origin: float = 0) -> str:
        """An accent bar of a card (``top``: a touchpoint's; ``pain``, ``opp``: the side of a list card),
        defined once per size (the cards of a lane are all as high) and ``origin`` (see :attr:`.Cell.origin`)."""
        colour = {"top": "accent", "pain": "pain", "opp": "opportunity"}[kind]
        at = (f'x="{px(x)}" ' if x else "") + (f'y="{px(y)}" ' if y else "")
        name = (f"b{kind[0]}{px(height)}" + (f"o{px(origin)}" if origin else "")).replace(".", "_")  # bt3, bp116o24
        size = f'width="{px(width)}" height="{px(height)}" rx="{px(G.ACCENT_H / 2)}"'
        return self.pen.repeated(name, "rect", f"{at}{size} {self.pen.paint(colour)}")

    def draw_emotion(self, box: L.LaneBox) -> list[str]:
        if box.series:
            return self.draw_persona_emotions(box)
        xs = self.plan.cols.xs
        scores: dict[int, int] = box.cells  # type: ignore[assignment]
        top = box.y
        height = box.height
        out = self._zone(top, height)
        out += self._curves(_segments([x + G.CARD_W / 2 for x in xs], scores, top, height))
        for n in sorted(scores):
            score = scores[n]
            step = self.steps[n]
            cx = xs[n] + G.CARD_W / 2
            cy = L.emotion_y(score, top, height)
            mood = "bad" if score < 3 else "neutral" if score == 3 else "ok"
            title = f"{map_text(step.touchpoint) or step.id}: feeling {score} of 5"
            out.append(
                f'<g class="cjm-marker" data-step="{esc(step.id)}" data-emotion="{score}"><title>{esc(title)}</title>'
                f'<circle cx="{px(cx)}" cy="{px(cy)}" r="{G.MARKER_R}" {self.cls("cjm-emo cjm-emo--" + mood)}/>'
                f'<text x="{px(cx)}" y="{px(cy + 4)}" {self.cls("cjm-on-marker")}>{score}</text></g>'
            )
        return out

    def _curves(self, segments: list[list[tuple[float, float]]], dash: str = "") -> list[str]:
        """One smooth emotion line per run of scored steps (``dash``: its dash pattern, none for a solid line)."""
        out = []
        for segment in segments:
            path = L.smooth_path(segment)
            if path:
                out.append(
                    f'<path d="{path}" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"'
                    f"{_dash_attr(dash)} {self.cls('cjm-emo-line')}/>"
                )
        return out

    def _zone(self, top: float, height: float) -> list[str]:
        """The negative zone and the neutral line of the emotion lane."""
        xs = self.plan.cols.xs
        left = xs[0]
        right = xs[-1] + G.CARD_W
        y3 = L.emotion_y(3, top, height)
        y1 = L.emotion_y(1, top, height)
        return [
            f'<rect x="{px(left)}" y="{px(y3)}" width="{px(right - left)}" height="{px(y1 - y3 + G.MARKER_R + 2)}" '
            f'rx="4" {self.cls("cjm-negzone")}/>',
            f'<line x1="{px(left)}" x2="{px(right)}" y1="{px(y3)}" y2="{px(y3)}" stroke-width="1" '
            f'stroke-dasharray="4 4" {self.cls("cjm-neutral")}/>',
        ]

    def draw_persona_emotions(self, box: L.LaneBox) -> list[str]:
        """One emotion line per persona, each with its own dash pattern and marker shape, and a legend."""
        xs = self.plan.cols.xs
        top = box.y + G.EMOTION_LEGEND_H
        height = box.height - G.EMOTION_LEGEND_H
        out = self._zone(top, height)
        count = len(box.series)
        out += self._legend(box, xs[0], box.y + G.EMOTION_LEGEND_H / 2 + 2)
        for i, (pid, name, scores) in enumerate(box.series):
            dash, shape = series_style(i)
            nudge = (i - (count - 1) / 2) * G.SERIES_NUDGE
            out.append(f'<g class="cjm-emo-series" data-persona="{esc(pid)}">')
            centres = [x + G.CARD_W / 2 + nudge for x in xs]
            out += self._curves(_segments(centres, scores, top, height), dash)
            for n in sorted(scores):
                score = scores[n]
                step = self.steps[n]
                cx = xs[n] + G.CARD_W / 2 + nudge
                cy = L.emotion_y(score, top, height)
                mood = "bad" if score < 3 else "neutral" if score == 3 else "ok"
                title = f"{map_text(step.touchpoint) or step.id}: {name} feels {score} of 5"
                out.append(
                    f'<g class="cjm-marker" data-step="{esc(step.id)}" data-persona="{esc(pid)}" '
                    f'data-emotion="{score}" data-shape="{shape}"><title>{esc(title)}</title>'
                    f"{marker_shape(shape, cx, cy, G.MARKER_R, self.cls('cjm-emo cjm-emo--' + mood))}"
                    f'<text x="{px(cx)}" y="{px(cy + 4)}" {self.cls("cjm-on-marker")}>{score}</text></g>'
                )
            out.append("</g>")
        return out

    def _legend(self, box: L.LaneBox, left: float, mid: float) -> list[str]:
        """The names of the personas, each after a sample of its line and marker."""
        out = [f'<g class="cjm-emo-legend"{inherited_size(G.LEGEND_FONT)}>']
        x = left
        for i, (pid, name, _scores) in enumerate(box.series):
            dash, shape = series_style(i)
            out.append(f'<g data-persona="{esc(pid)}">')
            out.append(
                f'<line x1="{px(x)}" x2="{px(x + G.LEGEND_SWATCH_W)}" y1="{px(mid)}" y2="{px(mid)}" '
                f'stroke-width="2.5"{_dash_attr(dash)} {self.cls("cjm-emo-line")}/>'
            )
            out.append(marker_shape(shape, x + G.LEGEND_SWATCH_W / 2, mid, 5, self.cls("cjm-emo cjm-emo--neutral")))
            label = clean(name)
            out.append(f'<text x="{px(x + G.LEGEND_SWATCH_W + 6)}" y="{px(mid + 4)}">{esc(label)}</text></g>')
            x += G.LEGEND_SWATCH_W + 6 + text_width(label, G.LEGEND_FONT) + G.LEGEND_GAP
        out.append("</g>")
        return out

    def draw_arrows(self) -> list[str]:
        laid = self.plan
        if not laid.arrows:
            return []
        first = laid.lanes[0].y + G.CELL_GAP / 2 if laid.lanes else laid.bands_bottom
        bottom = first - 0.5
        out = [f'<g class="cjm-links"{inherited_size(G.ARROW_LABEL[0])}>']
        labels: list[str] = []
        marker = self.pen.arrowhead
        label_h = G.ARROW_LABEL_H
        for arrow in sorted(laid.arrows, key=lambda a: (a.level, a.source, a.target)):
            peak = first - G.ARROW_BASE - G.LEVEL_H / 2 - arrow.level * G.LEVEL_H
            src, dst = self.steps[arrow.source], self.steps[arrow.target]
            kind = "loop" if arrow.loop else "branch"
            full = getattr(arrow, "full_label", "")
            title = f"{map_text(src.touchpoint) or src.id} \u2192 {map_text(dst.touchpoint) or dst.id}" + (
                f": {full}" if full else ""
            )
            ends = f'data-from="{esc(src.id)}" data-to="{esc(dst.id)}"'
            out.append(
                f'<g class="cjm-link cjm-link--{kind}" data-link="{kind}" {ends}><title>{esc(title)}</title>'
                f'<path d="{L.arch(arrow.x1, arrow.x2, bottom, peak)}" stroke-width="1.5" '
                f'marker-end="url(#{marker})" {self.cls("cjm-arrow")}/></g>'
            )
            if arrow.label:
                # Labels are drawn after every line, so no line runs over one.
                mid = (arrow.x1 + arrow.x2) / 2
                label = arrow.label
                direction = ""
                if is_rtl(label):
                    direction = rtl_attrs(label) if self.standalone else ' direction="rtl" unicode-bidi="embed"'
                    label = rtl_text(label) if self.standalone else label
                labels.append(
                    f'<g class="cjm-link-label" data-link-label="{kind}" {ends}><title>{esc(title)}</title>'
                    f'<rect x="{px(mid - arrow.label_w / 2)}" y="{px(peak - label_h / 2)}" width="{px(arrow.label_w)}" '
                    f'height="{label_h}" rx="{px(label_h / 2)}" stroke-width="1" {self.cls("cjm-arrow-label")}/>'
                    f'<text x="{px(mid)}" y="{px(peak + 4)}"{direction} {self.cls("cjm-mid cjm-muted")}>'
                    f"{esc(label)}</text></g>"
                )
        out += labels
        out.append("</g>")
        return out

    def body(self) -> list[str]:
        """Everything drawn at the drawing's natural size: stages, lane lines, lanes, arrows."""
        laid = self.plan
        out = self.draw_stages()
        if laid.lanes:
            out.append('<g class="cjm-lane-lines">')
            left = G.MARGIN
            right = laid.width - G.MARGIN
            for box in laid.lanes[1:]:
                out.append(
                    f'<line x1="{px(left)}" x2="{px(right)}" y1="{px(box.y)}" y2="{px(box.y)}" '
                    f"{self.cls('cjm-lane-line')}/>"
                )
            out.append("</g>")
        for box in laid.lanes:
            out += self.draw_lane(box)
        out += self.draw_arrows()
        return out


def series_style(index: int) -> tuple[str, str]:
    """The dash pattern and marker shape of the ``index``-th persona (distinct pairs for 16 personas)."""
    dashes, shapes = G.EMOTION_DASHES, G.MARKER_SHAPES
    return dashes[index % len(dashes)], shapes[(index + index // len(dashes)) % len(shapes)]


def _dash_attr(dash: str) -> str:
    return f' stroke-dasharray="{dash}"' if dash else ""


def _segments(
    centres: list[float], scores: dict[int, int], top: float, height: float
) -> list[list[tuple[float, float]]]:
    """Runs of consecutive scored steps: a step without a score breaks the line."""
    segments: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for n, x in enumerate(centres):
        if n in scores:
            current.append((x, L.emotion_y(scores[n], top, height)))
        elif current:
            segments.append(current)
            current = []
    if current:
        segments.append(current)
    return segments


def marker_shape(shape: str, cx: float, cy: float, r: float, attrs: str) -> str:
    """A marker of the given shape centred on (cx, cy)."""
    if shape == "square":
        side = r * 1.8
        return f'<rect x="{px(cx - side / 2)}" y="{px(cy - side / 2)}" width="{px(side)}" height="{px(side)}" {attrs}/>'
    if shape == "diamond":
        d = r * 1.3
        points = f"{px(cx)},{px(cy - d)} {px(cx + d)},{px(cy)} {px(cx)},{px(cy + d)} {px(cx - d)},{px(cy)}"
        return f'<polygon points="{points}" {attrs}/>'
    if shape == "triangle":
        d = r * 1.35
        points = f"{px(cx)},{px(cy - d)} {px(cx + d)},{px(cy + d * 0.75)} {px(cx - d)},{px(cy + d * 0.75)}"
        return f'<polygon points="{points}" {attrs}/>'
    return f'<circle cx="{px(cx)}" cy="{px(cy)}" r="{px(r)}" {attrs}/>'
