"""Incremental rebuilds, as ``mkdocs serve`` does them (not timed).

``mkdocs serve`` loads the configuration again for every rebuild; MkDocs
keeps the plugin instance (it has ``on_startup``), and with it the plugin's
:class:`BuildState` (``plugin.state``). These tests build a small site,
change one file, build again in the same process, as ``serve`` does (the
configuration loaded again), and check that only what changed was parsed
and drawn again.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from support.maps import BRAND, PERSONA, SITE_JOURNEY, example_maps
from support.site import Site, build_site

from mkdocs_cjm import state as state_mod
from mkdocs_cjm.load import yaml_reader
from mkdocs_cjm.page_cache import PageCache
from mkdocs_cjm.pages import PageRenderer


def _journey(title: str, touchpoint: str, emotion: int = 3, owner: str = "") -> str:
    return f"""\
title: {title}
{f"owner: {owner}" if owner else ""}
personas: [sarah]
stages:
  - name: Start
    steps:
      - touchpoint: {touchpoint}
        emotion: {emotion}
        quote: "Fine."
      - touchpoint: {touchpoint} again
        emotion: 4
"""


FILES = {
    **example_maps(),
    "maps/returns/return-an-item.yml": _journey("Return an item", "Returns portal"),
    "maps/returns/exchange.yml": _journey("Exchange a size", "Exchange form", 2, "Returns team"),
}
JOURNEYS = 4
#: Diagrams drawn by a build: each journey's on its page, and the current/future pair
#: (click-and-collect) again on their comparison page, where the cards link to the journey pages.
DRAWINGS = JOURNEYS + 2
PAGES = {
    "click-and-collect": "journeys/click-and-collect/index.html",
    "click-and-collect-future": "journeys/omni/click-and-collect-future/index.html",
    "return-an-item": "journeys/returns/return-an-item/index.html",
    "exchange": "journeys/returns/exchange/index.html",
}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed (by display name) since the list was last cleared."""
    seen: list[str] = []
    original = yaml_reader.parse_yaml

    def counting(raw: bytes, display: str, *args, **kwargs):
        seen.append(display)
        return original(raw, display, *args, **kwargs)

    monkeypatch.setattr(yaml_reader, "parse_yaml", counting)
    return seen


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The site folder (each test its own, so the plugin starts a new state for it)."""
    return tmp_path


def _state(site: Site) -> state_mod.BuildState:
    """The state the cjm plugin kept after building ``site``."""
    state = site.config.plugins["cjm"].state
    assert state is not None and state.maps_dir == (site.root / "maps").resolve()
    return state


def _rebuild(root: Path, files: dict[str, str] | None = None):
    """Write ``files`` (none: nothing) and build again, the configuration loaded again (as ``serve`` does)."""
    return build_site(root, files or {})


def _assert_diagrams(site, ids=PAGES) -> None:
    for journey_id in ids:
        html = site.html(PAGES[journey_id])
        assert 'class="cjm-diagram"' in html, journey_id
        assert "cjm-diagram-slot" not in html, journey_id


def test_changing_one_map_parses_and_draws_only_that_map(root: Path, parses: list[str]) -> None:
    site = build_site(root, FILES)
    state = _state(site)
    assert state.diagrams_rendered == DRAWINGS
    assert len(parses) == len(FILES)
    _assert_diagrams(site)

    # Nothing changed: nothing parsed, nothing drawn, every diagram still on its page.
    parses.clear()
    site = _rebuild(root)
    assert _state(site) is state
    assert parses == []
    assert state.diagrams_rendered == 0
    _assert_diagrams(site)

    # A new modification time, same content ("touch"): still nothing to do.
    path = root / "maps/returns/exchange.yml"
    path.touch()
    site = _rebuild(root)
    assert parses == []
    assert state.diagrams_rendered == 0

    # One map of several changes: that map alone is parsed and drawn.
    keys_before = set(state.parse_cache)
    site = _rebuild(
        root, {"maps/returns/exchange.yml": _journey("Exchange a size", "Exchange form v2", 2, "Returns team")}
    )
    assert parses == ["maps/returns/exchange.yml"]
    assert state.diagrams_rendered == 1
    new_keys = set(state.parse_cache) - keys_before
    assert len(new_keys) == 1 and next(iter(new_keys)).endswith("maps/returns/exchange.yml")
    # The edited file's old entry is forgotten; the others are kept.
    assert len(state.parse_cache) == len(FILES)
    assert "Exchange form v2" in site.html(PAGES["exchange"])
    _assert_diagrams(site)
    assert len(state.diagram_cache) == DRAWINGS


def test_changing_the_brand_redraws_every_journey(root: Path, parses: list[str]) -> None:
    state = _state(build_site(root, FILES))
    parses.clear()
    site = _rebuild(root, {"maps/brand.yml": BRAND.replace("name: Effortless", "name: Effortless, always")})
    assert parses == ["maps/brand.yml"]
    assert state.diagrams_rendered == DRAWINGS
    _assert_diagrams(site)
    assert "Effortless, always" in site.html(PAGES["click-and-collect"])


def test_changing_a_persona_redraws_no_diagram(root: Path, parses: list[str]) -> None:
    """Diagrams do not show personas; the journey pages that do are rebuilt by MkDocs."""
    state = _state(build_site(root, FILES))
    parses.clear()
    site = _rebuild(root, {"maps/personas/sarah.yml": PERSONA.replace("name: Sarah", "name: Sarah Jones")})
    assert parses == ["maps/personas/sarah.yml"]
    assert state.diagrams_rendered == 0
    assert "Sarah Jones" in site.html(PAGES["return-an-item"])
    _assert_diagrams(site)


def test_deleting_a_map_removes_its_page(root: Path, parses: list[str]) -> None:
    site = build_site(root, FILES)
    state = _state(site)
    assert site.exists(PAGES["exchange"])
    (root / "maps/returns/exchange.yml").unlink()
    parses.clear()
    site = _rebuild(root)
    assert parses == []
    assert state.diagrams_rendered == 0
    assert not site.exists(PAGES["exchange"])
    assert "journeys/returns/exchange.md" not in {p.uri for p in state.pages}
    assert "exchange" not in state.project.journeys
    assert not any(key.endswith("maps/returns/exchange.yml") for key in state.parse_cache)
    assert len(state.diagram_cache) == DRAWINGS - 1
    _assert_diagrams(site, [j for j in PAGES if j != "exchange"])
    assert "Exchange a size" not in site.html("journeys/index.html")


# -- mkdocs serve: unchanged generated pages taken from the last rebuild (option fast_serve) ------------
@pytest.fixture
def serving(root: Path):
    """Build ``root`` once, then make the cjm plugin behave as under ``mkdocs serve``
    (MkDocs keeps one plugin instance per process: it is put back afterwards)."""
    site = build_site(root, FILES)
    plugin = site.config.plugins["cjm"]
    plugin.serving = True
    plugin.page_cache = PageCache()
    try:
        yield plugin
    finally:
        plugin.serving = False
        plugin.page_cache = PageCache()


def _journey_uri(journey_id: str) -> str:
    return PAGES[journey_id].replace("/index.html", ".md")


def test_serving_renders_only_the_pages_of_the_changed_map(root: Path, serving) -> None:
    cache = serving.page_cache
    _rebuild(root)  # the first rebuild while serving: every page made (and kept)
    assert set(_journey_uri(j) for j in PAGES) <= set(cache.converted)
    assert cache.converted == cache.rendered

    # Nothing changed: no page converted by Python-Markdown, none rendered by the theme.
    site = _rebuild(root)
    assert cache.converted == [] and cache.rendered == []
    _assert_diagrams(site)
    assert "Exchange form" in site.html(PAGES["exchange"])

    # One map changes: its page is made again, no other journey's page is.
    site = _rebuild(
        root, {"maps/returns/exchange.yml": _journey("Exchange a size", "Exchange form v2", 2, "Returns team")}
    )
    assert _journey_uri("exchange") in cache.rendered
    others = {_journey_uri(j) for j in PAGES if j != "exchange"}
    assert not others & set(cache.converted) and not others & set(cache.rendered)
    assert set(cache.rendered) <= set(cache.converted)
    assert "Exchange form v2" in site.html(PAGES["exchange"])
    _assert_diagrams(site)


def test_serving_neither_reads_nor_converts_an_unchanged_generated_page(
    root: Path, serving, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page the last rebuild stored is not read from its file nor handed to a Python-Markdown
    converter (MkDocs makes a new converter, with every extension, for each page it renders)."""
    import markdown as markdown_mod
    from mkdocs.structure.pages import Page

    reads: list[str] = []
    converters: list[int] = []
    read_source, init = Page.read_source, markdown_mod.Markdown.__init__

    def counting_read(page: Any, config: Any) -> None:
        reads.append(page.file.src_uri)
        read_source(page, config)

    def counting_init(md: Any, *args: Any, **kwargs: Any) -> None:
        converters.append(1)
        init(md, *args, **kwargs)

    monkeypatch.setattr(Page, "read_source", counting_read)
    monkeypatch.setattr(markdown_mod.Markdown, "__init__", counting_init)
    _rebuild(root)
    reads.clear()
    converters.clear()
    site = _rebuild(root)  # nothing changed: only the home page (not ours) is read and converted
    assert reads == ["index.md"] and serving.page_cache.converted == []
    baseline = len(converters)
    generated = len(_state(site).pages)
    reads.clear()
    converters.clear()
    site = _rebuild(root, {"maps/returns/exchange.yml": _journey("Exchange a size", "Exchange form v3", 2)})
    changed = set(serving.page_cache.converted)
    assert _journey_uri("exchange") in changed and len(changed) < generated
    assert set(reads) == changed | {"index.md"}
    assert len(converters) == baseline + len(changed)
    assert "Exchange form v3" in site.html(PAGES["exchange"])
    _assert_diagrams(site)


