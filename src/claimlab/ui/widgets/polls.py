"""Small answer boxes: the before/after trust poll and the free-text note box.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as w

from claimlab.core import store as answer_store
from claimlab.ui.html import heading, notice
from claimlab.ui.widgets.base import Panel, guarded, static_hint, the_store

TRUST_QUESTION = "Before checking anything: how far do you trust this article's figures?"
TRUST_AGAIN = "Now that you have checked the claims: how far do you trust this article's figures?"
TRUST_SCALE = [(1, "Not at all"), (2, "A little"), (3, "Somewhat"), (4, "Mostly"), (5, "Completely")]


# --------------------------------------------------------------------------- small HTML helpers
class ImpressionPoll(Panel):
    """"How far do you trust this article's figures?" on a 5-point scale, with an optional why."""

    def __init__(self, revisit: bool = False, store: answer_store.AnswerStore | None = None):
        question = TRUST_AGAIN if revisit else TRUST_QUESTION
        super().__init__(f"{'Final' if revisit else 'First'} impression: {question} {static_hint()}")
        self.revisit = bool(revisit)
        self.note_name = "final_impression" if self.revisit else "first_impression"
        self.earlier = w.HTML()
        self.scale = w.RadioButtons(options=[(label, value) for value, label in TRUST_SCALE], value=None,
                                    description="", tooltip=question, layout=w.Layout(width="auto"))
        self.why = w.Text(value="", description="Why? (optional)", placeholder="One line is enough",
                          style={"description_width": "initial"},
                          layout=w.Layout(width="auto", min_width="50%", max_width="600px"))
        self.save_button = w.Button(description="Save", button_style="primary", tooltip="Save your answer")
        self.save_button.on_click(lambda _button: self.save())
        self.children = [self.earlier, w.HTML(heading(question)), self.scale, self.why, self.save_button,
                         self.status]
        try:
            self.store = the_store(store)
            self._restore()
        except Exception as exc:
            self.fail("opening your answers", exc)

    @staticmethod
    def _label(value: Any) -> str | None:
        return dict(TRUST_SCALE).get(value) if isinstance(value, int) else None

    def _restore(self) -> None:
        if self.revisit:
            first = self.store.note("first_impression")
            label = self._label(first.get("trust")) if isinstance(first, dict) else None
            if label:
                why = str(first.get("why") or "").strip()
                self.earlier.value = notice(f"At the start you said: {label}" + (f" (“{why}”)." if why else "."),
                                            "info")
            else:
                self.earlier.value = notice("You did not record a first impression at the start.", "info")
        saved = self.store.note(self.note_name)
        if isinstance(saved, dict) and self._label(saved.get("trust")):
            self.scale.value = saved["trust"]
            self.why.value = str(saved.get("why") or "")
            self.say("Your earlier answer is shown; change it and press Save to update it.", "info")
        else:
            self.say()

    @guarded("saving your answer")
    def save(self) -> bool:
        """Save the chosen point and the why (what the Save button does). False if nothing is chosen."""
        label = self._label(self.scale.value)
        if label is None:
            self.say("Choose a point on the scale first, then press Save.", "unanswered")
            return False
        why = " ".join(self.why.value.split())
        ok = self.store.save_note(self.note_name, {"trust": self.scale.value, "label": label, "why": why})
        message = f"Saved: {label}."
        if self.revisit:
            first = self.store.note("first_impression")
            before = self._label(first.get("trust")) if isinstance(first, dict) else None
            if before:
                message += (f" At the start you said {before}." if before != label
                            else " That is what you said at the start, too.")
        if ok:
            self.say(message, "saved")
        else:
            self.say(message + " It is kept for this session but could not be written to the file (see below).",
                      "warning")
        return ok


def first_impression(revisit: bool = False,
                     store: answer_store.AnswerStore | None = None) -> ImpressionPoll:
    """Ask how far the learner trusts the article's figures (saved as a note); revisit=True asks again."""
    return ImpressionPoll(revisit=revisit, store=store)


# --------------------------------------------------------------------------- a question from data/exercises.yaml
class NoteBox(Panel):
    """A labelled text box with Save: the learner's own words, kept in the answers file as a note."""

    def __init__(self, name: str, prompt: str, store: answer_store.AnswerStore | None = None):
        self.name = " ".join(str(name).split()) or "note"
        self.prompt = " ".join(str(prompt).split())
        super().__init__(f"Text box: {self.prompt} {static_hint()}")
        self.text = w.Textarea(value="", placeholder="Write here, then press Save.", description="",
                               tooltip=self.prompt, layout=w.Layout(width="100%", max_width="600px", height="7em"))
        self.save_button = w.Button(description="Save", button_style="primary", tooltip="Save what you wrote")
        self.save_button.on_click(lambda _button: self.save())
        self.children = [w.HTML(heading(self.prompt)), self.text, self.save_button, self.status]
        try:
            self.store = the_store(store)
            saved = self.store.note(self.name)
            if isinstance(saved, str) and saved.strip():
                self.text.value = saved
                self.say("What you wrote earlier is shown; edit it and press Save to update it.", "info")
            else:
                self.say()
        except Exception as exc:
            self.fail("opening your answers", exc)

    @guarded("saving what you wrote")
    def save(self) -> bool:
        """Save the text (what the Save button does). False if the box is empty or the file could not be written."""
        words = self.text.value.strip()
        if not words:
            self.say("The box is empty: write something first, then press Save.", "unanswered")
            return False
        if self.store.save_note(self.name, words):
            self.say("Saved.", "saved")
            return True
        self.say("Kept for this session, but it could not be written to the file (see below).", "warning")
        return False


def note_box(name: str, prompt: str, store: answer_store.AnswerStore | None = None) -> NoteBox:
    """A text box whose contents are saved in the answers file under ``name``."""
    return NoteBox(name, prompt, store=store)


# --------------------------------------------------------------------------- export
