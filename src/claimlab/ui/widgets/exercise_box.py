"""Exercise widgets: every exercise question answered with buttons, boxes and menus, never Python.

* :class:`ExerciseBox` (``cl.exercise("ex01.q1")``) - one question of data/exercises.yaml (or of a bank
  passage): radio buttons, tick boxes, a number box that accepts "9,300" and shows the unit, one menu per
  position (order) or per item (match), a text area (rewrites); Check, Hint and, after a few tries,
  Show the answer. Checking goes through :func:`claimlab.core.exercises.check`, which judges, saves
  the answer and keeps every attempt.
* :class:`PracticeSet` (``cl.practice()``) - unseen passages from data/bank.csv, drawn for this learner
  (seeded, so the same learner gets the same draw), each with its questions.
* :class:`TrustForm` (``cl.trust_form("pre")`` / ``"post"``) - the pre/post measure: rate how far you
  would trust each passage of this learner's form, then save.
* :class:`TrustChange` (``cl.trust_change()``) - the learner's change from pre to post, in words and a
  small bar chart, worked out again with *Show my change* (plain HTML bars, so it also shows on static pages and needs no JavaScript).

Order and match questions use one drop-down menu per position or item rather than drag and drop:
ipywidgets has no sortable list, and menus work with a keyboard and a screen reader.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_button import ButtonStyle

from claimlab.core import bank
from claimlab.core import exercises as engine
from claimlab.core import store as answer_store
from claimlab.core.dataset import Dataset, load
from claimlab.core.text import escape
from claimlab.ui.html import CHOICES_CLASS, TEXT_CSS, heading, notice, widget_css
from claimlab.ui.widgets.base import STATIC_HINT, _flow, _guarded, _Panel, _the_store

ORDINALS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 21)]
TRUST_CHOICES = [("1 · not at all", 1), ("2", 2), ("3", 3), ("4", 4), ("5 · completely", 5)]
TRUST_PROMPT = "How far would you trust the figure in this passage, as it is written?"
STAGE_WORDS = {"pre": "before the lessons", "post": "after the lessons"}


def passage_html(row: Any) -> str:
    """A bank passage as a quotation, with its outlet, date and a link to the page it was read on."""
    date = row.get("published")
    when = f", {date:%d %b %Y}" if date is not None and str(date) not in ("NaT", "<NA>", "None") \
        else ", date not shown on the page"
    text_html = escape(str(row["passage"])).replace("\n", "<br>")
    return (f'<blockquote style="{TEXT_CSS}border-left:3px solid var(--jp-border-color1);margin:6px 0;'
            f'padding:4px 10px;max-width:46em">{text_html}<br><span style="font-size:90%">— '
            f'{escape(str(row["outlet"]))}{escape(when)} · <a href="{escape(str(row["url"]))}" target="_blank" '
            f'rel="noopener">source</a> · passage {escape(str(row["passage_id"]))}</span></blockquote>')


class ExerciseBox(_Panel):
    """One question as a widget: prompt, answer control, Check, Hint, and Show the answer after N tries."""

    def __init__(self, question_id: str, store: answer_store.AnswerStore | None = None,
                 show_passage: bool = True, ds: Dataset | None = None):
        self.question_id = " ".join(str(question_id).split()).lower()
        super().__init__(f"Question {self.question_id}. {STATIC_HINT}")
        self.kind: str | None = None
        self.control: w.Widget | None = None
        self.ticks: dict[str, w.Checkbox] = {}
        self.menus: dict[str, w.Dropdown] = {}
        self.hint_shown = 0
        self._body: list[w.Widget] = []  # passage, question, answer control, buttons
        self._parts: dict[str, w.Widget] = {}  # hints, feedback, answer, Show the answer: made when needed
        button_layout = self._share("button_layout", w.Layout)
        button_style = self._share("button_style", ButtonStyle)
        self.check_button = w.Button(description="Check", button_style="primary",
                                     tooltip="Check your answer, and save it",
                                     layout=button_layout, style=button_style)
        self.hint_button = w.Button(description="Hint", tooltip="Show a hint", layout=button_layout,
                                    style=button_style)
        self.check_button.on_click(lambda _b: self.check())
        self.hint_button.on_click(lambda _b: self.hint())
        self._buttons = _flow([self.check_button, self.hint_button])
        self.children = [self.status]
        try:
            self._build(store, show_passage, ds)
        except Exception as exc:
            self._fail("setting up the question", exc)

    # ------------------------------------------------------------------ building
    def _build(self, store: answer_store.AnswerStore | None, show_passage: bool, ds: Dataset | None) -> None:
        self.ds = ds or load()
        q = engine.get_question(self.ds, self.question_id)
        shown = engine.question(self.question_id, ds=self.ds)
        if q is None:
            self.status.value = shown._repr_html_()
            return
        self.q, self.store, self.kind = q, _the_store(store), q["type"]
        prompt = shown.headline
        self._text_repr = f"Question {self.question_id}: {prompt} {STATIC_HINT}"
        self.reveal_after = int(engine.settings(self.ds).get("reveal_after_tries", 2))
        layout = w.Layout(width="auto", max_width="640px")
        label = lambda option: engine._label(self.ds, option)  # noqa: E731
        if self.kind == "choice":
            self.control = w.RadioButtons(options=[(label(o), str(o["id"])) for o in q["options"]], value=None,
                                          description="", tooltip=prompt, layout=layout)
        elif self.kind == "multi":
            self.ticks = {str(o["id"]): w.Checkbox(value=False, description=label(o), indent=False, layout=layout)
                          for o in q["options"]}
            self.control = w.VBox(list(self.ticks.values()))
        elif self.kind == "number":
            box = w.Text(value="", placeholder=f"e.g. {q['example']}", description="", tooltip=prompt,
                         layout=w.Layout(width="14em"))
            self.control = _flow([box, self._html(f'<span style="{TEXT_CSS}padding:0 8px">'
                                                  f'{escape(q["unit"])}</span>')])
            self.number_box = box
        elif self.kind in ("text", "mislead"):
            self.control = w.Textarea(value="", placeholder="Write one or two sentences", description="",
                                      tooltip=prompt, layout=w.Layout(width="100%", max_width="640px",
                                                                      height="6em"))
        elif self.kind == "order":
            choices = [("(choose)", None)] + [(label(i), str(i["id"])) for i in q["items"]]
            self.menus = {ORDINALS[n]: w.Dropdown(options=choices, value=None, description=ORDINALS[n],
                                                  layout=layout) for n in range(len(q["items"]))}
            self.control = w.VBox(list(self.menus.values()))
        elif self.kind == "match":
            choices = [("(choose)", None)] + [(label(o), str(o["id"])) for o in q["options"]]
            rows = []
            for item in q["items"]:
                menu = w.Dropdown(options=choices, value=None, description="", layout=w.Layout(width="auto"))
                self.menus[str(item["id"])] = menu
                rows.append(_flow([self._html(f'<span style="{TEXT_CSS}display:inline-block;min-width:16em;'
                                          f'padding-right:8px">{escape(label(item))}</span>'), menu]))
            self.control = w.VBox(rows)
        parts: list[w.Widget] = []
        if show_passage and q.get("passage"):
            parts.append(self._html(passage_html(bank.passage(self.ds, q["passage"]))))
        self.control.add_class(CHOICES_CLASS)  # long options wrap without overlapping (see ui/html.py)
        parts += [self._html(widget_css() + heading(prompt)), self.control, self._buttons]
        self._body = parts
        self._lay_out()
        self._restore()

    # The parts under the buttons are made when first written (or read), so a question that is
    # only read costs the browser a handful of widget models instead of about thirty.
    _SLOTS = ("hints", "feedback", "answer_box")  # shown under the buttons in this order

    def _part(self, name: str) -> w.Widget:
        if name not in self._parts:
            if name == "reveal_button":
                made = w.Button(description="Show the answer", tooltip="Show the expert answer and why",
                                layout=w.Layout(display="none"), style=self._share("button_style", ButtonStyle))
                made.on_click(lambda _b: self.reveal())
                self._parts[name] = made
                self._buttons.children = [self.check_button, self.hint_button, made]
            else:
                self._parts[name] = self._html()
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
        if self.kind == "multi":
            return [option for option, box in self.ticks.items() if box.value] or None
        if self.kind == "order":
            chosen = [menu.value for menu in self.menus.values()]
            return None if all(v is None for v in chosen) else [v for v in chosen if v is not None]
        if self.kind == "match":
            chosen = {item: menu.value for item, menu in self.menus.items() if menu.value is not None}
            return chosen or None
        control = self.number_box if self.kind == "number" else self.control
        value = getattr(control, "value", None)
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def set_value(self, value: Any) -> None:
        """Fill the control (used to restore a saved answer, and by tests)."""
        if self.kind == "multi" and isinstance(value, list):
            for option, box in self.ticks.items():
                box.value = option in value
        elif self.kind == "choice" and value in [v for _label, v in self.control.options]:
            self.control.value = value
        elif self.kind == "order" and isinstance(value, list):
            for menu, item in zip(self.menus.values(), value):
                menu.value = item if item in [v for _l, v in menu.options] else None
        elif self.kind == "match" and isinstance(value, dict):
            for item, menu in self.menus.items():
                wanted = value.get(item)
                menu.value = wanted if wanted in [v for _l, v in menu.options] else None
        elif self.kind == "number" and not isinstance(value, (dict, list)) and value is not None:
            self.number_box.value = str(value)
        elif self.kind in ("text", "mislead") and isinstance(value, str):
            self.control.value = value

    def tries(self) -> int:
        return int((engine.attempts(self.store).get(self.question_id) or {}).get("tries", 0) or 0)

    def _restore(self) -> None:
        saved = (self.store.exercise(self.question_id) or {}).get("answer")
        self._update_reveal()
        if saved is None:
            self._say()
            return
        self.set_value(saved)
        self.check(save=False)

    def _update_reveal(self) -> None:
        visible = self.tries() >= self.reveal_after
        if visible or "reveal_button" in self._parts:
            self.reveal_button.layout.display = None if visible else "none"

    # ------------------------------------------------------------------ buttons
    @_guarded("checking your answer")
    def check(self, save: bool = True) -> Any:
        """Judge the answer and show the feedback (what Check does); the checker saves it."""
        value = self.value()

        def judge() -> Any:
            feedback = engine.check(self.question_id, value, answers=self.store, ds=self.ds, save=save)
            self._update_reveal()  # Show the answer appears after a few tries
            return feedback

        return self._judge(value, judge, lambda feedback: feedback._repr_html_(), save)

    @_guarded("showing a hint")
    def hint(self) -> None:
        """Show the next hint (what Hint does)."""
        hints = [engine._fill(str(h), self.ds) for h in self.q.get("hints", [])]
        if not hints:
            self.hints.value = notice("There is no hint for this question.", "info")
            return
        self.hint_shown = min(self.hint_shown + 1, len(hints))
        self.hints.value = "".join(notice(f"Hint: {h}", "info") for h in hints[:self.hint_shown])

    @_guarded("showing the answer")
    def reveal(self) -> Any:
        """Show the expert answer and why (what Show the answer does); noted in the answers file."""
        feedback = engine.reveal(self.question_id, ds=self.ds, answers=self.store)
        self.answer_box.value = feedback._repr_html_()
        return feedback


def exercise(question_id: str, store: answer_store.AnswerStore | None = None) -> ExerciseBox:
    """Ask one exercise question as a widget: answer, press Check; Hint and Show the answer are buttons."""
    return ExerciseBox(question_id, store=store)


class ExpertAnswer:
    """A question with the expert answer and its reasoning, rendered from data (solutions/ show these)."""

    def __init__(self, question_id: str, ds: Dataset | None = None, show_passage: bool = True):
        self.ds = ds or load()
        self.feedback = engine.expert_answer(question_id, ds=self.ds)
        q = engine.get_question(self.ds, engine._question_id(question_id)) or {}
        self.passage = passage_html(bank.passage(self.ds, q["passage"])) \
            if show_passage and q.get("passage") else ""

    def __repr__(self) -> str:
        return self.feedback.text

    def _repr_html_(self) -> str:
        return self.passage + self.feedback._repr_html_()


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


# --------------------------------------------------------------------------- fresh passages from the bank
class PracticeSet(_Panel):
    """Unseen bank passages for this learner, each with the bank questions, answered with widgets.

    One passage is shown at a time, with a **Next passage** button under its questions (a short
    page to read, and each passage's questions are built only when it is shown); passages the
    learner answered before are shown at once. ``boxes`` (all questions) and ``show_all()``
    show every passage.
    """

    def __init__(self, n: int | None = None, store: answer_store.AnswerStore | None = None,
                 seed: str | None = None):
        super().__init__(f"Practice passages from the bank. {STATIC_HINT}")
        self._boxes: list[ExerciseBox] = []
        self.passage_ids: list[str] = []
        self.shown = 0  # how many passages are shown so far
        self._parts: list[w.Widget] = []
        self.next_button = w.Button(description="Next passage", icon="arrow-down",
                                    tooltip="Show the next passage and its questions")
        self.next_button.on_click(lambda _b: self.next_passage())
        self.children = [self.status]
        try:
            self._build(n, store, seed)
        except Exception as exc:
            self._fail("drawing the passages", exc)

    def _build(self, n: int | None, store: answer_store.AnswerStore | None, seed: str | None) -> None:
        self.ds = ds = load()
        self.store = _the_store(store)
        self.seed = seed or bank.learner_seed(self.store)
        count = int(n or engine.settings(ds).get("practice_passages", 4))
        self.passage_ids = bank.practice_draw(ds, self.seed, count)
        questions = sum(len(engine.bank_question_ids(ds, pid)) for pid in self.passage_ids)
        self._text_repr = (f"{len(self.passage_ids)} practice passages from the bank, drawn for you, with "
                           f"{questions} questions. {STATIC_HINT}")
        answered = [number for number, pid in enumerate(self.passage_ids, start=1)
                    if any(self.store.exercise(qid) for qid in engine.bank_question_ids(ds, pid))]
        self._show_up_to(max([1, *answered]))

    def _show_up_to(self, wanted: int) -> None:
        total = len(self.passage_ids)
        while self.shown < min(wanted, total):
            self.shown += 1
            pid = self.passage_ids[self.shown - 1]
            self._parts.append(self._html(f'<h3 style="{TEXT_CSS}">Passage {self.shown} of {total}</h3>'
                                          + passage_html(bank.passage(self.ds, pid))))
            for qid in engine.bank_question_ids(self.ds, pid):
                box = ExerciseBox(qid, store=self.store, show_passage=False, ds=self.ds)
                self._boxes.append(box)
                self._parts.append(box)
        more = [self.next_button] if self.shown < total else []
        self.next_button.description = f"Next passage ({self.shown + 1} of {total})" if more else ""
        self.children = [*self._parts, *more, self.status]

    @_guarded("showing the next passage")
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
        ds = load()
        self.ids = bank.used_in(ds, where)
        self.rows = [bank.passage(ds, pid) for pid in self.ids]
        self.where = where

    def __repr__(self) -> str:
        return "\n".join(f"{r['passage_id']} ({r['outlet']}): who={r['who']}, party={r['party']}, "
                         f"method={r['method']}, well_sourced={r['well_sourced']}. {r['rationale']}"
                         for r in self.rows)

    def _repr_html_(self) -> str:
        cell = "border:1px solid var(--jp-border-color2,#ccc);padding:3px 6px;vertical-align:top;text-align:left"
        head = "".join(f'<th scope="col" style="{cell}">{h}</th>' for h in
                       ("Passage", "Who", "Party", "Method", "Well sourced", "Why"))
        body = "".join(
            f'<tr><td style="{cell}">{escape(r["passage_id"])}: {escape(r["passage"])}</td>'
            + "".join(f'<td style="{cell}">{escape(r[c])}</td>' for c in ("who", "party", "method", "well_sourced"))
            + f'<td style="{cell}">{escape(r["rationale"])}</td></tr>' for r in self.rows)
        return f'<table style="border-collapse:collapse;max-width:60em"><thead><tr>{head}</tr></thead>' \
               f'<tbody>{body}</tbody></table>'


def bank_key(where: str = "practice") -> BankKey:
    """The expert key of the bank passages used in one place (default: the practice pool)."""
    return BankKey(where)


# --------------------------------------------------------------------------- the pre/post measure
def trust_note(stage: str) -> str:
    return f"trust_{stage}"


class TrustForm(_Panel):
    """This learner's pre- or post-test form: rate each passage 1–5, then Save. No feedback per item."""

    def __init__(self, stage: str = "pre", store: answer_store.AnswerStore | None = None,
                 seed: str | None = None):
        self.stage = stage if stage in bank.STAGES else "pre"
        super().__init__(f"Trust check {STAGE_WORDS[self.stage]}. {STATIC_HINT}")
        self.scales: dict[str, w.ToggleButtons] = {}
        self.save_button = w.Button(description="Save my ratings", button_style="primary")
        self.save_button.on_click(lambda _b: self.save())
        self.children = [self.status]
        try:
            self._build(store, seed)
        except Exception as exc:
            self._fail("setting up the passages", exc)

    def _build(self, store: answer_store.AnswerStore | None, seed: str | None) -> None:
        ds = load()
        self.store = _the_store(store)
        self.seed = seed or bank.learner_seed(self.store)
        self.form = bank.forms_for(self.seed)[self.stage]
        self.passage_ids = bank.form_items(ds, self.stage, self.seed)
        saved = (self.store.note(trust_note(self.stage)) or {}).get("ratings", {})
        parts: list[w.Widget] = []
        for number, pid in enumerate(self.passage_ids, start=1):
            scale = w.ToggleButtons(options=TRUST_CHOICES, value=None, description="", tooltip=TRUST_PROMPT,
                                    style={"button_width": "auto"})
            if saved.get(pid) in [v for _l, v in TRUST_CHOICES]:
                scale.value = saved[pid]
            self.scales[pid] = scale
            parts += [w.HTML(f'<div style="{TEXT_CSS}font-weight:bold;margin-top:10px">{number}.</div>'
                             + passage_html(bank.passage(ds, pid))), scale]
        self._text_repr = (f"Trust check {STAGE_WORDS[self.stage]}: {len(self.passage_ids)} passages, each rated "
                           f"from 1 (not at all) to 5 (completely). {STATIC_HINT}")
        self.children = [w.HTML(heading(TRUST_PROMPT)), *parts, self.save_button, self.status]
        if saved:
            self._say("Your ratings from last time are filled in; change any and press Save again.", "saved")

    def ratings(self) -> dict[str, int]:
        return {pid: scale.value for pid, scale in self.scales.items() if scale.value is not None}

    @_guarded("saving your ratings")
    def save(self) -> bool:
        """Save the ratings (what Save does). Returns True if saved."""
        ratings = self.ratings()
        missing = len(self.scales) - len(ratings)
        entry = {"form": self.form, "seed": self.seed, "ratings": ratings}
        ok = self.store.save_note(trust_note(self.stage), entry)
        if missing:
            self._say(f"Saved. {missing} passage(s) still have no rating; rate every passage so the "
                      "comparison is fair.", "warning")
        else:
            self._say("Your ratings are saved. Thank you." if ok else "", "saved")
        return ok


def trust_form(stage: str = "pre", store: answer_store.AnswerStore | None = None) -> TrustForm:
    """The trust check: "pre" (notebook 00a, before the lessons) or "post" (notebook 06)."""
    return TrustForm(stage, store=store)


def _bar(label: str, value: float | None, colour: str) -> str:
    width = 0 if value is None else max(0.0, (value - 1) / 4 * 100)
    shown = "–" if value is None else f"{value:.1f}"
    return (f'<div style="{TEXT_CSS}display:flex;align-items:center;margin:2px 0"><span style="width:13em">'
            f'{escape(label)}</span><span style="display:inline-block;height:0.9em;width:{width:.0f}%;max-width:'
            f'20em;background:{colour};border:1px solid var(--jp-border-color1)"></span>'
            f'<span style="padding-left:6px">{shown}</span></div>')


class TrustChange(_Panel):
    """The learner's pre and post scores: discernment and trust level, in words and as small bars.

    Press *Show my change* after saving the second trust check (it is worked out again each time).
    """

    def __init__(self, store: answer_store.AnswerStore | None = None):
        super().__init__(f"Your change from the first trust check to the second. {STATIC_HINT}")
        self.view = w.HTML()
        self.button = w.Button(description="Show my change", button_style="primary",
                               tooltip="Compare your two trust checks")
        self.button.on_click(lambda _b: self.refresh())
        self.scores: dict[str, dict[str, Any]] = {}
        self.lines: list[str] = []
        self.children = [self.button, self.view, self.status]
        try:
            self.store = _the_store(store)
            self.refresh()
        except Exception as exc:
            self._fail("comparing your trust checks", exc)

    @_guarded("comparing your trust checks")
    def refresh(self) -> list[str]:
        """Work out the scores again from the answers file and show them; returns the sentences."""
        ds = load()
        for stage in bank.STAGES:
            entry = self.store.note(trust_note(stage)) or {}
            self.scores[stage] = bank.trust_scores(entry.get("ratings", {}) if isinstance(entry, dict) else {}, ds)
        self.lines = bank.change_in_words(self.scores["pre"], self.scores["post"])
        self.view.value = self.html()
        return self.lines

    def html(self) -> str:
        words = "".join(f'<p style="{TEXT_CSS}">{escape(line)}</p>' for line in self.lines)
        bars = ""
        for stage in bank.STAGES:
            score = self.scores.get(stage) or {}
            bars += (f'<div style="{TEXT_CSS}font-weight:bold;margin-top:6px">Mean trust, '
                     f'{STAGE_WORDS[stage]} (1 to 5)</div>'
                     + _bar("well-sourced passages", score.get("well"), "var(--jp-success-color1,#2e7d32)")
                     + _bar("poorly sourced passages", score.get("poor"), "var(--jp-warn-color1,#b26a00)"))
        return (f'<figure style="margin:0;max-width:46em" aria-label="Your trust before and after">{bars}'
                f'<figcaption style="{TEXT_CSS}font-size:90%">The gap between the two bars is your '
                f'discernment; how long both bars are is your overall trust.</figcaption></figure>{words}')


def trust_change(store: answer_store.AnswerStore | None = None) -> TrustChange:
    """Your change from the first trust check to the second, in words and a small chart."""
    return TrustChange(store)
