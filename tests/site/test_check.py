"""``mkdocs-cjm check``: options, output formats, warnings, exit codes and speed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.maps import BRAND, JOURNEY, PERSONA, REPO, make_site, synthetic_site, write

from mkdocs_cjm.check import check_warnings, read_site_config, run_check
from mkdocs_cjm.cli import COMMANDS, build_parser, main
from mkdocs_cjm.loader import load_project

TODAY = "2026-10-01"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- exit codes ------------------------------------------------------------------------
def test_clean_site_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_site(tmp_path)
    code, out, err = run(capsys, str(tmp_path), "--today", TODAY)
    assert (code, out) == (0, "")
    assert err.strip() == "mkdocs-cjm check: 3 files checked, no problems"


def test_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_site(tmp_path, journeys={"buy.yml": JOURNEY.replace("emotion: 4", "emotoin: 4")})
    code, out, err = run(capsys, str(tmp_path), "--today", TODAY)
    assert code == 1
    first = out.splitlines()[0]
    assert (
        first == "maps/buy.yml:16:9: error: stages[0].steps[0].emotoin: unknown key 'emotoin' (did you mean 'emotion'?)"
    )
    assert out.splitlines()[1:3] == ["      16 |         emotoin: 4", "         |         ^"]
    assert "1 error" in err


def test_warnings_exit_0_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_site(tmp_path, journeys={"buy.yml": JOURNEY.replace("        emotion: 2\n", "")})
    code, out, _ = run(capsys, str(tmp_path), "--today", TODAY, "--no-source")
    assert code == 0
    assert (
        out == "maps/buy.yml:32:9: warning: stages[1].steps[0].emotion: step 'checkout' has no emotion "
        "(add 'emotion:' from 1 (very negative) to 5 (delighted))\n"
    )
    assert run(capsys, str(tmp_path), "--today", TODAY, "--strict")[0] == 1
    assert run(capsys, str(tmp_path), "--today", TODAY, "--strict", "--no-warnings")[0] == 0


@pytest.mark.parametrize(
    "args", [["/no/such/folder"], ["--format", "xml"], ["--jobs", "-1"], ["--today", "tomorrow"], ["a", "b"]]
)
def test_bad_usage_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    make_site(tmp_path)
    try:
        code = main(["check", *args])
    except SystemExit as exc:  # argparse
        code = exc.code
    assert code == 2
    assert "error:" in capsys.readouterr().err


def test_no_command_is_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2


def test_console_script(tmp_path: Path) -> None:
    # The script the install put beside this interpreter (the test command runs .venv/bin/python
    # without activating the venv, so PATH need not hold it).
    script = shutil.which("mkdocs-cjm", path=str(Path(sys.executable).parent)) or shutil.which("mkdocs-cjm")
    if script is None:
        pytest.skip("mkdocs-cjm is not installed (pip install -e .)")
    make_site(tmp_path, journeys={"buy.yml": JOURNEY, "bad.yml": "title: [\n"})
    done = subprocess.run(
        [script, "check", str(tmp_path), "--format", "json"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["errors"] == 1
    assert subprocess.run([script, "check", "--format", "nope"], capture_output=True, timeout=60).returncode == 2


# -- formats ---------------------------------------------------------------------------
def test_github_format(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    make_site(
        site,
        journeys={"buy.yml": JOURNEY.replace("emotion: 4", "emotion: 9"), "big.yml": "title: x\n", "ok.yml": JOURNEY},
    )
    write(site / "maps" / "data" / "a.csv", "journey,step,metric,actual,period\nok,insta-ad,ctr,5%,2026-10\n")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "site", "--format", "github", "--today", "2027-01-01")
    assert code == 1
    lines = out.splitlines()
    assert (
        "::error file=site/maps/buy.yml,line=16,col=18,title=mkdocs-cjm%3A stages[0].steps[0].emotion::found 9, "
        "expected an integer from 1 to 5" in lines
    )
    assert "::error file=site/maps/big.yml,line=1,col=1,title=mkdocs-cjm::missing required key 'stages'" in lines
    assert (
        "::error file=site/maps/data/a.csv,line=2,col=17,title=mkdocs-cjm%3A actual::found '5%25', expected a number"
        in lines
    )
    assert any(line.startswith("::warning file=site/maps/ok.yml,line=4,col=11,") for line in lines)  # review overdue
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### mkdocs-cjm check: 3 errors")
    assert (
        "| :x: | `site/maps/buy.yml:16:18` |" not in text
        and "| :x: | `maps/buy.yml:16:18` | `stages[0].steps[0].emotion` |" in text
    )


def test_github_format_escapes_and_file_level_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_site(tmp_path, journeys={"buy.yml": JOURNEY, "big.yml": "title: " + "x" * 300 + "\n"})
    write(
        tmp_path / "mkdocs.yml", "site_name: T\nplugins:\n  - cjm:\n      max_file_size: 200\n      today: 2026-10-01\n"
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--format", "github")
    assert code == 1
    assert (
        "::error file=maps/big.yml,title=mkdocs-cjm::file is 308 bytes, larger than the limit of 200 bytes "
        "(split the map, or raise the plugin option max_file_size)" in out.splitlines()
    )


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_site(
        tmp_path,
        journeys={"buy.yml": JOURNEY.replace("state: current\n", "").replace("title:", "state: futur\ntitle:")},
    )
    code, out, err = run(capsys, str(tmp_path), "--format", "json", "--today", TODAY)
    assert code == 1 and err == ""
    report = json.loads(out)
    assert report["version"] == 1 and report["ok"] is False and report["errors"] == 1 and report["files"] == 3
    problem = report["problems"][0]
    assert problem == {
        "file": "maps/buy.yml",
        "line": 1,
        "column": 8,
        "path": "state",
        "severity": "error",
        "code": "invalid",
        "message": "found 'futur', expected one of: current, future",
        "hint": "did you mean 'future'?",
    }
    assert [p for p in report["problems"] if p["severity"] == "warning"] == []


# -- warnings -----------------------------------------------------------------------------
def test_each_warning(tmp_path: Path) -> None:
    journey = JOURNEY.replace("evidence: [Checkout survey, Q3 2026]\n", "").replace("        emotion: 3\n", "")
    make_site(tmp_path, journeys={"buy.yml": journey})
    write(tmp_path / "maps" / "brand.yml", BRAND.replace("channels:\n", "  - {id: honest, name: Honest}\nchannels:\n"))
    write(tmp_path / "maps" / "personas" / "nobody.yml", "name: Nobody\n")
    result = run_check(tmp_path, today=dt.date(2027, 1, 1))
    found = [(p.file, p.line, p.column, p.path, p.code) for p in result.problems]
    assert found == [
        ("maps/brand.yml", 6, 5, "promises[1]", "promise-unbenchmarked"),
        ("maps/buy.yml", 1, 1, "evidence", "assumption-based"),
        ("maps/buy.yml", 4, 11, "reviewed", "review-overdue"),
        ("maps/buy.yml", 26, 9, "stages[0].steps[1].emotion", "no-emotion"),
        ("maps/personas/nobody.yml", 1, 1, "", "persona-unused"),
    ]
    assert all(p.severity == "warning" for p in result.problems)
    overdue = result.problems[2]
    assert overdue.message == "review overdue by 19 days: last reviewed 2026-09-14, due 2026-12-13 (every 90 days)"
    assert result.exit_code() == 0 and result.exit_code(strict=True) == 1


def test_review_every_comes_from_the_map_then_the_option(tmp_path: Path) -> None:
    make_site(tmp_path, journeys={"buy.yml": JOURNEY.replace("review_every: 90\n", "")})
    project = load_project(tmp_path / "maps", display_root=tmp_path)
    assert [p.code for p in check_warnings(project, today=dt.date(2027, 1, 1), review_every=180)] == []
    assert "review-overdue" in [p.code for p in check_warnings(project, today=dt.date(2027, 1, 1), review_every=30)]
    write(tmp_path / "mkdocs.yml", "site_name: T\nplugins:\n  - cjm:\n      review_every: 30\n")
    assert "review-overdue" in [p.code for p in run_check(tmp_path, today=dt.date(2027, 1, 1)).problems]


def test_broken_maps_get_errors_and_the_warnings_of_their_valid_parts(tmp_path: Path) -> None:
    # One run says everything: the schema error, and the warnings of the rest of the file,
    # but no warning about the key that has the error.
    make_site(
        tmp_path,
        journeys={
            "buy.yml": JOURNEY.replace("evidence: [Checkout survey, Q3 2026]\n", "").replace("emotion: 4", "emotion: x")
        },
    )
    found = [(p.code, p.path) for p in run_check(tmp_path, today=dt.date(2030, 1, 1)).problems]
    assert found == [
        ("assumption-based", "evidence"),
        ("review-overdue", "reviewed"),
        ("invalid", "stages[0].steps[0].emotion"),
    ]


def test_loader_problems_hold_no_warnings() -> None:
    # The plugin logs the loader's problems; `mkdocs build --strict` must stay clean on the example.
    project = load_project(REPO / "maps", docs_dir=REPO / "docs", display_root=REPO)
    assert project.all_problems() == []
    assert check_warnings(project, today=dt.date(2026, 10, 1), review_every=180) is not None


def test_today_from_the_plugin_option_and_the_command_line(tmp_path: Path) -> None:
    make_site(tmp_path)  # mkdocs.yml says today: 2026-10-01
    assert read_site_config(tmp_path).today == dt.date(2026, 10, 1)
    assert read_site_config(tmp_path, today=dt.date(2030, 1, 1)).today == dt.date(2030, 1, 1)
    assert "review-overdue" in [p.code for p in run_check(tmp_path, today=dt.date(2030, 1, 1)).problems]
    assert "review-overdue" not in [p.code for p in run_check(tmp_path).problems]


# -- mkdocs.yml --------------------------------------------------------------------------
def test_mkdocs_yml_with_tags_and_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_site(tmp_path)
    (tmp_path / "maps").rename(tmp_path / "journey-maps")
    (tmp_path / "docs").rename(tmp_path / "content")
    monkeypatch.setenv("CJM_MAPS", "journey-maps")
    write(
        tmp_path / "mkdocs.yml",
        """\
