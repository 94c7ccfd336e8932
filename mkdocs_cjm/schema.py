"""JSON Schemas (draft 2020-12) of the map files: the one source of truth.

The loader validates files against these very dictionaries (see
:mod:`mkdocs_cjm.validate`), and ``mkdocs-cjm schema`` writes them out for
editors, so what an editor flags and what the build rejects cannot drift.
Rules a JSON Schema cannot state (duplicate keys, unique ids, references
between files, paths that leave ``docs_dir``) are checked by the loader and
the site model on top.
"""

from __future__ import annotations

import copy
import json
from typing import Any

Schema = dict[str, Any]

#: An id: lowercase ASCII letters and digits in words joined by single '-'.
#: The trailing ``(?!\n)`` makes Python's ``$`` mean "end" as it does in
#: JavaScript (where it is a no-op), so "a-b\n" is not an id in either.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$(?!\n)"
ID_DESCRIPTION = "an id (lowercase letters, digits and '-')"
#: Shown by editors (YAML language server) instead of the bare pattern.
ID_ERROR = "Expected an id: lowercase letters, digits and '-', e.g. 'click-and-collect'."
SCHEMA_BASE = "https://mkdocs-cjm.invalid/schema"


def _text(description: str) -> Schema:
    return {"type": ["string", "number"], "description": description}


def _id_item() -> Schema:
    return {"type": "string", "pattern": ID_PATTERN, "patternErrorMessage": ID_ERROR}


def _id(description: str) -> Schema:
    return _id_item() | {"description": description}


def _enum(values: dict[str, str], description: str, default: str | None = None) -> Schema:
    """An enum with a description of each value (shown by editors while completing)."""
    schema: Schema = {"enum": list(values), "description": description, "enumDescriptions": list(values.values())}
    if default is not None:
        schema["default"] = default
    return schema


def _list_of(item: Schema, description: str, min_items: int = 0) -> Schema:
    array: Schema = {"type": "array", "items": item}
    if min_items:
        array["minItems"] = min_items
    return {"anyOf": [item, array], "description": description + " (a single item or a list)"}


def _texts(description: str) -> Schema:
    return _list_of({"type": ["string", "number"]}, description)


def _ids(description: str, min_items: int = 0) -> Schema:
    return _list_of(_id_item(), description, min_items)


def _object(properties: dict[str, Schema], required: tuple[str, ...] = (), description: str = "") -> Schema:
    schema: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


DATE = {"type": "string", "format": "date", "description": "a date, YYYY-MM-DD"}

_CELL_VALUES = _list_of({"type": ["string", "number"]}, "A cell value; '*' is a wildcard")
_FILTER = {
    "type": "object",
    "additionalProperties": _CELL_VALUES,
    "description": "Column name -> a value or a list of values (any of them); '*' is a wildcard.",
}
FROM = _object(
    {
        "file": {"type": "string", "description": "The exported CSV file, a path under maps/data/."},
        "where": _FILTER | {"description": "Only rows whose cells match: " + _FILTER["description"]},
        "value": _text("The column measured (for every measure but count and share)."),
        "measure": _enum(
            {
                "sum": "The sum of the value column over the matching rows.",
                "mean": "The mean of the value column.",
                "median": "The median of the value column.",
                "min": "The least value.",
                "max": "The greatest value.",
                "count": "The number of matching rows.",
                "share": "The percentage of matching rows that also match `match`.",
                "rate": "Sum of value / sum of the column `per`, as a percentage.",
                "nps": "Net promoter score of 0-10 scores: % of 9-10 minus % of 0-6.",
                "csat": "Satisfaction of 1-5 scores: % of 4 and 5.",
            },
            "How the matching rows become one number.",
        ),
        "match": _FILTER | {"description": "For share: " + _FILTER["description"]},
        "per": _text("For rate: the column divided by (e.g. sessions)."),
        "period": _text("The period shown with the value; default: the file's # Start date / # End date."),
    },
    required=("file", "measure"),
    description="Compute `actual` from a file exported from an analytics, CRM or survey tool.",
)

METRIC = _object(
    {
        "name": _text("What is measured, e.g. 'Click-through rate'."),
        "id": _id("Id of the metric within its step; default: a slug of its name. The metrics CSV refers to it."),
        "actual": {"type": "number", "description": "The measured value (the metrics CSV may override it)."},
        "target": {"type": "number", "description": "The value aimed for."},
        "unit": _text("Unit shown after the values, e.g. '%', 's', '£'."),
        "better": _enum(
            {
                "higher": "A higher value is better (the default).",
                "lower": "A lower value is better, e.g. waiting time.",
            },
            "Which direction is good (default: higher).",
            "higher",
        ),
        "source": _text("Where the figure comes from."),
        "from": FROM,
    },
    required=("name",),
    description="A KPI measured at this step, against its target.",
)

