"""The ``journey`` fenced block: a journey's diagram, whole or in part, in any page (MkDocs-free).

FORMAT.md, "Embedding a journey in a page"::

    ```journey
    id: first-purchase            # required: a journey id
    stages: [purchase, delivery]  # optional: only these stage ids
    lanes: [touchpoint, emotion]  # optional: only these lane ids
    ```

:func:`parse_embed` reads a block's body (YAML, read by the maps' own reader, so
positions, size and alias limits are the same), :func:`resolve_embed` checks its
ids against a :class:`~mkdocs_cjm.site.Project` and :func:`render_embed` draws it
with :func:`~mkdocs_cjm.render.svg.render_diagram`, in the markup of a journey
page's diagram (a ``cjm-diagram`` inside the search-excluded section), so its
styles and controls apply. Every problem names the page and the line in it.
:mod:`mkdocs_cjm.markdown` is the Python-Markdown extension around this module.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from typing import Any, Callable, Optional

from . import safehtml
from .fences import Block, unclosed_problem
from .load.yaml_reader import parse_yaml
from .model import LANE_LABELS, Journey
from .problems import Problem, did_you_mean
from .site import Project
from .state import print_fit, search_excluded

#: The keys a block may hold.
KEYS = ("id", "stages", "lanes")
#: Largest block body read, in bytes.
MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class EmbedSpec:
    """What one block asks for; ``stages`` / ``lanes`` ``None``: all of them."""

    journey: str
    stages: Optional[tuple[str, ...]] = None
    lanes: Optional[tuple[str, ...]] = None
    #: The page and the line of the block's opening fence (1-based), for messages.
    page: str = ""
    line: int = 0
    #: Page line of each key (``id``, ``stages[1]``, ...), for messages about ids.
    lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, path: str) -> int:
        found = dict(self.lines)
        return found.get(path) or found.get(path.split("[")[0]) or self.line


def check_blocks(project: Project, page: str, blocks: list[Block]) -> list[Problem]:
    """The problems of a page's ``journey`` blocks (:func:`~mkdocs_cjm.fences.find_blocks`), as a build finds
    them (``mkdocs-cjm check``)."""
    problems: list[Problem] = []
    for block in blocks:
        if block.end is None:
            problems.append(unclosed_problem(page, block.start + 1))
            continue
        problems += read_block(lambda: project, block.body, page=page, line=block.start + 1)[2]
    return problems


def read_block(
    project: Callable[[], Project], body: str, *, page: str, line: int
) -> tuple[Optional[EmbedSpec], Optional[Journey], list[Problem]]:
    """A block's body read and its ids checked: what it asks for and the journey it shows, or the problems
    (``project`` is asked for only when the body is readable)."""
    spec, problems = parse_embed(body, page=page, line=line)
    if spec is None:
        return None, None, problems
    journey, problems = resolve_embed(project(), spec)
    return spec, journey, problems


def _problem(page: str, line: int, path: str, message: str, hint: str = "") -> Problem:
    return Problem(page, line, 1, f"journey.{path}" if path else "journey", message, code="embed", hint=hint)


def parse_embed(body: str, *, page: str, line: int) -> tuple[Optional[EmbedSpec], list[Problem]]:
    """A block's body (the lines between its fences) read into an :class:`EmbedSpec`.

    ``line`` is the page line of the opening fence: the body's first line is ``line + 1``.
    """
    raw = body.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_BODY:
        return None, [_problem(page, line, "", f"the block is {len(raw)} bytes, expected at most {MAX_BODY}")]
    if not body.strip():
        return None, [_problem(page, line, "id", "the block is empty, expected 'id: <journey id>'")]
    doc = parse_yaml(raw, page)
    shifted = [dataclasses.replace(p, line=p.line + line, path=p.path or "journey", code="embed") for p in doc.problems]
    if shifted:
        return None, shifted
    data: Any = doc.data

    def at(path: str) -> int:
        return doc.where(path)[0] + line

    if not isinstance(data, dict):
        return None, [_problem(page, line + 1, "", "expected a mapping such as 'id: <journey id>'")]
    problems = []
    for key in data:
        if key not in KEYS:
            hint = did_you_mean(str(key), KEYS)
            problems.append(
                _problem(page, at(str(key)), str(key), f"unknown key '{key}'", hint or "keys: id, stages, lanes")
            )
    journey = data.get("id")
    if not isinstance(journey, str) or not journey:
        problems.append(_problem(page, at("id"), "id", f"found {journey!r}, expected a journey id"))
    lists: dict[str, Optional[tuple[str, ...]]] = {}
    lines = [("id", at("id"))]
    for key in ("stages", "lanes"):
        value = data.get(key)
        if value is None:
            lists[key] = None
            continue
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(v, str) and v for v in items):
            problems.append(_problem(page, at(key), key, f"found {value!r}, expected a list of {key[:-1]} ids"))
            continue
        lists[key] = tuple(items)
        lines.append((key, at(key)))
        lines += [(f"{key}[{n}]", at(f"{key}[{n}]")) for n in range(len(items))]
    if problems:
        return None, problems
    spec = EmbedSpec(str(journey), lists.get("stages"), lists.get("lanes"), page, line, tuple(lines))
    return spec, []


def resolve_embed(project: Project, spec: EmbedSpec) -> tuple[Optional[Journey], list[Problem]]:
    """The journey the block shows (its chosen stages only), or the problems with its ids."""
    journey = project.journeys.get(spec.journey)
    if journey is None:
        hint = did_you_mean(spec.journey, project.journeys)
        message = f"unknown journey '{spec.journey}'"
        return None, [_problem(spec.page, spec.line_of("id"), "id", message, hint)]
    if journey.is_broken:
        message = f"journey '{spec.journey}' has errors ({journey.source}); its page lists them"
        return None, [_problem(spec.page, spec.line_of("id"), "id", message)]
    problems = []
    stage_ids = [stage.id for stage in journey.stages]
    for n, stage in enumerate(spec.stages or ()):
        if stage not in stage_ids:
            hint = did_you_mean(stage, stage_ids) or f"its stages: {', '.join(stage_ids)}"
            path = f"stages[{n}]"
            message = f"journey '{journey.id}' has no stage '{stage}'"
            problems.append(_problem(spec.page, spec.line_of(path), path, message, hint))
    lane_ids = project.lanes_in_order()
    for n, lane in enumerate(spec.lanes or ()):
        if lane not in lane_ids:
            hint = _lane_hint(project, lane, lane_ids)
            path = f"lanes[{n}]"
            problems.append(_problem(spec.page, spec.line_of(path), path, f"unknown lane '{lane}'", hint))
    if problems:
        return None, problems
    return excerpt(journey, spec.stages), []


def _lane_hint(project: Project, lane: str, lane_ids: list[str]) -> str:
    """``did you mean``: by id, else by the lane's label (``feeling`` is the lane ``emotion``), else the ids."""
    labels = {LANE_LABELS.get(key, key).casefold(): key for key in lane_ids}
    labels.update({c.name.casefold(): c.id for c in project.brand.lanes if isinstance(c.name, str)})
    by_label = labels.get(lane.replace("_", " ").casefold())
    if by_label is not None:
        return f"did you mean '{by_label}'?"
    return did_you_mean(lane, lane_ids) or f"lanes: {', '.join(lane_ids)}"


