"""Export the learner's answers for the instructor: a file and a download link.
"""
from __future__ import annotations

import base64
from pathlib import Path

import ipywidgets as w

from claimlab.core import store as answer_store
from claimlab.ui.html import escape, notice
from claimlab.ui.widgets.base import Panel, flow, guarded, static_hint, the_store


def download_link(payload: str, filename: str = "claimlab_answers.json") -> str:
    """An HTML link that downloads ``payload`` as a JSON file (works on Binder: no server file needed)."""
    encoded = base64.b64encode(payload.encode("utf-8")).decode("ascii")
    return (f'<a download="{escape(filename)}" href="data:application/json;charset=utf-8;base64,{encoded}" '
            f'style="color:var(--jp-content-link-color);text-decoration:underline;">'
            f'Download my answers ({escape(filename)})</a>')


class ExportPanel(Panel):
    """A button that writes a copy of the answers for the instructor and offers a download link."""

    def __init__(self, path: str | Path | None = None, store: answer_store.AnswerStore | None = None):
        super().__init__(f"Button: save a copy of your answers for your instructor. {static_hint()}")
        self.path = path
        self.written: Path | None = None
        self.button = w.Button(description="Save a copy for my instructor", button_style="primary",
                               tooltip="Write a copy of all your answers to a file you can send",
                               layout=w.Layout(width="auto"))
        self.button.on_click(lambda _button: self.export())
        self.result = w.HTML()
        self.children = [flow([self.button]), self.result, self.status]
        try:
            self.store = the_store(store)
            self.say()
        except Exception as exc:
            self.fail("opening your answers", exc)

    @guarded("saving a copy of your answers")
    def export(self) -> Path | None:
        """Write the copy (what the button does); returns its path, or None if it could not be written."""
        link = download_link(self.store.export_json())
        try:
            self.written = self.store.export(self.path).resolve()
        except OSError as exc:
            self.written = None
            reason = escape(answer_store.describe_error(exc))
            self.result.value = notice(f"Could not write the copy ({reason}). Use this link instead: {link}",
                                       "warning", raw_html=True)
        else:
            self.result.value = notice(
                f"Saved a copy to <code>{escape(self.written)}</code>. Send that file to your instructor, "
                f"or use this link: {link}", "saved", raw_html=True)
        self.say()
        return self.written


def export_answers(path: str | Path | None = None,
                   store: answer_store.AnswerStore | None = None) -> ExportPanel:
    """A "Save a copy for my instructor" button: writes ``store.export(path)`` and shows a download link."""
    return ExportPanel(path, store=store)
