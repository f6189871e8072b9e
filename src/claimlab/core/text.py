"""Turning data into words: number and date formatting, and text placeholders.

Prose stored in ``data/`` (rationales, notes, exercise feedback) never types a figure.
It writes a placeholder and this module fills it in from the data:

=====================  ==========================================================
``{value:E02}``        the number: 121,000
``{fig:T10}``          number with its qualifier and unit: at least 646 km²
``{claim:CL06}``       a claim's number as framed: about 450 square miles
``{date:E02}``         the date a figure refers to, or a claim was made: 12 Aug 2024
``{who:E02}``          who made the claim
``{snippet:V01}``      the source's own words, in quotation marks
``{km2:CL06}``         an area converted to km² (computed): about 1,165 km²
``{sqmi:T13}``         an area converted to square miles (computed)
``{days:M04..M18}``    whole days between two dated rows
``{rate:M04..M18}``    change in value per day between two dated rows
``{para:CL25}``        the paragraph a claim is in: paragraph 15
=====================  ==========================================================

An id may be a claim (``CL05``) or a reference figure (``E02``).
"""
from __future__ import annotations

import html
import math
import re
from typing import TYPE_CHECKING, Any

import pandas as pd

from claimlab.core import units

if TYPE_CHECKING:  # pragma: no cover
    from claimlab.core.dataset import Dataset

PLACEHOLDER_RE = re.compile(r"\{([a-z0-9]+):([^{}]+)\}")

QUALIFIER_WORDS = {
    "exact": "", "none": "", "about": "about", "estimated": "an estimated", "nearly": "nearly",
    "more_than": "more than", "at_least": "at least", "at_most": "at most", "up_to": "up to", "range": "",
}
UNIT_DISPLAY = {"km2": "km²", "square miles": "square miles"}


def escape(value: Any) -> str:
    """The one HTML escape helper: any value as safe text for HTML ("" for a missing value)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


class TemplateError(ValueError):
    """A placeholder in a text could not be filled in."""


# --------------------------------------------------------------------------- formatting
def fmt_number(value: Any) -> str:
    """12345 -> '12,345'; 2.5 -> '2.5'; missing -> 'no figure'."""
    if value is None or value is pd.NA:
        return "no figure"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return "no figure"
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.1f}" if abs(number) >= 10 else f"{number:,.2f}".rstrip("0").rstrip(".")


def fmt_date(value: Any, approx: bool = False) -> str:
    """Timestamp -> '3 Sep 2024'."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "date unknown"
    stamp = pd.Timestamp(value)
    text = f"{stamp.day} {stamp.strftime('%b %Y')}"
    return text + " (approx.)" if approx else text


def unit_label(raw_unit: Any) -> str:
    """'POWs (at least)' -> 'POWs'; 'km2' -> 'km²'."""
    if raw_unit is None or raw_unit is pd.NA or (isinstance(raw_unit, float) and math.isnan(raw_unit)):
        return ""
    text = re.sub(r"\s*\(.*?\)\s*", " ", str(raw_unit)).strip().rstrip(",")
    return UNIT_DISPLAY.get(text, text)


def figure_phrase(row: pd.Series) -> str:
    """A reference row as words: 'at least 646 km²', '30,000 to 45,000 troops'."""
    unit = unit_label(row.get("unit"))
    if pd.isna(row.get("value")) and not pd.isna(row.get("value_low")):
        core = f"{fmt_number(row['value_low'])} to {fmt_number(row['value_high'])}"
    elif pd.isna(row.get("value")):
        return "no figure" if pd.isna(row.get("unit")) or not str(row.get("unit")) else str(row["unit"])
    else:
        core = fmt_number(row["value"])
    words = QUALIFIER_WORDS.get(_text_or(row.get("qualifier"), "exact"), "")
    return " ".join(part for part in (words, core, unit) if part)