RATING = _object(
    {
        "rating": _enum(
            {
                "meets": "The step keeps the promise.",
                "partial": "The step keeps part of the promise.",
                "misses": "The step breaks the promise.",
            },
            "How well the step keeps the promise.",
        ),
        "note": _text("Evidence or explanation for the rating."),
    },
    required=("rating",),
    description="A benchmark of this step against one brand promise.",
)

NEXT_ITEM = {
    "anyOf": [
        _id_item(),
        _object(
            {"to": _id("The step id this one leads to."), "label": _text("Label drawn on the arrow.")},
            required=("to",),
        ),
    ]
}

#: An emotion score: 1 very negative .. 3 neutral .. 5 delighted.
SCORE: Schema = {"type": "integer", "minimum": 1, "maximum": 5}


def _rank(description: str) -> Schema:
    return {"type": "integer", "minimum": 1, "maximum": 5, "description": description}


#: Statuses of an opportunity, in their order of progress.
OPPORTUNITY_STATUSES = {
    "idea": "Not decided yet (the default).",
    "planned": "Decided and scheduled.",
    "in-progress": "Being delivered.",
    "done": "Delivered.",
}

OPPORTUNITY = _object(
    {
        "text": _text("The idea."),
        "impact": _rank("1..5: value to the customer and the business."),
        "effort": _rank("1..5: cost to deliver."),
        "status": _enum(OPPORTUNITY_STATUSES, "idea (default), planned, in-progress or done.", "idea"),
        "owner": _text("Who delivers it."),
    },
    required=("text",),
    description="An idea to improve this step, with its priority.",
)

STEP = _object(
    {
        "id": _id("Id of the step, unique within the journey; default: a slug of the touchpoint."),
        "touchpoint": _text("Where the customer meets the brand: the card title."),
        "channel": _text("A channel id from brand.yml, or free text."),
        "actions": _texts("What the customer does."),
        "questions": _texts("What the customer asks themself."),
        "motivations": _texts("Why the customer goes on."),
        "pain_points": _texts("What goes wrong or frustrates."),
        "emotion": {
            "anyOf": [
                SCORE,
                {
                    "type": "object",
                    "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": SCORE,
                },
            ],
            "description": "How the customer feels: 1 very negative .. 3 neutral .. 5 delighted; "
            "or a score per persona id, e.g. {maya: 2, leo: 4}.",
        },
        "quote": _text("Something the customer says at this step."),
        "opportunities": _list_of(
            {"anyOf": [{"type": ["string", "number"]}, OPPORTUNITY]},
            "Ideas to improve this step: text, or {text, impact, effort, status, owner}",
        ),
        "owner": _text("Team that owns this step."),
        "metrics": {"type": "array", "items": METRIC, "description": "KPIs measured at this step."},
        "promise": {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": RATING,
            "description": "Brand promises benchmarked at this step, by promise id.",
        },
        "next": _list_of(NEXT_ITEM, "Step ids this one leads to, or {to, label}; default: the following step."),
        "journey": _id("Id of the journey that details this step."),
        "lanes": {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": _texts("Text for this custom lane."),
            "description": "Text for the custom lanes that brand.yml declares, by lane id.",
        },
    },
    required=("touchpoint",),
    description="A touchpoint or interaction.",
)

STAGE = _object(
    {
        "id": _id("Id of the stage, unique within the journey; default: a slug of its name."),
        "name": _text("Name of the stage, e.g. Awareness."),
        "goal": _text("What the customer wants in this stage."),
        "description": _text("Longer Markdown description."),
        "steps": {"type": "array", "items": STEP, "minItems": 1, "description": "The steps of the stage, in order."},
    },
    required=("name", "steps"),
    description="A stage of the journey.",
)

