"""How the learner's saved ratings compare with the expert key, as a table and in words.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from claimlab.core import rubric
from claimlab.core import store as answer_store
from claimlab.core.dataset import Dataset, load
from claimlab.core.words import word
from claimlab.ui.html import TEXT_CSS, escape, notice
from claimlab.ui.widgets.base import Panel, flow, guarded, static_hint, the_store

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
    ratings = {cid: a for cid, a in the_store(store).ratings().items() if cid in ds.key.index}
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
        return notice(word("progress.none", ds, total=total), "info"), ""
    lines = [word("progress.checked", ds, judged=judged, total=total)]
    scale, either = _credibility_scale(ds), f" {word('progress.or', ds)} "
    top, low = either.join(scale[:2]), either.join(scale[3:-1])
    unjudged = ", ".join(scale[3:-1]) + either + scale[-1]
    if attrs["supported_graded"] and len(scale) >= 4:
        lines.append(word("progress.false_alarms", ds, top=top, low=low, n=attrs["doubted_supported"],
                          of=attrs["supported_graded"]))
    if attrs["unconfirmed_graded"] and len(scale) >= 4:
        lines.append(word("progress.too_trusting", ds, unjudged=unjudged, top=top, n=attrs["trusted_unconfirmed"],
                          of=attrs["unconfirmed_graded"]))
    cell = "padding:2px 8px;border-bottom:1px solid var(--jp-border-color2);"
    headers = ds.interface.get("progress", {}).get("headers") or []
    head = "".join(f'<th scope="col" style="{cell}text-align:{"right" if n else "left"};white-space:nowrap;">'
                   f'{escape(words)}</th>' for n, words in enumerate(headers))
    body = "".join(
        f'<tr><th scope="row" style="{cell}text-align:left;font-weight:normal;">{escape(r.question)}</th>'
        + "".join(f'<td style="{cell}text-align:right;">{getattr(r, c)}</td>'
                  for c in ("right", "near", "not_quite", "not_answered")) + "</tr>"
        for r in frame.itertuples())
    table = (f'<table style="{TEXT_CSS}border-collapse:collapse;margin:4px 0;">'
             f'<caption style="text-align:left;font-weight:bold;">{escape(word("progress.caption", ds))}'
             f'</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
    return notice(" ".join(lines), "info"), table


class ProgressView(Panel):
    """How many claims the learner has checked and how their answers compare with the key."""

    def __init__(self, store: answer_store.AnswerStore | None = None, ds: Dataset | None = None):
        super().__init__(f"{word('progress.text_form', ds)} {static_hint()}")
        self.ds = ds
        self.summary, self.table = w.HTML(), w.HTML()
        self.refresh_button = w.Button(description=word("progress.refresh", ds),
                                       tooltip=word("progress.refresh_tooltip", ds))
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.frame: pd.DataFrame | None = None
        self.children = [self.summary, self.table, flow([self.refresh_button]), self.status]
        try:
            self.store = the_store(store)
        except Exception as exc:
            self.fail("widget.doing_open", exc)
            return
        self.refresh()

    @guarded("progress.doing_count")
    def refresh(self) -> None:
        """Count the saved answers again (what the Refresh button does)."""
        self.ds = self.ds or load()
        self.frame = progress_summary(self.store, self.ds)
        self.summary.value, self.table.value = _progress_html(self.frame, self.ds)
        self.say()


def progress(store: answer_store.AnswerStore | None = None) -> ProgressView:
    """How many claims are judged, and agreement with the key per dimension, with a Refresh button."""
    return ProgressView(store)


# --------------------------------------------------------------------------- first and final impression
