"""Charts and words of a class's results (:class:`~claimlab.classroom.results.ClassResults` has them
through :class:`ResultsCharts`): how often the class matched the key claim by claim, where it diverged
most, and what it answered for one claim. Each chart comes with a text alternative.
"""
from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from claimlab.core.text import escape

CHARTS = ("agreement", "divergence", "answers")
VERDICT_WORDS = {"right": "✓ right", "near": "≈ near miss", "wrong": "✗ not quite", "unanswered": "○ not answered"}
VERDICT_COLOURS = {"right": "#009E73", "near": "#E69F00", "wrong": "#D55E00", "unanswered": "#BBBBBB"}
VERDICT_PATTERNS = {"right": "", "near": "/", "wrong": "x", "unanswered": "."}
ROLE_COLOURS = {"key": "#009E73", "near": "#E69F00", "other": "#8C8C8C", "unanswered": "#DDDDDD"}
ROLE_PATTERNS = {"key": "", "near": "/", "other": "", "unanswered": "."}
HEAT_SCALE = [[0.0, "#FFFFFF"], [1.0, "#6BAED6"]]  # light enough for black text everywhere
TITLE_PX, LEGEND_PX, BOTTOM_PX = 70, 50, 70  # title and subtitle, the key under it, the last axis title

__all__ = ["ResultsCharts", "chart_layout", "CHARTS", "VERDICT_WORDS"]


class ResultsCharts:
    """The charts and their words, for a class of answers files (mixed into ClassResults)."""

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