def test_serving_collects_the_teams_of_the_changed_map_only(root: Path, serving, monkeypatch) -> None:
    """What each journey gives the team pages is kept by its content: a rebuild after one map changed
    walks that map's steps only, and the team pages still show the change."""
    from mkdocs_cjm.insight import teams

    walked: list[str] = []
    original = teams.journey_shares

    def counting(project: Any, journey: Any) -> Any:
        walked.append(journey.id)
        return original(project, journey)

    monkeypatch.setattr(teams, "journey_shares", counting)
    _rebuild(root)
    assert walked == []  # the first build (the fixture's) walked them all
    site = _rebuild(
        root, {"maps/returns/exchange.yml": _journey("Exchange a size", "Exchange form v2", 2, "Logistics team")}
    )
    assert walked == ["exchange"]
    page = site.html("insights/teams/logistics-team/index.html")
    assert "Exchange form v2" in page
    assert not (site.site_dir / "insights/teams/returns-team/index.html").exists()


def test_serving_a_persona_change_renders_the_pages_that_show_it(root: Path, serving) -> None:
    cache = serving.page_cache
    _rebuild(root)
    site = _rebuild(root, {"maps/personas/sarah.yml": PERSONA.replace("name: Sarah", "name: Sarah Jones")})
    assert _journey_uri("return-an-item") in cache.rendered  # shows Sarah
    assert "Sarah Jones" in site.html(PAGES["return-an-item"])
    state = _state(site)
    without_sarah = [
        j for j in PAGES if "sarah" not in state.project.journeys[j].personas and not _shows(state, j, "sarah")
    ]
    assert not {_journey_uri(j) for j in without_sarah} & set(cache.converted)


