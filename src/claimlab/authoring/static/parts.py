"""The parts of a static page that stand in for Claim Lab's other widgets: the practice passages
(``cl.practice()``), the trust checks and their change (``cl.trust_form``, ``cl.trust_change``), the
progress tables (``cl.progress()``, ``cl.exercise_progress``), note boxes and the first impression.

Each part is an HTML element ``<div class="claimlab-part" data-part="<name>">`` that its page script
(``authoring/assets/parts/<name>.js``) brings to life, with what it needs compiled here at build time
by the kernel's own functions, so nothing is worked out twice:

* the per-learner draws (:func:`claimlab.core.bank.practice_draw`, :func:`~claimlab.core.bank.forms_for`,
  :func:`~claimlab.core.bank.form_items`) for each of :data:`SEEDS` seeds, one of which a learner's
  browser takes as its ``learner_seed`` note, exactly as the kernel keeps its own seed;
* the passages as the widgets show them (:func:`claimlab.ui.widgets.passages.passage_html`), and their
  questions as static forms (:func:`claimlab.authoring.quizdata.exercise_form`);
* the trust change's pieces of HTML, cut from the kernel's own (``bar_html``, ``table``, ``heading``) where
  the numbers go, and the key of each trust passage (encoded, like every answer on a page).

What the browser adds is counting: means of 1-5 ratings and the thresholds of
:func:`claimlab.core.bank.change_in_words` (:data:`CHANGE_STEP`), which ``tests/browser`` compares with
the kernel's own :class:`~claimlab.ui.widgets.trust.TrustChange` for many sets of ratings.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from claimlab.core import bank, exercises
from claimlab.core import practice as bank_questions
from claimlab.core.dataset import Dataset
from claimlab.core.questions import common
from claimlab.core.text import escape
from claimlab.core.words import word

__all__ = ["SEEDS", "CHANGE_STEP", "static_seeds", "practice_part", "trust_part", "trust_change_part",
           "exercise_progress_part", "progress_part", "note_part", "impression_part"]

SEEDS = 64  # learner seeds a static site offers (a class of 30 rarely shares one; each gets its own draw)
CHANGE_STEP = 0.5  # the step claimlab.core.bank.change_in_words calls a change (its literal, kept equal by a test)
_MARK = "\u0001"


def static_seeds(ds: Dataset) -> list[str]:
    """The seeds a static site offers, like the kernel's (8 hex digits), the same for every build of a module."""
    from claimlab.authoring.quizdata import module_id
    module = module_id(ds)
    return [hashlib.sha256(f"claimlab-static-seed:{module}:{n}".encode()).hexdigest()[:8] for n in range(SEEDS)]


def _part(kind: str, body: str, pack: Any = None, encode_as: str = "", **data: str) -> str:
    """The element a part's page script finds: ``data-part``, its pack (plain JSON, or encoded) and data."""
    from claimlab.authoring.quizdata import encode
    attrs = "".join(f' data-{key}="{escape(value)}"' for key, value in data.items())
    if pack is not None:
        packed = encode(encode_as, pack) if encode_as else json.dumps(pack, separators=(",", ":"))
        attrs += f' data-pack="{escape(packed)}"' + (f' data-encoded="{escape(encode_as)}"' if encode_as else "")
    return f'<div class="claimlab-part" data-part="{kind}"{attrs}>{body}</div>'


def _button(kind: str, words: str, tooltip: str = "", primary: bool = False, hidden: bool = False) -> str:
    title = f' title="{escape(tooltip)}"' if tooltip else ""
    return (f'<button type="button" class="claimlab-{kind}{" claimlab-primary" if primary else ""}"{title}'
            f'{" hidden" if hidden else ""}>{escape(words)}</button>')


STATUS = '<div class="claimlab-status" aria-live="polite"></div>'


# --------------------------------------------------------------------------- practice passages
def practice_part(ds: Dataset, n: int | None = None) -> str:
    """``cl.practice()``: every passage of the practice pool with its questions; the page shows this
    learner's draw, one passage at a time, with a Next passage button."""
    from claimlab.authoring.quizdata import exercise_form
    from claimlab.ui.widgets.passages import passage_html
    count = int(n or exercises.settings(ds).get("practice_passages", 4))
    sections = []
    for pid in bank.used_in(ds, "practice"):
        forms = "".join(exercise_form(qid, ds, show_passage=False) for qid in bank_questions.question_ids(ds, pid))
        sections.append(f'<section class="claimlab-passage" data-passage="{escape(pid)}" hidden>'
                        '<div class="claimlab-passage-heading" role="heading" aria-level="3"></div>'
                        f'{passage_html(bank.passage(ds, pid), ds)}{forms}</section>')
    pack = {"seeds": {seed: bank.practice_draw(ds, seed, count) for seed in static_seeds(ds)}}
    body = "".join(sections) + _button("next-passage", "", word("practice.next_tooltip", ds), hidden=True) + STATUS
    return _part("practice", body, pack)


