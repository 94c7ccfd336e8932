"""The wall view in Chromium: Fit / Fit width / Actual size, the remembered
choice, the keyboard, Material's instant navigation, Present, and the page
without JavaScript.

The site has Material's ``navigation.instant`` on, so following a link between
journey pages replaces the content without loading a page (the script must
set up the new diagram all the same).
"""

from __future__ import annotations

import re

import pytest
from support.browser import serve
from support.maps import SITE_JOURNEY, example_maps
from support.site import PALETTE_THEME, build_site
from test_a11y import CONTRAST_JS, _axe, _ours, needs_axe

from mkdocs_cjm.render import geometry as G

JOURNEY = "journeys/click-and-collect/"
#: A second journey as large as the first (the future state's map is small: it fits any window).
AGAIN = "journeys/again/"
#: Small enough that the test journey does not fit at its natural size.
VIEWPORT = {"width": 1000, "height": 700}

#: Material's instant navigation sets ``el.href = el.href`` on every ``[href]`` of the first page, which throws
#: at the diagram's first SVG ``<use href>`` (read-only there); Material's own error, harmless: it goes on.
MATERIAL_ERROR = "Cannot set property href of #<SVGUseElement> which has only a getter"

#: The diagram's box in the window, the scale it is drawn at, and its smallest text as rendered (px).
MEASURE = """() => {
  const d = document.querySelector('.cjm-diagram');
  const svg = d.querySelector('.cjm-diagram__scroll > svg.cjm-svg');
  const r = d.getBoundingClientRect();
  const scale = svg.getBoundingClientRect().width / parseFloat(svg.getAttribute('width'));
  let smallest = Infinity;
  for (const t of svg.querySelectorAll('text, tspan')) {
    if (!t.textContent.trim()) continue;
    smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
  }
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: innerWidth, height: innerHeight,
          header, scale, smallest, size: d.closest('section').getAttribute('data-cjm-size')};
}"""


def _inside(box: dict) -> bool:
    return (
        box["left"] >= 0
        and box["right"] <= box["width"] + 0.5
        and box["top"] >= box["header"] - 0.5
        and box["bottom"] <= box["height"] + 0.5
    )


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory):
    """The site, served. Instant navigation follows only the links its sitemap lists, by the
    ``site_url``'s host (not its port): the server starts first, the site is built for its address."""
    root = tmp_path_factory.mktemp("wall")
    with serve(root / "site") as url:
        theme = dict(PALETTE_THEME, features=["navigation.instant"])
        maps = example_maps()
        maps["maps/again.yml"] = SITE_JOURNEY.replace("counterpart: click-and-collect-future\n", "").replace(
            "title: Buy online, collect in store", "title: Buy online again"
        )
        build_site(root, maps, config={"theme": theme, "site_url": url}, strict=True)
        yield url


@pytest.fixture()
def context(browser):
    context = browser.new_context(viewport=VIEWPORT, reduced_motion="reduce")
    context.set_default_timeout(15000)
    yield context
    context.close()


def _open(context, url: str):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)) if str(exc) != MATERIAL_ERROR else None)
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(".cjm-diagram-section[data-cjm-ready]")
    page.errors = errors  # type: ignore[attr-defined]
    return page


def test_fit_shows_the_whole_diagram_with_legible_text(context, base: str) -> None:
    page = _open(context, base + JOURNEY)
    before = page.evaluate(MEASURE)
    assert before["size"] == "actual" and before["scale"] == pytest.approx(1)
    assert not _inside(before), f"the test journey fits the window anyway: {before}"
    page.click(".cjm-view [data-cjm-size=fit]")
    after = page.evaluate(MEASURE)
    assert _inside(after), after
    assert after["scale"] < 1
    assert after["smallest"] >= 7, f"smallest text {after['smallest']:.1f} px"
    # Fit width: as wide as the column, taller than the window; Actual size: back to 1
    page.click(".cjm-view [data-cjm-size=width]")
    wide = page.evaluate(MEASURE)
    assert wide["right"] <= wide["width"] and wide["scale"] > after["scale"]
    page.click(".cjm-view [data-cjm-size=actual]")
    assert page.evaluate(MEASURE)["scale"] == pytest.approx(1)
    # a narrower window refits the diagram
    page.click(".cjm-view [data-cjm-size=fit]")
    page.set_viewport_size({"width": 800, "height": 700})
    page.wait_for_function("document.querySelector('.cjm-diagram').getBoundingClientRect().right <= innerWidth")
    assert _inside(page.evaluate(MEASURE))
    assert not page.errors  # type: ignore[attr-defined]


