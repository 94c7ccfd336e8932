"""Fixtures for every test folder: unit/ (no build, no browser), site/ (real MkDocs builds and the
command line), browser/ (Chromium). The helpers themselves are in tests/support (``from support.maps import …``;
pyproject.toml puts tests/ on the path)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from support.browser import chromium_or_skip
from support.maps import example_maps, write_files


@pytest.fixture
def example_root(tmp_path: Path) -> Path:
    """``tmp_path`` holding the example site's maps (:func:`support.maps.example_maps`) under maps/."""
    write_files(tmp_path, example_maps())
    return tmp_path


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Chromium for the module's tests; they skip when there is none."""
    with chromium_or_skip() as b:
        yield b
