"""Diagram exports: a standalone SVG, a PNG at 2x and a PDF per journey.

Every export is drawn from the standalone SVG of :func:`mkdocs_cjm.render.svg.render_svg`
(light palette, styles inlined as presentation attributes, a font stack
cairosvg finds on a bare machine) and converted with cairosvg. Results are
cached by content hash: the key of a file is the SHA-256 of the SVG text, the
format, the scale and the cairosvg version, so an unchanged map is never
converted twice, and any change to the map, the brand file or the renderer
makes a new file. Conversions that miss the cache run in parallel across
processes (cairosvg takes around a second for a large PNG).

Nothing in a map can crash the export: a drawing too big for Cairo is drawn
at a smaller scale (:func:`export_scale`; :data:`MAX_PNG_SIDE`,
:data:`MAX_PNG_PIXELS`, :data:`MAX_PDF_SIDE`) or, past
:data:`MIN_EXPORT_SCALE`, skipped with a warning; a conversion that fails is
reported as an :class:`ExportFailure` (plain text, made in the worker)
instead of breaking the process pool. Workers die with the process that
started them (``PR_SET_PDEATHSIG`` on Linux) and are terminated at once on
Ctrl-C. A cached file is used only when it is a regular file (never a
symbolic link) whose SHA-256 matches the digest written beside it when it
was made (``<key>.<format>.sha256``); anything else is deleted and made again.

The work is split in three steps so the MkDocs adapter can overlap the slow
one with the page build: :func:`plan_exports` (draw the SVGs, compute the
keys), :func:`run_exports` (fill the cache) and :func:`place_exports` (copy
the files out of the cache). :func:`export_all` does all three.
:func:`main_export` is the ``mkdocs-cjm export`` command.

This module does not import MkDocs.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import re
import shutil
import signal
import stat
import struct
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Sequence

from .model import Journey
from .site import Project

if TYPE_CHECKING:  # the pool's modules are imported where a pool runs (``check`` needs only the sizes)
    import concurrent.futures as cf
    import multiprocessing.context

__all__ = [
    "FORMATS",
    "PNG_SCALE",
    "MAX_PNG_SIDE",
    "MAX_PNG_PIXELS",
    "MAX_PDF_SIDE",
    "MIN_EXPORT_SCALE",
    "ExportJob",
    "ExportStats",
    "ExportFailure",
    "svg_size",
    "export_scale",
    "size_warning",
    "standalone_svg",
    "plan_exports",
    "run_exports",
    "place_exports",
    "export_all",
    "prune_cache",
    "add_arguments",
    "run",
    "main_export",
]

#: Export formats, in the order pages list them.
FORMATS: tuple[str, ...] = ("svg", "png", "pdf")
#: PNG pixels per SVG pixel.
PNG_SCALE = 2
#: Longest side of a PNG, in pixels. Cairo's image surfaces stop at 32,767 px
#: a side (measured with cairo 1.16: 32,767 converts, 32,768 fails with
#: CAIRO_STATUS_INVALID_SIZE); a wider or taller drawing is scaled down to fit.
MAX_PNG_SIDE = 32_000
#: Most pixels in a PNG (Cairo holds 4 bytes a pixel while drawing: 400 MB).
MAX_PNG_PIXELS = 100_000_000
#: Longest side of a PDF page, in points: the PDF reference's limit for
#: viewers (14,400 pt, 200 in; Cairo itself writes larger pages).
MAX_PDF_SIDE = 14_400
#: Smallest scale (output pixels or 4/3 points per SVG pixel) an export is
#: drawn at; a drawing that needs less is not exported in that format.
MIN_EXPORT_SCALE = 1 / 8
#: Points per CSS pixel (what cairosvg uses for PDF page sizes).
PT_PER_PX = 0.75
#: Bump to invalidate every cached export.
CACHE_VERSION = "2"
#: Suffix of the file beside a cached export that holds its SHA-256.
DIGEST_SUFFIX = ".sha256"
#: Longest error message kept from a failed conversion.
_MAX_MESSAGE = 300
#: Cached files unused for this many days are deleted by :func:`prune_cache`.
CACHE_MAX_AGE_DAYS = 30

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

SvgFor = Callable[[Journey], str]
NameFor = Callable[[Journey], str]


# -- one export ------------------------------------------------------------------------
def standalone_svg(project: Project, journey: Journey) -> str:
    """The export SVG document of a journey (XML declaration, light palette, inlined styles)."""
    from .render.svg import render_svg

    return XML_DECLARATION + render_svg(project, journey, standalone=True) + "\n"


def _cairosvg_version() -> str:
    try:
        from importlib.metadata import version

        return version("cairosvg")
    except Exception:  # pragma: no cover - metadata missing
        return "unknown"


def export_key(svg: str, fmt: str, scale: Optional[float] = None) -> str:
    """The content hash that names a cached export."""
    if scale is None:
        scale = nominal_scale(fmt)
    h = hashlib.sha256()
    h.update(f"cjm-export/{CACHE_VERSION}/{fmt}/{scale!r}/{_cairosvg_version()}\n".encode())
    h.update(svg.encode("utf-8"))
    return h.hexdigest()


# -- sizes -----------------------------------------------------------------------------
_ROOT_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height (CSS px) of a standalone SVG document, from its root element."""
    match = _ROOT_SIZE.search(svg, 0, 4096)
    if not match:
        raise ValueError("the SVG has no width and height")
    return float(match.group(1)), float(match.group(2))


