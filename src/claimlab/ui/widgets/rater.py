"""The sourcing rater: one question per rubric dimension, Check and Reset, and feedback that says
why the chosen option does or does not fit this claim. Also the claim picker (``rate_any``).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_bool import ToggleButtonStyle  # the style classes are not exported
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle

from claimlab.core import rubric
from claimlab.core import store as answer_store
from claimlab.core.dataset import Dataset, load
from claimlab.core.words import word
from claimlab.ui.html import TEXT_CSS, escape, heading, notice
from claimlab.ui.widgets.base import (
    Panel,
    flow,
    guarded,
    resolve_claim,
    static_hint,
    the_store,
)
from claimlab.ui.widgets.card import ClaimCard, sources_html


def _verdict_html(result: rubric.DimensionResult) -> str:
    return notice(result.feedback, result.verdict)


class _OnFirstUse(dict):
    """A dict that builds a value the first time its key is asked for (``build(key)``).

    A rater's help texts are hidden until their button is pressed, and most never are: each
    is built (and put in its question's box) on first use, so showing a rater sends fewer
    widgets to the browser. ``keys`` lists every key that can be built.
    """

    def __init__(self, build, keys: Iterable[str] = ()):
        super().__init__()
        self._build, self._keys = build, list(keys)

    def __missing__(self, key: str):
        if key not in self._keys:
            raise KeyError(key)
        self[key] = value = self._build(key)
        return value


class SourcingRater(Panel):
    """The claim card, one question per rubric dimension, Check and Reset, and feedback.

    The questions are built when the learner opens the rater (its "Rate this claim" button), or
    at once when answers for the claim were saved earlier: a notebook shows several raters of
    about 80 widgets each, and building and sending them all when the notebook runs was most of
    its cost (every learner of a class pays it). Reading ``controls``, ``feedback`` or
    ``help_buttons``, or calling :meth:`check`, shows them first (:meth:`show_questions`).

    Attributes for code and tests: ``controls`` and ``feedback`` ({dimension id: widget}),
    ``help_buttons`` / ``help_texts``, ``open_button``, ``check_button``, ``reset_button``,
    ``headline``, ``rationale``, ``status``, ``judgement`` (the last
    :class:`claimlab.rubric.Judgement`) and ``is_open`` (True once the questions are shown).
    """

    def __init__(self, claim_id: Any, store: answer_store.AnswerStore | None = None, ds: Dataset | None = None,
                 dimensions: Iterable[str] | None = None):
        super().__init__(word("rater.text_form", ds))
        self.claim_id: str | None = None
        self.dimensions: list[str] | None = None if dimensions is None else [str(d) for d in dimensions]
        self.ds: Dataset | None = None
        self.card: ClaimCard | None = None
        self._controls: dict[str, w.RadioButtons] = {}
        self._feedback: dict[str, w.HTML] = {}
        self._help_buttons: dict[str, w.ToggleButton] = {}
        self.is_open = False
        self.open_button = w.Button(description=word("rater.open", ds), button_style="primary", icon="pencil",
                                    tooltip=word("rater.open_tooltip", ds))
        self._head: list[w.Widget] = []
        self.help_texts: dict[str, w.HTML] = _OnFirstUse(self._help_text)  # built when first shown
        self._boxes: dict[str, w.VBox] = {}
        self._dims: dict[str, dict[str, Any]] = {}
        self._parts: dict[str, w.Widget] = {}  # Check, Reset, headline, rationale: made when first needed
        self.judgement: rubric.Judgement | None = None
        self._quiet = False  # True while code (not the learner) sets the controls
        self.children = [self.status]
        try:
            self._build(claim_id, store, ds)
        except Exception as exc:
            self.fail("rater.doing_setup", exc)

    # ------------------------------------------------------------------ building
    def _build(self, claim_id: Any, store: answer_store.AnswerStore | None, ds: Dataset | None) -> None:
        self.ds = ds = ds or load()
        self.claim_id, problem = resolve_claim(claim_id, ds)
        if self.claim_id is None:
            self.text_repr = word("rater.text_form_problem", ds, problem=problem)
            self.status.value = notice(problem, "warning")
            return
        paragraph = int(ds.claims.loc[self.claim_id, "paragraph"])
        known = [d["id"] for d in ds.rubric["dimensions"]]
        unknown = [d for d in self.dimensions or [] if d not in known]
        if unknown or self.dimensions == []:
            problem = word("rater.not_a_question", ds, unknown=", ".join(unknown) or word("rater.no_question", ds),
                           known=", ".join(known))
            self.text_repr = word("rater.text_form_problem", ds, problem=problem)
            self.status.value = notice(problem, "warning")
            self.claim_id = None
            return
        numbers = [n for n, d in enumerate(ds.rubric["dimensions"], 1)
                   if self.dimensions is None or d["id"] in self.dimensions]
        which = "" if self.dimensions is None else word("rater.text_form_which", ds, numbers=", ".join(map(str, numbers)))
        self.text_repr = (f"{word('rater.text_form_claim', ds, claim=self.claim_id, paragraph=paragraph, which=which)} "
                          f"{static_hint()}")
        self.store = the_store(store)
        self.card = ClaimCard(self.claim_id, ds, reveal=False)
        count = len(numbers)
        questions = word("rater.intro_many", ds, count=count) if count > 1 else word("rater.intro_one", ds)
        intro = escape(word("rater.intro", ds, questions=questions)).replace(
            "{check}", f"<b>{escape(word('rater.check', ds))}</b>")
        intro = self.html(f'<div style="{TEXT_CSS}">{intro}</div>')
        self._head = [self.card, intro]
        self.open_button.on_click(lambda _button: self.show_questions())
        entry = self.store.rating(self.claim_id)
        if entry and isinstance(entry.get("answers"), dict):
            self.show_questions()  # answers saved earlier are shown at once
        else:
            self.children = [*self._head, self.open_button, self.status]
            self.say()

    @guarded("rater.doing_show")
    def show_questions(self) -> SourcingRater:
        """Build and show the questions (what the "Rate this claim" button does); restores saved answers."""
        if self.is_open or self.claim_id is None:
            return self
        self.is_open = True
        boxes = [self._question(n, dim) for n, dim in enumerate(self.ds.rubric["dimensions"], 1)
                 if self.dimensions is None or dim["id"] in self.dimensions]
        self.children = [*self._head, *boxes, flow([self.check_button, self.reset_button]),
                         self.status, self.headline, self.rationale]
        self._restore()
        return self

    def _part(self, name: str) -> w.Widget:
        if name not in self._parts:
            if name == "check_button":
                made = w.Button(description=word("rater.check", self.ds), button_style="primary",
                                tooltip=word("rater.check_tooltip", self.ds))
                made.on_click(lambda _button: self.check())
            elif name == "reset_button":
                made = w.Button(description=word("rater.reset", self.ds), tooltip=word("rater.reset_tooltip", self.ds))
                made.on_click(lambda _button: self.reset())
            else:  # headline, rationale
                made = self.html()
            self._parts[name] = made
        return self._parts[name]

    check_button = property(lambda self: self._part("check_button"), doc="The Check button.")
    reset_button = property(lambda self: self._part("reset_button"), doc="The Reset button.")
    headline = property(lambda self: self._part("headline"), doc="The line that sums up the last Check.")
    rationale = property(lambda self: self._part("rationale"), doc="The expert's reasoning, after a Check.")

    @property
    def controls(self) -> dict[str, w.RadioButtons]:
        """{dimension id: the question's radio buttons} (opens the rater)."""
        self.show_questions()
        return self._controls

    @property
    def feedback(self) -> dict[str, w.HTML]:
        """{dimension id: the feedback under the question} (opens the rater)."""
        self.show_questions()
        return self._feedback

    @property
    def help_buttons(self) -> dict[str, w.ToggleButton]:
        """{dimension id: the question's "Show help" button} (opens the rater)."""
        self.show_questions()
        return self._help_buttons

    def _question(self, number: int, dim: dict[str, Any]) -> w.VBox:
        dim_id, question = dim["id"], f"{number}. {dim['question']}"
        control = w.RadioButtons(
            options=[(str(o["label"]), str(o["id"])) for o in dim["options"]], value=None,
            description="", tooltip=question,
            layout=self.share("control_layout", lambda: w.Layout(width="auto", max_width="600px")),
            style=self.share("control_style", DescriptionStyle))
        control.observe(lambda change, d=dim_id: self._changed(d), names="value")
        toggle = w.ToggleButton(value=False, description=word("rater.show_help", self.ds),
                                tooltip=word("rater.help_tooltip", self.ds, number=number),
                                layout=self.share("toggle_layout", lambda: w.Layout(width="auto")),
                                style=self.share("toggle_style", ToggleButtonStyle))
        toggle.observe(lambda change, d=dim_id: self._toggle_help(d), names="value")
        self._controls[dim_id], self._help_buttons[dim_id] = control, toggle
        self._feedback[dim_id] = self.html()
        self._dims[dim_id] = dim
        self.help_texts._keys.append(dim_id)
        box = w.VBox([self.html(heading(question)), flow([control, toggle]),
                      self._feedback[dim_id]],
                     layout=self.share("question_layout", lambda: w.Layout(margin="0 0 6px 0")))
        self._boxes[dim_id] = box
        return box

    def _help_text(self, dim_id: str) -> w.HTML:
        """The help under question ``dim_id``, hidden, put in place above its feedback (built on first use)."""
        dim = self._dims[dim_id]
        help_text = w.HTML(notice(" ".join(str(dim.get("help", "")).split()), "info"),
                           layout=w.Layout(display="none"), style=self.share("html_style", HTMLStyle))
        box = self._boxes[dim_id]
        box.children = [*box.children[:2], help_text, *box.children[2:]]
        return help_text

    # ------------------------------------------------------------------ behaviour
    def answers(self) -> dict[str, str | None]:
        """{dimension id: chosen option id, or None when not answered}."""
        return {dim_id: control.value for dim_id, control in self.controls.items()}

    @guarded("rater.doing_help")
    def _toggle_help(self, dim_id: str) -> None:
        shown = self.help_buttons[dim_id].value
        self.help_texts[dim_id].layout.display = None if shown else "none"
        self.help_buttons[dim_id].description = word("rater.hide_help" if shown else "rater.show_help", self.ds)

    @guarded("rater.doing_change")
    def _changed(self, dim_id: str) -> None:
        if not self._quiet and self.judgement is not None:
            self.feedback[dim_id].value = notice(word("rater.changed", self.ds), "unanswered")

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
            self.rationale.value = notice(word("rater.rationale_later", self.ds, count=len(self.ds.dimensions())),
                                          "info")
        elif judgement.complete:
            self.rationale.value = notice(f"<b>{escape(word('rater.expert_view', self.ds))}</b> "
                                          f"{escape(judgement.rationale)}"
                                          + sources_html(self.ds, self.claim_id), "info", raw_html=True)
        elif judgement.answered:
            self.rationale.value = notice(word("rater.answer_all", self.ds), "unanswered")
        else:
            self.rationale.value = ""
        if judgement.answered and self.card is not None:
            self.card.reveal()

    def _restore(self) -> None:
        entry = self.store.rating(self.claim_id)
        saved = entry.get("answers") if entry else None
        if not isinstance(saved, dict):
            self.say()
            return
        self._set_controls(saved)
        judgement = rubric.judge(self.claim_id, self.answers(), self.ds, self.dimensions)
        if judgement.answered:
            self._show(judgement)
            self.say(word("rater.restored", self.ds), "info")
        else:
            self.say()

    @guarded("rater.doing_check")
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
            self.say()
        elif self.store.save_rating(self.claim_id, chosen, rubric.judge(self.claim_id, chosen, self.ds).verdicts()):
            self.say(word("rater.saved", self.ds), "saved")
        else:
            self.say(word("rater.not_saved", self.ds), "warning")
        return judgement

    @guarded("rater.doing_reset")
    def reset(self) -> None:
        """Clear the controls and the feedback and forget the saved rating (what Reset does)."""
        had_saved = self.store.rating(self.claim_id) is not None
        self._set_controls({})
        for box in self.feedback.values():
            box.value = ""
        self.headline.value = self.rationale.value = ""
        self.judgement = None
        if not had_saved:
            self.say(word("rater.cleared", self.ds), "info")
        elif self.store.forget_rating(self.claim_id):
            self.say(word("rater.cleared_saved", self.ds), "info")
        else:
            self.say(word("rater.cleared_not_saved", self.ds), "warning")


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


class ClaimPicker(Panel):
    """A drop-down of claims; picking one shows its rater (choices made are kept while switching)."""

    def __init__(self, claim_ids: Iterable[Any] | str | None = None,
                 store: answer_store.AnswerStore | None = None, ds: Dataset | None = None):
        super().__init__(word("picker.text_form", ds))
        self.ds: Dataset | None = None
        self.raters: dict[str, SourcingRater] = {}
        self.rater_box = w.VBox()
        self.dropdown = w.Dropdown(options=[], value=None, description=word("picker.label", ds),
                                   tooltip=word("picker.tooltip", ds),
                                   style={"description_width": "initial"},
                                   layout=w.Layout(width="auto", max_width="600px"))
        self.children = [self.status]
        try:
            self._build(claim_ids, store, ds)
        except Exception as exc:
            self.fail("picker.doing_setup", exc)

    def _build(self, claim_ids: Iterable[Any] | str | None, store: answer_store.AnswerStore | None,
               ds: Dataset | None) -> None:
        self.ds = ds = ds or load()
        self.store = the_store(store)
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
            message = " ".join(problems) or word("picker.no_claims", ds)
            self.text_repr = word("picker.text_form_problem", ds, problem=message)
            self.status.value = notice(message, "warning")
            return
        self.text_repr = f"{word('picker.text_form_claims', ds, count=len(ids), ids=', '.join(ids))} {static_hint()}"
        self.dropdown.options = [(claim_choice_label(ds, cid), cid) for cid in ids]
        rated = set(self.store.ratings())
        self.dropdown.value = next((cid for cid in ids if cid not in rated), ids[0])
        # a claim the learner picks opens at once; the first one waits for its "Rate this claim" button
        self.dropdown.observe(lambda change: self.select(change["new"], open_it=True), names="value")
        self.children = [self.dropdown, self.status, self.rater_box]
        if problems:
            self.status.value = notice(" ".join(problems), "warning")
        self.select(self.dropdown.value)

    @property
    def rater(self) -> SourcingRater | None:
        """The rater shown now."""
        return self.raters.get(self.dropdown.value)

    @guarded("picker.doing_switch")
    def select(self, claim_id: str, open_it: bool = False) -> None:
        """Show the rater for ``claim_id`` (what picking it in the drop-down does, with ``open_it``)."""
        if claim_id is None:
            return
        if self.dropdown.value != claim_id:
            self.dropdown.value = claim_id  # calls select() again through the observer
            return
        if claim_id not in self.raters:
            self.raters[claim_id] = SourcingRater(claim_id, store=self.store, ds=self.ds)
        if open_it:
            self.raters[claim_id].show_questions()
        self.rater_box.children = [self.raters[claim_id]]


def rate_any(claim_ids: Iterable[str] | None = None,
             store: answer_store.AnswerStore | None = None) -> ClaimPicker:
    """Pick any claim (all of them by default) from a drop-down and rate it."""
    return ClaimPicker(claim_ids, store=store)


# --------------------------------------------------------------------------- progress
