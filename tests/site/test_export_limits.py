"""Exports that nothing in a map can crash or hang (issue 8).

A diagram too wide or tall for Cairo is drawn at a smaller scale, or, when
absurdly big, skipped with a warning and not linked; a conversion that fails
is reported with its message and the rest are made; a cached file is used
only when its bytes are the ones recorded when it was made; the conversion
processes end with the process that started them (SIGKILL) and at once on
Ctrl-C.
"""

from __future__ import annotations

import logging
import math
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Callable

import pytest
from PIL import Image
from support.maps import REPO, example_maps, make_site, synthetic_journey
from support.site import build_site

from mkdocs_cjm import export as X
from mkdocs_cjm.loader import load_project
from mkdocs_cjm.render import geometry as G


def steps_for(width: float, per_stage: int = 10) -> int:
    """How many steps make a diagram about ``width`` px wide (cards, gutters and stage bands from geometry.py)."""
    per_step = G.CARD_W + G.GUTTER + (2 * G.BAND_PAD + G.BAND_GAP - G.GUTTER) / per_stage
    return math.ceil(width / per_step)


#: About 22,000 px: a PNG at 2x would be 44,000 px (Cairo refuses 32,768), a PDF page 16,500 pt.
WIDE = steps_for(22_000)
#: About 275,000 px: too wide for a PNG even at 1/8 (34,000 px) and for a PDF page (25,800 pt at 1/8).
ENDLESS = steps_for(275_000, per_stage=50)


def long_journey(steps: int, *, title: str = "A long journey", per_stage: int = 10) -> str:
    """A valid journey of ``steps`` plain steps (a touchpoint each)."""
    out = [f"title: {title}", "stages:"]
    for first in range(0, steps, per_stage):
        out += [f"  - name: Stage {first // per_stage + 1}", "    steps:"]
        out += [f"      - touchpoint: Step {n + 1}" for n in range(first, min(steps, first + per_stage))]
    return "\n".join(out) + "\n"


def _maps(tmp_path: Path, journeys: dict[str, str]) -> Path:
    make_site(tmp_path, journeys=journeys)
    return tmp_path / "maps"


def _pdf_page(path: Path) -> tuple[float, float]:
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", path.read_bytes())
    assert box, "no MediaBox"
    return float(box.group(1)), float(box.group(2))


# -- sizes ----------------------------------------------------------------------------
def test_fitting_scale_keeps_both_sides_within_the_limits() -> None:
    assert X.fitting_scale(2_000, 1_000, "png") == 2.0  # fits at 2x: unchanged
    # a wide journey is drawn within the pixel budget, not at 2x
    assert X.fitting_scale(10_000, 1_000, "png") == pytest.approx((X.limits.PNG_PIXEL_BUDGET / 10**7) ** 0.5, abs=0.001)
    assert X.fitting_scale(10_000, 1_000, "pdf") == 1.0
    for width, height in [(17_262, 1_260), (64_262, 1_244), (1_000, 40_000), (14_000, 14_000)]:
        png = X.fitting_scale(width, height, "png")
        assert int(width * png) <= X.MAX_PNG_SIDE and int(height * png) <= X.MAX_PNG_SIDE
        assert int(width * png) * int(height * png) <= X.MAX_PNG_PIXELS
        pdf = X.fitting_scale(width, height, "pdf")
        assert max(width, height) * X.PT_PER_PX * pdf <= X.MAX_PDF_SIDE
    # the largest scale that fits, not much less; the budget stops at 1x (crisp text), the limits do not
    assert X.fitting_scale(64_262, 1_244, "png") == pytest.approx(X.MAX_PNG_SIDE / 64_262, abs=0.001)
    assert X.fitting_scale(9_262, 1_304, "png") == 1.0  # an 8 x 6 journey: 12.1 MP, over the budget
    assert X.fitting_scale(20_000, 4_000, "png") == 1.0
    assert X.fitting_scale(20_000, 6_000, "png") == pytest.approx((X.MAX_PNG_PIXELS / 1.2e8) ** 0.5, abs=0.001)
    assert X.MAX_PNG_SIDE < 32_767  # Cairo's image surfaces stop there


