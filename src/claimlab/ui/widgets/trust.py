"""The before/after measure: :class:`TrustForm` (``cl.trust_form("pre")`` in notebook 00a, ``"post"`` in 06)
asks how far a learner would trust each passage of their form; :class:`TrustChange`
(``cl.trust_change()``) shows the change in words and small bars, then every passage of both checks with
the expert key and its reason, and how the learner's own ratings of it moved, so the check teaches.

The bars are plain HTML (they show on static pages too and need no JavaScript).
"""
from __future__ import annotations

from typing import Any

import ipywidgets as w

from claimlab.core import bank
from claimlab.core import store as answer_store
from claimlab.core.dataset import Dataset, load
from claimlab.core.text import escape
from claimlab.core.words import word
from claimlab.ui.html import TEXT_CSS, heading, style, table
from claimlab.ui.widgets.base import Panel, guarded, static_hint, the_store
from claimlab.ui.widgets.passages import passage_html

__all__ = ["TrustForm", "TrustChange", "trust_form", "trust_change", "trust_note", "review_rows", "bar_html"]


def trust_note(stage: str) -> str:
    """The note of the answers file that holds one trust check (``trust_pre`` / ``trust_post``)."""
    return f"trust_{stage}"


def stage_words(stage: str, ds: Dataset | None = None) -> str:
    return word(f"trust.stage_{stage}", ds)


def choices(ds: Dataset | None = None) -> list[tuple[str, int]]:
    labels = (ds or load()).interface.get("trust", {}).get("choices") or [str(n) for n in bank.TRUST_SCALE]
    return list(zip(labels, bank.TRUST_SCALE))


class TrustForm(Panel):
    """This learner's pre- or post-test form: rate each passage 1–5, then Save. No feedback per item."""

    def __init__(self, stage: str = "pre", store: answer_store.AnswerStore | None = None,
                 seed: str | None = None):
        self.stage = stage if stage in bank.STAGES else "pre"
        super().__init__(static_hint())
        self.scales: dict[str, w.ToggleButtons] = {}
        self.save_button = w.Button(description=word("trust.save"), button_style="primary")
        self.save_button.on_click(lambda _b: self.save())
        self.children = [self.status]
        try:
            self._build(store, seed)
        except Exception as exc:
            self.fail("trust.doing_setup", exc)

    def _build(self, store: answer_store.AnswerStore | None, seed: str | None) -> None:
        ds = load()
        self.store = the_store(store)
        self.seed = seed or bank.learner_seed(self.store)
        self.form = bank.forms_for(self.seed)[self.stage]
        self.passage_ids = bank.form_items(ds, self.stage, self.seed)
        saved = (self.store.note(trust_note(self.stage)) or {}).get("ratings", {})
        scale = choices(ds)
        prompt = word("trust.prompt", ds)
        parts: list[w.Widget] = []
        for number, pid in enumerate(self.passage_ids, start=1):
            toggle = w.ToggleButtons(options=scale, value=None, description="", tooltip=prompt,
                                     style={"button_width": "auto"})
            if saved.get(pid) in [v for _l, v in scale]:
                toggle.value = saved[pid]
            self.scales[pid] = toggle
            parts += [w.HTML(f'<div style="{TEXT_CSS}{style("bold_top")}">{number}.</div>'
                             + passage_html(bank.passage(ds, pid), ds)), toggle]
        self.text_repr = (f"{word('trust.text_form', ds, stage=stage_words(self.stage, ds), count=len(parts) // 2)} "
                          f"{static_hint()}")
        self.children = [w.HTML(heading(prompt)), *parts, self.save_button, self.status]
        if saved:
            self.say(word("trust.restored", ds), "saved")

    def ratings(self) -> dict[str, int]:
        return {pid: toggle.value for pid, toggle in self.scales.items() if toggle.value is not None}

    @guarded("trust.doing_save")
    def save(self) -> bool:
        """Save the ratings (what Save does). Returns True if saved."""
        ratings = self.ratings()
        missing = len(self.scales) - len(ratings)
        ok = self.store.save_note(trust_note(self.stage), {"form": self.form, "seed": self.seed, "ratings": ratings})
        if missing:
            self.say(word("trust.saved_missing", missing=missing), "warning")
        else:
            self.say(word("trust.saved") if ok else "", "saved")
        return ok


def trust_form(stage: str = "pre", store: answer_store.AnswerStore | None = None) -> TrustForm:
    """The trust check: "pre" (notebook 00a, before the lessons) or "post" (notebook 06)."""
    return TrustForm(stage, store=store)


def bar_html(label: str, value: float | None, colour: str) -> str:
    """One bar of the 1-5 trust scale, in plain HTML."""
    width = 0 if value is None else max(0.0, (value - 1) / 4 * 100)
    shown = "–" if value is None else f"{value:.1f}"
    return (f'<div style="{TEXT_CSS}display:flex;align-items:center;margin:2px 0"><span style="width:13em">'
            f'{escape(label)}</span><span style="display:inline-block;height:0.9em;width:{width:.0f}%;max-width:'
            f'20em;background:{colour};border:1px solid var(--jp-border-color1)"></span>'
            f'<span style="padding-left:6px">{shown}</span></div>')


