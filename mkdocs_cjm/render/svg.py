"""The journey swimlane diagram as inline SVG.

:func:`render_diagram` returns the HTML fragment a journey page embeds (lane
labels in an HTML column beside a horizontally scrolling SVG);
:func:`render_svg` returns the bare ``<svg>``, optionally ``standalone`` for
export files (labels and title drawn inside, light palette inlined, fonts
cairosvg can find).

Every element carries its colours twice: as a CSS class that
``assets/cjm-diagram.css`` styles with ``--cjm-*`` custom properties (so the
page follows Material's light/dark toggle), and as presentation attributes
holding the light palette of :mod:`.palette` (which CSS overrides; exports
and pages without the stylesheet still look right). All map text is
untrusted: it is reduced to plain text, stripped of characters XML forbids,
and escaped (:mod:`.markup`).

The diagram is laid out by :mod:`.plan` (cells built by :mod:`.cells`, sizes
from :mod:`.geometry`); this module draws the page-level parts: stage bands,
lanes, the emotion curve, arrows, the document, and the links and labels
beside it on pages.
"""

from __future__ import annotations

import re
from typing import Callable

from ..model import Journey, Step
from ..site import Project
from . import geometry as G
from . import layout as L
from .cells import Cell
from .geometry import FONT_STACK
from .markup import Pen, esc, font_size, inherited_size, map_text, px, rtl_attrs, rtl_text
from .palette import LIGHT, STYLE
from .plan import Plan, plan
from .textmetrics import clean, ellipsize, is_rtl, text_width, wrap

__all__ = ["render_diagram", "render_svg", "LIGHT", "FONT_STACK"]

StepHref = Callable[[Step], str]

