"""Intranet publishing: the built site asks no outside host for anything.

Two proofs: every built HTML, CSS, JS and SVG file is scanned for URLs that
would be fetched from another host, and the pages are loaded in headless
Chromium with name resolution limited to the loopback and every outside
request aborted and recorded; nothing may fail. The site is served under a
sub-path (``site_url`` with a path) and opened straight from disk
(``use_directory_urls: false`` and Material's offline plugin).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from support.browser import (
    KNOWN_JS_URLS,
    Traffic,
    broken_links,
    chromium,
    needs_chromium,
    scan_site,
    serve,
)
from support.maps import REPO
from support.site import Site, build_site

SUB_PATH = "/cx/maps/"
INTRANET = {
    "site_url": "https://intranet.example" + SUB_PATH,
    "repo_url": "https://git.intranet.example/cx/maps",
    "edit_uri": "src/branch/main/docs/",
    "theme": {"name": "material", "font": False, "features": ["content.action.edit"]},
}
EXPORTS = {"exports": True, "export_formats": ["svg"]}


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The example under a sub-path, as an intranet web server would host it."""
    return build_site(tmp_path_factory.mktemp("served"), config=INTRANET, plugin=EXPORTS, strict=True)


@pytest.fixture(scope="module")
def disk_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The example built to be opened from disk: Material's offline plugin (use_directory_urls: false)."""
    config = dict(INTRANET, plugins=["search", "offline", {"cjm": {"today": "2026-11-23", **EXPORTS}}])
    return build_site(tmp_path_factory.mktemp("disk"), config=config, strict=True)


