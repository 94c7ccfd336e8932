"""The start page: how to read a map, personas, promises, worst moments, and links to the overview pages that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.site import Site, build_site

from mkdocs_cjm import insight
from mkdocs_cjm.model import LANE_LABELS
from mkdocs_cjm.pages import EMOTION_WORDS, Page

START = "insights/start/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("start"), config={"nav": [{"Home": "index.md"}]}, strict=True)


def article(site: Site) -> str:
    match = re.search(r"<article\b.*?</article>", site.html(START), re.S)
    assert match
    return match.group(0)


def test_links_resolve_and_lead_to_the_overviews(site: Site) -> None:
    links = site.links(START)
    bad = [href for href in links if not site.resolves(START, href)]
    assert bad == []
    for target in ("../../journeys/", "../teams/", "../../personas/", "../../promises/"):
        assert target in links, target
    # the worst moment of the current state links its step
    assert "../../journeys/click-and-collect/#step-landing" in links
    # the future state's steps are not today's worst moments
    assert not [href for href in links if "click-and-collect-future/#" in href]
    # every other insight page the site has is linked (the KPI and opportunity pages here), none that it has not
    for name in ("kpis", "opportunities", "landscape"):
        built = (site.site_dir / "insights" / name / "index.html").is_file()
        assert (f"../{name}/" in links) == built, name


def test_how_to_read_a_map(site: Site) -> None:
    html = article(site)
    for label in LANE_LABELS.values():
        assert f"<strong>{label}</strong>" in html, label
    assert "<strong>Behind the scenes</strong>" in html  # the brand's own lane, in its place
    order = [html.index(f"<strong>{name}</strong>") for name in ("Opportunities", "Behind the scenes", "KPIs")]
    assert order == sorted(order)
    for score, word in EMOTION_WORDS.items():
        assert re.search(rf"<td[^>]*>{score}</td>\s*<td[^>]*>{word}</td>", html), word
    for symbol, word in (("✓", "meets"), ("◐", "partially meets"), ("✗", "misses")):
        assert re.search(rf">{symbol}</span> <strong>{word}</strong>", html), word
    assert "Sarah" in html and "Effortless" in html


def test_start_here_comes_first_in_the_nav(site: Site) -> None:
    nav = site.config["nav"]
    assert nav[:2] == [{"Home": "index.md"}, {"Start here": "insights/start.md"}]
    assert list(nav[2]) == ["Journeys"]
    assert {"Teams": ["insights/teams/index.md", "insights/teams/cx-team.md", "insights/teams/social-team.md"]} in nav
    html = site.html("journeys/index.html")
    assert re.search(r'href="../insights/start/"[^>]*>\s*(<[^>]+>\s*)*Start here', html)
    # and the journeys index points newcomers to it
    assert '<a href="../insights/start/">Start here</a>' in html


def test_links_to_the_insight_pages_that_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another insight module's pages (here a stand-in KPI page and landscape) are linked once they are made."""

    def more(renderer):  # type: ignore[no-untyped-def]
        kpis = renderer.layout.insight("kpis")
        landscape = renderer.layout.insight("landscape", "index")
        detail = renderer.layout.insight("landscape", "detail")
        return [
            Page(kpis, "# KPIs\n", "KPIs", kind="kpis", section="Insights"),
            Page(landscape, "# Landscape\n", "Landscape", kind="landscape", section="Insights"),
            Page(detail, "# Detail\n", "A detail", kind="landscape", section="Insights"),
        ]

    # in place of the real KPI and landscape pages (same URIs); the others stay (journey pages link the comparison)
    real = [insight.kpis.pages, insight.landscape.pages]
    monkeypatch.setattr(insight, "MAKERS", [m for m in insight.MAKERS if m not in real] + [more])
    site = build_site(tmp_path, strict=True)
    links = site.links(START)
    assert "../kpis/" in links and "../landscape/" in links
    assert "../landscape/detail/" not in links  # only the top pages of the insights folder
    html = article(site)
    assert "every KPI against its target" in html and "how the journeys fit together" in html
    assert [href for href in links if not site.resolves(START, href)] == []
