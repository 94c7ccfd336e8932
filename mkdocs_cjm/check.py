"""``mkdocs-cjm check``: validate a site's maps without building it.

Everything here but the plugin options is free of MkDocs: the site's
``mkdocs.yml`` is read with a plain YAML loader (unknown tags such as ``!ENV``
and ``!!python/name`` are tolerated) to find the ``cjm`` plugin's options,
which are validated by the plugin's own :class:`~mkdocs_cjm.config.CjmConfig`
(imported when a check runs, not with this module); then the maps folder is
loaded exactly as the plugin loads it (:func:`mkdocs_cjm.load.walk.load_project`),
so ``check`` reports the same errors as a build. On top come warnings that
never fail a build (:func:`check_warnings`): overdue reviews,
assumption-based maps, steps with no emotion, promises never benchmarked,
personas in no journey and diagrams too big to export as usual.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import yaml

from .load.walk import holds_maps, load_project
from .load.yaml_reader import MAX_FILE_SIZE
from .model import Journey
from .problems import Problem, printable, sort_problems
from .site import Project, review_status
from .uris import Layout

#: MkDocs' default ``docs_dir`` (the plugin options' defaults are in :mod:`mkdocs_cjm.config`).
DEFAULT_DOCS_DIR = "docs"
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
PLUGIN_NAME = "cjm"
_MAX_CONFIG_SIZE = 4 * 1024 * 1024
_MAX_INHERIT = 8


class UsageError(Exception):
    """Bad command-line use (exit code 2)."""


# -- reading mkdocs.yml ------------------------------------------------------------
class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that reads any tag as the plain value under it.

    The pure-Python loader is used on purpose: a hostile ``mkdocs.yml`` can
    at worst raise ``RecursionError``, which is caught, where libyaml's C
    composer would crash the interpreter.
    """


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``, as MkDocs reads them."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node, deep=True)
        if not items:
            return None
        *names, default = items if len(items) > 1 else (items[0], None)
        for name in names:
            if isinstance(name, str) and name in os.environ:
                return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
        return default
    return None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("", _untagged)


@dataclass
class SiteConfig:
    """What ``check`` needs to know about a site."""

    #: The site folder: file names in messages are relative to it.
    root: Path
    maps_dir: Path
    docs_dir: Optional[Path]
    review_every: int
    max_file_size: int
    today: _dt.date
    #: The mkdocs.yml read, if any.
    config_file: Optional[Path] = None
    #: Whether mkdocs.yml enables the cjm plugin (None: no mkdocs.yml).
    plugin_enabled: Optional[bool] = None
    #: Where the pages go (the options journeys_dir, personas_dir, promises_dir): decides URI collisions.
    layout: Layout = field(default_factory=Layout)
    problems: list[Problem] = field(default_factory=list)


def find_config(path: Path) -> Optional[Path]:
    """The mkdocs.yml of a site folder (or the file itself), if there is one."""
    if path.is_file():
        return path if path.name in CONFIG_NAMES or path.suffix in (".yml", ".yaml") else None
    for name in CONFIG_NAMES:
        candidate = path / name
        if candidate.is_file():
            return candidate
    return None


