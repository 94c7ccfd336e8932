"""The journeys index's filters in Chromium: choosing a facet hides the other journeys and updates the
live count, also after Material's instant navigation and from the keyboard; without JavaScript the
index is the plain list, the filters hidden. Screenshots go to /tmp/cjm-shots/."""

from __future__ import annotations

import pytest
from support.browser import SHOTS, serve
from support.insight import INDEX_FILES
from support.site import PALETTE_THEME, build_site

ALL = {"Alpha", "Beta", "Gamma"}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory):
    """The site, served; built with the server's address as ``site_url``: Material's instant
    navigation only takes the links its sitemap lists, by protocol, host and port."""
    root = tmp_path_factory.mktemp("filters")
    (root / "site").mkdir()
    theme = dict(PALETTE_THEME, features=["navigation.instant"])
    with serve(root / "site", "/maps/") as url:
        build_site(
            root,
            {**INDEX_FILES, "docs/index.md": "# Home\n\nSee [the journeys](journeys/index.md).\n"},
            config={"theme": theme, "site_url": url},
            strict=True,
        )
        yield url


def shown(page) -> set[str]:
    """The titles of the journey cards the reader sees."""
    return set(
        page.evaluate(
            """() => [...document.querySelectorAll('.cjm-journeys li')]
                .filter((li) => li.offsetParent !== null)
                .map((li) => li.querySelector('a').textContent.trim())"""
        )
    )


def count(page) -> str:
    return page.locator("[data-cjm-filter-count]").inner_text().strip()


def test_filter_after_instant_navigation(browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        page.goto(base, wait_until="networkidle")
        page.evaluate("window.cjmSamePage = true")
        page.locator("article a[href$='journeys/']").click()
        page.wait_for_selector("form[data-cjm-filter]:not([hidden])")
        # the page came by instant navigation: the same document, the script run again
        assert page.evaluate("window.cjmSamePage === true")
        assert page.url.endswith("/maps/journeys/")
        assert shown(page) == ALL
        assert count(page) == "Showing all 3 journeys."
        page.select_option("#cjm-filter-persona", "leo")
        assert shown(page) == {"Beta", "Gamma"}
        assert count(page) == "Showing 2 of 3 journeys."
        page.select_option("#cjm-filter-state", "future")
        assert shown(page) == {"Beta"}
        assert count(page) == "Showing 1 of 3 journeys."
        # Gamma's folder heading goes with its last card
        assert not page.locator("h2#loyalty").is_visible()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "index-filtered.png"), full_page=True)
        page.select_option("#cjm-filter-review", "fresh")
        assert shown(page) == set()
        assert count(page).startswith("No journey matches")
        page.get_by_role("button", name="Show all").click()
        assert shown(page) == ALL and page.locator("h2#loyalty").is_visible()
        assert page.input_value("#cjm-filter-persona") == ""
        # back to another page and here again: still one form, still working
        page.locator("article a[href$='alpha/']").first.click()
        page.wait_for_url("**/journeys/alpha/")
        page.go_back()
        page.wait_for_selector("form[data-cjm-filter]:not([hidden])")
        page.select_option("#cjm-filter-owner", "Web team")
        assert shown(page) == {"Alpha"}
        assert page.evaluate("window.cjmSamePage === true")
    finally:
        context.close()


def test_filters_work_from_the_keyboard(browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + "journeys/", wait_until="networkidle")
        page.focus("#cjm-filter-persona")
        page.keyboard.press("ArrowDown")  # Any -> Leo
        assert page.input_value("#cjm-filter-persona") == "leo"
        page.wait_for_function("document.querySelector('[data-cjm-filter-count]').textContent.includes('2 of 3')")
        assert shown(page) == {"Beta", "Gamma"}
        # the label names the control for assistive technology
        assert page.get_by_label("Persona", exact=True).get_attribute("id") == "cjm-filter-persona"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "cjm-filter-state"
    finally:
        context.close()


def test_without_javascript_the_plain_list(browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base + "journeys/")
        assert page.locator("form[data-cjm-filter]").count() == 1
        assert not page.locator("form[data-cjm-filter]").is_visible()
        assert not page.locator("[data-cjm-filter-count]").is_visible()
        assert page.locator(".cjm-journeys li").count() == 3
        assert all(li.is_visible() for li in page.locator(".cjm-journeys li").all())
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "index-no-js.png"), full_page=True)
    finally:
        context.close()
