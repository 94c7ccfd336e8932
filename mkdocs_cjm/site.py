"""The site model: every file loaded, cross-references resolved.

:class:`Project` is what renderers and the MkDocs adapter read. It is built
by :func:`mkdocs_cjm.load.walk.load_project`; :func:`link_project` checks the
references between files (personas, channels, promises, ``next``,
``counterpart``, custom lanes) and adds a problem to the file that holds a
broken one.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, Literal, Optional

from .load.positions import Sources, where
from .model import (
    BUILTIN_LANES,
    Brand,
    Channel,
    Journey,
    Lane,
    NextLink,
    Opportunity,
    Persona,
    Promise,
    PromiseRating,
    Stage,
    Step,
)
from .nesting import detail_cycles
from .problems import Problem, did_you_mean, sort_problems

if TYPE_CHECKING:  # pragma: no cover
    from .uris import PageUris

ReviewStatus = Literal["fresh", "due", "overdue", "unknown"]

#: Days before the review date at which a map counts as "due".
DUE_WINDOW_DAYS = 30

_ONLINE_WORDS = re.compile(
    r"web|site|online|app|email|e-mail|mail|social|instagram|facebook|tiktok|"
    r"youtube|chat|search|ads?\b|sms|whatsapp|push|digital",
    re.I,
)
_OFFLINE_WORDS = re.compile(r"store|shop|phone|call|post|courier|print|catalog|tv|radio|event|in person", re.I)


@dataclass(frozen=True)
class StepRef:
    """A step together with its journey and stage (for cross-page lists)."""

    journey: Journey
    stage: Stage
    step: Step


@dataclass(frozen=True)
class Benchmark:
    """One step's rating against one promise."""

    ref: StepRef
    rating: PromiseRating


@dataclass
class PartialJourney:
    """The valid parts of a journey file with schema errors.

    No page shows them (the journey's page lists its errors), but their
    references are checked and ``mkdocs-cjm check`` gives their warnings, so
    that one run reports everything wrong with the file.
    """

    journey: Journey
    #: Ids of every step in the file, valid or not: a ``next`` to a broken step is no unknown step.
    step_ids: set[str] = field(default_factory=set)


