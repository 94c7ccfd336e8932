"""The export formats and the sizes and scales they are drawn at.

Nothing in a map can crash the export: a drawing too big for Cairo is drawn
at a smaller scale (:func:`export_scale`; :data:`MAX_PNG_SIDE`,
:data:`MAX_PNG_PIXELS`, :data:`MAX_PDF_SIDE`) or, past
:data:`MIN_EXPORT_SCALE`, skipped with a warning (:func:`too_big`).
:func:`size_warning` says the same ahead of time, for ``mkdocs-cjm check``.

This module imports nothing slow: :mod:`mkdocs_cjm.check` uses it.
"""

from __future__ import annotations

import math
import re
from typing import Iterable, Optional

#: Export formats, in the order pages list them.
FORMATS: tuple[str, ...] = ("svg", "png", "pdf", "a1", "a0")
#: The default formats (the posters are asked for by name).
DEFAULT_FORMATS: tuple[str, ...] = ("svg", "png", "pdf")
#: Posters: one landscape PDF page of ISO A1 or A0 (width, height in mm), the whole
#: drawing scaled to fill it within :data:`POSTER_MARGIN_MM`, legible at print size.
POSTERS: dict[str, tuple[float, float]] = {"a1": (841.0, 594.0), "a0": (1189.0, 841.0)}
#: Blank paper around a poster's drawing, in mm (printers do not print to the edge).
POSTER_MARGIN_MM = 15.0
#: CSS pixels per millimetre.
PX_PER_MM = 96 / 25.4
#: PNG pixels per SVG pixel.
PNG_SCALE = 2
#: Longest side of a PNG, in pixels. Cairo's image surfaces stop at 32,767 px
#: a side (measured with cairo 1.16: 32,767 converts, 32,768 fails with
#: CAIRO_STATUS_INVALID_SIZE); a wider or taller drawing is scaled down to fit.
MAX_PNG_SIDE = 32_000
#: Most pixels in a PNG (Cairo holds 4 bytes a pixel while drawing: 400 MB).
MAX_PNG_PIXELS = 100_000_000
#: Pixels a PNG is drawn at, at most, whatever its scale, unless that would take it below
#: :data:`PNG_BUDGET_FLOOR`: a wide journey at 2x is tens of megapixels, more than a screen or
#: a slide uses. An 8 x 6 journey (9,262 x 1,304 px) is drawn at 1x: 12.1 MP, 0.45 CPU-s and
#: 1.5 MB with the painter, against 16 MP, 0.59 CPU-s and 1.9 MB at the 1.15x of a 16 MP budget.
PNG_PIXEL_BUDGET = 12_000_000
#: The budget never draws a PNG below this scale (the hard limits above may): at 1x the text is
#: drawn on the pixel grid it was laid out for, and stays crisp; below it, it blurs.
PNG_BUDGET_FLOOR = 1.0
#: Longest side of a PDF page, in points: the PDF reference's limit for
#: viewers (14,400 pt, 200 in; Cairo itself writes larger pages).
MAX_PDF_SIDE = 14_400
#: Smallest scale (output pixels or 4/3 points per SVG pixel) an export is
#: drawn at; a drawing that needs less is not exported in that format.
MIN_EXPORT_SCALE = 1 / 8
#: Points per CSS pixel (what cairosvg uses for PDF page sizes).
PT_PER_PX = 0.75

_ROOT_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height (CSS px) of a standalone SVG document, from its root element."""
    match = _ROOT_SIZE.search(svg, 0, 4096)
    if not match:
        raise ValueError("the SVG has no width and height")
    return float(match.group(1)), float(match.group(2))


def file_suffix(fmt: str) -> str:
    """The file name ending of a format's export: ``a1.pdf`` for the A1 poster, else the format."""
    return f"{fmt}.pdf" if fmt in POSTERS else fmt


def poster_scale(width: float, height: float, fmt: str) -> float:
    """Paper pixels per drawing pixel on a poster: the drawing as large as the page within its margins."""
    page_w, page_h = (side - 2 * POSTER_MARGIN_MM for side in POSTERS[fmt])
    return min(page_w * PX_PER_MM / max(width, 1.0), page_h * PX_PER_MM / max(height, 1.0))


def poster_frame(width: float, height: float, fmt: str) -> tuple[float, float, tuple[float, float, float, float]]:
    """The page of a ``width`` x ``height`` drawing on a poster: its width and height (CSS px) and the
    viewBox that puts the drawing in the middle at :func:`poster_scale`, each rounded to 1/1000 as
    :func:`poster_svg` writes them."""
    scale = poster_scale(width, height, fmt)
    page_w, page_h = (side * PX_PER_MM for side in POSTERS[fmt])
    view_w, view_h = page_w / scale, page_h / scale
    view = (-(view_w - width) / 2, -(view_h - height) / 2, view_w, view_h)
    return _milli(page_w), _milli(page_h), (_milli(view[0]), _milli(view[1]), _milli(view[2]), _milli(view[3]))


