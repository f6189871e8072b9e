"""Showing the article, claims and reference figures in a notebook.

Every function here displays something and returns None, so a notebook cell is one line:
``cl.show_article()``, ``cl.compare("CL05")``, ``cl.say("The ministry claimed {claim:CL25}.")``.
All figures shown are read from ``data/``; colours use JupyterLab's theme variables so
the output reads in light and dark themes. Problems become a plain message, never a traceback.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from claimlab.core import text
from claimlab.core.dataset import Dataset, load
from claimlab.core.problems import DataError
from claimlab.core.text import escape
from claimlab.core.words import side_word, word
from claimlab.ui.html import MARK_CSS, show, table

__all__ = ["show_article", "show_paragraphs", "claims_table", "compare", "say", "show_figures",
           "show_rubric", "worked_example", "claimant_summary", "word_markers", "glossary", "article_html", "say_text",
           "value_word"]


def value_word(section: str, value: Any, ds: Dataset | None = None) -> str:
    """A data value in words from a section of data/interface.yaml keyed by values (``columns``,
    ``attributions``, ``relations``); the value itself when the section has no words for it."""
    found = (ds or load()).interface.get(section, {}).get(str(value))
    return str(value) if found is None else str(found)


def _headers(name: str, ds: Dataset | None = None) -> list[str]:
    """Table headings from a list of data/interface.yaml (e.g. ``display.compare_headers``), escaped."""
    section, _, key = name.partition(".")
    return [escape(h) for h in (ds or load()).interface.get(section, {}).get(key) or []]


def _friendly(func: Callable) -> Callable:
    """Turn any problem into a short message for the learner instead of a traceback."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            show(f"<pre>{escape(str(exc))}</pre>")
        except (KeyError, ValueError, TypeError, text.TemplateError) as exc:
            message = exc.args[0] if exc.args else str(exc)
            show(f"<p><strong>{escape(word('display.could_not_show'))}</strong> {escape(str(message))}</p>")
        return None
    return wrapper


def _check_claim(ds: Dataset, claim_id: str) -> str:
    claim_id = str(claim_id).strip().upper()
    if claim_id not in ds.claims.index:
        raise KeyError(word("display.not_a_claim", ds, claim=claim_id, first=ds.claims.index[0],
                            last=ds.claims.index[-1]))
    return claim_id


# --------------------------------------------------------------------------- the article
def _highlight(paragraph: str, quotes: list[str]) -> str:
    """Escape a paragraph and wrap each quote (verbatim span) in <mark>."""
    spans = []
    for quote in quotes:
        start = paragraph.find(quote)
        if start >= 0:
            spans.append((start, start + len(quote)))
    spans.sort()
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out.append(escape(paragraph[pos:start]))
        out.append(f'<mark style="{MARK_CSS}">{escape(paragraph[start:end])}</mark>')
        pos = end
    out.append(escape(paragraph[pos:]))
    return "".join(out)


def article_html(ds: Dataset, numbers: Iterable[int] | None = None, highlight: Iterable[str] = ()) -> str:
    """The article (or some paragraphs) as HTML with paragraph numbers; claims in ``highlight`` marked."""
    wanted = sorted(ds.article.paragraphs) if numbers is None else list(numbers)
    marks: dict[int, list[str]] = {}
    for claim_id in highlight:
        row = ds.claims.loc[_check_claim(ds, claim_id)]
        marks.setdefault(int(row["paragraph"]), []).append(str(row["quote"]))
    parts = []
    for number in wanted:
        if number not in ds.article.paragraphs:
            raise KeyError(word("display.no_paragraph", ds, number=number, count=len(ds.article.paragraphs)))
        body = _highlight(ds.article.paragraphs[number], marks.get(number, []))
        parts.append(f'<p style="margin:0.4em 0;line-height:1.5"><strong>'
                     f'[{number}]</strong> {body}</p>')
    return '<div style="max-width:46em;color:var(--jp-content-font-color1,inherit)">' + "".join(parts) + "</div>"


@_friendly
def show_article(highlight: Iterable[str] | str = ()) -> None:
    """Show the whole article with paragraph numbers. ``highlight``: claim ids to mark."""
    ds = load()
    highlight = [highlight] if isinstance(highlight, str) else list(highlight)
    title = escape(str(ds.article.meta.get("title", "")))
    show(f"<div role='heading' aria-level='3' style='margin:0.3em 0;font-weight:bold'>{title}</div>"
          + article_html(ds, None, highlight))


@_friendly
def show_paragraphs(*numbers: int, highlight: Iterable[str] | str = ()) -> None:
    """Show some paragraphs, e.g. ``show_paragraphs(14, 15)``; ``highlight`` marks claims."""
    ds = load()
    highlight = [highlight] if isinstance(highlight, str) else list(highlight)
    if not numbers:
        numbers = tuple(sorted({int(ds.claims.loc[_check_claim(ds, c), "paragraph"]) for c in highlight}))
    show(article_html(ds, [int(n) for n in numbers], highlight))


