"""Hostile and broken input: each gives a clear error with file, line and key path, and nothing else is lost."""

from __future__ import annotations

import html
import logging
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from support.maps import BRAND, JOURNEY, PERSONA, example_maps, make_site, write
from support.site import build_site

import mkdocs_cjm.load.yaml_reader
from mkdocs_cjm.check import run_check
from mkdocs_cjm.loader import MAX_FILE_SIZE, load_project, parse_yaml
from mkdocs_cjm.problems import Problem

BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)

# (name, file under maps/, content, [(line, key path, text in the message)])
CASES: list[tuple[str, str, str | bytes, list[tuple[int, str, str]]]] = [
    (
        "syntax-error",
        "broken.yml",
        "title: T\nsummary: [unclosed\nstages: []\n",
        [(3, "", "YAML syntax error: did not find expected ',' or ']'")],
    ),
    (
        "colon-in-text",
        "broken.yml",
        "title: Note: this breaks\nstages: []\n",
        [(1, "", "mapping values are not allowed")],
    ),
    ("bad-indentation", "broken.yml", "title: T\nstages:\n  - name: A\n   steps: []\n", [(4, "", "YAML syntax error")]),
    # libyaml marks the end of the stream on line 3 of this 2-line file; the position is clamped to the last line
    ("unclosed-quote", "broken.yml", 'title: "T\nstages: []\n', [(2, "", "found unexpected end of stream")]),
    (
        "unclosed-quote-3-lines",
        "broken.yml",
        'title: "T\nstages: []\nx: 1\n',
        [(3, "", "found unexpected end of stream")],
    ),
    (
        "tab-indent",
        "broken.yml",
        "title: T\nstages:\n\t- name: A\n",
        [(3, "", "tab used for indentation, expected spaces")],
    ),
    (
        "tab-after-dash",
        "broken.yml",
        "title: T\nstages:\n  -\tname: A\n",
        [(3, "", "a tab is used where YAML expects spaces")],
    ),
    (
        "duplicate-key",
        "broken.yml",
        JOURNEY.replace("summary:", "title: Again\nsummary:"),
        [(2, "title", "key 'title' given twice in one mapping (first on line 1)")],
    ),
    (
        "duplicate-nested-key",
        "broken.yml",
        JOURNEY.replace("        emotion: 4\n", "        emotion: 4\n        emotion: 5\n"),
        [(17, "stages[0].steps[0].emotion", "given twice")],
    ),
    (
        "top-level-list",
        "broken.yml",
        "- title: T\n- stages: []\n",
        [(1, "", "found a list at the top of the file, expected a mapping")],
    ),
    (
        "top-level-scalar",
        "broken.yml",
        "Just a sentence.\n",
        [(1, "", "found a single value at the top of the file, expected a mapping")],
    ),
    ("empty-file", "broken.yml", "", [(1, "", "file is empty, expected a mapping")]),
    ("only-comments", "broken.yml", "# nothing yet\n\n# still nothing\n", [(1, "", "file is empty")]),
    ("two-documents", "broken.yml", "title: A\nstages: []\n---\ntitle: B\n", [(3, "", "more than one YAML document")]),
    (
        "latin-1",
        "broken.yml",
        "title: Caf\xe9\nstages: []\n".encode("latin-1"),
        [(1, "", "file is not UTF-8 text (byte 0xe9)")],
    ),
    ("utf-16", "broken.yml", "title: T\n".encode("utf-16"), [(1, "", "file is UTF-16 text, expected UTF-8")]),
    ("binary", "broken.yml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [(3, "", "binary data")]),
    ("control-character", "broken.yml", "title: T\x01\nstages: []\n", [(1, "", "U+0001, which YAML does not allow")]),
    ("billion-laughs", "broken.yml", BILLION_LAUGHS, [(6, "f[1]", "file expands to more than 200000 values")]),
    (
        "deep-flow",
        "broken.yml",
        "title: " + "[" * 10_000 + "]" * 10_000 + "\n",
        [(1, "title" + "[0]" * 63, "nesting too deep (more than 64 levels)")],
    ),
    (
        "deep-block",
        "broken.yml",
        "".join("  " * i + f"k{i}:\n" for i in range(100)),
        [(65, ".".join(f"k{i}" for i in range(64)), "nesting too deep")],
    ),
    (
        "recursive-alias",
        "broken.yml",
        JOURNEY + "tags: &t [a, *t]\n",
        [
            (37, "tags[1]", "alias '*t' has no anchor '&t' before it"),
            (37, "tags[1]", "found nothing (an empty value), expected text"),
        ],
    ),
    (
        "python-tag",
        "broken.yml",
        JOURNEY.replace("title: Buy online, collect in store", "title: !!python/object/apply:os.system [echo hi]"),
        [
            (1, "title", "found a list, expected text"),
            (1, "title", "found the YAML tag '!!python/object/apply:os.system'"),
        ],
    ),
    (
        "python-tag-scalar",
        "broken.yml",
        JOURNEY.replace("title: Buy online, collect in store", "title: !!python/name:os.system x"),
        [(1, "title", "found the YAML tag '!!python/name:os.system'")],
    ),
    (
        "huge-number",
        "broken.yml",
        JOURNEY.replace("emotion: 4", "emotion: 1" + "0" * 400),
        [(16, "stages[0].steps[0].emotion", "too large to use")],
    ),
    (
        "huge-float",
        "broken.yml",
        JOURNEY.replace("actual: 1.8", "actual: 1.0e+999"),
        [(20, "stages[0].steps[0].metrics[0].actual", "found the number 1.0e+999 (too large")],
    ),
    (
        "not-a-number",
        "broken.yml",
        JOURNEY.replace("actual: 1.8", "actual: .nan"),
        [(20, "stages[0].steps[0].metrics[0].actual", "found '.nan', expected a number")],
    ),
    (
        "date-month-13",
        "broken.yml",
        JOURNEY.replace("reviewed: 2026-09-14", "reviewed: 2026-13-14"),
        [(4, "reviewed", "found '2026-13-14', expected a date (YYYY-MM-DD)")],
    ),
    (
        "date-february-30",
        "broken.yml",
        JOURNEY.replace("reviewed: 2026-09-14", "reviewed: 2026-02-30"),
        [(4, "reviewed", "expected a date")],
    ),
    (
        "date-words",
        "broken.yml",
        JOURNEY.replace("reviewed: 2026-09-14", "reviewed: last spring"),
        [(4, "reviewed", "found 'last spring', expected a date")],
    ),
    (
        "date-with-time",
        "broken.yml",
        JOURNEY.replace("reviewed: 2026-09-14", "reviewed: 2026-09-14 10:30"),
        [(4, "reviewed", "expected a date (YYYY-MM-DD)")],
    ),
    (
        "id-not-an-id",
        "broken.yml",
        "id: Click & Collect\n" + JOURNEY,
        [(1, "id", "found 'Click & Collect', expected an id")],
    ),
    (
        "step-id-not-an-id",
        "broken.yml",
        JOURNEY.replace("id: insta-ad", "id: Insta_Ad"),
        [(12, "stages[0].steps[0].id", "try 'insta-ad'")],
    ),
    (
        "persona-ref-not-an-id",
        "broken.yml",
        JOURNEY.replace("personas: [sarah]", "personas: [Sarah]"),
        [(3, "personas[0]", "try 'sarah'")],
    ),
    (
        "unknown-key",
        "broken.yml",
        JOURNEY.replace("        emotion: 4", "        emotoin: 4"),
        [(16, "stages[0].steps[0].emotoin", "did you mean 'emotion'?")],
    ),
    (
        "emotion-out-of-range",
        "broken.yml",
        JOURNEY.replace("emotion: 4", "emotion: 7"),
        [(16, "stages[0].steps[0].emotion", "found 7, expected an integer from 1 to 5")],
    ),
    (
        "boolean-text",
        "broken.yml",
        JOURNEY.replace("title: Buy online, collect in store", "title: no"),
        [(1, "title", "found the boolean false")],
    ),
    (
        "unknown-reference",
        "broken.yml",
        JOURNEY.replace("next: [insta-ad]", "next: [insta-add]"),
        [(36, "stages[1].steps[0].next[0]", "unknown step 'insta-add' (did you mean 'insta-ad'?)")],
    ),
]


def check_site(tmp_path: Path, files: dict[str, str | bytes], **kwargs) -> list[Problem]:
    make_site(tmp_path)
    for name, content in files.items():
        write(tmp_path / name, content)
    return run_check(tmp_path, **kwargs).problems


def errors_in(problems: list[Problem], file: str) -> list[Problem]:
    return [p for p in problems if p.file == file and p.is_error]


@pytest.mark.parametrize("name, file, content, expected", CASES, ids=[c[0] for c in CASES])
def test_broken_file_gives_file_line_and_path(
    tmp_path: Path, name: str, file: str, content: str | bytes, expected: list[tuple[int, str, str]]
) -> None:
    problems = check_site(tmp_path, {f"maps/{file}": content})
    found = errors_in(problems, f"maps/{file}")
    assert len(found) == len(expected), [p.format() for p in found]
    for problem, (line, path, text) in zip(found, expected):
        assert (problem.line, problem.path) == (line, path), problem.format()
        assert text in problem.message + " (" + problem.hint + ")", problem.format()
        assert problem.column >= 1
        formatted = problem.format()
        assert formatted.startswith(f"maps/{file}:{line}:{problem.column}: error: ")
        if path:
            assert f": {path}: " in formatted
    # nothing else is lost: the good journey and every other file are still there
    assert [p.format() for p in problems if p.file != f"maps/{file}" and p.is_error] == []
    project = load_project(tmp_path / "maps", display_root=tmp_path)
    assert "buy" in project.journeys and not project.journeys["buy"].is_broken
    assert "sarah" in project.personas


def test_alias_bomb_is_refused_small() -> None:
    raw = BILLION_LAUGHS.encode()
    tracemalloc.start()
    doc = parse_yaml(raw, "maps/bomb.yml")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert doc.data is None and doc.problems[0].code == "too-big"
    assert peak < 20 * 1024 * 1024, peak


def test_alias_bomb_through_merge_keys_is_refused() -> None:
    lines = ["a0: &a0 {x: 1, y: 2, z: 3, w: 4}"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]")
    lines.append("title:\n  <<: *a11")
    doc = parse_yaml("\n".join(lines).encode(), "maps/bomb.yml")
    assert doc.problems and doc.problems[0].code == "too-big"


def test_many_aliases_within_budget_are_fine() -> None:
    text = "base: &b {touchpoint: X, emotion: 3}\nitems: [" + ", ".join(["*b"] * 500) + "]\n"
    doc = parse_yaml(text.encode(), "maps/x.yml")
    assert doc.problems == [] and len(doc.data["items"]) == 500


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 400_000 + "]" * 400_000,
        "a:\n" + "- " * 300_000 + "x\n",
        "a: " + "{a: " * 200_000 + "1" + "}" * 200_000,
    ],
    ids=["flow-lists", "block-lists", "flow-mappings"],
)
def test_extreme_nesting_does_not_crash_the_interpreter(tmp_path: Path, text: str) -> None:
    # libyaml's own composer recurses in C and kills the process (SIGSEGV) on input like this.
    path = write(tmp_path / "deep.yml", text)
    code = (
        "import sys; from pathlib import Path; from mkdocs_cjm.loader import read_yaml; "
        f"d = read_yaml(Path({str(path)!r}), 'maps/deep.yml'); print(d.problems[0].line, d.problems[0].message)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
    assert "nesting too deep" in done.stdout


_DEEP = "nesting too deep (more than 64 levels)"
# (text, [(line, column, key path, message)]): the collection that would be the 65th level is refused, at its bracket
# or dash. Earlier problems of the file stay, once each.
NESTING = [
    ("title: " + "[" * 10_000 + "]" * 10_000 + "\n", [(1, 8 + 63, "title" + "[0]" * 63, _DEEP)]),
    ("a: " + "[" * 400_000 + "]" * 400_000, [(1, 4 + 63, "a" + "[0]" * 63, _DEEP)]),
    ("a: " + "{a: " * 2000 + "1" + "}" * 2000, [(1, 4 + 4 * 63, "a" + ".a" * 63, _DEEP)]),
    (
        "t: \u00e9\u20ac\U0001f600\nt: 2\nx:\n  y: " + "[" * 5000 + "]" * 5000 + "\n",
        [(2, 1, "t", "key 't' given twice in one mapping (first on line 1)"), (4, 6 + 62, "x.y" + "[0]" * 62, _DEEP)],
    ),
    ("a:\n" + "".join("  " * i + "- \n" for i in range(1200)), [(2 + 63, 1 + 2 * 63, "a" + "[0]" * 63, _DEEP)]),
]


class _ScannerWithALimit(yaml.SafeLoader):  # type: ignore[misc]
    """The pure-Python parser with a nesting limit in its scanner, as libyaml 0.2.6 (PyYAML 6.0.4) has at 1000 levels.

    The scanner reads flow brackets ahead of the events, so its error comes before the events reach 64 levels."""

    def fetch_flow_collection_start(self, TokenClass: type) -> None:
        if self.flow_level >= 100:
            mark = self.get_mark()
            raise yaml.scanner.ScannerError("while increasing flow level", mark, "exceeded maximum nesting depth", mark)
        super().fetch_flow_collection_start(TokenClass)


@pytest.mark.parametrize("loader", ["installed", "pure-python", "scanner-limit"])
@pytest.mark.parametrize(
    "text, expected", NESTING, ids=["flow-lists", "huge-flow-lists", "flow-mappings", "after-problems", "block-lists"]
)
def test_nesting_error_is_the_same_whichever_parser(
    monkeypatch: pytest.MonkeyPatch, loader: str, text: str, expected: list[tuple[int, int, str, str]]
) -> None:
    # "installed" is libyaml when PyYAML has it (its own nesting limit since 6.0.4), "pure-python" PyYAML's SafeLoader.
    if loader != "installed":
        monkeypatch.setattr(
            mkdocs_cjm.load.yaml_reader, "_Loader", yaml.SafeLoader if loader == "pure-python" else _ScannerWithALimit
        )
    doc = parse_yaml(text.encode(), "maps/deep.yml")
    assert doc.data is None
    assert [(p.line, p.column, p.path, p.message) for p in doc.problems] == expected
    assert doc.problems[-1].code == "too-deep"


def test_size_limit_default_and_option(tmp_path: Path) -> None:
    assert MAX_FILE_SIZE == 1024 * 1024
    big = JOURNEY + "".join(
        f"# padding line {i:07d} ..........................................\n" for i in range(20_000)
    )
    assert len(big.encode()) > MAX_FILE_SIZE
    problems = check_site(tmp_path, {"maps/big.yml": big})
    (found,) = errors_in(problems, "maps/big.yml")
    assert found.message.startswith(f"file is {len(big.encode())} bytes, larger than the limit of 1048576 bytes")
    assert "max_file_size" in found.hint
    # the option lowers (or raises) it
    write(tmp_path / "mkdocs.yml", "site_name: T\nplugins:\n  - cjm:\n      max_file_size: 500\n")
    small = run_check(tmp_path).problems
    assert {"maps/big.yml", "maps/buy.yml"} <= {p.file for p in small if p.code == "too-large"}


# -- ids and references across files ---------------------------------------------------
def test_journey_id_clash_across_files(tmp_path: Path) -> None:
    problems = check_site(tmp_path, {"maps/retail/buy.yml": JOURNEY, "maps/other.yml": "id: buy\n" + JOURNEY})
    clash = [p for p in problems if p.code == "duplicate-id"]
    assert [(p.file, p.line, p.path) for p in clash] == [("maps/other.yml", 1, "id"), ("maps/retail/buy.yml", 1, "")]
    assert clash[0].message == "journey id 'buy' is already used by maps/buy.yml"
    assert clash[1].hint == "rename one file, or give it an 'id'"


def test_persona_id_clash_across_files(tmp_path: Path) -> None:
    problems = check_site(tmp_path, {"maps/personas/team/sarah.yml": PERSONA})
    (clash,) = [p for p in problems if p.code == "duplicate-id"]
    assert (clash.file, clash.line, clash.path) == ("maps/personas/team/sarah.yml", 1, "")
    assert "persona id 'sarah' is already used by maps/personas/sarah.yml" in clash.message


@pytest.mark.parametrize(
    "photo, message",
    [
        ("../secret.png", "path '../secret.png' leads outside docs_dir"),
        ("img/../../secret.png", "leads outside docs_dir"),
        ("/etc/passwd", "found absolute path '/etc/passwd', expected a path relative to docs_dir"),
        ("https://example.com/x.png", "expected a path relative to docs_dir"),
        ("file:///etc/passwd", "expected a path relative to docs_dir"),
        ("C:\\\\Windows\\\\x.png", "expected a path relative to docs_dir"),
        ("link/secret.png", "leads outside docs_dir (through a symbolic link)"),
        ("missing.png", "file 'missing.png' not found in docs_dir"),
    ],
)
def test_photo_paths_that_leave_docs_dir(tmp_path: Path, photo: str, message: str) -> None:
    write(tmp_path / "secret.png", b"\x89PNG")
    (tmp_path / "docs").mkdir(parents=True, exist_ok=True)
    os.symlink(tmp_path, tmp_path / "docs" / "link")
    problems = check_site(tmp_path, {"maps/personas/sarah.yml": PERSONA + f'photo: "{photo}"\n'})
    (found,) = errors_in(problems, "maps/personas/sarah.yml")
    assert (found.line, found.column, found.path) == (8, 8, "photo")
    assert message in found.message


def test_photo_inside_docs_dir_is_fine(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "img" / "sarah.png", b"\x89PNG")
    problems = check_site(tmp_path, {"maps/personas/sarah.yml": PERSONA + "photo: img/sarah.png\n"})
    assert errors_in(problems, "maps/personas/sarah.yml") == []


def test_map_file_linked_from_outside_is_not_read(tmp_path: Path) -> None:
    write(tmp_path / "outside" / "env", "SECRET_TOKEN=abc123\n")
    make_site(tmp_path)
    os.symlink(tmp_path / "outside" / "env", tmp_path / "maps" / "env.yml")
    (tmp_path / "maps" / "data").mkdir()
    os.symlink(tmp_path / "outside" / "env", tmp_path / "maps" / "data" / "env.csv")
    problems = run_check(tmp_path).problems
    assert [(p.file, p.code) for p in problems if p.is_error] == [
        ("maps/data/env.csv", "path"),
        ("maps/env.yml", "path"),
    ]
    assert "abc123" not in "".join(p.format() for p in problems)


# -- CSV -------------------------------------------------------------------------------
CSV_HEADER = "journey,step,metric,actual,period\n"


@pytest.mark.parametrize(
    "rows, line, column, path, message",
    [
        ("buy,insta-ad,ctr\n", 2, 1, "row 2", "found 3 columns, expected 5 (journey,step,metric,actual,period)"),
        ("buy,insta-ad,ctr,high,2026-10\n", 2, 18, "actual", "found 'high', expected a number"),
        ('buy,insta-ad,ctr,"1,5",2026-10\n', 2, 18, "actual", "found '1,5', expected a number"),
        ("buy,insta-ad,ctr,1e999,2026-10\n", 2, 18, "actual", "found '1e999', expected a number (at most 10^15)"),
        ("buy,insta-ad,ctr,nan,2026-10\n", 2, 18, "actual", "found 'nan', expected a number"),
        ("buy,insta-ad,ctr,1_000,2026-10\n", 2, 18, "actual", "found '1_000', expected a number"),
        (
            "buy,insta-ad,ctr,2.0,October\n",
            2,
            22,
            "period",
            "found 'October', expected a date (YYYY-MM-DD) or a month (YYYY-MM)",
        ),
        ("buy,insta-ad,ctr,2.0,2026-13\n", 2, 22, "period", "found '2026-13'"),
        ("bye,insta-ad,ctr,2.0,2026-10\n", 2, 1, "journey", "unknown journey 'bye'"),
        ("buy,insta-add,ctr,2.0,2026-10\n", 2, 5, "step", "unknown step 'insta-add' in journey 'buy'"),
        ("buy,insta-ad,cttr,2.0,2026-10\n", 2, 14, "metric", "unknown metric 'cttr' in step 'insta-ad'"),
    ],
)
def test_csv_rows(tmp_path: Path, rows: str, line: int, column: int, path: str, message: str) -> None:
    problems = check_site(tmp_path, {"maps/data/a.csv": CSV_HEADER + rows})
    (found,) = errors_in(problems, "maps/data/a.csv")
    assert (found.line, found.column, found.path) == (line, column, path), found.format()
    assert message in found.message, found.format()


def test_csv_header_missing_columns(tmp_path: Path) -> None:
    problems = check_site(tmp_path, {"maps/data/a.csv": "jouney,step,metric,actual\nbuy,insta-ad,ctr,2\n"})
    (found,) = errors_in(problems, "maps/data/a.csv")
    assert (found.line, found.path) == (1, "header")
    assert found.message.startswith("missing columns journey, period")
    assert found.hint == "did you mean 'journey'?"


@pytest.mark.parametrize(
    "content, text",
    [
        (b"journey,step\x00", "binary data"),
        ("journey;step\n".encode("utf-16"), "not UTF-8"),
        (b"", "file is empty"),
    ],
)
def test_csv_files_that_are_not_csv(tmp_path: Path, content: bytes, text: str) -> None:
    problems = check_site(tmp_path, {"maps/data/a.csv": content})
    (found,) = errors_in(problems, "maps/data/a.csv")
    assert text in found.message


def test_good_csv_rows_still_apply_next_to_bad_ones(tmp_path: Path) -> None:
    make_site(tmp_path)
    write(
        tmp_path / "maps" / "data" / "a.csv",
        CSV_HEADER + "buy,insta-ad,ctr,oops,2026-10\nbuy,insta-ad,ctr,3.5,2026-10\n",
    )
    project = load_project(tmp_path / "maps", display_root=tmp_path)
    assert len(project.errors()) == 1
    assert project.journeys["buy"].steps[0].metrics[0].actual == 3.5


# -- the same errors from the plugin and from check -------------------------------------
BROKEN_SITE: dict[str, str | bytes] = {
    "maps/syntax.yml": "title: [x\n",
    "maps/tabs.yml": "title: T\n\tstages: []\n",
    "maps/dup.yml": JOURNEY.replace("summary:", "title: Again\nsummary:"),
    "maps/list.yml": "- a\n",
    "maps/empty.yml": "",
    "maps/latin.yml": "title: Caf\xe9\n".encode("latin-1"),
    "maps/bomb.yml": BILLION_LAUGHS,
    "maps/deep.yml": "title: " + "[" * 5000 + "]" * 5000 + "\n",
    "maps/huge.yml": "id: huge\n" + JOURNEY.replace("emotion: 4", "emotion: 1" + "0" * 100),
    "maps/date.yml": "id: date\n" + JOURNEY.replace("reviewed: 2026-09-14", "reviewed: 2026-02-30"),
    "maps/ids.yml": "id: Not An Id\n" + JOURNEY,
    "maps/sub/click-and-collect.yml": JOURNEY,
    "maps/personas/bad.yml": PERSONA + "photo: ../../etc/passwd\n",
    "maps/data/a.csv": CSV_HEADER + "buy,insta-ad\nbuy,insta-ad,ctr,lots,2026-10\n",
}


def test_plugin_and_check_report_the_same_errors(tmp_path: Path) -> None:
    files = dict(example_maps())
    files.update(BROKEN_SITE)
    site = build_site(tmp_path, files, strict=False)
    logged = [m.split(": ", 1)[1] if m.startswith("mkdocs_cjm: ") else m for m in site.messages(logging.ERROR)]
    from_plugin = sorted({m for m in logged if ": error: " in m})
    from_check = sorted({p.format() for p in run_check(tmp_path).problems if p.is_error})
    assert from_check, "the broken site has errors"
    assert from_plugin == from_check
    assert len({p.split(":")[0] for p in from_check}) == len(BROKEN_SITE)


def test_plain_build_with_one_broken_map_builds_every_other_page(tmp_path: Path) -> None:
    good = build_site(tmp_path / "good", strict=False)
    pages = sorted(str(p.relative_to(good.site_dir)) for p in good.site_dir.rglob("*.html"))
    files = dict(example_maps())
    files["maps/broken.yml"] = (
        "title: Broken map\nstages:\n  - name: A\n    steps:\n      - touchpoint: X\n        emotion: 9\n"
    )
    bad = build_site(tmp_path / "bad", files, strict=False)
    built = sorted(str(p.relative_to(bad.site_dir)) for p in bad.site_dir.rglob("*.html"))
    missing = [p for p in pages if p not in built]
    assert missing == []
    broken_pages = [p for p in built if p not in pages]
    assert len(broken_pages) == 1 and "broken" in broken_pages[0]
    broken_html = (bad.site_dir / broken_pages[0]).read_text(encoding="utf-8")
    assert "stages[0].steps[0].emotion" in broken_html and html.escape("found 9") in broken_html
    assert any(
        "maps/broken.yml:6:18: error: stages[0].steps[0].emotion: found 9" in m for m in bad.messages(logging.ERROR)
    )


def test_no_exception_escapes_on_garbage(tmp_path: Path) -> None:
    # arbitrary bytes in every kind of file: problems, never an exception
    import random

    rng = random.Random(1234)
    make_site(tmp_path)
    for index in range(30):
        blob = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        name = ("maps/g{}.yml", "maps/personas/g{}.yml", "maps/data/g{}.csv")[index % 3].format(index)
        write(tmp_path / name, blob)
    problems = run_check(tmp_path).problems
    assert all(isinstance(p, Problem) for p in problems)
    assert "buy" in load_project(tmp_path / "maps", display_root=tmp_path).journeys


# -- positions ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "step, line, column, path, message",
    [
        (
            "        promise:\n          effortles:\n            rating: meets\n",
            39,
            11,
            "promise.effortles",
            "unknown promise 'effortles'",
        ),
        ("        promise: {effortles: {rating: meets}}\n", 38, 19, "promise.effortles", "unknown promise 'effortles'"),
        ("        lanes:\n          backstag:\n            - x\n", 39, 11, "lanes.backstag", "unknown lane 'backstag'"),
    ],
)
def test_unknown_id_used_as_a_key_is_reported_at_the_key(
    tmp_path: Path, step: str, line: int, column: int, path: str, message: str
) -> None:
    journey = JOURNEY + "      - touchpoint: Extra\n" + step
    problems = check_site(tmp_path, {"maps/buy.yml": journey})
    (found,) = errors_in(problems, "maps/buy.yml")
    assert (found.line, found.column, found.path) == (line, column, f"stages[1].steps[1].{path}"), found.format()
    assert message in found.message


