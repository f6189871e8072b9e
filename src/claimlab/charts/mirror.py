"""Chart: each side's claims about the other side's losses, shown as claims.
"""
from __future__ import annotations

import plotly.graph_objects as go

from claimlab.charts.compare import point_words
from claimlab.charts.points import (
    Point,
    dataset_or_load,
    has_number,
    memo_per_dataset,
    most_common,
    published_date,
    text_or_blank,
    topic_label,
    topic_measures,
)
from claimlab.charts.series import (
    Series,
    left_out_words,
    sentence_case,
    series_sentence,
    time_figure,
    topic_series,
    topic_unit,
)
from claimlab.charts.style import MIRROR_TOPICS, MIRROR_WORDS, STYLES, ChartError
from claimlab.core import text as textmod
from claimlab.core.dataset import Dataset


@memo_per_dataset
def mirror_topics(ds: Dataset) -> tuple[str, str] | None:
    """The two topics of each side's claims about the other side's losses, or None if the data has none.

    Taken from the data: a claim linked by relation ``mirror`` (in data/claim_links.csv) to the other
    side's claims; its own topic is that of its ``series`` rows. Claim Lab's own article gives
    :data:`MIRROR_TOPICS`.
    """
    if all((ds.figures["topic"] == t).any() for t in MIRROR_TOPICS):
        return MIRROR_TOPICS
    links = ds.links
    for cid in dict.fromkeys(links.loc[links["relation"] == "mirror", "claim_id"]):
        own = most_common(str(ds.figures.loc[f, "topic"]) for f in links.loc[
            (links["claim_id"] == cid) & (links["relation"].isin(("series", "upstream", "other_claim"))),
            "figure_id"] if f in ds.figures.index)
        other = most_common(str(ds.figures.loc[f, "topic"]) for f in links.loc[
            (links["claim_id"] == cid) & (links["relation"] == "mirror"), "figure_id"] if f in ds.figures.index)
        if own and other and own != other:
            return (own, other)
    return None


def _mirror_words(ds: Dataset, topic: str) -> str:
    return MIRROR_WORDS.get(topic, f"in “{topic_label(ds, topic)}”")


@memo_per_dataset
def _mirror_series(ds: Dataset) -> list[tuple[Series, Series]]:
    """For each unit both sides used (the main unit first): (one side's series, the other side's)."""
    topics = mirror_topics(ds)
    if topics is None:
        raise ChartError("This article's data has no claims of one side about the other side's losses "
                         "(no row of data/claim_links.csv has the relation 'mirror'), so there is no mirror "
                         "chart for it.")
    units_by_topic = []
    for topic in topics:
        rows = ds.figures[(ds.figures["topic"] == topic) & ds.figures["teachable"].astype(bool)]
        units_by_topic.append([u for u in dict.fromkeys(rows["base_unit"].fillna("")) if u and u != "none"])
    main = topic_unit(ds.figures[ds.figures["topic"] == topics[0]])
    shared = sorted((u for u in units_by_topic[0] if u in units_by_topic[1]), key=lambda u: (u != main, u))
    pairs = []
    for unit in shared:
        first, second = (topic_series(ds, topic, unit, with_article=False) for topic in topics)
        if first.points and second.points:
            pairs.append((first, second))
    if not pairs:
        raise ChartError("The two sides' claims about each other's losses share no unit with dated figures, "
                         "so they cannot be drawn side by side.")
    return pairs


def _mirror_key(point: Point) -> str:
    return f"{point.style}|{point.topic}"


def mirror_claims(ds: Dataset | None = None) -> go.Figure:
    """Each side's claims about the other side's losses over the same weeks.

    The Russian side's claims of Ukrainian losses and the Ukrainian side's claims of
    Russian losses, one time panel per unit both sides used (people, then tanks), with
    the same marker size and weight for both. These are claims, not verified counts.
    """
    ds = dataset_or_load(ds)
    pairs = _mirror_series(ds)
    merged = [Series(a.topic, a.unit, a.points + b.points, [], [], [], [], []) for a, b in pairs]
    names = {}
    for a, b in pairs:
        for s in (a, b):
            for p in s.points:
                names[_mirror_key(p)] = f"{STYLES[p.style].label}, {_mirror_words(ds, s.topic)}"
    return time_figure(
        ds, merged, "Each side's claims about the other side's losses: claims, not verified counts",
        "Each point is one side's claim about the OTHER side's losses, as reported. "
        "Dashed line: the article's date.",
        [f"Claimed losses of the other side ({a.unit})" for a, _ in pairs],
        group_key=_mirror_key, legend_names=names)


def describe_mirror_claims(ds: Dataset | None = None) -> str:
    """One-paragraph text alternative for :func:`mirror_claims`."""
    ds = dataset_or_load(ds)
    published = published_date(ds)
    pairs = _mirror_series(ds)
    parts = []
    for pair in pairs:
        for s in pair:
            near = min(s.points, key=lambda p: (abs((p.date - published).days), p.date, p.ident))
            name = f"Claims {_mirror_words(ds, s.topic)} ({s.unit})"
            parts.append(f"{series_sentence(s, name, left_out=False)}; nearest the article's date: {point_words(near)}")
    plotted = {p.ident for pair in pairs for s in pair for p in s.points}
    rows = ds.figures[ds.figures["topic"].isin(mirror_topics(ds) or ())]
    left = Series(topic="", unit="", points=[], undated=[], other_unit=[], no_number=[], unverified=[],
                   article=[])
    for fid, row in rows.iterrows():
        if fid in plotted:
            continue
        if not bool(row["teachable"]):
            left.unverified.append(fid)
        elif not has_number(row):
            left.no_number.append(fid)
        elif str(row["measure"]) not in (topic_measures(ds, str(row["topic"])) or (str(row["measure"]),)):
            left.other_measure.append(fid)
        elif any(text_or_blank(row["base_unit"]) == s.unit for pair in pairs for s in pair):
            left.undated.append(fid)
        else:
            left.other_unit.append(fid)
    return (f"Time charts, one per unit both sides used, of each side's claims about the other side's losses, "
            f"with a dashed line at the article's date ({textmod.fmt_date(published)}); both sides are drawn "
            f"with markers of the same size and weight. " + ". ".join(parts) + f". {sentence_case(left_out_words(left))}. "
            "Each side reports the other's losses; these are claims, not verified counts, and the chart shows "
            "no verified tally.")


# --------------------------------------------------------------------------- notebook entry point
