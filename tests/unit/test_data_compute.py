"""``from`` on a metric applied by the loader: values, provenance, and each error with file, line and key path."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.maps import BRAND, PERSONA, write

from mkdocs_cjm.load.walk import load_project
from mkdocs_cjm.model import Metric
from mkdocs_cjm.problems import Problem
from mkdocs_cjm.site import Project

TICKETS = """\
Ticket ID,Channel,Status,Satisfaction,First reply time (min)
1,Chat,Solved,5,3
2,Chat,Closed,4,7
3,Chat,Open,,12
4,Email,Solved,2,240
5,Chat,Solved,3,1,
"""

JOURNEY = """\
title: Support
personas: [sarah]
stages:
  - name: Help
    steps:
      - id: chat
        touchpoint: Chat
        metrics:
          - name: Chat satisfaction
            id: csat
            unit: "%"
            from:
{from_}
"""


def indent(text: str) -> str:
    return "\n".join("              " + line for line in text.strip("\n").splitlines())


def load(tmp_path: Path, from_: str, files: dict[str, str | bytes] | None = None) -> Project:
    write(tmp_path / "maps" / "brand.yml", BRAND)
    write(tmp_path / "maps" / "personas" / "sarah.yml", PERSONA)
    write(tmp_path / "maps" / "support.yml", JOURNEY.format(from_=indent(from_)))
    for name, text in (files if files is not None else {"tickets.csv": TICKETS}).items():
        write(tmp_path / "maps" / "data" / name, text)
    return load_project(tmp_path / "maps", docs_dir=tmp_path / "docs", display_root=tmp_path)


def metric(project: Project) -> Metric:
    return project.journeys["support"].stages[0].steps[0].metrics[0]


def problems(project: Project) -> list[Problem]:
    return project.all_problems()


def test_csat_with_a_list_filter_and_provenance(tmp_path: Path) -> None:
    project = load(
        tmp_path,
        "file: tickets.csv\nwhere: {Channel: Chat, Status: [Solved, Closed]}\nvalue: Satisfaction\nmeasure: csat",
    )
    assert problems(project) == []
    found = metric(project)
    assert found.actual == pytest.approx(66.67)
    assert found.provenance is not None
    assert (found.provenance.file, found.provenance.rows) == ("tickets.csv", 3)
    assert found.provenance.filter == "Channel = Chat; Status = Solved or Closed"


@pytest.mark.parametrize(
    ("from_", "expected"),
    [
        ("file: tickets.csv\nmeasure: count", 5),
        ("file: tickets.csv\nwhere: {Channel: Chat}\nmeasure: share\nmatch: {Status: Solved}", 50.0),
        ("file: tickets.csv\nwhere: {Status: Solved}\nvalue: First reply time (min)\nmeasure: median", 3.0),
        ("file: tickets.csv\nwhere: {Status: 'S*'}\nvalue: First reply time (min)\nmeasure: max", 240.0),
        ("file: tickets.csv\nwhere: {Ticket ID: [1, 2]}\nvalue: Satisfaction\nmeasure: sum", 9.0),
        (
            "file: tickets.csv\nwhere: {Ticket ID: 1}\nvalue: Satisfaction\nper: First reply time (min)\nmeasure: rate",
            166.67,
        ),
    ],
)
def test_measures_through_the_loader(tmp_path: Path, from_: str, expected: float) -> None:
    project = load(tmp_path, from_)
    assert [p for p in problems(project) if p.is_error] == []
    assert metric(project).actual == pytest.approx(expected)


def test_where_is_case_sensitive_and_no_match_is_a_no_data_warning(tmp_path: Path) -> None:
    project = load(tmp_path, "file: tickets.csv\nwhere: {Channel: chat}\nmeasure: count")
    assert problems(project) == []  # a build shows no warning; `check` does
    (found,) = project.data_warnings
    assert found.severity == "warning" and "no data" in found.message
    assert (found.file, found.path) == ("maps/support.yml", "stages[0].steps[0].metrics[0].from.where")
    assert found.line == 14
    assert metric(project).actual is None


def test_missing_file_with_did_you_mean(tmp_path: Path) -> None:
    project = load(tmp_path, "file: ticket.csv\nmeasure: count")
    (found,) = problems(project)
    # tickets.csv, named by no `from` and not an overlay, is an unused data file: a warning of `check`
    (unused,) = project.data_warnings
    assert (unused.file, unused.severity, unused.code) == ("maps/data/tickets.csv", "warning", "data-unused")
    assert found.is_error and "not found" in found.message and "tickets.csv" in found.hint
    assert (found.file, found.line, found.path) == ("maps/support.yml", 13, "stages[0].steps[0].metrics[0].from.file")


def test_file_outside_data_folder_is_not_found(tmp_path: Path) -> None:
    project = load(tmp_path, "file: ../support.yml\nmeasure: count")
    assert any("not found" in p.message for p in problems(project))


def test_missing_column_with_did_you_mean(tmp_path: Path) -> None:
    project = load(tmp_path, "file: tickets.csv\nwhere: {Chanel: Chat}\nmeasure: count")
    (found,) = problems(project)
    assert found.path == "stages[0].steps[0].metrics[0].from.where.Chanel"
    assert "'Chanel' is not in the header" in found.message and "Channel" in found.hint


def test_missing_value_column(tmp_path: Path) -> None:
    project = load(tmp_path, "file: tickets.csv\nvalue: Score\nmeasure: mean")
    (found,) = problems(project)
    assert found.path.endswith("from.value") and "Score" in found.message


def test_non_number_cell_in_a_matching_row_at_the_data_files_line(tmp_path: Path) -> None:
    project = load(tmp_path, "file: tickets.csv\nwhere: {Channel: Chat}\nvalue: Satisfaction\nmeasure: mean")
    (found,) = problems(project)
    assert (found.file, found.line, found.path) == ("maps/data/tickets.csv", 4, "Satisfaction")
    assert "expected a number" in found.message
    assert metric(project).actual is None


def test_bad_cell_in_a_row_that_does_not_match_is_fine(tmp_path: Path) -> None:
    project = load(tmp_path, "file: tickets.csv\nwhere: {Status: Solved}\nvalue: Satisfaction\nmeasure: mean")
    assert problems(project) == []
    assert metric(project).actual == pytest.approx(3.33)


@pytest.mark.parametrize(("measure", "score"), [("nps", "11"), ("csat", "0"), ("csat", "4.5")])
def test_score_out_of_range(tmp_path: Path, measure: str, score: str) -> None:
    files = {"s.csv": f"Score\n5\n{score}\n"}
    project = load(tmp_path, f"file: s.csv\nvalue: Score\nmeasure: {measure}", files)
    (found,) = problems(project)
    assert (found.file, found.line) == ("maps/data/s.csv", 3) and "outside" in found.message


@pytest.mark.parametrize(
    ("from_", "needs"),
    [
        ("file: tickets.csv\nmeasure: mean", "'value'"),
        ("file: tickets.csv\nmeasure: share", "'match'"),
        ("file: tickets.csv\nvalue: Satisfaction\nmeasure: rate", "'per'"),
    ],
)
def test_measure_without_the_keys_it_needs(tmp_path: Path, from_: str, needs: str) -> None:
    project = load(tmp_path, from_)
    (found,) = problems(project)
    assert found.path.endswith("from.measure") and needs in found.message


def test_from_and_actual_exclude_each_other(tmp_path: Path) -> None:
    load(tmp_path, "file: tickets.csv\nmeasure: count")
    text = (tmp_path / "maps" / "support.yml").read_text().replace('unit: "%"', 'unit: "%"\n            actual: 3')
    (tmp_path / "maps" / "support.yml").write_text(text)
    project = load_project(tmp_path / "maps", docs_dir=tmp_path / "docs", display_root=tmp_path)
    (found,) = problems(project)
    assert found.path == "stages[0].steps[0].metrics[0].from" and "not both" in found.message


def test_unknown_measure_is_a_schema_error(tmp_path: Path) -> None:
    project = load(tmp_path, "file: tickets.csv\nmeasure: average")
    assert any(p.path.endswith("from.measure") for p in problems(project))


def test_overlay_may_not_set_a_metric_with_from(tmp_path: Path) -> None:
    files = {
        "tickets.csv": TICKETS,
        "overlay.csv": "journey,step,metric,actual,period\nsupport,chat,csat,5,2026-10\n",
    }
    project = load(tmp_path, "file: tickets.csv\nmeasure: count", files)
    (found,) = problems(project)
    assert found.file == "maps/data/overlay.csv" and "computed from a data file" in found.message
    assert metric(project).actual == 5


def test_semicolon_file_with_decimal_commas_and_ga4_period(tmp_path: Path) -> None:
    files = {"ga.csv": "# Start date: 20261001\n# End date: 20261031\nSeite;Rate\n/a;1,5\n/b;2,5\nGesamt;4\n"}
    project = load(tmp_path, "file: ga.csv\nwhere: {Seite: '/*'}\nvalue: Rate\nmeasure: sum", files)
    assert problems(project) == []
    assert metric(project).actual == 4.0
    assert metric(project).provenance.period == "2026-10-01 to 2026-10-31"  # type: ignore[union-attr]


def test_own_period_wins(tmp_path: Path) -> None:
    files = {"ga.csv": "# Start date: 20261001\nA\n1\n"}
    project = load(tmp_path, "file: ga.csv\nmeasure: count\nperiod: Q4 2026", files)
    assert metric(project).provenance.period == "Q4 2026"  # type: ignore[union-attr]


def test_each_data_file_parsed_once_and_cached_across_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs_cjm.data import compute

    calls: list[str] = []
    real = compute.read_table

    def counting(raw: bytes, display: str) -> object:
        calls.append(display)
        return real(raw, display)

    monkeypatch.setattr(compute, "read_table", counting)
    journey = JOURNEY.format(from_=indent("file: tickets.csv\nmeasure: count")).replace(
        "metrics:\n", "metrics:\n          - {name: All, from: {file: tickets.csv, measure: count}}\n"
    )
    write(tmp_path / "maps" / "brand.yml", BRAND)
    write(tmp_path / "maps" / "personas" / "sarah.yml", PERSONA)
    write(tmp_path / "maps" / "support.yml", journey)
    write(tmp_path / "maps" / "data" / "tickets.csv", TICKETS)
    cache: dict[str, object] = {}
    first = load_project(tmp_path / "maps", docs_dir=tmp_path / "docs", display_root=tmp_path, cache=cache)
    assert [p for p in first.all_problems() if p.is_error] == []
    assert calls == ["maps/data/tickets.csv"]
    load_project(tmp_path / "maps", docs_dir=tmp_path / "docs", display_root=tmp_path, cache=cache)
    assert calls == ["maps/data/tickets.csv"]
    write(tmp_path / "maps" / "data" / "tickets.csv", TICKETS + "6,Chat,Solved,5,2\n")
    again = load_project(tmp_path / "maps", docs_dir=tmp_path / "docs", display_root=tmp_path, cache=cache)
    assert len(calls) == 2
    assert again.journeys["support"].stages[0].steps[0].metrics[0].actual == 6
