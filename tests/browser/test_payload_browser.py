"""Map text is text, proved in Chromium: breakout strings in every text field, file and folder
name and CSV cell; every page of the site loaded and every link on the generated pages clicked;
no script runs, no outside request is made, and the text is shown as written.

Each payload calls ``alert(N)`` if it ever runs, so a dialog is proof of script; outside hosts
are aborted and recorded by :class:`cjm_browser.Traffic`.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import pytest
import yaml
from support import hostile
from support.browser import Traffic, chromium, needs_chromium, serve
from support.site import build_site

OUTSIDE = "https://outside.example"

#: Every way found to make Python-Markdown, MkDocs or Material write markup or a live link.
PAYLOADS = [
    "</title><img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    '"><svg onload=alert(3)>',
    "'><img src=x onerror=alert(4)>",
    "[a](javascript:alert(5))",
    "[a [b] c](javascript:alert(6))",
    "[a]( javascript:alert(7))",
    '[a](javascript:alert(8) "t")',
    "[a](<javascript:alert(9)>)",
    "x](javascript:alert(10)) [y",
    "[jref]: javascript:alert(11)",
    "[click me][jref]",
    f"![i][iref] [iref]: {OUTSIDE}/x.png",
    f"[iref]: {OUTSIDE}/pixel.png",
    '{: onclick="alert(12)" }',
    "&#106;avascript:alert(13)",
    '<a href="javascript:alert(14)">x</a>',
    "[a](JaVaScRiPt:alert(15))",
    "[a](&#x6A;avascript:alert(16))",
    "<javascript:alert(17)>",
    "[a](data:text/html,<script>alert(18)</script>)",
    "[a](vbscript:alert(19))",
    f"![outside]({OUTSIDE}/img.png)",
    "`code` **b** ~~s~~ {{ 7*7 }} {% raw %} | cell |",
    "<!-- --><img src=x onerror=alert(20)>",
    "[a](java\tscript:alert(21))",
]
#: Payloads that are valid file and folder names (no ``/``).
NAME_PAYLOADS = ['"><img src=x onerror=alert(30)>', "'><svg onload=alert(31)>", "a`b<i>c&amp;&#x3C;x"]


def _texts() -> Iterator[str]:
    for i in itertools.count():
        yield f"{PAYLOADS[i % len(PAYLOADS)]} #{i}"


def hostile_maps() -> dict[str, str]:
    texts = _texts()
    t = lambda: next(texts)  # noqa: E731
    brand = hostile.brand(t)
    brand["promises"][0]["name"] = "</title><script>alert(40)</script> promise"
    persona = hostile.persona(t)
    persona["name"] = PAYLOADS[1] + " persona"

    def journey(jid: str, title: str) -> dict[str, Any]:
        return hostile.journey(t, jid, title)

    folder, file_name, other = NAME_PAYLOADS
    current = journey("evil", PAYLOADS[0] + " evil")
    future = journey("in-folder", PAYLOADS[2] + " in folder")
    # A current/future pair: the comparison page shows both journeys' texts.
    current.update(state="current", counterpart="in-folder")
    future.update(state="future", counterpart="evil")
    csv_rows = ["journey,step,metric,actual,period"]
    csv_rows += [f'"{p.replace(chr(34), chr(34) * 2)}",a,m,1,2026-10' for p in PAYLOADS[:6]]
    csv_rows += [f'evil,"{p.replace(chr(34), chr(34) * 2)}",m,1,2026-10' for p in PAYLOADS[6:12]]
    return {
        "maps/brand.yml": yaml.safe_dump(brand),
        "maps/personas/evil.yml": yaml.safe_dump(persona),
        "maps/evil.yml": yaml.safe_dump(current),
        f"maps/{folder}/{file_name}.yml": yaml.safe_dump(future),
        f"maps/{other}.yml": yaml.safe_dump(_detailing(journey("other-name", PAYLOADS[3] + " other"))),
        "maps/broken.yml": yaml.safe_dump({**journey("broken", PAYLOADS[0] + " broken"), "emotion": PAYLOADS[4]}),
        f"maps/data/{other}.csv": "\n".join(csv_rows) + "\n",
    }


CONFIG = {
    "repo_url": "http://127.0.0.1:9/repo/",
    "edit_uri": "edit/main/docs/",
    "theme": {"name": "material", "font": False, "features": ["content.action.edit", "content.action.view"]},
}


@pytest.fixture(scope="module", params=["auto-nav", "explicit-nav"])
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp(request.param)
    config = dict(CONFIG)
    if request.param == "explicit-nav":
        config["nav"] = ["index.md"]
    site = build_site(root, hostile_maps(), config=config)
    return site.site_dir


def _generated(site_dir: Path) -> list[str]:
    return sorted(
        p.relative_to(site_dir).as_posix()
        for folder in ("journeys", "personas", "promises", "insights")
        for p in (site_dir / folder).rglob("index.html")
    )


@needs_chromium
def test_no_payload_runs_and_nothing_outside_is_requested(hostile_site: Path) -> None:
    every_page = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    generated = _generated(hostile_site)
    assert len(generated) >= 9, generated  # 4 journeys + index, persona + index, promise + index
    with serve(hostile_site) as base, chromium() as browser:
        traffic = Traffic(allowed=(base,))
        context = browser.new_context()
        traffic.attach(context)
        dialogs: list[str] = []
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        for uri in every_page:
            page.goto(base + uri, wait_until="load")
        clicked = 0
        hrefs: set[str] = set()
        for uri in generated:
            _goto(page, base + uri)
            # Click every link as the element receives a click. Links to web pages and mail
            # addresses are held on this page (the pages themselves are all loaded above);
            # any other scheme goes ahead, so a script URL would run and show its dialog.
            result = page.evaluate(
                """async () => {
                    const held = [];
                    const target = a => new URL(
                        a.getAttribute('href') || a.getAttribute('xlink:href'), document.baseURI);
                    document.addEventListener('click', e => {
                        const a = e.target.closest('a');
                        if (!a) return;
                        const url = target(a);
                        if (['http:', 'https:', 'mailto:'].includes(url.protocol)) {
                            // The theme's own credit in the footer is not map text.
                            if (!a.closest('.md-copyright')) held.push(url.href);
                            e.preventDefault();
                        }
                    }, true);
                    const links = Array.from(document.querySelectorAll('a[href], a[*|href]'));
                    for (const a of links) {
                        a.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
                    }
                    await new Promise(r => setTimeout(r, 300));
                    return {count: links.length, held};
                }"""
            )
            clicked += result["count"]
            hrefs.update(result["held"])
            page.wait_for_load_state("load")
        # Search results render page titles and text: type a payload into the search box.
        page.goto(base + "index.html", wait_until="load")
        page.keyboard.press("s")
        page.keyboard.type("onerror img alert")
        page.wait_for_timeout(1500)
        context.close()
    assert dialogs == []
    assert traffic.outside == []
    assert clicked > 200, clicked
    # Every link leads into the site (or to the repository's edit page): none that map text made goes out.
    outside_links = sorted(
        h for h in hrefs if not h.startswith((base, CONFIG["repo_url"])) and not h.startswith("mailto:")
    )
    assert outside_links == []


def _detailing(journey: dict[str, Any]) -> dict[str, Any]:
    """The journey with its first step detailed by the journey ``evil`` (a "Detailed in" / "Part of" link)."""
    journey["stages"][0]["steps"][0]["journey"] = "evil"
    return journey


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("id", "personas", "channel", "to", "reviewed", "rating", "state", "counterpart"):
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _is_html_payload(text: str) -> bool:
    """A payload that is no Markdown (links, emphasis, code are Markdown that map text may use)."""
    return not any(c in text for c in "[]`*_~{")


def _goto(page: Any, url: str) -> None:
    """Open ``url``; a navigation the last click started may abort the first try."""
    try:
        page.goto(url, wait_until="load")
    except Exception:  # playwright's Error: net::ERR_ABORTED while the click's navigation ends
        page.wait_for_timeout(200)
        page.goto(url, wait_until="load")


def _text(page: Any, selector: str) -> str:
    return " ".join(page.locator(selector).first.inner_text().split())


@needs_chromium
def test_payload_text_is_shown_as_written(hostile_site: Path) -> None:
    files = hostile_maps()
    journey = yaml.safe_load(files["maps/evil.yml"])
    persona = yaml.safe_load(files["maps/personas/evil.yml"])
    with serve(hostile_site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "journeys/evil/", wait_until="load")
        assert _text(page, "article h1") == journey["title"]
        assert page.title().startswith(journey["title"] + " - ")
        body = " ".join(page.locator("article").inner_text().split())
        shown = [text for text in _strings(journey) if _is_html_payload(text)]
        assert len(shown) > 15
        for text in shown:
            assert " ".join(text.split()) in body, text
        # The navigation shows the same title, as text.
        nav_titles = [" ".join(t.split()) for t in page.locator("nav.md-nav a").all_inner_texts()]
        assert journey["title"] in nav_titles
        # The edit link goes to the YAML file, its name encoded, on the repository's host.
        edit = page.locator("a.md-content__button[rel=edit]").get_attribute("href")
        assert edit == "http://127.0.0.1:9/repo/edit/main/maps/evil.yml"
        folder, file_name, _ = NAME_PAYLOADS
        page.goto(base + "journeys/img-src-x-onerror-alert-30/svg-onload-alert-31/", wait_until="load")
        edit = page.locator("a.md-content__button[rel=edit]").get_attribute("href")
        assert edit == "http://127.0.0.1:9/repo/edit/main/maps/" + quote(f"{folder}/{file_name}.yml", safe="/")
        page.goto(base + "personas/evil/", wait_until="load")
        assert _text(page, "article h1") == persona["name"]
        page.goto(base + "journeys/index.html", wait_until="load")
        problems = " ".join(page.locator("article .admonition").first.inner_text().split())
        for cell in PAYLOADS[:3]:
            assert cell in problems, cell


#: The insight pages of the hostile site: as-is against to-be (evil against in-folder), the landscape.
INSIGHTS = ("insights/compare/evil/", "insights/landscape/")


@needs_chromium
def test_payload_text_is_text_on_the_insight_pages(hostile_site: Path) -> None:
    files = hostile_maps()
    current = yaml.safe_load(files["maps/evil.yml"])
    folder, file_name, _ = NAME_PAYLOADS
    future = yaml.safe_load(files[f"maps/{folder}/{file_name}.yml"])
    titles = [s["touchpoint"] for j in (current, future) for stage in j["stages"] for s in stage["steps"]]
    assert sum(map(_is_html_payload, titles)) >= 2, titles  # tags, not Markdown: shown exactly as written
    with serve(hostile_site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + INSIGHTS[0], wait_until="load")
        assert _text(page, "article h1") == current["title"] + ": as-is against to-be"
        body = " ".join(page.locator("article").inner_text().split())
        for title in titles:
            if _is_html_payload(title):
                assert " ".join(title.split()) in body, title
        # A step title that is a tag shows as text in the "What changed" table, never as an element.
        assert page.locator("article img[src=x], article svg[onload], article script").count() == 0
        # The chart's title and its stage bands hold the text too, as SVG text.
        chart_title = page.locator(".cjm-chart svg > title").first.text_content()
        assert chart_title == f"Feeling by stage: {current['title']} against {future['title']}"
        assert page.locator(".cjm-chart svg img, .cjm-chart svg script").count() == 0
        page.goto(base + INSIGHTS[1], wait_until="load")
        links = [" ".join(t.split()) for t in page.locator("article .cjm-landscape a").all_inner_texts()]
        assert current["title"] in links and future["title"] in links
        page.goto(base + "personas/evil/", wait_until="load")
        tips = page.locator(".cjm-chart .cjm-chart-point title").all_text_contents()
        assert any(current["stages"][0]["steps"][0]["touchpoint"] in t for t in tips), tips
        assert page.locator("article img[src=x], article svg[onload], article script").count() == 0