site_name: !ENV [SITE_NAME, "Test"]
docs_dir: content
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - cjm:
      maps_dir: !ENV [CJM_MAPS, maps]
      review_every: 30
      max_file_size: 100000
      today: 2026-10-01
""",
    )
    site = read_site_config(tmp_path)
    assert site.maps_dir == tmp_path / "journey-maps" and site.docs_dir == tmp_path / "content"
    assert (site.review_every, site.max_file_size, site.today) == (30, 100000, dt.date(2026, 10, 1))
    assert site.problems == [] and site.plugin_enabled is True
    result = run_check(tmp_path)
    assert result.problems == [] and result.files == 3


def test_plugins_as_a_mapping_and_a_plain_name(tmp_path: Path) -> None:
    make_site(tmp_path)
    write(tmp_path / "mkdocs.yml", "site_name: T\nplugins:\n  search: {}\n  cjm:\n    review_every: 7\n")
    assert read_site_config(tmp_path).review_every == 7
    write(tmp_path / "mkdocs.yml", "site_name: T\nplugins:\n  - search\n  - cjm\n")
    assert read_site_config(tmp_path).plugin_enabled is True


def test_inherited_config(tmp_path: Path) -> None:
    make_site(tmp_path)
    write(tmp_path / "base.yml", "site_name: Base\nplugins:\n  - cjm:\n      review_every: 12\n")
    write(tmp_path / "mkdocs.yml", "INHERIT: base.yml\nsite_name: T\n")
    assert read_site_config(tmp_path).review_every == 12


@pytest.mark.parametrize(
    "config, line, path, message",
    [
        (
            "site_name: T\nplugins:\n  - cjm:\n      review_every: soon\n",
            4,
            "plugins.cjm.review_every",
            "found 'soon', expected a whole number above 0",
        ),
        ("site_name: T\nplugins:\n  - cjm:\n      max_file_size: -1\n", 4, "plugins.cjm.max_file_size", "found -1"),
        (
            "site_name: T\nplugins:\n  - cjm:\n      today: someday\n",
            4,
            "plugins.cjm.today",
            "expected a date (YYYY-MM-DD)",
        ),
        (
            "site_name: T\nplugins:\n  - cjm:\n      maps_dir: [a]\n",
            4,
            "plugins.cjm.maps_dir",
            "expected a folder name",
        ),
        ("site_name: T\nplugins:\n  - cjm: [a]\n", 3, "plugins.cjm", "expected a mapping of options"),
        ("site_name: [T\n", 2, "", "YAML syntax error"),
        ("- a\n", 1, "", "found no mapping at the top of mkdocs.yml"),
    ],
)
def test_bad_mkdocs_yml(tmp_path: Path, config: str, line: int, path: str, message: str) -> None:
    make_site(tmp_path)
    write(tmp_path / "mkdocs.yml", config)
    result = run_check(tmp_path)
    (problem,) = [p for p in result.problems if p.file == "mkdocs.yml"]
    assert (problem.line, problem.path, problem.severity) == (line, path, "error")
    assert message in problem.message
    assert result.exit_code() == 1


def test_every_bad_option_is_reported_as_the_build_reports_it(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """check validates the options with the plugin's own CjmConfig: the messages are the build's,
    every bad option is reported (MkDocs stops at the first) and an unknown one is a warning."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    make_site(tmp_path)
    config = "site_name: T\nplugins:\n  - cjm:\n      review_every: 0\n      exports: maybe\n      colour: red\n"
    write(tmp_path / "mkdocs.yml", config)
    problems = [p for p in run_check(tmp_path).problems if p.file == "mkdocs.yml"]
    assert [(p.line, p.column, p.path, p.severity) for p in problems] == [
        (4, 7, "plugins.cjm.review_every", "error"),
        (5, 7, "plugins.cjm.exports", "error"),
        (6, 7, "plugins.cjm.colour", "warning"),
    ]
    assert problems[0].message == "found 0, expected a whole number above 0"
    assert problems[1].message == "found 'maybe', expected true or false"
    assert problems[2].message == "unknown option 'colour': the plugin ignores it"
    assert "max_file_size" in problems[2].hint
    (tmp_path / "docs").mkdir(exist_ok=True)
    with pytest.raises(Abort):
        load_config(str(tmp_path / "mkdocs.yml"))
    assert "Plugin 'cjm' option 'review_every': found 0, expected a whole number above 0" in caplog.text
    write(tmp_path / "mkdocs.yml", config.replace("review_every: 0", "review_every: 30").replace("maybe", "true"))
    assert [(p.path, p.severity) for p in run_check(tmp_path).problems if p.file == "mkdocs.yml"] == [
        ("plugins.cjm.colour", "warning")
    ]
    with pytest.raises(Abort):  # the unknown option: a warning, which fails a --strict build
        load_config(str(tmp_path / "mkdocs.yml"), strict=True)
    assert "Plugin 'cjm' option 'colour': Unrecognised configuration name: colour" in caplog.text


