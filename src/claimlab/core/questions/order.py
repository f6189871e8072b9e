"""``order``: put items in order (one menu per position, so a keyboard and a screen reader can do it)."""
from __future__ import annotations

from typing import Any

from claimlab.core.dataset import Dataset
from claimlab.core.questions import common
from claimlab.core.questions.base import Control, Result, register
from claimlab.core.questions.choice import option_texts
from claimlab.core.questions.enumerated import Enumerated
from claimlab.core.questions.multi import as_collection


@register
class Order(Enumerated):
    name = "order"
    answer_shape = "list"

    def check(self, ds: Dataset, q: dict[str, Any], answer: Any) -> Result:
        items = q["items"]
        given = as_collection(answer) if not isinstance(answer, (set, frozenset)) else None
        if given is None:
            return Result("invalid", (common.msg(ds, "expected_list", kind=common.kind(ds, answer)) + " "
                                      + common.msg(ds, "order_expected", example=items[0]["id"]),
                                      common.options_line(ds, items)))
        ids, unknown = [], []
        for value in given:
            found = common.find_option(ds, items, value)
            if found is None:
                unknown.append(common.describe(value))
            else:
                ids.append(found["id"])
        if unknown:
            return Result("invalid", (common.sentence(f"{', '.join(unknown)} {common.msg(ds, 'unknown_option')}."),
                                      common.options_line(ds, items)))
        if sorted(ids) != sorted(i["id"] for i in items):
            return Result("invalid", (common.msg(ds, "order_each_once", total=len(items), given=len(ids),
                                                 different=len(set(ids))), common.options_line(ds, items)))
        expected = list(q["answer"])
        placed = sum(a == b for a, b in zip(ids, expected))
        if placed == len(expected):
            return Result("correct")
        labels = {i["id"]: common.label(ds, i) for i in items}
        first_wrong = next(i for i, (a, b) in enumerate(zip(ids, expected)) if a != b)
        lines = (common.msg(ds, "order_placed", placed=placed, total=len(expected)),
                 common.msg(ds, "order_look_again", position=first_wrong + 1, label=labels[ids[first_wrong]]))
        return Result("partial" if placed * 2 >= len(expected) else "incorrect", lines)

    def unanswered_lines(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        return [common.options_line(ds, q["items"], "items_are")]

    def control(self, ds: Dataset, q: dict[str, Any]) -> Control:
        rows = tuple((str(n), common.msg(ds, "position", number=n)) for n in range(1, len(q["items"]) + 1))
        return Control("menus", tuple((str(i["id"]), common.label(ds, i)) for i in q["items"]), rows)

    def from_control(self, q: dict[str, Any], value: Any) -> Any:
        if not isinstance(value, dict):
            return None
        chosen = [value.get(str(n)) for n in range(1, len(q["items"]) + 1)]
        return [v for v in chosen if v] or None

    def to_control(self, q: dict[str, Any], answer: Any) -> Any:
        return {str(n): v for n, v in enumerate(answer, start=1)} if isinstance(answer, list) else None

    def answer_form(self, ds: Dataset, q: dict[str, Any]) -> list[str]:
        return [common.options_line(ds, q["items"], "items_are"),
                common.msg(ds, "order_expected", example=q["items"][0]["id"])]

    def expert_words(self, ds: Dataset, q: dict[str, Any]) -> str:
        labels = {i["id"]: common.label(ds, i) for i in q["items"]}
        return " → ".join(labels[i] for i in q["answer"])

    def axes(self, q: dict[str, Any]) -> list[list[str]]:
        ids = [str(i["id"]) for i in q["items"]]
        return [["", *ids] for _ in ids]

    def answer_of(self, q: dict[str, Any], picked: list[str]) -> Any:
        return [p for p in picked if p] or None

    def key_problems(self, ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
        found = super().key_problems(ds, qid, q)
        if sorted(q.get("answer", [])) != sorted(i["id"] for i in q.get("items", [])):
            found.append("the answer must list every item id exactly once")
        return found

    def texts(self, q: dict[str, Any]) -> list[tuple[str, str]]:
        return option_texts(q, "items", ("label",))
