"""Checks of the exercise keys in ``data/exercises.yaml``: answers among the options, data references
that compute, free-text rules that accept and reject their own examples.
"""
from __future__ import annotations

import re
from typing import Any

from claimlab.core import bank, text
from claimlab.core.dataset import Dataset
from claimlab.core.exercises import (
    EXERCISES_FILE,
    KeyProblem,
    _bank_question,
    _messages,
    _questions,
    _regex,
    bank_question_ids,
    expected_value,
    mislead_verdict,
    text_verdict,
)
from claimlab.core.problems import Problem


def _texts(q: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, text) for every learner-facing text of a question."""
    found = [("prompt", q.get("prompt", "")), ("explanation", q.get("explanation", ""))]
    found += [(f"hints[{i}]", h) for i, h in enumerate(q.get("hints", []))]
    for group in ("options", "items"):
        for option in q.get(group, []) or []:
            for part in ("label", "feedback", "missing"):
                if option.get(part):
                    found.append((f"{group}/{option.get('id')}/{part}", option[part]))
    found += [(f"safeguards/{r.get('id')}/{part}", r.get(part, "")) for r in q.get("safeguards", []) or []
              for part in ("label", "why")]
    for part in ("too_low", "too_high", "model_answer"):
        if q.get(part):
            found.append((part, q[part]))
    found += [(f"traps[{i}]/message", t.get("message", "")) for i, t in enumerate(q.get("traps", []) or [])]
    for kind in ("require", "forbid"):
        found += [(f"rules/{kind}[{i}]/message", r.get("message", ""))
                  for i, r in enumerate((q.get("rules") or {}).get(kind, []) or [])]
    return found


def _question_problems(ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if q.get("notebook") not in (ds.exercises.get("notebooks") or {}):
        out.append(f"notebook '{q.get('notebook')}' is not listed under 'notebooks'")
    for claim_id in q.get("claims", []):
        if claim_id not in ds.claims.index:
            out.append(f"'{claim_id}' is not a claim_id in data/claims.csv")
    for where, value in _texts(q):
        try:
            text.render(str(value), ds)
        except text.TemplateError as exc:
            out.append(f"{where}: {exc}")
    kind = q.get("type")
    option_ids = [o["id"] for o in q.get("options", []) or []]
    item_ids = [i["id"] for i in q.get("items", []) or []]
    for group, ids in (("options", option_ids), ("items", item_ids)):
        if len(set(ids)) != len(ids):
            out.append(f"two {group} have the same id")
    if kind == "choice":
        for answer in [q.get("answer"), *q.get("accept", [])]:
            if answer not in option_ids:
                out.append(f"answer '{answer}' is not one of the options ({', '.join(option_ids)})")
    elif kind == "multi":
        for answer in q.get("answer", []):
            if answer not in option_ids:
                out.append(f"answer '{answer}' is not one of the options ({', '.join(option_ids)})")
    elif kind == "order":
        if sorted(q.get("answer", [])) != sorted(item_ids):
            out.append("the answer must list every item id exactly once")
    elif kind == "match":
        answer = q.get("answer", {})
        if sorted(answer) != sorted(item_ids):
            out.append("the answer must give an option for every item id, and only those")
        for value in answer.values():
            if value not in option_ids:
                out.append(f"'{value}' in the answer is not one of the options ({', '.join(option_ids)})")
    elif kind == "number":
        refs = [("expected", q.get("expected"))] + [(f"traps[{i}]", t.get("expected"))
                                                    for i, t in enumerate(q.get("traps", []) or [])]
        for where, ref in refs:
            try:
                expected_value(ref, ds)
            except KeyProblem as exc:
                out.append(f"{where}: {exc}")
            for ident in _reference_ids(ref):
                if ident in ds.figures.index and not bool(ds.figures.loc[ident, "teachable"]):
                    out.append(f"{where}: {ident} is marked UNVERIFIED in the reference data and must not be taught")
    table = bank.passages(ds)
    passage_ids = [q["passage"]] if q.get("passage") else []
    keep = (q.get("rules") or {}).get("keep_figure")
    passage_ids += [keep["passage"]] if keep else []
    for pid in passage_ids:
        if pid not in table.index:
            out.append(f"'{pid}' is not a passage_id in {bank.BANK_FILE}")
            return out
    if kind == "mislead":
        original = table.loc[q["passage"], "passage"]
        for rule in q.get("safeguards", []):
            try:
                if not _regex(rule["pattern"]).search(original):
                    out.append(f"safeguards/{rule['id']}: the pattern does not match the passage itself, "
                               "so there is nothing to drop")
            except re.error as exc:
                out.append(f"safeguards/{rule['id']}: the pattern is not a valid regular expression ({exc})")
                return out
        lost, kept, figure = mislead_verdict(ds, q, original)
        if not figure:
            out.append("the passage has no figure to keep")
        examples = q.get("examples") or {}
        for sample in examples.get("accept", []):
            lost, kept, figure = mislead_verdict(ds, q, sample)
            if kept or not figure:
                out.append(f"the example {sample[:50]!r}... under accept is not judged right")
        for sample in examples.get("reject", []):
            lost, kept, figure = mislead_verdict(ds, q, sample)
            if figure and not kept:
                out.append(f"the example {sample[:50]!r}... under reject is judged right")
    elif kind == "text":
        rules = q.get("rules") or {}
        for group in ("require", "forbid"):
            for i, rule in enumerate(rules.get(group, []) or []):
                try:
                    _regex(rule["pattern"])
                except re.error as exc:
                    out.append(f"rules/{group}[{i}]: the pattern is not a valid regular expression ({exc})")
                    return out
        examples = q.get("examples") or {}
        for sample in examples.get("accept", []):
            missing, forbidden, _, _ = text_verdict(ds, q, sample)
            if missing or forbidden:
                out.append(f"the example {sample[:50]!r}... under accept fails the rules: {(missing + forbidden)[0]}")
        for sample in examples.get("reject", []):
            missing, forbidden, _, _ = text_verdict(ds, q, sample)
            if not (missing or forbidden):
                out.append(f"the example {sample[:50]!r}... under reject passes every rule")
    return out


def _reference_ids(ref: Any) -> list[str]:
    if not isinstance(ref, dict):
        return []
    found: list[str] = []
    for value in ref.values():
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found += [str(v) for v in value]
        elif isinstance(value, dict):
            found += [str(v) for k, v in value.items() if k in ("claim", "figure")]
    return found


def key_problems(ds: Dataset) -> list[Problem]:
    """Everything wrong with data/exercises.yaml that its JSON Schema cannot see.

    Answers that are not among the options, data references that cannot be computed,
    placeholders that do not render, patterns that are not valid regular expressions, and
    text examples that the rules do not treat as the file says.
    """
    problems = []
    for name, value in (_messages(ds) or {}).items():
        for part, message in (value.items() if isinstance(value, dict) else [(None, value)]):
            filled = str(message)
            for field_name in ("unit", "example", "limit", "question", "met", "total"):
                filled = filled.replace("{" + field_name + "}", "x")
            try:
                text.render(filled, ds)
            except text.TemplateError as exc:
                problems.append(Problem(EXERCISES_FILE, f"at messages/{name}{'/' + part if part else ''}: {exc}"))
    for qid, q in _questions(ds).items():
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
    specs = ds.exercises.get("bank_questions") or {}
    for dim, spec in specs.items():
        column = spec.get("column", dim)
        if column not in table.columns:
            out.append(f"at bank_questions/{dim}: {bank.BANK_FILE} has no column '{column}'")
            return out
    for pid in table.index:
        for qid in bank_question_ids(ds, str(pid)):
            try:
                q = _bank_question(ds, qid)
            except KeyProblem as exc:
                out.append(str(exc))
                return out
            if q is None:
                continue
            if q["answer"] not in [o["id"] for o in q["options"]]:
                out.append(f"at bank_questions/{qid.split('.')[-1]}: {bank.BANK_FILE}, row {pid}: the answer "
                           f"'{q['answer']}' is not one of the options")
    return out
