"""``mkdocs-cjm import``: the files it writes pass ``check``, build, and are never overwritten without --force."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml
from support.imports import STUDIO
from support.maps import write
from support.site import build_site

from mkdocs_cjm.check import run_check
from mkdocs_cjm.cli import main

MERMAID = """\
---
title: Commute
---
journey
  accDescr: Getting to the office
  section Leave home
    Lock the door: 4: Maya
    Walk to the tram : 3 : Maya, Leo
  section Travel
    Tram is late: 1: Maya, Leo
    Read the news: ?: Leo
  section Leave home
    Forgot keys: 2:
"""

PAGE = """\
# Our journeys

```mermaid
sequenceDiagram
  A->>B: hello
```

```mermaid
journey
  title Lunch
  section Queue
    Wait: 2: Maya
```
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_checks_and_builds(root: Path) -> None:
    result = run_check(root / "maps")
    assert result.errors == [], [str(p) for p in result.errors]
    site = build_site(root, {}, strict=True)
    assert not site.messages(logging.ERROR)


def test_mermaid_sources_import_check_build_and_are_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "src" / "commute.mmd", MERMAID)
    page = write(tmp_path / "src" / "page.md", PAGE)
    sources_before = snapshot(tmp_path / "src")
    maps = tmp_path / "site" / "maps"
    code, out, err = run(capsys, str(source), str(page), "-o", str(maps))
    assert code == 0, err
    assert f"{source}:11: task 'Read the news'" in out
    for name in ("commute.yml", "lunch.yml", "personas/maya.yml", "personas/leo.yml"):
        assert f"wrote {maps / name}" in out
    journey_text = (maps / "commute.yml").read_text(encoding="utf-8")
    assert journey_text.startswith("# yaml-language-server: $schema=")
    assert (maps / "personas" / "maya.yml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    journey = yaml.safe_load(journey_text)
    assert journey["personas"] == ["maya", "leo"]
    assert [stage["id"] for stage in journey["stages"]] == ["leave-home", "travel", "leave-home-2"]
    assert yaml.safe_load((maps / "lunch.yml").read_text(encoding="utf-8"))["personas"] == ["maya"]
    assert_checks_and_builds(tmp_path / "site")

    written = snapshot(maps)
    (maps / "commute.yml").write_text(journey_text + "# edited by hand\n", encoding="utf-8")
    written["commute.yml"] = (maps / "commute.yml").read_bytes()
    code, out, err = run(capsys, str(source), str(page), "-o", str(maps))
    assert code == 1
    for name in ("commute.yml", "lunch.yml", "personas/maya.yml", "personas/leo.yml"):
        assert f"{maps / name}: exists already" in err
    assert "wrote" not in out
    assert snapshot(maps) == written
    assert snapshot(tmp_path / "src") == sources_before

    code, out, err = run(capsys, str(source), "-o", str(maps), "--force")
    assert code == 0, err
    assert (maps / "commute.yml").read_text(encoding="utf-8") == journey_text


def test_output_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "commute.mmd", MERMAID)
    assert run(capsys, str(source), "-o", str(tmp_path / "a"))[0] == 0
    assert run(capsys, str(source), "-o", str(tmp_path / "b"))[0] == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_unreadable_and_unknown_sources_are_errors_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, str(tmp_path / "missing.mmd"), "-o", str(tmp_path / "out"))
    assert code == 2 and "missing.mmd: cannot read" in err
    xlsx = write(tmp_path / "map.xlsx", b"PK\x03\x04")
    code, _, err = run(capsys, str(xlsx), "-o", str(tmp_path / "out"))
    assert code == 2 and "save the sheet as CSV" in err
    latin = write(tmp_path / "bad.mmd", "journey\nsection Caf\xe9\n".encode("latin-1"))
    code, _, err = run(capsys, str(latin), "-o", str(tmp_path / "out"))
    assert code == 2 and "not UTF-8" in err
    other = write(tmp_path / "flow.mmd", "flowchart LR\n  A --> B\n")
    code, out, err = run(capsys, str(other), "-o", str(tmp_path / "out"))
    assert code == 1 and "no Mermaid journey diagram found" in out
    assert not (tmp_path / "out").exists()


SHEET = """\
Journey,Renew a subscription
Stage,Remind,Pay
Step,Reminder email,Payment page
Feelings,4,2
Back office,Billing run,Card check
"""


def test_a_sheet_with_a_custom_lane_writes_brand_yml_then_checks_and_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "renew.csv", SHEET)
    maps = tmp_path / "site" / "maps"
    code, out, err = run(capsys, str(source), "-o", str(maps))
    assert code == 0, err
    assert f"{source}:5: 'Back office' is no built-in lane" in out
    brand = yaml.safe_load((maps / "brand.yml").read_text(encoding="utf-8"))
    assert brand == {"lanes": [{"id": "back-office", "name": "Back office"}]}
    assert_checks_and_builds(tmp_path / "site")


def test_an_existing_brand_yml_is_kept_and_the_lanes_to_add_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "renew.csv", SHEET)
    maps = tmp_path / "maps"
    brand = write(maps / "brand.yml", "name: Acme\n")
    code, out, err = run(capsys, str(source), "-o", str(maps))
    assert code == 0, err
    assert brand.read_text(encoding="utf-8") == "name: Acme\n"
    assert "add these custom lanes" in out
    assert "lanes:\n- id: back-office\n  name: Back office\n" in out


def test_an_enablement_map_studio_file_imports_checks_and_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "studio.yaml", STUDIO)
    maps = tmp_path / "site" / "maps"
    code, out, err = run(capsys, str(source), "-o", str(maps))
    assert code == 0, err
    line = STUDIO.splitlines().index("  - id: cjm:action:比べる") + 1
    assert f"{source}:{line}: action '他社と比べる': emotion_score 5 is not -2..2" in out
    journey = yaml.safe_load((maps / "cjm.yml").read_text(encoding="utf-8"))
    assert [stage["id"] for stage in journey["stages"]] == ["stage-1", "uat", "contract"]
    assert journey["personas"] == ["persona"]
    assert "田中さん" in (maps / "personas" / "persona.yml").read_text(encoding="utf-8")
    assert yaml.safe_load((maps / "brand.yml").read_text(encoding="utf-8"))["lanes"][0] == {
        "id": "sales",
        "name": "営業チーム",
    }
    assert_checks_and_builds(tmp_path / "site")


def test_a_journey_titled_brand_does_not_become_the_brand_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "b.mmd", "journey\ntitle Brand\nsection S\nt: 3: P\n")
    code, out, _ = run(capsys, str(source), "-o", str(tmp_path / "maps"))
    assert code == 0
    assert f"wrote {tmp_path / 'maps' / 'brand-2.yml'}" in out
    assert not (tmp_path / "maps" / "brand.yml").exists()


def test_an_output_folder_that_is_a_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "c.mmd", MERMAID)
    blocker = write(tmp_path / "maps", "not a folder")
    code, _, err = run(capsys, str(source), "-o", str(blocker))
    assert code == 1 and "cannot write" in err
