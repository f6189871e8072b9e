"""Compile the feedback of every rater and exercise question into data the static pages check in the browser.

The static site (``python -m claimlab html``) has no Python behind it, yet its Check buttons must give
the same feedback as JupyterLab. So the feedback is not written again in JavaScript: at build time this
module calls the kernel's own functions (:func:`claimlab.core.rubric.judge`,
:func:`claimlab.core.exercises.check` and the widgets' HTML helpers) for every answer a page control can
give, and stores what they return. The page's small script (``assets/claimlab-static.js``) only looks
answers up and joins stored pieces of HTML:

* choice, several-choice, order and match questions, and each rater question: every possible answer is
  enumerated (at most a few thousand per question) and its status and feedback lines stored;
* number questions: the expected value, tolerance and traps from data/exercises.yaml, with the feedback
  lines of each branch as the kernel writes them;
* free-text questions: the documented rules (regular expressions, case-insensitive) with their messages.

Why not jupyterquiz (checked against its JSON schema for choice and numeric questions): it knows two
outcomes per answer (correct or not) and writes its own feedback markup, while Claim Lab's key has near
misses and partial credit, traps for numbers, several-choice, order, match and free-text rules, and the
page must save each answer in the ``claimlab-answers`` format. Its model would mean a second copy of
the feedback, which is what this module exists to avoid.

Each question's compiled data is obfuscated (XOR with a key from its id, then base64) so that answers are
not readable in the page source beside the question. That is no protection against a determined reader,
only against a glance. ``tests/browser/test_static_pages.py`` compares the page's feedback with the
kernel's for every option of a sample of questions.
"""
from __future__ import annotations

import base64
import contextlib
import itertools
import json
import re
from typing import Any

from claimlab.core import exercises, rubric
from claimlab.core.dataset import Dataset, load
from claimlab.core.text import escape
from claimlab.ui.html import heading, notice

__all__ = ["encode", "decode", "feedback_frames", "rater_pack", "exercise_pack", "rater_form", "exercise_form", "picker_form", "page_config", "rater_texts",
           "ANSWER_MARK"]

ANSWER_MARK = "CLAIMLAB_ANSWER_MARK"  # stands for the learner's text in a message that quotes it
_SENTINEL = "\u0001"
_UL = '<ul style="margin:0.3em 0 0 0;padding-left:1.3em">'


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
    """How :meth:`exercises.Feedback._repr_html_` frames a feedback, cut where the lines go.

    ``{"frames": {status: [before the lines, after the lines]}, "headlines": {status: headline}}``.
    The question id is written as ``{qid}``; the page fills it in.
    """
    frames, headlines = {}, {}
    for status in exercises.STATUSES:
        headline = exercises._headline(ds, status)
        html = exercises.Feedback(_SENTINEL + "Q", status, headline, ())._repr_html_()
        frames[status] = html.replace(_SENTINEL + "Q", "{qid}")
        headlines[status] = headline
    text_headline = exercises._messages(ds).get("text_headline")  # a written answer with every part
    if text_headline:
        html = exercises.Feedback(_SENTINEL + "Q", "correct", str(text_headline), ())._repr_html_()
        frames[TEXT_CORRECT] = html.replace(_SENTINEL + "Q", "{qid}")
        headlines[TEXT_CORRECT] = str(text_headline)
    return {"frames": frames, "headlines": headlines}


def _line_html(line: str) -> str:
    """One feedback line as the kernel's HTML shows it (``<li>...</li>``, with its sub-list)."""
    html = exercises.Feedback("q", "correct", "h", (line,))._repr_html_()
    start = html.index(_UL) + len(_UL)
    return html[start:html.rindex("</ul></div>")]