def nominal_scale(fmt: str) -> float:
    """The scale a format is drawn at when the drawing fits: PNG at 2x, the rest at 1x."""
    return float(PNG_SCALE) if fmt == "png" else 1.0


def fitting_scale(width: float, height: float, fmt: str) -> float:
    """The largest scale up to the nominal one at which a ``width`` x ``height`` drawing
    stays within the limits of ``fmt`` (rounded down to 1/1000)."""
    scale = nominal_scale(fmt)
    width, height = max(width, 1.0), max(height, 1.0)
    if fmt == "png":
        scale = min(scale, MAX_PNG_SIDE / width, MAX_PNG_SIDE / height, math.sqrt(MAX_PNG_PIXELS / (width * height)))
    elif fmt == "pdf":
        scale = min(scale, MAX_PDF_SIDE / (width * PT_PER_PX), MAX_PDF_SIDE / (height * PT_PER_PX))
    return scale if scale == nominal_scale(fmt) else math.floor(scale * 1000) / 1000


def export_scale(svg: str, fmt: str) -> Optional[float]:
    """The scale ``svg`` is exported at in ``fmt``; ``None`` when it is too big to export."""
    if fmt == "svg":
        return 1.0
    scale = fitting_scale(*svg_size(svg), fmt)
    return scale if scale >= MIN_EXPORT_SCALE else None


def size_warning(width: float, height: float, formats: Iterable[str] = ("png", "pdf")) -> Optional[str]:
    """What happens to the exports of a ``width`` x ``height`` drawing when it is
    too big for some format (scaled down, or not exported); ``None`` when all fit."""
    notes = []
    for fmt in formats:
        if fmt == "svg":
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
    else:
        limit = f"a PDF page is at most {MAX_PDF_SIDE:,} pt a side"
    return (
        f"the diagram is {width:,.0f} x {height:,.0f} px, too big to export as {fmt.upper()} even at "
        f"1/{round(1 / MIN_EXPORT_SCALE)} scale ({limit})"
    )


@dataclass(frozen=True)
class ExportJob:
    """One file to export: which journey, which format, where it is cached and where it goes."""

    journey_id: str
    fmt: str
    #: Path of the output file relative to the output folder (``/``-separated).
    name: str
    key: str
    cache_path: Path
    svg: str = field(repr=False, compare=False)
    #: Output pixels (PNG) or 4/3 points (PDF) per SVG pixel.
    scale: float = 1.0
    #: Why this file is not made (the drawing is too big for the format); empty when it is.
    skip: str = ""
    #: The journey's map file, for messages.
    source: str = ""

    @property
    def digest_path(self) -> Path:
        """The file beside the cached export that holds its SHA-256."""
        return self.cache_path.with_name(self.cache_path.name + DIGEST_SUFFIX)

    @property
    def cached(self) -> bool:
        """Whether the cache holds this export, verified (see :func:`read_cached`)."""
        return read_cached(self) is not None


