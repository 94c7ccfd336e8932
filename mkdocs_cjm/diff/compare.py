"""Two projects to a list of :class:`Change`: what a change to the maps does to the customer.

Journeys, personas and promises are matched by id, then by name (a new id with an old name is a rename);
so are the stages and steps of a journey (a step's name is its touchpoint). Only what a reader of the map
cares about is compared: names, order, feelings, promise ratings, metrics, pain points, opportunities,
the review date and the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional, TypeVar

from ..model import RATINGS, Journey, Metric, Stage, Step
from ..problems import Problem
from ..site import Project

_T = TypeVar("_T")


@dataclass
class Change:
    """One difference. ``what``: journey, persona, promise, stage, step, emotion, rating, metric,
    pain_point, opportunity, reviewed, evidence; ``how``: added, removed, renamed, moved, changed,
    resolved (a pain point or opportunity gone)."""

    what: str
    how: str
    #: The journey id it belongs to ("" for journeys, personas and promises themselves).
    journey: str = ""
    #: The id of the thing (step id for step-level changes).
    id: str = ""
    #: Its name (a title, a touchpoint) for the reader.
    name: str = ""
    old: Any = None
    new: Any = None
    #: Extra facts: ``stage`` of a step, ``promise`` of a rating, ``metric``, ``field`` of a metric,
    #: ``crossed`` ("met"/"missed") when a metric crossed its target, ``worse`` for a rating.
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Comparison:
    changes: list[Change] = field(default_factory=list)
    #: Errors at each side, each as the problem list of the loader.
    base_errors: list[Problem] = field(default_factory=list)
    head_errors: list[Problem] = field(default_factory=list)
    #: Journey titles by id (the head's where it has the journey).
    titles: dict[str, str] = field(default_factory=dict)

    @property
    def quiet(self) -> bool:
        """Nothing that matters changed, and nothing is broken on either side (a map that stays broken is
        still reported: the pull request would merge it broken)."""
        return not self.changes and not self.base_errors and not self.head_errors


def match(
    old: list[_T], new: list[_T], key: Callable[[_T], str], name: Callable[[_T], str]
) -> tuple[list[tuple[_T, _T]], list[_T], list[_T]]:
    """Pairs matched by id then by (unique) name, the removed and the added, each in order."""
    new_by_id = {key(item): item for item in new}
    pairs: list[tuple[_T, _T]] = []
    left_old: list[_T] = []
    taken: set[int] = set()
    for item in old:
        other = new_by_id.get(key(item))
        if other is not None:
            pairs.append((item, other))
            taken.add(id(other))
        else:
            left_old.append(item)
    left_new = [item for item in new if id(item) not in taken]
    by_name: dict[str, list[_T]] = {}
    for item in left_new:
        by_name.setdefault(name(item), []).append(item)
    removed: list[_T] = []
    for item in left_old:
        candidates = by_name.get(name(item), [])
        if len(candidates) == 1 and name(item):
            pairs.append((item, candidates[0]))
            taken.add(id(candidates[0]))
            by_name[name(item)] = []
        else:
            removed.append(item)
    added = [item for item in new if id(item) not in taken]
    return pairs, removed, added


def compare(base: Project, head: Project) -> Comparison:
    """What changed from ``base`` to ``head``."""
    result = Comparison(base_errors=base.errors(), head_errors=head.errors())
    result.titles = {j.id: j.title for j in base.journeys.values()} | {j.id: j.title for j in head.journeys.values()}
    out = result.changes
    _named(out, "journey", list(base.journeys.values()), list(head.journeys.values()), lambda j: j.title)
    _named(out, "persona", list(base.personas.values()), list(head.personas.values()), lambda p: p.name)
    _named(out, "promise", base.brand.promises, head.brand.promises, lambda p: p.name)
    promise_pairs, _, _ = match(base.brand.promises, head.brand.promises, lambda p: p.id, lambda p: p.name)
    renamed = {a.id: b.id for a, b in promise_pairs if a.id != b.id}
    pairs, _, _ = match(list(base.journeys.values()), list(head.journeys.values()), lambda j: j.id, lambda j: j.title)
    for old, new in pairs:
        if not old.is_broken and not new.is_broken:  # a broken map is reported with its errors instead
            _journey(out, new.id, old, new, renamed)
    return result


def _named(out: list[Change], what: str, old: list[Any], new: list[Any], name: Callable[[Any], str]) -> None:
    pairs, removed, added = match(old, new, lambda item: item.id, name)
    for item in added:
        out.append(Change(what, "added", id=item.id, name=name(item)))
    for item in removed:
        out.append(Change(what, "removed", id=item.id, name=name(item)))
    for before, after in pairs:
        if getattr(before, "errors", None) or getattr(after, "errors", None):
            continue  # a broken file's name is a guess
        if before.id != after.id or name(before) != name(after):
            out.append(
                Change(
                    what,
                    "renamed",
                    id=after.id,
                    name=name(after),
                    old=[before.id, name(before)],
                    new=[after.id, name(after)],
                )
            )


def _journey(out: list[Change], jid: str, old: Journey, new: Journey, renamed: dict[str, str]) -> None:
    stage_pairs, removed, added = match(old.stages, new.stages, lambda s: s.id, lambda s: s.name)
    for stage in added:
        out.append(Change("stage", "added", jid, stage.id, stage.name))
    for stage in removed:
        out.append(Change("stage", "removed", jid, stage.id, stage.name))
    stage_of_old = {id(step): stage for stage in old.stages for step in stage.steps}
    stage_of_new = {id(step): stage for stage in new.stages for step in stage.steps}
    matched_new = {id(b): a for a, b in stage_pairs}
    for before, after in stage_pairs:
        if before.id != after.id or before.name != after.name:
            out.append(
                Change("stage", "renamed", jid, after.id, after.name, [before.id, before.name], [after.id, after.name])
            )
    old_order = [s.id for s, _ in sorted(stage_pairs, key=lambda p: old.stages.index(p[0]))]
    new_order = [a.id for a, _ in sorted(stage_pairs, key=lambda p: new.stages.index(p[1]))]
    for before, after in stage_pairs:
        if old_order.index(before.id) != new_order.index(before.id):
            out.append(
                Change(
                    "stage",
                    "moved",
                    jid,
                    after.id,
                    after.name,
                    old_order.index(before.id) + 1,
                    new_order.index(before.id) + 1,
                )
            )

    step_pairs, gone, came = match(old.steps, new.steps, lambda s: s.id, lambda s: s.touchpoint)
    for step in came:
        out.append(
            Change("step", "added", jid, step.id, step.touchpoint, detail={"stage": stage_of_new[id(step)].name})
        )
    for step in gone:
        out.append(
            Change("step", "removed", jid, step.id, step.touchpoint, detail={"stage": stage_of_old[id(step)].name})
        )
    _moves(out, jid, step_pairs, stage_of_old, stage_of_new, matched_new)
    for before, after in step_pairs:
        if before.id != after.id or before.touchpoint != after.touchpoint:
            out.append(
                Change(
                    "step",
                    "renamed",
                    jid,
                    after.id,
                    after.touchpoint,
                    [before.id, before.touchpoint],
                    [after.id, after.touchpoint],
                )
            )
        _step(out, jid, before, after, renamed)
    if old.reviewed != new.reviewed:
        out.append(Change("reviewed", "changed", jid, old=_iso(old.reviewed), new=_iso(new.reviewed)))
    for item in old.evidence:
        if item not in new.evidence:
            out.append(Change("evidence", "removed", jid, name=item))
    for item in new.evidence:
        if item not in old.evidence:
            out.append(Change("evidence", "added", jid, name=item))


def _moves(
    out: list[Change],
    jid: str,
    pairs: list[tuple[Step, Step]],
    stage_of_old: dict[int, Stage],
    stage_of_new: dict[int, Stage],
    matched_new: dict[int, Stage],
) -> None:
    """A step moved to another stage, or to another place among the steps kept in its stage."""
    kept: dict[tuple[str, str], list[tuple[Step, Step]]] = {}
    for before, after in pairs:
        was, now = stage_of_old[id(before)], stage_of_new[id(after)]
        if matched_new.get(id(now)) is not was:
            out.append(
                Change("step", "moved", jid, after.id, after.touchpoint, was.name, now.name, {"stage": now.name})
            )
        else:
            kept.setdefault((was.id, now.id), []).append((before, after))
    for (_, _), group in kept.items():
        old_place = {
            id(a): i
            for i, a in enumerate(sorted((a for a, _ in group), key=lambda s: stage_of_old[id(s)].steps.index(s)))
        }
        new_sorted = sorted(group, key=lambda p: stage_of_new[id(p[1])].steps.index(p[1]))
        for place, (before, after) in enumerate(new_sorted):
            if old_place[id(before)] != place:
                now = stage_of_new[id(after)]
                out.append(
                    Change(
                        "step",
                        "moved",
                        jid,
                        after.id,
                        after.touchpoint,
                        old_place[id(before)] + 1,
                        place + 1,
                        {"stage": now.name},
                    )
                )


def _step(out: list[Change], jid: str, old: Step, new: Step, renamed: dict[str, str]) -> None:
    name = new.touchpoint
    if old.emotion != new.emotion:
        out.append(Change("emotion", "changed", jid, new.id, name, old.emotion, new.emotion))
    before = {renamed.get(pid, pid): rating for pid, rating in old.promise.items()}  # by the promise's new id
    for pid in list(before) + [p for p in new.promise if p not in before]:
        was = before[pid].rating if pid in before else None
        now = new.promise[pid].rating if pid in new.promise else None
        if was != now:
            worse = was is not None and now is not None and RATINGS.index(now) < RATINGS.index(was)
            out.append(Change("rating", "changed", jid, new.id, name, was, now, {"promise": pid, "worse": worse}))
    _metrics(out, jid, old, new)
    for what in ("pain_points", "opportunities"):
        before, after = getattr(old, what), getattr(new, what)
        kind = what[:-1]
        for item in after:
            if item not in before:
                out.append(Change(kind, "added", jid, new.id, name, new=item))
        for item in before:
            if item not in after:
                out.append(Change(kind, "resolved", jid, new.id, name, old=item))


def _metrics(out: list[Change], jid: str, old: Step, new: Step) -> None:
    pairs, removed, added = match(old.metrics, new.metrics, lambda m: m.id, lambda m: m.name)
    for metric in added:
        out.append(
            Change("metric", "added", jid, new.id, new.touchpoint, new=_metric(metric), detail={"metric": metric.name})
        )
    for metric in removed:
        out.append(
            Change(
                "metric", "removed", jid, new.id, new.touchpoint, old=_metric(metric), detail={"metric": metric.name}
            )
        )
    for before, after in pairs:
        if before.actual == after.actual and before.target == after.target:
            continue
        crossed: Optional[str] = None
        if before.on_target is not None and after.on_target is not None and before.on_target != after.on_target:
            crossed = "met" if after.on_target else "missed"
        out.append(
            Change(
                "metric",
                "changed",
                jid,
                new.id,
                new.touchpoint,
                _metric(before),
                _metric(after),
                {"metric": after.name, "crossed": crossed},
            )
        )


def _metric(metric: Metric) -> dict[str, Any]:
    return {"actual": metric.actual, "target": metric.target, "unit": metric.unit, "better": metric.better}


def _iso(value: Any) -> Optional[str]:
    return value.isoformat() if value is not None else None
