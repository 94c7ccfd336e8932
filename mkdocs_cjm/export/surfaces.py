"""PNG and PDF bytes of a standalone SVG drawn by the painter (:mod:`mkdocs_cjm.export.paint`).

:func:`paint_exports` parses the document once and paints all the outputs asked for (a journey's
PNG, PDF and posters) in one walk of its tree: each surface gets the calls it would get alone, so
the bytes are the same as one output at a time (``tests/site/test_export_determinism.py``). Sizes as
cairosvg makes them: a PNG of ``round(width x scale)`` by ``round(height x scale)``
pixels, a PDF page of ``width x scale x 0.75`` points.

A drawing that starts with an opaque background covering its whole viewBox (every export
does: ``cjm-bg``) is painted on a surface filled with that colour, every colour with red and
blue swapped: a little-endian ARGB32 pixel is then the bytes R, G, B, 255 in memory, which
:func:`png_rgba` deflates as they are (no row filters, zlib level :data:`PNG_LEVEL`, memory
level :data:`PNG_MEM_LEVEL`). Measured on an 8 x 6 journey at 1.15x (16 MP, load 6): cairo's
``write_to_png`` 1.21 CPU-s for 1,074,197 bytes (it filters every row at zlib's default level);
RGB through Pillow at level 1 0.41 CPU-s, 1,559,179 bytes; these bytes at level 1 0.23 CPU-s,
1,934,843 bytes. Then at 1x (12 MP, load 1.6; ``benchmarks/exports_cpu.py``, the same pixels):
level 1 memory level 9 (zlib's most) 0.113 CPU-s, 2,184,043 bytes; **level 3 memory level 7
0.093 CPU-s, 1,965,946 bytes** (level 1 memory level 7: 0.089 s, 2,164,500; level 4: 0.156 s).
A smaller hash table is faster here: zlib slides all of it every 32 KB of input (a row is 37 KB),
and levels 1 to 3 are the same fast matcher with longer chains. Filtering rows (PNG's Sub or Up)
would deflate better but costs more in Python than it saves (the Up filter of the whole image as
one integer: 0.65 CPU-s), and RGB instead of RGBA needs a copy (0.08 s) that costs what it saves.
Any other drawing (or a big-endian machine) keeps cairo's own writer.
"""

from __future__ import annotations

import io
import struct
import sys
import xml.etree.ElementTree as ET
import zlib
from typing import Callable, Optional, Sequence, Union

from . import svgvocab as V
from .limits import POSTERS, PT_PER_PX, poster_frame
from .paint import Target, paint_all
from .svgpath import Unsupported

#: zlib level of the painter's PNGs (see the module docstring for the figures).
PNG_LEVEL = 3
#: zlib memory level (hash table size) of the painter's PNGs.
PNG_MEM_LEVEL = 7


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


#: What :func:`paint_exports` makes of one output: the file's bytes, or why it could not.
Result = Union[bytes, Exception]


def paint_exports(svg: str, outputs: Sequence[tuple[str, float]]) -> list[Result]:
    """The bytes of each of ``outputs`` (``(format, scale)``: ``png``, ``pdf``, or a poster at its page's
    size) of ``svg``, parsed once and painted in one walk (:func:`~mkdocs_cjm.export.paint.paint_all`).
    An output that cairo cannot make (a surface too big, out of memory) is its exception, the others
    are made; a document the painter does not know raises :class:`~mkdocs_cjm.export.svgpath.Unsupported`."""
    drawing = V.parse(svg)
    results: list[Optional[Result]] = [None] * len(outputs)
    started: list[tuple[int, Target, Callable[[], bytes]]] = []
    for k, (fmt, scale) in enumerate(outputs):
        try:
            target, finish = _png(drawing, scale) if fmt == "png" else _pdf(drawing, fmt, scale)
        except Unsupported:
            raise
        except Exception as exc:  # cairocffi.CairoError (too big), MemoryError
            results[k] = exc
            continue
        started.append((k, target, finish))
    errors = paint_all(drawing, [target for _, target, _ in started]) if started else []
    for (k, _, finish), error in zip(started, errors):
        if error is not None:
            results[k] = error
            continue
        try:
            results[k] = finish()
        except Exception as exc:
            results[k] = exc
    return results  # type: ignore[return-value]


def _made(result: Result) -> bytes:
    if isinstance(result, Exception):
        raise result
    return result


def to_png(svg: str, scale: float) -> bytes:
    """The PNG of ``svg`` at ``scale`` pixels per CSS pixel."""
    return _made(paint_exports(svg, [("png", scale)])[0])


def to_pdf(svg: str, scale: float = 1.0) -> bytes:
    """The one-page PDF of ``svg`` at ``scale`` (1: a CSS pixel is 0.75 pt)."""
    return _made(paint_exports(svg, [("pdf", scale)])[0])


def _png(drawing: V.Drawing, scale: float) -> tuple[Target, Callable[[], bytes]]:
    import cairocffi as cairo

    width, height = drawing.width * scale, drawing.height * scale
    size = int(round(width)), int(round(height))
    if 0 in size:
        raise ValueError("The SVG size is undefined")
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, *size)
    ctx = cairo.Context(surface)
    background = _background(drawing) if sys.byteorder == "little" else None
    if background is None:

        def written() -> bytes:
            out = io.BytesIO()
            surface.write_to_png(out)
            return out.getvalue()

        return Target(ctx, width, height, 1.0, drawing.viewbox), written
    element, (red, green, blue) = background
    ctx.set_source_rgb(blue, green, red)
    ctx.paint()

    def deflated() -> bytes:
        surface.flush()
        return png_rgba(surface.get_data(), *size, surface.get_stride())

    return Target(ctx, width, height, 1.0, drawing.viewbox, swap_rb=True, skip=element), deflated


def _pdf(drawing: V.Drawing, fmt: str, scale: float) -> tuple[Target, Callable[[], bytes]]:
    """A PDF at ``scale``, or a poster: the drawing in the middle of its page (:func:`~.limits.poster_frame`)."""
    import cairocffi as cairo

    if fmt in POSTERS:
        width, height, viewbox = poster_frame(drawing.width, drawing.height, fmt)
    elif fmt == "pdf":
        width, height, viewbox = drawing.width * scale, drawing.height * scale, drawing.viewbox
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    out = io.BytesIO()
    surface = cairo.PDFSurface(out, width * PT_PER_PX, height * PT_PER_PX)

    def finished() -> bytes:
        surface.finish()
        return out.getvalue()

    return Target(cairo.Context(surface), width, height, PT_PER_PX, viewbox), finished


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_rgba(
    data: memoryview, width: int, height: int, stride: int, level: int = PNG_LEVEL, mem_level: int = PNG_MEM_LEVEL
) -> bytes:
    """An 8-bit RGBA PNG of pixel rows that hold R, G, B, A bytes (not premultiplied: opaque)."""
    rows = memoryview(data)
    row = width * 4
    deflate = zlib.compressobj(level, zlib.DEFLATED, 15, mem_level)
    parts = []
    for start in range(0, height * stride, stride):
        parts.append(deflate.compress(b"\x00"))  # filter type None
        parts.append(deflate.compress(rows[start : start + row]))
    parts.append(deflate.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")
