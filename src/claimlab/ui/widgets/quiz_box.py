"""A lesson question (choice, several choices, number...) checked by ``claimlab.core.exercises``.

In a lesson a learner never types Python: hints are a button here, so the checker's "run cl.hint(...)"
line (meant for the exercise notebooks, where answers are typed) is replaced by a pointer to that button.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import ipywidgets as w

from claimlab.core import store as answer_store
from claimlab.core.dataset import load
from claimlab.ui.html import CHOICES_CLASS, heading, notice, widget_css
from claimlab.ui.widgets.base import STATIC_HINT, _guarded, _Panel, _the_store

TRY_AGAIN = "Change your answer and press Check again. Stuck? Press Hint."


def _for_widget(feedback: Any) -> Any:
    """The checker's feedback without lines that tell the learner to type code."""
    lines = tuple(TRY_AGAIN if "cl.hint(" in line else line for line in feedback.lines)
    return dataclasses.replace(feedback, lines=lines)


class QuizBox(_Panel):
    """One question from data/exercises.yaml as a widget: the prompt, an answer control, Check and feedback.

    Choice questions get radio buttons, multi-choice questions tick boxes, number and text questions a
    text box. Checking goes through :func:`claimlab.exercises.check`, so the answer is judged by the
    same key and saved in the same answers file as the exercise notebooks.
    """

    def __init__(self, question_id: str, store: answer_store.AnswerStore | None = None):
        self.question_id = " ".join(str(question_id).split())
        super().__init__(f"Question {self.question_id}. {STATIC_HINT}")
        self.kind: str | None = None
        self.control: w.Widget | None = None
        self.ticks: dict[str, w.Checkbox] = {}
        self.feedback = w.HTML()
        self.check_button = w.Button(description="Check", button_style="primary",
                                     tooltip="Check your answer, and save it")
        self.check_button.on_click(lambda _button: self.check())
        self.hint_button = w.ToggleButton(value=False, description="Hint", tooltip="Show a hint for this question",
                                          layout=w.Layout(width="auto"))
        self.hint = w.HTML(layout=w.Layout(display="none"))
        self.hint_button.observe(lambda _change: self.toggle_hint(), names="value")
        self.children = [self.status]
        try:
            self._build(store)
        except Exception as exc:
            self._fail("setting up the question", exc)

    def _build(self, store: answer_store.AnswerStore | None) -> None:
        from claimlab.core import exercises

        ds = load()
        q = (ds.exercises.get("questions") or {}).get(self.question_id)
        shown = exercises.question(self.question_id, ds=ds)
        if q is None:
            self.status.value = shown._repr_html_()
            return
        self.store = _the_store(store)
        self.kind = q["type"]
        prompt = shown.headline
        self._text_repr = f"Question {self.question_id}: {prompt} {STATIC_HINT}"
        if self.kind == "choice":
            self.control = w.RadioButtons(options=[(exercises._label(ds, o), str(o["id"])) for o in q["options"]],
                                          value=None, description="", tooltip=prompt,
                                          layout=w.Layout(width="auto", max_width="600px"))
        elif self.kind == "multi":
            self.ticks = {str(o["id"]): w.Checkbox(value=False, description=exercises._label(ds, o), indent=False,
                                                   layout=w.Layout(width="auto", max_width="600px"))
                          for o in q["options"]}
            self.control = w.VBox(list(self.ticks.values()))
        elif self.kind in ("number", "text"):
            hint = q.get("unit", "a short answer") if self.kind == "number" else "one or two sentences"
            maker = w.Text if self.kind == "number" else w.Textarea
            self.control = maker(value="", placeholder=f"Your answer: {hint}", description="", tooltip=prompt,
                                 layout=w.Layout(width="100%", max_width="600px"))
        else:  # order and match questions are answered in a code cell
            self.status.value = notice(f"{prompt} Answer it in a code cell with "
                                       f"cl.check(\"{self.question_id}\", your_answer).", "info")
            return
        self.control.add_class(CHOICES_CLASS)  # long options wrap without overlapping (see ui/html.py)
        buttons = w.HBox([self.check_button, self.hint_button], layout=w.Layout(flex_flow="row wrap"))
        self.children = [w.HTML(widget_css() + heading(prompt)), self.control, buttons, self.hint, self.feedback,
                         self.status]
        self._restore()

    def value(self) -> Any:
        """The learner's answer as the checker expects it (None when not answered)."""
        if self.kind == "multi":
            chosen = [option for option, box in self.ticks.items() if box.value]
            return chosen or None
        value = getattr(self.control, "value", None)
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def _restore(self) -> None:
        saved = (self.store.exercise(self.question_id) or {}).get("answer")
        if saved is None:
            self._say()
            return
        if self.kind == "multi" and isinstance(saved, list):
            for option, box in self.ticks.items():
                box.value = option in saved
        elif self.kind == "choice" and saved in [value for _label, value in self.control.options]:
            self.control.value = saved
        elif self.kind in ("number", "text") and not isinstance(saved, (dict, list)):
            self.control.value = str(saved)
        self.check(save=False)

    @_guarded("showing the hint")
    def toggle_hint(self) -> None:
        """Show or hide the question's hints (what the Hint button does)."""
        from claimlab.core import exercises

        shown = self.hint_button.value
        if shown and not self.hint.value:
            self.hint.value = exercises.hint(self.question_id)._repr_html_()
        self.hint.layout.display = None if shown else "none"
        self.hint_button.description = "Hide hint" if shown else "Hint"

    @_guarded("checking your answer")
    def check(self, save: bool = True) -> Any:
        """Judge the answer and show the feedback (what Check does); the checker saves it."""
        from claimlab.core import exercises

        value = self.value()
        return self._judge(value, lambda: exercises.check(self.question_id, value, answers=self.store, save=save),
                           lambda feedback: _for_widget(feedback)._repr_html_(), save)


def quiz(question_id: str, store: answer_store.AnswerStore | None = None) -> QuizBox:
    """Ask one question from data/exercises.yaml as a widget, with feedback on Check."""
    return QuizBox(question_id, store=store)


# --------------------------------------------------------------------------- a learner's own words
