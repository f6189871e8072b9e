"""The class view of learning (issue 14): pre vs post discernment and trust level, per item, first-try
accuracy, anonymous by default. Tested with generated answers files."""
from __future__ import annotations

import json

import pytest

import claimlab
from claimlab.classroom import learning
from claimlab.core import bank, store


def _learner(ds, seed: str, pre: tuple[int, int], post: tuple[int, int], attempts: dict | None = None,
             name: str | None = None) -> dict:
    notes = {bank.SEED_NOTE: seed}
    for stage, (well, poor) in (("pre", pre), ("post", post)):
        ratings = {pid: well if bank.passage(ds, pid)["well_sourced"] == "yes" else poor
                   for pid in bank.form_items(ds, stage, seed)}
        notes[f"trust_{stage}"] = {"form": bank.forms_for(seed)[stage], "seed": seed, "ratings": ratings}
    notes["attempts"] = attempts or {}  # where files from before the attempts section kept them
    data = {"format": store.FORMAT, "version": store.VERSION, "article": str(ds.article.meta.get("title", "")),
            "ratings": {}, "exercises": {}, "notes": notes}
    if name:
        data["learner"] = name
    return data


def _write(folder, number, data):
    folder.mkdir(exist_ok=True)
    (folder / f"learner_{number:02d}.json").write_text(json.dumps(data), encoding="utf-8")


def _shot(status):
    return {"answer": None, "status": status, "at": "2000-01-01T00:00:00+00:00"}


def test_pre_and_post_for_the_class_and_each_learner(ds, tmp_path):
    folder = tmp_path / "class"
    _write(folder, 1, _learner(ds, "a", (3, 3), (5, 1), {"ex04.q1": {"first": _shot("correct"), "tries": 1}},
                               name="Ada"))
    _write(folder, 2, _learner(ds, "b", (4, 4), (2, 2), {"ex04.q1": {"first": _shot("incorrect"), "tries": 3,
                                                                      "revealed": True}}))
    only_pre = _learner(ds, "c", (3, 3), (3, 3))
    del only_pre["notes"]["trust_post"]
    _write(folder, 3, only_pre)
    view = learning.ClassLearning(folder, ds=ds)
    table = view.learners()
    assert list(table["learner"]) == ["Learner 1", "Learner 2", "Learner 3"]  # anonymous by default
    assert "Ada" not in repr(view) + view._repr_html_()
    assert len(view.paired()) == 2
    by_change = sorted(table["discernment_change"].dropna())
    assert by_change == [0, 4]  # one learner learned to discern, one only grew sceptical
    summary = view.summary_table().set_index("measure")
    assert summary.iloc[0]["before"] == 0 and summary.iloc[0]["after"] == 2
    assert summary.iloc[1]["change"] == pytest.approx(((3 - 3) + (2 - 4)) / 2)
    first = view.first_try().set_index("question")
    assert first.loc["ex04.q1", "learners"] == 2 and first.loc["ex04.q1", "first_try_right"] == 0.5
    assert first.loc["ex04.q1", "answer_shown"] == 1 and first.loc["ex04.q1", "mean_tries"] == 2
    assert view.first_try_accuracy() == 0.5
    assert "50% of first tries" in view.describe()
    named = learning.ClassLearning(folder, ds=ds, show_names=True)
    assert "Ada" in list(named.learners()["learner"])


def test_per_item_means_follow_the_forms(ds, tmp_path):
    folder = tmp_path / "class"
    for n in range(6):
        _write(folder, n, _learner(ds, f"s{n}", (2, 2), (4, 2)))
    items = learning.ClassLearning(folder, ds=ds).items()
    assert set(items["passage_id"]) == set(bank.used_in(ds, "form_a")) | set(bank.used_in(ds, "form_b"))
    for row in items.itertuples():
        if row.pre_n:
            assert row.pre_mean == 2
        if row.post_n:
            assert row.post_mean == (4 if row.well_sourced == "yes" else 2)
    assert (items["pre_n"] + items["post_n"]).sum() == 6 * 2 * len(bank.used_in(ds, "form_a"))


def test_generated_sample_class(ds, tmp_path):
    from claimlab.classroom import samples
    paths = samples.write_sample_answers(tmp_path / "sample", ds=ds, learners=10, seed=3, broken=False)
    assert len(paths) == 10
    view = learning.class_learning(tmp_path / "sample")
    assert len(view.paired()) == 10
    frame = view.learners()
    assert frame["pre_form"].nunique() == 2  # counterbalanced
    for name in learning.CHARTS:
        view.chart(name)  # draws, never raises
    view.chart("nonsense")
    assert view.change_figure().data and view.items_figure().data and view.first_try_figure().data


def test_files_without_trust_checks_and_bad_files(ds, tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    data = _learner(ds, "z", (3, 3), (3, 3))
    data["notes"] = {"trust_pre": "not a table", "attempts": ["odd"]}
    _write(folder, 1, data)
    view = learning.ClassLearning(folder, ds=ds)
    assert view.paired().empty and view.first_try().empty
    assert "No learner has done both" in view.describe()
    view.chart("change")
    view.chart("first_try")
    assert view.first_try_accuracy() is None
    view.chart("items")
    assert "No trust check" in capsys.readouterr().out
    empty = learning.ClassLearning(tmp_path / "missing", ds=ds)
    assert empty.learners().empty and empty.items()["pre_n"].sum() == 0


def test_the_committed_sample_class_is_read(ds):
    """instructors/sample_answers/ (python -m claimlab sample-answers) is what class_results.ipynb shows: its
    made-up learners took both trust checks and tried exercises, and every view says they are made up."""
    view = learning.ClassLearning(ds.root / "instructors" / "sample_answers", ds=ds)
    usable = len(view.results.learners)
    assert usable > 0 and len(view.paired()) == usable and not view.first_try().empty
    assert view.results.samples_only and "MADE-UP SAMPLE LEARNERS" in view.describe()
    assert "MADE-UP SAMPLE LEARNERS" in view.results.summary()


def test_facade(ds, tmp_path):
    folder = tmp_path / "class"
    _write(folder, 1, _learner(ds, "a", (3, 3), (5, 1)))
    view = claimlab.class_learning(folder)
    assert isinstance(view, learning.ClassLearning) and view.folder == folder.resolve()
    assert view.learners().equals(learning.ClassLearning(folder, ds=ds).learners())
    assert len(view.paired()) == 1
