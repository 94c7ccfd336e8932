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


def test_stage_slots_line_up_the_pair() -> None:
    from mkdocs_cjm.insight.deltas import stage_slots
    from mkdocs_cjm.render.layout import StageSlot, columns

    def journey(jid: str, stages: dict[str, int]) -> Journey:
        return Journey(
            id=jid,
            title=jid,
            stages=[
                Stage(id=s, name=s, steps=[Step(id=f"{s}{i}", touchpoint="t") for i in range(n)])
                for s, n in stages.items()
            ],
        )

    current = journey("a", {"aware": 2, "buy": 1, "leave": 1})
    future = journey("b", {"aware": 1, "try": 3, "buy": 2})
    slots_a = stage_slots(current, current, future)
    slots_b = stage_slots(future, current, future)
    assert slots_a == {"aware": StageSlot(2), "buy": StageSlot(2, 1, 3), "leave": StageSlot(1)}
    assert slots_b == {"aware": StageSlot(2), "try": StageSlot(3), "buy": StageSlot(2)}
    cols_a = columns([2, 1, 1], [slots_a[s] for s in ("aware", "buy", "leave")])
    cols_b = columns([1, 3, 2], [slots_b[s] for s in ("aware", "try", "buy")])
    assert (cols_a.stages[0].x, cols_a.stages[0].width) == (cols_b.stages[0].x, cols_b.stages[0].width)
    assert (cols_a.stages[1].x, cols_a.stages[1].width) == (cols_b.stages[2].x, cols_b.stages[2].width)
    # without alignment the columns are as before
    assert columns([2, 1]).width < columns([2, 1], [StageSlot(3), StageSlot(1)]).width