def test_fit_width_keeps_the_stage_headers_in_view(context, base: str) -> None:
    page = _open(context, base + JOURNEY)
    page.set_viewport_size({"width": 600, "height": 700})  # Fit width leaves the map taller than the window
    page.click(".cjm-view [data-cjm-size=width]")
    assert page.locator(".cjm-stage-strip").count() == 1
    page.evaluate(
        "() => { const d = document.querySelector('.cjm-diagram').getBoundingClientRect();"
        " scrollBy(0, d.top + d.height / 2 - 100); }"
    )
    page.wait_for_function("document.querySelector('.cjm-stage-strip--on')")  # shown at the next frame
    strip = page.evaluate(
        """() => { const s = document.querySelector('.cjm-stage-strip__inner').getBoundingClientRect();
              const d = document.querySelector('.cjm-diagram').getBoundingClientRect();
              const names = [...document.querySelectorAll('.cjm-stage-strip text')].map(t => t.textContent);
              return {top: s.top, height: s.height, diagram: d.top,
                      header: document.querySelector('.md-header').getBoundingClientRect().bottom, names}; }"""
    )
    assert strip["diagram"] < strip["header"] - 100, strip  # the drawing's own headers are out of sight
    assert strip["top"] == pytest.approx(strip["header"], abs=1) and strip["height"] > 10, strip
    assert "Awareness" in strip["names"] and "Purchase" in strip["names"]
    assert _strip_is_aligned(page.evaluate(STRIP))
    page.click(".cjm-view [data-cjm-size=fit]")  # the whole map in the window: no strip
    assert page.locator(".cjm-stage-strip").count() == 0
    page.click(".cjm-view [data-cjm-size=actual]")
    assert page.locator(".cjm-stage-strip").count() == 1


#: The stage strip against the drawing: its box, the scroll area's, the lane labels', and for each stage
#: its name in the strip, the same name in the drawing and the stage's band (boxes in the window, px).
STRIP = """() => {
  const d = document.querySelector('.cjm-diagram');
  const strip = d.querySelector('.cjm-stage-strip');
  const box = (e) => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                       bottom: r.bottom, height: r.height}; };
  const inner = strip.querySelector('.cjm-stage-strip__inner');
  const svg = d.querySelector('.cjm-diagram__scroll > svg.cjm-svg');
  const stages = [...strip.querySelectorAll('g[data-stage]')].map((g) => {
    const real = svg.querySelector(`.cjm-stages > g[data-stage="${g.dataset.stage}"]`);
    return {id: g.dataset.stage, names: [...g.querySelectorAll('text')].map((t) => t.textContent),
            copy: box(g.querySelector('text')), real: box(real.querySelector('text')),
            band: box(real.querySelector('rect')), copyBand: box(g.querySelector('rect'))};
  });
  return {on: strip.classList.contains('cjm-stage-strip--on'), shown: getComputedStyle(inner).visibility === 'visible',
          hidden: strip.getAttribute('aria-hidden'), strip: box(inner),
          scroll: box(d.querySelector('.cjm-diagram__scroll')),
          labels: box(d.querySelector('.cjm-diagram__labels')),
          label: [...d.querySelectorAll('.cjm-diagram__label')].map(box),
          scale: svg.getBoundingClientRect().width / parseFloat(svg.getAttribute('width')),
          diagram: box(d), svg: box(svg), scrollLeft: d.querySelector('.cjm-diagram__scroll').scrollLeft,
          header: document.querySelector('.md-header').getBoundingClientRect().bottom, stages};
}"""