@dataclass(frozen=True)
class ExportFailure:
    """An export that was not made: skipped (too big, a warning) or failed (an error)."""

    journey_id: str
    fmt: str
    message: str
    source: str = ""
    skipped: bool = False

    def format(self) -> str:
        where = f" ({self.source})" if self.source else ""
        if self.skipped:
            return f"journey '{self.journey_id}'{where} is not exported as {self.fmt.upper()}: {self.message}"
        return f"could not export journey '{self.journey_id}'{where} as {self.fmt.upper()}: {self.message}"


def _failure(job: ExportJob, message: str, *, skipped: bool = False) -> ExportFailure:
    return ExportFailure(job.journey_id, job.fmt, message, job.source, skipped)


@dataclass
class ExportStats:
    """What a run did: files made (converted now) and files taken from the cache."""

    made: int = 0
    cached: int = 0
    seconds: float = 0.0
    workers: int = 0
    #: Files written to the output folder (absolute paths), in job order.
    files: list[Path] = field(default_factory=list)
    #: ``{format: {"made": n, "cached": n}}``
    by_format: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Conversions that failed (errors), in the order they were found.
    failures: list[ExportFailure] = field(default_factory=list)
    #: Exports not made because the drawing is too big for the format (warnings).
    skipped: list[ExportFailure] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.made + self.cached

    def count(self, job: ExportJob, made: bool) -> None:
        entry = self.by_format.setdefault(job.fmt, {"made": 0, "cached": 0})
        if made:
            self.made += 1
            entry["made"] += 1
        else:
            self.cached += 1
            entry["cached"] += 1

    def summary(self) -> str:
        parts = ", ".join(
            f"{fmt}: {self.by_format[fmt]['made']} made, {self.by_format[fmt]['cached']} cached"
            for fmt in FORMATS
            if fmt in self.by_format
        )
        problems = ""
        if self.failures or self.skipped:
            problems = f", {len(self.failures)} failed, {len(self.skipped)} skipped"
        return (
            f"{self.total} export(s): {self.made} made, {self.cached} from cache{problems}"
            f" in {self.seconds:.2f} s with {self.workers or 1} worker(s)" + (f" ({parts})" if parts else "")
        )

    def problems(self) -> list[ExportFailure]:
        """What went wrong: failures first, then skipped exports."""
        return self.failures + self.skipped

    def _failed(self, job: ExportJob) -> bool:
        return any(f.journey_id == job.journey_id and f.fmt == job.fmt for f in self.failures)


def default_name(journey: Journey) -> str:
    """Output name of a journey's exports, without extension: its id."""
    return journey.id


def _formats(formats: Iterable[str]) -> list[str]:
    wanted = []
    for fmt in formats:
        fmt = fmt.lower().lstrip(".")
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
        if fmt not in wanted:
            wanted.append(fmt)
    return [f for f in FORMATS if f in wanted]


def plan_exports(
    project: Project,
    journeys: Iterable[Journey],
    *,
    cache_dir: Path,
    formats: Iterable[str] = FORMATS,
    name: NameFor = default_name,
    svg_for: Optional[SvgFor] = None,
) -> list[ExportJob]:
    """Draw each journey's standalone SVG and name its cached files (broken maps are skipped).

    A format the drawing is too big for gets a job with ``skip`` set, which
    :func:`run_exports` reports and :func:`place_exports` leaves out.
    """
    cache_dir = Path(cache_dir)
    fmts = _formats(formats)
    draw = svg_for or (lambda j: standalone_svg(project, j))
    jobs: list[ExportJob] = []
    for journey in journeys:
        if journey.is_broken:
            continue
        svg = draw(journey)
        stem = name(journey)
        for fmt in fmts:
            scale = export_scale(svg, fmt)
            skip = "" if scale is not None else too_big(*svg_size(svg), fmt)
            scale = scale if scale is not None else 0.0
            key = export_key(svg, fmt, scale)
            jobs.append(
                ExportJob(
                    journey.id, fmt, f"{stem}.{fmt}", key, cache_dir / f"{key}.{fmt}", svg, scale, skip, journey.source
                )
            )
    return jobs


