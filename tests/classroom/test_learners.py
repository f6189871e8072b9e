"""Class results with one setting, a per-learner view, and attempts from every edition (issue 26).

`cl.class_folder(...)` names the folder once; every view reads it. `cl.class_learners()` shows who struggled
where, anonymous unless asked. Files from the static web pages (edition "static") bring their attempts like
any other. Made-up sample learners are always called made up.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

import claimlab
from claimlab.classroom import learners as learners_view
from claimlab.classroom import results, samples
from claimlab.core import bank

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_folder_set(monkeypatch):
    monkeypatch.setattr(results, "_SETTING", {})


def _learner(ds, learner_id: str, *, edition: str = "", first: str = "correct", reveal: bool = False) -> dict:
    claim = ds.key.index[0]
    key = ds.key.loc[claim]
    answers = {d["id"]: str(key[d["id"]]) for d in ds.dimensions()}
    answers["who"] = next(str(o["id"]) for o in ds.dimensions()[0]["options"] if str(o["id"]) != str(key["who"]))
    qid = next(iter(ds.exercises["questions"]))
    shot = {"answer": "x", "status": first, "checked_at": "2026-01-01T00:00:00+00:00"}
    attempt = {"first": shot, "last": dict(shot, status="correct"), "tries": 1 if first == "correct" else 3}
    if reveal:
        attempt["revealed"] = True
    seed = "abcd1234"
    forms = bank.forms_for(seed)
    notes = {"trust_pre": {"form": forms["pre"], "seed": seed, "ratings": {p: 3 for p in bank.used_in(ds, forms["pre"])}}}
    data = {"format": "claimlab-answers", "version": 1, "learner_id": learner_id,
            "article": str(ds.article.meta["title"]), "updated": "2026-01-01T00:00:00+00:00",
            "ratings": {claim: {"answers": answers, "verdicts": {}, "checked_at": "2026-01-01T00:00:00+00:00"}},
            "exercises": {}, "attempts": {qid: attempt}, "notes": notes}
    if edition:
        data["edition"] = edition
    return data


def _write(folder: Path, name: str, data: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data), encoding="utf-8")


def test_one_setting_names_the_folder_for_every_view(ds, tmp_path, monkeypatch):
    folder = tmp_path / "my_class"
    _write(folder, "ada.json", _learner(ds, "a"))
    _write(folder, "bo.json", _learner(ds, "b", edition="static", first="incorrect", reveal=True))
    monkeypatch.chdir(tmp_path)  # a notebook's folder: the name is found from there
    monkeypatch.setenv("CLAIMLAB_ROOT", str(ROOT))
    setting = claimlab.class_folder("my_class")
    assert "my_class/ (2 files)" in setting.describe()
    assert claimlab.class_results().folder == folder.resolve()
    assert claimlab.class_learning().folder == folder.resolve()
    assert claimlab.class_learners().folder == folder.resolve()
    assert len(claimlab.class_results().learners) == 2


def test_the_per_learner_view_is_anonymous_and_says_who_struggled_where(ds, tmp_path):
    folder = tmp_path / "class"
    _write(folder, "ada_lovelace.json", _learner(ds, "a"))
    _write(folder, "bo_diddley.json", _learner(ds, "b", first="incorrect", reveal=True))
    view = learners_view.ClassLearners(folder, ds=ds)
    table = view.table()
    assert list(table["learner"]) == ["Learner 1", "Learner 2"]
    html = view._repr_html_() + repr(view)
    assert "ada" not in html.lower() and "diddley" not in html.lower()
    assert set(table["hardest_questions"]) == {"who (1)"}
    struggled = table[table["answers_shown"] == 1].iloc[0]
    assert struggled["first_try_right"] == 0 and re.match(r"ex\w+\.q\w+ \(\d\)", struggled["hard_exercises"])
    named = learners_view.ClassLearners(folder, ds=ds, show_names=True)
    assert {"ada_lovelace.json", "bo_diddley.json"} == set(named.table()["learner"])
    assert named.figure().data
    view.chart()  # draws with its text description, never raises


def test_static_pages_bring_their_attempts(ds, tmp_path):
    """A file downloaded from the static web pages (edition "static") counts like a JupyterLab one."""
    folder = tmp_path / "class"
    _write(folder, "web.json", _learner(ds, "w", edition="static", first="partial"))
    _write(folder, "lab.json", _learner(ds, "l"))
    view = claimlab.class_learning(folder)
    first = view.first_try().set_index("question")
    qid = next(iter(ds.exercises["questions"]))
    assert first.loc[qid, "learners"] == 2 and first.loc[qid, "first_try_right"] == 0.5
    table = learners_view.ClassLearners(folder, ds=ds).table()
    assert sorted(table["edition"]) == ["jupyter", "static"] and list(table["exercises_tried"]) == [1, 1]


def test_made_up_learners_are_always_called_made_up(ds, tmp_path):
    samples.write_sample_answers(tmp_path / "samples", ds=ds, learners=3, broken=False)
    view = learners_view.ClassLearners(tmp_path / "samples", ds=ds)
    assert view.results.samples_only and "made-up sample learners" in view.describe()
    assert "MADE-UP SAMPLE LEARNERS" in claimlab.class_learning(tmp_path / "samples").describe()
    assert not view.table()["exercises_tried"].eq(0).all() and view.table()["discernment_after"].notna().all()


def test_the_class_results_notebook_has_one_setting():
    nb = nbformat.read(ROOT / "instructors" / "class_results.ipynb", as_version=4)
    quoted = [c.source for c in nb.cells if c.cell_type == "code" and re.search(r'"[^"]*"', c.source)
              and not re.fullmatch(r'\w+\.chart\("\w+"\)', c.source.strip())]
    assert quoted == ['import claimlab as cl\ncl.class_folder("sample_answers")']
    assert "sample_learning" not in json.dumps(nbformat.writes(nb))
    assert any(c.source.startswith("learners = cl.class_learners()") for c in nb.cells)
