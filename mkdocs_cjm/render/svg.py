"""The journey swimlane diagram as inline SVG.

:func:`render_diagram` returns the HTML fragment a journey page embeds (lane
labels in an HTML column beside a horizontally scrolling SVG);
:func:`render_svg` returns the bare ``<svg>``, optionally ``standalone`` for
export files (labels and title drawn inside, light palette inlined, fonts
cairosvg can find).

On pages an element is coloured by a CSS class that ``assets/cjm-diagram.css``
styles with ``--cjm-*`` custom properties (so the page follows Material's
light/dark toggle), or, for the shapes defined once and copied by ``<use>``
(cards, bars, bullets, icons, symbols), by an inline style reading the same
properties; exports carry the light palette of :mod:`.palette` as presentation
attributes (see :mod:`.markup` for what keeps the markup lean). All map text is
untrusted: it is reduced to plain text, stripped of characters XML forbids,
and escaped (:mod:`.markup`).

The diagram is laid out by :mod:`.plan` (cells built by :mod:`.cells`, sizes
from :mod:`.geometry`) and drawn by :mod:`.drawing` (stage bands, lanes, the
emotion curve, arrows); this module writes the document around it: the SVG
element and its defs, the title and lane labels of an export, and the links
overlay and label column of a page.
"""

from __future__ import annotations

from typing import Collection, Mapping, Optional

from ..model import Journey, Step
from ..site import Project
from . import geometry as G
from .drawing import Drawing, JourneyHref, StepHref
from .geometry import FONT_STACK
from .layout import StageSlot
from .markup import esc, font_size, inherited_size, map_text, px, rtl_attrs, rtl_text
from .palette import LIGHT, STYLE
from .textmetrics import ellipsize, is_rtl, text_width, wrap

__all__ = ["render_diagram", "render_svg", "standalone_size", "LIGHT", "FONT_STACK"]


def _default_href(step: Step) -> str:
    return "#" + step.anchor


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class _Renderer(Drawing):
    """The document around the drawing: defs, the title and labels of an export, the links and labels of a page."""

    def draw_labels_svg(self) -> list[str]:
        """Lane labels inside a standalone SVG (left of the drawing)."""
        out = ['<g class="cjm-labels">']
        width = G.LABEL_W - 2 * G.LABEL_PAD
        for box in self.plan.lanes:
            lines_y = box.y + G.CELL_GAP / 2 + G.PAD_Y
            out.append(f'<g data-label="{esc(box.key)}">')
            if box.sublabel:
                sub = wrap(box.sublabel, width, G.SMALL[0])
                muted = self.cls("cjm-muted") + inherited_size(G.SMALL[0])
                out += self.pen.block(sub, G.LABEL_PAD, lines_y, G.SMALL, width, muted)
                lines_y += len(sub) * G.SMALL[1]
            lines = wrap(box.label, width, G.LABEL[0], True)
            bold = self.cls("cjm-label")
            out += self.pen.block(lines, G.LABEL_PAD, lines_y, G.LABEL, width, bold, rtl=is_rtl(box.label))
            out.append("</g>")
        out.append("</g>")
        return out

    def defs(self) -> list[str]:
        """Icons, the arrowhead and the symbols the drawing uses (call after drawing)."""
        out = ["<defs>"]
        if self.plan.arrows:
            out.append(
                f'<marker id="{self.pen.arrowhead}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                f'markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0.5L10 5L0 9.5z" '
                f'class="cjm-arrowhead" {self.pen.paint("arrow")}/></marker>'
            )
        out += self.pen.defs()
        out.append("</defs>")
        return out

    def heading(self, title: str, width: float) -> str:
        """The journey title at the top of a standalone drawing."""
        size = G.HEADING_FONT
        x = G.MARGIN + G.HEADING_INDENT
        heading = ellipsize(title, width - 2 * G.MARGIN - 2 * G.HEADING_INDENT, size, True)
        attrs = f'y="{G.HEADING_BASELINE}" {font_size(size)} font-weight="700"'
        if is_rtl(heading):
            w = text_width(heading, size, True)
            return (
                f'<text x="{px(x + w / 2)}" {attrs} '
                f'text-anchor="middle"{rtl_attrs(heading)}>{esc(rtl_text(heading))}</text>'
            )
        return f'<text x="{x}" {attrs}>{esc(heading)}</text>'

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
            f'aria-describedby="{did}" width="{px(width)}" height="{px(height)}" '
            f'viewBox="0 0 {px(width)} {px(height)}" '
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
        links = 0
        for n in sorted(lane.cells):
            step = self.steps[n]
            href, label = self._card_link(step, lane.cells[n])  # type: ignore[arg-type]
            if not href:  # an excerpt shown where its journey's page is not known
                continue
            links += 1
            out.append(
                f'<a href="{href}" aria-label="{label}" class="cjm-step-link" data-step="{esc(step.id)}"'
                + (f' data-detail="{esc(step.journey)}"' if self.detail_href(step) else "")
                + ">"
                f'<rect x="{px(xs[n])}" y="{top}" width="{G.CARD_W}" height="{card_h}" rx="{G.CARD_R}" '
                f'class="cjm-card--tp cjm-hit" fill="transparent"/></a>'
            )
        out.append("</svg>")
        return "".join(out) if links else ""

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


