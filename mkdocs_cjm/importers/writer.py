"""Writing imported maps: valid, unique ids, YAML with the schema comment line, nothing overwritten.

Keys keep the order the importers give them (the order of the format's
documentation), so the same sources always give the same bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..validate import slugify
from . import Imported


@dataclass
class Plan:
    """The files an import writes (path -> text), and the custom lanes a brand.yml must declare."""

    files: dict[Path, str] = field(default_factory=dict)
    #: Lanes to add to an existing brand.yml (id -> label); empty when brand.yml is written.
    lanes_to_declare: dict[str, str] = field(default_factory=dict)

    def conflicts(self) -> list[Path]:
        """The files that exist already."""
        return [path for path in self.files if path.exists()]


def unique_id(text: Any, taken: set[str], fallback: str) -> str:
    """A valid id from ``text`` (:func:`slugify`), ``fallback`` when nothing is left, made unique in ``taken``."""
    base = slugify(str(text)) if text is not None else ""
    base = base or fallback
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def schema_comment(folder: Path, kind: str) -> str:
    """The ``# yaml-language-server: $schema=...`` line for a file in ``folder``.

    The path leads to the nearest ``schema/<kind>.schema.json`` above the
    folder; where there is none, to where the project keeps it beside ``maps/``.
    """
    name = f"{kind}.schema.json"
    here = folder.resolve()
    for parent in (here, *here.parents):
        candidate = parent / "schema" / name
        if candidate.is_file():
            return f"# yaml-language-server: $schema={Path(os.path.relpath(candidate, here)).as_posix()}\n"
    up = "../../" if kind == "persona" else "../"
    return f"# yaml-language-server: $schema={up}schema/{name}\n"


def dump(data: Any) -> str:
    """YAML text of ``data``, keys in their given order, Unicode kept, one line a value where it fits."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def plan(imported: Imported, out: Path) -> Plan:
    """Ids given and files laid out under ``out``: journeys, ``personas/``, and ``brand.yml`` for custom lanes."""
    result = Plan()
    persona_ids: dict[str, str] = {}
    taken: set[str] = set()
    for name in imported.personas:
        persona_ids[name] = unique_id(name, taken, "persona")
    for name, persona in imported.personas.items():
        path = out / "personas" / f"{persona_ids[name]}.yml"
        result.files[path] = schema_comment(path.parent, "persona") + dump(persona)
    journey_ids: set[str] = {"brand"}  # DIR/brand.yml is the brand file, never a journey
    for journey in imported.journeys:
        ident = unique_id(journey["title"], journey_ids, "journey")
        path = out / f"{ident}.yml"
        result.files[path] = schema_comment(out, "journey") + dump(_journey(journey, persona_ids))
    if imported.lanes:
        brand = out / "brand.yml"
        if brand.exists():
            result.lanes_to_declare = dict(imported.lanes)
        else:
            lanes = [{"id": lane, "name": label} for lane, label in imported.lanes.items()]
            result.files[brand] = schema_comment(out, "brand") + dump({"lanes": lanes})
    return result


def _journey(journey: dict[str, Any], persona_ids: dict[str, str]) -> dict[str, Any]:
    """The journey with persona ids, and unique stage and step ids."""
    out: dict[str, Any] = {key: value for key, value in journey.items() if not key.startswith("_")}
    out["personas"] = [persona_ids[name] for name in journey["personas"]]
    stage_ids: set[str] = set()
    step_ids: set[str] = set()
    stages = []
    for number, stage in enumerate(journey["stages"], 1):
        new_stage: dict[str, Any] = {"id": unique_id(stage.get("id") or stage["name"], stage_ids, f"stage-{number}")}
        new_stage.update((key, value) for key, value in stage.items() if key not in ("id", "steps"))
        steps = []
        for step in stage["steps"]:
            fallback = f"step-{len(step_ids) + 1}"
            new_step: dict[str, Any] = {"id": unique_id(step.get("id") or step["touchpoint"], step_ids, fallback)}
            for key, value in step.items():
                if key == "id":
                    continue
                if key == "emotion" and isinstance(value, dict):
                    value = {persona_ids[name]: score for name, score in value.items()}
                new_step[key] = value
            steps.append(new_step)
        new_stage["steps"] = steps
        stages.append(new_stage)
    out["stages"] = stages
    return out


def write(files: dict[Path, str]) -> Iterable[Path]:
    """Write each file (folders made as needed), yielding its path."""
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        yield path
