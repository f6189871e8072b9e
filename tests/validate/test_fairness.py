"""The same-standard check says what it could and could not check (issue 26).

An article that quotes one side only (common on the first day of a war) gives the check nothing to compare:
it now says so, in a warning naming the claims a second reader must review. Grade 5 ("contradicted by other
sources") needs a contradicting reference row in checked_against. A one-step gap between comparable claims of
the two sides needs a note in key_notes.csv. The summary of `new-article --check` lists the pairs compared and
what could not be compared. Also: a web address with a port is the same site as without it.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import claimlab
from claimlab import DataError
from claimlab.cli import main as cli
from claimlab.validate import depth, fairness

KEY = "data/key.csv"


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set_key(root: Path, claim_id: str, **cells: str) -> int:
    fields, rows = _rows(root / KEY)
    for number, row in enumerate(rows, 2):
        if row["claim_id"] == claim_id:
            row.update(cells)
            found = number
    _write(root / KEY, fields, rows)
    return found


def _problems(root: Path) -> list:
    with pytest.raises(DataError) as caught:
        claimlab.load(root, revalidate=True)
    return caught.value.problems


@pytest.fixture
def real_copy(built_modules, tmp_path) -> Path:
    shutil.copytree(built_modules["real"] / "data", tmp_path / "data")
    return tmp_path


def one_sided(root: Path, tmp_path: Path) -> Path:
    """The real article as a first-day report that quotes one side only: the rebels' claims taken out (the
    paragraphs stay; the claims, their key rows, links and notes go, and rationales no longer cite them)."""
    target = tmp_path / "one_sided"
    shutil.copytree(root / "data", target / "data")
    gone = {"CL05", "CL06"}
    for name in ("claims.csv", "key.csv", "key_notes.csv", "claim_links.csv"):
        fields, rows = _rows(target / "data" / name)
        _write(target / "data" / name, fields, [r for r in rows if r["claim_id"] not in gone])
    fields, rows = _rows(target / "data" / "key.csv")
    for row in rows:
        for cid in gone:
            row["rationale"] = row["rationale"].replace(f"{{para:{cid}}}", "another paragraph").replace(
                f"{{claim:{cid}}}", "the other side's count")
    _write(target / "data" / "key.csv", fields, rows)
    exercises = target / "data" / "exercises.yaml"
    text = exercises.read_text(encoding="utf-8")
    exercises.write_text(text[:text.index("  ex01.q3:")], encoding="utf-8")  # the question about both counts
    return target


def test_a_one_sided_article_gets_an_explicit_warning(built_modules, tmp_path):
    root = one_sided(built_modules["real"], tmp_path)
    ds = claimlab.load(root, revalidate=True)
    assert fairness.fairness_problems(ds) == []
    report = fairness.fairness_report(ds)
    assert report.one_sided and not report.compared
    warning = report.warnings[0]
    assert "only Myanmar's side" in warning and "MNDAA" in warning and "second reader must review" in warning
    for cid in ds.key.index:
        if str(ds.claims.loc[cid, "claimant_side"]) == "Myanmar":
            assert cid in warning


def test_a_planted_harsh_grade_on_a_one_side_article_is_reported(built_modules, tmp_path, capsys):
    """E/5 ('propaganda') on the one side's count of its own dead: an error (5 with no contradicting row) and
    a warning (E where the rule for a party's tally gives F), both named in `new-article --check`."""
    root = one_sided(built_modules["real"], tmp_path)
    row = _set_key(root, "CL04", reliability="E", reliability_accept="F;D", credibility="5")
    problems = [p for p in _problems(root) if p.file == KEY]
    assert [(p.row, p.column, p.row_id) for p in problems] == [(row, "credibility", "CL04")]
    assert "contradicted by other sources" in problems[0].message
    _set_key(root, "CL04", reliability="E", reliability_accept="F;D", credibility="6")  # harsh, but no rule is broken: a warning
    ds = claimlab.load(root, revalidate=True)
    report = fairness.fairness_report(ds)
    assert any("CL04 (reliability E where the rule for 'belligerent_tally' gives F" in w for w in report.warnings)
    assert cli(["new-article", "--check", str(root)]) == 0
    out = capsys.readouterr().out
    assert "WARNING: this article quotes only Myanmar's side" in out and "CL04 (reliability E" in out
    assert "Could not compare" in out


def test_grade_5_needs_a_contradicting_reference_row(real_copy, ds):
    assert [cid for cid in ds.key.index if str(ds.key.loc[cid, "credibility"]) == "5"], "Claim Lab's own key has one"
    assert fairness.fairness_problems(ds) == []
    row = _set_key(real_copy, "CL07", credibility="5")  # background with no reference row at all
    (problem,) = [p for p in _problems(real_copy) if p.column == "credibility"]
    assert (problem.row, problem.row_id) == (row, "CL07") and "checked_against" in problem.message


def test_a_one_step_gap_needs_a_note(real_copy):
    row = _set_key(real_copy, "CL06", reliability="E", reliability_accept="F;D")  # CL04, the army's own count, stays F
    problems = [p for p in _problems(real_copy) if p.file == KEY]
    assert any(p.row == row and p.column == "reliability" and "key_notes.csv" in p.message for p in problems), problems
    with open(real_copy / "data" / "key_notes.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write('CL06,reliability,key,"The rebels\' spokesman is quoted directly, with his name: one step."\n')
    ds = claimlab.load(real_copy, revalidate=True)
    assert fairness.fairness_problems(ds) == []


def test_the_summary_lists_pairs_compared_and_what_could_not_be(built_modules, ds):
    real = fairness.fairness_report(claimlab.load(built_modules["real"]))
    assert any(line.startswith("CL04 (Myanmar") and "CL06 (MNDAA" in line for line in real.compared)
    assert not real.warnings and "not a certificate of fairness" in "\n".join(real.lines())
    ours = fairness.fairness_report(ds)
    assert len(ours.compared) >= 10 and any("'prediction'" in line for line in ours.not_compared)


@pytest.mark.parametrize(("url", "site"), [("https://www.Example.org:443/a", "example.org"),
                                           ("http://example.org:8080/x/y", "example.org"),
                                           ("https://example.org/a", "example.org")])
def test_a_port_is_not_part_of_the_site(url, site):
    assert depth.site_of(url) == site
    assert depth.site_entry(url, {site: 1}) == site
    assert depth.site_key("uawire.org:443") == depth.site_key("www.uawire.org") == "uawire.org"
