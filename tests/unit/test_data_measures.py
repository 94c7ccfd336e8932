"""The measures of a ``from``: each over values, and over no values."""

from __future__ import annotations

import pytest

from mkdocs_cjm.data.measures import NEEDS, of_values, rate, share


@pytest.mark.parametrize(
    ("measure", "expected"),
    [("sum", 10.0), ("mean", 2.5), ("median", 2.5), ("min", 1.0), ("max", 4.0)],
)
def test_of_values(measure: str, expected: float) -> None:
    assert of_values(measure, [4.0, 1.0, 3.0, 2.0]) == expected


def test_median_odd() -> None:
    assert of_values("median", [9.0, 1.0, 5.0]) == 5.0


def test_nps() -> None:
    # 2 promoters (9, 10), 1 passive (7), 1 detractor (6): 50 - 25
    assert of_values("nps", [9.0, 10.0, 7.0, 6.0]) == 25.0
    assert of_values("nps", [0.0, 0.0]) == -100.0


def test_csat() -> None:
    assert of_values("csat", [5.0, 4.0, 3.0, 1.0]) == 50.0


@pytest.mark.parametrize("measure", ["sum", "mean", "median", "min", "max", "nps", "csat"])
def test_no_values_no_number(measure: str) -> None:
    assert of_values(measure, []) is None


def test_share_and_rate() -> None:
    assert share(1, 4) == 25.0
    assert share(0, 0) is None
    assert rate([1.0, 2.0], [50.0, 50.0]) == 3.0
    assert rate([1.0], [0.0]) is None
    assert rate([], []) is None


def test_every_measure_says_what_it_needs() -> None:
    assert set(NEEDS) == {"sum", "mean", "median", "min", "max", "count", "share", "rate", "nps", "csat"}
    assert NEEDS["rate"] == ("value", "per") and NEEDS["share"] == ("match",) and NEEDS["count"] == ()
