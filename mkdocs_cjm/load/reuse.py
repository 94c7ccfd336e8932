"""Journeys kept across the rebuilds of ``mkdocs serve``, by the content of their file.

A journey's model (:func:`~mkdocs_cjm.load.build.build_journey`: schema validation and the model objects)
depends on its file alone: its bytes, its name and its path in the maps folder. So a rebuild takes the
journey of an unchanged file from the last one instead of validating and building it again. What the rest
of a load adds to a journey from other files (reference problems from :func:`~mkdocs_cjm.site.link_project`,
a duplicate id, the metric values of ``data/`` files) is not kept: :meth:`Built.restore` puts the journey
back as :func:`build_journey` made it, and the load adds them again, so an edit of the brand, a persona or
a data file shows on the next rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ..model import Journey, Metric, Provenance
from ..problems import Problem
from ..site import PartialJourney
from .build import build_journey
from .positions import YamlFile

#: A metric and the fields a load sets on it after the build (:mod:`~mkdocs_cjm.data.compute`,
#: :mod:`~mkdocs_cjm.load.metrics_csv`): ``actual``, ``period``, ``provenance``.
_MetricState = tuple[Metric, Optional[float], str, Optional[Provenance]]


@dataclass
class Built:
    """A journey as :func:`build_journey` made it, with what a load changes on it afterwards."""

    journey: Journey
    problems: list[Problem]
    part: Optional[PartialJourney]
    metrics: list[_MetricState]

    def restore(self, doc: YamlFile) -> None:
        """Put the journey back as it was built; its problems list is ``doc``'s, as after a build."""
        doc.problems = list(self.problems)
        self.journey.problems = doc.problems
        if self.part is not None:
            self.part.journey.problems = doc.problems
        for metric, actual, period, provenance in self.metrics:
            metric.actual, metric.period, metric.provenance = actual, period, provenance


def metric_states(*journeys: Journey) -> list[_MetricState]:
    """Every metric of ``journeys`` with the fields a load may set on it."""
    return [(m, m.actual, m.period, m.provenance) for j in journeys for s in j.steps for m in s.metrics]


def journey_from(
    doc: YamlFile,
    relative: str,
    key: str,
    partial: dict[str, PartialJourney],
    cache: Optional[Any],
) -> Journey:
    """The journey of a parsed file: :func:`build_journey`'s, or the one kept in ``cache`` for a file of the
    same content (``key``: its parse key, "" for none) and path."""
    if cache is None or not key:
        return build_journey(doc, relative, partial)
    slot = f"journey\0{relative}\0{key}"
    hit: Optional[Built] = cache.get(slot)
    if hit is None:
        own: dict[str, PartialJourney] = {}
        journey = build_journey(doc, relative, own)
        part = own.get(relative)
        hit = Built(journey, list(journey.problems), part, metric_states(journey, *([part.journey] if part else [])))
        cache[slot] = hit
    else:
        hit.restore(doc)
    if hit.part is not None:
        partial[relative] = hit.part
    return hit.journey
