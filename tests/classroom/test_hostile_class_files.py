"""Class results on hostile answers files (issue 27): a reveal before any try, a file of 60,000 made-up
question ids, a classmate's copied file exported later, and answers files cut short at every byte.

Learners' files are made by the real store and widgets (``AnswerStore``, ``exercises.check``,
``ExerciseBox``) and exported as learners export them; expected answers come from data/.
"""
from __future__ import annotations

import json
import shutil

import pytest

from claimlab import classroom
from claimlab.classroom import learning, reader, results
from claimlab.core import exercises, rubric, store
from claimlab.core.questions import common


def title(ds) -> str:
    return str(ds.article.meta["title"])


def key_answers(ds, claim_id: str) -> dict[str, str]:
    return {d["id"]: str(ds.key.loc[claim_id, d["id"]]) for d in ds.dimensions()}


def other_answers(ds, claim_id: str) -> dict[str, str]:
    """An answer to every rubric question that the key neither gives nor accepts as a near miss."""
    chosen = {}
    for dim in ds.dimensions():
        allowed = {str(ds.key.loc[claim_id, dim["id"]]), *rubric.accepted(ds.key.loc[claim_id], dim["id"])}
        chosen[dim["id"]] = next(str(o["id"]) for o in dim["options"] if str(o["id"]) not in allowed)
    return chosen


def choice_questions(ds) -> list[dict]:
    return [dict(q, id=qid) for qid, q in ds.exercises["questions"].items()
            if q["type"] == "choice" and not qid.startswith("lesson")]


def wrong_option(q: dict) -> str:
    return next(o["id"] for o in q["options"] if o["id"] != q["answer"])


def learner_store(tmp_path, name: str, ds) -> store.AnswerStore:
    return store.AnswerStore(tmp_path / name / "answers.json", article=title(ds))


# --------------------------------------------------------------------------- (a) a reveal before any try
def test_a_reveal_before_any_try_does_not_break_the_first_try_table_or_chart(ds, tmp_path, monkeypatch):
    """data/schemas now refuse ``reveal_after_tries: 0``, but such files exist (written under an older
    schema, or by ``exercises.reveal``, what Show the answer calls, before any Check)."""
    shown: list[str] = []
    import claimlab.charts.show
    monkeypatch.setattr(claimlab.charts.show, "_emit", lambda bundle, plain: shown.append(plain))
    first, second = choice_questions(ds)[:2]
    class_folder = tmp_path / "class"
    # learner 1 shows the answer to the first question before any try, and gets the second right
    one = learner_store(tmp_path, "one", ds)
    exercises.reveal(first["id"], ds=ds, answers=one)
    exercises.check(second["id"], second["answer"], ds=ds, answers=one)
    one.export(class_folder / "one.json")
    # learner 2 tries the first question (wrong, then right); learner 3 shows it, then tries it
    two = learner_store(tmp_path, "two", ds)
    exercises.check(first["id"], wrong_option(first), ds=ds, answers=two)
    exercises.check(first["id"], first["answer"], ds=ds, answers=two)
    two.export(class_folder / "two.json")
    three = learner_store(tmp_path, "three", ds)
    exercises.reveal(first["id"], ds=ds, answers=three)
    exercises.check(first["id"], first["answer"], ds=ds, answers=three)
    three.export(class_folder / "three.json")
    assert json.loads((class_folder / "one.json").read_text())["attempts"][first["id"]] == \
        {"tries": 0, "revealed": True, "revealed_after": 0}

    view = learning.ClassLearning(class_folder, ds=ds)
    table = view.first_try().set_index("question")
    assert table.loc[first["id"], "learners"] == 2  # tried by two; learner 1 only saw the answer
    assert table.loc[first["id"], "answer_shown"] == 2
    assert table.loc[first["id"], "first_try_right"] == 0.5
    assert table.loc[second["id"], "learners"] == 1 and table.loc[second["id"], "first_try_right"] == 1
    assert view.first_try_accuracy() == pytest.approx(2 / 3)
    assert set(view.first_try_figure().data[0].y) == {first["id"], second["id"]}
    view.chart("first_try")
    assert shown[0] == "[learning chart: first_try]", shown  # a chart, not "could not draw"
    assert not any("could not draw" in text for text in shown)


