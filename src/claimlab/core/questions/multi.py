"""``multi``: some options of several (tick boxes); each wrong tick and each missed option is explained."""
from __future__ import annotations

from typing import Any

from claimlab.core.dataset import Dataset
from claimlab.core.questions import common
from claimlab.core.questions.base import Control, Result, register
from claimlab.core.questions.choice import option_texts
from claimlab.core.questions.enumerated import Enumerated


def as_collection(answer: Any) -> list[Any] | None:
    """A list, tuple or set as a list (a set in a fixed order); None for anything else."""
    if isinstance(answer, (list, tuple, set, frozenset)):
        items = list(answer)
        if isinstance(answer, (set, frozenset)):
            items.sort(key=common.describe)
        return items
    return None


@register
class Multi(Enumerated):
    name = "multi"
    answer_shape = "list"

    def check(self, ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
        options = q["options"]
        if isinstance(answer, str):
            answer = [answer]
        items = as_collection(answer)
        if items is None:
            return Result("invalid", (common.msg(ds, "expected_list", kind=common.kind(ds, answer)) + " "
                                      + common.msg(ds, "choose_some", example=options[0]["id"]),
                                      common.options_line(ds, options)))
        items = [item for item in items if not common.is_missing(item)]
        if not items:
            return Result("unanswered", (common.msg(ds, "unanswered"), common.options_line(ds, options)))
        chosen, unknown = [], []
        for item in items:
            option = common.find_option(ds, options, item)
            if option is None:
                unknown.append(common.describe(item))
            elif option["id"] not in chosen:
                chosen.append(option["id"])
        if unknown:
            return Result("invalid", (common.sentence(f"{', '.join(unknown)} {common.msg(ds, 'unknown_option')}."),
                                      common.options_line(ds, options)))
        right = set(q["answer"])
        lines = [common.msg(ds, "multi_right", label=common.label(ds, o))
                 for o in options if o["id"] in chosen and o["id"] in right]
        lines += [common.msg(ds, "multi_wrong", label=common.label(ds, o),
                             why=common.fill(str(o.get("feedback") or ""), ds)).strip()
                  for o in options if o["id"] in chosen and o["id"] not in right]
        lines += [common.msg(ds, "multi_missing", why=common.fill(str(o["missing"]), ds)) if o.get("missing")
                  else common.msg(ds, "multi_missing_other")
                  for o in options if o["id"] in right and o["id"] not in chosen]
        if set(chosen) == right:
            return Result("correct", tuple(lines))
        return Result("partial" if right & set(chosen) else "incorrect", tuple(lines))

    def unanswered_lines(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        return [common.options_line(ds, q["options"])]

    def control(self, ds: Dataset, q: dict[str, Any]) -> Control:
        return Control("ticks", tuple((str(o["id"]), common.label(ds, o)) for o in q["options"]))

    def answer_form(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        return [common.options_line(ds, q["options"]), common.msg(ds, "choose_some", example=q["options"][0]["id"])]

    def expert_words(self, ds: Dataset, q: dict[str, Any]) -> str:
        return "; ".join(common.label(ds, o) for o in q["options"] if o["id"] in q["answer"])

    def axes(self, q: dict[str, Any]) -> list[list[str]]:
        return [["", str(o["id"])] for o in q["options"]]

    def answer_of(self, q: dict[str, Any], picked: list[str]) -> Any:
        return [p for p in picked if p] or None

    def key_problems(self, ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
        ids = [o["id"] for o in q.get("options", [])]
        return [f"answer '{a}' is not one of the options ({', '.join(map(str, ids))})"
                for a in q.get("answer", []) if a not in ids] + super().key_problems(ds, qid, q)

    def texts(self, q: dict[str, Any]) -> list[tuple[str, str]]:
        return option_texts(q, "options", ("label", "feedback", "missing"))
