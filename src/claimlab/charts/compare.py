"""Chart: what the article printed against what others reported for the same quantity.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from claimlab.charts.points import (
    Point,
    add_points,
    area_unit,
    as_printed,
    both_areas,
    claim_point,
    dataset_or_load,
    figure_points,
    figure_unit_ok,
    figure_when,
    has_number,
    id_list,
    is_blank,
    memo_per_dataset,
    most_common,
    published_date,
    short_claimant,
    text_or_blank,
)
from claimlab.charts.style import (
    AREA,
    COMPARED_RELATIONS,
    LEGEND_TITLE,
    PANEL_GAP_PX,
    ROW_PX,
    ChartError,
    area_ticks,
    figure_layout,
    wrapped_title,
)
from claimlab.core import text as textmod
from claimlab.core import units
from claimlab.core.dataset import Dataset


@dataclass
class Panel:
    """One dot-plot panel: an article claim and the reference rows compared with it."""

    claim: pd.Series
    unit: str
    rows: list[tuple[pd.Series, str, str]] = field(default_factory=list)  # (figure row, relation, note)


def _panel_unit(ds: Dataset, claim: pd.Series, figure_ids: list[str]) -> str | None:
    if area_unit(claim["unit"]):
        return AREA
    return most_common(str(ds.figures.loc[f, "base_unit"]) for f in figure_ids
                 if area_unit(ds.figures.loc[f, "base_unit"]) is None)


@memo_per_dataset
def claim_panel(ds: Dataset, claim_id: str) -> Panel | None:
    """A claim's number with its linked, teachable reference rows in a comparable unit (None if none)."""
    claim = ds.claims.loc[claim_id]
    if is_blank(claim["value"]):
        return None
    links = ds.links_for(claim_id)
    links = links[links["relation"].isin(COMPARED_RELATIONS)]
    usable = [f for f in links["figure_id"]
              if bool(ds.figures.loc[f, "teachable"]) and has_number(ds.figures.loc[f])]
    unit = _panel_unit(ds, claim, usable)
    if unit is None:
        return None
    panel = Panel(claim=claim, unit=unit)
    for link in links.itertuples():
        row = ds.figures.loc[link.figure_id]
        if link.figure_id in usable and figure_unit_ok(row, unit):
            panel.rows.append((row, str(link.relation), textmod.render(str(link.note), ds)))
    return panel if panel.rows else None


def claim_panels(ds: Dataset, claim_ids: str | Iterable[str] | None) -> list[Panel]:
    available = {cid: p for cid in ds.claims.index if (p := claim_panel(ds, cid)) is not None}
    if claim_ids is None:
        return list(available.values())
    wanted = id_list(claim_ids, "claim_ids")
    panels = []
    for cid in wanted:
        key = cid.upper()
        if key not in available:
            reason = ("is not a claim in data/claims.csv" if key not in ds.claims.index
                      else "has no number with linked reference figures in the same unit")
            raise ChartError(f"'{cid}' {reason}. Claims that can be compared: {', '.join(available)}.")
        panels.append(available[key])
    return panels


