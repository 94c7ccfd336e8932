"""The ``journey`` block in a hand-written page of an MkDocs site (the plugin enables it by itself)."""

from __future__ import annotations

import re

import pytest
from mkdocs.exceptions import Abort
from support.site import build_site

GUIDE = """\
---
title: Onboarding guide
---

# Onboarding

The part of the journey you will work on:

```journey
id: click-and-collect
stages: [consider, purchase]
lanes: [touchpoint, emotion]
```

!!! note "All of it"

    ```journey
    id: click-and-collect
    ```

The block is written like this:

````markdown
```journey
id: nowhere
```
````
"""

SUPERFENCES = {"markdown_extensions": ["admonition", "pymdownx.superfences"]}


def test_block_in_a_page_with_superfences(tmp_path):
    site = build_site(tmp_path, _with_guide(GUIDE), config=SUPERFENCES, strict=True)
    html = site.html("guide/index.html")
    diagrams = re.findall(r'<section class="cjm-diagram-section" data-search-exclude=""><div class="cjm-diagram"', html)
    assert len(diagrams) == 2
    first, second = html.split('<div class="cjm-embed"')[1:3]
    # Chosen stages and lanes only; the whole journey in the admonition.
    assert 'data-stage="consider"' in first and 'data-stage="purchase"' in first
    assert 'data-stage="aware"' not in first
    assert re.findall(r'data-lane-label="([^"]+)"', first) == ["touchpoint", "emotion"]
    assert 'data-stage="aware"' in second and 'data-lane-label="actions"' in second
    # Links go to the journey's page, relative to this page; ids differ between the two drawings.
    assert 'href="../journeys/click-and-collect/#step-landing"' in first
    assert 'id="cjm-click-and-collect-embed-1-title"' in first
    assert 'id="cjm-click-and-collect-embed-2-title"' in second
    # The example inside the four-backtick fence stays text, and no error was reported.
    assert "id: nowhere" in html
    assert not [m for m in site.messages() if "journey" in m]


def test_block_without_superfences(tmp_path):
    site = build_site(tmp_path, _with_guide(GUIDE), strict=True)
    html = site.html("guide/index.html")
    assert html.count('<div class="cjm-diagram"') == 2


@pytest.mark.parametrize(
    ("block", "line", "message"),
    [
        ("id: click-and-colect", 12, "unknown journey 'click-and-colect' (did you mean 'click-and-collect'?)"),
        ("id: click-and-collect\nstages: [aware, purchse]", 13, "journey 'click-and-collect' has no stage 'purchse'"),
        ("id: click-and-collect\nlanes:\n  - touchpoint\n  - feelings", 15, "unknown lane 'feelings'"),
    ],
)
def test_unknown_id_names_page_and_line(tmp_path, block, line, message):
    page = f"---\ntitle: Guide\n---\n\n# Guide\n\nText.\n\n\n\n```journey\n{block}\n```\n"
    # Line 11 opens the block (the front matter counts: lines are those of the file).
    site = build_site(tmp_path, _with_guide(page))
    errors = site.messages()
    assert any(f"docs/guide.md:{line}:1: error: " in m and message in m for m in errors), errors
    html = site.html("guide/index.html")
    assert "cjm-embed-error" in html and "Journey diagram not shown" in html
    with pytest.raises(Abort):
        build_site(tmp_path / "strict", _with_guide(page), strict=True)


def test_generated_pages_keep_blocks_as_text(tmp_path):
    """A journey page's own text never opens a block (map text is not a page author)."""
    site = build_site(tmp_path, _with_guide(GUIDE))
    assert "cjm-embed" not in site.html("journeys/click-and-collect/index.html")


def _with_guide(page: str) -> dict[str, str]:
    from support.maps import example_maps

    files: dict[str, str] = dict(example_maps())
    files["docs/guide.md"] = page
    return files


def test_blocks_reuse_the_build_s_maps(tmp_path, monkeypatch):
    """The plugin hands the extension the project it loaded: the maps are read once per build."""
    import mkdocs_cjm.load.walk as walk
    import mkdocs_cjm.state as state

    calls = []
    real = walk.load_project

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(walk, "load_project", counted)
    monkeypatch.setattr(state, "load_project", counted)
    site = build_site(tmp_path, _with_guide(GUIDE), config=SUPERFENCES, strict=True)
    assert site.html("guide/index.html").count('<div class="cjm-diagram"') == 2
    assert len(calls) == 1
