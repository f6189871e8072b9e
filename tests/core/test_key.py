"""The expert key (data/key.csv, data/key_notes.csv) against the rubric and the article.

Besides completeness, two of the module's rules are checked here:

* same standard for both sides: claims of one kind get the same party, method and
  hedge answers whichever side makes them, and Admiralty grades at most one step apart,
  unless both were checked against sources outside their side (``checked_against``), when
  the information grade and caveat follow the evidence; and checked to the same depth;
* truth: explanations type no number of their own; figures come through placeholders
  ({value:E02}) or are printed in the claim's own paragraph.
"""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import pandas as pd
import pytest

import claimlab
from claimlab.core import rubric, text
from claimlab.validate import depth

ROOT = Path(__file__).resolve().parents[2]
DS = claimlab.load(ROOT)


@pytest.fixture(scope="module")
def ds():
    return DS


def _split(value) -> list[str]:
    if value is None or pd.isna(value):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _dims(ds) -> dict[str, list[str]]:
    return {d["id"]: [str(o["id"]) for o in d["options"]] for d in ds.rubric["dimensions"]}


def _paragraph(ds, claim_id: str) -> str:
    return ds.article.paragraphs[int(ds.claims.loc[claim_id, "paragraph"])]


ABBREVIATIONS = ("Aug", "Sept", "Sep", "Col", "Gen", "Lt", "St", "Mr", "Ms", "Dr", "No", "U.S", "e.g", "i.e", "vs")


def sentences(value: str) -> list[str]:
    """Split at ". " (or ! ?) before a capital or digit, but not after "Aug." or "Gen."."""
    parts = re.split(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]*[A-Z0-9])", value.strip())
    out: list[str] = []
    for part in parts:
        if out and re.search(rf"\b(?:{'|'.join(re.escape(a) for a in ABBREVIATIONS)})\.$", out[-1]):
            out[-1] += " " + part  # "Aug. 6" is not the end of a sentence
        else:
            out.append(part)
    return [p for p in out if p.strip()]


# --------------------------------------------------------------------------- completeness
def test_every_claim_has_a_complete_key_row(ds):
    dims = _dims(ds)
    missing = sorted(set(ds.claims.index) - set(ds.key.index))
    assert not missing, f"claims without a key row in data/key.csv: {missing}"
    for claim_id in ds.claims.index:
        row = ds.key.loc[claim_id]
        for dim_id, options in dims.items():
            answer = row[dim_id]
            assert not pd.isna(answer), f"{claim_id}: no answer for '{dim_id}'"
            assert str(answer) in options, f"{claim_id}: '{answer}' is not an option of '{dim_id}' ({options})"
        assert row["kind"] in ds.rubric["kinds"], f"{claim_id}: kind '{row['kind']}' is not in rubric.yaml"


def test_key_has_no_rows_for_unknown_claims(ds):
    assert set(ds.key.index) <= set(ds.claims.index)


def test_near_misses_are_valid_and_differ_from_the_answer(ds):
    for claim_id, row in ds.key.iterrows():
        for dim_id, options in _dims(ds).items():
            near = _split(row.get(f"{dim_id}_accept"))
            assert len(near) == len(set(near)), f"{claim_id} {dim_id}_accept lists an option twice"
            for option in near:
                assert option in options, f"{claim_id} {dim_id}_accept: '{option}' is not an option"
                assert option != str(row[dim_id]), f"{claim_id} {dim_id}_accept repeats the answer '{option}'"


@pytest.mark.parametrize("claim_id", DS.claim_ids())
def test_rationale_renders_in_two_to_four_sentences(ds, claim_id):
    raw = ds.key.loc[claim_id, "rationale"]
    assert not pd.isna(raw) and str(raw).strip(), f"{claim_id} has no rationale"
    rendered = text.render(str(raw), ds)
    count = len(sentences(rendered))
    assert 2 <= count <= 4, f"{claim_id}: the rationale has {count} sentences (2 to 4 wanted): {rendered}"


def test_sentence_counter_is_not_fooled_by_abbreviations():
    assert len(sentences("It began on Aug. 6 in Kursk. Col. Gen. Syrskyi said so. Then “Yes.” Done!")) == 4


def test_key_notes_point_at_real_claims_and_dimensions_and_render(ds):
    dims = _dims(ds)
    for row in ds.key_notes.itertuples():
        assert row.claim_id in ds.key.index, f"key_notes.csv: unknown claim {row.claim_id}"
        assert row.dimension in dims, f"key_notes.csv: unknown dimension {row.dimension} ({row.claim_id})"
        assert text.render(str(row.note), ds).strip()
    pairs = list(zip(ds.key_notes["claim_id"], ds.key_notes["dimension"], ds.key_notes["shown_for"]))
    assert len(pairs) == len(set(pairs)), "key_notes.csv has two notes for one claim, dimension and option"