def render_diagram(
    project: Project,
    journey: Journey,
    *,
    step_href: StepHref = _default_href,
    journey_href: Optional[JourneyHref] = None,
    lanes: Optional[Collection[str]] = None,
    uid: str = "",
    stage_slots: Optional[Mapping[str, StageSlot]] = None,
) -> str:
    """The HTML fragment for a journey page: lane labels beside a scrolling SVG.

    ``journey_href`` gives the link to another journey's page by id: the card of
    a step that such a journey details links there. A card whose ``step_href`` is
    ``""`` links nowhere. ``lanes``: only these lane ids (in the project's order);
    ``uid``: the prefix of the element ids, for a page that shows a journey twice; ``stage_slots``:
    per stage id, the card widths its band takes at least (two journeys drawn to line up).
    """
    renderer = _Renderer(
        project,
        journey,
        False,
        step_href,
        overlay=True,
        journey_href=journey_href,
        lanes=lanes,
        uid=uid,
        stage_slots=stage_slots,
    )
    svg = renderer.svg() + renderer.links_svg()
    title = map_text(journey.title) or map_text(journey.id)
    return (
        f'<div class="cjm-diagram" data-search-exclude="" data-journey="{esc(journey.id)}">'
        f"{renderer.labels_html()}"
        f'<div class="cjm-diagram__scroll" tabindex="0" role="region" '
        f'aria-label="{esc("Diagram: " + title)}">{svg}</div></div>'
    )


#: How ``render_marked_svg`` outlines a step: colour and dash pattern (told apart by more than colour).
MARK_STYLES: dict[str, tuple[str, str]] = {
    "added": ("#1a7f37", ""),
    "changed": ("#9a6700", "8 4"),
    "removed": ("#cf222e", "2 4"),
}


def render_marked_svg(project: Project, journey: Journey, marks: dict[str, str]) -> str:
    """The standalone drawing of a journey with steps outlined: ``marks`` maps a step id to ``added``,
    ``changed`` or ``removed`` (:data:`MARK_STYLES`); for ``mkdocs-cjm diff --svg``."""
    renderer = _Renderer(project, journey, True, _default_href)
    svg = renderer.svg()
    laid = renderer.plan
    out = ['<g class="cjm-diff-marks" fill="none" stroke-width="4">']
    for n, step in enumerate(renderer.steps):
        kind = marks.get(step.id)
        if kind not in MARK_STYLES or n >= len(laid.cols.xs):
            continue
        colour, dash = MARK_STYLES[kind]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<rect x="{px(laid.cols.xs[n] - 4)}" y="2" width="{px(G.CARD_W + 8)}" height="{px(laid.height - 4)}" '
            f'rx="{G.CARD_R}" stroke="{colour}"{dashes} data-diff="{kind}" data-step="{esc(step.id)}">'
            f"<title>{esc(kind)}: {esc(map_text(step.touchpoint))}</title></rect>"
        )
    out.append("</g>")
    end = "</g></svg>"
    if not svg.endswith(end):  # pragma: no cover - the standalone drawing ends with its body group
        return svg
    return svg[: -len(end)] + "".join(out) + end
