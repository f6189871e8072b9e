"""Small answer boxes: the before/after trust poll and the free-text note box.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as w

from claimlab.core import store as answer_store
from claimlab.core.dataset import Dataset, load
from claimlab.core.words import word
from claimlab.ui.html import heading, notice
from claimlab.ui.widgets.base import Panel, guarded, static_hint, the_store

__all__ = ["ImpressionPoll", "first_impression", "NoteBox", "note_box", "trust_question", "trust_scale"]


def trust_question(revisit: bool = False, ds: Dataset | None = None) -> str:
    """The impression question (data/interface.yaml ``poll.question``, or ``poll.question_again`` on revisit)."""
    return word("poll.question_again" if revisit else "poll.question", ds)


def trust_scale(ds: Dataset | None = None) -> list[tuple[int, str]]:
    """The impression scale: [(1, its words), ... (5, its words)] from ``poll.scale`` in data/interface.yaml."""
    labels = (ds or load()).interface.get("poll", {}).get("scale") or []
    return [(value, str(label)) for value, label in enumerate(labels, start=1)]


# --------------------------------------------------------------------------- small HTML helpers
class ImpressionPoll(Panel):
    """"How far do you trust this article's figures?" on a 5-point scale, with an optional why."""

    def __init__(self, revisit: bool = False, store: answer_store.AnswerStore | None = None):
        question = trust_question(revisit)
        form = word("poll.text_form_final" if revisit else "poll.text_form_first", question=question)
        super().__init__(f"{form} {static_hint()}")
        self.revisit = bool(revisit)
        self.note_name = "final_impression" if self.revisit else "first_impression"
        self.earlier = w.HTML()
        self.points = trust_scale()
        self.scale = w.RadioButtons(options=[(label, value) for value, label in self.points], value=None,
                                    description="", tooltip=question, layout=w.Layout(width="auto"))
        self.why = w.Text(value="", description=word("poll.why"), placeholder=word("poll.why_placeholder"),
                          style={"description_width": "initial"},
                          layout=w.Layout(width="auto", min_width="50%", max_width="600px"))
        self.save_button = w.Button(description=word("poll.save"), button_style="primary",
                                    tooltip=word("poll.save_tooltip"))
        self.save_button.on_click(lambda _button: self.save())
        self.children = [self.earlier, w.HTML(heading(question)), self.scale, self.why, self.save_button,
                         self.status]
        try:
            self.store = the_store(store)
            self._restore()
        except Exception as exc:
            self.fail("widget.doing_open", exc)

    def _label(self, value: Any) -> str | None:
        return dict(self.points).get(value) if isinstance(value, int) else None

    def _restore(self) -> None:
        if self.revisit:
            first = self.store.note("first_impression")
            label = self._label(first.get("trust")) if isinstance(first, dict) else None
            if label:
                why = str(first.get("why") or "").strip()
                why = word("poll.earlier_why", why=why) if why else "."
                self.earlier.value = notice(word("poll.earlier", label=label, why=why), "info")
            else:
                self.earlier.value = notice(word("poll.none"), "info")
        saved = self.store.note(self.note_name)
        if isinstance(saved, dict) and self._label(saved.get("trust")):
            self.scale.value = saved["trust"]
            self.why.value = str(saved.get("why") or "")
            self.say(word("poll.restored"), "info")
        else:
            self.say()

    @guarded("poll.doing_save")
    def save(self) -> bool:
        """Save the chosen point and the why (what the Save button does). False if nothing is chosen."""
        label = self._label(self.scale.value)
        if label is None:
            self.say(word("poll.choose"), "unanswered")
            return False
        why = " ".join(self.why.value.split())
        ok = self.store.save_note(self.note_name, {"trust": self.scale.value, "label": label, "why": why})
        message = word("poll.saved", label=label)
        if self.revisit:
            first = self.store.note("first_impression")
            before = self._label(first.get("trust")) if isinstance(first, dict) else None
            if before:
                message += word("poll.before", before=before) if before != label else word("poll.same")
        if ok:
            self.say(message, "saved")
        else:
            self.say(message + word("poll.not_written"), "warning")
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
        super().__init__(f"{word('note.text_form', prompt=self.prompt)} {static_hint()}")
        self.text = w.Textarea(value="", placeholder=word("note.placeholder"), description="",
                               tooltip=self.prompt, layout=w.Layout(width="100%", max_width="600px", height="7em"))
        self.save_button = w.Button(description=word("note.save"), button_style="primary",
                                    tooltip=word("note.save_tooltip"))
        self.save_button.on_click(lambda _button: self.save())
        self.children = [w.HTML(heading(self.prompt)), self.text, self.save_button, self.status]
        try:
            self.store = the_store(store)
            saved = self.store.note(self.name)
            if isinstance(saved, str) and saved.strip():
                self.text.value = saved
                self.say(word("note.restored"), "info")
            else:
                self.say()
        except Exception as exc:
            self.fail("widget.doing_open", exc)

    @guarded("note.doing_save")
    def save(self) -> bool:
        """Save the text (what the Save button does). False if the box is empty or the file could not be written."""
        words = self.text.value.strip()
        if not words:
            self.say(word("note.empty"), "unanswered")
            return False
        if self.store.save_note(self.name, words):
            self.say(word("note.saved"), "saved")
            return True
        self.say(word("note.not_written"), "warning")
        return False


def note_box(name: str, prompt: str, store: answer_store.AnswerStore | None = None) -> NoteBox:
    """A text box whose contents are saved in the answers file under ``name``."""
    return NoteBox(name, prompt, store=store)


# --------------------------------------------------------------------------- export
