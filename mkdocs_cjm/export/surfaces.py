"""PNG and PDF bytes of a standalone SVG drawn by the painter (:mod:`mkdocs_cjm.export.paint`).

Sizes as cairosvg makes them: a PNG of ``round(width x scale)`` by ``round(height x scale)``
pixels, a PDF page of ``width x scale x 0.75`` points.

A drawing that starts with an opaque background covering its whole viewBox (every export
does: ``cjm-bg``) is painted on a surface filled with that colour, every colour with red and
blue swapped: a little-endian ARGB32 pixel is then the bytes R, G, B, 255 in memory, which
:func:`png_rgba` deflates as they are (no row filters, zlib level :data:`PNG_LEVEL`). Measured
on an 8 x 6 journey at 1.15x (16 MP, load 6): cairo's ``write_to_png`` 1.21 CPU-s for
1,074,197 bytes (it filters every row at zlib's default level); RGB through Pillow at level 1
0.41 CPU-s, 1,559,179 bytes; these bytes at level 1 **0.23 CPU-s, 1,934,843 bytes** (level 2:
0.26 s, 1,877,971). Any other drawing (or a big-endian machine) keeps cairo's own writer.
"""

from __future__ import annotations

import io
import struct
import sys
import xml.etree.ElementTree as ET
import zlib
from typing import Optional

from . import svgvocab as V
from .limits import PT_PER_PX
from .paint import paint

#: zlib level of the painter's PNGs (see the module docstring for the figures).
PNG_LEVEL = 1


def _background(drawing: V.Drawing) -> Optional[tuple[ET.Element, tuple[float, float, float]]]:
    """The first thing drawn, if it is an opaque rect covering the whole viewBox, and its colour."""
    vx, vy, vw, vh = drawing.viewbox
    for el in drawing.root:
        tag = el.tag[len(V.NS) :]
        if tag in ("title", "desc", "defs"):
            continue
        get = el.attrib.get
        if tag != "rect" or get("transform") or get("rx") or get("ry"):
            return None
        if any(value not in (None, "1") for value in (get("fill-opacity"), drawing.root.get("fill-opacity"))):
            return None
        if get("stroke") not in (None, "none") or drawing.root.get("stroke") not in (None, "none"):
            return None
        x, y = V.num(get("x")), V.num(get("y"))
        if x > vx or y > vy or x + V.num(get("width")) < vx + vw or y + V.num(get("height")) < vy + vh:
            return None
        fill = V.colour(get("fill") or drawing.root.get("fill") or "black")
        return (el, fill) if fill is not None else None
    return None


def to_png(svg: str, scale: float) -> bytes:
    """The PNG of ``svg`` at ``scale`` pixels per CSS pixel."""
    import cairocffi as cairo

    drawing = V.parse(svg)
    width, height = drawing.width * scale, drawing.height * scale
    size = int(round(width)), int(round(height))
    if 0 in size:
        raise ValueError("The SVG size is undefined")
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, *size)
    ctx = cairo.Context(surface)
    background = _background(drawing) if sys.byteorder == "little" else None
    if background is None:
        paint(drawing, ctx, width, height, 1.0)
        out = io.BytesIO()
        surface.write_to_png(out)
        return out.getvalue()
    element, (red, green, blue) = background
    ctx.set_source_rgb(blue, green, red)
    ctx.paint()
    paint(drawing, ctx, width, height, 1.0, swap_rb=True, skip=element)
    surface.flush()
    return png_rgba(surface.get_data(), *size, surface.get_stride())


def to_pdf(svg: str, scale: float = 1.0) -> bytes:
    """The one-page PDF of ``svg`` at ``scale`` (1: a CSS pixel is 0.75 pt)."""
    import cairocffi as cairo

    drawing = V.parse(svg)
    width, height = drawing.width * scale, drawing.height * scale
    out = io.BytesIO()
    surface = cairo.PDFSurface(out, width * PT_PER_PX, height * PT_PER_PX)
    paint(drawing, cairo.Context(surface), width, height, PT_PER_PX)
    surface.finish()
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_rgba(data: memoryview, width: int, height: int, stride: int, level: int = PNG_LEVEL) -> bytes:
    """An 8-bit RGBA PNG of pixel rows that hold R, G, B, A bytes (not premultiplied: opaque)."""
    rows = memoryview(data)
    row = width * 4
    deflate = zlib.compressobj(level, zlib.DEFLATED, 15, 9)
    parts = []
    for start in range(0, height * stride, stride):
        parts.append(deflate.compress(b"\x00"))  # filter type None
        parts.append(deflate.compress(rows[start : start + row]))
    parts.append(deflate.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")
