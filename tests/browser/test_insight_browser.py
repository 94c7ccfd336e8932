"""The insight pages in Chromium: the opportunity table sorts by a click on its headings and from the
keyboard, also after Material's instant navigation; without JavaScript it stays a plain table; no text
of the matrix overlaps another. Screenshots of both pages, light and dark, go to /tmp/cjm-shots/."""

from __future__ import annotations

import pytest
from support.browser import COLOUR_JS, SHOTS, serve
from support.maps import repo_maps
from support.site import PALETTE_THEME, Site, build_site

SITE_URL = "https://example.com/cjm/"
PAGE = "insights/opportunities/"
KPIS = "insights/kpis/"

COLUMN_JS = """(index) => [...document.querySelectorAll('.cjm-sortable table tbody tr')]
    .map((tr) => tr.cells[index].textContent.trim())"""
SORT_JS = """() => [...document.querySelectorAll('.cjm-sortable th')]
    .map((th) => th.getAttribute('aria-sort'))"""
IMPACT, EFFORT, STATUS, OWNER = 2, 3, 4, 5
STATUS_ORDER = ["idea", "planned", "in-progress", "done"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    theme = dict(PALETTE_THEME, features=["navigation.instant"])
    # Instant navigation needs site_url (it reads the sitemap to know the pages of the site).
    config = {"theme": theme, "site_url": SITE_URL}
    return build_site(tmp_path_factory.mktemp("insight-browser"), repo_maps(), config=config, strict=True)


@pytest.fixture(scope="module")
def base(site: Site):
    with serve(site.site_dir, "/cjm/") as url:
        # Material's instant navigation takes only the sitemap's pages, matched by protocol, host *and* port:
        # the sitemap says where this server is, as it would say where the site is deployed.
        sitemap = site.site_dir / "sitemap.xml"
        sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(SITE_URL, url), encoding="utf-8")
        yield url


def _open(browser, url: str, scheme: str = "light", **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, **options)
    context.set_default_timeout(15000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="networkidle")
    return context, page, errors


def follow(page, uri: str) -> None:
    """Click the navigation's link to ``uri`` (in a collapsed section: a script's click, which Material's
    instant navigation handles like the reader's) and wait for the page."""
    before = page.evaluate("window.cjmSamePage = true; document.querySelector('article').innerText")
    page.evaluate("(uri) => document.querySelector(`.md-nav a[href$='${uri}']`).click()", uri)
    page.wait_for_url("**/" + uri)
    page.wait_for_function("(before) => document.querySelector('article').innerText !== before", arg=before)
    assert page.evaluate("window.cjmSamePage === true"), "a full page load, not Material's instant navigation"


def _numbers(values: list[str]) -> list[float]:
    return [float(v) for v in values if v != "—"]


def test_click_sorts_by_impact_then_reverses(browser, base: str) -> None:
    context, page, errors = _open(browser, base + PAGE)
    try:
        page.wait_for_selector(".cjm-sortable th button.cjm-sort")
        before = page.evaluate(COLUMN_JS, 1)
        page.click(".cjm-sortable th:nth-child(3) button")
        impact = page.evaluate(COLUMN_JS, IMPACT)
        assert _numbers(impact) == sorted(_numbers(impact)) and impact != sorted(impact, reverse=True)
        assert impact[-1] == "—", "unrated rows sort last"
        assert page.evaluate(SORT_JS)[IMPACT] == "ascending"
        page.click(".cjm-sortable th:nth-child(3) button")
        impact = page.evaluate(COLUMN_JS, IMPACT)
        assert _numbers(impact) == sorted(_numbers(impact), reverse=True) and impact[-1] == "—"
        assert page.evaluate(SORT_JS)[IMPACT] == "descending"
        assert sorted(page.evaluate(COLUMN_JS, 1)) == sorted(before), "rows are moved, never lost"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "opportunities-sorted.png"), full_page=False)
    finally:
        context.close()
    assert not errors


def test_keyboard_sorts_by_owner_and_status(browser, base: str) -> None:
    context, page, errors = _open(browser, base + PAGE)
    try:
        page.wait_for_selector(".cjm-sortable th button.cjm-sort")
        page.focus(".cjm-sortable th:nth-child(6) button")
        page.keyboard.press("Enter")
        owners = page.evaluate(COLUMN_JS, OWNER)
        assert owners == sorted(owners, key=str.casefold)
        sorts = page.evaluate(SORT_JS)
        assert sorts[OWNER] == "ascending" and sorts[IMPACT] == "none"
        page.focus(".cjm-sortable th:nth-child(5) button")
        page.keyboard.press("Space")
        status = page.evaluate(COLUMN_JS, STATUS)
        assert status == sorted(status, key=STATUS_ORDER.index) and len(set(status)) > 2
        # the focus stays on the heading's button
        assert page.evaluate("document.activeElement.closest('th').cellIndex") == STATUS
    finally:
        context.close()
    assert not errors


