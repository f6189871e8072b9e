"""Charts of the figures the article prints and of what others reported.

Every chart is a function returning a :class:`plotly.graph_objects.Figure` built only
from :func:`claimlab.load` data, with a matching ``describe_*`` function that returns
a one-paragraph text alternative made from the same rows. Notebook cells call
:func:`chart`, which shows the figure and its text description together::

    cl.chart("article_figures")       # every number in the article, as printed
    cl.chart("printed_vs_reported")   # each printed number beside the linked reference figures
    cl.chart("running_claims")        # running claims over time, the article's date marked
    cl.chart("mirror_claims")         # each side's claims about the other side's losses

Encoding used throughout (colour-blind-safe Okabe-Ito colours, always paired with a
marker shape, so the charts read without colour):

* colour + shape = who makes the claim (a Ukrainian official, a Russian official, an
  independent analyst...); both sides get shapes of equal area and colours of equal
  lightness, and no colour means "good" or "bad";
* a black star = the number as printed in the article;
* a grey ring around a point = the row carries a ``caution`` (read second-hand, on
  state media or from a partisan source); the hover shows the caution text;
* a vertical line between two points = a range (``value_low`` to ``value_high``).

Every plotted point carries its id (claim_id or figure_id) as ``customdata[0]``;
rows marked UNVERIFIED (``teachable == False``) are never plotted.
"""
from __future__ import annotations

import difflib
import functools
import html
import json
import inspect
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import text as textmod
from . import units
from .data import DataError, Dataset, load

__all__ = [
    "CHARTS", "ChartError", "chart",
    "article_figures", "describe_article_figures",
    "printed_vs_reported", "describe_printed_vs_reported",
    "running_claims", "describe_running_claims",
    "mirror_claims", "describe_mirror_claims",
]


class ChartError(ValueError):
    """A chart was asked for with an option it cannot use; the message says what is valid."""


# --------------------------------------------------------------------------- styles
@dataclass(frozen=True)
class Style:
    """How one kind of claimant is drawn: legend label, colour and marker shape."""

    label: str
    colour: str
    symbol: str


# Okabe-Ito colours. The two sides: sky blue and orange (similar lightness), circle and
# diamond (similar area in plotly), so neither side stands out.
STYLES: dict[str, Style] = {
    "ukraine_government": Style("Ukrainian official", "#56B4E9", "circle"),
    "russia_government": Style("Russian official", "#E69F00", "diamond"),
    "independent_analyst": Style("Independent analyst", "#CC79A7", "square"),
    "partisan_osint": Style("Open-source group (not neutral)", "#009E73", "triangle-up"),
    "media": Style("News outlet", "#8C8C8C", "pentagon"),
    "foreign_government": Style("Another government", "#0072B2", "hexagon"),
    "international_org": Style("International organisation", "#D55E00", "hourglass"),
    # claims.csv claimant_side values
    "ukraine": Style("Ukrainian official", "#56B4E9", "circle"),
    "russia": Style("Russian official", "#E69F00", "diamond"),
    "neither": Style("Neither side", "#CC79A7", "square"),
    "no_one_named": Style("No one named (the outlet's own voice)", "#8C8C8C", "square"),
    # the article's own numbers in the reference charts
    "article": Style("As printed in the article", "#000000", "star"),
}
STYLE_ORDER = list(STYLES)
CAUTION_LABEL = "Ringed = caution: read<br>second-hand, on state media<br>or from a partisan source"
CAUTION_RING = "#6E6E6E"
TITLE_PX = 70     # title and subtitle
LEGEND_PX = 120   # the key, under the title
LEGEND_CHAR_PX = 6.5  # average width of one legend character, to size legend columns
BOTTOM_PX = 70    # the last x-axis title
ROW_PX = 26       # one row of a dot plot
PANEL_GAP_PX = 110
TIME_PANEL_PX = 300
LEGEND_TITLE = "Who makes the claim:"
OUTLINE = "#333333"
MARKER_SIZE = 11
ARTICLE_SIZE = 15
RING_SIZE = 21

ATTRIBUTION_LABELS = {
    "direct_quote": "quoted, source named",
    "named_paraphrase": "paraphrased, source named",
    "unattributed": "no source named",
}
FIGURE_TOPIC_LABELS = {
    "mod_claims_ukrainian_losses": "Russian Defence Ministry's claimed Ukrainian losses",
    "ukr_claims_russian_losses": "Ukraine's claimed Russian losses",
    "territory": "Territory in Kursk region",
    "evacuees": "People evacuated from Kursk region",
    "pows": "Prisoners of war (Russian soldiers captured or exchanged)",
    "troops": "Russian troops moved to or present in Kursk region",
    "visual_confirmed_losses": "Losses confirmed from photos and video",
    "civilians": "Civilian casualties in Kursk region",
}
DEFAULT_TOPICS = ("mod_claims_ukrainian_losses", "territory", "pows", "troops")
# each side's claims about the other side's losses, and how the legend words them
MIRROR_WORDS = {"mod_claims_ukrainian_losses": "about Ukrainian losses",
                "ukr_claims_russian_losses": "about Russian losses"}
MIRROR_TOPICS = tuple(MIRROR_WORDS)
# claim_links relations shown beside a printed number ('date' has no value; 'mirror'
# rows measure the other side's losses and have their own chart)
COMPARED_RELATIONS = ("origin", "upstream", "other_claim", "check", "series")
# what a time series of each topic may contain (data/reference/measures.csv says what each row
# counts), so that one line never mixes, say, area held with area retaken
TOPIC_MEASURES = {
    "mod_claims_ukrainian_losses": ("ukrainian_personnel_losses_claimed", "ukrainian_tank_losses_claimed"),
    "ukr_claims_russian_losses": ("russian_losses_claimed", "russian_tank_losses_claimed"),
    "territory": ("area_held_by_ukraine",),
    "pows": ("pows_total_claimed", "pows_verified_minimum"),
    "troops": ("russian_troops_redeployed", "russian_troops_in_kursk"),
    "evacuees": ("people_evacuated",),
    "civilians": ("civilians_killed",),
}
AREA = "area"

