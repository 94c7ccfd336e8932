"""Turning untrusted map text into safe plain text, Markdown and HTML.

Text fields may hold inline Markdown (emphasis, links, code). The diagram
shows plain text (:func:`plain`); the page shows Markdown made safe by
:func:`md_inline` / :func:`md_block`: raw HTML is escaped, and nothing can
start a block construct (a heading, a quote, a reference definition) inside
a list item or table cell. Texts shown inside a link of a template go
through :func:`md_label`, texts that must not be Markdown at all (error
messages, file names, CSV cells) through :func:`literal`.

Where a link may point is not decided here: :mod:`mkdocs_cjm.safehtml`
checks every ``href`` and ``src`` of the rendered page, as the browser will
read them.
"""

from __future__ import annotations

import functools
import html
import math
import re
from typing import Callable
from urllib.parse import quote

_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"]*\")?\)")
_EMPH = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_WS = re.compile(r"\s+")
#: What would open a block construct at the start of a line: heading, quote, list, rule, setext, reference definition.
_BLOCK_START = re.compile(r"^([#>+=-]|\*\s|\[[^\]]*\]:)")
_NUMBERED = re.compile(r"^(\d+)([.)])")
#: What :func:`literal` escapes: Markdown's own escapable characters get a backslash (the HTML then holds
#: the plain character); HTML's and those that extensions read (tables, strike-through, mark, caret,
#: arithmatex, magiclink, ``:emoji:``) a character reference.
_MD_BACKSLASH = frozenset("\\`*_{}[]()#+-.!")
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|~^=$@<>&]|:(?=[A-Za-z_+-])")
_HTML_REFS = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def plain(text: object) -> str:
    """Inline Markdown reduced to the text a reader sees (for SVG and titles)."""
    if text is None:
        return ""
    return _plain(str(text))


@functools.lru_cache(maxsize=65536)
def _plain(value: str) -> str:
    """:func:`plain` of a text (remembered: sorting by title asks for the same few thousand texts again)."""
    value = _CODE.sub(lambda m: m.group(2), value)
    value = _LINK.sub(lambda m: m.group(1), value)
    for _ in range(3):
        value = _EMPH.sub(lambda m: m.group(2), value)
    return _WS.sub(" ", value).strip()


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _safe_segment(text: str, *, cell: bool, label: bool = False) -> str:
    out = _escape_html(text)
    # Jinja-like and attr_list-like braces are shown as text, never interpreted.
    out = out.replace("{", "&#123;").replace("}", "&#125;")
    if cell:
        out = out.replace("|", "&#124;")

    def link(match: re.Match[str]) -> str:
        text_label, url = match.group(1), match.group(2)
        if label:  # a link inside a template's own link: its label only
            return text_label
        if match.group(0).startswith("!"):  # no images from map text: the address is shown
            return f"{text_label} ({url})" if url else text_label
        return match.group(0)

    out = _LINK.sub(link, out)
    if label:
        return out.replace("[", "\\[").replace("]", "\\]")
    # Reference-style images (``![x][ref]``) are never images either.
    return out.replace("![", "!\\[")


def md_inline(text: object, *, cell: bool = False, label: bool = False) -> str:
    """One line of safe inline Markdown (for list items, headings and table cells).

    ``label``: the text goes inside the ``[...]`` of a template's link, so its
    own links are reduced to their labels and its brackets are escaped.
    """
    if text is None:
        return ""
    value = _WS.sub(" ", str(text)).strip()
    parts: list[str] = []
    last = 0
    for match in _CODE.finditer(value):
        parts.append(_safe_segment(value[last : match.start()], cell=cell, label=label))
        code = match.group(2)
        if cell:
            code = code.replace("|", "\\|")
        parts.append(match.group(1) + code + match.group(1))
        last = match.end()
    parts.append(_safe_segment(value[last:], cell=cell, label=label))
    out = "".join(parts)
    # Nothing may open a block construct at the start of the line.
    if _BLOCK_START.match(out):
        out = "\\" + out
    elif _NUMBERED.match(out):
        out = _NUMBERED.sub(r"\1\\\2", out)
    return out


def md_label(text: object, *, cell: bool = False) -> str:
    """Inline Markdown for the label of a link that a template writes around it."""
    return md_inline(text, cell=cell, label=True)


def literal(text: object) -> str:
    """Text shown exactly as written, never read as Markdown or HTML (messages, file names, CSV cells)."""
    if text is None:
        return ""
    value = _WS.sub(" ", str(text)).strip()
    return _MD_SPECIAL.sub(_literal_char, value)


def _literal_char(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _MD_BACKSLASH:
        return "\\" + char
    return _HTML_REFS.get(char) or f"&#{ord(char)};"


def url(path: str) -> str:
    """A relative URL made of a path we computed (a file name may hold any character): percent-encoded."""
    return quote(path, safe="/#")


def md_block(text: object) -> str:
    """Longer Markdown (descriptions, bios): paragraphs kept, raw HTML escaped."""
    if text is None:
        return ""
    paragraphs = re.split(r"\n\s*\n", str(text).strip())
    return "\n\n".join(md_inline(p) for p in paragraphs if p.strip())


def attr(text: object) -> str:
    """Escape for an HTML/XML attribute or text node."""
    return html.escape("" if text is None else str(text), quote=True)


def number(value: object, *, page: bool = False, other: Callable[[object], str] = str) -> str:
    """A metric value as text, in one of two styles kept apart on purpose (their outputs differ):

    ``page=True``, the text version's tables: thousands grouped from 10,000 (``12,345``) and four
    significant digits (``3.142``; ``1,234,568`` from a million). Otherwise, the diagram's narrow
    cards: no grouping, up to four decimals (``3.1416``), ``—`` for an infinite value, and ``other``
    for a value that is not a number. ``None`` is ``—`` in both.
    """
    if value is None:
        return "—"
    if page:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, float):
            return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
        return f"{value:,}" if abs(value) >= 10000 else str(value)  # type: ignore[arg-type]
    try:
        as_float = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return other(value)
    if not math.isfinite(as_float):
        return "—"
    if as_float.is_integer() and abs(as_float) < 1e15:
        return str(int(as_float))
    text = f"{as_float:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
