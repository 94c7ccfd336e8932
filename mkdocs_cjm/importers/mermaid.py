"""Mermaid ``journey`` diagrams (a ``.mmd`` file or the ```` ```mermaid ```` blocks of Markdown pages).

The grammar is Mermaid's own (its ``journey.jison`` lexer and ``journeyDb``):
optional front matter between ``---`` lines (``title:``, ``config:``), the
``journey`` keyword, then one statement a line: ``title Text``, ``accTitle: Text``,
``accDescr: Text`` or ``accDescr { ... }`` over several lines, ``section Name``,
and tasks ``Name: score: Actor1, Actor2`` (the actors and the colon before them
optional). ``%%`` and ``#`` start comments; indentation and spaces around colons
do not matter. Sections become stages (a name used twice: two stages), tasks
steps, the score (1..5) the emotion, actors personas.
"""

from __future__ import annotations

import re
from typing import Any, Optional

import yaml

from . import DEFAULT_PERSONA, Imported, Note

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)[^`]*$")
_ACC_TITLE = re.compile(r"^accTitle\s*:\s*(?P<text>.*)$")
_ACC_DESCR = re.compile(r"^accDescr\s*:\s*(?P<text>.*)$")
_ACC_DESCR_BLOCK = re.compile(r"^accDescr\s*\{(?P<rest>.*)$")
_TITLE = re.compile(r"^title\s+(?P<text>[^#;]+)")
_SECTION = re.compile(r"^section\s+(?P<text>[^#:;]+)")


def read_mermaid(text: str, file: str, *, markdown: bool) -> Imported:
    """Every journey diagram of a ``.mmd`` file's text, or of a Markdown page's mermaid blocks."""
    result = Imported()
    blocks = _markdown_blocks(text) if markdown else [(1, text.splitlines())]
    found = 0
    for first_line, lines in blocks:
        diagram = _Diagram(file, first_line)
        if not diagram.parse(lines):
            continue  # another kind of diagram: left alone
        found += 1
        journey = diagram.journey()
        result.notes.extend(diagram.notes)
        if journey is None:
            continue
        result.journeys.append(journey)
        for name in journey["personas"]:
            result.personas.setdefault(name, {"name": name})
    if not found:
        result.notes.append(Note(file, 0, "no Mermaid journey diagram found"))
    return result


def _markdown_blocks(text: str) -> list[tuple[int, list[str]]]:
    """The ``mermaid`` fenced blocks of a Markdown page: (line of the block's first line, its lines)."""
    blocks: list[tuple[int, list[str]]] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        fence, info = match.group("fence"), match.group("info").strip("{}. ").lower()
        body: list[str] = []
        start = index + 2
        index += 1
        while index < len(lines):
            closing = lines[index].strip()
            if closing.startswith(fence[0] * len(fence)) and not closing.strip(fence[0]):
                break
            body.append(lines[index])
            index += 1
        index += 1
        if info == "mermaid":
            blocks.append((start, body))
    return blocks


def _strip_comment(line: str) -> str:
    """A line without its ``%%`` or ``#`` comment (Mermaid's lexer skips both to the end of the line)."""
    for marker in ("%%", "#"):
        at = line.find(marker)
        if at >= 0:
            line = line[:at]
    return line.strip()


class _Diagram:
    """One diagram's statements, read line by line."""

    def __init__(self, file: str, first_line: int) -> None:
        self.file = file
        self.first_line = first_line
        self.title: Optional[str] = None
        self.description: list[str] = []
        self.acc_title: Optional[str] = None
        self.stages: list[dict[str, Any]] = []
        self.notes: list[Note] = []
        self.persona_names: list[str] = []

    def note(self, offset: int, message: str) -> None:
        self.notes.append(Note(self.file, self.first_line + offset, message))

    def parse(self, lines: list[str]) -> bool:
        """Read the diagram; False when it is not a journey."""
        index = self._front_matter(lines)
        # The diagram type: the first line that is not blank or a comment.
        while index < len(lines) and not _strip_comment(lines[index]):
            index += 1
        if index >= len(lines) or _strip_comment(lines[index]).split(maxsplit=1)[0:1] != ["journey"]:
            return False
        index += 1
        while index < len(lines):
            index = self._statement(lines, index)
        return True

    def _front_matter(self, lines: list[str]) -> int:
        if not lines or lines[0].strip() != "---":
            return 0
        for end in range(1, len(lines)):
            if lines[end].strip() == "---":
                try:
                    data = yaml.safe_load("\n".join(lines[1:end]))
                except yaml.YAMLError as exc:
                    mark = getattr(exc, "problem_mark", None)
                    self.note(1 + (mark.line if mark else 0), f"front matter is not valid YAML, not used: {exc}")
                    return end + 1
                if isinstance(data, dict) and data.get("title") not in (None, ""):
                    self.title = str(data["title"]).strip()
                return end + 1
        self.note(0, "front matter started with '---' is never closed")
        return len(lines)

    def _statement(self, lines: list[str], index: int) -> int:
        raw = lines[index].strip()
        if raw.startswith("%%"):
            return index + 1
        block = _ACC_DESCR_BLOCK.match(raw)
        if block:
            return self._description_block(lines, index, block.group("rest"))
        for pattern, attribute in ((_ACC_TITLE, "acc_title"), (_ACC_DESCR, "description")):
            match = pattern.match(raw)
            if match:
                text = match.group("text").strip()
                if attribute == "acc_title":
                    self.acc_title = text
                elif text:
                    self.description.append(text)
                return index + 1
        line = _strip_comment(raw)
        if not line:
            return index + 1
        title = _TITLE.match(line)
        if title:
            self.title = title.group("text").strip()
            return index + 1
        section = _SECTION.match(line)
        if section:
            self.stages.append({"name": section.group("text").strip(), "steps": [], "line": index})
            return index + 1
        if line == "section":
            self.note(index, "a section without a name, not used (its tasks go to the section before)")
            return index + 1
        self._task(line, index)
        return index + 1

    def _description_block(self, lines: list[str], index: int, rest: str) -> int:
        parts: list[str] = []
        while True:
            if "}" in rest:
                parts.append(rest[: rest.index("}")])
                break
            parts.append(rest)
            index += 1
            if index >= len(lines):
                self.note(index - 1, "accDescr { ... } is never closed with '}'")
                break
            rest = lines[index]
        text = " ".join(part.strip() for part in parts if part.strip())
        if text:
            self.description.append(text)
        return index + 1

    def _task(self, line: str, index: int) -> None:
        if ":" not in line or ";" in line:
            self.note(index, f"not a journey statement (expected 'Task name: score: actors'), not used: {line!r}")
            return
        name, data = line.split(":", 1)
        name = name.strip()
        if not name:
            self.note(index, f"a task without a name, not used: {line!r}")
            return
        pieces = data.split(":")
        score_text = pieces[0].strip()
        actors: list[str] = []
        if len(pieces) > 1:
            actors = [actor.strip() for actor in pieces[1].split(",") if actor.strip()]
            if len(pieces) > 2 and any(piece.strip() for piece in pieces[2:]):
                self.note(index, f"text after the actors of {name!r} is not used: {':'.join(pieces[2:]).strip()!r}")
        step: dict[str, Any] = {"touchpoint": name}
        if re.fullmatch(r"[1-5]", score_text):
            step["emotion"] = int(score_text)
        else:
            problem = f"the score {score_text!r} is not a whole number 1..5" if score_text else "it has no score"
            self.note(index, f"task {name!r}: {problem}; imported without an emotion")
        step["_actors"] = actors
        for actor in actors:
            if actor not in self.persona_names:
                self.persona_names.append(actor)
        if not self.stages:
            self.stages.append({"name": None, "steps": [], "line": index})
        self.stages[-1]["steps"].append(step)

    def journey(self) -> Optional[dict[str, Any]]:
        """The journey mapping (persona names in place of ids), or None with a note when it has no task."""
        personas = self.persona_names or [DEFAULT_PERSONA]
        stages: list[dict[str, Any]] = []
        for stage in self.stages:
            if not stage["steps"]:
                self.note(stage["line"], f"section {stage['name']!r} has no task; a stage needs a step, not used")
                continue
            steps = [{key: value for key, value in step.items() if key != "_actors"} for step in stage["steps"]]
            stages.append({"name": stage["name"] or self.title or "Journey", "steps": steps})
        if not stages:
            self.note(0, "a journey diagram without any task, not imported")
            return None
        journey: dict[str, Any] = {"title": self.title or self.acc_title or "Journey"}
        if self.description:
            journey["summary"] = " ".join(self.description)
        journey["personas"] = personas
        journey["stages"] = stages
        journey["_source"] = Note(self.file, self.first_line, "")
        return journey
