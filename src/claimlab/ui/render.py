"""HTML of the checker's answers: a :class:`~claimlab.core.feedback.Feedback` and a
:class:`~claimlab.core.feedback.Progress`, drawn with the looks of :mod:`claimlab.ui.html`.
"""
from __future__ import annotations

from claimlab.core.feedback import Feedback, Progress
from claimlab.core.text import escape
from claimlab.ui.html import CELL_CSS, LIST_CSS, WIDE_CSS, box_css, style

__all__ = ["feedback_html", "progress_html", "lines_html", "FeedbackView", "ProgressView"]


def lines_html(lines: tuple[str, ...] | list[str]) -> str:
    """Feedback lines as list items (the words after a line's first newline as its sub-list)."""
    items = ""
    for line in lines:
        head, *subs = line.split("\n")
        sub_list = "".join(f"<li>{escape(sub)}</li>" for sub in subs)
        items += f"<li>{escape(head)}" + (f'<ul style="{LIST_CSS}">{sub_list}</ul>' if sub_list else "") + "</li>"
    return items


def feedback_html(feedback: Feedback) -> str:
    """A feedback box: the headline, side-by-side texts if any, the lines, and a checklist if any."""
    items = lines_html(feedback.lines)
    body = f'<ul style="{LIST_CSS}">{items}</ul>' if items else ""
    if feedback.compare:
        cell = style("compare_cell")
        heads = "".join(f'<th scope="col" style="{cell}">{escape(t)}</th>' for t, _ in feedback.compare)
        texts = "".join(f'<td style="{cell}{style("pre_wrap")}">{escape(x)}</td>' for _, x in feedback.compare)
        body = (f'<table style="{style("compare_table")}"><thead><tr>{heads}</tr></thead>'
                f'<tbody><tr>{texts}</tr></tbody></table>') + body
    if feedback.checklist:
        ticks = "".join(f'<li><span aria-hidden="true">☐</span> {escape(item)}</li>' for item in feedback.checklist)
        body += f'<ul class="claimlab-checklist" style="{style("checklist")}">{ticks}</ul>'
    # the headline alone: the question is shown just above (its id stays in the text form and in
    # data-question, for code and tests); "bank.b03.who: Not quite." read like an error code
    return (f'<div class="claimlab-feedback claimlab-{escape(feedback.status)}" role="status" '
            f'data-question="{escape(feedback.question_id)}" style="{box_css(feedback.status)}">'
            f'<strong>{escape(feedback.headline)}</strong>{body}</div>')


def progress_html(progress: Progress) -> str:
    """A table of questions with the status of each saved answer."""
    rows = "".join(f'<tr><td style="{CELL_CSS}">{escape(q)}</td><td style="{CELL_CSS}">'
                   f'{escape(progress.word(s))}</td><td style="{CELL_CSS}">{escape(p)}</td></tr>'
                   for q, p, s in progress.rows)
    notes = "".join(f"<p>{escape(n)}</p>" for n in progress.notes)
    heads = "".join(f'<th scope="col" style="{CELL_CSS}">{escape(h)}</th>' for h in progress.headers)
    return (f'<div style="{WIDE_CSS}"><p><strong>{escape(progress.title)}</strong>: '
            f'{escape(progress.summary())}</p><table style="border-collapse:collapse">'
            f'<thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>{notes}</div>')


class FeedbackView:
    """A Feedback shown in a notebook: its text form, and its HTML drawn here."""

    def __init__(self, feedback: Feedback):
        self.feedback = feedback

    def __repr__(self) -> str:
        return self.feedback.text

    def _repr_html_(self) -> str:
        return feedback_html(self.feedback)


class ProgressView:
    """A Progress shown in a notebook: its text form, and its HTML drawn here."""

    def __init__(self, progress: Progress):
        self.progress = progress

    def __repr__(self) -> str:
        return repr(self.progress)

    def _repr_html_(self) -> str:
        return progress_html(self.progress)
