"""Property-based tests: mutated maps end in a valid model or a clean list of errors.

Random mutations of the example maps (keys deleted, renamed, retyped, values
swapped, lists emptied) are written back as YAML and loaded as a site. The
load never raises; every problem names a file and a position in it; the
schema validation and ``jsonschema`` agree on every mutated document; and
every journey that loads without errors renders to well-formed SVG.
"""

from __future__ import annotations

import copy
import math
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from support.maps import EXAMPLE_MAPS, REPO, write  # noqa: E402
from support.schemas import jsonschema_valid, kind_of, our_valid  # noqa: E402

from mkdocs_cjm import schema as S  # noqa: E402
from mkdocs_cjm.loader import load_project, parse_yaml  # noqa: E402
from mkdocs_cjm.problems import Problem  # noqa: E402
from mkdocs_cjm.site import Project  # noqa: E402

FILES = sorted(p.relative_to(EXAMPLE_MAPS).as_posix() for p in EXAMPLE_MAPS.rglob("*.y*ml"))
ORIGINAL = {name: (EXAMPLE_MAPS / name).read_text(encoding="utf-8") for name in FILES}
DATA = {name: parse_yaml(text.encode(), name).data for name, text in ORIGINAL.items()}
ID = re.compile(S.ID_PATTERN)

#: More examples for a deeper search: CJM_EXAMPLES=1000 pytest tests/test_properties.py
SETTINGS = settings(
    max_examples=int(os.environ.get("CJM_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Values that are wrong in interesting ways (and a few that are right).
NASTY = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            -1,
            3,
            4.0,
            4.5,
            6,
            10**20,
            -(10**16),
            1e300,
            float("inf"),
            float("nan"),
            "",
            " ",
            "yes",
            "no",
            "~",
            "null",
            "2026-09-14",
            "2026-13-45",
            "2026-02-30",
            "2026-09-14 10:00:00",
            "Insta Ad",
            "insta-ad",
            "a--b",
            "UPPER",
            "ok\n",
            "../../etc/passwd",
            "/abs/path.png",
            "https://x.example/p.png",
            "<script>alert(1)</script>",
            "{{ config }}",
            "**bold** [link](javascript:alert(1))",
            "é ☕ 👍",
            "x" * 300,
            "meets",
            "partial",
            "misses",
            "higher",
            "lower",
            "current",
            "future",
            "effortless",
            "maya",
            [],
            [None],
            ["a", 1, None],
            [[]],
            {},
            {"a": 1},
            {"to": "nowhere"},
            {"Bad Key": 1},
            {"rating": "meets"},
        ]
    ),
    st.text(max_size=12),
    st.integers(min_value=-10, max_value=10),
)


