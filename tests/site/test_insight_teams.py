"""Team pages: a page per owner listing what it owns across journeys, linked to the steps; the teams index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from support import hostile
from support.hostile import injected
from support.maps import BRAND, PERSONA
from support.site import Site, build_site

from mkdocs_cjm.insight.teams import collect_teams
from mkdocs_cjm.load.walk import load_project

ALPHA = """\
title: Alpha
personas: [sarah]
owner: CX team
reviewed: 2026-10-01
evidence: [Survey]
stages:
  - name: One
    steps:
      - id: s1
        touchpoint: Web checkout
        owner: Web team
        pain_points: [Slow page, Lost basket]
        opportunities:
          - Faster page
          - {text: Save the basket, impact: 4, effort: 2, owner: Checkout team}
        metrics:
          - {name: Conversion, actual: 1, target: 2}
          - {name: Seconds to pay, actual: 5, target: 3, better: lower}
          - {name: Happiness, actual: 9, target: 8}
        promise:
          effortless: {rating: misses, note: Two pages}
      - id: s2
        touchpoint: Store pickup
        pain_points: [Queue at the desk]
        emotion: 2
        promise:
          effortless: {rating: meets}
"""

BETA = """\
title: Beta
personas: [sarah]
owner: cx-team
stages:
  - name: Only
    steps:
      - id: t1
        touchpoint: Call centre
        owner: Index
      - id: t2
        touchpoint: Email
        owner: "  Web   team "
"""

BROKEN = """\
title: Broken
personas: [sarah]
owner: Ghost team
stages:
  - name: X
    steps:
      - touchpoint: Haunted step
        owner: Ghost team
        emotion: 9
