"""``match``: pair each item with an option (one menu per item)."""
from __future__ import annotations

from typing import Any

from claimlab.core.dataset import Dataset
from claimlab.core.questions import common
from claimlab.core.questions.base import Control, Result, register
from claimlab.core.questions.choice import option_texts
from claimlab.core.questions.enumerated import Enumerated


@register
class Match(Enumerated):
    name = "match"
    answer_shape = "mapping"

    def check(self, ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
        items, options = q["items"], q["options"]
        if isinstance(answer, dict):
            pairs = list(answer.items())
        elif isinstance(answer, (list, tuple)) and all(isinstance(p, (list, tuple)) and len(p) == 2 for p in answer):
            pairs = [tuple(p) for p in answer]
        else:
            return Result("invalid", (common.msg(ds, "expected_dict", kind=common.kind(ds, answer)) + " "
                                      + common.msg(ds, "match_expected", example=items[0]["id"]),
                                      common.options_line(ds, options)))
        given: dict[str, str] = {}
        unknown = []
        for key, value in pairs:
            item = common.find_option(ds, items, key)
            if item is None:
                unknown.append(common.describe(key))
                continue
            if common.is_missing(value):
                continue
            option = common.find_option(ds, options, value)
            if option is None:
                unknown.append(common.describe(value))
                continue
            given[item["id"]] = option["id"]
        if unknown:
            return Result("invalid", (common.sentence(f"{', '.join(unknown)} {common.msg(ds, 'unknown_option')}."),
                                      common.options_line(ds, items, "items_are"), common.options_line(ds, options)))
        if not given:
            return Result("unanswered", (common.msg(ds, "unanswered"), *self.unanswered_lines(ds, q)))
        expected = q["answer"]
        right = [i for i in items if given.get(i["id"]) == expected[i["id"]]]
        if len(right) == len(items):
            return Result("correct")
        lines = [common.msg(ds, "match_right", right=len(right), total=len(items))]
        for item in items:
            if item["id"] not in given:
                lines.append(common.msg(ds, "match_not_yet", label=common.label(ds, item)))
            elif given[item["id"]] != expected[item["id"]]:
                lines.append(common.msg(ds, "match_look_again", label=common.label(ds, item),
                                        why=common.fill(str(item.get("feedback") or ""), ds)).strip())
        return Result("partial" if right else "incorrect", tuple(lines))

    def unanswered_lines(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        return [common.options_line(ds, q["items"], "items_are"), common.options_line(ds, q["options"])]

    def control(self, ds: Dataset, q: dict[str, Any]) -> Control:
        return Control("menus", tuple((str(o["id"]), common.label(ds, o)) for o in q["options"]),
                       tuple((str(i["id"]), common.label(ds, i)) for i in q["items"]))

    def from_control(self, q: dict[str, Any], value: Any) -> Any:
        if not isinstance(value, dict):
            return None
        return {str(i["id"]): value[str(i["id"])] for i in q["items"] if value.get(str(i["id"]))} or None

    def to_control(self, q: dict[str, Any], answer: Any) -> Any:
        return dict(answer) if isinstance(answer, dict) else None

    def answer_form(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        return [common.options_line(ds, q["items"], "items_are"), common.options_line(ds, q["options"]),
                common.msg(ds, "match_expected", example=q["items"][0]["id"])]

    def expert_words(self, ds: Dataset, q: dict[str, Any]) -> str:
        options = {o["id"]: common.label(ds, o) for o in q["options"]}
        return "; ".join(f"{common.label(ds, i)}: {options[q['answer'][i['id']]]}" for i in q["items"])

    def axes(self, q: dict[str, Any]) -> list[list[str]]:
        options = [str(o["id"]) for o in q["options"]]
        return [["", *options] for _ in q["items"]]

    def answer_of(self, q: dict[str, Any], picked: list[str]) -> Any:
        return {str(i["id"]): p for i, p in zip(q["items"], picked) if p} or None

    def key_problems(self, ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
        found = super().key_problems(ds, qid, q)
        answer = q.get("answer", {})
        option_ids = [o["id"] for o in q.get("options", [])]
        if sorted(answer) != sorted(i["id"] for i in q.get("items", [])):
            found.append("the answer must give an option for every item id, and only those")
        found += [f"'{v}' in the answer is not one of the options ({', '.join(map(str, option_ids))})"
                  for v in answer.values() if v not in option_ids]
        return found

    def texts(self, q: dict[str, Any]) -> list[tuple[str, str]]:
        return option_texts(q, "items", ("label", "feedback")) + option_texts(q, "options", ("label",))