JOURNEY = _object(
    {
        "id": _id("Id of the journey, unique site-wide; default: the file name."),
        "title": _text("Title of the journey map."),
        "summary": _text("One or two sentences shown on index cards and in search results."),
        "state": _enum(
            {
                "current": "The journey as it is today (as-is; the default).",
                "future": "The journey as it should be (to-be).",
            },
            "current (as-is, the default) or future (to-be).",
            "current",
        ),
        "counterpart": _id("Id of the same journey in the other state."),
        "personas": _ids("Persona ids; at least one.", min_items=1),
        "goal": _text("The business objective."),
        "scope": _text("Segment, product or part of the journey covered."),
        "owner": _text("Who owns the map."),
        "reviewed": DATE | {"description": "Date of the last review against real behaviour (YYYY-MM-DD)."},
        "review_every": {
            "type": "integer",
            "minimum": 1,
            "maximum": 36500,
            "description": "Days between reviews; default: the plugin option review_every.",
        },
        "evidence": _texts("Research behind the map; none means assumption-based."),
        "promises": _ids("Promise ids benchmarked here; default: every promise in brand.yml."),
        "tags": _texts("Tags."),
        "stages": {"type": "array", "items": STAGE, "minItems": 1, "description": "The stages, in order."},
    },
    required=("title", "stages"),
    description="A customer journey map (mkdocs-cjm).",
)

PERSONA = _object(
    {
        "id": _id("Id of the persona, unique site-wide; default: the file name."),
        "name": _text("Name of the persona."),
        "tagline": _text("A few words that sum them up."),
        "photo": {"type": "string", "description": "Path of a picture, relative to docs_dir."},
        "role": _text("Job, age, place."),
        "value": _enum(
            {"high": "High lifetime value.", "medium": "Medium lifetime value.", "low": "Low lifetime value."},
            "Lifetime value tier.",
        ),
        "bio": _text("Markdown backstory."),
        "goals": _texts("What they want to achieve."),
        "needs": _texts("What they need from us."),
        "pain_points": _texts("What frustrates them."),
        "behaviours": _texts("How they behave."),
        "channels": _texts("Channels they use (channel ids or free text)."),
        "quote": _text("Something they would say."),
        "evidence": _texts("Research behind the persona."),
    },
    required=("name",),
    description="A persona (mkdocs-cjm).",
)

BRAND = _object(
    {
        "name": _text("Name of the brand."),
        "promises": {
            "type": "array",
            "description": "Brand promises, benchmarked at each step.",
            "items": _object(
                {
                    "id": _id("Id of the promise."),
                    "name": _text("Name of the promise."),
                    "statement": _text("The promise, as said to customers."),
                    "looks_like": _text("What 'meets' means."),
                },
                required=("id", "name"),
            ),
        },
        "channels": {
            "type": "array",
            "description": "Channels that steps name by id.",
            "items": _object(
                {
                    "id": _id("Id of the channel."),
                    "name": _text("Name of the channel."),
                    "kind": _enum(
                        {"online": "A digital channel.", "offline": "A physical channel."}, "online or offline."
                    ),
                    "icon": {
                        "type": "string",
                        "pattern": ID_PATTERN,
                        "description": "Optional Material Design icon name, e.g. store, web, cellphone.",
                    },
                },
                required=("id", "name"),
            ),
        },
        "lanes": {
            "type": "array",
            "description": "Custom lanes (service-blueprint style).",
            "items": _object(
                {
                    "id": _id("Id of the lane; steps fill it under lanes: {id: ...}."),
                    "name": _text("The lane's label."),
                    "after": _id("The built-in lane it follows (default: last)."),
                },
                required=("id", "name"),
            ),
        },
    },
    description="Brand promises, channels and custom lanes (mkdocs-cjm).",
)

# Snippets that editors (the YAML language server) offer for a new list item.
STEP["defaultSnippets"] = [
    {
        "label": "step",
        "description": "A new step",
        "body": {
            "id": "${1:step-id}",
            "touchpoint": "${2:Touchpoint}",
            "channel": "${3:web}",
            "actions": ["${4:What the customer does}"],
            "emotion": 3,
        },
    }
]
STAGE["defaultSnippets"] = [
    {
        "label": "stage",
        "description": "A new stage with one step",
        "body": {
            "name": "${1:Stage}",
            "goal": "${2:What the customer wants}",
            "steps": [{"touchpoint": "${3:Touchpoint}", "emotion": 3}],
        },
    }
]

SCHEMAS: dict[str, Schema] = {"journey": JOURNEY, "persona": PERSONA, "brand": BRAND}


def document(kind: str) -> Schema:
    """The schema of a kind of file as a standalone JSON Schema document."""
    schema = copy.deepcopy(SCHEMAS[kind])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}/{kind}.schema.json",
        "$comment": "Generated by 'mkdocs-cjm schema' from mkdocs_cjm/schema.py; do not edit by hand.",
        "title": f"mkdocs-cjm {kind}",
        **schema,
    }


def dumps(kind: str) -> str:
    return json.dumps(document(kind), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
