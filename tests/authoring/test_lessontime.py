"""Lesson times counted, not guessed, and plans whose minutes add up (issue 26).

One rule (claimlab.authoring.lessontime): words read at 150 a minute, half a minute per choice, two minutes
per written answer. Each notebook's header, the README's table and total, notebook 00's table and the lesson
plans of docs/instructors.md must state what the count gives; the 50-minute plan fits 50 minutes and holds the
pre-test and the after-check. A learner meets no term before it is explained, in Claim Lab's own series and in
a generated one; Claim Lab's notebooks and the generated ones share their general blocks word for word.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import claimlab
from claimlab.authoring import lessontime, plans
from claimlab.authoring.prose import sync_shared

ROOT = Path(__file__).resolve().parents[2]


def test_headers_readme_guide_and_notebook_00_agree_with_the_count():
    found = lessontime.disagreements(ROOT)
    assert found == [], "\n".join(found) + "\nrun: python -m claimlab.authoring.lessontime --write"


def test_claim_labs_notebooks_use_the_shared_blocks_word_for_word():
    assert sync_shared(ROOT / "notebooks", write=False) == []
    used = {c.get("metadata", {}).get("claimlab", {}).get("shared") for p in (ROOT / "notebooks").glob("*.ipynb")
            for c in json.loads(p.read_text(encoding="utf-8"))["cells"]}
    assert {"how_to_use", "admiralty", "counts_hard_table", "sift", "trust_again", "judgement_changed"} <= used


def test_the_plans_fit_their_time_and_hold_the_before_and_after_checks():
    times = lessontime.series_times(ROOT)
    by_id = {p["id"]: p for p in plans.plans()}
    for plan in by_id.values():
        assert plans.total(plan, times) <= plan["limit"], plan["id"]
        assert plans.total(plan, times) >= plan["limit"] - 5, f"{plan['id']} leaves most of its time unplanned"
        notebooks = [row.get("notebook") for row in plan["rows"]]
        assert "00a_pre_test" in notebooks and "06_wrap_up" in notebooks, plan["id"]
        after = next(row for row in plan["rows"] if row.get("notebook") == "06_wrap_up")
        assert after["sections"][0] == "trust_again"
        needs = {row["notebook"]: i for i, row in enumerate(plan["rows"]) if row.get("notebook")}
        if "04_counting_the_dead_and_lost" in needs:  # 04 needs 02, which must come first
            assert needs["02_judging_sources"] < needs["04_counting_the_dead_and_lost"]
    assert by_id["fifty"]["limit"] == 50 and by_id["ninety"]["limit"] == 90


def test_the_count_follows_words_and_choices(ds):
    words = " ".join(["word"] * 150)
    nb = {"cells": [{"cell_type": "markdown", "source": "# Title\n\n" + words},
                    {"cell_type": "markdown", "source": "## Rate it\n\n" + words},
                    {"cell_type": "code", "source": 'cl.rate("CL25", dimensions=["who", "party"])'},
                    {"cell_type": "code", "source": 'cl.note_box("x", "Why?")'}]}
    counted = lessontime.notebook_time(nb, ds, name="sample")
    assert [s.id for s in counted.sections] == ["start", "rate_it"]
    headings = 3  # "Title", "Rate it"
    assert counted.sections[1].choices == 2 and counted.sections[1].writing == 1
    assert counted.exact == pytest.approx((300 + headings) / 150 + 2 * 0.5 + 2)
    assert counted.minutes == 5 and counted.minutes_of(["rate_it"]) == 4


def test_the_script_runs_and_says_ok(capsys):
    assert lessontime.main([str(ROOT), "--check"]) == 0
    assert "OK" in capsys.readouterr().out
    assert lessontime.main([str(ROOT), "--plans"]) == 0
    assert "A 50-minute class" in capsys.readouterr().out


# --------------------------------------------------------------------------- terms explained where first met
TERMS = ("rubric", "outlet", "wire service", "mean trust", "belligerent", "caveat", "discernment", "claimant")


def _explained(term: str, cell: str) -> bool:
    t = re.escape(term)
    return bool(re.search(rf"\*\*[^*\n]*\b{t}\w*[^*\n]*\*\*", cell, re.IGNORECASE)
                or re.search(rf"\b{t}\w*\*{{0,2}}\s*\(", cell, re.IGNORECASE))


def first_meetings(root: Path) -> dict[str, tuple[str, bool]]:
    """For each term: the notebook where a learner first reads it, and whether it is explained there (in bold
    or with a parenthesis in the same cell, or by a cl.glossary cell shown before it)."""
    found: dict[str, tuple[str, bool]] = {}
    glossed: set[str] = set()
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code":
                glossed |= {t.lower() for t in re.findall(r'"([^"]+)"', source)} if "cl.glossary(" in source else set()
                continue
            for term in TERMS:
                if term not in found and re.search(rf"\b{re.escape(term)}", source, re.IGNORECASE):
                    found[term] = (path.stem, _explained(term, source) or term in glossed)
    return found


@pytest.mark.parametrize("where", ["claim lab", "fictional", "real"])
def test_every_term_is_explained_where_a_learner_first_meets_it(where, built_modules):
    root = ROOT if where == "claim lab" else built_modules[where]
    met = first_meetings(root)
    unexplained = {term: stem for term, (stem, ok) in met.items() if not ok}
    assert not unexplained, f"first met with no explanation: {unexplained}"
    assert {"rubric", "outlet", "mean trust"} <= set(met)


def test_claim_lab_is_loadable_for_the_count():
    assert claimlab.load(ROOT).dimensions()
