"""Compile the feedback of every rater and exercise question into data the static pages check in the browser.

The static site (``python -m claimlab html``) has no Python behind it, yet its Check buttons must give
the same feedback as JupyterLab. So the feedback is not written again in JavaScript: at build time this
module calls the kernel's own functions (:func:`claimlab.core.rubric.judge`,
:func:`claimlab.core.exercises.check` and :func:`claimlab.ui.render.feedback_html`) for the answers a page
control can give, and stores what they return. Each question type says what its page needs
(:meth:`QuestionType.static_pack`) and which small page script reads it (``assets/judges/<name>.js``):

* ``table`` (choice, several-choice, order and match): every combination of the page's controls is
  listed (at most a few thousand per question) with the kernel's status and feedback lines;
* ``number``: the expected value, tolerance and traps, with the feedback of each branch;
* ``selfcheck`` (written answers): the page cannot judge prose, and never pretends to. It shows the
  expert's answer and a checklist to compare with, and keeps the answer as "compare with the expert
  answer" (status ``unsure``), never as right.

Every rater question is listed the same way as a ``table``. The page's core script
(``assets/claimlab-static.js``) reads and fills the controls by their kind, stores answers in the
``claimlab-answers`` format and joins the stored pieces of HTML.

Why not jupyterquiz (checked against its JSON schema for choice and numeric questions): it knows two
outcomes per answer (correct or not) and writes its own feedback markup, while Claim Lab's key has near
misses and partial credit, traps for numbers, several-choice, order, match and written answers, and the
page must save each answer in the ``claimlab-answers`` format. Its model would mean a second copy of
the feedback, which is what this module exists to avoid.

Each question's compiled data is obfuscated (XOR with a key from its id, then base64) so that answers are
not readable in the page source beside the question. That is no protection against a determined reader,
only against a glance. ``tests/browser/test_static_pages.py`` compares the page's feedback with the
kernel's for every option of a sample of questions.
"""
from __future__ import annotations

import base64
import json
import re
from typing import Any

from claimlab.core import exercises, rubric
from claimlab.core.dataset import Dataset, load
from claimlab.core.feedback import STATUSES, Feedback
from claimlab.core.questions import common
from claimlab.core.questions.number import ANSWER_MARK
from claimlab.core.text import escape
from claimlab.core.words import word, words
from claimlab.ui.html import LIST_CSS, heading, notice
from claimlab.ui.render import feedback_html, lines_html

__all__ = ["encode", "decode", "feedback_frames", "rater_pack", "exercise_pack", "rater_form", "exercise_form", "picker_form", "page_config", "rater_texts",
           "ANSWER_MARK"]

_SENTINEL = "\u0001"
PAGE_WORDS = ("static", "exercise", "practice", "trust")  # the sections of data/interface.yaml pages use


# --------------------------------------------------------------------------- obfuscation
def _key(name: str) -> bytes:
    return f"claimlab:{name}".encode()