HOVER = ("<b>%{customdata[0]}</b>: %{customdata[6]}<br>%{customdata[5]}<br>"
         "Claimant: %{customdata[1]}<br>Date: %{customdata[2]}<br>"
         "Read on: %{customdata[3]}<br>Source: %{customdata[4]}%{customdata[7]}<extra></extra>")


# --------------------------------------------------------------------------- points
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
            extra += f"<br>{self.note_prefix}: " + _esc(self.note)
        if self.caution:
            extra += "<br><b>Caution:</b> " + _esc(self.caution)
        return [self.ident, _esc(self.claimant), self.when, _esc(self.outlet), _esc(self.url),
                _esc(self.what), _esc(self.value_text), extra]


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=False)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _text(value: Any) -> str:
    return "" if _missing(value) else str(value)


def short_claimant(name: Any) -> str:
    """'Oleksandr Syrskyi, Commander-in-Chief, ...' -> 'Oleksandr Syrskyi' (commas in brackets kept)."""
    text, depth = str(name), 0
    for pos, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            return text[:pos].strip()
    return text.strip()


def _published(ds: Dataset) -> pd.Timestamp:
    return pd.Timestamp(ds.article.meta["published_on"])


def _iso(date: pd.Timestamp) -> str:
    return pd.Timestamp(date).strftime("%Y-%m-%d")


def _figure_when(row: pd.Series) -> str:
    if _missing(row["date"]):
        return _text(row["as_of_date"]) or "date unknown"
    return textmod.fmt_date(row["date"], approx=not bool(row["date_is_exact"]))


def _area_unit(unit: Any) -> str | None:
    try:
        return units.canonical_area_unit(str(unit))
    except ValueError:
        return None


def _to_axis(value: float, unit: Any, panel_unit: str) -> float:
    """A value on a panel's axis: areas go to km² (computed), everything else unchanged."""
    if panel_unit == AREA:
        return units.convert_area(float(value), str(_area_unit(unit)), "km2")
    return float(value)


def _both_areas(value: float, unit: Any) -> str:
    """'about 1,165 km² = 450 sq mi' style reminder of the other unit, computed."""
    if _area_unit(unit) == "km2":
        return f"≈ {textmod.fmt_number(round(units.km2_to_sq_miles(value)))} sq mi"
    return f"≈ {textmod.fmt_number(round(units.sq_miles_to_km2(value)))} km²"


def _figure_unit_ok(row: pd.Series, panel_unit: str) -> bool:
    base = _text(row["base_unit"])
    return _area_unit(base) is not None if panel_unit == AREA else base == panel_unit


def _has_number(row: pd.Series) -> bool:
    return not _missing(row["value"]) or not (_missing(row["value_low"]) or _missing(row["value_high"]))


def _figure_points(row: pd.Series, panel_unit: str, *, note: str = "", category: Any = None) -> list[Point]:
    """The point(s) for one reference row: its value, and both ends of its range if it has one."""
    fid = str(row["figure_id"])
    date = None if _missing(row["date"]) else pd.Timestamp(row["date"])
    phrase = textmod.figure_phrase(row)
    if panel_unit == AREA:
        base = _text(row["base_unit"])
        shown = [float(v) for v in (row["value"], row["value_low"], row["value_high"]) if not _missing(v)]
        phrase += " (" + ", ".join(_both_areas(v, base) for v in shown) + ")"
    common = dict(ident=fid, style=str(row["claimant_affiliation"]), claimant=str(row["claimant"]),
                  when=_figure_when(row), date=date, outlet=_text(row["reported_by"]),
                  url=_text(row["source_url"]), what=_text(row["quantity"]), value_text=phrase,
                  caution=_text(row["caution"]), note=note, category=category, topic=str(row["topic"]))
    points = []
    if not _missing(row["value"]):
        value = float(row["value"])
        points.append(Point(value=value, plotted=_to_axis(value, row["base_unit"], panel_unit),
                            label=phrase, **common))
    if not (_missing(row["value_low"]) or _missing(row["value_high"])):
        for end in ("value_low", "value_high"):
            value = float(row[end])
            points.append(Point(value=value, plotted=_to_axis(value, row["base_unit"], panel_unit),
                                range_end=True, label=phrase if end == "value_high" else "", **common))
    return points


def _origin(ds: Dataset, claim_id: str) -> pd.Series | None:
    links = ds.links_for(claim_id)
    origin = links[links["relation"] == "origin"]
    return ds.figures.loc[origin.iloc[0]["figure_id"]] if len(origin) else None


def _printed(claim: pd.Series) -> str:
    """The number exactly as the article prints it, with its unit: '“More than 100” prisoners of war'."""
    shown = _text(claim["number_as_printed"])
    unit = _text(claim["unit"])
    if not shown:
        return textmod.claim_phrase(claim)
    return f"“{shown}”" + ("" if not unit or unit in shown else f" {unit}")


def _claim_point(ds: Dataset, claim: pd.Series, panel_unit: str | None, *, style: str,
                 category: Any = None) -> Point:
    cid = str(claim["claim_id"])
    published = _published(ds)
    origin = _origin(ds, cid)
    value = float(claim["value"])
    phrase = _printed(claim)
    if _area_unit(claim["unit"]):
        phrase += f" ({_both_areas(value, claim['unit'])})"
    said = "" if _missing(claim["said_on"]) else textmod.fmt_date(claim["said_on"])
    attribution = ATTRIBUTION_LABELS.get(str(claim["attribution"]), str(claim["attribution"]))
    verb = _text(claim["attribution_verb"])
    return Point(
        ident=cid, style=style, value=value,
        plotted=value if panel_unit is None else _to_axis(value, claim["unit"], panel_unit),
        claimant=str(claim["claimant"]),
        when=(f"said {said}; " if said else "") + f"as printed in the article of {textmod.fmt_date(published)}",
        date=published,
        outlet="the article" + (f" (its text matches {_text(origin['reported_by'])})" if origin is not None else ""),
        url="" if origin is None else _text(origin["source_url"]),
        what=f"{textmod.claim_phrase(claim)}: {_text(claim['summary'])}",
        value_text=phrase + " (as printed in the article)",
        note=f"paragraph {int(claim['paragraph'])}; attribution: {attribution}" + (f" (“{verb}”)" if verb else ""),
        note_prefix="In the article",
        label=phrase, category=category)


