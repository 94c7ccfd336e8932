"""What to export: the standalone SVG of a journey, the jobs made from it and what a run did.

Every export is drawn from the standalone SVG of :func:`mkdocs_cjm.render.svg.render_svg`
(light palette, styles inlined as presentation attributes, a font stack
cairosvg finds on a bare machine). Results are cached by content hash: the
key of a file (:func:`export_key`) is the SHA-256 of the SVG text, the
format, the scale and what draws it (the painter's version, cairocffi's and
cairosvg's, :func:`_converters`), so an unchanged map is never
converted twice, and any change to the map, the brand file or the renderer
makes a new file. :func:`plan_exports` draws the SVGs and names the cached
files; a conversion that fails or a drawing too big for a format is an
:class:`ExportFailure` in the run's :class:`ExportStats`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..model import Journey
from ..site import Project
from .limits import DEFAULT_FORMATS, FORMATS, export_scale, file_suffix, nominal_scale, svg_size, too_big
from .paint import PAINTER_VERSION

#: Bump to invalidate every cached export.
CACHE_VERSION = "3"
#: Suffix of the file beside a cached export that holds its SHA-256.
DIGEST_SUFFIX = ".sha256"

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

SvgFor = Callable[[Journey], str]
NameFor = Callable[[Journey], str]


def standalone_svg(project: Project, journey: Journey) -> str:
    """The export SVG document of a journey (XML declaration, light palette, inlined styles)."""
    from ..render.svg import render_svg

    return XML_DECLARATION + render_svg(project, journey, standalone=True) + "\n"


def _version(package: str) -> str:
    try:
        from importlib.metadata import version

        return version(package)
    except Exception:  # pragma: no cover - metadata missing
        return "unknown"


@lru_cache(maxsize=1)
def _converters() -> str:
    """What draws the exports: the painter's version, cairocffi's (the cairo it binds) and cairosvg's (the fallback)."""
    return f"paint{PAINTER_VERSION}/cairocffi-{_version('cairocffi')}/cairosvg-{_version('cairosvg')}"


def export_key(svg: str, fmt: str, scale: Optional[float] = None) -> str:
    """The content hash that names a cached export."""
    if scale is None:
        scale = nominal_scale(fmt)
    h = hashlib.sha256()
    h.update(f"cjm-export/{CACHE_VERSION}/{fmt}/{scale!r}/{_converters()}\n".encode())
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
        """Whether the cache holds this export, verified (see :func:`~mkdocs_cjm.export.cache.read_cached`)."""
        from .cache import read_cached  # the cache module imports this one

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
    formats: Iterable[str] = DEFAULT_FORMATS,
    name: NameFor = default_name,
    svg_for: Optional[SvgFor] = None,
) -> list[ExportJob]:
    """Draw each journey's standalone SVG and name its cached files (broken maps are skipped).

    A format the drawing is too big for gets a job with ``skip`` set, which
    :func:`~mkdocs_cjm.export.pool.run_exports` reports and
    :func:`~mkdocs_cjm.export.cache.place_exports` leaves out.
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
                    journey.id,
                    fmt,
                    f"{stem}.{file_suffix(fmt)}",
                    key,
                    cache_dir / f"{key}.{file_suffix(fmt)}",
                    svg,
                    scale,
                    skip,
                    journey.source,
                )
            )
    return jobs
