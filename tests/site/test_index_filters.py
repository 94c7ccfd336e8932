"""The journeys index: facets on each card for the filters, the filter form, and "Needs attention"."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support.hostile import injected
from support.insight import EVIL_OWNER, EVIL_TAG, INDEX_FILES
from support.site import Site, build_site

INDEX = "journeys/index.html"
FILES = INDEX_FILES


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("index"), FILES, strict=True)


class _Cards(HTMLParser):
    """Each journey card's data-cjm-* attributes (JSON decoded) by the link of its title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cards: dict[str, dict[str, list[str]]] = {}
        self._open: dict[str, list[str]] | None = None
        self.selects: dict[str, list[tuple[str, str]]] = {}
        self.labels: dict[str, str] = {}
        self._select = ""
        self._option: str | None = None
        self._label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "li" and "data-cjm-persona" in a:
            self._open = {k[len("data-cjm-") :]: json.loads(v) for k, v in a.items() if k.startswith("data-cjm-")}
        elif tag == "a" and self._open is not None:
            self.cards[a["href"]] = self._open
            self._open = None
        elif tag == "select":
            self._select = a.get("id", "")
            self.selects[self._select] = []
        elif tag == "option" and self._select:
            self._option = a.get("value", "")
        elif tag == "label":
            self._label = a.get("for", "")

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self.selects[self._select].append((self._option, data))
            self._option = None
        elif self._label:
            self.labels[self._label] = data
            self._label = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = ""


def cards(html: str) -> _Cards:
    parser = _Cards()
    parser.feed(html)
    return parser


def test_each_card_carries_its_facets(site: Site) -> None:
    found = cards(site.html(INDEX)).cards
    assert set(found) == {"alpha/", "beta/", "loyalty/gamma/"}
    assert found["alpha/"] == {
        "persona": ["sarah"],
        "state": ["current"],
        "owner": ["CX team", "Web team"],  # the journey's owner, then its steps'
        "tag": ["retail"],
        "review": ["fresh"],
    }
    # the hostile owner and tag come back exactly as written: escaped in the attribute, not cut
    assert found["beta/"] == {
        "persona": ["leo"],
        "state": ["future"],
        "owner": [EVIL_OWNER],
        "tag": [EVIL_TAG],
        "review": ["overdue"],
    }
    assert found["loyalty/gamma/"]["persona"] == ["sarah", "leo"]
    assert found["loyalty/gamma/"]["review"] == ["unknown"] and found["loyalty/gamma/"]["owner"] == []
    html = site.html(INDEX)
    assert injected(html) == []
    assert "<img src=x" not in html and "<c>" not in html


def test_filter_form_is_labelled_and_hidden_without_script(site: Site) -> None:
    html = site.html(INDEX)
    form = re.search(r"<form [^>]*data-cjm-filter[^>]*>", html)
    assert form and " hidden" in form.group(0) and 'aria-label="Filter the journeys"' in form.group(0)
    assert re.search(r'<p [^>]*data-cjm-filter-count[^>]*role="status"[^>]*aria-live="polite"[^>]*hidden', html)
    parsed = cards(html)
    assert {k: v for k, v in parsed.labels.items() if k.startswith("cjm-")} == {
        "cjm-filter-persona": "Persona",
        "cjm-filter-state": "State",
        "cjm-filter-owner": "Team",
        "cjm-filter-tag": "Tag",
        "cjm-filter-review": "Review",
    }
    assert parsed.selects["cjm-filter-persona"] == [("", "Any"), ("leo", "Leo"), ("sarah", "Sarah")]
    assert parsed.selects["cjm-filter-state"] == [("", "Any"), ("current", "Current state"), ("future", "Future state")]
    assert ("", "Any") in parsed.selects["cjm-filter-owner"] and (EVIL_OWNER, EVIL_OWNER) in parsed.selects[
        "cjm-filter-owner"
    ]
    assert (EVIL_TAG, "#" + EVIL_TAG) in parsed.selects["cjm-filter-tag"]
    assert [v for v, _ in parsed.selects["cjm-filter-review"]] == ["", "fresh", "overdue", "unknown"]
    # the script is the plugin's own file, on the page
    assert re.search(r'<script src="../assets/cjm/cjm-filter.js', html)
    assert (site.site_dir / "assets" / "cjm" / "cjm-filter.js").is_file()
    # the existing index content stays: badges, personas, folder headings
    assert "⚠ Overdue for review" in html and "⚠ Assumption-based" in html
    assert re.search(r"<h2 [^>]*>Loyalty", html)


def test_needs_attention(site: Site) -> None:
    html = site.html(INDEX)
    attention = html[html.index('id="needs-attention"') :]

    def part(heading: str) -> str:
        match = re.search(rf">{heading}<.*?(?=<h3|</article>)", attention, re.S)
        return match.group(0) if match else ""

    overdue = part("Overdue reviews")
    assert 'href="beta/"' in overdue and "due 2026-06-30" in overdue and "alpha/" not in overdue
    assumption = part("Assumption-based maps")
    assert 'href="beta/"' in assumption and "alpha/" not in assumption and "gamma/" not in assumption
    misses = part("Promise misses without an opportunity")
    assert 'href="alpha/#step-s2"' in misses and "Unanswered miss" in misses
    assert "#step-s1" not in misses and "#step-s3" not in misses
    for href in re.findall(r'href="([^"]+)"', attention.split("</article>")[0]):
        assert site.resolves(INDEX, href), href


def test_one_journey_needs_no_filter(tmp_path: Path) -> None:
    files = {k: v for k, v in FILES.items() if k not in ("maps/beta.yml", "maps/loyalty/gamma.yml")}
    html = build_site(tmp_path, files).html(INDEX)
    assert "data-cjm-filter" not in html
    assert 'data-cjm-persona="[&quot;sarah&quot;]"' in html  # the card still says what it is


def test_nothing_needs_attention(tmp_path: Path) -> None:
    files = {k: v for k, v in FILES.items() if k not in ("maps/alpha.yml", "maps/beta.yml")}
    html = build_site(tmp_path, files).html(INDEX)
    assert "Nothing needs attention" in html
