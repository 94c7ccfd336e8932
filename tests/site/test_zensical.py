"""The documented Zensical set-up (docs/moving-on.md) builds the example: the same journeys, personas and
promises as the MkDocs build, each journey page with its diagram, the ``journey`` block in a page of ours.

Zensical comes from requirements/zensical.lock (tests/support/zensical.py installs it into .venv-zensical
once); it runs with this repository on PYTHONPATH, so it uses the working tree's extension.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from support.browser import broken_links
from support.maps import EXAMPLE_MAPS, REPO
from support.site import build_site
from support.zensical import zensical

from mkdocs_cjm.cli import main

GUIDE = """\
---
title: Onboarding
---

# Onboarding

```journey
id: first-purchase
stages: [purchase]
lanes: [touchpoint, emotion]
```
"""


def documented_config() -> str:
    """The mkdocs.yml of docs/moving-on.md (the block after its ``zensical-config`` marker)."""
    text = (REPO / "docs" / "moving-on.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- zensical-config.*?-->\n\s*```yaml\n(.*?)\n\s*```", text, re.S)
    assert found, "docs/moving-on.md has lost its zensical-config block"
    lines = found.group(1).splitlines()
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(line[indent:] for line in lines) + "\n"


def _pages(site_dir, *folders):
    return sorted(
        p.relative_to(site_dir).as_posix() for folder in folders for p in (site_dir / folder).rglob("index.html")
    )


def test_zensical_builds_the_example_like_mkdocs(tmp_path):
    exe = zensical()
    root = tmp_path / "zensical"
    shutil.copytree(EXAMPLE_MAPS, root / "maps")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n\nThe [journeys](journeys/index.md).\n", encoding="utf-8")
    (root / "docs" / "guide.md").write_text(GUIDE, encoding="utf-8")
    (root / "mkdocs.yml").write_text(documented_config(), encoding="utf-8")
    assert main(["generate", str(root), "-o", str(root / "docs"), "--no-exports"]) == 0

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([str(exe), "build"], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    site = root / "site"

    files = {
        p.relative_to(EXAMPLE_MAPS.parent).as_posix(): p.read_bytes() for p in EXAMPLE_MAPS.rglob("*") if p.is_file()
    }
    mkdocs = build_site(tmp_path / "mkdocs", files)
    folders = ("journeys", "personas", "promises")
    assert _pages(site, *folders) == _pages(mkdocs.site_dir, *folders)
    journeys = [p for p in _pages(site, "journeys") if p != "journeys/index.html"]
    assert len(journeys) == 5
    for page in journeys:
        html = (site / page).read_text(encoding="utf-8")
        # The markup of the plugin's pages (Zensical's search takes the data-search-exclude attributes out).
        assert len(re.findall(r'<section class="cjm-diagram-section"[^>]*><div class="cjm-diagram"', html)) == 1
        assert "<svg" in html and "cjm-diagram-slot" not in html
    for page in ("personas/maya/index.html", "promises/effortless/index.html"):
        assert "Maya Okafor" in (site / "personas/maya/index.html").read_text(encoding="utf-8")
        assert (site / page).is_file()
    guide = (site / "guide" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-stage="([^"]+)"', guide) == ["purchase"]
    assert re.findall(r'data-lane-label="([^"]+)"', guide) == ["touchpoint", "emotion"]
    assert 'href="../journeys/first-purchase/#step-checkout"' in guide
    assert "assets/cjm/cjm-diagram.css" in guide
    # Every link of the diagrams and the pages leads somewhere (Zensical re-bases the HTML links).
    ours = [p for p in broken_links(site, directory_urls=True) if p.startswith(folders + ("guide/",))]
    assert ours == []
