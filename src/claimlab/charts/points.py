"""Turning claims and reference rows into plotted points, with their hover text; shared by every chart.
"""
from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from claimlab.charts.style import (
    AREA,
    ARTICLE_SIZE,
    ATTRIBUTION_LABELS,
    CAUTION_LABEL,
    CAUTION_RING,
    FIGURE_TOPIC_LABELS,
    HOVER,
    MARKER_SIZE,
    OUTLINE,
    RING_SIZE,
    STYLES,
    TOPIC_MEASURES,
    ChartError,
    register_sides,
    style_rank,
)
from claimlab.core import text as textmod
from claimlab.core import units
from claimlab.core.dataset import Dataset, load
from claimlab.core.text import escape


@dataclass
class Point:
    """One data row (or one end of its range) as it is plotted."""

    ident: str
    style: str
    value: float                 # the value in the row's own unit
    plotted: float               # the value on the axis (converted for areas)
    claimant: str
    when: str
    date: pd.Timestamp | None
    outlet: str
    url: str
    what: str
    value_text: str
    caution: str = ""
    note: str = ""               # shown in the hover after note_prefix
    note_prefix: str = "Why it is here"
    label: str = ""
    category: Any = None         # y category (dot plots)
    range_end: bool = False
    topic: str = ""

    def customdata(self) -> list[str]:
        extra = ""
        if self.note:
            extra += f"<br>{self.note_prefix}: " + escape(self.note)
        if self.caution:
            extra += "<br><b>Caution:</b> " + escape(self.caution)
        return [self.ident, escape(self.claimant), self.when, escape(self.outlet), escape(self.url),
                escape(self.what), escape(self.value_text), extra]




