"""The ``mkdocs-cjm export`` command, and :func:`export_all`, the three steps in one call.

:func:`main_export` exports one journey map or every journey of a maps folder
without building the site (``mkdocs-cjm export PATH --format png|pdf|svg -o
DIR``), through the site's cache when the maps folder belongs to one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..model import Journey
from ..site import Project
from .cache import place_exports
from .jobs import ExportStats, NameFor, _formats, default_name, plan_exports
from .limits import DEFAULT_FORMATS
from .pool import Progress, progress_every, run_exports

DESCRIPTION = "Export journey diagrams as SVG, PNG (2x) and PDF without building the site."


def export_all(
    project: Project,
    journeys: Iterable[Journey],
    *,
    out_dir: Optional[Path],
    cache_dir: Optional[Path] = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    workers: Optional[int] = None,
    name: NameFor = default_name,
    progress: Optional[Progress] = None,
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
        stats = run_exports(jobs, workers=workers, progress=progress)
        if out_dir is not None:
            place_exports(jobs, Path(out_dir), stats=stats)
    finally:
        if temp is not None:
            temp.cleanup()
    stats.seconds = time.perf_counter() - start
    return stats


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
        metavar="png|pdf|svg|a1|a0",
        help="format to export (a1, a0: a poster PDF); repeat or separate with commas (default: svg,png,pdf)",
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


def run(args: argparse.Namespace, *, prog: str = "mkdocs-cjm export") -> int:
    """Run the export command with parsed ``args``; returns the exit status
    (0 done, 1 a map has errors or an export failed, 2 bad usage)."""
    from ..load.walk import load_project

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
    progress = (
        None if args.quiet else progress_every(lambda line: print(f"{prog}: {line}", file=sys.stderr, flush=True))
    )
    stats = export_all(
        project,
        good,
        out_dir=Path(args.out_dir),
        cache_dir=cache_dir,
        formats=formats,
        workers=args.workers,
        progress=progress,
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