@pytest.mark.parametrize(
    "text",
    [
        'title: "T\nstages: []\nx: 1\n',
        'title: "T',
        "title: [a,\n",
        "title: T\nstages:\n  - name: 'x\n\n\n",
        "title: T\nstages:",
        "title: T\r\nstages: [\r\n",
        "a: {b: [c\n",
    ],
)
def test_no_position_past_the_end_of_the_file(text: str) -> None:
    from mkdocs_cjm.loader import last_position

    doc = parse_yaml(text.encode(), "maps/x.yml")
    last = last_position(text)
    assert last[0] == len(text.splitlines()) or text == ""
    positions = (
        [(p.line, p.column) for p in doc.problems] + list(doc.positions.values()) + list(doc.key_positions.values())
    )
    assert doc.problems or doc.positions
    assert all((1, 1) <= pos <= last for pos in positions), (positions, last)


def test_control_characters_in_map_text_stay_text_in_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A CSV cell and a file name carrying a terminal escape, a new line that would start a CI
    # workflow command, and a right-to-left override: each problem is still one plain line.
    from mkdocs_cjm.cli import main

    write(tmp_path / "maps" / "brand.yml", BRAND)
    write(tmp_path / "maps" / "personas" / "sarah.yml", PERSONA)
    write(tmp_path / "maps" / "buy.yml", JOURNEY)
    cell = "x\x1b[2J\n::error file=a::forged\u202e"
    write(tmp_path / "maps" / "data" / "m\x1b[31m.csv", f'journey,step,metric,actual,period\n"{cell}",a,b,1,2026-10\n')
    code = main(["check", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "\x1b" not in out and "\u202e" not in out
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "\\x1b[2J\\n::error file=a::forged\\u202e" in out
    assert "m\\x1b[31m.csv" in out
