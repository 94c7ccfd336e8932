"""How the matching rows of a data file become one number (the ``measure`` of a ``from``)."""

from __future__ import annotations

import statistics
from typing import Callable, Optional, Sequence

#: measure -> the keys of ``from`` it needs besides ``file`` (``value``, ``match``, ``per``).
NEEDS: dict[str, tuple[str, ...]] = {
    "sum": ("value",),
    "mean": ("value",),
    "median": ("value",),
    "min": ("value",),
    "max": ("value",),
    "count": (),
    "share": ("match",),
    "rate": ("value", "per"),
    "nps": ("value",),
    "csat": ("value",),
}
#: The scores each survey measure accepts.
SCORE_RANGE: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5)}

_OF_VALUES: dict[str, Callable[[Sequence[float]], float]] = {
    "sum": lambda v: float(sum(v)),
    "mean": statistics.fmean,
    "median": lambda v: float(statistics.median(v)),
    "min": lambda v: float(min(v)),
    "max": lambda v: float(max(v)),
}


def of_values(measure: str, values: Sequence[float]) -> Optional[float]:
    """``sum``, ``mean``, ``median``, ``min``, ``max``, ``nps`` or ``csat`` of the values; None for none."""
    if not values:
        return None
    if measure == "nps":
        promoters = sum(1 for v in values if v >= 9)
        detractors = sum(1 for v in values if v <= 6)
        return 100.0 * (promoters - detractors) / len(values)
    if measure == "csat":
        return 100.0 * sum(1 for v in values if v >= 4) / len(values)
    return _OF_VALUES[measure](values)


def share(matching: int, of: int) -> Optional[float]:
    """The percentage of ``of`` rows that are ``matching``; None for no rows."""
    return 100.0 * matching / of if of else None


def rate(values: Sequence[float], per: Sequence[float]) -> Optional[float]:
    """Sum of values / sum of ``per`` as a percentage; None where the ``per`` sum is 0 or there are no rows."""
    total = sum(per)
    return 100.0 * sum(values) / total if values and total else None


def rounded(value: float) -> float:
    """A computed value as shown: two decimals at most, a whole number as an int-like float."""
    return round(value, 2)
