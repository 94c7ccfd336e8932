"""enablement-map-studio files (mkdocs_cjm.importers.enablement): CJK text, actions out of order, blueprints."""

from __future__ import annotations

from support.imports import STUDIO

from mkdocs_cjm.importers.enablement import read_enablement


def test_cjk_ids_and_names_out_of_order_actions_and_scores() -> None:
    result = read_enablement(STUDIO, "studio.yml")
    [journey] = result.journeys
    assert journey["title"] == "cjm:オンボーディング"
    assert journey["personas"] == ["田中さん"]
    assert result.personas == {"田中さん": {"name": "田中さん", "bio": "中小企業の経理担当"}}
    stages = journey["stages"]
    assert [(stage.get("id"), stage["name"]) for stage in stages] == [
        (None, "認知"),
        ("uat", "受け入れテスト"),
        ("contract", "Contract"),
    ]
    assert [[step["touchpoint"] for step in stage["steps"]] for stage in stages] == [
        ["広告を見る", "他社と比べる"],
        ["試用版を使う"],
        ["契約する"],
    ]
    trial = stages[1]["steps"][0]
    assert trial["channel"] == "Webアプリ, メール"
    assert trial["questions"] == ["使いやすいかな？"]
    assert trial["emotion"] == 4
    assert stages[0]["steps"][0]["emotion"] == 1 and stages[0]["steps"][0]["questions"] == ["高そう"]
    assert "emotion" not in stages[0]["steps"][1]
    assert stages[2]["steps"][0]["emotion"] == 5


def test_blueprint_lanes_become_custom_lanes_with_linked_tasks() -> None:
    result = read_enablement(STUDIO, "studio.yml")
    assert result.lanes == {"sales": "営業チーム", "system": "Billing system"}
    steps = {step["touchpoint"]: step for stage in result.journeys[0]["stages"] for step in stage["steps"]}
    assert steps["広告を見る"]["lanes"] == {"sales": ["デモを案内"]}
    assert steps["試用版を使う"]["lanes"] == {"system": ["Send the invoice"]}
    lines = STUDIO.splitlines()
    messages = {note.message.split(":")[0]: lines[note.line - 1] for note in result.notes}
    assert messages == {
        "action '他社と比べる'": "  - id: cjm:action:比べる",
        "task '雑談' is linked to no action, not used": "  - {id: task:orphan, lane: lane:sales, name: 雑談}",
    }


def test_broken_yaml_and_no_cjm_are_said_with_a_line() -> None:
    [note] = read_enablement("kind: cjm\nphases: [\n", "x.yml").notes
    assert note.file == "x.yml" and note.line >= 2 and "not valid YAML" in note.message
    [note] = read_enablement("kind: sbp\n", "x.yml").notes
    assert note.message == "no 'kind: cjm' document found"


def test_values_of_the_wrong_shape_are_reported_not_raised() -> None:
    text = "kind: cjm\npersona: 佐藤\nphases: 3\nactions: {a: 1}\n---\n- a list\n---\nkind: sbp\nlanes: 5\ntasks: x\n"
    result = read_enablement(text, "x.yml")
    assert result.journeys == []
    assert result.personas == {"佐藤": {"name": "佐藤"}}
    messages = [(note.line, note.message) for note in result.notes]
    assert (1, "'phases' is not a list, not used") in messages
    assert (1, "'actions' is not a list, not used") in messages
    assert (8, "'lanes' is not a list, not used") in messages
    assert (8, "'tasks' is not a list, not used") in messages
