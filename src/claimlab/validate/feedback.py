"""Feedback that is true of its claim: every rubric text a learner can be shown, checked against the key.

For every claim of ``data/key.csv`` and every passage of ``data/bank.csv`` asked rubric questions, every
option of every question is judged as a learner might pick it: the key's answer shows its ``why_right``
(and the claim's note in ``data/key_notes.csv``), every other option its ``if_wrong``. Each text shown is
checked against ``feedback_facts`` in ``data/rubric.yaml``: a text that says "here the wording is plain"
may only be shown under a claim the key says is neutral. The texts themselves are linted: a variant
with no ``when`` is shown under any claim, so it may not make a claim-specific statement ("here ...").

Written for Claim Lab: no library judges feedback texts against a key. Used by ``python -m claimlab
validate`` (so a new article's module is checked too) and by tests/ui/test_feedback_fit.py.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from claimlab.core import rubric
from claimlab.core.dataset import Dataset
from claimlab.core.problems import Problem

__all__ = ["Shown", "shown_texts", "feedback_problems", "contradictions", "same_sentence_problems",
           "bank_option_problems"]

# Questions about the words around a claim, not the claim itself: two claims quoted from one sentence
# get the same answer and the same near misses, or one answer would be "not quite" and the other "near".
SENTENCE_QUESTIONS = ("who", "party", "attribution", "wording")

RUBRIC = "data/rubric.yaml"
HERE = re.compile(r"\bhere\b", re.IGNORECASE)


@dataclass(frozen=True)
class Shown:
    """One text a learner can be shown: where it is shown, which option and which key."""

    source: str        # data/key.csv or data/bank.csv
    row_id: str        # CL05, B12
    row: int           # the row as a spreadsheet shows it
    dimension: str
    option: str
    role: str          # if_wrong, why_right or note
    text: str
    key: Any           # the key row (a pandas Series)


def _bank_dimensions(ds: Dataset) -> list[str]:
    from claimlab.core.practice import bank_settings
    rubric_ids = {d["id"] for d in ds.rubric["dimensions"]}
    return [dim for dim, spec in bank_settings(ds).items()
            if dim in rubric_ids and not (isinstance(spec, dict) and spec.get("options"))]


def _rows(ds: Dataset) -> Iterator[tuple[str, str, int, Any, list[str]]]:
    dims = [d["id"] for d in ds.rubric["dimensions"]]
    for pos, (claim_id, row) in enumerate(ds.key.iterrows(), 2):
        yield "data/key.csv", str(claim_id), pos, row, dims
    bank_dims = _bank_dimensions(ds)
    if bank_dims:
        from claimlab.core import bank
        for pos, (pid, row) in enumerate(bank.passages(ds).iterrows(), 2):
            yield "data/bank.csv", str(pid), pos, row, [d for d in bank_dims if d in row.index]


def shown_texts(ds: Dataset) -> Iterator[Shown]:
    """Every rubric text a learner can be shown, with the claim or passage it is shown under."""
    by_id = {d["id"]: d for d in ds.rubric["dimensions"]}
    for source, row_id, pos, row, dims in _rows(ds):
        for dim_id in dims:
            dim = by_id[dim_id]
            expected = row.get(dim_id)
            if expected is None or pd.isna(expected):
                continue
            expected = str(expected)
            for option in dim["options"]:
                opt = str(option["id"])
                if opt == expected:
                    yield Shown(source, row_id, pos, dim_id, opt, "why_right", rubric.why_right(dim, opt, row), row)
                    if source == "data/key.csv":
                        note = rubric.note(ds, row_id, dim_id)
                        if note:
                            yield Shown("data/key_notes.csv", row_id, pos, dim_id, opt, "note", note, row)
                else:
                    note = rubric.note(ds, row_id, dim_id, opt) if source == "data/key.csv" else None
                    if note:
                        yield Shown("data/key_notes.csv", row_id, pos, dim_id, opt, "note", note, row)
                    else:
                        yield Shown(source, row_id, pos, dim_id, opt, "if_wrong", rubric.why_not(dim, opt, row), row)


def _values(row: Any, column: str) -> str | None:
    value = row.get(column) if hasattr(row, "get") else None
    try:
        missing = value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # a list-like cell
        missing = False
    return None if missing else str(value)


def contradictions(ds: Dataset) -> list[tuple[Shown, dict[str, Any], str]]:
    """(text shown, fact, why) for every text that says what its claim's key denies."""
    facts = ds.rubric.get("feedback_facts") or []
    found = []
    for item in shown_texts(ds):
        low = item.text.casefold()
        for fact in facts:
            if str(fact["says"]).casefold() not in low:
                continue
            for column, allowed in (fact.get("needs") or {}).items():
                value = _values(item.key, column)
                if value is not None and value not in {str(a) for a in allowed}:
                    found.append((item, fact, f"it is shown where {column} is '{value}', and it needs "
                                              f"{' or '.join(map(str, allowed))}"))
            for column, denied in (fact.get("denies") or {}).items():
                value = _values(item.key, column)
                if value is not None and value in {str(d) for d in denied}:
                    found.append((item, fact, f"it is shown where {column} is '{value}', which it denies"))
    return found


