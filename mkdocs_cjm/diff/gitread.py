"""The maps folder at a git revision, read with ``git ls-tree`` and one ``git cat-file --batch``.

Nothing is checked out: the blobs are written into a temporary folder laid out as the repository is, and
:func:`mkdocs_cjm.load.walk.load_project` reads them there, with file names shown as in the repository
(``maps/first-purchase.yml``).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from ..load.walk import load_project
from ..site import Project
from ..uris import Layout


class GitError(Exception):
    """A revision that does not exist, or a folder outside any git repository."""


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], input=data, capture_output=True, check=False, timeout=300
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"git could not run: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def toplevel(folder: Path) -> Path:
    """The work tree root of the repository that holds ``folder``."""
    return Path(_git(folder, "rev-parse", "--show-toplevel").decode("utf-8").strip())


def resolve(repo: Path, revision: str) -> str:
    """The commit a revision names; :class:`GitError` when there is none."""
    if not revision or revision.startswith("-"):
        raise GitError(f"{revision!r}: not a revision")
    try:
        return (
            _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
            .decode("ascii")
            .strip()
        )
    except GitError:
        raise GitError(f"{revision!r}: no such revision in {repo}") from None


def _blobs(repo: Path, commit: str, folder: str) -> list[tuple[str, str]]:
    """``(path, blob id)`` of every regular file under ``folder`` at ``commit`` (symbolic links and
    submodules left out)."""
    out = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", folder)
    found = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split(" ")
        if kind == "blob" and mode in ("100644", "100755"):
            found.append((path.decode("utf-8", "surrogateescape"), blob))
    return found


def extract(repo: Path, commit: str, folder: str, into: Path) -> int:
    """Write the files under ``folder`` (relative to the repository root, ``/``) at ``commit`` into
    ``into``, at their repository paths; returns how many."""
    blobs = _blobs(repo, commit, folder)
    if not blobs:
        return 0
    out = _git(repo, "cat-file", "--batch", data="".join(f"{blob}\n" for _, blob in blobs).encode("ascii"))
    at = 0
    for path, blob in blobs:
        end = out.index(b"\n", at)
        header = out[at:end].decode("ascii").split(" ")
        if header[0] != blob or len(header) != 3:
            raise GitError(f"git cat-file: unexpected answer for {path}")
        size = int(header[2])
        content = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
        target = into.joinpath(*PurePosixPath(path).parts)
        if into.resolve() not in target.resolve().parents:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return len(blobs)


def load_at(
    repo: Path, commit: str, site_root: Path, maps_dir: Path, *, max_file_size: int, layout: Layout = Layout()
) -> Project:
    """The project of the maps folder at ``commit``, with file names relative to the site root."""
    site_rel = site_root.resolve().relative_to(repo.resolve()).as_posix()
    maps_rel = maps_dir.resolve().relative_to(repo.resolve()).as_posix()
    with tempfile.TemporaryDirectory(prefix="cjm-diff-") as tmp:
        base = Path(tmp)
        if not extract(repo, commit, maps_rel, base):
            return Project()  # no maps folder yet (or any more): nothing, and nothing wrong
        site_at = base if site_rel == "." else base / site_rel
        return load_project(
            base if maps_rel == "." else base / maps_rel,
            display_root=site_at,
            max_file_size=max_file_size,
            layout=layout,
        )