def _panel_points(ds: Dataset, panel: Panel) -> list[Point]:
    """The article's point and each linked row's points, ordered by date (article first on ties)."""
    published = published_date(ds)
    order = {rel: i for i, rel in enumerate(COMPARED_RELATIONS, 1)}
    entries = [((published, 0, str(panel.claim["claim_id"])), None, "", "")]
    for row, relation, note in panel.rows:
        date = pd.Timestamp.max if is_blank(row["date"]) else pd.Timestamp(row["date"])
        entries.append(((date, order[relation], str(row["figure_id"])), row, relation, note))
    entries.sort(key=lambda e: e[0])
    points = []
    for (_, _, ident), row, relation, note in entries:
        if row is None:
            label = f"{ident} · the article · {textmod.fmt_date(published)}"
            points.append(claim_point(ds, panel.claim, panel.unit, style="article", category=label))
        else:
            label = f"{ident} · {short_claimant(row['claimant'])} · {figure_when(row)}"
            points += figure_points(row, panel.unit, note=f"{relation.replace('_', ' ')}: {note}",
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
    ds = dataset_or_load(ds)
    panels = claim_panels(ds, claim_ids)
    all_points = [_panel_points(ds, p) for p in panels]
    rows_px = [ROW_PX * len({pt.category for pt in pts}) + 20 for pts in all_points]
    paper_px = sum(rows_px) + PANEL_GAP_PX * (len(panels) - 1)
    from plotly.subplots import make_subplots  # here, not at the top: a cached chart never needs it

    fig = make_subplots(
        rows=len(panels), cols=1, row_heights=rows_px, vertical_spacing=PANEL_GAP_PX / paper_px,
        subplot_titles=[wrapped_title(f"{p.claim['claim_id']}: {text_or_blank(p.claim['summary'])}") for p in panels])
    shown: set[str] = set()
    for i, (panel, points) in enumerate(zip(panels, all_points), 1):
        top = max(p.plotted for p in points)
        add_points(fig, points, row=i, col=1, axis="yx", shown=shown, labels_left_of=top * 0.55)
        fig.update_xaxes(row=i, col=1, range=[0, top * 1.05], title=dict(text=_unit_title(panel.unit)),
                         tickformat=",", **(area_ticks(top) if panel.unit == AREA else {}))
        fig.update_yaxes(row=i, col=1, autorange="reversed", automargin=True,
                         categoryorder="array", categoryarray=list(dict.fromkeys(p.category for p in points)))
    for annotation in fig.layout.annotations:
        annotation.update(x=0, xanchor="left", xref="paper", font=dict(size=13))
    return figure_layout(fig, "The article's numbers beside the figures others reported",
                   "★ = as printed in the article. Rows run by date, so the figures nearest the article's date "
                   "sit next to it. Most figures are claims, not verified counts.", paper_px, LEGEND_TITLE)


RELATION_WORDS = {
    "origin": "its source text", "upstream": "traced back to", "other_claim": "other claims",
    "check": "counts made another way", "series": "other figures in the same series", "context": "context",
}


def point_words(point: Point) -> str:
    return f"{point.value_text} ({point.ident}, {short_claimant(point.claimant)}, {point.when})"


def describe_printed_vs_reported(ds: Dataset | None = None,
                                 claim_ids: str | Iterable[str] | None = None) -> str:
    """One-paragraph text alternative for :func:`printed_vs_reported`."""
    ds = dataset_or_load(ds)
    panels = claim_panels(ds, claim_ids)
    published = published_date(ds)
    parts, ranges = [], []
    for panel in panels:
        claim = panel.claim
        points = [p for p in _panel_points(ds, panel) if p.style != "article"]
        first = {p.ident: p for p in reversed(points)}
        relation = {str(row["figure_id"]): rel for row, rel, _ in panel.rows}
        printed = as_printed(claim)
        if panel.unit == AREA:
            printed += f" ({both_areas(float(claim['value']), claim['unit'])})"
        who = ("no source named" if claim["attribution"] == "unattributed"
               else f"attributed to {short_claimant(claim['claimant'])}")
        groups = []
        for rel in RELATION_WORDS:
            ids = [i for i in dict.fromkeys(p.ident for p in points) if relation[i] == rel]
            if ids and rel in ("series", "context"):  # many rows: named by id, counted in words
                rows = f"{len(ids)} row{'s' if len(ids) != 1 else ''}"
                groups.append(f"{RELATION_WORDS[rel]}: {rows} ({', '.join(ids)})")
            elif ids:
                groups.append(f"{RELATION_WORDS[rel]}: " + ", ".join(point_words(first[i]) for i in ids))
        hi = first[max(points, key=lambda p: (p.plotted, p.ident)).ident]
        lo = first[min(points, key=lambda p: (p.plotted, p.ident)).ident]
        dated = [p for p in points if p.date is not None and relation[p.ident] != "origin"]
        sentence = (f"{claim['claim_id']}: the article prints {printed}, {who}; " + "; ".join(groups)
                    + f"; lowest {point_words(lo)}, highest {point_words(hi)}")
        if dated:
            near = min(dated, key=lambda p: (abs((p.date - published).days), p.date, p.ident))
            sentence += f"; nearest the article's date (apart from its source text): {point_words(first[near.ident])}"
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
