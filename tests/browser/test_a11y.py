"""Accessibility of the built pages.

* axe-core (npm package, ``npm install`` in the repository) runs in headless
  Chromium on the journey page in the light and the dark palette, a persona,
  a promise and the index pages, and on the insight pages (teams, start, the
  journeys index with its filters shown) in both palettes: no serious or critical violation.
* Text in the diagram (SVG, which axe does not measure) has WCAG 2.2 AA
  contrast against what is drawn behind it, in both palettes.
* The diagram is an image with a title and a description pointing to the
  text version; colour is never the only carrier of meaning.
* The page works by keyboard: the diagram scrolls from the keyboard, every
  touchpoint card is a link that shows focus and jumps to the step's text.

Screenshots of the journey page (light and dark) go to /tmp/cjm-shots/.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from support.browser import COLOUR_JS, SHOTS, serve
from support.maps import REPO, repo_maps
from support.site import PALETTE_THEME, Site, build_site

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SVG = "{http://www.w3.org/2000/svg}"
JOURNEY = "journeys/click-and-collect/"
PAGES = [JOURNEY, "journeys/", "personas/", "personas/sarah/", "promises/", "promises/effortless/", ""]
#: The insight pages of the test site with drawings: as-is against to-be, a persona's feeling curves, the landscape.
INSIGHTS = ["insights/compare/click-and-collect/", "personas/sarah/", "insights/landscape/"]
#: The insight pages: the team pages and the start page (and the index with its filters), and those above.
INSIGHT_PAGES = ["journeys/", "insights/teams/", "insights/teams/social-team/", "insights/start/", *INSIGHTS]
#: The insight pages, checked on the repository's example (rated opportunities: the matrix is drawn).
EXAMPLE_INSIGHT_PAGES = ["insights/kpis/", "insights/opportunities/"]

needs_axe = pytest.mark.skipif(not AXE.is_file(), reason="needs axe-core: run `npm install` in the repository")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(
        tmp_path_factory.mktemp("a11y"),
        config={"theme": PALETTE_THEME},
        plugin={"exports": True, "export_formats": ["svg"]},
        strict=True,
    )


@pytest.fixture(scope="module")
def base(site: Site):
    with serve(site.site_dir) as url:
        yield url


def _svg(html: str) -> ET.Element:
    match = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="cjm-svg".*?</svg>', html, re.S)
    assert match, "no diagram on the page"
    return ET.fromstring(match.group(0))


@pytest.fixture(scope="module")
def example_base(tmp_path_factory: pytest.TempPathFactory):
    example = build_site(tmp_path_factory.mktemp("a11y-example"), repo_maps(), config={"theme": PALETTE_THEME})
    with serve(example.site_dir) as url:
        yield url


# -- markup ---------------------------------------------------------------------------
def test_diagram_is_an_image_described_by_the_text_version(site: Site) -> None:
    html = site.html(JOURNEY + "index.html")
    svg = _svg(html)
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and title.text and "Buy online, collect in store" in title.text
    assert desc is not None and desc.text and re.search(r"text", desc.text), desc.text
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.get("aria-describedby") == desc.get("id")
    # the text version it points to is on the page, with a heading
    assert 'id="step-by-step"' in html
    # the scrolling container is a named, focusable region
    assert re.search(r'class="cjm-diagram__scroll" tabindex="0" role="region" aria-label="Diagram: [^"]+"', html)


def test_colour_is_not_the_only_carrier_of_meaning(site: Site) -> None:
    svg = _svg(site.html(JOURNEY + "index.html"))
    lanes = {g.get("data-lane"): g for g in svg.iter(f"{SVG}g") if g.get("data-lane")}

    defs = {el.get("id"): el for el in svg.find(f"{SVG}defs")}

    # pain points carry a glyph, not just a red bar
    def uses(g, kind: str) -> list[str]:  # what the <use> copies in g draw: icon names, symbol ratings
        drawn = [defs[u.get("href")[1:]] for u in g.iter(f"{SVG}use")]
        return [el.get(f"data-{kind}") for el in drawn if el.get(f"data-{kind}")]

    for cell in lanes["pain_points"].iter(f"{SVG}g"):
        if cell.get("data-step"):
            assert "alert" in uses(cell, "icon"), "pain point without a glyph"
    # emotion markers carry the score as a number
    markers = [g for g in lanes["emotion"].iter(f"{SVG}g") if g.get("data-emotion")]
    assert markers
    for marker in markers:
        assert marker.find(f"{SVG}text").text == marker.get("data-emotion")
    # promise ratings: a distinct symbol and the word
    ratings = [g for g in lanes["promise"].iter(f"{SVG}g") if g.get("data-rating")]
    assert {g.get("data-rating") for g in ratings} == {"meets", "partial", "misses"}
    for g in ratings:
        assert uses(g, "symbol") == [g.get("data-rating")]
        assert g.get("data-rating")[:4] in "".join(g.itertext())
    # KPIs: arrow and tick/cross, not a colour
    targets = [g for g in lanes["metrics"].iter(f"{SVG}g") if g.get("data-on-target")]
    assert targets
    for g in targets:
        assert uses(g, "symbol") == ["meets" if g.get("data-on-target") == "yes" else "misses"]
        assert re.search("[▲▼]", "".join(g.itertext()))


def test_diagram_text_is_not_in_the_search_index(site: Site) -> None:
    """Search (and screen readers) get the text version; the drawing is excluded whole."""
    docs = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = " ".join(d["text"] for d in docs if d["location"].startswith(JOURNEY))
    assert "Swimlane diagram" not in text
    assert "DoingAsking" not in text and "TouchpointDoing" not in text  # lane labels of the drawing
    assert "Ad shows items that are sold out" in text  # the text version is indexed


# -- in the browser -------------------------------------------------------------------
def _open(browser, url: str, scheme: str, width: int = 1280):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, reduced_motion="reduce"
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    return context, page


#: Violations in Material's own markup, not ours: (rule, selector of the theme's part).
THEME_ISSUES = {
    ("aria-dialog-name", ".md-search"),  # the search dialog has no accessible name
    ("color-contrast", ".md-copyright"),  # "Made with Material for MkDocs": 4.47:1 on the footer
}


def _axe(page) -> list[dict]:
    """Serious and critical axe violations, one entry per node."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            const out = [];
            for (const v of r.violations) {
              if (v.impact !== 'serious' && v.impact !== 'critical') continue;
              for (const n of v.nodes) {
                const el = document.querySelector(n.target[0]);
                const theme = el && el.closest('.md-search, .md-copyright, .md-header, .md-sidebar, .md-footer');
                out.push({rule: v.id, impact: v.impact, help: v.help, target: n.target.join(' '),
                          diagram: !!(el && el.closest('.cjm-diagram')),
                          theme: theme ? '.' + [...theme.classList][0] : '',
                          why: (n.failureSummary || '').replace(/\\s+/g, ' ')});
              }
            }
            return out;
        }"""
    )


def _ours(violations: list[dict]) -> list[str]:
    return [
        f"{v['impact']}: {v['rule']} ({v['help']}): {v['target']} :: {v['why']}"
        for v in violations
        if (v["rule"], v["theme"]) not in THEME_ISSUES
    ]


@needs_axe
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_journey_page(browser, base: str, scheme: str) -> None:
    context, page = _open(browser, base + JOURNEY, scheme)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"journey-page-{scheme}.png"), full_page=False)
        problems = _ours(_axe(page))
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@needs_axe
@pytest.mark.parametrize("uri", [p for p in PAGES if p != JOURNEY])
def test_axe_other_pages(browser, base: str, uri: str) -> None:
    context, page = _open(browser, base + uri, "light")
    try:
        problems = _ours(_axe(page))
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@needs_axe
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("uri", INSIGHT_PAGES)
def test_axe_insight_pages(browser, base: str, uri: str, scheme: str) -> None:
    context, page = _open(browser, base + uri, scheme)
    try:
        if uri == "journeys/":  # the filters are shown (by the script) and in use
            page.wait_for_selector("form[data-cjm-filter]:not([hidden])")
            page.select_option("#cjm-filter-state", "current")
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = uri.strip("/").replace("/", "-")
        page.screenshot(path=str(SHOTS / f"{name}-{scheme}.png"), full_page=True)
        problems = _ours(_axe(page))
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@needs_axe
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("uri", EXAMPLE_INSIGHT_PAGES)
def test_axe_example_insight_pages(browser, example_base: str, uri: str, scheme: str) -> None:
    context, page = _open(browser, example_base + uri, scheme)
    try:
        if "opportunities" in uri:
            page.wait_for_selector(".cjm-sortable th button.cjm-sort")  # checked as the reader gets it
            assert page.locator(".cjm-matrix a.cjm-matrix__dot").count() >= 8
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{uri.strip('/').replace('/', '-')}-{scheme}.png"), full_page=True)
        problems = _ours(_axe(page))
    finally:
        context.close()
    assert not problems, "\n".join(problems)


#: Contrast of every text of the diagram (SVG and the HTML lane labels)
#: against what is drawn behind it: the page, then every filled shape under
#: the text's centre, in paint order, composited with its opacity.
CONTRAST_JS = (
    r"""
