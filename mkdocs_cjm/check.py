"""``mkdocs-cjm check``: validate a site's maps without building it.

Everything here but the plugin options is free of MkDocs: the site's
``mkdocs.yml`` is read by :mod:`mkdocs_cjm.siteconfig` with a plain YAML loader (unknown tags such as ``!ENV``
and ``!!python/name`` are tolerated) to find the ``cjm`` plugin's options,
which are validated by the plugin's own :class:`~mkdocs_cjm.config.CjmConfig`
(imported when a check runs, not with this module); then the maps folder is
loaded exactly as the plugin loads it (:func:`mkdocs_cjm.load.walk.load_project`),
so ``check`` reports the same errors as a build. On top come warnings that
never fail a build (:func:`~mkdocs_cjm.map_warnings.check_warnings`): overdue reviews,
assumption-based maps, steps with no emotion, promises never benchmarked,
personas in no journey and diagrams too big to export as usual; and the
``journey`` blocks of the site's own pages (``docs_dir``) are checked against
the maps as a build checks them.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .fences import find_blocks
from .load.walk import load_project
from .map_warnings import check_warnings
from .problems import Problem, sort_problems
from .report import FORMATS, format_github, format_json, format_text, github_step_summary, problem_dict, summary
from .site import Project
from .siteconfig import CONFIG_NAMES, PLUGIN_NAME, SiteConfig, UsageError, find_config, read_site_config

__all__ = [
    "CONFIG_NAMES",
    "FORMATS",
    "PLUGIN_NAME",
    "CheckResult",
    "SiteConfig",
    "UsageError",
    "check_warnings",
    "default_jobs",
    "find_config",
    "format_github",
    "format_json",
    "format_text",
    "github_step_summary",
    "problem_dict",
    "read_site_config",
    "run_check",
    "summary",
]


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
    problems = list(site.problems) + project.all_problems() + check_docs_blocks(project, site)
    if warnings:
        problems += check_warnings(project, today=site.today, review_every=site.review_every)
    files = len(project.sources.display) - (1 if "brand" in project.sources.display else 0)
    files += _count_csv(site.maps_dir)
    return CheckResult(site, project, sort_problems(problems), files)


def check_docs_blocks(project: Project, site: SiteConfig) -> list[Problem]:
    """The ``journey`` blocks of the site's own pages (``docs_dir``), checked against the maps as a build checks
    them: an unknown journey, stage or lane id, a body that is not ``id: ...``, a block never closed."""
    docs = site.docs_dir
    if docs is None or not docs.is_dir():
        return []
    problems: list[Problem] = []
    for path in sorted(docs.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports a page it cannot read
        page = path.relative_to(site.root).as_posix() if path.is_relative_to(site.root) else path.as_posix()
        blocks = find_blocks(text.splitlines())
        if blocks:
            from .embed import check_blocks  # the renderer's modules, only for a page that has a block

            problems += check_blocks(project, page, blocks)
    return problems


def _count_csv(maps_dir: Path) -> int:
    data = maps_dir / "data"
    try:
        return sum(1 for p in data.rglob("*") if p.suffix.lower() == ".csv") if data.is_dir() else 0
    except OSError:  # pragma: no cover
        return 0
