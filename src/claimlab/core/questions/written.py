"""``text``: a short written answer, judged part by part by :mod:`claimlab.core.judge`.

A question lists the parts a good answer needs (``needs``: claimant, claim_verb, caveat, figure, form;
or independent, checkable; or a question's own ``words`` and words to ``avoid``). The feedback names
each part that is missing or wrong and why, quoting the learner's words; when the judge cannot tell,
the answer is marked "compare with the expert answer" (status ``unsure``, never right) with the
expert's sentence and a checklist of the parts. :class:`Written` holds what ``text`` and ``mislead``
share: the text area, the length limit, the feedback from parts, and the self-check on static pages.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimlab.core import judge, references, text
from claimlab.core.dataset import Dataset
from claimlab.core.feedback import Feedback
from claimlab.core.questions import common
from claimlab.core.questions.base import Control, Judge, QuestionType, Result, register


def value_of(ds: Dataset) -> Callable[[Any], float]:
    def compute(reference: Any) -> float:
        try:
            return references.expected_value(reference, ds)
        except references.ReferenceProblem as exc:
            raise common.KeyProblem(str(exc)) from None
    return compute


def needs(ds: Dataset, q: dict[str, Any]) -> list[judge.Need]:
    """The question's parts, computed once per dataset and question."""
    key = ("needs", id(q))
    if key not in ds.memo:
        ds.memo[key] = judge.needs_of(ds, q, value_of(ds))
    return ds.memo[key]


def part_message(ds: Dataset, q: dict[str, Any], need: judge.Need, part: judge.Part) -> str:
    """What the learner is told about one part that is not right, from messages/parts in data."""
    outcome = part.outcome.replace("unsure:", "unsure_") if part.unsure else part.outcome
    if need.part in ("words", "avoid") and need.spec.get("message"):
        return common.fill(str(need.spec["message"]), ds, found=part.found)
    table = common.messages(ds).get("parts", {}).get(need.part.rstrip("_0123456789"), {})
    template = table.get(outcome) or table.get("unsure" if part.unsure else "missing") or outcome
    words = fields(ds, q, need)
    if part.figure:
        words["figure"] = part.figure
    said = [common.fill(str(template), ds, found=part.found, **words)]
    for outcome, found in part.also:  # a second problem of the same part (a floor dropped AND losses made deaths)
        if table.get(outcome):
            said.append(common.fill(str(table[outcome]), ds, found=found, **words))
    return " ".join(said)


def fields(ds: Dataset, q: dict[str, Any], need: judge.Need) -> dict[str, str]:
    """The words a part's message may use: {example} (the claimant), {side}, {figure}."""
    spec = q.get("needs", {}) or {}
    claimant = spec.get("claimant") or {}
    figures = [f for n in needs(ds, q) if n.part in ("figure", "figures") for f in n.spec["figures"]]
    main = next((f for f in figures if f.main), figures[0] if figures else None)
    side = claimant.get("side") or (main.side if main else None)
    sides = (ds.docs.get("concepts") or {}).get("sides", {})
    counted = main.side if main else None
    return {"example": common.fill(str(claimant.get("example", "")), ds),
            "side": str(sides.get(side, {}).get("name", side or "")),
            "counted": str(sides.get(counted, {}).get("name", counted or "")),
            "figure": main.words if main else ""}


