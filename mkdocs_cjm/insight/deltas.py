"""What a future state changes against its current state (MkDocs-free, no rendering).

:func:`compare_journeys` aligns the two journeys stage by stage (stages
matched by id) and step by step within a stage (steps matched by id), and
lists what differs: steps added, removed and changed (with the fields that
changed), the feeling per stage before and after, the promise ratings that
change (a new miss first), the pain points the future state no longer has and
its new ones, and the KPI targets side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import LANE_LABELS, Journey, Metric, Stage, Step
from ..render.layout import StageSlot
from ..text import plain

#: The text fields of a step compared one by one, with the words a reader sees.
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("touchpoint", "Touchpoint"),
    ("actions", LANE_LABELS["actions"]),
    ("questions", LANE_LABELS["questions"]),
    ("motivations", LANE_LABELS["motivations"]),
    ("pain_points", LANE_LABELS["pain_points"]),
    ("quote", LANE_LABELS["quote"]),
    ("opportunities", LANE_LABELS["opportunities"]),
    ("owner", "Owner"),
    ("lanes", "Custom lanes"),
)

#: How a rating ranks (higher is better), for "worse" and "better".
RANK = {"misses": 0, "partial": 1, "meets": 2}


@dataclass(frozen=True)
class StepChange:
    """One step of a stage: in both states (``before`` and ``after``), or in one of them."""

    before: Optional[Step]
    after: Optional[Step]
    #: What differs, in words (``Touchpoint``, ``Feeling 2 → 4``, ...); empty when nothing does.
    changes: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """``added``, ``removed``, ``changed`` or ``same``."""
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed" if self.changes else "same"

    @property
    def step(self) -> Step:
        """The step as the future state has it (the current one's when it was removed)."""
        return self.after or self.before  # type: ignore[return-value]


@dataclass(frozen=True)
class StageRow:
    """One stage of the alignment: in both states or in one, with its steps compared."""

    id: str
    before: Optional[Stage]
    after: Optional[Stage]
    steps: tuple[StepChange, ...]
    #: The mean feeling of the stage's steps in each state (None: no step has one).
    feeling_before: Optional[float] = None
    feeling_after: Optional[float] = None

    @property
    def name(self) -> str:
        return (self.after or self.before).name  # type: ignore[union-attr]

    @property
    def status(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "both"


@dataclass(frozen=True)
class RatingChange:
    """A step's rating of one promise that differs between the states (None: not rated there)."""

    promise: str
    step: Step
    #: The journey the step is shown in (the future state's, unless the step was removed).
    journey: Journey
    before: Optional[str]
    after: Optional[str]

    @property
    def kind(self) -> str:
        """``new miss`` (misses now, did not before), ``worse``, ``better``, ``rated`` or ``unrated``."""
        if self.after == "misses" and self.before != "misses":
            return "new miss"
        if self.before is None:
            return "rated"
        if self.after is None:
            return "unrated"
        return "worse" if RANK[self.after] < RANK[self.before] else "better"


#: The order rating changes are listed in: a new miss first.
KIND_ORDER = {"new miss": 0, "worse": 1, "better": 2, "rated": 3, "unrated": 4}


@dataclass(frozen=True)
class PainPoint:
    """A pain point, with the step it is at."""

    text: str
    journey: Journey
    stage: Stage
    step: Step


@dataclass(frozen=True)
class KpiRow:
    """One KPI (matched by id) in each state."""

    id: str
    before: Optional[Metric]
    after: Optional[Metric]

    @property
    def name(self) -> str:
        return (self.after or self.before).name  # type: ignore[union-attr]


@dataclass
class Comparison:
    """Everything that differs between a current state and its future state."""

    current: Journey
    future: Journey
    stages: list[StageRow] = field(default_factory=list)
    ratings: list[RatingChange] = field(default_factory=list)
    pains_gone: list[PainPoint] = field(default_factory=list)
    pains_new: list[PainPoint] = field(default_factory=list)
    kpis: list[KpiRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many steps are ``added``, ``removed``, ``changed`` or ``same``."""
        return sum(1 for row in self.stages for change in row.steps if change.status == status)


def step_score(step: Step) -> Optional[float]:
    """A step's feeling: its score, or the mean of its personas' scores."""
    if step.emotion is not None:
        return float(step.emotion)
    if step.emotions:
        return sum(step.emotions.values()) / len(step.emotions)
    return None


def stage_feeling(stage: Optional[Stage]) -> Optional[float]:
    """The mean feeling of a stage's steps that have one (None when none has)."""
    if stage is None:
        return None
    scores = [s for step in stage.steps if (s := step_score(step)) is not None]
    return round(sum(scores) / len(scores), 2) if scores else None


@dataclass(frozen=True)
class Names:
    """The names a reader sees for ids: of promises, channels and personas."""

    promises: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)
    personas: dict[str, str] = field(default_factory=dict)


def _feeling_words(step: Step, names: Names) -> str:
    if step.emotions:
        return ", ".join(f"{names.personas.get(pid, pid)} {score}" for pid, score in step.emotions.items())
    return str(step.emotion) if step.emotion is not None else "none"


def step_changes(before: Step, after: Step, names: Names = Names()) -> tuple[str, ...]:
    """What differs between two versions of a step, in words (map text: escape it), in lane order."""
    out = [label for name, label in TEXT_FIELDS if getattr(before, name) != getattr(after, name)]
    if out and out[0] == "Touchpoint":
        out[0] = f"Touchpoint (was “{before.touchpoint}”)"
    if before.channel != after.channel:
        was = names.channels.get(before.channel, before.channel) or "none"
        now = names.channels.get(after.channel, after.channel) or "none"
        out.append(f"Channel {was} → {now}")
    if (before.emotion, before.emotions) != (after.emotion, after.emotions):
        out.append(f"Feeling {_feeling_words(before, names)} → {_feeling_words(after, names)}")
    for promise in dict.fromkeys([*before.promise, *after.promise]):
        old, new = before.promise.get(promise), after.promise.get(promise)
        was, now = (old.rating if old else None), (new.rating if new else None)
        if was != now:
            out.append(f"{names.promises.get(promise, promise)}: {was or 'not rated'} → {now or 'not rated'}")
    return tuple(out)


def align_stages(current: Journey, future: Journey) -> list[tuple[str, Optional[Stage], Optional[Stage]]]:
    """The stages of both journeys matched by id, in the current state's order; a stage only
    the future state has goes after the stage it follows there."""
    after_by_id = {s.id: s for s in future.stages}
    before_by_id = {s.id: s for s in current.stages}
    order = [s.id for s in current.stages]
    previous = ""
    for stage in future.stages:
        if stage.id not in before_by_id:
            at = order.index(previous) + 1 if previous else 0
            order.insert(at, stage.id)
        previous = stage.id
    return [(sid, before_by_id.get(sid), after_by_id.get(sid)) for sid in order]


def stage_slots(journey: Journey, current: Journey, future: Journey) -> dict[str, StageSlot]:
    """Where each stage of ``journey`` (one of the pair) goes so that the two drawings, one above
    the other, line up stage by stage: a stage both have takes the width of the wider, and room is
    left for the stages of the other that come before it and this one lacks. Stages the two order
    differently line up as far as the order allows."""
    order = align_stages(current, future)
    width = {sid: max(len(a.steps) if a else 0, len(b.steps) if b else 0, 1) for sid, a, b in order}
    position = {sid: i for i, (sid, _, _) in enumerate(order)}
    out: dict[str, StageSlot] = {}
    at = 0  # the next place in ``order``
    for stage in journey.stages:
        here = position.get(stage.id, at)
        skipped = [sid for sid, _, _ in order[at:here]] if here >= at else []
        out[stage.id] = StageSlot(width[stage.id], len(skipped), sum(width[s] for s in skipped))
        at = max(at, here + 1)
    return out


def _align_steps(before: Optional[Stage], after: Optional[Stage], names: Names) -> tuple[StepChange, ...]:
    """The steps of one stage matched by id: the future state's order, a removed step after
    the step it followed in the current state."""
    olds = list(before.steps) if before else []
    news = list(after.steps) if after else []
    old_by_id = {s.id: s for s in olds}
    new_ids = {s.id for s in news}
    rows: list[StepChange] = [
        StepChange(old_by_id[s.id], s, step_changes(old_by_id[s.id], s, names))
        if s.id in old_by_id
        else StepChange(None, s)
        for s in news
    ]
    previous = ""
    for step in olds:
        if step.id not in new_ids:
            ids = [r.step.id for r in rows]
            at = ids.index(previous) + 1 if previous in ids else (0 if not previous else len(rows))
            rows.insert(at, StepChange(step, None))
        previous = step.id
    return tuple(rows)


def _rating_changes(current: Journey, future: Journey, rows: list[StageRow]) -> list[RatingChange]:
    found: list[RatingChange] = []
    for row in rows:
        for change in row.steps:
            old = change.before.promise if change.before else {}
            new = change.after.promise if change.after else {}
            shown = future if change.after else current
            for promise in dict.fromkeys([*old, *new]):
                was = old[promise].rating if promise in old else None
                now = new[promise].rating if promise in new else None
                if was == now or (change.before is None and now != "misses") or change.after is None:
                    continue  # a new step's ratings show as the step; a removed one's with it
                found.append(RatingChange(promise, change.step, shown, was, now))
    order = sorted(range(len(found)), key=lambda i: (KIND_ORDER[found[i].kind], i))
    return [found[i] for i in order]


def _pain_key(text: str) -> str:
    return " ".join(plain(text).casefold().split())


def _pains(journey: Journey) -> list[PainPoint]:
    return [
        PainPoint(text, journey, stage, step)
        for stage in journey.stages
        for step in stage.steps
        for text in step.pain_points
    ]


def _kpis(current: Journey, future: Journey) -> list[KpiRow]:
    def by_id(journey: Journey) -> dict[str, Metric]:
        out: dict[str, Metric] = {}
        for step in journey.steps:
            for metric in step.metrics:
                out.setdefault(metric.id or metric.name, metric)
        return out

    old, new = by_id(current), by_id(future)
    return [KpiRow(key, old.get(key), new.get(key)) for key in dict.fromkeys([*old, *new])]


def compare_journeys(current: Journey, future: Journey, names: Names = Names()) -> Comparison:
    """The comparison of a current state with its future state (``names``: what ids are shown as)."""
    rows = [
        StageRow(sid, before, after, _align_steps(before, after, names), stage_feeling(before), stage_feeling(after))
        for sid, before, after in align_stages(current, future)
    ]
    old_pains, new_pains = _pains(current), _pains(future)
    old_keys = {_pain_key(p.text) for p in old_pains}
    new_keys = {_pain_key(p.text) for p in new_pains}
    return Comparison(
        current,
        future,
        rows,
        _rating_changes(current, future, rows),
        pains_gone=[p for p in old_pains if _pain_key(p.text) not in new_keys],
        pains_new=[p for p in new_pains if _pain_key(p.text) not in old_keys],
        kpis=_kpis(current, future),
    )
