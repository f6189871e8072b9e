"""Questions about the passages of data/bank.csv (ids like ``bank.b05.who``), made from the bank's key.

Rubric questions (who, party, method ...) take their options and feedback from data/rubric.yaml and
their answer from the bank column of the same name; other questions (``well_sourced``) give their own
options in ``bank_questions`` of data/exercises.yaml. Change an answer by editing data/bank.csv.
"""
from __future__ import annotations

from typing import Any

from claimlab.core import bank, rubric
from claimlab.core.dataset import Dataset
from claimlab.core.questions.common import KeyProblem

BANK_PREFIX = "bank."

__all__ = ["BANK_PREFIX", "bank_settings", "question_ids", "bank_question", "plain"]


def plain(value: Any) -> str:
    """Bank text shown as it is: braces cannot be read as placeholders."""
    return str(value).replace("{", "(").replace("}", ")")


def bank_settings(ds: Dataset) -> dict[str, Any]:
    value = ds.exercises.get("bank_questions") or {}
    return value if isinstance(value, dict) else {}


def question_ids(ds: Dataset, passage_id: str) -> list[str]:
    """The question ids asked about one bank passage, like ``bank.b05.who``."""
    return [f"{BANK_PREFIX}{passage_id.lower()}.{dim}" for dim in bank_settings(ds)]


def bank_question(ds: Dataset, qid: str) -> dict[str, Any] | None:
    """A choice question about one bank passage, built from data/bank.csv and data/rubric.yaml."""
    parts = qid.split(".")
    if len(parts) != 3 or parts[0] + "." != BANK_PREFIX:
        return None
    pid, dim = parts[1].upper(), parts[2]
    spec = bank_settings(ds).get(dim)
    table = bank.passages(ds)
    if spec is None or pid not in table.index:
        return None
    row = table.loc[pid]
    answer = str(row[spec.get("column", dim)])
    if spec.get("options"):
        # an option may give its reasons by the passage's key, as the rubric's do (if_wrong variants)
        options = [{"id": str(o["id"]), "label": str(o["label"]),
                    "feedback": rubric.pick(o["if_wrong"], dim, row) if o.get("if_wrong") else o.get("feedback", ""),
                    "why_right": o.get("why_right", "")} for o in spec["options"]]
    else:
        rubric_dim = next((d for d in ds.dimensions() if d["id"] == dim), None)
        if rubric_dim is None:
            raise KeyProblem(f"bank_questions/{dim}: '{dim}' is not a question of data/rubric.yaml")
        options = [{"id": str(o["id"]), "label": str(o["label"]),
                    "why_right": rubric.why_right(rubric_dim, str(o["id"]), row),
                    "feedback": rubric.why_not(rubric_dim, str(o["id"]), row)} for o in rubric_dim["options"]]
    reason = plain(row["rationale"])
    for option in options:
        if option["id"] == answer and option.get("why_right"):
            option["feedback"] = option["why_right"]
    # The passage's rationale explains all its answers, so it comes with the last question about the
    # passage only (given with the first, it would answer the ones after it), after any answer: a wrong
    # one needs the passage's own reason most.
    last = list(bank_settings(ds))[-1] == dim
    explanation = " ".join(part for part in (reason if last else "", spec.get("explain", "")) if part)
    hints = [spec["hint"]] if spec.get("hint") else []
    question = {"type": "choice", "notebook": "bank", "prompt": spec["prompt"], "options": options,
                "answer": answer, "hints": hints, "passage": pid, "explanation": explanation}
    if last and reason:
        question["reason"] = reason
    return question
