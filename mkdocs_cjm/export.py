"""Diagram exports: a standalone SVG, a PNG at 2x and a PDF per journey.

Every export is drawn from the standalone SVG of :func:`mkdocs_cjm.render.svg.render_svg`
(light palette, styles inlined as presentation attributes, a font stack
cairosvg finds on a bare machine) and converted with cairosvg. Results are
cached by content hash: the key of a file is the SHA-256 of the SVG text, the
format, the scale and the cairosvg version, so an unchanged map is never
converted twice, and any change to the map, the brand file or the renderer
makes a new file. Conversions that miss the cache run in parallel across
processes (cairosvg takes around a second for a large PNG).

The work is split in three steps so the MkDocs adapter can overlap the slow
one with the page build: :func:`plan_exports` (draw the SVGs, compute the
keys), :func:`run_exports` (fill the cache) and :func:`place_exports` (copy
the files out of the cache). :func:`export_all` does all three.
:func:`main_export` is the ``mkdocs-cjm export`` command.

This module does not import MkDocs.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import hashlib
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from .model import Journey
from .site import Project

__all__ = [
    "FORMATS",
    "PNG_SCALE",
    "ExportJob",
    "ExportStats",
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
#: Bump to invalidate every cached export.
CACHE_VERSION = "1"
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


def export_key(svg: str, fmt: str) -> str:
    """The content hash that names a cached export."""
    h = hashlib.sha256()
    h.update(f"cjm-export/{CACHE_VERSION}/{fmt}/{PNG_SCALE if fmt == 'png' else 1}/{_cairosvg_version()}\n".encode())
    h.update(svg.encode("utf-8"))
    return h.hexdigest()


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

    @property
    def cached(self) -> bool:
        return self.cache_path.is_file()


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
            for fmt in FORMATS if fmt in self.by_format
        )
        return (
            f"{self.total} export(s): {self.made} made, {self.cached} from cache"
            f" in {self.seconds:.2f} s with {self.workers or 1} worker(s)" + (f" ({parts})" if parts else "")
        )


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
    """Draw each journey's standalone SVG and name its cached files (broken maps are skipped)."""
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
            key = export_key(svg, fmt)
            jobs.append(ExportJob(journey.id, fmt, f"{stem}.{fmt}", key, cache_dir / f"{key}.{fmt}", svg))
    return jobs


# -- conversion (runs in worker processes) ------------------------------------------
def _write_atomic(dest: Path, data: bytes) -> None:
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


def convert(svg: str, fmt: str) -> bytes:
    """Convert a standalone SVG document to ``svg``, ``png`` (at :data:`PNG_SCALE`) or ``pdf`` bytes."""
    data = svg.encode("utf-8")
    if fmt == "svg":
        return data
    import cairosvg  # slow to import: only where a conversion runs

    if fmt == "png":
        return cairosvg.svg2png(bytestring=data, scale=PNG_SCALE, unsafe=False)
    if fmt == "pdf":
        return _pdf_dated(cairosvg.svg2pdf(bytestring=data, unsafe=False))
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


def _convert_to(svg: str, fmt: str, dest: str) -> str:
    _write_atomic(Path(dest), convert(svg, fmt))
    return dest


def _pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` (fast, nothing re-imported) when this process runs a single
    thread; otherwise ``forkserver`` (or ``spawn``), because forking a process
    with threads (``mkdocs serve`` has several) can deadlock the child. Those
    two re-import the ``__main__`` module in the workers, so a script that
    calls :func:`run_exports` from a thread needs the usual
    ``if __name__ == "__main__":`` guard."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_exports(jobs: Sequence[ExportJob], *, workers: Optional[int] = None, stats: Optional[ExportStats] = None) -> ExportStats:
    """Make every job's cache file that does not exist yet; conversions run in parallel.

    ``workers``: processes for PNG/PDF conversion (default: the usable cores;
    ``1`` converts in this process). SVG files are always written here.
    """
    stats = stats if stats is not None else ExportStats()
    start = time.perf_counter()
    todo: list[ExportJob] = []
    seen: set[Path] = set()
    for job in jobs:
        if job.cache_path in seen:
            stats.count(job, made=False)
            continue
        seen.add(job.cache_path)
        if job.cached:
            _touch(job.cache_path)
            stats.count(job, made=False)
        elif job.fmt == "svg":
            _write_atomic(job.cache_path, convert(job.svg, "svg"))
            stats.count(job, made=True)
        else:
            todo.append(job)
    # Largest drawings first, so the pool's last task is a short one.
    todo.sort(key=lambda j: (-len(j.svg), j.fmt == "pdf"))
    n = min(workers or default_workers(), len(todo))
    stats.workers = max(stats.workers, n)
    if n <= 1:
        for job in todo:
            _convert_to(job.svg, job.fmt, str(job.cache_path))
            stats.count(job, made=True)
    else:
        with cf.ProcessPoolExecutor(max_workers=n, mp_context=_pool_context()) as pool:
            futures = {pool.submit(_convert_to, job.svg, job.fmt, str(job.cache_path)): job for job in todo}
            for future in cf.as_completed(futures):
                future.result()
                stats.count(futures[future], made=True)
    stats.seconds += time.perf_counter() - start
    return stats


def place_exports(jobs: Sequence[ExportJob], out_dir: Path, *, stats: Optional[ExportStats] = None) -> list[Path]:
    """Copy each job's cached file to ``out_dir / job.name``."""
    out_dir = Path(out_dir)
    written = []
    for job in jobs:
        dest = out_dir.joinpath(*job.name.split("/"))
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(job.cache_path, dest)
        written.append(dest)
    if stats is not None:
        stats.files.extend(written)
    return written


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def prune_cache(cache_dir: Path, *, keep: Iterable[Path] = (), max_age_days: float = CACHE_MAX_AGE_DAYS) -> int:
    """Delete cached exports not used for ``max_age_days`` (except ``keep``); returns how many."""
    cache_dir = Path(cache_dir)
    if not cache_dir.is_dir():
        return 0
    kept = {Path(p).resolve() for p in keep}
    limit = time.time() - max_age_days * 86400
    removed = 0
    for path in cache_dir.iterdir():
        if path.suffix.lstrip(".") not in FORMATS or not path.is_file() or path.resolve() in kept:
            continue
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
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
        "-f", "--format", dest="formats", action="append", metavar="png|pdf|svg",
        help="format to export; repeat or separate with commas (default: svg,png,pdf)",
    )
    parser.add_argument("-o", "--output", dest="out_dir", default=".", metavar="DIR", help="folder to write to (default: .)")
    parser.add_argument("-j", "--workers", type=int, default=None, help="conversion processes (default: one per core)")
    parser.add_argument(
        "--cache-dir", default=None, metavar="DIR",
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
    (0 done, 1 a map has errors, 2 bad usage)."""
    from .loader import load_project

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
            print(f"{prog}: error: {args.path} is not a journey map (brand and persona files have no diagram)", file=sys.stderr)
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
    stats = export_all(project, good, out_dir=Path(args.out_dir), cache_dir=cache_dir, formats=formats, workers=args.workers)
    if not args.quiet:
        for file in stats.files:
            print(_shown(file))
        print(stats.summary(), file=sys.stderr)
    return 1 if failed else 0


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