def test_export_scale_skips_absurd_sizes() -> None:
    def svg(width: float, height: float) -> str:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"></svg>'

    assert X.export_scale(svg(300_000, 1_000), "png") is None
    assert X.export_scale(svg(200_000, 1_000), "pdf") is None
    assert X.export_scale(svg(200_000, 1_000), "png") == pytest.approx(0.16, abs=0.001)
    assert X.export_scale(svg(300_000, 1_000), "svg") == 1.0
    assert "300,000 x 1,000 px" in X.too_big(300_000, 1_000, "png")


def test_wide_journey_exports_within_the_limits(tmp_path: Path) -> None:
    """About 22,000 px wide (``WIDE``): both the PNG and the PDF are scaled down to fit."""
    maps = _maps(tmp_path, {"long.yml": long_journey(WIDE)})
    project = load_project(maps)
    journeys = project.journeys.values()
    stats = X.export_all(project, journeys, out_dir=tmp_path / "out", formats=["png", "pdf"], workers=2)
    assert not stats.failures and not stats.skipped, stats.problems()
    width, height = X.svg_size(X.standalone_svg(project, project.journeys["long"]))
    assert width * X.PNG_SCALE > 32_767 and width * X.PT_PER_PX > X.MAX_PDF_SIDE
    png = Image.open(tmp_path / "out/long.png")
    assert png.width <= X.MAX_PNG_SIDE and png.width >= X.MAX_PNG_SIDE - 40
    assert abs(png.height / png.width - height / width) < 0.01  # the same drawing, smaller
    page = _pdf_page(tmp_path / "out/long.pdf")
    assert max(page) <= X.MAX_PDF_SIDE + 1 and page[0] >= X.MAX_PDF_SIDE - 20


def test_too_big_is_skipped_with_a_warning_and_not_linked(tmp_path: Path) -> None:
    files = example_maps()
    files["maps/endless.yml"] = long_journey(ENDLESS, title="Endless", per_stage=50)
    site = build_site(tmp_path, files, plugin={"exports": True})
    warnings = [m for m in site.messages(logging.WARNING) if "endless" in m]
    assert any("'endless'" in m and "not exported as PNG" in m for m in warnings), warnings
    assert any("not exported as PDF" in m for m in warnings), warnings
    html = site.html("journeys/endless/index.html")
    assert [href for href, _ in _download_links(html)] == ["../endless.svg"]
    assert site.exists("journeys/endless.svg")
    assert not site.exists("journeys/endless.png") and not site.exists("journeys/endless.pdf")
    # the other journeys keep all three
    assert site.exists("journeys/click-and-collect.png") and site.exists("journeys/click-and-collect.pdf")
    assert "skipped" in next(m for m in site.messages(0) if "Diagram downloads" in m)


def _download_links(html: str) -> list[tuple[str, str]]:
    block = re.search(r'<p class="cjm-downloads">(.*?)</p>', html, re.S)
    assert block, "no downloads"
    return re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', block.group(1))


def test_scaled_png_is_linked_with_its_scale(tmp_path: Path) -> None:
    files = example_maps()
    files["maps/long.yml"] = long_journey(WIDE)
    site = build_site(tmp_path, files, plugin={"exports": True, "export_formats": ["png"]}, strict=True)
    project = load_project(tmp_path / "maps")
    scale = X.export_scale(X.standalone_svg(project, project.journeys["long"]), "png")
    assert scale is not None and 1 < scale < 2
    assert _download_links(site.html("journeys/long/index.html")) == [("../long.png", f"PNG ({scale:.2f}×)")]
    usual = _download_links(site.html("journeys/click-and-collect/index.html"))
    assert usual == [("../click-and-collect.png", "PNG (2×)")]
    assert Image.open(site.site_dir / "journeys/long.png").width <= X.MAX_PNG_SIDE


