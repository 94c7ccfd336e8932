"""Build real sites through MkDocs and read the HTML, the SVG and the search index."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from support.maps import REPO, example_maps
from support.site import build_site

SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_of(html: str, cls: str = "cjm-svg") -> ET.Element:
    """The diagram's SVG (``cjm-svg``) or its link overlay (``cjm-svg-links``)."""
    match = re.search(r'<svg\b[^>]*class="' + cls + r'"[^>]*>.*?</svg>', html, re.S)
    assert match, f"no inline SVG of class {cls} on the page"
    return ET.fromstring(match.group(0))


def test_pages_generated(tmp_path: Path) -> None:
    site = build_site(tmp_path, strict=True)
    for uri in (
        "journeys/index.html",
        "journeys/click-and-collect/index.html",
        "journeys/omni/click-and-collect-future/index.html",
        "personas/index.html",
        "personas/sarah/index.html",
        "promises/index.html",
        "promises/effortless/index.html",
        "assets/cjm/cjm.css",
        "assets/cjm/cjm-diagram.css",
    ):
        assert site.exists(uri), uri
    assert not site.messages(), site.messages()


def test_journey_page_content(tmp_path: Path) -> None:
    site = build_site(tmp_path, strict=True)
    html = site.html("journeys/click-and-collect/index.html")
    assert "Buy online, collect in store" in html
    assert "Current state (as-is)" in html
    # counterpart, persona and promise links resolve to real pages
    assert 'href="../omni/click-and-collect-future/"' in html
    assert 'href="../../personas/sarah/"' in html
    assert 'href="../../promises/effortless/"' in html
    # review_every 60 from 2026-09-14 is overdue on 2026-11-23
    assert "Overdue for review" in html
    assert "Research-based" in html
    # text version with anchors
    for anchor in ("stage-aware", "stage-consider", "step-insta-ad", "step-landing", "step-collect"):
        assert f'id="{anchor}"' in html, anchor
    assert "Ad shows items that are sold out" in html
    assert "Behind the scenes" in html
    # the future map has no evidence: assumption-based
    future = site.html("journeys/omni/click-and-collect-future/index.html")
    assert "Assumption-based" in future
    assert "Future state (to-be)" in future
    assert 'href="../../click-and-collect/"' in future


def test_diagram_svg(tmp_path: Path) -> None:
    site = build_site(tmp_path, strict=True)
    html = site.html("journeys/click-and-collect/index.html")
    assert re.search(r"<div[^>]*class=\"cjm-diagram\"[^>]*data-search-exclude", html)
    svg = svg_of(html)
    stages = [el.get("data-stage") for el in svg.iter() if el.get("data-stage")]
    ordered = list(dict.fromkeys(stages))
    assert ordered == ["aware", "consider", "purchase"]
    steps = list(dict.fromkeys(el.get("data-step") for el in svg.iter() if el.get("data-step")))
    assert steps == ["insta-ad", "landing", "collect"]
    lanes = {el.get("data-lane") for el in svg.iter() if el.get("data-lane")}
    for lane in (
        "touchpoint",
        "actions",
        "questions",
        "motivations",
        "pain_points",
        "emotion",
        "quote",
        "opportunities",
        "metrics",
        "backstage",
    ):
        assert lane in lanes, lane
    assert svg.get("role") == "img"
    links = [el.get("href") for el in svg_of(html, "cjm-svg-links").iter(f"{SVG_NS}a")]
    assert "#step-insta-ad" in links and "#step-collect" in links


def test_search_index_has_text_not_diagram(tmp_path: Path) -> None:
    site = build_site(tmp_path, strict=True)
    docs = site.search_index()["docs"]
    journey = [d for d in docs if d["location"].startswith("journeys/click-and-collect/")]
    text = " ".join(d["text"] + " " + d["title"] for d in journey)
    assert "Ad shows items that are sold out" in text
    assert "Instagram carousel ad" in text
    assert any(d["location"].endswith("#step-landing") for d in journey)
    assert "<svg" not in text


def test_edit_uri_points_to_yaml(tmp_path: Path) -> None:
    site = build_site(
        tmp_path,
        config={
            "repo_url": "https://example.com/acme/maps",
            "edit_uri": "edit/main/docs/",
            "theme": {"name": "material", "font": False, "features": ["content.action.edit"]},
        },
        strict=True,
    )
    html = site.html("journeys/click-and-collect/index.html")
    assert "https://example.com/acme/maps/edit/main/maps/click-and-collect.yml" in html
    persona = site.html("personas/sarah/index.html")
    assert "edit/main/maps/personas/sarah.yml" in persona


