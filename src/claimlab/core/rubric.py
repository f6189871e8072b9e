"""Scoring a learner's sourcing judgement against the expert key.

Everything a learner reads comes from ``data/rubric.yaml`` (questions, option labels,
general explanations) and ``data/key.csv`` / ``data/key_notes.csv`` (the expert answer,
near misses, claim-specific notes and the rationale). Nothing here raises on a
learner's input: an empty, unknown or odd answer gets a verdict and a message.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from claimlab.core import text
from claimlab.core.dataset import Dataset, load

__all__ = ["DimensionResult", "Judgement", "dimensions", "option_label", "normalise", "judge", "agreement", "why_not", "why_right", "variants", "fits", "pick", "message",
           "sentences", "accepted", "note"]

VERDICTS = ("right", "near", "wrong", "unanswered")


@dataclass
class DimensionResult:
    dimension: str
    question: str
    given: str | None
    given_label: str | None
    expected: str
    expected_label: str
    accepted: list[str]
    verdict: str  # right | near | wrong | unanswered
    feedback: str


@dataclass
class Judgement:
    claim_id: str
    results: list[DimensionResult]
    rationale: str
    headline: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def answered(self) -> int:
        return sum(r.verdict != "unanswered" for r in self.results)

    @property
    def complete(self) -> bool:
        return self.answered == len(self.results)

    def verdicts(self) -> dict[str, str]:
        return {r.dimension: r.verdict for r in self.results}



def dimensions(ds: Dataset | None = None) -> list[dict[str, Any]]:
    """The rubric's dimensions, in order, as written in data/rubric.yaml."""
    return (ds or load()).rubric["dimensions"]


def _dimension(ds: Dataset, dim_id: str) -> dict[str, Any]:
    for dim in ds.rubric["dimensions"]:
        if dim["id"] == dim_id:
            return dim
    raise KeyError(dim_id)


def option_label(ds: Dataset, dim_id: str, option_id: str | None) -> str | None:
    """The learner-facing label of an option ("A Russian official"), or None if there is none."""
    if option_id is None:
        return None
    for option in _dimension(ds, dim_id)["options"]:
        if option["id"] == option_id:
            return option["label"]
    return None


_ARTICLE_RE = re.compile(r"^(?:a|an|the)\s+")
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _comparable(value: str) -> str:
    """Case, curly quotes, dashes, spacing and a final full stop do not matter."""
    return " ".join(value.translate(_TYPOGRAPHY).casefold().split()).rstrip(".").strip()


def normalise(ds: Dataset, dim_id: str, answer: Any) -> str | None:
    """Map what a learner gave to an option id, or None.

    Accepts an option id or label in any case, with or without a leading "a", "an" or
    "the" ("Russian official" -> ``russian_official``), and booleans for yes/no questions.
    """
    if answer is None:
        return None
    try:
        if isinstance(answer, float) and answer != answer:  # NaN
            return None
        if isinstance(answer, bool):
            answer = "yes" if answer else "no"
        value = _comparable(str(answer))
    except Exception:  # an object whose str() fails
        return None
    if not value:
        return None
    options = _dimension(ds, dim_id)["options"]
    for option in options:
        if value in (_comparable(str(option["id"])), _comparable(str(option["label"]))):
            return option["id"]
    bare = _ARTICLE_RE.sub("", value)
    for option in options:
        if bare and bare == _ARTICLE_RE.sub("", _comparable(str(option["label"]))):
            return option["id"]
    return None


