"""Converting a standalone SVG (the painter, else cairosvg), and writing files safely (this runs in the workers).

A conversion that fails is reported as plain text made in the worker
(:func:`_describe`; the exception itself may not survive pickling) instead of
breaking the process pool. A PDF gets a fixed creation date when
``SOURCE_DATE_EPOCH`` is set, so a reproducible build makes the same bytes.
Files are written through a temporary file in the same folder
(:func:`_write_atomic`): a symbolic link in the way is replaced, never
followed. The painter (:mod:`mkdocs_cjm.export.paint`) draws what it knows; anything else goes to
cairosvg, which is slow to import and is imported only where it is needed.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Optional, Sequence, Union

from .jobs import DIGEST_SUFFIX
from .limits import POSTERS, nominal_scale, poster_svg

#: Longest error message kept from a failed conversion.
_MAX_MESSAGE = 300

_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")


def _write_atomic(dest: Path, data: bytes) -> None:
    """Write ``data`` to ``dest`` through a temporary file in its folder: a
    symbolic link at ``dest`` is replaced, never followed."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=dest.suffix, dir=str(dest.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def convert(
    svg: str, fmt: str, scale: Optional[float] = None, *, epoch: Optional[str] = None, painter: bool = True
) -> bytes:
    """Convert a standalone SVG document to ``svg``, ``png``, ``pdf`` or poster (``a1``, ``a0``: PDF) bytes, at
    ``scale`` (default: the nominal one, :data:`~mkdocs_cjm.export.limits.PNG_SCALE` for a PNG).
    ``epoch``: a PDF's creation date (default: ``SOURCE_DATE_EPOCH`` of this process). The painter
    (:mod:`~mkdocs_cjm.export.paint`) draws it; a document it does not know (or ``painter=False``) goes to cairosvg."""
    result = convert_all(svg, [(fmt, scale)], epoch=epoch, painter=painter)[0]
    if isinstance(result, Exception):
        raise result
    return result


def convert_all(
    svg: str,
    outputs: Sequence[tuple[str, Optional[float]]],
    *,
    epoch: Optional[str] = None,
    painter: bool = True,
) -> list[Union[bytes, Exception]]:
    """:func:`convert` for each of ``outputs`` (``(format, scale)``), the painter's in one walk of the
    drawing (:func:`~mkdocs_cjm.export.surfaces.paint_exports`): per output its bytes, or the
    exception that stopped it (the others are made all the same)."""
    wanted = []
    for fmt, scale in outputs:
        if fmt != "svg" and fmt not in ("png", "pdf") and fmt not in POSTERS:
            raise ValueError(f"unknown export format {fmt!r}")
        wanted.append((fmt, nominal_scale(fmt) if scale is None else scale))
    results: list[Optional[Union[bytes, Exception]]] = [None] * len(wanted)
    drawn = [k for k, (fmt, _) in enumerate(wanted) if fmt != "svg"]
    for k, (fmt, _) in enumerate(wanted):
        if fmt == "svg":
            results[k] = svg.encode("utf-8")
    if drawn and painter:
        painted = _painted(svg, [wanted[k] for k in drawn])
        if painted is not None:
            for k, result in zip(drawn, painted):
                results[k] = result
    for k in drawn:
        if results[k] is None:
            fmt, scale = wanted[k]
            try:
                # A poster: one page of its size, the drawing in the middle.
                results[k] = _cairosvg(poster_svg(svg, fmt), fmt, 1.0) if fmt in POSTERS else _cairosvg(svg, fmt, scale)
            except Exception as exc:
                results[k] = exc
    for k in drawn:
        result = results[k]
        if wanted[k][0] != "png" and isinstance(result, bytes):
            results[k] = _pdf_dated(result, epoch)
    return results  # type: ignore[return-value]


def _painted(svg: str, outputs: Sequence[tuple[str, float]]) -> Optional[list[Union[bytes, Exception]]]:
    """The painter's PNGs and PDFs; ``None`` when the document holds something it does not draw."""
    from .surfaces import paint_exports
    from .svgpath import Unsupported

    try:
        return paint_exports(svg, outputs)
    except Unsupported:
        return None


def _cairosvg(svg: str, fmt: str, scale: float) -> bytes:
    import cairosvg  # slow to import: only where a conversion needs it

    data = svg.encode("utf-8")
    if fmt == "png":
        return cairosvg.svg2png(bytestring=data, scale=scale, unsafe=False)
    return cairosvg.svg2pdf(bytestring=data, scale=scale, unsafe=False)


def source_date_epoch() -> Optional[str]:
    """``SOURCE_DATE_EPOCH`` of this process (reproducible builds), or None."""
    return os.environ.get("SOURCE_DATE_EPOCH", "").strip() or None


def _pdf_dated(data: bytes, epoch: Optional[str] = None) -> bytes:
    """With ``SOURCE_DATE_EPOCH`` set (reproducible builds), give the PDF that
    creation date instead of the time of conversion. The date keeps its length,
    so the file's cross-reference offsets stay right."""
    epoch = epoch if epoch is not None else source_date_epoch()
    if not epoch:
        return data
    try:
        stamp = time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(int(epoch)))
    except (ValueError, OverflowError, OSError):
        return data
    return _PDF_DATE.sub(b"/CreationDate (" + stamp.encode("ascii") + b")", data, count=1)


def _describe(exc: BaseException) -> str:
    """An exception as one line of plain text (what crosses from a worker: the
    exception itself may not survive pickling)."""
    if isinstance(exc, MemoryError):
        return "out of memory"
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _write_cached(job_dest: Path, data: bytes) -> None:
    """Write a cache entry: the file, then the SHA-256 of its bytes beside it."""
    _write_atomic(job_dest, data)
    digest = hashlib.sha256(data).hexdigest()
    _write_atomic(job_dest.with_name(job_dest.name + DIGEST_SUFFIX), digest.encode("ascii") + b"\n")


def _convert_to(
    svg: str, outputs: Sequence[tuple[str, float, str]], epoch: Optional[str] = None
) -> list[Optional[str]]:
    """Convert and cache a journey's exports (``(format, scale, cache file)``, painted in one walk);
    returns per export ``None``, or the error as plain text. ``epoch`` comes from the build's process:
    a worker's environment is the forkserver's, from when it started."""
    try:
        results = convert_all(svg, [(fmt, scale) for fmt, scale, _ in outputs], epoch=epoch)
    except Exception as exc:  # MemoryError included: reported, not raised
        return [_describe(exc)] * len(outputs)
    errors: list[Optional[str]] = []
    for (_, _, dest), result in zip(outputs, results):
        try:
            if isinstance(result, Exception):
                raise result
            _write_cached(Path(dest), result)
        except Exception as exc:
            errors.append(_describe(exc))
        else:
            errors.append(None)
    return errors
