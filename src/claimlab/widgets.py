"""Widgets for judging the sourcing of one claim, and for keeping the learner's answers.

Notebook cells call these as ``cl.<name>(...)``; each returns a widget that shows itself
when it is the last expression of a cell:

* :func:`claim_card` - one claim, highlighted in its paragraph;
* :func:`rate` - the claim card plus one question per rubric dimension, Check and Reset;
* :func:`rate_any` - a drop-down to pick any claim, with its rater;
* :func:`progress` / :func:`progress_summary` - how the learner's answers compare with the key;
* :func:`first_impression` - "how far do you trust this article's figures?", at the start and the end;
* :func:`export_answers` - a copy of the answers for the instructor, with a download link.

Every behaviour works through the Python API (set ``.value``, call ``.click()``, read
``.value``), so it is tested without a browser. A widget's text form (what a static page
or nbval sees) is fixed for a given claim, never a memory address or a time. Nothing a
learner does can show a Python traceback: an unexpected error becomes a plain message
in the widget, and the details are kept in ``widget.last_error`` and logged at INFO level
on the ``claimlab.widgets`` logger.
"""
from __future__ import annotations

import base64
import functools
import html
import logging
import re
import traceback
from pathlib import Path
from typing import Any, Callable, Iterable

import ipywidgets as w
import pandas as pd

from . import rubric, text
from . import store as answer_store
from .data import DataError, Dataset, load

__all__ = [
    "ClaimCard", "SourcingRater", "ClaimPicker", "ProgressView", "ImpressionPoll", "ExportPanel",
    "claim_card", "rate", "rate_any", "progress", "progress_summary", "first_impression", "export_answers",
]

_log = logging.getLogger(__name__)

STATIC_HINT = "Run this notebook in JupyterLab to use it."
SYMBOLS = {"right": "✓", "near": "≈", "wrong": "✗", "unanswered": "○",
           "info": "ℹ", "saved": "✓", "warning": "⚠", "error": "⚠"}
_EDGES = {"right": "var(--jp-success-color1)", "near": "var(--jp-warn-color1)",
          "wrong": "var(--jp-error-color1)", "unanswered": "var(--jp-border-color1)",
          "info": "var(--jp-brand-color1)", "saved": "var(--jp-success-color1)",
          "warning": "var(--jp-warn-color1)", "error": "var(--jp-error-color1)"}
_TEXT = "color:var(--jp-content-font-color1);line-height:1.45;max-width:600px;"
SIDES = {"ukraine": "Ukraine", "russia": "Russia", "no_one_named": "no one named"}

TRUST_QUESTION = "Before checking anything: how far do you trust this article's figures?"
TRUST_AGAIN = "Now that you have checked the claims: how far do you trust this article's figures?"
TRUST_SCALE = [(1, "Not at all"), (2, "A little"), (3, "Somewhat"), (4, "Mostly"), (5, "Completely")]


# --------------------------------------------------------------------------- small HTML helpers
def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def notice(message: str, kind: str = "info", *, raw_html: bool = False, keep_lines: bool = False) -> str:
    """A message box readable in light and dark themes: a symbol and words, not colour alone."""
    body = message if raw_html else _esc(message)
    lines = "white-space:pre-line;" if keep_lines else ""
    return (f'<div role="status" style="{_TEXT}{lines}border-left:4px solid {_EDGES[kind]};'
            f'background:var(--jp-layout-color2);padding:4px 8px;margin:4px 0;">'
            f'<span aria-hidden="true">{SYMBOLS[kind]}</span> {body}</div>')


def _heading(words: str) -> str:
    return f'<div style="{_TEXT}font-weight:bold;margin-top:6px;">{_esc(words)}</div>'