def review_rows(store: answer_store.AnswerStore, ds: Dataset) -> list[dict[str, Any]]:
    """Every passage of this learner's two trust checks: its key, the reason, and the two ratings."""
    table_ = bank.passages(ds)
    rated = {stage: (store.note(trust_note(stage)) or {}) for stage in bank.STAGES}
    seed = next((entry.get("seed") for entry in rated.values() if isinstance(entry, dict) and entry.get("seed")),
                None) or bank.learner_seed(store)
    rows = []
    for stage in bank.STAGES:
        entry = rated[stage] if isinstance(rated[stage], dict) else {}
        ratings = entry.get("ratings") if isinstance(entry.get("ratings"), dict) else {}
        for pid in bank.form_items(ds, stage, seed):
            row = table_.loc[pid]
            rows.append({"passage_id": pid, "stage": stage, "well": row["well_sourced"] == "yes",
                         "rating": bank.rating_value(ratings.get(pid)), "reason": str(row["rationale"]),
                         "row": row})
    return rows


class TrustChange(Panel):
    """The learner's pre and post scores in words and bars, then the passages with their key.

    Press *Show my change* after saving the second trust check (it is worked out again each time).
    """

    def __init__(self, store: answer_store.AnswerStore | None = None):
        super().__init__(f"{word('trust.change_text_form')} {static_hint()}")
        self.view = w.HTML()
        self.button = w.Button(description=word("trust.change_button"), button_style="primary",
                               tooltip=word("trust.change_tooltip"))
        self.button.on_click(lambda _b: self.refresh())
        self.scores: dict[str, dict[str, Any]] = {}
        self.lines: list[str] = []
        self.children = [self.button, self.view, self.status]
        try:
            self.store = the_store(store)
            self.refresh()
        except Exception as exc:
            self.fail("trust.doing_change", exc)

    @guarded("trust.doing_change")
    def refresh(self) -> list[str]:
        """Work out the scores again from the answers file and show them; returns the sentences."""
        self.ds = ds = load()
        for stage in bank.STAGES:
            entry = self.store.note(trust_note(stage)) or {}
            self.scores[stage] = bank.trust_scores(entry.get("ratings", {}) if isinstance(entry, dict) else {}, ds)
        self.lines = bank.change_in_words(self.scores["pre"], self.scores["post"], ds)
        self.view.value = self.html_text()
        return self.lines

    def review_html(self) -> str:
        """Each passage of both checks with the key and why, once the second check is saved."""
        ds = self.ds
        if self.scores.get("post", {}).get("trust_level") is None:
            return f'<p style="{TEXT_CSS}">{escape(word("trust.review_needs_post", ds))}</p>'
        rows = []
        for item in review_rows(self.store, ds):
            key = word("trust.key_well" if item["well"] else "trust.key_poor", ds)
            rating = "–" if item["rating"] is None else f"{item['rating']:.0f}"
            before, after = (rating, "") if item["stage"] == "pre" else ("", rating)
            rows.append([passage_html(item["row"], ds), escape(key), escape(before), escape(after),
                         escape(item["reason"])])
        headers = [escape(h) for h in ds.interface.get("trust", {}).get("review_headers", [])]
        return (heading(word("trust.review_title", ds)) + f'<p style="{TEXT_CSS}">'
                f'{escape(word("trust.review_intro", ds))}</p>' + table(headers, rows))

    def html_text(self) -> str:
        ds = self.ds
        words_ = "".join(f'<p style="{TEXT_CSS}">{escape(line)}</p>' for line in self.lines)
        bars = ""
        for stage in bank.STAGES:
            score = self.scores.get(stage) or {}
            bars += (f'<div style="{TEXT_CSS}font-weight:bold;margin-top:6px">'
                     f'{escape(word("trust.mean_trust", ds, stage=stage_words(stage, ds)))}</div>'
                     + bar_html(word("trust.well", ds), score.get("well"), "var(--jp-success-color1,#2e7d32)")
                     + bar_html(word("trust.poor", ds), score.get("poor"), "var(--jp-warn-color1,#b26a00)"))
        return (f'<figure style="margin:0;max-width:46em" aria-label="{escape(word("trust.figure_label", ds))}">'
                f'{bars}<figcaption style="{TEXT_CSS}{style("small")}">{escape(word("trust.caption", ds))}'
                f'</figcaption></figure>{words_}{self.review_html()}')


def trust_change(store: answer_store.AnswerStore | None = None) -> TrustChange:
    """Your change from the first trust check to the second, in words and a small chart, with the key."""
    return TrustChange(store)