def is_blank(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def text_or_blank(value: Any) -> str:
    return "" if is_blank(value) else str(value)


def short_claimant(name: Any) -> str:
    """'Oleksandr Syrskyi, Commander-in-Chief, ...' -> 'Oleksandr Syrskyi' (commas in brackets kept)."""
    text, depth = str(name), 0
    for pos, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            return text[:pos].strip()
    return text.strip()


def published_date(ds: Dataset) -> pd.Timestamp:
    return pd.Timestamp(ds.article.meta["published_on"])


def iso_date(date: pd.Timestamp) -> str:
    return pd.Timestamp(date).strftime("%Y-%m-%d")


def figure_when(row: pd.Series) -> str:
    if is_blank(row["date"]):
        return text_or_blank(row["as_of_date"]) or "date unknown"
    return textmod.fmt_date(row["date"], approx=not bool(row["date_is_exact"]))


def area_unit(unit: Any) -> str | None:
    try:
        return units.canonical_area_unit(str(unit))
    except ValueError:
        return None


def _to_axis(value: float, unit: Any, panel_unit: str) -> float:
    """A value on a panel's axis: areas go to km² (computed), everything else unchanged."""
    if panel_unit == AREA:
        return units.convert_area(float(value), str(area_unit(unit)), "km2")
    return float(value)


def both_areas(value: float, unit: Any) -> str:
    """'about 1,165 km² = 450 sq mi' style reminder of the other unit, computed."""
    if area_unit(unit) == "km2":
        return f"≈ {textmod.fmt_number(round(units.km2_to_sq_miles(value)))} sq mi"
    return f"≈ {textmod.fmt_number(round(units.sq_miles_to_km2(value)))} km²"


def figure_unit_ok(row: pd.Series, panel_unit: str) -> bool:
    base = text_or_blank(row["base_unit"])
    return area_unit(base) is not None if panel_unit == AREA else base == panel_unit


def has_number(row: pd.Series) -> bool:
    return not is_blank(row["value"]) or not (is_blank(row["value_low"]) or is_blank(row["value_high"]))


def figure_points(row: pd.Series, panel_unit: str, *, note: str = "", category: Any = None) -> list[Point]:
    """The point(s) for one reference row: its value, and both ends of its range if it has one."""
    fid = str(row["figure_id"])
    date = None if is_blank(row["date"]) else pd.Timestamp(row["date"])
    phrase = textmod.figure_phrase(row)
    if panel_unit == AREA:
        base = text_or_blank(row["base_unit"])
        shown = [float(v) for v in (row["value"], row["value_low"], row["value_high"]) if not is_blank(v)]
        phrase += " (" + ", ".join(both_areas(v, base) for v in shown) + ")"
    common = dict(ident=fid, style=str(row["claimant_affiliation"]), claimant=str(row["claimant"]),
                  when=figure_when(row), date=date, outlet=text_or_blank(row["reported_by"]),
                  url=text_or_blank(row["source_url"]), what=text_or_blank(row["quantity"]), value_text=phrase,
                  caution=text_or_blank(row["caution"]), note=note, category=category, topic=str(row["topic"]))
    points = []
    if not is_blank(row["value"]):
        value = float(row["value"])
        points.append(Point(value=value, plotted=_to_axis(value, row["base_unit"], panel_unit),
                            label=phrase, **common))
    if not (is_blank(row["value_low"]) or is_blank(row["value_high"])):
        for end in ("value_low", "value_high"):
            value = float(row[end])
            points.append(Point(value=value, plotted=_to_axis(value, row["base_unit"], panel_unit),
                                range_end=True, label=phrase if end == "value_high" else "", **common))
    return points


def _origin(ds: Dataset, claim_id: str) -> pd.Series | None:
    links = ds.links_for(claim_id)
    origin = links[links["relation"] == "origin"]
    return ds.figures.loc[origin.iloc[0]["figure_id"]] if len(origin) else None


def as_printed(claim: pd.Series) -> str:
    """The number exactly as the article prints it, with its unit: '“More than 100” prisoners of war'."""
    shown = text_or_blank(claim["number_as_printed"])
    unit = text_or_blank(claim["unit"])
    if not shown:
        return textmod.claim_phrase(claim)
    return f"“{shown}”" + ("" if not unit or unit in shown else f" {unit}")


def claim_point(ds: Dataset, claim: pd.Series, panel_unit: str | None, *, style: str,
                 category: Any = None) -> Point:
    cid = str(claim["claim_id"])
    published = published_date(ds)
    origin = _origin(ds, cid)
    value = float(claim["value"])
    phrase = as_printed(claim)
    if area_unit(claim["unit"]):
        phrase += f" ({both_areas(value, claim['unit'])})"
    said = "" if is_blank(claim["said_on"]) else textmod.fmt_date(claim["said_on"])
    attribution = ATTRIBUTION_LABELS.get(str(claim["attribution"]), str(claim["attribution"]))
    verb = text_or_blank(claim["attribution_verb"])
    return Point(
        ident=cid, style=style, value=value,
        plotted=value if panel_unit is None else _to_axis(value, claim["unit"], panel_unit),
        claimant=str(claim["claimant"]),
        when=(f"said {said}; " if said else "") + f"as printed in the article of {textmod.fmt_date(published)}",
        date=published,
        outlet="the article" + (f" (its text matches {text_or_blank(origin['reported_by'])})" if origin is not None else ""),
        url="" if origin is None else text_or_blank(origin["source_url"]),
        what=f"{textmod.claim_phrase(claim)}: {text_or_blank(claim['summary'])}",
        value_text=phrase + " (as printed in the article)",
        note=f"paragraph {int(claim['paragraph'])}; attribution: {attribution}" + (f" (“{verb}”)" if verb else ""),
        note_prefix="In the article",
        label=phrase, category=category)


# --------------------------------------------------------------------------- traces
def add_points(fig: go.Figure, points: list[Point], *, row: int | None = None, col: int | None = None,
                axis: str = "xy", shown: set[str], labels_left_of: float | None = None,
                legend_names: dict[str, str] | None = None,
                group_key: Callable[[Point], str] | None = None) -> None:
    """Add points to a (sub)plot: one trace per style, one per range, then the caution rings.

    ``axis`` 'xy' puts values on y against dates (time series); 'yx' puts values on x,
    one category row per data row (dot plots). Labels are drawn beside points only when
    ``labels_left_of`` is given: to the left of points beyond it, else to the right.
    ``shown`` collects legend groups already in the legend.
    """
    key_of = group_key or (lambda p: p.style)
    keys = sorted({key_of(p) for p in points}, key=lambda k: (style_rank(k.split("|")[0]), k))
    where = {} if row is None else {"row": row, "col": col}
    labelled = labels_left_of is not None
    pad = "\u2003"

    def coords(pts: list[Point]) -> dict[str, list]:
        vals = [p.plotted for p in pts]
        if axis == "yx":
            return {"x": vals, "y": [p.category for p in pts]}
        return {"x": [iso_date(p.date) for p in pts], "y": vals}

    def texts(labels: list[str], left: list[bool]) -> dict[str, Any]:
        if not labelled:
            return {}
        return dict(text=[(escape(t) + pad if ln else pad + escape(t)) if t else "" for t, ln in zip(labels, left)],
                    textposition=["middle left" if ln else "middle right" for ln in left],
                    textfont=dict(size=11, color="#333333"))

    for key in keys:
        style = STYLES[key.split("|")[0]]
        name = (legend_names or {}).get(key, style.label)
        size = ARTICLE_SIZE if key == "article" else MARKER_SIZE
        marker = dict(symbol=style.symbol, color=style.colour, size=size, line=dict(color=OUTLINE, width=1))
        common = dict(name=name, legendgroup=key, legendrank=10 * (style_rank(key.split("|")[0]) + 1),
                      marker=marker, hovertemplate=HOVER)
        singles = [p for p in points if key_of(p) == key and not p.range_end]
        if singles:
            left = [labelled and p.plotted > labels_left_of for p in singles]
            fig.add_trace(go.Scatter(
                **coords(singles), mode="markers+text" if labelled else "markers", showlegend=key not in shown,
                customdata=[p.customdata() for p in singles], **texts([p.label for p in singles], left),
                **common), **where)
            shown.add(key)
        ranged = [p for p in points if key_of(p) == key and p.range_end]
        for ident in dict.fromkeys(p.ident for p in ranged):
            ends = [p for p in ranged if p.ident == ident]
            label = next((p.label for p in ends if p.label), "")
            flip = labelled and max(p.plotted for p in ends) > labels_left_of
            low = min(p.plotted for p in ends)
            # label the high end on its right, or the low end on its left
            labels = [label if (p.plotted == low) == flip else "" for p in ends]
            fig.add_trace(go.Scatter(
                **coords(ends), mode="lines+markers+text" if labelled else "lines+markers",
                showlegend=key not in shown, line=dict(color=style.colour, width=3),
                customdata=[p.customdata() for p in ends], **texts(labels, [flip] * len(ends)), **common), **where)
            shown.add(key)
    cautioned = [p for p in points if p.caution]
    if cautioned:
        fig.add_trace(go.Scatter(
            **coords(cautioned), mode="markers", name=CAUTION_LABEL, legendgroup="caution", legendrank=1000,
            showlegend="caution" not in shown, hoverinfo="skip", customdata=[[p.ident] for p in cautioned],
            marker=dict(symbol="circle-open", size=RING_SIZE, color=CAUTION_RING, line=dict(width=1))), **where)
        shown.add("caution")


def dataset_or_load(ds: Dataset | None) -> Dataset:
    if ds is None:
        ds = load()
    if not isinstance(ds, Dataset):
        raise ChartError(f"ds should be the result of claimlab.load(), not {type(ds).__name__}")
    register_sides(sides_of(ds), ds.interface.get("claimants"))
    return ds


def sides_of(ds: Dataset) -> list[str]:
    """The article's sides (see :meth:`claimlab.core.dataset.Dataset.sides`)."""
    return ds.sides()


def memo_per_dataset(func: Callable) -> Callable:
    """Remember a helper's result per dataset and arguments (a chart and its description share the work).

    Results are kept on the Dataset object itself, so they go when the data are reloaded.
    """
    @functools.wraps(func)
    def wrapper(ds: Dataset, *args: Any, **kwargs: Any) -> Any:
        cache = ds.__dict__.setdefault("_chart_cache", {})
        key = (func.__name__, args, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = func(ds, *args, **kwargs)
        return cache[key]
    return wrapper


def id_list(value: str | Iterable[str], what: str) -> list[str]:
    if isinstance(value, str):
        items = [value]
    else:
        try:
            items = list(value)
        except TypeError:
            raise ChartError(f"{what} should be a name or a list of names, not {value!r}") from None
    if not items or not all(isinstance(item, str) for item in items):
        raise ChartError(f"{what} should be a name or a list of names, not {value!r}")
    return [item.strip() for item in items]


def most_common(values: Iterable[str]) -> str | None:
    counts = Counter(v for v in values if v and v != "none")
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


# --------------------------------------------------------------------------- 1. article figures
@memo_per_dataset
def valued_claims(ds: Dataset) -> pd.DataFrame:
    """Claims with a number, in topic order (by the topic's first paragraph), then paragraph."""
    claims = ds.claims[ds.claims["value"].notna()]
    first_para = claims.groupby("topic")["paragraph"].min()
    order = sorted(claims.index, key=lambda cid: (first_para[claims.loc[cid, "topic"]],
                                                  claims.loc[cid, "paragraph"], cid))
    return claims.loc[order]


@memo_per_dataset
def topic_measures(ds: Dataset, topic: str) -> tuple[str, ...] | None:
    """What a time series of ``topic`` may contain (:data:`TOPIC_MEASURES`), or None for a topic it does not know.

    The table is Claim Lab's own article's; it applies only where the data's rows of that topic
    do count one of its measures, so another article's topic of the same name is never filtered
    (or labelled) by it.
    """
    measures = TOPIC_MEASURES.get(topic)
    if measures is None or own_topic_labels(ds) is not None:  # a module with its own words uses none of ours
        return None
    counted = set(ds.figures.loc[ds.figures["topic"] == topic, "measure"].dropna().astype(str))
    return measures if counted & set(measures) else None


def own_topic_labels(ds: Dataset) -> dict[str, str] | None:
    """A module's own chart titles for its topics (``claimlab.topic_labels`` in data/datapackage.json), if any."""
    labels = ds.package.get("claimlab", {}).get("topic_labels")
    return labels if isinstance(labels, dict) else None


def topic_label(ds: Dataset, topic: str) -> str:
    own = own_topic_labels(ds)
    if own is not None:
        return str(own.get(topic) or topic.replace("_", " ").capitalize())
    known = topic in FIGURE_TOPIC_LABELS and (
        topic_measures(ds, topic) is not None
        or (topic not in TOPIC_MEASURES and any(topic_measures(ds, t) for t in TOPIC_MEASURES)))
    return FIGURE_TOPIC_LABELS[topic] if known else topic.replace("_", " ")
