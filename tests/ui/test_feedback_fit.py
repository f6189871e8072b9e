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


def test_every_text_a_learner_can_be_shown_fits_its_claim(ds):
    """Every option of every question, under every claim and practice passage: a text exists, and none
    says what the key denies (data/rubric.yaml feedback_facts), and no shared text speaks of 'here'."""
    from claimlab.validate.feedback import feedback_problems, shown_texts
    shown = list(shown_texts(ds))
    assert {s.source for s in shown} >= {"data/key.csv", "data/bank.csv"}
    problems = feedback_problems(ds)
    assert not problems, "\n".join(map(str, problems[:20]))


def test_the_facts_are_exercised(ds):
    """Each fact in feedback_facts matches at least one text that is shown, so none is dead."""
    from claimlab.validate.feedback import shown_texts
    texts = [s.text.casefold() for s in shown_texts(ds)]
    unused = [f["says"] for f in ds.rubric["feedback_facts"] if not any(f["says"].casefold() in t for t in texts)]
    assert len(unused) <= len(ds.rubric["feedback_facts"]) // 3, unused


def _edit_rubric(root, edit):
    import yaml
    path = root / "data" / "rubric.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _problems(root):
    """What loading an edited copy reports (the validator runs because the data changed)."""
    import claimlab
    from claimlab.core.problems import DataError
    with pytest.raises(DataError) as caught:
        claimlab.load(root)
    return [str(p) for p in caught.value.problems]


def _option(data, dim_id, option_id):
    dim = next(d for d in data["dimensions"] if d["id"] == dim_id)
    return next(o for o in dim["options"] if str(o["id"]) == option_id)


def test_a_text_shown_under_a_claim_it_contradicts_is_named(data_copy):
    """The v2 bug: 'here the wording is plain' for Neutral, shown where the key says loaded."""
    import claimlab

    def edit(data):
        _option(data, "wording", "neutral")["if_wrong"] = "Look again; here the wording is plain."
    _edit_rubric(data_copy, edit)
    found = _problems(data_copy)
    loaded = list(claimlab.load().key.query("wording != 'neutral'").index)
    assert loaded
    assert any("dimensions/wording/options/neutral" in p and "here" in p and "data/rubric.yaml" in p for p in found)
    assert any(f"under {loaded[0]} " in p and "wording is" in p for p in found), found[:5]


def test_a_when_on_an_unknown_column_or_answer_is_named(data_copy):
    def edit(data):
        _option(data, "who", "ukrainian_official")["if_wrong"].insert(
            0, {"when": {"colour": ["red"], "who": ["martian"]}, "text": "Here it is odd."})
    _edit_rubric(data_copy, edit)
    found = _problems(data_copy)
    assert any("'colour'" in p and "not a column" in p for p in found), found
    assert any("martian" in p and "not among its answers" in p for p in found), found


def test_an_option_with_no_text_for_a_claim_is_named(data_copy):
    def edit(data):
        _option(data, "framing", "range")["if_wrong"] = [{"when": {"framing": ["no_number"]}, "text": "Here no."}]
    _edit_rubric(data_copy, edit)
    found = _problems(data_copy)
    assert any("framing/options/range/if_wrong: no text fits" in p for p in found), found[:3]


def test_the_three_spellings_of_if_wrong_read_alike(ds):
    """One sentence, a map by the key's answer, or variants: the same choice of text."""
    from claimlab.core import rubric
    dim = {"id": "hedge", "options": [{"id": "yes"}, {"id": "no"}]}
    spellings = ["Because.", {"no": "Because.", "other": "Other."},
                 [{"when": {"hedge": ["no"]}, "text": "Because."}, {"text": "Other."}]]
    for spelling in spellings:
        dim["options"][0]["if_wrong"] = spelling
        assert rubric.why_not(dim, "yes", {"hedge": "no"}) == "Because."
        assert rubric.why_not(dim, "yes", "no") == "Because."


def test_a_near_miss_says_why_the_chosen_option_falls_short(ds):
    seen = 0
    for claim_id, dim, option, result in all_feedback(ds):
        if result.verdict == "near":
            seen += 1
            why = rubric.note(ds, claim_id, dim["id"], option["id"]) or rubric.why_not(dim, option["id"], ds.key.loc[claim_id])
            assert why in result.feedback
    assert seen, "the key has no near misses at all"


def test_no_feedback_says_a_sentence_twice(ds):
    import re as _re
    for claim_id, _dim, _option, result in all_feedback(ds):
        said = [s.strip().casefold() for s in _re.split(r"(?<=[.!?])\s+", result.feedback) if s.strip()]
        assert len(said) == len(set(said)), (claim_id, result.feedback)


def test_practice_feedback_fits_its_passage(ds):
    """A wrong answer on a practice passage: the option's text is chosen by that passage's key, and the
    passage's own reason comes with the last question after any answer."""
    from claimlab.core import bank, exercises, practice
    table = bank.passages(ds)
    dims = list(practice.bank_settings(ds))
    for pid in list(table.index)[:12]:
        for dim in dims:
            qid = f"{practice.BANK_PREFIX}{pid.lower()}.{dim}"
            q = practice.bank_question(ds, qid)
            wrong = next(o["id"] for o in q["options"] if o["id"] != q["answer"])
            feedback = exercises.check(qid, wrong, ds=ds, save=False)
            if dim == dims[-1]:
                assert practice.plain(table.loc[pid, "rationale"])[:60] in " ".join(feedback.lines), (pid, dim)
            else:
                assert practice.plain(table.loc[pid, "rationale"])[:60] not in " ".join(feedback.lines), (pid, dim)


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
    """A plain count in a paragraph that has "more than" before another number (a sentence with several
    numbers): a learner who chose "more than" is never told the words are not there, only that they
    are not this number's."""
    beside = [claim_id for claim_id in claims_where(ds, framing="exact")
              if "more than" in ds.article.paragraphs[int(ds.claims.loc[claim_id, "paragraph"])].casefold()]
    assert beside, "no plain count shares a paragraph with a \"more than\": the case this test is about is gone"
    for claim_id in beside:
        feedback = rubric.judge(claim_id, {"framing": "more_than"}, ds, ["framing"]).results[0].feedback
        for sentence in re.split(r"(?<=[.!?])\s+", feedback.replace("\u201c", '"').replace("\u201d", '"')):
            said = sentence.casefold()
            if re.search(r'\bno "more than"|"more than" must be|not in the (?:text|sentence|quote)', said):
                assert "this number" in said or "its own" in said, (claim_id, sentence)


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
