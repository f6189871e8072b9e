"""Exercise questions as widgets: every question answered with buttons, boxes and menus, never Python.

* :class:`ExerciseBox` (``cl.exercise("ex01.q1")``, and ``cl.quiz("lesson05.q1")`` in a lesson) - one
  question of data/exercises.yaml (or of a bank passage): its answer control (whatever its type asks
  for, see :mod:`.controls`), Check, Hint and, after a few tries, Show the answer. Checking goes
  through :func:`claimlab.core.exercises.check`, which judges, saves the answer and counts the attempt.
* :class:`ExpertAnswer` (``cl.expert_answer``), and ``cl.exercise_with_answer`` for solutions/: the
  question as learners get it, then the expert answer rendered from data.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_button import ButtonStyle

from claimlab.core import bank, exercises
from claimlab.core import store as answer_store
from claimlab.core.dataset import Dataset, load
from claimlab.core.questions import common
from claimlab.core.words import word
from claimlab.ui.html import heading, notice, widget_css
from claimlab.ui.render import feedback_html
from claimlab.ui.widgets.base import Panel, flow, guarded, the_store
from claimlab.ui.widgets.controls import AnswerControl, make_control
from claimlab.ui.widgets.passages import passage_html

__all__ = ["ExerciseBox", "ExpertAnswer", "exercise", "quiz", "expert_answer", "exercise_with_answer"]


class ExerciseBox(Panel):
    """One question as a widget: prompt, answer control, Check, Hint, and Show the answer after N tries."""

    def __init__(self, question_id: str, store: answer_store.AnswerStore | None = None,
                 show_passage: bool = True, ds: Dataset | None = None):
        self.question_id = " ".join(str(question_id).split()).lower()
        super().__init__(f"{word('exercise.text_form', question=self.question_id, prompt='')} "
                         f"{word('widget.static_hint')}")
        self.kind: str | None = None
        self.answer: AnswerControl | None = None
        self.hint_shown = 0
        self._body: list[w.Widget] = []  # passage, question, answer control, buttons
        self._parts: dict[str, w.Widget] = {}  # hints, feedback, answer, Show the answer: made when needed
        button_layout = self.share("button_layout", w.Layout)
        button_style = self.share("button_style", ButtonStyle)
        self.check_button = w.Button(description=word("exercise.check"), button_style="primary",
                                     tooltip=word("exercise.check_tooltip"), layout=button_layout, style=button_style)
        self.hint_button = w.Button(description=word("exercise.hint"), tooltip=word("exercise.hint_tooltip"),
                                    layout=button_layout, style=button_style)
        self.check_button.on_click(lambda _b: self.check())
        self.hint_button.on_click(lambda _b: self.hint())
        self._buttons = flow([self.check_button, self.hint_button])
        self.children = [self.status]
        try:
            self._build(store, show_passage, ds)
        except Exception as exc:
            self.fail(word("exercise.doing_setup"), exc)

    # ------------------------------------------------------------------ building
    def _build(self, store: answer_store.AnswerStore | None, show_passage: bool, ds: Dataset | None) -> None:
        self.ds = ds or load()
        q = exercises.get_question(self.ds, self.question_id)
        shown = exercises.question(self.question_id, ds=self.ds)
        if q is None:
            self.status.value = feedback_html(shown)
            return
        self.q, self.store, self.kind = q, the_store(store), str(q["type"])
        self.qtype = exercises.question_type(q)
        prompt = shown.headline
        self.text_repr = (f"{word('exercise.text_form', question=self.question_id, prompt=prompt)} "
                          f"{word('widget.static_hint')}")
        self.reveal_after = int(exercises.settings(self.ds).get("reveal_after_tries", 2))
        self.answer = make_control(self.qtype.control(self.ds, q), prompt, word("exercise.choose"))
        parts: list[w.Widget] = []
        if show_passage and q.get("passage"):
            parts.append(self.html(passage_html(bank.passage(self.ds, q["passage"]), self.ds)))
        parts += [self.html(widget_css() + heading(prompt)), self.answer.widget, self._buttons]
        self._body = parts
        self._lay_out()
        self._restore()

    @property
    def control(self) -> w.Widget | None:
        """The answer control's widget (radio buttons, tick boxes, a box, a text area or menus)."""
        return self.answer.widget if self.answer else None

    # The parts under the buttons are made when first written (or read), so a question that is
    # only read costs the browser a handful of widget models instead of about thirty.
    _SLOTS = ("hints", "feedback", "answer_box")  # shown under the buttons in this order

    def _part(self, name: str) -> w.Widget:
        if name not in self._parts:
            if name == "reveal_button":
                made = w.Button(description=word("exercise.reveal"), tooltip=word("exercise.reveal_tooltip"),
                                layout=w.Layout(display="none"), style=self.share("button_style", ButtonStyle))
                made.on_click(lambda _b: self.reveal())
                self._parts[name] = made
                self._buttons.children = [self.check_button, self.hint_button, made]
            else:
                self._parts[name] = self.html()
                self._lay_out()
        return self._parts[name]

    def _lay_out(self) -> None:
        if self._body:
            self.children = [*self._body, *(self._parts[n] for n in self._SLOTS if n in self._parts),
                             self.status]

    hints = property(lambda self: self._part("hints"), doc="The hints shown so far.")
    feedback = property(lambda self: self._part("feedback"), doc="The feedback on the last Check.")
    answer_box = property(lambda self: self._part("answer_box"), doc="The expert answer, once shown.")
    reveal_button = property(lambda self: self._part("reveal_button"),
                             doc="Show the answer (visible after a few tries).")

    # ------------------------------------------------------------------ the answer
    def value(self) -> Any:
        """The learner's answer as the checker expects it (None when not answered)."""
        return self.qtype.from_control(self.q, self.answer.value()) if self.answer else None

    def set_value(self, value: Any) -> None:
        """Fill the control with an answer (used to restore a saved answer, and by tests)."""
        if self.answer:
            self.answer.set_value(self.qtype.to_control(self.q, value))

    def tries(self) -> int:
        return int((exercises.attempts(self.store).get(self.question_id) or {}).get("tries", 0) or 0)

    def _restore(self) -> None:
        saved = (self.store.exercise(self.question_id) or {}).get("answer")
        self._update_reveal()
        if saved is None:
            self.say()
            return
        self.set_value(saved)
        self.check(save=False)

    def _update_reveal(self) -> None:
        visible = self.tries() >= self.reveal_after
        if visible or "reveal_button" in self._parts:
            self.reveal_button.layout.display = None if visible else "none"

    # ------------------------------------------------------------------ buttons
    @guarded("exercise.doing_check")
    def check(self, save: bool = True) -> Any:
        """Judge the answer and show the feedback (what Check does); the checker saves it."""
        value = self.value()

        def judge() -> Any:
            found = exercises.check(self.question_id, value, answers=self.store, ds=self.ds, save=save)
            self._update_reveal()  # Show the answer appears after a few tries
            return found

        return self.judge(value, judge, feedback_html, save)

    @guarded("exercise.doing_hint")
    def hint(self) -> None:
        """Show the next hint (what Hint does)."""
        hints = [common.fill(str(h), self.ds) for h in self.q.get("hints", [])]
        if not hints:
            self.hints.value = notice(word("exercise.no_hint"), "info")
            return
        self.hint_shown = min(self.hint_shown + 1, len(hints))
        self.hints.value = "".join(notice(word("exercise.hint_line", hint=h), "info") for h in hints[:self.hint_shown])

    @guarded("exercise.doing_reveal")
    def reveal(self) -> Any:
        """Show the expert answer and why (what Show the answer does); noted in the answers file."""
        found = exercises.reveal(self.question_id, ds=self.ds, answers=self.store)
        self.answer_box.value = feedback_html(found)
        return found