def _strip_is_aligned(m: dict) -> bool:
    """The strip at the top (below the header), clipped to the scroll area, never over the lane labels; each
    stage's band in the strip over the drawing's, its name over the drawing's name or, while the band's start
    is scrolled out of sight, moved on within its band to stay in view."""
    assert m["hidden"] == "true", m
    assert m["on"] and m["shown"], m
    strip = m["strip"]
    assert strip["top"] == pytest.approx(m["header"], abs=1), m
    assert strip["left"] >= m["scroll"]["left"] - 0.5 and strip["right"] <= m["scroll"]["right"] + 0.5, m
    assert strip["left"] >= m["labels"]["right"] - 1.5, m  # the labels' border may touch
    for stage in m["stages"]:
        copy, real, band, strip_band = stage["copy"], stage["real"], stage["band"], stage["copyBand"]
        assert strip_band["left"] == pytest.approx(band["left"], abs=0.5), stage
        assert strip_band["right"] == pytest.approx(band["right"], abs=0.5), stage
        pad = real["left"] - band["left"]
        shift = max(0.0, min(strip["left"] + pad - real["left"], band["right"] - pad - real["right"]))
        assert copy["left"] == pytest.approx(real["left"] + shift, abs=0.5), (stage, shift)
        assert copy["right"] - copy["left"] == pytest.approx(real["right"] - real["left"], abs=0.5), stage
        assert band["left"] <= copy["left"] and copy["right"] <= band["right"], stage
        if band["left"] < strip["left"] < band["right"] - 2 * pad - (real["right"] - real["left"]):
            assert copy["left"] >= strip["left"], ("the name of a stage in view is out of sight", stage)
        assert copy["top"] >= strip["top"] and copy["bottom"] <= strip["bottom"], stage
    return True


def _scroll_diagram_to(page, offset: float) -> None:
    """The window scrolled so that the diagram's top is ``offset`` px below the header's bottom."""
    page.evaluate(
        """(offset) => { const top = document.querySelector('.cjm-diagram').getBoundingClientRect().top;
             const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
             scrollBy(0, top - header - offset); }""",
        offset,
    )