def plain(value: Any) -> Any:
    """Loaded values as plain Python (str subclasses become str), for yaml.safe_dump."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def places(value: Any, path: tuple = ()) -> list[tuple]:
    """Every key path into a value."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append(path + (key,))
            found.extend(places(item, path + (key,)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append(path + (index,))
            found.extend(places(item, path + (index,)))
    return found


def get(value: Any, path: tuple) -> Any:
    for key in path:
        value = value[key]
    return value


def mutate(draw: Any, data: dict) -> dict:
    data = copy.deepcopy(plain(data))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        spots = places(data)
        if not spots:
            break
        path = draw(st.sampled_from(spots))
        parent, key = get(data, path[:-1]), path[-1]
        action = draw(st.sampled_from(["delete", "rename", "retype", "swap", "empty", "duplicate"]))
        if action == "delete":
            del parent[key]
        elif action == "rename" and isinstance(parent, dict):
            new = draw(
                st.one_of(
                    st.sampled_from([key[:-1], key + "s", key.upper(), key.replace("_", ""), "<<", "id", "next"]),
                    st.text(max_size=8),
                )
            )
            parent[new] = parent.pop(key)
        elif action == "retype":
            parent[key] = draw(NASTY)
        elif action == "swap":
            other = draw(st.sampled_from(spots))
            try:
                other_parent, other_key = get(data, other[:-1]), other[-1]
                parent[key], other_parent[other_key] = (
                    copy.deepcopy(other_parent[other_key]),
                    copy.deepcopy(parent[key]),
                )
            except (KeyError, IndexError, TypeError):
                pass
        elif action == "empty":
            item = parent[key]
            parent[key] = [] if isinstance(item, list) else {} if isinstance(item, dict) else ""
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(EXAMPLE_MAPS, root / "maps")
    shutil.copytree(REPO / "docs", root / "docs")
    return root


def load(site: Path, name: str, text: str) -> tuple[Project, list[Problem]]:
    write(site / "maps" / name, text)
    try:
        project = load_project(site / "maps", docs_dir=site / "docs", display_root=site)
        return project, project.all_problems()
    finally:
        write(site / "maps" / name, ORIGINAL[name])


def assert_clean_problems(site: Path, problems: list[Problem], name: str, text: str) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.message and problem.severity in ("error", "warning")
        path = site / problem.file
        assert path.is_file(), problem.format()
        assert problem.line >= 0 and problem.column >= 0
        content = text if problem.file == f"maps/{name}" else path.read_text(encoding="utf-8")
        lines = content.count("\n") + 1
        assert problem.line <= lines + 1, problem.format()


def assert_valid_model(project: Project) -> None:
    for journey in project.journeys.values():
        if journey.is_broken:
            continue
        assert ID.match(journey.id) and journey.title
        assert journey.stages and all(stage.steps for stage in journey.stages)
        step_ids = [step.id for step in journey.steps]
        assert len(set(step_ids)) == len(step_ids) and all(ID.match(s) for s in step_ids)
        stage_ids = [stage.id for stage in journey.stages]
        assert len(set(stage_ids)) == len(stage_ids)
        for step in journey.steps:
            assert step.emotion is None or (isinstance(step.emotion, int) and 1 <= step.emotion <= 5)
            assert all(isinstance(text, str) for text in step.actions + step.pain_points + step.questions)
            for link in step.next or []:
                assert link.to in step_ids
            for metric in step.metrics:
                for number in (metric.actual, metric.target):
                    assert number is None or (
                        isinstance(number, (int, float)) and math.isfinite(number) and abs(number) <= 10**15
                    )
        assert all(p in project.personas for p in journey.personas)
        if journey.reviewed is not None:
            assert journey.review_every is None or journey.review_every >= 1


@SETTINGS
@given(st.data())
def test_mutated_maps_load_or_report_clean_errors(site: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(FILES))
    mutated = mutate(data.draw, DATA[name])
    text = yaml.safe_dump(mutated, sort_keys=False, allow_unicode=True)
    project, problems = load(site, name, text)
    assert_clean_problems(site, problems, name, text)
    assert_valid_model(project)
    errors_elsewhere = [p for p in problems if p.is_error and p.file != f"maps/{name}"]
    # a mutation may break references into the mutated file (ids, promises), never the parsing of others; a
    # metric's mutated `from` may read a column of non-numbers: that error is at the data file's line ("data")
    assert all(p.code in ("reference", "csv", "duplicate-id", "data") for p in errors_elsewhere), [
        p.format() for p in errors_elsewhere
    ]


@SETTINGS
@given(st.data())
def test_loader_and_jsonschema_agree_on_mutations(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(FILES))
    mutated = mutate(data.draw, DATA[name])
    text = yaml.safe_dump(mutated, sort_keys=False, allow_unicode=True)
    doc = parse_yaml(text.encode("utf-8"), name)
    if doc.data is None:
        return
    kind = kind_of(name)
    assert our_valid(kind, doc.data) == jsonschema_valid(kind, doc.data), text


@SETTINGS
@given(st.data())
def test_mutated_yaml_text_never_raises(data: st.DataObject) -> None:
    # Mutations of the text itself: characters deleted, doubled or replaced anywhere.
    name = data.draw(st.sampled_from(FILES))
    text = ORIGINAL[name]
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        at = data.draw(st.integers(min_value=0, max_value=max(0, len(text) - 1)))
        op = data.draw(st.sampled_from(["delete", "double", "replace", "tab", "indent"]))
        if op == "delete":
            text = text[:at] + text[at + 1 :]
        elif op == "double":
            text = text[:at] + text[at : at + 1] * 2 + text[at + 1 :]
        elif op == "replace":
            text = text[:at] + data.draw(st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\n "))) + text[at + 1 :]
        elif op == "tab":
            text = text[:at] + "\t" + text[at:]
        else:
            text = text[:at] + "  " + text[at:]
    doc = parse_yaml(text.encode("utf-8"), f"maps/{name}")
    for problem in doc.problems:
        assert problem.file == f"maps/{name}" and problem.message
        assert 0 <= problem.line <= text.count("\n") + 2
    if doc.data is not None and not doc.problems:
        kind = kind_of(name)
        assert our_valid(kind, doc.data) == jsonschema_valid(kind, doc.data)


# -- every valid model renders to well-formed SVG ----------------------------------------------
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def journeys(draw: Any) -> dict:
    step_count = draw(st.integers(min_value=1, max_value=7))
    ids = [f"s{i}" for i in range(step_count)]
    steps = []
    for sid in ids:
        step: dict[str, Any] = {"id": sid, "touchpoint": draw(TEXT.filter(lambda t: t.strip()))}
        for key in ("actions", "questions", "motivations", "pain_points", "opportunities"):
            if draw(st.booleans()):
                step[key] = draw(st.lists(TEXT, max_size=3))
        if draw(st.booleans()):
            step["emotion"] = draw(st.integers(min_value=1, max_value=5))
        if draw(st.booleans()):
            step["quote"] = draw(TEXT)
        if draw(st.booleans()):
            step["channel"] = draw(st.sampled_from(["web", "store", "social", "carrier pigeon"]))
        if draw(st.booleans()):
            step["next"] = [
                {"to": draw(st.sampled_from(ids)), "label": draw(TEXT)} for _ in range(draw(st.integers(0, 3)))
            ]
        if draw(st.booleans()):
            step["metrics"] = [
                {
                    "name": draw(TEXT.filter(lambda t: t.strip())) + "x",
                    "actual": draw(st.floats(-1e6, 1e6)),
                    "target": draw(st.floats(-1e6, 1e6)),
                    "unit": draw(TEXT),
                }
            ]
        if draw(st.booleans()):
            step["promise"] = {
                "effortless": {"rating": draw(st.sampled_from(["meets", "partial", "misses"])), "note": draw(TEXT)}
            }
        if draw(st.booleans()):
            step["lanes"] = {"backstage": draw(st.lists(TEXT, max_size=2))}
        steps.append(step)
    cuts = sorted(set(draw(st.lists(st.integers(1, step_count - 1), max_size=3)))) if step_count > 1 else []
    bounds = [0, *cuts, step_count]
    stages = [{"name": draw(TEXT.filter(lambda t: t.strip())), "steps": steps[a:b]} for a, b in zip(bounds, bounds[1:])]
    return {
        "title": draw(TEXT.filter(lambda t: t.strip())),
        "personas": ["maya"],
        "promises": ["effortless"],
        "stages": stages,
    }


@SETTINGS
@given(journey=journeys())
def test_valid_models_render_well_formed_svg(site: Path, journey: dict) -> None:
    svg_module = pytest.importorskip("mkdocs_cjm.render.svg")
    text = yaml.safe_dump(journey, sort_keys=False, allow_unicode=True)
    write(site / "maps" / "generated.yml", text)
    try:
        project = load_project(site / "maps", docs_dir=site / "docs", display_root=site)
    finally:
        (site / "maps" / "generated.yml").unlink()
    generated = project.journeys["generated"]
    assert not generated.is_broken, [p.format() for p in generated.problems]
    for standalone in (False, True):
        svg = svg_module.render_svg(project, generated, standalone=standalone)
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")


@SETTINGS
@given(st.data())
def test_mutated_valid_models_render_well_formed_svg(site: Path, data: st.DataObject) -> None:
    svg_module = pytest.importorskip("mkdocs_cjm.render.svg")
    name = data.draw(st.sampled_from([f for f in FILES if kind_of(f) == "journey"]))
    mutated = mutate(data.draw, DATA[name])
    project, _ = load(site, name, yaml.safe_dump(mutated, sort_keys=False, allow_unicode=True))
    for journey in project.journeys.values():
        if not journey.is_broken:
            ET.fromstring(svg_module.render_svg(project, journey))