def test_sorts_after_instant_navigation(browser, base: str) -> None:
    context, page, errors = _open(browser, base + "journeys/")
    try:
        follow(page, PAGE)
        page.wait_for_selector(".cjm-sortable th button.cjm-sort")
        page.click(".cjm-sortable th:nth-child(4) button")
        effort = page.evaluate(COLUMN_JS, EFFORT)
        assert _numbers(effort) == sorted(_numbers(effort))
        # back and forth again: set up once per page, one button per heading
        follow(page, KPIS)
        follow(page, PAGE)
        page.wait_for_selector(".cjm-sortable th button.cjm-sort")
        assert page.evaluate("document.querySelectorAll('.cjm-sortable th button').length") == 4
    finally:
        context.close()
    assert not errors


def test_without_javascript_a_plain_table(browser, base: str) -> None:
    context, page, _ = _open(browser, base + PAGE, java_script_enabled=False)
    try:
        assert page.evaluate("document.querySelectorAll('.cjm-sortable th button').length") == 0
        numbers = page.evaluate(COLUMN_JS, 0)
        assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    finally:
        context.close()


MATRIX_OVERLAP_JS = """() => {
  const boxes = [...document.querySelectorAll('.cjm-matrix svg text')].map((t) => {
    const r = t.getBoundingClientRect(); return {t: t.textContent, l: r.left, t2: r.top, r: r.right, b: r.bottom};
  });
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t2 < b.b - 0.5 && b.t2 < a.b - 0.5) out.push([a.t, b.t]);
  }
  return out;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_and_no_overlapping_text(browser, base: str, scheme: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page, errors = _open(browser, base + PAGE, scheme)
    try:
        assert page.evaluate(MATRIX_OVERLAP_JS) == []
        page.screenshot(path=str(SHOTS / f"opportunities-{scheme}.png"), full_page=True)
        page.goto(base + KPIS, wait_until="networkidle")
        page.screenshot(path=str(SHOTS / f"kpis-{scheme}.png"), full_page=True)
    finally:
        context.close()
    assert not errors


def test_a_dot_opens_its_step_with_instant_navigation(browser, base: str) -> None:
    context, page, errors = _open(browser, base + PAGE)
    try:
        dot = page.locator(".cjm-matrix a.cjm-matrix__dot").first
        href = dot.get_attribute("xlink:href")
        assert href and "#step-" in href
        dot.click()
        page.wait_for_url("**/journeys/**#step-*")
        anchor = href.split("#", 1)[1]
        assert page.evaluate("location.hash") == "#" + anchor
        assert page.locator(f'[id="{anchor}"]').count() == 1
    finally:
        context.close()
    # The journey diagram's own <use href> trips Material's instant navigation (known, not this page's).
    assert not [e for e in errors if "SVGUseElement" not in e]


CONTRAST_JS = (
    "() => {"
    + COLOUR_JS
    + r"""
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const over = (top, bottom) => ({r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  let page = parse(getComputedStyle(document.body).backgroundColor);
  if (!page || page.a === 0) page = parse(getComputedStyle(document.documentElement).backgroundColor);
  if (!page || page.a === 0) page = {r: 255, g: 255, b: 255, a: 1};
  const out = [];
  for (const t of document.querySelectorAll('.cjm-matrix svg text')) {
    const circle = t.parentElement.matches('a, g') ? t.parentElement.querySelector('circle') : null;
    const bg = circle ? over(parse(getComputedStyle(circle).fill), page) : page;
    out.push({text: t.textContent, ratio: ratio(over(parse(getComputedStyle(t).fill), bg), bg)});
  }
  return out;
}"""
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_matrix_text_contrast(browser, base: str, scheme: str) -> None:
    """Dot numbers against their dot, tick labels and axis titles against the page (WCAG AA, 4.5:1)."""
    context, page, _ = _open(browser, base + PAGE, scheme)
    try:
        results = page.evaluate(CONTRAST_JS)
    finally:
        context.close()
    assert len(results) > 20
    low = [f"{r['text']!r}: {r['ratio']:.2f}" for r in results if r["ratio"] < 4.5]
    assert not low, low
