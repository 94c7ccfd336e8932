"""Finding the ``journey`` blocks of a page's lines (no Markdown, no MkDocs, no Jinja: ``mkdocs-cjm check`` scans
every page of ``docs_dir`` with it and imports the renderer only for a page that has a block)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .problems import Problem

#: The fence's language.
FENCE = "journey"

_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
_LANG = re.compile(r"^\{?[ \t]*\.?(?P<lang>[\w.+-]*)")


@dataclass(frozen=True)
class Block:
    """One ``journey`` block of a page's lines."""

    start: int  #: index of its opening fence's line
    end: Optional[int]  #: index of its closing fence's line; ``None``: never closed
    indent: str  #: the opening fence's indentation (a block in a list or an admonition)
    body: str  #: its lines, that indentation removed ("" when never closed)


def find_blocks(lines: list[str]) -> list[Block]:
    """The ``journey`` blocks of a page, skipping the inside of every other fence (a ````` ````markdown `````
    example shows a block as text; an unclosed other fence runs to the end), at any indentation."""
    if not any(FENCE in line for line in lines):
        return []
    found: list[Block] = []
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i])
        if match is None:
            i += 1
            continue
        indent, fence, info = match.group("indent"), match.group("fence"), match.group("info")
        end = _closing(lines, i + 1, fence)
        lang = _LANG.match(info)
        if (fence[0] == "`" and "`" in info) or lang is None or lang.group("lang") != FENCE:
            i = len(lines) if end is None else end + 1
            continue
        if end is None:
            found.append(Block(i, None, indent, ""))
            i += 1
            continue
        body = "\n".join(_dedent(line, indent) for line in lines[i + 1 : end])
        found.append(Block(i, end, indent, body))
        i = end + 1
    return found


def _closing(lines: list[str], start: int, fence: str) -> Optional[int]:
    """The index of the line closing a fence opened by ``fence`` (``None``: it is never closed)."""
    for j in range(start, len(lines)):
        stripped = lines[j].strip()
        if stripped.startswith(fence) and set(stripped) == {fence[0]}:
            return j
    return None


def _dedent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")


def unclosed_problem(page: str, line: int) -> Problem:
    message = f"the '{FENCE}' block is not closed"
    return Problem(page, line, 1, "journey", message, code="embed", hint="end it with a line of backticks")
