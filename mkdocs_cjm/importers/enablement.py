"""enablement-map-studio files: the ``kind: cjm`` and ``kind: sbp`` documents of its multi-document YAML.

The mapping assumed (keys read in snake_case or camelCase):

* each ``kind: cjm`` document is a journey: ``title`` / ``name`` / ``id`` its title;
  ``persona: {name, description}`` its persona (``description`` the bio);
* ``phases: [{id, name}]`` become stages in their order; ``actions: [{id, name,
  phase, touchpoints, thoughts_feelings, emotion_score}]`` become steps under their
  phase, in file order: ``name`` the touchpoint, ``touchpoints`` the channel
  (joined), ``thoughts_feelings`` the questions lane ("thinking"),
  ``emotion_score`` -2..2 the emotion 1..5;
* ids such as ``cjm:phase:uat`` keep their last part (``uat``); ids left empty
  as slugs (Japanese, say) come from the name, else ``stage-1`` ...; names are kept;
* a ``kind: sbp`` document's lanes other than the ``cjm`` one become custom lanes,
  filled with the names of their tasks that are linked to an action: by
  ``source_id``, or by a connection to a task whose ``source_id`` is the action.
"""

from __future__ import annotations

from typing import Any, Optional

import yaml

from ..model import BUILTIN_LANES
from ..validate import slugify
from . import DEFAULT_PERSONA, Imported, Note


