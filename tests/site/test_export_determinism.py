"""Downloads are the same byte for byte however many workers made them, in whatever order.

cairo resolves a font once per process, with the options of the first surface that uses it:
a PDF converted first used to change the anti-aliasing of every later PNG. The painter
resolves its fonts on an image surface before anything uses them (``paint.font_face``), and
the pool's fork server does it once for its workers (``export.preload``), so a journey's PNG
and PDF are painted together and in any order. Each side runs in a fresh process: this test
process may have converted PDFs already.
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


PDF_FIRST = (
    _SETUP
    + """
# This process converts a PDF (and a poster) first, then the PNG, itself.
X.convert(X.standalone_svg(project, big), "pdf")
X.convert(X.standalone_svg(project, big), "a1")
svg = X.standalone_svg(project, small)
print(hashlib.sha256(X.convert(svg, "png", X.export_scale(svg, "png"))).hexdigest())
"""
)

TOGETHER = (
    _SETUP
    + """
# The PDF and the PNG from one walk, the PDF's surface first.
from mkdocs_cjm.export.conversion import convert_all
svg = X.standalone_svg(project, small)
pdf, png = convert_all(svg, [("pdf", 1.0), ("png", X.export_scale(svg, "png"))], epoch="1700000000")
print(hashlib.sha256(png).hexdigest(), hashlib.sha256(pdf).hexdigest())
"""
)

PDF_ALONE = (
    _SETUP
    + """
svg = X.standalone_svg(project, small)
print(hashlib.sha256(X.convert(svg, "pdf", 1.0, epoch="1700000000")).hexdigest())
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


def test_a_png_is_the_same_after_a_pdf_in_the_same_process() -> None:
    maps = str(ROOT / "maps")
    assert _digest(PDF_FIRST, maps) == _digest(ALONE, maps)


def test_a_png_and_a_pdf_painted_together_are_the_files_each_makes_alone() -> None:
    maps = str(ROOT / "maps")
    assert _digest(TOGETHER, maps) == f"{_digest(ALONE, maps)} {_digest(PDF_ALONE, maps)}"