@dataclass
class Project:
    """Everything read from one maps folder."""

    brand: Brand = field(default_factory=Brand)
    personas: dict[str, Persona] = field(default_factory=dict)
    journeys: dict[str, Journey] = field(default_factory=dict)
    #: Problems not attached to a journey or persona (brand, CSV, folder).
    problems: list[Problem] = field(default_factory=list)
    #: Files that could not be read at all, by relative path.
    broken_files: dict[str, list[Problem]] = field(default_factory=dict)
    #: The valid parts of journeys with schema errors, by source (see :class:`PartialJourney`).
    partial: dict[str, PartialJourney] = field(default_factory=dict)
    #: Every page's URI, set by the loader (:func:`mkdocs_cjm.uris.plan_pages`).
    page_uris: Optional["PageUris"] = None
    #: Where things are in the files read (set by the loader; empty for a project built in code).
    sources: Sources = field(default_factory=Sources, repr=False, compare=False)
    #: Warnings of the data files for ``mkdocs-cjm check`` (a metric whose rows match nothing, an unused file).
    data_warnings: list[Problem] = field(default_factory=list, repr=False, compare=False)

    # -- look-ups --------------------------------------------------------
    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self._promises = {p.id: p for p in self.brand.promises}
        self._channels = {c.id: c for c in self.brand.channels}
        self._lanes = {lane.id: lane for lane in self.brand.lanes}

    def promise(self, promise_id: str) -> Optional[Promise]:
        return self._promises.get(promise_id)

    def content_of(self, journey: Journey) -> Optional[Journey]:
        """What is known of a journey's content: itself, the valid parts of a file with schema
        errors, or None when nothing of it could be read."""
        part = self.partial.get(journey.source)
        if part is not None and part.journey.id == journey.id:
            return part.journey
        if journey.is_broken and not journey.stages:
            return None
        return journey

    def all_problems(self) -> list[Problem]:
        found = list(self.problems)
        for journey in self.journeys.values():
            found.extend(journey.problems)
        for persona in self.personas.values():
            found.extend(persona.problems)
        found.extend(self.brand.problems)
        for problems in self.broken_files.values():
            found.extend(problems)
        return sort_problems(found)

    def errors(self) -> list[Problem]:
        return [p for p in self.all_problems() if p.is_error]

    def channel_for(self, step: Step) -> Optional[Channel]:
        """The brand channel a step names, or an ad-hoc one for free text."""
        if not step.channel:
            return None
        known = self._channels.get(step.channel)
        if known is not None:
            return known
        kind = None
        if _ONLINE_WORDS.search(step.channel):
            kind = "online"
        elif _OFFLINE_WORDS.search(step.channel):
            kind = "offline"
        return Channel(id=step.channel, name=step.channel, kind=kind)  # type: ignore[arg-type]

    def journey_promises(self, journey: Journey) -> list[Promise]:
        """Promises benchmarked on a journey, in brand order."""
        if journey.promises is None:
            return list(self.brand.promises)
        wanted = set(journey.promises)
        return [p for p in self.brand.promises if p.id in wanted]

    def lanes_in_order(self) -> list[str]:
        """Built-in and custom lane ids in display order (FORMAT.md)."""
        order = list(BUILTIN_LANES)
        for lane in self.brand.lanes:
            if lane.after and lane.after in order:
                index = order.index(lane.after) + 1
                # Keep custom lanes that follow the same lane in file order.
                while index < len(order) and order[index] in self._lanes:
                    index += 1
                order.insert(index, lane.id)
            else:
                order.append(lane.id)
        return order

    def custom_lane(self, lane_id: str) -> Optional[Lane]:
        return self._lanes.get(lane_id)

    def personas_of(self, journey: Journey) -> list[Persona]:
        return [self.personas[p] for p in journey.personas if p in self.personas]

    def journeys_of(self, persona_id: str) -> list[Journey]:
        return [j for j in self.journeys.values() if persona_id in j.personas]

    def counterpart_of(self, journey: Journey) -> Optional[Journey]:
        if journey.counterpart:
            return self.journeys.get(journey.counterpart)
        for other in self.journeys.values():
            if other.counterpart == journey.id and other is not journey:
                return other
        return None

    def benchmarks(self, promise_id: str) -> list[Benchmark]:
        """Every rating of a promise, misses first, then partial, then meets."""
        order = {"misses": 0, "partial": 1, "meets": 2}
        found: list[Benchmark] = []
        for journey in self.journeys.values():
            for stage in journey.stages:
                for step in stage.steps:
                    rating = step.promise.get(promise_id)
                    if rating is not None:
                        found.append(Benchmark(StepRef(journey, stage, step), rating))
        found.sort(key=lambda b: order.get(b.rating.rating, 3))  # stable: file order within a rating
        return found

    def iter_steps(self) -> Iterator[StepRef]:
        for journey in self.journeys.values():
            for stage in journey.stages:
                for step in stage.steps:
                    yield StepRef(journey, stage, step)


# -- journeys ------------------------------------------------------------
def unique_links(links: list[NextLink]) -> list[NextLink]:
    """Links with each target once, the first link to it kept.

    The loader already drops repeated targets (with a warning); this keeps a
    model built in code to the same rule: one arrow per pair of steps.
    """
    seen: set[str] = set()
    found: list[NextLink] = []
    for link in links:
        if link.to not in seen:
            seen.add(link.to)
            found.append(link)
    return found


def next_links(journey: Journey, step: Step) -> list[NextLink]:
    """Where a step leads: its explicit ``next``, else the following step."""
    if step.next is not None:
        return unique_links(step.next)
    steps = journey.steps
    for index, candidate in enumerate(steps):
        if candidate is step:
            if index + 1 < len(steps):
                return [NextLink(steps[index + 1].id)]
            return []
    return []


