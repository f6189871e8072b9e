"""How every chart looks: colours and marker symbols (Okabe-Ito, never colour alone), sizes, the
hover template and the common layout.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from claimlab.core import text as textmod
from claimlab.core import units
from claimlab.core.text import escape


class ChartError(ValueError):
    """A chart was asked for with an option it cannot use; the message says what is valid."""


# --------------------------------------------------------------------------- styles
@dataclass(frozen=True)
class Style:
    """How one kind of claimant is drawn: legend label, colour and marker shape."""

    label: str
    colour: str
    symbol: str


# Okabe-Ito colours, never colour alone. The article's sides (data/datapackage.json, claims.claimant_side,
# in order) take SIDE_PALETTE in order, so the first two get sky blue and orange (similar lightness) with
# a circle and a diamond (similar area in plotly), and neither side stands out. A side and its government
# in the reference rows (``<side>_government``) share one style. Every label comes from data/interface.yaml
# (``claimants``); these are only the looks of the claimant kinds every module shares.
SIDE_PALETTE = (("#56B4E9", "circle"), ("#E69F00", "diamond"), ("#0072B2", "triangle-down"),
                ("#F0E442", "star-triangle-up"), ("#D55E00", "cross"))
LOOKS: dict[str, tuple[str, str]] = {
    "independent_analyst": ("#CC79A7", "square"),
    "partisan_osint": ("#009E73", "triangle-up"),
    "media": ("#8C8C8C", "pentagon"),
    "foreign_government": ("#0072B2", "hexagon"),
    "international_org": ("#D55E00", "hourglass"),
    "neither": ("#CC79A7", "square"),  # claims.csv claimant_side values that are not a side
    "no_one_named": ("#8C8C8C", "square"),
    "article": ("#000000", "star"),  # the article's own numbers in the reference charts
}
OTHER_SYMBOLS = ("triangle-left", "triangle-right", "x", "star-square", "bowtie", "hexagram")


class _Styles(dict):
    """The style of every claimant kind charted, made on first use from the registered data.

    :func:`register_sides` gives the article's sides (in order) and the labels of data/interface.yaml;
    a side and ``<side>_government`` share a :data:`SIDE_PALETTE` slot; a shared kind has its
    :data:`LOOKS`; any other key gets grey and a shape of its own. No chart needs to know the article.
    """

    sides: dict[str, int] = {}
    labels: dict[str, str] = {}

    def __missing__(self, key: str) -> Style:
        base = key[: -len("_government")] if key.endswith("_government") else key
        label = self.labels.get(key) or self.labels.get(base) or key.replace("_", " ").capitalize()
        slot = self.sides.get(_slug(base))
        if slot is not None:
            colour, symbol = SIDE_PALETTE[slot % len(SIDE_PALETTE)]
        elif key in LOOKS:
            colour, symbol = LOOKS[key]
        else:
            extra = sum(1 for k in self if k not in LOOKS and _slug(k) not in self.sides)
            colour, symbol = "#8C8C8C", OTHER_SYMBOLS[extra % len(OTHER_SYMBOLS)]
        style = Style(label, colour, symbol)
        self[key] = style
        return style


def _slug(name: str) -> str:
    import re
    return re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")


STYLES = _Styles()
STYLE_ORDER = list(LOOKS)


def register_sides(sides: list[str], labels: dict[str, str] | None = None) -> None:
    """Tell the charts the sides of the article being charted (in the data dictionary's order) and the
    labels of its claimant kinds (data/interface.yaml ``claimants``)."""
    wanted = {_slug(s): i for i, s in enumerate(sides)}
    labels = {str(k): str(v) for k, v in (labels or {}).items()}
    if wanted == _Styles.sides and labels == _Styles.labels:
        return
    STYLES.clear()
    _Styles.sides, _Styles.labels = wanted, labels


def style_rank(key: str) -> int:
    """Legend order: the article's sides in order, then the shared kinds, then the rest."""
    base = key[: -len("_government")] if key.endswith("_government") else key
    slot = _Styles.sides.get(_slug(base))
    if slot is not None:
        return slot - len(_Styles.sides)
    if key in LOOKS:
        return STYLE_ORDER.index(key)
    return len(STYLE_ORDER)


CAUTION_LABEL = "Ringed = caution: read<br>second-hand, on state media<br>or from a partisan source"
CAUTION_RING = "#6E6E6E"
TITLE_PX = 70     # title and subtitle
LEGEND_PX = 120   # the key, under the title
LEGEND_CHAR_PX = 6.5  # average width of one legend character, to size legend columns
BOTTOM_PX = 70    # the last x-axis title
MODEBAR_PX = 40   # the right margin, where plotly's toolbar runs down the edge
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
LEGEND_WIDTH_PX = 640   # the narrowest plot width the key is laid out for (a notebook beside a side panel)
LEGEND_ROW_PX = 24      # one row of the key
LEGEND_TITLE_PX = 24    # the key's title, on its own line above the entries


def legend_px(fig: go.Figure) -> int:
    """The height the key needs: its title line plus as many rows as its entries wrap into.

    A fixed height either cut the key off or left a large gap under it (issue 12): the number of
    rows depends on how many entries there are and how long their names are.
    """
    entries = [t for t in fig.data if t.showlegend is not False and t.name]
    if not entries:
        return LEGEND_TITLE_PX
    widest = _entry_px(entries)
    per_row = max(1, LEGEND_WIDTH_PX // widest)
    lines = max(len(t.name.split("<br>")) for t in entries)
    return LEGEND_TITLE_PX + math.ceil(len(entries) / per_row) * LEGEND_ROW_PX * lines + 8


def _entry_px(entries: list) -> int:
    longest = max(len(line) for t in entries for line in t.name.split("<br>"))
    return math.ceil(longest * LEGEND_CHAR_PX) + 40  # the marker and the space around it


def figure_layout(fig: go.Figure, title: str, subtitle: str, paper_px: int, legend_title: str, *,
            fit_legend: bool = False) -> go.Figure:
    """Shared look: light template, title and key at the top, left-aligned hover labels.

    ``paper_px`` is the height of the plotting area; margins are added around it. With
    ``fit_legend`` the key gets exactly the height its entries need (:func:`legend_px`), with its
    title on its own line, and a long subtitle is wrapped; otherwise it has a fixed band of
    :data:`LEGEND_PX`.
    """
    entries = [t for t in fig.data if t.showlegend is not False and t.name]
    top = TITLE_PX + (legend_px(fig) + 10 if fit_legend else LEGEND_PX)
    height = paper_px + top + BOTTOM_PX
    longest = max(len(line) for t in fig.data if t.showlegend for line in t.name.split("<br>"))
    if fit_legend:
        import textwrap
        subtitle_html = "<br>".join(escape(line) for line in textwrap.wrap(subtitle, 115))
        legend_extra = dict(title=dict(text=legend_title, side="top"), entrywidth=_entry_px(entries) - 40)
    else:
        subtitle_html = escape(subtitle)
        legend_extra = dict(title=dict(text=legend_title), entrywidth=math.ceil(longest * LEGEND_CHAR_PX))
    fig.update_layout(
        template="plotly_white", height=height,
        title=dict(text=f"{escape(title)}<br><sup>{subtitle_html}</sup>", x=0, xanchor="left",
                   y=1 - 12 / height, yanchor="top", font=dict(size=17)),
        font=dict(size=12, color="#222222"), hovermode="closest",
        hoverlabel=dict(align="left", bgcolor="white", font=dict(color="#222222")),
        legend=dict(orientation="h", x=0, xanchor="left", xref="container", y=1 - TITLE_PX / height,
                    yanchor="top", yref="container", itemsizing="constant",
                    bgcolor="rgba(255,255,255,0.9)", traceorder="normal", **legend_extra),
        margin=dict(l=10, r=MODEBAR_PX, t=top, b=BOTTOM_PX),
        # plotly's toolbar (shown on hover) runs down the right edge, in the margin kept for it, instead of
        # across the top, where it covered the title (issue 25); static pages leave it out
        modebar=dict(orientation="v", bgcolor="rgba(255,255,255,0.85)"),
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


def area_ticks(top: float) -> dict[str, Any]:
    """Tick labels in km² with the computed square-mile equivalent underneath."""
    values = _nice_ticks(top)
    labels = [f"{textmod.fmt_number(v)} km²<br>{textmod.fmt_number(round(units.km2_to_sq_miles(v)))} sq mi"
              for v in values]
    return dict(tickmode="array", tickvals=values, ticktext=labels)


# --------------------------------------------------------------------------- inputs
def wrapped_title(title: str, width: int = 70) -> str:
    """A panel title, escaped and broken into lines, so it is not cut off on a narrow screen."""
    import textwrap
    return "<br>".join(escape(line) for line in textwrap.wrap(title, width)) or escape(title)


