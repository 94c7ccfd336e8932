"""Model objects from a file's validated values: journeys, personas, the brand.

Each ``build_*`` function takes a parsed file (:class:`~mkdocs_cjm.load.positions.YamlFile`), validates it
against its schema and gives the model object; a broken file gives an object that keeps its id, its title and
its problems. Ids missing in the file are generated here; ids given twice within one file are errors of that
file (ids given twice across files: :func:`mkdocs_cjm.load.walk.load_project`).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any, Optional

from .. import schema as S
from ..model import (
    BUILTIN_LANES,
    Brand,
    Channel,
    DataSource,
    Journey,
    Lane,
    Metric,
    NextLink,
    Opportunity,
    Persona,
    Pos,
    Promise,
    PromiseRating,
    Stage,
    Step,
)
from ..site import PartialJourney, unusual_links
from ..validate import join, slugify
from ..values import as_date
from .positions import YamlFile
from .valid import PRUNED, present_items, schema_problems, valid_part

#: Most different steps one step's ``next`` may name: a card's top has room for
#: about 50 arrow ends (160 px at 3 px apart); no real step branches that much.
MAX_NEXT = 50
#: Most arrows (branches and loops) one journey may draw. Real maps draw tens;
#: 2,000 stacked arrows are already unreadable, and route in a fraction of a second.
MAX_ARROWS = 2000

_ID = re.compile(S.ID_PATTERN)


def as_list(value: Any) -> list[Any]:
    """A validated single item or list as a list; None is []."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def as_text(value: Any) -> str:
    """A validated text value (text or a number) as plain text; None is ''."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    return str(value)


def texts(value: Any) -> list[str]:
    """A validated single item or list as a list of texts, blank items left out."""
    if value is None:
        return []
    out = []
    for item in value if type(value) is list else (value,):
        text = item if type(item) is str else as_text(item)
        if text and not text.isspace():
            out.append(text)
    return out


def _unique_id(wanted: str, fallback: str, taken: set[str]) -> str:
    """``wanted`` (else ``fallback``), with -2, -3, ... added while the id is taken."""
    base = wanted or fallback
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def file_id(relative: PurePosixPath) -> str:
    """The id of a file that gives none: its name without extension, made an id when it is not one."""
    stem = relative.name.rsplit(".", 1)[0]
    return stem if _ID.match(stem) else slugify(stem) or "map"


# -- journeys ----------------------------------------------------------------
def build_journey(doc: YamlFile, relative: str, partial: Optional[dict[str, PartialJourney]] = None) -> Journey:
    """A journey from a parsed file; a broken one keeps its id, title and problems.

    When the file breaks its schema, the valid parts of it go into ``partial``
    (by ``relative``): their references are checked, no page shows them.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    default_id = file_id(PurePosixPath(relative))
    jid = data.get("id") if isinstance(data.get("id"), str) and _ID.match(data.get("id", "")) else default_id
    title = data.get("title")
    journey = Journey(
        id=jid,
        title=as_text(title)
        if isinstance(title, (str, int, float)) and not isinstance(title, bool) and str(title).strip()
        else PurePosixPath(relative).name,
        source=relative,
    )
    journey.problems = doc.problems
    if doc.data is None:
        return journey
    violations = schema_problems(doc, "journey")
    if violations:
        if partial is not None:
            part = Journey(id=jid, title=journey.title, source=relative)
            _fill_journey(part, valid_part(data, "journey", violations), doc)
            part.problems = doc.problems
            partial[relative] = PartialJourney(part, _raw_step_ids(data))
        return journey
    _fill_journey(journey, data, doc)
    return journey


def _raw_step_ids(data: dict[str, Any]) -> set[str]:
    """The ids written on every step of a journey file, valid or not (and as ids: ``Insta_Ad`` is ``insta-ad``)."""
    found: set[str] = set()
    for stage in data.get("stages") if isinstance(data.get("stages"), list) else ():
        steps = stage.get("steps") if isinstance(stage, dict) else None
        for step in steps if isinstance(steps, list) else ():
            if isinstance(step, dict) and isinstance(step.get("id"), str):
                found.update((step["id"], slugify(step["id"])))
    return found


