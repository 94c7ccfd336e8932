"""text.number: the one formatter of metric values, in the page tables' style and the diagram's."""

from __future__ import annotations

import pytest

from mkdocs_cjm.render.cells import with_unit
from mkdocs_cjm.text import number


@pytest.mark.parametrize(
    ("value", "page", "diagram"),
    [
        (None, "—", "—"),
        (0, "0", "0"),
        (9999, "9999", "9999"),
        (12345, "12,345", "12345"),
        (12345.0, "12,345", "12345"),
        (1.5, "1.5", "1.5"),
        (3.14159265, "3.142", "3.1416"),
        (1234567.891, "1,234,568", "1234567.891"),
    ],
)
def test_page_and_diagram_styles(value: object, page: str, diagram: str) -> None:
    assert number(value, page=True) == page
    assert number(value) == diagram


def test_diagram_style_copes_with_what_is_not_a_finite_number() -> None:
    assert number(float("inf")) == "—"
    assert number(-0.00001) == "0"
    assert number("n/a") == "n/a"
    assert number("n/a", other=str.upper) == "N/A"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (4.99, "£", "£4.99"),
        (82, "%", "82%"),
        (7, "°", "7°"),
        (3.5, "ms", "3.5\u00a0ms"),
        (None, "£", "—"),
        (2, "", "2"),
    ],
)
def test_units_go_before_or_after_the_number(value: object, unit: str, text: str) -> None:
    assert with_unit(value, unit) == text  # type: ignore[arg-type]
