"""Regression tests for the class-folder defects of issue 13, and hypothesis tests for the reader.

Every answers file here is generated; expected verdicts come from data/key.csv through rubric.judge.
"""
from __future__ import annotations

import io
import json
import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimlab
from claimlab import classroom
from claimlab.classroom import reader
from claimlab.core import rubric, store


def key_answers(ds, claim_id: str) -> dict:
    return {d["id"]: str(ds.key.loc[claim_id, d["id"]]) for d in ds.dimensions()}


def answers_file(ds, ratings: dict, **extra) -> str:
    data = {"format": store.FORMAT, "version": store.VERSION, "article": ds.article.meta["title"],
            "ratings": {cid: {"answers": a, "verdicts": {}} for cid, a in ratings.items()},
            "exercises": {}, "notes": {}, **extra}
    return json.dumps(data)


# --------------------------------------------------------------------------- hostile files
def test_a_deeply_nested_file_is_skipped_with_a_reason(tmp_path, ds):
    claim_id = str(ds.key.index[0])
    (tmp_path / "good.json").write_text(answers_file(ds, {claim_id: key_answers(ds, claim_id)}))
    (tmp_path / "nested.json").write_text("[" * 5000 + "]" * 5000)  # about 10 KB
    (tmp_path / "nested_inside.json").write_text(
        answers_file(ds, {}).replace('"notes": {}', '"notes": {"x": ' + "[" * 5000 + "]" * 5000 + "}"))
    results = claimlab.class_results(tmp_path)
    assert len(results.learners) == 1
    reasons = {item.path.name: item.reason for item in results.skipped}
    assert set(reasons) == {"nested.json", "nested_inside.json"}
    assert all("nested too deeply" in reason for reason in reasons.values())
    assert "Nested too deeply" in results._repr_html_() or "nested too deeply" in results._repr_html_()


def test_version_one_point_zero_is_read(tmp_path, ds):
    claim_id = str(ds.key.index[0])
    (tmp_path / "a.json").write_text(answers_file(ds, {claim_id: {}}).replace('"version": 1', '"version": 1.0'))
    assert len(classroom.ClassResults(tmp_path, ds=ds).learners) == 1


# --------------------------------------------------------------------------- one learner, two exports
def test_the_same_learner_sending_two_exports_is_one_learner_the_latest_wins(tmp_path, ds):
    first, second = (str(c) for c in ds.key.index[:2])
    (tmp_path / "monday.json").write_text(answers_file(
        ds, {first: {}}, learner_id="abc123", exported="2024-09-09T10:00:00+00:00"))
    (tmp_path / "tuesday.json").write_text(answers_file(
        ds, {first: key_answers(ds, first), second: key_answers(ds, second)}, learner_id="abc123",
        exported="2024-09-10T10:00:00+00:00"))
    (tmp_path / "someone_else.json").write_text(answers_file(
        ds, {first: {}}, learner_id="zzz999", exported="2024-09-08T10:00:00+00:00"))
    results = classroom.ClassResults(tmp_path, ds=ds)
    assert len(results.learners) == 2
    used = {learner.path.name for learner in results.learners}
    assert used == {"tuesday.json", "someone_else.json"}
    assert [item.path.name for item in results.skipped] == ["monday.json"]
    assert "later one" in results.skipped[0].reason
    assert results._rated(first) == 2 and results._rated(second) == 1
    assert "2 answers files used" in results.summary()


def test_exports_from_the_store_carry_one_learner_id(tmp_path, ds):
    claim_id = str(ds.key.index[0])
    answers = store.AnswerStore(tmp_path / "mine" / "answers.json", article=ds.article.meta["title"])
    answers.save_rating(claim_id, {}, {})
    answers.export(tmp_path / "class" / "first.json")
    answers.save_rating(claim_id, key_answers(ds, claim_id), {})
    later = answers.export(tmp_path / "class" / "second.json")
    results = classroom.ClassResults(tmp_path / "class", ds=ds)
    assert [learner.path for learner in results.learners] == [later]
    assert results.agreement()["right"].sum() == len(ds.dimensions())


def test_without_a_time_the_newer_file_wins(tmp_path, ds):
    claim_id = str(ds.key.index[0])
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(answers_file(ds, {claim_id: {}}, learner_id="same"))
    new.write_text(answers_file(ds, {claim_id: key_answers(ds, claim_id)}, learner_id="same"))
    os.utime(old, (1_000_000_000, 1_000_000_000))
    results = classroom.ClassResults(tmp_path, ds=ds)
    assert [learner.path.name for learner in results.learners] == ["new.json"]


# --------------------------------------------------------------------------- fast verdicts, same rule
def test_the_fast_verdicts_are_rubric_judges_verdicts(ds):
    results = classroom.ClassResults.__new__(classroom.ClassResults)
    results.ds = ds
    judged: dict = {}
    odd = [None, "", "  ", "not an option", 3, True, False, float("nan"), ["a"], {"x": 1}]
    values = {d["id"]: [o["id"] for o in d["options"]] + [o["label"].upper() for o in d["options"]] + odd
              for d in ds.dimensions()}
    for claim_id in ds.key.index:
        for column in range(max(map(len, values.values()))):  # one judge() call covers every question
            answers = {dim: options[column % len(options)] for dim, options in values.items()}
            for expected in rubric.judge(claim_id, answers, ds).results:
                raw = answers[expected.dimension]
                assert results._judge_one(judged, claim_id, expected.dimension, raw) == \
                    (expected.given, expected.verdict), (claim_id, expected.dimension, raw)


