"""Build real MkDocs sites in a temporary folder, through MkDocs' own build."""

from __future__ import annotations

import json
import logging
import posixpath
import re
from html import unescape
from pathlib import Path
from typing import Any, Optional

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from support.maps import example_maps, write_files

#: Material with light and dark palettes following the system, as in the root mkdocs.yml.
PALETTE_THEME: dict[str, Any] = {
    "name": "material",
    "font": False,
    "palette": [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "indigo",
            "accent": "indigo",
            "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "indigo",
            "accent": "indigo",
            "toggle": {"icon": "material/brightness-4", "name": "Switch to light mode"},
        },
    ],
}


class Site:
    def __init__(self, root: Path, site_dir: Path, logs: list[logging.LogRecord], config: Any = None):
        self.root = root
        self.site_dir = site_dir
        self.logs = logs
        #: The MkDocs configuration it was built with (its ``plugins`` are the plugin instances).
        self.config = config

    def html(self, uri: str) -> str:
        return (self.site_dir / uri).read_text(encoding="utf-8")

    def exists(self, uri: str) -> bool:
        return (self.site_dir / uri).exists()

    def links(self, uri: str, within: str = "article") -> list[str]:
        """The ``href`` of every link in a page's ``<article>`` (its content), in order."""
        html = self.html(uri)
        match = re.search(rf"<{within}\b.*?</{within}>", html, re.S)
        return [unescape(h) for h in re.findall(r'<a\b[^>]*?\shref="([^"]*)"', match.group(0) if match else "")]

    def resolves(self, uri: str, href: str) -> bool:
        """Whether a relative link of the page ``uri`` leads to a built file and, with a
        ``#fragment``, to an element of that id there (``a/`` is ``a/index.html``)."""
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), path)) if path else uri
        if target.startswith(".."):
            return False
        file = self.site_dir / target
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return False
        return not fragment or f'id="{fragment}"' in file.read_text(encoding="utf-8")

    def search_index(self) -> dict[str, Any]:
        return json.loads((self.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.logs if r.levelno >= level]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(
    root: Path,
    files: Optional[dict[str, str | bytes]] = None,
    *,
    config: Optional[dict[str, Any]] = None,
    plugin: Optional[dict[str, Any]] = None,
    strict: bool = False,
) -> Site:
    """Write ``files`` and an mkdocs.yml under ``root``, build, return the site."""
    write_files(root, files if files is not None else example_maps())
    (root / "docs").mkdir(exist_ok=True)
    if not (root / "docs" / "index.md").exists():
        (root / "docs" / "index.md").write_text("# Home\n\nThe site.\n", encoding="utf-8")
    options = {"today": "2026-11-23", "exports": False}
    options.update(plugin or {})
    cfg: dict[str, Any] = {
        "site_name": "Test site",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"cjm": options}],
    }
    cfg.update(config or {})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        mk = load_config(str(root / "mkdocs.yml"), strict=strict)
        build(mk)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return Site(root, Path(mk.site_dir), handler.records, mk)
