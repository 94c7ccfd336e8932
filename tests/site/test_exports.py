"""Diagram downloads: the standalone SVG, a PNG at 2x and a PDF per journey.

Built by the plugin next to each journey page (and linked from it), or by
``mkdocs-cjm export`` without a site build; cached by content hash under
``.cache/plugin/cjm``. The PNG and PDF are also looked at: rendered (pdftoppm
for the PDF) and checked for ink where the title and the cards are; copies
go to /tmp/cjm-shots/ for a human to look at.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from support.browser import COLOUR_JS
from support.maps import FUTURE, example_maps
from support.site import PALETTE_THEME, Site, build_site

from mkdocs_cjm import export as X
from mkdocs_cjm.loader import load_project

SVG = "{http://www.w3.org/2000/svg}"
SHOTS = Path("/tmp/cjm-shots")
JOURNEY_PAGES = {
    "click-and-collect": "journeys/click-and-collect/index.html",
    "click-and-collect-future": "journeys/omni/click-and-collect-future/index.html",
}
FILES = {
    "click-and-collect": "journeys/click-and-collect",
    "click-and-collect-future": "journeys/omni/click-and-collect-future",
}


def _stats_line(site: Site) -> str:
    lines = [m for m in site.messages(0) if "Diagram downloads:" in m]
    assert len(lines) == 1, site.messages(0)
    return lines[0]


def _counts(site: Site) -> tuple[int, int]:
    match = re.search(r"(\d+) made, (\d+) from cache", _stats_line(site))
    assert match
    return int(match.group(1)), int(match.group(2))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("exports"), plugin={"exports": True}, strict=True)


def _svg_size(path: Path) -> tuple[float, float]:
    root = ET.parse(path).getroot()
    return float(root.get("width")), float(root.get("height"))


def _ink(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    """Share of pixels in ``box`` clearly darker than the white paper."""
    region = image.convert("L").crop(box)
    hist = region.histogram()
    dark = sum(hist[:160])
    return dark / max(1, region.width * region.height)


# -- the site ------------------------------------------------------------------------
def test_downloads_made_and_linked(site: Site) -> None:
    assert _counts(site) == (6, 0)
    for journey, uri in JOURNEY_PAGES.items():
        html = site.html(uri)
        block = re.search(r'<p class="cjm-downloads">(.*?)</p>', html, re.S)
        assert block, uri
        hrefs = re.findall(r'<a href="([^"]+)" download>', block.group(1))
        assert [h.rsplit(".", 1)[1] for h in hrefs] == ["svg", "png", "pdf"]
        for href in hrefs:
            # relative to the page's URL (use_directory_urls: the page is a folder)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), urllib.parse.unquote(href)))
            assert target == f"{FILES[journey]}.{href.rsplit('.', 1)[1]}"
            assert site.exists(target), target


def test_links_without_directory_urls(tmp_path: Path, site: Site) -> None:
    shutil.copytree(site.root / ".cache", tmp_path / ".cache")  # warm: nothing to convert
    flat = build_site(tmp_path, config={"use_directory_urls": False}, plugin={"exports": True}, strict=True)
    assert _counts(flat) == (0, 6)
    html = flat.html("journeys/omni/click-and-collect-future.html")
    assert 'href="click-and-collect-future.png"' in html
    assert flat.exists("journeys/omni/click-and-collect-future.png")


def test_svg_is_standalone_and_well_formed(site: Site) -> None:
    for _journey, stem in FILES.items():
        path = site.site_dir / f"{stem}.svg"
        text = path.read_text(encoding="utf-8")
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
        root = ET.fromstring(text.encode("utf-8"))  # well-formed XML
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
        assert root.get("viewBox") and float(root.get("width")) > 0
        # styles inlined: light palette in presentation attributes, no stylesheet, no CSS variables
        assert "var(--" not in text and "<style" not in text and "<link" not in text
        assert root.get("fill", "").startswith("#")
        assert "DejaVu Sans" in root.get("font-family", "")
        # nothing fetched from anywhere
        assert not re.search(r'(?:href|src)="(?:https?:)?//', text)
        # the title is drawn inside the standalone SVG
        assert any(t.text and "Buy online, collect in store" in t.text for t in root.iter(f"{SVG}text"))


def test_png_is_twice_the_svg_and_readable(site: Site) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for journey, stem in FILES.items():
        width, height = _svg_size(site.site_dir / f"{stem}.svg")
        image = Image.open(site.site_dir / f"{stem}.png")
        assert image.format == "PNG"
        assert abs(image.width - 2 * width) <= 1 and abs(image.height - 2 * height) <= 1, (image.size, width, height)
        # ink where the title is drawn (top left) and in the body; white paper around
        assert _ink(image, (0, 0, min(image.width, 900), 80)) > 0.01
        assert _ink(image, (0, 0, image.width, image.height)) > 0.02
        assert image.convert("L").getpixel((image.width - 2, image.height - 2)) > 240
        shutil.copyfile(site.site_dir / f"{stem}.png", SHOTS / f"export-{journey}.png")


def _pdf_pages(path: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page\b", path.read_bytes()))


def test_pdf_has_one_page_of_the_diagram(site: Site) -> None:
    for _journey, stem in FILES.items():
        pdf = site.site_dir / f"{stem}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert _pdf_pages(pdf) == 1
        if shutil.which("pdfinfo"):
            out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", out).groups())
            sw, sh = _svg_size(site.site_dir / f"{stem}.svg")
            assert abs(w - sw * 0.75) < 1 and abs(h - sh * 0.75) < 1  # CSS px -> pt


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs pdftoppm (poppler-utils)")
def test_pdf_renders_readably(site: Site, tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for journey, stem in FILES.items():
        out = tmp_path / journey
        subprocess.run(
            ["pdftoppm", "-png", "-r", "96", "-singlefile", str(site.site_dir / f"{stem}.pdf"), str(out)], check=True
        )
        image = Image.open(f"{out}.png")
        width, height = _svg_size(site.site_dir / f"{stem}.svg")
        assert abs(image.width - width) <= 2 and abs(image.height - height) <= 2
        assert _ink(image, (0, 0, min(image.width, 450), 40)) > 0.01  # the title
        assert _ink(image, (0, 0, image.width, image.height)) > 0.02
        shutil.copyfile(f"{out}.png", SHOTS / f"export-{journey}-pdf.png")


# -- the cache ----------------------------------------------------------------------
def test_cache_next_to_mkdocs_yml_and_nothing_in_maps(site: Site) -> None:
    cache = site.root / ".cache" / "plugin" / "cjm"
    exports = sorted(p.suffix for p in cache.iterdir() if not p.name.endswith(".sha256"))
    assert exports == [".pdf", ".pdf", ".png", ".png", ".svg", ".svg"]
    # beside each PNG and PDF, the SHA-256 of its bytes (an SVG is checked against the drawing itself)
    digests = sorted(p.name for p in cache.iterdir() if p.name.endswith(".sha256"))
    assert digests == sorted(p.name + ".sha256" for p in cache.iterdir() if p.suffix in (".png", ".pdf"))
    assert all(re.fullmatch(r"[0-9a-f]{64}\.(svg|png|pdf)(\.sha256)?", p.name) for p in cache.iterdir())
    in_maps = sorted(p.relative_to(site.root).as_posix() for p in (site.root / "maps").rglob("*") if p.is_file())
    assert in_maps == sorted(example_maps())


def test_unchanged_maps_are_not_exported_again(tmp_path: Path, site: Site) -> None:
    shutil.copytree(site.root / ".cache", tmp_path / ".cache")
    warm = build_site(tmp_path, plugin={"exports": True})
    assert _counts(warm) == (0, 6)
    for stem in FILES.values():
        assert (warm.site_dir / f"{stem}.png").read_bytes() == (site.site_dir / f"{stem}.png").read_bytes()
    # change one map: only its three files are made again
    files = example_maps()
    files["maps/omni/click-and-collect-future.yml"] = FUTURE.replace("Ad with local stock", "Ad with stock nearby")
    changed = build_site(tmp_path, files, plugin={"exports": True})
    assert _counts(changed) == (3, 3)
    assert "Ad with stock nearby" in (changed.site_dir / "journeys/omni/click-and-collect-future.svg").read_text()


def test_exports_off(tmp_path: Path) -> None:
    site = build_site(tmp_path, plugin={"exports": False})
    assert 'class="cjm-downloads"' not in site.html("journeys/click-and-collect/index.html")
    assert not list((site.site_dir / "journeys").rglob("*.png")) and not (tmp_path / ".cache").exists()
    assert not [m for m in site.messages(0) if "Diagram downloads" in m]


def test_broken_map_has_no_downloads(tmp_path: Path) -> None:
    files = example_maps()
    files["maps/broken.yml"] = "title: Broken\nstages: []\n"
    site = build_site(tmp_path, files, plugin={"exports": True, "export_formats": ["svg"]})
    assert 'class="cjm-downloads"' not in site.html("journeys/broken/index.html")
    assert not site.exists("journeys/broken.svg")
    assert site.exists("journeys/click-and-collect.svg")


# -- the API and the command ----------------------------------------------------------
def test_export_all_reports_made_and_cached(tmp_path: Path, site: Site) -> None:
    project = load_project(site.root / "maps")
    journeys = [project.journeys["click-and-collect-future"]]
    cold = X.export_all(
        project, journeys, out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", formats=["png", "pdf"], workers=2
    )
    # One journey is one worker call (its PNG and PDF painted in one walk): one worker, whatever is allowed.
    assert (cold.made, cold.cached, cold.workers) == (2, 0, 1)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "click-and-collect-future.pdf",
        "click-and-collect-future.png",
    ]
    warm = X.export_all(
        project, journeys, out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", formats=["png", "pdf"]
    )
    assert (warm.made, warm.cached) == (0, 2)
    assert warm.by_format == {"png": {"made": 0, "cached": 1}, "pdf": {"made": 0, "cached": 1}}
    assert "0 made, 2 from cache" in warm.summary()


def test_command_exports_one_map(site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = X.main_export([str(site.root / "maps/click-and-collect.yml"), "--format", "png", "-o", str(out)])
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["click-and-collect.png"]
    # the site's cache (next to its mkdocs.yml) was used: nothing converted
    assert "0 made, 1 from cache" in capsys.readouterr().err
    assert (
        Image.open(out / "click-and-collect.png").size
        == Image.open(site.site_dir / "journeys/click-and-collect.png").size
    )


def test_command_exports_a_folder(site: Site, tmp_path: Path) -> None:
    code = X.main_export([str(site.root / "maps"), "-f", "svg", "-f", "pdf", "-o", str(tmp_path), "-q"])
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "click-and-collect-future.pdf",
        "click-and-collect-future.svg",
        "click-and-collect.pdf",
        "click-and-collect.svg",
    ]


def test_command_errors(site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    maps = tmp_path / "maps"
    shutil.copytree(site.root / "maps", maps)
    (maps / "broken.yml").write_text(
        "title: Broken\nstages:\n  - name: A\n    steps:\n      - touchpoint: X\n        emotion: 9\n"
    )
    assert X.main_export([str(maps / "broken.yml"), "-o", str(tmp_path / "out")]) == 1
    assert "emotion" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert X.main_export([str(maps / "brand.yml"), "-o", str(tmp_path / "out")]) == 2
    assert X.main_export([str(maps / "click-and-collect.yml"), "-f", "gif"]) == 2
    assert X.main_export([str(tmp_path / "nope.yml")]) == 2


# -- printing a journey page ------------------------------------------------------------
#: Texts of the page's content whose colour, on white paper, is below 4.5:1
#: (SVG text by its fill); shapes painted behind a text are not considered.
PALE_ON_WHITE_JS = (
    r"""