# --------------------------------------------------------------------------- claims
def _cell(column: str, value: Any, ds: Dataset) -> str:
    if column == "claimant_side":
        return escape(side_word(value, ds))
    if column == "attribution":
        return escape(value_word("attributions", value, ds))
    if column == "is_casualty_or_loss_count":
        return escape(word("display.count_yes" if value is True else "display.count_no", ds))
    if column == "attribution_verb" and (value is None or value is pd.NA):
        return "—"
    return escape(value)


@_friendly
def claims_table(columns: Iterable[str] = ("claim_id", "paragraph", "quote", "claimant", "claimant_side",
                                           "attribution", "attribution_verb"),
                 ids: Iterable[str] | None = None, **where: Any) -> None:
    """A table of claims. Filter with column=value, e.g. ``claims_table(claimant_side="no_one_named")``."""
    ds = load()
    frame = ds.claims
    if ids is not None:
        frame = frame.loc[[_check_claim(ds, c) for c in ids]]
    for column, value in where.items():
        if column not in frame.columns:
            raise KeyError(word("display.not_a_column", ds, column=column, columns=", ".join(frame.columns)))
        values = value if isinstance(value, (list, tuple, set)) else [value]
        frame = frame[frame[column].isin(values)]
    columns = list(columns)
    for column in columns:
        if column not in ds.claims.columns:
            raise KeyError(word("display.not_a_column", ds, column=column, columns=", ".join(ds.claims.columns)))
    rows = [[_cell(c, row[c], ds) for c in columns] for _, row in frame.iterrows()]
    caption = escape(word("display.claims_caption", ds, count=len(rows), total=len(ds.claims)))
    show(table([escape(value_word("columns", c, ds)) for c in columns], rows, caption))


def _figure_row(ds: Dataset, fid: str, note: str = "", relation: str = "") -> list[str]:
    row = ds.figures.loc[fid]
    date = text.fmt_date(row["date"], approx=not bool(row["date_is_exact"])) if not pd.isna(row["date"]) \
        else escape(row["as_of_date"]) or word("display.date_unknown", ds)
    link = f'<a href="{escape(row["source_url"])}" target="_blank" rel="noopener">{escape(row["reported_by"])}</a>'
    caution = f"⚠ {escape(row['caution'])}" if bool(row["cautioned"]) else ""
    cells = [escape(fid), escape(text.figure_phrase(row)), escape(row["claimant"]), date, link, caution]
    if relation:
        cells.insert(1, escape(value_word("relations", relation, ds)))
    if note:
        cells.append(escape(note))
    return cells


@_friendly
def compare(claim_id: str, relations: Iterable[str] | None = None) -> None:
    """The article's claim beside the reference rows linked to it, with sources and cautions."""
    ds = load()
    claim_id = _check_claim(ds, claim_id)
    claim = ds.claims.loc[claim_id]
    links = ds.links_for(claim_id)
    if relations is not None:
        links = links[links["relation"].isin(list(relations))]
    links = links[links["figure_id"].map(lambda f: bool(ds.figures.loc[f, "teachable"]))]
    paragraph = escape(word("display.paragraph", ds, paragraph=int(claim["paragraph"])))
    head = (f"<p><strong>{claim_id}</strong> ({paragraph}): "
            f"“{escape(claim['quote'])}” — {escape(claim['claimant'])}</p>")
    if links.empty:
        show(head + f"<p>{escape(word('display.no_links', ds))}</p>")
        return
    rows = [_figure_row(ds, r.figure_id, text.render(r.note, ds), r.relation) for r in links.itertuples()]
    html_table = table(_headers("display.compare_headers", ds), rows)
    show(head + html_table)


@_friendly
def show_figures(ids: Iterable[str], snippets: bool = False) -> None:
    """A table of reference rows with claimant, date, source link and any caution.

    ``snippets=True`` adds the source's own words, copied verbatim from the page read.
    """
    ds = load()
    ids = [ids] if isinstance(ids, str) else list(ids)
    rows = []
    for fid in ids:
        fid = str(fid).strip().upper()
        if fid not in ds.figures.index:
            raise KeyError(word("display.not_a_row", ds, row=fid))
        if not bool(ds.figures.loc[fid, "teachable"]):
            raise ValueError(word("display.not_taught", ds, row=fid))
        row = _figure_row(ds, fid)
        if snippets:
            snippet = ds.figures.loc[fid, "snippet"]
            row.append(f"“{escape(snippet)}”" if not pd.isna(snippet) else "")
        rows.append(row)
    headers = _headers("display.figures_headers", ds)
    show(table(headers + ([escape(word("display.own_words", ds))] if snippets else []), rows))


# --------------------------------------------------------------------------- sentences from data
def say_text(template: str, ds: Dataset | None = None) -> str:
    """Fill a sentence's placeholders from the data (see claimlab.text)."""
    return text.render(str(template), ds or load())


