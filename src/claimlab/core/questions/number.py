"""``number``: a number computed from data (never typed in the key), with a tolerance and known slips."""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from claimlab.core import references
from claimlab.core.dataset import Dataset
from claimlab.core.questions import common
from claimlab.core.questions.base import Control, Judge, QuestionType, Result, register

ANSWER_MARK = "CLAIMLAB_ANSWER_MARK"  # stands for the learner's text in a stored line that quotes it


def expected(ds: Dataset, reference: Any) -> float:
    try:
        return references.expected_value(reference, ds)
    except references.ReferenceProblem as exc:
        raise common.KeyProblem(str(exc)) from None


@register
class Number(QuestionType):
    name = "number"
    page_script = "number"
    answer_shape = "text"

    def check(self, ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
        unit, example = q["unit"], q["example"]
        wanted = expected(ds, q["expected"])
        if isinstance(answer, (list, tuple, set, frozenset, dict)):
            return Result("invalid", (common.msg(ds, "expected_one_number", kind=common.kind(ds, answer)) + " "
                                      + common.msg(ds, "number_expected", unit=unit, example=example),))
        given = references.as_number(answer)
        if given is None:
            shown = common.msg(ds, "not_a_number", value=common.describe(answer)) if isinstance(answer, str) \
                else common.msg(ds, "expected_a_number", kind=common.kind(ds, answer))
            return Result("invalid", (shown + " " + common.msg(ds, "number_expected", unit=unit, example=example),))
        if not math.isfinite(given):
            return Result("invalid", (common.msg(ds, "not_finite", unit=unit, example=example),))
        if references.within(given, wanted, q["tolerance"]):
            return Result("correct")
        for trap in q.get("traps", []):
            if references.within(given, expected(ds, trap["expected"]), trap["tolerance"]):
                return Result(trap.get("status", "incorrect"), (common.fill(str(trap["message"]), ds),))
        side = "too_low" if given < wanted else "too_high"
        return Result("incorrect", (common.fill(str(q.get(side) or common.messages(ds).get(side, side)), ds),))

    def control(self, ds: Dataset, q: dict[str, Any]) -> Control:
        return Control("number", unit=str(q["unit"]), placeholder=common.msg(ds, "number_placeholder",
                                                                              example=q["example"]))

    def to_control(self, q: dict[str, Any], answer: Any) -> Any:
        return None if isinstance(answer, (dict, list)) or answer is None else str(answer)

    def answer_form(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        return [common.msg(ds, "number_expected", unit=q["unit"], example=q["example"])]

    def expert_words(self, ds: Dataset, q: dict[str, Any]) -> str:
        from claimlab.core import text
        return f"{text.fmt_number(expected(ds, q['expected']))} ({q['unit']})"

    def static_pack(self, ds: Dataset, q: dict[str, Any], judge: Judge, entry: Callable[[Any], Any]) -> dict[str, Any]:
        wanted = expected(ds, q["expected"])
        traps = [{"expected": expected(ds, t["expected"]), "tol": t["tolerance"],
                  "entry": entry(judge(expected(ds, t["expected"])))} for t in q.get("traps", [])]
        low = high = None
        for scale in (0.5, 0.1, 0.01, -1.0):  # a value below every branch above
            found = judge(wanted * scale - 1)
            if found.status == "incorrect":
                low = entry(found)
                break
        for scale in (2.0, 10.0, 100.0):
            found = judge(wanted * scale + 1)
            if found.status == "incorrect":
                high = entry(found)
                break
        return {"expected": wanted, "tol": q["tolerance"], "traps": traps, "correct": entry(judge(wanted)),
                "low": low, "high": high, "invalid": entry(judge(ANSWER_MARK)), "notfinite": entry(judge("inf")),
                "mark": repr(ANSWER_MARK)}

    def key_problems(self, ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
        out = []
        refs = [("expected", q.get("expected"))] + [(f"traps[{i}]", t.get("expected"))
                                                    for i, t in enumerate(q.get("traps", []) or [])]
        for where, ref in refs:
            try:
                expected(ds, ref)
            except common.KeyProblem as exc:
                out.append(f"{where}: {exc}")
            for ident in references.reference_ids(ref):
                if ident in ds.figures.index and not bool(ds.figures.loc[ident, "teachable"]):
                    out.append(f"{where}: {ident} is marked UNVERIFIED in the reference data and must not be taught")
        return out

    def texts(self, q: dict[str, Any]) -> list[tuple[str, str]]:
        found = [(part, str(q[part])) for part in ("too_low", "too_high") if q.get(part)]
        return found + [(f"traps[{i}]/message", str(t.get("message", ""))) for i, t in enumerate(q.get("traps", []))]