def test_actual_size_keeps_the_stage_names_in_view(context, base: str) -> None:
    page = _open(context, base + JOURNEY)
    page.set_viewport_size({"width": 400, "height": 700})  # the drawing scrolls sideways, by 300 px or more
    assert page.evaluate(MEASURE)["size"] == "actual"
    # the drawing is still what a look-up of the diagram's SVG finds (the strip comes last)
    assert page.evaluate("document.querySelector('.cjm-diagram svg').parentElement.className") == (
        "cjm-diagram__scroll"
    )
    assert page.locator(".cjm-stage-strip").count() == 1
    top = page.evaluate(STRIP)
    assert not top["on"] and not top["shown"], "the strip shows over the drawing's own headers"
    _scroll_diagram_to(page, 20)  # the drawing's headers still in view, below the header
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert not page.evaluate(STRIP)["on"]
    _scroll_diagram_to(page, -300)  # the headers gone under the header, the lanes below it
    page.wait_for_function("document.querySelector('.cjm-stage-strip--on')")
    m = page.evaluate(STRIP)
    assert m["diagram"]["top"] < m["header"] - 250 and m["scrollLeft"] == 0, m
    assert [s["names"] for s in m["stages"]] == [["Awareness"], ["Consideration"], ["Purchase"]], m
    assert _strip_is_aligned(m)
    # a thin strip: the names only (no goal), no taller than the stage names can be
    most = G.MARGIN + G.STAGE_PAD + G.STAGE_NAME_LINES * G.STAGE_NAME[1] + G.STAGE_HEADER_BOTTOM
    assert 10 < m["strip"]["height"] <= most * m["scale"], m
    labels = m["label"]
    # sideways: the strip follows the drawing at every position, the lane labels stay where they are
    width = page.evaluate(
        "(() => { const s = document.querySelector('.cjm-diagram__scroll'); return s.scrollWidth - s.clientWidth; })()"
    )
    assert width > 100, "the test journey does not scroll sideways"
    # the drawing's left edge just past the second stage's name (in the drawing, scrolled out of sight)
    middle = page.evaluate(
        """() => { const g = document.querySelectorAll('.cjm-diagram__scroll .cjm-stages > g[data-stage]')[1];
             const t = g.querySelector('text');
             const b = t.getBBox(); return Math.ceil(b.x + b.width + 4); }"""
    )
    assert middle < width
    for left in (37, middle, width // 2, width):
        page.evaluate("(left) => { document.querySelector('.cjm-diagram__scroll').scrollLeft = left; }", left)
        page.wait_for_function(
            """() => { const c = document.querySelector('.cjm-stage-strip g[data-stage] rect').getBoundingClientRect();
                 const r = document.querySelector('.cjm-diagram__scroll .cjm-stages g[data-stage] rect')
                   .getBoundingClientRect();
                 return Math.abs(c.left - r.left) < 0.5; }"""
        )
        m = page.evaluate(STRIP)
        assert m["scrollLeft"] == pytest.approx(left, abs=1) and m["svg"]["left"] < m["scroll"]["left"] - 30, m
        assert _strip_is_aligned(m)
        if left == middle:
            second = m["stages"][1]
            assert second["real"]["right"] < m["strip"]["left"], "the test does not hide the drawing's name"
            moved = second["copy"]["left"] - second["real"]["left"]
            assert moved > 10, second  # moved on (how far: _strip_is_aligned)
            assert second["copy"]["right"] > m["strip"]["left"] + 10, second  # and in view
        assert m["label"] == labels, "the lane labels moved with the drawing"
        assert all(box["left"] >= 0 and box["right"] <= m["scroll"]["left"] + 1 for box in labels), labels
    # at the drawing's end the strip is pushed up with it, never over the text below
    page.evaluate(
        """() => { const d = document.querySelector('.cjm-diagram').getBoundingClientRect();
             scrollBy(0, d.bottom - document.querySelector('.md-header').getBoundingClientRect().bottom - 20); }"""
    )
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    end = page.evaluate(STRIP)
    assert end["diagram"]["bottom"] == pytest.approx(end["header"] + 20, abs=1), end
    assert end["strip"]["bottom"] <= end["diagram"]["bottom"] + 0.5 and end["strip"]["top"] < end["header"], end
    # back at the page's top, the strip goes away: the drawing's own headers are seen
    page.evaluate("scrollTo(0, 0)")
    page.wait_for_function("!document.querySelector('.cjm-stage-strip--on')")
    assert not page.errors  # type: ignore[attr-defined]


def test_the_choice_is_remembered_across_pages(context, base: str) -> None:
    page = _open(context, base + JOURNEY)
    page.click(".cjm-view [data-cjm-size=fit]")
    other = _open(context, base + AGAIN)  # a full page load, in a new tab of the same browser profile
    pressed = other.eval_on_selector(".cjm-view [data-cjm-size=fit]", "b => b.getAttribute('aria-pressed')")
    assert pressed == "true"
    box = other.evaluate(MEASURE)  # fitted where it is: below the page's title, not scrolled to
    assert (
        box["scale"] < 1
        and box["right"] <= box["width"]
        and box["bottom"] - box["top"] <= box["height"] - box["header"]
    )
    other.click(".cjm-view [data-cjm-size=actual]")
    page.reload(wait_until="networkidle")
    page.wait_for_selector(".cjm-diagram-section[data-cjm-ready]")
    assert page.evaluate(MEASURE)["size"] == "actual"


def test_keyboard(context, base: str) -> None:
    page = _open(context, base + JOURNEY)
    found = None
    for _ in range(80):
        page.keyboard.press("Tab")
        found = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
              return {size: e.getAttribute('data-cjm-size'), outline: s.outlineStyle, width: s.outlineWidth}; }"""
        )
        if found["size"] == "fit":
            break
    assert found and found["size"] == "fit", "Tab never reaches the Fit button"
    assert found["outline"] != "none" and float(found["width"].rstrip("px")) >= 2, found
    page.keyboard.press("Enter")
    assert page.evaluate(MEASURE)["size"] == "fit"
    for _ in range(3):  # Fit width, Actual size, Present
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Present"
    page.keyboard.press("Enter")
    page.wait_for_selector(".cjm-present")
    page.keyboard.press("ArrowRight")
    assert page.get_attribute(".cjm-diagram-section", "data-cjm-stage") == "1"
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('.cjm-present') && !document.fullscreenElement")
    assert page.evaluate("document.activeElement.textContent") == "Present"


def test_present_mode(context, base: str) -> None:
    page = _open(context, base + JOURNEY)
    page.click(".cjm-view__present")
    page.wait_for_function("document.fullscreenElement && document.fullscreenElement.classList.contains('cjm-present')")
    whole = page.evaluate(MEASURE)
    assert _inside(dict(whole, header=0)), whole  # full screen: no header
    assert "3 stages" in page.inner_text(".cjm-present-status")
    stages = page.evaluate(
        "[...document.querySelectorAll('.cjm-svg .cjm-stages > g[data-stage]')].map(g => g.dataset.stage)"
    )
    assert len(stages) == 3
    for n in (1, 2, 3, 3):  # the last key press stays on the last stage
        page.keyboard.press("ArrowRight")
        assert page.get_attribute(".cjm-diagram-section", "data-cjm-stage") == str(min(n, 3))
        band = page.evaluate(
            f"""() => {{ const r = document.querySelector('.cjm-svg g[data-stage="{stages[min(n, 3) - 1]}"] rect')
                  .getBoundingClientRect(); return {{left: r.left, right: r.right, width: innerWidth}}; }}"""
        )
        assert band["left"] >= 0 and band["right"] <= band["width"] + 0.5, (n, band)
        assert page.evaluate(MEASURE)["scale"] > whole["scale"], "a stage is not drawn larger than the whole map"
        assert f"Stage {min(n, 3)} of 3" in page.inner_text(".cjm-present-status")
    page.keyboard.press("Home")
    assert page.get_attribute(".cjm-diagram-section", "data-cjm-stage") == "0"
    page.keyboard.press("ArrowLeft")  # nothing before the whole map
    assert page.get_attribute(".cjm-diagram-section", "data-cjm-stage") == "0"
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('.cjm-present') && !document.fullscreenElement")
    assert page.evaluate(MEASURE)["size"] == "actual"
    assert not page.errors  # type: ignore[attr-defined]


def test_instant_navigation(context, base: str) -> None:
    page = _open(context, base + JOURNEY)
    page.click(".cjm-view [data-cjm-size=fit]")
    page.evaluate("window.cjmSamePage = true")
    # a link in the page's text to the other journey (the navigation is hidden on journey pages)
    link = '<p><a id="go" href="../again/">again</a></p>'
    page.evaluate("(link) => document.querySelector('.md-content h1').insertAdjacentHTML('afterend', link)", link)
    page.click("#go")
    page.wait_for_function("document.querySelector('.cjm-diagram').dataset.journey === 'again'")
    page.wait_for_selector(".cjm-diagram-section[data-cjm-ready]")
    assert page.evaluate("window.cjmSamePage === true"), "not an instant navigation: the page was loaded"
    assert page.locator(".cjm-view").count() == 1
    box = page.evaluate(MEASURE)
    assert box["size"] == "fit" and box["scale"] < 1
    # Actual size there: one stage strip, the new diagram's, that follows the new page's scrolling
    page.click(".cjm-view [data-cjm-size=actual]")
    assert page.locator(".cjm-stage-strip").count() == 1
    assert page.locator(".cjm-diagram[data-journey=again] > .cjm-stage-strip").count() == 1
    _scroll_diagram_to(page, -300)
    page.wait_for_function("document.querySelector('.cjm-stage-strip--on')")
    assert _strip_is_aligned(page.evaluate(STRIP))
    page.click(".cjm-view [data-cjm-size=fit]")
    # and back: the first page's diagram is set up again, Present works there
    page.go_back()
    page.wait_for_function("document.querySelector('.cjm-diagram').dataset.journey === 'click-and-collect'")
    page.wait_for_selector(".cjm-diagram-section[data-cjm-ready]")
    assert page.evaluate("window.cjmSamePage === true")
    assert page.locator(".cjm-view").count() == 1
    page.click(".cjm-view__present")
    page.wait_for_selector(".cjm-present")
    page.keyboard.press("ArrowRight")
    assert page.get_attribute(".cjm-diagram-section", "data-cjm-stage") == "1"
    assert not page.errors  # type: ignore[attr-defined]


def test_without_javascript_the_diagram_scrolls(browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 600, "height": 700}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + JOURNEY)
        assert page.locator(".cjm-view").count() == 0
        assert page.locator(".cjm-stage-strip").count() == 0
        scroll = page.locator(".cjm-diagram__scroll")
        assert scroll.evaluate("s => s.scrollWidth > s.clientWidth")
    finally:
        context.close()


@needs_axe
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_the_controls(browser, base: str, scheme: str) -> None:
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme, reduced_motion="reduce")
    try:
        page = _open(context, base + JOURNEY)
        # Actual size scrolled down and sideways: the stage strip shown, in the page's palette
        _scroll_diagram_to(page, -300)
        page.evaluate("document.querySelector('.cjm-diagram__scroll').scrollLeft = 150")
        page.wait_for_function("document.querySelector('.cjm-stage-strip--on')")
        colours = page.evaluate(
            """() => [getComputedStyle(document.querySelector('.cjm-stage-strip__inner')).backgroundColor,
                      getComputedStyle(document.body).backgroundColor]"""
        )
        assert colours[0] == colours[1], colours
        problems = _ours(_axe(page))
        low = [r for r in page.evaluate(CONTRAST_JS, ".cjm-stage-strip svg") if r["ratio"] < r["need"]]
        assert len(page.evaluate(CONTRAST_JS, ".cjm-stage-strip svg")) >= 3 and not low, low
        page.click(".cjm-view [data-cjm-size=fit]")
        problems += _ours(_axe(page))
        page.click(".cjm-view__present")
        page.wait_for_selector(".cjm-present")
        problems += _ours(_axe(page))
    finally:
        context.close()
    assert not problems, "\n".join(problems)


#: Meeting-room screens: the example's longest journey must show whole after "Fit", text still legible.
SCREENS = [{"width": 1600, "height": 1000}, {"width": 1920, "height": 1080}]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory):
    """The repository's example site, served, and the URI of its journey with the most steps."""
    from support.maps import EXAMPLE_MAPS, repo_maps

    from mkdocs_cjm.loader import load_project

    project = load_project(EXAMPLE_MAPS)
    longest = max(project.journeys.values(), key=lambda j: (len(j.steps), j.id))
    assert len(longest.steps) >= 13, "the example's longest journey got shorter: the check below would prove less"
    root = tmp_path_factory.mktemp("wall-example")
    site = build_site(root, repo_maps(), config={"theme": PALETTE_THEME}, plugin={"exports": False}, strict=True)
    pages = sorted((site.site_dir / "journeys").rglob("index.html"))
    diagram = re.compile(f'<div class="cjm-diagram"[^>]* data-journey="{re.escape(longest.id)}"')
    found = [p for p in pages if diagram.search(p.read_text(encoding="utf-8"))]
    assert len(found) == 1, found
    with serve(site.site_dir) as url:
        yield url + found[0].parent.relative_to(site.site_dir).as_posix() + "/"


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s['width']}x{s['height']}")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_fit_shows_the_longest_example_journey_legibly(browser, example: str, screen: dict, scheme: str) -> None:
    context = browser.new_context(viewport=screen, color_scheme=scheme, reduced_motion="reduce")
    try:
        page = _open(context, example)
        page.click(".cjm-view [data-cjm-size=fit]")
        box = page.evaluate(MEASURE)
        assert _inside(box), box
        assert box["smallest"] >= 7, f"smallest diagram text {box['smallest']:.2f} px at {screen}"
        labels = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('.cjm-diagram__label span')].map(
                 t => parseFloat(getComputedStyle(t).fontSize) * t.getBoundingClientRect().width / t.offsetWidth))"""
        )
        assert labels >= 7, f"smallest lane label {labels:.2f} px at {screen}"
        assert not page.errors  # type: ignore[attr-defined]
    finally:
        context.close()
