"""Downloads are the same byte for byte however many workers made them, in whatever order.

A PDF converted earlier in the same process changes the anti-aliasing of a later PNG
(cairo keeps font state across surfaces), so :func:`run_exports` makes every PNG before
any PDF. Each side runs in a fresh process: this test process may have converted PDFs already.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support.maps import REPO

pytest.importorskip("cairosvg")

ROOT = REPO

_SETUP = """
import hashlib, sys
from pathlib import Path
from mkdocs_cjm import export as X
from mkdocs_cjm.load.walk import load_project
project = load_project(Path(sys.argv[1]))
# The journey with the smallest drawing gets its PNG checked; the largest makes a PDF, which by
# size alone would come before that PNG.
by_size = sorted(project.journeys.values(), key=lambda j: len(X.standalone_svg(project, j)))
small, big = by_size[0], by_size[-1]
"""

ALONE = (
    _SETUP
    + """
svg = X.standalone_svg(project, small)
print(hashlib.sha256(X.convert(svg, "png", X.export_scale(svg, "png"))).hexdigest())
"""
)

IN_A_RUN = (
    _SETUP
    + """
# This process converts a PDF first: its workers must not inherit what that did to cairo.
X.convert(X.standalone_svg(project, big), "pdf")
jobs = X.plan_exports(project, [big, small], cache_dir=Path(sys.argv[2]), formats=["png", "pdf"])
X.run_exports(jobs, workers=int(sys.argv[3]))
job = next(j for j in jobs if j.journey_id == small.id and j.fmt == "png")
print(hashlib.sha256(job.cache_path.read_bytes()).hexdigest())
"""
)


def _digest(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_png_is_the_same_whatever_was_converted_before_it(tmp_path: Path, workers: int) -> None:
    maps = str(ROOT / "maps")
    assert _digest(IN_A_RUN, maps, str(tmp_path / "cache"), str(workers)) == _digest(ALONE, maps)
