"""The keys of per-persona emotions, prioritised opportunities and detailing journeys: loading and errors."""

from __future__ import annotations

from pathlib import Path

from support.keymaps import DETAIL, LEO, MAPPED
from support.maps import BRAND, JOURNEY, PERSONA, write

from mkdocs_cjm.loader import load_project


def _site(root: Path, journeys: dict[str, str]) -> Path:
    write(root / "maps" / "brand.yml", BRAND)
    write(root / "maps" / "personas" / "sarah.yml", PERSONA)
    write(root / "maps" / "personas" / "leo.yml", LEO)
    for name, text in journeys.items():
        write(root / "maps" / f"{name}.yml", text)
    return root / "maps"


def _errors(root: Path, journeys: dict[str, str]) -> list[tuple[str, int, str, str, str]]:
    project = load_project(_site(root, journeys), display_root=root)
    return [(p.file, p.line, p.path, p.message, p.hint) for p in project.all_problems() if p.is_error]


def test_mapped_emotions_opportunities_and_detail_load(tmp_path: Path) -> None:
    project = load_project(_site(tmp_path, {"two": MAPPED, "detail": DETAIL}), display_root=tmp_path)
    assert [p for p in project.all_problems() if p.is_error] == []
    pick, pay = project.journeys["two"].steps
    assert pick.emotion is None and pick.emotions == {"sarah": 2, "leo": 4}
    assert pay.emotion_of("sarah") is None and pay.emotion_of("leo") == 5
    assert project.journeys["detail"].steps[0].emotion_of("leo") == 3
    assert pick.opportunities == ["Plain idea", "Size advice"]
    assert [(i.text, i.impact, i.effort, i.status, i.owner) for i in pick.ideas] == [
        ("Plain idea", None, None, "idea", ""),
        ("Size advice", 4, 1, "planned", "Web team"),
    ]
    assert pick.ideas[1].marker == "impact 4 · effort 1 · planned" and pick.ideas[0].marker == ""
    assert pick.journey == "detail"


def test_emotion_of_a_persona_not_in_the_journey_is_an_error_at_its_key(tmp_path: Path) -> None:
    errors = _errors(tmp_path, {"two": MAPPED.replace("{leo: 5}", "{lea: 5}"), "detail": DETAIL})
    assert [e[:3] for e in errors] == [("maps/two.yml", 20, "stages[0].steps[1].emotion.lea")]
    assert "'lea' is not a persona of this journey" in errors[0][3] and "leo" in errors[0][4]


def test_emotion_score_out_of_range_in_a_mapping(tmp_path: Path) -> None:
    errors = _errors(tmp_path, {"two": MAPPED.replace("leo: 4}", "leo: 7}"), "detail": DETAIL})
    assert [e[:3] for e in errors] == [("maps/two.yml", 9, "stages[0].steps[0].emotion.leo")]


def test_unknown_detail_journey_has_a_did_you_mean(tmp_path: Path) -> None:
    errors = _errors(tmp_path, {"two": MAPPED.replace("journey: detail", "journey: detial"), "detail": DETAIL})
    assert [e[:3] for e in errors] == [("maps/two.yml", 10, "stages[0].steps[0].journey")]
    assert "unknown journey 'detial'" in errors[0][3] and "detail" in errors[0][4]


def test_opportunity_needs_text_and_a_known_status(tmp_path: Path) -> None:
    broken = MAPPED.replace("          - text: Size advice\n", "          - txt: Size advice\n").replace(
        "status: planned", "status: later"
    )
    errors = _errors(tmp_path, {"two": broken, "detail": DETAIL})
    assert sorted(e[:3] for e in errors) == [
        ("maps/two.yml", 13, "stages[0].steps[0].opportunities[1]"),
        ("maps/two.yml", 13, "stages[0].steps[0].opportunities[1].txt"),
        ("maps/two.yml", 16, "stages[0].steps[0].opportunities[1].status"),
    ], errors


def test_a_chain_of_details_that_comes_back_is_an_error_with_its_line(tmp_path: Path) -> None:
    back = DETAIL.replace("        emotion: 3\n", "        emotion: 3\n        journey: two\n")
    errors = _errors(tmp_path, {"two": MAPPED, "detail": back})
    found = sorted(e[:3] for e in errors)
    assert found == [
        ("maps/detail.yml", 8, "stages[0].steps[0].journey"),
        ("maps/two.yml", 10, "stages[0].steps[0].journey"),
    ]
    assert any("two -> detail -> two" in e[3] for e in errors)


def test_a_journey_detailing_its_own_step_is_a_cycle(tmp_path: Path) -> None:
    errors = _errors(tmp_path, {"two": MAPPED.replace("journey: detail", "journey: two"), "detail": DETAIL})
    assert [e[:3] for e in errors] == [("maps/two.yml", 10, "stages[0].steps[0].journey")]


def test_plain_journey_unchanged(tmp_path: Path) -> None:
    project = load_project(_site(tmp_path, {"j": JOURNEY}), display_root=tmp_path)
    step = project.journeys["j"].steps[0]
    assert step.emotion == 4 and step.emotions == {} and step.journey == ""
