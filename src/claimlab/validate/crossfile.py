"""Checks only Claim Lab knows about, across files: quotes verbatim in the article, paragraphs that
exist, numbers with units, key answers that are rubric options, text placeholders that resolve.
"""
from __future__ import annotations

import difflib
import re

import pandas as pd

from claimlab.core.dataset import Dataset, printed_number, split_list
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
            bad("quote", quote_message(str(row["quote"]), int(para), paras))
        has_value = not pd.isna(row["value"])
        if has_value and (pd.isna(row["unit"]) or not str(row["unit"]).strip()):
            bad("unit", f"the number {row['value']:g} has no unit; say what it counts (people, tanks, square miles...)")
        if has_value and pd.isna(row["qualifier"]):
            bad("qualifier", "the number has no qualifier (exact, about, estimated, more_than or range)")
        if not pd.isna(row["number_as_printed"]):
            shown = str(row["number_as_printed"])
            if shown not in str(row["quote"]):
                bad("number_as_printed", f"'{shown}' is not part of the quote")
            elif has_value and printed_value(shown, row["unit"]) != float(row["value"]):
                read = printed_value(shown, row["unit"])
                bad("value", f"the value {row['value']:g} contradicts the number printed, '{shown}'"
                             + (f" (which reads as {read:g})" if read is not None else "")
                             + ": correct value (or number_as_printed)")
            elif (not has_value and row["claim_type"] == "figure" and vague_quantity(shown) is None
                  and printed_value(shown, row["unit"]) is not None):
                bad("value", f"the article prints '{shown}' but the claim has no value: give "
                             f"{printed_value(shown, row['unit']):g} in value")
        elif has_value and row["claim_type"] == "figure":
            bad("number_as_printed", "give the number exactly as the article prints it (e.g. 'more than 200'), "
                                     "so that it can be checked against value")
        if row["claim_type"] == "figure" and not has_value and vague_quantity(row["number_as_printed"]) is None:
            bad("value", "a claim of type 'figure' needs a value (or, for wording such as 'dozens', that "
                         "word in number_as_printed and no value)")
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
            for alt in split_list(row.get(f"{dim_id}_accept")):
                if alt not in options:
                    bad(f"{dim_id}_accept", f"'{alt}' is not an option of '{dim_id}' ({', '.join(options)})")
                elif alt == expected:
                    bad(f"{dim_id}_accept", f"'{alt}' is already the expected answer; list only other options")
        for ref in split_list(row["reference_ids"]):
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
            continue
        shown_for = str(getattr(row, "shown_for", "key"))
        options = [str(o["id"]) for o in rubric_dims.get(row.dimension, {}).get("options", [])]
        if shown_for != "key" and shown_for not in options:
            problems.append(Problem("data/key_notes.csv", f"shown_for '{shown_for}' is neither 'key' nor an option of "
                                    f"'{row.dimension}' ({', '.join(options)})", row=pos, column="shown_for",
                                    row_id=row.claim_id))
        elif shown_for != "key" and shown_for == str(ds.key.loc[row.claim_id, row.dimension]):
            problems.append(Problem("data/key_notes.csv", f"shown_for '{shown_for}' is the key's own answer for "
                                    f"{row.claim_id}; write 'key' for the note shown with the key's answer",
                                    row=pos, column="shown_for", row_id=row.claim_id))
    # exercise keys: answers among the options, data references that compute, rules vs their examples

    problems += key_problems(ds)
    problems += content_problems(ds)
    from claimlab.validate.fairness import exercise_file_problems, fairness_problems
    problems += fairness_problems(ds) + exercise_file_problems(ds)
    return problems + side_word_problems(ds)


def side_word_problems(ds: Dataset) -> list[Problem]:
    """Every claimant_side value has its words in data/interface.yaml: ``sides`` (how learners read it)
    and ``claimants`` (how the charts' key names it)."""
    from claimlab.core.dataset import OTHER_SIDES
    problems = []
    for section, what in (("sides", "how learners read it"), ("claimants", "how the charts' key names it")):
        have = ds.interface.get(section) or {}
        for side in [*ds.sides(), *OTHER_SIDES]:
            if side not in have:
                problems.append(Problem("data/interface.yaml", f"{section} has no entry for the side '{side}' "
                                        f"({what}); add a line `  {side}: ...` under `{section}:`", column=section))
    return problems


