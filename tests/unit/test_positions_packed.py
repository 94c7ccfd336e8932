"""Packed positions (:meth:`Sources.pack`): a loaded project lets go of its position tables, keeps each file's
bytes compressed, and parses a file again when a message asks for one of its positions; every position comes
out as the load had it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support.maps import JOURNEY, make_site, synthetic_journey, write

from mkdocs_cjm.load.positions import Reread, Sources
from mkdocs_cjm.loader import load_project, sources
from mkdocs_cjm.map_warnings import check_warnings

#: A journey with warnings of ``mkdocs-cjm check`` (no evidence, no emotion, review overdue).
WARNED = JOURNEY.replace("evidence: [Checkout survey, Q3 2026]\n", "").replace(
    "reviewed: 2026-09-14", "reviewed: 2020-01-01"
)


def _site(root: Path) -> Path:
    make_site(root, journeys={"buy.yml": JOURNEY, "warned.yml": WARNED, "bad.yml": "title: [\n"})
    write(root / "maps" / "care" / "big.yml", synthetic_journey(1, stages=3, steps=3))
    return root / "maps"


def _tables(src: Sources) -> dict[str, tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]]:
    return {s: (dict(src.positions[s].items()), dict(src.key_positions.get(s, {}).items())) for s in src.positions}


def test_packed_positions_are_those_of_the_load(tmp_path: Path) -> None:
    maps = _site(tmp_path)
    whole = sources(load_project(maps, display_root=tmp_path))
    packed_project = load_project(maps, display_root=tmp_path, cache={})
    packed = sources(packed_project)
    assert packed.held() == whole.held() > 0
    packed.pack()
    assert packed.held() == 0 and packed.raw == {}
    assert all(isinstance(t, Reread) for t in packed.positions.values())
    assert packed.rereads == 0  # nothing parsed until asked
    assert _tables(packed) == _tables(whole)
    files = len(packed.display) - 1  # the brand file is also "brand"
    assert packed.rereads == files  # each file once (the brand's "brand" table right after its own: the same)
    for source, table in _tables(whole).items():
        for path in [*table[0], *table[1], "stages[0].steps[9].next[2]", "nowhere"]:
            for at_key in (False, True):
                assert packed.where(source, path, at_key=at_key) == whole.where(source, path, at_key=at_key)
    assert packed.where("brand", "promises[0]") == whole.where("brand", "promises[0]")


def test_a_message_made_after_packing_has_its_position(tmp_path: Path) -> None:
    # mkdocs-cjm check's warnings are made from the positions: the same from a packed project.
    maps = _site(tmp_path)
    today = dt.date(2026, 12, 1)
    whole = [
        p.format() for p in check_warnings(load_project(maps, display_root=tmp_path), today=today, review_every=90)
    ]
    project = load_project(maps, display_root=tmp_path, cache={})
    project.sources.pack()
    assert [p.format() for p in check_warnings(project, today=today, review_every=90)] == whole
    assert any("warned.yml:" in line and "overdue" in line for line in whole)
    assert project.sources.rereads <= 2  # one file asked for, one after the other: each parsed again once


def test_packing_files_read_through_the_parse_cache(tmp_path: Path) -> None:
    # As mkdocs serve reads them: the second load takes every file from the cache (not parsed again).
    maps = _site(tmp_path)
    cache: dict[str, object] = {}
    whole = _tables(sources(load_project(maps, display_root=tmp_path, cache=cache)))
    again = sources(load_project(maps, display_root=tmp_path, cache=cache))
    assert _tables(again) == whole
    again.pack()
    assert again.held() == 0
    assert _tables(again) == whole


def test_a_file_whose_bytes_are_unknown_keeps_its_table(tmp_path: Path) -> None:
    # Read without a cache (mkdocs-cjm check): no bytes kept, nothing to pack, the tables stay.
    maps = _site(tmp_path)
    src = sources(load_project(maps, display_root=tmp_path))
    held = src.held()
    src.pack()
    assert src.held() == held and src.rereads == 0
    assert src.where("buy.yml", "reviewed") == (4, 11)
