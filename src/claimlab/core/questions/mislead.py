"""``mislead``: rewrite a passage as a careless republisher would; every safeguard must go."""
from __future__ import annotations

import re
from typing import Any

from claimlab.core import bank
from claimlab.core.dataset import Dataset
from claimlab.core.questions import common
from claimlab.core.questions.base import Result, register
from claimlab.core.questions.written import Written, figure_kept, regex


def mislead_verdict(ds: Dataset, q: dict[str, Any], answer: str) -> tuple[list[dict], list[dict], bool]:
    lost, kept = [], []
    for rule in q["safeguards"]:
        (kept if regex(rule["pattern"]).search(answer) else lost).append(rule)
    return lost, kept, figure_kept(ds, str(q["passage"]), answer)


@register
class Mislead(Written):
    name = "mislead"

    def check(self, ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
        problem = self.readable(ds, q, answer)
        if problem:
            return problem
        lost, kept, figure = mislead_verdict(ds, q, answer)
        lines = [] if figure else [common.msg(ds, "mislead_keep_figure")]
        lines += [f"{common.msg(ds, 'mislead_lost')} {common.fill(r['label'], ds)}. {common.fill(r['why'], ds)}"
                  for r in lost]
        lines += [f"{common.msg(ds, 'mislead_kept')} {common.fill(r['label'], ds)}." for r in kept]
        status = "correct" if figure and not kept else ("partial" if figure and lost else "incorrect")
        compare = ((common.msg(ds, "mislead_original"), bank.passage(ds, str(q["passage"]))["passage"]),
                   (common.msg(ds, "mislead_yours"), answer))
        return Result(status, tuple(lines), compare=compare)

    def key_problems(self, ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
        out = []
        original = bank.passages(ds).loc[q["passage"], "passage"]
        for rule in q.get("safeguards", []):
            try:
                if not regex(rule["pattern"]).search(original):
                    out.append(f"safeguards/{rule['id']}: the pattern does not match the passage itself, "
                               "so there is nothing to drop")
            except re.error as exc:
                return [f"safeguards/{rule['id']}: the pattern is not a valid regular expression ({exc})"]
        if not mislead_verdict(ds, q, original)[2]:
            out.append("the passage has no figure to keep")
        examples = q.get("examples") or {}
        for sample in examples.get("accept", []):
            _lost, kept, figure = mislead_verdict(ds, q, sample)
            if kept or not figure:
                out.append(f"the example {sample[:50]!r}... under accept is not judged right")
        for sample in examples.get("reject", []):
            _lost, kept, figure = mislead_verdict(ds, q, sample)
            if figure and not kept:
                out.append(f"the example {sample[:50]!r}... under reject is judged right")
        return out

    def texts(self, q: dict[str, Any]) -> list[tuple[str, str]]:
        return [("model_answer", str(q.get("model_answer", "")))] + [
            (f"safeguards/{r.get('id')}/{part}", str(r.get(part, ""))) for r in q.get("safeguards", []) or []
            for part in ("label", "why")]
