"""ProperDocs (the continuation of MkDocs 1.x) builds the same site as MkDocs, as the Pages workflow checks
(.github/workflows/pages.yml, job same-site: only the generator tag may differ)."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support.maps import example_maps, write_files

GUIDE = "# Guide\n\n```journey\nid: click-and-collect\nstages: [consider]\n```\n"
_GENERATOR = re.compile(rb'\n?\s*<meta name="generator"[^>]*>')


def _build(engine: str, root: Path) -> Path:
    exe = Path(sys.executable).parent / engine
    if not exe.exists():
        pytest.skip(f"{engine} is not installed (it comes with the test extras: bash scripts/test.sh)")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000", "NO_MKDOCS_2_WARNING": "1"}
    site = root / f"site-{engine}"
    done = subprocess.run(
        [str(exe), "build", "--strict", "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{engine}: {done.stdout}{done.stderr}"
    return site


def test_properdocs_builds_the_same_site(tmp_path):
    pytest.importorskip("properdocs", reason="ProperDocs comes with the test extras (requirements/test.lock)")
    files: dict[str, str | bytes] = dict(example_maps())
    files["docs/index.md"] = "# Home\n"
    files["docs/guide.md"] = GUIDE
    write_files(tmp_path, files)
    config = {
        "site_name": "Test site",
        "site_url": "https://example.org/cx/",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"cjm": {"today": "2026-11-23", "exports": False}}],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    mkdocs, properdocs = _build("mkdocs", tmp_path), _build("properdocs", tmp_path)
    for site in (mkdocs, properdocs):
        for page in site.rglob("*.html"):
            page.write_bytes(_GENERATOR.sub(b"", page.read_bytes()))
    names = sorted(p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(properdocs).as_posix() for p in properdocs.rglob("*") if p.is_file())
    _, differ, errors = filecmp.cmpfiles(mkdocs, properdocs, names, shallow=False)
    assert differ == [] and errors == []
    # The plugin ran under ProperDocs: journey pages with diagrams, and the journey block of our page.
    journey = (properdocs / "journeys" / "click-and-collect" / "index.html").read_text(encoding="utf-8")
    assert '<div class="cjm-diagram"' in journey
    guide = (properdocs / "guide" / "index.html").read_text(encoding="utf-8")
    assert 'data-stage="consider"' in guide and 'data-stage="aware"' not in guide


def test_registered_for_properdocs_and_mkdocs():
    from importlib.metadata import entry_points

    for group in ("properdocs.plugins", "mkdocs.plugins"):
        found = {e.name: e.value for e in entry_points(group=group)}
        assert found.get("cjm") == "mkdocs_cjm.plugin:CjmPlugin", group


_SERVE_LIKE = """
import json, sys
from properdocs import replacement  # noqa: F401  (mkdocs.* is ProperDocs from here on)
from mkdocs.commands.build import build
from mkdocs.config import load_config

counts, plugin = [], None
for n in range(3):
    config = load_config(sys.argv[1])
    if n == 0:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    plugin = config.plugins["cjm"]
    counts.append([len(plugin.page_cache.converted), len(plugin.page_cache.rendered), len(plugin.state.pages)])
print(json.dumps({"counts": counts, "page": type(config.plugins["cjm"]).__module__}))
"""


def test_properdocs_rebuilds_take_unchanged_pages_from_the_last_one(tmp_path):
    """As under MkDocs, a ProperDocs rebuild (the way its ``serve`` makes them) neither converts nor
    renders a generated page that did not change (the page class the plugin gives such a page derives
    from ProperDocs' own, which the navigation's signature must not mistake for a change)."""
    pytest.importorskip("properdocs", reason="ProperDocs comes with the test extras (requirements/test.lock)")
    files: dict[str, str | bytes] = dict(example_maps())
    files["docs/index.md"] = "# Home\n"
    write_files(tmp_path, files)
    config = {
        "site_name": "Test site",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"cjm": {"today": "2026-11-23", "exports": False}}],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _SERVE_LIKE, str(tmp_path / "mkdocs.yml")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    import json

    counts = json.loads(done.stdout.strip().splitlines()[-1])["counts"]
    (first_converted, _, pages), *rebuilds = counts
    assert first_converted == pages > 0
    assert rebuilds == [[0, 0, pages], [0, 0, pages]]