def variants(value: Any) -> list[dict[str, Any]]:
    """An option's ``if_wrong`` or ``why_right`` as a list of ``{"when": {column: [values]}, "text": ...}``.

    Three spellings are read: one sentence (shown for every claim); a mapping from the key's answer to
    the sentence that fits it (``other``: the rest); or a list of variants, each with the key values it
    needs (``when``, any column of the key) and the text it may then assert. A variant with no ``when``
    is shown under any key, so it may say nothing about the claim (validate/feedback.py checks).
    """
    if value is None:
        return []
    if isinstance(value, str):
        return [{"when": {}, "text": value}]
    if isinstance(value, dict):
        found = [{"when": {"": [str(k)]}, "text": v} for k, v in value.items() if str(k) != "other"]
        return found + ([{"when": {}, "text": value["other"]}] if "other" in value else [])
    return [{"when": dict(v.get("when") or {}), "text": v.get("text", "")} for v in value if isinstance(v, dict)]


def fits(when: dict[str, Any], row: Any, dim_id: str) -> bool:
    """Whether a key row (a claim of data/key.csv or a bank passage) has every value ``when`` needs.

    The column ``""`` is the question's own; a column the row lacks is never met."""
    for column, wanted in when.items():
        column = column or dim_id
        try:
            value = row.get(column) if hasattr(row, "get") else None
        except Exception:
            value = None
        if value is None or (isinstance(value, float) and value != value):
            return False
        allowed = wanted if isinstance(wanted, (list, tuple)) else [wanted]
        if str(value) not in {str(a) for a in allowed}:
            return False
    return True


def _row(dim_id: str, key: Any) -> Any:
    return {dim_id: key} if isinstance(key, str) else key


def pick(value: Any, dim_id: str, key: Any) -> str:
    """The first variant of ``value`` whose ``when`` the key row meets ('' if none does)."""
    row = _row(dim_id, key)
    for variant in variants(value):
        if fits(variant["when"], row, dim_id):
            return " ".join(str(variant["text"]).split())
    return ""


def why_not(dim: dict[str, Any], given: str, key: Any) -> str:
    """Why option ``given`` falls short of the key for one claim or passage (rubric.yaml ``if_wrong``).

    ``key`` is the claim's key row (any mapping of column to value: data/key.csv, data/bank.csv) or,
    for a question judged on its own, the key's answer alone."""
    option = next((o for o in dim["options"] if o["id"] == given), {})
    return pick(option.get("if_wrong"), dim["id"], key)


def why_right(dim: dict[str, Any], expected: str, key: Any) -> str:
    """Why the key's answer fits this claim (rubric.yaml ``why_right``, by variant like ``if_wrong``)."""
    option = next((o for o in dim["options"] if o["id"] == expected), {})
    return pick(option.get("why_right"), dim["id"], key)


def message(ds: Dataset, name: str, **fields: Any) -> str:
    """One of the rubric's own sentences (rubric.yaml ``messages``), filled in."""
    value = str((ds.rubric.get("messages") or {}).get(name, name))
    for field_name, filled in fields.items():
        value = value.replace("{" + field_name + "}", str(filled))
    return value


def sentences(*parts: str) -> str:
    """Join feedback parts, leaving out a sentence already said (a note may repeat the general reason)."""
    seen: set[str] = set()
    out: list[str] = []
    for part in parts:
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(str(part or "").split())):
            bare = _comparable(sentence)
            if sentence and bare not in seen:
                seen.add(bare)
                out.append(sentence)
    return " ".join(out)


def note(ds: Dataset, claim_id: str, dim_id: str, shown_for: str = "key") -> str | None:
    """The key's claim-specific note for one rubric question (data/key_notes.csv), filled in, or None.

    ``shown_for`` is ``key`` (the note shown with the key's answer) or an option id (the note shown when
    the learner picks that option, e.g. why a near miss is near)."""
    key = ("note", claim_id, dim_id, shown_for)
    if key not in ds.memo:
        notes = ds.key_notes
        chosen = notes["shown_for"] if "shown_for" in notes.columns else pd.Series("key", index=notes.index)
        match = notes[(notes["claim_id"] == claim_id) & (notes["dimension"] == dim_id) & (chosen == shown_for)]
        ds.memo[key] = None if match.empty else text.render(str(match.iloc[0]["note"]), ds)
    return ds.memo[key]