def _shows(state: state_mod.BuildState, journey_id: str, persona_id: str) -> bool:
    journey = state.project.journeys[journey_id]
    return any(persona_id in step.emotions for step in journey.steps)


def _site_lists(site_dir: Path) -> tuple[list[str], dict[str, bytes], object]:
    """Every file of a built site, the bytes of its HTML pages and its search entries."""
    import json

    names = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file())
    pages = {n: (site_dir / n).read_bytes() for n in names if n.endswith(".html")}
    index = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    return names, pages, index


#: The edits of :func:`test_serving_builds_the_same_site_as_a_full_build`, one rebuild each.
EDITS: list[dict[str, str]] = [
    {  # a touchpoint and a feeling (journey, persona pages), a promise note (promise pages)
        "maps/returns/exchange.yml": _journey("Exchange a size", "Exchange form v2", 5, "Returns team"),
        "maps/click-and-collect.yml": SITE_JOURNEY.replace("Size chart hidden", "Size chart well hidden"),
    },
    {  # what journeys take from other files: the brand, a persona, a data file; and a team's journey
        "maps/brand.yml": BRAND.replace("Getting what you need", "Getting anything you need"),
        "maps/personas/sarah.yml": PERSONA.replace("name: Sarah", "name: Sarah Jones"),
        "maps/data/overlay.csv": "journey,step,metric,actual,period\nclick-and-collect,insta-ad,ctr,2.2,2026-10\n",
        "maps/click-and-collect.yml": SITE_JOURNEY.replace("owner: CX team", "owner: Service team"),
    },
]