def _tall_journey(chars: int = 30_000) -> str:
    return f"title: Tall\nstages:\n  - name: A\n    steps:\n      - touchpoint: T\n        actions: [{'x' * chars}]\n"


def test_very_long_word_exports_within_the_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(X.limits, "PNG_PIXEL_BUDGET", X.MAX_PNG_PIXELS)  # the side is the limit here
    project = load_project(_maps(tmp_path, {"tall.yml": _tall_journey()}))
    journeys = project.journeys.values()
    stats = X.export_all(project, journeys, out_dir=tmp_path / "out", formats=["png", "pdf"], workers=1)
    assert not stats.problems(), stats.problems()
    width, height = X.svg_size(X.standalone_svg(project, project.journeys["tall"]))
    assert height * X.PNG_SCALE > X.MAX_PNG_SIDE  # would not fit at 2x
    png = Image.open(tmp_path / "out/tall.png")
    assert png.height <= X.MAX_PNG_SIDE and png.height >= X.MAX_PNG_SIDE - 40
    assert max(_pdf_page(tmp_path / "out/tall.pdf")) <= X.MAX_PDF_SIDE + 1


# -- check warns before -------------------------------------------------------------------
def test_check_warns_about_diagrams_too_big_for_the_exports(tmp_path: Path) -> None:
    from mkdocs_cjm.check import run_check
    from mkdocs_cjm.render.svg import standalone_size

    wide = "summary: Wide.\n" + long_journey(WIDE)
    make_site(
        tmp_path,
        journeys={
            "wide.yml": wide,
            "tall.yml": _tall_journey(),
            "short.yml": long_journey(20),
            "endless.yml": long_journey(ENDLESS, per_stage=50),
        },
    )
    found = {p.file: p for p in run_check(tmp_path).problems if p.code == "wide-diagram"}
    assert sorted(found) == ["maps/endless.yml", "maps/tall.yml", "maps/wide.yml"], found
    problem = found["maps/wide.yml"]
    assert (problem.line, problem.severity) == (3, "warning")  # the line of 'stages:'
    assert "journey 'wide'" in problem.message and "PNG is drawn at 1.4" in problem.message
    assert "PDF is drawn at 0.8" in problem.message
    assert "no PNG is made" in found["maps/endless.yml"].message
    assert "no PDF is made" in found["maps/endless.yml"].message
    assert "PNG is drawn at" in found["maps/tall.yml"].message
    # the size check agrees with the drawing
    project = load_project(tmp_path / "maps")
    for journey in project.journeys.values():
        size = standalone_size(project, journey)
        assert size == pytest.approx(X.svg_size(X.standalone_svg(project, journey)), abs=0.01)


