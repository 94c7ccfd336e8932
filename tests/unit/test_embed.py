"""The ``journey`` block in plain Python-Markdown (mkdocs_cjm.markdown), without MkDocs."""

from __future__ import annotations

import logging
import re

import markdown
import pytest
from support.maps import example_maps, write_files

from mkdocs_cjm.markdown import EmbedError, JourneyExtension

PAGE = """\
# Guide

```journey
id: click-and-collect
stages: [consider]
lanes: [touchpoint, pain_points]
```
"""


@pytest.fixture
def maps(tmp_path):
    write_files(tmp_path, example_maps())
    return tmp_path / "maps"


def convert(source: str, maps, *extensions, **options) -> tuple[str, JourneyExtension]:
    ext = JourneyExtension(maps_dir=str(maps), **options)
    return markdown.markdown(source, extensions=[ext, *extensions]), ext


@pytest.mark.parametrize("fences", [(), ("pymdownx.superfences",), ("fenced_code",)])
def test_block_draws_chosen_stages_and_lanes(maps, fences):
    html, ext = convert(PAGE, maps, *fences)
    assert ext.problems == []
    assert '<section class="cjm-diagram-section" data-search-exclude=""><div class="cjm-diagram"' in html
    assert re.findall(r'data-stage="([^"]+)"', html) == ["consider"]
    assert re.findall(r'data-lane-label="([^"]+)"', html) == ["touchpoint", "pain_points"]
    # No base_url: the page of the journey is not known, so nothing links to it.
    assert "<a " not in html and "cjm-svg-links" not in html


def test_base_url_links_the_journey_pages(maps):
    html, _ = convert(PAGE, maps, base_url="/cx/")
    assert 'href="/cx/journeys/click-and-collect/#step-landing"' in html
    assert '<a href="/cx/journeys/click-and-collect/">Buy online, collect in store</a>' in html
    html, _ = convert(PAGE, maps, base_url="/cx/", use_directory_urls=False)
    assert 'href="/cx/journeys/click-and-collect.html#step-landing"' in html


def test_unknown_stage_is_a_visible_error_and_a_logged_message(maps, caplog):
    page = PAGE.replace("stages: [consider]", "stages: [consider, purchse]")
    with caplog.at_level(logging.ERROR, logger="mkdocs_cjm.markdown"):
        html, ext = convert(page, maps, "pymdownx.superfences", page="docs/guide.md")
    assert "cjm-embed-error" in html and "cjm-diagram" not in html
    assert "no stage &#x27;purchse&#x27;" in html
    assert [p.format() for p in ext.problems] == [
        "docs/guide.md:5:1: error: journey.stages[1]: journey 'click-and-collect' has no stage 'purchse' "
        "(did you mean 'purchase'?)"
    ]
    assert [r.getMessage() for r in caplog.records] == [p.format() for p in ext.problems]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("id: nope", 4, "unknown journey 'nope'"),
        ("id: click-and-collect\nlanes: [feeling]", 5, "unknown lane 'feeling' (did you mean 'emotion'?)"),
        ("id: click-and-collect\nstage: [aware]", 5, "unknown key 'stage' (did you mean 'stages'?)"),
        ("", 3, "the block is empty"),
        ("id: [a", 4, "journey"),
    ],
)
def test_bad_blocks_raise_when_strict(maps, body, line, message):
    page = f"# Guide\n\n```journey\n{body}\n```\n"
    with pytest.raises(EmbedError) as caught:
        convert(page, maps, strict=True)
    assert caught.value.problems[0].line == line
    assert message in caught.value.problems[0].format()


def test_unclosed_block_is_an_error(maps):
    html, ext = convert("# Guide\n\n```journey\nid: click-and-collect\n", maps)
    assert "cjm-embed-error" in html
    assert ext.problems[0].line == 3 and "not closed" in ext.problems[0].message


def test_block_inside_another_fence_stays_text(maps):
    page = "````markdown\n```journey\nid: nope\n```\n````\n"
    html, ext = convert(page, maps, "pymdownx.superfences")
    assert ext.problems == [] and "id: nope" in html and "cjm-diagram" not in html


def test_map_text_stays_escaped(tmp_path):
    files = dict(example_maps())
    files["maps/click-and-collect.yml"] = files["maps/click-and-collect.yml"].replace(
        "title: Buy online, collect in store", 'title: "<img src=x onerror=alert(1)> & </div>"'
    )
    write_files(tmp_path, files)
    html, _ = convert(PAGE, tmp_path / "maps", base_url="/")
    assert "<img" not in html and "onerror=alert(1)&gt;" in html


def test_maps_are_read_again_when_a_file_changes(tmp_path):
    write_files(tmp_path, example_maps())
    first, _ = convert(PAGE, tmp_path / "maps")
    journey = tmp_path / "maps" / "click-and-collect.yml"
    journey.write_text(journey.read_text().replace("id: consider", "id: weigh-up"), encoding="utf-8")
    _, ext = convert(PAGE, tmp_path / "maps")
    assert "cjm-diagram" in first
    assert [p.message for p in ext.problems] == ["journey 'click-and-collect' has no stage 'consider'"]