def _fill_journey(journey: Journey, data: dict[str, Any], doc: YamlFile) -> None:
    """A journey's content from values its schema accepts (all of a file, or its valid part)."""
    journey.summary = as_text(data.get("summary"))
    journey.state = data.get("state", "current")
    journey.counterpart = data.get("counterpart", "")
    journey.personas = texts(data.get("personas"))
    journey.goal = as_text(data.get("goal"))
    journey.scope = as_text(data.get("scope"))
    journey.owner = as_text(data.get("owner"))
    journey.reviewed = as_date(data.get("reviewed"))
    journey.review_every = _int(data.get("review_every"))
    journey.evidence = texts(data.get("evidence"))
    journey.promises = texts(data.get("promises")) if "promises" in data else None
    journey.tags = texts(data.get("tags"))
    journey.pos = Pos(*doc.where(""))

    # Explicit ids are reserved first, so a generated id never takes one.
    stages = present_items(data.get("stages"))
    stage_ids: set[str] = {s["id"] for _, s in stages if "id" in s}
    step_ids: set[str] = {t["id"] for _, s in stages for _, t in present_items(s["steps"]) if "id" in t}
    explicit_steps: dict[str, str] = {}
    explicit_stages: dict[str, str] = {}
    number = 0  # steps so far
    for si, sdata in stages:
        spath = f"stages[{si}]"
        sid = sdata.get("id")
        _claim_id(doc, "stage", sid, spath, explicit_stages)
        stage = Stage(
            id=_unique_id(slugify(as_text(sdata["name"])), f"stage-{si + 1}", stage_ids) if sid is None else sid,
            name=as_text(sdata["name"]),
            goal=as_text(sdata.get("goal")),
            description=as_text(sdata.get("description")),
            pos=Pos(*doc.where(spath)),
            path=spath,
        )
        stage_ids.add(stage.id)
        for ti, tdata in present_items(sdata["steps"]):
            tpath = f"{spath}.steps[{ti}]"
            number += 1
            tid = tdata.get("id")
            _claim_id(doc, "step", tid, tpath, explicit_steps)
            step = Step(
                id=tid
                if tid is not None
                else _unique_id(slugify(as_text(tdata["touchpoint"])), f"step-{number}", step_ids),
                touchpoint=as_text(tdata["touchpoint"]),
                channel=as_text(tdata.get("channel")),
                actions=texts(tdata.get("actions")),
                questions=texts(tdata.get("questions")),
                motivations=texts(tdata.get("motivations")),
                pain_points=texts(tdata.get("pain_points")),
                emotion=_int(tdata.get("emotion")),
                emotions=_scores(tdata.get("emotion")),
                quote=as_text(tdata.get("quote")),
                ideas=_opportunities(tdata.get("opportunities")),
                owner=as_text(tdata.get("owner")),
                journey=tdata["journey"] if isinstance(tdata.get("journey"), str) else "",
                pos=Pos(*doc.where(tpath)),
                path=tpath,
            )
            step.opportunities = [idea.text for idea in step.ideas]
            step_ids.add(step.id)
            metric_ids: set[str] = set()
            for mi, mdata in present_items(tdata.get("metrics")):
                mid = mdata.get("id") or slugify(as_text(mdata["name"])) or f"metric-{mi + 1}"
                if mid in metric_ids:
                    where = f"{tpath}.metrics[{mi}]" + (".id" if "id" in mdata else "")
                    doc.error(
                        where,
                        f"metric id '{mid}' is used twice in this step",
                        hint="give each metric its own 'id'",
                        code="duplicate-id",
                    )
                metric_ids.add(mid)
                step.metrics.append(
                    Metric(
                        id=mid,
                        name=as_text(mdata["name"]),
                        actual=mdata.get("actual"),
                        target=mdata.get("target"),
                        unit=as_text(mdata.get("unit")),
                        better=mdata.get("better", "higher"),
                        source=as_text(mdata.get("source")),
                        data=_data_source(mdata.get("from"), f"{tpath}.metrics[{mi}].from"),
                    )
                )
            for pid, rdata in (tdata.get("promise") or {}).items():
                step.promise[pid] = PromiseRating(pid, rdata["rating"], as_text(rdata.get("note")))
            if "next" in tdata:
                step.next = _next_links(doc, step, [i for i in as_list(tdata["next"]) if i is not PRUNED])
            for lane_id, items in (tdata.get("lanes") or {}).items():
                step.lanes[lane_id] = texts(items)
            stage.steps.append(step)
        journey.stages.append(stage)
    _check_arrow_count(doc, journey)


def _next_links(doc: YamlFile, step: Step, items: list[Any]) -> list[NextLink]:
    """A step's ``next`` links, each target once.

    A target given again adds nothing: the first link to it (and its label)
    is kept, the repeats are dropped with one warning per target, at its
    first repeat, naming any label that is lost. More than :data:`MAX_NEXT`
    different targets is an error (the journey is broken, as with any
    error); only the first :data:`MAX_NEXT` are kept.
    """
    path = f"{step.path}.next"
    links: dict[str, NextLink] = {}  # target -> first link (dicts keep order)
    repeats: dict[str, list[int]] = {}  # target -> indexes of the links that repeat it
    for i, item in enumerate(items):
        link = NextLink(item["to"], as_text(item.get("label"))) if isinstance(item, dict) else NextLink(item)
        if link.to in links:
            repeats.setdefault(link.to, []).append(i)
        else:
            links[link.to] = link
    for target, where in repeats.items():
        doc.error(
            f"{path}[{where[0]}]",
            _repeat_message(links[target], [items[i] for i in where]),
            "list each step once in 'next', with one label that covers every case",
            code="duplicate-next",
            severity="warning",
        )
    if len(links) > MAX_NEXT:
        doc.error(
            path,
            f"found {len(links)} different steps in 'next', expected at most {MAX_NEXT}",
            "a step leads to a few others; split it into several steps",
            code="too-many-links",
        )
    return list(links.values())[:MAX_NEXT]


