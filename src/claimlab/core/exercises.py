"""Check a learner's exercise answer and explain what is right, what is missing and why.

The answer keys live in ``data/exercises.yaml`` (and, for the practice passages, in data/bank.csv);
nothing here holds an answer, and nothing here knows one question type from another: each type's
module in :mod:`claimlab.core.questions` judges its answers. ``check`` never raises: any answer, of any
type or size, gets a plain-English message. Every answer checked is saved, and every attempt counted,
in the learner's answers file (:mod:`claimlab.core.store`).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimlab.core import practice, questions, store
from claimlab.core.dataset import Dataset, load
from claimlab.core.feedback import ANSWERED, JUDGED, STATUSES, Feedback, Progress
from claimlab.core.problems import DataError
from claimlab.core.questions import common
from claimlab.core.questions.common import EXERCISES_FILE, KeyProblem

__all__ = ["check", "reveal", "hint", "question", "expert_answer", "exercise_progress", "get_question",
           "question_type", "attempts", "settings", "Feedback", "Progress", "KeyProblem", "STATUSES",
           "ANSWERED", "JUDGED", "EXERCISES_FILE"]

settings = common.settings


def get_question(ds: Dataset, qid: str) -> dict[str, Any] | None:
    """A question of data/exercises.yaml, or one generated from a bank passage (``bank.b05.who``)."""
    q = common.questions(ds).get(qid)
    if q is None and qid.startswith(practice.BANK_PREFIX):
        q = practice.bank_question(ds, qid)
    return q


def question_type(q: dict[str, Any]) -> questions.QuestionType:
    """The registered type of a question (a KeyProblem if the key names an unknown type)."""
    found = questions.get(q.get("type"))
    if found is None:
        raise KeyProblem(f"question type {q.get('type')!r} is not one Claim Lab knows "
                         f"({', '.join(sorted(questions.TYPES))})")
    return found


def _unknown(ds: Dataset, qid: str) -> Feedback:
    ids = list(common.questions(ds))
    prefix = qid.split(".")[0]
    same = [i for i in ids if i.split(".")[0] == prefix] or ids
    return Feedback(qid, "unknown_question", common.headline(ds, "unknown_question"),
                    (common.msg(ds, "unknown_question", value=common.describe(qid), known=", ".join(same)),))


def judge(qid: str, answer: Any, ds: Dataset) -> Feedback:
    """The feedback on one answer, without saving it."""
    q = get_question(ds, qid)
    if q is None:
        return _unknown(ds, qid)
    kind = question_type(q)
    if common.is_missing(answer):
        result = questions.Result("unanswered", (common.msg(ds, "unanswered"), *kind.unanswered_lines(ds, q)))
    else:
        result = kind.check(ds, q, answer)
    lines = list(result.lines)
    if result.status == "correct" and str(q.get("explanation", "")).strip():
        lines.append(common.fill(str(q["explanation"]), ds))
    elif result.status in ("partial", "incorrect"):
        if str(q.get("reason", "")).strip():  # a passage's own reason, shown after a wrong answer too
            lines.append(common.fill(str(q["reason"]), ds))
        lines.append(common.msg(ds, "try_again", question=qid))
    headline = result.headline or common.headline(ds, result.status)
    return Feedback(qid, result.status, headline, tuple(line for line in lines if line), result.compare,
                    result.checklist)


def _record(feedback: Feedback, answer: Any, answers: store.AnswerStore | None = None) -> Feedback:
    """Save the answer and count the attempt; add a line if it could not be saved. Never replaces an
    answer with a blank."""
    try:
        answers = answers or store.current()
        if feedback.status == "unanswered" and answers.exercise(feedback.question_id):
            return feedback
        saved = answers.save_exercise(feedback.question_id, answer, feedback.status)
        if feedback.status in ANSWERED:
            saved = answers.record_attempt(feedback.question_id, answer, feedback.status) and saved
        if saved:
            return feedback
        reason = answers.messages[-1] if answers.messages else ""
    except Exception as exc:  # the store never raises by design; belt and braces
        reason = f"{exc.__class__.__name__}: {exc}"
    return Feedback(feedback.question_id, feedback.status, feedback.headline,
                    (*feedback.lines, f"{common.msg(load(), 'not_saved')}. {reason}".strip()),
                    feedback.compare, feedback.checklist)


def attempts(answers: store.AnswerStore | None = None) -> dict[str, dict[str, Any]]:
    """Every question's attempts: {question id: {"first": {...}, "last": {...}, "tries": n, "revealed": ...}}."""
    try:
        return (answers or store.current()).attempts()
    except Exception:
        return {}


def check(question_id: str, answer: Any = Ellipsis, *, ds: Dataset | None = None,
          answers: store.AnswerStore | None = None, save: bool = True) -> Feedback:
    """Check a learner's answer to one question and save it. Never raises.

    ``question_id`` is an id from data/exercises.yaml, like ``"ex01.q1"``; ``answer`` is the
    learner's value (``...`` means not answered yet). Returns a :class:`Feedback`.
    ``answers`` is the answers file to save to (default: this session's); ``save=False``
    only judges (used to show feedback on an answer restored from the file).
    """
    qid = common.question_id(question_id)
    answer = store.bounded_answer(answer)  # a million-item answer costs no more to check or echo than a small one
    try:
        data = ds or load()
        feedback = judge(qid, answer, data)
    except DataError as exc:
        feedback = Feedback(qid, "not_checked", "Claim Lab could not check this answer.",
                            ("The data files have a problem; tell your instructor:", *map(str, exc.problems[:5])))
    except KeyProblem as exc:
        feedback = Feedback(qid, "not_checked", "Claim Lab could not check this answer.",
                            (f"The answer key for this question in {EXERCISES_FILE} has a problem; "
                             f"tell your instructor: {exc}",))
    except Exception as exc:  # last resort: a learner never sees a traceback
        feedback = Feedback(qid, "invalid", "Claim Lab could not read this answer.",
                            (f"Something in this answer could not be checked ({exc.__class__.__name__}).",))
    return _record(feedback, answer, answers) if save else feedback


