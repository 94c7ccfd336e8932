"""The opportunity portfolio (insights/opportunities/): the impact-by-effort matrix (dots that link to
their steps, never on top of each other), quick wins, the table and its sort keys, the opportunities not
yet rated and the pain points with no opportunity. On a fixture site and on the repository's example."""

from __future__ import annotations

import html as _html
import itertools
import math
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support.maps import BRAND, PERSONA, repo_maps
from support.site import Site, build_site

PAGE = "insights/opportunities/index.html"
SVG = "{http://www.w3.org/2000/svg}"
#: Where a dot links (``xlink:href``: Material's instant navigation rewrites every ``[href]``, which an SVG link's
#: read-only ``href`` property refuses).
HREF = "{http://www.w3.org/1999/xlink}href"

JOURNEY = """\
title: Returns
personas: [sarah]
owner: Journey team
stages:
  - id: s
    name: Stage
    steps:
      - id: label
        touchpoint: Print a label
        owner: Label team
        pain_points: [No printer at home]
        opportunities:
          - {text: QR code instead of a label, impact: 5, effort: 1, status: planned, owner: Team B}
          - {text: Label in the parcel, impact: 5, effort: 1, status: idea}
          - Ask the courier to bring one
      - id: drop
        touchpoint: Drop off
        pain_points: [Queue at the post office]
      - id: wait
        touchpoint: Wait for the refund
        opportunities:
          - {text: Refund on scan, impact: 2, effort: 5, status: done, owner: Team A}
          - {text: Tell the refund date, impact: 3}
          - {text: Weekly summary, impact: 4, effort: 2, status: in-progress}
"""


def fixture_files(journey: str = JOURNEY) -> dict[str, str | bytes]:
    return {"maps/brand.yml": BRAND, "maps/personas/sarah.yml": PERSONA, "maps/returns.yml": journey}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("opportunities"), fixture_files(), strict=True)


def matrix(html: str) -> ET.Element:
    found = re.search(r'<svg [^>]*class="cjm-matrix__svg".*?</svg>', html, re.S)
    assert found, "no matrix on the page"
    return ET.fromstring(found.group(0))


def dots(html: str) -> list[ET.Element]:
    return [a for a in matrix(html).iter(f"{SVG}a")]