def test_mkdocs_yml_without_the_plugin(tmp_path: Path) -> None:
    make_site(tmp_path, mkdocs_yml="site_name: T\nplugins:\n  - search\n")
    (problem,) = [p for p in run_check(tmp_path).problems if p.file == "mkdocs.yml"]
    assert (problem.severity, problem.line, problem.code) == ("warning", 2, "config")


# -- PATH ---------------------------------------------------------------------------------
def test_path_variants(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_site(tmp_path, journeys={"buy.yml": JOURNEY, "bad.yml": "title: ["})
    by_folder = [p.format() for p in run_check(tmp_path).problems]
    assert any(p.startswith("maps/bad.yml:") for p in by_folder)
    assert [p.format() for p in run_check(tmp_path / "mkdocs.yml").problems] == by_folder
    # the site's maps folder: the site's options apply
    assert [p.format() for p in run_check(tmp_path / "maps").problems] == by_folder
    monkeypatch.chdir(tmp_path)
    assert [p.format() for p in run_check().problems] == by_folder
    monkeypatch.chdir(tmp_path / "maps")
    assert [p.format() for p in run_check(".").problems] == by_folder
    # a maps folder on its own: the same names, with the default options
    shutil.copytree(tmp_path / "maps", tmp_path / "alone" / "maps")
    by_maps = [p.format() for p in run_check(tmp_path / "alone" / "maps", today=dt.date(2026, 10, 1)).problems]
    assert [p for p in by_maps if ": error: " in p] == [p for p in by_folder if ": error: " in p]
    assert read_site_config(tmp_path / "alone" / "maps").review_every == 180


def test_missing_maps_folder_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "mkdocs.yml", "site_name: T\nplugins:\n  - cjm\n")
    (problem,) = run_check(tmp_path).problems
    assert problem.format() == "maps: error: maps folder not found (create it, or set the plugin option maps_dir)"