# --------------------------------------------------------------------------- quotes
CURLY = "“”‘’"
STRAIGHTEN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _marks(text: str) -> str:
    curly = any(c in text for c in CURLY)
    straight = any(c in text for c in "\"'")
    return "curly and straight" if curly and straight else "curly" if curly else "straight" if straight else "no"


def quote_message(quote: str, para: int, paras: dict[int, str]) -> str:
    """Why a quote is not word for word in its paragraph: where it does occur, or what differs.

    Names the paragraph where the quote does occur if it is in another one, and, if only the
    quotation marks or apostrophes differ, which kind this article uses there.
    """
    elsewhere = [n for n, text in paras.items() if quote in text]
    if elsewhere:
        where = ", ".join(str(n) for n in elsewhere)
        return (f"the quote is not in paragraph {para} but it is, word for word, in paragraph {where}: "
                f"set paragraph to {elsewhere[0]}")
    plain = quote.translate(STRAIGHTEN)
    matches = [n for n, text in paras.items() if plain in text.translate(STRAIGHTEN)]
    if matches:
        n = para if para in matches else matches[0]
        text = paras[n].translate(STRAIGHTEN)
        start = text.index(plain)
        original = paras[n][start:start + len(plain)]
        where = f"paragraph {n}" + ("" if n == para else f" (not {para}: set paragraph to {n})")
        return (f"the words are in {where}, but the quotation marks or apostrophes differ: the quote has "
                f"{_marks(quote)} ones where the article has {_marks(original)} ones. Copy the quote from "
                "data/article.md so that they match")
    near = difflib.get_close_matches(quote, [paras[para]], n=1, cutoff=0) if para in paras else []
    best = max(paras, key=lambda n: difflib.SequenceMatcher(None, quote, paras[n]).find_longest_match(
        0, len(quote), 0, len(paras[n])).size)
    hint = f" (the closest text is in paragraph {best})" if near and best != para else ""
    return (f"the quote is not word for word in paragraph {para} of the article{hint}: copy it from "
            "data/article.md, quotation marks and apostrophes included")


# --------------------------------------------------------------------------- numbers as printed
VAGUE_WORDS = ("dozens", "scores", "hundreds", "thousands", "tens of thousands", "several", "many",
               "a handful", "a few", "some")
FRACTIONS = {"half": 50.0, "a third": 100 / 3, "two thirds": 200 / 3, "a quarter": 25.0,
             "three quarters": 75.0, "a fifth": 20.0, "a tenth": 10.0}
PERCENT_UNITS = ("percent", "per cent", "%")


def vague_quantity(shown: object) -> str | None:
    """The vague quantity word in a printed number ('dozens of', 'hundreds'), if it has no digits."""
    if shown is None or pd.isna(shown):
        return None
    text = str(shown).lower()
    if re.search(r"\d", text):
        return None
    return next((w for w in VAGUE_WORDS if re.search(rf"\b{w}\b", text)), None)


def printed_value(shown: str, unit: object = None) -> float | None:
    """The number a printed phrase gives: digits or number words, or a fraction for a percentage.

    'about a fifth' with unit percent -> 20; 'more than 200' -> 200; 'dozens' -> None.
    """
    text = str(shown).lower()
    if not pd.isna(unit) and str(unit).strip().lower() in PERCENT_UNITS and not re.search(r"\d", text):
        for words, value in FRACTIONS.items():
            if re.search(rf"\b{words}\b", text):
                return value
    return printed_number(str(shown))


# --------------------------------------------------------------------------- content that builds but is wrong
FIGURE_ID_RE = re.compile(r"\{([a-z0-9]+):([^{}]+)\}")
TYPED_NUMBER_RE = re.compile(r"(?<![\w{.])\d[\d,]*(?:\.\d+)?(?![\w}])")
LEARNER_TEXT = (("data/key.csv", "key", "rationale", "claim_id"), ("data/key_notes.csv", "key_notes", "note", "claim_id"),
                ("data/claim_links.csv", "links", "note", "claim_id"))