def unusual_links(journey: Journey) -> list[tuple[Step, NextLink]]:
    """``next`` links that are not simply "the following step" (branches, loops), each target once per step."""
    steps = journey.steps
    found: list[tuple[Step, NextLink]] = []
    for index, step in enumerate(steps):
        if step.next is None:
            continue
        following = steps[index + 1].id if index + 1 < len(steps) else None
        links = unique_links(step.next)
        for link in links:
            if link.to == following and not link.label and len(links) == 1:
                continue
            found.append((step, link))
    return found


def review_status(journey: Journey, *, today: _dt.date, default_every: int) -> tuple[ReviewStatus, Optional[_dt.date]]:
    """Whether a journey is fresh, due soon or overdue, with its due date."""
    if journey.reviewed is None:
        return "unknown", None
    every = journey.review_every if journey.review_every is not None else default_every
    due = journey.reviewed + _dt.timedelta(days=every)
    if today > due:
        return "overdue", due
    if (due - today).days <= DUE_WINDOW_DAYS:
        return "due", due
    return "fresh", due


@functools.lru_cache(maxsize=4096)
def owner_name(text: str) -> str:
    """An ``owner`` as one team name: spaces trimmed and collapsed ("" for none). Remembered: a site asks
    for the owner of every step and opportunity on every build (N = 200: 96,600 calls, 0.26 s a rebuild)."""
    return " ".join(text.split())


def step_owner(journey: Journey, step: Step) -> str:
    """Who owns a step: its own ``owner``, else its journey's."""
    return owner_name(step.owner) or owner_name(journey.owner)


def idea_owner(journey: Journey, step: Step, idea: Opportunity) -> str:
    """Who owns an opportunity: its own ``owner``, else its step's (:func:`step_owner`)."""
    return owner_name(idea.owner) or step_owner(journey, step)


def journey_owners(journey: Journey) -> list[str]:
    """Every team with a part in a journey: its owner, then the owners of its steps and
    opportunities, each once, in file order."""
    found = [owner_name(journey.owner)]
    for step in journey.steps:
        found.append(step_owner(journey, step))
        found.extend(idea_owner(journey, step, idea) for idea in step.ideas)
    return [name for name in dict.fromkeys(found) if name]


# -- linking ---------------------------------------------------------------
def _ref_problem(file: str, pos_line: int, pos_col: int, path: str, kind: str, value: str, choices) -> Problem:
    return Problem(
        file=file,
        line=pos_line,
        column=pos_col,
        path=path,
        message=f"unknown {kind} '{value}'",
        hint=did_you_mean(value, choices)
        or (f"expected one of: {', '.join(sorted(choices))}" if choices else f"no {kind}s are defined"),
        code="reference",
    )


def link_project(
    project: Project,
    positions: dict[str, dict[str, tuple[int, int]]],
    display: dict[str, str],
    key_positions: Optional[dict[str, dict[str, tuple[int, int]]]] = None,
) -> None:
    """Check every cross-reference and record problems on the files that hold them.

    ``positions`` maps a file key (journey/persona source) to ``{key path: (line, col)}``
    of values, ``key_positions`` the same for keys (a promise or lane id used as a key
    is reported at the key); ``display`` maps the same file key to the path shown to
    users. A journey with schema errors has the references of its valid parts
    checked (:attr:`Project.partial`).
    """
    project._index()
    promise_ids = set(project._promises)
    lane_ids = set(project._lanes)
    persona_ids = set(project.personas)
    journey_ids = set(project.journeys)
    keys_of = key_positions or {}

    for journey in list(project.journeys.values()):
        body = project.content_of(journey)
        if body is None:
            continue
        part = project.partial.get(journey.source)
        _link_journey(
            project,
            journey,
            body,
            part.step_ids if part is not None and part.journey is body else set(),
            positions.get(journey.source, {}),
            keys_of.get(journey.source, {}),
            display.get(journey.source, journey.source),
            (promise_ids, lane_ids, persona_ids, journey_ids),
        )
    for problem in detail_cycles(project.journeys, project.content_of, positions, display):
        project.journeys[problem.source_id].problems.append(problem.problem)
    _link_brand(project, positions, display, lane_ids)


