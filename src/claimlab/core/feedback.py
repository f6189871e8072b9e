"""What a learner is told about an answer, as data: a :class:`Feedback` (headline and lines) and a
:class:`Progress` (which questions were checked). They know their plain-text and Markdown forms; their
HTML form is drawn by :mod:`claimlab.ui.render` (the look lives in ``ui/``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

STATUSES = ("correct", "partial", "incorrect", "unsure", "unanswered", "invalid", "unknown_question",
            "not_checked")
ANSWERED = ("correct", "partial", "incorrect", "unsure")  # an attempt: the checker could read the answer
JUDGED = ("correct", "partial", "incorrect")  # the checker was sure of its verdict

__all__ = ["Feedback", "Progress", "STATUSES", "ANSWERED", "JUDGED", "md_escape"]


def md_escape(value: str) -> str:
    """Text made safe for Markdown (no accidental emphasis, links or tables)."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", value)


@dataclass(frozen=True)
class Feedback:
    """What a learner sees after checking an answer: a headline and a few plain lines.

    ``lines`` may hold a sub-list: the words after the first ``\\n`` of a line are its items.
    ``compare`` holds side-by-side texts ((title, text), (title, text)); ``checklist`` the parts a
    good answer has, for a learner to compare with their own (shown when the checker is unsure).
    """

    question_id: str
    status: str
    headline: str
    lines: tuple[str, ...] = ()
    compare: tuple[tuple[str, str], ...] = ()
    checklist: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def text(self) -> str:
        """The feedback as plain text (what ``print`` and ``repr`` show)."""
        out = [f"{self.question_id}: {self.headline}".strip()]
        out += [f"{title}: {body}" for title, body in self.compare]
        for line in self.lines:
            head, *subs = line.split("\n")
            out += [f"- {head}", *(f"    - {sub}" for sub in subs)]
        out += [f"[ ] {item}" for item in self.checklist]
        return "\n".join(out)

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        out = [f"**{md_escape(self.question_id)}: {md_escape(self.headline)}**", ""]
        for line in self.lines:
            head, *subs = line.split("\n")
            out += [f"- {md_escape(head)}", *(f"    - {md_escape(sub)}" for sub in subs)]
        out += [f"- [ ] {md_escape(item)}" for item in self.checklist]
        return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Progress:
    """Which exercise questions have been checked, and how they went (from the answers file).

    ``words`` gives each status in words (from data/exercises.yaml, ``messages/status_words``).
    """

    rows: tuple[tuple[str, str, str], ...]  # (question id, prompt, status)
    title: str = "Exercise progress"
    notes: tuple[str, ...] = field(default=())
    words: tuple[tuple[str, str], ...] = ()
    headers: tuple[str, ...] = ("Question", "Status", "Prompt")  # the data's words replace these
    summary_template: str = "{checked}/{total}"  # the real words come from data (messages/progress_summary)

    def counts(self) -> dict[str, int]:
        return {status: sum(row[2] == status for row in self.rows) for status in (*STATUSES, "not checked yet")}

    def word(self, status: str) -> str:
        return dict(self.words).get(status, status)

    def summary(self) -> str:
        counts = self.counts()
        checked = sum(counts[s] for s in ANSWERED)
        return self.summary_template.format(checked=checked, total=len(self.rows), **counts)

    def __repr__(self) -> str:
        lines = [f"{self.title}: {self.summary()}"]
        lines += [f"- {qid}: {self.word(status)}. {prompt}" for qid, prompt, status in self.rows]
        lines += list(self.notes)
        return "\n".join(lines)
