"""Chart: running claims over time (like with like only), with the article's date marked.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from claimlab.charts.compare import claim_panel, point_words
from claimlab.charts.points import (
    Point,
    add_points,
    area_unit,
    claim_point,
    dataset_or_load,
    figure_points,
    figure_unit_ok,
    has_number,
    id_list,
    is_blank,
    iso_date,
    memo_per_dataset,
    most_common,
    published_date,
    topic_label,
    topic_measures,
    valued_claims,
)
from claimlab.charts.style import (
    AREA,
    DEFAULT_TOPICS,
    LEGEND_TITLE,
    PANEL_GAP_PX,
    STYLES,
    TIME_PANEL_PX,
    ChartError,
    area_ticks,
    figure_layout,
    wrapped_title,
)
from claimlab.core import text as textmod
from claimlab.core.dataset import Dataset


@dataclass
class Series:
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
    label: str = ""   # the panel's title; by default the topic and unit


def topic_unit(rows: pd.DataFrame) -> str | None:
    units_seen = [str(u) for u in rows["base_unit"].fillna("")]
    if any(area_unit(u) for u in units_seen):
        return AREA
    return most_common(units_seen)


def _claims_for_topic(ds: Dataset, topic: str, unit: str, measures: tuple[str, ...] | None = None
                      ) -> list[pd.Series]:
    """Article claims compared, in this unit, with reference rows mostly of this topic (and, for a panel of
    one measure, linked to a row of that measure: a count of the killed is not drawn among the wounded)."""
    found = []
    for cid in valued_claims(ds).index:
        panel = claim_panel(ds, cid)
        if panel is not None and panel.unit == unit and most_common(str(row["topic"]) for row, _, _ in panel.rows
                                                              if row["topic"] != "article_origin") == topic:
            if measures and not any(str(row["measure"]) in measures for row, _, _ in panel.rows):
                continue
            found.append(panel.claim)
    return found


@memo_per_dataset
def topic_series(ds: Dataset, topic: str, unit: str | None = None, *, with_article: bool = True,
            measure: str | None = None) -> Series:
    """A topic's dated rows in one unit (default: the topic's most common unit), and what was left out.

    The rows kept are those of the measures :data:`TOPIC_MEASURES` lists for the topic, or, for a
    topic it does not list (another article's), those of ``measure`` (default: the topic's most
    common measure), so that one line never mixes two things counted.
    """
    rows = ds.figures[ds.figures["topic"] == topic]
    unit = unit or topic_unit(rows[rows["teachable"].astype(bool)]) or ""
    kept, undated, other, no_number, unverified, other_measure = [], [], [], [], [], []
    measures = topic_measures(ds, topic)
    if measures is None:
        measure = measure or most_common(str(m) for m in rows["measure"].fillna("")
                                   if m != "no_figure") or ""
        measures = (measure,) if measure else None
    for fid, row in rows.iterrows():
        if not bool(row["teachable"]):
            unverified.append(fid)
        elif not has_number(row):
            no_number.append(fid)
        elif measures and str(row["measure"]) not in measures:
            other_measure.append(fid)
        elif not figure_unit_ok(row, unit):
            other.append(fid)
        elif is_blank(row["date"]):
            undated.append(fid)
        else:
            kept.append(row)
    kept.sort(key=lambda r: (pd.Timestamp(r["date"]), str(r["figure_id"])))
    points = [p for row in kept for p in figure_points(row, unit)]
    by_measure = measures if topic_measures(ds, topic) is None else None  # another article's measure panels
    article = ([claim_point(ds, c, unit, style="article") for c in _claims_for_topic(ds, topic, unit, by_measure)]
               if with_article else [])
    label = f"{topic_label(ds, topic)} ({_unit_words(unit)})"
    if topic_measures(ds, topic) is None and measure:
        label = f"{topic_label(ds, topic)}: {measure.replace('_', ' ')} ({_unit_words(unit)})"
    return Series(topic, unit, points, undated, other, no_number, unverified, article, other_measure, label)


def _topic_series(ds: Dataset, topic: str) -> list[Series]:
    """A topic's panels: one, or for a topic with no fixed measures, one per measure with dated figures."""
    if topic_measures(ds, topic) is not None:
        return [s for s in [topic_series(ds, topic)] if s.points]
    rows = ds.figures[(ds.figures["topic"] == topic) & ds.figures["teachable"].astype(bool)]
    counts = Counter(str(m) for m in rows["measure"].fillna("") if m and m != "no_figure")
    found = []
    for measure, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        unit = topic_unit(rows[rows["measure"] == measure])
        series = topic_series(ds, topic, unit, measure=measure)
        if series.points:
            found.append(series)
    return found


@memo_per_dataset
def chartable_topics(ds: Dataset) -> list[str]:
    """Topics with at least one dated, teachable figure (the article's own origin rows excepted)."""
    return [t for t in dict.fromkeys(ds.figures["topic"])
            if t != "article_origin" and _topic_series(ds, t)]