def _link_journey(
    project: Project,
    journey: Journey,
    body: Journey,
    extra_steps: set[str],
    pos: dict[str, tuple[int, int]],
    keys: dict[str, tuple[int, int]],
    file: str,
    ids: tuple[set[str], set[str], set[str], set[str]],
) -> None:
    """The reference problems of one journey (``body``: its content, or the valid parts of it)."""
    promise_ids, lane_ids, persona_ids, journey_ids = ids
    problems = journey.problems

    def add(path: str, kind: str, value: str, choices, at_key: bool = False) -> None:
        line, col = where(pos, path, keys, at_key=at_key)
        problems.append(_ref_problem(file, line, col, path, kind, value, choices))

    def report(path: str, message: str, hint: str = "", *, at_key: bool = False) -> None:
        line, col = where(pos, path, keys, at_key=at_key)
        problems.append(Problem(file, line, col, path, message, hint=hint, code="reference"))

    for i, persona_id in enumerate(body.personas):
        if persona_id not in persona_ids:
            add(f"personas[{i}]" if f"personas[{i}]" in pos else "personas", "persona", persona_id, persona_ids)
    if body.counterpart:
        if body.counterpart not in journey_ids:
            add("counterpart", "journey", body.counterpart, journey_ids - {journey.id})
        elif body.counterpart == journey.id:
            report("counterpart", "a journey cannot be its own counterpart")
        else:
            other = project.content_of(project.journeys[body.counterpart])
            if other is not None and other.state == body.state:
                report(
                    "counterpart",
                    f"counterpart '{other.id}' has the same state '{other.state}'",
                    "a counterpart is the same journey in the other state (current/future)",
                )
    for i, promise_id in enumerate(body.promises or []):
        if promise_id not in promise_ids:
            add(f"promises[{i}]" if f"promises[{i}]" in pos else "promises", "promise", promise_id, promise_ids)
    benchmarked = set(body.promises) if body.promises is not None else promise_ids
    step_ids = {step.id for step in body.steps} | extra_steps
    for stage in body.stages:
        for step in stage.steps:
            for promise_id in step.promise:
                path = f"{step.path}.promise.{promise_id}"
                if promise_id not in promise_ids:
                    add(path, "promise", promise_id, promise_ids, at_key=True)
                elif promise_id not in benchmarked:
                    report(
                        path,
                        f"promise '{promise_id}' is not in this journey's 'promises'",
                        f"add it to 'promises' ({', '.join(body.promises or []) or 'empty'})",
                        at_key=True,
                    )
            for i, link in enumerate(step.next or []):
                if link.to not in step_ids:
                    add(f"{step.path}.next[{i}]", "step", link.to, step_ids)
            for lane_id in step.lanes:
                if lane_id not in lane_ids:
                    add(f"{step.path}.lanes.{lane_id}", "lane", lane_id, lane_ids, at_key=True)
            for persona_id in step.emotions:
                if persona_id not in body.personas:
                    path = f"{step.path}.emotion.{persona_id}"
                    report(
                        path,
                        f"'{persona_id}' is not a persona of this journey",
                        did_you_mean(persona_id, body.personas)
                        or f"expected one of: {', '.join(body.personas) or 'no personas'}",
                        at_key=True,
                    )
            if step.journey and step.journey not in journey_ids:
                add(f"{step.path}.journey", "journey", step.journey, journey_ids - {journey.id})


def _link_brand(
    project: Project, positions: dict[str, dict[str, tuple[int, int]]], display: dict[str, str], lane_ids: set[str]
) -> None:
    """Custom lanes placed after an unknown lane."""
    builtin = set(BUILTIN_LANES)
    for lane in project.brand.lanes:
        if lane.after and lane.after not in builtin and lane.after not in lane_ids:
            project.brand.problems.append(
                Problem(
                    display.get("brand", "brand.yml"),
                    *positions.get("brand", {}).get("lanes", (1, 1)),
                    path="lanes",
                    message=f"lane '{lane.id}' is placed after unknown lane '{lane.after}'",
                    hint=did_you_mean(lane.after, builtin | lane_ids) or "expected a built-in lane id",
                    code="reference",
                )
            )