def _flow(children: list[w.Widget]) -> w.HBox:
    """A row that wraps onto the next line when the notebook is narrow."""
    return w.HBox(children, layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


# --------------------------------------------------------------------------- the shared base
class _Panel(w.VBox):
    """A VBox with a fixed text form, a status line, and callbacks that never show a traceback."""

    def __init__(self, text_repr: str, **kwargs: Any):
        super().__init__(**kwargs)
        self._text_repr = text_repr
        self.status = w.HTML()
        self.last_error: str | None = None
        self.store: answer_store.AnswerStore | None = None

    def __repr__(self) -> str:
        return self._text_repr

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self._text_repr  # ipywidgets would cut it at 110 characters
        return bundle

    def _fail(self, what: str, exc: BaseException) -> None:
        self.last_error = traceback.format_exc()
        _log.info("Claim Lab widget error while %s", what, exc_info=exc)
        if isinstance(exc, DataError):  # written for people: name the file, row and column
            self.status.value = notice(f"Claim Lab could not read its data while {what}. {exc}", "error",
                                       keep_lines=True)
            return
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else exc.__class__.__name__
        self.status.value = notice(
            f"Something went wrong while {what} ({detail}). Please try again; if it happens again, "
            "tell your instructor.", "error")

    def _say(self, message: str = "", kind: str = "info") -> None:
        """Show a message, plus anything the answers store needs the learner to know."""
        parts = [notice(message, kind)] if message else []
        if self.store is not None:
            parts += [notice(m, "warning") for m in self.store.messages]
        self.status.value = "".join(parts)


def _guarded(what: str) -> Callable:
    """Turn any unexpected error in a callback into a plain message in the widget."""
    def wrap(method: Callable) -> Callable:
        @functools.wraps(method)
        def run(self: _Panel, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # a learner never sees a traceback
                self._fail(what, exc)
                return None
        return run
    return wrap


def _the_store(store: answer_store.AnswerStore | None) -> answer_store.AnswerStore:
    return store if store is not None else answer_store.current()


def resolve_claim(claim_id: Any, ds: Dataset) -> tuple[str | None, str]:
    """('CL05', '') for 'CL05', 'cl5', '5' or 5; (None, a plain message) for anything else."""
    raw = "" if _is_missing(claim_id) else str(claim_id).strip()
    m = re.fullmatch(r"(?:CL)?\s*0*(\d{1,3})", raw, flags=re.IGNORECASE)
    if m:
        candidate = f"CL{int(m.group(1)):02d}"
        if candidate in ds.claims.index:
            return candidate, ""
    ids = ds.claim_ids()
    shown = raw[:40] or "(nothing)"
    return None, (f"There is no claim '{shown}'. The claims run from {ids[0]} to {ids[-1]}; "
                  "write one like \"" + ids[0] + "\".")


# --------------------------------------------------------------------------- claim card
def _card_html(ds: Dataset, claim_id: str, reveal: bool = True) -> str:
    """The card's HTML. ``reveal=False`` hides who says it and how (the rater asks that first)."""
    claim = ds.claims.loc[claim_id]
    number = int(claim["paragraph"])
    paragraph, quote = _esc(ds.article.paragraphs[number]), _esc(claim["quote"])
    mark = ('<mark style="background:var(--jp-layout-color3);color:inherit;font-weight:600;'
            'border-bottom:2px solid var(--jp-brand-color1);padding:0 2px;">')
    highlighted = paragraph.replace(quote, f"{mark}{quote}</mark>", 1)
    verb = claim.get("attribution_verb")
    when = claim.get("when_in_text")
    when_words = "the article does not say" if _is_missing(when) else str(when)
    if not _is_missing(claim.get("said_on")):
        when_words += f" ({text.fmt_date(claim['said_on'])})"
    side = SIDES.get(str(claim["claimant_side"]), str(claim["claimant_side"]))
    facts = [("Who", claim["claimant"]), ("Side", side),
             ("Verb of saying", "none" if _is_missing(verb) else verb), ("When", when_words)]
    if not reveal:
        said = ("the article does not say" if _is_missing(claim.get("said_on"))
                else text.fmt_date(claim["said_on"]))
        facts = [("Said on", said), ("Who says it, and how", "your first questions below; shown after you press Check")]
    rows = "".join(f"<li><b>{label}:</b> {_esc(value)}</li>" for label, value in facts)
    return (f'<div style="{_TEXT}">'
            f'<div style="font-weight:bold;">Claim {_esc(claim_id)}, paragraph {number}</div>'
            f'<blockquote style="margin:4px 0;padding:4px 10px;border-left:3px solid var(--jp-border-color1);'
            f'background:var(--jp-layout-color1);">[{number}] {highlighted}</blockquote>'
            f'<ul style="list-style:none;padding-left:0;margin:4px 0;">{rows}</ul></div>')


def _sources_html(ds: Dataset, claim_id: str) -> str:
    """The reference rows a rationale cites (key.csv reference_ids), with who, when and where read."""
    raw = ds.key.loc[claim_id, "reference_ids"]
    ids = [] if _is_missing(raw) else [i.strip() for i in str(raw).split(";") if i.strip()]
    items = []
    for fid in ids:
        if fid not in ds.figures.index or not bool(ds.figures.loc[fid, "teachable"]):
            continue
        row = ds.figures.loc[fid]
        when = text.fmt_date(row["date"], approx=not bool(row["date_is_exact"])) if not _is_missing(row["date"]) \
            else str(row["as_of_date"] or "date unknown")
        caution = f" ⚠ {_esc(row['caution'])}" if bool(row["cautioned"]) else ""
        items.append(f'<li><b>{_esc(fid)}</b>: {_esc(text.figure_phrase(row))}, {_esc(row["claimant"])}, {_esc(when)}; '
                     f'read on <a href="{_esc(row["source_url"])}" target="_blank" rel="noopener" '
                     f'style="color:var(--jp-content-link-color);">{_esc(row["reported_by"])}</a>.{caution}</li>')
    if not items:
        return ""
    return f'<div style="margin-top:4px;"><b>Sources cited:</b><ul style="margin:2px 0;">{"".join(items)}</ul></div>'


class ClaimCard(_Panel):
    """One claim: its quote highlighted in its paragraph, who said it, and when."""

    def __init__(self, claim_id: Any, ds: Dataset | None = None, reveal: bool = True):
        super().__init__("Claim card.")
        self.claim_id: str | None = None
        self.ds: Dataset | None = None
        self.html = w.HTML()
        try:
            ds = ds or load()
            self.claim_id, problem = resolve_claim(claim_id, ds)
            if self.claim_id is None:
                self._text_repr = f"Claim card: {problem}"
                self.html.value = notice(problem, "warning")
            else:
                claim = ds.claims.loc[self.claim_id]
                self._text_repr = (f"Claim {self.claim_id}, paragraph {int(claim['paragraph'])}: "
                                   f"“{claim['quote']}” Claimant: {claim['claimant']}.")
                self.ds = ds
                self.html.value = _card_html(ds, self.claim_id, reveal)
        except Exception as exc:
            self._fail("showing this claim", exc)
        self.children = [self.html, self.status]

    def reveal(self) -> None:
        """Show who makes the claim, their side and the verb (after the learner has answered)."""
        if self.claim_id is not None and self.ds is not None:
            self.html.value = _card_html(self.ds, self.claim_id, True)


def claim_card(claim_id: str) -> ClaimCard:
    """One claim's quote highlighted in its paragraph, with claimant, side, verb and date."""
    return ClaimCard(claim_id)


# --------------------------------------------------------------------------- the rater
def _verdict_html(result: rubric.DimensionResult) -> str:
    return notice(result.feedback, result.verdict)


class SourcingRater(_Panel):
    """The claim card, one question per rubric dimension, Check and Reset, and feedback.

    Attributes for code and tests: ``controls`` and ``feedback`` ({dimension id: widget}),
    ``help_buttons`` / ``help_texts``, ``check_button``, ``reset_button``, ``headline``,
    ``rationale``, ``status`` and ``judgement`` (the last :class:`claimlab.rubric.Judgement`).
    """

    def __init__(self, claim_id: Any, store: answer_store.AnswerStore | None = None, ds: Dataset | None = None,
                 dimensions: Iterable[str] | None = None):
        super().__init__("Sourcing rater.")
        self.claim_id: str | None = None
        self.dimensions: list[str] | None = None if dimensions is None else [str(d) for d in dimensions]
        self.ds: Dataset | None = None
        self.card: ClaimCard | None = None
        self.controls: dict[str, w.RadioButtons] = {}
        self.feedback: dict[str, w.HTML] = {}
        self.help_buttons: dict[str, w.ToggleButton] = {}
        self.help_texts: dict[str, w.HTML] = {}
        self.headline, self.rationale = w.HTML(), w.HTML()
        self.check_button = w.Button(description="Check", button_style="primary",
                                     tooltip="Compare your answers with the expert key, and save them")
        self.reset_button = w.Button(description="Reset", tooltip="Clear your answers for this claim")
        self.judgement: rubric.Judgement | None = None
        self._quiet = False  # True while code (not the learner) sets the controls
        self.children = [self.status]
        try:
            self._build(claim_id, store, ds)
        except Exception as exc:
            self._fail("setting up the questions", exc)

    # ------------------------------------------------------------------ building
    def _build(self, claim_id: Any, store: answer_store.AnswerStore | None, ds: Dataset | None) -> None:
        self.ds = ds = ds or load()
        self.claim_id, problem = resolve_claim(claim_id, ds)
        if self.claim_id is None:
            self._text_repr = f"Sourcing rater: {problem}"
            self.status.value = notice(problem, "warning")
            return
        paragraph = int(ds.claims.loc[self.claim_id, "paragraph"])
        known = [d["id"] for d in ds.rubric["dimensions"]]
        unknown = [d for d in self.dimensions or [] if d not in known]
        if unknown or self.dimensions == []:
            problem = (f"{', '.join(unknown) or 'no question'} is not a rubric question; "
                       f"choose from: {', '.join(known)}.")
            self._text_repr = f"Sourcing rater: {problem}"
            self.status.value = notice(problem, "warning")
            self.claim_id = None
            return
        numbers = [n for n, d in enumerate(ds.rubric["dimensions"], 1)
                   if self.dimensions is None or d["id"] in self.dimensions]
        which = "" if self.dimensions is None else f", questions {', '.join(map(str, numbers))} of the rubric"
        self._text_repr = f"Sourcing rater for claim {self.claim_id} (paragraph {paragraph}{which}). {STATIC_HINT}"
        self.store = _the_store(store)
        self.card = ClaimCard(self.claim_id, ds, reveal=False)
        intro = w.HTML(f'<div style="{_TEXT}">Judge how this claim is sourced: answer each question, '
                       'then press <b>Check</b>. Your answers are saved when you check them.</div>')
        boxes = [self._question(n, dim) for n, dim in enumerate(ds.rubric["dimensions"], 1)
                 if self.dimensions is None or dim["id"] in self.dimensions]
        self.check_button.on_click(lambda _button: self.check())
        self.reset_button.on_click(lambda _button: self.reset())
        self.children = [self.card, intro, *boxes, _flow([self.check_button, self.reset_button]),
                         self.status, self.headline, self.rationale]
        self._restore()

    def _question(self, number: int, dim: dict[str, Any]) -> w.VBox:
        dim_id, question = dim["id"], f"{number}. {dim['question']}"
        control = w.RadioButtons(
            options=[(str(o["label"]), str(o["id"])) for o in dim["options"]], value=None,
            description="", tooltip=question, layout=w.Layout(width="auto", max_width="600px"))
        control.observe(lambda change, d=dim_id: self._changed(d), names="value")
        toggle = w.ToggleButton(value=False, description="Show help", tooltip=f"Help for question {number}",
                                layout=w.Layout(width="auto"))
        help_text = w.HTML(notice(" ".join(str(dim.get("help", "")).split()), "info"),
                           layout=w.Layout(display="none"))
        toggle.observe(lambda change, d=dim_id: self._toggle_help(d), names="value")
        self.controls[dim_id], self.help_buttons[dim_id] = control, toggle
        self.help_texts[dim_id], self.feedback[dim_id] = help_text, w.HTML()
        return w.VBox([w.HTML(_heading(question)), _flow([control, toggle]), help_text, self.feedback[dim_id]],
                      layout=w.Layout(margin="0 0 6px 0"))

    # ------------------------------------------------------------------ behaviour
    def answers(self) -> dict[str, str | None]:
        """{dimension id: chosen option id, or None when not answered}."""
        return {dim_id: control.value for dim_id, control in self.controls.items()}

    @_guarded("showing the help")
    def _toggle_help(self, dim_id: str) -> None:
        shown = self.help_buttons[dim_id].value
        self.help_texts[dim_id].layout.display = None if shown else "none"
        self.help_buttons[dim_id].description = "Hide help" if shown else "Show help"

    @_guarded("noting your change")
    def _changed(self, dim_id: str) -> None:
        if not self._quiet and self.judgement is not None:
            self.feedback[dim_id].value = notice("You changed this answer: press Check to see feedback on it.",
                                                 "unanswered")

    def _set_controls(self, chosen: dict[str, Any]) -> None:
        self._quiet = True
        try:
            for dim_id, control in self.controls.items():
                control.value = rubric.normalise(self.ds, dim_id, chosen.get(dim_id))
        finally:
            self._quiet = False

    def _show(self, judgement: rubric.Judgement) -> None:
        self.judgement = judgement
        for result in judgement.results:
            self.feedback[result.dimension].value = _verdict_html(result)
        counts = judgement.counts
        kind = "right" if counts["right"] == len(judgement.results) else "info"
        self.headline.value = notice(judgement.headline, kind)
        if judgement.complete and self.dimensions is not None:
            self.rationale.value = notice("The expert's full reasoning appears when you rate this claim on "
                                          "all eight questions (notebook 02).", "info")
        elif judgement.complete:
            self.rationale.value = notice(f"<b>The expert view:</b> {_esc(judgement.rationale)}"
                                          + _sources_html(self.ds, self.claim_id), "info", raw_html=True)
        elif judgement.answered:
            self.rationale.value = notice("Answer every question to see the expert's reasoning for this claim.",
                                          "unanswered")
        else:
            self.rationale.value = ""
        if judgement.answered and self.card is not None:
            self.card.reveal()

    def _restore(self) -> None:
        entry = self.store.rating(self.claim_id)
        saved = entry.get("answers") if entry else None
        if not isinstance(saved, dict):
            self._say()
            return
        self._set_controls(saved)
        judgement = rubric.judge(self.claim_id, self.answers(), self.ds, self.dimensions)
        if judgement.answered:
            self._show(judgement)
            self._say("Your saved answers for this claim were restored.", "info")
        else:
            self._say()

    @_guarded("checking your answers")
    def check(self) -> rubric.Judgement:
        """Judge the current answers, show the feedback, and save them (what the Check button does)."""
        chosen = self.answers()
        judgement = rubric.judge(self.claim_id, chosen, self.ds, self.dimensions)
        self._show(judgement)
        if self.dimensions is not None:  # keep answers given elsewhere to the other questions
            entry = self.store.rating(self.claim_id) or {}
            earlier = entry.get("answers") if isinstance(entry.get("answers"), dict) else {}
            chosen = {**earlier, **{k: v for k, v in chosen.items() if v is not None}}
        if not judgement.answered:
            self._say()
        elif self.store.save_rating(self.claim_id, chosen, rubric.judge(self.claim_id, chosen, self.ds).verdicts()):
            self._say("Your answers for this claim are saved.", "saved")
        else:
            self._say("Your answers are checked but could not be saved to the file (see below).", "warning")
        return judgement

    @_guarded("clearing your answers")
    def reset(self) -> None:
        """Clear the controls and the feedback and forget the saved rating (what Reset does)."""
        had_saved = self.store.rating(self.claim_id) is not None
        self._set_controls({})
        for box in self.feedback.values():
            box.value = ""
        self.headline.value = self.rationale.value = ""
        self.judgement = None
        if not had_saved:
            self._say("The answers were cleared.", "info")
        elif self.store.forget_rating(self.claim_id):
            self._say("Your earlier answer was cleared.", "info")
        else:
            self._say("Your earlier answer was cleared here, but the file could not be updated (see below).",
                      "warning")


def rate(claim_id: str, dimensions: Iterable[str] | None = None,
         store: answer_store.AnswerStore | None = None) -> SourcingRater:
    """Judge one claim's sourcing on the rubric and get feedback; answers are saved on Check.

    ``dimensions`` asks only some of the rubric's questions, e.g. ``["who", "party", "attribution"]``.
    """
    return SourcingRater(claim_id, store=store, dimensions=dimensions)


# --------------------------------------------------------------------------- rate any claim
def claim_choice_label(ds: Dataset, claim_id: str, width: int = 48) -> str:
    """'CL05 — ¶3 — An estimated 180,000 people have been evacuated …' (quote cut at a word)."""
    claim = ds.claims.loc[claim_id]
    quote = " ".join(str(claim["quote"]).split())
    if len(quote) > width:
        quote = quote[:width].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return f"{claim_id} — ¶{int(claim['paragraph'])} — {quote}"


class ClaimPicker(_Panel):
    """A drop-down of claims; picking one shows its rater (choices made are kept while switching)."""

    def __init__(self, claim_ids: Iterable[Any] | str | None = None,
                 store: answer_store.AnswerStore | None = None, ds: Dataset | None = None):
        super().__init__("Claim picker.")
        self.ds: Dataset | None = None
        self.raters: dict[str, SourcingRater] = {}
        self.rater_box = w.VBox()
        self.dropdown = w.Dropdown(options=[], value=None, description="Claim to rate:",
                                   tooltip="Pick a claim from the article to judge its sourcing",
                                   style={"description_width": "initial"},
                                   layout=w.Layout(width="auto", max_width="600px"))
        self.children = [self.status]
        try:
            self._build(claim_ids, store, ds)
        except Exception as exc:
            self._fail("listing the claims", exc)

    def _build(self, claim_ids: Iterable[Any] | str | None, store: answer_store.AnswerStore | None,
               ds: Dataset | None) -> None:
        self.ds = ds = ds or load()
        self.store = _the_store(store)
        if claim_ids is None:
            wanted = ds.claim_ids()
        else:
            wanted = [claim_ids] if isinstance(claim_ids, (str, int)) else list(claim_ids)
        ids, problems = [], []
        for raw in wanted:
            claim_id, problem = resolve_claim(raw, ds)
            if claim_id is None:
                problems.append(problem)
            elif claim_id not in ids:
                ids.append(claim_id)
        if not ids:
            message = " ".join(problems) or "No claims were given to choose from."
            self._text_repr = f"Claim picker: {message}"
            self.status.value = notice(message, "warning")
            return
        self._text_repr = f"Claim picker: rate any of these {len(ids)} claims: {', '.join(ids)}. {STATIC_HINT}"
        self.dropdown.options = [(claim_choice_label(ds, cid), cid) for cid in ids]
        rated = set(self.store.ratings())
        self.dropdown.value = next((cid for cid in ids if cid not in rated), ids[0])
        self.dropdown.observe(lambda change: self.select(change["new"]), names="value")
        self.children = [self.dropdown, self.status, self.rater_box]
        if problems:
            self.status.value = notice(" ".join(problems), "warning")
        self.select(self.dropdown.value)

    @property
    def rater(self) -> SourcingRater | None:
        """The rater shown now."""
        return self.raters.get(self.dropdown.value)

    @_guarded("switching claims")
    def select(self, claim_id: str) -> None:
        """Show the rater for ``claim_id`` (what picking it in the drop-down does)."""
        if claim_id is None:
            return
        if self.dropdown.value != claim_id:
            self.dropdown.value = claim_id  # calls select() again through the observer
            return
        if claim_id not in self.raters:
            self.raters[claim_id] = SourcingRater(claim_id, store=self.store, ds=self.ds)
        self.rater_box.children = [self.raters[claim_id]]


def rate_any(claim_ids: Iterable[str] | None = None,
             store: answer_store.AnswerStore | None = None) -> ClaimPicker:
    """Pick any claim (all of them by default) from a drop-down and rate it."""
    return ClaimPicker(claim_ids, store=store)


# --------------------------------------------------------------------------- progress
PROGRESS_COLUMNS = ["dimension", "question", "right", "near", "not_quite", "not_answered"]
_VERDICT_COLUMNS = {"right": "right", "near": "near", "wrong": "not_quite", "unanswered": "not_answered"}


def _credibility_scale(ds: Dataset) -> list[str]:
    return [str(o["id"]) for d in ds.rubric["dimensions"] if d["id"] == "credibility" for o in d["options"]]


def _calibration(ratings: dict[str, dict[str, Any]], ds: Dataset) -> dict[str, int]:
    """Credibility grades on a scale: doubting supported claims, and trusting unconfirmed ones."""
    scale = _credibility_scale(ds)
    out = {"supported_graded": 0, "doubted_supported": 0, "unconfirmed_graded": 0, "trusted_unconfirmed": 0}
    if len(scale) < 4:
        return out
    for claim_id, chosen in ratings.items():
        given = rubric.normalise(ds, "credibility", chosen.get("credibility"))
        if claim_id not in ds.key.index or given is None:
            continue
        expected = scale.index(str(ds.key.loc[claim_id, "credibility"]))
        grade = scale.index(given)
        cannot_judge = len(scale) - 1  # the last grade means "cannot be judged", not "doubtful"
        if expected <= 1:  # the key: confirmed or probably true
            out["supported_graded"] += 1
            out["doubted_supported"] += 3 <= grade < cannot_judge
        elif expected >= 3:  # the key: doubtful or worse, or cannot be judged
            out["unconfirmed_graded"] += 1
            out["trusted_unconfirmed"] += grade <= 1
    return out


def progress_summary(store: answer_store.AnswerStore | None = None, ds: Dataset | None = None) -> pd.DataFrame:
    """Agreement with the key per rubric dimension, over every claim the learner has checked.

    One row per dimension (in rubric order) with the counts ``right``, ``near``, ``not_quite``
    and ``not_answered``. ``.attrs`` holds ``claims_judged``, ``claims_total`` and the
    credibility calibration counts ``supported_graded``, ``doubted_supported`` (false alarms),
    ``unconfirmed_graded`` and ``trusted_unconfirmed``. Verdicts are recomputed from the
    current key, so an edited key is reflected.
    """
    ds = ds or load()
    ratings = {cid: a for cid, a in _the_store(store).ratings().items() if cid in ds.key.index}
    verdicts = rubric.agreement(ratings, ds)
    judged = verdicts[verdicts["verdict"] != "unanswered"]["claim_id"].unique()
    verdicts = verdicts[verdicts["claim_id"].isin(judged)]
    rows = []
    for dim in ds.rubric["dimensions"]:
        mine = verdicts[verdicts["dimension"] == dim["id"]]["verdict"].value_counts()
        row = {"dimension": dim["id"], "question": dim["question"]}
        row.update({column: int(mine.get(verdict, 0)) for verdict, column in _VERDICT_COLUMNS.items()})
        rows.append(row)
    frame = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    frame.attrs.update(claims_judged=len(judged), claims_total=len(ds.claims),
                       **_calibration({cid: ratings[cid] for cid in judged}, ds))
    return frame


def _progress_html(frame: pd.DataFrame, ds: Dataset) -> tuple[str, str]:
    attrs = frame.attrs
    judged, total = attrs["claims_judged"], attrs["claims_total"]
    if not judged:
        return (notice(f"You have not checked any of the {total} claims yet. Rate a claim, press Check, "
                       "then press Refresh here.", "info"), "")
    lines = [f"You have checked {judged} of {total} claims."]
    scale = _credibility_scale(ds)
    top, low = f"{scale[0]} or {scale[1]}", " or ".join(scale[3:-1])
    unjudged = f"{', '.join(scale[3:-1])} or {scale[-1]}"
    if attrs["supported_graded"]:
        lines.append(f"Claims the key grades {top} for credibility that you graded {low} (false alarms): "
                     f"{attrs['doubted_supported']} of {attrs['supported_graded']}.")
    if attrs["unconfirmed_graded"]:
        lines.append(f"Claims the key grades {unjudged} that you graded {top} (too trusting): "
                     f"{attrs['trusted_unconfirmed']} of {attrs['unconfirmed_graded']}.")
    cell = "padding:2px 8px;border-bottom:1px solid var(--jp-border-color2);"
    columns = [("Question", "left"), ("✓ Right", "right"), ("≈ Near miss", "right"),
               ("✗ Not quite", "right"), ("○ Not answered", "right")]
    head = "".join(f'<th scope="col" style="{cell}text-align:{align};white-space:nowrap;">{_esc(words)}</th>'
                   for words, align in columns)
    body = "".join(
        f'<tr><th scope="row" style="{cell}text-align:left;font-weight:normal;">{_esc(r.question)}</th>'
        + "".join(f'<td style="{cell}text-align:right;">{getattr(r, c)}</td>'
                  for c in ("right", "near", "not_quite", "not_answered")) + "</tr>"
        for r in frame.itertuples())
    table = (f'<table style="{_TEXT}border-collapse:collapse;margin:4px 0;">'
             f'<caption style="text-align:left;font-weight:bold;">Your answers compared with the key, '
             f'per question</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
    return notice(" ".join(lines), "info"), table


class ProgressView(_Panel):
    """How many claims the learner has checked and how their answers compare with the key."""

    def __init__(self, store: answer_store.AnswerStore | None = None, ds: Dataset | None = None):
        super().__init__(f"Your progress on the sourcing questions. {STATIC_HINT}")
        self.ds = ds
        self.summary, self.table = w.HTML(), w.HTML()
        self.refresh_button = w.Button(description="Refresh", tooltip="Count your saved answers again")
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.frame: pd.DataFrame | None = None
        self.children = [self.summary, self.table, _flow([self.refresh_button]), self.status]
        try:
            self.store = _the_store(store)
        except Exception as exc:
            self._fail("opening your answers", exc)
            return
        self.refresh()

    @_guarded("counting your answers")
    def refresh(self) -> None:
        """Count the saved answers again (what the Refresh button does)."""
        self.ds = self.ds or load()
        self.frame = progress_summary(self.store, self.ds)
        self.summary.value, self.table.value = _progress_html(self.frame, self.ds)
        self._say()


def progress(store: answer_store.AnswerStore | None = None) -> ProgressView:
    """How many claims are judged, and agreement with the key per dimension, with a Refresh button."""
    return ProgressView(store)


# --------------------------------------------------------------------------- first and final impression
class ImpressionPoll(_Panel):
    """"How far do you trust this article's figures?" on a 5-point scale, with an optional why."""

    def __init__(self, revisit: bool = False, store: answer_store.AnswerStore | None = None):
        question = TRUST_AGAIN if revisit else TRUST_QUESTION
        super().__init__(f"{'Final' if revisit else 'First'} impression: {question} {STATIC_HINT}")
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
        self.children = [self.earlier, w.HTML(_heading(question)), self.scale, self.why, self.save_button,
                         self.status]
        try:
            self.store = _the_store(store)
            self._restore()
        except Exception as exc:
            self._fail("opening your answers", exc)

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
            self._say("Your earlier answer is shown; change it and press Save to update it.", "info")
        else:
            self._say()

    @_guarded("saving your answer")
    def save(self) -> bool:
        """Save the chosen point and the why (what the Save button does). False if nothing is chosen."""
        label = self._label(self.scale.value)
        if label is None:
            self._say("Choose a point on the scale first, then press Save.", "unanswered")
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
            self._say(message, "saved")
        else:
            self._say(message + " It is kept for this session but could not be written to the file (see below).",
                      "warning")
        return ok


def first_impression(revisit: bool = False,
                     store: answer_store.AnswerStore | None = None) -> ImpressionPoll:
    """Ask how far the learner trusts the article's figures (saved as a note); revisit=True asks again."""
    return ImpressionPoll(revisit=revisit, store=store)


# --------------------------------------------------------------------------- a question from data/exercises.yaml
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
        self.children = [self.status]
        try:
            self._build(store)
        except Exception as exc:
            self._fail("setting up the question", exc)

    def _build(self, store: answer_store.AnswerStore | None) -> None:
        from . import exercises

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
        self.children = [w.HTML(_heading(prompt)), self.control, self.check_button, self.feedback, self.status]
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

    @_guarded("checking your answer")
    def check(self, save: bool = True) -> Any:
        """Judge the answer and show the feedback (what Check does); the checker saves it."""
        from . import exercises

        value = self.value()
        if value is None:
            self.feedback.value = notice("Not answered yet: give your answer, then press Check.", "unanswered")
            self._say()
            return None
        feedback = exercises.check(self.question_id, value, answers=self.store, save=save)
        self.feedback.value = feedback._repr_html_()
        self._say("Your answer is saved." if save and self.store.writable else "", "saved")
        return feedback


def quiz(question_id: str, store: answer_store.AnswerStore | None = None) -> QuizBox:
    """Ask one question from data/exercises.yaml as a widget, with feedback on Check."""
    return QuizBox(question_id, store=store)


# --------------------------------------------------------------------------- a learner's own words
class NoteBox(_Panel):
    """A labelled text box with Save: the learner's own words, kept in the answers file as a note."""

    def __init__(self, name: str, prompt: str, store: answer_store.AnswerStore | None = None):
        self.name = " ".join(str(name).split()) or "note"
        self.prompt = " ".join(str(prompt).split())
        super().__init__(f"Text box: {self.prompt} {STATIC_HINT}")
        self.text = w.Textarea(value="", placeholder="Write here, then press Save.", description="",
                               tooltip=self.prompt, layout=w.Layout(width="100%", max_width="600px", height="7em"))
        self.save_button = w.Button(description="Save", button_style="primary", tooltip="Save what you wrote")
        self.save_button.on_click(lambda _button: self.save())
        self.children = [w.HTML(_heading(self.prompt)), self.text, self.save_button, self.status]
        try:
            self.store = _the_store(store)
            saved = self.store.note(self.name)
            if isinstance(saved, str) and saved.strip():
                self.text.value = saved
                self._say("What you wrote earlier is shown; edit it and press Save to update it.", "info")
            else:
                self._say()
        except Exception as exc:
            self._fail("opening your answers", exc)

    @_guarded("saving what you wrote")
    def save(self) -> bool:
        """Save the text (what the Save button does). False if the box is empty or the file could not be written."""
        words = self.text.value.strip()
        if not words:
            self._say("The box is empty: write something first, then press Save.", "unanswered")
            return False
        if self.store.save_note(self.name, words):
            self._say("Saved.", "saved")
            return True
        self._say("Kept for this session, but it could not be written to the file (see below).", "warning")
        return False


def note_box(name: str, prompt: str, store: answer_store.AnswerStore | None = None) -> NoteBox:
    """A text box whose contents are saved in the answers file under ``name``."""
    return NoteBox(name, prompt, store=store)


# --------------------------------------------------------------------------- export
def download_link(payload: str, filename: str = "claimlab_answers.json") -> str:
    """An HTML link that downloads ``payload`` as a JSON file (works on Binder: no server file needed)."""
    encoded = base64.b64encode(payload.encode("utf-8")).decode("ascii")
    return (f'<a download="{_esc(filename)}" href="data:application/json;charset=utf-8;base64,{encoded}" '
            f'style="color:var(--jp-content-link-color);text-decoration:underline;">'
            f'Download my answers ({_esc(filename)})</a>')


class ExportPanel(_Panel):
    """A button that writes a copy of the answers for the instructor and offers a download link."""

    def __init__(self, path: str | Path | None = None, store: answer_store.AnswerStore | None = None):
        super().__init__(f"Button: save a copy of your answers for your instructor. {STATIC_HINT}")
        self.path = path
        self.written: Path | None = None
        self.button = w.Button(description="Save a copy for my instructor", button_style="primary",
                               tooltip="Write a copy of all your answers to a file you can send",
                               layout=w.Layout(width="auto"))
        self.button.on_click(lambda _button: self.export())
        self.result = w.HTML()
        self.children = [_flow([self.button]), self.result, self.status]
        try:
            self.store = _the_store(store)
            self._say()
        except Exception as exc:
            self._fail("opening your answers", exc)

    @_guarded("saving a copy of your answers")
    def export(self) -> Path | None:
        """Write the copy (what the button does); returns its path, or None if it could not be written."""
        link = download_link(self.store.export_json())
        try:
            self.written = self.store.export(self.path).resolve()
        except OSError as exc:
            self.written = None
            reason = _esc(answer_store.describe_error(exc))
            self.result.value = notice(f"Could not write the copy ({reason}). Use this link instead: {link}",
                                       "warning", raw_html=True)
        else:
            self.result.value = notice(
                f"Saved a copy to <code>{_esc(self.written)}</code>. Send that file to your instructor, "
                f"or use this link: {link}", "saved", raw_html=True)
        self._say()
        return self.written


def export_answers(path: str | Path | None = None,
                   store: answer_store.AnswerStore | None = None) -> ExportPanel:
    """A "Save a copy for my instructor" button: writes ``store.export(path)`` and shows a download link."""
    return ExportPanel(path, store=store)
