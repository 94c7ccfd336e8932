"""The cache of exports: verifying an entry, copying entries out, pruning old ones.

A cached file is used only when it is a regular file (never a symbolic link)
whose SHA-256 matches the digest written beside it when it was made
(``<key>.<format>.sha256``) and that looks like its format at the expected
size; anything else is deleted and made again (:func:`read_cached`).
:func:`place_exports` copies the files out of the cache, verified again, and
:func:`prune_cache` deletes the entries no build has used for a month.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import struct
import time
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .conversion import _describe, _write_atomic
from .jobs import DIGEST_SUFFIX, ExportJob, ExportStats, _failure
from .limits import FORMATS, POSTERS, svg_size

#: Cached files unused for this many days are deleted by :func:`prune_cache`.
CACHE_MAX_AGE_DAYS = 30

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
    if job.fmt == "pdf" or job.fmt in POSTERS:
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


def _touch(path: Path) -> None:
    try:
        os.utime(path, follow_symlinks=False)
    except (OSError, NotImplementedError):
        pass


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
