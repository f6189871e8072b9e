"""Who struggled where: one row per learner, anonymous by default ("Learner 1" ...; names only if asked).

From the same answers files as the class views (:mod:`.results`, :mod:`.learning`), files from every edition
alike (JupyterLab, JupyterLite and the static web pages all keep ``ratings``, ``attempts`` and ``notes`` in the
same format): for each learner, the claims rated and how often their rubric answers matched the key, the
rubric questions and the claims where they most often chose an answer the key does not accept, the exercise
questions they found hard (not right at the first try, or the answer shown), and their discernment before and
after. ``chart()`` draws learners by rubric question. Meant for the instructor's own screen: it is about
individuals, so it is never for a projector, and with small groups even a number can identify someone.
"""
from __future__ import annotations

import os
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from claimlab.classroom.learning import ClassLearning
from claimlab.classroom.results_charts import HEAT_SCALE, chart_layout
from claimlab.core.dataset import Dataset, load
from claimlab.core.text import escape

COLUMNS = ["learner", "edition", "claims_rated", "rubric_right", "rubric_answered", "share_right", "hardest_questions",
           "hardest_claims", "exercises_tried", "first_try_right", "answers_shown", "hard_exercises",
           "discernment_before", "discernment_after"]
TOP = 3  # how many questions, claims or exercises are named per learner


def _top(counts: dict[str, int], top: int = TOP) -> str:
    ranked = sorted(((n, k) for k, n in counts.items() if n), key=lambda item: (-item[0], item[1]))[:top]
    return ", ".join(f"{k} ({n})" for n, k in ranked)


