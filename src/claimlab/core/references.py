"""Numbers a key refers to instead of typing them, and numbers read from a learner's text.

A key never types a figure: ``{value_of: E02}``, ``{rate_per_day: [M04, M18]}``, ``{days_between: ...}``,
``{difference: ...}``, ``{paragraph_of: CL25}``, ``{convert: {claim: CL06, to: km2}}`` and
``{number_in: [B16, 1]}`` (the first figure printed in bank passage B16, in digits or words, dates left
out) are computed from data/ when
an answer is checked. :func:`as_number` reads one number a learner typed ("1,200", "1 200"), and
:func:`numbers_in` every number printed in a text.
"""
from __future__ import annotations

import decimal
import math
import numbers
import re
from typing import Any

from claimlab.core import text, units
from claimlab.core.dataset import Dataset

__all__ = ["ReferenceProblem", "expected_value", "within", "as_number", "numbers_in", "reference_ids", "KINDS"]

KINDS = ("value_of", "rate_per_day", "days_between", "difference", "paragraph_of", "convert", "number_in")
_NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_NUMBER_IN_TEXT = re.compile(r"(?<![\w.])\d{1,3}(?:[,\s\u00a0\u202f]\d{3})+(?![\d])|(?<![\w.,])\d+(?:\.\d+)?")


class ReferenceProblem(ValueError):
    """A data reference in a key that cannot be computed (the message says why)."""


def expected_value(reference: dict[str, Any], ds: Dataset) -> float:
    """Compute a data reference from data/exercises.yaml, e.g. ``{"value_of": "E02"}``."""
    if not isinstance(reference, dict) or len(reference) != 1:
        raise ReferenceProblem(f"{reference!r} is not a data reference like {{value_of: E02}}")
    (kind, arg), = reference.items()
    try:
        if kind == "value_of":
            return text.row_value(ds, str(arg))
        if kind in ("rate_per_day", "days_between", "difference"):
            first, second = (str(part) for part in arg)
            if kind == "rate_per_day":
                return text.rate_per_day(ds, first, second)
            if kind == "days_between":
                return float(text.days_between(ds, first, second))
            return text.row_value(ds, second) - text.row_value(ds, first)
        if kind == "paragraph_of":
            if str(arg) not in ds.claims.index:
                raise ReferenceProblem(f"'{arg}' is not a claim_id")
            return float(ds.claims.loc[str(arg), "paragraph"])
        if kind == "convert":
            if "claim" in arg:
                unit, ident = ds.claims.loc[str(arg["claim"]), "unit"], str(arg["claim"])
            else:
                unit, ident = ds.figures.loc[str(arg["figure"]), "base_unit"], str(arg["figure"])
            return units.convert_area(text.row_value(ds, ident), str(unit), str(arg["to"]))
        if kind == "number_in":
            passage_id, nth = (arg[0], int(arg[1])) if isinstance(arg, list) else (str(arg), 1)
            return _nth_number(ds, str(passage_id), nth)
    except text.TemplateError as exc:
        raise ReferenceProblem(str(exc)) from None
    except ReferenceProblem:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise ReferenceProblem(f"{reference!r} could not be computed ({exc})") from None
    raise ReferenceProblem(f"'{kind}' is not a kind of data reference ({', '.join(KINDS)})")


def _nth_number(ds: Dataset, passage_id: str, nth: int) -> float:
    from claimlab.core import bank, judge  # only a key that names a passage needs them

    found = judge.figures_in(bank.passage(ds, passage_id)["passage"])
    if not 1 <= nth <= len(found):
        raise ReferenceProblem(f"passage {passage_id} prints {len(found)} number(s); there is no number {nth}")
    return found[nth - 1]


def reference_ids(ref: Any) -> list[str]:
    """The claim and figure ids a data reference reads (to check they may be taught)."""
    if not isinstance(ref, dict):
        return []
    found: list[str] = []
    for kind, value in ref.items():
        if kind == "number_in":
            continue
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found += [str(v) for v in value]
        elif isinstance(value, dict):
            found += [str(v) for k, v in value.items() if k in ("claim", "figure")]
    return found


def within(given: float, expected: float, tolerance: dict[str, Any]) -> bool:
    if "percent" in tolerance:
        return abs(given - expected) <= abs(expected) * float(tolerance["percent"]) / 100
    return abs(given - expected) <= float(tolerance.get("absolute", 0))


def as_number(value: Any) -> float | None:
    """A learner's number as a float ('1,200' and '1 200' allowed); None if it is not one number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (numbers.Real, decimal.Decimal)):
        try:
            return float(value)
        except (OverflowError, ValueError, TypeError):
            return math.inf
    if isinstance(value, str) and len(value) <= 100:
        cleaned = re.sub(r"(?<=\d)[,_\s\u00a0\u202f'](?=\d)", "", value.strip())
        if _NUMBER_TEXT.fullmatch(cleaned):
            return float(cleaned)
        if cleaned.casefold() in ("nan", "inf", "-inf", "infinity", "-infinity"):
            return float(cleaned)
    return None


def numbers_in(passage_text: str) -> list[float]:
    """The numbers printed in a text ('26,000', '122 883', '40'), in order, as floats."""
    found = []
    for match in _NUMBER_IN_TEXT.finditer(str(passage_text)):
        number = as_number(match.group(0))
        if number is not None and math.isfinite(number):
            found.append(number)
    return found
