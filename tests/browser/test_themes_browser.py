"""Other themes than Material: the badges and ratings keep their styling without Material's variables
(cjm.css matches under ``body`` too, with fallbacks for every Material variable)."""

from __future__ import annotations

import pytest
from support.browser import SHOTS, chromium, needs_chromium, serve
from support.site import build_site

STYLE_JS = """() => {
  const badge = document.querySelector('.cjm-badge--current');
  const miss = document.querySelector('.cjm-rating--misses');
  const s = getComputedStyle(badge);
  return {padding: parseFloat(s.paddingLeft), radius: parseFloat(s.borderTopLeftRadius),
          border: s.borderTopStyle, display: s.display, miss: miss && getComputedStyle(miss).color};
}"""


@needs_chromium
@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs"])
def test_badges_keep_their_style(tmp_path, theme):
    site = build_site(tmp_path, config={"theme": {"name": theme}}, strict=True)
    with serve(site.site_dir) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "journeys/click-and-collect/")
        style = page.evaluate(STYLE_JS)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"theme-{theme}.png"))
    assert style["padding"] > 4 and style["radius"] > 4
    assert style["border"] == "solid"
    assert style["miss"] == "rgb(179, 38, 30)"  # --cjm-bad-fg