def test_serving_builds_the_same_site_as_a_full_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages, their bytes (downloads linked included) and the search entries are those of a full build,
    after each of :data:`EDITS`."""
    plugin = {"exports": True, "export_formats": ["svg"]}
    for edited in EDITS:
        for name, text in edited.items():
            assert text != FILES.get(name), name
    served = build_site(tmp_path / "served", FILES, plugin=plugin)
    cjm = served.config.plugins["cjm"]
    cjm.serving, cjm.page_cache = True, PageCache()
    fast = []
    try:
        build_site(tmp_path / "served", {}, plugin=plugin)
        for n, edited in enumerate(EDITS):
            served = build_site(tmp_path / "served", edited, plugin=plugin)
            assert cjm.page_cache.converted
            if n == 0:  # (the second edits the brand: every page shows it)
                assert len(cjm.page_cache.converted) < len(_state(served).pages)
                assert {"promises/effortless.md", "personas/sarah.md"} <= set(cjm.page_cache.converted)
            fast.append(_site_lists(served.site_dir))
    finally:
        cjm.serving, cjm.page_cache = False, PageCache()
    files = dict(FILES)
    for n, edited in enumerate(EDITS):  # (not serving: a full build makes the downloads)
        files.update(edited)
        _assert_same_site(fast[n], build_site(tmp_path / f"full{n}", files, plugin=plugin))


def _assert_same_site(fast: tuple[list[str], dict[str, bytes], object], full: Site) -> None:
    """The files, page bytes and search entries of a served site against those of a full build."""
    names, pages, index = _site_lists(full.site_dir)
    downloads = [n for n in names if n.endswith(".svg") and n.startswith("journeys/")]
    assert downloads  # the full build made them; while serving they are only linked
    assert fast[0] == [n for n in names if n not in downloads]
    assert fast[1].keys() == pages.keys()
    for name, html in pages.items():
        assert fast[1][name] == html, name
    assert fast[2] == index
    for download in downloads:  # each linked from its journey's page, served or not
        page = download[: -len(".svg")] + "/index.html"
        assert f'href="../{download.rsplit("/", 1)[-1]}"' in fast[1][page].decode(), download


def test_serving_renders_the_markdown_of_only_what_shows_the_change(
    root: Path, serving, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quote shows on its journey's page only: no other journey, persona or promise page is rendered again."""
    rendered: list[str] = []
    original = PageRenderer._render

    def counting(self, template: str, uri: str, **extra):
        rendered.append(template)
        return original(self, template, uri, **extra)

    monkeypatch.setattr(PageRenderer, "_render", counting)
    _rebuild(root)
    assert rendered.count("journey.md.j2") == 0  # nothing changed since the fixture's build
    rendered.clear()
    edited = _journey("Return an item", "Returns portal").replace('quote: "Fine."', 'quote: "Fine, thanks."')
    site = _rebuild(root, {"maps/returns/return-an-item.yml": edited})
    assert rendered.count("journey.md.j2") == 1
    assert "persona.md.j2" not in rendered and "promise.md.j2" not in rendered
    assert "Fine, thanks." in site.html(PAGES["return-an-item"])
    assert serving.page_cache.rendered == [_journey_uri("return-an-item")]
    # The team pages and the start page show nothing of the quote (nor of the journey: it has no owner).
    assert not {"insight_team.md.j2", "insight_teams.md.j2", "insight_start.md.j2"} & set(rendered)

    # A team's journey changes: a quote shows on no team's page; a feeling on the page of the team that owns
    # its step (the Social team's ad, not the CX team's journey), and on the start page (the lowest feeling).
    rendered.clear()
    state = _state(site)
    mine = {p.title for p in state.pages if p.kind == "team" and "click-and-collect" in p.depends_on}
    assert mine == {"CX team", "Social team"}
    quote = SITE_JOURNEY.replace("Oh, that's exactly", "Oh, that is exactly")
    site = _rebuild(root, {"maps/click-and-collect.yml": quote})
    assert not {"insight_team.md.j2", "insight_teams.md.j2", "insight_start.md.j2"} & set(rendered)
    rendered.clear()
    site = _rebuild(root, {"maps/click-and-collect.yml": quote.replace("emotion: 4", "emotion: 1", 1)})
    assert rendered.count("insight_team.md.j2") == 1
    assert "1/5, very negative" in site.html("insights/teams/social-team/index.html")
    assert "emotion: 4" in SITE_JOURNEY.split("owner: Social team")[0].rsplit("- id:", 1)[1]
    assert rendered.count("insight_start.md.j2") == 1