def _all_series(ds: Dataset, topics: str | Iterable[str] | None) -> list[Series]:
    valid = chartable_topics(ds)
    if topics is None:
        wanted = list(DEFAULT_TOPICS) if all(t in valid for t in DEFAULT_TOPICS) else valid
    else:
        wanted = id_list(topics, "topics")
    if not wanted:
        raise ChartError("No reference figure in this article's data has a day-precise date and a number, "
                         "so there is nothing to put on a time axis.")
    out = []
    for topic in wanted:
        if topic not in valid:
            raise ChartError(f"'{topic}' is not a topic that can be charted. Valid topics: {', '.join(valid)}.")
        series = [s for s in _topic_series(ds, topic) if s.points]
        if not series:
            raise ChartError(f"topic '{topic}' has no dated figures to plot. Valid topics: {', '.join(valid)}.")
        out += series
    return out


def _unit_words(unit: str) -> str:
    return "km²" if unit == AREA else unit


def time_figure(ds: Dataset, series: list[Series], title: str, subtitle: str, panel_titles: list[str],
                 group_key: Callable[[Point], str] | None = None,
                 legend_names: dict[str, str] | None = None) -> go.Figure:
    """One time panel per series, on a shared date range, with the article's date marked in each."""
    published = published_date(ds)
    paper_px = TIME_PANEL_PX * len(series) + PANEL_GAP_PX * (len(series) - 1)
    from plotly.subplots import make_subplots  # here, not at the top: a cached chart never needs it

    fig = make_subplots(rows=len(series), cols=1, vertical_spacing=PANEL_GAP_PX / paper_px,
                        subplot_titles=[wrapped_title(t) for t in panel_titles])
    shown: set[str] = set()
    dates = [p.date for s in series for p in s.points + s.article] + [published]
    start, end = min(dates), max(dates)
    pad = pd.Timedelta(days=max(3, (end - start).days // 40))
    for i, s in enumerate(series, 1):
        points = s.points + s.article
        add_points(fig, points, row=i, col=1, axis="xy", shown=shown, group_key=group_key,
                    legend_names=legend_names)
        top = max(p.plotted for p in points)
        fig.update_yaxes(row=i, col=1, rangemode="tozero", automargin=True, tickformat=",",
                         title=dict(text=f"{_unit_words(s.unit)}, as claimed"),
                         **(area_ticks(top) if s.unit == AREA else {}))
        fig.update_xaxes(row=i, col=1, type="date", range=[iso_date(start - pad), iso_date(end + pad)],
                         title=dict(text="date of the claim" if i == len(series) else ""))
        suffix = "" if i == 1 else str(i)
        fig.add_shape(type="line", x0=iso_date(published), x1=iso_date(published), y0=0, y1=1, xref=f"x{suffix}",
                      yref=f"y{suffix} domain", line=dict(color="#222222", width=1.5, dash="dash"))
        fig.add_annotation(x=iso_date(published), y=1, xref=f"x{suffix}", yref=f"y{suffix} domain",
                           text=f"\u2002article, {textmod.fmt_date(published)}", showarrow=False,
                           xanchor="left", yanchor="top", font=dict(size=11, color="#222222"))
    for annotation in fig.layout.annotations:
        if annotation.xref == "paper":  # the panel titles
            annotation.update(x=0, xanchor="left", font=dict(size=13))
    return figure_layout(fig, title, subtitle, paper_px, LEGEND_TITLE)


def running_claims(ds: Dataset | None = None, topics: str | Iterable[str] | None = None) -> go.Figure:
    """Running claims over time, one panel per topic, with the article's date marked.

    Default topics: the Russian Defence Ministry's claimed Ukrainian losses (people),
    territory (km²; square-mile figures converted), prisoners of war and troop numbers.
    Each panel shows the topic's most common unit; the article's own number is a star at
    the article's date. Only rows with a day-precise date are placed; the text
    alternative lists the rows left out.
    """
    ds = dataset_or_load(ds)
    series = _all_series(ds, topics)
    return time_figure(
        ds, series, "Claims over time, by claimant, with the article's date marked",
        "Claims as reported, not verified counts. ★ = as printed in the article. Dashed line: the article's date.",
        [s.label for s in series])


def _extremes(points: list[Point]) -> str:
    hi = max(points, key=lambda p: (p.plotted, p.ident))
    lo = min(points, key=lambda p: (p.plotted, p.ident))
    return f"lowest {point_words(lo)}, highest {point_words(hi)}"


def left_out_words(s: Series) -> str:
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


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def series_sentence(s: Series, name: str, left_out: bool = True) -> str:
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
    return sentence + (f"; {left_out_words(s)}" if left_out else "")


def describe_running_claims(ds: Dataset | None = None, topics: str | Iterable[str] | None = None) -> str:
    """One-paragraph text alternative for :func:`running_claims`."""
    ds = dataset_or_load(ds)
    series = _all_series(ds, topics)
    area = any(s.unit == AREA for s in series)
    return (f"Time charts, one panel per topic, of figures as claimed or reported, coloured and shaped by "
            f"claimant, with a dashed line at the article's date ({textmod.fmt_date(published_date(ds))}). "
            + ". ".join(series_sentence(s, s.label) for s in series)
            + ". " + ("Square-mile figures are converted to km² (computed). " if area else "")
            + "Only rows with a day-precise date can be placed on a time axis. Ringed points were read "
              "second-hand, on state media or from a partisan source.")


# --------------------------------------------------------------------------- 4. mirror claims