def test_example_site_checks_clean_of_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(REPO), "--today", "2026-10-01", "--no-warnings")
    assert (code, out) == (0, "")


# -- extending the command line ----------------------------------------------------------------
def test_subcommands_are_a_list_to_extend(capsys: pytest.CaptureFixture[str]) -> None:
    from mkdocs_cjm.cli import Command

    seen = []
    extra = Command(
        "hello", "Say hello.", lambda p: p.add_argument("--name", default="x"), lambda a: seen.append(a.name) or 0
    )
    COMMANDS.append(extra)
    try:
        assert main(["hello", "--name", "cjm"]) == 0
        assert seen == ["cjm"]
        assert "hello" in build_parser().format_help()
    finally:
        COMMANDS.remove(extra)


# -- speed ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_site(tmp_path_factory.mktemp("big"), journeys=200, stages=8, steps=6)


def test_parallel_and_serial_checks_agree(big_site: Path) -> None:
    one = run_check(big_site, jobs=1)
    two = run_check(big_site, jobs=2)
    assert one.problems == two.problems and one.files == two.files == 202


def test_check_of_200_journeys_reports_every_file(big_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 200 journeys x 8 stages x 6 full steps (8.7 MB of YAML), as `mkdocs-cjm check` runs it.
    # Its speed is measured by the benchmark (benchmarks/bench.py), not here.
    code = main(["check", str(big_site), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["files"] == 202 and report["errors"] == 0


def test_check_does_not_import_mkdocs() -> None:
    code = (
        "import sys; from mkdocs_cjm.cli import main; import mkdocs_cjm.check; "
        "bad = [m for m in sys.modules if m == 'mkdocs' or m.startswith(('mkdocs.', 'jinja2', 'cairosvg'))]; "
        "assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("content", [{}, {"notes.txt": "hello\n", "docs/index.md": "# Home\n"}])
def test_folder_without_site_or_maps_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: dict[str, str]
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    for name, text in content.items():
        write(folder / name, text)
    code, out, err = run(capsys, str(folder))
    assert (code, out) == (2, "")
    assert f"mkdocs-cjm check: error: {folder}: no mkdocs.yml, no 'maps' folder and no map files here" in err
    assert "no problems" not in err


def test_folder_with_maps_but_no_mkdocs_yml_checks_its_maps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_site(tmp_path, journeys={"buy.yml": JOURNEY.replace("emotion: 4", "emotion: 9")})
    (tmp_path / "mkdocs.yml").unlink()
    code, out, _ = run(capsys, str(tmp_path), "--today", TODAY, "--no-source", "--no-warnings")
    assert code == 1
    assert out == "maps/buy.yml:16:18: error: stages[0].steps[0].emotion: found 9, expected an integer from 1 to 5\n"


def test_one_run_reports_schema_reference_and_csv_errors_and_warnings(tmp_path: Path) -> None:
    journey = (
        JOURNEY.replace("emotion: 4", "emotion: 9")  # schema
        .replace("next: [insta-ad]", "next: [insta-add]")  # reference, in the valid part
        .replace("personas: [sarah]", "personas: [sarah, sarha]")  # reference
        .replace("        emotion: 3\n", "")  # warning
        .replace("backstage: [Stock feed]", "backstag: [Stock feed]")
    )  # reference at a key
    make_site(tmp_path, journeys={"buy.yml": journey})
    write(
        tmp_path / "maps" / "brand.yml", BRAND.replace("kind: offline", "kind: offlin")
    )  # schema; its promises still count
    write(
        tmp_path / "maps" / "personas" / "sarah.yml", PERSONA.replace("value: high", "value: top") + "photo: ../x.png\n"
    )
    write(tmp_path / "maps" / "data" / "a.csv", "journey,step,metric,actual,period\nbuy,insta-ad,ctr,lots,2026-10\n")
    result = run_check(tmp_path, today=dt.date(2026, 10, 1))
    found = [(p.file, p.line, p.path, p.severity, p.code) for p in result.problems]
    assert found == [
        ("maps/brand.yml", 9, "channels[2].kind", "error", "invalid"),
        ("maps/buy.yml", 3, "personas[1]", "error", "reference"),
        ("maps/buy.yml", 16, "stages[0].steps[0].emotion", "error", "invalid"),
        ("maps/buy.yml", 26, "stages[0].steps[0].lanes.backstag", "error", "reference"),
        ("maps/buy.yml", 27, "stages[0].steps[1].emotion", "warning", "no-emotion"),
        ("maps/buy.yml", 35, "stages[1].steps[0].next[0]", "error", "reference"),
        ("maps/data/a.csv", 2, "actual", "error", "csv"),
        ("maps/personas/sarah.yml", 4, "value", "error", "invalid"),
        ("maps/personas/sarah.yml", 8, "photo", "error", "path"),
    ]


GUIDE = """\
# Guide

```journey
id: buy
```

````markdown
```journey
id: shown-as-text
```
````

- In a list:

    ```journey
    id: bye
    lanes: [touchpoint, feelings]
    ```

```journey
id: buy
"""


def test_journey_blocks_of_the_docs_pages_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_site(tmp_path)
    write(tmp_path / "docs" / "guide" / "map.md", GUIDE)
    code, out, _ = run(capsys, str(tmp_path), "--today", TODAY, "--no-source")
    assert code == 1
    problems = out.splitlines()
    assert len(problems) == 2, out  # the id is reported, its lanes then are not looked at; the example is text
    assert problems[0].startswith("docs/guide/map.md:16:")
    assert "unknown journey 'bye'" in problems[0] and "'buy'" in problems[0]  # did you mean
    assert problems[1].startswith("docs/guide/map.md:20:") and "not closed" in problems[1]
    assert "shown-as-text" not in out
    # the ids fixed: the lane is the problem left
    write(tmp_path / "docs" / "guide" / "map.md", GUIDE.replace("id: bye", "id: buy") + "```\n")
    code, out, _ = run(capsys, str(tmp_path), "--today", TODAY, "--no-source")
    assert code == 1 and len(out.splitlines()) == 1, out
    assert out.startswith("docs/guide/map.md:17:") and "unknown lane 'feelings'" in out


def test_journey_blocks_are_reported_alike_by_check_and_build(tmp_path: Path) -> None:
    from support.site import build_site

    make_site(tmp_path)
    write(tmp_path / "docs" / "guide.md", GUIDE)
    checked = {(p.file, p.line, p.message) for p in run_check(tmp_path, today=dt.date(2026, 10, 1)).errors}
    files = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    site = build_site(tmp_path / "built", files)
    built = "\n".join(site.messages(40))
    assert checked and all(f"{line}" in built and message in built for _, line, message in checked), (checked, built)
