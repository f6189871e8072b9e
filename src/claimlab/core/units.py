"""Unit conversions, computed, never typed in.

The international mile is defined as exactly 1,609.344 metres (the 1959 international
yard and pound agreement), so one square mile is 1.609344**2 square kilometres.
"""
from __future__ import annotations

KM_PER_MILE = 1.609344
KM2_PER_SQ_MILE = KM_PER_MILE ** 2

_ALIASES = {
    "km2": "km2", "km²": "km2", "square kilometres": "km2", "square kilometers": "km2", "sq km": "km2",
    "square miles": "square miles", "sq mi": "square miles", "square mile": "square miles", "mi2": "square miles",
}


def canonical_area_unit(unit: str) -> str:
    """'sq mi' -> 'square miles', 'km²' -> 'km2'; raises ValueError for anything else."""
    try:
        return _ALIASES[str(unit).strip().lower()]
    except KeyError:
        raise ValueError(f"'{unit}' is not an area unit Claim Lab converts (use km2 or square miles)") from None


def convert_area(value: float, from_unit: str, to_unit: str) -> float:
    """Convert an area between km2 and square miles."""
    src, dst = canonical_area_unit(from_unit), canonical_area_unit(to_unit)
    if src == dst:
        return float(value)
    if src == "square miles":
        return float(value) * KM2_PER_SQ_MILE
    return float(value) / KM2_PER_SQ_MILE


def sq_miles_to_km2(value: float) -> float:
    return convert_area(value, "square miles", "km2")


def km2_to_sq_miles(value: float) -> float:
    return convert_area(value, "km2", "square miles")
