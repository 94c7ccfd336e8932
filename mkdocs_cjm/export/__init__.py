"""Diagram exports: a standalone SVG, a PNG at 2x and a PDF per journey.

Every export is drawn from the standalone SVG of a journey and painted with
cairo by our own painter (cairosvg for anything it does not know); results are
cached by content hash, and the conversions that miss the cache run in parallel
across processes. Nothing in a map can crash the
export: a drawing too big for Cairo is drawn smaller or skipped with a
warning, and a conversion that fails is reported, not raised.

The work is split in three steps so the MkDocs adapter can overlap the slow
one with the page build: :func:`plan_exports` (draw the SVGs, compute the
keys), :func:`run_exports` (fill the cache; :func:`start_exports` starts it and returns) and
:func:`place_exports` (copy the files out of the cache). :func:`export_all` does all three.
:func:`main_export` is the ``mkdocs-cjm export`` command.

- :mod:`~mkdocs_cjm.export.limits`: the formats, and the sizes and scales they are drawn at;
- :mod:`~mkdocs_cjm.export.jobs`: the standalone SVG, the cache keys, :class:`ExportJob`, :class:`ExportStats`
  and :func:`plan_exports`;
- :mod:`~mkdocs_cjm.export.conversion`: :func:`convert` (the painter, else cairosvg), the reproducible PDF date,
  writing files safely;
- the painter: :mod:`~mkdocs_cjm.export.svgvocab` (what it knows of the SVG), :mod:`~mkdocs_cjm.export.paint`
  (the tree onto a cairo context, through :mod:`~mkdocs_cjm.export.direct`),
  :mod:`~mkdocs_cjm.export.svgpath` (path data), :mod:`~mkdocs_cjm.export.surfaces` (PNG and PDF bytes);
- :mod:`~mkdocs_cjm.export.cache`: verifying cached files, :func:`place_exports`, :func:`prune_cache`;
- :mod:`~mkdocs_cjm.export.pool`: the worker processes and :func:`run_exports`
  (:mod:`~mkdocs_cjm.export.preload`: what their fork server loads, fonts included);
- :mod:`~mkdocs_cjm.export.cli`: :func:`export_all` and the ``mkdocs-cjm export`` command.

This package re-exports the public names (``from mkdocs_cjm import export as X; X.plan_exports``). The limits
are read where they are used: to change one (in a test), set it on :mod:`~mkdocs_cjm.export.limits`, not here.
The pool's modules are imported only where a pool runs, and cairo and cairosvg only where a conversion runs, so
:mod:`mkdocs_cjm.check` can use the sizes cheaply. This package does not import MkDocs.
"""

from __future__ import annotations

from .cache import CACHE_MAX_AGE_DAYS, place_exports, prune_cache, read_cached
from .cli import add_arguments, build_parser, export_all, main_export, run
from .conversion import convert
from .jobs import (
    CACHE_VERSION,
    DIGEST_SUFFIX,
    ExportFailure,
    ExportJob,
    ExportStats,
    default_name,
    export_key,
    plan_exports,
    standalone_svg,
)
from .limits import (
    DEFAULT_FORMATS,
    FORMATS,
    MAX_PDF_SIDE,
    MAX_PNG_PIXELS,
    MAX_PNG_SIDE,
    MIN_EXPORT_SCALE,
    PNG_SCALE,
    POSTERS,
    PT_PER_PX,
    export_scale,
    file_suffix,
    fitting_scale,
    nominal_scale,
    poster_scale,
    poster_svg,
    size_warning,
    svg_size,
    too_big,
)
from .pool import ExportRun, default_workers, progress_every, run_exports, start_exports

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "POSTERS",
    "file_suffix",
    "poster_scale",
    "poster_svg",
    "PNG_SCALE",
    "MAX_PNG_SIDE",
    "MAX_PNG_PIXELS",
    "MAX_PDF_SIDE",
    "MIN_EXPORT_SCALE",
    "PT_PER_PX",
    "CACHE_VERSION",
    "DIGEST_SUFFIX",
    "CACHE_MAX_AGE_DAYS",
    "ExportJob",
    "ExportStats",
    "ExportFailure",
    "svg_size",
    "nominal_scale",
    "fitting_scale",
    "export_scale",
    "size_warning",
    "too_big",
    "standalone_svg",
    "export_key",
    "default_name",
    "convert",
    "read_cached",
    "plan_exports",
    "run_exports",
    "start_exports",
    "ExportRun",
    "progress_every",
    "default_workers",
    "place_exports",
    "export_all",
    "prune_cache",
    "add_arguments",
    "build_parser",
    "run",
    "main_export",
]
