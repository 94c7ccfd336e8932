"""Progress of long exports: a count as conversions finish, at most every few seconds, and at the end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_cjm.export import pool
from mkdocs_cjm.export.jobs import ExportJob


def test_progress_is_said_at_the_end_and_at_most_every_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(pool.time, "monotonic", lambda: clock[0])
    said: list[str] = []
    report = pool.progress_every(said.append, seconds=5.0)
    for done, now in ((1, 101.0), (2, 106.0), (3, 107.0), (4, 108.0)):
        clock[0] = now
        report(done, 4)
    assert said == ["2 of 4 PNG/PDF conversions done", "4 of 4 PNG/PDF conversions done"]


def test_a_pool_reports_each_conversion(tmp_path: Path) -> None:
    """``run_exports`` hands its progress to the run, which calls it once per finished conversion."""
    calls: list[tuple[int, int]] = []
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    jobs = [ExportJob(f"j{k}", "png", f"j{k}.png", f"k{k}", tmp_path / f"j{k}.png", svg) for k in range(3)]
    stats = pool.run_exports(jobs, workers=1, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert stats.made == 3 and not stats.failures
    assert all(job.cache_path.stat().st_size > 0 for job in jobs)


def test_a_started_run_converts_while_the_caller_goes_on(tmp_path: Path) -> None:
    """``start_exports`` returns at once with the conversions handed to the workers; ``finish`` collects them."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    jobs = [ExportJob("a", "png", "a.png", "ka", tmp_path / "a.png", svg)]
    jobs.append(ExportJob("a", "svg", "a.svg", "ks", tmp_path / "a.svg", svg))
    run = pool.start_exports(jobs, workers=1)
    assert (tmp_path / "a.svg").exists()  # an SVG is written at once, in this process
    assert run.total == 1 and run.stats.made == 1
    stats = run.finish()
    assert stats.made == 2 and (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")


def test_a_cancelled_run_stops_its_workers(tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    jobs = [ExportJob(f"j{k}", "png", f"j{k}.png", f"k{k}", tmp_path / f"j{k}.png", svg) for k in range(4)]
    run = pool.start_exports(jobs, workers=1)
    run.cancel()
    assert run.finish().made == 0  # nothing is recorded once cancelled


def test_a_long_build_says_how_many_pages_are_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs says nothing while it builds the pages; the plugin says a count every 10 s, with the
    conversions done so far when the downloads are being made. A short build says nothing."""
    from support.site import build_site

    from mkdocs_cjm import progress

    clock = [0.0]

    def tick() -> float:  # every call is 4 s later: a line every third page
        clock[0] += 4.0
        return clock[0]

    monkeypatch.setattr(progress.time, "monotonic", tick)
    site = build_site(tmp_path / "slow", plugin={"exports": True, "export_formats": ["svg", "png"]})
    lines = [m for m in site.messages(0) if "Building pages: " in m]
    assert len(lines) >= 3, site.messages(0)
    total = int(re.search(r"Building pages: \d+ of (\d+)", lines[0]).group(1))
    assert total == len(list(site.site_dir.rglob("*.html"))) - 1  # every page but 404.html
    assert all("PNG/PDF conversions done" in line for line in lines), lines
    monkeypatch.undo()
    quick = build_site(tmp_path / "quick")
    assert not [m for m in quick.messages(0) if "Building pages: " in m]
