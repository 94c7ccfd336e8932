"""The KPI page's figures (insight/kpis.py, Metric.gap): relative gaps in each direction, when a value was measured."""

from __future__ import annotations

import datetime as dt

import pytest

from mkdocs_cjm.insight.kpis import gap_text, kpi_report, measured_on
from mkdocs_cjm.model import Journey, Metric, Provenance, Stage, Step

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("actual", "target", "better", "gap", "text"),
    [
        (1.5, 3, "higher", 0.5, "50% worse"),
        (6, 2, "lower", 2.0, "200% worse"),
        (3, 3, "higher", 0.0, "on target"),
        (1, 2, "lower", -0.5, "50% better"),
        (-2, -1, "higher", 1.0, "100% worse"),  # a negative target (an NPS): below it is worse
        (2, 0, "lower", 2.0, "2min worse"),  # no relative scale: the shortfall in the unit
    ],
)
def test_gap(actual: float, target: float, better: str, gap: float, text: str) -> None:
    metric = Metric("m", "M", actual=actual, target=target, better=better, unit="min")  # type: ignore[arg-type]
    assert metric.gap == pytest.approx(gap)
    assert (metric.gap <= 0) is metric.on_target  # the same rule as the journey page's status
    assert gap_text(metric) == text


def test_measured_on() -> None:
    journey = Journey("j", "J", reviewed=dt.date(2026, 9, 1))
    assert measured_on(Metric("a", "A", actual=1, period="2026-10"), journey) == (dt.date(2026, 10, 1), "period")
    ranged = Metric("b", "B", actual=1, provenance=Provenance("f.csv", "", 3, period="2026-10-01 to 2026-10-31"))
    assert measured_on(ranged, journey) == (dt.date(2026, 10, 31), "period")
    assert measured_on(Metric("c", "C", actual=1), journey) == (dt.date(2026, 9, 1), "reviewed")
    free = Metric("d", "D", actual=1, provenance=Provenance("f.csv", "", 3, period="Q3 2026"))
    assert measured_on(free, journey) == (dt.date(2026, 9, 1), "reviewed")  # no date in the text
    assert measured_on(Metric("e", "E", actual=1), Journey("k", "K")) == (None, "")


def test_undated_values_are_stale_and_no_data_apart() -> None:
    step = Step("s", "S", metrics=[Metric("a", "A", actual=1, target=2), Metric("b", "B", target=2)])
    report = kpi_report([Journey("k", "K", stages=[Stage("st", "St", steps=[step])])], today=TODAY, stale_after=90)
    assert [(r.metric.id, r.stale, r.age) for r in report.rows] == [("a", True, None)]
    assert [r.metric.id for r in report.no_data] == ["b"]
