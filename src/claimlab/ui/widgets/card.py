"""The claim card: one claim, highlighted in its paragraph, with the sources linked to it.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as w

from claimlab.core import text
from claimlab.core.dataset import Dataset, load
from claimlab.core.words import side_word, word
from claimlab.ui.html import TEXT_CSS, escape, notice
from claimlab.ui.widgets.base import Panel, is_missing, resolve_claim


def card_html(ds: Dataset, claim_id: str, reveal: bool = True) -> str:
    """The card's HTML. ``reveal=False`` hides who says it and how (the rater asks that first)."""
    claim = ds.claims.loc[claim_id]
    number = int(claim["paragraph"])
    paragraph, quote = escape(ds.article.paragraphs[number]), escape(claim["quote"])
    mark = ('<mark style="background:var(--jp-layout-color3);color:inherit;font-weight:600;'
            'border-bottom:2px solid var(--jp-brand-color1);padding:0 2px;">')
    highlighted = paragraph.replace(quote, f"{mark}{quote}</mark>", 1)
    verb = claim.get("attribution_verb")
    when = claim.get("when_in_text")
    not_said = word("card.not_said", ds)
    when_words = not_said if is_missing(when) else str(when)
    if not is_missing(claim.get("said_on")):
        when_words += f" ({text.fmt_date(claim['said_on'])})"
    side = side_word(claim["claimant_side"], ds)
    facts = [("card.who", claim["claimant"]), ("card.side", side),
             ("card.verb", word("card.no_verb", ds) if is_missing(verb) else verb), ("card.when", when_words)]
    if not reveal:
        said = not_said if is_missing(claim.get("said_on")) else text.fmt_date(claim["said_on"])
        facts = [("card.said_on", said), ("card.who_and_how", word("card.who_and_how_later", ds))]
    rows = "".join(f"<li><b>{escape(word(label, ds))}:</b> {escape(value)}</li>" for label, value in facts)
    title = word("card.title", ds, claim=claim_id, paragraph=number)
    return (f'<div style="{TEXT_CSS}">'
            f'<div style="font-weight:bold;">{escape(title)}</div>'
            f'<blockquote style="margin:4px 0;padding:4px 10px;border-left:3px solid var(--jp-border-color1);'
            f'background:var(--jp-layout-color1);">[{number}] {highlighted}</blockquote>'
            f'<ul style="list-style:none;padding-left:0;margin:4px 0;">{rows}</ul></div>')


def sources_html(ds: Dataset, claim_id: str) -> str:
    """The reference rows a rationale cites (key.csv reference_ids), with who, when and where read.

    Only rows that data/claim_links.csv links to this claim are listed, each with the link's note
    (why it bears on this claim), so a row is never shown without saying what it has to do with it.
    """
    raw = ds.key.loc[claim_id, "reference_ids"]
    ids = [] if is_missing(raw) else [i.strip() for i in str(raw).split(";") if i.strip()]
    linked = ds.links_for(claim_id)
    notes = {r.figure_id: r.note for r in linked.itertuples()}
    relations = {r.figure_id: r.relation for r in linked.itertuples()}
    ids = [fid for fid in ids if fid in notes]
    items, read_on = [], escape(word("card.read_on", ds))
    for fid in ids:
        if fid not in ds.figures.index or not bool(ds.figures.loc[fid, "teachable"]):
            continue
        row = ds.figures.loc[fid]
        when = text.fmt_date(row["date"], approx=not bool(row["date_is_exact"])) if not is_missing(row["date"]) \
            else (word("card.date_unknown", ds) if is_missing(row["as_of_date"]) else str(row["as_of_date"]))
        caution = f" ⚠ {escape(row['caution'])}" if bool(row["cautioned"]) else ""
        why = "" if is_missing(notes[fid]) else f" <i>{escape(text.render(str(notes[fid]), ds))}</i>"
        # a row linked for its date or as context is there for when or who, not for its figure
        figure = "" if relations[fid] in ("date", "context") else f" {escape(text.figure_phrase(row))},"
        items.append(f'<li><b>{escape(fid)}</b>:{why}{figure} {escape(row["claimant"])}, {escape(when)}; '
                     f'{read_on} <a href="{escape(row["source_url"])}" target="_blank" rel="noopener" '
                     f'style="color:var(--jp-content-link-color);">{escape(row["reported_by"])}</a>.{caution}</li>')
    if not items:
        return ""
    cited = escape(word("card.sources_cited", ds))
    return f'<div style="margin-top:4px;"><b>{cited}</b><ul style="margin:2px 0;">{"".join(items)}</ul></div>'


class ClaimCard(Panel):
    """One claim: its quote highlighted in its paragraph, who said it, and when."""

    def __init__(self, claim_id: Any, ds: Dataset | None = None, reveal: bool = True):
        super().__init__(word("card.text_form", ds))
        self.claim_id: str | None = None
        self.ds: Dataset | None = None
        self.html = w.HTML()
        try:
            ds = ds or load()
            self.claim_id, problem = resolve_claim(claim_id, ds)
            if self.claim_id is None:
                self.text_repr = word("card.text_form_problem", ds, problem=problem)
                self.html.value = notice(problem, "warning")
            else:
                claim = ds.claims.loc[self.claim_id]
                self.text_repr = word("card.text_form_claim", ds, claim=self.claim_id,
                                      paragraph=int(claim["paragraph"]), quote=claim["quote"],
                                      claimant=claim["claimant"])
                self.ds = ds
                self.html.value = card_html(ds, self.claim_id, reveal)
        except Exception as exc:
            self.fail("card.doing_show", exc)
        self.children = [self.html, self.status]

    def reveal(self) -> None:
        """Show who makes the claim, their side and the verb (after the learner has answered)."""
        if self.claim_id is not None and self.ds is not None:
            self.html.value = card_html(self.ds, self.claim_id, True)


def claim_card(claim_id: str) -> ClaimCard:
    """One claim's quote highlighted in its paragraph, with claimant, side, verb and date."""
    return ClaimCard(claim_id)


# --------------------------------------------------------------------------- the rater
