"""The expert key explained claim by claim, as Markdown for instructors.

    python -m claimlab key-guide > docs/expert_key.md

Everything in the guide is read from ``data/`` (the key, its notes and rationales, the
rubric, the claims, the article and the reference rows) and from the notebooks' own
cells (which claims each notebook asks learners to rate), so it is never retyped.
``tests/test_keyguide.py`` checks that docs/expert_key.md matches what this produces.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd

from claimlab.core import rubric, text
from claimlab.core.dataset import OTHER_SIDES, Dataset, load, split_list
from claimlab.core.words import side_word

__all__ = ["render", "near_misses", "claims_by_notebook"]

CLAIM_CALL = re.compile(r"cl\.(?:rate|worked_example|claim_card|compare)\(\s*[\"'](CL\d+)[\"']")


def _md(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return " ".join(str(value).split()).replace("|", "\\|")


def _labels(ds: Dataset) -> dict[tuple[str, str], str]:
    return {(d["id"], str(o["id"])): str(o["label"]) for d in ds.dimensions() for o in d["options"]}


def _why(ds: Dataset, claim_id: str, dim: dict[str, Any], expected: str) -> str:
    return rubric.note(ds, claim_id, dim["id"]) or rubric.why_right(dim, expected, ds.key.loc[claim_id])


def _anchor(claim_id: str) -> str:
    return claim_id.lower()


def _claim_links(ids: list[str]) -> str:
    return ", ".join(f"[{c}](#{_anchor(c)})" for c in ids)


def near_misses(ds: Dataset) -> pd.DataFrame:
    """Every (question, key answer, accepted near miss) in the key, with the claims it applies to.

    Columns: dimension, number (of the question in the rubric), question, expected, expected_label,
    near, near_label, claims (a list of claim ids), count. Sorted by question, then most claims first.
    """
    labels = _labels(ds)
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for claim_id, row in ds.key.iterrows():
        for dim in ds.dimensions():
            for near in split_list(row.get(f"{dim['id']}_accept")):
                groups[(dim["id"], str(row[dim["id"]]), near)].append(str(claim_id))
    numbers = {d["id"]: n for n, d in enumerate(ds.dimensions(), 1)}
    questions = {d["id"]: d["question"] for d in ds.dimensions()}
    rows = [{"dimension": dim, "number": numbers[dim], "question": questions[dim], "expected": expected,
             "expected_label": labels.get((dim, expected), expected), "near": near,
             "near_label": labels.get((dim, near), near), "claims": ids, "count": len(ids)}
            for (dim, expected, near), ids in groups.items()]
    frame = pd.DataFrame(rows, columns=["dimension", "number", "question", "expected", "expected_label", "near",
                                        "near_label", "claims", "count"])
    return frame.sort_values(["number", "count", "expected", "near"], ascending=[True, False, True, True],
                             kind="stable").reset_index(drop=True)


def claims_by_notebook(ds: Dataset) -> list[tuple[str, list[str]]]:
    """[(notebook, [claim ids])]: the claims each notebook in notebooks/ asks learners to rate or works through,
    then the claims each exercise notebook's questions are about (from data/exercises.yaml)."""
    found: list[tuple[str, list[str]]] = []
    for path in sorted((ds.root / "notebooks").glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        ids: list[str] = []
        for cell in cells:
            if cell.get("cell_type") == "code":
                source = "".join(cell.get("source", []))
                ids += [c for c in CLAIM_CALL.findall(source) if c in ds.key.index and c not in ids]
        if ids:
            found.append((f"`{path.stem}`", ids))
    notebooks = ds.exercises.get("notebooks") or {}
    for short, info in notebooks.items():
        ids = []
        for question in (ds.exercises.get("questions") or {}).values():
            if question.get("notebook") == short:
                ids += [c for c in question.get("claims", []) if c in ds.key.index and c not in ids]
        if ids:
            found.append((f"exercises `{Path(str(info.get('file', short))).stem}`", ids))
    return found


def _same_standard(ds: Dataset) -> list[str]:
    kinds = ds.rubric.get("kinds", {})
    lines = ["| Kind of claim | " + " | ".join(_side_columns(ds)) + " |",
             "|---|" + "---|" * len(_side_columns(ds))]
    sides = list(_side_order(ds))
    for kind, words in kinds.items():
        claims = ds.key[ds.key["kind"] == kind].index
        if len(claims) == 0:
            continue
        by_side = {side: [c for c in claims if ds.claims.loc[c, "claimant_side"] == side] for side in sides}
        lines.append(f"| {_md(words)} (`{kind}`) | " + " | ".join(_claim_links(by_side[s]) or "—" for s in sides)
                     + " |")
    return lines


def _side_order(ds: Dataset) -> list[str]:
    present = list(dict.fromkeys(str(s) for s in ds.claims["claimant_side"]))
    named = [s for s in present if s not in OTHER_SIDES]
    return named + [s for s in OTHER_SIDES if s in present]


def _side_columns(ds: Dataset) -> list[str]:
    return [_capital(side_word(s, ds)) for s in _side_order(ds)]


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _references(ds: Dataset, ids: list[str]) -> list[str]:
    lines = []
    for fid in ids:
        if fid not in ds.figures.index or not bool(ds.figures.loc[fid, "teachable"]):
            continue
        row = ds.figures.loc[fid]
        caution = f" Caution: {_md(row['caution'])}" if bool(row["cautioned"]) else ""
        lines.append(f"- `{fid}`: {_md(text.figure_phrase(row))}, {_md(row['quantity'])}; claimed by "
                     f"{_md(row['claimant'])}, as of {_md(row['as_of_date']) or 'an unknown date'} "
                     f"([{_md(row['reported_by'])}]({row['source_url']})).{caution}")
    return lines


def _claim_section(ds: Dataset, claim_id: str) -> list[str]:
    claim, key = ds.claims.loc[claim_id], ds.key.loc[claim_id]
    labels = _labels(ds)
    kinds = ds.rubric.get("kinds", {})
    side = side_word(claim["claimant_side"], ds)
    verb = "" if pd.isna(claim["attribution_verb"]) else f", verb “{_md(claim['attribution_verb'])}”"
    out = [f'<a id="{_anchor(claim_id)}"></a>', "",
           f"### {claim_id} · paragraph {int(claim['paragraph'])} · {_md(claim['claimant'])}", "",
           f"> {_md(claim['quote'])}", "",
           f"In plain words: {_md(claim['summary'])} Side: {side}{verb}. "
           f"Kind: {_md(kinds.get(str(key['kind']), key['kind']))} (`{key['kind']}`).", "",
           "| Question | Key | Near miss (partial credit) | Why |", "|---|---|---|---|"]
    for number, dim in enumerate(ds.dimensions(), 1):
        expected = str(key[dim["id"]])
        near = ", ".join(labels.get((dim["id"], n), n) for n in split_list(key.get(f"{dim['id']}_accept")))
        out.append(f"| {number}. {_md(dim['question'])} | **{_md(labels.get((dim['id'], expected), expected))}** "
                   f"| {_md(near) or '—'} | {_md(_why(ds, claim_id, dim, expected))} |")
    out += ["", f"**Why, in short:** {_md(text.render(str(key['rationale']), ds))}", ""]
    if "checked_against" in key.index and not pd.isna(key["checked_against"]):
        ids = [p for p in split_list(key["checked_against"]) if not p.lower().startswith("none found")
               and (p not in ds.figures.index or bool(ds.figures.loc[p, "teachable"]))]  # UNVERIFIED rows are never taught
        reason = [p for p in split_list(key["checked_against"]) if p.lower().startswith("none found")]
        checked = ", ".join(f"`{i}`" for i in ids) or "no reference row"
        out += [f"Checked against: {checked}." + (f" {_md(reason[0][0].upper() + reason[0][1:])}." if reason else ""),
                ""]
    references = _references(ds, split_list(key["reference_ids"]))
    if references:
        out += ["Reference rows behind this judgement:", "", *references, ""]
    return out


def render(root: Path | None = None) -> str:
    """The whole guide as Markdown, from the data under ``root`` (default: found from the current folder)."""
    ds = load(root)
    title = str(ds.article.meta.get("title", ""))
    dims = ds.dimensions()
    out = ["# The expert key, claim by claim", "",
           "Generated from `data/` by `python -m claimlab key-guide > docs/expert_key.md`; do not edit by hand.",
           "To change the key, edit `data/key.csv` (answers, near misses, rationale) and `data/key_notes.csv`",
           "(claim-specific explanations), run `python -m claimlab validate`, then regenerate this file.", "",
           f"Article: *{_md(title)}*. {len(ds.key)} claims, judged on the {len(dims)} questions of the rubric",
           "(`data/rubric.yaml`). For each question a learner's answer is **right** when it is the key's answer,",
           "a **near miss** (partial credit) when the key lists it as close, and **not quite** otherwise. The",
           "feedback a learner sees is the *Why* column below; the rationale follows after every *Check*.", "",
           "The key is a considered judgement, not a fact. If you disagree with a grade, you can say so in class",
           "(the rationale gives you the reasons to argue with) or change it in `data/key.csv` for your copy.", "",
           "## Contents", "", "- [Where learners usually go wrong](#where-learners-usually-go-wrong)",
           "- [Claims rated in each notebook](#claims-rated-in-each-notebook)",
           "- [Same standard for both sides](#same-standard-for-both-sides)",
           "- [Claim by claim](#claim-by-claim)", ""]

    misses = near_misses(ds)
    out += ["## Where learners usually go wrong", "",
            "The key lists, for some claims, answers that are close to its own: the confusions its authors",
            "expected. A learner who gives one gets a *near miss* and an explanation. The table counts them",
            "per rubric question; the most frequent ones are the places to slow down in class.", ""]
    per_question = ", ".join(f"question {n} ({int(misses[misses['number'] == n]['count'].sum())})"
                             for n in sorted(set(misses["number"]))) if not misses.empty else "none"
    out += [f"Near misses per question, over all {len(ds.key)} claims: {per_question}.", "",
            "| Question | Key says | Learners may say instead (near miss) | Claims | How many |",
            "|---|---|---|---|---|"]
    for row in misses.itertuples():
        out.append(f"| {row.number}. {_md(row.question)} | {_md(row.expected_label)} | {_md(row.near_label)} | "
                   f"{_claim_links(row.claims)} | {row.count} |")
    out.append("")

    out += ["## Claims rated in each notebook", "",
            "Read from the notebooks' own cells and from `data/exercises.yaml`. Use it to prepare a session:",
            "read these claims' sections below before class.", "",
            "| Notebook | Claims |", "|---|---|"]
    out += [f"| {name} | {_claim_links(ids)} |" for name, ids in claims_by_notebook(ds)]
    out.append("")

    out += ["## Same standard for both sides", "",
            "**One rule for both sides.** A party's claim (about its own decisions, about the fighting, or a",
            "tally) is graded by what sources *outside that party, with their own access*, say about it: 1 when",
            "independent sources with their own method confirm it; 2 when it fits independent reporting that",
            "rests on interested or anonymous sources; 3 when nothing independent bears on it; 4 when the record",
            "or independent sources cast doubt on it; 5 when the record plainly contradicts it; 6 when there is",
            "no basis to judge (a tally with no method and no independent count). A government that is not",
            "fighting but backs one side (an ally's government, for example) is an interested party, not a check.",
            "One exception holds for both sides alike: on a leader's own stated plans or aims the speaker is the",
            "authority (the Admiralty B there means direct access to their own intentions, not trustworthiness),",
            "so a stated plan is 2, probably their plan, whether or not it happens.", "",
            "**The same depth, not only the same grades.** For every claim the key records which reference rows",
            "were consulted (`checked_against` in `data/key.csv`), or `none found:` with the reason. Validation",
            "(`src/claimlab/validate/depth.py`) fails when comparable claims of the two sides were checked to",
            "different depths without a stated reason, and when one outlet is given two source types",
            "(`data/reference/outlets.csv`).", "",
            "Claims of the same kind get the same answers on *party*, *method* and the newsroom caveat, and",
            "Admiralty grades at most one step apart, whichever side makes them, unless both were checked",
            "against outside sources and the evidence differs (`python -m claimlab validate` checks this for",
            "every article's key: a one-sided key is an error). Put a pair side by side in class when a learner",
            "feels one side is treated more harshly.", ""]
    out += _same_standard(ds)
    out.append("")

    out += ["## Claim by claim", ""]
    for claim_id in ds.key.index:
        out += _claim_section(ds, str(claim_id))
    return "\n".join(line.rstrip() for line in out).rstrip() + "\n"