"""

FILES = {
    "maps/brand.yml": BRAND,
    "maps/personas/sarah.yml": PERSONA,
    "maps/alpha.yml": ALPHA,
    "maps/sub/beta.yml": BETA,
    "maps/broken.yml": BROKEN,
}

SLUGS = {
    "Checkout team": "checkout-team",
    "CX team": "cx-team",
    "cx-team": "cx-team-2",
    "Index": "index-2",
    "Web team": "web-team",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("teams"), FILES)


def page(slug: str) -> str:
    return f"insights/teams/{slug}/index.html"


def article(site: Site, uri: str) -> str:
    match = re.search(r"<article\b.*?</article>", site.html(uri), re.S)
    assert match, uri
    return match.group(0)


def section(html: str, heading: str) -> str:
    """The HTML from an ``<h2>`` with this text to the next ``<h2>``."""
    match = re.search(rf"<h2 id=\"[^\"]*\">{re.escape(heading)}.*?(?=<h2 |</article>)", html, re.S)
    return match.group(0) if match else ""


def test_a_page_per_owner_with_its_own_slug(site: Site) -> None:
    for slug in SLUGS.values():
        assert site.exists(page(slug)), slug
    assert site.exists("insights/teams/index.html")
    # no page for the owner of a map with errors, nor for an empty slug
    assert not site.exists(page("ghost-team"))
    built = {p.parent.name for p in (site.site_dir / "insights" / "teams").glob("*/index.html")}
    assert built == set(SLUGS.values())
    # two owners with one slug: both pages, each with its own name
    assert re.search(r"<h1[^>]*>CX team<", article(site, page("cx-team")))
    assert re.search(r"<h1[^>]*>cx-team<", article(site, page("cx-team-2")))
    assert re.search(r"<h1[^>]*>Index<", article(site, page("index-2")))


def test_what_a_step_owner_owns(site: Site) -> None:
    html = article(site, page("web-team"))
    touchpoints = section(html, "Touchpoints")
    # its own step, and a step whose owner is written with extra spaces
    assert "Web checkout" in touchpoints and "Email" in touchpoints
    assert "Store pickup" not in touchpoints and "Call centre" not in touchpoints
    pains = section(html, "Pain points")
    assert "Slow page" in pains and "Lost basket" in pains and "Queue at the desk" not in pains
    ideas = section(html, "Opportunities")
    # an opportunity without an owner is its step's owner's; one with an owner is not
    assert "Faster page" in ideas and "Save the basket" not in ideas
    kpis = section(html, "KPIs off target")
    assert "Conversion" in kpis and "Seconds to pay" in kpis
    assert "Happiness" not in kpis  # on target
    misses = section(html, "Promise misses")
    assert "Effortless" in misses and "Two pages" in misses
    assert "Journeys owned" not in html


def test_a_step_without_owner_is_the_journey_owners(site: Site) -> None:
    html = article(site, page("cx-team"))
    assert "Alpha" in section(html, "Journeys owned") and "Beta" not in section(html, "Journeys owned")
    touchpoints = section(html, "Touchpoints")
    assert "Store pickup" in touchpoints and "Web checkout" not in touchpoints
    assert "Queue at the desk" in section(html, "Pain points")
    assert section(html, "KPIs off target") == "" and section(html, "Promise misses") == ""
    # the other "cx-team" owns Beta, whose steps all have owners of their own
    other = article(site, page("cx-team-2"))
    assert "Beta" in section(other, "Journeys owned") and section(other, "Touchpoints") == ""
    # an opportunity's own owner
    assert "Save the basket" in section(article(site, page("checkout-team")), "Opportunities")
    assert "impact 4 · effort 2 · idea" in article(site, page("checkout-team"))


def test_every_link_resolves_to_the_step_on_its_journey_page(site: Site) -> None:
    for slug in SLUGS.values():
        uri = page(slug)
        links = site.links(uri)
        assert links, uri
        bad = [href for href in links if not site.resolves(uri, href)]
        assert bad == [], (uri, bad)
    links = site.links(page("web-team"))
    assert "../../../journeys/alpha/#step-s1" in links
    assert "../../../journeys/sub/beta/#step-t2" in links
    assert 'id="step-s1"' in site.html("journeys/alpha/index.html")


def test_journey_pages_link_their_owners_team_pages(site: Site) -> None:
    """The journey's owner links to the team's page (the same team as the team pages count it: spaces
    collapsed, the slug of its name); a link, not raw HTML, so that every generator places it."""
    alpha, beta = "journeys/alpha/index.html", "journeys/sub/beta/index.html"
    assert "../../insights/teams/cx-team/" in site.links(alpha)
    assert "../../../insights/teams/cx-team-2/" in site.links(beta)  # "cx-team": the second slug
    for uri in (alpha, beta):
        bad = [href for href in site.links(uri) if not site.resolves(uri, href)]
        assert bad == [], (uri, bad)
    # its own item of the facts list, the next one (Reviewed) after it, not run into it
    assert re.search(
        r'<li><strong>Owner:</strong> <a href="\.\./\.\./insights/teams/cx-team/">CX team</a></li>', site.html(alpha)
    )
    # a journey with errors has no team page to link to
    assert "teams/ghost-team" not in site.html("journeys/broken/index.html")


def test_teams_index_counts_and_nav(site: Site) -> None:
    html = article(site, "insights/teams/index.html")
    rows = {
        re.sub(r"<[^>]+>", "", cells[0]): [int(c) for c in cells[1:]]
        for cells in (re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S))
        if cells
    }
    # journeys, touchpoints, pain points, opportunities, KPIs off target, promise misses
    assert rows["Web team"] == [0, 2, 2, 1, 2, 1]
    assert rows["CX team"] == [1, 1, 1, 0, 0, 0]
    assert rows["cx-team"] == [1, 0, 0, 0, 0, 0]
    assert rows["Checkout team"] == [0, 0, 0, 1, 0, 0]
    assert list(rows) == list(SLUGS)  # by name, case ignored
    bad = [
        href for href in site.links("insights/teams/index.html") if not site.resolves("insights/teams/index.html", href)
    ]
    assert bad == []
    nav = site.html("journeys/index.html")
    assert re.search(r">\s*Teams\s*<", nav)
    for slug in SLUGS.values():
        assert f'href="../insights/teams/{slug}/"' in nav


def test_slugs_do_not_depend_on_the_order_of_the_journeys(tmp_path: Path) -> None:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    project = load_project(tmp_path / "maps")
    journeys = list(project.journeys.values())
    forward = {t.name: t.slug for t in collect_teams(project, journeys)}
    backward = {t.name: t.slug for t in collect_teams(project, journeys[::-1])}
    assert forward == backward == SLUGS


def test_no_owner_no_team_pages(tmp_path: Path) -> None:
    files = dict(FILES)
    files["maps/alpha.yml"] = re.sub(r"(?m)^\s*owner:.*\n", "", ALPHA).replace(", owner: Checkout team", "")
    files["maps/sub/beta.yml"] = re.sub(r"(?m)^\s*owner:.*\n", "", BETA)
    del files["maps/broken.yml"]
    site = build_site(tmp_path, files, strict=True)
    assert not (site.site_dir / "insights" / "teams").exists()
    assert "insights/teams/" not in site.html("insights/start/index.html")


#: Owner names that would be markup if printed as they are.
EVIL_OWNERS = ['<img src=x onerror=alert(1)> "team"', "</title><script>alert(2)</script>", "[x](javascript:alert(3))"]


def test_hostile_owner_names_are_text(tmp_path: Path) -> None:
    n = iter(range(1000))
    t = lambda: f"text {next(n)}"  # noqa: E731
    journey = hostile.journey(t, "evil")
    journey["owner"] = EVIL_OWNERS[0]
    journey["stages"][0]["steps"][0]["owner"] = EVIL_OWNERS[1]
    journey["stages"][0]["steps"][1]["opportunities"][1]["owner"] = EVIL_OWNERS[2]
    site = build_site(
        tmp_path,
        {
            "maps/brand.yml": yaml.safe_dump(hostile.brand(t)),
            "maps/personas/evil.yml": yaml.safe_dump(hostile.persona(t)),
            "maps/evil.yml": yaml.safe_dump(journey),
        },
    )
    pages = sorted((site.site_dir / "insights").rglob("*.html"))
    teams = {p.parent.name for p in pages if p.parent.parent.name == "teams"}
    journey_page = site.site_dir / "journeys" / "evil" / "index.html"
    assert "../../insights/teams/img-src-x-onerror-alert-1-team/" in site.links("journeys/evil/index.html")
    pages.append(journey_page)
    assert {"img-src-x-onerror-alert-1-team", "title-script-alert-2-script", "x-javascript-alert-3"} <= teams
    for path in pages:
        html = re.sub(r"<title>.*?</title>", "", path.read_text(encoding="utf-8"), flags=re.S)
        assert injected(html) == [], path
        assert "<script>alert" not in html
    index = article(site, "insights/teams/index.html")
    assert (
        '&lt;img src=x onerror=alert(1)&gt; "team"' in index
        or "&lt;img src=x onerror=alert(1)&gt; &quot;team&quot;" in index
    )
    assert "&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in index
    assert "javascript:" not in " ".join(site.links("insights/teams/index.html"))
