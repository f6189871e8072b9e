"""Checks of the exercise keys in ``data/exercises.yaml`` that its JSON Schema cannot see.

What every question shares is checked here (its notebook, claims and placeholders); what depends on
the question's type (answers among the options, data references that compute, written answers
judged as the key's own examples say) is asked of the type (:meth:`QuestionType.key_problems`).
"""
from __future__ import annotations

from typing import Any

from claimlab.core import bank, practice, questions, text
from claimlab.core.dataset import Dataset
from claimlab.core.exercises import question_type
from claimlab.core.problems import Problem
from claimlab.core.questions import common
from claimlab.core.questions.common import EXERCISES_FILE, KeyProblem

FILLED_FIELDS = ("unit", "example", "limit", "question", "met", "total", "kind", "value", "label", "why", "given",
                 "different", "placed", "position", "number", "right", "answer", "hint", "known", "notebook",
                 "title", "checked", "correct", "partial", "incorrect", "unsure", "name", "part", "found", "item", "prompt", "example", "side", "figure", "counted",
                 "claimant", "figure")


def question_texts(q: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, text) for every learner-facing text of a question: what all share, then its type's own."""
    found = [("prompt", q.get("prompt", "")), ("explanation", q.get("explanation", ""))]
    found += [(f"hints[{i}]", h) for i, h in enumerate(q.get("hints", []))]
    kind = questions.get(q.get("type"))
    return found + (kind.texts(q) if kind else [])


def _question_problems(ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if q.get("notebook") not in (ds.exercises.get("notebooks") or {}):
        out.append(f"notebook '{q.get('notebook')}' is not listed under 'notebooks'")
    for claim_id in q.get("claims", []):
        if claim_id not in ds.claims.index:
            out.append(f"'{claim_id}' is not a claim_id in data/claims.csv")
    if q.get("passage") and q["passage"] not in bank.passages(ds).index:
        return out + [f"'{q['passage']}' is not a passage_id in {bank.BANK_FILE}"]
    try:
        kind = question_type(q)
    except KeyProblem as exc:
        return out + [str(exc)]
    for where, value in question_texts(q):
        try:
            text.render(str(value), ds)
        except text.TemplateError as exc:
            out.append(f"{where}: {exc}")
    for group in ("options", "items"):
        ids = [o.get("id") for o in q.get(group, []) or []]
        if len(set(ids)) != len(ids):
            out.append(f"two {group} have the same id")
    return out + kind.key_problems(ds, qid, q)


def _flat(value: Any, where: str) -> list[tuple[str, str]]:
    """(where, text) for every text of a (nested) messages entry."""
    if isinstance(value, dict):
        return [item for key, sub in value.items() for item in _flat(sub, f"{where}/{key}")]
    if isinstance(value, list):
        return [item for number, sub in enumerate(value) for item in _flat(sub, f"{where}[{number}]")]
    return [(where, str(value))]


def _message_problems(ds: Dataset) -> list[Problem]:
    problems = []
    for where, message in _flat(common.messages(ds), "messages"):
        filled = message
        for field_name in FILLED_FIELDS:
            filled = filled.replace("{" + field_name + "}", "x")
        try:
            text.render(filled, ds)
        except text.TemplateError as exc:
            problems.append(Problem(EXERCISES_FILE, f"at {where}: {exc}"))
    return problems


def key_problems(ds: Dataset) -> list[Problem]:
    """Everything wrong with data/exercises.yaml that its JSON Schema cannot see.

    Answers that are not among the options, data references that cannot be computed,
    placeholders that do not render, and written answers that are not judged as the key's own
    examples say.
    """
    problems = _message_problems(ds)
    for qid, q in common.questions(ds).items():
        try:
            found = _question_problems(ds, qid, q)
        except Exception as exc:  # an entry too broken to read; the schema names the details
            found = [f"could not be read ({exc.__class__.__name__}: {exc})"]
        problems += [Problem(EXERCISES_FILE, f"at questions/{qid}: {message}") for message in found]
    problems += [Problem(EXERCISES_FILE, message) for message in _bank_problems(ds)]
    return problems


def _bank_problems(ds: Dataset) -> list[str]:
    """Every bank passage can be asked every bank question: its keyed answer is among the options."""
    out: list[str] = []
    table = bank.passages(ds)
    for dim, spec in practice.bank_settings(ds).items():
        column = spec.get("column", dim)
        if column not in table.columns:
            return [f"at bank_questions/{dim}: {bank.BANK_FILE} has no column '{column}'"]
    for pid in table.index:
        for qid in practice.question_ids(ds, str(pid)):
            try:
                q = practice.bank_question(ds, qid)
            except KeyProblem as exc:
                return [*out, str(exc)]
            if q is not None and q["answer"] not in [o["id"] for o in q["options"]]:
                out.append(f"at bank_questions/{qid.split('.')[-1]}: {bank.BANK_FILE}, row {pid}: the answer "
                           f"'{q['answer']}' is not one of the options")
    return out
