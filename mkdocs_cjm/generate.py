"""``mkdocs-cjm generate``: the whole journey site as plain files, for any Markdown site generator.

:func:`site_files` renders what the plugin adds to a build, as files: every page
of :meth:`~mkdocs_cjm.pages.PageRenderer.all_pages` (journeys, personas,
promises, indexes, insight pages) with its diagrams drawn in (the markup of the
plugin's pages, links relative), the downloads next to the journey pages and the
stylesheets under ``assets/cjm/``. :func:`write_files` puts them in a folder
and keeps a manifest (:data:`MANIFEST`) of what it wrote, so that a later run
removes the pages of a journey that went away, ``--clean`` removes exactly what
was written, and nothing else in the folder is touched. A file whose content did
not change is not written again (its modification time stays). Nothing is ever
written into the maps folder. This module does not import MkDocs.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Optional

from . import export as X
from .export.cache import _safe_dest
from .export.conversion import _write_atomic
from .pages import Page
from .problems import Problem, sort_problems
from .siteconfig import SiteConfig, UsageError, add_site_path, read_site_config
from .state import ASSETS, ASSETS_DIR, PAGE_MARKER, SCRIPTS, SLOT, BuildState, print_fit, search_excluded

#: The manifest of what ``generate`` wrote, in the output folder (a dot file: site generators skip it).
MANIFEST = ".mkdocs-cjm-generated.json"


@dataclass
class Written:
    """What :func:`write_files` did, by path relative to the output folder."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: Files of an earlier run changed by hand since: left in place.
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.written)} written", f"{len(self.unchanged)} unchanged", f"{len(self.removed)} removed"]
        if self.kept:
            parts.append(f"{len(self.kept)} changed by hand and left in place")
        return ", ".join(parts)


#: What the links in the pages' HTML are relative to, by the site generator that serves them: Zensical
#: re-bases them from the page's file to its address, MkDocs (without the plugin) leaves them as they are.
TARGETS = {"zensical": True, "mkdocs": False}


def site_files(
    site: SiteConfig, *, use_directory_urls: bool = True, exports: bool = True, target: str = "zensical"
) -> tuple[dict[str, bytes], list[Problem], list[str]]:
    """Every file of the journey site (path -> bytes), the maps' problems and the export warnings.

    ``target``: the site generator that will serve them (:data:`TARGETS`)."""
    options = site.options
    options["exports"] = bool(options["exports"]) and exports
    docs_dir = site.docs_dir or site.root / "docs"
    state = BuildState(site.maps_dir.resolve(), site.root.resolve(), docs_dir.resolve(), options, site.today)
    state.use_directory_urls = use_directory_urls
    state.links_from_file = TARGETS[target]
    state.load()
    files: dict[str, bytes] = {}
    for page in state.pages:
        files[page.uri] = (fill_slots(state, page) + "\n" + PAGE_MARKER + "\n").encode("utf-8")
    notes: list[str] = []
    if state.export_formats:
        stats = X.ExportStats()
        jobs = state.export_jobs()
        X.run_exports(jobs, stats=stats)
        for job in jobs:
            data = None if job.skip or stats._failed(job) else X.read_cached(job)
            if data is not None:
                files[job.name] = data
        notes += [f.format() for f in stats.failures] + [s.format() for s in stats.skipped]
    for asset in ASSETS + SCRIPTS:
        files[f"{ASSETS_DIR}/{asset}"] = resources.files("mkdocs_cjm").joinpath("assets", asset).read_bytes()
    return files, list(state.project.all_problems()), notes


def fill_slots(state: BuildState, page: Page) -> str:
    """A page's Markdown with each diagram slot holding its diagram (as raw HTML, links relative to the page)."""

    def diagram(match: re.Match[str]) -> str:
        journey = state.project.journeys.get(html.unescape(match.group(1)))
        if journey is None or journey.is_broken:
            return ""
        own = page.kind == "journey" and page.depends_on[:1] == (journey.id,)
        return search_excluded(print_fit(state.diagram(journey, "" if own else page.uri)))

    return SLOT.sub(diagram, page.markdown)


