"""Hostile text through every text field comes out escaped; the SVG stays well-formed."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from support import hostile
from support.hostile import injected
from support.site import build_site

EVIL = [
    "<script>alert(1)</script>",
    "</svg><img src=x onerror=alert(2)>",
    "{{ 7*7 }} {% raw %}",
    "&amp; &lt;b&gt;",
    "[click](javascript:alert(3))",
    '" onmouseover="alert(4)',
]


def evil(i: int) -> str:
    return f"{EVIL[i % len(EVIL)]} #{i}"


def hostile_files() -> dict[str, str]:
    n = iter(range(1000))
    t = lambda: evil(next(n))  # noqa: E731
    # A current/future pair (the same stage and step ids, other texts): the comparison page shows both.
    current = {**hostile.journey(t, "evil"), "state": "current", "counterpart": "evil-future"}
    future = {**hostile.journey(t, "evil-future"), "state": "future", "counterpart": "evil"}
    future["stages"][0]["steps"][0]["journey"] = "evil"  # the landscape nests it
    return {
        "maps/brand.yml": yaml.safe_dump(hostile.brand(t)),
        "maps/personas/evil.yml": yaml.safe_dump(hostile.persona(t)),
        "maps/evil.yml": yaml.safe_dump(current),
        "maps/evil-future.yml": yaml.safe_dump(future),
    }


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    site = build_site(tmp_path, hostile_files())
    # The javascript: links are taken out of the page, and the build says so (so --strict fails on them).
    removed = [m for m in site.messages() if "removed" in m and "'javascript:alert(3)'" in m]
    assert removed and all(m.split(":")[1].strip().endswith(".md") for m in removed), site.messages()
    assert [m for m in site.messages() if "removed" not in m] == []
    pages = [
        "journeys/evil/index.html",
        "journeys/index.html",
        "personas/evil/index.html",
        "personas/index.html",
        "promises/index.html",
        "promises/p/index.html",
        "insights/kpis/index.html",
        "insights/opportunities/index.html",
        "insights/compare/evil/index.html",
        "insights/landscape/index.html",
    ]
    insights = sorted(p.relative_to(site.site_dir).as_posix() for p in (site.site_dir / "insights").rglob("*.html"))
    assert "insights/teams/index.html" in insights and "insights/start/index.html" in insights
    for uri in pages + insights:
        html = site.html(uri)
        # <title> is RCDATA: the browser shows its content as text, never as markup
        # (Material writes the page title there through `striptags`).
        body = re.sub(r"<title>.*?</title>", "", html, flags=re.S)
        assert injected(body) == [], uri
        assert "<script>alert" not in body, uri
    html = site.html("journeys/evil/index.html")
    # the text is shown, escaped, not dropped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html or "&#123;&#123; 7*7 &#125;&#125;" in html
    match = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert match
    svg = ET.fromstring(match.group(0))  # well-formed XML
    assert not [el for el in svg.iter() if el.tag.endswith("script") or el.tag.endswith("img")]
    for el in svg.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), name
            assert "javascript:" not in value.lower()
    # The charts (comparison, persona curves) are well-formed and hold the text, escaped.
    for uri in ("insights/compare/evil/index.html", "personas/evil/index.html"):
        charts = re.findall(
            r'<svg xmlns="http://www.w3.org/2000/svg" class="cjm-chart-svg".*?</svg>', site.html(uri), re.S
        )
        assert charts, uri
        for chart in charts:
            assert not [el for el in ET.fromstring(chart).iter() if el.tag.endswith(("script", "img"))]
        assert any("&lt;script&gt;" in c or "&lt;/svg&gt;&lt;img" in c for c in charts), uri
    compare = site.html("insights/compare/evil/index.html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in compare  # a step title, in "What changed" and the links
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text())
    assert any("&lt;script&gt;" in d["text"] or "<script>" in d["text"] for d in index["docs"])
