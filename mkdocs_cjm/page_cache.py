"""Generated pages kept across the rebuilds of ``mkdocs serve`` (MkDocs-free).

MkDocs renders every page again on each rebuild: Python-Markdown converts its
Markdown, the search plugin parses its HTML, the theme renders its template.
For a generated page whose inputs did not change, the plugin gives MkDocs the
result of the last build instead, at two levels:

- **content** (:class:`Content`), keyed by the page's Markdown, title, URI, the
  drawing it shows, the configuration and the list of files: the HTML of its
  Markdown, its table of contents, its anchors and its search entries. On a hit,
  Python-Markdown converts an empty text instead of the page.
- **output**, keyed by the content key and the navigation (titles and URLs of
  every entry, which every page shows): the finished page. On a hit, the theme
  renders an empty template (:data:`CACHED_TEMPLATE`) and the page is the stored
  output; the search plugin gets the stored entries instead of parsing the page.

The plugin uses this only while serving (option ``fast_serve``); ``mkdocs build``
renders every page. Pages are duck-typed MkDocs pages (``file.src_uri``,
``meta``, ``toc``, ``present_anchor_ids``, ``content``); this module imports no
MkDocs. :attr:`PageCache.converted` and :attr:`PageCache.rendered` count the
generated pages converted and rendered by the last build (tests use them).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

#: The (empty) template MkDocs renders for a page whose stored output is used.
CACHED_TEMPLATE = "cjm-cached-page.html"


@dataclass
class Content:
    """What Python-Markdown and the search plugin made of one page."""

    html: str
    toc: Any
    anchors: Optional[set[str]]
    removed: list[Any]
    #: The search entries of the page (None until the page has been indexed once).
    entries: Optional[list[dict[str, Any]]] = None


def digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def nav_signature(items: Iterable[Any]) -> str:
    """Titles and URLs of every navigation entry, in order (every page shows them)."""
    out: list[str] = []

    def walk(entries: Iterable[Any], depth: int) -> None:
        for item in entries:
            out.append(f"{depth}\t{_kind(item)}\t{item.title}\t{getattr(item, 'url', '')}")
            children = getattr(item, "children", None)
            if children:
                walk(children, depth + 1)

    walk(items, 0)
    return digest(*out)


def _kind(item: Any) -> str:
    """What a navigation entry is (Section, Page, Link): the class MkDocs made it as, not a subclass
    a plugin gave it since (``plugin.stored_page``)."""
    for cls in type(item).__mro__:
        if not cls.__module__.startswith("mkdocs_cjm"):  # MkDocs' or ProperDocs' class
            return cls.__name__
    return type(item).__name__


def tree_signature(folders: Iterable[Optional[str]]) -> str:
    """Names, sizes and modification times of the files under ``folders`` (theme overrides)."""
    out: list[str] = []
    for folder in folders:
        if not folder or not os.path.isdir(folder):
            continue
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                stat = path.stat()
                out.append(f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return digest(*out)


def _search_entries(plugins: Iterable[Any]) -> Optional[list[dict[str, Any]]]:
    """The entry list of a search plugin's index (Material's or MkDocs'), if there is one."""
    for plugin in plugins:
        index = getattr(plugin, "search_index", None)
        for name in ("entries", "_entries"):
            entries = getattr(index, name, None)
            if isinstance(entries, list):
                return entries
    return None


