"""Passages of data/bank.csv as learners read them: a quotation with its outlet, date and a link."""
from __future__ import annotations

from typing import Any

from claimlab.core.dataset import Dataset
from claimlab.core.text import escape
from claimlab.core.words import word
from claimlab.ui.html import TEXT_CSS, style

__all__ = ["passage_html"]


def passage_html(row: Any, ds: Dataset | None = None) -> str:
    """A bank passage as a quotation, with its outlet, date and a link to the page it was read on."""
    date = row.get("published")
    when = f", {date:%d %b %Y}" if date is not None and str(date) not in ("NaT", "<NA>", "None") \
        else f", {word('passage.no_date', ds)}"
    text_html = escape(str(row["passage"])).replace("\n", "<br>")
    return (f'<blockquote style="{TEXT_CSS}{style("quote")}">{text_html}<br><span style="{style("small")}">— '
            f'{escape(str(row["outlet"]))}{escape(when)} · <a href="{escape(str(row["url"]))}" target="_blank" '
            f'rel="noopener">{escape(word("passage.source", ds))}</a> · '
            f'{escape(word("passage.label", ds, id=row["passage_id"]))}</span></blockquote>')