def test_a_one_off_build_keeps_no_diagram(tmp_path: Path) -> None:
    """``mkdocs build`` (``on_startup(command="build")``) draws each diagram for its page and keeps none for a next
    build; the pages are the same as when they are kept."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    kept = build_site(tmp_path / "kept", FILES)
    kept_state = _state(kept)
    assert kept_state.diagram_cache
    other = tmp_path / "one-off"  # another folder: a state of its own, as a new process has
    shutil.copytree(kept.root, other, ignore=shutil.ignore_patterns("site"))
    config = load_config(str(other / "mkdocs.yml"), site_dir=str(other / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()  # as the command does: the plugin object outlives it in this process
    state = config.plugins["cjm"].state
    assert state is not kept_state
    assert state.diagram_cache == {} and state.diagrams_rendered == DRAWINGS
    assert state.parse_cache == {} and state.model_cache == {}
    # No position table held once loaded (each file's bytes kept, compressed), none parsed again by the build.
    assert state.project.sources.held() == 0 and state.project.sources.rereads == 0
    assert state.project.sources.where("click-and-collect.yml", "title") == kept_state.project.sources.where(
        "click-and-collect.yml", "title"
    )
    for uri in PAGES.values():
        assert (other / "site" / uri).read_bytes() == (kept.site_dir / uri).read_bytes(), uri
    assert not config.plugins["cjm"].one_off  # the next build in this process keeps what it draws again


def test_a_generated_page_keeps_one_copy_of_its_markdown() -> None:
    """MkDocs reads a generated page's Markdown from its file and splits off front matter, making a copy: the
    plugin gives it back the file's own string when the text is the same (one copy per page, not two)."""
    from types import SimpleNamespace

    from mkdocs_cjm.plugin import _one_copy

    made = "".join(["# Title\n\n", "Some text.\n"])
    page: Any = SimpleNamespace(file=SimpleNamespace(content_string=made))
    assert _one_copy(page, "# Title\n\nSome text.\n") is made
    assert _one_copy(page, made) is None  # already the same string
    assert _one_copy(page, "Some text.\n") is None  # front matter was taken off: MkDocs' text is kept


def test_a_page_of_another_plugins_class_is_not_made_a_stored_page() -> None:
    """Only MkDocs' own page class is swapped for the stored page's: a subclass another plugin gave a page
    keeps its class (its Markdown is then converted as an empty text, as before the stored page)."""
    from mkdocs.structure.pages import Page

    from mkdocs_cjm.plugin import stored_page

    class Theirs(Page):
        pass

    theirs, ours = object.__new__(Theirs), object.__new__(Page)
    assert stored_page(theirs, object()) is None and type(theirs) is Theirs
    made = stored_page(ours, object())
    assert made is ours and type(ours) is not Page and isinstance(ours, Page)