def _repeat_message(kept: NextLink, repeats: list[Any]) -> str:
    """What a warning about a ``next`` target given more than once says."""
    times = "twice" if len(repeats) == 1 else f"{len(repeats) + 1} times"
    message = f"step '{kept.to}' is listed {times} in 'next'; only the first link is used"
    labels = (as_text(item.get("label")) for item in repeats if isinstance(item, dict))
    lost = sorted({label for label in labels if label and label != kept.label})
    if lost:
        shown = ", ".join(f"'{label}'" for label in lost[:3]) + (", ..." if len(lost) > 3 else "")
        message += f" (label '{kept.label}'); not shown: {shown}" if kept.label else f"; not shown: {shown}"
    return message


def _check_arrow_count(doc: YamlFile, journey: Journey) -> None:
    """An error when the journey draws more than :data:`MAX_ARROWS` arrows, at the step that goes past it."""
    count = 0
    for step, _ in unusual_links(journey):
        count += 1
        if count > MAX_ARROWS:
            message = f"found more than {MAX_ARROWS} arrows (branches and loops) in this journey, expected at most"
            doc.error(
                f"{step.path}.next",
                f"{message} {MAX_ARROWS}; this step's 'next' goes past the limit",
                "link fewer steps, or split the journey",
                code="too-many-links",
            )
            return


def _claim_id(doc: YamlFile, kind: str, value: Optional[str], path: str, claimed: dict[str, str]) -> None:
    """Record an explicit stage or step id at ``path``; an error when the journey already used it."""
    if value is None:
        return
    if value in claimed:
        doc.error(
            join(path, "id"),
            f"{kind} id '{value}' is used twice in this journey (also at {_at_line(doc, claimed[value])})",
            code="duplicate-id",
            hint=f"give each {kind} its own 'id'",
        )
    claimed[value] = path


def _at_line(doc: YamlFile, path: str) -> str:
    line = doc.where(path)[0]
    return f"{path}, line {line}" if line else path


def _int(value: Any) -> Optional[int]:
    """An integer from a validated value (JSON Schema counts 4.0 as an integer)."""
    if value is None or isinstance(value, bool):
        return None
    return int(value) if isinstance(value, (int, float)) else None


def _scores(value: Any) -> dict[str, int]:
    """Emotion scores by persona id from a validated ``emotion`` mapping ({} for one score)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): score for k, v in value.items() if v is not PRUNED and (score := _int(v)) is not None}


def _opportunities(value: Any) -> list[Opportunity]:
    """The opportunities of a step: text items, and mappings with their priority fields."""
    out: list[Opportunity] = []
    for item in as_list(value):
        if item is PRUNED or item is None:
            continue
        if isinstance(item, dict):
            if "text" not in item:
                continue
            out.append(
                Opportunity(
                    text=as_text(item["text"]),
                    impact=_int(item.get("impact")),
                    effort=_int(item.get("effort")),
                    status=item["status"] if isinstance(item.get("status"), str) else "idea",
                    owner=as_text(item.get("owner")),
                    detailed=True,
                )
            )
        else:
            out.append(Opportunity(text=as_text(item)))
    return [idea for idea in out if idea.text and not idea.text.isspace()]


# -- personas ------------------------------------------------------------------
def build_persona(doc: YamlFile, relative: str, docs_dir: Optional[Path]) -> Persona:
    """A persona from a parsed file; a broken one keeps its id, name and problems (its photo path is checked)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    pid = (
        data.get("id")
        if isinstance(data.get("id"), str) and _ID.match(data.get("id", ""))
        else file_id(PurePosixPath(relative))
    )
    name = data.get("name")
    persona = Persona(
        id=pid,
        name=as_text(name) if isinstance(name, (str, int, float)) and not isinstance(name, bool) else pid,
        source=relative,
    )
    persona.problems = doc.problems
    if doc.data is None:
        return persona
    violations = schema_problems(doc, "persona")
    if violations:
        # No page shows a broken persona's content; its photo path is still checked.
        photo = valid_part(data, "persona", violations).get("photo")
        if photo:
            _check_photo(doc, photo, docs_dir)
        return persona
    for key in ("tagline", "role", "bio", "quote"):
        setattr(persona, key, as_text(data.get(key)))
    persona.value = data.get("value", "")
    for key in ("goals", "needs", "pain_points", "behaviours", "channels", "evidence"):
        setattr(persona, key, texts(data.get(key)))
    photo = data.get("photo")
    if photo and _check_photo(doc, photo, docs_dir):
        persona.photo = PurePosixPath(photo.replace("\\", "/")).as_posix()
    persona.pos = Pos(*doc.where(""))
    persona.problems = doc.problems
    return persona