class _Pool:
    """Feedback lines stored once per question; entries point at them by number."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._index: dict[str, int] = {}

    def add(self, lines: tuple[str, ...] | list[str]) -> list[int]:
        out = []
        for line in lines:
            if line not in self._index:
                self._index[line] = len(self.lines)
                self.lines.append(_line_html(line))
            out.append(self._index[line])
        return out


# --------------------------------------------------------------------------- exercise questions
def _check(qid: str, answer: Any, ds: Dataset) -> exercises.Feedback:
    return exercises.check(qid, answer, ds=ds, save=False)


@contextlib.contextmanager
def _same_texts_faster():
    """While enumerating answers, remember each filled-in text and key note (asked for thousands of times).

    The kernel's own ``exercises._fill`` and ``rubric._note`` still do the work; their result for the
    same arguments is the same on every call, so it is kept rather than computed again.
    """
    original, original_note = exercises._fill, rubric._note
    memory: dict[tuple, Any] = {}

    def remembered(template: str, ds: Dataset, **fields: Any) -> str:
        key = (template, id(ds), tuple(sorted((k, str(v)) for k, v in fields.items())))
        if key not in memory:
            memory[key] = original(template, ds, **fields)
        return memory[key]

    def remembered_note(ds: Dataset, claim_id: str, dim_id: str) -> str | None:
        key = ("note", id(ds), claim_id, dim_id)
        if key not in memory:
            memory[key] = original_note(ds, claim_id, dim_id)
        return memory[key]

    exercises._fill, rubric._note = remembered, remembered_note
    try:
        yield
    finally:
        exercises._fill, rubric._note = original, original_note


def _axes(q: dict[str, Any]) -> tuple[list[list[str]], Any]:
    """The page's controls for a question as axes of choices, and how to turn a choice into the answer."""
    kind = q["type"]
    if kind == "choice":
        return [[str(o["id"]) for o in q["options"]]], lambda picked: picked[0]
    if kind == "multi":
        ids = [str(o["id"]) for o in q["options"]]
        return [["", i] for i in ids], lambda picked: [p for p in picked if p] or None
    if kind == "order":
        ids = [str(i["id"]) for i in q["items"]]
        return [["", *ids] for _ in ids], lambda picked: [p for p in picked if p] or None
    if kind == "match":
        options = [str(o["id"]) for o in q["options"]]
        items = [str(i["id"]) for i in q["items"]]
        return ([["", *options] for _ in items],
                lambda picked: {i: p for i, p in zip(items, picked) if p} or None)
    raise ValueError(kind)


TEXT_CORRECT = "text_correct"  # the frame of a written answer with every part (its status is "correct")


def _statuses_and_lines(feedback: exercises.Feedback, pool: _Pool, ds: Dataset) -> list[Any]:
    frame = feedback.status
    if feedback.status == "correct" and feedback.headline != exercises._headline(ds, "correct"):
        frame = TEXT_CORRECT
    return [frame, *pool.add(feedback.lines)]


def exercise_pack(qid: str, ds: Dataset | None = None) -> dict[str, Any]:
    """Everything the page needs to check one exercise question, computed by :func:`exercises.check`."""
    with _same_texts_faster():
        return _exercise_pack(qid, ds or load())


