"""A :class:`~.compare.Comparison` as Markdown (for a pull-request comment) or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Optional

from ..problems import Problem
from ..text import literal, md_inline
from .compare import Change, Comparison

#: The first line of every summary (the workflow finds its comment by it).
MARKER = "<!-- mkdocs-cjm diff -->"
_NOTHING = "No change to the customer journeys."
_ARROWS = {True: "↑", False: "↓"}


def _rev(revision: str) -> str:
    """A revision as code (git forbids spaces in ref names, not backticks)."""
    if revision == "working tree":
        return revision
    return f"`{revision}`" if "`" not in revision else literal(revision)


def _t(value: Any) -> str:
    """Map text: inline Markdown, as the site shows it (made safe)."""
    return md_inline(str(value))


def _num(value: Optional[float], unit: str = "") -> str:
    if value is None:
        return "none"
    return f"{value:g}{md_inline(unit)}"


def _problems(title: str, problems: list[Problem]) -> list[str]:
    if not problems:
        return []
    lines = [f"**{title}**", ""]
    for problem in problems:
        where = f"{problem.path}: " if problem.path else ""
        lines.append(f"- `{problem.location()}` {literal(where + problem.message)}")
    return lines + [""]


def _site_line(change: Change) -> str:
    if change.how == "renamed":
        (old_id, old_name), (new_id, new_name) = change.old, change.new
        if old_id != new_id and old_name != new_name:
            return f"- Renamed {change.what} {_t(old_name)} (`{old_id}`) → {_t(new_name)} (`{new_id}`)"
        if old_id != new_id:
            return f"- Renamed {change.what} id `{old_id}` → `{new_id}` ({_t(new_name)})"
        return f"- Renamed {change.what} `{new_id}`: {_t(old_name)} → {_t(new_name)}"
    return f"- {change.how.capitalize()} {change.what} {_t(change.name)} (`{change.id}`)"


def _journey_line(change: Change) -> str:
    step = f"{_t(change.name)}"
    if change.what == "stage":
        if change.how == "renamed":
            return f"- Stage renamed: {_t(change.old[1])} → {_t(change.new[1])}"
        if change.how == "moved":
            return f"- Stage {_t(change.name)} moved: position {change.old} → {change.new}"
        return f"- Stage {change.how}: {_t(change.name)}"
    if change.what == "step":
        stage = change.detail.get("stage", "")
        if change.how == "renamed":
            return f"- Step renamed: {_t(change.old[1])} → {_t(change.new[1])}"
        if change.how == "moved":
            if isinstance(change.old, int):
                return f"- Step {step} moved within {_t(stage)}: position {change.old} → {change.new}"
            return f"- Step {step} moved: stage {_t(change.old)} → {_t(change.new)}"
        return f"- Step {change.how}: {step} (stage {_t(stage)})"
    if change.what == "emotion":
        arrow = ""
        if change.old is not None and change.new is not None:
            arrow = " " + _ARROWS[change.new > change.old]
        return f"- Feeling at {step}: {_num(change.old)} → {_num(change.new)}{arrow}"
    if change.what == "rating":
        promise = change.detail["promise"]
        return f"- Promise `{promise}` at {step}: {change.old or 'not rated'} → **{change.new or 'not rated'}**"
    if change.what == "metric":
        return _metric_line(change)
    if change.what in ("pain_point", "opportunity"):
        label = "Pain point" if change.what == "pain_point" else "Opportunity"
        text = change.new if change.how == "added" else change.old
        return f"- {label} {change.how} at {step}: {_t(text)}"
    if change.what == "reviewed":
        return f"- Reviewed: {change.old or 'never'} → {change.new or 'never'}"
    return f"- Evidence {change.how}: {_t(change.name)}"


def _metric_line(change: Change) -> str:
    metric, step = _t(change.detail["metric"]), _t(change.name)
    if change.how != "changed":
        values = change.new if change.how == "added" else change.old
        return f"- Metric {change.how} at {step}: {metric} ({_num(values['actual'], values['unit'])})"
    old, new = change.old, change.new
    parts = []
    if old["actual"] != new["actual"]:
        parts.append(f"actual {_num(old['actual'], old['unit'])} → {_num(new['actual'], new['unit'])}")
    if old["target"] != new["target"]:
        parts.append(f"target {_num(old['target'], old['unit'])} → {_num(new['target'], new['unit'])}")
    crossed = change.detail.get("crossed")
    tail = {"met": " — **now meets its target**", "missed": " — **now misses its target**"}.get(crossed or "", "")
    return f"- {metric} at {step}: {', '.join(parts)}{tail}"


_SITE = ("journey", "persona", "promise")
#: The order of a journey's section: structure, then what the customer feels and gets.
_ORDER = ("stage", "step", "emotion", "rating", "metric", "pain_point", "opportunity", "reviewed", "evidence")


def _rating_key(change: Change) -> int:
    """New misses first, then other worsened ratings, then the rest."""
    if change.new == "misses":
        return 0
    return 1 if change.detail.get("worse") else 2


def to_markdown(result: Comparison, base: str, head: str) -> str:
    """The summary; one line saying nothing changed when nothing did."""
    lines = [MARKER, f"### Customer journey changes: {_rev(base)} → {_rev(head)}", ""]
    if result.quiet:
        return "\n".join(lines + [_NOTHING, ""])
    lines += _problems(f"Broken at {_rev(head)}", result.head_errors)
    lines += _problems(f"Broken at {_rev(base)}", [p for p in result.base_errors if p not in result.head_errors])
    site = [c for c in result.changes if c.journey == "" and c.what in _SITE]
    if site:
        lines += [_site_line(c) for c in site] + [""]
    journeys: dict[str, list[Change]] = {}
    for change in result.changes:
        if change.journey:
            journeys.setdefault(change.journey, []).append(change)
    for jid, changes in journeys.items():
        lines += [f"#### {_t(result.titles.get(jid, jid))} (`{jid}`)", ""]
        ordered = sorted(changes, key=lambda c: (_ORDER.index(c.what), _rating_key(c) if c.what == "rating" else 0))
        lines += [_journey_line(c) for c in ordered] + [""]
    if not site and not journeys:
        lines += ["No other change to the customer journeys.", ""]
    return "\n".join(lines)


def to_json(result: Comparison, base: str, head: str) -> str:
    """One JSON document: the revisions, whether anything changed, the changes and the errors of each side."""
    document = {
        "base": base,
        "head": head,
        "changed": not result.quiet,
        "changes": [asdict(c) for c in result.changes],
        "broken": {
            "base": [_problem(p) for p in result.base_errors],
            "head": [_problem(p) for p in result.head_errors],
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "path": problem.path,
        "message": problem.message,
    }
