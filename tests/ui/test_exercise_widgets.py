"""Exercise widgets (issue 14), driven through their Python API: every question answered without Python.

Expected answers come from data/exercises.yaml and data/bank.csv, never typed here.
"""
from __future__ import annotations

import re

import pytest

import claimlab
from claimlab.core import bank, references, store
from claimlab.core import exercises as engine
from claimlab.core.questions import common
from claimlab.core.text import escape, fmt_number
from claimlab.ui import widgets
from claimlab.ui.widgets.exercise_box import ExerciseBox
from claimlab.ui.widgets.practice_set import PracticeSet
from claimlab.ui.widgets.trust import TrustChange, TrustForm

TRACEBACK = re.compile(r"Traceback|File \".*\", line \d+")


@pytest.fixture
def st(tmp_path):
    return store.AnswerStore(tmp_path / "a.json")


def _questions(ds):
    return ds.exercises["questions"]


def _right(ds, q):
    kind = q["type"]
    if kind == "number":
        return fmt_number(references.expected_value(q["expected"], ds))  # as a learner types it: "9,300"
    if kind in ("text", "mislead"):
        return q["model_answer"]
    return q["answer"]


def _ids():
    return sorted(claimlab.load().exercises["questions"])


@pytest.mark.parametrize("qid", _ids())
def test_every_question_is_answered_with_widgets(qid, ds, st):
    q = _questions(ds)[qid]
    box = widgets.exercise(qid, store=st)
    assert box.last_error is None and box.kind == q["type"]
    assert box.value() is None
    assert box.check() is None and "Not answered yet" in box.feedback.value
    box.set_value(_right(ds, q))
    feedback = box.check()
    assert feedback is not None and feedback.correct, feedback
    messages = ds.exercises["messages"]
    wanted = messages["headline"]["correct"]
    assert escape(wanted) in box.feedback.value
    assert st.exercise(qid)["status"] == "correct"
    assert not TRACEBACK.search(repr(box) + box.feedback.value + box.status.value)


def test_the_number_box_accepts_a_thousands_comma_and_shows_the_unit(ds, st):
    qid = next(q for q, v in _questions(ds).items() if v["type"] == "number")
    q = _questions(ds)[qid]
    box = widgets.exercise(qid, store=st)
    assert q["unit"] in box.control.children[1].value
    value = references.expected_value(q["expected"], ds)
    box.answer.box.value = f"{value:,.4f}"
    assert box.check().correct


def test_order_and_match_use_one_menu_per_position_or_item(ds, st):
    for kind in ("order", "match"):
        qid = next(q for q, v in _questions(ds).items() if v["type"] == kind)
        q = _questions(ds)[qid]
        box = widgets.exercise(qid, store=st)
        assert len(box.answer.menus) == len(q["items"])
        first = next(iter(box.answer.menus.values()))
        assert first.options[0][1] is None  # "(choose)" first: nothing is pre-selected
        box.set_value(q["answer"])
        assert box.check().correct


def test_hints_come_one_at_a_time_from_data(ds, st):
    qid = next(q for q, v in _questions(ds).items() if len(v["hints"]) > 1)
    hints = _questions(ds)[qid]["hints"]
    box = widgets.exercise(qid, store=st)
    box.hint()
    assert box.hints.value.count("Hint:") == 1
    for _ in hints:
        box.hint()
    assert box.hints.value.count("Hint:") == len(hints)


def test_show_the_answer_appears_after_the_set_number_of_tries(ds, st):
    qid = next(q for q, v in _questions(ds).items() if v["type"] == "choice")
    q = _questions(ds)[qid]
    wrong = next(o["id"] for o in q["options"] if o["id"] != q["answer"] and o["id"] not in q.get("accept", []))
    after = int(ds.exercises["settings"]["reveal_after_tries"])
    box = widgets.exercise(qid, store=st)
    for _ in range(after):
        assert box.reveal_button.layout.display == "none"
        box.set_value(wrong)
        box.check()
    assert box.reveal_button.layout.display is None
    shown = box.reveal()
    label = common.label(ds, next(o for o in q["options"] if o["id"] == q["answer"]))
    assert label in shown.text and label in box.answer_box.value
    entry = engine.attempts(st)[qid]
    assert entry["revealed"] and entry["tries"] == after and entry["first"]["status"] == "incorrect"