# -- failures are reported ----------------------------------------------------------------
@pytest.fixture
def no_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lift the PNG limits, so a wide journey asks Cairo for a surface it refuses (the old failure).

    They are set where they are read (:mod:`mkdocs_cjm.export.limits`), not on the package that re-exports them."""
    monkeypatch.setattr(X.limits, "MAX_PNG_SIDE", 10**7)
    monkeypatch.setattr(X.limits, "MAX_PNG_PIXELS", 10**14)


def test_failed_conversion_is_reported_and_the_rest_made(tmp_path: Path, no_limits: None) -> None:
    maps = _maps(tmp_path, {"long.yml": long_journey(WIDE)})
    project = load_project(maps)
    journeys = project.journeys.values()
    stats = X.export_all(project, journeys, out_dir=tmp_path / "out", formats=["png", "pdf"], workers=2)
    assert [(f.journey_id, f.fmt) for f in stats.failures] == [("long", "png")]
    assert "invalid" in stats.failures[0].message.lower() or "memory" in stats.failures[0].message
    assert stats.failures[0].format().startswith("could not export journey 'long' (long.yml) as PNG: ")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["long.pdf"]
    assert "1 failed" in stats.summary()


def test_command_prints_the_failure_and_exits_1(
    tmp_path: Path, no_limits: None, capsys: pytest.CaptureFixture[str]
) -> None:
    maps = _maps(tmp_path, {"long.yml": long_journey(WIDE)})
    code = X.main_export([str(maps / "long.yml"), "-f", "png,svg", "-o", str(tmp_path / "out"), "-j", "2"])
    err = capsys.readouterr().err
    assert code == 1
    assert "error: could not export journey 'long' (long.yml) as PNG:" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["long.svg"]


def test_build_reports_the_failure_as_an_error(tmp_path: Path, no_limits: None) -> None:
    files = example_maps()
    files["maps/long.yml"] = long_journey(WIDE)
    plugin = {"exports": True, "export_formats": ["png"]}
    site = build_site(tmp_path / "plain", files, plugin=plugin)  # completes
    errors = site.messages(logging.ERROR)
    assert len(errors) == 1 and "could not export journey 'long' (long.yml) as PNG" in errors[0], errors
    assert site.exists("journeys/click-and-collect.png") and not site.exists("journeys/long.png")
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        build_site(tmp_path / "strict", files, plugin=plugin, strict=True)


# -- the cache is verified ------------------------------------------------------------------
def _poison_truncate(job: X.ExportJob) -> None:
    data = job.cache_path.read_bytes()
    job.cache_path.write_bytes(data[: len(data) // 2])


def _poison_script(job: X.ExportJob) -> None:
    text = job.cache_path.read_text(encoding="utf-8")
    job.cache_path.write_text(text.replace("</svg>", "<script>alert(1)</script></svg>"), encoding="utf-8")


def _poison_symlink(job: X.ExportJob) -> None:
    job.cache_path.unlink()
    job.cache_path.symlink_to("/etc/passwd")


def _poison_directory(job: X.ExportJob) -> None:
    job.cache_path.unlink()
    job.cache_path.mkdir()
    (job.cache_path / "inside").write_text("x")


def _poison_with_digest(job: X.ExportJob) -> None:
    """Other bytes with their own matching digest: still not a PNG of this drawing."""
    import hashlib

    fake = b"root:x:0:0:root:/root:/bin/bash\n"
    job.cache_path.write_bytes(fake)
    job.digest_path.write_text(hashlib.sha256(fake).hexdigest() + "\n")


POISONS: dict[str, tuple[str, Callable[[X.ExportJob], None]]] = {
    "truncated-png": ("png", _poison_truncate),
    "svg-with-script": ("svg", _poison_script),
    "symlink-to-passwd": ("png", _poison_symlink),
    "directory": ("pdf", _poison_directory),
    "fake-with-digest": ("png", _poison_with_digest),
}


@pytest.mark.parametrize("case", sorted(POISONS))
def test_poisoned_cache_entry_is_made_again(tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # PDFs comparable byte for byte
    fmt, poison = POISONS[case]
    project = load_project(_maps(tmp_path, {"buy.yml": synthetic_journey(1, stages=1, steps=2)}))
    journeys = list(project.journeys.values())
    cache = tmp_path / "cache"
    first = X.export_all(project, journeys, out_dir=tmp_path / "first", cache_dir=cache, workers=1)
    assert first.made == 3
    job = next(j for j in X.plan_exports(project, journeys, cache_dir=cache) if j.fmt == fmt)
    poison(job)
    again = X.export_all(project, journeys, out_dir=tmp_path / "again", cache_dir=cache, workers=1)
    assert (again.made, again.cached, again.failures) == (1, 2, [])
    placed = tmp_path / "again" / job.name
    assert not placed.is_symlink() and placed.is_file()
    assert placed.read_bytes() == (tmp_path / "first" / job.name).read_bytes()
    assert b"<script" not in placed.read_bytes() and b"root:" not in placed.read_bytes()
    assert not job.cache_path.is_symlink() and job.cache_path.is_file()
    # and now it is sound: taken from the cache
    assert X.export_all(project, journeys, out_dir=tmp_path / "third", cache_dir=cache, workers=1).made == 0


def test_placing_replaces_a_symlink_in_the_output_instead_of_following_it(tmp_path: Path) -> None:
    project = load_project(_maps(tmp_path, {"buy.yml": long_journey(3)}))
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / "buy.svg").symlink_to(victim)
    (out / "sub").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    stats = X.export_all(project, project.journeys.values(), out_dir=out, formats=["svg"], workers=1)
    assert victim.read_text() == "keep me"
    assert not (out / "buy.svg").is_symlink() and (out / "buy.svg").read_text().startswith("<?xml")
    assert not stats.failures
    # a folder in the way that is a link is refused, not written through
    jobs = X.plan_exports(
        project, project.journeys.values(), cache_dir=tmp_path / "c", formats=["svg"], name=lambda j: f"sub/{j.id}"
    )
    stats = X.run_exports(jobs, workers=1)
    X.place_exports(jobs, out, stats=stats)
    assert [f.fmt for f in stats.failures] == ["svg"] and "symbolic link" in stats.failures[0].message
    assert not (tmp_path / "elsewhere").exists()


# -- the workers end with their build ------------------------------------------------------------
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from support.maps import make_site, synthetic_journey
    from mkdocs_cjm import export as X
    from mkdocs_cjm.loader import load_project

    if __name__ == "__main__":  # the workers import this script again (forkserver): they must not export too
        root = Path({root!r})
        make_site(root, journeys={{f"j{{i}}.yml": synthetic_journey(i) for i in range(4)}})
        project = load_project(root / "maps")
        try:
            stats = X.export_all(project, project.journeys.values(), out_dir=None, cache_dir=root / "cache",
                                 formats=["png", "pdf"], workers=2)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(130)
        print("done", stats.made, flush=True)
    """
)