def test_persona_and_promise_pages(tmp_path: Path) -> None:
    site = build_site(tmp_path, strict=True)
    persona = site.html("personas/sarah/index.html")
    assert "the busy professional" in persona
    assert 'href="../../journeys/click-and-collect/"' in persona
    assert 'href="../../journeys/omni/click-and-collect-future/"' in persona
    promise = site.html("promises/effortless/index.html")
    # misses first, then partial, then meets
    i_miss, i_partial, i_meets = (
        promise.index(t) for t in ("Product page", "Collection desk", "Instagram carousel ad")
    )
    assert i_miss < i_partial < i_meets
    assert "Size chart hidden" in promise
    assert 'href="../../journeys/click-and-collect/#step-landing"' in promise


def test_index_cards(tmp_path: Path) -> None:
    site = build_site(tmp_path, strict=True)
    html = site.html("journeys/index.html")
    assert "One or two sentences shown on index cards" in html
    assert "3 stages" in html and "1 stage<" in html
    assert "Overdue for review" in html
    assert "Omni" in html  # sub-folder heading


def test_nav_added_to_explicit_nav(tmp_path: Path) -> None:
    site = build_site(tmp_path, config={"nav": [{"Home": "index.md"}]}, strict=True)
    html = site.html("index.html")
    for label in ("Journeys", "Personas", "Brand promises", "Omni"):
        assert label in html, label


def test_nav_left_alone_when_user_places_pages(tmp_path: Path) -> None:
    site = build_site(tmp_path, config={"nav": [{"Home": "index.md"}, {"Our map": "journeys/click-and-collect.md"}]})
    html = site.html("index.html")
    assert "Our map" in html
    assert "Brand promises" not in html


def test_broken_map_shows_errors_and_others_build(tmp_path: Path) -> None:
    files = example_maps()
    files["maps/broken.yml"] = (
        "title: Broken\nstages:\n  - name: A\n    steps:\n      - touchpoint: X\n        emotion: 9\n"
    )
    site = build_site(tmp_path, files)
    html = site.html("journeys/broken/index.html")
    assert "This map has 1 error" in html
    assert "maps/broken.yml:6:18" in html
    assert "stages[0].steps[0].emotion" in html
    assert "<svg" not in html.split('class="md-content"', 1)[1].split("</article>")[0]
    assert site.exists("journeys/click-and-collect/index.html")
    assert any("maps/broken.yml:6:18: error" in m for m in site.messages())


def test_strict_fails_on_a_broken_map(tmp_path: Path) -> None:
    files = example_maps()
    files["maps/broken.yml"] = "title: Broken\nstages: []\n"
    with pytest.raises(Abort):
        build_site(tmp_path, files, strict=True)


def test_plugin_never_writes_into_maps(tmp_path: Path) -> None:
    files = example_maps()
    build_site(tmp_path, files)
    found = sorted(p.relative_to(tmp_path / "maps").as_posix() for p in (tmp_path / "maps").rglob("*") if p.is_file())
    assert found == sorted(k[len("maps/") :] for k in files)


def test_build_is_deterministic(tmp_path: Path) -> None:
    a = build_site(tmp_path / "a")
    b = build_site(tmp_path / "b")
    names = sorted(p.relative_to(a.site_dir).as_posix() for p in a.site_dir.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(b.site_dir).as_posix() for p in b.site_dir.rglob("*") if p.is_file())
    for name in names:
        if name.endswith((".html", ".json", ".css", ".svg")) and "sitemap" not in name:
            assert (a.site_dir / name).read_bytes() == (b.site_dir / name).read_bytes(), name


def test_disabled_plugin_builds_nothing(tmp_path: Path) -> None:
    site = build_site(tmp_path, plugin={"enabled": False})
    assert not site.exists("journeys/index.html")


def test_root_example_builds_strict(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    before = {p: p.read_bytes() for p in (REPO / "maps").rglob("*") if p.is_file()}
    build(config)
    after = {p: p.read_bytes() for p in (REPO / "maps").rglob("*") if p.is_file()}
    assert before == after
    pages = [p for p in (tmp_path / "site" / "journeys").rglob("index.html")]
    assert len(pages) >= 4
    for page in pages:
        if page.parent.name != "journeys":
            svg_of(page.read_text(encoding="utf-8"))