(selector) => {
"""
    + COLOUR_JS
    + r"""
  const over = (top, alpha, bottom) => ({r: top.r * alpha + bottom.r * (1 - alpha),
    g: top.g * alpha + bottom.g * (1 - alpha), b: top.b * alpha + bottom.b * (1 - alpha), a: 1});
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const opacity = (el, stop) => {
    let o = 1;
    for (let e = el; e && e !== stop; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
    return o;
  };
  let page = parse(getComputedStyle(document.body).backgroundColor);
  if (!page || page.a === 0) page = parse(getComputedStyle(document.documentElement).backgroundColor);
  if (!page || page.a === 0) page = {r: 255, g: 255, b: 255, a: 1};
  const out = [];
  const svg = document.querySelector(selector || '.cjm-diagram svg.cjm-svg');
  const shapes = [...svg.querySelectorAll('rect, circle, ellipse, path, polygon, use')]
    .filter((s) => !s.closest('defs, marker'));
  // A <use> is painted as the shape it copies (a card, a bar): its colours are that shape's.
  const painted = (s) => s.tagName === 'use' ? svg.querySelector(s.getAttribute('href')) || s : s;
  const check = (el, color, bg, name) => {
    const cs = getComputedStyle(el);
    const size = parseFloat(cs.fontSize);
    const bold = parseInt(cs.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const r = ratio(color, bg);
    out.push({text: name, ratio: Math.round(r * 100) / 100, need: large ? 3 : 4.5,
              color: [color.r, color.g, color.b].map(Math.round).join(','),
              bg: [bg.r, bg.g, bg.b].map(Math.round).join(',')});
  };
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) continue;
    const box = t.getBoundingClientRect();
    if (!box.width) continue;
    const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
    let bg = page;
    for (const s of shapes) {
      if (!(s.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;  // painted after the text
      const cs = getComputedStyle(painted(s));
      const fill = parse(cs.fill);
      if (!fill || cs.fill === 'none') continue;
      const alpha = fill.a * parseFloat(cs.fillOpacity) * opacity(s, svg);
      if (alpha <= 0) continue;
      const b = s.getBoundingClientRect();
      if (cx < b.left || cx > b.right || cy < b.top || cy > b.bottom) continue;
      bg = over(fill, alpha, bg);
    }
    const cs = getComputedStyle(t);
    const fill = parse(cs.fill) || parse(cs.color);
    const color = over(fill, fill.a * parseFloat(cs.fillOpacity) * opacity(t, svg), bg);
    check(t, color, bg, t.textContent.trim());
  }
  for (const l of document.querySelectorAll('.cjm-diagram__labels span')) {
    let bg = page;
    const c = parse(getComputedStyle(l).color);
    check(l, over(c, c.a, bg), bg, 'label: ' + l.textContent.trim());
  }
  return out;
}
"""
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_text_contrast(browser, base: str, scheme: str) -> None:
    context, page = _open(browser, base + JOURNEY, scheme)
    try:
        results = page.evaluate(CONTRAST_JS)
    finally:
        context.close()
    assert len(results) > 20
    low = [
        f"{r['text']!r}: {r['ratio']} < {r['need']} (text {r['color']} on {r['bg']})"
        for r in results
        if r["ratio"] < r["need"]
    ]
    assert not low, f"{len(low)} text(s) below WCAG AA in the {scheme} palette:\n" + "\n".join(sorted(set(low)))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("uri", INSIGHTS[:2])
def test_chart_text_contrast(browser, base: str, uri: str, scheme: str) -> None:
    context, page = _open(browser, base + uri, scheme)
    try:
        results = page.evaluate(CONTRAST_JS, ".cjm-chart svg.cjm-chart-svg")
        width = page.evaluate("[...document.querySelectorAll('.cjm-chart')].every(c => c.scrollWidth <= c.clientWidth)")
    finally:
        context.close()
    assert len(results) >= 7  # the stage labels and the five scores at least
    low = [f"{r['text']!r}: {r['ratio']} < {r['need']}" for r in results if r["ratio"] < r["need"]]
    assert not low, "\n".join(sorted(set(low)))
    assert width, "a chart is wider than its column"


@pytest.mark.parametrize("uri", INSIGHTS[:2])
def test_charts_scroll_in_a_narrow_column_not_the_page(browser, base: str, uri: str) -> None:
    context, page = _open(browser, base + uri, "light", width=400)
    try:
        found = page.evaluate(
            """() => ({page: document.documentElement.scrollWidth <= window.innerWidth,
                       charts: [...document.querySelectorAll('.cjm-chart__scroll')].map(s => [
                           s.scrollWidth > s.clientWidth, s.querySelector('svg').getBoundingClientRect().width])})"""
        )
    finally:
        context.close()
    assert found["page"], "the page scrolls sideways"
    assert found["charts"] and all(wide and width >= 560 for wide, width in found["charts"]), found


def test_keyboard(browser, base: str) -> None:
    # narrow, so the diagram has to scroll
    context, page = _open(browser, base + JOURNEY, "light", width=760)
    try:
        seen = []
        for _ in range(120):
            page.keyboard.press("Tab")
            info = page.evaluate(
                """() => { const e = document.activeElement; return {
                    tag: e.tagName.toLowerCase(), cls: (e.getAttribute('class') || ''),
                    href: e.getAttribute('href') || '', inSvg: !!e.closest('svg'),
                    outline: getComputedStyle(e).outlineStyle,
                    stroke: e.querySelector('.cjm-card--tp')
                        ? getComputedStyle(e.querySelector('.cjm-card--tp')).strokeWidth : ''}; }"""
            )
            seen.append(info)
            if info["inSvg"]:
                break
        regions = [s for s in seen if "cjm-diagram__scroll" in s["cls"]]
        assert regions, "the diagram's scrolling region never gets focus"
        assert regions[0]["outline"] != "none", "no visible focus on the diagram region"
        card = seen[-1]
        assert card["inSvg"] and card["href"].startswith("#step-"), seen[-5:]
        assert float(card["stroke"].rstrip("px")) >= 2, f"no visible focus on the touchpoint card: {card}"
        # Enter follows the card's link to the step's text
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash.startsWith('#step-')")
        # the region scrolls with the arrow keys
        page.focus(".cjm-diagram__scroll")
        scrollable = page.evaluate(
            "(() => "
            "{ const s = document.querySelector('.cjm-diagram__scroll'); return s.scrollWidth > s.clientWidth; })()"
        )
        assert scrollable
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector('.cjm-diagram__scroll').scrollLeft > 0")
    finally:
        context.close()