# -- writing ------------------------------------------------------------------------
def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(out: Path) -> dict[str, str]:
    """The files an earlier run wrote into ``out`` and their digests (none when there is no manifest)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def _current(path: Path) -> Optional[bytes]:
    try:
        return path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None


def write_files(out: Path, files: dict[str, bytes], *, force: bool = False) -> Written:
    """Put ``files`` in ``out`` (see the module docstring). A file there that an earlier run did not
    write is never overwritten without ``force``: :class:`UsageError` names them, nothing is written."""
    before = read_manifest(out)
    done = Written()
    targets = {name: _safe_dest(out, name) for name in sorted(files)}
    in_the_way = [
        name for name, path in targets.items() if name not in before and _current(path) not in (None, files[name])
    ]
    if in_the_way and not force:
        shown = ", ".join(in_the_way[:5]) + (f" and {len(in_the_way) - 5} more" if len(in_the_way) > 5 else "")
        raise UsageError(
            f"{out}: {shown} exist(s) and were not written by 'mkdocs-cjm generate'; move them, or use --force"
        )
    for name, path in targets.items():
        if _current(path) == files[name]:
            done.unchanged.append(name)
            continue
        _write_atomic(path, files[name])
        done.written.append(name)
    _remove(out, {k: v for k, v in before.items() if k not in files}, done)
    manifest = {"generator": "mkdocs-cjm generate", "files": {name: _digest(files[name]) for name in sorted(files)}}
    text = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8")
    if _current(out / MANIFEST) != text:
        _write_atomic(out / MANIFEST, text)
    return done


def clean(out: Path) -> Written:
    """Remove what earlier runs wrote into ``out`` (files changed by hand since are kept), and the manifest."""
    done = Written()
    _remove(out, read_manifest(out), done)
    try:
        (out / MANIFEST).unlink()
    except FileNotFoundError:
        pass
    return done


def _remove(out: Path, stale: dict[str, str], done: Written) -> None:
    for name in sorted(stale):
        try:
            path = _safe_dest(out, name)
        except ValueError:
            continue
        data = _current(path)
        if data is None:
            continue
        if _digest(data) != stale[name]:
            done.kept.append(name)
            continue
        path.unlink()
        done.removed.append(name)
        folder = path.parent
        while folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


# -- the command ----------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_path(parser)
    parser.add_argument("--out", "-o", required=True, metavar="DIR", help="the folder to write into (e.g. docs)")
    parser.add_argument("--clean", action="store_true", help="remove what earlier runs wrote into DIR, write nothing")
    parser.add_argument("--force", action="store_true", help="overwrite files in DIR that an earlier run did not write")
    parser.add_argument("--no-exports", action="store_true", help="no SVG/PNG/PDF downloads (they need Cairo)")
    parser.add_argument(
        "--for",
        dest="target",
        choices=sorted(TARGETS),
        default="zensical",
        help="the site generator that serves DIR: links in the diagrams' HTML are written for it "
        "(zensical re-bases them from the page's file, mkdocs leaves them as they are; default: zensical)",
    )
    parser.add_argument(
        "--no-directory-urls",
        action="store_true",
        help="the site serves pages as journeys/x.html, not journeys/x/ (MkDocs' use_directory_urls: false)",
    )


def run(args: argparse.Namespace) -> int:
    """The command: exit 0 when written, 1 when the maps have errors (the pages are written all the same)."""
    site = read_site_config(Path(args.path))
    out = Path(args.out).resolve()
    maps_dir = site.maps_dir.resolve()
    if out == maps_dir or maps_dir in out.parents:
        raise UsageError(f"{args.out}: inside the maps folder {site.maps_dir}; generate never writes there")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{args.out}: not a folder")
    if args.clean:
        done = clean(out)
        _tell(done, out)
        return 0
    for problem in site.problems:
        # A site moved to Zensical has no cjm plugin: the default options are what it means.
        if not (site.plugin_enabled is False and problem.path == "plugins" and not problem.is_error):
            print(problem.format(), file=sys.stderr)
    try:
        files, problems, notes = site_files(
            site, use_directory_urls=not args.no_directory_urls, exports=not args.no_exports, target=args.target
        )
    except (ImportError, OSError) as exc:
        print(
            f"mkdocs-cjm generate: could not make the diagram downloads: {exc} (or use --no-exports)", file=sys.stderr
        )
        return 1
    bad = [n for n in files if (out / n).resolve() == maps_dir or maps_dir in (out / n).resolve().parents]
    if bad:
        raise UsageError(f"{bad[0]}: would go into the maps folder {site.maps_dir}; choose other page folders")
    for problem in sort_problems(problems):
        print(problem.format(), file=sys.stderr)
    for note in notes:
        print(note, file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    done = write_files(out, files, force=args.force)
    _tell(done, out)
    errors = [p for p in [*problems, *site.problems] if p.is_error]
    return 1 if errors else 0


def _tell(done: Written, out: Path) -> None:
    for name in done.kept:
        print(f"{out / name}: changed since it was generated; left in place", file=sys.stderr)
    print(f"{out}: {done.summary()}", file=sys.stderr)
