#!/usr/bin/env python3
"""Print what moved between a lock and the packages installed in this environment.

``bash scripts/test.sh --newest`` installs the newest releases that pyproject.toml's ranges
allow into .venv-newest, then runs this with that environment's Python:

    what moved (requirements/test.lock -> newest allowed by pyproject.toml):
      pyyaml 6.0.3 -> 6.0.4

A package only in the lock is shown as ``name 1.0 -> (not installed)``, one only installed as
``name (not in the lock) -> 1.0``. The lock's markers are evaluated for this Python and platform.
The project itself and pip are left out. Uses ``packaging`` (a dependency of pytest).

Usage: python tools/what_moved.py LOCK
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LEFT_OUT = {"mkdocs-cjm", "pip"}


def locked_versions(lock: Path) -> dict[str, str]:
    """Name -> pinned version of each line of a pip-style lock whose marker holds here."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in " #-":
            continue  # hashes, comments and options
        requirement = Requirement(line.rstrip(" \\"))
        if requirement.marker is None or requirement.marker.evaluate():
            (spec,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = spec.version
    return pins


def installed_versions() -> dict[str, str]:
    """Name -> version of each distribution importable here."""
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def moved(locked: dict[str, str], installed: dict[str, str]) -> list[str]:
    """One line per package whose version differs, sorted by name."""
    lines = []
    for name in sorted((locked.keys() | installed.keys()) - LEFT_OUT):
        old, new = locked.get(name, "(not in the lock)"), installed.get(name, "(not installed)")
        if old != new:
            lines.append(f"  {name} {old} -> {new}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    lines = moved(locked_versions(Path(argv[0])), installed_versions())
    print(f"what moved ({argv[0]} -> newest allowed by pyproject.toml):")
    print("\n".join(lines) if lines else "  nothing: the newest releases are the locked ones")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
