"""Chart: every figure printed in the article, grouped by what it counts.
"""
from __future__ import annotations

import math
from collections import Counter

import pandas as pd
import plotly.graph_objects as go

from claimlab.charts.points import (
    _add_points,
    _claim_point,
    _dataset,
    _missing,
    _printed,
    _published,
    _text,
    _valued_claims,
    short_claimant,
)
from claimlab.charts.style import ATTRIBUTION_LABELS, STYLES, _layout
from claimlab.core import text as textmod
from claimlab.core.dataset import Dataset


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
