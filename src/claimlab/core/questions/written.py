"""``text``: a short written answer, judged by its rules (placeholder until the analyser lands)."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from claimlab.core import bank, references, text
from claimlab.core.dataset import Dataset
from claimlab.core.feedback import Feedback
from claimlab.core.questions import common
from claimlab.core.questions.base import Control, Judge, QuestionType, Result, register


@lru_cache(maxsize=256)
def regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def figure_kept(ds: Dataset, passage_id: str, answer: str) -> bool:
    """Does the learner's text still give the passage's main figure (its largest number)?"""
    wanted = references.numbers_in(bank.passage(ds, passage_id)["passage"])
    return bool(wanted) and max(wanted) in references.numbers_in(answer)


def text_verdict(ds: Dataset, q: dict[str, Any], answer: str) -> tuple[list[str], list[str], int, int]:
    rules = q["rules"]
    missing = [r["message"] for r in rules.get("require", []) if not regex(r["pattern"]).search(answer)]
    forbidden = [r["message"] for r in rules.get("forbid", []) or [] if regex(r["pattern"]).search(answer)]
    total = len(rules.get("require", []))
    met = total - len(missing)
    keep = rules.get("keep_figure")
    if keep:
        total += 1
        if figure_kept(ds, str(keep["passage"]), answer):
            met += 1
        else:
            missing.append(str(keep["message"]))
    return missing, forbidden, met, total


class Written(QuestionType):
    """Shared by free-text types: the text area, its length limit and the self-check on static pages."""

    page_script = "selfcheck"
    answer_shape = "text"
    written = True

    def limit(self, q: dict[str, Any]) -> int:
        return int(q.get("max_chars", common.DEFAULT_MAX_CHARS))

    def readable(self, ds: Dataset, q: dict[str, Any], answer: Any) -> Result | None:
        """An "invalid" result for an answer that is not text or is far too long; None if it can be read."""
        limit = self.limit(q)
        if not isinstance(answer, str):
            return Result("invalid", (common.msg(ds, "you_gave", kind=common.kind(ds, answer)) + " "
                                      + common.msg(ds, "text_expected", limit=text.fmt_number(limit)),))
        if len(answer) > limit:
            return Result("invalid", (common.msg(ds, "too_long", limit=text.fmt_number(limit)),))
        return None

    def control(self, ds: Dataset, q: dict[str, Any]) -> Control:
        return Control("text", placeholder=common.msg(ds, "text_placeholder"), max_chars=self.limit(q))

    def to_control(self, q: dict[str, Any], answer: Any) -> Any:
        return answer if isinstance(answer, str) else None

    def answer_form(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        return [common.msg(ds, "text_expected", limit=text.fmt_number(self.limit(q)))]

    def static_pack(self, ds: Dataset, q: dict[str, Any], judge: Judge, entry: Callable[[Any], Any]) -> dict[str, Any]:
        """A page cannot judge prose: it shows the expert's answer and a checklist, and keeps the answer as
        "compare with the expert answer" (``unsure``), never as right."""
        lines = [common.msg(ds, "selfcheck_intro"), common.msg(ds, "one_way", answer=self.expert_words(ds, q)),
                 *(common.msg(ds, "selfcheck_item", item=item) for item in self.checklist(ds, q))]
        selfcheck = Feedback("", "unsure", common.msg(ds, "selfcheck_headline"), tuple(lines))
        return {"limit": self.limit(q), "selfcheck": entry(selfcheck), "toolong": entry(judge("x" * (self.limit(q) + 1)))}

    def checklist(self, ds: Dataset, q: dict[str, Any]) -> tuple[str, ...]:
        """What a good answer has, as questions a learner can ask of their own."""
        return tuple(common.fill(str(item), ds) for item in q.get("checklist", []))


@register
class Text(Written):
    name = "text"

    def check(self, ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
        problem = self.readable(ds, q, answer)
        if problem:
            return problem
        missing, forbidden, met, total = text_verdict(ds, q, answer)
        lines = [common.fill(m, ds) for m in missing] + [common.fill(m, ds) for m in forbidden]
        if not lines:
            parts_only = common.messages(ds).get("text_parts_only")
            return Result("correct", (*([common.fill(str(parts_only), ds)] if parts_only else []),
                                      common.msg(ds, "one_way", answer=self.expert_words(ds, q))),
                          headline=str(common.messages(ds).get("text_headline") or "") or None)
        lines.insert(0, common.msg(ds, "rules_met", met=met, total=total))
        return Result("partial" if met else "incorrect", tuple(lines))

    def key_problems(self, ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
        out = []
        rules = q.get("rules") or {}
        for group in ("require", "forbid"):
            for i, rule in enumerate(rules.get(group, []) or []):
                try:
                    regex(rule["pattern"])
                except re.error as exc:
                    return [f"rules/{group}[{i}]: the pattern is not a valid regular expression ({exc})"]
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

    def texts(self, q: dict[str, Any]) -> list[tuple[str, str]]:
        found = [("model_answer", str(q.get("model_answer", "")))]
        for kind in ("require", "forbid"):
            found += [(f"rules/{kind}[{i}]/message", str(r.get("message", "")))
                      for i, r in enumerate((q.get("rules") or {}).get(kind, []) or [])]
        return found
