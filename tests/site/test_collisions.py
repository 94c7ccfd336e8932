"""Two pages that want one URI: an error in ``check`` and in the build, naming both files,
and a page of its own (``-2``) for the second, so nothing is silently lost."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from support.maps import BRAND, JOURNEY, PERSONA, make_site, write
from support.site import build_site

from mkdocs_cjm.check import run_check
from mkdocs_cjm.uris import Layout, uri_key


def _journey(jid: str, title: str) -> str:
    return f"id: {jid}\n" + JOURNEY.replace("title: Buy online, collect in store", f"title: {title}")


BRAND_WITH_INDEX = BRAND.replace("channels:\n", "  - {id: index, name: Index promise}\nchannels:\n")

# (name, files, [(file, line, page wanted, page given, what it collides with, text of the second page)])
CASES = [
    (
        "maps-index",
        {"maps/index.yml": _journey("home", "Home map")},
        [("maps/index.yml", 1, "journeys/index.md", "journeys/index-2.md", "the journeys index", "Home map")],
    ),
    (
        "persona-index",
        {"maps/personas/index.yml": PERSONA.replace("name: Sarah", "name: Index person")},
        [
            (
                "maps/personas/index.yml",
                1,
                "personas/index.md",
                "personas/index-2.md",
                "the personas index",
                "Index person",
            )
        ],
    ),
    (
        "promise-index",
        {"maps/brand.yml": BRAND_WITH_INDEX},
        [
            (
                "maps/brand.yml",
                6,
                "promises/index.md",
                "promises/index-2.md",
                "the brand promises index",
                "Index promise",
            )
        ],
    ),
    (
        "case",
        {"maps/A.yml": _journey("upper", "Upper map"), "maps/a.yml": _journey("lower", "Lower map")},
        [("maps/a.yml", 1, "journeys/a.md", "journeys/a-2.md", "journey 'upper' (maps/A.yml)", "Lower map")],
    ),
    (
        "underscore",
        {"maps/a_b.yml": _journey("under", "Underscore map"), "maps/a-b.yml": _journey("dash", "Dash map")},
        [
            (
                "maps/a_b.yml",
                1,
                "journeys/a-b.md",
                "journeys/a-b-2.md",
                "journey 'dash' (maps/a-b.yml)",
                "Underscore map",
            )
        ],
    ),
    (
        "folder-case",
        {"maps/Foo/x.yml": _journey("upper", "Upper map"), "maps/foo/x.yml": _journey("lower", "Lower map")},
        [
            (
                "maps/foo/x.yml",
                1,
                "journeys/foo/x.md",
                "journeys/foo/x-2.md",
                "journey 'upper' (maps/Foo/x.yml)",
                "Lower map",
            )
        ],
    ),
    (
        "folder-index",
        {"maps/foo.yml": _journey("file", "File map"), "maps/foo/index.yml": _journey("folder", "Folder map")},
        [
            (
                "maps/foo/index.yml",
                1,
                "journeys/foo/index.md",
                "journeys/foo/index-2.md",
                "journey 'file' (maps/foo.yml, as 'journeys/foo.md')",
                "Folder map",
            )
        ],
    ),
]


@pytest.mark.parametrize("name, files, expected", CASES, ids=[c[0] for c in CASES])
def test_check_reports_every_page_collision(tmp_path: Path, name: str, files: dict[str, str], expected: list) -> None:
    make_site(tmp_path)
    for file, text in files.items():
        write(tmp_path / file, text)
    result = run_check(tmp_path, warnings=False)
    found = [p for p in result.problems if p.code == "page-collision"]
    assert [(p.file, p.line) for p in found] == [(e[0], e[1]) for e in expected], [p.format() for p in found]
    for problem, (_file, _line, wanted, given, other, _) in zip(found, expected):
        assert problem.is_error
        assert (
            f"wants the page '{wanted}', which is already the page of {other}; its page is '{given}' instead"
            in problem.message
        )
    assert result.exit_code() == 1
    uris = result.project.page_uris
    assert uris is not None
    pages = list(uris.journeys.values()) + list(uris.personas.values()) + list(uris.promises.values())
    pages += [Layout().journeys_index(), Layout().personas_index(), Layout().promises_index()]
    assert len({uri_key(u) for u in pages}) == len(pages)


def test_other_page_folders_are_checked_with_the_site_options(tmp_path: Path) -> None:
    make_site(tmp_path, mkdocs_yml="site_name: T\nplugins:\n  - cjm:\n      personas_dir: journeys\n")
    write(tmp_path / "maps" / "sarah.yml", _journey("sarah-map", "Sarah's map"))
    found, index = [p for p in run_check(tmp_path, warnings=False).problems if p.code == "page-collision"]
    assert (index.file, index.path) == ("mkdocs.yml", "plugins.cjm.personas_dir")
    assert (
        "the personas index wants the page 'journeys/index.md', which is already the page of the journeys index"
        in index.message
    )
    assert found.file == "maps/personas/sarah.yml"
    assert (
        "persona 'sarah' wants the page 'journeys/sarah.md', which is already the page of journey 'sarah-map' "
        "(maps/sarah.yml)" in found.message
    )


@pytest.mark.parametrize("name, files, expected", CASES, ids=[c[0] for c in CASES])
def test_build_reports_the_same_collisions_and_keeps_both_pages(
    tmp_path: Path, name: str, files: dict[str, str], expected: list
) -> None:
    make_site(tmp_path)
    all_files = {
        str(p.relative_to(tmp_path)): p.read_text(encoding="utf-8") for p in (tmp_path / "maps").rglob("*.yml")
    }
    all_files.update(files)
    site = build_site(tmp_path, all_files, plugin={"exports": True, "export_formats": ["svg"], "today": "2026-10-01"})
    logged = [m.split(": ", 1)[1] if m.startswith("mkdocs_cjm: ") else m for m in site.messages(logging.ERROR)]
    from_build = sorted(m for m in logged if "wants the page" in m)
    from_check = sorted(p.format() for p in run_check(tmp_path).problems if p.code == "page-collision")
    assert from_build == from_check and len(from_check) == len(expected)
    for _file, _, wanted, given, _other, text in expected:
        first = site.html(
            wanted[:-3].removesuffix("index") + "index.html"
            if wanted.endswith("/index.md")
            else wanted[:-3] + "/index.html"
        )
        second = site.html(given[:-3] + "/index.html")
        assert first != second
        # the second file's content is on its own page, not lost
        assert f"<title>{text} - " in second and f"<title>{text} - " not in first
        if given.startswith("journeys/"):
            assert site.exists(given[:-3] + ".svg")
