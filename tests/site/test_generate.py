"""``mkdocs-cjm generate``: the journey site as plain files, idempotent, and --clean touching only its own files."""

from __future__ import annotations

import json
import os

import markdown
from support.maps import example_maps, write, write_files

from mkdocs_cjm.cli import main
from mkdocs_cjm.generate import MANIFEST
from mkdocs_cjm.markdown import JourneyExtension


def _site(tmp_path):
    write_files(tmp_path, example_maps())
    write(tmp_path / "mkdocs.yml", "site_name: T\nplugins:\n  - cjm:\n      today: 2026-11-23\n      exports: false\n")
    return tmp_path


def _tree(folder):
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_generate_writes_every_page_with_diagrams_and_relative_links(tmp_path):
    root = _site(tmp_path)
    maps_before = _tree(root / "maps")
    assert main(["generate", str(root), "-o", str(root / "out")]) == 0
    out = root / "out"
    names = set(_tree(out))
    assert {
        "journeys/index.md",
        "journeys/click-and-collect.md",
        "journeys/omni/click-and-collect-future.md",
        "personas/index.md",
        "personas/sarah.md",
        "promises/index.md",
        "promises/effortless.md",
        "assets/cjm/cjm.css",
        "assets/cjm/cjm-diagram.css",
        "assets/cjm/cjm-print.css",
        MANIFEST,
    } <= names
    page = (out / "journeys/click-and-collect.md").read_text(encoding="utf-8")
    assert '<section class="cjm-diagram-section" data-search-exclude=""><div class="cjm-diagram"' in page
    assert "cjm-diagram-slot" not in page
    assert "](../personas/sarah.md)" in page  # Markdown links between pages stay relative .md links
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == names - {MANIFEST}
    assert _tree(root / "maps") == maps_before  # never writes into maps/


def test_generate_again_rewrites_nothing(tmp_path):
    root = _site(tmp_path)
    out = root / "out"
    assert main(["generate", str(root), "-o", str(out)]) == 0
    first = _tree(out)
    # Make any rewrite visible even on a coarse clock: age every file by a minute.
    for name in first:
        os.utime(out / name, ns=(first[name][1] - 60 * 10**9, first[name][1] - 60 * 10**9))
    aged = _tree(out)
    assert main(["generate", str(root), "-o", str(out)]) == 0
    assert _tree(out) == aged


def test_clean_touches_nothing_it_did_not_write(tmp_path):
    root = _site(tmp_path)
    out = root / "docs"
    write(out / "index.md", "# Home\n")
    write(out / "journeys" / "notes.md", "# My notes beside the generated pages\n")
    assert main(["generate", str(root), "-o", str(out)]) == 0
    mine = {k: v for k, v in _tree(out).items() if k in ("index.md", "journeys/notes.md")}
    assert main(["generate", str(root), "-o", str(out), "--clean"]) == 0
    assert _tree(out) == mine
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "index.md",
        "journeys",
        "journeys/notes.md",
    ]


def test_a_journey_that_went_away_takes_its_page_along(tmp_path):
    root = _site(tmp_path)
    out = root / "out"
    assert main(["generate", str(root), "-o", str(out)]) == 0
    (root / "maps" / "omni" / "click-and-collect-future.yml").unlink()
    main(["generate", str(root), "-o", str(out)])
    assert not (out / "journeys" / "omni").exists()
    assert (out / "journeys" / "click-and-collect.md").exists()


def test_a_file_it_did_not_write_is_not_overwritten(tmp_path, capsys):
    root = _site(tmp_path)
    out = root / "out"
    write(out / "personas" / "sarah.md", "# Hand-written\n")
    assert main(["generate", str(root), "-o", str(out)]) == 2
    assert "personas/sarah.md" in capsys.readouterr().err
    assert (out / "personas" / "sarah.md").read_text() == "# Hand-written\n"
    assert not (out / MANIFEST).exists()
    assert main(["generate", str(root), "-o", str(out), "--force"]) == 0
    assert "Hand-written" not in (out / "personas" / "sarah.md").read_text()


def test_never_into_the_maps_folder(tmp_path, capsys):
    root = _site(tmp_path)
    before = _tree(root / "maps")
    assert main(["generate", str(root), "-o", str(root / "maps" / "site")]) == 2
    assert "maps folder" in capsys.readouterr().err
    assert _tree(root / "maps") == before


def test_generated_page_through_the_extension_removes_hostile_addresses(tmp_path):
    root = _site(tmp_path)
    journey = root / "maps" / "click-and-collect.yml"
    journey.write_text(
        journey.read_text().replace("summary: One or two", "summary: '[x](javascript:alert(1)) One or two"),
        encoding="utf-8",
    )
    journey.write_text(journey.read_text().replace("results.\n", "results.'\n", 1), encoding="utf-8")
    main(["generate", str(root), "-o", str(root / "out")])
    source = (root / "out" / "journeys" / "index.md").read_text(encoding="utf-8")
    assert "javascript:" in markdown.markdown(source, extensions=["attr_list", "md_in_html"])  # the gate matters
    html = markdown.markdown(source, extensions=["attr_list", "md_in_html", JourneyExtension(maps_dir=str(root))])
    assert "javascript:" not in html


def test_downloads_next_to_the_page_linked_for_the_generator(tmp_path):
    root = _site(tmp_path)
    (root / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - cjm:\n      export_formats: [svg]\n", encoding="utf-8"
    )
    assert main(["generate", str(root), "-o", str(root / "z")]) == 0
    assert main(["generate", str(root), "-o", str(root / "m"), "--for", "mkdocs"]) == 0
    assert b"<svg" in (root / "z" / "journeys" / "click-and-collect.svg").read_bytes()
    # Zensical re-bases HTML links from the page's file; MkDocs leaves them relative to the page's address.
    assert 'href="click-and-collect.svg" download' in (root / "z" / "journeys" / "click-and-collect.md").read_text()
    assert 'href="../click-and-collect.svg" download' in (root / "m" / "journeys" / "click-and-collect.md").read_text()