def _text_or(value: Any, default: str) -> str:
    """A cell as text, or ``default`` when it is missing (None, NA, NaN or empty)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return default
    return str(value) or default


def article_words(row: pd.Series) -> str | None:
    """The claim's number in the article's own words, from its quote: 'two civilians', 'one soldier'.

    The printed number (``number_as_printed``) and what follows it in the quote, up to the unit's word if it
    comes within a few words, else the next word; None if the quote does not hold the printed number."""
    printed, quote = _text_or(row.get("number_as_printed"), ""), _text_or(row.get("quote"), "")
    at = quote.lower().find(printed.lower()) if printed else -1
    if at < 0:
        return None
    rest = quote[at + len(printed):].split()
    unit = _text_or(row.get("unit"), "").lower().split()
    stem = unit[-1].rstrip("s") if unit else ""
    words = [w.strip(".,;:”\"’)") for w in rest[:4]]
    upto = next((i for i, w in enumerate(words) if stem and w.lower().rstrip("s") == stem), None)
    taken = words[: upto + 1] if upto is not None else words[:1]
    if stem and printed.lower().split()[-1].rstrip("s") == stem:  # the printed words already end in the unit
        taken = []
    return " ".join([quote[at:at + len(printed)], *[w for w in taken if w]]).strip()


def claim_phrase(row: pd.Series) -> str:
    """A claim's number as the article frames it: 'more than 9,300 servicepeople'.

    A number the article spells out ('two civilians', 'one soldier') is given in the article's own words,
    never as '2 people' or '1 people'."""
    printed = _text_or(row.get("number_as_printed"), "")
    if printed and not any(ch.isdigit() for ch in printed) and not pd.isna(row.get("value")):
        own = article_words(row)
        if own:
            return own
    if pd.isna(row.get("value")):
        return _text_or(row.get("number_as_printed"), "no figure")
    words = QUALIFIER_WORDS.get(_text_or(row.get("qualifier"), "exact"), "")
    unit = _text_or(row.get("unit"), "")
    unit = UNIT_DISPLAY.get(unit, unit)
    return " ".join(part for part in (words, fmt_number(row["value"]), unit) if part)


# --------------------------------------------------------------------------- lookups
def _row(ds: Dataset, ident: str) -> tuple[str, pd.Series]:
    ident = ident.strip()
    if ident in ds.claims.index:
        return "claim", ds.claims.loc[ident]
    if ident in ds.figures.index:
        return "figure", ds.figures.loc[ident]
    raise TemplateError(f"'{ident}' is neither a claim_id nor a figure_id")


def row_date(ds: Dataset, ident: str) -> tuple[pd.Timestamp, bool]:
    """(date, is_exact) of a claim (event date, else date said) or a figure (as-of date)."""
    kind, row = _row(ds, ident)
    if kind == "claim":
        for column in ("event_date", "said_on"):
            if not pd.isna(row.get(column)):
                return pd.Timestamp(row[column]), True
        raise TemplateError(f"claim {ident} has no event_date or said_on to take a date from")
    if pd.isna(row.get("date")):
        raise TemplateError(f"figure {ident} has no exact date (as_of_date is '{row.get('as_of_date')}')")
    return pd.Timestamp(row["date"]), bool(row["date_is_exact"])


def row_value(ds: Dataset, ident: str) -> float:
    kind, row = _row(ds, ident)
    if pd.isna(row.get("value")):
        raise TemplateError(f"{ident} has no single value")
    return float(row["value"])


def _area_unit(ds: Dataset, ident: str) -> str:
    kind, row = _row(ds, ident)
    unit = row.get("unit") if kind == "claim" else row.get("base_unit")
    try:
        return units.canonical_area_unit(str(unit))
    except ValueError:
        raise TemplateError(f"{ident} is not an area (its unit is '{unit}')") from None


def days_between(ds: Dataset, first: str, second: str) -> int:
    (a, _), (b, _) = row_date(ds, first), row_date(ds, second)
    return int((b - a).days)


def rate_per_day(ds: Dataset, first: str, second: str) -> float:
    days = days_between(ds, first, second)
    if days <= 0:
        raise TemplateError(f"{second} must be dated after {first} to compute a rate")
    return (row_value(ds, second) - row_value(ds, first)) / days


def _pair(arg: str) -> tuple[str, str]:
    if ".." not in arg:
        raise TemplateError(f"'{arg}' should be two ids joined by '..', like M04..M18")
    first, second = (part.strip() for part in arg.split("..", 1))
    return first, second


def _fill(ds: Dataset, name: str, arg: str) -> str:
    if name in ("days", "rate"):
        first, second = _pair(arg)
        if name == "days":
            return fmt_number(days_between(ds, first, second))
        return fmt_number(round(rate_per_day(ds, first, second)))
    kind, row = _row(ds, arg)
    if name == "value":
        return fmt_number(row_value(ds, arg))
    if name == "fig":
        return figure_phrase(row) if kind == "figure" else claim_phrase(row)
    if name == "claim":
        if kind != "claim":
            raise TemplateError(f"{{claim:...}} needs a claim_id, not '{arg}'")
        return claim_phrase(row)
    if name == "date":
        date, exact = row_date(ds, arg)
        return fmt_date(date, approx=not exact)
    if name == "who":
        return str(row["claimant"])
    if name == "snippet":
        if kind != "figure" or pd.isna(row.get("snippet")):
            raise TemplateError(f"{arg} has no snippet")
        return f"“{row['snippet']}”"
    if name == "para":
        if kind != "claim":
            raise TemplateError(f"{{para:...}} needs a claim_id, not '{arg}'")
        return f"paragraph {int(row['paragraph'])}"
    if name in ("km2", "sqmi"):
        target = "km2" if name == "km2" else "square miles"
        converted = units.convert_area(row_value(ds, arg), _area_unit(ds, arg), target)
        return f"about {fmt_number(round(converted))} {UNIT_DISPLAY[target]}"
    raise TemplateError(f"unknown placeholder '{{{name}:{arg}}}' (known: value, fig, claim, date, who, "
                        "snippet, km2, sqmi, days, rate, para)")


def render(template: str, ds: Dataset) -> str:
    """Fill every placeholder in ``template`` from the data. Raises TemplateError."""
    def replace(match: re.Match) -> str:
        try:
            return _fill(ds, match.group(1), match.group(2))
        except TemplateError as exc:
            raise TemplateError(f"in {match.group(0)}: {exc}") from None
    out = PLACEHOLDER_RE.sub(replace, template)
    leftover = re.search(r"\{[^{}]*\}", out)
    if leftover:
        raise TemplateError(f"'{leftover.group(0)}' is not a placeholder Claim Lab knows (write it like {{value:E02}})")
    return out
