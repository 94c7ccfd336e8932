"""``mkdocs-cjm diff``: small git repositories with commits that change maps, personas and promises."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support.maps import BRAND, JOURNEY, PERSONA, REPO, make_site, write

from mkdocs_cjm.cli import main
from mkdocs_cjm.load.walk import load_project
from mkdocs_cjm.render.svg import render_svg

_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, env=_ENV, capture_output=True, text=True, check=True)
    return done.stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def repo(root: Path) -> Path:
    """A site committed as ``base`` (tagged)."""
    make_site(root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    git(root, "tag", "base")
    return root


def diff(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["diff", "--path", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


JOURNEY_IDS = JOURNEY.replace("  - name: Purchase\n", "  - id: purchase\n    name: Purchase\n")

CHANGED = (
    JOURNEY_IDS.replace("reviewed: 2026-09-14", "reviewed: 2026-11-02")
    .replace("evidence: [Checkout survey, Q3 2026]", "evidence: [Checkout survey, Q3 2026, Store interviews]")
    .replace("        emotion: 4\n", "        emotion: 2\n        pain_points: [Sold-out items in the ad]\n")
    .replace("            actual: 1.8\n", "            actual: 2.7\n")
    .replace("effortless: {rating: meets, note: Two taps.}", "effortless: {rating: misses, note: Ten taps.}")
    .replace("      - touchpoint: Landing page\n        channel: web\n        emotion: 3\n", "")
    .replace("    name: Purchase\n", "    name: Buying\n")
    .replace("        touchpoint: Checkout\n", "        touchpoint: One-page checkout\n")
    + "      - id: store-pickup\n        touchpoint: Pick-up desk\n        emotion: 5\n"
)


def changed_repo(root: Path) -> Path:
    repo(root)
    write(root / "maps" / "buy.yml", CHANGED)
    write(root / "maps" / "personas" / "leo.yml", PERSONA.replace("name: Sarah", "name: Leo"))
    write(root / "maps" / "brand.yml", BRAND.replace("name: Effortless", "name: No effort"))
    write(root / "maps" / "returns.yml", JOURNEY.replace("title: Buy online, collect in store", "title: Return it"))
    commit(root, "head")
    return root


def test_markdown_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = changed_repo(tmp_path)
    code, out, err = diff(capsys, root, "base", "main")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "<!-- mkdocs-cjm diff -->"
    assert lines[1] == "### Customer journey changes: `base` → `main`"
    for expected in (
        "- Added journey Return it (`returns`)",
        "- Added persona Leo (`leo`)",
        "- Renamed promise `effortless`: Effortless → No effort",
        "#### Buy online, collect in store (`buy`)",
        "- Stage renamed: Purchase → Buying",
        "- Step removed: Landing page (stage Awareness)",
        "- Step added: Pick-up desk (stage Buying)",
        "- Step renamed: Checkout → One-page checkout",
        "- Feeling at Instagram carousel ad: 4 → 2 ↓",
        "- Promise `effortless` at Instagram carousel ad: meets → **misses**",
        "- Click-through rate at Instagram carousel ad: actual 1.8% → 2.7% — **now meets its target**",
        "- Pain point added at Instagram carousel ad: Sold-out items in the ad",
        "- Reviewed: 2026-09-14 → 2026-11-02",
        "- Evidence added: Store interviews",
    ):
        assert expected in lines, expected
    # Structure before feelings, feelings before ratings; nothing from the journey that is new.
    assert lines.index("- Step added: Pick-up desk (stage Buying)") < lines.index(
        "- Feeling at Instagram carousel ad: 4 → 2 ↓"
    )
    assert "#### Return it (`returns`)" not in lines
    assert "Broken" not in out


def test_json_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = changed_repo(tmp_path)
    code, out, _ = diff(capsys, root, "base", "main", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["base"], data["head"], data["changed"]) == ("base", "main", True)
    assert data["broken"] == {"base": [], "head": []}
    found = {(c["what"], c["how"], c["journey"], c["id"]) for c in data["changes"]}
    assert {
        ("journey", "added", "", "returns"),
        ("persona", "added", "", "leo"),
        ("promise", "renamed", "", "effortless"),
        ("step", "removed", "buy", "landing-page"),
        ("step", "added", "buy", "store-pickup"),
        ("emotion", "changed", "buy", "insta-ad"),
    } <= found
    metric = next(c for c in data["changes"] if c["what"] == "metric")
    assert (metric["old"]["actual"], metric["new"]["actual"], metric["detail"]["crossed"]) == (1.8, 2.7, "met")
    rating = next(c for c in data["changes"] if c["what"] == "rating")
    assert (rating["old"], rating["new"], rating["detail"]["promise"]) == ("meets", "misses", "effortless")


def test_removed_and_renamed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path)
    (root / "maps" / "buy.yml").unlink()  # the same title at a new id: a rename
    write(root / "maps" / "collect.yml", JOURNEY.replace("[sarah]", "[sally]").replace("effortless", "easy"))
    (root / "maps" / "personas" / "sarah.yml").unlink()
    write(root / "maps" / "personas" / "sally.yml", PERSONA)  # same name, new id
    write(
        root / "maps" / "brand.yml",
        BRAND.replace("  - id: effortless\n    name: Effortless\n", "  - id: easy\n    name: Effortless\n").replace(
            "channels:\n", "  - id: fast\n    name: Fast\nchannels:\n"
        ),
    )
    commit(root, "head")
    code, out, _ = diff(capsys, root, "base", "HEAD")
    assert code == 0
    lines = out.splitlines()
    assert "- Renamed journey id `buy` → `collect` (Buy online, collect in store)" in lines
    assert "- Renamed persona id `sarah` → `sally` (Sarah)" in lines
    assert "- Renamed promise id `effortless` → `easy` (Effortless)" in lines
    assert "- Added promise Fast (`fast`)" in lines
    assert "Promise `easy`" not in out  # its ratings follow the new id: unchanged
    assert "Broken" not in out


def test_moved_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path)
    moved = JOURNEY.replace("      - touchpoint: Landing page\n        channel: web\n        emotion: 3\n", "").replace(
        "        touchpoint: Checkout\n", "        touchpoint: Checkout\n      - touchpoint: Landing page\n"
    )
    write(root / "maps" / "buy.yml", moved)
    code, out, _ = diff(capsys, root, "base")  # against the working tree
    assert code == 0
    assert "- Step Landing page moved: stage Awareness → Purchase" in out.splitlines()
    assert "→ working tree" in out.splitlines()[1]


def test_quiet_when_nothing_matters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path)
    write(root / "maps" / "buy.yml", "# a comment\n" + JOURNEY.replace("[Sees the ad]", "\n          - Sees the ad"))
    write(root / "docs" / "index.md", "# Home, changed\n")
    commit(root, "head")
    code, out, _ = diff(capsys, root, "base", "HEAD")
    assert code == 0
    assert out.splitlines()[2:] == ["", "No change to the customer journeys."]
    code, out, _ = diff(capsys, root, "base", "HEAD", "--format", "json")
    assert json.loads(out)["changed"] is False
    assert json.loads(out)["changes"] == []


def test_broken_map_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path)
    write(root / "maps" / "buy.yml", JOURNEY.replace("emotion: 4", "emotion: 7"))
    write(root / "maps" / "personas" / "sarah.yml", "name: [unclosed\n")
    commit(root, "head")
    code, out, err = diff(capsys, root, "base", "HEAD")
    assert (code, err) == (0, "")
    assert "**Broken at `HEAD`**" in out
    assert "maps/buy.yml:" in out and "emotion" in out
    assert "maps/personas/sarah.yml:1:" in out
    assert "Traceback" not in out
    # Still broken, nothing else changed: still reported.
    code, out, _ = diff(capsys, root, "HEAD")
    assert (code, "**Broken at working tree**" in out) == (0, True)
    assert out.endswith("\n\nNo other change to the customer journeys.\n")
    code, out, _ = diff(capsys, root, "HEAD", "base", "--format", "json")
    data = json.loads(out)
    assert data["changed"] is True
    assert {p["file"] for p in data["broken"]["base"]} == {"maps/buy.yml", "maps/personas/sarah.yml"}
    assert data["broken"]["head"] == []


def test_git_status_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = changed_repo(tmp_path)
    write(root / "maps" / "buy.yml", JOURNEY.replace("emotion: 2", "emotion: 1"))  # uncommitted
    write(root / "maps" / "draft.yml", JOURNEY)  # untracked
    before = (git(root, "status", "--porcelain", "--untracked-files=all"), git(root, "stash", "list"))
    index = (root / ".git" / "index").read_bytes()
    for args in (("base", "main"), ("base",), ("main", "base", "--format", "json")):
        assert diff(capsys, root, *args)[0] == 0
    assert (git(root, "status", "--porcelain", "--untracked-files=all"), git(root, "stash", "list")) == before
    assert (root / ".git" / "index").read_bytes() == index
    assert before[0].splitlines() == [" M maps/buy.yml", "?? maps/draft.yml"]


def test_maps_dir_from_mkdocs_yml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    make_site(site, mkdocs_yml="site_name: T\nplugins:\n  - cjm:\n      maps_dir: journeys\n")
    (site / "maps").rename(site / "journeys")
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "base")
    write(site / "journeys" / "buy.yml", JOURNEY.replace("emotion: 3", "emotion: 5"))
    code, out, _ = diff(capsys, site, "HEAD")
    assert code == 0
    assert "- Feeling at Landing page: 3 → 5 ↑" in out.splitlines()


@pytest.mark.parametrize("revision", ["no-such-branch", "HEAD~9", "HEAD^{tree}", "HEAD:maps"])
def test_unknown_revision_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], revision: str) -> None:
    root = repo(tmp_path)
    code, out, err = diff(capsys, root, revision)
    assert (code, out) == (2, "")
    assert "revision" in err and "Traceback" not in err


def test_bad_usage_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["diff", "--format", "html", "HEAD"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_outside_a_repository_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_site(tmp_path)
    code, out, err = diff(capsys, tmp_path, "HEAD")
    assert (code, out) == (2, "")
    assert "mkdocs-cjm diff: error:" in err


# -- the summary shown in docs/reviewing.md ------------------------------------------------
#: The change docs/reviewing.md shows: a garment-specific size guide ships; live chat gets worse.
DOCS_EDITS = [
    ("maps/first-purchase.yml", "reviewed: 2026-10-14", "reviewed: 2026-11-20"),
    (
        "maps/first-purchase.yml",
        "  - Session recordings of 60 first-time buyers, September 2026\n",
        "  - Session recordings of 60 first-time buyers, September 2026\n"
        "  - Usability test of the garment-specific size guide, November 2026 (n=8)\n",
    ),
    (
        "maps/first-purchase.yml",
        "          - One generic chart for every garment, so it says nothing about how this particular blazer is cut\n",
        "",
    ),
    (
        "maps/first-purchase.yml",
        '        emotion: 2\n        quote: "I still',
        '        emotion: 4\n        quote: "I still',
    ),
    (
        "maps/first-purchase.yml",
        "            rating: misses\n            note: The chart leaves",
        "            rating: meets\n            note: The chart leaves",
    ),
    (
        "maps/first-purchase.yml",
        "        pain_points: [Waits six minutes for an agent during the lunchtime peak]\n",
        "        pain_points:\n          - Waits six minutes for an agent during the lunchtime peak\n"
        "          - Chat now closes at 6 pm\n",
    ),
    (
        "maps/first-purchase.yml",
        "            rating: partial\n            note: The agent gave",
        "            rating: misses\n            note: The agent gave",
    ),
    ("maps/data/analytics-2026.csv", "size-guide,size-guide-exits,28,", "size-guide,size-guide-exits,18,"),
]


def docs_summary(root: Path) -> None:
    """Print the summary of :data:`DOCS_EDITS` made to the example site's maps, committed in a repository at
    ``root`` (branch ``size-guide`` against ``main``)."""
    for name in ("mkdocs.yml",):
        write(root / name, (REPO / name).read_text(encoding="utf-8"))
    shutil.copytree(REPO / "maps", root / "maps")
    git(root, "init", "-q", "-b", "main")
    commit(root, "main")
    git(root, "checkout", "-q", "-b", "size-guide")
    for name, old, new in DOCS_EDITS:
        text = (root / name).read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        write(root / name, text.replace(old, new))
    commit(root, "Garment-specific size guide")
    code = main(["diff", "--path", str(root), "main", "size-guide"])
    assert code == 0


def test_docs_show_a_real_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs_summary(tmp_path)
    out = capsys.readouterr().out
    assert "#### First purchase online (`first-purchase`)" in out
    page = (REPO / "docs" / "reviewing.md").read_text(encoding="utf-8")
    block = out.replace("<!-- mkdocs-cjm diff -->\n", "")
    assert block in page, "docs/reviewing.md: paste the summary of tests/site/test_diff.py DOCS_EDITS:\n" + block


def test_svg_marks_changed_steps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = changed_repo(tmp_path / "repo")
    out_dir = tmp_path / "svg"
    code, _, _ = diff(capsys, root, "base", "main", "--svg", str(out_dir))
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["buy.before.svg", "buy.svg", "returns.svg"]
    head = (out_dir / "buy.svg").read_text(encoding="utf-8")
    assert head.startswith("<?xml")
    marks = re.findall(r'data-diff="(\w+)" data-step="([\w-]+)"', head)
    assert sorted(marks) == [("added", "store-pickup"), ("changed", "checkout"), ("changed", "insta-ad")]
    before = re.findall(r'data-diff="(\w+)" data-step="([\w-]+)"', (out_dir / "buy.before.svg").read_text("utf-8"))
    assert before == [("removed", "landing-page")]
    added = re.findall(r'data-diff="(\w+)"', (out_dir / "returns.svg").read_text(encoding="utf-8"))
    assert added == ["added"] * 3
    # The same drawing as the site's export, with the marks added.
    project = load_project(root / "maps")
    plain = render_svg(project, project.journeys["buy"], standalone=True)
    assert re.sub(r'<g class="cjm-diff-marks".*?</g>', "", head.split("\n", 1)[1].strip()) == plain
