"""Progress of long exports: a count as conversions finish, at most every few seconds, and at the end."""

from __future__ import annotations

import pytest

from mkdocs_cjm.export import pool


def test_progress_is_said_at_the_end_and_at_most_every_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(pool.time, "monotonic", lambda: clock[0])
    said: list[str] = []
    report = pool.progress_every(said.append, seconds=5.0)
    for done, now in ((1, 101.0), (2, 106.0), (3, 107.0), (4, 108.0)):
        clock[0] = now
        report(done, 4)
    assert said == ["2 of 4 PNG/PDF conversions done", "4 of 4 PNG/PDF conversions done"]


def test_a_pool_reports_each_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    """``run_exports`` hands its progress to the pool, which calls it once per finished job."""
    calls: list[tuple[int, int]] = []

    def fake_pool(todo, n, stats, progress=None):
        for k, _ in enumerate(todo, 1):
            progress(k, len(todo))

    monkeypatch.setattr(pool, "_convert_in_pool", fake_pool)
    monkeypatch.setattr(pool, "read_cached", lambda job: None)

    class Job:
        skip = ""
        fmt = "png"
        svg = "<svg/>"

        def __init__(self, name: str) -> None:
            from pathlib import Path

            self.cache_path = Path("/nonexistent") / name

    pool.run_exports([Job("a"), Job("b"), Job("c")], workers=1, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
