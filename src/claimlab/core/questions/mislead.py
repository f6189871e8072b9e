"""``mislead``: rewrite a passage as a careless republisher would. Every safeguard must go (who claims it,
the claim words, any word about checking) while the figures keep their meaning; the feedback shows the
passage and the learner's version side by side, so the learner sees what a reader would lose.
"""
from __future__ import annotations

from typing import Any

from claimlab.core import bank
from claimlab.core.dataset import Dataset
from claimlab.core.questions import common
from claimlab.core.questions.base import Result, register
from claimlab.core.questions.written import Written


@register
class Mislead(Written):
    name = "mislead"

    def check(self, ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
        found = self.readable(ds, q, answer)
        if found:
            return found
        result = self.verdict(ds, q, answer)
        compare = ((common.msg(ds, "mislead_original"), bank.passage(ds, str(q["passage"]))["passage"]),
                   (common.msg(ds, "mislead_yours"), answer))
        return Result(result.status, result.lines, result.headline, compare, result.checklist, result.detail)

    def key_problems(self, ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
        """Besides the shared checks: the passage itself keeps every safeguard (there is something to drop)."""
        out = super().key_problems(ds, qid, q)
        if out:
            return out
        original = bank.passages(ds).loc[q["passage"], "passage"]
        result = self.verdict(ds, q, str(original))
        if result.status == "correct":
            out.append("the passage itself is judged right: it has no safeguard to drop")
        return out
