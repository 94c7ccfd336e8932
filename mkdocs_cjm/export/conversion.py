"""Converting a standalone SVG with cairosvg, and writing files safely (this runs in the worker processes).

A conversion that fails is reported as plain text made in the worker
(:func:`_describe`; the exception itself may not survive pickling) instead of
breaking the process pool. A PDF gets a fixed creation date when
``SOURCE_DATE_EPOCH`` is set, so a reproducible build makes the same bytes.
Files are written through a temporary file in the same folder
(:func:`_write_atomic`): a symbolic link in the way is replaced, never
followed. cairosvg is slow to import and is imported only where a conversion runs.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Optional

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


def convert(svg: str, fmt: str, scale: Optional[float] = None, *, epoch: Optional[str] = None) -> bytes:
    """Convert a standalone SVG document to ``svg``, ``png``, ``pdf`` or poster (``a1``, ``a0``: PDF) bytes, at
    ``scale`` (default: the nominal one, :data:`~mkdocs_cjm.export.limits.PNG_SCALE` for a PNG).
    ``epoch``: a PDF's creation date (default: ``SOURCE_DATE_EPOCH`` of this process)."""
    data = svg.encode("utf-8")
    if fmt == "svg":
        return data
    import cairosvg  # slow to import: only where a conversion runs

    scale = nominal_scale(fmt) if scale is None else scale
    if fmt == "png":
        return cairosvg.svg2png(bytestring=data, scale=scale, unsafe=False)
    if fmt == "pdf":
        return _pdf_dated(cairosvg.svg2pdf(bytestring=data, scale=scale, unsafe=False), epoch)
    if fmt in POSTERS:  # one page of the poster's size, the drawing in the middle
        page = poster_svg(svg, fmt).encode("utf-8")
        return _pdf_dated(cairosvg.svg2pdf(bytestring=page, unsafe=False), epoch)
    raise ValueError(f"unknown export format {fmt!r}")


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


def _convert_to(svg: str, fmt: str, scale: float, dest: str, epoch: Optional[str] = None) -> Optional[str]:
    """Convert and cache one export; returns ``None``, or the error as plain text. ``epoch``
    comes from the build's process: a worker's environment is the forkserver's, from when it started."""
    try:
        _write_cached(Path(dest), convert(svg, fmt, scale, epoch=epoch))
    except Exception as exc:  # MemoryError included: reported, not raised
        return _describe(exc)
    return None