def table(html: str, heading: str) -> list[list[str]]:
    part = html.split(f'id="{heading}"', 1)[1]
    body = re.search(r"<table>.*?</table>", part, re.S).group(0)
    out = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        out.append([_html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br ?/?>", " / ", c))).strip() for c in cells])
    return out


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.bad.append("img")
        self.bad.extend(f"{tag}[{name}]" for name, _ in attrs if name.startswith("on"))


def injected(html: str) -> list[str]:
    """Elements and attributes that only the payload could have made."""
    parser = _Attributes()
    parser.feed(html)
    return parser.bad


def resolves(site: Site, page: str, href: str) -> bool:
    """Whether ``href`` (relative, with an anchor) from the built ``page`` names an element of a built page."""
    path, _, anchor = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    file = site.site_dir / target
    if file.is_dir():
        file = file / "index.html"
    return file.is_file() and bool(anchor) and f'id="{anchor}"' in file.read_text(encoding="utf-8")


def test_each_dot_links_to_its_step(site: Site) -> None:
    html = site.html(PAGE)
    found = {a.get("data-number"): a for a in dots(html)}
    assert sorted(found) == ["1", "2", "3", "4"]  # the four opportunities with impact and effort
    for a in found.values():
        assert resolves(site, PAGE, a.get(HREF)), a.get(HREF)
        title = a.find(f"{SVG}title").text
        assert title == a.get("aria-label") and title.startswith(a.get("data-number") + ". ")
        assert a.find(f"{SVG}text").text == a.get("data-number")
    assert found["4"].get(HREF).endswith("#step-wait") and "Refund on scan" in found["4"].find(f"{SVG}title").text
    assert {(a.get("data-impact"), a.get("data-effort")) for a in found.values()} == {
        ("5", "1"),
        ("4", "2"),
        ("2", "5"),
    }


def test_links_resolve_without_directory_urls(tmp_path: Path) -> None:
    flat = build_site(tmp_path, fixture_files(), config={"use_directory_urls": False}, strict=True)
    page = "insights/opportunities.html"
    hrefs = [a.get(HREF) for a in dots(flat.html(page))]
    assert hrefs and all(resolves(flat, page, h) for h in hrefs), hrefs


def test_dots_in_one_square_do_not_hide_each_other(site: Site) -> None:
    circles = [a.find(f"{SVG}circle") for a in dots(site.html(PAGE))]
    centres = [(float(c.get("cx")), float(c.get("cy")), float(c.get("r"))) for c in circles]
    for (x1, y1, r1), (x2, y2, r2) in itertools.combinations(centres, 2):
        assert math.hypot(x1 - x2, y1 - y2) >= r1 + r2, "two dots overlap"


def test_quick_wins(site: Site) -> None:
    html = site.html(PAGE)
    quick = {a.get("data-number") for a in dots(html) if "cjm-matrix__dot--quick" in a.get("class")}
    assert quick == {"1", "2", "3"}  # impact 5 / effort 1 twice, impact 4 / effort 2
    assert "quick win" in dots(html)[0].find(f"{SVG}title").text
    section = html.split('id="quick-wins"', 1)[1].split("<h2", 1)[0]
    assert [re.sub(r"<[^>]+>", "", li).split(".")[0].strip("★ ") for li in re.findall(r"<li>(.*?)</li>", section)] == [
        "1",
        "2",
        "3",
    ]
    assert matrix(html).find(f"{SVG}rect[@data-quick-wins]") is not None
    assert "★ Quick wins" in "".join(matrix(html).itertext())


def test_axes_are_labelled(site: Site) -> None:
    texts = [t.text for t in matrix(site.html(PAGE)).iter(f"{SVG}text")]
    assert "Effort → (1 low, 5 high)" in texts and "Impact → (1 low, 5 high)" in texts
    assert texts.count("5") >= 2 and texts.count("1") >= 2  # the ticks of both axes


def test_table_lists_every_opportunity_with_sort_keys(site: Site) -> None:
    html = site.html(PAGE)
    rows = table(html, "all")
    assert [r[1] for r in rows] == [
        "★ QR code instead of a label",
        "★ Label in the parcel",
        "★ Weekly summary",
        "Refund on scan",
        "Ask the courier to bring one",
        "Tell the refund date",
    ]
    assert [r[0] for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert [(r[2], r[3], r[4]) for r in rows][3:] == [("2", "5", "done"), ("—", "—", "idea"), ("3", "—", "idea")]
    # owners: the opportunity's, else its step's, else its journey's
    assert [r[5] for r in rows] == ["Team B", "Label team", "Journey team", "Team A", "Label team", "Journey team"]
    assert rows[0][6] == "Print a label / Returns"
    # the headings the script makes sortable, and the status's rank as its key
    heads = re.search(r"<thead>.*?</thead>", html.split('id="all"', 1)[1], re.S).group(0)
    assert re.findall(r'data-cjm-sort="(\w+)">(\w+)<', heads) == [
        ("number", "Impact"),
        ("number", "Effort"),
        ("number", "Status"),
        ("text", "Owner"),
    ]
    assert re.findall(r'data-cjm-key="(\d)">([a-z-]+)<', html)[:4] == [
        ("2", "planned"),
        ("1", "idea"),
        ("3", "in-progress"),
        ("4", "done"),
    ]
    assert 'class="cjm-sortable"' in html
    assert re.search(r'<script src="[./]*assets/cjm/cjm-sort\.js"', html)


def test_not_yet_rated(site: Site) -> None:
    section = site.html(PAGE).split('id="unrated"', 1)[1].split("<h2", 1)[0]
    items = [_html.unescape(re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li>(.*?)</li>", section, re.S)]
    assert [i.split(":")[0] for i in items] == ["5. Ask the courier to bring one", "6. Tell the refund date"]


def test_pain_points_with_no_opportunity(site: Site) -> None:
    rows = table(site.html(PAGE), "unaddressed")
    assert rows == [["Drop off / Returns", "⚠ Queue at the post office"]]
    href = re.search(r'id="unaddressed".*?<a href="([^"]+)"', site.html(PAGE), re.S).group(1)
    assert resolves(site, PAGE, href)


def test_page_in_the_insights_section(site: Site) -> None:
    assert re.search(r"<h1[^>]*>Opportunities</h1>", site.html(PAGE))
    assert 'href="insights/opportunities/"' in site.html("index.html")


def test_map_text_is_escaped(tmp_path: Path) -> None:
    payload = '<img src=x onerror=alert(1)> " onmouseover="alert(2)'
    journey = JOURNEY.replace("text: QR code instead of a label", f"text: '{payload} text'").replace(
        "owner: Team B", f"owner: '{payload} owner'"
    )
    html = build_site(tmp_path, fixture_files(journey), strict=True).html(PAGE)
    assert not injected(html)
    rows = table(html, "all")
    assert rows[0][1] == f"★ {payload} text" and rows[0][5] == f"{payload} owner"  # shown as text
    title = dots(html)[0].find(f"{SVG}title").text  # the SVG parses: the payload is text in it
    assert f"{payload} text" in title and f"{payload} owner" in title


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("opportunities-example"), repo_maps(), strict=True)


def test_example_matrix_quick_wins_and_gaps(example: Site) -> None:
    html = example.html(PAGE)
    found = dots(html)
    assert len(found) >= 8
    assert all(resolves(example, PAGE, a.get(HREF)) for a in found)
    squares = [(a.get("data-impact"), a.get("data-effort")) for a in found]
    assert len(set(squares)) < len(squares), "the example stacks two dots in one square"
    quick = [a for a in found if "cjm-matrix__dot--quick" in a.get("class")]
    assert any("Accept discount codes in any letter case" in a.find(f"{SVG}title").text for a in quick)
    assert table(html, "unaddressed"), "the example has a painful step with no opportunity"
    assert 'id="unrated"' in html


def test_same_maps_same_pages(site: Site, tmp_path: Path) -> None:
    again = build_site(tmp_path, fixture_files(), strict=True)
    assert again.html(PAGE) == site.html(PAGE)