@dataclass
class PageCache:
    """Contents and outputs of generated pages, by key; one build's use of them."""

    contents: dict[str, Content] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    #: Generated pages the last build converted with Python-Markdown / rendered with the theme.
    converted: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    _signature: str = ""
    _nav: str = ""
    _keys: dict[str, str] = field(default_factory=dict)
    _hits: dict[str, Content] = field(default_factory=dict)
    _outputs_used: dict[str, str] = field(default_factory=dict)
    _search: Optional[list[dict[str, Any]]] = None
    _search_seen: int = 0
    #: Each page's last Markdown and its digest: a page whose Markdown is the same string as last time
    #: (the renderer's memo hands it back) is not hashed again (N = 200: 60 MB of Markdown a rebuild).
    _markdown_digests: dict[str, tuple[str, str]] = field(default_factory=dict)

    def begin(self, signature: str) -> None:
        """Start a build; ``signature`` says what of the configuration and files every page depends on."""
        self._signature = signature
        self._nav = ""
        self._keys, self._hits, self._outputs_used = {}, {}, {}
        self.converted, self.rendered = [], []
        self._search, self._search_seen = None, 0

    def markdown(self, uri: str, markdown: str, title: str, drawing: str) -> Optional[str]:
        """Before the page is read (``on_pre_page``), or at ``on_page_markdown``: the Markdown to
        convert ("" when the content is stored; None: ``markdown`` as it is)."""
        last = self._markdown_digests.get(uri)
        if last is None or last[0] is not markdown:
            last = self._markdown_digests[uri] = (markdown, digest(markdown))
        key = digest(self._signature, uri, title, drawing, last[1])
        self._keys[uri] = key
        hit = self.contents.get(key)
        if hit is None:
            self.converted.append(uri)
            return None
        self._hits[uri] = hit
        return ""

    def has_key(self, uri: str) -> bool:
        """Whether this build has looked up the page ``uri`` (:meth:`markdown`)."""
        return uri in self._keys

    def stored(self, uri: str) -> Optional[Content]:
        """The content taken from the last build for the page ``uri`` (None: it is converted)."""
        return self._hits.get(uri)

    def is_hit(self, uri: str) -> bool:
        """Whether the content of the page ``uri`` is taken from the last build."""
        return uri in self._hits

    def content(self, page: Any, html: str, removed: list[Any]) -> str:
        """At ``on_page_content``: the stored content of a hit (restoring its TOC and anchors),
        else ``html``, stored."""
        uri = page.file.src_uri
        hit = self._hits.get(uri)
        if hit is not None:
            page.toc, page.present_anchor_ids = hit.toc, hit.anchors
            return hit.html
        key = self._keys.get(uri)
        if key is not None:
            self.contents[key] = Content(html, page.toc, page.present_anchor_ids, removed)
        return html

    def removed(self, uri: str) -> list[Any]:
        """The addresses the safety check took out of a hit's page when it was converted."""
        hit = self._hits.get(uri)
        return hit.removed if hit is not None else []

    def plan(self, pages: Iterable[Any], nav_items: Iterable[Any], plugins: Iterable[Any]) -> None:
        """At ``on_env`` (every page converted, every title known): give the pages whose
        output is stored the empty template, and an empty content for the search plugin."""
        self._nav = nav_signature(nav_items)
        self._search = _search_entries(plugins)
        for page in pages:
            uri = page.file.src_uri
            key = self._keys.get(uri)
            content = self.contents.get(key) if key is not None else None
            if key is None or content is None or content.entries is None and self._search is not None:
                continue
            output = self.outputs.get(digest(key, self._nav))
            if output is None:
                continue
            self._outputs_used[uri] = output
            page.meta["template"] = CACHED_TEMPLATE
            page.content = ""

    def context(self, page: Any) -> None:
        """At ``on_page_context``, after the search plugin's: record what it indexed for the
        page, or give it the stored entries of a page it did not parse."""
        entries = self._search
        if entries is None:
            return
        uri = page.file.src_uri
        key = self._keys.get(uri)
        content = self.contents.get(key) if key is not None else None
        if content is not None:
            if uri in self._outputs_used:
                assert content.entries is not None
                entries.extend(content.entries)
            else:
                content.entries = entries[self._search_seen :]
        self._search_seen = len(entries)

    def output(self, uri: str, html: str) -> Optional[str]:
        """At ``on_post_page``: the stored output of a page planned as a hit; else store ``html``
        (``None``: the page is not ours)."""
        stored = self._outputs_used.get(uri)
        if stored is not None:
            return stored
        key = self._keys.get(uri)
        if key is None:
            return None
        self.rendered.append(uri)
        self.outputs[digest(key, self._nav)] = html
        self._outputs_used[uri] = html
        return html

    def prune(self) -> None:
        """Forget what the last build did not use (after a build)."""
        used = set(self._keys.values())
        self.contents = {k: v for k, v in self.contents.items() if k in used}
        keep = {digest(self._keys[uri], self._nav) for uri in self._outputs_used if uri in self._keys}
        self.outputs = {k: v for k, v in self.outputs.items() if k in keep}
        self._markdown_digests = {k: v for k, v in self._markdown_digests.items() if k in self._keys}
