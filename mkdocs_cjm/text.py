"""Turning untrusted map text into safe plain text, Markdown and HTML.

Text fields may hold inline Markdown (emphasis, links, code). The diagram
shows plain text (:func:`plain`); the page shows Markdown made safe by
:func:`md_inline` / :func:`md_block`: raw HTML is escaped, links may only go
to relative paths, anchors, ``http(s)`` and ``mailto``, and nothing can
start a block construct inside a list item or table cell.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"(`+)(.+?)\1", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"]*\")?\)")
_EMPH = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_SAFE_URL = re.compile(r"^(https?://|mailto:|#|\.{0,2}/|[A-Za-z0-9_.~-]+(/|\.md|\.html|#|$))", re.I)
_WS = re.compile(r"\s+")


def plain(text: object) -> str:
    """Inline Markdown reduced to the text a reader sees (for SVG and titles)."""
    if text is None:
        return ""
    value = str(text)
    value = _CODE.sub(lambda m: m.group(2), value)
    value = _LINK.sub(lambda m: m.group(1), value)
    for _ in range(3):
        value = _EMPH.sub(lambda m: m.group(2), value)
    return _WS.sub(" ", value).strip()


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _safe_segment(text: str, *, cell: bool) -> str:
    out = _escape_html(text)
    # Jinja-like and attr_list-like braces are shown as text, never interpreted.
    out = out.replace("{", "&#123;").replace("}", "&#125;")
    if cell:
        out = out.replace("|", "&#124;")

    def link(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2)
        if match.group(0).startswith("!") or not _SAFE_URL.match(url) or url.lower().startswith("javascript"):
            return f"{label} ({url})" if url else label
        return f"[{label}]({url})"

    return _LINK.sub(link, out)


def md_inline(text: object, *, cell: bool = False) -> str:
    """One line of safe inline Markdown (for list items, headings and table cells)."""
    if text is None:
        return ""
    value = _WS.sub(" ", str(text)).strip()
    parts: list[str] = []
    last = 0
    for match in _CODE.finditer(value):
        parts.append(_safe_segment(value[last : match.start()], cell=cell))
        code = match.group(2)
        if cell:
            code = code.replace("|", "\\|")
        parts.append(match.group(1) + code + match.group(1))
        last = match.end()
    parts.append(_safe_segment(value[last:], cell=cell))
    out = "".join(parts)
    # Nothing may open a block construct at the start of the line.
    if re.match(r"^([#>+=-]|\d+[.)]|\*\s)", out):
        out = "\\" + out if not out[0].isdigit() else re.sub(r"^(\d+)([.)])", r"\1\\\2", out)
    return out


def md_block(text: object) -> str:
    """Longer Markdown (descriptions, bios): paragraphs kept, raw HTML escaped."""
    if text is None:
        return ""
    paragraphs = re.split(r"\n\s*\n", str(text).strip())
    return "\n\n".join(md_inline(p) for p in paragraphs if p.strip())


def attr(text: object) -> str:
    """Escape for an HTML/XML attribute or text node."""
    return html.escape("" if text is None else str(text), quote=True)
