"""Question types whose answers a page can list in full (choice, multi, order, match): the static page
stores the kernel's feedback for every combination of its controls, so it needs no rules of its own.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from claimlab.core.dataset import Dataset
from claimlab.core.questions.base import Judge, QuestionType

__all__ = ["Enumerated", "MAX_COMBINATIONS"]

MAX_COMBINATIONS = 20_000  # more than this and a question is too big for a page (the key check says so)


class Enumerated(QuestionType):
    """A type with a finite set of answers. Subclasses give the page's axes and the answer they make."""

    page_script = "table"

    def axes(self, q: dict[str, Any]) -> list[list[str]]:
        """One list of values per page control, in the order the page reads them ("" = nothing chosen)."""
        raise NotImplementedError

    def answer_of(self, q: dict[str, Any], picked: list[str]) -> Any:
        """The checker's answer for one value picked on each axis."""
        raise NotImplementedError

    def combinations(self, q: dict[str, Any]) -> int:
        total = 1
        for axis in self.axes(q):
            total *= len(axis)
        return total

    def static_pack(self, ds: Dataset, q: dict[str, Any], judge: Judge, entry: Callable[[Any], Any]) -> dict[str, Any]:
        axes = self.axes(q)
        # mixed-radix order: the last axis changes fastest (the page computes the same index)
        table = [entry(judge(self.answer_of(q, list(picked)))) for picked in itertools.product(*axes)]
        return {"axes": axes, "table": table}

    def key_problems(self, ds: Dataset, qid: str, q: dict[str, Any]) -> list[str]:
        if self.combinations(q) > MAX_COMBINATIONS:
            return [f"this question has {self.combinations(q):,} possible answers; a static page can hold "
                    f"{MAX_COMBINATIONS:,} (use fewer options or items)"]
        return []
