"""The KPI page: every metric of every journey against its target (MkDocs-free).

Off target first, the worst relative gap first (:attr:`~mkdocs_cjm.model.Metric.gap`, in the
metric's direction: ``better: lower`` counts a value above its target as the shortfall); then
on target, then measured without a target. A value measured longer ago than the option
``kpi_stale_after`` (days before the build's ``today``) is marked stale. When a value was
measured: the latest date its period names (the ``period`` of the CSV row that set it, or of its
``from``/data file; a month stands for its first day, as FORMAT.md says for CSV rows), else the
map's ``reviewed`` date (a typed ``actual`` was last checked then). A value with neither is
undated, and counts as stale. Metrics with no value are listed apart.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ..load.metrics_csv import period_date
from ..model import Journey, Metric, Stage, Step
from ..render.cells import with_unit
from ..text import plain

if TYPE_CHECKING:  # pragma: no cover
    from ..pages import Page, PageRenderer

#: A day or a month inside a period text (``2026-10``, ``2026-10-01 to 2026-10-31``).
_DATE_IN_TEXT = re.compile(r"(?<!\d)\d{4}-\d{2}(?:-\d{2})?(?!\d)")


@dataclass(frozen=True)
class KpiRow:
    """One metric where it is measured, with when it was measured."""

    journey: Journey
    stage: Stage
    step: Step
    metric: Metric
    #: Where the step sits in its journey (for a stable order).
    index: int
    #: The day the value stands for; ``None``: undated.
    measured: Optional[_dt.date]
    #: What gave that day: ``"period"`` or ``"reviewed"`` ("" when undated).
    measured_by: str
    #: Days from ``measured`` to the build's ``today`` (``None``: undated).
    age: Optional[int]
    stale: bool

    @property
    def owner(self) -> str:
        """The step's owner, else the journey's."""
        return self.step.owner or self.journey.owner

    @property
    def period(self) -> str:
        """The period shown with the value ("" when none is given)."""
        metric = self.metric
        if metric.period:
            return metric.period
        if metric.provenance is not None:
            return metric.provenance.period
        return ""


@dataclass(frozen=True)
class KpiReport:
    """What the KPI page shows."""

    #: Metrics with a value: off target (worst first), on target, no target.
    rows: list[KpiRow]
    #: Metrics without a value.
    no_data: list[KpiRow]
    stale_after: int

    @property
    def off_target(self) -> list[KpiRow]:
        return [r for r in self.rows if r.metric.on_target is False]

    @property
    def stale(self) -> list[KpiRow]:
        return [r for r in self.rows if r.stale]


def measured_on(metric: Metric, journey: Journey) -> tuple[Optional[_dt.date], str]:
    """The day a metric's value stands for and what gave it (see the module's docstring)."""
    texts = [metric.period]
    if metric.provenance is not None:
        texts.append(metric.provenance.period)
    days = [d for text in texts for token in _DATE_IN_TEXT.findall(text or "") if (d := period_date(token))]
    if days:
        return max(days), "period"
    if journey.reviewed is not None:
        return journey.reviewed, "reviewed"
    return None, ""


def _order(row: KpiRow) -> tuple:
    gap = row.metric.gap
    status = {False: 0, True: 1, None: 2}[row.metric.on_target]
    return (status, -gap if gap is not None else 0.0, plain(row.journey.title).casefold(), row.journey.id, row.index)


def kpi_report(journeys: list[Journey], *, today: _dt.date, stale_after: int) -> KpiReport:
    """Every metric of the (unbroken) ``journeys``, ordered for the KPI page."""
    rows: list[KpiRow] = []
    no_data: list[KpiRow] = []
    for journey in journeys:
        if journey.is_broken:
            continue
        index = 0
        for stage in journey.stages:
            for step in stage.steps:
                for metric in step.metrics:
                    index += 1
                    measured, by = measured_on(metric, journey)
                    age = (today - measured).days if measured is not None else None
                    stale = age is None or age > stale_after
                    row = KpiRow(journey, stage, step, metric, index, measured, by, age, stale)
                    (rows if metric.actual is not None else no_data).append(row)
    rows.sort(key=_order)
    no_data.sort(key=_order)
    return KpiReport(rows, no_data, stale_after)


def gap_text(metric: Metric) -> str:
    """The relative gap as a reader says it: ``24% worse``, ``8% better``, ``on target`` (``—``: unknown)."""
    gap = metric.gap
    if gap is None:
        return "—"
    if not metric.target:  # no relative scale: the shortfall in the metric's unit
        size = f"{abs(gap):g}{metric.unit}"
    else:
        size = f"{abs(gap) * 100:.0f}%"
    if gap > 0:
        return f"{size} worse"
    if gap < 0:
        return f"{size} better"
    return "on target"


def pages(renderer: "PageRenderer") -> list["Page"]:
    """The KPI page, when some journey has a metric."""
    from ..pages import Page

    journeys = [j for j in renderer.project.journeys.values() if not j.is_broken]
    report = kpi_report(journeys, today=renderer.today, stale_after=renderer.kpi_stale_after)
    if not report.rows and not report.no_data:
        return []
    uri = renderer.layout.insight("kpis")
    markdown = renderer.render_page(
        "insight_kpis.md.j2", uri, report=report, gap_text=gap_text, with_unit=functools.partial(with_unit, page=True)
    )
    shown = dict.fromkeys(r.journey.id for r in report.rows + report.no_data)
    return [Page(uri, markdown, "KPIs", "", "kpis", tuple(shown), section="Insights")]