# -- conversion (runs in worker processes) ------------------------------------------
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


def convert(svg: str, fmt: str, scale: Optional[float] = None) -> bytes:
    """Convert a standalone SVG document to ``svg``, ``png`` or ``pdf`` bytes, at
    ``scale`` (default: the nominal one, :data:`PNG_SCALE` for a PNG)."""
    data = svg.encode("utf-8")
    if fmt == "svg":
        return data
    import cairosvg  # slow to import: only where a conversion runs

    scale = nominal_scale(fmt) if scale is None else scale
    if fmt == "png":
        return cairosvg.svg2png(bytestring=data, scale=scale, unsafe=False)
    if fmt == "pdf":
        return _pdf_dated(cairosvg.svg2pdf(bytestring=data, scale=scale, unsafe=False))
    raise ValueError(f"unknown export format {fmt!r}")


_PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")


def _pdf_dated(data: bytes) -> bytes:
    """With ``SOURCE_DATE_EPOCH`` set (reproducible builds), give the PDF that
    creation date instead of the time of conversion. The date keeps its length,
    so the file's cross-reference offsets stay right."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
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


def _convert_to(svg: str, fmt: str, scale: float, dest: str) -> Optional[str]:
    """Convert and cache one export; returns ``None``, or the error as plain text."""
    try:
        _write_cached(Path(dest), convert(svg, fmt, scale))
    except Exception as exc:  # MemoryError included: reported, not raised
        return _describe(exc)
    return None


# -- the cache ---------------------------------------------------------------------------
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"IEND\xaeB`\x82"


def _read_regular(path: Path, limit: Optional[int] = None) -> Optional[bytes]:
    """The bytes of ``path`` if it is a regular file (a symbolic link is not
    followed); ``None`` if it is missing, not a regular file or unreadable."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            return fh.read() if limit is None else fh.read(limit)
        except OSError:
            return None


def _plausible(job: ExportJob, data: bytes) -> bool:
    """Whether ``data`` looks like the export ``job`` makes (format and size)."""
    if job.fmt == "png":
        if not (data.startswith(_PNG_SIGNATURE) and data.endswith(_PNG_END) and data[12:16] == b"IHDR"):
            return False
        width, height = struct.unpack(">II", data[16:24])
        want_w, want_h = svg_size(job.svg)
        return abs(width - want_w * job.scale) <= 1.5 and abs(height - want_h * job.scale) <= 1.5
    if job.fmt == "pdf":
        return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    return True


def read_cached(job: ExportJob) -> Optional[bytes]:
    """The cached bytes of ``job``, or ``None`` when there is no sound entry.

    Sound means: a regular file (not a symbolic link, not a folder) whose
    SHA-256 is the one recorded beside it when it was made (an SVG must be
    exactly the job's SVG), and that looks like the format at the expected
    size. An unsound entry is deleted, so it is made again.
    """
    data = _read_regular(job.cache_path)
    if data is not None:
        if job.fmt == "svg":
            expected: Optional[str] = hashlib.sha256(job.svg.encode("utf-8")).hexdigest()
        else:
            recorded = _read_regular(job.digest_path, 200)
            expected = recorded.decode("ascii", "replace").strip() if recorded is not None else None
        if expected is not None and hashlib.sha256(data).hexdigest() == expected and _plausible(job, data):
            return data
    _discard(job.cache_path)
    _discard(job.digest_path)
    return None