class Written(QuestionType):
    """Shared by free-text types: the text area, its length limit, feedback from parts, a self-check on pages."""

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

    def verdict(self, ds: Dataset, q: dict[str, Any], answer: str) -> Result:
        """The parts judged, turned into a status and feedback lines."""
        wanted = needs(ds, q)
        parts = judge.judge(ds, wanted, answer)
        wrong = [(n, p) for n, p in zip(wanted, parts) if not p.ok and not p.unsure]
        unsure = [(n, p) for n, p in zip(wanted, parts) if p.unsure]
        met = sum(p.ok for p in parts)
        if wrong:
            lines = [common.msg(ds, "parts_met", met=met, total=len(parts))]
            # "it was confirmed" is named once: as a reversed caveat, not again as an invented confirmation
            reversed_caveat = {p.found for n, p in wrong if n.part == "caveat" and p.outcome == "reversed"}
            lines += [part_message(ds, q, n, p) for n, p in wrong
                      if not (n.part == "form" and p.outcome == "invented" and p.found in reversed_caveat)]
            return Result("partial" if met else "incorrect", tuple(lines), detail=parts)
        if unsure:
            lines = [part_message(ds, q, n, p) for n, p in unsure]
            lines.append(common.msg(ds, "one_way", answer=self.expert_words(ds, q)))
            return Result("unsure", tuple(lines), checklist=self.checklist(ds, q), detail=parts)
        return Result("correct", (common.msg(ds, "one_way", answer=self.expert_words(ds, q)),), detail=parts)

    def check(self, ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
        return self.readable(ds, q, answer) or self.verdict(ds, q, answer)

    def control(self, ds: Dataset, q: dict[str, Any]) -> Control:
        return Control("text", placeholder=common.msg(ds, "text_placeholder"), max_chars=self.limit(q))

    def to_control(self, q: dict[str, Any], answer: Any) -> Any:
        return answer if isinstance(answer, str) else None

    def answer_form(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        return [common.msg(ds, "text_expected", limit=text.fmt_number(self.limit(q)))]

    def checklist(self, ds: Dataset, q: dict[str, Any]) -> tuple[str, ...]:
        """What a good answer has, one question a learner can ask of their own answer per part."""
        items = common.messages(ds).get("checklist", {})
        out = []
        for need in needs(ds, q):
            item = need.spec.get("message") if need.part in ("words",) else items.get(need.part)
            if item and need.part != "avoid":
                out.append(common.fill(str(item), ds, **fields(ds, q, need)))
        return tuple(out)

    def static_pack(self, ds: Dataset, q: dict[str, Any], judge_: Judge, entry: Callable[[Any], Any]) -> dict[str, Any]:
        """A page cannot judge prose: it shows the expert's answer and a checklist, and keeps the answer as
        "compare with the expert answer" (``unsure``), never as right."""
        lines = [common.msg(ds, "selfcheck_intro"), common.msg(ds, "one_way", answer=self.expert_words(ds, q)),
                 *(common.msg(ds, "selfcheck_item", item=item) for item in self.checklist(ds, q))]
        selfcheck = Feedback("", "unsure", common.msg(ds, "selfcheck_headline"), tuple(lines))
        return {"limit": self.limit(q), "selfcheck": entry(selfcheck),
                "toolong": entry(judge_("x" * (self.limit(q) + 1)))}

    def key_problems(self, ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
        """Every part is one the judge knows, its figures compute, and the key's own examples are judged
        as the key says (the accepted ones right, the rejected ones not right)."""
        out = [f"needs/{part}: '{part}' is not a part the judge knows ({', '.join(judge.PARTS)})"
               for part in (q.get("needs") or {}) if part not in judge.PARTS]
        if out:
            return out
        try:
            needs(ds, q)
        except (common.KeyProblem, KeyError, TypeError, ValueError) as exc:
            return [f"needs: {exc}"]
        examples = q.get("examples") or {}
        for sample in examples.get("accept", []):
            found = self.verdict(ds, q, common.fill(str(sample), ds))
            if found.status != "correct":
                out.append(f"the example {str(sample)[:50]!r}... under accept is judged {found.status}: "
                           f"{(found.lines or ('',))[-1][:120]}")
        for sample in examples.get("reject", []):
            if self.verdict(ds, q, common.fill(str(sample), ds)).status == "correct":
                out.append(f"the example {str(sample)[:50]!r}... under reject is judged right")
        return out

    def texts(self, q: dict[str, Any]) -> list[tuple[str, str]]:
        found = [("model_answer", str(q.get("model_answer", "")))]
        for part, spec in (q.get("needs") or {}).items():
            items = spec if isinstance(spec, list) else [spec] if isinstance(spec, dict) else []
            for number, item in enumerate(items):
                for key in ("example", "words", "message"):
                    if isinstance(item, dict) and item.get(key):
                        found.append((f"needs/{part}[{number}]/{key}", str(item[key])))
        return found


@register
class Text(Written):
    name = "text"