def test_a_note_for_an_option_replaces_its_general_text(ds):
    """A note with shown_for <option> is what a learner who picks that option reads (e.g. why a near miss)."""
    rows = ds.key_notes[ds.key_notes["shown_for"] != "key"]
    assert not rows.empty, "data/key_notes.csv has no note for a chosen option"
    for row in rows.itertuples():
        result = rubric.judge(row.claim_id, {row.dimension: row.shown_for}, ds, [row.dimension]).results[0]
        assert text.render(str(row.note), ds) in result.feedback


def test_the_keys_own_answers_score_all_right(ds):
    for claim_id, row in ds.key.iterrows():
        judgement = rubric.judge(claim_id, {d: row[d] for d in _dims(ds)}, ds)
        assert judgement.counts["right"] == len(_dims(ds)), claim_id


# --------------------------------------------------------------------------- false alarms are scored
def test_some_claims_are_well_supported_so_false_alarms_count(ds):
    supported = ds.key.index[ds.key["credibility"].astype(str).isin(["1", "2"])]
    assert len(supported) >= 3, ("the key needs well-supported claims (credibility 1 or 2), "
                                 "or doubting everything would score perfectly")
    doubtful = ds.key.index[ds.key["credibility"].astype(str).isin(["4", "5", "6"])]
    assert len(doubtful) >= 1


# --------------------------------------------------------------------------- same standard for both sides
SAME = ("party", "method", "hedge")
SCALES = ("reliability", "credibility")


def _kinds_with_both_sides(ds) -> list[str]:
    joined = ds.key.join(ds.claims[["claimant_side"]])
    out = []
    for kind, group in joined.groupby("kind"):
        if {"ukraine", "russia"} <= set(group["claimant_side"]):
            out.append(kind)
    return sorted(out)


def test_there_are_kinds_with_claims_from_both_sides(ds):
    assert len(_kinds_with_both_sides(ds)) >= 3


@pytest.mark.parametrize("kind", _kinds_with_both_sides(DS))
def test_same_standard_for_both_sides(ds, kind):
    joined = ds.key.join(ds.claims[["claimant_side"]])
    group = joined[(joined["kind"] == kind) & joined["claimant_side"].isin(["ukraine", "russia"])]
    scales = {d["id"]: [str(o["id"]) for o in d["options"]] for d in ds.rubric["dimensions"]}
    for (a, row_a), (b, row_b) in itertools.combinations(group.iterrows(), 2):
        if row_a["claimant_side"] == row_b["claimant_side"]:
            continue
        if _checked_outside(ds, a) and _checked_outside(ds, b):
            # both were researched against sources outside their side: the grades follow the evidence,
            # which may differ; the source grade and how the claimant could know still may not
            assert row_a["party"] == row_b["party"] and row_a["method"] == row_b["method"], (a, b)
            steps = abs(scales["reliability"].index(str(row_a["reliability"]))
                        - scales["reliability"].index(str(row_b["reliability"])))
            assert steps <= 1, (f"kind '{kind}': reliability {row_a['reliability']} for {a} and "
                                f"{row_b['reliability']} for {b} are more than one step apart")
            continue
        for dim in SAME:
            assert row_a[dim] == row_b[dim], (
                f"kind '{kind}': {a} ({row_a['claimant_side']}) has {dim}={row_a[dim]} but "
                f"{b} ({row_b['claimant_side']}) has {dim}={row_b[dim]}")
        for dim in SCALES:
            steps = abs(scales[dim].index(str(row_a[dim])) - scales[dim].index(str(row_b[dim])))
            assert steps <= 1, (f"kind '{kind}': {dim} {row_a[dim]} for {a} and {row_b[dim]} for {b} "
                                "are more than one step apart")


def _checked_outside(ds, claim_id: str) -> bool:
    """Was the claim checked against at least one reference row from outside the claimant's side?"""
    ids, _ = depth.parse_checked(ds.key.loc[claim_id, "checked_against"])
    return bool(depth.outside_rows(ds, claim_id, ids))


def test_comparable_claims_checked_to_the_same_depth(ds):
    assert depth.depth_problems(ds) == []
    assert depth.checked_problems(ds) == []