_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _default_href(step: Step) -> str:
    return "#" + step.anchor


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


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
        self.pen = Pen(self.uid, standalone)
        self.cls = self.pen.cls
        self._plan: Plan | None = None

    @property
    def plan(self) -> Plan:
        if self._plan is None:
            self._plan = plan(self.pen, self.project, self.journey)
        return self._plan

    # -- drawing -----------------------------------------------------------------
    def draw_stages(self) -> list[str]:
        laid = self.plan
        out = ['<g class="cjm-stages">']
        top = G.MARGIN
        height = laid.bands_bottom - top
        name_size, name_line = G.STAGE_NAME
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
                out.append(f'<g font-weight="700" {font_size(name_size)}>')
                out += self.pen.lines(name_lines, x, y, G.STAGE_NAME, width, rtl=name_rtl)
                out.append("</g>")
                y += len(name_lines) * name_line + G.STAGE_NAME_GAP
            if goal_lines:
                out.append(f'<g {self.cls("cjm-muted")}{inherited_size(G.STAGE_GOAL[0])}>')
                out += self.pen.lines(goal_lines, x, y, G.STAGE_GOAL, width, rtl=goal_rtl)
                out.append("</g>")
            out.append("</g>")
        out.append("</g>")
        return out

    def _card_link(self, step: Step, cell: Cell) -> tuple[str, str]:
        """The ``href`` and ``aria-label`` of a touchpoint card's link, escaped."""
        return esc(clean(self.step_href(step))), esc(cell.title or step.id)

    def draw_lane(self, box: L.LaneBox) -> list[str]:
        xs = self.plan.cols.xs
        extra = f' data-promise="{esc(box.promise)}"' if box.promise else ""
        out = [f'<g data-lane="{esc(box.key)}"{extra}>']
        if box.key == "emotion":
            out += self.draw_emotion(box)
            out.append("</g>")
            return out
        top = box.y + G.CELL_GAP / 2
        card_h = box.height - G.CELL_GAP
        ty = px(top)
        shape = f'<rect width="{G.CARD_W}" height="{px(card_h)}" rx="{G.CARD_R}" '
        card = shape + f'{self.cls("cjm-card")}/>'
        tp_card = (
            shape + f'{self.cls("cjm-card cjm-card--tp")}/>'
            f'<rect width="{G.CARD_W}" height="{G.ACCENT_H}" rx="{G.ACCENT_H / 2}" {self.cls("cjm-accent")}/>'
        )
        bar = f'<rect x="0.5" y="6" width="{G.ACCENT_H}" height="{px(card_h - 12)}" rx="{G.ACCENT_H / 2}" '
        pain_bar = bar + self.cls("cjm-accent cjm-accent--pain") + "/>"
        opp_bar = bar + self.cls("cjm-accent cjm-accent--opp") + "/>"
        for n in sorted(box.cells):
            cell: Cell = box.cells[n]  # type: ignore[assignment]
            step = self.steps[n]
            out.append(f'<g class="cjm-cell" data-step="{esc(step.id)}" transform="translate({px(xs[n])} {ty})">')
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
                out.append(card)
                if kind == "pain":
                    out.append(pain_bar)
                elif kind == "opp":
                    out.append(opp_bar)
                if kind == "promise" and card_h > cell.height + 1:
                    out.append(f'<g transform="translate(0 {px((card_h - cell.height) / 2)})">')
                    out += cell.parts
                    out.append("</g>")
                else:
                    out += cell.parts
            out.append("</g>")
        out.append("</g>")
        return out

    def draw_emotion(self, box: L.LaneBox) -> list[str]:
        xs = self.plan.cols.xs
        scores: dict[int, int] = box.cells  # type: ignore[assignment]
        top = box.y
        height = box.height
        left = xs[0]
        right = xs[-1] + G.CARD_W
        y3 = L.emotion_y(3, top, height)
        y1 = L.emotion_y(1, top, height)
        out = [
            f'<rect x="{px(left)}" y="{px(y3)}" width="{px(right - left)}" height="{px(y1 - y3 + G.MARKER_R + 2)}" '
            f'rx="4" {self.cls("cjm-negzone")}/>',
            f'<line x1="{px(left)}" x2="{px(right)}" y1="{px(y3)}" y2="{px(y3)}" stroke-width="1" '
            f'stroke-dasharray="4 4" {self.cls("cjm-neutral")}/>',
        ]
        # Segments of consecutive scored steps; a step without a score breaks the line.
        segments: list[list[tuple[float, float]]] = []
        current: list[tuple[float, float]] = []
        for n in range(len(self.steps)):
            if n in scores:
                current.append((xs[n] + G.CARD_W / 2, L.emotion_y(scores[n], top, height)))
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
            cx = xs[n] + G.CARD_W / 2
            cy = L.emotion_y(score, top, height)
            mood = "bad" if score < 3 else "neutral" if score == 3 else "ok"
            title = f"{map_text(step.touchpoint) or step.id}: feeling {score} of 5"
            out.append(
                f'<g class="cjm-marker" data-step="{esc(step.id)}" data-emotion="{score}"><title>{esc(title)}</title>'
                f'<circle cx="{px(cx)}" cy="{px(cy)}" r="{G.MARKER_R}" {self.cls("cjm-emo cjm-emo--" + mood)}/>'
                f'<text x="{px(cx)}" y="{px(cy + 4)}" text-anchor="middle" {font_size(G.MARKER_FONT)} '
                f'font-weight="700" {self.cls("cjm-on-marker")}>{score}</text></g>'
            )
        return out

    def draw_arrows(self) -> list[str]:
        laid = self.plan
        if not laid.arrows:
            return []
        first = laid.lanes[0].y + G.CELL_GAP / 2 if laid.lanes else laid.bands_bottom
        bottom = first - 0.5
        out = [f'<g class="cjm-links" {font_size(G.ARROW_LABEL[0])}>']
        labels: list[str] = []
        marker = f"{self.uid}-arrowhead"
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
                    f'<text x="{px(mid)}" y="{px(peak + 4)}" text-anchor="middle"{direction} {self.cls("cjm-muted")}>'
                    f"{esc(label)}</text></g>"
                )
        out += labels
        out.append("</g>")
        return out

    def draw_labels_svg(self) -> list[str]:
        """Lane labels inside a standalone SVG (left of the drawing)."""
        out = ['<g class="cjm-labels">']
        width = G.LABEL_W - 2 * G.LABEL_PAD
        for box in self.plan.lanes:
            lines_y = box.y + G.CELL_GAP / 2 + G.PAD_Y
            out.append(f'<g data-label="{esc(box.key)}">')
            if box.sublabel:
                sub = wrap(box.sublabel, width, G.SMALL[0])
                out.append(f'<g {self.cls("cjm-muted")} {font_size(G.SMALL[0])}>')
                out += self.pen.lines(sub, G.LABEL_PAD, lines_y, G.SMALL, width)
                out.append("</g>")
                lines_y += len(sub) * G.SMALL[1]
            lines = wrap(box.label, width, G.LABEL[0], True)
            out.append(f'<g font-weight="700" {font_size(G.LABEL[0])}>')
            out += self.pen.lines(lines, G.LABEL_PAD, lines_y, G.LABEL, width, rtl=is_rtl(box.label))
            out.append("</g></g>")
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
                    f'{self.cls("cjm-lane-line")}/>'
                )
            out.append("</g>")
        for box in laid.lanes:
            out += self.draw_lane(box)
        out += self.draw_arrows()
        return out

    def defs(self) -> list[str]:
        """Icons, the arrowhead and the symbols the drawing uses (call after drawing)."""
        out = ["<defs>"]
        icons = self.pen.icons
        for ref in sorted(icons):
            out.append(f'<path id="{ref}" d="{icons[ref]}"/>')
        if self.plan.arrows:
            out.append(
                f'<marker id="{self.uid}-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                f'markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0.5L10 5L0 9.5z" '
                f'class="cjm-arrowhead" {self.pen.paint("arrow")}/></marker>'
            )
        out += self.pen.symbol_defs()
        out.append("</defs>")
        return out

    def heading(self, title: str, width: float) -> str:
        """The journey title at the top of a standalone drawing."""
        size = G.HEADING_FONT
        heading = ellipsize(title, width - 2 * G.MARGIN - 8, size, True)
        attrs = f'y="{G.HEADING_BASELINE}" {font_size(size)} font-weight="700"'
        if is_rtl(heading):
            w = text_width(heading, size, True)
            return (
                f'<text x="{px(G.MARGIN + 4 + w / 2)}" {attrs} '
                f'text-anchor="middle"{rtl_attrs(heading)}>{esc(rtl_text(heading))}</text>'
            )
        return f'<text x="{G.MARGIN + 4}" {attrs}>{esc(heading)}</text>'

    def svg(self) -> str:
        laid = self.plan
        journey = self.journey
        title = map_text(journey.title) or map_text(journey.id)
        desc = (
            f"Swimlane diagram of {_plural(len(journey.stages), 'stage')} and {_plural(len(self.steps), 'step')}; "
            "the same content follows as text below the diagram."
        )
        body = self.body()
        width, height = laid.width, laid.height
        if self.standalone:
            width += G.LABEL_W
            height += G.TITLE_H
        tid, did = f"{self.uid}-title", f"{self.uid}-desc"
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="cjm-svg" role="img" aria-labelledby="{tid}" '
            f'aria-describedby="{did}" width="{px(width)}" height="{px(height)}" viewBox="0 0 {px(width)} {px(height)}" '
            f'font-family="{FONT_STACK}" {font_size(G.BODY[0])} {STYLE["cjm-svg"]}'
            + ("" if self.standalone else ' style="max-width:none;height:auto"')
            + f' data-journey="{esc(journey.id)}">',
            f'<title id="{tid}">{esc(title)}</title>',
            f'<desc id="{did}">{esc(desc)}</desc>',
        ]
        out += self.defs()
        if self.standalone:
            out.append(f'<rect width="{px(width)}" height="{px(height)}" {self.cls("cjm-bg")}/>')
            out.append(self.heading(title, width))
            out.append(f'<g transform="translate(0 {px(G.TITLE_H)})">')
            out += self.draw_labels_svg()
            out.append("</g>")
            out.append(f'<g transform="translate({px(G.LABEL_W)} {px(G.TITLE_H)})">')
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
        laid = self.plan
        lane = next((box for box in laid.lanes if box.key == "touchpoint"), None)
        if lane is None:
            return ""
        xs = laid.cols.xs
        top = px(lane.y + G.CELL_GAP / 2)
        card_h = px(lane.height - G.CELL_GAP)
        width, height = px(laid.width), px(laid.height)
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="cjm-svg-links" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="group" aria-label="Steps" style="max-width:none;height:auto">'
        ]
        for n in sorted(lane.cells):
            step = self.steps[n]
            href, label = self._card_link(step, lane.cells[n])  # type: ignore[arg-type]
            out.append(
                f'<a href="{href}" aria-label="{label}" class="cjm-step-link" data-step="{esc(step.id)}">'
                f'<rect x="{px(xs[n])}" y="{top}" width="{G.CARD_W}" height="{card_h}" rx="{G.CARD_R}" '
                f'class="cjm-card--tp cjm-hit" fill="transparent"/></a>'
            )
        out.append("</svg>")
        return "".join(out)

    def labels_html(self) -> str:
        laid = self.plan
        out = [
            f'<div class="cjm-diagram__labels" aria-hidden="true" style="height:{px(laid.height)}px">',
        ]
        for box in laid.lanes:
            sub = f'<span class="cjm-diagram__sublabel">{esc(box.sublabel)}</span>' if box.sublabel else ""
            extra = f' data-promise="{esc(box.promise)}"' if box.promise else ""
            out.append(
                f'<div class="cjm-diagram__label" data-lane-label="{esc(box.key)}"{extra} '
                f'style="top:{px(box.y)}px;height:{px(box.height)}px">{sub}'
                f'<span class="cjm-diagram__name" dir="auto">{esc(box.label)}</span></div>'
            )
        out.append("</div>")
        return "".join(out)


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
    laid = _Renderer(project, journey, True, _default_href).plan
    return laid.width + G.LABEL_W, laid.height + G.TITLE_H


def render_diagram(project: Project, journey: Journey, *, step_href: StepHref = _default_href) -> str:
    """The HTML fragment for a journey page: lane labels beside a scrolling SVG."""
    renderer = _Renderer(project, journey, False, step_href, overlay=True)
    svg = renderer.svg() + renderer.links_svg()
    title = map_text(journey.title) or map_text(journey.id)
    return (
        f'<div class="cjm-diagram" data-search-exclude="" data-journey="{esc(journey.id)}">'
        f"{renderer.labels_html()}"
        f'<div class="cjm-diagram__scroll" tabindex="0" role="region" '
        f'aria-label="{esc("Diagram: " + title)}">{svg}</div></div>'
    )
