"""The loader: YAML with positions, scalars, aliases, ids, the folder walk."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from support.maps import JOURNEY, REPO, make_site, synthetic_journey, synthetic_site, write

from mkdocs_cjm import loader as L
from mkdocs_cjm.load.positions import Sources, where
from mkdocs_cjm.loader import build_journey, load_project, parse_yaml, read_yaml, sources
from mkdocs_cjm.validate import BigNumber


def parse(text: str) -> L.YamlFile:
    return parse_yaml(text.encode("utf-8"), "maps/x.yml")


def messages(doc: L.YamlFile) -> list[str]:
    return [p.format() for p in doc.problems]


# -- positions ---------------------------------------------------------------------
def test_positions_of_values_and_keys() -> None:
    doc = parse(
        "title: T\nstages:\n  - name: A\n    steps:\n      - touchpoint: X\n        emotion: 4\n        "
        "actions: [a, b]\n"
    )
    assert doc.positions[""] == (1, 1)
    assert doc.positions["title"] == (1, 8)
    assert doc.key_positions["title"] == (1, 1)
    assert doc.positions["stages[0]"] == (3, 5)
    assert doc.positions["stages[0].steps[0].emotion"] == (6, 18)
    assert doc.key_positions["stages[0].steps[0].emotion"] == (6, 9)
    assert doc.positions["stages[0].steps[0].actions[1]"] == (7, 22)
    # a path that is not there falls back to its closest ancestor
    assert doc.where("stages[0].steps[0].quote") == (5, 9)
    assert doc.where("nowhere") == (1, 1)


def test_one_position_look_up_for_files_projects_and_links() -> None:
    # The ancestor of a missing list item or key, the key itself when asked, else 1:1 (no top mapping recorded).
    positions = {"stages[0]": (3, 5), "stages[0].name": (3, 11)}
    keys = {"stages[0].name": (3, 5)}
    assert where(positions, "stages[0].steps[4].next[2]") == (3, 5)
    assert where(positions, "stages[0].name", keys) == (3, 11)
    assert where(positions, "stages[0].name", keys, at_key=True) == (3, 5)
    assert where(positions, "stages[0].goal", keys, at_key=True) == (3, 5)
    assert where(positions, "stages[1]") == (1, 1)
    assert where(positions, "stages[1]", at_key=True) == (1, 1)
    doc = parse(
        "title: T\npromises: [a]\nstages:\n  - name: A\n    steps:\n      - touchpoint: X\n"
        "        promise:\n          a: {rating: meets}\n"
    )
    src = Sources({"x.yml": doc.positions}, {"x.yml": doc.key_positions}, {"x.yml": doc.display})
    for path in ("stages[0].steps[0].promise.a", "stages[0].steps[0].promise.a.rating", "stages[0].steps[0].next", "x"):
        for at_key in (False, True):
            assert src.where("x.yml", path, at_key=at_key) == doc.where(path, at_key=at_key)
    assert doc.where("stages[0].steps[0].promise.a", at_key=True) == (8, 11)
    assert doc.where("stages[0].steps[0].promise.a") == (8, 14)
    assert src.where("other.yml", "title") == (1, 1)


def test_columns_count_characters_not_bytes() -> None:
    doc = parse("title: été ☕ x\nsummary: [a, b\n")
    # the end of the stream (line 3) is past the end of this 2-line file: the last character is shown
    assert messages(doc)[0].startswith("maps/x.yml:2:15: error: YAML syntax error")
    doc = parse("title: été ☕ x: y\n")
    assert doc.problems[0].line == 1 and doc.problems[0].column == 15


def test_values_and_scalars() -> None:
    doc = parse(
        "a: 12\nb: 1.5\nc: yes\nd: ~\ne: '12'\nf: 2026-09-14\ng: 0x10\nh: .inf\ni: 99999999999999999999\n"
        'j: 1.0e+400\nk: "tab\\there\\x01"\nl: =\nm: 4.0\n'
    )
    assert doc.problems == []
    data = doc.data
    assert data["a"] == 12 and data["b"] == 1.5 and data["c"] is True and data["d"] is None and data["e"] == "12"
    # dates stay text (as in JSON); the schema checks them
    assert data["f"] == "2026-09-14" and isinstance(data["f"], str)
    assert data["g"] == 16
    assert data["h"] == ".inf"
    assert isinstance(data["i"], BigNumber) and data["i"] == "99999999999999999999"
    assert isinstance(data["j"], BigNumber)
    assert data["k"] == "tab\there"  # control characters that XML forbids are dropped
    assert data["l"] == "="
    assert data["m"] == 4.0


def test_plain_scalar_memo_does_not_confuse_merge_keys() -> None:
    doc = parse("base: &b {x: 1}\nwords: [<<, a]\nother:\n  <<: *b\n  y: 2\n")
    assert doc.problems == []
    assert doc.data["words"] == ["<<", "a"]
    assert doc.data["other"] == {"x": 1, "y": 2}


def test_aliases_are_shared_and_counted() -> None:
    doc = parse("a: &x [1, 2, 3]\nb: *x\nc: {<<: {k: v}, k: w}\n")
    assert doc.problems == []
    assert doc.data["b"] is doc.data["a"]
    assert doc.data["c"] == {"k": "w"}  # explicit keys win over merged ones
    assert doc.positions["b"] == (2, 4)


def test_merge_of_a_scalar_is_an_error() -> None:
    doc = parse("a:\n  <<: 5\n  b: 1\n")
    assert messages(doc) == [
        "maps/x.yml:2:7: error: a: found '<<' with a value that is not a mapping, expected a mapping or a list "
        "of mappings"
    ]


def test_alias_without_anchor() -> None:
    doc = parse("a: &a [1, *a]\n")
    assert messages(doc) == [
        "maps/x.yml:1:11: error: a[1]: alias '*a' has no anchor '&a' before it (an alias may not be used inside "
        "its own anchor)"
    ]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!foo", "!!binary", "!!set"])
def test_tags_are_refused(tag: str) -> None:
    doc = parse(f"title: T\nsummary: {tag} x\n")
    problem = doc.problems[0]
    assert (problem.line, problem.column, problem.path) == (2, 10, "summary")
    assert "expected plain YAML without tags" in problem.message
    assert doc.data["summary"] == "x"


def test_standard_tags_are_fine() -> None:
    doc = parse("a: !!str 12\nb: !!int '7'\nc: ! x\nd: !!map {k: v}\ne: !!seq [1]\n")
    assert doc.problems == []
    assert doc.data == {"a": "12", "b": 7, "c": "x", "d": {"k": "v"}, "e": [1]}


def test_keys_that_are_not_names() -> None:
    doc = parse("1: a\nyes: b\n? [x]\n: c\nok: d\n")
    found = messages(doc)
    assert "maps/x.yml:1:1: error: 1: found key '1' read as a number, expected a name (quote the key)" in found
    assert "maps/x.yml:2:1: error: yes: found key 'yes' read as a boolean, expected a name (quote the key)" in found
    assert any(m.startswith("maps/x.yml:3:3: error: found a list or mapping used as a key") for m in found)
    assert doc.data["ok"] == "d"


def test_duplicate_keys_first_wins() -> None:
    doc = parse("title: A\nstages: []\ntitle: B\n")
    assert messages(doc) == [
        "maps/x.yml:3:1: error: title: key 'title' given twice in one mapping (first on line 1) (remove one of "
        "them; the first is used)"
    ]
    assert doc.data["title"] == "A"


def test_nested_duplicate_keys_have_full_path() -> None:
    doc = parse("stages:\n  - name: A\n    steps:\n      - touchpoint: X\n        emotion: 1\n        emotion: 2\n")
    assert doc.problems[0].path == "stages[0].steps[0].emotion"
    assert (doc.problems[0].line, doc.problems[0].column) == (6, 9)


def test_more_than_one_document() -> None:
    doc = parse("title: A\n---\ntitle: B\n")
    assert messages(doc) == [
        "maps/x.yml:2:1: error: file holds more than one YAML document, expected one (remove the '---' line: "
        "one map per file)"
    ]
    assert doc.data is None


def test_document_markers_alone_are_fine() -> None:
    assert parse("---\ntitle: A\n...\n").data == {"title": "A"}


def test_read_yaml_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "big.yml", "title: " + "x" * 2000 + "\n")
    doc = read_yaml(path, "maps/big.yml", max_size=1000)
    assert messages(doc) == [
        "maps/big.yml: error: file is 2008 bytes, larger than the limit of 1000 bytes (split the map, or raise "
        "the plugin option max_file_size)"
    ]


# -- the model ---------------------------------------------------------------------
def test_generated_ids_never_take_explicit_ones() -> None:
    text = (
        "title: T\nstages:\n  - name: Aware\n    steps:\n      - touchpoint: Ad\n      - touchpoint: Page\n"
        "  - id: aware\n    name: Later\n    steps:\n      - id: ad\n        touchpoint: Other\n"
    )
    journey = build_journey(parse(text), "x.yml")
    assert journey.problems == []
    assert [s.id for s in journey.stages] == ["aware-2", "aware"]
    assert [s.id for s in journey.steps] == ["ad-2", "page", "ad"]


def test_ids_from_names_without_letters() -> None:
    text = "title: T\nstages:\n  - name: 購入\n    steps:\n      - touchpoint: 広告\n      - touchpoint: 店舗\n"
    journey = build_journey(parse(text), "x.yml")
    assert [s.id for s in journey.stages] == ["stage-1"]
    assert [s.id for s in journey.steps] == ["step-1", "step-2"]


def test_duplicate_step_and_stage_ids() -> None:
    text = (
        "title: T\nstages:\n  - id: a\n    name: A\n    steps:\n      - {id: s, touchpoint: X}\n"
        "  - id: a\n    name: B\n    steps:\n      - {id: s, touchpoint: Y}\n"
    )
    found = [p.format() for p in build_journey(parse(text), "x.yml").problems]
    assert (
        "maps/x.yml:7:9: error: stages[1].id: stage id 'a' is used twice in this journey (also at stages[0], "
        "line 3) (give each stage its own 'id')" in found
    )
    assert (
        "maps/x.yml:10:14: error: stages[1].steps[0].id: step id 's' is used twice in this journey (also at "
        "stages[0].steps[0], line 6) (give each step its own 'id')" in found
    )


def test_integral_floats_become_ints_and_dates_dates() -> None:
    text = (
        "title: T\nreviewed: 2026-09-14\nreview_every: 90.0\n"
        "stages:\n  - name: A\n    steps:\n      - {touchpoint: X, emotion: 4.0}\n"
    )
    journey = build_journey(parse(text), "x.yml")
    assert journey.problems == []
    assert journey.reviewed == dt.date(2026, 9, 14)
    assert journey.review_every == 90 and isinstance(journey.review_every, int)
    assert journey.steps[0].emotion == 4 and isinstance(journey.steps[0].emotion, int)


def test_quoted_dates_are_dates_too() -> None:
    journey = build_journey(
        parse("title: T\nreviewed: '2026-09-14'\nstages: [{name: A, steps: [{touchpoint: X}]}]\n"), "x.yml"
    )
    assert journey.reviewed == dt.date(2026, 9, 14)


def test_text_fields_accept_dates_and_numbers_as_written() -> None:
    journey = build_journey(
        parse("title: 2026-09-14\nstages: [{name: 12, steps: [{touchpoint: 99999999999999999999}]}]\n"), "x.yml"
    )
    assert journey.problems == []
    assert journey.title == "2026-09-14"
    assert journey.stages[0].name == "12"
    assert journey.steps[0].touchpoint == "99999999999999999999"


# -- the folder --------------------------------------------------------------------
def test_example_site_loads_clean() -> None:
    root = REPO
    project = load_project(root / "maps", docs_dir=root / "docs")
    assert [p.format() for p in project.all_problems()] == []


def test_sources_give_display_names_and_positions(tmp_path: Path) -> None:
    make_site(tmp_path)
    project = load_project(tmp_path / "maps", display_root=tmp_path)
    src = sources(project)
    assert src.display["buy.yml"] == "maps/buy.yml"
    assert src.where("buy.yml", "reviewed") == (4, 11)
    assert src.where("buy.yml", "reviewed", at_key=True) == (4, 1)
    assert src.where("personas/sarah.yml", "name") == (1, 7)


def test_symlink_out_of_the_maps_folder_is_not_read(tmp_path: Path) -> None:
    make_site(tmp_path)
    secret = write(tmp_path / "secret.txt", "token: s3cr3t-value\n")
    os.symlink(secret, tmp_path / "maps" / "evil.yml")
    write(tmp_path / "elsewhere" / "other.yml", "title: [broken\n")
    os.symlink(tmp_path / "elsewhere", tmp_path / "maps" / "linked")  # a folder link is never followed
    project = load_project(tmp_path / "maps", display_root=tmp_path)
    found = [p.format() for p in project.all_problems()]
    assert found == [
        "maps/evil.yml: error: file is a symbolic link to outside the maps folder; it is not read (copy the "
        "file into the maps folder)"
    ]
    assert "s3cr3t" not in "".join(found)
    assert list(project.journeys) == ["buy"]


def test_symlink_inside_the_maps_folder_is_fine(tmp_path: Path) -> None:
    make_site(tmp_path)
    os.symlink(tmp_path / "maps" / "buy.yml", tmp_path / "maps" / "alias.yml")
    project = load_project(tmp_path / "maps", display_root=tmp_path)
    assert project.all_problems() == []
    assert sorted(project.journeys) == ["alias", "buy"]


def test_parallel_parse_gives_the_same_project(tmp_path: Path) -> None:
    synthetic_site(tmp_path, journeys=30, stages=2, steps=2)
    write(tmp_path / "maps" / "broken.yml", "title: [x\n")
    write(
        tmp_path / "maps" / "big.yml",
        synthetic_journey(99, stages=1, steps=1).replace("emotion: 1", "emotion: 99999999999999999999"),
    )
    one = load_project(tmp_path / "maps", display_root=tmp_path)
    two = load_project(tmp_path / "maps", display_root=tmp_path, jobs=3)
    assert [p.format() for p in one.all_problems()] == [p.format() for p in two.all_problems()]
    assert one.journeys == two.journeys
    assert sources(one).positions == sources(two).positions


def test_cache_reuses_parsed_files(tmp_path: Path) -> None:
    make_site(tmp_path, journeys={"buy.yml": JOURNEY, "bad.yml": "title: [\n"})
    cache: dict[str, object] = {}
    first = load_project(tmp_path / "maps", display_root=tmp_path, cache=cache)
    assert len(cache) == 4
    second = load_project(tmp_path / "maps", display_root=tmp_path, cache=cache)
    assert [p.format() for p in first.all_problems()] == [p.format() for p in second.all_problems()]
    assert first.journeys == second.journeys


def test_gc_state_is_restored(tmp_path: Path) -> None:
    import gc

    make_site(tmp_path)
    assert gc.isenabled()
    load_project(tmp_path / "maps")
    assert gc.isenabled()
    gc.disable()
    try:
        load_project(tmp_path / "maps")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_tabs_inside_block_text_are_fine() -> None:
    doc = parse("title: T\ndescription: |\n  line\n  \tindented with a tab\nlist: [a,\tb]\n")
    assert doc.problems == []
    assert doc.data["description"] == "line\n\tindented with a tab\n"


@pytest.mark.parametrize(
    "text, line, column",
    [
        ("title: T\nstages:\n\t- name: A\n", 3, 1),
        ("title: T\n\tstages: []\n", 2, 1),
        ("a:\n  b: 1\n  \tc: 2\n", 3, 3),
    ],
)
def test_tabs_in_indentation(text: str, line: int, column: int) -> None:
    (problem,) = parse(text).problems
    assert (problem.line, problem.column, problem.message) == (
        line,
        column,
        "tab used for indentation, expected spaces",
    )
