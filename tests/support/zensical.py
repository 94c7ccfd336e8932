"""Zensical for the tests, from its own hash-pinned lock (requirements/zensical.lock, made by scripts/lock.sh).

It goes into ``.venv-zensical`` beside the project's ``.venv`` (kept between runs; installed again when
the lock changes). The project is not installed there: the tests run Zensical with the repository on
``PYTHONPATH``, so the extension is the working tree's. Where it cannot be installed (no package index),
the tests that need it are skipped with the reason.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from support.maps import REPO

LOCK = REPO / "requirements" / "zensical.lock"
VENV = REPO / ".venv-zensical"


def zensical() -> Path:
    """The ``zensical`` command, installed from the lock if needed (else the test is skipped)."""
    exe = VENV / "bin" / "zensical"
    stamp = VENV / ".installed"
    want = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if exe.exists() and stamp.exists() and stamp.read_text().strip() == want:
        return exe
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(VENV)],
        [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(LOCK)],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-3:])
            pytest.skip(f"Zensical could not be installed from requirements/zensical.lock: {tail}")
    stamp.write_text(want + "\n")
    return exe