def test_a_saved_answer_comes_back(ds, st):
    qid = next(q for q, v in _questions(ds).items() if v["type"] == "multi")
    q = _questions(ds)[qid]
    box = widgets.exercise(qid, store=st)
    box.set_value(q["answer"])
    box.check()
    again = widgets.exercise(qid, store=st)
    assert sorted(again.value()) == sorted(q["answer"])
    assert "claimlab-correct" in again.feedback.value


def test_make_it_mislead_shows_the_two_texts_side_by_side(ds, st):
    qid = next(q for q, v in _questions(ds).items() if v["type"] == "mislead")
    q = _questions(ds)[qid]
    box = widgets.exercise(qid, store=st)
    original = bank.passage(ds, q["passage"])
    assert original["url"] in box.children[0].value  # the passage, with its source
    box.set_value(q["model_answer"])
    box.check()
    assert "<table" in box.feedback.value
    assert ds.exercises["messages"]["mislead_original"] in box.feedback.value


def test_odd_question_ids_give_a_message(st):
    for qid in ("ex99.q1", "", "bank.b99.who", None):
        box = ExerciseBox(qid, store=st)
        assert box.kind is None and box.status.value
        assert not TRACEBACK.search(box.status.value)


# --------------------------------------------------------------------------- fresh passages
def test_practice_draws_unseen_passages_seeded_per_learner(ds, st, tmp_path):
    count = int(ds.exercises["settings"]["practice_passages"])
    first = PracticeSet(store=st, seed="learner-one")
    again = PracticeSet(store=st, seed="learner-one")
    assert first.passage_ids == again.passage_ids and len(first.passage_ids) == count
    pool = set(bank.used_in(ds, "practice"))
    assert set(first.passage_ids) <= pool
    draws = {tuple(PracticeSet(store=st, seed=f"learner-{n}").passage_ids) for n in range(8)}
    assert len(draws) > 1  # a class does not all see the same passages
    kinds = [bank.passage(ds, p)["well_sourced"] for p in first.passage_ids]
    assert abs(kinds.count("yes") - kinds.count("no")) <= 1
    assert len(first.boxes) == count * len(ds.exercises["bank_questions"])
    # the learner's own seed is made once and kept in the answers file
    mine = PracticeSet(store=st)
    assert st.note(bank.SEED_NOTE) == mine.seed and PracticeSet(store=st).passage_ids == mine.passage_ids


def test_a_practice_question_is_checked_against_the_bank(ds, st):
    practice = PracticeSet(store=st, seed="s")
    for box in practice.boxes:
        pid = box.q["passage"]
        dim = box.question_id.split(".")[-1]
        column = ds.exercises["bank_questions"][dim].get("column", dim)
        box.set_value(bank.passage(ds, pid)[column])
        assert box.check().correct


def test_practice_shows_one_passage_at_a_time_and_reopens_where_the_learner_was(ds, st):
    per_passage = len(ds.exercises["bank_questions"])
    practice = PracticeSet(store=st, seed="s")
    total = len(practice.passage_ids)
    assert practice.shown == 1 and len(practice._boxes) == per_passage
    assert practice.next_button in practice.children
    assert f"2 of {total}" in practice.next_button.description
    practice.next_button.click()
    assert practice.shown == 2 and len(practice._boxes) == 2 * per_passage
    # an answer to the second passage is saved: a new copy opens with both passages shown
    box = practice._boxes[per_passage]
    column = ds.exercises["bank_questions"][box.question_id.split(".")[-1]].get("column")
    box.set_value(bank.passage(ds, box.q["passage"])[column or box.question_id.split(".")[-1]])
    assert box.check() is not None
    again = PracticeSet(store=st, seed="s")
    assert again.shown == 2
    again.show_all()
    assert again.shown == total and again.next_button not in again.children
    again.next_passage()  # nothing more to show: no error, nothing added
    assert again.shown == total and not again.last_error
    assert str(total) in repr(PracticeSet(store=st, seed="other"))