@pytest.fixture(scope="module")
def root_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site (the root mkdocs.yml), exports off for speed."""
    site_dir = tmp_path_factory.mktemp("root") / "site"
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    config.plugins["cjm"].config.exports = False
    build(config)
    return site_dir


def _assert_clean(site_dir: Path) -> None:
    scan = scan_site(site_dir)
    assert scan.files > 10
    assert not scan.external, "\n".join(scan.external)
    # The conditions under which the theme's known URLs would be fetched do not hold.
    assert not scan.source_links, f"repository facts would be fetched from the forge's API: {scan.source_links}"
    assert not scan.mermaid_pages, scan.mermaid_pages
    assert set(scan.js_known) <= set(KNOWN_JS_URLS)


# -- static scans -----------------------------------------------------------------------
def test_no_external_urls_served_site(served_site: Site) -> None:
    _assert_clean(served_site.site_dir)


def test_no_external_urls_disk_site(disk_site: Site) -> None:
    _assert_clean(disk_site.site_dir)
    html = disk_site.html("index.html")
    assert "unpkg.com" not in html
    assert 'src="assets/cjm/iframe-worker-shim.js"' in html
    assert disk_site.exists("search/search_index.js")


def test_no_external_urls_root_example(root_site: Path) -> None:
    _assert_clean(root_site)
    assert (root_site / "publishing" / "index.html").is_file()


def test_scanner_finds_what_it_should(tmp_path: Path) -> None:
    """The scanner itself: external fetches are found, links and data: URIs are not."""
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://cdn.example/x.css"><link rel="canonical" href="https://site.example/">'
        '<script src="//cdn.example/x.js"></script><a href="https://example.com/">a link</a>'
        '<img srcset="a.png 1x, https://img.example/b.png 2x"><div style="background:url(\'http://x.example/i.png\')"></div>'
        '<svg><image href="https://x.example/i.svg"/></svg>',
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text(
        '@import "https://fonts.example/f.css"; a{background:url("data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\'/>")}',
        encoding="utf-8",
    )
    (tmp_path / "c.js").write_text('/* see https://docs.example/ */ fetch("https://api.example/v1")', encoding="utf-8")
    found = sorted(scan_site(tmp_path).external)
    assert found == [
        "a.html: //cdn.example/x.js",
        "a.html: http://x.example/i.png",
        "a.html: https://cdn.example/x.css",
        "a.html: https://img.example/b.png",
        "a.html: https://x.example/i.svg",
        "b.css: https://fonts.example/f.css",
        "c.js: https://api.example/v1",
    ]


# -- links -------------------------------------------------------------------------------
def test_links_resolve_under_a_sub_path(served_site: Site) -> None:
    assert not broken_links(served_site.site_dir, directory_urls=True, base_path=SUB_PATH)
    html = served_site.html("journeys/click-and-collect/index.html")
    assert 'href="../click-and-collect.svg"' in html
    assert served_site.exists("journeys/click-and-collect.svg")


def test_links_resolve_from_disk(disk_site: Site) -> None:
    # (the 404 page, never shown from disk, uses site_url's path like any server would)
    assert not broken_links(disk_site.site_dir, directory_urls=False, base_path=SUB_PATH)
    html = disk_site.html("journeys/click-and-collect.html")
    assert 'href="click-and-collect.svg"' in html
    assert 'href="omni/click-and-collect-future.html"' in html


def test_links_resolve_root_example(root_site: Path) -> None:
    assert not broken_links(root_site, directory_urls=True, base_path="/mkdocs-cjm/")


# -- in a browser with the network cut off --------------------------------------------
def _pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def _visit(browser: object, base: str, uris: list[str], traffic: Traffic, journey: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    context.set_default_timeout(15000)
    traffic.attach(context)
    page = context.new_page()
    traffic.watch_console(page)
    try:
        for uri in uris:
            page.goto(base + uri, wait_until="load")
            page.wait_for_load_state("networkidle")
            if uri == journey:
                assert page.locator(".cjm-diagram svg.cjm-svg").first.is_visible()
                # our stylesheets are applied (served from the site itself)
                assert page.evaluate("getComputedStyle(document.querySelector('.cjm-diagram')).display") == "flex"
        # search runs locally (a worker loading the index from the site)
        page.goto(base + journey, wait_until="load")
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").press_sequentially("collection desk", delay=20)
        page.wait_for_selector(".md-search-result__item", state="attached")
        assert page.locator(".md-search-result__item").count() >= 1
    finally:
        context.close()


@needs_chromium
def test_served_under_sub_path_makes_no_outside_request(served_site: Site) -> None:
    site_dir = served_site.site_dir
    with serve(site_dir, SUB_PATH) as base, chromium() as browser:
        traffic = Traffic(allowed=(base,))
        _visit(browser, base, _pages(site_dir), traffic, "journeys/click-and-collect/")
        # the download link works under the sub-path
        assert base.endswith(SUB_PATH)
    assert traffic.requests, "no request recorded"
    assert not traffic.outside, traffic.outside
    assert not traffic.failed, traffic.failed
    assert not traffic.errors, traffic.errors


@needs_chromium
def test_opened_from_disk_makes_no_outside_request(disk_site: Site) -> None:
    site_dir = disk_site.site_dir
    base = site_dir.as_uri() + "/"
    uris = [
        "index.html",
        "journeys/index.html",
        "journeys/click-and-collect.html",
        "journeys/omni/click-and-collect-future.html",
        "personas/sarah.html",
        "promises/effortless.html",
    ]
    with chromium() as browser:
        traffic = Traffic(allowed=(base,))
        _visit(browser, base, uris, traffic, "journeys/click-and-collect.html")
    assert not traffic.outside, traffic.outside
    assert not traffic.failed, traffic.failed
    assert not traffic.errors, traffic.errors


@needs_chromium
def test_the_check_catches_a_web_font(tmp_path: Path) -> None:
    """Control: with Material's default Google Fonts, both checks see outside requests."""
    site = build_site(
        tmp_path, config={"theme": {"name": "material"}, "nav": [{"Home": "index.md"}]}, plugin={"nav": False}
    )
    scan = scan_site(site.site_dir)
    assert any("fonts.googleapis.com" in u for u in scan.external), scan.external
    with serve(site.site_dir) as base, chromium() as browser:
        traffic = Traffic(allowed=(base,))
        context = browser.new_context()
        traffic.attach(context)
        page = context.new_page()
        page.goto(base, wait_until="load")
        context.close()
    assert any("fonts.googleapis.com" in u for u in traffic.outside), traffic.requests