@_friendly
def say(template: str) -> None:
    """Show a sentence whose figures come from the data: ``say("{value:E02} had been evacuated.")``."""
    from IPython.display import Markdown, display
    display(Markdown(say_text(template)))


@_friendly
def show_rubric(dimension: str | None = None) -> None:
    """The rubric's questions, options and help text (from data/rubric.yaml)."""
    ds = load()
    parts = []
    for number, dim in enumerate(ds.rubric["dimensions"], 1):
        if dimension and dim["id"] != dimension:
            continue
        options = "".join(f"<li>{escape(o['label'])}</li>" for o in dim["options"])
        parts.append(f"<div role='heading' aria-level='3' style='margin:0.6em 0 0.2em;font-weight:bold'>"
                     f"{number}. {escape(dim['question'])}</div>"
                     f"<p style='margin:0.2em 0'>{escape(dim['help'])}</p><ul style='margin:0.2em 0'>{options}</ul>")
    if not parts:
        raise KeyError(word("display.not_a_dimension", ds, dimension=dimension))
    show("<div style='max-width:46em'>" + "".join(parts) + "</div>")


# --------------------------------------------------------------------------- teaching views
@_friendly
def worked_example(claim_id: str) -> None:
    """The expert key for one claim, dimension by dimension, with the reasons (from data/key.csv)."""
    from claimlab.core import rubric

    ds = load()
    claim_id = _check_claim(ds, claim_id)
    claim = ds.claims.loc[claim_id]
    key = ds.key.loc[claim_id]
    judgement = rubric.judge(claim_id, {d["id"]: key[d["id"]] for d in ds.rubric["dimensions"]}, ds)
    rows = []
    for result in judgement.results:
        near = ", ".join(rubric.option_label(ds, result.dimension, a) or a for a in result.accepted)
        right = f"{ds.rubric['verdicts']['right']} {result.expected_label}. "
        why = result.feedback.removeprefix(right)  # the reason alone; the answer has its own column
        rows.append([escape(result.question), f"<strong>{escape(result.expected_label)}</strong>",
                     escape(near) or "—", escape(why)])
    title = escape(word("display.worked_title", ds, claim=claim_id))
    paragraph = escape(word("display.paragraph", ds, paragraph=int(claim["paragraph"])))
    head = f"<p><strong>{title}</strong>, {paragraph}</p>" + article_html(ds, [int(claim["paragraph"])], [claim_id])
    html_table = table(_headers("display.worked_headers", ds), rows)
    in_short = escape(word("display.in_short", ds))
    show(head + html_table + f"<p><strong>{in_short}</strong> {escape(judgement.rationale)}</p>")


@_friendly
def claimant_summary() -> None:
    """How many of the article's claims each claimant makes, and how they are attributed."""
    ds = load()
    grouped = ds.claims.groupby(["claimant", "claimant_side"], sort=False)
    rows = []
    for (claimant, side), frame in grouped:
        ways = ", ".join(f"{value_word('attributions', a, ds)} ({n})"
                         for a, n in frame["attribution"].value_counts().sort_index().items())
        rows.append([escape(claimant), escape(side_word(side, ds)), str(len(frame)), escape(ways),
                     escape(", ".join(frame.index))])
    show(table(_headers("display.claimants_headers", ds), rows,
               escape(word("display.claimants_caption", ds, count=len(ds.claims)))))


@_friendly
def word_markers() -> None:
    """Which wording markers (data/markers.csv) appear in which paragraph of the article."""
    import re

    ds = load()
    markers, source = list(ds.markers.itertuples()), escape(word("display.source", ds))
    rows = []
    for number in sorted(ds.article.paragraphs):
        paragraph = ds.article.paragraphs[number]
        found = [m.marker for m in markers if re.search(str(m.pattern), paragraph)]
        if found:
            rows.append([str(number), escape(", ".join(found))])
    legend = "".join(f"<li><strong>{escape(m.marker)}</strong>: {escape(m.clue)} "
                     f'(<a href="{escape(m.source_url)}" target="_blank" rel="noopener">{source}</a>)</li>'
                     for m in markers)
    show(table(_headers("display.markers_headers", ds), rows, escape(word("display.markers_caption", ds)))
          + f"<ul style='max-width:46em'>{legend}</ul>")


@_friendly
def glossary(*terms: str) -> None:
    """The meanings of the terms used in Claim Lab (data/glossary.csv); name some terms to see only those."""
    ds = load()
    frame = ds.glossary
    if terms:
        wanted = {t.strip().casefold() for t in terms}
        frame = frame[frame["term"].str.casefold().isin(wanted)]
        if frame.empty:
            raise KeyError(word("display.not_in_glossary", ds, terms=", ".join(map(repr, terms))))
    items = "".join(f"<dt style='font-weight:600;margin-top:0.3em'>{escape(r.term)}</dt>"
                    f"<dd style='margin-left:1.2em'>{escape(r.meaning)}</dd>" for r in frame.itertuples())
    show(f"<dl style='max-width:46em;color:var(--jp-content-font-color1,inherit)'>{items}</dl>")