() => {
"""
    + COLOUR_JS
    + r"""
  const pale = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || !el.checkVisibility()) continue;  // not printed
    if (el.closest('[hidden], .headerlink, .md-content__button')) continue;
    let c = parse(el instanceof SVGElement ? cs.fill : cs.color);
    if (!c) continue;
    const a = c.a * (el instanceof SVGElement ? parseFloat(cs.fillOpacity) : 1);
    c = {r: c.r * a + 255 * (1 - a), g: c.g * a + 255 * (1 - a), b: c.b * a + 255 * (1 - a)};
    const ratio = 1.05 / (lum(c) + 0.05);
    if (ratio < 4.5 && !el.closest('.cjm-on-marker, [class*="cjm-on-marker"]')) {
      pale.push(el.textContent.trim().slice(0, 40) + ' ' + ratio.toFixed(2));
    }
  }
  return pale;
}
"""
)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_journey_page_prints_the_whole_diagram_landscape(tmp_path: Path) -> None:
    from support.browser import chromium_or_skip, serve

    browser_session = chromium_or_skip()
    site = build_site(tmp_path / "site", config={"theme": PALETTE_THEME})
    pdf = tmp_path / "print.pdf"
    with serve(site.site_dir) as base, browser_session as browser:
        context = browser.new_context(color_scheme="dark")
        page = context.new_page()
        page.goto(base + JOURNEY_PAGES["click-and-collect"], wait_until="networkidle")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        page.emulate_media(media="print")
        # Material eases a link's colour over 125 ms (transition: color): measure the colours the print gets,
        # once every transition the media change started has ended (measured mid-way, links read 3.81:1).
        page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))")
        fit = page.evaluate(
            """() => { const d = document.querySelector('.cjm-diagram'), s = d.querySelector('.cjm-diagram__scroll');
                 return {zoom: parseFloat(getComputedStyle(d).zoom), overflow: s.scrollWidth - s.clientWidth,
                         width: d.getBoundingClientRect().width, pale: (%s)()}; }"""
            % PALE_ON_WHITE_JS
        )
        page.pdf(path=str(pdf), format="A4")
        context.close()
    assert fit["overflow"] <= 1, fit  # nothing scrolled out of sight
    assert 0 < fit["zoom"] <= 1
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = [tuple(map(float, m)) for m in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    assert sizes and all(w > h for w, h in sizes), sizes  # landscape
    pages = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, len(sizes) + 1)
    ]
    # the whole diagram, first to last step and every lane label, on one page, before the text version
    diagram = next(i for i, text in enumerate(pages) if "Touchpoint" in text)
    for word in ("Instagram carousel ad", "Collection desk", "Awareness", "Purchase", "Pain points", "KPIs"):
        assert word in pages[diagram], word
    text_version = next(i for i, text in enumerate(pages) if "Step by step" in text)
    assert text_version >= diagram
    assert "Download the diagram" not in "".join(pages)
    # printed from the dark palette: the light one, every text readable on white paper
    assert not fit["pale"], fit["pale"]


def test_mkdocs_cjm_export_subcommand(site: Site, tmp_path: Path) -> None:
    from mkdocs_cjm.cli import main

    code = main(
        [
            "export",
            str(site.root / "maps/omni/click-and-collect-future.yml"),
            "--format",
            "pdf",
            "-o",
            str(tmp_path),
            "-q",
        ]
    )
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["click-and-collect-future.pdf"]
    assert _pdf_pages(tmp_path / "click-and-collect-future.pdf") == 1


def test_pdf_is_reproducible_with_source_date_epoch(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    svg = (site.site_dir / "journeys/omni/click-and-collect-future.svg").read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    first = X.convert(svg, "pdf")
    assert b"/CreationDate (D:20260921141320Z)" in first
    assert X.convert(svg, "pdf") == first


def test_conversions_run_while_the_pages_are_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The downloads are handed to the workers once the maps are loaded, and collected after the pages:
    the conversions use the cores MkDocs leaves idle while it builds the pages."""
    import mkdocs.commands.build as mkbuild

    from mkdocs_cjm.export import pool

    events: list[str] = []
    start, finish, build_page = pool.ExportRun.__init__, pool.ExportRun.finish, mkbuild._build_page

    def started(self: pool.ExportRun, *args: object, **kwargs: object) -> None:
        start(self, *args, **kwargs)  # type: ignore[arg-type]
        events.append(f"started {self.total}")

    def finished(self: pool.ExportRun, *args: object, **kwargs: object) -> X.ExportStats:
        events.append("finish")
        return finish(self, *args, **kwargs)  # type: ignore[arg-type]

    def page(*args: object, **kwargs: object) -> None:
        if not events or events[-1] != "page":
            events.append("page")
        build_page(*args, **kwargs)

    monkeypatch.setattr(pool.ExportRun, "__init__", started)
    monkeypatch.setattr(pool.ExportRun, "finish", finished)
    monkeypatch.setattr(mkbuild, "_build_page", page)
    site = build_site(tmp_path, plugin={"exports": True, "export_formats": ["svg", "png"]})
    assert events[0].startswith("started ") and int(events[0].split()[1]) > 0, events
    assert events[1:] == ["page", "finish"], events
    assert _counts(site)[0] > 0
    assert list(site.site_dir.glob("journeys/**/*.png"))