def _placeholder_ids(text: str) -> list[str]:
    ids = []
    for _, arg in FIGURE_ID_RE.findall(text):
        ids += [part.strip() for part in arg.split("..")]
    return ids


def _exercise_texts(ds: Dataset) -> list[tuple[str, str, str]]:
    """(question id, where, text) for every text of data/exercises.yaml that learners read."""
    found = []

    def walk(qid: str, where: str, value: object) -> None:
        if isinstance(value, str):
            found.append((qid, where, value))
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in ("pattern", "answer", "expected", "rules", "examples"):
                    walk(qid, f"{where}.{k}" if where else str(k), v)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(qid, f"{where}[{i}]", v)

    for qid, q in (ds.exercises.get("questions") or {}).items():
        walk(qid, "", q)
    return found


def content_problems(ds: Dataset) -> list[Problem]:
    """Data that builds but would teach something wrong, each naming file, row and column.

    * a reference row marked UNVERIFIED (never taught) reaching learner text through a placeholder;
    * a rationale that is empty or only spaces;
    * a figure typed into a rationale or note instead of a placeholder (numbers the article itself
      prints in the claim's paragraph are quotations and allowed).
    """
    problems: list[Problem] = []
    untaught = set(ds.figures.index[~ds.figures["teachable"].astype(bool)])
    paras = ds.article.paragraphs
    for fname, attr, column, id_column in LEARNER_TEXT:
        frame = getattr(ds, attr)
        if column not in frame.columns:
            continue
        for pos, (_, row) in enumerate(frame.iterrows(), 2):
            rid = str(row[id_column])
            value = row[column]
            if pd.isna(value) or not str(value).strip():
                if attr == "key":
                    problems.append(Problem(fname, "the rationale is empty or only spaces: say why the key "
                                                   "grades this claim as it does", row=pos, column=column, row_id=rid))
                continue
            text = str(value)
            for ident in _placeholder_ids(text):
                if ident in untaught:
                    problems.append(Problem(fname, f"{ident} is marked UNVERIFIED in its caution (never shown to "
                                                   f"learners) but this text shows it through a placeholder; use "
                                                   "a verified row, or remove it", row=pos, column=column,
                                            row_id=rid))
            if attr in ("key", "key_notes"):
                bare = FIGURE_ID_RE.sub("", text)
                bare = re.sub(r"[\"“][^\"”]*[\"”]", "", bare)  # quoted words, e.g. "2024"
                bare = re.sub(r"\b[A-Z]{1,3}\d+\b|\bparagraphs?\s+\d+", "", bare)
                claim = ds.claims.loc[rid] if rid in ds.claims.index else None
                printed = paras.get(int(claim["paragraph"]), "") if claim is not None and not pd.isna(
                    claim["paragraph"]) else ""
                for number in TYPED_NUMBER_RE.findall(bare):
                    if not re.search(rf"(?<![\d,]){re.escape(number)}(?![\d,])", printed):
                        problems.append(Problem(fname, f"the figure '{number}' is typed into the text; write a "
                                                       "placeholder instead, e.g. {fig:R01} or {date:R01}, so that "
                                                       "it comes from data/", row=pos, column=column, row_id=rid))
    for pos, (cid, row) in enumerate(ds.key.iterrows(), 2):
        for ref in split_list(row.get("reference_ids")):
            if ref in untaught:
                problems.append(Problem("data/key.csv", f"{ref} is marked UNVERIFIED (never shown to learners) but "
                                                        "is listed as a source of the key", row=pos,
                                        column="reference_ids", row_id=cid))
    for qid, where, text in _exercise_texts(ds):
        for ident in _placeholder_ids(text):
            if ident in untaught:
                problems.append(Problem("data/exercises.yaml", f"question {qid} ({where}) shows {ident}, which "
                                                               "is marked UNVERIFIED, through a placeholder",
                                        column=where, row_id=qid))
    return problems


# --------------------------------------------------------------------------- main entry
