"""Did the class learn? Pre vs post discernment and trust level, per learner, per class and per item, and
first-try accuracy on the exercises. Anonymous by default ("Learner 1" ...).

Reads the same answers files as :mod:`claimlab.classroom.results` (files checked, copies and foreign
files skipped the same way) and, from each file, the two trust checks (notes ``trust_pre`` and
``trust_post``, written by ``cl.trust_form``) and the attempts log (``attempts``, written by every
Check; files from before it had a section of its own keep it in a note, which the store's reader moves
into place). Only this module's own questions are counted (a file full of made-up question ids adds
nothing), and a question whose answer was shown before any try counts as shown, not as tried. **Discernment** is trust in well-sourced minus trust in poorly sourced passages; **trust level**
is the mean trust over all passages. A fall in trust alone is not learning (it can be a response
bias); a wider gap is. See docs/instructors.md for what these numbers can and cannot show.
"""
from __future__ import annotations

import os
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from claimlab.classroom.results import ClassResults
from claimlab.classroom.results_charts import chart_layout
from claimlab.core import bank, practice
from claimlab.core.dataset import Dataset, load
from claimlab.core.questions import common
from claimlab.core.text import escape

CHARTS = ("change", "items", "first_try")
STAGE_LABEL = {"pre": "Before (00a)", "post": "After (06)"}


def _one(value: Any) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.1f}"


def own_questions(ds: Dataset) -> set[str]:
    """Every question id this module can ask: its exercise questions and each bank passage's questions."""
    found = set(common.questions(ds))
    for pid in bank.passages(ds).index:
        found.update(practice.question_ids(ds, str(pid)))
    return found


def _ratings(entry: Any) -> dict[str, Any]:
    if isinstance(entry, dict) and isinstance(entry.get("ratings"), dict):
        return entry["ratings"]
    return {}