def _discard(path: Path) -> None:
    """Delete a cache entry of any kind (a link itself, not what it points to)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    try:
        if stat.S_ISDIR(mode):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except OSError:
        pass


# -- the pool ------------------------------------------------------------------------------
_PR_SET_PDEATHSIG = 1


def _worker_init(parent: Optional[int]) -> None:
    """Start of a conversion process: die with the process that started it, and
    leave Ctrl-C to that process (which terminates its workers)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc
            pass
    # The parent may have died before the signal was asked for.
    ppid = os.getppid()
    if (parent is not None and ppid != parent) or ppid == 1:
        os._exit(1)


def _pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` (fast, nothing re-imported) when this process runs a single
    thread; otherwise ``forkserver`` (or ``spawn``), because forking a process
    with threads (``mkdocs serve`` has several) can deadlock the child. Those
    two re-import the ``__main__`` module in the workers, so a script that
    calls :func:`run_exports` from a thread needs the usual
    ``if __name__ == "__main__":`` guard."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _stop_pool(pool: cf.ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate the workers now (Ctrl-C)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    for process in processes:
        try:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass


def _convert_in_pool(todo: Sequence[ExportJob], n: int, stats: ExportStats) -> None:
    import concurrent.futures as cf

    context = _pool_context()
    parent = os.getpid() if context.get_start_method() != "forkserver" else None
    pool = cf.ProcessPoolExecutor(max_workers=n, mp_context=context, initializer=_worker_init, initargs=(parent,))
    try:
        futures = {pool.submit(_convert_to, job.svg, job.fmt, job.scale, str(job.cache_path)): job for job in todo}
        for future in cf.as_completed(futures):
            job = futures[future]
            try:
                error = future.result()
            except Exception as exc:  # a worker died (BrokenProcessPool) or its result was lost
                error = f"the conversion process stopped: {_describe(exc)}"
            _record(stats, job, error)
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _record(stats: ExportStats, job: ExportJob, error: Optional[str]) -> None:
    if error is None:
        stats.count(job, made=True)
    else:
        stats.failures.append(_failure(job, error))


def run_exports(
    jobs: Sequence[ExportJob], *, workers: Optional[int] = None, stats: Optional[ExportStats] = None
) -> ExportStats:
    """Make every job's cache file that does not exist yet; conversions run in parallel.

    ``workers``: processes for PNG/PDF conversion (default: the usable cores;
    ``1`` converts in this process). SVG files are always written here. A job
    that is skipped (too big) goes to ``stats.skipped``; a conversion that
    fails goes to ``stats.failures`` with its message; neither stops the rest.
    """
    stats = stats if stats is not None else ExportStats()
    start = time.perf_counter()
    todo: list[ExportJob] = []
    seen: set[Path] = set()
    for job in jobs:
        if job.skip:
            stats.skipped.append(_failure(job, job.skip, skipped=True))
            continue
        if job.cache_path in seen:
            stats.count(job, made=False)
            continue
        seen.add(job.cache_path)
        if read_cached(job) is not None:
            _touch(job.cache_path)
            _touch(job.digest_path)
            stats.count(job, made=False)
        elif job.fmt == "svg":
            try:
                _write_atomic(job.cache_path, convert(job.svg, "svg"))
                stats.count(job, made=True)
            except OSError as exc:
                stats.failures.append(_failure(job, _describe(exc)))
        else:
            todo.append(job)
    # Largest drawings first, so the pool's last task is a short one.
    todo.sort(key=lambda j: (-len(j.svg), j.fmt == "pdf"))
    n = min(workers or default_workers(), len(todo))
    stats.workers = max(stats.workers, n)
    if n <= 1:
        for job in todo:
            _record(stats, job, _convert_to(job.svg, job.fmt, job.scale, str(job.cache_path)))
    else:
        _convert_in_pool(todo, n, stats)
    stats.seconds += time.perf_counter() - start
    return stats


def _safe_dest(out_dir: Path, name: str) -> Path:
    """``out_dir / name``, refusing a path through a symbolic link inside ``out_dir``."""
    parts = [p for p in name.split("/") if p]
    if not parts or any(p in (".", "..") for p in parts):
        raise ValueError(f"not a file name inside the output folder: {name!r}")
    folder = out_dir
    for part in parts[:-1]:
        folder = folder / part
        try:
            if stat.S_ISLNK(os.lstat(folder).st_mode):
                raise ValueError(f"{folder} is a symbolic link")
        except FileNotFoundError:
            pass
    return folder / parts[-1]


def place_exports(jobs: Sequence[ExportJob], out_dir: Path, *, stats: Optional[ExportStats] = None) -> list[Path]:
    """Copy each job's cached file, verified again, to ``out_dir / job.name``
    (skipped and failed jobs are left out; a symbolic link in the way is replaced,
    not followed)."""
    out_dir = Path(out_dir)
    written = []
    for job in jobs:
        if job.skip or (stats is not None and stats._failed(job)):
            continue
        data = read_cached(job)
        try:
            if data is None:
                raise ValueError("its cached file is missing or damaged")
            _write_atomic(_safe_dest(out_dir, job.name), data)
        except (OSError, ValueError) as exc:
            if stats is None:
                raise
            stats.failures.append(_failure(job, _describe(exc)))
            continue
        written.append(out_dir.joinpath(*job.name.split("/")))
    if stats is not None:
        stats.files.extend(written)
    return written


def _touch(path: Path) -> None:
    try:
        os.utime(path, follow_symlinks=False)
    except (OSError, NotImplementedError):
        pass


def prune_cache(cache_dir: Path, *, keep: Iterable[Path] = (), max_age_days: float = CACHE_MAX_AGE_DAYS) -> int:
    """Delete cached exports not used for ``max_age_days`` (except ``keep``) and
    their digest files; returns how many exports."""
    cache_dir = Path(cache_dir)
    if not cache_dir.is_dir():
        return 0
    kept = {Path(p).name for p in keep}
    kept |= {name + DIGEST_SUFFIX for name in kept}
    limit = time.time() - max_age_days * 86400
    removed = 0
    for path in cache_dir.iterdir():
        name = path.name[: -len(DIGEST_SUFFIX)] if path.name.endswith(DIGEST_SUFFIX) else path.name
        if name.rsplit(".", 1)[-1] not in FORMATS or path.name in kept:
            continue
        try:
            if os.lstat(path).st_mtime < limit:
                _discard(path)
                removed += 0 if path.name.endswith(DIGEST_SUFFIX) else 1
        except OSError:
            pass
    return removed


def export_all(
    project: Project,
    journeys: Iterable[Journey],
    *,
    out_dir: Optional[Path],
    cache_dir: Optional[Path] = None,
    formats: Iterable[str] = FORMATS,
    workers: Optional[int] = None,
    name: NameFor = default_name,
) -> ExportStats:
    """Export ``journeys`` to ``out_dir`` (``<name>.<format>``), through the cache in ``cache_dir``.

    Without ``cache_dir`` a temporary one is used (nothing is kept); without
    ``out_dir`` the files are only cached. Returns how many files were made
    and how many came from the cache.
    """
    start = time.perf_counter()
    temp: Optional[tempfile.TemporaryDirectory[str]] = None
    if cache_dir is None:
        temp = tempfile.TemporaryDirectory(prefix="cjm-export-")
        cache_dir = Path(temp.name)
    try:
        jobs = plan_exports(project, journeys, cache_dir=Path(cache_dir), formats=formats, name=name)
        stats = run_exports(jobs, workers=workers)
        if out_dir is not None:
            place_exports(jobs, Path(out_dir), stats=stats)
    finally:
        if temp is not None:
            temp.cleanup()
    stats.seconds = time.perf_counter() - start
    return stats


# -- the command -------------------------------------------------------------------------
def _maps_root(path: Path) -> Path:
    """The maps folder a journey file belongs to: the nearest folder above it
    with a brand file or a ``personas/`` folder (else the file's own folder)."""
    for folder in [path.parent, *path.parent.parents]:
        if (folder / "brand.yml").is_file() or (folder / "brand.yaml").is_file() or (folder / "personas").is_dir():
            return folder
    return path.parent


def _site_root(maps_dir: Path) -> Optional[Path]:
    for folder in [maps_dir, *maps_dir.parents]:
        if (folder / "mkdocs.yml").is_file() or (folder / "mkdocs.yaml").is_file():
            return folder
    return None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of the export command on ``parser``."""
    parser.add_argument("path", metavar="PATH", help="a journey map (.yml) or a maps folder (every journey in it)")
    parser.add_argument(
        "-f",
        "--format",
        dest="formats",
        action="append",
        metavar="png|pdf|svg",
        help="format to export; repeat or separate with commas (default: svg,png,pdf)",
    )
    parser.add_argument(
        "-o", "--output", dest="out_dir", default=".", metavar="DIR", help="folder to write to (default: .)"
    )
    parser.add_argument("-j", "--workers", type=int, default=None, help="conversion processes (default: one per core)")
    parser.add_argument(
        "--cache-dir",
        default=None,
        metavar="DIR",
        help="cache folder (default: .cache/plugin/cjm next to the site's mkdocs.yml, if there is one)",
    )
    parser.add_argument("--no-cache", action="store_true", help="convert everything again and keep no cache")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")


def build_parser(prog: str = "mkdocs-cjm export") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=DESCRIPTION)
    add_arguments(parser)
    return parser


DESCRIPTION = "Export journey diagrams as SVG, PNG (2x) and PDF without building the site."


def run(args: argparse.Namespace, *, prog: str = "mkdocs-cjm export") -> int:
    """Run the export command with parsed ``args``; returns the exit status
    (0 done, 1 a map has errors or an export failed, 2 bad usage)."""
    from .load.walk import load_project

    try:
        formats = _formats(f for value in (args.formats or ["svg,png,pdf"]) for f in value.split(",") if f.strip())
    except ValueError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print(f"{prog}: error: --workers: expected 1 or more, found {args.workers}", file=sys.stderr)
        return 2
    path = Path(args.path).resolve()
    if not path.exists():
        print(f"{prog}: error: {args.path}: no such file or folder", file=sys.stderr)
        return 2
    maps_dir = path if path.is_dir() else _maps_root(path)
    site_root = _site_root(maps_dir)
    project = load_project(maps_dir, display_root=Path.cwd())
    if path.is_dir():
        selected = list(project.journeys.values())
        problems = project.all_problems()
    else:
        source = path.relative_to(maps_dir).as_posix()
        selected = [j for j in project.journeys.values() if j.source == source]
        problems = [p for j in selected for p in j.problems]
        problems += [p for src, ps in project.broken_files.items() if src == source for p in ps]
        if not selected and not problems:
            print(
                f"{prog}: error: {args.path} is not a journey map (brand and persona files have no diagram)",
                file=sys.stderr,
            )
            return 2
    failed = False
    for problem in problems:
        if problem.is_error:
            failed = True
            print(problem.format(), file=sys.stderr)
        elif not args.quiet:
            print(problem.format(), file=sys.stderr)
    good = [j for j in selected if not j.is_broken]
    if path.is_file() and not good:
        return 1
    cache_dir: Optional[Path] = None
    if not args.no_cache:
        if args.cache_dir:
            cache_dir = Path(args.cache_dir)
        elif site_root is not None:
            cache_dir = site_root / ".cache" / "plugin" / "cjm"
    stats = export_all(
        project, good, out_dir=Path(args.out_dir), cache_dir=cache_dir, formats=formats, workers=args.workers
    )
    for failure in stats.failures:
        print(f"{prog}: error: {failure.format()}", file=sys.stderr)
    if not args.quiet:
        for skipped in stats.skipped:
            print(f"{prog}: warning: {skipped.format()}", file=sys.stderr)
        for file in stats.files:
            print(_shown(file))
        print(stats.summary(), file=sys.stderr)
    return 1 if failed or stats.failures else 0


def main_export(argv: Optional[Sequence[str]] = None, *, prog: str = "mkdocs-cjm export") -> int:
    """``mkdocs-cjm export PATH --format png|pdf|svg -o DIR``; returns the exit status."""
    return run(build_parser(prog).parse_args(argv), prog=prog)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main_export())
