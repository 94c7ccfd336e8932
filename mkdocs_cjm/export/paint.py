"""Our own export SVG painted straight onto cairo (PNG and PDF), as cairosvg paints it, but faster.

cairosvg is generic: it measures and draws text letter by letter (tens of thousands of
``show_text`` calls for one journey, each letter twice) and copies its state at every
element. The standalone SVG of :func:`mkdocs_cjm.export.jobs.standalone_svg` uses a
small vocabulary (``svg g a rect circle line path text title desc defs marker``,
presentation attributes, ``translate``/``scale`` transforms), so this module walks the
tree once with :mod:`xml.etree.ElementTree` and makes the same cairo calls cairosvg
makes, a whole line of text per ``show_text`` (a PDF's text is selectable words).

Anything outside that vocabulary (an element, an attribute, a value, a transform or a
path command it does not know) raises :class:`Unsupported`, and
:func:`mkdocs_cjm.export.conversion.convert` gives the document to cairosvg instead:
no export is lost or drawn wrong. Right-to-left lines come stored in visual order
(:func:`mkdocs_cjm.render.markup.rtl_text`): like cairosvg, the painter ignores
``direction`` and ``unicode-bidi``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, Callable, Optional, Sequence

from . import svgvocab as V
from .direct import Direct, Fan
from .svgpath import Unsupported, draw_path, parse_path

__all__ = ["PAINTER_VERSION", "Target", "Unsupported", "font_face", "paint", "paint_all", "prime_fonts"]

#: Bump when the painter draws anything differently or its files' bytes change (part of the cache key
#: of exports). 2: PNGs deflated at zlib level 3, memory level 7 (the same pixels).
PAINTER_VERSION = "2"


class Target:
    """One surface the drawing is painted on: ``width`` x ``height`` CSS px (at the export's scale), ``units``
    device units a px, the drawing's ``viewbox`` fitted in (a poster widens it). ``swap_rb``: every colour
    with red and blue swapped (see :mod:`~mkdocs_cjm.export.surfaces`); ``skip``: an element not drawn
    (the background, already painted)."""

    def __init__(
        self,
        ctx: Any,
        width: float,
        height: float,
        units: float,
        viewbox: tuple[float, ...],
        *,
        swap_rb: bool = False,
        skip: Optional[ET.Element] = None,
    ) -> None:
        self.ctx, self.width, self.height, self.units, self.viewbox = ctx, width, height, units, viewbox
        self.swap_rb, self.skip = swap_rb, skip


def paint(
    drawing: V.Drawing,
    ctx: Any,
    width: float,
    height: float,
    units: float,
    *,
    swap_rb: bool = False,
    skip: Optional[ET.Element] = None,
) -> None:
    """Paint ``drawing`` on ``ctx`` (one :class:`Target`; raises cairo's error, if any)."""
    error = paint_all(drawing, [Target(ctx, width, height, units, drawing.viewbox, swap_rb=swap_rb, skip=skip)])[0]
    if error is not None:
        raise error


def paint_all(drawing: V.Drawing, targets: Sequence[Target]) -> list[Optional[Exception]]:
    """Paint ``drawing`` on every target in one walk of its tree, each with cairosvg's viewport
    (``xMidYMid meet``, clipped to the page): each context gets the calls it would get painted alone.
    Returns, per target, the error cairo recorded on its context (``None``: painted); raises
    :class:`Unsupported` for a document the painter does not know."""
    directs = []
    for target in targets:
        ctx = target.ctx
        vx, vy, vw, vh = target.viewbox
        width, height = target.width, target.height
        ctx.scale(target.units, target.units)
        scale = min(width / vw, height / vh)
        ctx.translate(-vx * scale, -vy * scale)
        ctx.rectangle(vx * scale, vy * scale, width, height)
        ctx.clip()
        ctx.scale(scale, scale)
        ctx.translate((width / scale - vw) / 2, (height / scale - vh) / 2)
        ctx.set_miter_limit(4)  # cairosvg's default (cairo's is 10)
        directs.append(Direct(ctx, target.swap_rb))
    painter = _Painter(directs, drawing)
    skips = {id(t.skip): t.skip for t in targets if t.skip is not None}
    if len(skips) > 1:
        raise ValueError("the targets skip different elements")
    if skips:
        painter.skip = next(iter(skips.values()))
        drawn = [d for d, t in zip(directs, targets) if t.skip is None]
        painter.skip_ctx = Fan(drawn) if drawn else None
    painter.group(drawing.root, {}, "svg")
    errors: list[Optional[Exception]] = []
    for target in targets:
        try:
            target.ctx._check_status()  # cairo keeps the first error: checked once, not after every call
        except Exception as exc:  # cairocffi.CairoError, MemoryError
            errors.append(exc)
        else:
            errors.append(None)
    return errors


#: The toy font faces used in this process, each resolved on an image surface (:func:`font_face`).
_FACES: dict[tuple[str, int, int], Any] = {}


def font_face(family: str, slant: int, bold: int) -> Any:
    """cairo's toy font face, kept for the life of the process and first used on an image surface.

    cairo resolves a toy face to a font (fontconfig) once, with the options of the first surface that
    uses it, and keeps that for every later use in the process: a PDF surface's (no hinting, grey
    anti-aliasing) made the PNGs drawn after a PDF come out different. Resolved here on a 1 x 1 image
    surface, the PNGs are the same whatever was converted before them (cairosvg's too: it asks for
    the same faces), and a journey's PNG and PDF can be painted together."""
    key = (family, slant, bold)
    face = _FACES.get(key)
    if face is None:
        import cairocffi

        face = cairocffi.ToyFontFace(*key)
        ctx = cairocffi.Context(cairocffi.ImageSurface(cairocffi.FORMAT_ARGB32, 1, 1))
        ctx.set_font_face(face)
        ctx.set_font_size(16)
        ctx.text_extents("x")
        _FACES[key] = face
    return face


def prime_fonts(families: Sequence[str]) -> None:
    """Resolve every face (slant, weight) of ``families`` now (:func:`font_face`; a worker or the
    fork server, before any conversion: fontconfig is loaded once, and the faces are ready)."""
    for family in families:
        for slant in V.SLANTS.values():
            for bold in (0, 1):
                font_face(family, slant, bold)


class _Painter:
    def __init__(self, directs: Sequence[Direct], drawing: V.Drawing) -> None:
        self.ctx = Fan(directs)
        #: Each context alone, for what differs by surface (end markers).
        self.alone = {id(d): Fan([d]) for d in directs} if len(directs) > 1 else {id(directs[0]): self.ctx}
        self.drawing = drawing
        self.colour: Callable[[str], Optional[tuple[float, float, float]]] = V.colour
        self.skip: Optional[ET.Element] = None
        #: The contexts that draw :attr:`skip` (those that do not skip it).
        self.skip_ctx: Optional[Fan] = None
        #: Font faces by their attributes as spelled (family list, style, weight).
        self.faces: dict[tuple[str, str, str], Any] = {}
        self.draw: dict[str, Callable[[ET.Element, dict[str, str]], None]] = {
            "rect": self.rect,
            "circle": self.circle,
            "line": self.line,
            "path": self.path,
            "text": self.text,
        }

    # -- the tree ------------------------------------------------------------------
    def group(self, el: ET.Element, st: dict[str, str], tag: str) -> None:
        """``<svg>``, ``<g>``, ``<a>``: their attributes passed on, their children drawn."""
        if tag != "svg":
            V.check(el, tag)
        own = {k: v for k, v in el.attrib.items() if k in V.INHERITED}
        if own:
            st = {**st, **own}
        transform = el.get("transform")
        if transform:
            self.ctx.save()
            self._transform(transform)
        for child in el:
            self.element(child, st)
        if transform:
            self.ctx.restore()

    def element(self, el: ET.Element, st: dict[str, str]) -> None:
        tag = el.tag[len(V.NS) :] if el.tag.startswith(V.NS) else el.tag
        draw = self.draw.get(tag)
        if el is self.skip:
            if self.skip_ctx is not None:
                ctx, self.ctx, self.skip = self.ctx, self.skip_ctx, None
                try:
                    self.element(el, st)
                finally:
                    self.ctx, self.skip = ctx, el
            return
        if draw is not None:
            V.check(el, tag)
            if len(el):
                raise Unsupported(f"elements inside <{tag}>")
            transform = el.get("transform")
            if transform:
                self.ctx.save()
                self._transform(transform)
            draw(el, st)
            if transform:
                self.ctx.restore()
        elif tag in ("g", "a"):
            self.group(el, st, tag)
        elif tag in V.SKIPPED:
            V.check(el, tag)
            if tag == "defs":
                self._defs(el, st)
            elif len(el):
                raise Unsupported(f"elements inside <{tag}>")
        else:
            raise Unsupported(f"element <{tag}>")

    def _defs(self, el: ET.Element, st: dict[str, str]) -> None:
        for child in el:
            if child.tag != V.NS + "marker" or not child.get("id"):
                raise Unsupported(f"{child.tag} in <defs>")
            V.check(child, "marker")
            if child.get("orient", "auto") != "auto" or child.get("markerUnits") != "userSpaceOnUse":
                raise Unsupported("a marker other than orient=auto in user space")
            inherited = {**st, **{k: v for k, v in child.attrib.items() if k in V.INHERITED}}
            self.drawing.markers[child.get("id", "")] = (child, inherited)

    def _transform(self, value: str) -> None:
        for kind, a, b in V.transform_steps(value):
            (self.ctx.translate if kind == "translate" else self.ctx.scale)(a, b)

    # -- paint ---------------------------------------------------------------------
    def _fill_stroke(self, el: ET.Element, st: dict[str, str]) -> None:
        """Fill then stroke the current path (cairosvg's order), then clear it."""
        ctx, get = self.ctx, el.attrib.get
        fill = self.colour(get("fill") or st.get("fill") or "black")
        stroke_value = get("stroke") or st.get("stroke")
        stroke = self.colour(stroke_value) if stroke_value else None
        if fill is not None:
            ctx.set_source_rgba(*fill, V.num(get("fill-opacity") or st.get("fill-opacity"), 1.0))
            rule = get("fill-rule") or st.get("fill-rule") or "nonzero"
            if rule not in V.FILL_RULES:
                raise Unsupported(f"fill-rule {rule!r}")
            ctx.set_fill_rule(V.FILL_RULES[rule])
            if stroke is None:
                ctx.fill()
                return
            ctx.fill_preserve()
        if stroke is None:
            ctx.new_path()
            return
        ctx.set_source_rgba(*stroke, V.num(get("stroke-opacity") or st.get("stroke-opacity"), 1.0))
        ctx.set_line_width(V.num(get("stroke-width") or st.get("stroke-width"), 1.0))
        cap = get("stroke-linecap") or st.get("stroke-linecap") or "butt"
        join = get("stroke-linejoin") or st.get("stroke-linejoin") or "miter"
        if cap not in V.CAPS or join not in V.JOINS:
            raise Unsupported(f"stroke-linecap {cap!r} or stroke-linejoin {join!r}")
        ctx.set_line_cap(V.CAPS[cap])
        ctx.set_line_join(V.JOINS[join])
        dashes = get("stroke-dasharray") or st.get("stroke-dasharray")
        ctx.set_dash(V.dashes(dashes) if dashes else ())
        ctx.stroke()

    def rect(self, el: ET.Element, st: dict[str, str]) -> None:
        get = el.attrib.get
        x, y, w, h = V.num(get("x")), V.num(get("y")), V.num(get("width")), V.num(get("height"))
        if w == 0 or h == 0:  # cairosvg draws nothing
            return
        if w < 0 or h < 0:
            raise Unsupported("a rect of negative size")
        rx, ry = get("rx"), get("ry")
        rx, ry = V.num(rx if rx is not None else ry), V.num(ry if ry is not None else rx)
        ctx = self.ctx
        if rx == 0 or ry == 0:
            ctx.rectangle(x, y, w, h)
        else:  # cairosvg's rounded rectangle (the Cairo cookbook's)
            rx, ry = min(rx, w / 2), min(ry, h / 2)
            c1, c2 = 4 * (2**0.5 - 1) / 3 * rx, 4 * (2**0.5 - 1) / 3 * ry
            ctx.move_to(x + rx, y)
            ctx.rel_line_to(w - 2 * rx, 0)
            ctx.rel_curve_to(c1, 0, rx, c2, rx, ry)
            ctx.rel_line_to(0, h - 2 * ry)
            ctx.rel_curve_to(0, c2, c1 - rx, ry, -rx, ry)
            ctx.rel_line_to(-w + 2 * rx, 0)
            ctx.rel_curve_to(-c1, 0, -rx, -c2, -rx, -ry)
            ctx.rel_line_to(0, -h + 2 * ry)
            ctx.rel_curve_to(0, -c2, rx - c1, -ry, rx, -ry)
            ctx.close_path()
        self._fill_stroke(el, st)

    def circle(self, el: ET.Element, st: dict[str, str]) -> None:
        get = el.attrib.get
        r = V.num(get("r"))
        if r <= 0:
            if r < 0:
                raise Unsupported("a circle of negative radius")
            return
        self.ctx.new_sub_path()
        self.ctx.arc(V.num(get("cx")), V.num(get("cy")), r, 0, 2 * 3.141592653589793)
        self.ctx.close_path()
        self._fill_stroke(el, st)

    def line(self, el: ET.Element, st: dict[str, str]) -> None:
        get = el.attrib.get
        if get("marker-end") or st.get("marker-end"):
            raise Unsupported("a marker on a <line>")
        self.ctx.move_to(V.num(get("x1")), V.num(get("y1")))
        self.ctx.line_to(V.num(get("x2")), V.num(get("y2")))
        self._fill_stroke(el, st)

    def path(self, el: ET.Element, st: dict[str, str]) -> None:
        segments = parse_path(el.get("d", ""))
        marker = el.get("marker-end") or st.get("marker-end")
        angle = draw_path(self.ctx, segments)
        if marker and marker != "none":
            if angle is None or sum(1 for s in segments if s[0] in "mMzZ") != 1:
                raise Unsupported("an end marker after a move, a close or an arc")
            ends = [one.get_current_point() for one in self.ctx.targets]
        self._fill_stroke(el, st)
        if marker and marker != "none":
            ctx = self.ctx
            try:
                for one, (x, y) in zip(ctx.targets, ends):  # the end point as each context has it
                    self.ctx = self.alone[id(one)]
                    self._marker(marker, x, y, angle)
            finally:
                self.ctx = ctx

    def _marker(self, ref: str, x: float, y: float, angle: float) -> None:
        """cairosvg's marker: at the end point, turned to the path, viewBox fitted (xMidYMid meet)."""
        match = re.fullmatch(r"url\(#([^)]+)\)", ref.strip())
        if match is None or match.group(1) not in self.drawing.markers:
            raise Unsupported(f"marker {ref!r}")
        node, st = self.drawing.markers[match.group(1)]
        get = node.attrib.get
        view = [V.num(v) for v in (get("viewBox") or "").replace(",", " ").split()]
        if len(view) != 4 or view[2] <= 0 or view[3] <= 0:
            raise Unsupported("a marker without a viewBox")
        width, height = V.num(get("markerWidth"), 3.0), V.num(get("markerHeight"), 3.0)
        scale = min(width / view[2], height / view[3])
        clip = (view[0] + (view[2] - width / scale) / 2, view[1] + (view[3] - height / scale) / 2)
        ctx = self.ctx
        for child in node:
            ctx.save()
            ctx.translate(x, y)
            ctx.rotate(angle)
            ctx.scale(scale, scale)
            ctx.translate(-V.num(get("refX")), -V.num(get("refY")))
            ctx.rectangle(clip[0], clip[1], width / scale, height / scale)
            ctx.clip()
            self.element(child, st)
            ctx.restore()

    def text(self, el: ET.Element, st: dict[str, str]) -> None:
        get = el.attrib.get
        text = el.text or ""
        if "  " in text or "\n" in text or "\r" in text or "\t" in text:  # cairosvg's white space rules
            text = re.sub(" +", " ", text.replace("\n", "").replace("\r", "").replace("\t", " "))
        if text != text.strip(" "):
            raise Unsupported("text with leading or trailing spaces")  # cairosvg's rules differ in <a>
        if get("stroke") or st.get("stroke") not in (None, "none"):
            raise Unsupported("stroked text")
        fill = self.colour(get("fill") or st.get("fill") or "black")
        if not text or fill is None:
            return
        ctx = self.ctx
        ctx.set_font_face(self._face(st, get))
        ctx.set_font_size(V.num(get("font-size") or st.get("font-size"), 16.0))  # 12pt
        x, y = V.num(get("x")), V.num(get("y"))
        anchor = get("text-anchor") or st.get("text-anchor") or "start"
        if anchor not in V.ANCHORS:
            raise Unsupported(f"text-anchor {anchor!r}")
        opacity = V.num(get("fill-opacity") or st.get("fill-opacity"), 1.0)
        if anchor == "start":
            ctx.set_source_rgba(*fill, opacity)
            ctx.move_to(x, y)
            ctx.show_text(text)
        else:
            for one in ctx.targets:  # measured on each surface: a PNG's metrics are hinted, a PDF's not
                x_bearing, _, width, _, _, _ = one.text_extents(text)
                one.set_source_rgba(*fill, opacity)
                one.move_to(x - (width / 2 + x_bearing if anchor == "middle" else width + x_bearing), y)
                one.show_text(text)
        ctx.new_path()

    def _face(self, st: dict[str, str], get: Callable[[str], Optional[str]]) -> Any:
        """cairosvg's font: the first family of the list, bold from 550, the toy font API."""
        spelled = (
            get("font-family") or st.get("font-family") or "sans-serif",
            get("font-style") or st.get("font-style") or "normal",
            get("font-weight") or st.get("font-weight") or "normal",
        )
        face = self.faces.get(spelled)  # a drawing spells a few fonts thousands of times
        if face is None:
            face = self.faces[spelled] = _face_of(*spelled)
        return face


def _face_of(families: str, style: str, weight: str) -> Any:
    family = families.split(",")[0].strip("\"' ")
    if style not in V.SLANTS or not (weight.isdigit() or weight in ("normal", "bold")):
        raise Unsupported(f"font-style {style!r} or font-weight {weight!r}")
    bold = int(weight == "bold" or (weight.isdigit() and int(weight) >= 550))
    return font_face(family, V.SLANTS[style], bold)