def _exercise_pack(qid: str, ds: Dataset) -> dict[str, Any]:
    q = exercises._questions(ds)[qid]
    kind = q["type"]
    pool = _Pool()
    pack: dict[str, Any] = {"qid": qid, "type": kind,
                            "empty": _statuses_and_lines(_check(qid, None, ds), pool, ds)}
    if kind in ("choice", "multi", "order", "match"):
        axes, answer_of = _axes(q)
        table = []
        for picked in itertools.product(*axes):  # mixed-radix order: the last axis changes fastest
            answer = answer_of(list(picked))
            table.append(_statuses_and_lines(_check(qid, answer, ds), pool, ds))
        pack.update(axes=axes, table=table)
    elif kind == "number":
        expected = exercises.expected_value(q["expected"], ds)
        traps = []
        for trap in q.get("traps", []):
            value = exercises.expected_value(trap["expected"], ds)
            traps.append({"expected": value, "tol": trap["tolerance"],
                          "entry": _statuses_and_lines(_check(qid, value, ds), pool, ds)})
        low = high = None
        for scale in (0.5, 0.1, 0.01, -1.0):  # a value below every branch above
            candidate = _check(qid, expected * scale - 1, ds)
            if candidate.status == "incorrect":
                low = _statuses_and_lines(candidate, pool, ds)
                break
        for scale in (2.0, 10.0, 100.0):
            candidate = _check(qid, expected * scale + 1, ds)
            if candidate.status == "incorrect":
                high = _statuses_and_lines(candidate, pool, ds)
                break
        pack.update(expected=expected, tol=q["tolerance"], traps=traps,
                    correct=_statuses_and_lines(_check(qid, expected, ds), pool, ds), low=low, high=high,
                    invalid=_statuses_and_lines(_check(qid, ANSWER_MARK, ds), pool, ds),
                    notfinite=_statuses_and_lines(_check(qid, "inf", ds), pool, ds))
    elif kind == "text":
        rules = q["rules"]
        limit = int(q.get("max_chars", exercises.DEFAULT_MAX_CHARS))
        require = rules.get("require", []) or []
        pack.update(
            limit=limit,
            require=[[r["pattern"], pool.add([exercises._fill(r["message"], ds)])[0]] for r in require],
            forbid=[[r["pattern"], pool.add([exercises._fill(r["message"], ds)])[0]]
                    for r in rules.get("forbid", []) or []],
            met=pool.add([exercises._msg(ds, "rules_met", met=n, total=len(require))
                          for n in range(len(require) + 1)]),
            correct=_statuses_and_lines(_check(qid, exercises._fill(str(q["model_answer"]), ds), ds), pool, ds),
            again=pool.add([exercises._msg(ds, "try_again", question=qid)])[0],
            toolong=_statuses_and_lines(_check(qid, "x" * (limit + 1), ds), pool, ds))
    pack["lines"] = pool.lines
    return pack


def _options(ds: Dataset, options: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(str(o["id"]), exercises._label(ds, o)) for o in options]


def exercise_form(qid: str, ds: Dataset | None = None, intro: str = "") -> str:
    """The answer controls for one question (no answers in them), plus the compiled pack, encoded."""
    ds = ds or load()
    q = exercises._questions(ds)[qid]
    kind = q["type"]
    name = f"q-{re.sub(r'[^a-z0-9]+', '-', qid)}"
    parts = [f'<p class="claimlab-intro">{escape(intro)}</p>' if intro else ""]
    if kind == "choice":
        parts += [f'<label class="claimlab-option"><input type="radio" name="{name}" value="{escape(i)}"> '
                  f'{escape(label)}</label>' for i, label in _options(ds, q["options"])]
    elif kind == "multi":
        parts += [f'<label class="claimlab-option"><input type="checkbox" value="{escape(i)}"> {escape(label)}</label>'
                  for i, label in _options(ds, q["options"])]
    elif kind in ("order", "match"):
        if kind == "order":
            rows = [f"Position {n}" for n in range(1, len(q["items"]) + 1)]
            choices = _options(ds, q["items"])
        else:
            rows = [exercises._label(ds, item) for item in q["items"]]
            choices = _options(ds, q["options"])
        select = "".join(f'<option value="{escape(i)}">{escape(label)}</option>' for i, label in choices)
        parts += [f'<label class="claimlab-row"><span>{escape(row)}</span> <select>'
                  f'<option value="">(choose)</option>{select}</select></label>' for row in rows]
    elif kind == "number":
        parts.append(f'<input type="text" class="claimlab-text" placeholder="Your answer: {escape(q["unit"])}" '
                     f'aria-label="Your answer ({escape(q["unit"])})">')
    else:
        parts.append('<textarea class="claimlab-text" rows="3" placeholder="Your answer: one or two sentences" '
                     'aria-label="Your answer"></textarea>')
    parts.append('<div><button type="button" class="claimlab-check">Check</button></div>'
                 '<div class="claimlab-feedback-box" aria-live="polite"></div><div class="claimlab-status"></div>')
    items = escape(json.dumps([str(i["id"]) for i in q["items"]])) if kind == "match" else ""
    return (f'<div class="claimlab-q" data-kind="exercise" data-type="{escape(kind)}" data-id="{escape(qid)}" '
            + (f'data-items="{items}" ' if items else "") +
            f'data-pack="{encode(qid, exercise_pack(qid, ds))}">' + "".join(parts) + "</div>")


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
        with _same_texts_faster():
            _PACKS[key] = _rater_pack(claim_id, dims, ds)
    return _PACKS[key]