def test_a_question_only_ever_shown_is_listed_but_not_charted(ds, tmp_path, monkeypatch):
    shown: list[str] = []
    import claimlab.charts.show
    monkeypatch.setattr(claimlab.charts.show, "_emit", lambda bundle, plain: shown.append(plain))
    q = choice_questions(ds)[0]
    answers = learner_store(tmp_path, "one", ds)
    exercises.reveal(q["id"], ds=ds, answers=answers)
    answers.export(tmp_path / "class" / "one.json")
    view = learning.ClassLearning(tmp_path / "class", ds=ds)
    table = view.first_try()
    assert list(table["learners"]) == [0] and list(table["answer_shown"]) == [1]
    assert view.first_try_accuracy() is None
    view.chart("first_try")
    assert shown and "could not draw" not in shown[0]


# --------------------------------------------------------------------------- (b) 60,000 made-up question ids
PATTERNS = ("rrwr", "wrr", "rw")  # each learner's first tries at the first questions: right or wrong


def a_class(ds, tmp_path) -> tuple:
    """Three learners checking choice questions through the store; the folder and the questions."""
    folder = tmp_path / "class"
    questions = choice_questions(ds)[:4]
    for number, pattern in enumerate(PATTERNS, 1):
        answers = learner_store(tmp_path, f"learner{number}", ds)
        for q, right in zip(questions, pattern, strict=False):
            exercises.check(q["id"], q["answer"] if right == "r" else wrong_option(q), ds=ds, answers=answers)
        answers.export(folder / f"learner{number}.json")
    return folder, questions


def test_a_file_of_60000_made_up_question_ids_changes_nothing(ds, tmp_path):
    folder, questions = a_class(ds, tmp_path)
    before = learning.ClassLearning(folder, ds=ds)
    accuracy = before.first_try_accuracy()
    assert accuracy == pytest.approx("".join(PATTERNS).count("r") / len("".join(PATTERNS)))
    shot = {"status": "correct"}
    made_up = {f"x{number}": {"first": shot, "tries": 1} for number in range(60_000)}
    made_up.update({qid.upper(): {"first": shot, "tries": 1} for qid in learning.own_questions(ds)})
    hostile = {"format": store.FORMAT, "version": store.VERSION, "learner_id": "hostile", "article": title(ds),
               "ratings": {}, "exercises": {}, "attempts": made_up, "notes": {}}
    raw = json.dumps(hostile, separators=(",", ":"))
    assert len(raw) < reader.MAX_FILE_BYTES  # read, not skipped as too large
    (folder / "hostile.json").write_text(raw, encoding="utf-8")

    after = learning.ClassLearning(folder, ds=ds)
    assert len(after.results.learners) == 4  # the file is read...
    assert after.first_try_accuracy() == accuracy  # ...and its made-up questions count for nothing
    assert after.first_try().equals(before.first_try())
    assert set(after.first_try()["question"]) == {q["id"] for q in questions}
    figure = after.first_try_figure()
    assert len(figure.data[0].y) == len(questions)
    assert len(figure.to_json()) < 20_000
    assert figure.to_json() == before.first_try_figure().to_json()