def _milli(value: float) -> float:
    return float(f"{value:.3f}")


def poster_svg(svg: str, fmt: str) -> str:
    """The standalone SVG on a poster's page: the root's size set to the page, its viewBox widened so
    that the drawing sits in the middle at :func:`poster_scale` (the drawing itself unchanged)."""
    page_w, page_h, (vx, vy, vw, vh) = poster_frame(*svg_size(svg), fmt)
    root = re.search(r"<svg\b[^>]*>", svg)
    if root is None:
        raise ValueError("the SVG has no root element")
    tag = root.group(0)
    tag = re.sub(r'\swidth="[\d.]+"', f' width="{page_w:.3f}"', tag, count=1)
    tag = re.sub(r'\sheight="[\d.]+"', f' height="{page_h:.3f}"', tag, count=1)
    view = f'viewBox="{vx:.3f} {vy:.3f} {vw:.3f} {vh:.3f}"'
    tag = re.sub(r'viewBox="[^"]*"', view, tag, count=1)
    return svg[: root.start()] + tag + svg[root.end() :]


def nominal_scale(fmt: str) -> float:
    """The scale a format is drawn at when the drawing fits: PNG at 2x, the rest at 1x."""
    return float(PNG_SCALE) if fmt == "png" else 1.0


def fitting_scale(width: float, height: float, fmt: str) -> float:
    """The largest scale up to the nominal one at which a ``width`` x ``height`` drawing
    stays within the limits of ``fmt`` (rounded down to 1/1000)."""
    scale = nominal_scale(fmt)
    width, height = max(width, 1.0), max(height, 1.0)
    if fmt == "png":
        budget = max(PNG_BUDGET_FLOOR, math.sqrt(PNG_PIXEL_BUDGET / (width * height)))
        scale = min(scale, budget, MAX_PNG_SIDE / width, MAX_PNG_SIDE / height)
        scale = min(scale, math.sqrt(MAX_PNG_PIXELS / (width * height)))
    elif fmt == "pdf":
        scale = min(scale, MAX_PDF_SIDE / (width * PT_PER_PX), MAX_PDF_SIDE / (height * PT_PER_PX))
    return scale if scale == nominal_scale(fmt) else math.floor(scale * 1000) / 1000


def export_scale(svg: str, fmt: str) -> Optional[float]:
    """The scale ``svg`` is exported at in ``fmt``; ``None`` when it is too big to export.
    A poster is drawn at its page's size (1.0), unless the drawing would be smaller there
    than :data:`MIN_EXPORT_SCALE` of its own size (too small to read: ``None``)."""
    if fmt == "svg":
        return 1.0
    if fmt in POSTERS:
        return 1.0 if poster_scale(*svg_size(svg), fmt) >= MIN_EXPORT_SCALE else None
    scale = fitting_scale(*svg_size(svg), fmt)
    return scale if scale >= MIN_EXPORT_SCALE else None


def size_warning(width: float, height: float, formats: Iterable[str] = ("png", "pdf")) -> Optional[str]:
    """What happens to the exports of a ``width`` x ``height`` drawing when it is
    too big for some format (scaled down, or not exported); ``None`` when all fit."""
    notes = []
    for fmt in formats:
        if fmt == "svg":
            continue
        if fmt in POSTERS:
            if poster_scale(width, height, fmt) < MIN_EXPORT_SCALE:
                notes.append(f"no {fmt.upper()} poster is made")
            continue
        scale = fitting_scale(width, height, fmt)
        if scale < MIN_EXPORT_SCALE:
            notes.append(f"no {fmt.upper()} is made")
        elif scale != nominal_scale(fmt):
            notes.append(f"its {fmt.upper()} is drawn at {scale:g}x instead of {nominal_scale(fmt):g}x")
    if not notes:
        return None
    return f"the diagram is {width:,.0f} x {height:,.0f} px, too big for the export limits: " + "; ".join(notes)


def too_big(width: float, height: float, fmt: str) -> str:
    """Why a drawing is not exported in ``fmt`` (for the warning)."""
    if fmt == "png":
        limit = f"a PNG is at most {MAX_PNG_SIDE:,} px a side and {MAX_PNG_PIXELS:,} px in all"
    elif fmt in POSTERS:
        limit = f"on an {fmt.upper()} poster it would be drawn below 1/{round(1 / MIN_EXPORT_SCALE)} of its size"
        return f"the diagram is {width:,.0f} x {height:,.0f} px, too big for a poster ({limit})"
    else:
        limit = f"a PDF page is at most {MAX_PDF_SIDE:,} pt a side"
    return (
        f"the diagram is {width:,.0f} x {height:,.0f} px, too big to export as {fmt.upper()} even at "
        f"1/{round(1 / MIN_EXPORT_SCALE)} scale ({limit})"
    )
