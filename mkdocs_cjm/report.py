"""How ``mkdocs-cjm check`` prints its result: text with source excerpts, GitHub annotations, JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .load.yaml_reader import MAX_FILE_SIZE
from .problems import Problem, printable

if TYPE_CHECKING:
    from .check import CheckResult


def summary(result: CheckResult) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    if not errors and not warnings:
        return f"mkdocs-cjm check: {files} checked, no problems"
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"mkdocs-cjm check: {' and '.join(parts)} in {files}"


def format_text(result: CheckResult, *, source: bool = True) -> str:
    """``file:line:col: error: path: message (hint)``, each with the line it points at."""
    lines: list[str] = []
    cache: dict[str, list[str]] = {}
    for problem in result.problems:
        lines.append(problem.format())
        if source and problem.line:
            excerpt = _excerpt(result.site.root, problem, cache)
            if excerpt:
                lines.extend(excerpt)
    return "\n".join(lines) + ("\n" if lines else "")


def _excerpt(root: Path, problem: Problem, cache: dict[str, list[str]]) -> list[str]:
    if problem.file not in cache:
        cache[problem.file] = []
        path = Path(problem.file) if Path(problem.file).is_absolute() else root / problem.file
        try:
            if path.is_file() and path.stat().st_size <= 4 * MAX_FILE_SIZE:
                cache[problem.file] = path.read_bytes().decode("utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            pass
    text = cache[problem.file]
    if not 0 < problem.line <= len(text):
        return []
    line = printable(text[problem.line - 1].replace("\t", " "))
    if len(line) > 160:
        line = line[:157] + "..."
    column = min(max(problem.column, 1), len(line) + 1)
    return [f"    {problem.line:>4} | {line}", f"         | {' ' * (column - 1)}^"]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_path(result: CheckResult, problem: Problem) -> str:
    """The file as GitHub names it: relative to the working folder (the checkout)."""
    path = Path(problem.file)
    if not path.is_absolute():
        path = result.site.root / path
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return problem.file
    return Path(relative).as_posix() if not relative.startswith("..") else problem.file


def format_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's diff."""
    out = []
    for problem in result.problems:
        props = [f"file={_escape_property(github_path(result, problem))}"]
        if problem.line:
            props.append(f"line={problem.line}")
            if problem.column:
                props.append(f"col={problem.column}")
        title = f"mkdocs-cjm: {problem.path}" if problem.path else "mkdocs-cjm"
        props.append(f"title={_escape_property(title)}")
        message = problem.message + (f" ({problem.hint})" if problem.hint else "")
        out.append(f"::{problem.severity} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(out) + ("\n" if out else "")


def github_step_summary(result: CheckResult) -> str:
    """A Markdown summary for ``$GITHUB_STEP_SUMMARY``."""
    lines = [f"### {summary(result)}", ""]
    if result.problems:
        lines += ["| | File | Key | Problem |", "|---|---|---|---|"]
        for p in result.problems:
            icon = ":x:" if p.is_error else ":warning:"
            message = (p.message + (f" ({p.hint})" if p.hint else "")).replace("|", "\\|")
            lines.append(
                f"| {icon} | `{p.location()}` | `{p.path}` | {message} |"
                if p.path
                else f"| {icon} | `{p.location()}` | | {message} |"
            )
    return "\n".join(lines) + "\n"


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "path": problem.path,
        "severity": problem.severity,
        "code": problem.code,
        "message": problem.message,
        "hint": problem.hint,
    }


def format_json(result: CheckResult) -> str:
    document = {
        "version": 1,
        "ok": not result.errors,
        "files": result.files,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "problems": [problem_dict(p) for p in result.problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[CheckResult], str]] = {"text": format_text, "github": format_github, "json": format_json}