def test_grades_that_differ_between_sides_rest_on_outside_checks(ds):
    """CL21 and CL33 are the same kind of claim and get different grades: both were checked."""
    assert ds.key.loc["CL21", "kind"] == ds.key.loc["CL33", "kind"]
    if ds.key.loc["CL21", "credibility"] != ds.key.loc["CL33", "credibility"]:
        assert _checked_outside(ds, "CL21") and _checked_outside(ds, "CL33")
        for claim_id in ("CL21", "CL33"):
            ids, _ = depth.parse_checked(ds.key.loc[claim_id, "checked_against"])
            cited = depth.cited_ids(ds.key.loc[claim_id, "rationale"], set(ds.figures.index))
            assert cited & set(depth.outside_rows(ds, claim_id, ids)), f"{claim_id}: the rationale cites no outside check"


def test_syrskyi_and_the_defence_ministry_figures_are_judged_alike(ds):
    syrskyi, ministry = ds.key.loc["CL15"], ds.key.loc["CL25"]
    assert ds.claims.loc["CL15", "claimant_side"] != ds.claims.loc["CL25", "claimant_side"]
    assert syrskyi["kind"] == ministry["kind"]
    for dim in SAME:
        assert syrskyi[dim] == ministry[dim], dim
    for dim in SCALES:
        assert syrskyi[dim] == ministry[dim], dim


# --------------------------------------------------------------------------- truth rule
def _stray_numbers(value: str, paragraph: str, ids: set[str]) -> list[str]:
    """Tokens with digits that are neither placeholders, nor ids, nor printed in the paragraph."""
    printed = {n.replace(",", "") for n in re.findall(r"\d[\d,]*\d|\d", paragraph)}
    without_placeholders = re.sub(r"\{[^{}]*\}", " ", value)
    stray = []
    for token in re.findall(r"[A-Za-z]*\d[\w,.]*", without_placeholders):
        token = token.rstrip(".,")
        if token in ids:
            continue  # a citation such as (E02) or CL15
        numbers = [n.replace(",", "") for n in re.findall(r"\d[\d,]*\d|\d", token)]
        if not all(n in printed for n in numbers):
            stray.append(token)
    return stray


def test_rationales_type_no_numbers_of_their_own(ds):
    ids = set(ds.figures.index) | set(ds.claims.index)
    problems = {}
    for claim_id, row in ds.key.iterrows():
        stray = _stray_numbers(str(row["rationale"]), _paragraph(ds, claim_id), ids)
        if stray:
            problems[claim_id] = stray
    assert not problems, f"numbers typed into data/key.csv rationales (use placeholders): {problems}"


def test_notes_type_no_numbers_of_their_own(ds):
    ids = set(ds.figures.index) | set(ds.claims.index)
    problems = {}
    for row in ds.key_notes.itertuples():
        stray = _stray_numbers(str(row.note), _paragraph(ds, row.claim_id), ids)
        if stray:
            problems[f"{row.claim_id}/{row.dimension}"] = stray
    assert not problems, f"numbers typed into data/key_notes.csv (use placeholders): {problems}"


def test_truth_rule_check_catches_a_typed_number():
    paragraph = "An estimated 180,000 people have been evacuated on Aug. 6."
    assert _stray_numbers("It said 180,000 on Aug. 6 (E02), see {value:E03}.", paragraph, {"E02"}) == []
    assert _stray_numbers("Officials later said 121,000.", paragraph, {"E02"}) == ["121,000"]


# --------------------------------------------------------------------------- the rubric's own helpers
@pytest.mark.parametrize("dim, typed, expected", [
    ("who", "Russian official", "russian_official"),
    ("who", "a russian official", "russian_official"),
    ("who", "outlet’s own voice", "outlet_voice"),
    ("who", "  The outlet's own voice. ", "outlet_voice"),
    ("who", "no_one_named", "no_one_named"),
    ("reliability", "a", "A"),
    ("reliability", "B – usually reliable", "B"),
    ("credibility", 6, "6"),
    ("hedge", True, "yes"),
    ("who", "nonsense", None),
    ("who", "", None),
    ("who", float("nan"), None),
])
def test_normalise_accepts_what_a_learner_might_type(ds, dim, typed, expected):
    assert rubric.normalise(ds, dim, typed) == expected


def test_headline_counts_are_pluralised(ds):
    key = ds.key.loc["CL25"]
    answers = {d: key[d] for d in _dims(ds)}
    near = next(d for d in _dims(ds) if _split(key.get(f"{d}_accept")))
    one = rubric.judge("CL25", dict(answers, **{near: _split(key[f"{near}_accept"])[0]}), ds).headline
    assert "1 near miss," in one and "near misses" not in one
    assert "0 near misses" in rubric.judge("CL25", answers, ds).headline
