"""Both sides checked to the same depth, one source type per outlet, counts in the docs from the data
(src/claimlab/validate/depth.py). Each check passes on the module's data and catches a planted fault."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from claimlab.validate import depth


def _with(ds, **frames):
    return dataclasses.replace(ds, **frames)


def _messages(problems) -> str:
    return "\n".join(str(p) for p in problems)


# --------------------------------------------------------------------------- the module's own data
def test_the_data_passes_every_depth_check(ds):
    assert depth.check_depth(ds) == [], _messages(depth.check_depth(ds))


def test_every_claim_says_what_it_was_checked_against(ds):
    for claim_id, row in ds.key.iterrows():
        ids, reason = depth.parse_checked(row["checked_against"])
        assert ids or reason, f"{claim_id}: no rows consulted and no 'none found' reason"


def test_parse_checked():
    assert depth.parse_checked("D01;K17; none found: no count") == (["D01", "K17"], "no count")
    assert depth.parse_checked("none found: why") == ([], "why")
    assert depth.parse_checked("D01") == (["D01"], None)


# --------------------------------------------------------------------------- planted faults are caught
def _comparable_pair(ds):
    """(checked, other): two claims of one kind from opposite sides; the first checked outside its side."""
    joined = ds.key.join(ds.claims[["claimant_side"]])
    for _kind, group in joined.groupby("kind"):
        group = group[group["claimant_side"].isin(["ukraine", "russia"])]
        for a in group.index:
            ids, _ = depth.parse_checked(group.loc[a, "checked_against"])
            if depth.outside_rows(ds, a, ids):
                for b in group.index:
                    if group.loc[b, "claimant_side"] != group.loc[a, "claimant_side"]:
                        return a, b
    pytest.skip("no kind has an outside-checked claim and a claim of the other side")


def test_a_claim_checked_less_deeply_than_its_mirror_fails(ds):
    checked, other = _comparable_pair(ds)
    key = ds.key.copy()
    own = [f for f in depth.parse_checked(key.loc[other, "checked_against"])[0]
           if f not in depth.outside_rows(ds, other, [f])]
    key.loc[other, "checked_against"] = ";".join(own) or pd.NA
    key.loc[other, "reference_ids"] = ";".join(own) or pd.NA
    key.loc[other, "rationale"] = "Checked against nothing. Said so."
    problems = depth.depth_problems(_with(ds, key=key))
    assert any(p.row_id == other and checked in p.message for p in problems), _messages(problems)
    key.loc[other, "checked_against"] = ";".join(own + ["none found: looked, found nothing"])
    assert not [p for p in depth.depth_problems(_with(ds, key=key)) if p.row_id == other]


def test_a_cited_row_must_be_listed_and_a_listed_row_shown(ds):
    claim_id = ds.key.index[0]
    key = ds.key.copy()
    cited = next(f for f in ds.figures.index if f not in str(key.loc[claim_id, "checked_against"]))
    key.loc[claim_id, "rationale"] = str(key.loc[claim_id, "rationale"]) + f" See ({cited})."
    problems = depth.checked_problems(_with(ds, key=key))
    assert any(p.row_id == claim_id and cited in p.message and "not listed" in p.message for p in problems)

    key = ds.key.copy()
    shown = depth.cited_ids(key.loc[claim_id, "rationale"], set(ds.figures.index))
    shown |= set(ds.links[ds.links["claim_id"] == claim_id]["figure_id"]) | set(str(key.loc[claim_id, "reference_ids"]).split(";"))
    hidden = next(f for f in ds.figures.index if f not in shown)
    key.loc[claim_id, "checked_against"] = f"{hidden};" + str(key.loc[claim_id, "checked_against"])
    problems = depth.checked_problems(_with(ds, key=key))
    assert any(p.row_id == claim_id and hidden in p.message and "cannot see" in p.message for p in problems)


def test_none_found_needs_a_reason_and_ids_must_exist(ds):
    claim_id = ds.key.index[0]
    key = ds.key.copy()
    key.loc[claim_id, "checked_against"] = str(key.loc[claim_id, "reference_ids"]) + ";ZZ99;none found"
    messages = _messages(depth.checked_problems(_with(ds, key=key)))
    assert "ZZ99" in messages and "needs a reason" in messages


def test_one_outlet_one_source_type(ds):
    outlets = depth.outlets_table(ds)
    assert outlets is not None and set(outlets["role"]) == {"site", "claimant"}
    figures = ds.figures.copy()
    # a row read on a listed site, given another type
    fid = figures.index[0]
    other = next(t for t in depth.SITE_TYPES if t != figures.loc[fid, "outlet_kind"])
    figures.loc[fid, "outlet_kind"] = other
    problems = depth.outlet_problems(_with(ds, figures=figures))
    assert any(p.row_id == fid and p.column == "outlet_kind" for p in problems), _messages(problems)
    # a claimant listed in outlets.csv, given another type
    claimants = outlets[outlets["role"] == "claimant"].iloc[0]
    figures = ds.figures.copy()
    hit = next(f for f, c in figures["claimant"].items() if pd.Series([c]).str.contains(claimants["match"], case=False, regex=True).iloc[0])
    figures.loc[hit, "claimant_affiliation"] = "media" if claimants["source_type"] != "media" else "partisan_osint"
    problems = depth.outlet_problems(_with(ds, figures=figures))
    assert any(p.row_id == hit and p.column == "claimant_affiliation" for p in problems), _messages(problems)
    # a row read on a site outlets.csv does not list
    figures = ds.figures.copy()
    figures.loc[fid, "source_url"] = "https://unlisted.example.org/page"
    assert any("unlisted.example.org" in p.message for p in depth.outlet_problems(_with(ds, figures=figures)))


def test_deepstate_has_one_source_type_everywhere(ds):
    rows = ds.figures[ds.figures["claimant"].str.match(r"(?i)deep ?state")]
    assert len(rows) >= 3 and rows["claimant_affiliation"].nunique() == 1


def test_claims_and_key_agree_on_attribution(ds):
    assert depth.attribution_problems(ds) == []
    key = ds.key.copy()
    quoted = next(c for c in ds.claims.index if ds.claims.loc[c, "attribution"] == "direct_quote")
    key.loc[quoted, "attribution"] = "none"
    assert [p.row_id for p in depth.attribution_problems(_with(ds, key=key))] == [quoted]


# --------------------------------------------------------------------------- counts in the docs come from data
def test_counts_written_in_readme_and_docs_match_the_data(ds):
    assert depth.doc_count_problems(ds) == [], _messages(depth.doc_count_problems(ds))


def test_readme_states_the_number_of_reference_rows(ds, root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert f"{len(ds.figures)} sourced figures" in readme


def test_a_wrong_count_in_a_doc_is_caught(ds, tmp_path):
    doc = tmp_path / "README.md"
    doc.write_text(f"It holds {len(ds.figures) + 1} sourced figures and {len(ds.claims)} claims.\n", encoding="utf-8")
    ds_here = _with(ds, root=tmp_path)
    problems = depth.doc_count_problems(ds_here, [doc])
    assert len(problems) == 1 and "reference rows" in problems[0].message
