"""``choice``: one option of several (radio buttons); ``accept`` lists near misses counted partly right."""
from __future__ import annotations

from typing import Any

from claimlab.core.dataset import Dataset
from claimlab.core.questions import common
from claimlab.core.questions.base import Control, Result, register
from claimlab.core.questions.enumerated import Enumerated


@register
class Choice(Enumerated):
    name = "choice"

    def check(self, ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
        options = q["options"]
        if isinstance(answer, (list, tuple, set, frozenset, dict)):
            return Result("invalid", (common.msg(ds, "expected_one", kind=common.kind(ds, answer)) + " "
                                      + common.msg(ds, "choose_one", example=options[0]["id"]),
                                      common.options_line(ds, options)))
        chosen = common.find_option(ds, options, answer)
        if chosen is None:
            if isinstance(answer, str):
                return Result("invalid", (f"{common.describe(answer)} {common.msg(ds, 'unknown_option')}.",
                                          common.options_line(ds, options)))
            return Result("invalid", (common.msg(ds, "expected_option", kind=common.kind(ds, answer)) + " "
                                      + common.msg(ds, "choose_one", example=options[0]["id"]),
                                      common.options_line(ds, options)))
        lines = (common.fill(str(chosen["feedback"]), ds),) if chosen.get("feedback") else ()
        if chosen["id"] == q["answer"]:
            return Result("correct", lines)
        return Result("partial" if chosen["id"] in q.get("accept", []) else "incorrect", lines)

    def unanswered_lines(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        return [common.options_line(ds, q["options"])]

    def control(self, ds: Dataset, q: dict[str, Any]) -> Control:
        return Control("radio", tuple((str(o["id"]), common.label(ds, o)) for o in q["options"]))

    def answer_form(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        return [common.options_line(ds, q["options"]), common.msg(ds, "choose_one", example=q["options"][0]["id"])]

    def expert_words(self, ds: Dataset, q: dict[str, Any]) -> str:
        return common.label(ds, next(o for o in q["options"] if o["id"] == q["answer"]))

    def axes(self, q: dict[str, Any]) -> list[list[str]]:
        return [[str(o["id"]) for o in q["options"]]]

    def answer_of(self, q: dict[str, Any], picked: list[str]) -> Any:
        return picked[0]

    def key_problems(self, ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
        ids = [o["id"] for o in q.get("options", [])]
        return [f"answer '{a}' is not one of the options ({', '.join(map(str, ids))})"
                for a in [q.get("answer"), *q.get("accept", [])] if a not in ids] + super().key_problems(ds, qid, q)

    def texts(self, q: dict[str, Any]) -> list[tuple[str, str]]:
        return option_texts(q, "options", ("label", "feedback"))


def option_texts(q: dict[str, Any], group: str, parts: tuple[str, ...]) -> list[tuple[str, str]]:
    """(where, text) for the texts of a question's options or items."""
    return [(f"{group}/{option.get('id')}/{part}", str(option[part])) for option in q.get(group, []) or []
            for part in parts if option.get(part)]
