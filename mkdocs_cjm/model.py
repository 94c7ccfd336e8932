"""The validated model of a journey-map project.

Plain dataclasses, free of MkDocs and of YAML: the loader builds them from
files, the site model (:mod:`mkdocs_cjm.site`) links them together and the
renderers read them. Every text field holds the user's text unchanged
(inline Markdown allowed); escaping is the renderers' job.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Literal, Optional

from .problems import Problem

State = Literal["current", "future"]
Rating = Literal["meets", "partial", "misses"]
Better = Literal["higher", "lower"]
ChannelKind = Literal["online", "offline"]

#: Built-in lanes, in their default order (FORMAT.md).
BUILTIN_LANES: tuple[str, ...] = (
    "touchpoint",
    "actions",
    "questions",
    "motivations",
    "pain_points",
    "emotion",
    "quote",
    "opportunities",
    "metrics",
    "promise",
)

#: Labels of the built-in lanes as the diagram and the text version show them.
LANE_LABELS: dict[str, str] = {
    "touchpoint": "Touchpoint",
    "actions": "Doing",
    "questions": "Asking",
    "motivations": "Motivations",
    "pain_points": "Pain points",
    "emotion": "Feeling",
    "quote": "Saying",
    "opportunities": "Opportunities",
    "metrics": "KPIs",
    "promise": "Brand promise",
}

#: Ratings, worst first (the order promise pages list them in).
RATINGS: tuple[str, ...] = ("misses", "partial", "meets")


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column in a source file."""

    line: int = 0
    column: int = 0


@dataclass
class DataSource:
    """A metric's ``from``: which rows of which exported file give its value, and how."""

    file: str
    measure: str
    value: str = ""
    where: dict[str, list[str]] = field(default_factory=dict)
    match: dict[str, list[str]] = field(default_factory=dict)
    per: str = ""
    period: str = ""
    #: The key path of the ``from`` mapping in its journey file (``stages[0].steps[1].metrics[0].from``).
    path: str = ""


@dataclass
class Provenance:
    """Where a computed value came from: shown beside it."""

    file: str
    #: The filter as written, e.g. ``Channel = Chat; Status = Solved or Closed`` ('' for every row).
    filter: str
    rows: int
    period: str = ""
    measure: str = ""

    def describe(self) -> str:
        """One line: ``csat of 412 rows of support/tickets.csv where Channel = Chat, 2026-10``."""
        rows = f"{self.rows} row{'s' if self.rows != 1 else ''}"
        text = f"{self.measure} of {rows} of {self.file}" if self.measure else f"{rows} of {self.file}"
        if self.filter:
            text += f" where {self.filter}"
        return text + (f", {self.period}" if self.period else "")


@dataclass
class Metric:
    id: str
    name: str
    actual: Optional[float] = None
    target: Optional[float] = None
    unit: str = ""
    better: Better = "higher"
    source: str = ""
    #: The ``period`` of the CSV row that set ``actual``, if one did.
    period: str = ""
    #: The metric's ``from`` (its value computed from a data file), if it has one.
    data: Optional[DataSource] = None
    #: Set where ``actual`` was computed from a data file.
    provenance: Optional[Provenance] = None

    @property
    def on_target(self) -> Optional[bool]:
        """True/False when both actual and target are known, else None."""
        if self.actual is None or self.target is None:
            return None
        if self.better == "lower":
            return self.actual <= self.target
        return self.actual >= self.target

    @property
    def gap(self) -> Optional[float]:
        """How far the actual falls short of the target, relative to the target, in the metric's
        direction: 0.25 is 25 % worse than the target, a negative value is better than it
        (``None`` when either is unknown). A target of 0 has no relative scale: the shortfall itself."""
        if self.actual is None or self.target is None:
            return None
        shortfall = self.actual - self.target if self.better == "lower" else self.target - self.actual
        return shortfall / abs(self.target) if self.target else shortfall


@dataclass
class PromiseRating:
    promise: str
    rating: Rating
    note: str = ""


@dataclass
class NextLink:
    to: str
    label: str = ""


@dataclass
class Opportunity:
    """An idea to improve a step; a plain-text item has only ``text``."""

    text: str
    impact: Optional[int] = None
    effort: Optional[int] = None
    status: str = "idea"
    owner: str = ""
    #: Whether it was written as a mapping (with a priority) rather than as text.
    detailed: bool = False

    @property
    def marker(self) -> str:
        """A short priority marker, e.g. ``impact 4 · effort 1 · planned`` ("" for plain text)."""
        if not self.detailed:
            return ""
        parts = [
            f"impact {self.impact}" if self.impact is not None else "",
            f"effort {self.effort}" if self.effort is not None else "",
            self.status,
        ]
        return " · ".join(p for p in parts if p)