def _rater_pack(claim_id: str, dims: list[str] | None, ds: Dataset) -> dict[str, Any]:
    from claimlab.ui.widgets.card import _card_html
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
            "complete": texts["complete"], "partial": texts["partial"], "card": _card_html(ds, claim_id, True)}


def page_config(ds: Dataset | None = None) -> dict[str, Any]:
    """What every static page's script shares: feedback frames, the rubric form, headlines, messages."""
    from claimlab.ui.html import EDGES
    ds = ds or load()
    config = feedback_frames(ds)
    config["ul"] = _UL
    config["mark"] = escape(repr(ANSWER_MARK))
    config["article"] = str(ds.article.meta.get("title", ""))
    config["notice"] = {kind: _frame(notice(_SENTINEL, kind)) for kind in EDGES}
    config["headlines"] = dict(_HEADLINES)
    config["rubric"] = [{"id": str(d["id"]), "heading": heading(f"{n}. {d['question']}"),
                         "options": [[str(o["id"]), str(o["label"])] for o in d["options"]],
                         "help": notice(" ".join(str(d.get("help", "")).split()), "info")}
                        for n, d in enumerate(ds.rubric["dimensions"], 1)]
    return config


def rater_form(claim_id: str, dims: list[str] | None, ds: Dataset | None = None, hidden: bool = False) -> str:
    """A rater on a static page: the card and the encoded feedback; the script adds the questions."""
    from claimlab.ui.html import TEXT_CSS
    from claimlab.ui.widgets.card import _card_html
    ds = ds or load()
    pack = rater_pack(claim_id, dims, ds)
    key = f"{claim_id}:{'all' if dims is None else ','.join(pack['dims'])}"
    return (f'<div class="claimlab-q claimlab-rater" data-kind="rater" data-id="{escape(key)}" '
            f'data-claim="{escape(claim_id)}"{" hidden" if hidden else ""} data-pack="{encode(key, pack)}">'
            f'<div class="claimlab-card">{_card_html(ds, claim_id, False)}</div>'
            f'<div style="{TEXT_CSS}">Judge how this claim is sourced: answer each question, then press '
            '<b>Check</b>. Your answers are kept in this browser when you check them.</div>'
            '<div class="claimlab-dims"></div>'
            '<div><button type="button" class="claimlab-check">Check</button> '
            '<button type="button" class="claimlab-reset">Reset</button></div>'
            '<div class="claimlab-status"></div><div class="claimlab-headline" aria-live="polite"></div>'
            '<div class="claimlab-rationale"></div></div>')


def picker_form(ds: Dataset | None = None) -> str:
    """``cl.rate_any()`` on a static page: a drop-down of every claim and a rater for the chosen one."""
    from claimlab.ui.widgets.rater import claim_choice_label
    ds = ds or load()
    ids = ds.claim_ids()
    options = "".join(f'<option value="{escape(c)}">{escape(claim_choice_label(ds, c))}</option>' for c in ids)
    raters = "".join(rater_form(c, None, ds, hidden=n > 0) for n, c in enumerate(ids))
    return (f'<div class="claimlab-picker"><label>Claim to rate: <select class="claimlab-pick">{options}'
            f'</select></label>{raters}</div>')
