"""The data-file reader: each CSV dialect rule of FORMAT.md "Metrics computed from exported data"."""

from __future__ import annotations

import pytest

from mkdocs_cjm.data.readers import Table, parse_number, read_table
from mkdocs_cjm.problems import Problem


def table(text: str | bytes) -> Table:
    found = read_table(text.encode("utf-8") if isinstance(text, str) else text, "maps/data/x.csv")
    assert isinstance(found, Table), found
    return found


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_delimiter_is_the_one_the_header_uses(sep: str) -> None:
    found = table(f"Channel{sep}Score\nChat{sep}5\n")
    assert found.header == ["Channel", "Score"]
    assert found.rows == [(2, ["Chat", "5"])]
    assert found.delimiter == sep


def test_comma_inside_a_semicolon_file_is_not_a_delimiter() -> None:
    found = table("Page;Views\nA, B;1,5\n")
    assert found.rows == [(2, ["A, B", "1,5"])]


def test_bom_is_dropped() -> None:
    assert table(b"\xef\xbb\xbfChannel,Score\nChat,5\n").header == ["Channel", "Score"]


def test_blank_lines_skipped_and_lines_counted() -> None:
    found = table("A,B\n\n1,2\n\n3,4\n")
    assert [line for line, _ in found.rows] == [3, 5]


def test_ga4_preamble_skipped_and_gives_the_period() -> None:
    text = (
        "# ----------------------------------------\n# Pages and screens\n# Account: Acme\n"
        "# Start date: 20261001\n# End date: 20261031\n# ----------------------------------------\n\n"
        "Page path,Views\n/a,10\n"
    )
    found = table(text)
    assert found.header == ["Page path", "Views"]
    assert found.rows == [(9, ["/a", "10"])]
    assert found.period == "2026-10-01 to 2026-10-31"


def test_no_preamble_no_period() -> None:
    assert table("A\n1\n").period == ""


@pytest.mark.parametrize("first", ["Grand total", "Total", " total "])
def test_total_rows_are_not_data(first: str) -> None:
    assert table(f"Page,Views\n/a,1\n{first},1\n").rows == [(2, ["/a", "1"])]


def test_header_cells_trimmed() -> None:
    assert table(" Channel , Score \n").header == ["Channel", "Score"]


def test_not_utf8_is_a_problem_with_line() -> None:
    found = read_table(b"A,B\n\xff,1\n", "maps/data/x.csv")
    assert isinstance(found, Problem)
    assert (found.file, found.line) == ("maps/data/x.csv", 2)
    assert "UTF-8" in found.message


def test_only_comments_is_no_header() -> None:
    found = read_table(b"# just a note\n\n", "maps/data/x.csv")
    assert isinstance(found, Problem) and "header" in found.message


@pytest.mark.parametrize(
    ("cell", "comma", "number"),
    [
        ("12", False, 12.0),
        (" 1,234 ", False, 1234.0),
        ("1,234,567.5", False, 1234567.5),
        ("62.5%", False, 62.5),
        ("£12.50", False, 12.5),
        ("-$3", False, -3.0),
        ("12 €", False, 12.0),
        ("3,5", True, 3.5),
        ("1.234,5", True, 1234.5),
        ("1 234,5", True, 1234.5),
        ("45,2 %", True, 45.2),
        ("1e3", False, 1000.0),
    ],
)
def test_numbers(cell: str, comma: bool, number: float) -> None:
    assert parse_number(cell, comma) == number


@pytest.mark.parametrize("cell", ["", "n/a", "1,23", "12abc", "inf", "nan", "1.2.3", "%"])
def test_not_numbers(cell: str) -> None:
    assert parse_number(cell) is None
