"""Site-wide insight pages of a big site: each list cut at ``pages.INSIGHT_ROWS`` rows, the rest counted.

At 200 journeys of 48 steps (the benchmark's maps) the full KPI and opportunity lists were 12 MB of
Markdown, 37 s of Python-Markdown on every save in ``mkdocs serve`` (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from support.maps import REPO

from mkdocs_cjm import pages as P
from mkdocs_cjm.insight import kpis, opportunities
from mkdocs_cjm.load.walk import load_project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import generate  # benchmarks/generate.py: journeys of 8 stages x 6 steps, every lane filled
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    root = tmp_path_factory.mktemp("big")
    generate.generate(root / "maps", 6)
    return load_project(root / "maps", docs_dir=root / "docs")


def _table_rows(markdown: str, heading: str) -> int:
    section = markdown.split(heading, 1)[1].split("\n## ", 1)[0]
    return len(re.findall(r"^\| .*\|$", section, re.M)) - 2  # less the heading and separator rows


def test_long_lists_are_cut_and_counted(project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(P, "INSIGHT_ROWS", 25)
    renderer = P.PageRenderer(project, today=dt.date(2026, 11, 23))
    report = kpis.kpi_report(list(project.journeys.values()), today=renderer.today, stale_after=90)
    assert len(report.rows) > 25  # the maps have more than the cut
    page = kpis.pages(renderer)[0].markdown
    assert _table_rows(page, "## Measured") == 25
    assert f"*The first 25 of {len(report.rows)} measured KPIs (off target first) are shown here;" in page
    found = opportunities.portfolio(list(project.journeys.values()))
    assert len(found.rows) > 25
    page = opportunities.pages(renderer)[0].markdown
    assert f"The first 25 of {len(found.rows)} opportunities are shown here" in page
    # the rows kept are the first in the page's order (highest impact, lowest effort): numbers 1 to 25
    table = page.split("## All opportunities", 1)[1].split("\n## ", 1)[0] if "## All opportunities" in page else page
    numbers = [int(n) for n in re.findall(r"^\| (\d+) \|", table, re.M)]
    assert numbers == list(range(1, 26))


def test_short_lists_are_whole(project) -> None:
    renderer = P.PageRenderer(project, today=dt.date(2026, 11, 23))
    assert P.INSIGHT_ROWS >= 300
    page = kpis.pages(renderer)[0].markdown
    report = kpis.kpi_report(list(project.journeys.values()), today=renderer.today, stale_after=90)
    assert len(report.rows) <= P.INSIGHT_ROWS
    assert _table_rows(page, "## Measured") == len(report.rows)
    assert "are shown here" not in page


def test_comparison_pages_are_kept_by_what_they_show(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild renders a comparison page again only when one of its two journeys (or what every
    journey page shows of the project) changed: the page is kept in the renderer's memo."""
    from support.insight import FUTURE, insight_maps
    from support.maps import write_files

    from mkdocs_cjm.insight import compare

    calls: list[str] = []
    real = compare.compare_journeys
    monkeypatch.setattr(compare, "compare_journeys", lambda *a, **k: calls.append("x") or real(*a, **k))
    memo: dict[str, str] = {}

    def build(files: dict[str, str]) -> list:
        write_files(tmp_path, files)
        project = load_project(tmp_path / "maps", docs_dir=tmp_path / "docs")
        renderer = P.PageRenderer(project, today=dt.date(2026, 11, 23), memo=memo, content_key=repr)
        return compare.pages(renderer)

    first = build(insight_maps())
    assert len(first) == 1 and calls == ["x"]
    again = build(insight_maps())
    assert calls == ["x"] and again[0].markdown == first[0].markdown  # nothing changed: taken from the memo
    edited = build(insight_maps(shop_future=FUTURE.replace("Instagram ad", "TikTok ad")))
    assert calls == ["x", "x"] and "TikTok ad" in edited[0].markdown