# --------------------------------------------------------------------------- trust checks
def _trust_seeds(ds: Dataset) -> dict[str, dict[str, Any]]:
    return {seed: {"forms": bank.forms_for(seed), **{stage: bank.form_items(ds, stage, seed) for stage in bank.STAGES}}
            for seed in static_seeds(ds)}


def _form_passages(ds: Dataset) -> list[str]:
    return [pid for form in bank.FORMS for pid in bank.used_in(ds, form)]


def trust_part(ds: Dataset, stage: str) -> str:
    """``cl.trust_form(stage)``: the passages of both forms, each with the 1-5 scale; the page shows this
    learner's form for the stage, in this learner's order, and saves note ``trust_<stage>`` as the kernel does."""
    from claimlab.ui.html import TEXT_CSS, heading, style
    from claimlab.ui.widgets.passages import passage_html
    from claimlab.ui.widgets.trust import choices
    stage = stage if stage in bank.STAGES else "pre"
    items = []
    for pid in _form_passages(ds):
        name = f"trust-{stage}-{pid}"
        scale = "".join(f'<label><input type="radio" name="{escape(name)}" value="{value}"> {escape(label)}</label>'
                        for label, value in choices(ds))
        items.append(f'<div class="claimlab-trust-item" data-passage="{escape(pid)}" hidden>'
                     f'<div style="{TEXT_CSS}{style("bold_top")}" class="claimlab-trust-number"></div>'
                     f'{passage_html(bank.passage(ds, pid), ds)}'
                     f'<div class="claimlab-scale" role="radiogroup">{scale}</div></div>')
    body = (heading(word("trust.prompt", ds)) + "".join(items)
            + _button("save", word("trust.save", ds), primary=True) + STATUS)
    return _part("trust", body, {"seeds": _trust_seeds(ds)}, stage=stage)


def trust_change_part(ds: Dataset) -> str:
    """``cl.trust_change()``: the pieces of the kernel's view, cut where the numbers go, and the key."""
    from claimlab.ui.html import STATUS_COLOURS, TEXT_CSS, heading, style, table
    from claimlab.ui.widgets.passages import passage_html
    from claimlab.ui.widgets.trust import bar_html, stage_words
    rows = bank.passages(ds)
    headers = [escape(h) for h in ds.interface.get("trust", {}).get("review_headers", [])]
    whole = table(headers, [[f"{_MARK}{n}" for n in range(len(headers))]])
    start, end = whole.index("<tbody>") + len("<tbody>"), whole.index("</tbody>")
    bar = bar_html(f"{_MARK}L", 5.0, f"{_MARK}C")
    pack = {
        "seeds": _trust_seeds(ds), "step": CHANGE_STEP,
        "passages": {pid: {"html": passage_html(rows.loc[pid], ds), "well": bool(rows.loc[pid, "well_sourced"] == "yes"),
                           "reason": str(rows.loc[pid, "rationale"])} for pid in _form_passages(ds)},
        "figure": [f'<figure style="{style("trust_figure")}" aria-label="{escape(word("trust.figure_label", ds))}">',
                   f'<figcaption style="{TEXT_CSS}{style("small")}">{escape(word("trust.caption", ds))}'
                   '</figcaption></figure>'],
        "stage_titles": {stage: f'<div style="{TEXT_CSS}{style("trust_stage")}">'
                                f'{escape(word("trust.mean_trust", ds, stage=stage_words(stage, ds)))}</div>'
                         for stage in bank.STAGES},
        "bar": bar.replace("width:100%", "width:{width}%").replace(">5.0<", ">{shown}<"),
        "colours": {"well": STATUS_COLOURS["correct"], "poor": STATUS_COLOURS["partial"]},
        "line": f'<p style="{TEXT_CSS}">{_MARK}</p>',
        "needs_post": f'<p style="{TEXT_CSS}">{escape(word("trust.review_needs_post", ds))}</p>',
        "review_head": (heading(word("trust.review_title", ds)) + f'<p style="{TEXT_CSS}">'
                        f'{escape(word("trust.review_intro", ds))}</p>' + whole[:start]),
        "review_row": whole[start:end], "review_foot": whole[end:],
    }
    body = (_button("show-change", word("trust.change_button", ds), word("trust.change_tooltip", ds), primary=True)
            + '<div class="claimlab-change-view" aria-live="polite"></div>' + STATUS)
    return _part("trust-change", body, pack, encode_as="trust-change")