def _check_photo(doc: YamlFile, photo: str, docs_dir: Optional[Path]) -> bool:
    """Whether a persona's photo path can be used; an error of the file when not."""
    problem = check_docs_path(photo, docs_dir)
    if problem:
        doc.error("photo", problem[0], problem[1], code="path")
    return problem is None


def check_docs_path(value: str, docs_dir: Optional[Path]) -> Optional[tuple[str, str]]:
    """Why a path relative to ``docs_dir`` is not acceptable, or None."""
    text = value.replace("\\", "/")
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text) or text.startswith("//"):
        return (
            f"found {value!r}, expected a path relative to docs_dir",
            "copy the file into docs_dir; URLs are not fetched",
        )
    if text.startswith("/"):
        return f"found absolute path {value!r}, expected a path relative to docs_dir", ""
    parts = PurePosixPath(text).parts
    depth = 0
    for part in parts:
        depth += -1 if part == ".." else (0 if part == "." else 1)
        if depth < 0:
            return f"path {value!r} leads outside docs_dir", "keep pictures inside docs_dir"
    if docs_dir is not None:
        try:
            target = (docs_dir / text).resolve()
            target.relative_to(docs_dir.resolve())
        except ValueError:
            return f"path {value!r} leads outside docs_dir (through a symbolic link)", "keep pictures inside docs_dir"
        except (OSError, RuntimeError) as exc:
            return f"path {value!r} cannot be used: {getattr(exc, 'strerror', None) or exc}", ""
        try:
            found = target.is_file()
        except OSError:
            found = False
        if not found:
            return f"file {value!r} not found in docs_dir", ""
    return None


# -- brand ---------------------------------------------------------------------
def build_brand(doc: YamlFile, relative: str) -> Brand:
    """The brand from a parsed file: the promises, channels and lanes written correctly, even in a broken file."""
    brand = Brand(source=relative)
    brand.problems = doc.problems
    if doc.data is None:
        return brand
    violations = schema_problems(doc, "brand")
    # A broken brand file still gives the promises, channels and lanes written correctly.
    data = valid_part(doc.data, "brand", violations) if violations else doc.data
    brand.name = as_text(data.get("name"))
    for key, kind in (("promises", "promise"), ("channels", "channel"), ("lanes", "lane")):
        seen: dict[str, int] = {}
        for index, item in present_items(data.get(key)):
            iid = item["id"]
            if iid in seen:
                doc.error(
                    f"{key}[{index}].id",
                    f"{kind} id '{iid}' is used twice (also {key}[{seen[iid]}])",
                    code="duplicate-id",
                )
                continue
            seen[iid] = index
            if kind == "promise":
                brand.promises.append(
                    Promise(
                        iid,
                        as_text(item["name"]),
                        as_text(item.get("statement")),
                        as_text(item.get("looks_like")),
                        Pos(*doc.where(f"{key}[{index}]")),
                    )
                )
            elif kind == "channel":
                brand.channels.append(Channel(iid, as_text(item["name"]), item.get("kind"), item.get("icon", "")))
            else:
                if iid in BUILTIN_LANES:
                    doc.error(
                        f"{key}[{index}].id",
                        f"lane id '{iid}' is a built-in lane",
                        hint="choose another id",
                        code="duplicate-id",
                    )
                    continue
                brand.lanes.append(Lane(iid, as_text(item["name"]), item.get("after", "")))
    brand.problems = doc.problems
    return brand


def _cells(filter_data: Any) -> dict[str, list[str]]:
    """A ``where`` / ``match`` mapping as column -> the texts it accepts."""
    if not isinstance(filter_data, dict):
        return {}
    return {as_text(k).strip(): [as_text(v).strip() for v in as_list(vs)] for k, vs in filter_data.items()}


def _data_source(data: Any, path: str) -> Optional[DataSource]:
    """A metric's ``from`` as a :class:`DataSource` (the schema has checked its types), or None."""
    if not isinstance(data, dict) or "file" not in data or "measure" not in data:
        return None
    return DataSource(
        file=as_text(data["file"]),
        measure=as_text(data["measure"]),
        value=as_text(data.get("value")).strip(),
        where=_cells(data.get("where")),
        match=_cells(data.get("match")),
        per=as_text(data.get("per")).strip(),
        period=as_text(data.get("period")),
        path=path,
    )
