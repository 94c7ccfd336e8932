"""Incremental rebuilds, as ``mkdocs serve`` does them (not timed).

``mkdocs serve`` loads the configuration again for every rebuild; MkDocs
keeps the plugin instance (it has ``on_startup``), and with it the plugin's
:class:`BuildState` (``plugin.state``). These tests build a small site,
change one file, build again in the same process, as ``serve`` does (the
configuration loaded again), and check that only what changed was parsed
and drawn again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.maps import BRAND, PERSONA, example_maps
from support.site import Site, build_site

from mkdocs_cjm import state as state_mod
from mkdocs_cjm.load import yaml_reader


def _journey(title: str, touchpoint: str, emotion: int = 3) -> str:
    return f"""\
title: {title}
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
    "maps/returns/exchange.yml": _journey("Exchange a size", "Exchange form", 2),
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
    site = _rebuild(root, {"maps/returns/exchange.yml": _journey("Exchange a size", "Exchange form v2", 2)})
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
