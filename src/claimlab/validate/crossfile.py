"""Checks only Claim Lab knows about, across files: quotes verbatim in the article, paragraphs that
exist, numbers with units, key answers that are rubric options, text placeholders that resolve.
"""
from __future__ import annotations

import re

import pandas as pd

from claimlab.core.dataset import Dataset, _split, printed_number
from claimlab.core.problems import Problem
from claimlab.validate.keys import key_problems


def check_dataset(ds: Dataset) -> list[Problem]:
    from claimlab.core import text as textmod

    problems: list[Problem] = []
    paras = ds.article.paragraphs
    figures = set(ds.figures.index)
    rubric_dims = {d["id"]: d for d in ds.rubric.get("dimensions", [])}
    kinds = set(ds.rubric.get("kinds", {}))

    # claims -------------------------------------------------------------------
    for pos, (cid, row) in enumerate(ds.claims.iterrows(), 2):
        def bad(column: str, message: str, pos: int = pos, cid: str = cid) -> None:
            problems.append(Problem("data/claims.csv", message, row=pos, column=column, row_id=cid))

        para = row["paragraph"]
        if pd.isna(para) or int(para) not in paras:
            bad("paragraph", f"paragraph {para} does not exist in data/article.md (it has 1 to {len(paras)})")
        elif row["quote"] not in paras[int(para)]:
            bad("quote", f"the quote is not word for word in paragraph {int(para)} of the article "
                         "(check quotation marks and apostrophes: the article uses curly ones)")
        has_value = not pd.isna(row["value"])
        if has_value and (pd.isna(row["unit"]) or not str(row["unit"]).strip()):
            bad("unit", f"the number {row['value']:g} has no unit; say what it counts (people, tanks, square miles...)")
        if has_value and pd.isna(row["qualifier"]):
            bad("qualifier", "the number has no qualifier (exact, about, estimated, more_than or range)")
        if not pd.isna(row["number_as_printed"]):
            shown = str(row["number_as_printed"])
            if shown not in str(row["quote"]):
                bad("number_as_printed", f"'{shown}' is not part of the quote")
            elif has_value and printed_number(shown) != float(row["value"]):
                bad("value", f"the value {row['value']:g} does not match the number printed, '{shown}'")
        if row["claim_type"] == "figure" and not has_value:
            bad("value", "a claim of type 'figure' needs a value")
        if row["claim_type"] == "date" and pd.isna(row["event_date"]):
            bad("event_date", "a claim of type 'date' needs an event_date (YYYY-MM-DD)")
        src = row["said_on_source"]
        if not pd.isna(src) and str(src) not in figures:
            bad("said_on_source", f"'{src}' is not a figure_id in data/reference/reported_figures.csv")
        if row["attribution"] == "unattributed" and row["claimant_side"] != "no_one_named":
            bad("claimant_side", "an unattributed claim must have claimant_side 'no_one_named'")

    # key ----------------------------------------------------------------------
    keyed = set(ds.key.index)
    for cid in ds.claims.index:
        if cid not in keyed:
            problems.append(Problem("data/key.csv", f"claim {cid} has no expert key row; every claim needs one",
                                    column="claim_id"))
    for pos, (cid, row) in enumerate(ds.key.iterrows(), 2):
        def bad(column: str, message: str, pos: int = pos, cid: str = cid) -> None:
            problems.append(Problem("data/key.csv", message, row=pos, column=column, row_id=cid))

        if kinds and row["kind"] not in kinds:
            bad("kind", f"'{row['kind']}' is not a kind listed in data/rubric.yaml")
        for dim_id, dim in rubric_dims.items():
            options = [o["id"] for o in dim["options"]]
            if dim_id not in ds.key.columns:
                problems.append(Problem("data/key.csv", "this rubric dimension has no column", column=dim_id))
                continue
            expected = row[dim_id]
            if pd.isna(expected) or str(expected) not in options:
                bad(dim_id, f"'{expected}' is not an option of '{dim_id}' in data/rubric.yaml ({', '.join(options)})")
            for alt in _split(row.get(f"{dim_id}_accept")):
                if alt not in options:
                    bad(f"{dim_id}_accept", f"'{alt}' is not an option of '{dim_id}' ({', '.join(options)})")
                elif alt == expected:
                    bad(f"{dim_id}_accept", f"'{alt}' is already the expected answer; list only other options")
        for ref in _split(row["reference_ids"]):
            if ref not in figures:
                bad("reference_ids", f"'{ref}' is not a figure_id in data/reference/reported_figures.csv")

    # every reference row says what it measures ----------------------------------------
    for fid in ds.figures.index[ds.figures["measure"].isna()]:
        problems.append(Problem("data/reference/measures.csv", f"reference row {fid} has no measure; add a row for it",
                                column="figure_id", row_id=fid))

    # unit map covers every reference unit ------------------------------------------
    mapped = set(ds.unit_map["raw_unit"].fillna(""))
    for pos, (fid, row) in enumerate(ds.figures.iterrows(), 2):
        unit = "" if pd.isna(row["unit"]) else str(row["unit"])
        if unit not in mapped:
            problems.append(Problem("data/reference/reported_figures.csv",
                                    f"the unit '{unit}' is not listed in data/reference/unit_map.csv",
                                    row=pos, column="unit", row_id=fid))

    # every text that learners read must render ----------------------------------------
    def check_text(fname: str, frame: pd.DataFrame, column: str, ids: list[str] | None = None) -> None:
        for pos, (idx, value) in enumerate(frame[column].items(), 2):
            if pd.isna(value):
                continue
            try:
                textmod.render(str(value), ds)
            except textmod.TemplateError as exc:
                rid = ids[pos - 2] if ids else (idx if isinstance(idx, str) else None)
                problems.append(Problem(fname, str(exc), row=pos, column=column, row_id=rid))

    check_text("data/key.csv", ds.key, "rationale")
    check_text("data/key_notes.csv", ds.key_notes, "note", list(ds.key_notes["claim_id"]))
    check_text("data/claim_links.csv", ds.links, "note", list(ds.links["claim_id"]))
    for pos, row in enumerate(ds.markers.itertuples(), 2):
        try:
            re.compile(str(row.pattern))
        except re.error as exc:
            problems.append(Problem("data/markers.csv", f"the pattern is not a valid regular expression ({exc})",
                                    row=pos, column="pattern", row_id=row.marker))
    for pos, row in enumerate(ds.key_notes.itertuples(), 2):
        if row.claim_id not in keyed:
            problems.append(Problem("data/key_notes.csv", f"claim {row.claim_id} has no key row",
                                    row=pos, column="claim_id", row_id=row.claim_id))
    # exercise keys: answers among the options, data references that compute, rules vs their examples

    problems += key_problems(ds)
    return problems


# --------------------------------------------------------------------------- main entry