def _lint(ds: Dataset) -> list[Problem]:
    """Variants shown under any claim make no claim-specific statement; ``when`` names real columns."""
    problems = []
    columns = set(ds.key.columns)
    try:
        from claimlab.core import bank
        columns |= set(bank.passages(ds).columns)
    except Exception:  # no bank: the key's columns are all there is
        pass
    options = {d["id"]: {str(o["id"]) for o in d["options"]} for d in ds.rubric["dimensions"]}
    options["kind"] = set(ds.rubric.get("kinds", {}))
    for dim in ds.rubric["dimensions"]:
        for option in dim["options"]:
            for part in ("if_wrong", "why_right"):
                where = f"dimensions/{dim['id']}/options/{option['id']}/{part}"
                for n, variant in enumerate(rubric.variants(option.get(part)), 1):
                    when = variant["when"]
                    if not when and part == "if_wrong" and HERE.search(str(variant["text"])):
                        problems.append(Problem(RUBRIC, f"{where}, text {n}: it has no `when`, so it is shown under "
                                                         "any claim, yet it says 'here' about the claim; give it a "
                                                         "`when` or reword it to say only what the option means",
                                                column=part))
                    for column, wanted in when.items():
                        column = column or dim["id"]
                        if column not in columns:
                            problems.append(Problem(RUBRIC, f"{where}, text {n}: `when` names '{column}', which is "
                                                             "not a column of data/key.csv or data/bank.csv", column=part))
                        elif column in options:
                            unknown = [str(w) for w in (wanted if isinstance(wanted, list) else [wanted])
                                       if str(w) not in options[column]]
                            if unknown:
                                problems.append(Problem(RUBRIC, f"{where}, text {n}: `when` {column} lists "
                                                                 f"{', '.join(unknown)}, not among its answers "
                                                                 f"({', '.join(sorted(options[column]))})", column=part))
    return problems


def same_sentence_problems(ds: Dataset) -> list[Problem]:
    """Claims quoted from one sentence (one quote inside the other, same paragraph) share the answers
    and near misses of the questions about the sentence's words (SENTENCE_QUESTIONS)."""
    problems = []
    claims, key = ds.claims, ds.key
    ids = [i for i in claims.index if i in key.index]
    positions = {claim_id: pos for pos, claim_id in enumerate(key.index, 2)}
    for n, first in enumerate(ids):
        for second in ids[n + 1:]:
            if claims.loc[first, "paragraph"] != claims.loc[second, "paragraph"]:
                continue
            a, b = str(claims.loc[first, "quote"]), str(claims.loc[second, "quote"])
            if a not in b and b not in a:
                continue
            for dim in SENTENCE_QUESTIONS:
                for column in (dim, f"{dim}_accept"):
                    if column not in key.columns:
                        continue
                    one, other = (_values(key.loc[c], column) or "" for c in (first, second))
                    if sorted(one.split(";")) != sorted(other.split(";")):
                        problems.append(Problem("data/key.csv", f"{second} is quoted from the same sentence as "
                                                f"{first} but its {column} is '{other}' where {first}'s is '{one}'; "
                                                "questions about the sentence's words get the same answer for both",
                                                row=positions[second], column=column, row_id=second))
    return problems


def bank_option_problems(ds: Dataset) -> list[Problem]:
    """Every option of every question about every practice passage, checked once as a learner would pick
    it: each gives a verdict with its feedback, never "could not check" (a broken text or key)."""
    from claimlab.core import bank, exercises, practice
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for pid in bank.passages(ds).index:
        for qid in practice.question_ids(ds, str(pid)):
            question = practice.bank_question(ds, qid)
            for option in (question or {}).get("options", []):
                feedback = exercises.judge(qid, option["id"], ds)
                if feedback.status not in ("correct", "partial", "incorrect"):
                    dim = qid.rsplit(".", 1)[-1]
                    if (dim, str(option["id"])) in seen:
                        continue
                    seen.add((dim, str(option["id"])))
                    problems.append(Problem("data/exercises.yaml", f"at bank_questions/{dim}, option "
                                            f"'{option['id']}': a learner who picks it for {pid} is told "
                                            f"\"{' '.join(feedback.lines)[:200]}\"", column="bank_questions"))
    return problems


def feedback_problems(ds: Dataset) -> list[Problem]:
    """Missing feedback, texts that contradict their claim's key, and claim-specific words in shared texts."""
    problems = _lint(ds) + same_sentence_problems(ds) + bank_option_problems(ds)
    for item in shown_texts(ds):
        if item.role == "if_wrong" and not item.text:
            problems.append(Problem(RUBRIC, f"dimensions/{item.dimension}/options/{item.option}/if_wrong: no text "
                                            f"fits {item.row_id} of {item.source} (key: {item.dimension} = "
                                            f"{_values(item.key, item.dimension)}); add a variant, or one with no "
                                            "`when` that only says what the option means", column="if_wrong"))
    for item, fact, why in contradictions(ds):
        if item.role == "note":
            problems.append(Problem(item.source, f"the note says \"{fact['says']}\", but {why}",
                                    row_id=item.row_id, column="note"))
        else:
            problems.append(Problem(RUBRIC, f"dimensions/{item.dimension}/options/{item.option}/{item.role} says "
                                            f"\"{fact['says']}\" under {item.row_id} ({item.source}, row {item.row}), "
                                            f"but {why}", column=item.role))
    return problems
