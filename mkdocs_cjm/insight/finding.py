"""Finding things on the journeys index: the facets it filters by, and what needs attention.

Each journey's card carries its facets as ``data-cjm-*`` attributes (JSON
lists of text, escaped by the ``attr`` filter); ``assets/cjm-filter.js``
shows the filter controls and hides the cards that do not match. Without
JavaScript the controls stay hidden and the index is the plain list.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..model import Journey, Promise
from ..site import Project, ReviewStatus, StepRef, journey_owners

#: A journey's review status and due date (``review_status`` with the site's options applied).
Review = Callable[[Journey], tuple[ReviewStatus, Optional[_dt.date]]]

#: How each review status reads, on a card's badge and in the filter.
REVIEW_LABELS: dict[str, str] = {
    "fresh": "✓ Reviewed",
    "due": "◷ Review due",
    "overdue": "⚠ Overdue for review",
    "unknown": "? Never reviewed",
}
STATE_LABELS: dict[str, str] = {"current": "Current state", "future": "Future state"}


@dataclass(frozen=True)
class Facet:
    """One filter of the index: its key (``data-cjm-<key>``), label and choices (value, shown text)."""

    key: str
    label: str
    choices: tuple[tuple[str, str], ...]


def journey_facets(journey: Journey, review: Review) -> dict[str, list[str]]:
    """A journey's values of each facet (all lists, so the script reads every facet alike)."""
    return {
        "persona": list(dict.fromkeys(journey.personas)),
        "state": [journey.state],
        "owner": journey_owners(journey),
        "tag": list(dict.fromkeys(str(t) for t in journey.tags)),
        "review": [review(journey)[0]],
    }


def facet_attrs(facets: dict[str, list[str]]) -> list[tuple[str, str]]:
    """``(attribute name, JSON value)`` of each facet, for the template (which escapes the value)."""
    return [(f"data-cjm-{key}", json.dumps(values, ensure_ascii=False)) for key, values in facets.items()]


def facets(project: Project, journeys: list[Journey], values: list[dict[str, list[str]]]) -> list[Facet]:
    """The filters worth showing: those where the journeys differ (two or more choices)."""

    def present(key: str) -> set[str]:
        return {v for facet in values for v in facet[key]}

    personas = present("persona")
    named = [(pid, project.personas[pid].name if pid in project.personas else pid) for pid in personas]
    named.sort(key=lambda choice: (choice[1].casefold(), choice[0]))
    owners = sorted(present("owner"), key=lambda o: (o.casefold(), o))
    tags = sorted(present("tag"), key=lambda t: (t.casefold(), t))
    found = [
        Facet("persona", "Persona", tuple(named)),
        Facet("state", "State", tuple((s, STATE_LABELS[s]) for s in STATE_LABELS if s in present("state"))),
        Facet("owner", "Team", tuple((o, o) for o in owners)),
        Facet("tag", "Tag", tuple((t, "#" + t) for t in tags)),
        Facet("review", "Review", tuple((r, REVIEW_LABELS[r]) for r in REVIEW_LABELS if r in present("review"))),
    ]
    return [f for f in found if len(f.choices) > 1] if len(journeys) > 1 else []


@dataclass
class Attention:
    """What the index lists under "Needs attention"."""

    overdue: list[tuple[Journey, _dt.date]] = field(default_factory=list)
    assumption_based: list[Journey] = field(default_factory=list)
    #: Steps that miss a promise and have no opportunity, with the promises missed.
    unanswered_misses: list[tuple[StepRef, list[Promise]]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.overdue) + len(self.assumption_based) + len(self.unanswered_misses)


def needs_attention(project: Project, journeys: list[Journey], review: Review) -> Attention:
    """Overdue reviews, assumption-based maps and promise misses without an opportunity, in
    ``journeys`` order (journeys with errors left out: the index shows their errors)."""
    found = Attention()
    for journey in journeys:
        if journey.is_broken:
            continue
        status, due = review(journey)
        if status == "overdue" and due is not None:
            found.overdue.append((journey, due))
        if journey.assumption_based:
            found.assumption_based.append(journey)
        promises = project.journey_promises(journey)
        for stage in journey.stages:
            for step in stage.steps:
                missed = [p for p in promises if p.id in step.promise and step.promise[p.id].rating == "misses"]
                if missed and not step.ideas:
                    found.unanswered_misses.append((StepRef(journey, stage, step), missed))
    return found
