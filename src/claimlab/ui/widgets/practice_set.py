"""Fresh passages to practise on: :class:`PracticeSet` (``cl.practice()``) draws unseen passages of
data/bank.csv for each learner (seeded, so the same learner gets the same draw), each with its
questions, one passage at a time; :class:`BankKey` (``cl.bank_key()``) shows their key to instructors.
"""
from __future__ import annotations

import ipywidgets as w

from claimlab.core import bank, exercises
from claimlab.core import practice as bank_questions
from claimlab.core import store as answer_store
from claimlab.core.dataset import load
from claimlab.core.text import escape
from claimlab.core.words import word
from claimlab.ui.html import TEXT_CSS, table
from claimlab.ui.widgets.base import Panel, guarded, static_hint, the_store
from claimlab.ui.widgets.exercise_box import ExerciseBox
from claimlab.ui.widgets.passages import passage_html

__all__ = ["PracticeSet", "practice", "BankKey", "bank_key"]


class PracticeSet(Panel):
    """Unseen bank passages for this learner, each with the bank questions, answered with widgets.

    One passage is shown at a time, with a **Next passage** button under its questions (a short
    page to read, and each passage's questions are built only when it is shown); passages the
    learner answered before are shown at once. ``boxes`` (all questions) and ``show_all()``
    show every passage.
    """

    def __init__(self, n: int | None = None, store: answer_store.AnswerStore | None = None,
                 seed: str | None = None):
        super().__init__(static_hint())
        self._boxes: list[ExerciseBox] = []
        self.passage_ids: list[str] = []
        self.shown = 0  # how many passages are shown so far
        self._parts: list[w.Widget] = []
        self.next_button = w.Button(description="", icon="arrow-down", tooltip=word("practice.next_tooltip"),
                                    layout=w.Layout(width="auto"))  # the label says which passage comes next
        self.next_button.on_click(lambda _b: self.next_passage())
        self.children = [self.status]
        try:
            self._build(n, store, seed)
        except Exception as exc:
            self.fail("practice.doing_draw", exc)

    def _build(self, n: int | None, store: answer_store.AnswerStore | None, seed: str | None) -> None:
        self.ds = ds = load()
        self.store = the_store(store)
        self.seed = seed or bank.learner_seed(self.store)
        count = int(n or exercises.settings(ds).get("practice_passages", 4))
        self.passage_ids = bank.practice_draw(ds, self.seed, count)
        questions = sum(len(bank_questions.question_ids(ds, pid)) for pid in self.passage_ids)
        self.text_repr = (f"{word('practice.text_form', ds, count=len(self.passage_ids), questions=questions)} "
                          f"{static_hint()}")
        answered = [number for number, pid in enumerate(self.passage_ids, start=1)
                    if any(self.store.exercise(qid) for qid in bank_questions.question_ids(ds, pid))]
        self._show_up_to(max([1, *answered]))

    def _show_up_to(self, wanted: int) -> None:
        total = len(self.passage_ids)
        while self.shown < min(wanted, total):
            self.shown += 1
            pid = self.passage_ids[self.shown - 1]
            heading = escape(word("practice.heading", self.ds, number=self.shown, total=total))
            self._parts.append(self.html(f'<div role="heading" aria-level="3" style="{TEXT_CSS}font-weight:bold">'
                                         f'{heading}</div>' + passage_html(bank.passage(self.ds, pid), self.ds)))
            for qid in bank_questions.question_ids(self.ds, pid):
                box = ExerciseBox(qid, store=self.store, show_passage=False, ds=self.ds)
                self._boxes.append(box)
                self._parts.append(box)
        more = [self.next_button] if self.shown < total else []
        self.next_button.description = word("practice.next", self.ds, number=self.shown + 1, total=total) \
            if more else ""
        self.children = [*self._parts, *more, self.status]

    @guarded("practice.doing_next")
    def next_passage(self) -> None:
        """Show the next passage and its questions (what Next passage does)."""
        self._show_up_to(self.shown + 1)

    def show_all(self) -> PracticeSet:
        """Show every passage and its questions."""
        self._show_up_to(len(self.passage_ids))
        return self

    @property
    def boxes(self) -> list[ExerciseBox]:
        """Every question of every passage (shows them all)."""
        self.show_all()
        return self._boxes


def practice(n: int | None = None, store: answer_store.AnswerStore | None = None) -> PracticeSet:
    """Practise on passages you have not seen, drawn from data/bank.csv for you (the same ones each time)."""
    return PracticeSet(n, store=store)


class BankKey:
    """The key of the bank passages used in one place (practice, form_a ...), for instructors and solutions."""

    def __init__(self, where: str = "practice"):
        self.ds = ds = load()
        self.ids = bank.used_in(ds, where)
        self.rows = [bank.passage(ds, pid) for pid in self.ids]
        self.where = where

    def __repr__(self) -> str:
        return "\n".join(f"{r['passage_id']} ({r['outlet']}): who={r['who']}, party={r['party']}, "
                         f"method={r['method']}, well_sourced={r['well_sourced']}. {r['rationale']}"
                         for r in self.rows)

    def _repr_html_(self) -> str:
        headers = [escape(h) for h in self.ds.interface.get("practice", {}).get("key_headers", [])]
        rows = [[f'{escape(r["passage_id"])}: {escape(r["passage"])}',
                 *(escape(r[c]) for c in ("who", "party", "method", "well_sourced")), escape(r["rationale"])]
                for r in self.rows]
        return table(headers, rows)


def bank_key(where: str = "practice") -> BankKey:
    """The expert key of the bank passages used in one place (default: the practice pool)."""
    return BankKey(where)
