"""Feedback fits the claim it is shown under (issue 12): every option of every question explains why
it falls short of the key's answer, for every claim; no doubled labels; claim-specific cases read right.

Expected answers are read from data/key.csv, never typed here.
"""
from __future__ import annotations

import re

import pytest

from claimlab.core import rubric

DOUBLED = re.compile(r"\b(\w+): \1:|\b(\w+)\. \2:")


_CACHE: dict[int, list] = {}


def all_feedback(ds):
    """(claim, dimension, option, result) for every option of every question of every claim."""
    if id(ds) not in _CACHE:  # one judgement per claim and option position covers every option
        dims = ds.rubric["dimensions"]
        found = []
        for claim_id in ds.key.index:
            for k in range(max(len(d["options"]) for d in dims)):
                answers = {d["id"]: d["options"][k]["id"] for d in dims if k < len(d["options"])}
                judged = {r.dimension: r for r in rubric.judge(claim_id, answers, ds).results}
                found += [(claim_id, d, d["options"][k], judged[d["id"]]) for d in dims if k < len(d["options"])]
        _CACHE[id(ds)] = found
    return _CACHE[id(ds)]


def test_every_option_explains_why_it_falls_short_for_every_claim(ds):
    missing = []
    for claim_id, dim, option, result in all_feedback(ds):
        if result.verdict in ("near", "wrong") and not rubric.why_not(dim, option["id"], result.expected):
            missing.append(f"{claim_id} {dim['id']}={option['id']} (key: {result.expected})")
    assert not missing, ("data/rubric.yaml: these options have no if_wrong text for the key's answer "
                         "(add one, or an 'other' entry):\n" + "\n".join(missing))


def test_a_near_miss_says_why_the_chosen_option_falls_short(ds):
    seen = 0
    for _claim, dim, option, result in all_feedback(ds):
        if result.verdict == "near":
            seen += 1
            assert rubric.why_not(dim, option["id"], result.expected) in result.feedback
    assert seen, "the key has no near misses at all"


def test_no_feedback_repeats_a_label(ds):
    doubled = [f"{c} {d['id']}={o['id']}: {r.feedback}" for c, d, o, r in all_feedback(ds) if DOUBLED.search(r.feedback)]
    assert not doubled, "\n".join(doubled[:5])


def claims_where(ds, **answers):
    frame = ds.key
    for column, value in answers.items():
        frame = frame[frame[column].astype(str) == value]
    return list(frame.index)


def test_party_no_under_a_figure_with_no_claimant_does_not_talk_of_officials(ds):
    unnamed = claims_where(ds, who="no_one_named")
    assert unnamed, "the key has no claim with no one named"
    for claim_id in unnamed:
        feedback = rubric.judge(claim_id, {"party": "no"}, ds, ["party"]).results[0].feedback
        assert "official" not in feedback.casefold(), (claim_id, feedback)


def test_more_than_under_a_plain_count_does_not_deny_the_words_are_there(ds):
    for claim_id in claims_where(ds, framing="exact"):
        quote = str(ds.claims.loc[claim_id, "quote"]).casefold()
        feedback = rubric.judge(claim_id, {"framing": "more_than"}, ds, ["framing"]).results[0].feedback
        if "more than" in quote:
            assert "must be in the text" not in feedback, (claim_id, feedback)


@pytest.mark.parametrize("verdict", ["near", "wrong"])
def test_feedback_names_the_chosen_option_and_the_key(ds, verdict):
    for _claim, _dim, option, result in all_feedback(ds):
        if result.verdict == verdict:
            assert str(option["label"]) in result.feedback and result.expected_label in result.feedback


def test_sources_cited_are_only_rows_linked_to_the_claim(ds):
    from claimlab.ui.widgets.card import sources_html
    for claim_id in ds.key.index:
        linked = set(ds.links_for(claim_id)["figure_id"])
        shown = set(re.findall(r"<b>([A-Z]\d\d)</b>", sources_html(ds, claim_id)))
        assert shown <= linked, f"{claim_id}: {sorted(shown - linked)} are not linked to it in data/claim_links.csv"


def test_quiz_feedback_never_asks_the_learner_to_type_code(ds, tmp_path):
    """In a lesson, hints are a button: the feedback never says to run cl.hint(...)."""
    from claimlab.core import store as answer_store
    from claimlab.ui.widgets.exercise_box import ExerciseBox as QuizBox

    store = answer_store.AnswerStore(tmp_path / "answers.json")
    lesson = [qid for qid, q in ds.exercises["questions"].items()
              if str(q.get("notebook", "")).startswith("lesson") and q["type"] == "choice"]
    assert lesson, "no lesson quiz question in data/exercises.yaml"
    for qid in lesson:
        box = QuizBox(qid, store=store)
        for _label, value in box.control.options:
            box.control.value = value
            box.check(save=False)
            assert "cl.hint" not in box.feedback.value and "cl." not in box.feedback.value, box.feedback.value
        box.hint_button.click()
        assert "Hint" in box.hints.value