# --------------------------------------------------------------------------- (c) a copied classmate's file
def test_a_classmates_copy_exported_later_never_replaces_the_learners_own_file(ds, tmp_path):
    first, second, third = (str(c) for c in ds.key.index[:3])
    folder = tmp_path / "class"
    ada = learner_store(tmp_path, "ada", ds)
    ada.save_rating(first, key_answers(ds, first), {})
    bob_path = tmp_path / "bob" / "answers.json"  # Bob copies Ada's answers file into his folder
    bob_path.parent.mkdir()
    shutil.copy(ada.path, bob_path)
    bob = store.AnswerStore(bob_path, article=title(ds))
    assert bob.learner_id == ada.learner_id
    ada.save_rating(second, key_answers(ds, second), {})  # Ada goes on, and hands in
    ada.export(folder / "ada.json")
    bob.save_rating(third, other_answers(ds, third), {})  # Bob goes on with the copy, and hands in later
    bob.export(folder / "bob.json")
    assert json.loads((folder / "bob.json").read_text())["exported"] > \
        json.loads((folder / "ada.json").read_text())["exported"]

    class_results = classroom.ClassResults(folder, ds=ds)
    assert sorted(learner.path.name for learner in class_results.learners) == ["ada.json", "bob.json"]
    assert class_results.skipped == []
    assert class_results._rated(first) == 2 and class_results._rated(second) == 1  # Ada's second rating counts
    assert class_results._rated(third) == 1
    notes = class_results.files()["note"]
    assert notes.str.contains("same learner id", regex=False).sum() == 2


def test_a_later_export_of_the_same_learner_and_article_replaces_the_earlier(ds, tmp_path):
    first, second = (str(c) for c in ds.key.index[:2])
    folder = tmp_path / "class"
    ada = learner_store(tmp_path, "ada", ds)
    ada.save_rating(first, other_answers(ds, first), {})
    q = choice_questions(ds)[0]
    exercises.check(q["id"], wrong_option(q), ds=ds, answers=ada)
    ada.export(folder / "monday.json")
    ada.save_rating(first, key_answers(ds, first), {})  # she changes her mind...
    ada.save_rating(second, key_answers(ds, second), {})
    exercises.check(q["id"], q["answer"], ds=ds, answers=ada)
    ada.export(folder / "tuesday.json")
    class_results = classroom.ClassResults(folder, ds=ds)
    assert [learner.path.name for learner in class_results.learners] == ["tuesday.json"]
    assert [item.reason for item in class_results.skipped] == [results.EARLIER_EXPORT]
    assert class_results.agreement().set_index("claim_id").loc[first, "right"].sum() == len(ds.dimensions())


def test_a_rating_reset_between_two_exports_still_makes_them_one_learner(ds, tmp_path):
    first, second = (str(c) for c in ds.key.index[:2])
    folder = tmp_path / "class"
    ada = learner_store(tmp_path, "ada", ds)
    ada.save_rating(first, other_answers(ds, first), {})
    ada.save_rating(second, key_answers(ds, second), {})
    ada.export(folder / "monday.json")
    ada.forget_rating(first)  # the rater's Reset: noted in the file, with its time
    ada.export(folder / "tuesday.json")
    class_results = classroom.ClassResults(folder, ds=ds)
    assert [learner.path.name for learner in class_results.learners] == ["tuesday.json"]
    assert class_results._rated(first) == 0 and class_results._rated(second) == 1


def test_an_exact_copy_with_a_later_export_date_counts_the_learners_own_answers_once(ds, tmp_path):
    first = str(ds.key.index[0])
    folder = tmp_path / "class"
    ada = learner_store(tmp_path, "ada", ds)
    ada.save_rating(first, key_answers(ds, first), {})
    ada.export(folder / "ada.json")
    copied = json.loads((folder / "ada.json").read_text(encoding="utf-8"))
    copied["exported"] = "2999-01-01T00:00:00+00:00"
    (folder / "copy.json").write_text(json.dumps(copied), encoding="utf-8")
    class_results = classroom.ClassResults(folder, ds=ds)
    assert len(class_results.learners) == 1
    assert class_results.learners[0].ratings == {first: key_answers(ds, first)}  # Ada's answers, once


