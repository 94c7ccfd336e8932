"""Posters: export formats ``a1`` and ``a0`` make one landscape PDF page of that
paper size with the whole map as large as the paper allows, linked below the
diagram and named (with its address) when the journey page is printed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from support.site import Site, build_site

from mkdocs_cjm import export as X

STEM = "journeys/click-and-collect"
PAGE = "journeys/click-and-collect/index.html"
#: ISO A1 and A0, landscape, in points.
PAPER = {"a1": (2383.94, 1683.78), "a0": (3370.39, 2383.94)}
needs_poppler = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler-utils (pdfinfo, pdftoppm)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(
        tmp_path_factory.mktemp("posters"), plugin={"exports": True, "export_formats": ["svg", "a1", "a0"]}, strict=True
    )


def test_posters_made_and_linked(site: Site) -> None:
    html = site.html(PAGE)
    for fmt, label in (("a1", "A1 poster (PDF)"), ("a0", "A0 poster (PDF)")):
        assert site.exists(f"{STEM}.{fmt}.pdf"), fmt
        assert re.search(rf'<a href="\.\./click-and-collect\.{fmt}\.pdf" download>{re.escape(label)}</a>', html), fmt
    assert not site.exists(f"{STEM}.pdf")  # the plain PDF was not asked for


def test_poster_svg_centres_the_drawing_on_the_page() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="1000" viewBox="0 0 3000 1000"><rect/></svg>'
    page = X.poster_svg(svg, "a1")
    width, height = X.svg_size(page)
    assert (round(width * 0.75, 2), round(height * 0.75, 2)) == PAPER["a1"]
    x, y, w, h = map(float, re.search(r'viewBox="([^"]+)"', page).group(1).split())
    scale = X.poster_scale(3000, 1000, "a1")
    assert w == pytest.approx(width / scale, abs=0.01) and h == pytest.approx(height / scale, abs=0.01)
    assert x == pytest.approx(-(w - 3000) / 2, abs=0.01) and y == pytest.approx(-(h - 1000) / 2, abs=0.01)
    # the wide drawing fills the width within the margins
    assert 3000 * scale == pytest.approx((841 - 2 * X.limits.POSTER_MARGIN_MM) * 96 / 25.4, abs=0.01)
    assert page.endswith("<rect/></svg>") and X.poster_svg(svg, "a1") == page
    # a drawing so big it would be unreadable on the paper is not made
    assert X.export_scale('<svg width="90000" height="100">', "a1") is None
    assert "no A0 poster is made" in (X.size_warning(200_000, 100, ["a0"]) or "")


@needs_poppler
def test_poster_pages_are_a1_and_a0_with_the_map_legible(site: Site, tmp_path: Path) -> None:
    svg_w, svg_h = X.svg_size((site.site_dir / f"{STEM}.svg").read_text(encoding="utf-8"))
    for fmt, (paper_w, paper_h) in PAPER.items():
        pdf = site.site_dir / f"{STEM}.{fmt}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Pages:\s+1\n", info)
        w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
        assert (w, h) == pytest.approx((paper_w, paper_h), abs=0.05)
        # the smallest text of the drawing (10 px) printed at least 9 pt high on the paper
        assert 10 * X.poster_scale(svg_w, svg_h, fmt) * 0.75 >= 9
        out = tmp_path / fmt
        subprocess.run(["pdftoppm", "-png", "-r", "10", "-singlefile", str(pdf), str(out)], check=True)
        image = Image.open(f"{out}.png").convert("L")
        margin = round(X.limits.POSTER_MARGIN_MM / 25.4 * 10) - 1
        band = image.crop((0, 0, image.width, margin))  # the top margin: blank paper
        assert band.getextrema()[0] > 240
        assert image.crop((margin, margin, image.width - margin, image.height - margin)).getextrema()[0] < 160


def test_poster_is_reproducible_with_source_date_epoch(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    svg = (site.site_dir / f"{STEM}.svg").read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    first = X.convert(svg, "a0")
    assert b"/CreationDate (D:20260921141320Z)" in first
    assert X.convert(svg, "a0") == first


def test_print_names_the_posters(site: Site, tmp_path: Path) -> None:
    from support.browser import chromium_or_skip, serve

    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext")
    pdf = tmp_path / "print.pdf"
    with serve(site.site_dir) as base, chromium_or_skip() as browser:
        page = browser.new_page()
        page.goto(base + PAGE, wait_until="networkidle")
        page.wait_for_selector(".cjm-downloads a[data-cjm-url]", state="attached")  # the script has run
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "The whole map, legible at print size:" in text
    for fmt in ("A1", "A0"):
        assert re.search(
            rf"{fmt} poster \(PDF\): http://127\.0\.0\.1:\d+/journeys/click-and-collect\.{fmt.lower()}\.pdf", text
        )
    assert "SVG" not in re.sub(r"(?s).*legible at print size:", "", text).split("\n")[1]