def read_site_config(path: Path, *, today: Optional[_dt.date] = None) -> SiteConfig:
    """Where the maps are and the plugin options, from a site or maps folder.

    ``path`` is a site folder (holding mkdocs.yml), an mkdocs.yml file, or a
    maps folder. Raises :class:`UsageError` when ``path`` does not exist, or is a
    folder with no mkdocs.yml, no ``maps`` folder and no map files.
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    config_file = find_config(path)
    if config_file is None:
        if not path.is_dir():
            raise UsageError(f"{path}: expected a site folder (with mkdocs.yml), an mkdocs.yml file or a maps folder")
        return _maps_folder_config(path.resolve(), today=today, shown=path)

    root = config_file.parent
    display = config_file.name
    data, text, problem = _read_config(config_file, display)
    if problem is not None:
        site = _site_config(root, {}, today=today, docs_dir=root / DEFAULT_DOCS_DIR, config_file=config_file)
        site.problems.append(problem)
        return site

    problems: list[Problem] = []
    docs_dir = data.get("docs_dir", DEFAULT_DOCS_DIR)
    if not (isinstance(docs_dir, str) and docs_dir):
        if docs_dir is not None:
            problems.append(_config_problem(display, text, "docs_dir", f"found {docs_dir!r}, expected a folder name"))
        docs_dir = DEFAULT_DOCS_DIR

    options, found = _plugin_options(data.get("plugins"))
    if not found:
        problems.append(
            Problem(
                display,
                *_line_of(text, "plugins"),
                "plugins",
                f"mkdocs.yml does not enable the '{PLUGIN_NAME}' plugin; "
                f"checking '{_option_defaults().maps_dir}' with the default options",
                severity="warning",
                code="config",
                hint=f"add '- {PLUGIN_NAME}' under 'plugins:'",
            )
        )
    if not isinstance(options, dict):
        if options is not None:
            problems.append(
                _config_problem(
                    display, text, f"plugins.{PLUGIN_NAME}", f"found {options!r}, expected a mapping of options"
                )
            )
        options = {}
    site = _site_config(
        root, options, today=today, docs_dir=root / docs_dir, config_file=config_file, display=display, text=text
    )
    site.plugin_enabled = found
    site.problems[:0] = problems
    return site


def _maps_folder_config(maps_dir: Path, *, today: Optional[_dt.date], shown: Path) -> SiteConfig:
    """The site of a maps folder, or of a folder without mkdocs.yml that holds one
    (``shown``: the folder as given, for the message when it is neither)."""
    # If the site above it uses it, that site's options apply.
    parent_config = find_config(maps_dir.parent)
    if parent_config is not None:
        site = read_site_config(parent_config, today=today)
        if site.maps_dir.resolve() == maps_dir:
            return site
    default = _option_defaults().maps_dir
    if (maps_dir / default).is_dir():
        # A site folder without mkdocs.yml: its maps folder, with the default options.
        return _site_config(maps_dir, {}, today=today)
    if not holds_maps(maps_dir):
        raise UsageError(
            f"{shown}: no mkdocs.yml, no '{default}' folder and no map files here; "
            "expected a site folder (with mkdocs.yml), an mkdocs.yml file or a maps folder"
        )
    # Names in messages are relative to the folder above it, as in a site.
    return _site_config(maps_dir.parent, {}, today=today, maps_dir=maps_dir)


def _option_defaults() -> Any:
    """The plugin options' defaults (:class:`mkdocs_cjm.config.CjmConfig`)."""
    from .config import CjmConfig  # MkDocs' config classes (about 0.1 s): only when a check runs

    return CjmConfig()


def _site_config(
    root: Path,
    options: dict[str, Any],
    *,
    today: Optional[_dt.date],
    maps_dir: Optional[Path] = None,
    docs_dir: Optional[Path] = None,
    config_file: Optional[Path] = None,
    display: str = "",
    text: str = "",
) -> SiteConfig:
    """A site with the plugin options ``options``, validated as the plugin validates them
    (:class:`~mkdocs_cjm.config.CjmConfig`); a bad option is reported and keeps its default."""
    from .config import validate_options  # see _option_defaults

    config, errors, warnings = validate_options(options)
    site = SiteConfig(
        root=root,
        maps_dir=maps_dir if maps_dir is not None else root / config.maps_dir,
        docs_dir=docs_dir,
        review_every=config.review_every,
        max_file_size=config.max_file_size,
        today=today or config.today or _dt.date.today(),
        config_file=config_file,
        layout=Layout(config.journeys_dir.strip("/"), config.personas_dir.strip("/"), config.promises_dir.strip("/")),
    )
    site.problems += [_config_problem(display, text, key, message) for key, message in errors]
    known = list(_option_defaults())
    site.problems += [_option_warning(display, text, key, message, known=known) for key, message in warnings]
    return site