# --------------------------------------------------------------------------- traces
def _add_points(fig: go.Figure, points: list[Point], *, row: int | None = None, col: int | None = None,
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
    rank = {k: i for i, k in enumerate(STYLE_ORDER)}
    keys = sorted({key_of(p) for p in points}, key=lambda k: (rank[k.split("|")[0]], k))
    where = {} if row is None else {"row": row, "col": col}
    labelled = labels_left_of is not None
    pad = "\u2003"

    def coords(pts: list[Point]) -> dict[str, list]:
        vals = [p.plotted for p in pts]
        if axis == "yx":
            return {"x": vals, "y": [p.category for p in pts]}
        return {"x": [_iso(p.date) for p in pts], "y": vals}

    def texts(labels: list[str], left: list[bool]) -> dict[str, Any]:
        if not labelled:
            return {}
        return dict(text=[(_esc(t) + pad if l else pad + _esc(t)) if t else "" for t, l in zip(labels, left)],
                    textposition=["middle left" if l else "middle right" for l in left],
                    textfont=dict(size=11, color="#333333"))

    for key in keys:
        style = STYLES[key.split("|")[0]]
        name = (legend_names or {}).get(key, style.label)
        size = ARTICLE_SIZE if key == "article" else MARKER_SIZE
        marker = dict(symbol=style.symbol, color=style.colour, size=size, line=dict(color=OUTLINE, width=1))
        common = dict(name=name, legendgroup=key, legendrank=10 * (rank[key.split("|")[0]] + 1),
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


def _layout(fig: go.Figure, title: str, subtitle: str, paper_px: int, legend_title: str) -> go.Figure:
    """Shared look: light template, title and key at the top, left-aligned hover labels.

    ``paper_px`` is the height of the plotting area; margins are added around it.
    """
    top = TITLE_PX + LEGEND_PX
    height = paper_px + top + BOTTOM_PX
    longest = max(len(line) for t in fig.data if t.showlegend for line in t.name.split("<br>"))
    fig.update_layout(
        template="plotly_white", height=height,
        title=dict(text=f"{_esc(title)}<br><sup>{_esc(subtitle)}</sup>", x=0, xanchor="left",
                   y=1 - 12 / height, yanchor="top", font=dict(size=17)),
        font=dict(size=12, color="#222222"), hovermode="closest",
        hoverlabel=dict(align="left", bgcolor="white", font=dict(color="#222222")),
        legend=dict(orientation="h", x=0, xanchor="left", xref="container", y=1 - TITLE_PX / height,
                    yanchor="top", yref="container", title=dict(text=legend_title), itemsizing="constant",
                    entrywidth=math.ceil(longest * LEGEND_CHAR_PX),
                    bgcolor="rgba(255,255,255,0.9)", traceorder="normal"),
        margin=dict(l=10, r=20, t=top, b=BOTTOM_PX),
    )
    return fig


def _nice_ticks(top: float, count: int = 5) -> list[float]:
    """0, step, 2*step ... up to `top`, with step 1, 2 or 5 times a power of ten."""
    if top <= 0:
        return [0.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(int(top // step) + 1)]


def _area_ticks(top: float) -> dict[str, Any]:
    """Tick labels in km² with the computed square-mile equivalent underneath."""
    values = _nice_ticks(top)
    labels = [f"{textmod.fmt_number(v)} km²<br>{textmod.fmt_number(round(units.km2_to_sq_miles(v)))} sq mi"
              for v in values]
    return dict(tickmode="array", tickvals=values, ticktext=labels)


# --------------------------------------------------------------------------- inputs
def _dataset(ds: Dataset | None) -> Dataset:
    if ds is None:
        return load()
    if not isinstance(ds, Dataset):
        raise ChartError(f"ds should be the result of claimlab.load(), not {type(ds).__name__}")
    return ds


def _wrapped(title: str, width: int = 70) -> str:
    """A panel title, escaped and broken into lines, so it is not cut off on a narrow screen."""
    import textwrap
    return "<br>".join(_esc(line) for line in textwrap.wrap(title, width)) or _esc(title)


def _memo(func: Callable) -> Callable:
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


def _names(value: str | Iterable[str], what: str) -> list[str]:
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


def _mode(values: Iterable[str]) -> str | None:
    counts = Counter(v for v in values if v and v != "none")
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


# --------------------------------------------------------------------------- 1. article figures
@_memo
def _valued_claims(ds: Dataset) -> pd.DataFrame:
    """Claims with a number, in topic order (by the topic's first paragraph), then paragraph."""
    claims = ds.claims[ds.claims["value"].notna()]
    first_para = claims.groupby("topic")["paragraph"].min()
    order = sorted(claims.index, key=lambda cid: (first_para[claims.loc[cid, "topic"]],
                                                  claims.loc[cid, "paragraph"], cid))
    return claims.loc[order]


def _topic_label(topic: str) -> str:
    return FIGURE_TOPIC_LABELS.get(topic, topic.replace("_", " "))


def article_figures(ds: Dataset | None = None) -> go.Figure:
    """Every number printed in the article, one row per claim, grouped by topic.

    Colour and shape show who makes the claim; the legend and the label beside each
    point say whether the article names a source. The axis is logarithmic because the
    numbers run from a few units to hundreds of thousands; each row keeps its own unit.
    """
    ds = _dataset(ds)
    claims, _ = _log_split(ds)
    points, names = [], {}
    for _, claim in claims.iterrows():
        side, attribution = str(claim["claimant_side"]), str(claim["attribution"])
        how = ATTRIBUTION_LABELS.get(attribution, attribution)
        point = _claim_point(ds, claim, None, style=side,
                             category=f"{claim['claim_id']} · {str(claim['topic']).replace('_', ' ')}")
        verb = _text(claim["attribution_verb"])
        who = "" if side == "no_one_named" else short_claimant(claim["claimant"])
        point.label += " · " + (f"{who}, “{verb}”" if who and verb else who or how)
        names[f"{side}|{attribution}"] = f"{STYLES[side].label}: {how}"
        points.append(point)
    low = math.log10(min(p.plotted for p in points))
    high = math.log10(max(p.plotted for p in points))
    fig = go.Figure()
    _add_points(fig, points, axis="yx", shown=set(), labels_left_of=10 ** ((low + high) / 2),
                legend_names=names, group_key=lambda p: f"{p.style}|{claims.loc[p.ident, 'attribution']}")
    fig.update_xaxes(type="log", range=[low - 0.3, high + 0.3], dtick=1, tickformat=",", title=dict(
        text="Number as printed in the article (log scale: each gridline is ten times the one before; "
             "each row has its own unit)"))
    fig.update_yaxes(autorange="reversed", title=None, automargin=True,
                     categoryorder="array", categoryarray=[p.category for p in points])
    return _layout(fig, "Every number in the article, as printed in the article",
                   "Rows grouped by topic, in the article's order. Colour and shape: who the article says makes "
                   "the claim. Label: the number as printed, and who, if anyone, the article names.",
                   paper_px=40 * len(points) + 20, legend_title="Who makes the claim, and is a source named?")


def _log_split(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(claims that can go on a log axis, claims whose number is zero or negative)."""
    claims = _valued_claims(ds)
    positive = claims["value"].astype(float) > 0
    return claims[positive], claims[~positive]


def describe_article_figures(ds: Dataset | None = None) -> str:
    """One-paragraph text alternative for :func:`article_figures`."""
    ds = _dataset(ds)
    claims, not_shown = _log_split(ds)
    published = textmod.fmt_date(_published(ds))

    def one(claim: pd.Series) -> str:
        who = ("no one named" if claim["claimant_side"] == "no_one_named"
               else short_claimant(claim["claimant"]))
        when = f", said {textmod.fmt_date(claim['said_on'])}" if not _missing(claim["said_on"]) else ""
        return f"{_printed(claim)} ({claim['claim_id']}, {who}{when})"

    def listed(frame: pd.DataFrame) -> str:
        return "; ".join(one(c) for _, c in frame.iterrows())

    largest = claims.loc[claims["value"].astype(float).idxmax()]
    smallest = claims.loc[claims["value"].astype(float).idxmin()]
    unattributed = claims[claims["attribution"] == "unattributed"]
    attributed = claims[claims["attribution"] != "unattributed"]
    by_side = Counter(STYLES[str(side)].label for side in attributed["claimant_side"])
    sides = "; ".join(f"{label}: {n}" for label, n in sorted(by_side.items()))
    topics = list(dict.fromkeys(str(t).replace("_", " ") for t in claims["topic"]))
    text = (f"A dot chart of the {len(claims)} numbers printed in the article (published {published}), one row "
            f"each, grouped by topic ({', '.join(topics)}), on a logarithmic scale because they range from "
            f"{one(smallest)}, the smallest, to {one(largest)}, the largest; each row keeps its own unit. ")
    if len(unattributed):
        text += (f"{len(unattributed)} of the {len(claims)} are stated in the outlet's own voice with no source "
                 f"named: {listed(unattributed)}. ")
    if len(attributed):
        text += f"{len(attributed)} are attributed to a named claimant ({sides}): {listed(attributed)}. "
    if len(not_shown):
        text += f"Not shown, because a log scale cannot show zero or less: {listed(not_shown)}. "
    return text + ("Colour and marker shape show who makes each claim; all values are as printed in the "
                   "article, not checked counts.")


# --------------------------------------------------------------------------- 2. printed vs reported
@dataclass
class _Panel:
    """One dot-plot panel: an article claim and the reference rows compared with it."""

    claim: pd.Series
    unit: str
    rows: list[tuple[pd.Series, str, str]] = field(default_factory=list)  # (figure row, relation, note)


def _panel_unit(ds: Dataset, claim: pd.Series, figure_ids: list[str]) -> str | None:
    if _area_unit(claim["unit"]):
        return AREA
    return _mode(str(ds.figures.loc[f, "base_unit"]) for f in figure_ids
                 if _area_unit(ds.figures.loc[f, "base_unit"]) is None)


@_memo
def _panel(ds: Dataset, claim_id: str) -> _Panel | None:
    """A claim's number with its linked, teachable reference rows in a comparable unit (None if none)."""
    claim = ds.claims.loc[claim_id]
    if _missing(claim["value"]):
        return None
    links = ds.links_for(claim_id)
    links = links[links["relation"].isin(COMPARED_RELATIONS)]
    usable = [f for f in links["figure_id"]
              if bool(ds.figures.loc[f, "teachable"]) and _has_number(ds.figures.loc[f])]
    unit = _panel_unit(ds, claim, usable)
    if unit is None:
        return None
    panel = _Panel(claim=claim, unit=unit)
    for link in links.itertuples():
        row = ds.figures.loc[link.figure_id]
        if link.figure_id in usable and _figure_unit_ok(row, unit):
            panel.rows.append((row, str(link.relation), textmod.render(str(link.note), ds)))
    return panel if panel.rows else None


def _panels(ds: Dataset, claim_ids: str | Iterable[str] | None) -> list[_Panel]:
    available = {cid: p for cid in ds.claims.index if (p := _panel(ds, cid)) is not None}
    if claim_ids is None:
        return list(available.values())
    wanted = _names(claim_ids, "claim_ids")
    panels = []
    for cid in wanted:
        key = cid.upper()
        if key not in available:
            reason = ("is not a claim in data/claims.csv" if key not in ds.claims.index
                      else "has no number with linked reference figures in the same unit")
            raise ChartError(f"'{cid}' {reason}. Claims that can be compared: {', '.join(available)}.")
        panels.append(available[key])
    return panels


def _panel_points(ds: Dataset, panel: _Panel) -> list[Point]:
    """The article's point and each linked row's points, ordered by date (article first on ties)."""
    published = _published(ds)
    order = {rel: i for i, rel in enumerate(COMPARED_RELATIONS, 1)}
    entries = [((published, 0, str(panel.claim["claim_id"])), None, "", "")]
    for row, relation, note in panel.rows:
        date = pd.Timestamp.max if _missing(row["date"]) else pd.Timestamp(row["date"])
        entries.append(((date, order[relation], str(row["figure_id"])), row, relation, note))
    entries.sort(key=lambda e: e[0])
    points = []
    for (_, _, ident), row, relation, note in entries:
        if row is None:
            label = f"{ident} · the article · {textmod.fmt_date(published)}"
            points.append(_claim_point(ds, panel.claim, panel.unit, style="article", category=label))
        else:
            label = f"{ident} · {short_claimant(row['claimant'])} · {_figure_when(row)}"
            points += _figure_points(row, panel.unit, note=f"{relation.replace('_', ' ')}: {note}",
                                     category=label)
    return points


def _unit_title(unit: str) -> str:
    if unit == AREA:
        return "Area, km² (square-mile figures converted; sq mi shown under each tick)"
    return f"{unit}, as claimed or reported"


def printed_vs_reported(ds: Dataset | None = None, claim_ids: str | Iterable[str] | None = None) -> go.Figure:
    """One panel per printed number: the article's value beside the linked reference figures.

    ``claim_ids`` picks panels (default: every claim with a number and linked reference
    figures in the same unit). Rows are ordered by date, so the figures nearest the
    article's date sit next to it. Areas are plotted in km²; square-mile figures are
    converted with :mod:`claimlab.units` and both units are shown.
    """
    ds = _dataset(ds)
    panels = _panels(ds, claim_ids)
    all_points = [_panel_points(ds, p) for p in panels]
    rows_px = [ROW_PX * len({pt.category for pt in pts}) + 20 for pts in all_points]
    paper_px = sum(rows_px) + PANEL_GAP_PX * (len(panels) - 1)
    fig = make_subplots(
        rows=len(panels), cols=1, row_heights=rows_px, vertical_spacing=PANEL_GAP_PX / paper_px,
        subplot_titles=[_wrapped(f"{p.claim['claim_id']}: {_text(p.claim['summary'])}") for p in panels])
    shown: set[str] = set()
    for i, (panel, points) in enumerate(zip(panels, all_points), 1):
        top = max(p.plotted for p in points)
        _add_points(fig, points, row=i, col=1, axis="yx", shown=shown, labels_left_of=top * 0.55)
        fig.update_xaxes(row=i, col=1, range=[0, top * 1.05], title=dict(text=_unit_title(panel.unit)),
                         tickformat=",", **(_area_ticks(top) if panel.unit == AREA else {}))
        fig.update_yaxes(row=i, col=1, autorange="reversed", automargin=True,
                         categoryorder="array", categoryarray=list(dict.fromkeys(p.category for p in points)))
    for annotation in fig.layout.annotations:
        annotation.update(x=0, xanchor="left", xref="paper", font=dict(size=13))
    return _layout(fig, "The article's numbers beside the figures others reported",
                   "★ = as printed in the article. Rows run by date, so the figures nearest the article's date "
                   "sit next to it. Most figures are claims, not verified counts.", paper_px, LEGEND_TITLE)


RELATION_WORDS = {
    "origin": "its source text", "upstream": "traced back to", "other_claim": "other claims",
    "check": "counts made another way", "series": "other figures in the same series", "context": "context",
}


def _say(point: Point) -> str:
    return f"{point.value_text} ({point.ident}, {short_claimant(point.claimant)}, {point.when})"


def describe_printed_vs_reported(ds: Dataset | None = None,
                                 claim_ids: str | Iterable[str] | None = None) -> str:
    """One-paragraph text alternative for :func:`printed_vs_reported`."""
    ds = _dataset(ds)
    panels = _panels(ds, claim_ids)
    published = _published(ds)
    parts, ranges = [], []
    for panel in panels:
        claim = panel.claim
        points = [p for p in _panel_points(ds, panel) if p.style != "article"]
        first = {p.ident: p for p in reversed(points)}
        relation = {str(row["figure_id"]): rel for row, rel, _ in panel.rows}
        printed = _printed(claim)
        if panel.unit == AREA:
            printed += f" ({_both_areas(float(claim['value']), claim['unit'])})"
        who = ("no source named" if claim["attribution"] == "unattributed"
               else f"attributed to {short_claimant(claim['claimant'])}")
        groups = []
        for rel in RELATION_WORDS:
            ids = [i for i in dict.fromkeys(p.ident for p in points) if relation[i] == rel]
            if ids and rel in ("series", "context"):
                groups.append(f"{RELATION_WORDS[rel]}: {len(ids)} ({', '.join(ids)})")
            elif ids:
                groups.append(f"{RELATION_WORDS[rel]}: " + ", ".join(_say(first[i]) for i in ids))
        hi = first[max(points, key=lambda p: (p.plotted, p.ident)).ident]
        lo = first[min(points, key=lambda p: (p.plotted, p.ident)).ident]
        dated = [p for p in points if p.date is not None and relation[p.ident] != "origin"]
        sentence = (f"{claim['claim_id']}: the article prints {printed}, {who}; " + "; ".join(groups)
                    + f"; lowest {_say(lo)}, highest {_say(hi)}")
        if dated:
            near = min(dated, key=lambda p: (abs((p.date - published).days), p.date, p.ident))
            sentence += f"; nearest the article's date (apart from its source text): {_say(first[near.ident])}"
        parts.append(sentence)
        ranges += sorted({p.ident for p in points if p.range_end})
    text = (f"Dot charts, one panel per number printed in the article (published {textmod.fmt_date(published)}): "
            "the article's value as a star beside the reference figures linked to it, one row each, ordered by "
            "date. " + ". ".join(parts) + ". ")
    if any(p.unit == AREA for p in panels):
        text += ("Areas are plotted in km²; figures given in square miles were converted "
                 f"(1 square mile = {textmod.fmt_number(round(units.KM2_PER_SQ_MILE, 3))} km²) "
                 "and both units are labelled. ")
    if ranges:
        text += f"Ranges ({', '.join(ranges)}) are drawn as a line from the low to the high end. "
    return text + "Ringed points were read second-hand, on state media or from a partisan source."


# --------------------------------------------------------------------------- 3. running claims
@dataclass
class _Series:
    """One time panel: the plotted points of a topic in one unit, and the ids left out and why."""

    topic: str
    unit: str
    points: list[Point]
    undated: list[str]
    other_unit: list[str]
    no_number: list[str]
    unverified: list[str]
    article: list[Point]
    other_measure: list[str] = field(default_factory=list)


def _topic_unit(rows: pd.DataFrame) -> str | None:
    units_seen = [str(u) for u in rows["base_unit"].fillna("")]
    if any(_area_unit(u) for u in units_seen):
        return AREA
    return _mode(units_seen)


def _claims_for_topic(ds: Dataset, topic: str, unit: str) -> list[pd.Series]:
    """Article claims compared, in this unit, with reference rows mostly of this topic."""
    found = []
    for cid in _valued_claims(ds).index:
        panel = _panel(ds, cid)
        if panel is not None and panel.unit == unit and _mode(str(row["topic"]) for row, _, _ in panel.rows
                                                              if row["topic"] != "article_origin") == topic:
            found.append(panel.claim)
    return found


@_memo
def _series(ds: Dataset, topic: str, unit: str | None = None, *, with_article: bool = True) -> _Series:
    """A topic's dated rows in one unit (default: the topic's most common unit), and what was left out."""
    rows = ds.figures[ds.figures["topic"] == topic]
    unit = unit or _topic_unit(rows[rows["teachable"].astype(bool)]) or ""
    kept, undated, other, no_number, unverified, other_measure = [], [], [], [], [], []
    measures = TOPIC_MEASURES.get(topic)
    for fid, row in rows.iterrows():
        if not bool(row["teachable"]):
            unverified.append(fid)
        elif not _has_number(row):
            no_number.append(fid)
        elif measures and str(row["measure"]) not in measures:
            other_measure.append(fid)
        elif not _figure_unit_ok(row, unit):
            other.append(fid)
        elif _missing(row["date"]):
            undated.append(fid)
        else:
            kept.append(row)
    kept.sort(key=lambda r: (pd.Timestamp(r["date"]), str(r["figure_id"])))
    points = [p for row in kept for p in _figure_points(row, unit)]
    article = ([_claim_point(ds, c, unit, style="article") for c in _claims_for_topic(ds, topic, unit)]
               if with_article else [])
    return _Series(topic, unit, points, undated, other, no_number, unverified, article, other_measure)


def _all_series(ds: Dataset, topics: str | Iterable[str] | None) -> list[_Series]:
    valid = [t for t in dict.fromkeys(ds.figures["topic"]) if t in FIGURE_TOPIC_LABELS]
    wanted = list(DEFAULT_TOPICS) if topics is None else _names(topics, "topics")
    out = []
    for topic in wanted:
        if topic not in valid:
            raise ChartError(f"'{topic}' is not a topic that can be charted. Valid topics: {', '.join(valid)}.")
        series = _series(ds, topic)
        if not series.points:
            raise ChartError(f"topic '{topic}' has no dated figures to plot. Valid topics: {', '.join(valid)}.")
        out.append(series)
    return out


def _unit_words(unit: str) -> str:
    return "km²" if unit == AREA else unit


def _time_figure(ds: Dataset, series: list[_Series], title: str, subtitle: str, panel_titles: list[str],
                 group_key: Callable[[Point], str] | None = None,
                 legend_names: dict[str, str] | None = None) -> go.Figure:
    """One time panel per series, on a shared date range, with the article's date marked in each."""
    published = _published(ds)
    paper_px = TIME_PANEL_PX * len(series) + PANEL_GAP_PX * (len(series) - 1)
    fig = make_subplots(rows=len(series), cols=1, vertical_spacing=PANEL_GAP_PX / paper_px,
                        subplot_titles=[_wrapped(t) for t in panel_titles])
    shown: set[str] = set()
    dates = [p.date for s in series for p in s.points + s.article] + [published]
    start, end = min(dates), max(dates)
    pad = pd.Timedelta(days=max(3, (end - start).days // 40))
    for i, s in enumerate(series, 1):
        points = s.points + s.article
        _add_points(fig, points, row=i, col=1, axis="xy", shown=shown, group_key=group_key,
                    legend_names=legend_names)
        top = max(p.plotted for p in points)
        fig.update_yaxes(row=i, col=1, rangemode="tozero", automargin=True, tickformat=",",
                         title=dict(text=f"{_unit_words(s.unit)}, as claimed"),
                         **(_area_ticks(top) if s.unit == AREA else {}))
        fig.update_xaxes(row=i, col=1, type="date", range=[_iso(start - pad), _iso(end + pad)],
                         title=dict(text="date of the claim" if i == len(series) else ""))
        suffix = "" if i == 1 else str(i)
        fig.add_shape(type="line", x0=_iso(published), x1=_iso(published), y0=0, y1=1, xref=f"x{suffix}",
                      yref=f"y{suffix} domain", line=dict(color="#222222", width=1.5, dash="dash"))
        fig.add_annotation(x=_iso(published), y=1, xref=f"x{suffix}", yref=f"y{suffix} domain",
                           text=f"\u2002article, {textmod.fmt_date(published)}", showarrow=False,
                           xanchor="left", yanchor="top", font=dict(size=11, color="#222222"))
    for annotation in fig.layout.annotations:
        if annotation.xref == "paper":  # the panel titles
            annotation.update(x=0, xanchor="left", font=dict(size=13))
    return _layout(fig, title, subtitle, paper_px, LEGEND_TITLE)


def running_claims(ds: Dataset | None = None, topics: str | Iterable[str] | None = None) -> go.Figure:
    """Running claims over time, one panel per topic, with the article's date marked.

    Default topics: the Russian Defence Ministry's claimed Ukrainian losses (people),
    territory (km²; square-mile figures converted), prisoners of war and troop numbers.
    Each panel shows the topic's most common unit; the article's own number is a star at
    the article's date. Only rows with a day-precise date are placed; the text
    alternative lists the rows left out.
    """
    ds = _dataset(ds)
    series = _all_series(ds, topics)
    return _time_figure(
        ds, series, "Claims over time, by claimant, with the article's date marked",
        "Claims as reported, not verified counts. ★ = as printed in the article. Dashed line: the article's date.",
        [f"{_topic_label(s.topic)} ({_unit_words(s.unit)})" for s in series])


def _extremes(points: list[Point]) -> str:
    hi = max(points, key=lambda p: (p.plotted, p.ident))
    lo = min(points, key=lambda p: (p.plotted, p.ident))
    return f"lowest {_say(lo)}, highest {_say(hi)}"


def _left_out(s: _Series) -> str:
    bits = []
    if s.undated:
        bits.append(f"{len(s.undated)} without a day-precise date ({', '.join(s.undated)})")
    if s.other_unit:
        bits.append(f"{len(s.other_unit)} in another unit ({', '.join(s.other_unit)})")
    if s.other_measure:
        bits.append(f"{len(s.other_measure)} that count something else ({', '.join(s.other_measure)})")
    if s.no_number:
        bits.append(f"{len(s.no_number)} with no number ({', '.join(s.no_number)})")
    if s.unverified:
        bits.append(f"{len(s.unverified)} whose source could not be confirmed ({', '.join(s.unverified)})")
    return "left out: " + "; ".join(bits) if bits else "no rows left out"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _series_sentence(s: _Series, name: str, left_out: bool = True) -> str:
    ids = list(dict.fromkeys(p.ident for p in s.points))
    counts = Counter(STYLES[style].label for style in {p.ident: p.style for p in s.points}.values())
    who = ", ".join(f"{label} {n}" for label, n in sorted(counts.items()))
    sentence = (f"{name}: {len(ids)} figures ({who}) from {textmod.fmt_date(min(p.date for p in s.points))} "
                f"to {textmod.fmt_date(max(p.date for p in s.points))}, {_extremes(s.points)}")
    approx = sorted({p.ident for p in s.points if "approx" in p.when})
    if approx:
        sentence += f"; approximate dates for {', '.join(approx)}"
    ranged = sorted({p.ident for p in s.points if p.range_end})
    if ranged:
        sentence += f"; ranges ({', '.join(ranged)}) drawn as a line from low to high"
    for p in s.article:
        sentence += f"; the article prints {p.label} ({p.ident})"
    return sentence + (f"; {_left_out(s)}" if left_out else "")


def describe_running_claims(ds: Dataset | None = None, topics: str | Iterable[str] | None = None) -> str:
    """One-paragraph text alternative for :func:`running_claims`."""
    ds = _dataset(ds)
    series = _all_series(ds, topics)
    area = any(s.unit == AREA for s in series)
    return (f"Time charts, one panel per topic, of figures as claimed or reported, coloured and shaped by "
            f"claimant, with a dashed line at the article's date ({textmod.fmt_date(_published(ds))}). "
            + ". ".join(_series_sentence(s, f"{_topic_label(s.topic)} ({_unit_words(s.unit)})") for s in series)
            + ". " + ("Square-mile figures are converted to km² (computed). " if area else "")
            + "Only rows with a day-precise date can be placed on a time axis. Ringed points were read "
              "second-hand, on state media or from a partisan source.")


# --------------------------------------------------------------------------- 4. mirror claims
@_memo
def _mirror_series(ds: Dataset) -> list[tuple[_Series, _Series]]:
    """For each unit both sides used (the main unit first): (one side's series, the other side's)."""
    units_by_topic = []
    for topic in MIRROR_TOPICS:
        rows = ds.figures[(ds.figures["topic"] == topic) & ds.figures["teachable"].astype(bool)]
        units_by_topic.append([u for u in dict.fromkeys(rows["base_unit"].fillna("")) if u and u != "none"])
    main = _topic_unit(ds.figures[ds.figures["topic"] == MIRROR_TOPICS[0]])
    shared = sorted((u for u in units_by_topic[0] if u in units_by_topic[1]), key=lambda u: (u != main, u))
    pairs = []
    for unit in shared:
        first, second = (_series(ds, topic, unit, with_article=False) for topic in MIRROR_TOPICS)
        if first.points and second.points:
            pairs.append((first, second))
    return pairs


def _mirror_key(point: Point) -> str:
    return f"{point.style}|{point.topic}"


def mirror_claims(ds: Dataset | None = None) -> go.Figure:
    """Each side's claims about the other side's losses over the same weeks.

    The Russian side's claims of Ukrainian losses and the Ukrainian side's claims of
    Russian losses, one time panel per unit both sides used (people, then tanks), with
    the same marker size and weight for both. These are claims, not verified counts.
    """
    ds = _dataset(ds)
    pairs = _mirror_series(ds)
    merged = [_Series(a.topic, a.unit, a.points + b.points, [], [], [], [], []) for a, b in pairs]
    names = {}
    for a, b in pairs:
        for s in (a, b):
            for p in s.points:
                names[_mirror_key(p)] = f"{STYLES[p.style].label}, {MIRROR_WORDS[s.topic]}"
    return _time_figure(
        ds, merged, "Each side's claims about the other side's losses: claims, not verified counts",
        "Each point is one side's claim about the OTHER side's losses, as reported. "
        "Dashed line: the article's date.",
        [f"Claimed losses of the other side ({a.unit})" for a, _ in pairs],
        group_key=_mirror_key, legend_names=names)


def describe_mirror_claims(ds: Dataset | None = None) -> str:
    """One-paragraph text alternative for :func:`mirror_claims`."""
    ds = _dataset(ds)
    published = _published(ds)
    pairs = _mirror_series(ds)
    parts = []
    for pair in pairs:
        for s in pair:
            near = min(s.points, key=lambda p: (abs((p.date - published).days), p.date, p.ident))
            name = f"Claims {MIRROR_WORDS[s.topic]} ({s.unit})"
            parts.append(f"{_series_sentence(s, name, left_out=False)}; nearest the article's date: {_say(near)}")
    plotted = {p.ident for pair in pairs for s in pair for p in s.points}
    rows = ds.figures[ds.figures["topic"].isin(MIRROR_TOPICS)]
    left = _Series(topic="", unit="", points=[], undated=[], other_unit=[], no_number=[], unverified=[],
                   article=[])
    for fid, row in rows.iterrows():
        if fid in plotted:
            continue
        if not bool(row["teachable"]):
            left.unverified.append(fid)
        elif not _has_number(row):
            left.no_number.append(fid)
        elif str(row["measure"]) not in TOPIC_MEASURES.get(str(row["topic"]), ()):
            left.other_measure.append(fid)
        elif any(_text(row["base_unit"]) == s.unit for pair in pairs for s in pair):
            left.undated.append(fid)
        else:
            left.other_unit.append(fid)
    return (f"Time charts, one per unit both sides used, of each side's claims about the other side's losses, "
            f"with a dashed line at the article's date ({textmod.fmt_date(published)}); both sides are drawn "
            f"with markers of the same size and weight. " + ". ".join(parts) + f". {_sentence_case(_left_out(left))}. "
            "Each side reports the other's losses; these are claims, not verified counts, and the chart shows "
            "no verified tally.")


# --------------------------------------------------------------------------- notebook entry point
CHARTS: dict[str, tuple[Callable[..., go.Figure], Callable[..., str]]] = {
    "article_figures": (article_figures, describe_article_figures),
    "printed_vs_reported": (printed_vs_reported, describe_printed_vs_reported),
    "running_claims": (running_claims, describe_running_claims),
    "mirror_claims": (mirror_claims, describe_mirror_claims),
}


def _emit(bundle: dict[str, Any], plain: str) -> None:
    """Display a MIME bundle in Jupyter; outside IPython print the plain text instead."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    if InteractiveShell.initialized():
        display(bundle, raw=True)
    else:
        print(plain)


def _message(text: str) -> None:
    _emit({"text/html": '<p class="claimlab-message" style="padding:0.5em 0.8em;border-left:4px solid #E69F00">'
                        f"{html.escape(text)}</p>",
           "text/plain": text}, text)


def show_figure(fig: go.Figure, description: str, label: str) -> None:
    """Display a figure (plotly MIME type only) and, under it, its text description.

    ``label`` is what a plain-text console prints in place of the figure, e.g. "chart: running_claims".

    The description is in a ``<details>`` element, open by default, so screen readers and
    static pages get it and sighted readers can fold it away.
    """
    import plotly.io as pio

    # the same bundle plotly's "plotly_mimetype" renderer makes, built directly: looking up a
    # renderer imports nbformat and jsonschema, which costs over a second in every notebook
    payload = json.loads(pio.to_json(fig, validate=False, remove_uids=False))
    payload["config"] = {"displaylogo": False, "responsive": True}
    _emit({"application/vnd.plotly.v1+json": payload}, f"[{label}]")
    _emit({"text/html": '<details class="claimlab-chart-description" open style="max-width:46em">'
                        "<summary><strong>Text description of the chart</strong></summary>"
                        f"<p>{html.escape(description)}</p></details>",
           "text/plain": f"Text description of the chart: {description}"},
          f"Text description of the chart: {description}")


def chart(name: str, **kwargs: Any) -> None:
    """Show one chart and, right under it, its text description.

    ``name`` is one of the keys of :data:`CHARTS`; keyword options are passed on, e.g.
    ``chart("printed_vs_reported", claim_ids=["CL06"])``. A wrong name or option shows a
    short message saying what is valid; it never raises. The figure is always sent as the
    plotly MIME type only (no embedded plotly.js), whatever the default renderer is.
    """
    valid = ", ".join(f'"{n}"' for n in CHARTS)
    key = name.strip() if isinstance(name, str) else None
    if key not in CHARTS:
        close = difflib.get_close_matches(str(name), list(CHARTS), n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        _message(f"There is no chart called {name!r}.{hint} The charts are: {valid}. "
                 'Example: cl.chart("running_claims")')
        return
    figure_fn, describe_fn = CHARTS[key]
    parameters = list(inspect.signature(figure_fn).parameters)
    unknown = [k for k in kwargs if k not in parameters]
    if unknown:
        options = [p for p in parameters if p != "ds"]
        takes = f"it takes: {', '.join(options)}" if options else "it takes no options"
        _message(f'The chart "{key}" has no option {", ".join(map(repr, unknown))}; {takes}.')
        return
    try:
        fig = figure_fn(**kwargs)
        description = describe_fn(**kwargs)
    except (ChartError, DataError) as exc:
        _message(str(exc))
        return
    except Exception as exc:  # a learner never sees a traceback; the message names the problem
        _message(f'Claim Lab could not draw the chart "{key}" ({type(exc).__name__}: {exc}). '
                 "Please tell your instructor.")
        return
    show_figure(fig, description, f"chart: {key}")
