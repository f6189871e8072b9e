"""Charts: every plotted point is a data row with its data value, and each text alternative tells the same story.

Expected values, extremes and ids are computed here from the data files, never typed in.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import sys

import pandas as pd
import plotly.graph_objects as go
import pytest

from claimlab import charts
from claimlab.core import text as textmod
from claimlab.core import units
from claimlab.core.text import escape

NAMES = ["article_figures", "printed_vs_reported", "running_claims", "mirror_claims"]
SIDE_LABELS = {"ukraine_government": "Ukrainian official", "russia_government": "Russian official"}


# --------------------------------------------------------------------------- helpers
@pytest.fixture(scope="module")
def figs(ds) -> dict[str, go.Figure]:
    return {name: charts.CHARTS[name][0](ds) for name in NAMES}


@pytest.fixture(scope="module")
def texts(ds) -> dict[str, str]:
    return {name: charts.CHARTS[name][1](ds) for name in NAMES}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def points(fig: go.Figure):
    """(trace, id, value, position) for every plotted point; value is on x for dot plots, else on y."""
    for trace in fig.data:
        xs, ys = list(trace.x), list(trace.y)
        assert trace.customdata is not None and len(trace.customdata) == len(xs) == len(ys), trace.name
        for x, y, custom in zip(xs, ys, trace.customdata):
            value, position = (x, y) if _is_number(x) else (y, x)
            yield trace, custom[0], value, position


def ring_ids(fig: go.Figure) -> set[str]:
    return {custom[0] for t in fig.data if t.legendgroup == "caution" for custom in t.customdata}


def row_of(ds, ident: str) -> pd.Series:
    return ds.claims.loc[ident] if ident in ds.claims.index else ds.figures.loc[ident]


def allowed_values(ds, ident: str) -> list[float]:
    """The data values of a row, plus their computed km² conversion when the row is an area."""
    row = row_of(ds, ident)
    unit = row["unit"] if ident in ds.claims.index else row["base_unit"]
    raw = [float(row[c]) for c in ("value", "value_low", "value_high") if c in row and not pd.isna(row[c])]
    try:
        return raw + [units.convert_area(v, str(unit), "km2") for v in raw]
    except ValueError:
        return raw


def fig_text(fig: go.Figure) -> str:
    """Every label a reader sees: titles, axis titles, legend entries and annotations."""
    layout = fig.layout
    parts = [layout.title.text or "", layout.legend.title.text or ""]
    parts += [t.name or "" for t in fig.data]
    parts += [a.text or "" for a in layout.annotations]
    for key in dir(layout):
        if key.startswith(("xaxis", "yaxis")) and layout[key] is not None and layout[key].title is not None:
            parts.append(layout[key].title.text or "")
    return "\n".join(parts)


def area_rows(ds, rows: pd.DataFrame) -> pd.Series:
    def is_area(unit) -> bool:
        try:
            units.canonical_area_unit(str(unit))
            return True
        except ValueError:
            return False
    return rows["base_unit"].map(is_area).astype(bool)


def mentions(text: str, ds, ident: str) -> bool:
    """The description names the row and its number (as data formats it)."""
    row = row_of(ds, ident)
    value = row["value"] if not pd.isna(row["value"]) else row["value_low"]
    return ident in text and textmod.fmt_number(value) in text


# --------------------------------------------------------------------------- every chart
@pytest.mark.parametrize("name", NAMES)
def test_every_point_is_a_data_row_with_its_data_value(ds, figs, name):
    seen = 0
    for _trace, ident, value, _ in points(figs[name]):
        assert ident in ds.claims.index or ident in ds.figures.index, f"{name}: {ident} is not a data row"
        assert any(math.isclose(value, v, rel_tol=1e-9) for v in allowed_values(ds, ident)), \
            f"{name}: {ident} plotted at {value}, data says {allowed_values(ds, ident)}"
        seen += 1
    assert seen > 0


@pytest.mark.parametrize("name", NAMES)
def test_no_unverified_row_is_plotted(ds, figs, name):
    untaught = set(ds.figures.index[~ds.figures["teachable"].astype(bool)])
    assert untaught, "the data should hold at least one UNVERIFIED row for this test to mean something"
    plotted = {ident for _, ident, _, _ in points(figs[name])}
    assert not plotted & untaught


@pytest.mark.parametrize("name", NAMES)
def test_cautioned_rows_are_ringed_and_the_hover_says_why(ds, figs, name):
    fig = figs[name]
    rings = ring_ids(fig)
    caution_traces = [t for t in fig.data if t.legendgroup == "caution"]
    for trace, ident, _, _ in points(fig):
        if trace.legendgroup == "caution" or ident in ds.claims.index:
            continue
        caution = ds.figures.loc[ident, "caution"]
        if pd.isna(caution):
            assert ident not in rings, f"{ident} has no caution but is ringed"
        else:
            assert ident in rings, f"{ident} has a caution but is not ringed"
            hover = next(c for c in trace.customdata if c[0] == ident)
            assert escape(str(caution)) in hover[7]
    if rings:  # one key entry for the rings, whichever of their traces carries it
        keyed = [t for t in caution_traces if t.showlegend]
        assert len(keyed) == 1 and "caution" in keyed[0].name.lower()


@pytest.mark.parametrize("name", NAMES)
def test_hover_shows_claimant_date_outlet_and_link(ds, figs, name):
    for trace in figs[name].data:
        if trace.legendgroup == "caution":
            assert trace.hoverinfo == "skip"
            continue
        for label in ("Claimant:", "Date:", "Read on:", "Source:"):
            assert label in trace.hovertemplate
        for custom in trace.customdata:
            if custom[0] in ds.figures.index:
                row = ds.figures.loc[custom[0]]
                assert custom[1] == escape(str(row["claimant"]))
                assert custom[3] == escape(str(row["reported_by"]))
                assert custom[4] == escape(str(row["source_url"]))


@pytest.mark.parametrize("name", NAMES)
def test_labels_say_claimed_and_show_units_and_claimants(figs, name):
    shown = fig_text(figs[name])
    assert "claim" in figs[name].layout.title.text.lower()
    assert "Ukrainian official" in shown and "Russian official" in shown
    axis_titles = [figs[name].layout[k].title.text or "" for k in dir(figs[name].layout)
                   if k.startswith(("xaxis", "yaxis")) and figs[name].layout[k] is not None]
    value_axes = [t for t in axis_titles if t and "date" not in t]
    words = ("people", "km²", "tanks", "unit")
    if name == "article_figures":  # one panel per kind of quantity: each axis is named after what it counts
        words += ("years", "stages")
    assert value_axes and all(any(u in t for u in words) for t in value_axes)


@pytest.mark.parametrize("name", NAMES)
def test_small_light_and_without_embedded_plotlyjs(figs, name):
    fig = figs[name]
    payload = fig.to_json()
    assert len(payload.encode()) < 100_000
    assert fig.layout.template.layout.paper_bgcolor in ("white", "#fff", "#FFFFFF", "#ffffff")
    assert "uid" not in json.loads(payload)["data"][0]
    assert "<script" not in payload


# --------------------------------------------------------------------------- both sides alike
def test_both_sides_have_equal_weight_and_no_red_green_pair(figs):
    fig = figs["mirror_claims"]
    by_side = {}
    for trace in fig.data:
        for side, label in SIDE_LABELS.items():
            if trace.name and trace.name.startswith(label):
                by_side.setdefault(side, []).append(trace)
    assert set(by_side) == set(SIDE_LABELS)
    sizes = {side: {t.marker.size for t in ts} for side, ts in by_side.items()}
    widths = {side: {t.marker.line.width for t in ts} for side, ts in by_side.items()}
    assert sizes["ukraine_government"] == sizes["russia_government"]
    assert widths["ukraine_government"] == widths["russia_government"]
    colours = {side: ts[0].marker.color for side, ts in by_side.items()}
    symbols = {side: ts[0].marker.symbol for side, ts in by_side.items()}
    assert len(set(colours.values())) == 2 and len(set(symbols.values())) == 2
    for colour in colours.values():  # no pure red or green "good/bad" colours
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert not (r > 180 and g < 80 and b < 80) and not (g > 150 and r < 80 and b < 80)


# --------------------------------------------------------------------------- article_figures
def test_article_figures_shows_every_number_in_the_article_once(ds, figs):
    ids = [ident for _, ident, _, _ in points(figs["article_figures"])]
    assert sorted(ids) == sorted(ds.claims.index[ds.claims["value"].notna()])
    assert "log" in {figs["article_figures"].layout[k].type for k in dir(figs["article_figures"].layout)
                     if k.startswith("xaxis") and figs["article_figures"].layout[k] is not None}
    assert "as printed in the article" in fig_text(figs["article_figures"])


def _kind(ds, claim_id: str) -> str:
    """What a printed number counts: the unit of the reference rows it is compared with, else its own (areas one)."""
    claim = ds.claims.loc[claim_id]
    try:
        units.canonical_area_unit(str(claim["unit"]))
        return "area"
    except ValueError:
        pass
    compared = ds.links[(ds.links["claim_id"] == claim_id) & ds.links["relation"].isin(
        ("origin", "upstream", "other_claim", "check", "series"))]
    found = [str(ds.figures.loc[f, "base_unit"]) for f in compared["figure_id"]
             if bool(ds.figures.loc[f, "teachable"]) and not pd.isna(ds.figures.loc[f, "value"])
             and str(ds.figures.loc[f, "base_unit"]) not in ("none", "<NA>")]
    return max(set(found), key=found.count) if found else str(claim["unit"])


def test_article_figures_one_kind_of_quantity_per_axis(ds, figs):
    """Issue 12: one log axis mixed years, people, square miles, stages and tanks."""
    fig = figs["article_figures"]
    by_axis: dict[str, set[str]] = {}
    for trace in fig.data:
        for custom in trace.customdata:
            if custom[0] in ds.claims.index:
                by_axis.setdefault(trace.xaxis, set()).add(_kind(ds, custom[0]))
    assert all(len(kinds) == 1 for kinds in by_axis.values()), by_axis
    kinds = [k for ks in by_axis.values() for k in ks]
    assert len(kinds) == len(set(kinds)), "each kind of quantity has one panel"
    expected = {_kind(ds, c) for c in ds.claims.index[ds.claims["value"].astype(float) > 0]}
    assert set(kinds) == expected


def test_article_figures_key_has_the_height_it_needs(figs):
    """Issue 12: the key was cut off, with a large gap under it. Its band grows with its entries."""
    from claimlab.charts.style import LEGEND_ROW_PX, TITLE_PX, legend_px
    fig = figs["article_figures"]
    entries = [t for t in fig.data if t.showlegend is not False and t.name]
    assert fig.layout.legend.title.side == "top"
    band = fig.layout.margin.t - TITLE_PX
    assert band == legend_px(fig) + 10
    assert band <= LEGEND_ROW_PX * (len(entries) + 2), "no large gap under the key"


def test_article_figures_marks_claimant_and_attribution(ds, figs):
    for trace in figs["article_figures"].data:
        claims = ds.claims.loc[[c[0] for c in trace.customdata]]
        assert claims["claimant_side"].nunique() == 1 and claims["attribution"].nunique() == 1
        assert trace.marker.symbol and trace.marker.color  # shape as well as colour
        assert ("no source named" in trace.name) == (claims["attribution"].iloc[0] == "unattributed")


def test_article_figures_description_names_the_extremes(ds, texts):
    valued = ds.claims[ds.claims["value"].notna()]
    for ident in (valued["value"].astype(float).idxmax(), valued["value"].astype(float).idxmin()):
        assert ident in texts["article_figures"]
        assert str(valued.loc[ident, "number_as_printed"]) in texts["article_figures"]


# --------------------------------------------------------------------------- printed_vs_reported
def linked(ds, claim_id: str) -> pd.DataFrame:
    """Reference rows linked to a claim that have a number (the test's own, simpler selection)."""
    links = ds.links_for(claim_id)
    links = links[links["relation"].isin(charts.style.COMPARED_RELATIONS)]
    rows = ds.figures.loc[links["figure_id"]]
    rows = rows[rows["teachable"].astype(bool) & (rows["value"].notna() | rows["value_low"].notna())]
    claim_unit = str(ds.claims.loc[claim_id, "unit"])
    try:
        units.canonical_area_unit(claim_unit)
        return rows[area_rows(ds, rows)]
    except ValueError:
        return rows[rows["base_unit"] == rows["base_unit"].mode().iloc[0]]


def panel_ids(fig: go.Figure, claim_id: str) -> set[str]:
    """Ids plotted on the same axes as the claim's own point."""
    axes = {(t.xaxis, t.yaxis) for t in fig.data if any(c[0] == claim_id for c in t.customdata)}
    return {c[0] for t in fig.data if (t.xaxis, t.yaxis) in axes for c in t.customdata}


@pytest.mark.parametrize("claim_id", ["CL05", "CL06", "CL08", "CL15", "CL25"])
def test_printed_vs_reported_panel_holds_the_claim_and_its_linked_rows(ds, figs, claim_id):
    expected = set(linked(ds, claim_id).index) | {claim_id}
    assert panel_ids(figs["printed_vs_reported"], claim_id) == expected


def test_printed_vs_reported_shows_area_in_both_units(ds, figs, texts):
    fig = figs["printed_vs_reported"]
    area_axis = [fig.layout[k] for k in dir(fig.layout) if k.startswith("xaxis") and fig.layout[k] is not None
                 and "km²" in (fig.layout[k].title.text or "")]
    assert len(area_axis) == 1
    assert all("km²" in t and "sq mi" in t for t in area_axis[0].ticktext)
    for value, label in zip(area_axis[0].tickvals, area_axis[0].ticktext):
        assert textmod.fmt_number(round(units.km2_to_sq_miles(value))) + " sq mi" in label
    claim = ds.claims.loc["CL06"]
    converted = textmod.fmt_number(round(units.convert_area(float(claim["value"]), str(claim["unit"]), "km2")))
    assert f"{converted} km²" in texts["printed_vs_reported"]
    assert str(claim["number_as_printed"]) in texts["printed_vs_reported"]


def test_printed_vs_reported_description_names_each_panels_extremes(ds, texts):
    text = texts["printed_vs_reported"]
    for claim_id in ["CL05", "CL06", "CL08", "CL15", "CL25"]:
        rows = linked(ds, claim_id)
        assert claim_id in text
        values = rows["value"].fillna(rows["value_high"]).astype(float)
        if area_rows(ds, rows).all():
            values = pd.Series([units.convert_area(v, str(u), "km2") for v, u in zip(values, rows["base_unit"])],
                               index=rows.index)
        for ident in (values.idxmax(), values.idxmin()):
            assert mentions(text, ds, ident), (claim_id, ident)


def test_printed_vs_reported_shows_planned_and_actual_evacuees(ds, texts):
    # the rows the article's evacuee figure traces back to, and the same day's other claim
    links = ds.links_for("CL05")
    for ident in links[links["relation"].isin(["upstream", "other_claim"])]["figure_id"]:
        assert mentions(texts["printed_vs_reported"], ds, ident)


def test_printed_vs_reported_rejects_unknown_claims(ds):
    with pytest.raises(charts.ChartError, match="CL05"):
        charts.printed_vs_reported(ds, claim_ids=["CL99"])
    with pytest.raises(charts.ChartError, match="no number"):
        charts.printed_vs_reported(ds, claim_ids="CL01")
    one = charts.printed_vs_reported(ds, claim_ids="cl06")
    assert panel_ids(one, "CL06") == {c[0] for t in one.data for c in t.customdata}


# --------------------------------------------------------------------------- running_claims
def dated(ds, topic: str, unit: str | None = None) -> pd.DataFrame:
    rows = ds.figures[(ds.figures["topic"] == topic) & ds.figures["teachable"].astype(bool)]
    rows = rows[rows["value"].notna() | rows["value_low"].notna()]
    measures = charts.style.TOPIC_MEASURES.get(topic)  # a series never mixes what rows count
    if measures:
        rows = rows[rows["measure"].isin(measures)]
    if unit == "area":
        rows = rows[area_rows(ds, rows)]
    else:
        rows = rows[rows["base_unit"] == (unit or rows["base_unit"].mode().iloc[0])]
    return rows


def test_running_claims_places_dated_rows_on_their_dates(ds, figs):
    fig = figs["running_claims"]
    published = pd.Timestamp(ds.article.meta["published_on"])
    for _trace, ident, _, position in points(fig):
        expected = published if ident in ds.claims.index else ds.figures.loc[ident, "date"]
        assert pd.Timestamp(position) == expected
    shapes = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(shapes) == len(charts.style.DEFAULT_TOPICS)
    assert all(pd.Timestamp(s.x0) == published for s in shapes)


@pytest.mark.parametrize("topic", ["mod_claims_ukrainian_losses", "territory", "pows", "troops"])
def test_running_claims_description_names_extremes_and_what_was_left_out(ds, figs, texts, topic):
    rows = dated(ds, topic, "area" if topic == "territory" else None)
    placed, undated = rows[rows["date"].notna()], rows[rows["date"].isna()]
    plotted = {ident for _, ident, _, _ in points(figs["running_claims"])}
    assert set(placed.index) <= plotted and not set(undated.index) & plotted
    values = placed["value"].fillna(placed["value_high"]).astype(float)
    if topic == "territory":
        values = pd.Series([units.convert_area(v, str(u), "km2") for v, u in zip(values, placed["base_unit"])],
                           index=placed.index)
    text = texts["running_claims"]
    for ident in (values.idxmax(), values.idxmin()):
        assert mentions(text, ds, ident), ident
    for ident in undated.index:
        assert ident in text


def test_running_claims_topics_option(ds):
    fig = charts.running_claims(ds, topics="evacuees")
    assert {c[0] for t in fig.data for c in t.customdata} >= set(dated(ds, "evacuees").dropna(subset=["date"]).index)
    with pytest.raises(charts.ChartError, match="Valid topics"):
        charts.running_claims(ds, topics=["nonsense"])
    with pytest.raises(charts.ChartError):
        charts.running_claims(ds, topics=42)


# --------------------------------------------------------------------------- mirror_claims
def test_mirror_claims_is_titled_as_claims_and_shows_both_sides(ds, figs, texts):
    fig = figs["mirror_claims"]
    assert "claims, not verified" in fig.layout.title.text
    plotted = {ident for _, ident, _, _ in points(fig)}
    for topic in charts.style.MIRROR_TOPICS:
        rows = dated(ds, topic, "people")
        rows = rows[rows["date"].notna()]
        assert set(rows.index) <= plotted
        values = rows["value"].astype(float)
        for ident in (values.idxmax(), values.idxmin()):
            assert mentions(texts["mirror_claims"], ds, ident), ident


# --------------------------------------------------------------------------- units
def test_area_conversion_round_trips_and_follows_the_mile():
    # the international mile is defined as 1,609.344 m, so 1 sq mi = 1.609344² km²
    assert units.sq_miles_to_km2(1) == pytest.approx(1.609344 ** 2)
    for value in (1.0, 450.0, 1294.0):
        assert units.km2_to_sq_miles(units.sq_miles_to_km2(value)) == pytest.approx(value)
        assert units.convert_area(value, "km²", "sq mi") == pytest.approx(value / 1.609344 ** 2)


# --------------------------------------------------------------------------- determinism
def _digest(ds) -> str:
    blob = "".join(charts.CHARTS[n][0](ds).to_json() + charts.CHARTS[n][1](ds) for n in NAMES)
    return hashlib.sha256(blob.encode()).hexdigest()


def test_same_json_on_every_build(ds):
    assert _digest(ds) == _digest(ds)


def test_same_json_in_another_process(ds, root):
    code = ("import hashlib, claimlab\nfrom claimlab import charts\nds = claimlab.load()\n"
            f"names = {NAMES!r}\n"
            "blob = ''.join(charts.CHARTS[n][0](ds).to_json() + charts.CHARTS[n][1](ds) for n in names)\n"
            "print(hashlib.sha256(blob.encode()).hexdigest())\n")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == _digest(ds)


# --------------------------------------------------------------------------- chart()
def test_chart_registry():
    import claimlab
    assert list(charts.CHARTS) == NAMES
    assert claimlab.chart is charts.chart


@pytest.mark.parametrize("call", [
    lambda: charts.chart("nope"),
    lambda: charts.chart(["article_figures"]),
    lambda: charts.chart("running_claims", topic="pows"),
    lambda: charts.chart("running_claims", topics="nonsense"),
    lambda: charts.chart("printed_vs_reported", claim_ids=5),
])
def test_chart_explains_bad_input_without_raising(capsys, call):
    call()
    out = capsys.readouterr().out
    assert out.strip() and "Traceback" not in out
    assert any(name in out for name in NAMES) or "topics" in out or "claim_ids" in out


def test_chart_suggests_a_close_name(capsys):
    charts.chart("running_claim")
    assert 'Did you mean "running_claims"' in capsys.readouterr().out


@pytest.fixture
def shown(monkeypatch):
    """Pretend to be in Jupyter and collect what chart() displays."""
    import IPython.display
    from IPython.core.interactiveshell import InteractiveShell
    bundles = []
    monkeypatch.setattr(InteractiveShell, "initialized", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: bundles.append(obj))
    return bundles


def test_chart_sends_only_the_plotly_json_then_the_text_description(ds, shown, texts):
    charts.chart("mirror_claims")
    assert len(shown) == 2
    assert list(shown[0]) == ["application/vnd.plotly.v1+json"]
    assert shown[0]["application/vnd.plotly.v1+json"]["data"]
    assert "Text description of the chart" in shown[1]["text/html"]
    assert texts["mirror_claims"] in shown[1]["text/plain"]


def test_chart_message_in_jupyter_is_html_and_plain(shown):
    charts.chart("nope")
    assert len(shown) == 1 and set(shown[0]) == {"text/html", "text/plain"}
    assert "nope" in shown[0]["text/plain"]
