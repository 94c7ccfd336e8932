"""The wall view on built sites: journey pages without Material's sidebars, the
controls' script shipped and linked, other pages as they were."""

from __future__ import annotations

import re
from pathlib import Path

from support.site import build_site

JOURNEY = "journeys/click-and-collect/index.html"
SCRIPT = "assets/cjm/cjm-wall.js"


def _hidden_sidebars(html: str) -> set[str]:
    return set(
        re.findall(r'<div class="md-sidebar[^"]*" data-md-component="sidebar" data-md-type="(\w+)" hidden>', html)
    )


def test_journey_pages_hide_navigation_and_toc(tmp_path: Path) -> None:
    site = build_site(tmp_path, strict=True)
    journey = site.html(JOURNEY)
    assert _hidden_sidebars(journey) == {"navigation", "toc"}
    assert '<span class="cjm-wall" hidden></span>' in journey
    # the header and its search stay
    assert 'class="md-header' in journey and 'data-md-component="search"' in journey
    for other in ("personas/sarah/index.html", "journeys/index.html", "index.html"):
        html = site.html(other)
        assert not _hidden_sidebars(html), other
        assert "cjm-wall" not in html.replace("cjm-wall.js", ""), other
    # the controls' script is a file of the site, linked from every page
    assert site.exists(SCRIPT)
    assert re.search(r'<script src="../../assets/cjm/cjm-wall\.js', journey), "script not linked"
    script = (site.site_dir / SCRIPT).read_text(encoding="utf-8")
    assert "document$" in script and "localStorage" in script
    assert not re.search(r"https?://", script), "the script names another host"


def test_full_width_false_keeps_the_sidebars(tmp_path: Path) -> None:
    site = build_site(tmp_path, plugin={"full_width": False}, strict=True)
    journey = site.html(JOURNEY)
    assert not _hidden_sidebars(journey)
    assert '<span class="cjm-wall" hidden></span>' not in journey
    assert site.exists(SCRIPT)  # the controls still fit the diagram to its column


def test_the_script_is_listed_once(tmp_path: Path) -> None:
    site = build_site(tmp_path, config={"extra_javascript": ["assets/cjm/cjm-wall.js"]}, strict=True)
    assert site.html(JOURNEY).count("cjm-wall.js") == 1


def test_comparison_pages_are_in_the_wall_view_too(tmp_path: Path, monkeypatch) -> None:
    from mkdocs_cjm import state
    from mkdocs_cjm.pages import Page

    made = state.PageRenderer.all_pages

    def with_a_comparison(self):  # another maker adds pages of kind "compare"
        return made(self) + [Page("insights/compare.md", "# Compare\n\nSide by side.\n", "Compare", kind="compare")]

    monkeypatch.setattr(state.PageRenderer, "all_pages", with_a_comparison)
    site = build_site(tmp_path, strict=True)
    html = site.html("insights/compare/index.html")
    assert _hidden_sidebars(html) == {"navigation", "toc"}
    assert '<span class="cjm-wall" hidden></span>' in html
