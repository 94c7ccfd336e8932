"""The painter (mkdocs_cjm/export/paint.py) draws the exports as cairosvg draws them.

Each drawing is made twice, by the painter and by cairosvg, and compared: same size, and
after a 4 x 4 box downscale the mean absolute difference per channel at most
:data:`MEAN_BOUND` and no pixel off by more than :data:`MAX_BOUND` (measured: mean 0.001,
max 2 to 4 on every journey of maps/, the benchmark maps and these fixtures; cairosvg places
each letter by itself, so glyphs land a pixel apart here and there, which a 4 x 4 block
averages to a few levels; a missing card, a wrong colour or a line of text out of place
is tens to hundreds of levels in a block), and no 16 x 16 area where one has ink and the
other none. The PDF's text is whole words (pdftotext), anything the painter does not know
goes to cairosvg, and the same SVG makes the same bytes.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from support.journeys import busy_journey, project_for
from support.maps import EXAMPLE_MAPS

from mkdocs_cjm import export as X
from mkdocs_cjm.export import surfaces
from mkdocs_cjm.export.conversion import convert
from mkdocs_cjm.export.svgpath import Unsupported, parse_path
from mkdocs_cjm.loader import load_project

pytest.importorskip("cairosvg")

#: Mean absolute difference per channel (0-255) of the 4 x 4 downscaled images, at most.
MEAN_BOUND = 0.25
#: Largest difference of one downscaled pixel (one 4 x 4 block) in any channel.
MAX_BOUND = 32


def _inflate(body: bytes) -> bytes:
    try:
        return zlib.decompress(body)
    except zlib.error:  # not a deflated stream
        return b""


def _image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def _ink(image: Image.Image) -> Image.Image:
    """Per 16 x 16 block, the share of pixels clearly darker than the paper (0-255)."""
    return image.convert("L").point(lambda v: 255 if v < 200 else 0).reduce(16)


def assert_same_picture(ours: bytes, theirs: bytes) -> None:
    a, b = _image(ours), _image(theirs)
    assert a.size == b.size
    diff = ImageChops.difference(a.reduce(4), b.reduce(4))
    assert max(ImageStat.Stat(diff).mean) <= MEAN_BOUND
    assert max(high for _, high in diff.getextrema()) <= MAX_BOUND
    ink_a, ink_b = _ink(a).tobytes(), _ink(b).tobytes()
    lonely = [k for k, (p, q) in enumerate(zip(ink_a, ink_b)) if (p >= 8 and q == 0) or (q >= 8 and p == 0)]
    assert lonely == []


def _example_svgs() -> dict[str, str]:
    project = load_project(EXAMPLE_MAPS)
    return {j.id: X.standalone_svg(project, j) for j in project.journeys.values() if not j.is_broken}


def _rich_svg() -> str:
    """Hebrew (visual order), Arabic, CJK, emoji, icons, ratings, loops with arrowheads."""
    journey = busy_journey(3, 3, jid="rich")
    return X.standalone_svg(project_for(journey), journey)


@pytest.fixture(scope="module")
def rich() -> str:
    svg = _rich_svg()
    for needle in ("bidi-override", 'direction="rtl"', "marker-end", " scale(", "<a ", "stroke-dasharray"):
        assert needle in svg, needle
    return svg


# -- PNG: the same picture as cairosvg's ----------------------------------------------------
@pytest.mark.parametrize("jid", sorted(_example_svgs()))
def test_example_journeys_look_as_cairosvg_draws_them(jid: str) -> None:
    svg = _example_svgs()[jid]
    ours = surfaces.to_png(svg, 1.0)  # raises Unsupported if the painter cannot draw it
    assert_same_picture(ours, convert(svg, "png", 1.0, painter=False))


def test_rtl_icons_and_markers_look_as_cairosvg_draws_them(rich: str) -> None:
    ours = convert(rich, "png", 2.0)
    assert ours == surfaces.to_png(rich, 2.0)  # the painter made it
    assert_same_picture(ours, convert(rich, "png", 2.0, painter=False))


def test_a_png_without_a_background_keeps_its_transparency() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
        '<rect x="10" y="5" width="20" height="10" fill="#4051b5"/></svg>'
    )
    image = Image.open(io.BytesIO(surfaces.to_png(svg, 1.0)))
    assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0 and image.getpixel((20, 10))[3] == 255
    assert_same_picture(surfaces.to_png(svg, 1.0), convert(svg, "png", 1.0, painter=False))


def test_path_commands_and_arcs_as_cairosvg_draws_them() -> None:
    d = (
        "M5 5L30 5l0 10H50h5V5v-2C60 0 70 0 75 5c2 2 4 2 6 0S90 0 95 5s4 4 6 0"
        "M10 40a8 8 0 0 1 16 0A8 4 30 1 0 50 40a3 3 0 1 1 6 0z m10 5 l5 5 5-5z"
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60">'
        '<rect width="120" height="60" fill="#ffffff"/>'
        f'<path d="{d}" fill="#b3261e" fill-opacity="0.4" stroke="#212121" stroke-width="1.5" '
        'stroke-linejoin="round" stroke-linecap="round"/></svg>'
    )
    assert_same_picture(surfaces.to_png(svg, 4.0), convert(svg, "png", 4.0, painter=False))


def test_path_numbers_in_every_spelling() -> None:
    assert parse_path("M1.5.5-2-3") == (("M", (1.5, 0.5)), ("L", (-2.0, -3.0)))
    assert parse_path("m1e1,2E-1a2 2 0 011-2.5") == (("m", (10.0, 0.2)), ("a", (2.0, 2.0, 0.0, 0.0, 1.0, 1.0, -2.5)))
    assert parse_path("L3 4") == (("M", (0.0, 0.0)), ("L", (3.0, 4.0)))
    for bad in ("M0 0Q1 1 2 2", "M0 0L1", "M0 0 A1 1 0 2 0 3 3", "M0 0 x"):
        with pytest.raises(Unsupported):
            parse_path(bad)


# -- PDF ------------------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_text_is_whole_words(tmp_path: Path, rich: str) -> None:
    pdf = tmp_path / "rich.pdf"
    pdf.write_bytes(convert(rich, "pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Checks the size guide" in text
    # One show_text per line: the page's text is the line, spaces included (cairosvg draws letters,
    # its PDF places words apart with no space character between them).
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf.read_bytes(), re.S)
    shown = b"".join(_inflate(body) for body in streams)
    assert b"(Checks the size guide)Tj" in shown


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("fmt", ["pdf", "a1"])
def test_pdf_and_poster_look_as_cairosvg_draws_them(tmp_path: Path, rich: str, fmt: str) -> None:
    shots = []
    for painter in (True, False):
        pdf = tmp_path / f"{fmt}-{painter}.pdf"
        pdf.write_bytes(convert(rich, fmt, X.export_scale(rich, fmt), painter=painter))
        subprocess.run(["pdftoppm", "-r", "48", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
        shots.append(pdf.with_suffix(".png").read_bytes())
    assert_same_picture(*shots)


# -- anything else goes to cairosvg ---------------------------------------------------------
@pytest.mark.parametrize(
    "extra",
    [
        '<ellipse cx="50" cy="30" rx="20" ry="10" fill="#b3261e"/>',
        '<g transform="rotate(20 50 30)"><rect x="40" y="20" width="20" height="20" fill="#1e7b34"/></g>',
        '<path d="M10 10Q40 60 90 10" stroke="#212121" fill="none"/>',
        '<text x="10" y="40" stroke="#b3261e">stroked</text>',
        '<rect x="5" y="5" width="30" height="30" opacity="0.5" fill="#4051b5"/>',
        '<text x="10" y="40"><tspan fill="#b3261e">span</tspan></text>',
    ],
    ids=["element", "transform", "path-command", "stroked-text", "attribute", "tspan"],
)
def test_what_the_painter_does_not_know_goes_to_cairosvg(extra: str) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="60" viewBox="0 0 100 60" fill="#212121">'
        f'<rect width="100" height="60" fill="#ffffff"/>{extra}</svg>'
    )
    with pytest.raises(Unsupported):
        surfaces.to_png(svg, 1.0)
    with pytest.raises(Unsupported):
        surfaces.to_pdf(svg, 1.0)
    assert convert(svg, "png", 1.0) == convert(svg, "png", 1.0, painter=False)
    assert _image(convert(svg, "png", 1.0)).getextrema() != ((255, 255),) * 3  # drawn, not lost


# -- determinism ----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["png", "pdf", "a1"])
def test_same_svg_same_bytes(rich: str, fmt: str) -> None:
    scale = X.export_scale(rich, fmt)
    first = convert(rich, fmt, scale, epoch="1700000000")
    assert convert(rich, fmt, scale, epoch="1700000000") == first
    if fmt != "png":
        assert b"/CreationDate (D:20231114221320Z)" in first


def test_cache_keys_name_the_painter(rich: str) -> None:
    from mkdocs_cjm.export import jobs

    assert f"paint{jobs.PAINTER_VERSION}/" in jobs._converters()
    assert X.export_key(rich, "png") != X.export_key(rich, "pdf")