# --------------------------------------------------------------------------- progress
def exercise_progress_part(ds: Dataset, notebook: str) -> str:
    """``cl.exercise_progress("ex01")``: the notebook's questions; the page fills in each saved status."""
    from claimlab.ui.html import CELL_CSS, WIDE_CSS, style
    wanted = common.question_id(notebook).split(".")[0]
    info = ds.exercises.get("notebooks", {}).get(wanted)
    rows = [[qid, common.fill(str(q.get("prompt", "")), ds)] for qid, q in common.questions(ds).items()
            if q.get("notebook") == wanted]
    messages = common.messages(ds)
    pack = {"rows": rows, "words": common.status_words(ds),
            "title": common.msg(ds, "progress_in", notebook=wanted, title=info["title"] if info else ""),
            "summary": str(messages.get("progress_summary", "{checked}/{total}")),
            "headers": [str(h) for h in messages.get("progress_headers") or ("Question", "Status", "Prompt")],
            "cell": CELL_CSS, "wide": WIDE_CSS, "table": style("plain_table"),
            "practice": wanted == exercises.settings(ds).get("practice_notebook"),
            "practice_one": str(messages.get("practice_progress_one", "")),
            "practice_many": str(messages.get("practice_progress", ""))}
    return _part("exercise-progress", '<div class="claimlab-progress-view" aria-live="polite"></div>', pack)


def progress_part(ds: Dataset) -> str:
    """``cl.progress()``: agreement with the key per rubric question, counted from the saved ratings."""
    from claimlab.ui.html import TEXT_CSS, style
    scale = [str(o["id"]) for d in ds.rubric["dimensions"] if d["id"] == "credibility" for o in d["options"]]
    expected = {cid: scale.index(str(ds.key.loc[cid, "credibility"])) for cid in ds.key.index
                if str(ds.key.loc[cid, "credibility"]) in scale}
    pack = {"total": len(ds.claims), "claims": [str(c) for c in ds.key.index], "scale": scale, "expected": expected,
            "dims": [[str(d["id"]), str(d["question"])] for d in ds.rubric["dimensions"]],
            "styles": {"table": TEXT_CSS + style("progress_table"), "caption": style("progress_caption"),
                       "cell": style("progress_cell"), "head_left": style("progress_cell", "align_left", "no_wrap"),
                       "head_right": style("progress_cell", "align_right", "no_wrap"),
                       "row": style("progress_cell", "align_left", "normal_weight"),
                       "count": style("progress_cell", "align_right")}}
    body = ('<div class="claimlab-progress-view" aria-live="polite"></div>'
            + _button("refresh", word("static.progress_refresh", ds), word("static.progress_refresh_tooltip", ds)))
    return _part("progress", body, pack, encode_as="progress")


# --------------------------------------------------------------------------- notes and the first impression
def note_part(ds: Dataset, name: str, prompt: str) -> str:
    """``cl.note_box(name, prompt)``: a text box saved as note ``name``, as the kernel's NoteBox."""
    from claimlab.ui.html import heading
    name, prompt = " ".join(str(name).split()) or "note", " ".join(str(prompt).split())
    body = (f'<div id="note-{escape(name)}">{heading(prompt)}</div>'
            f'<textarea class="claimlab-text" rows="5" aria-labelledby="note-{escape(name)}" '
            f'placeholder="{escape(word("static.note_placeholder", ds))}"></textarea><div>'
            + _button("save", word("static.save", ds), primary=True) + "</div>" + STATUS)
    return _part("note", body, name=name)


def impression_part(ds: Dataset, revisit: bool = False) -> str:
    """``cl.first_impression()``: how far the learner trusts the article's figures, saved as the kernel saves it."""
    from claimlab.ui.html import heading
    from claimlab.ui.widgets import polls
    question, points = polls.trust_question(revisit, ds), polls.trust_scale(ds)
    note = "final_impression" if revisit else "first_impression"
    scale = "".join(f'<label class="claimlab-option"><input type="radio" name="{note}" value="{value}"> '
                    f'<span>{escape(label)}</span></label>' for value, label in points)
    body = (f'<div class="claimlab-earlier"></div><div id="{note}-q">{heading(question)}</div>'
            f'<div role="radiogroup" aria-labelledby="{note}-q">{scale}</div>'
            f'<label class="claimlab-row"><span>{escape(word("static.impression_why", ds))}</span>'
            f'<input type="text" class="claimlab-text" maxlength="300" '
            f'placeholder="{escape(word("static.impression_why_placeholder", ds))}"></label><div>'
            + _button("save", word("static.save", ds), primary=True) + "</div>" + STATUS)
    labels = {str(value): label for value, label in points}
    return _part("impression", body, {"labels": labels, "revisit": bool(revisit)}, name=note)