@dataclass
class Step:
    id: str
    touchpoint: str
    channel: str = ""
    actions: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    motivations: list[str] = field(default_factory=list)
    pain_points: list[str] = field(default_factory=list)
    #: One score for every persona (``emotion: 4``); ``None`` when none is given or when it differs by persona.
    emotion: Optional[int] = None
    #: Scores by persona id (``emotion: {maya: 2, leo: 4}``); empty when one score is given.
    emotions: dict[str, int] = field(default_factory=dict)
    quote: str = ""
    #: The text of each opportunity (plain or detailed), in order.
    opportunities: list[str] = field(default_factory=list)
    #: Every opportunity with its priority fields, in the same order as ``opportunities``.
    ideas: list[Opportunity] = field(default_factory=list)
    owner: str = ""
    #: Id of the journey that details this step ("" when none).
    journey: str = ""
    metrics: list[Metric] = field(default_factory=list)
    promise: dict[str, PromiseRating] = field(default_factory=dict)
    #: Explicit ``next`` links; ``None`` means "the following step".
    next: Optional[list[NextLink]] = None
    #: Custom lanes: lane id -> items.
    lanes: dict[str, list[str]] = field(default_factory=dict)
    pos: Pos = Pos()
    #: Key path of this step in its file, e.g. ``stages[0].steps[2]``.
    path: str = ""

    @property
    def anchor(self) -> str:
        return f"step-{self.id}"

    @property
    def has_emotion(self) -> bool:
        return self.emotion is not None or bool(self.emotions)

    def emotion_of(self, persona: str) -> Optional[int]:
        """The score of one persona at this step (the shared score, when not given by persona)."""
        if self.emotions:
            return self.emotions.get(persona)
        return self.emotion


@dataclass
class Stage:
    id: str
    name: str
    goal: str = ""
    description: str = ""
    steps: list[Step] = field(default_factory=list)
    pos: Pos = Pos()
    path: str = ""

    @property
    def anchor(self) -> str:
        return f"stage-{self.id}"


@dataclass
class Journey:
    id: str
    title: str
    #: Path of the source file relative to the maps folder, with ``/``.
    source: str = ""
    summary: str = ""
    state: State = "current"
    counterpart: str = ""
    personas: list[str] = field(default_factory=list)
    goal: str = ""
    scope: str = ""
    owner: str = ""
    reviewed: Optional[_dt.date] = None
    review_every: Optional[int] = None
    evidence: list[str] = field(default_factory=list)
    #: Promise ids benchmarked here; ``None`` means "every promise".
    promises: Optional[list[str]] = None
    tags: list[str] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    #: Problems found in this file (loading, validation, references).
    problems: list[Problem] = field(default_factory=list)
    pos: Pos = Pos()

    @property
    def folder(self) -> tuple[str, ...]:
        """Sub-folders of the maps folder the file sits in."""
        parts = self.source.split("/")[:-1]
        return tuple(parts)

    @property
    def steps(self) -> list[Step]:
        return [step for stage in self.stages for step in stage.steps]

    @property
    def off_target(self) -> int:
        """How many of its metrics are measured and off target (:attr:`Metric.on_target`)."""
        return sum(1 for s in self.steps for m in s.metrics if m.on_target is False)

    @property
    def measured_targets(self) -> int:
        """How many of its metrics have both an actual value and a target."""
        return sum(1 for s in self.steps for m in s.metrics if m.on_target is not None)

    @property
    def data_files(self) -> list[str]:
        """The data files (under ``maps/data``) that computed some of this journey's metric values, in order."""
        found = [m.provenance.file for s in self.steps for m in s.metrics if m.provenance is not None]
        return list(dict.fromkeys(found))

    @property
    def assumption_based(self) -> bool:
        """No research behind the map: no ``evidence`` and no metric computed from a data file."""
        return not self.evidence and not self.data_files

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def is_broken(self) -> bool:
        return bool(self.errors)


@dataclass
class Persona:
    id: str
    name: str
    source: str = ""
    tagline: str = ""
    photo: str = ""
    role: str = ""
    value: str = ""
    bio: str = ""
    goals: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    pain_points: list[str] = field(default_factory=list)
    behaviours: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    quote: str = ""
    evidence: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    pos: Pos = Pos()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


@dataclass
class Promise:
    id: str
    name: str
    statement: str = ""
    looks_like: str = ""
    pos: Pos = Pos()


@dataclass
class Channel:
    id: str
    name: str
    kind: Optional[ChannelKind] = None
    #: Optional Material icon name (``web``, ``store``, ...); guessed when empty.
    icon: str = ""


@dataclass
class Lane:
    id: str
    name: str
    after: str = ""


@dataclass
class Brand:
    name: str = ""
    source: str = ""
    promises: list[Promise] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def promise(self, promise_id: str) -> Optional[Promise]:
        for promise in self.promises:
            if promise.id == promise_id:
                return promise
        return None

    def channel(self, channel_id: str) -> Optional[Channel]:
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        return None