def test_many_files_show_a_progress_bar_and_few_do_not(tmp_path, ds, monkeypatch):
    claim_id = str(ds.key.index[0])
    for number in range(reader.PROGRESS_FROM):
        (tmp_path / f"f{number:04d}.json").write_text(answers_file(ds, {claim_id: {}}, learner_id=f"id{number}"))
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    results = classroom.ClassResults(tmp_path, ds=ds)
    assert len(results.learners) == reader.PROGRESS_FROM
    assert f"{reader.PROGRESS_FROM:,} of {reader.PROGRESS_FROM:,}" in err.getvalue()
    err.truncate(0)
    classroom.ClassResults(tmp_path, ds=ds, progress=False)
    assert err.getvalue().strip("\x00") == ""


def test_the_progress_bar_is_a_widget_in_a_notebook_and_goes_away(monkeypatch):
    import IPython
    import ipywidgets

    shown = []

    class Shell:
        kernel = object()

    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    bar = reader.Progress(500, "Reading answers files")
    for _ in range(500):
        bar.step()
    assert isinstance(shown[0], ipywidgets.IntProgress) and shown[0].value == 500
    bar.close()
    assert shown[0].comm is None  # closed: the front end removes it


def test_a_big_folder_lists_only_the_first_rows_in_the_notebook(tmp_path, ds):
    from claimlab.classroom import results as results_module

    claim_id = str(ds.key.index[0])
    for number in range(results_module.HTML_ROWS + 5):
        (tmp_path / f"f{number:04d}.json").write_text(answers_file(ds, {claim_id: {}}, learner_id=f"id{number}"))
    results = classroom.ClassResults(tmp_path, ds=ds, progress=False)
    html = results._repr_html_()
    assert "… and 5 more files" in html and len(results.files()) == results_module.HTML_ROWS + 5


# --------------------------------------------------------------------------- hypothesis
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                max_size=4), max_leaves=15)


@st.composite
def answers_files(draw, ds):
    """Files that are nearly answers files: every part may be missing, of the wrong type, or odd."""
    claims = [str(c) for c in ds.key.index] + ["OTHER01", ""]
    dims = [d["id"] for d in ds.dimensions()]
    options = [str(o["id"]) for d in ds.dimensions() for o in d["options"]]
    answer = st.fixed_dictionaries({}, optional={dim: st.none() | st.sampled_from(options) | JSON for dim in dims})
    entry = st.fixed_dictionaries({"answers": answer}) | JSON
    data = draw(st.fixed_dictionaries(
        {"format": st.just(store.FORMAT) | JSON},
        optional={"version": st.sampled_from([1, 1.0, 2, "1", None, True]),
                  "article": st.just(ds.article.meta["title"]) | JSON,
                  "ratings": st.dictionaries(st.sampled_from(claims), entry, max_size=5) | JSON,
                  "learner_id": st.sampled_from(["same", "other"]) | st.text(max_size=6) | JSON,
                  "exported": st.text(max_size=30) | JSON,
                  "exercises": JSON}))
    return json.dumps(data).encode()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_folder_is_read_without_an_exception(tmp_path_factory, ds, data):
    folder = tmp_path_factory.mktemp("class")
    contents = data.draw(st.lists(answers_files(ds) | st.binary(max_size=200), min_size=1, max_size=6))
    for number, raw in enumerate(contents):
        (folder / f"f{number}.json").write_bytes(raw)
    results = classroom.ClassResults(folder, ds=ds, progress=False)
    assert len(results.learners) + len(results.skipped) == len(contents)
    assert all(item.reason for item in results.skipped)
    table = results.agreement()
    assert (table[["right", "near", "not_quite", "unanswered"]].sum(axis=1) <= len(results.learners)).all()
    for learner in results.learners:  # every counted answer is the judgement rubric.judge gives
        for claim_id, answers in learner.ratings.items():
            rubric.judge(claim_id, answers, ds)
    results.summary()
    results._repr_html_()
    for number, learner in enumerate(results.learners):  # one learner, one file: no file used continues another
        for other in results.learners[number + 1:]:
            if learner.learner_id and (learner.learner_id, learner.article) == (other.learner_id, other.article):
                assert not (classroom.results.continues(learner, other) or classroom.results.continues(other, learner))


@pytest.mark.parametrize("raw", [b"\xef\xbb\xbf{}", b"[" * 100_000, b"{" * 3000, b'{"format": "claimlab-answers"' * 3])
def test_read_answers_file_never_raises(tmp_path, ds, raw):
    path = tmp_path / "x.json"
    path.write_bytes(raw)
    result = reader.read_answers_file(path, ds)
    assert isinstance(result, reader.SkippedFile) and result.reason
