"""The last gate before a generated page reaches the browser: where its links and images point.

Map text may hold Markdown links, and Markdown has many ways to write one
(nested brackets, angle brackets, titles, reference definitions used from
another field). Rather than guess which of them Python-Markdown accepts,
:func:`check_urls` reads the rendered HTML as the browser will (entities
decoded, tabs and newlines dropped, ``\\`` read as ``/``) and removes every
address that is not allowed:

- links (``href``, ``xlink:href``, ``action``, ``formaction``): relative
  addresses, ``#anchors``, ``http:``, ``https:`` and ``mailto:``;
- anything the page loads by itself (``src``, ``srcset``, ``poster``,
  ``data``, ``background``): relative addresses on the site only, so a page
  never makes an outside request (a journey site is often on an intranet).

This module does not import MkDocs.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

#: Attributes that navigate when clicked or submitted.
LINK_ATTRIBUTES = frozenset({"href", "xlink:href", "action", "formaction"})
#: Attributes that the browser loads on its own when the page opens.
LOAD_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc"})
#: Schemes a link may use.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# What the URL parser drops before reading an address (WHATWG URL: leading and
# trailing C0 controls and spaces; tabs and newlines anywhere).
_STRIP = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
#: Cheap test for whether a page has any attribute worth a look.
_CANDIDATE = re.compile(
    r"\s(?:x(?:link)?:)?(?:href|src|srcset|action|formaction|poster|data|background|lowsrc|dynsrc)\s*=", re.I
)


@dataclass(frozen=True)
class Removed:
    """An address taken out of a page: the element, the attribute and the address as the browser read it."""

    tag: str
    attribute: str
    url: str


def browser_url(value: str) -> str:
    """An attribute value as the browser's URL parser sees it."""
    return _TAB_NEWLINE.sub("", value.strip(_STRIP))


def is_local(value: str) -> bool:
    """A relative address on this site: no scheme, not ``//host`` (nor ``\\\\host``, which browsers read alike)."""
    url = browser_url(value).replace("\\", "/")
    return not _SCHEME.match(url) and not url.startswith("//")


def allowed(attribute: str, value: str) -> bool:
    """Whether ``attribute="value"`` may stay on a generated page."""
    if attribute in LOAD_ATTRIBUTES:
        if attribute == "srcset":
            return all(is_local(part.strip().split(" ")[0]) for part in value.split(",") if part.strip())
        return is_local(value)
    if attribute in LINK_ATTRIBUTES:
        url = browser_url(value).replace("\\", "/")
        scheme = _SCHEME.match(url)
        return scheme is None or scheme.group(1).lower() in LINK_SCHEMES
    return True


class _Gate(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        #: (start, end, replacement) of each start tag to rewrite.
        self.edits: list[tuple[int, int, str]] = []
        self.removed: list[Removed] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, closed=True)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        bad = [(name, value or "") for name, value in attrs if not allowed(name, value or "")]
        if not bad:
            return
        raw = self.get_starttag_text() or ""
        start = self._offset()
        kept = "".join(
            f' {name}="{html.escape(value, quote=True)}"' if value is not None else f" {name}"
            for name, value in attrs
            if (name, value or "") not in bad
        )
        self.edits.append((start, start + len(raw), f"<{tag}{kept}{' /' if closed else ''}>"))
        self.removed.extend(Removed(tag, name, browser_url(value)) for name, value in bad)


def check_urls(text: str) -> tuple[str, list[Removed]]:
    """The page with every address that is not allowed removed, and what was removed."""
    if not _CANDIDATE.search(text):
        return text, []
    gate = _Gate(text)
    gate.feed(text)
    gate.close()
    if not gate.edits:
        return text, []
    out: list[str] = []
    last = 0
    for start, end, replacement in sorted(gate.edits):
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out), gate.removed


__all__ = ["Removed", "allowed", "browser_url", "check_urls", "is_local"]