def test_a_file_about_another_article_never_replaces_one_about_this_article(ds, tmp_path):
    first = str(ds.key.index[0])
    folder = tmp_path / "class"
    ada = learner_store(tmp_path, "ada", ds)
    ada.save_rating(first, key_answers(ds, first), {})
    ada.export(folder / "ada.json")
    other = json.loads((folder / "ada.json").read_text(encoding="utf-8"))
    other.update(article="Another article", exported="2999-01-01T00:00:00+00:00")
    other["ratings"][first]["answers"] = other_answers(ds, first)
    (folder / "other.json").write_text(json.dumps(other), encoding="utf-8")
    class_results = classroom.ClassResults(folder, ds=ds)
    assert [learner.path.name for learner in class_results.learners] == ["ada.json"]
    assert class_results.learners[0].ratings == {first: key_answers(ds, first)}
    # and where two files name no article, a blank one never stands in for this article's
    blank = dict(other, article="")
    (folder / "other.json").write_text(json.dumps(blank), encoding="utf-8")
    names = sorted(learner.path.name for learner in classroom.ClassResults(folder, ds=ds).learners)
    assert names == ["ada.json", "other.json"]


# --------------------------------------------------------------------------- (d) cut short at every byte
def real_answers_file(ds, tmp_path) -> bytes:
    answers = learner_store(tmp_path, "real", ds)
    claim_id = str(ds.key.index[0])
    answers.save_rating(claim_id, key_answers(ds, claim_id), {"who": "right"})
    q = choice_questions(ds)[0]
    exercises.check(q["id"], wrong_option(q), ds=ds, answers=answers)
    exercises.check(q["id"], q["answer"], ds=ds, answers=answers)
    answers.save_note("summary", "Check who counted — and how “they” know ✓")
    return answers.export(tmp_path / "export.json").read_bytes()


def test_a_cut_short_file_in_the_class_folder_is_reported_as_cut_short_at_every_byte(ds, tmp_path):
    raw = real_answers_file(ds, tmp_path)
    path = tmp_path / "class" / "cut.json"
    path.parent.mkdir()
    reasons: dict[str, int] = {}
    for cut in range(len(raw)):
        path.write_bytes(raw[:cut])
        result = reader.read_answers_file(path, ds)
        assert isinstance(result, reader.SkippedFile), cut
        reasons[result.reason] = reasons.get(result.reason, 0) + 1
    assert list(reasons) == [reader.CUT_SHORT], reasons  # never "not a Claim Lab answers file"


def test_the_store_recognises_its_file_cut_at_every_byte(ds, tmp_path):
    """Every prefix of a real answers file, and of one written with sorted keys (older versions), is ours."""
    raw = real_answers_file(ds, tmp_path)
    older = json.dumps(json.loads(raw), sort_keys=True, indent=1).encode()
    for written in (raw, older, b"\xef\xbb\xbf" + raw, json.dumps(json.loads(raw)).encode()):
        refused = [cut for cut in range(len(written)) if not store.disk.looks_ours(written[:cut])]
        assert refused == [], refused[:10]


def test_a_session_with_a_cut_short_file_moves_it_aside_and_keeps_saving(ds, tmp_path):
    """The real store on many cut points (the first 40 bytes, where the file says what it is, and every
    37th byte after): moved aside with a message, never refused, and the next Check is saved."""
    raw = real_answers_file(ds, tmp_path)
    q = choice_questions(ds)[0]
    cuts = [*range(40), *range(40, len(raw), 37)]
    for cut in cuts:
        path = tmp_path / f"cut{cut}" / "answers.json"
        path.parent.mkdir()
        path.write_bytes(raw[:cut])
        answers = store.AnswerStore(path, article=title(ds))
        assert not any("is not a Claim Lab answers file" in m for m in answers.messages), (cut, answers.messages)
        aside = list(path.parent.glob("answers.unreadable-*.json"))
        assert len(aside) == 1 and aside[0].read_bytes() == raw[:cut], cut
        feedback = exercises.check(q["id"], q["answer"], ds=ds, answers=answers)
        assert common.msg(ds, "not_saved") not in " ".join(feedback.lines), cut
        assert json.loads(path.read_text(encoding="utf-8"))["exercises"][q["id"]]["status"] == "correct"