def encode(name: str, value: Any) -> str:
    """``value`` as JSON, XOR-ed with a key made from ``name``, in base64 (the page script reverses it)."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    key = _key(name)
    return base64.b64encode(bytes(b ^ key[i % len(key)] for i, b in enumerate(data))).decode("ascii")


def decode(name: str, blob: str) -> Any:
    key = _key(name)
    data = base64.b64decode(blob)
    return json.loads(bytes(b ^ key[i % len(key)] for i, b in enumerate(data)).decode("utf-8"))


# --------------------------------------------------------------------------- feedback HTML in pieces
def feedback_frames(ds: Dataset) -> dict[str, Any]:
    """How :func:`claimlab.ui.render.feedback_html` frames a feedback, cut where the lines go.

    ``{"frames": {status: html}}``: the headline is written as ``{headline}`` and the question id as
    ``{qid}``; the page fills them in and puts the lines before the closing ``</div>``.
    """
    frames = {}
    for status in STATUSES:
        html = feedback_html(Feedback(_SENTINEL + "Q", status, _SENTINEL + "H", ()))
        frames[status] = html.replace(_SENTINEL + "Q", "{qid}").replace(_SENTINEL + "H", "{headline}")
    return {"frames": frames, "headlines": {status: common.headline(ds, status) for status in STATUSES}}


class _Pool:
    """Feedback lines (as the kernel's HTML shows them) stored once per question; entries point at them."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._index: dict[str, int] = {}

    def add(self, lines: tuple[str, ...] | list[str]) -> list[int]:
        out = []
        for line in lines:
            if line not in self._index:
                self._index[line] = len(self.lines)
                self.lines.append(lines_html([line]))
            out.append(self._index[line])
        return out

    def entry(self, feedback: Feedback, ds: Dataset) -> list[Any]:
        """[status, headline (or null when it is the status's own), line numbers ...]: one stored answer."""
        own = None if feedback.headline == common.headline(ds, feedback.status) else feedback.headline
        return [feedback.status, own, *self.add(feedback.lines)]


# --------------------------------------------------------------------------- exercise questions
def exercise_pack(qid: str, ds: Dataset | None = None) -> dict[str, Any]:
    """Everything the page needs to check one exercise question: what its type's page script reads
    (:meth:`QuestionType.static_pack`), with the kernel's own feedback for every answer it stores."""
    ds = ds or load()
    q = exercises.get_question(ds, qid)
    kind = exercises.question_type(q)
    pool = _Pool()

    def judge(answer: Any) -> Feedback:
        return exercises.check(qid, answer, ds=ds, save=False)

    def entry(feedback: Feedback) -> list[Any]:
        return pool.entry(feedback, ds)

    pack = {"qid": qid, "type": kind.name, "script": kind.page_script, "shape": kind.answer_shape,
            "empty": entry(judge(None)), **kind.static_pack(ds, q, judge, entry)}
    pack["lines"] = pool.lines
    # Hint and Show the answer, as the widget gives them (the feedback's "try again" names the Hint button)
    hints = [common.fill(str(h), ds) for h in q.get("hints", [])]
    pack["hints"] = [notice(word("exercise.hint_line", ds, hint=h), "info") for h in hints]
    pack["no_hint"] = notice(word("exercise.no_hint", ds), "info")
    pack["reveal"] = feedback_html(exercises.expert_answer(qid, ds=ds))
    pack["reveal_after"] = int(exercises.settings(ds).get("reveal_after_tries", 2))
    return pack


def exercise_form(qid: str, ds: Dataset | None = None, show_passage: bool = True) -> str:
    """One question as the widget shows it: its passage (if any), its prompt, the answer controls (no answers
    in them), Check, Hint and Show the answer (after a few tries), plus the compiled pack, encoded."""
    from claimlab.core import bank
    from claimlab.ui.widgets.passages import passage_html
    ds = ds or load()
    q = exercises.get_question(ds, qid)
    control = exercises.question_type(q).control(ds, q)
    prompt = exercises.question(qid, ds=ds).headline
    name = f"q-{re.sub(r'[^a-z0-9]+', '-', qid)}"
    parts = [passage_html(bank.passage(ds, q["passage"]), ds) if show_passage and q.get("passage") else "",
             f'<div class="claimlab-prompt" id="{name}-prompt">{heading(prompt)}</div>']
    labelled = f'aria-labelledby="{name}-prompt"'
    if control.kind == "radio":
        parts += [f'<div role="radiogroup" {labelled}>']
        parts += [f'<label class="claimlab-option"><input type="radio" name="{name}" value="{escape(v)}"> '
                  f'<span>{escape(label)}</span></label>' for v, label in control.choices]
        parts.append("</div>")
    elif control.kind == "ticks":
        parts += [f'<div role="group" {labelled}>']
        parts += [f'<label class="claimlab-option"><input type="checkbox" value="{escape(v)}"> '
                  f'<span>{escape(label)}</span></label>' for v, label in control.choices]
        parts.append("</div>")
    elif control.kind == "menus":
        select = "".join(f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in control.choices)
        parts += [f'<label class="claimlab-row" data-row="{escape(row)}"><span>{escape(label)}</span> <select>'
                  f'<option value="">{escape(word("exercise.choose", ds))}</option>{select}</select></label>'
                  for row, label in control.rows]
    elif control.kind == "number":
        parts.append(f'<input type="text" class="claimlab-text" placeholder="{escape(control.placeholder)}" '
                     f'{labelled}> <span>{escape(control.unit)}</span>')
    else:
        parts.append(f'<textarea class="claimlab-text" rows="3" maxlength="{control.max_chars}" '
                     f'placeholder="{escape(control.placeholder)}" {labelled}></textarea>')
    button = '<button type="button" class="claimlab-{0}" title="{2}"{3}>{1}</button>'
    parts.append('<div class="claimlab-buttons">'
                 + button.format("check", escape(word("exercise.check", ds)), escape(word("exercise.check_tooltip", ds)), "")
                 + button.format("hint", escape(word("exercise.hint", ds)), escape(word("exercise.hint_tooltip", ds)), "")
                 + button.format("reveal", escape(word("exercise.reveal", ds)), escape(word("exercise.reveal_tooltip", ds)),
                                 " hidden")
                 + '</div><div class="claimlab-hints"></div><div class="claimlab-feedback-box" aria-live="polite"></div>'
                 '<div class="claimlab-answer-box"></div><div class="claimlab-status"></div>')
    return (f'<div class="claimlab-q" data-kind="exercise" data-control="{escape(control.kind)}" '
            f'data-id="{escape(qid)}" data-pack="{encode(qid, exercise_pack(qid, ds))}">' + "".join(parts) + "</div>")


# --------------------------------------------------------------------------- raters
def _frame(html: str) -> list[str]:
    before, _, after = html.partition(_SENTINEL)
    return [before, after]


_HEADLINES: dict[str, list[str]] = {}  # "right,near,wrong,unanswered" -> [notice kind, headline]
_WIDGET_TEXTS: dict[str, Any] = {}


def _rationale_widget(ds: Dataset, claim_id: str, dims: list[str] | None):
    """One real rater widget per kind (all questions / some), reused to write each claim's rationale."""
    import tempfile
    from pathlib import Path

    from claimlab.core.store import AnswerStore
    from claimlab.ui.widgets.rater import SourcingRater
    kind = "all" if dims is None else "some"
    if (kind, id(ds)) not in _WIDGET_TEXTS:
        scratch = tempfile.mkdtemp(prefix="claimlab-quizdata-")
        _WIDGET_TEXTS[(kind, id(ds))] = SourcingRater(claim_id, store=AnswerStore(Path(scratch) / "answers.json"),
                                                      ds=ds, dimensions=dims)
    rater = _WIDGET_TEXTS[(kind, id(ds))]
    rater.claim_id, rater.card = claim_id, None
    return rater


def rater_texts(ds: Dataset, claim_id: str, dims: list[str] | None) -> dict[str, str]:
    """What the rater widget shows under the questions once every (or some) question is answered."""
    rater = _rationale_widget(ds, claim_id, dims)
    asked = [d["id"] for d in ds.rubric["dimensions"] if dims is None or d["id"] in dims]
    expected = {d: str(ds.key.loc[claim_id, d]) for d in asked}
    rater._show(rubric.judge(claim_id, expected, ds, None if dims is None else asked))
    complete = rater.rationale.value
    rater._show(rubric.judge(claim_id, {asked[0]: expected[asked[0]]}, ds, None if dims is None else asked))
    partial = rater.rationale.value if len(asked) > 1 else complete
    return {"complete": complete, "partial": partial}


_PACKS: dict[tuple, dict[str, Any]] = {}


def rater_pack(claim_id: str, dims: list[str] | None, ds: Dataset | None = None) -> dict[str, Any]:
    """Every rater answer's feedback for one claim, from :func:`rubric.judge` (as the widget shows it).

    Also adds the headline of every reachable count of right/near/wrong/unanswered answers to the
    shared table :func:`page_config` writes (the headline depends on the counts alone).
    """
    ds = ds or load()
    key = (claim_id, None if dims is None else tuple(dims), id(ds))
    if key not in _PACKS:
        _PACKS[key] = _rater_pack(claim_id, dims, ds)
    return _PACKS[key]


def _rater_pack(claim_id: str, dims: list[str] | None, ds: Dataset) -> dict[str, Any]:
    from claimlab.ui.widgets.card import card_html
    all_dims = [d["id"] for d in ds.rubric["dimensions"]]
    asked = all_dims if dims is None else [d for d in all_dims if d in dims]
    feedback: dict[str, dict[str, list[str]]] = {}
    verdicts: dict[str, dict[str, str]] = {}
    possible: dict[str, dict[str, str]] = {}  # per question: verdict -> an option giving it
    # each question is judged on its own, so one judge() call covers the k-th option of every question
    blank = {r.dimension: r for r in rubric.judge(claim_id, {}, ds, asked).results}
    for dim_id in asked:
        feedback[dim_id] = {"": [blank[dim_id].verdict, escape(blank[dim_id].feedback)]}
    widest = max(len(d["options"]) for d in ds.rubric["dimensions"])
    for k in range(widest):
        answers = {d["id"]: d["options"][k]["id"] for d in ds.rubric["dimensions"] if k < len(d["options"])}
        for result in rubric.judge(claim_id, answers, ds, list(answers)).results:
            option = str(answers[result.dimension])
            verdicts.setdefault(result.dimension, {})[option] = result.verdict
            possible.setdefault(result.dimension, {"unanswered": ""}).setdefault(result.verdict, option)
            if result.dimension in asked:  # the widget shows notice(feedback, verdict); the page adds the frame
                feedback[result.dimension][option] = [result.verdict, escape(result.feedback)]
    reachable: dict[tuple[int, ...], dict[str, str]] = {(0, 0, 0, 0): {}}
    for dim_id in asked:
        grown: dict[tuple[int, ...], dict[str, str]] = {}
        for counts, answers in reachable.items():
            for verdict, option in possible[dim_id].items():
                key = tuple(n + (v == verdict) for n, v in zip(counts, rubric.VERDICTS))
                grown.setdefault(key, {**answers, **({dim_id: option} if option else {})})
        reachable = grown
    for counts, answers in reachable.items():
        key = ",".join(map(str, counts))
        if key not in _HEADLINES:
            judgement = rubric.judge(claim_id, answers, ds, asked)
            kind = "right" if judgement.counts["right"] == len(judgement.results) else "info"
            _HEADLINES[key] = [kind, escape(judgement.headline)]
    texts = rater_texts(ds, claim_id, dims)
    return {"claim": claim_id, "dims": asked, "full": dims is None, "feedback": feedback, "verdicts": verdicts,
            "complete": texts["complete"], "partial": texts["partial"], "card": card_html(ds, claim_id, True)}


def module_id(ds: Dataset) -> str:
    """A short id of this module (its article), so two modules' pages in one browser keep apart answers."""
    import hashlib
    return hashlib.sha256(str(ds.article.meta.get("title", "")).encode("utf-8")).hexdigest()[:12]


def page_config(ds: Dataset | None = None) -> dict[str, Any]:
    """What every static page's script shares: feedback frames, the rubric form, headlines, messages."""
    from claimlab.ui.html import EDGES
    ds = ds or load()
    config = feedback_frames(ds)
    config["ul"] = f'<ul style="{LIST_CSS}">'
    config["article"] = str(ds.article.meta.get("title", ""))
    config["notice"] = {kind: _frame(notice(_SENTINEL, kind)) for kind in EDGES}
    config["headlines_rater"] = dict(_HEADLINES)
    config["module"] = module_id(ds)
    config["words"] = {key: value if isinstance(value, list) else str(value) for key, value in words(ds).items()
                       if isinstance(value, (str, list)) and key.split(".")[0] in PAGE_WORDS}
    config["rubric"] = [{"id": str(d["id"]), "heading": heading(f"{n}. {d['question']}"),
                         "options": [[str(o["id"]), str(o["label"])] for o in d["options"]],
                         "help": notice(" ".join(str(d.get("help", "")).split()), "info")}
                        for n, d in enumerate(ds.rubric["dimensions"], 1)]
    return config


def rater_form(claim_id: str, dims: list[str] | None, ds: Dataset | None = None, hidden: bool = False) -> str:
    """A rater on a static page: the card and the encoded feedback; the script adds the questions."""
    from claimlab.ui.html import TEXT_CSS
    from claimlab.ui.widgets.card import card_html
    ds = ds or load()
    pack = rater_pack(claim_id, dims, ds)
    key = f"{claim_id}:{'all' if dims is None else ','.join(pack['dims'])}"
    return (f'<div class="claimlab-q claimlab-rater" data-kind="rater" data-id="{escape(key)}" '
            f'data-claim="{escape(claim_id)}"{" hidden" if hidden else ""} data-pack="{encode(key, pack)}">'
            f'<div class="claimlab-card">{card_html(ds, claim_id, False)}</div>'
            f'<div style="{TEXT_CSS}">{escape(word("static.rater_intro", ds))}</div>'
            '<div class="claimlab-dims"></div>'
            f'<div><button type="button" class="claimlab-check">{escape(word("static.rater_check", ds))}</button> '
            f'<button type="button" class="claimlab-reset">{escape(word("static.rater_reset", ds))}</button></div>'
            '<div class="claimlab-status"></div><div class="claimlab-headline" aria-live="polite"></div>'
            '<div class="claimlab-rationale"></div></div>')


def picker_form(ds: Dataset | None = None) -> str:
    """``cl.rate_any()`` on a static page: a drop-down of every claim and a rater for the chosen one."""
    from claimlab.ui.widgets.rater import claim_choice_label
    ds = ds or load()
    ids = ds.claim_ids()
    options = "".join(f'<option value="{escape(c)}">{escape(claim_choice_label(ds, c))}</option>' for c in ids)
    raters = "".join(rater_form(c, None, ds, hidden=n > 0) for n, c in enumerate(ids))
    return (f'<div class="claimlab-picker"><label>{escape(word("static.claim_to_rate", ds))} '
            f'<select class="claimlab-pick">{options}</select></label>{raters}</div>')
