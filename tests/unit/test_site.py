"""The site model (cross-references, review status, lane order) and the page renderer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support.maps import REPO, example_maps, write_files

from mkdocs_cjm.loader import load_project
from mkdocs_cjm.model import Brand, Journey, Lane, NextLink, Stage, Step
from mkdocs_cjm.pages import Layout, PageRenderer, rel
from mkdocs_cjm.site import Project, next_links, review_status, unusual_links


def project_from(tmp_path: Path, files: dict[str, str] | None = None) -> Project:
    write_files(tmp_path, files or example_maps())
    return load_project(tmp_path / "maps")


def test_example_loads_clean(tmp_path: Path) -> None:
    project = project_from(tmp_path)
    assert project.all_problems() == []
    assert list(project.journeys) == ["click-and-collect", "click-and-collect-future"]
    journey = project.journeys["click-and-collect"]
    assert [s.id for s in journey.stages] == ["aware", "consider", "purchase"]
    assert journey.reviewed == dt.date(2026, 9, 14)
    assert journey.steps[0].metrics[0].on_target is False
    assert project.counterpart_of(project.journeys["click-and-collect-future"]) is journey
    # single items in place of lists
    assert project.journeys["click-and-collect-future"].personas == ["sarah"]
    assert journey.steps[1].pain_points == ["Sizes are unclear"]
    # default ids are slugs of name / touchpoint
    assert project.journeys["click-and-collect-future"].steps[0].id == "ad-with-local-stock"


def test_root_example_is_clean() -> None:
    project = load_project(REPO / "maps", docs_dir=REPO / "docs")
    assert [p.format() for p in project.all_problems()] == []
    assert len(project.journeys) >= 3 and len(project.personas) >= 3 and len(project.brand.promises) >= 2
    states = {j.state for j in project.journeys.values()}
    assert states == {"current", "future"}
    assert any(m.period for j in project.journeys.values() for s in j.steps for m in s.metrics)


def test_reference_errors_have_positions_and_hints(tmp_path: Path) -> None:
    files = example_maps()
    files["maps/click-and-collect.yml"] = (
        files["maps/click-and-collect.yml"]
        .replace("personas: [sarah]", "personas: [sarha]")
        .replace("next: [landing]", "next: [landign]")
    )
    project = project_from(tmp_path, files)
    messages = [p.format() for p in project.all_problems()]
    assert (
        "maps/click-and-collect.yml:5:12: error: personas[0]: unknown persona 'sarha' (did you mean 'sarah'?)"
        in messages
    )
    assert any("stages[0].steps[0].next[0]: unknown step 'landign' (did you mean 'landing'?)" in m for m in messages)


def test_csv_overlay_latest_period_wins(tmp_path: Path) -> None:
    files = example_maps()
    files["maps/data/a.csv"] = (
        "journey,step,metric,actual,period\n"
        "click-and-collect,insta-ad,ctr,3.0,2026-10\n"
        "click-and-collect,insta-ad,ctr,2.0,2026-09-30\n"
    )
    project = project_from(tmp_path, files)
    metric = project.journeys["click-and-collect"].steps[0].metrics[0]
    assert metric.actual == 3.0 and metric.period == "2026-10"
    assert metric.on_target is True


def test_csv_errors(tmp_path: Path) -> None:
    files = example_maps()
    files["maps/data/a.csv"] = (
        "journey,step,metric,actual,period\n"
        "click-and-collect,insta-ad,ctr,lots,2026-10\n"
        "click-and-collect,nope,ctr,1,2026-10\n"
        "click-and-collect,insta-ad\n"
    )
    project = project_from(tmp_path, files)
    messages = [p.format() for p in project.all_problems()]
    assert any(m.startswith("maps/data/a.csv:2:") and "found 'lots', expected a number" in m for m in messages)
    assert any(m.startswith("maps/data/a.csv:3:") and "unknown step 'nope'" in m for m in messages)
    assert any(m.startswith("maps/data/a.csv:4:") and "expected 5" in m for m in messages)


def test_review_status() -> None:
    journey = Journey(id="j", title="J", reviewed=dt.date(2026, 1, 1))
    assert review_status(journey, today=dt.date(2026, 3, 1), default_every=180)[0] == "fresh"
    assert review_status(journey, today=dt.date(2026, 6, 15), default_every=180)[0] == "due"
    assert review_status(journey, today=dt.date(2026, 7, 1), default_every=180) == ("overdue", dt.date(2026, 6, 30))
    journey.review_every = 400
    assert review_status(journey, today=dt.date(2026, 7, 1), default_every=180)[0] == "fresh"
    assert review_status(Journey(id="k", title="K"), today=dt.date(2026, 7, 1), default_every=180)[0] == "unknown"


def test_next_links_and_unusual_links() -> None:
    a, b, c = (
        Step("a", "A"),
        Step("b", "B", next=[NextLink("c"), NextLink("a", "retry")]),
        Step("c", "C", next=[NextLink("d")]),
    )
    d = Step("d", "D")
    journey = Journey(id="j", title="J", stages=[Stage("s", "S", steps=[a, b]), Stage("t", "T", steps=[c, d])])
    assert [link.to for link in next_links(journey, a)] == ["b"]
    assert next_links(journey, d) == []
    # c -> d is simply the following step; b's two links are a branch and a loop
    assert [(s.id, link.to) for s, link in unusual_links(journey)] == [("b", "c"), ("b", "a")]


def test_custom_lane_order() -> None:
    project = Project(brand=Brand(lanes=[Lane("x", "X", "actions"), Lane("y", "Y", "actions"), Lane("z", "Z")]))
    order = project.lanes_in_order()
    assert order[:4] == ["touchpoint", "actions", "x", "y"]
    assert order[-1] == "z"


def test_layout_and_relative_links() -> None:
    layout = Layout()
    journey = Journey(id="ret", title="R", source="returns/Return An Item.yml")
    assert layout.journey(journey) == "journeys/returns/return-an-item.md"
    assert rel("journeys/returns/return-an-item.md", "personas/sarah.md") == "../../personas/sarah.md"
    assert rel("promises/x.md", "journeys/a.md", "step-b") == "../journeys/a.md#step-b"


def test_pages_use_custom_template_dir(tmp_path: Path) -> None:
    project = project_from(tmp_path)
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "persona.md.j2").write_text("# Custom {{ persona.name | md }}\n", encoding="utf-8")
    pages = {
        p.uri: p for p in PageRenderer(project, template_dirs=[overrides], today=dt.date(2026, 11, 23)).all_pages()
    }
    assert pages["personas/sarah.md"].markdown == "# Custom Sarah\n"
    assert pages["journeys/click-and-collect.md"].markdown.startswith("# Buy online, collect in store\n")


def test_persona_photo_path(tmp_path: Path) -> None:
    files = example_maps()
    files["maps/personas/sarah.yml"] += "photo: images/sarah.png\n"
    write_files(tmp_path, files)
    (tmp_path / "docs" / "images").mkdir(parents=True)
    (tmp_path / "docs" / "images" / "sarah.png").write_bytes(b"\x89PNG\r\n")
    project = load_project(tmp_path / "maps", docs_dir=tmp_path / "docs")
    assert project.all_problems() == []
    page = PageRenderer(project).persona_page(project.personas["sarah"])
    assert "](../images/sarah.png)" in page.markdown
    files["maps/personas/sarah.yml"] = files["maps/personas/sarah.yml"].replace("images/sarah.png", "../secret.png")
    write_files(tmp_path, files)
    project = load_project(tmp_path / "maps", docs_dir=tmp_path / "docs")
    assert [p.format() for p in project.all_problems()] == [
        "maps/personas/sarah.yml:8:8: error: photo: path '../secret.png' leads outside docs_dir (keep pictures "
        "inside docs_dir)"
    ]
