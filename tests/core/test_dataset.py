"""The article's claims as validated data (issue 2)."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

import claimlab
from claimlab.core.dataset import printed_number
from claimlab.core.problems import DataError

ROOT = Path(__file__).resolve().parents[2]

SEED = json.loads((ROOT / "data" / "seed.json").read_text(encoding="utf-8"))  # the original text's hash


def seed_file() -> Path | None:
    """The original seed file: in CLAIMLAB_SEEDS, else in shared/seeds/ beside the repository or a folder
    above it (where the authors' machines and CI keep it); None where it is not present."""
    folders = [Path(os.environ["CLAIMLAB_SEEDS"])] if os.environ.get("CLAIMLAB_SEEDS") else []
    folders += [parent / "shared" / "seeds" for parent in ROOT.parents]
    return next((folder / SEED["file"] for folder in folders if (folder / SEED["file"]).is_file()), None)


# --------------------------------------------------------------------------- the article
def test_article_is_verbatim(ds):
    """The article, as Claim Lab reads it and as data/article.md holds it (paragraph numbers taken off),
    is the seed: its SHA-256 is data/seed.json's, and equals the seed file's bytes where that is present."""
    published = ds.article.text.encode("utf-8")
    assert hashlib.sha256(published).hexdigest() == SEED["sha256"] and len(published) == SEED["bytes"]
    body = (ROOT / "data" / "article.md").read_text(encoding="utf-8").split("\n---\n", 1)[1].strip("\n")
    numbers = [int(n) for n in re.findall(r"^\[(\d+)\] ", body, flags=re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and numbers
    assert re.sub(r"^\[\d+\] ", "", body, flags=re.M).encode("utf-8") == published
    assert ds.article.meta["seed_file"] == SEED["file"] and ds.article.meta["seed_sha256"] == SEED["sha256"]
    original = seed_file()
    if original is not None:  # CI and the authors' machines: the seed itself
        assert original.read_bytes() == published
        assert hashlib.sha256(original.read_bytes()).hexdigest() == SEED["sha256"]


def test_article_has_provenance_and_stable_numbers(ds):
    assert len(ds.article.paragraphs) == 20
    assert sorted(ds.article.paragraphs) == list(range(1, 21))
    provenance = ds.article.meta["provenance"]
    for outlet in ("The Hill", "NBC News", "Sputnik"):
        assert outlet in provenance


# --------------------------------------------------------------------------- claims
def test_every_quote_is_verbatim_in_its_paragraph(ds):
    for cid, row in ds.claims.iterrows():
        assert row["quote"] in ds.article.paragraphs[int(row["paragraph"])], cid


NUMBER_RE = re.compile(r"\d[\d,]*(?:\.\d+)?(?:-and-a-half)?|\b(?:two|three|four|five|six|seven|eight|nine|ten)\b",
                       re.IGNORECASE)


def test_every_number_in_the_article_is_in_a_claim(ds):
    for number, paragraph in ds.article.paragraphs.items():
        claims = ds.claims[ds.claims["paragraph"] == number]
        for match in NUMBER_RE.finditer(paragraph):
            token = match.group(0)
            holders = [cid for cid, row in claims.iterrows()
                       if token in row["quote"] and not pd.isna(row["number_as_printed"])
                       and token in row["number_as_printed"]]
            assert holders, f"paragraph {number}: '{token}' is not covered by any claim's number_as_printed"


def test_figures_match_what_is_printed(ds):
    figures = ds.claims[ds.claims["value"].notna()]
    assert len(figures) >= 8
    for cid, row in figures.iterrows():
        assert printed_number(row["number_as_printed"]) == float(row["value"]), cid
        assert row["unit"], cid


def test_every_claim_has_claimant_and_attribution(ds):
    for column in ("claimant", "claimant_side", "attribution", "summary"):
        assert ds.claims[column].notna().all(), column
    attributed = ds.claims[ds.claims["attribution"] != "unattributed"]
    assert attributed["attribution_verb"].notna().all() or attributed["attribution_verb"].isna().sum() <= 1


def test_claim_count_and_casualty_flags(ds):
    assert 20 <= len(ds.claims) <= 40
    losses = set(ds.claims[ds.claims["is_casualty_or_loss_count"]].index)
    assert {"CL25", "CL26", "CL08"} <= losses


def test_dtypes(ds):
    assert str(ds.claims["paragraph"].dtype) == "Int64"
    assert str(ds.claims["value"].dtype) == "Float64"
    assert str(ds.claims["is_casualty_or_loss_count"].dtype) == "boolean"
    assert pd.api.types.is_datetime64_any_dtype(ds.claims["said_on"])
    assert pd.api.types.is_datetime64_any_dtype(ds.figures["date"])


# --------------------------------------------------------------------------- reference rows
def test_reference_rows_keep_provenance(ds, root):
    original = root / "data" / "reference" / "reported_figures.csv"
    header = next(csv.reader(original.open(encoding="utf-8")))
    for column in ("source_url", "source_date", "snippet", "outlet_kind", "caution", "claimant", "as_of_date"):
        assert column in header
    added = ds.figures["notes"].fillna("").str.startswith("Added by Claim Lab")
    assert (~added).sum() == 136  # the reference research's rows, all carried over
    # Claim Lab's own lateral reading, marked as such, each with its page and verbatim words
    assert {"D06", "D07"} <= set(ds.figures[added].index)
    for fid, row in ds.figures[added].iterrows():
        assert str(row["source_url"]).startswith("http") and str(row["snippet"]).strip(), fid


def test_links_point_to_teachable_rows(ds):
    assert set(ds.links["figure_id"]) <= set(ds.figures.index)
    unverified = set(ds.figures[~ds.figures["teachable"]].index)
    assert unverified == {"P03"}
    assert not unverified & set(ds.links["figure_id"])
    for cid in ("CL05", "CL06", "CL08", "CL15", "CL25", "CL26"):
        assert not ds.links_for(cid).empty, cid


# --------------------------------------------------------------------------- bad data never loads
def _edit_csv(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _set(rows, row_id: str, column: str, value: str) -> None:
    col = rows[0].index(column)
    for row in rows[1:]:
        if row[0] == row_id:
            row[col] = value
            return
    raise AssertionError(row_id)


def _problems(root: Path) -> list:
    with pytest.raises(DataError) as caught:
        claimlab.load(root)
    return caught.value.problems


def _assert_named(problems, file: str, column: str | None, row: int | None, words: str) -> None:
    matches = [p for p in problems if p.file == file and p.column == column and p.row == row]
    assert matches, f"no problem for {file} row {row} column {column}: {[str(p) for p in problems]}"
    assert any(words in p.message for p in matches), [p.message for p in matches]
    text = str(matches[0])
    assert file in text and (row is None or f"row {row}" in text) and (column is None or column in text)


# claims.csv row 2 holds CL01, row 6 CL05 (header = row 1)
BAD_CLAIMS = [
    ("wrong type", "CL05", "value", "a lot", 6, "is not a number"),
    ("empty required cell", "CL05", "claimant", "", 6, "empty but must be filled in"),
    ("unknown side", "CL05", "claimant_side", "martians", 6, "not one of the allowed values"),
    ("unknown attribution", "CL05", "attribution", "rumour", 6, "not one of the allowed values"),
    ("quote not verbatim", "CL05", "quote", "an estimated 180,001 people", 6, "not word for word"),
    ("paragraph that does not exist", "CL05", "paragraph", "99", 6, "does not exist"),
    ("number without a unit", "CL05", "unit", "", 6, "has no unit"),
]


@pytest.mark.parametrize("label,row_id,column,value,row,words", BAD_CLAIMS, ids=[b[0] for b in BAD_CLAIMS])
def test_bad_claims_cell_is_named(data_copy, label, row_id, column, value, row, words):
    _edit_csv(data_copy / "data" / "claims.csv", lambda rows: _set(rows, row_id, column, value))
    problems = _problems(data_copy)
    _assert_named(problems, "data/claims.csv", column, row, words)
    assert any(p.row_id == row_id for p in problems if p.row == row)


def test_duplicate_id_is_named(data_copy):
    def dup(rows):
        rows[3][0] = rows[2][0]  # row 4 gets row 3's claim_id
    _edit_csv(data_copy / "data" / "claims.csv", dup)
    problems = _problems(data_copy)
    hits = [p for p in problems if p.file == "data/claims.csv" and p.row == 4 and p.column == "claim_id"]
    assert hits and any("more than once" in p.message or "duplicate" in p.message for p in hits), [str(p) for p in problems]


def test_missing_column_is_named(data_copy):
    def drop(rows):
        col = rows[0].index("summary")
        for row in rows:
            del row[col]
    _edit_csv(data_copy / "data" / "claims.csv", drop)
    problems = _problems(data_copy)
    assert any(p.file == "data/claims.csv" and p.column == "summary" and "missing" in p.message for p in problems), \
        [str(p) for p in problems]


def test_link_to_unknown_reference_row_is_named(data_copy):
    _edit_csv(data_copy / "data" / "claim_links.csv", lambda rows: rows[1].__setitem__(1, "Z99"))
    problems = _problems(data_copy)
    hits = [p for p in problems if p.file == "data/claim_links.csv" and p.row == 2]
    assert hits and any("does not exist" in p.message for p in hits), [str(p) for p in problems]
    assert any(p.column in ("figure_id", "claim_id") for p in hits)


def test_unknown_key_answer_is_named(data_copy):
    _edit_csv(data_copy / "data" / "key.csv", lambda rows: _set(rows, "CL25", "reliability", "Z"))
    problems = _problems(data_copy)
    _assert_named(problems, "data/key.csv", "reliability", 26, "is not an option")


def test_bad_placeholder_is_named(data_copy):
    _edit_csv(data_copy / "data" / "key.csv", lambda rows: _set(rows, "CL05", "rationale", "See {value:E99}."))
    problems = _problems(data_copy)
    _assert_named(problems, "data/key.csv", "rationale", 6, "E99")


def test_missing_file_and_bad_yaml_are_named(data_copy):
    (data_copy / "data" / "key_notes.csv").unlink()
    (data_copy / "data" / "rubric.yaml").write_text("dimensions: [oops", encoding="utf-8")
    problems = _problems(data_copy)
    assert any(p.file == "data/key_notes.csv" and "missing" in p.message for p in problems)


def test_invalid_yaml_is_named(data_copy):
    (data_copy / "data" / "rubric.yaml").write_text("dimensions: [oops", encoding="utf-8")
    problems = _problems(data_copy)
    assert any(p.file == "data/rubric.yaml" and "not valid YAML" in p.message for p in problems)


def test_rubric_schema_violation_is_named(data_copy):
    path = data_copy / "data" / "rubric.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    question: Who makes the claim?\n", ""), encoding="utf-8")
    problems = _problems(data_copy)
    assert any(p.file == "data/rubric.yaml" and "question" in p.message for p in problems), [str(p) for p in problems]


def test_error_message_is_readable(data_copy):
    _edit_csv(data_copy / "data" / "claims.csv", lambda rows: _set(rows, "CL05", "value", "lots"))
    with pytest.raises(DataError) as caught:
        claimlab.load(data_copy)
    message = str(caught.value)
    assert "data/claims.csv, row 6 (CL05), column 'value'" in message
    assert "Traceback" not in message


def test_good_copy_loads(data_copy):
    ds = claimlab.load(data_copy)
    assert len(ds.claims) > 0


# --------------------------------------------------------------------------- manifest: learners load without the tools
def _copy_module(tmp_path):
    import shutil

    root = tmp_path / "module"
    shutil.copytree(ROOT / "data", root / "data")
    return root


def test_manifest_lets_a_kernel_load_without_the_validation_tools(tmp_path, monkeypatch):
    from claimlab.core import dataset

    root = _copy_module(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(dataset, "_VALIDATOR", None)
    dataset.clear_cache()
    ds = dataset.load(root)  # manifest matches: no validator needed
    assert len(ds.claims) > 0


def test_json_files_reserialised_as_jupyterlite_does_still_match_the_manifest(tmp_path, monkeypatch):
    """JupyterLite's drive hands .json files to the kernel re-serialised (JSON.stringify): same content,
    other bytes. The manifest hashes JSON by content, so the data still counts as validated."""
    import json

    from claimlab.core import dataset

    root = _copy_module(tmp_path)
    for path in [root / "data" / "datapackage.json", *(root / "data" / "schemas").glob("*.json")]:
        before = path.read_bytes()
        path.write_text(json.dumps(json.loads(before), indent=2), encoding="utf-8")  # JSON.stringify(x, null, 2)
        assert path.read_bytes() != before
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(dataset, "_VALIDATOR", None)
    dataset.clear_cache()
    assert len(dataset.load(root).claims) > 0  # no validator: only the manifest can vouch for the data
    package = root / "data" / "datapackage.json"
    content = json.loads(package.read_text(encoding="utf-8"))
    content["title"] = str(content.get("title", "")) + " (edited)"
    package.write_text(json.dumps(content), encoding="utf-8")
    dataset.clear_cache()
    with pytest.raises(DataError, match="datapackage.json"):  # a changed content is still seen
        dataset.load(root)


def test_changed_data_without_tools_says_what_changed_and_how_to_validate(tmp_path, monkeypatch):
    from claimlab.core import dataset

    root = _copy_module(tmp_path)
    glossary = root / "data" / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(" the ", " the  ", 1), encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(dataset, "_VALIDATOR", None)
    dataset.clear_cache()
    with pytest.raises(DataError) as caught:
        dataset.load(root)
    message = str(caught.value)
    assert "data/glossary.csv" in message and "python -m claimlab validate" in message
    assert "Traceback" not in message


def test_changed_data_is_validated_in_the_kernel_and_remembered_as_json(tmp_path, monkeypatch):
    import json

    from claimlab.core import dataset

    root = _copy_module(tmp_path)
    glossary = root / "data" / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(" the ", " the  ", 1), encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    dataset.clear_cache()
    dataset.load(root)  # the validator handed over by claimlab/__init__.py checks it
    record = cache / "claimlab" / "validated.json"
    digests = json.loads(record.read_text(encoding="utf-8"))
    assert isinstance(digests, list) and all(isinstance(d, str) for d in digests)
    assert oct(record.parent.stat().st_mode & 0o777) == "0o700"
    assert not list(cache.rglob("*.pickle"))
