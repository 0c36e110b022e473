"""Helpers the benchmark scripts share."""
from __future__ import annotations


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by nearest rank; NaN for no values."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]
