"""CSV sheets read one row a lane, one column a step (mkdocs_cjm.importers.sheet)."""

from __future__ import annotations

import pytest

from mkdocs_cjm.importers.sheet import _NAMES, label_key, read_sheet

SHEET = '''\
Title,Buy a coat
Persona,Maya
Stage,Discover,,Discover,Buy
Touchpoint,Ad,Site,Reviews,Checkout
Channel,social,web,web,web
Doing,"Sees the ad
- Taps it",Browses,Reads,Pays
Thinking,Is it warm?,,,
Motivations,Winter is coming,,,
Feeling,-2,0,1,2
Pain points,,Slow pages,,
Opportunities,"1. Faster
2. Cheaper",,,
Saying,"""Nice""",,,
Owner,Ads team,,,
Back office,Stock feed,,,Payment check
'''


@pytest.mark.parametrize("key,label", [(key, name) for key, names in _NAMES.items() for name in names.split("|")])
def test_every_label_and_synonym_in_any_letter_case(key: str, label: str) -> None:
    assert label_key(label) == key
    assert label_key(label.upper()) == key
    assert label_key(f" {label.title()}: ") == key


@pytest.mark.parametrize(
    "label,key",
    [
        ("Touchpoint/Step", "touchpoint"),
        ("Thinking / Questions", "questions"),
        ("Feeling & Emotion", "emotion"),
        ("Pain_Points", "pain_points"),
        ("pain-points", "pain_points"),
        ("Saying/Quote", "quote"),
        ("Back office", None),
    ],
)
def test_combined_and_spelt_labels(label: str, key: str | None) -> None:
    assert label_key(label) == key


def test_every_lane_of_a_sheet() -> None:
    result = read_sheet(SHEET, "s.csv", stem="s")
    [journey] = result.journeys
    assert journey["title"] == "Buy a coat"
    assert journey["personas"] == ["Maya"]
    assert [(stage["name"], [s["touchpoint"] for s in stage["steps"]]) for stage in journey["stages"]] == [
        ("Discover", ["Ad", "Site", "Reviews"]),
        ("Buy", ["Checkout"]),
    ]
    first = journey["stages"][0]["steps"][0]
    assert first == {
        "touchpoint": "Ad",
        "channel": "social",
        "actions": ["Sees the ad", "Taps it"],
        "questions": ["Is it warm?"],
        "motivations": ["Winter is coming"],
        "emotion": 1,
        "quote": '"Nice"',
        "opportunities": ["Faster", "Cheaper"],
        "owner": "Ads team",
        "lanes": {"back-office": ["Stock feed"]},
    }
    emotions = [step["emotion"] for stage in journey["stages"] for step in stage["steps"]]
    assert emotions == [1, 3, 4, 5]  # -2..2 told apart and moved to 1..5
    assert result.lanes == {"back-office": "Back office"}
    [note] = result.notes
    assert "custom lane 'back-office'" in note.message
    assert SHEET.splitlines()[note.line - 1].startswith("Back office,")  # lines counted over multi-line cells


def test_feelings_in_one_to_five_are_kept_and_bad_ones_reported() -> None:
    text = "Step,A,B,C,D\nEmotion,1,5,happy,9\n"
    result = read_sheet(text, "s.csv", stem="my-sheet")
    [journey] = result.journeys
    assert journey["title"] == "my sheet"
    steps = journey["stages"][0]["steps"]
    assert [step.get("emotion") for step in steps] == [1, 5, None, None]
    assert [(note.line, note.message.split(";")[0]) for note in result.notes if "feeling" in note.message] == [
        (2, "feeling 'happy' is not a number"),
        (2, "feeling 9 is not a whole number 1..5"),
    ]


def test_semicolons_tabs_and_a_label_named_like_a_built_in_lane() -> None:
    result = read_sheet("Step;A\nMetrics;visits\n", "s.csv", stem="s")
    assert result.lanes == {"metrics-lane": "Metrics"}
    result = read_sheet("Step\tA\tB\n", "s.csv", stem="s")
    assert [step["touchpoint"] for step in result.journeys[0]["stages"][0]["steps"]] == ["A", "B"]


def test_a_sheet_without_steps_is_not_imported_and_said() -> None:
    result = read_sheet("Stage\n", "s.csv", stem="s")
    assert result.journeys == []
    assert "no step found" in result.notes[-1].message


def test_steps_without_a_stage_or_a_touchpoint_are_named_and_reported() -> None:
    result = read_sheet("Doing,Look,Buy\nTouchpoint,Shop\n", "s.csv", stem="s")
    steps = result.journeys[0]["stages"][0]["steps"]
    assert [step["touchpoint"] for step in steps] == ["Shop", "Step 2"]
    assert result.journeys[0]["stages"][0]["name"] == "Stage 1"
    assert [(note.line, note.message) for note in result.notes] == [
        (1, "column 2 has no stage: named 'Stage 1'"),
        (1, "column 3 has no touchpoint: named 'Step 2'"),
    ]