class _Map(dict):  # type: ignore[type-arg]
    """A mapping that knows its line."""

    line = 0


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with the line of every mapping."""


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Any:
    data = _Map()
    data.line = node.start_mark.line + 1
    yield data
    data.update(loader.construct_mapping(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def _get(mapping: Any, *names: str) -> Any:
    """The first of ``names`` (each also tried in camelCase) that ``mapping`` has."""
    if not isinstance(mapping, dict):
        return None
    for name in names:
        head, *rest = name.split("_")
        for key in (name, head + "".join(part.title() for part in rest)):
            if key in mapping:
                return mapping[key]
    return None


def _text_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def _local_id(value: Any, name: Any) -> Optional[str]:
    """An id from ``cjm:phase:uat`` (``uat``), else from the name; None when neither gives one."""
    local = str(value).rsplit(":", 1)[-1] if value is not None else ""
    return slugify(local) or slugify(str(name or "")) or None


def _seq(result: Imported, file: str, owner: Any, key: str) -> list[Any]:
    """The list under ``key`` (None: empty); anything else is reported and read as empty."""
    value = _get(owner, key)
    if value is None or isinstance(value, list):
        return value or []
    result.notes.append(Note(file, _line(owner), f"{key!r} is not a list, not used"))
    return []


def _line(value: Any) -> int:
    return getattr(value, "line", 0)


def read_enablement(text: str, file: str) -> Imported:
    """Every ``kind: cjm`` document of the file as a journey, with its blueprint's team lanes."""
    result = Imported()
    try:
        documents = [doc for doc in yaml.load_all(text, Loader=_Loader) if doc is not None]  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        result.notes.append(Note(file, mark.line + 1 if mark else 0, f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return result
    cjms = [doc for doc in documents if _get(doc, "kind") == "cjm"]
    blueprints = [doc for doc in documents if _get(doc, "kind") == "sbp"]
    if not cjms:
        result.notes.append(Note(file, 0, "no 'kind: cjm' document found"))
        return result
    lanes = _blueprint_lanes(result, file, blueprints)
    for doc in cjms:
        journey = _journey(result, file, doc, lanes)
        if journey is not None:
            result.journeys.append(journey)
    return result


def _journey(
    result: Imported, file: str, doc: dict[str, Any], lanes: dict[str, dict[str, list[str]]]
) -> Optional[dict[str, Any]]:
    persona = _get(doc, "persona")
    named = persona if isinstance(persona, str) else _get(persona, "name")
    persona_name = str(named or "").strip() or DEFAULT_PERSONA
    persona_data: dict[str, Any] = {"name": persona_name}
    description = str(_get(persona, "description") or "").strip()
    if description:
        persona_data["bio"] = description
    result.personas.setdefault(persona_name, persona_data)
    stages: dict[str, dict[str, Any]] = {}
    for phase in _seq(result, file, doc, "phases"):
        name = str(_get(phase, "name") or "").strip()
        key = str(_get(phase, "id") or name)
        if not name:
            result.notes.append(Note(file, _line(phase), f"phase {key!r} has no name, not used"))
            continue
        stage: dict[str, Any] = {"name": name, "steps": []}
        ident = _local_id(_get(phase, "id"), name)
        if ident:
            stage = {"id": ident, **stage}
        stages[key] = stage
    for action in _seq(result, file, doc, "actions"):
        step = _step(result, file, action, lanes)
        phase = str(_get(action, "phase", "phase_id") or "")
        if step is None:
            continue
        if phase not in stages:
            result.notes.append(Note(file, _line(action), f"action {step['touchpoint']!r}: unknown phase {phase!r}"))
            continue
        stages[phase]["steps"].append(step)
    kept = []
    for stage in stages.values():
        if stage["steps"]:
            kept.append(stage)
        else:
            result.notes.append(Note(file, _line(doc), f"phase {stage['name']!r} has no action; not used"))
    if not kept:
        result.notes.append(Note(file, _line(doc), "a cjm document without any action, not imported"))
        return None
    title = str(_get(doc, "title", "name") or _get(doc, "id") or "Journey")
    return {"title": title, "personas": [persona_name], "stages": kept}


def _step(result: Imported, file: str, action: Any, lanes: dict[str, dict[str, list[str]]]) -> Optional[dict[str, Any]]:
    name = str(_get(action, "name") or "").strip()
    if not name:
        result.notes.append(Note(file, _line(action), "an action without a name, not used"))
        return None
    step: dict[str, Any] = {}
    ident = _local_id(_get(action, "id"), name)
    if ident:
        step["id"] = ident
    step["touchpoint"] = name
    touchpoints = _text_list(_get(action, "touchpoints"))
    if touchpoints:
        step["channel"] = ", ".join(touchpoints)
    thoughts = _text_list(_get(action, "thoughts_feelings"))
    if thoughts:
        step["questions"] = thoughts
    score = _get(action, "emotion_score")
    if isinstance(score, (int, float)) and not isinstance(score, bool) and score == int(score) and -2 <= score <= 2:
        step["emotion"] = int(score) + 3
    elif score is not None:
        result.notes.append(
            Note(file, _line(action), f"action {name!r}: emotion_score {score!r} is not -2..2; without an emotion")
        )
    filled = {lane: items for lane, by_action in lanes.items() if (items := by_action.get(str(_get(action, "id"))))}
    if filled:
        step["lanes"] = filled
    return step


def _blueprint_lanes(result: Imported, file: str, blueprints: list[Any]) -> dict[str, dict[str, list[str]]]:
    """Custom lane id -> action id -> task names, from the blueprints' non-cjm lanes."""
    found: dict[str, dict[str, list[str]]] = {}
    for doc in blueprints:
        lane_ids: dict[str, str] = {}
        for lane in _seq(result, file, doc, "lanes"):
            if _get(lane, "kind") == "cjm":
                continue
            name = str(_get(lane, "name") or _get(lane, "id") or "").strip()
            ident = _local_id(_get(lane, "id"), name) or f"lane-{len(result.lanes) + 1}"
            ident = f"{ident}-lane" if ident in BUILTIN_LANES else ident
            lane_ids[str(_get(lane, "id"))] = ident
            result.lanes.setdefault(ident, name or ident)
        tasks = [task for task in _seq(result, file, doc, "tasks") if isinstance(task, dict)]
        action_of = {str(_get(t, "id")): str(_get(t, "source_id")) for t in tasks if _get(t, "source_id") is not None}
        links: dict[str, set[str]] = {}
        for connection in _seq(result, file, doc, "connections"):
            source, target = str(_get(connection, "source")), str(_get(connection, "target"))
            for one, other in ((source, target), (target, source)):
                if other in action_of:
                    links.setdefault(one, set()).add(action_of[other])
        for task in tasks:
            lane = lane_ids.get(str(_get(task, "lane")))
            if lane is None:
                continue
            actions = {str(_get(task, "source_id"))} if _get(task, "source_id") is not None else set()
            actions |= links.get(str(_get(task, "id")), set())
            name = str(_get(task, "name") or "").strip()
            if not actions or not name:
                result.notes.append(Note(file, _line(task), f"task {name!r} is linked to no action, not used"))
                continue
            for action in sorted(actions):
                found.setdefault(lane, {}).setdefault(action, []).append(name)
    return found
