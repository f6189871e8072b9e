"""The passage bank (data/bank.csv) and the pre/post scores (issue 14)."""
from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimlab.core import bank


@pytest.fixture(scope="module")
def table(ds):
    return bank.passages(ds)


# --------------------------------------------------------------------------- the bank itself
def test_at_least_24_keyed_passages_with_sources(table):
    assert len(table) >= 24
    for pid, row in table.iterrows():
        assert row["passage"].strip() and row["outlet"].strip() and row["url"].startswith("http"), pid
        assert row["rationale"].strip() and row["rewrite_needs"].strip(), pid
        for column in ("who", "party", "attribution", "method", "hedge", "framing", "well_sourced"):
            assert row[column], (pid, column)


def test_both_sides_are_balanced_in_number_and_kind(table):
    sides = Counter(table["claimant_side"])
    assert sides["ukraine"] == sides["russia"]
    for column in ("source_kind", "counts", "well_sourced"):
        mix = {side: Counter(table.loc[table["claimant_side"] == side, column]) for side in ("ukraine", "russia")}
        assert mix["ukraine"] == mix["russia"], column


def test_the_same_standard_applies_to_both_sides(table):
    """Passages of the same kind get the same verdict whichever side speaks."""
    verdicts = {}
    for _, row in table[table["claimant_side"].isin(["ukraine", "russia"])].iterrows():
        verdicts.setdefault((row["source_kind"], row["party"]), set()).add(row["well_sourced"])
    for kind, found in verdicts.items():
        assert len(found) == 1, kind


def test_no_passage_is_from_the_lessons(ds, table):
    article = ds.article.text
    snippets = [str(s) for s in ds.figures.loc[ds.figures["figure_id"].isin(ds.links["figure_id"]), "snippet"]
                if str(s).strip()] if "figure_id" in ds.links.columns else []
    for pid, row in table.iterrows():
        for sentence in row["passage"].split(". "):
            assert sentence.strip()[:60] not in article or len(sentence.strip()) < 20, pid
        for snippet in snippets:
            assert snippet[:60] not in row["passage"], pid


def test_the_forms_are_parallel_and_balanced_against_the_wire_confound(table):
    """Each form: half well sourced; the same mix of sides and source kinds; a news page on both sides of the key."""
    forms = {form: table[table["used_in"] == form] for form in bank.FORMS}
    mixes = [Counter(zip(f["well_sourced"], f["claimant_side"], f["source_kind"])) for f in forms.values()]
    assert mixes[0] == mixes[1]
    for frame in forms.values():
        assert len(frame) >= 8
        assert (frame["well_sourced"] == "yes").sum() * 2 == len(frame)
        # well-sourced items are not all wire copy, poorly sourced ones are not all officials
        assert (frame.loc[frame["well_sourced"] == "yes", "source_kind"] != "wire_or_news").any()
        assert (frame.loc[frame["well_sourced"] == "no", "source_kind"] == "wire_or_news").any()
    assert not set(forms["form_a"].index) & set(forms["form_b"].index)


# --------------------------------------------------------------------------- scoring
def _form_ratings(ds, form, well, poor):
    return {pid: well if bank.passage(ds, pid)["well_sourced"] == "yes" else poor for pid in bank.used_in(ds, form)}


def test_discernment_is_scored_separately_from_trust_level(ds):
    sceptic = bank.trust_scores(_form_ratings(ds, "form_a", 2, 2), ds)
    believer = bank.trust_scores(_form_ratings(ds, "form_a", 5, 5), ds)
    judge = bank.trust_scores(_form_ratings(ds, "form_a", 4, 2), ds)
    assert sceptic["discernment"] == believer["discernment"] == 0
    assert sceptic["trust_level"] < believer["trust_level"]
    assert judge["discernment"] == 2 and judge["trust_level"] == 3
    assert judge["d_prime"] > 0 and sceptic["d_prime"] == pytest.approx(0)
    assert sceptic["criterion"] > 0 > believer["criterion"]  # slow vs quick to trust, not skill


def test_a_drop_in_trust_alone_is_not_called_learning(ds):
    pre = bank.trust_scores(_form_ratings(ds, "form_a", 4, 4), ds)
    post = bank.trust_scores(_form_ratings(ds, "form_b", 2, 2), ds)
    words = " ".join(bank.change_in_words(pre, post))
    assert "Doubting everything is not the goal" in words and "better" not in words
    gained = " ".join(bank.change_in_words(pre, bank.trust_scores(_form_ratings(ds, "form_b", 5, 1), ds)))
    assert "better" in gained


def test_scores_ignore_what_is_not_a_rating(ds):
    pid = bank.used_in(ds, "form_a")[0]
    assert bank.trust_scores({pid: "x", "B99": 5, "": None}, ds)["trust_level"] is None
    assert bank.trust_scores({}, ds)["discernment"] is None
    assert "Rate every passage" in bank.change_in_words(bank.trust_scores({}, ds), bank.trust_scores({}, ds))[0]


@given(st.dictionaries(st.text(max_size=4) | st.sampled_from(["B01", "B10", "B24", "B42"]),
                       st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5), max_size=12))
def test_scoring_never_raises(ratings):
    from claimlab.core.dataset import load
    ds = load()
    score = bank.trust_scores(ratings, ds)
    for value in score.values():
        assert value is None or math.isfinite(value)
    bank.change_in_words(score, score)


def test_draws_are_reproducible_and_balanced(ds):
    assert bank.practice_draw(ds, "a", 4) == bank.practice_draw(ds, "a", 4)
    assert bank.form_items(ds, "pre", "a") == bank.form_items(ds, "pre", "a")
    assert sorted(bank.form_items(ds, "pre", "a")) == sorted(bank.used_in(ds, bank.forms_for("a")["pre"]))
    big = bank.practice_draw(ds, "a", 1000)
    assert sorted(big) == sorted(bank.used_in(ds, "practice"))