# --------------------------------------------------------------------------- the pre/post measure
def test_the_two_trust_forms_are_parallel_and_counterbalanced(ds, st):
    orders = set()
    for n in range(20):
        seed = f"learner-{n}"
        pre, post = TrustForm("pre", store=st, seed=seed), TrustForm("post", store=st, seed=seed)
        assert pre.form != post.form and not set(pre.passage_ids) & set(post.passage_ids)
        orders.add((pre.form, post.form))
    assert orders == {("form_a", "form_b"), ("form_b", "form_a")}
    for form in bank.FORMS:
        rows = [bank.passage(ds, p) for p in bank.used_in(ds, form)]
        assert len(rows) >= 8
        assert sum(r["well_sourced"] == "yes" for r in rows) * 2 == len(rows)  # half and half


def test_trust_ratings_are_saved_and_the_change_is_shown(ds, st):
    pre = TrustForm("pre", store=st, seed="x")
    for scale in pre.scales.values():
        scale.value = 3
    assert pre.save()
    post = TrustForm("post", store=st, seed="x")
    for pid, scale in post.scales.items():
        scale.value = 5 if bank.passage(ds, pid)["well_sourced"] == "yes" else 1
    post.save()
    assert st.note("trust_post")["form"] == post.form
    change = TrustChange(store=st)
    assert change.scores["pre"]["discernment"] == 0 and change.scores["post"]["discernment"] == 4
    assert "better" in " ".join(change.lines)
    assert "well-sourced passages" in change.view.value
    again = TrustForm("pre", store=st, seed="x")
    assert again.ratings() == pre.ratings()  # ratings come back


def test_a_half_filled_form_says_so(st):
    form = TrustForm("pre", store=st, seed="y")
    next(iter(form.scales.values())).value = 2
    form.save()
    assert "still have no rating" in form.status.value


def test_the_facade_names(ds, st, monkeypatch):
    import IPython.display
    qid = next(q for q in _ids() if q.startswith("ex"))
    box = claimlab.exercise(qid, store=st)
    assert isinstance(box, ExerciseBox) and box.question_id == qid and box.store is st and box.last_error is None
    practice = claimlab.practice(2, store=st)
    assert isinstance(practice, PracticeSet) and len(practice.passage_ids) == 2
    assert set(practice.passage_ids) <= set(bank.used_in(ds, "practice"))
    form = claimlab.trust_form("post", store=st)
    assert isinstance(form, TrustForm) and form.stage == "post" and form.passage_ids
    assert isinstance(claimlab.trust_change(store=st), TrustChange)
    expert = engine.expert_answer(qid, ds=ds)
    assert repr(claimlab.expert_answer(qid)) == expert.text
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects, **kw: shown.extend(objects))
    assert repr(claimlab.exercise_with_answer(qid)) == expert.text
    assert [type(o) for o in shown] == [ExerciseBox] and shown[0].question_id == qid
    key = claimlab.bank_key("practice")
    assert key.ids == bank.used_in(ds, "practice") and all(pid in repr(key) for pid in key.ids)


def test_a_question_with_its_answer_shows_the_widget_then_the_answer_once(ds, monkeypatch):
    """What solutions/ show: the learner's widget, and under it the expert answer (the passage only once)."""
    import IPython.display
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    bank_qid = next(q for q, v in _questions(ds).items() if v.get("passage"))
    for qid in (next(iter(_questions(ds))), bank_qid):
        answer = widgets.exercise_with_answer(qid)
        (box,) = shown
        shown.clear()
        assert isinstance(box, ExerciseBox) and box.question_id == qid and box.last_error is None
        assert ds.exercises["messages"]["expert_answer"] in answer._repr_html_()
        assert answer.passage == ""  # the widget above shows the passage
        assert not TRACEBACK.search(answer._repr_html_())
    assert widgets.expert_answer(bank_qid).passage  # alone, the expert answer shows its passage
