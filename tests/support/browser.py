"""Helpers for the tests that look at built sites: a static web server that
serves a site under a sub-path, headless Chromium with every outside host
blocked, a scanner for external URLs and a checker for relative links.

Chromium is Debian's (/usr/bin/chromium) driven by the Playwright package;
no browser is ever downloaded. Tests skip when either is missing.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import posixpath
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator, Optional

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    # No name resolves except the loopback: nothing can reach an outside host.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
SHOTS = Path("/tmp/cjm-shots")


def have_chromium() -> bool:
    if not Path(CHROMIUM).exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


#: Why a browser test is skipped.
NO_CHROMIUM = f"needs {CHROMIUM} and the playwright package"
#: Marks a test that needs Chromium (a fixture calls :func:`chromium_or_skip`).
needs_chromium = pytest.mark.skipif(not have_chromium(), reason=NO_CHROMIUM)


def chromium_or_skip() -> contextlib.AbstractContextManager[object]:
    """:func:`chromium`, for a fixture or a test: skips it (as :data:`needs_chromium` does) when there is none."""
    if not have_chromium():
        pytest.skip(NO_CHROMIUM)
    return chromium()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


# -- a static server with a sub-path ---------------------------------------------
class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        clean = urllib.parse.urlsplit(path).path
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_prefix__")
        return super().translate_path("/" + clean[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@contextlib.contextmanager
def serve(site_dir: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``site_dir`` at ``http://127.0.0.1:<port><prefix>``; yields that URL."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = functools.partial(type("H", (_Handler,), {"prefix": prefix}), directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


# -- watching a page's requests ----------------------------------------------------
@dataclass
class Traffic:
    """Every request a browser context made, split by what went wrong."""

    allowed: tuple[str, ...]
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def local(self, url: str) -> bool:
        return url.startswith(("data:", "blob:", "about:")) or any(url.startswith(a) for a in self.allowed)

    def attach(self, context: object) -> None:
        """Route every request of ``context``: outside ones are aborted and recorded."""

        def route(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            self.requests.append(url)
            if self.local(url):
                route.continue_()  # type: ignore[attr-defined]
            else:
                self.outside.append(url)
                route.abort("blockedbyclient")  # type: ignore[attr-defined]

        context.route("**/*", route)  # type: ignore[attr-defined]

        def on_response(response: object) -> None:
            if response.status >= 400:  # type: ignore[attr-defined]
                self.failed.append(f"{response.status} {response.url}")  # type: ignore[attr-defined]

        def on_failed(request: object) -> None:
            if self.local(request.url):  # type: ignore[attr-defined]
                self.failed.append(f"{request.failure} {request.url}")  # type: ignore[attr-defined]

        context.on("response", on_response)  # type: ignore[attr-defined]
        context.on("requestfailed", on_failed)  # type: ignore[attr-defined]

    def watch_console(self, page: object) -> None:
        def on_console(message: object) -> None:
            if message.type == "error":  # type: ignore[attr-defined]
                self.errors.append(f"{page.url}: {message.text}")  # type: ignore[attr-defined]

        page.on("console", on_console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))  # type: ignore[attr-defined]


# -- static checks -------------------------------------------------------------------
#: <link rel> values that make the browser fetch (or connect to) the URL.
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "apple-touch-icon-precomposed",
    "mask-icon",
    "manifest",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "prerender",
}
#: (tag, attribute) pairs that load a resource.
FETCHING_ATTRS = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
    ("image", "href"),
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
    ("feimage", "href"),
    ("feimage", "xlink:href"),
}
_ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)


def is_external(url: str) -> bool:
    """An absolute URL that names a host (``http://…``, ``//…``); not ``data:``, ``#…`` or relative."""
    return bool(_ABSOLUTE.match(url))


def css_urls(text: str) -> list[str]:
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in _CSS_URL.finditer(text)]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetches: list[str] = []
        self.links: list[str] = []
        self.classes: list[str] = []
        self.sources: list[tuple[str, str]] = []
        self._style = False
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if "class" in a:
            self.classes.extend(a["class"].split())
        for t, name in FETCHING_ATTRS:
            if t == tag and name in a:
                values = [p.strip().split(" ")[0] for p in a[name].split(",")] if name == "srcset" else [a[name]]
                self.fetches.extend(values)
        if tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            (self.fetches if rels & FETCHING_RELS else self.links).append(a["href"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            if a.get("data-md-component") == "source":
                self.sources.append((tag, a["href"]))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.fetches.append(a.get("content", "").partition("url=")[2])
        if "style" in a:
            self.fetches.extend(css_urls(a["style"]))
        self._style = tag == "style"
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._style = self._script = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.fetches.extend(css_urls(data))
        if self._script:
            self.fetches.extend(u for u in re.findall(r"""https?://[^\s"'`)<>\\]+""", data))


def parse_html(path: Path) -> _Collect:
    parser = _Collect()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


#: URLs found in the theme's JavaScript outside comments, and why they are never
#: requested by our sites (each reason is also checked by the tests).
KNOWN_JS_URLS = {
    "https://api.github.com/": (
        "repository facts: only when repo_url points to github.com (checked: no such source link)"
    ),
    "https://${": "repository facts: only when repo_url points to a GitLab host (checked: no such source link)",
    "https://unpkg.com/mermaid": "Mermaid: only on pages with a .mermaid block (checked: none)",
    "https://unpkg.com/resize-observer-polyfill": "only in browsers without ResizeObserver (all current ones have it)",
    "https://bit.ly/": "text of an error message in lunr's search worker",
}


def js_urls(text: str) -> list[str]:
    """Absolute URLs in JavaScript outside comments."""
    text = re.sub(r"/\*[\s\S]*?\*/", "", text)
    text = re.sub(r"(^|[\s;{}(),])//[^\n]*", r"\1", text)
    return re.findall(r"""https?://[^\s"'`)<>\\]+""", text)


@dataclass
class Scan:
    files: int = 0
    external: list[str] = field(default_factory=list)
    source_links: list[str] = field(default_factory=list)
    mermaid_pages: list[str] = field(default_factory=list)
    js_known: dict[str, str] = field(default_factory=dict)


def scan_site(site_dir: Path) -> Scan:
    """Every URL the built HTML, CSS and JS would fetch from another host."""
    scan = Scan()
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            scan.files += 1
            parsed = parse_html(path)
            scan.external += [f"{rel}: {u}" for u in parsed.fetches if is_external(u)]
            scan.source_links += [
                f"{rel}: {href}" for _, href in parsed.sources if re.search(r"github\.com|gitlab", href)
            ]
            if "mermaid" in parsed.classes:
                scan.mermaid_pages.append(rel)
        elif path.suffix == ".css":
            scan.files += 1
            scan.external += [
                f"{rel}: {u}" for u in css_urls(path.read_text(encoding="utf-8", errors="replace")) if is_external(u)
            ]
        elif path.suffix in (".js", ".mjs"):
            scan.files += 1
            for url in js_urls(path.read_text(encoding="utf-8", errors="replace")):
                known = next((k for k in KNOWN_JS_URLS if url.startswith(k)), None)
                if known is None:
                    scan.external.append(f"{rel}: {url}")
                else:
                    scan.js_known[known] = rel
        elif path.suffix == ".svg":
            scan.files += 1
            text = path.read_text(encoding="utf-8", errors="replace")
            hrefs = re.findall(r"""(?:xlink:)?href\s*=\s*["']([^"']*)["']""", text) + css_urls(text)
            scan.external += [f"{rel}: {u}" for u in hrefs if is_external(u)]
    return scan


def broken_links(site_dir: Path, *, directory_urls: bool, base_path: str = "") -> list[str]:
    """Relative links and resources of every HTML page that point to nothing.

    With ``directory_urls=False`` a link must name a file (the site is opened
    from disk, where ``folder/`` is not ``folder/index.html``). Absolute paths
    are wrong, except under ``base_path`` (the path of ``site_url``, which
    MkDocs uses on the 404 page, served from any folder)."""
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        parsed = parse_html(page)
        for url in parsed.links + parsed.fetches:
            if not url or is_external(url) or url.startswith(("#", "data:", "mailto:", "javascript:", "blob:")):
                continue
            target = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
            if not target:
                continue
            if target.startswith("/"):
                if not (base_path and rel == "404.html" and target.startswith(base_path)):
                    problems.append(f"{rel}: {url} (absolute path: breaks under another sub-path)")
                    continue
                joined = posixpath.normpath(target[len(base_path) :] or ".")
            else:
                joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
            if joined.startswith(".."):
                problems.append(f"{rel}: {url} (outside the site)")
                continue
            path = site_dir / joined
            if path.is_dir():
                if not directory_urls:
                    problems.append(f"{rel}: {url} (a folder: does not open from disk)")
                elif not (path / "index.html").is_file():
                    problems.append(f"{rel}: {url} (folder without index.html)")
            elif not path.is_file():
                problems.append(f"{rel}: {url} (missing)")
    return problems


#: JavaScript: ``parse`` (a computed CSS colour to {r, g, b, a}) and ``lum`` (WCAG relative luminance),
#: for the contrast checks; put it at the start of a function's body.
COLOUR_JS = r"""
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
"""