class ClassLearners:
    """The per-learner view of a folder of answers files."""

    def __init__(self, folder: str | os.PathLike | None = None, *, show_names: bool = False,
                 ds: Dataset | None = None):
        self.ds = ds or load()
        self.learning = ClassLearning(folder, show_names=show_names, ds=self.ds)
        self.results = self.learning.results
        self.folder = self.results.folder
        self.show_names = show_names

    def table(self) -> pd.DataFrame:
        """One row per learner, in the class views' order (see the module docstring for the columns)."""
        verdicts = self.results.verdicts()
        scores = self.learning.learners().set_index("learner") if self.learning.records else pd.DataFrame()
        rows = []
        for number, learner in enumerate(self.results.learners, 1):
            label = self.results.label(learner)
            mine = verdicts[verdicts["number"] == number]
            answered = mine[mine["verdict"].isin(("right", "near", "wrong"))]
            wrong = answered[answered["verdict"] == "wrong"]
            attempts = self.learning.records[number - 1]["attempts"] if number - 1 < len(self.learning.records) else {}
            tried = {q: e for q, e in attempts.items() if isinstance(e, dict) and isinstance(e.get("first"), dict)}
            first_right = sum(e["first"].get("status") == "correct" for e in tried.values())
            shown = sum(bool(e.get("revealed")) for e in attempts.values() if isinstance(e, dict))
            hard = {q: (int(e.get("tries", 1)) if str(e.get("tries", 1)).isdigit() else 1) + 2 * bool(e.get("revealed"))
                    for q, e in attempts.items() if isinstance(e, dict) and (
                        e.get("revealed") or (isinstance(e.get("first"), dict) and e["first"].get("status") != "correct"))}
            score = scores.loc[label] if label in getattr(scores, "index", []) else None
            rows.append({
                "learner": label, "edition": learner.edition or "jupyter", "claims_rated": len(learner.ratings),
                "rubric_right": int((answered["verdict"] == "right").sum()), "rubric_answered": len(answered),
                "share_right": (answered["verdict"] == "right").mean() if len(answered) else None,
                "hardest_questions": _top(wrong["dimension"].value_counts().to_dict()),
                "hardest_claims": _top(wrong["claim_id"].value_counts().to_dict()),
                "exercises_tried": len(tried), "first_try_right": first_right, "answers_shown": shown,
                "hard_exercises": _top(hard),
                "discernment_before": None if score is None else score["pre_discernment"],
                "discernment_after": None if score is None else score["post_discernment"]})
        frame = pd.DataFrame(rows, columns=COLUMNS)
        for column in ("share_right", "discernment_before", "discernment_after"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        return frame

    def figure(self) -> go.Figure:
        """Learners (rows) by rubric question (columns): the share of each learner's answers matching the key."""
        verdicts = self.results.verdicts()
        dims = [d["id"] for d in self.ds.dimensions()]
        labels = [self.results.label(learner) for learner in self.results.learners]
        z, text = [], []
        for number in range(1, len(labels) + 1):
            mine = verdicts[(verdicts["number"] == number) & verdicts["verdict"].isin(("right", "near", "wrong"))]
            row, words = [], []
            for dim in dims:
                cell = mine[mine["dimension"] == dim]
                share = float((cell["verdict"] == "right").mean()) if len(cell) else None
                row.append(share)
                words.append("–" if share is None else f"{round(100 * share)}%")
            z.append(row)
            text.append(words)
        fig = go.Figure(go.Heatmap(z=z, x=[f"{i}. {d}" for i, d in enumerate(dims, 1)], y=labels, text=text,
                                   texttemplate="%{text}", textfont=dict(size=11, color="#222222"),
                                   colorscale=HEAT_SCALE, zmin=0, zmax=1, xgap=2, ygap=2,
                                   hovertemplate="%{y}, %{x}: %{text} right<extra></extra>",
                                   colorbar=dict(title=dict(text="Share<br>right"), tickformat=".0%", len=0.5,
                                                 thickness=12)))
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(side="top")
        return chart_layout(fig, "Who struggled where: each learner, question by question",
                            "Share of a learner's answers to each rubric question that matched the key",
                            max(22 * len(labels), 120), legend=False)

    def describe(self) -> str:
        frame = self.table()
        if frame.empty:
            return self.results.summary()
        low = frame.dropna(subset=["share_right"]).sort_values("share_right").head(TOP)
        words = (f"{len(frame)} learner(s). Lowest agreement with the key: "
                 + "; ".join(f"{r.learner} {round(100 * r.share_right)}% ({r.hardest_questions or 'no question'})"
                             for r in low.itertuples()) + "." if len(low) else f"{len(frame)} learner(s), none "
                 "has rated a claim yet.")
        if self.results.samples_only:
            words += " These are made-up sample learners, not a class."
        return words

    def chart(self) -> None:
        """Show the learners-by-question chart with its text description. Never raises."""
        from claimlab.charts.show import show_figure, show_message
        try:
            if self.results.verdicts().empty:
                show_message("No learner has rated a claim yet in these files.")
                return
            show_figure(self.figure(), self.describe(), "learners chart")
        except Exception as exc:  # odd answers never crash the notebook
            show_message(f"Claim Lab could not draw the learners chart ({type(exc).__name__}: {exc}).")

    def __repr__(self) -> str:
        return self.describe()

    def _repr_html_(self) -> str:
        from claimlab.ui.html import table

        def pct(value: Any) -> str:
            return "–" if value is None or pd.isna(value) else f"{round(100 * value)}%"

        def num(value: Any) -> str:
            return "–" if value is None or pd.isna(value) else f"{value:+.1f}" if value else "0.0"

        rows = [[escape(r.learner), str(r.claims_rated), pct(r.share_right), escape(r.hardest_questions or "–"),
                 escape(r.hardest_claims or "–"), f"{r.first_try_right} of {r.exercises_tried}",
                 str(r.answers_shown), escape(r.hard_exercises or "–"),
                 f"{num(r.discernment_before)} → {num(r.discernment_after)}"] for r in self.table().itertuples()]
        headers = ["Learner", "Claims rated", "Rubric answers right", "Questions most often not quite (times)",
                   "Claims most often not quite", "Exercises right at first try", "Answers shown",
                   "Hardest exercises", "Discernment before → after"]
        note = ("Names are shown: keep this on your own screen." if self.show_names else
                "Learners are numbered as in the class results; use show_names=True on your own screen only.")
        return (f"<div style='max-width:70em'><p>{escape(self.describe())} {escape(note)}</p>"
                + table(headers, rows, "Each learner: where they struggled") + "</div>")


def class_learners(folder: str | os.PathLike | None = None, show_names: bool = False) -> ClassLearners:
    """Who struggled where, learner by learner (anonymous unless ``show_names=True``)."""
    return ClassLearners(folder, show_names=show_names)
