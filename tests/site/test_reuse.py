"""Journeys' models kept across rebuilds, as ``mkdocs serve`` does them (not timed).

The loader keeps each journey's validated model by its file's content
(:mod:`mkdocs_cjm.load.reuse`): an unchanged journey is neither validated nor
built again. What it takes from other files (the brand's promises, the
personas, the ``data/`` files) must still show the moment they change. Each
test builds, edits, builds again in the same process (the configuration loaded
again, as ``serve`` does) and counts the journeys built.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from support.maps import BRAND, example_maps
from support.site import Site, build_site

from mkdocs_cjm.load import reuse

PAGE = "journeys/click-and-collect/index.html"
#: A metrics overlay: the click-through rate of the site journey's first step (1.8 in the map).
OVERLAY = "journey,step,metric,actual,period\nclick-and-collect,insta-ad,ctr,{value},2026-10\n"
#: A journey whose feeling is out of range (line 5).
BAD = "title: Bad\nstages:\n  - name: One\n    steps:\n      - {touchpoint: A, emotion: 9}\n"


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The journey files validated and built (by path in the maps folder) since the list was last cleared."""
    seen: list[str] = []
    original = reuse.build_journey

    def counting(doc, relative, partial=None):
        seen.append(relative)
        return original(doc, relative, partial)

    monkeypatch.setattr(reuse, "build_journey", counting)
    return seen


def _errors(site: Site) -> list[str]:
    """The errors a build logged, without the plugin's prefix."""
    return [r.getMessage().removeprefix("mkdocs_cjm: ") for r in site.logs if r.levelno >= logging.ERROR]


def _ctr(site: Site) -> object:
    journey = site.config.plugins["cjm"].state.project.journeys["click-and-collect"]
    return next(m.actual for step in journey.steps for m in step.metrics if m.id == "ctr")


def test_an_unchanged_journey_is_built_once(tmp_path: Path, built: list[str]) -> None:
    build_site(tmp_path)
    assert sorted(built) == ["click-and-collect.yml", "omni/click-and-collect-future.yml"]
    built.clear()
    site = build_site(tmp_path, {})
    assert built == []
    assert 'class="cjm-diagram"' in site.html(PAGE)
    edited = example_maps()["maps/click-and-collect.yml"].replace("Oh, that's exactly", "Oh, that is exactly")
    site = build_site(tmp_path, {"maps/click-and-collect.yml": edited})
    assert built == ["click-and-collect.yml"]
    assert "Oh, that is exactly" in site.html(PAGE)


def test_a_brand_edit_shows_on_journeys_not_built_again(tmp_path: Path, built: list[str]) -> None:
    """A promise taken out of the brand breaks the journey that names it; put back, the error clears."""
    build_site(tmp_path)
    built.clear()
    without = BRAND.replace("  - id: effortless\n", "  - id: effortful\n")
    site = build_site(tmp_path, {"maps/brand.yml": without})
    assert built == []
    assert any("click-and-collect.yml" in e and "effortless" in e for e in _errors(site))
    assert 'class="cjm-diagram"' not in site.html(PAGE) and "effortless" in site.html(PAGE)
    site = build_site(tmp_path, {"maps/brand.yml": BRAND})
    assert built == []
    assert _errors(site) == []
    assert 'class="cjm-diagram"' in site.html(PAGE)


def test_a_persona_taken_away_and_back(tmp_path: Path, built: list[str]) -> None:
    persona = example_maps()["maps/personas/sarah.yml"]
    build_site(tmp_path)
    built.clear()
    (tmp_path / "maps/personas/sarah.yml").unlink()
    site = build_site(tmp_path, {})
    assert built == []
    assert any("click-and-collect.yml" in e and "sarah" in e for e in _errors(site))
    site = build_site(tmp_path, {"maps/personas/sarah.yml": persona.replace("name: Sarah", "name: Sarah Jones")})
    assert built == []
    assert _errors(site) == []
    assert "Sarah Jones" in site.html(PAGE)


def test_a_data_file_edit_shows_and_its_removal_gives_the_map_value_back(tmp_path: Path, built: list[str]) -> None:
    site = build_site(tmp_path)
    assert _ctr(site) == 1.8
    built.clear()
    site = build_site(tmp_path, {"maps/data/overlay.csv": OVERLAY.format(value="2.2")})
    assert built == [] and _ctr(site) == 2.2 and ">2.2%" in site.html(PAGE)
    site = build_site(tmp_path, {"maps/data/overlay.csv": OVERLAY.format(value="2.7")})
    assert built == [] and _ctr(site) == 2.7 and ">2.7%" in site.html(PAGE) and ">2.2%" not in site.html(PAGE)
    (tmp_path / "maps/data/overlay.csv").unlink()
    site = build_site(tmp_path, {})
    assert built == [] and _ctr(site) == 1.8 and ">1.8%" in site.html(PAGE) and ">2.7%" not in site.html(PAGE)


def test_a_bad_file_stays_reported_until_fixed(tmp_path: Path, built: list[str]) -> None:
    site = build_site(tmp_path, {**example_maps(), "maps/bad.yml": BAD})
    first = [e for e in _errors(site) if e.startswith("maps/bad.yml:5:")]
    assert first
    built.clear()
    site = build_site(tmp_path, {})
    assert built == []
    assert [e for e in _errors(site) if e.startswith("maps/bad.yml:")] == first
    site = build_site(tmp_path, {"maps/bad.yml": BAD.replace("emotion: 9", "emotion: 4")})
    assert built == ["bad.yml"]
    assert _errors(site) == []
