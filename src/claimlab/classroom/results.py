"""Class results for the instructor: tables and charts of how the class answered, anonymous by default.

A learner who sends two exports counts once: files carrying the same ``learner_id`` (created once
in the learner's answers file) are one learner, and the latest export is used. A MOOC-sized folder
(5,000 files) is summarised in seconds, with a progress bar: each verdict depends only on the claim,
the rubric question and the option given, so it is judged once (by :func:`claimlab.core.rubric.judge`)
and reused. See ``benchmarks/class_folder.py`` for the figures.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from claimlab.classroom.reader import (
    LearnerFile,
    Progress,
    SkippedFile,
    files_in,
    read_answers_file,
)
from claimlab.core import rubric
from claimlab.core.dataset import Dataset, load
from claimlab.core.text import escape

ENV_FOLDER = "CLAIMLAB_CLASS_ANSWERS"
DEFAULT_FOLDER = Path("instructors") / "class_answers"
CHARTS = ("agreement", "divergence", "answers")

# verdict -> (words, colour, bar pattern): Okabe-Ito colours, each also with its own pattern and symbol
VERDICT_WORDS = {"right": "✓ right", "near": "≈ near miss", "wrong": "✗ not quite", "unanswered": "○ not answered"}
VERDICT_COLOURS = {"right": "#009E73", "near": "#E69F00", "wrong": "#D55E00", "unanswered": "#BBBBBB"}
VERDICT_PATTERNS = {"right": "", "near": "/", "wrong": "x", "unanswered": "."}
ROLE_COLOURS = {"key": "#009E73", "near": "#E69F00", "other": "#8C8C8C", "unanswered": "#DDDDDD"}
ROLE_PATTERNS = {"key": "", "near": "/", "other": "", "unanswered": "."}
HEAT_SCALE = [[0.0, "#FFFFFF"], [1.0, "#6BAED6"]]  # light enough for black text everywhere
TITLE_PX, LEGEND_PX, BOTTOM_PX = 70, 50, 70  # title and subtitle, the key under it, the last axis title
HTML_ROWS = 200  # files listed in the notebook's table (all of them are in results.files())
EARLIER_EXPORT = "it is an earlier export from a learner who also sent a later one (the latest is used)"


# --------------------------------------------------------------------------- one file
class ClassResults:
    """Every answers file in one folder, checked; summaries and charts of the class against the key.

    Attributes: ``folder``, ``learners`` (list of :class:`LearnerFile`, in label order),
    ``skipped`` (list of :class:`SkippedFile`), ``messages`` (problems with the folder itself)
    and ``show_names``.
    """

    def __init__(self, folder: str | os.PathLike | None = None, *, show_names: bool = False,
                 ds: Dataset | None = None, progress: bool | None = None):
        self.show_names = bool(show_names)
        self.messages: list[str] = []
        self.learners: list[LearnerFile] = []
        self.skipped: list[SkippedFile] = []
        self._verdicts: pd.DataFrame | None = None
        self._tally: dict[tuple[str, str, str], int] = {}
        self._rated_by_claim: dict[str, int] = {}
        self._numbers: dict[int, int] = {}
        self.ds = ds or load()
        self.folder = self._folder(folder)
        if not self.folder.is_dir():
            what = "is a file, not a folder" if self.folder.exists() else "does not exist"
            self.messages.append(f"The folder {self.folder} {what}. Put the learners' answers files in one "
                                 "folder and give its name, like cl.class_results(\"class_answers\").")
            return
        paths = files_in(self.folder)
        claims = frozenset(map(str, self.ds.key.index))
        bar = Progress(len(paths), "Reading answers files", progress)
        read: list[LearnerFile | SkippedFile] = []
        try:
            for path in paths:
                read.append(read_answers_file(path, self.ds, claims))
                bar.step()
        finally:
            bar.close()
        seen: set[str] = set()
        used: list[LearnerFile] = []
        for result in sorted(read, key=lambda r: (r.digest, str(r.path))):
            if isinstance(result, LearnerFile) and result.digest in seen:
                self.skipped.append(SkippedFile(result.path, "it is an exact copy of another file", result.digest))
            elif isinstance(result, LearnerFile):
                seen.add(result.digest)
                used.append(result)
            else:
                self.skipped.append(result)
        latest: dict[str, LearnerFile] = {}
        for learner in used:  # one learner, several exports: the latest wins
            if learner.learner_id:
                other = latest.get(learner.learner_id)
                if other is None or _when(learner) > _when(other):
                    latest[learner.learner_id] = learner
        for learner in used:
            if learner.learner_id and latest[learner.learner_id] is not learner:
                self.skipped.append(SkippedFile(learner.path, EARLIER_EXPORT, learner.digest))
            else:
                self.learners.append(learner)
        if not self.learners and not self.skipped:
            self.messages.append(f"The folder {self.folder} has no files in it yet.")

    def _folder(self, folder: str | os.PathLike | None) -> Path:
        if folder is None:
            folder = os.environ.get(ENV_FOLDER) or self.ds.root / DEFAULT_FOLDER
        return Path(folder).expanduser().resolve()

    # ------------------------------------------------------------------ labels
    def label(self, learner: LearnerFile) -> str:
        """'Learner 3'; with ``show_names=True`` the name in the file, else the file's name."""
        if self.show_names:
            return learner.name or learner.path.name
        return f"Learner {self._number(learner)}"

    def _number(self, learner: LearnerFile) -> int:
        """The learner's number (1 ...), in the order of :attr:`learners`."""
        if len(self._numbers) != len(self.learners):
            self._numbers = {id(item): number for number, item in enumerate(self.learners, 1)}
        number = self._numbers.get(id(learner))
        return number if number is not None else self.learners.index(learner) + 1

    def _skipped_label(self, number: int, item: SkippedFile) -> str:
        return str(item.path.relative_to(self.folder)) if self.show_names else f"Skipped file {number}"

    # ------------------------------------------------------------------ tables
    def files(self) -> pd.DataFrame:
        """One row per file: label, used (True/False), claims rated, foreign claims, note. No names unless asked."""
        rows = []
        for learner in self.learners:
            notes = []
            if learner.foreign:
                notes.append(f"{len(learner.foreign)} claim(s) not in this article left out "
                             f"({', '.join(learner.foreign[:5])}{'…' if len(learner.foreign) > 5 else ''})")
            if learner.unreadable:
                notes.append(f"{learner.unreadable} rating(s) could not be read")
            if not learner.ratings:
                notes.append("no claims rated yet")
            rows.append({"file": self.label(learner), "used": True, "claims_rated": len(learner.ratings),
                         "foreign_claims": len(learner.foreign), "note": "; ".join(notes)})
        for number, item in enumerate(self.skipped, 1):
            rows.append({"file": self._skipped_label(number, item), "used": False, "claims_rated": 0,
                         "foreign_claims": 0, "note": item.reason[:1].upper() + item.reason[1:] + "."})
        return pd.DataFrame(rows, columns=["file", "used", "claims_rated", "foreign_claims", "note"])

    def verdicts(self) -> pd.DataFrame:
        """One row per learner, rated claim and rubric question.

        Columns: number (the learner's number, 1 ...), learner (their label), claim_id, dimension,
        given (the option chosen, or None) and verdict (right, near, wrong or unanswered).
        """
        if self._verdicts is None:
            order = {claim_id: i for i, claim_id in enumerate(self.ds.key.index)}
            dims = [d["id"] for d in self.ds.dimensions()]
            judged: dict[tuple[Any, ...], tuple[Any, str]] = {}  # (claim, question, type, option) -> verdict
            rows: list[tuple[Any, ...]] = []
            append = rows.append
            tally: dict[tuple[str, str, str], int] = {}  # (claim, question, verdict) -> how many
            rated: dict[str, int] = {}  # claim -> how many learners rated it
            for number, learner in enumerate(self.learners, 1):
                label = self.label(learner)
                for claim_id in sorted(learner.ratings, key=order.__getitem__):
                    answers = learner.ratings[claim_id]
                    rated[claim_id] = rated.get(claim_id, 0) + 1
                    for dim in dims:
                        raw = answers.get(dim)
                        try:
                            given, verdict = judged[(claim_id, dim, raw.__class__, raw)]
                        except (KeyError, TypeError):
                            given, verdict = self._judge_one(judged, claim_id, dim, raw)
                        append((number, label, claim_id, dim, given, verdict))
                        counted = (claim_id, dim, verdict)
                        tally[counted] = tally.get(counted, 0) + 1
            self._tally, self._rated_by_claim = tally, rated
            self._verdicts = pd.DataFrame.from_records(
                rows, columns=["number", "learner", "claim_id", "dimension", "given", "verdict"])
        return self._verdicts

    def _any_verdicts(self) -> bool:
        self.verdicts()
        return bool(self._tally)

    def _judge_one(self, judged: dict[tuple[Any, ...], tuple[Any, str]], claim_id: str, dim: str,
                   raw: Any) -> tuple[Any, str]:
        """(given, verdict) for one answer to one question, worked out once per distinct answer.

        The same rule as :func:`claimlab.core.rubric.judge` (a test compares the two on every
        claim, question and option), without its feedback text, which the class view never shows.
        """
        try:
            key: tuple[Any, ...] | None = (claim_id, dim, raw.__class__, raw)
            hit = judged.get(key)
        except TypeError:  # a list or dict where an option was expected: worked out every time
            key, hit = None, None
        if hit is None:
            given = rubric.normalise(self.ds, dim, raw)
            expected, accepted = self._key_cells()[(claim_id, dim)]
            verdict = ("unanswered" if given is None else "right" if given == expected
                       else "near" if given in accepted else "wrong")
            hit = (given, verdict)
            if key is not None:
                judged[key] = hit
        return hit

    def _key_cells(self) -> dict[tuple[str, str], tuple[str, list[str]]]:
        """{(claim id, question id): (the key's answer, the near misses it accepts)}, read once."""
        cells = getattr(self, "_cells", None)
        if cells is None:
            cells = {}
            for claim_id, row in self.ds.key.iterrows():
                for dim in self.ds.dimensions():
                    cells[(str(claim_id), dim["id"])] = (str(row[dim["id"]]), rubric.accepted(row, dim["id"]))
            self._cells = cells
        return cells

    def _counts(self, keys: list[str]) -> pd.DataFrame:
        """Verdict counts grouped by ``keys``, in the key's claim order and the rubric's question order."""
        columns = keys + ["right", "near", "not_quite", "unanswered", "answered", "share_right", "share_not_quite"]
        self.verdicts()
        if not self._tally:
            return pd.DataFrame(columns=columns)
        frame = pd.DataFrame([(*k, n) for k, n in self._tally.items()],  # a few hundred rows, not one per answer
                             columns=["claim_id", "dimension", "verdict", "count"])
        table = frame.groupby(keys + ["verdict"])["count"].sum().unstack("verdict", fill_value=0)
        table = table.reindex(columns=list(rubric.VERDICTS), fill_value=0).astype(int)
        table = table.rename(columns={"wrong": "not_quite"}).reset_index()
        table.columns.name = None
        table["answered"] = table["right"] + table["near"] + table["not_quite"]
        answered = table["answered"].where(table["answered"] > 0)
        table["share_right"] = table["right"] / answered
        table["share_not_quite"] = table["not_quite"] / answered
        order = {"claim_id": {c: i for i, c in enumerate(self.ds.key.index)},
                 "dimension": {d["id"]: i for i, d in enumerate(self.ds.dimensions())}}
        table = table.sort_values(keys, key=lambda s: s.map(order[s.name]), kind="stable")
        return table[columns].reset_index(drop=True)

    def agreement(self) -> pd.DataFrame:
        """One row per rated claim and question: counts of right, near, not_quite, unanswered; shares of answered."""
        return self._counts(["claim_id", "dimension"])

    def by_question(self) -> pd.DataFrame:
        """The whole class per rubric question (in rubric order), over every rated claim."""
        table = self._counts(["dimension"]).set_index("dimension")
        rows = []
        for dim in self.ds.dimensions():
            row = {"dimension": dim["id"], "question": dim["question"]}
            for column in ("right", "near", "not_quite", "unanswered", "answered"):
                row[column] = int(table.loc[dim["id"], column]) if dim["id"] in table.index else 0
            row["share_right"] = row["right"] / row["answered"] if row["answered"] else None
            rows.append(row)
        return pd.DataFrame(rows)

    def divergence(self, top: int = 10) -> pd.DataFrame:
        """The ``top`` claims where the class most often chose an answer the key does not accept.

        One row per claim: learners (who rated it), right, near, not_quite, unanswered, answered,
        share_not_quite; sorted by share_not_quite (highest first), then by claim order.
        """
        columns = ["claim_id", "learners", "right", "near", "not_quite", "unanswered", "answered", "share_not_quite"]
        table = self._counts(["claim_id"])
        table = table[table["answered"] > 0]
        if table.empty:
            return pd.DataFrame(columns=columns)
        learners = pd.Series(self._rated_by_claim, dtype=int)
        table = table.assign(learners=table["claim_id"].map(learners).astype(int), _order=range(len(table)))
        table = table.sort_values(["share_not_quite", "_order"], ascending=[False, True]).head(max(int(top), 1))
        return table[columns].reset_index(drop=True)

    def answer_counts(self, claim_id: str) -> pd.DataFrame:
        """For one claim: per question and option, how many learners chose it, and its role (key, near, other).

        The last row of each question counts learners who left it unanswered.
        """
        frame = self.verdicts()
        frame = frame[frame["claim_id"] == claim_id]
        key = self.ds.key.loc[claim_id]
        rows = []
        for dim in self.ds.dimensions():
            chosen = frame[frame["dimension"] == dim["id"]]
            expected = str(key[dim["id"]])
            accepted = rubric.accepted(key, dim["id"])
            for option in dim["options"]:
                oid = str(option["id"])
                role = "key" if oid == expected else "near" if oid in accepted else "other"
                rows.append({"dimension": dim["id"], "question": dim["question"], "option": oid,
                             "label": str(option["label"]), "role": role,
                             "count": int((chosen["given"] == oid).sum())})
            rows.append({"dimension": dim["id"], "question": dim["question"], "option": None,
                         "label": "Not answered", "role": "unanswered",
                         "count": int((chosen["verdict"] == "unanswered").sum())})
        return pd.DataFrame(rows, columns=["dimension", "question", "option", "label", "role", "count"])

    # ------------------------------------------------------------------ charts
    def _claim_label(self, claim_id: str, width: int = 38) -> str:
        summary = str(self.ds.claims.loc[claim_id, "summary"])
        short = summary if len(summary) <= width else summary[:width - 1].rstrip() + "…"
        return f"{claim_id} · {short}"

    def _short(self, dim_id: str) -> str:
        number = [d["id"] for d in self.ds.dimensions()].index(dim_id) + 1
        return f"{number}. {dim_id}"

    def agreement_figure(self) -> go.Figure:
        """A grid of rated claims (rows) by rubric questions (columns): the share of the class matching the key."""
        table = self.agreement()
        claims = list(dict.fromkeys(table["claim_id"])) if not table.empty else []
        dims = [d["id"] for d in self.ds.dimensions()]
        cells = {(r.claim_id, r.dimension): r for r in table.itertuples()} if claims else {}
        z, text, hover = [], [], []
        for claim_id in claims:
            z_row, t_row, h_row = [], [], []
            for dim in dims:
                r = cells.get((claim_id, dim))
                share = None if r is None or pd.isna(r.share_right) else float(r.share_right)
                z_row.append(share)
                t_row.append("–" if share is None else f"{round(100 * share)}%")
                h_row.append(self._cell_hover(claim_id, dim, r))
            z.append(z_row)
            text.append(t_row)
            hover.append(h_row)
        fig = go.Figure(go.Heatmap(
            z=z, x=[self._short(d) for d in dims], y=[self._claim_label(c) for c in claims], text=text,
            texttemplate="%{text}", textfont=dict(size=11, color="#222222"), customdata=hover,
            hovertemplate="%{customdata}<extra></extra>", colorscale=HEAT_SCALE, zmin=0, zmax=1, xgap=2, ygap=2,
            colorbar=dict(title=dict(text="Share<br>right"), tickformat=".0%", len=0.5, thickness=12)))
        fig.update_yaxes(autorange="reversed", tickfont=dict(size=11))
        fig.update_xaxes(side="top", tickfont=dict(size=11))
        chart_layout(fig, "How often the class matched the key, claim by claim",
                f"Share of learners who gave the key's answer, of those who answered ({len(self.learners)} "
                "learners' files)", max(22 * len(claims), 120), legend=False)
        return fig

    def _cell_hover(self, claim_id: str, dim: str, r: Any) -> str:
        if r is None:
            return f"{claim_id}, {dim}: nobody rated this claim"
        return (f"<b>{claim_id}</b>, {dim}<br>{VERDICT_WORDS['right']}: {r.right}<br>"
                f"{VERDICT_WORDS['near']}: {r.near}<br>{VERDICT_WORDS['wrong']}: {r.not_quite}<br>"
                f"{VERDICT_WORDS['unanswered']}: {r.unanswered}")

    def describe_agreement(self) -> str:
        """A one-paragraph text alternative to :meth:`agreement_figure`."""
        table = self.agreement()
        if table.empty:
            return self._nothing_yet()
        claims = table["claim_id"].nunique()
        by_q = self.by_question()
        answered = by_q[by_q["answered"] > 0]
        best = answered.sort_values("share_right", ascending=False, kind="stable").iloc[0]
        worst = answered.sort_values("share_right", kind="stable").iloc[0]
        weakest = table[table["answered"] > 0].sort_values(["share_right", "answered"], ascending=[True, False],
                                                           kind="stable").iloc[0]
        return (f"A grid of the {claims} claims that at least one of the {len(self.learners)} learners rated "
                f"(rows, in the article's order) against the {len(self.ds.dimensions())} rubric questions "
                "(columns). Each cell gives the share of learners who chose the key's answer, of those who "
                "answered that question for that claim; darker cells mean more agreement, and a dash means "
                f"nobody answered. Over all claims, agreement was highest on question "
                f"{self._short(best['dimension'])} ({_pct(best['share_right'])} right) and lowest on question "
                f"{self._short(worst['dimension'])} ({_pct(worst['share_right'])} right). The lowest single cell "
                f"is {weakest['claim_id']}, question {self._short(weakest['dimension'])}: "
                f"{weakest['right']} of {weakest['answered']} learners who answered it matched the key.")

    def divergence_figure(self, top: int = 10) -> go.Figure:
        """Stacked bars for the claims where the class diverged most from the key: right, near miss, not quite."""
        table = self.divergence(top)
        fig = go.Figure()
        labels = [self._claim_label(c) for c in table["claim_id"]]
        for verdict, column in (("wrong", "not_quite"), ("near", "near"), ("right", "right")):
            shares = [(getattr(r, column) / r.answered) if r.answered else 0 for r in table.itertuples()]
            counts = [f"{getattr(r, column)} of {r.answered} answers" for r in table.itertuples()]
            fig.add_trace(go.Bar(
                y=labels, x=shares, orientation="h", name=VERDICT_WORDS[verdict],
                marker=dict(color=VERDICT_COLOURS[verdict], line=dict(color="#333333", width=0.5),
                            pattern=dict(shape=VERDICT_PATTERNS[verdict], fgcolor="#333333", size=6)),
                customdata=counts, text=[f"{round(100 * s)}%" if s >= 0.08 else "" for s in shares],
                textposition="inside", insidetextanchor="middle", textfont=dict(color="#111111"),
                hovertemplate="%{y}<br>" + VERDICT_WORDS[verdict] + ": %{customdata}<extra></extra>"))
        fig.update_layout(barmode="stack")
        fig.update_xaxes(tickformat=".0%", range=[0, 1], title_text="Share of the class's answers to the 8 questions")
        fig.update_yaxes(autorange="reversed")
        chart_layout(fig, "Where the class diverged most from the key",
                f"The {len(table)} claims with the largest share of answers the key does not accept",
                max(34 * len(table), 120))
        return fig

    def describe_divergence(self, top: int = 10) -> str:
        """A one-paragraph text alternative to :meth:`divergence_figure`."""
        table = self.divergence(top)
        if table.empty:
            return self._nothing_yet()
        parts = [f"{r.claim_id} ({_pct(r.share_not_quite)} not quite, {r.learners} learner"
                 f"{'' if r.learners == 1 else 's'})" for r in table.itertuples()]
        first = table.iloc[0]
        worst_dims = self._worst_dimensions(str(first["claim_id"]))
        return (f"Horizontal stacked bars for the {len(table)} claims where the class most often chose an answer "
                "the key does not accept, most divergent at the top. Each bar splits the class's answers for "
                "that claim into right, near miss and not quite (answers left blank are not counted). In order: "
                + "; ".join(parts) + f". For {first['claim_id']}, the questions with most not-quite answers were "
                + worst_dims + ".")

    def _worst_dimensions(self, claim_id: str) -> str:
        table = self.agreement()
        rows = table[(table["claim_id"] == claim_id) & (table["not_quite"] > 0)]
        rows = rows.sort_values("not_quite", ascending=False, kind="stable").head(3)
        if rows.empty:
            return "none"
        return ", ".join(f"{self._short(r.dimension)} ({r.not_quite})" for r in rows.itertuples())

    def default_claim(self) -> str | None:
        """The claim the class diverged most on (the default for the "answers" chart), or None."""
        table = self.divergence(1)
        return None if table.empty else str(table.iloc[0]["claim_id"])

    def answers_figure(self, claim_id: str | None = None) -> go.Figure:
        """For one claim, one panel per rubric question: how many learners chose each option, the key marked."""
        claim_id = self._claim(claim_id)
        table = self.answer_counts(claim_id)
        dims = self.ds.dimensions()
        sizes = [int((table["dimension"] == d["id"]).sum()) for d in dims]
        fig = make_subplots(rows=len(dims), cols=1, row_heights=sizes, vertical_spacing=0.35 / len(dims),
                            subplot_titles=[f"{n}. {d['question']}" for n, d in enumerate(dims, 1)])
        shown: set[str] = set()
        suffix = {"key": " ✓ key", "near": " ≈ near miss", "other": "", "unanswered": ""}
        legend = {"key": "The key's answer", "near": "A near miss the key accepts", "other": "Another answer",
                  "unanswered": "Not answered"}
        top = max(int(table["count"].max()), 1) if not table.empty else 1
        for number, dim in enumerate(dims, 1):
            part = table[table["dimension"] == dim["id"]]
            for role in ("key", "near", "other", "unanswered"):
                rows = part[part["role"] == role]
                if rows.empty:
                    continue
                fig.add_trace(go.Bar(
                    x=list(rows["count"]), y=[f"{label}{suffix[role]}" for label in rows["label"]],
                    orientation="h", name=legend[role], legendgroup=role, showlegend=role not in shown,
                    legendrank=list(ROLE_COLOURS).index(role) + 1,
                    marker=dict(color=ROLE_COLOURS[role], line=dict(color="#333333", width=0.5),
                                pattern=dict(shape=ROLE_PATTERNS[role], fgcolor="#333333", size=6)),
                    text=[str(c) for c in rows["count"]], textposition="outside", cliponaxis=False,
                    hovertemplate="%{y}: %{x} learner(s)<extra></extra>"), row=number, col=1)
                shown.add(role)
            labels = [f"{r.label}{suffix[r.role]}" for r in part.itertuples()]
            fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed",
                             tickfont=dict(size=11), row=number, col=1)
            fig.update_xaxes(range=[0, top * 1.15 + 0.5], dtick=max(1, round(top / 5)), row=number, col=1,
                             showticklabels=number == len(dims))
        fig.update_annotations(font=dict(size=12), x=0, xanchor="left")
        fig.update_xaxes(title_text="Learners", row=len(dims), col=1)
        rated = self._rated(claim_id)
        chart_layout(fig, f"What the class answered for {claim_id}",
                f"{rated} learner{'' if rated == 1 else 's'} rated this claim; the key's answer is marked ✓",
                26 * int(sum(sizes)) + 40 * len(dims))
        fig.update_layout(barmode="overlay", bargap=0.25)
        return fig

    def describe_answers(self, claim_id: str | None = None) -> str:
        """A one-paragraph text alternative to :meth:`answers_figure`."""
        claim_id = self._claim(claim_id)
        table = self.answer_counts(claim_id)
        rated = self._rated(claim_id)
        if not rated:
            return (f"Nobody in the class has rated {claim_id} yet, so every bar is empty.")
        parts = []
        for number, dim in enumerate(self.ds.dimensions(), 1):
            part = table[table["dimension"] == dim["id"]]
            key = part[part["role"] == "key"].iloc[0]
            others = part[(part["role"] != "key") & (part["count"] > 0) & (part["role"] != "unanswered")]
            others = others.sort_values("count", ascending=False, kind="stable")
            sentence = f"{number}. key “{key['label']}”: {key['count']}"
            if not others.empty:
                top_other = others.iloc[0]
                kind = " (a near miss)" if top_other["role"] == "near" else ""
                sentence += f"; most chosen other answer “{top_other['label']}”{kind}: {top_other['count']}"
            parts.append(sentence)
        return (f"One panel per rubric question for claim {claim_id}, with a horizontal bar for each option "
                f"giving how many of the {rated} learners who rated the claim chose it; the key's answer is "
                "marked with a tick and near misses with ≈. " + ". ".join(parts) + ".")

    def _rated(self, claim_id: str) -> int:
        """How many learners rated ``claim_id``."""
        self.verdicts()
        return int(self._rated_by_claim.get(claim_id, 0))

    def _claim(self, claim_id: str | None) -> str:
        if claim_id is None:
            claim_id = self.default_claim()
            if claim_id is None:
                return str(self.ds.key.index[0])
            return claim_id
        wanted = str(claim_id).strip().upper()
        if wanted not in self.ds.key.index:
            ids = list(self.ds.key.index)
            raise KeyError(f"There is no claim '{str(claim_id)[:40]}'. The claims run from {ids[0]} to {ids[-1]}.")
        return wanted

    def _nothing_yet(self) -> str:
        return (f"No ratings to show: none of the {len(self.learners)} usable files rates a claim of this article "
                "yet, so the chart is empty.")

    # ------------------------------------------------------------------ display
    def chart(self, name: str = "agreement", claim_id: str | None = None, top: int = 10) -> None:
        """Show one chart ("agreement", "divergence" or "answers") and its text description. Never raises."""
        from claimlab.charts.show import show_figure, show_message

        key = name.strip().lower() if isinstance(name, str) else ""
        try:
            if key == "agreement":
                fig, words = self.agreement_figure(), self.describe_agreement()
            elif key == "divergence":
                fig, words = self.divergence_figure(top), self.describe_divergence(top)
            elif key == "answers":
                fig, words = self.answers_figure(claim_id), self.describe_answers(claim_id)
            else:
                show_message(f"There is no class chart called {name!r}. The charts are: "
                         + ", ".join(f'"{c}"' for c in CHARTS) + '. Example: results.chart("divergence")')
                return
        except KeyError as exc:
            show_message(str(exc.args[0]) if exc.args else str(exc))
            return
        except Exception as exc:  # the notebook never crashes on odd answers; the message names the problem
            show_message(f'Claim Lab could not draw the class chart "{key}" ({type(exc).__name__}: {exc}).')
            return
        show_figure(fig, words, f"class chart: {key}")

    def summary(self) -> str:
        """One or two sentences: how many files were used and skipped."""
        if self.messages and not self.learners and not self.skipped:
            return " ".join(self.messages)
        rated = sum(bool(learner.ratings) for learner in self.learners)
        words = (f"{len(self.learners)} answers file{'' if len(self.learners) == 1 else 's'} used "
                 f"({rated} with at least one rated claim)")
        if self.skipped:
            words += f"; {len(self.skipped)} skipped (see the notes)"
        words += "."
        if not self.show_names:
            words += (" Learners are numbered by file content, not by name; "
                      "use show_names=True on your own screen to see file names.")
        return words

    def __repr__(self) -> str:
        lines = [f"Class results from {self.folder.name}/: {self.summary()}"]
        for row in self.files().itertuples():
            if row.used:
                lines.append(f"- {row.file}: {row.claims_rated} claims rated" + (f"; {row.note}" if row.note else ""))
            else:
                lines.append(f"- {row.file}: {row.note}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from claimlab.ui.html import table

        files = self.files()
        rows = [[escape(str(r.file)), "✓ used" if r.used else "✗ skipped", str(r.claims_rated) if r.used else "",
                 escape(r.note)] for r in files.head(HTML_ROWS).itertuples()]
        files_table = table(["File", "Used?", "Claims rated", "Notes"], rows) if rows else ""
        if len(files) > HTML_ROWS:
            files_table += (f"<p>… and {len(files) - HTML_ROWS:,} more files, not listed here; "
                            "<code>results.files()</code> lists them all.</p>")
        by_q = self.by_question()
        q_rows = [[escape(r.question), str(r.right), str(r.near), str(r.not_quite), str(r.unanswered)]
                  for r in by_q.itertuples()] if self._any_verdicts() else []
        q_table = table(["Question", "✓ Right", "≈ Near miss", "✗ Not quite", "○ Not answered"], q_rows,
                         "The whole class, per rubric question (every rated claim)") if q_rows else ""
        return (f"<div style='max-width:60em'><p><strong>Class results from "
                f"<code>{escape(self.folder.name)}/</code>:</strong> {escape(self.summary())}</p>"
                f"{files_table}{q_table}</div>")


def _when(learner: LearnerFile) -> tuple[str, float, str]:
    """When a file was exported or saved: its own time, then the file's time, then its name (for ties)."""
    return learner.saved_at, learner.mtime, str(learner.path)


def chart_layout(fig: go.Figure, title: str, subtitle: str, paper_px: int, legend: bool = True) -> go.Figure:
    """The look of Claim Lab's charts (light template, title and subtitle top left, key under the title).

    ``paper_px`` is the height of the plotting area; margins are added around it.
    """
    top = TITLE_PX + (LEGEND_PX if legend else 0)
    height = paper_px + top + BOTTOM_PX
    fig.update_layout(
        template="plotly_white", height=height, showlegend=legend,
        title=dict(text=f"{escape(title)}<br><sup>{escape(subtitle)}</sup>", x=0, xanchor="left",
                   y=1 - 12 / height, yanchor="top", font=dict(size=17)),
        font=dict(size=12, color="#222222"), hovermode="closest",
        hoverlabel=dict(align="left", bgcolor="white", font=dict(color="#222222")),
        legend=dict(orientation="h", x=0, xanchor="left", xref="container", y=1 - TITLE_PX / height,
                    yanchor="top", yref="container", bgcolor="rgba(255,255,255,0.9)", traceorder="normal"),
        margin=dict(l=10, r=20, t=top, b=BOTTOM_PX),
    )
    return fig


def _pct(share: Any) -> str:
    return "no answers" if share is None or pd.isna(share) else f"{round(100 * float(share))}%"


def class_results(folder: str | os.PathLike | None = None, show_names: bool = False,
                  progress: bool | None = None) -> ClassResults:
    """Read and check every answers file in ``folder``; the result shows which were used and draws charts.

    ``folder`` defaults to the environment variable CLAIMLAB_CLASS_ANSWERS, else
    ``instructors/class_answers/`` in the Claim Lab folder. Learners are anonymous
    ("Learner 1" ...) unless ``show_names=True``. A progress bar shows while a big folder
    (200 files or more) is read; ``progress=False`` hides it, ``progress=True`` always shows it.
    """
    return ClassResults(folder, show_names=show_names, progress=progress)


# --------------------------------------------------------------------------- sample answers