def exercise(question_id: str, store: answer_store.AnswerStore | None = None) -> ExerciseBox:
    """Ask one exercise question as a widget: answer, press Check; Hint and Show the answer are buttons."""
    return ExerciseBox(question_id, store=store)


def quiz(question_id: str, store: answer_store.AnswerStore | None = None) -> ExerciseBox:
    """Ask one question of data/exercises.yaml in a lesson notebook (the same widget as an exercise)."""
    return ExerciseBox(question_id, store=store)


class ExpertAnswer:
    """A question with the expert answer and its reasoning, rendered from data (solutions/ show these)."""

    def __init__(self, question_id: str, ds: Dataset | None = None, show_passage: bool = True):
        self.ds = ds or load()
        self.feedback = exercises.expert_answer(question_id, ds=self.ds)
        q = exercises.get_question(self.ds, common.question_id(question_id)) or {}
        self.passage = passage_html(bank.passage(self.ds, q["passage"]), self.ds) \
            if show_passage and q.get("passage") else ""

    def __repr__(self) -> str:
        return self.feedback.text

    def _repr_html_(self) -> str:
        return self.passage + feedback_html(self.feedback)


def expert_answer(question_id: str) -> ExpertAnswer:
    """Show a question's expert answer and reasoning from data/exercises.yaml (for solutions/)."""
    return ExpertAnswer(question_id)


def exercise_with_answer(question_id: str) -> ExpertAnswer:
    """For solutions/: the question as learners get it, and under it the expert answer and why.

    One cell, two outputs: the widget (shown at once) and the answer rendered from data. The learner
    copy in exercises/ asks the same question with ``cl.exercise(...)`` (see
    :mod:`claimlab.authoring.build_exercises`).
    """
    from IPython.display import display

    box = ExerciseBox(question_id)
    display(box)
    return ExpertAnswer(question_id, ds=getattr(box, "ds", None), show_passage=False)