def accepted(row: pd.Series, dim_id: str) -> list[str]:
    """The near misses the key accepts for one rubric question of one claim (``<question>_accept``)."""
    raw = row.get(f"{dim_id}_accept")
    if raw is None or pd.isna(raw):
        return []
    return [part.strip() for part in str(raw).split(";") if part.strip()]


def judge(claim_id: str, answers: dict[str, Any] | None, ds: Dataset | None = None,
          dimensions: list[str] | None = None) -> Judgement:
    """Compare ``answers`` ({dimension id: option id or label}) with the key for one claim.

    ``dimensions`` limits the judgement to some rubric questions (default: all of them).
    """
    ds = ds or load()
    if claim_id not in ds.key.index:
        raise KeyError(f"{claim_id!r} is not a claim in data/key.csv")
    answers = answers if isinstance(answers, dict) else {}
    row = ds.key.loc[claim_id]
    verdict_words = ds.rubric["verdicts"]
    results: list[DimensionResult] = []
    for dim in [d for d in ds.rubric["dimensions"] if dimensions is None or d["id"] in dimensions]:
        dim_id = dim["id"]
        expected = str(row[dim_id])
        near = accepted(row, dim_id)
        expected_label = option_label(ds, dim_id, expected) or expected
        raw = answers.get(dim_id)
        given = normalise(ds, dim_id, raw)
        given_label = option_label(ds, dim_id, given)
        why = note(ds, claim_id, dim_id) or why_right(dim, expected, row)
        if given is None:
            verdict = "unanswered"
            blank = raw is None or (isinstance(raw, str) and not raw.strip())
            feedback = sentences(verdict_words["unanswered"], message(ds, "choose") if blank else
                                 message(ds, "not_an_option", value=str(raw)[:40]))
        elif given == expected:
            verdict = "right"
            feedback = sentences(verdict_words["right"], message(ds, "right", expected=expected_label), why)
        elif given in near:
            verdict = "near"
            feedback = sentences(verdict_words["near"], message(ds, "near", given=given_label, expected=expected_label),
                                 note(ds, claim_id, dim_id, given) or why_not(dim, given, row), why)
        else:
            verdict = "wrong"
            feedback = sentences(verdict_words["wrong"], message(ds, "wrong", given=given_label),
                                 note(ds, claim_id, dim_id, given) or why_not(dim, given, row),
                                 message(ds, "key_says", expected=expected_label), why)
        results.append(DimensionResult(
            dimension=dim_id, question=dim["question"], given=given, given_label=given_label, expected=expected,
            expected_label=expected_label, accepted=near, verdict=verdict, feedback=feedback))
    counts = {v: sum(r.verdict == v for r in results) for v in VERDICTS}
    answered = len(results) - counts["unanswered"]
    if answered == 0:
        headline = message(ds, "nothing_yet")
    else:
        headline = message(ds, "tally", right=counts["right"], near=counts["near"], wrong=counts["wrong"],
                           near_word=message(ds, "near_one" if counts["near"] == 1 else "near_many"),
                           total=len(results),
                           unanswered=message(ds, "tally_unanswered", n=counts["unanswered"])
                           if counts["unanswered"] else "")
    rationale = text.render(str(row["rationale"]), ds)
    return Judgement(claim_id=claim_id, results=results, rationale=rationale, headline=headline, counts=counts)


def agreement(ratings: dict[str, dict[str, Any]], ds: Dataset | None = None) -> pd.DataFrame:
    """One row per judged claim and dimension: the verdict of the learner's saved answer."""
    ds = ds or load()
    rows = []
    for claim_id, answers in ratings.items():
        if claim_id not in ds.key.index:
            continue
        for result in judge(claim_id, answers, ds).results:
            rows.append({"claim_id": claim_id, "dimension": result.dimension, "verdict": result.verdict})
    return pd.DataFrame(rows, columns=["claim_id", "dimension", "verdict"])