def _about_question(question_id: str, ds: Dataset | None, what: str,
                    make: Callable[[Dataset, str, dict[str, Any]], Feedback]) -> Feedback:
    """Show something about one question (its form, its hints, its answer). Never raises."""
    qid = common.question_id(question_id)
    try:
        data = ds or load()
        q = get_question(data, qid)
        if q is None:
            return _unknown(data, qid)
        return make(data, qid, q)
    except (DataError, KeyProblem) as exc:
        return Feedback(qid, "not_checked", f"Claim Lab could not show {what}.", (str(exc)[:500],))
    except Exception as exc:
        return Feedback(qid, "invalid", f"Claim Lab could not show {what}.", (exc.__class__.__name__,))


def question(question_id: str, *, ds: Dataset | None = None) -> Feedback:
    """A question from data/exercises.yaml: its prompt, options and the form of the answer. Never raises."""
    return _about_question(question_id, ds, "this question", lambda data, qid, q: Feedback(
        qid, "question", common.fill(str(q["prompt"]), data), tuple(question_type(q).answer_form(data, q))))


def hint(question_id: str, *, ds: Dataset | None = None) -> Feedback:
    """The question and its hints, from data/exercises.yaml. Never raises."""
    def make(data: Dataset, qid: str, q: dict[str, Any]) -> Feedback:
        lines = [common.msg(data, "question_line", prompt=common.fill(str(q["prompt"]), data))]
        lines += [common.msg(data, "hint_line", hint=common.fill(str(h), data)) for h in q.get("hints", [])]
        return Feedback(qid, "hint", common.msg(data, "hints_title"), tuple(lines))
    return _about_question(question_id, ds, "the hints", make)


def expert_answer(question_id: str, *, ds: Dataset | None = None) -> Feedback:
    """The key's answer and its reasoning, rendered from data (what solutions/ show). Never raises."""
    def make(data: Dataset, qid: str, q: dict[str, Any]) -> Feedback:
        why = str(q.get("explanation", "")).strip() or next(  # a bank question: its right option's reason
            (str(o.get("why_right") or o.get("feedback", "")) for o in q.get("options", []) if o["id"] == q["answer"]),
            "")
        lines = (f"{common.msg(data, 'expert_answer')} {question_type(q).expert_words(data, q)}",
                 f"{common.msg(data, 'expert_why')} {common.fill(why, data)}")
        return Feedback(qid, "correct", common.fill(str(q["prompt"]), data), lines)
    return _about_question(question_id, ds, "the answer", make)


def reveal(question_id: str, *, ds: Dataset | None = None, answers: store.AnswerStore | None = None) -> Feedback:
    """Show a learner the key's answer (the "Show the answer" button) and note that it was shown."""
    feedback = expert_answer(question_id, ds=ds)
    if feedback.status == "correct":
        try:
            (answers or store.current()).record_reveal(feedback.question_id)
        except Exception:
            pass
    return feedback


def _practice_note(ds: Dataset, answers: store.AnswerStore) -> list[str]:
    """One line on the practice passages' questions (bank.*), which the table of questions leaves out."""
    checked = [entry for qid, entry in answers.exercises().items()
               if str(qid).startswith(practice.BANK_PREFIX) and entry.get("status") in ANSWERED]
    if not checked:
        return []
    right = sum(entry.get("status") == "correct" for entry in checked)
    return [common.msg(ds, "practice_progress_one" if len(checked) == 1 else "practice_progress",
                       checked=len(checked), right=right)]


def exercise_progress(notebook: str | None = None, *, ds: Dataset | None = None) -> Progress:
    """Each question (of one notebook, e.g. ``"ex01"``, or all) with the status of the saved answer."""
    try:
        data = ds or load()
        answers = store.current()
        wanted = None if notebook is None else common.question_id(notebook).split(".")[0]
        rows = []
        for qid, q in common.questions(data).items():
            if wanted and q.get("notebook") != wanted:
                continue
            saved = answers.exercise(qid) or {}
            status = saved.get("status") if saved.get("status") in STATUSES else "not checked yet"
            rows.append((qid, common.fill(str(q.get("prompt", "")), data), status))
        title = common.msg(data, "progress_title")
        words = tuple(common.status_words(data).items())
        summary = str(common.messages(data).get("progress_summary", "{checked}/{total}"))
        headers = tuple(str(h) for h in common.messages(data).get("progress_headers") or ()) or Progress.headers
        if wanted:
            info = data.exercises.get("notebooks", {}).get(wanted)
            title = common.msg(data, "progress_in", notebook=wanted, title=info["title"] if info else "")
            if not rows:
                known = ", ".join(data.exercises.get("notebooks", {}))
                return Progress((), title, (common.msg(data, "no_questions_for", value=common.describe(notebook),
                                                       known=known),), words, headers, summary)
        notes = tuple(answers.messages[-1:]) if not answers.writable else ()
        if wanted is None or wanted == settings(data).get("practice_notebook"):
            notes = (*_practice_note(data, answers), *notes)
        return Progress(tuple(rows), title, notes, words, headers, summary)
    except Exception as exc:
        return Progress((), "Exercise progress", (f"Claim Lab could not read the progress ({exc.__class__.__name__}).",))