def _processes() -> dict[int, tuple[int, str, str]]:
    """``{pid: (ppid, state, start time)}`` of every process (from /proc)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry)] = (int(fields[1]), fields[0], fields[19])
    return found


def _descendants(pid: int) -> dict[int, str]:
    """Living descendants of ``pid``: ``{pid: start time}``."""
    procs = _processes()
    out: dict[int, str] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, state, start) in procs.items():
            if ppid == parent and child not in out and state != "Z":
                out[child] = start
                frontier.append(child)
    return out


def _alive(pids: dict[int, str]) -> list[int]:
    procs = _processes()
    return [pid for pid, start in pids.items() if pid in procs and procs[pid][2] == start and procs[pid][1] != "Z"]


def _start_child(tmp_path: Path) -> tuple[subprocess.Popen[str], dict[int, str]]:
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(tests=str(REPO / "tests"), root=str(tmp_path / "site")))
    child = subprocess.Popen([sys.executable, str(script)], cwd=str(REPO), stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    workers: dict[int, str] = {}
    while time.monotonic() < deadline and child.poll() is None:
        workers = _descendants(child.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    assert len(workers) >= 2, "the export workers never started"
    time.sleep(0.5)  # let them get into a conversion
    return child, workers


def _wait_gone(workers: dict[int, str], seconds: float = 30) -> list[int]:
    deadline = time.monotonic() + seconds
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _alive(workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_of_the_build_leaves_no_workers(tmp_path: Path) -> None:
    child, workers = _start_child(tmp_path)
    try:
        child.kill()
        child.wait(30)
        assert _wait_gone(workers) == []
    finally:
        for pid in _alive(workers):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_cancels_the_exports_and_ends_the_workers(tmp_path: Path) -> None:
    child, workers = _start_child(tmp_path)
    try:
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 130 and "interrupted" in out
        # the workers are gone when the build has stopped, and the queued conversions never ran
        assert _wait_gone(workers, 5) == []
        made = [p for p in (tmp_path / "site" / "cache").glob("*") if p.suffix in (".png", ".pdf")]
        assert len(made) < 8, made
    finally:
        for pid in _alive(workers):
            os.kill(pid, signal.SIGKILL)
