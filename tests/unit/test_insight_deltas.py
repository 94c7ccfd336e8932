"""What a future state changes (insight/deltas.py), on model objects."""

from __future__ import annotations

from mkdocs_cjm.insight.deltas import Names, align_stages, compare_journeys, stage_feeling, step_changes
from mkdocs_cjm.model import Journey, PromiseRating, Stage, Step


def journey(jid: str, *stages: tuple[str, list[Step]]) -> Journey:
    return Journey(jid, jid, stages=[Stage(sid, sid.title(), steps=steps) for sid, steps in stages])


def test_a_stage_only_the_future_has_goes_after_the_stage_it_follows() -> None:
    now = journey("a", ("x", []), ("y", []), ("z", []))
    then = journey("b", ("new-first", []), ("x", []), ("between", []), ("z", []))
    assert [sid for sid, *_ in align_stages(now, then)] == ["new-first", "x", "between", "y", "z"]


def test_a_removed_step_comes_right_after_the_step_it_followed() -> None:
    now = journey("a", ("s", [Step("one", "1"), Step("two", "2"), Step("three", "3")]))
    then = journey("b", ("s", [Step("one", "1"), Step("four", "4"), Step("three", "3")]))
    row = compare_journeys(now, then).stages[0]
    assert [(c.step.id, c.status) for c in row.steps] == [
        ("one", "same"),
        ("two", "removed"),
        ("four", "added"),
        ("three", "same"),
    ]


def test_changes_are_named() -> None:
    before = Step("s", "Old", channel="web", emotion=2, promise={"p": PromiseRating("p", "misses")})
    after = Step("s", "New", channel="app", emotions={"sarah": 4, "leo": 3}, promise={})
    names = Names({"p": "Effortless"}, {"web": "Website"}, {"sarah": "Sarah"})
    assert step_changes(before, after, names) == (
        "Touchpoint (was “Old”)",
        "Channel Website → app",
        "Feeling 2 → Sarah 4, leo 3",
        "Effortless: misses → not rated",
    )
    assert step_changes(before, before, names) == ()


def test_stage_feeling_is_the_mean_of_its_steps() -> None:
    stage = Stage(
        "s", "S", steps=[Step("a", "A", emotion=2), Step("b", "B", emotions={"x": 4, "y": 5}), Step("c", "C")]
    )
    assert stage_feeling(stage) == 3.25
    assert stage_feeling(Stage("e", "E", steps=[Step("c", "C")])) is None
