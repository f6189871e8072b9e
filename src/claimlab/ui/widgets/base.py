"""What every Claim Lab widget shares: a fixed text form, a status line, and callbacks that never
show a learner a traceback (errors become a plain message; details go to ``widget.last_error``).
"""
from __future__ import annotations

import functools
import logging
import re
import traceback
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd
from ipywidgets.widgets.widget_string import HTMLStyle

from claimlab.core import store as answer_store
from claimlab.core.dataset import Dataset
from claimlab.core.problems import DataError
from claimlab.core.words import word
from claimlab.ui.html import notice

_log = logging.getLogger(__name__)

_SHARED: dict[str, w.Widget] = {}  # see Panel.share


def static_hint() -> str:
    """What a saved notebook shows in place of a widget (its text form ends with it)."""
    return word("widget.static_hint")


def flow(children: list[w.Widget]) -> w.HBox:
    """A row that wraps onto the next line when the notebook is narrow."""
    return w.HBox(children, layout=Panel.share(
        "flow_layout", lambda: w.Layout(flex_flow="row wrap", align_items="flex-start")))


def is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


# --------------------------------------------------------------------------- the shared base
class Panel(w.VBox):
    """A VBox with a fixed text form, a status line, and callbacks that never show a traceback."""

    def __init__(self, text_repr: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.text_repr = text_repr
        self.status = self.html()
        self.last_error: str | None = None
        self.store: answer_store.AnswerStore | None = None

    def __repr__(self) -> str:
        return self.text_repr

    @staticmethod
    def share(name: str, make: Callable[[], w.Widget]) -> w.Widget:
        """One Layout or Style model per kernel for all widgets that use the same one, never changed.

        Each widget model is a message to the browser and a traitlets object to build (much of
        the cost of showing a panel), and sharing an unchanged Layout or Style looks the same.
        Only for layouts and styles that no code changes after they are made (a widget whose
        layout changes, such as a hidden help text, gets its own). A model closed by
        ``Widget.close_all()`` is made again.
        """
        model = _SHARED.get(name)
        if model is None or getattr(model, "comm", None) is None:
            model = _SHARED[name] = make()
        return model

    def html(self, value: str = "") -> w.HTML:
        """An HTML widget with the panel's shared Layout and Style (for text whose look never changes)."""
        return w.HTML(value, layout=self.share("html_layout", w.Layout),
                      style=self.share("html_style", HTMLStyle))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.text_repr  # ipywidgets would cut it at 110 characters
        return bundle

    def fail(self, what: str, exc: BaseException) -> None:
        """Show a plain message for an error while ``what`` (words, or the name of an interface text)."""
        self.last_error = traceback.format_exc()
        what = word(what) if "." in what and " " not in what else what
        _log.info("Claim Lab widget error while %s", what, exc_info=exc)
        if isinstance(exc, DataError):  # written for people: name the file, row and column
            self.status.value = notice(word("widget.data_error", what=what, detail=exc), "error", keep_lines=True)
            return
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else exc.__class__.__name__
        self.status.value = notice(word("widget.error", what=what, detail=detail), "error")

    def judge(self, value: Any, judge: Callable[[], Any], shown: Callable[[Any], str], save: bool) -> Any:
        """What Check does in every question widget: say "not answered yet", or judge the answer
        (the checker saves it), show the feedback in ``self.feedback`` and say it is saved."""
        if value is None:
            self.feedback.value = notice(word("widget.not_answered"), "unanswered")
            self.say()
            return None
        found = judge()
        self.feedback.value = shown(found)
        self.say(word("widget.saved") if save and self.store.writable else "", "saved")
        return found

    def say(self, message: str = "", kind: str = "info") -> None:
        """Show a message, plus anything the answers store needs the learner to know."""
        parts = [notice(message, kind)] if message else []
        if self.store is not None:
            parts += [notice(m, "warning") for m in self.store.messages]
        self.status.value = "".join(parts)


def guarded(what: str) -> Callable:
    """Turn any unexpected error in a callback into a plain message in the widget (``what``: words, or
    the name of an interface text such as ``exercise.doing_check``)."""
    def wrap(method: Callable) -> Callable:
        @functools.wraps(method)
        def run(self: Panel, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # a learner never sees a traceback
                self.fail(what, exc)
                return None
        return run
    return wrap


def the_store(store: answer_store.AnswerStore | None) -> answer_store.AnswerStore:
    return store if store is not None else answer_store.current()


def resolve_claim(claim_id: Any, ds: Dataset) -> tuple[str | None, str]:
    """('CL05', '') for 'CL05', 'cl5', '5' or 5; (None, a plain message) for anything else."""
    raw = "" if is_missing(claim_id) else str(claim_id).strip()
    m = re.fullmatch(r"(?:CL)?\s*0*(\d{1,3})", raw, flags=re.IGNORECASE)
    if m:
        candidate = f"CL{int(m.group(1)):02d}"
        if candidate in ds.claims.index:
            return candidate, ""
    ids = ds.claim_ids()
    shown = raw[:40] or word("widget.nothing", ds)
    return None, word("widget.no_claim", ds, given=shown, first=ids[0], last=ids[-1])


# --------------------------------------------------------------------------- claim card
