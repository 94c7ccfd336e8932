"""The maps folder: which files are read, and :func:`load_project`, the loader's entry point.

Every YAML file is parsed (from a cache of unchanged files, or in several processes for a big folder), built
into a journey, persona or the brand (:mod:`mkdocs_cjm.load.build`), then the references between files are
checked (:func:`mkdocs_cjm.site.link_project`), the pages planned (:func:`mkdocs_cjm.uris.plan_pages`) and the
metrics CSV files laid over the journeys (:mod:`mkdocs_cjm.load.metrics_csv`).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

from ..data.compute import DATA_DIR, apply_data, looks_like_overlay
from ..model import Journey, Persona
from ..problems import Problem
from ..site import Project, link_project
from ..uris import Layout, plan_pages
from . import yaml_reader
from .build import build_brand, build_persona
from .metrics_csv import apply_metrics_csv
from .positions import YamlFile, where
from .reuse import journey_from
from .yaml_reader import MAX_FILE_SIZE, read_yaml

_YAML_EXT = (".yml", ".yaml")
#: Fewest YAML files worth parsing in several processes.
_PARALLEL_FROM = 24

_Item = TypeVar("_Item", Persona, Journey)


def _walk(maps_dir: Path) -> list[Path]:
    """Every file under the maps folder, by relative path; hidden files and folders and folders starting with
    ``_`` left out, symbolic links to folders not followed."""
    found: list[Path] = []
    for root, dirs, files in os.walk(maps_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if not name.startswith("."):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(maps_dir).as_posix())


def holds_maps(folder: Path) -> bool:
    """Whether a folder holds a file that :func:`load_project` would read (stops at the first)."""
    for _root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
        for name in files:
            lower = name.lower()
            if not name.startswith(".") and lower.endswith(_YAML_EXT + (".csv",)):
                return True
    return False


def load_project(
    maps_dir: Path,
    *,
    docs_dir: Optional[Path] = None,
    display_root: Optional[Path] = None,
    max_file_size: int = MAX_FILE_SIZE,
    cache: Optional[dict[str, Any]] = None,
    jobs: int = 1,
    layout: Layout = Layout(),
    models: Optional[dict[str, Any]] = None,
) -> Project:
    """Load, validate and link every file in ``maps_dir``.

    ``display_root`` is the folder that file names in messages are relative
    to (the site root; default: the parent of ``maps_dir``). ``cache`` (any
    dict kept between calls) lets unchanged files skip parsing; ``models`` (another, with ``cache``) lets the
    journey of an unchanged file skip its validation and build (:mod:`~mkdocs_cjm.load.reuse`: the same
    objects as the last call's, which a call changes: only the last call's project is to be used). ``jobs`` > 1
    parses big folders in that many processes (forked; Linux only, and only
    for single-threaded callers such as ``mkdocs-cjm check``). ``layout``
    places the pages: two pages that want one URI are an error
    (:func:`mkdocs_cjm.uris.plan_pages`). Nothing raises on bad input: a file that cannot be used yields problems, and
    every other file is still loaded.
    """
    # The values built here hold no reference cycles; the cyclic garbage
    # collector would only re-scan them over and over (a fifth of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_project(Path(maps_dir), docs_dir, display_root, max_file_size, cache, jobs, layout, models)
    finally:
        if collecting:
            gc.enable()


def _load_project(
    maps_dir: Path,
    docs_dir: Optional[Path],
    display_root: Optional[Path],
    max_file_size: int,
    cache: Optional[dict[str, Any]],
    jobs: int = 1,
    layout: Layout = Layout(),
    models: Optional[dict[str, Any]] = None,
) -> Project:
    """:func:`load_project` with the garbage collector off."""
    root = display_root if display_root is not None else maps_dir.parent
    project = Project()
    src = project.sources

    def shown(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    if not maps_dir.is_dir():
        project.problems.append(
            Problem(
                shown(maps_dir),
                0,
                0,
                "",
                "maps folder not found",
                code="io",
                hint="create it, or set the plugin option maps_dir",
            )
        )
        return project
    yaml_files, csv_files = _map_files(maps_dir, project, shown)

    parsed: dict[Path, YamlFile] = {}
    if jobs > 1 and cache is None and len(yaml_files) >= _PARALLEL_FROM:
        parsed = _parse_parallel([(path, shown(path)) for path in yaml_files], max_file_size, jobs)
    personas: list[Persona] = []
    journeys: list[Journey] = []
    for path in yaml_files:
        relative = path.relative_to(maps_dir).as_posix()
        lower = relative.lower()
        found = parsed.get(path)
        if found is not None:
            doc, key, raw = found, "", None
        else:
            doc, key, raw = _read_cached(path, shown(path), max_file_size, cache)
        src.add(relative, doc, raw)
        if key:
            src.content[relative] = key
        if lower in ("brand.yml", "brand.yaml"):
            if project.brand.source:
                project.problems.append(
                    Problem(
                        doc.display,
                        1,
                        1,
                        "",
                        f"a second brand file; '{project.brand.source}' is already read",
                        code="duplicate-id",
                        hint="keep one brand file",
                    )
                )
                continue
            project.brand = build_brand(doc, relative)
            src.positions["brand"], src.display["brand"] = doc.positions, doc.display
        elif lower.startswith("personas/"):
            personas.append(build_persona(doc, relative, docs_dir))
        else:
            journeys.append(journey_from(doc, relative, key, project.partial, models))
    _add_unique(project, project.personas, personas, "persona")
    _add_unique(project, project.journeys, journeys, "journey")

    link_project(project, src.positions, src.display, src.key_positions)
    project.page_uris, collisions = plan_pages(project, layout, src.positions, src.display)
    project.problems.extend(collisions)
    data = apply_data(project, maps_dir, shown, cache)
    project.data_warnings = data.warnings
    data_dir = maps_dir / DATA_DIR
    for path in csv_files:
        name = path.relative_to(data_dir).as_posix()
        if name in data.used:
            continue  # a data file named by some `from`, not a metrics overlay
        if not looks_like_overlay(path):
            project.data_warnings.append(
                Problem(
                    shown(path),
                    0,
                    0,
                    "",
                    f"data file '{name}' is read by no metric's 'from' (and is not a metrics overlay)",
                    "warning",
                    "data-unused",
                    "read it with 'from: {file: " + name + ", ...}' on a metric, or remove it",
                )
            )
            continue
        project.problems.extend(apply_metrics_csv(path, shown(path), project, max_size=max_file_size))
    return project


def _map_files(maps_dir: Path, project: Project, shown: Callable[[Path], str]) -> tuple[list[Path], list[Path]]:
    """The YAML files and the metrics CSV files of the maps folder, in order; a symbolic link to outside it is
    a problem of the project, not a file."""
    real_maps = maps_dir.resolve()
    csv_files: list[Path] = []
    yaml_files: list[Path] = []
    for path in _walk(maps_dir):
        relative = path.relative_to(maps_dir).as_posix()
        lower = relative.lower()
        is_csv = lower.startswith("data/") and lower.endswith(".csv")
        if not is_csv and not lower.endswith(_YAML_EXT):
            continue
        if path.is_symlink() and not _inside(path, real_maps):
            # e.g. maps/x.yml -> ~/.ssh/id_rsa: never read, never quoted in a message.
            project.problems.append(
                Problem(
                    shown(path),
                    0,
                    0,
                    "",
                    "file is a symbolic link to outside the maps folder; it is not read",
                    code="path",
                    hint="copy the file into the maps folder",
                )
            )
            continue
        (csv_files if is_csv else yaml_files).append(path)
    return yaml_files, csv_files


def _add_unique(project: Project, found: dict[str, _Item], items: list[_Item], kind: str) -> None:
    """Personas or journeys into ``found`` by id, in file order; one whose id is taken is an error at its ``id``
    (else at the top of its file), and its file counts as broken."""
    positions, display = project.sources.positions, project.sources.display
    for item in items:
        if item.id in found:
            first = found[item.id]
            path = "id" if "id" in positions[item.source] else ""
            line, column = where(positions[item.source], path)
            hint = "give one of them another 'id'" if path else "rename one file, or give it an 'id'"
            item.problems.append(
                Problem(
                    display[item.source],
                    line,
                    column,
                    path,
                    f"{kind} id '{item.id}' is already used by {display[first.source]}",
                    code="duplicate-id",
                    hint=hint,
                )
            )
            project.broken_files[item.source] = item.problems
            continue
        found[item.id] = item


def _parse_parallel(items: list[tuple[Path, str]], max_size: int, jobs: int) -> dict[Path, YamlFile]:
    """Parse files in ``jobs`` processes (this one included); {} where that is not possible."""
    import multiprocessing
    import sys

    if not sys.platform.startswith("linux"):
        return {}
    jobs = min(jobs, len(items))
    chunks = [items[i::jobs] for i in range(jobs)]
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs - 1) as pool:
            pending = [pool.apply_async(_parse_packed, (chunk, max_size)) for chunk in chunks[1:]]
            found = {path: read_yaml(path, shown, max_size=max_size) for path, shown in chunks[0]}
            for chunk, result in zip(chunks[1:], pending):
                for (path, _), doc in zip(chunk, _unpack(result.get(timeout=600))):
                    found[path] = doc
    except Exception:  # pragma: no cover - no processes here: parse in this one
        return {}
    return found


def _parse_packed(chunk: list[tuple[Path, str]], max_size: int) -> bytes:
    """Parse files in a worker; the result packed with marshal (several times faster than pickle)."""
    import marshal
    import pickle

    gc.disable()
    rows = []
    for path, shown in chunk:
        doc = read_yaml(path, shown, max_size=max_size)
        rows.append(
            (
                doc.display,
                doc.data,
                doc.positions,
                doc.key_positions,
                [(p.file, p.line, p.column, p.path, p.message, p.severity, p.code, p.hint) for p in doc.problems],
            )
        )
    try:
        return b"m" + marshal.dumps(rows)
    except ValueError:  # a BigNumber (a str subclass) is not marshallable
        return b"p" + pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(blob: bytes) -> list[YamlFile]:
    """The parsed files a worker packed (:func:`_parse_packed`)."""
    import marshal
    import pickle

    rows = marshal.loads(blob[1:]) if blob[:1] == b"m" else pickle.loads(blob[1:])
    return [
        YamlFile(display, data, positions, key_positions, [Problem(*p) for p in problems])
        for display, data, positions, key_positions, problems in rows
    ]


def _inside(path: Path, folder: Path) -> bool:
    """Whether a path, its symbolic links followed, is inside a (resolved) folder."""
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _read_cached(
    path: Path, shown: str, max_size: int, cache: Optional[dict[str, Any]]
) -> tuple[YamlFile, str, Optional[bytes]]:
    """One file parsed, or taken from ``cache`` when a file with the same bytes and name was parsed before; with
    its cache key (its content hash and name; "" when it was not cached) and the bytes parsed (None when it was
    not cached: read by :func:`~mkdocs_cjm.load.yaml_reader.read_yaml`)."""
    if cache is None:
        return read_yaml(path, shown, max_size=max_size), "", None
    try:
        stat = path.stat()
        if stat.st_size > max_size:
            return read_yaml(path, shown, max_size=max_size), "", None
        raw = path.read_bytes()
    except OSError:
        return read_yaml(path, shown, max_size=max_size), "", None
    import hashlib

    key = hashlib.sha256(raw).hexdigest() + "|" + shown
    hit = cache.get(key)
    if hit is None:
        hit = yaml_reader.parse_yaml(raw, shown)  # on the module: a wrapper (tests, benchmark) sees every parse
        cache[key] = hit
    # The values are shared; the problems list is this build's (a build adds to it).
    return YamlFile(hit.display, hit.data, hit.positions, hit.key_positions, list(hit.problems)), key, raw