def _read_config(config_file: Path, display: str, depth: int = 0) -> tuple[dict[str, Any], str, Optional[Problem]]:
    try:
        if config_file.stat().st_size > _MAX_CONFIG_SIZE:
            return {}, "", Problem(display, 0, 0, "", "file is too large to be an mkdocs.yml", code="config")
        text = config_file.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return (
            {},
            "",
            Problem(display, 0, 0, "", f"cannot read file: {getattr(exc, 'strerror', None) or exc}", code="config"),
        )
    try:
        data = yaml.load(text, Loader=_ConfigLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return (
            {},
            text,
            Problem(display, line, column, "", f"YAML syntax error: {exc.problem or exc.context}", code="config"),
        )
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        return {}, text, Problem(display, 1, 1, "", f"cannot read mkdocs.yml: {exc}", code="config")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, text, Problem(display, 1, 1, "", "found no mapping at the top of mkdocs.yml", code="config")
    parent = data.get("INHERIT")
    if isinstance(parent, str) and depth < _MAX_INHERIT:
        base, _, problem = _read_config(config_file.parent / parent, display, depth + 1)
        if problem is None:
            data = _deep_merge(base, {k: v for k, v in data.items() if k != "INHERIT"})
    return data, text, None


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _plugin_options(plugins: Any) -> tuple[Any, bool]:
    """The cjm plugin's options in ``plugins:`` (a list or a mapping), and whether it is there."""
    if isinstance(plugins, dict):
        if PLUGIN_NAME in plugins:
            return plugins[PLUGIN_NAME], True
        return None, False
    if isinstance(plugins, list):
        for item in plugins:
            if item == PLUGIN_NAME:
                return {}, True
            if isinstance(item, dict) and PLUGIN_NAME in item:
                return item[PLUGIN_NAME], True
    return None, False


def _line_of(text: str, key: str) -> tuple[int, int]:
    """Line and column of ``key:`` in a config text (the first one), or (0, 0)."""
    match = re.search(rf"^([ \t-]*){re.escape(key)}\s*:", text, re.M)
    if not match:
        return 0, 0
    line = text.count("\n", 0, match.start()) + 1
    return line, len(match.group(1)) + 1


def _config_problem(display: str, text: str, key: str, message: str) -> Problem:
    line, column = _line_of(text, key.rsplit(".", 1)[-1])
    path = key if key.startswith(("plugins.", "docs_dir")) else f"plugins.{PLUGIN_NAME}.{key}"
    return Problem(display, line, column, path, message, code="config")


def _option_warning(display: str, text: str, key: str, message: str, *, known: list[str]) -> Problem:
    """A warning of the options' validation (MkDocs prints it, and fails a ``--strict`` build)."""
    hint = ""
    if message.startswith("Unrecognised configuration name"):
        message, hint = f"unknown option '{key}': the plugin ignores it", f"the options are {', '.join(known)}"
    line, column = _line_of(text, key)
    path = f"plugins.{PLUGIN_NAME}.{key}"
    return Problem(display, line, column, path, message, severity="warning", code="config", hint=hint)


# -- warnings ------------------------------------------------------------------------
def check_warnings(project: Project, *, today: _dt.date, review_every: int) -> list[Problem]:
    """Things worth a reviewer's attention that are not errors.

    A review that is overdue, a map without evidence (assumption-based), a
    step with no emotion, a brand promise that no step benchmarks, a persona
    that is in no journey. A map with errors gets the warnings of its valid
    parts (:meth:`Project.content_of`), none about a key that has an error;
    while a file cannot be read at all, unused promises and personas are not
    reported (what it uses is unknown).
    """
    src = project.sources
    found: list[Problem] = []
    errors: dict[str, list[Problem]] = {}
    for problem in project.all_problems():
        if problem.is_error:
            errors.setdefault(problem.file, []).append(problem)

    def warn(source: str, path: str, message: str, hint: str, code: str, *, at: Optional[str] = None) -> None:
        # ``at``: the key whose line the warning points at, when ``path`` is not in the file.
        file = src.display.get(source, source)
        if _has_error(errors.get(file, []), path, missing=code in _MISSING_KEY_WARNINGS):
            return
        line, column = src.where(source, at, at_key=True) if at is not None else src.where(source, path)
        found.append(Problem(file, line, column, path, message, "warning", code, hint))

    unknown = bool(project.broken_files)
    for journey in project.journeys.values():
        body = project.content_of(journey)
        if body is None:
            unknown = True
            continue
        status, due = review_status(body, today=today, default_every=review_every)
        if status == "overdue" and due is not None:
            every = body.review_every if body.review_every is not None else review_every
            late = (today - due).days
            warn(
                journey.source,
                "reviewed",
                f"review overdue by {late} day{'s' if late != 1 else ''}: last reviewed "
                f"{body.reviewed.isoformat() if body.reviewed else '?'}, "
                f"due {due.isoformat()} (every {every} days)",
                "check the map against real behaviour, then update 'reviewed'",
                "review-overdue",
            )
        if not body.evidence:
            warn(
                journey.source,
                "evidence",
                f"journey '{journey.id}' is assumption-based: it lists no evidence",
                "add 'evidence:' with the research behind the map",
                "assumption-based",
                at="evidence" if "evidence" in src.key_positions.get(journey.source, {}) else "title",
            )
        wide = None if journey.is_broken else _size_warning(project, journey)
        if wide:
            warn(
                journey.source,
                "stages",
                f"journey '{journey.id}': {wide}",
                "split the journey into smaller maps, or shorten its longest texts",
                "wide-diagram",
                at="stages",
            )
        for stage in body.stages:
            for step in stage.steps:
                if step.emotion is None:
                    warn(
                        journey.source,
                        f"{step.path}.emotion",
                        f"step '{step.id}' has no emotion",
                        "add 'emotion:' from 1 (very negative) to 5 (delighted)",
                        "no-emotion",
                    )

    if unknown:
        return sort_problems(found)
    brand = project.brand
    if brand.source:
        rated = {
            promise_id
            for journey in project.journeys.values()
            for stage in project.content_of(journey).stages  # type: ignore[union-attr]
            for step in stage.steps
            for promise_id in step.promise
        }
        for index, promise in enumerate(brand.promises):
            if promise.id not in rated:
                warn(
                    brand.source,
                    f"promises[{index}]",
                    f"promise '{promise.id}' is never benchmarked: no step rates it",
                    "rate it under 'promise:' in the steps that should keep it",
                    "promise-unbenchmarked",
                )

    used = {persona_id for journey in project.journeys.values() for persona_id in project.content_of(journey).personas}  # type: ignore[union-attr]
    for persona in project.personas.values():
        if persona.id not in used:
            warn(
                persona.source,
                "",
                f"persona '{persona.id}' is in no journey",
                "list it under 'personas:' in a journey, or remove it",
                "persona-unused",
            )
    return sort_problems(found)


#: Warnings about a key that is not there (a misspelt key next to it is an error already).
_MISSING_KEY_WARNINGS = frozenset({"no-emotion", "assumption-based"})
_LAST_STEP = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")


def _has_error(errors: list[Problem], path: str, *, missing: bool = False) -> bool:
    """Whether a key path, or a key above it (not the top of the file), has an error; with
    ``missing``, also whether a key beside it is an unknown key that may be it misspelt."""
    paths = {p.path for p in errors}
    probe = path
    while probe:
        if probe in paths:
            return True
        parent = _LAST_STEP.sub("", probe)
        probe = parent if parent != probe else ""
    if missing and path:
        parent, key = _LAST_STEP.sub("", path), path.rsplit(".", 1)[-1]
        return any(_LAST_STEP.sub("", p.path) == parent and f"'{key}'" in p.hint for p in errors if p.path != path)
    return False


#: A step with more text than this (characters, all its fields) may make a tall
#: diagram: its journey is laid out to know the diagram's height.
TALL_STEP_TEXT = 1_500


def _size_warning(project: Project, journey: Journey) -> Optional[str]:
    """Whether the journey's diagram is too big to export as usual (see
    :func:`mkdocs_cjm.export.size_warning`).

    Laying a journey out costs about as much as drawing it, so it is done
    only when the journey may be too big: its width (from its columns, at no
    cost) is past a limit, or a step holds a lot of text (long words and long
    lists make tall diagrams).
    """
    from .export import size_warning
    from .render import layout as L

    width = L.columns([len(stage.steps) for stage in journey.stages]).width + L.LABEL_W
    if size_warning(width, 1.0) is None and all(_text_size(step) <= TALL_STEP_TEXT for step in journey.steps):
        return None
    from .render.svg import standalone_size

    return size_warning(*standalone_size(project, journey))


def _text_size(step: Any) -> int:
    """Characters of text a step shows in the diagram (its cards' texts)."""
    lists = (step.actions, step.questions, step.motivations, step.pain_points, step.opportunities, *step.lanes.values())
    size = len(step.touchpoint) + len(step.channel) + len(step.quote)
    size += sum(len(item) if isinstance(item, str) else 0 for items in lists for item in items)
    return size + sum(len(str(metric.name or "")) + len(str(metric.unit or "")) + 24 for metric in step.metrics)


# -- running a check ----------------------------------------------------------------
@dataclass
class CheckResult:
    site: SiteConfig
    project: Project
    problems: list[Problem]
    #: How many map files (YAML and CSV) were read.
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def exit_code(self, *, strict: bool = False) -> int:
        if self.errors or (strict and self.warnings):
            return 1
        return 0


def default_jobs() -> int:
    """Processes worth using to parse a big site: the idle CPUs this process may use, at most 4.

    On a machine that is busy already, extra processes only wait for a CPU
    (and cost the copying of their results), so a busy machine gets one.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - not Unix
        busy = 0.0
    return max(1, min(4, cpus, int(cpus - busy + 0.5)))


def run_check(
    path: Path | str = ".", *, today: Optional[_dt.date] = None, warnings: bool = True, jobs: int = 1
) -> CheckResult:
    """Check a site (or maps folder) as the plugin would read it, plus warnings.

    ``jobs`` > 1 parses a big maps folder in that many processes (see
    :func:`mkdocs_cjm.load.walk.load_project`); the results are the same.
    """
    site = read_site_config(Path(path), today=today)
    project = load_project(
        site.maps_dir,
        docs_dir=site.docs_dir,
        display_root=site.root,
        max_file_size=site.max_file_size,
        jobs=jobs,
        layout=site.layout,
    )
    problems = list(site.problems) + project.all_problems()
    if warnings:
        problems += check_warnings(project, today=site.today, review_every=site.review_every)
    files = len(project.sources.display) - (1 if "brand" in project.sources.display else 0)
    files += _count_csv(site.maps_dir)
    return CheckResult(site, project, sort_problems(problems), files)


def _count_csv(maps_dir: Path) -> int:
    data = maps_dir / "data"
    try:
        return sum(1 for p in data.rglob("*") if p.suffix.lower() == ".csv") if data.is_dir() else 0
    except OSError:  # pragma: no cover
        return 0


# -- output ----------------------------------------------------------------------------
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