class ClassLearning:
    """Pre/post scores and first-try accuracy for a folder of answers files."""

    def __init__(self, folder: str | os.PathLike | None = None, *, show_names: bool = False,
                 ds: Dataset | None = None):
        self.ds = ds or load()
        self.results = ClassResults(folder, show_names=show_names, ds=self.ds)
        self.folder = self.results.folder
        self.records = []
        own = own_questions(self.ds)
        for learner in self.results.learners:
            notes = learner.notes
            self.records.append({"label": self.results.label(learner),
                                 "pre": notes.get("trust_pre"), "post": notes.get("trust_post"),
                                 "attempts": {qid: entry for qid, entry in learner.attempts.items() if qid in own}})

    # ------------------------------------------------------------------ tables
    def learners(self) -> pd.DataFrame:
        """One row per learner: forms, discernment and trust level before and after, and the changes."""
        rows = []
        for record in self.records:
            row: dict[str, Any] = {"learner": record["label"]}
            for stage in bank.STAGES:
                entry = record[stage] if isinstance(record[stage], dict) else {}
                score = bank.trust_scores(_ratings(entry), self.ds)
                row[f"{stage}_form"] = entry.get("form")
                row[f"{stage}_discernment"] = score["discernment"]
                row[f"{stage}_trust"] = score["trust_level"]
                row[f"{stage}_d_prime"] = score["d_prime"]
            both = row["pre_discernment"] is not None and row["post_discernment"] is not None
            row["discernment_change"] = row["post_discernment"] - row["pre_discernment"] if both else None
            row["trust_change"] = row["post_trust"] - row["pre_trust"] if both else None
            rows.append(row)
        columns = ["learner", "pre_form", "post_form", "pre_discernment", "post_discernment", "discernment_change",
                   "pre_trust", "post_trust", "trust_change", "pre_d_prime", "post_d_prime"]
        frame = pd.DataFrame(rows, columns=columns)
        for column in columns[3:]:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        return frame

    def paired(self) -> pd.DataFrame:
        """Only the learners who did both trust checks (the fair comparison)."""
        frame = self.learners()
        return frame.dropna(subset=["pre_discernment", "post_discernment"]).reset_index(drop=True)

    def summary_table(self) -> pd.DataFrame:
        """Class means before and after (learners with both checks): discernment, trust level, d′."""
        frame = self.paired()
        rows = []
        for measure, name in (("discernment", "Discernment (well minus poorly sourced)"),
                              ("trust", "Trust level (mean of all)"), ("d_prime", "d′ (sensitivity)")):
            pre, post = frame[f"pre_{measure}"], frame[f"post_{measure}"]
            rows.append({"measure": name, "before": pre.mean() if len(frame) else None,
                         "after": post.mean() if len(frame) else None,
                         "change": (post - pre).mean() if len(frame) else None, "learners": len(frame)})
        return pd.DataFrame(rows, columns=["measure", "before", "after", "change", "learners"])

    def items(self) -> pd.DataFrame:
        """One row per trust-check passage: mean trust when it was in the pre-test and in the post-test."""
        table = bank.passages(self.ds)
        collected: dict[str, dict[str, list[float]]] = {}
        for record in self.records:
            for stage in bank.STAGES:
                for pid, value in _ratings(record[stage]).items():
                    rating = bank.rating_value(value)
                    if rating is not None and pid in table.index:
                        collected.setdefault(pid, {"pre": [], "post": []})[stage].append(rating)
        rows = []
        for pid in [p for form in bank.FORMS for p in bank.used_in(self.ds, form)]:
            got = collected.get(pid, {"pre": [], "post": []})
            row = table.loc[pid]
            rows.append({"passage_id": pid, "form": row["used_in"], "well_sourced": row["well_sourced"],
                         "claimant_side": row["claimant_side"], "outlet": row["outlet"],
                         "pre_mean": sum(got["pre"]) / len(got["pre"]) if got["pre"] else None,
                         "pre_n": len(got["pre"]),
                         "post_mean": sum(got["post"]) / len(got["post"]) if got["post"] else None,
                         "post_n": len(got["post"])})
        frame = pd.DataFrame(rows, columns=["passage_id", "form", "well_sourced", "claimant_side", "outlet",
                                            "pre_mean", "pre_n", "post_mean", "post_n"])
        for column in ("pre_mean", "post_mean"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        return frame

    def first_try(self) -> pd.DataFrame:
        """One row per question tried: learners, share right at the first try, mean tries, answers shown."""
        collected: dict[str, dict[str, Any]] = {}
        for record in self.records:
            for qid, entry in record["attempts"].items():
                if not isinstance(entry, dict):
                    continue
                slot = collected.setdefault(str(qid), {"learners": 0, "first_right": 0, "tries": 0, "revealed": 0})
                first = entry.get("first") if isinstance(entry.get("first"), dict) else None
                if first is None:
                    slot["revealed"] += bool(entry.get("revealed"))
                    continue
                slot["learners"] += 1
                slot["first_right"] += first.get("status") == "correct"
                try:
                    slot["tries"] += max(1, int(entry.get("tries", 1)))
                except (TypeError, ValueError):
                    slot["tries"] += 1
                slot["revealed"] += bool(entry.get("revealed"))
        rows = [{"question": qid, "learners": s["learners"],
                 "first_try_right": s["first_right"] / s["learners"] if s["learners"] else None,
                 "mean_tries": s["tries"] / s["learners"] if s["learners"] else None, "answer_shown": s["revealed"]}
                for qid, s in sorted(collected.items())]
        frame = pd.DataFrame(rows, columns=["question", "learners", "first_try_right", "mean_tries", "answer_shown"])
        frame["learners"] = frame["learners"].astype(int)
        for column in ("first_try_right", "mean_tries"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        return frame

    def first_try_accuracy(self) -> float | None:
        """Share of all first attempts (every learner, every question) that were right."""
        frame = self.first_try()
        tried = frame["learners"].sum() if len(frame) else 0
        if not tried:
            return None
        return float((frame["first_try_right"] * frame["learners"]).sum() / tried)

    # ------------------------------------------------------------------ words and charts
    def describe(self) -> str:
        """The class's change in plain words, with the limits of the measure."""
        frame = self.paired()
        if frame.empty:
            return ("No learner has done both trust checks yet (notebook 00a before the lessons, notebook 06 "
                    "after), so there is no before/after comparison.")
        table = self.summary_table().set_index("measure")
        disc, trust = table.iloc[0], table.iloc[1]
        words = (f"{len(frame)} learner(s) did both trust checks. Discernment (trust in well-sourced minus poorly "
                 f"sourced passages, 1–5 scale) went from {disc['before']:.2f} to {disc['after']:.2f} "
                 f"(change {disc['change']:+.2f}); trust level went from {trust['before']:.2f} to "
                 f"{trust['after']:.2f} (change {trust['change']:+.2f}). ")
        if trust["change"] < 0 and disc["change"] <= 0:
            words += "Trust fell without a wider gap: that looks like general scepticism, not better judgement. "
        words += ("With a small class and one form each time, read this as a rough signal, not proof; see the "
                  "instructor guide.")
        if self.results.samples_only:
            words = "MADE-UP SAMPLE LEARNERS, not a class. " + words
        accuracy = self.first_try_accuracy()
        if accuracy is not None:
            words += f" Across the exercises, {round(100 * accuracy)}% of first tries were right."
        return words

    def change_figure(self) -> go.Figure:
        table = self.summary_table()
        fig = go.Figure()
        for stage, colour, pattern in (("before", "#8C8C8C", "/"), ("after", "#0072B2", "")):
            fig.add_bar(name=STAGE_LABEL["pre" if stage == "before" else "post"], x=table["measure"][:2],
                        y=table[stage][:2], marker=dict(color=colour, pattern_shape=pattern),
                        hovertemplate="%{x}: %{y:.2f}<extra></extra>")
        fig.update_yaxes(title_text="points on the 1–5 trust scale", zeroline=True)
        return chart_layout(fig, "Before and after: discernment and trust level",
                       f"Class means, {int(table['learners'].iloc[0])} learner(s) with both trust checks", 320)

    def items_figure(self) -> go.Figure:
        frame = self.items()
        labels = [f"{r.passage_id} ({'well' if r.well_sourced == 'yes' else 'poorly'} sourced)"
                  for r in frame.itertuples()]
        fig = go.Figure()
        fig.add_bar(name=STAGE_LABEL["pre"], y=labels, x=frame["pre_mean"], orientation="h",
                    marker=dict(color="#8C8C8C", pattern_shape="/"))
        fig.add_bar(name=STAGE_LABEL["post"], y=labels, x=frame["post_mean"], orientation="h",
                    marker=dict(color="#0072B2"))
        fig.update_xaxes(title_text="mean trust (1 to 5)", range=[1, 5])
        fig.update_yaxes(autorange="reversed")
        return chart_layout(fig, "Trust in each passage", "Mean rating when the passage was in the pre- or the post-test",
                       max(240, 26 * len(labels)))

    def first_try_figure(self) -> go.Figure:
        frame = self.first_try()
        frame = frame[frame["learners"] > 0]
        fig = go.Figure()
        fig.add_bar(y=frame["question"], x=frame["first_try_right"], orientation="h",
                    marker=dict(color="#009E73"), hovertemplate="%{y}: %{x:.0%} right at the first try<extra></extra>")
        fig.update_xaxes(title_text="share right at the first try", range=[0, 1], tickformat=".0%")
        fig.update_yaxes(autorange="reversed")
        return chart_layout(fig, "First-try accuracy per question", "Among learners who checked the question",
                       max(200, 22 * len(frame)), legend=False)

    def chart(self, name: str = "change") -> None:
        """Show one chart ("change", "items" or "first_try") with its text description. Never raises."""
        from claimlab.charts.show import show_figure, show_message

        key = name.strip().lower() if isinstance(name, str) else ""
        try:
            if key == "change":
                if self.paired().empty:
                    show_message(self.describe())
                    return
                fig, words = self.change_figure(), self.describe()
            elif key == "items":
                if self.items()[["pre_n", "post_n"]].to_numpy().sum() == 0:
                    show_message("No trust check has been saved yet in these files (notebooks 00a and 06).")
                    return
                fig, words = self.items_figure(), "Mean trust per passage: " + "; ".join(
                    f"{r.passage_id} ({'well' if r.well_sourced == 'yes' else 'poorly'} sourced) "
                    f"{_one(r.pre_mean)} → {_one(r.post_mean)}" for r in self.items().itertuples())
            elif key == "first_try":
                frame = self.first_try()
                frame = frame[frame["learners"] > 0]  # shown before any try: nothing to say about first tries
                if frame.empty:
                    show_message("No exercise has been checked yet in these files.")
                    return
                fig, words = self.first_try_figure(), "First-try accuracy: " + "; ".join(
                    f"{r.question} {round(100 * r.first_try_right)}% of {r.learners}" for r in frame.itertuples())
            else:
                show_message(f"There is no learning chart called {name!r}. The charts are: "
                             + ", ".join(f'"{c}"' for c in CHARTS) + ".")
                return
        except Exception as exc:  # odd answers never crash the notebook
            show_message(f'Claim Lab could not draw the chart "{key}" ({type(exc).__name__}: {exc}).')
            return
        show_figure(fig, words, f"learning chart: {key}")

    def __repr__(self) -> str:
        return self.describe()

    def _repr_html_(self) -> str:
        from claimlab.ui.html import table

        def num(value: Any) -> str:
            return "–" if value is None or pd.isna(value) else f"{value:.2f}"

        rows = [[escape(r.measure), num(r.before), num(r.after), num(r.change), str(r.learners)]
                for r in self.summary_table().itertuples()]
        return (f"<div style='max-width:60em'><p>{escape(self.describe())}</p>"
                + table(["Measure", "Before", "After", "Change", "Learners"], rows,
                        "Class means, learners with both trust checks") + "</div>")


def class_learning(folder: str | os.PathLike | None = None, show_names: bool = False) -> ClassLearning:
    """Pre/post discernment and trust level, per item, and first-try accuracy for a folder of answers files."""
    return ClassLearning(folder, show_names=show_names)
