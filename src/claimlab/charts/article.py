"""Chart: every figure printed in the article, grouped by what it counts.
"""
from __future__ import annotations

import math
from collections import Counter

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from claimlab.charts.compare import claim_panel
from claimlab.charts.points import (
    add_points,
    area_unit,
    as_printed,
    claim_point,
    dataset_or_load,
    is_blank,
    memo_per_dataset,
    published_date,
    short_claimant,
    text_or_blank,
    valued_claims,
)
from claimlab.charts.style import AREA, ATTRIBUTION_LABELS, ROW_PX, STYLES, area_ticks, figure_layout, wrapped_title
from claimlab.core import text as textmod
from claimlab.core.dataset import Dataset


def _kind_of_quantity(ds: Dataset, claim: pd.Series) -> str:
    """What a printed number counts, so that one axis holds one kind of quantity.

    Areas are one kind (square miles and km² together, in km²); a number compared with reference
    rows takes their unit (so "troops" and "prisoners of war" are both people); any other keeps its
    own unit (years, stages, tanks...).
    """
    if area_unit(claim["unit"]):
        return AREA
    panel = claim_panel(ds, str(claim["claim_id"]))
    return panel.unit if panel is not None else str(claim["unit"])


def _kind_title(kind: str) -> str:
    return "area, km² (square-mile figures converted)" if kind == AREA else kind


@memo_per_dataset
def _article_panels(ds: Dataset) -> list[tuple[str, list[str]]]:
    """[(kind of quantity, claim ids)], kinds in the order their first claim appears."""
    claims, _ = _log_split(ds)
    panels: dict[str, list[str]] = {}
    for cid, claim in claims.iterrows():
        panels.setdefault(_kind_of_quantity(ds, claim), []).append(str(cid))
    return list(panels.items())


def article_figures(ds: Dataset | None = None) -> go.Figure:
    """Every number printed in the article, one row per claim, one panel per kind of quantity.

    Colour and shape show who makes the claim; the legend and the label beside each
    point say whether the article names a source. Each panel's axis holds one kind of
    quantity (people, areas, years, ...); a panel whose numbers span more than a hundredfold
    is logarithmic, any other starts at zero.
    """
    ds = dataset_or_load(ds)
    claims, _ = _log_split(ds)
    panels = _article_panels(ds)
    names: dict[str, str] = {}
    all_points = []
    for kind, ids in panels:
        points = []
        for cid in ids:
            claim = claims.loc[cid]
            side, attribution = str(claim["claimant_side"]), str(claim["attribution"])
            how = ATTRIBUTION_LABELS.get(attribution, attribution)
            point = claim_point(ds, claim, AREA if kind == AREA else None, style=side,
                                 category=f"{claim['claim_id']} · {str(claim['topic']).replace('_', ' ')}")
            verb = text_or_blank(claim["attribution_verb"])
            who = "" if side == "no_one_named" else short_claimant(claim["claimant"])
            point.label += " · " + (f"{who}, “{verb}”" if who and verb else who or how)
            names[f"{side}|{attribution}"] = f"{STYLES[side].label}: {how}"
            points.append(point)
        all_points.append(points)
    rows_px = [ROW_PX * len(pts) + 30 for pts in all_points]
    gap = 90
    paper_px = sum(rows_px) + gap * (len(panels) - 1)
    fig = make_subplots(rows=len(panels), cols=1, row_heights=rows_px,
                        vertical_spacing=gap / paper_px if len(panels) > 1 else 0,
                        subplot_titles=[wrapped_title(_kind_title(kind).capitalize()) for kind, _ in panels])
    shown: set[str] = set()
    for i, ((kind, _), points) in enumerate(zip(panels, all_points), 1):
        low, high = min(p.plotted for p in points), max(p.plotted for p in points)
        log = high / low > 100
        if log:
            lo, hi = math.log10(low), math.log10(high)
            middle = 10 ** ((lo + hi) / 2)
            axis = dict(type="log", range=[lo - 1.5, hi + 0.5], dtick=1)
            middle = 10 ** ((lo - 1.5 + hi + 0.5) / 2)
            title = f"{_kind_title(kind)} (log scale: each gridline is ten times the one before)"
        else:
            middle = high * 1.6 * 0.6  # labels to the right of points, but for those near the end of the axis
            axis = dict(range=[0, high * 1.6], rangemode="tozero")
            title = _kind_title(kind)
        add_points(fig, points, row=i, col=1, axis="yx", shown=shown, labels_left_of=middle,
                    legend_names=names, group_key=lambda p: f"{p.style}|{claims.loc[p.ident, 'attribution']}")
        fig.update_xaxes(row=i, col=1, tickformat=",", title=dict(text=title), **axis,
                         **(area_ticks(high * 1.6) if kind == AREA and not log else {}))
        fig.update_yaxes(row=i, col=1, autorange="reversed", title=None, automargin=True,
                         categoryorder="array", categoryarray=[p.category for p in points])
    for annotation in fig.layout.annotations:
        annotation.update(x=0, xanchor="left", xref="paper", font=dict(size=13))
    return figure_layout(fig, "Every number in the article, as printed in the article",
                   "One panel per kind of quantity, rows in the article's order. Colour and shape: who the "
                   "article says makes the claim. Label: the number as printed, and who, if anyone, is named.",
                   paper_px=paper_px, legend_title="Who makes the claim, and is a source named?", fit_legend=True)


def _log_split(ds: Dataset) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(claims that can go on a log axis, claims whose number is zero or negative)."""
    claims = valued_claims(ds)
    positive = claims["value"].astype(float) > 0
    return claims[positive], claims[~positive]


def describe_article_figures(ds: Dataset | None = None) -> str:
    """One-paragraph text alternative for :func:`article_figures`."""
    ds = dataset_or_load(ds)
    claims, not_shown = _log_split(ds)
    published = textmod.fmt_date(published_date(ds))

    def one(claim: pd.Series) -> str:
        who = ("no one named" if claim["claimant_side"] == "no_one_named"
               else short_claimant(claim["claimant"]))
        when = f", said {textmod.fmt_date(claim['said_on'])}" if not is_blank(claim["said_on"]) else ""
        return f"{as_printed(claim)} ({claim['claim_id']}, {who}{when})"

    def listed(frame: pd.DataFrame) -> str:
        return "; ".join(one(c) for _, c in frame.iterrows())

    largest = claims.loc[claims["value"].astype(float).idxmax()]
    smallest = claims.loc[claims["value"].astype(float).idxmin()]
    unattributed = claims[claims["attribution"] == "unattributed"]
    attributed = claims[claims["attribution"] != "unattributed"]
    by_side = Counter(STYLES[str(side)].label for side in attributed["claimant_side"])
    sides = "; ".join(f"{label}: {n}" for label, n in sorted(by_side.items()))
    topics = list(dict.fromkeys(str(t).replace("_", " ") for t in claims["topic"]))
    panels = _article_panels(ds)
    kinds = "; ".join(f"{_kind_title(kind)}: {len(ids)}" for kind, ids in panels)
    text = (f"A dot chart of the {len(claims)} numbers printed in the article (published {published}), one row "
            f"each, in {len(panels)} panel{'s' if len(panels) != 1 else ''}, one per kind of quantity so that "
            f"no axis mixes two kinds ({kinds}); topics: {', '.join(topics)}. They range from {one(smallest)}, "
            f"the smallest, to {one(largest)}, the largest; a panel whose numbers span more than a hundredfold "
            "has a logarithmic axis. ")
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