def excerpt(journey: Journey, stages: Optional[tuple[str, ...]]) -> Journey:
    """A copy of ``journey`` with only the stages ``stages`` (in the journey's order); ``None``: the journey.

    Steps keep their ids, so a link or branch to a step left out is simply not drawn."""
    if stages is None:
        return journey
    wanted = set(stages)
    return dataclasses.replace(journey, stages=[stage for stage in journey.stages if stage.id in wanted])


def render_embed(
    project: Project,
    spec: EmbedSpec,
    journey: Journey,
    *,
    page_href: Callable[[Journey], str],
    uid: str,
) -> str:
    """The block's HTML: the diagram in a journey page's markup, then a link to the journey's page.

    ``page_href`` links a journey's page from this page ("" where it is not known: then
    nothing links to it); ``uid`` keeps the element ids of two blocks on one page apart.
    """
    from .render.svg import render_diagram

    home = page_href(journey)

    def step_href(step: Any) -> str:
        return f"{home}#{step.anchor}" if home else ""

    def journey_href(journey_id: str) -> str:
        target = project.journeys.get(journey_id)
        return page_href(target) if target is not None else ""

    diagram = render_diagram(
        project, journey, step_href=step_href, journey_href=journey_href, lanes=spec.lanes, uid=uid
    )
    out = search_excluded(print_fit(diagram))
    if home:
        from .render.markup import map_text

        title = html.escape(map_text(journey.title) or journey.id)
        out += f'\n<p class="cjm-embed-source">From the journey <a href="{html.escape(home)}">{title}</a></p>'
    checked, _ = safehtml.check_urls(out)
    return f'<div class="cjm-embed" data-journey="{html.escape(journey.id)}">{checked}</div>'


def error_html(problems: list[Problem]) -> str:
    """The visible error a block shows in place of its diagram (every problem, escaped)."""
    items = "".join(f"<li><code>{html.escape(p.format())}</code></li>" for p in problems)
    return (
        '<div class="admonition failure cjm-embed-error" role="alert">'
        '<p class="admonition-title">Journey diagram not shown</p>'
        f"<ul>{items}</ul></div>"
    )
