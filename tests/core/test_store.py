"""The answers file: saved at once, restored after a restart, never lost or half-written.

Tests run as root, so an unwritable place is simulated with a path whose parent is a
regular file, or by making the file-system calls raise.
"""
from __future__ import annotations

import json
import math
import os
import tempfile

import pytest

import claimlab
from claimlab.core import store


@pytest.fixture
def path(tmp_path):
    return tmp_path / "answers" / "a.json"


def key_answers(ds, claim_id: str) -> dict[str, str]:
    return {d["id"]: str(ds.key.loc[claim_id, d["id"]]) for d in ds.rubric["dimensions"]}


def rate_and_check(ds, claim_id: str, answers_store: store.AnswerStore, chosen: dict | None = None):
    rater = claimlab.rate(claim_id, store=answers_store)
    for dim, value in (chosen or key_answers(ds, claim_id)).items():
        rater.controls[dim].value = value
    rater.check()
    return rater


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def status_text(widget) -> str:
    return widget.status.value.replace("&#x27;", "'")


# --------------------------------------------------------------------------- save and restart
def test_answers_survive_a_restart(ds, path):
    rate_and_check(ds, "CL25", store.AnswerStore(path))
    partial = dict.fromkeys(key_answers(ds, "CL15"))
    partial["who"] = "ukrainian_official"
    rate_and_check(ds, "CL15", store.AnswerStore(path), partial)
    poll = claimlab.first_impression(store=store.AnswerStore(path))
    poll.scale.value = 4
    poll.save()

    restarted = store.AnswerStore(path)  # a new kernel: new store, new widgets, same file
    assert restarted.messages == []
    assert claimlab.rate("CL25", store=restarted).answers() == key_answers(ds, "CL25")
    assert claimlab.rate("CL15", store=restarted).answers() == partial
    assert claimlab.first_impression(store=restarted).scale.value == 4
    assert claimlab.progress_summary(store=restarted).attrs["claims_judged"] == 2


def test_the_file_is_documented_json(ds, path):
    rate_and_check(ds, "CL04", store.AnswerStore(path, article="An article"))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == store.FORMAT and data["version"] == store.VERSION
    assert data["article"] == "An article"
    entry = data["ratings"]["CL04"]
    assert set(entry) == {"answers", "verdicts", "checked_at"}
    assert set(entry["verdicts"].values()) == {"right"}
    assert data["exercises"] == {} and data["notes"] == {}


def test_two_notebooks_open_at_once_do_not_overwrite_each_other(ds, path):
    first, second = store.AnswerStore(path), store.AnswerStore(path)  # two kernels, same file
    rate_and_check(ds, "CL25", first)
    rate_and_check(ds, "CL15", second)
    second.save_note("first_impression", {"trust": 2})
    assert set(json.loads(path.read_text(encoding="utf-8"))["ratings"]) == {"CL25", "CL15"}
    assert set(first.ratings()) == {"CL25", "CL15"}
    assert first.note("first_impression") == {"trust": 2}


# --------------------------------------------------------------------------- atomic writes
def test_saving_leaves_no_temporary_files(ds, path):
    answers_store = store.AnswerStore(path)
    for claim_id in ("CL25", "CL15", "CL05"):
        rate_and_check(ds, claim_id, answers_store)
    answers_store.forget_rating("CL05")
    assert leftovers(path.parent) == []
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(".lock")) == [path.name]


@pytest.mark.parametrize("broken", ["json.dumps", "os.replace", "os.fsync"])
def test_a_crash_mid_write_leaves_the_old_file_whole(ds, path, monkeypatch, broken):
    answers_store = store.AnswerStore(path)
    rate_and_check(ds, "CL25", answers_store)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    module, name = broken.split(".")
    monkeypatch.setattr(getattr(store.disk, module), name, crash)
    rater = rate_and_check(ds, "CL15", answers_store)
    monkeypatch.undo()

    assert path.read_bytes() == before, "the old file must be intact"
    assert leftovers(path.parent) == []
    assert "No space left on device" in status_text(rater)
    assert answers_store.rating("CL15") is not None, "the new answers stay in memory"
    assert rater.last_error is None and rater.judgement is not None


def test_a_non_os_error_mid_write_also_keeps_the_old_file(ds, path, monkeypatch):
    answers_store = store.AnswerStore(path)
    rate_and_check(ds, "CL25", answers_store)
    before = path.read_bytes()
    monkeypatch.setattr(store.disk.json, "dumps", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("interrupted")))
    assert answers_store.save_note("summary", "text") is False
    assert path.read_bytes() == before and leftovers(path.parent) == []


def test_saving_works_again_once_the_problem_is_gone(ds, path, monkeypatch):
    answers_store = store.AnswerStore(path)
    monkeypatch.setattr(store.disk.tempfile, "mkstemp", lambda *a, **k: (_ for _ in ()).throw(
        PermissionError(13, "Permission denied")))
    assert answers_store.save_note("summary", "first") is False
    assert answers_store.writable is False
    monkeypatch.undo()
    rate_and_check(ds, "CL25", answers_store)
    assert answers_store.writable is True
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["notes"]["summary"] == "first" and "CL25" in data["ratings"]


# --------------------------------------------------------------------------- unreadable files
# Files that are (or were) Claim Lab answers files: moved aside, never overwritten.
CORRUPT = {
    "cut short": b'{"format": "claimlab-answers", "version": 1, "ratings": {"CL25": {"answ',
    "zero bytes after a crash": b"\x00" * 64,
    "a newer version": json.dumps({"format": store.FORMAT, "version": store.VERSION + 1, "ratings": {}}).encode(),
    "an empty file": b"",
    "a version that is text": json.dumps({"format": store.FORMAT, "version": "one", "ratings": {}}).encode(),
    "nested 1,000 levels": b'{"format": "claimlab-answers", "version": 1, "notes": {"x": ' + b"[" * 1000
                           + b"]" * 1000 + b"}}",
}
# Someone else's files: left exactly as they are, and never written over.
FOREIGN = {
    "garbage": b"\x00\x01 this is not JSON {",
    "not utf-8": b"\xff\xfe\xfa",
    "a JSON list": b"[1, 2, 3]",
    "foreign JSON": json.dumps({"name": "someone else's settings"}).encode(),
    "a notebook": json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode(),
    "an essay": b"My essay: sources matter.\n",
}


@pytest.mark.parametrize("kind", list(CORRUPT))
def test_an_unreadable_file_is_moved_aside_never_overwritten(ds, path, kind):
    path.parent.mkdir(parents=True)
    path.write_bytes(CORRUPT[kind])

    answers_store = store.AnswerStore(path)
    aside = sorted(path.parent.glob("a.unreadable-*.json"))
    assert len(aside) == 1 and aside[0].read_bytes() == CORRUPT[kind]
    assert not path.exists()
    assert len(answers_store.messages) == 1
    message = answers_store.messages[0]
    assert "could not be read" in message and aside[0].name in message

    rater = rate_and_check(ds, "CL25", answers_store)  # the widget keeps working
    assert "could not be read" in status_text(rater)
    assert rater.last_error is None and rater.judgement.complete
    assert aside[0].read_bytes() == CORRUPT[kind]
    assert "CL25" in json.loads(path.read_text(encoding="utf-8"))["ratings"]


@pytest.mark.parametrize("kind", list(FOREIGN))
def test_someone_elses_file_is_never_moved_or_overwritten(ds, path, kind):
    path.parent.mkdir(parents=True)
    path.write_bytes(FOREIGN[kind])
    answers_store = store.AnswerStore(path)
    assert [p.name for p in path.parent.iterdir() if not p.name.endswith(".lock")] == [path.name]
    assert len(answers_store.messages) == 1 and "is not a Claim Lab answers file" in answers_store.messages[0]
    rater = rate_and_check(ds, "CL25", answers_store)
    assert rater.last_error is None and rater.judgement.complete
    assert path.read_bytes() == FOREIGN[kind]
    assert answers_store.rating("CL25") is not None, "kept in memory"
    assert "will not change" in status_text(rater)


@pytest.mark.parametrize("relative", ["../data/datapackage.json", "../notebooks/essay.json"])
def test_an_answers_path_pointing_at_a_project_file_leaves_it_alone(ds, tmp_path, relative):
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "my_answers").mkdir()
    (root / "data" / "datapackage.json").write_text(json.dumps({"name": "claimlab", "resources": []}))
    (root / "notebooks" / "essay.json").write_text("An essay, not JSON at all.")
    target = root / "my_answers" / relative
    before = target.read_bytes()
    answers_store = store.AnswerStore(target)
    assert answers_store.save_note("summary", "text") is False
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir() if not p.name.endswith(".lock")) == [target.name]


def test_two_unreadable_files_in_the_same_second_are_both_kept(path):
    path.parent.mkdir(parents=True)
    path.write_text('{"format": "claimlab-answers", broken one')
    store.AnswerStore(path)
    path.write_text('{"format": "claimlab-answers", broken two')
    store.AnswerStore(path)
    kept = sorted(p.read_text()[-3:] for p in path.parent.glob("a.unreadable-*.json"))
    assert kept == ["one", "two"]


def test_a_file_that_cannot_be_moved_aside_is_left_alone(ds, path, monkeypatch):
    path.parent.mkdir(parents=True)
    path.write_text('{"format": "claimlab-answers", "vers')

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store.os, "replace", refuse)
    answers_store = store.AnswerStore(path)
    monkeypatch.undo()
    assert "will not be overwritten" in answers_store.messages[0]
    rater = rate_and_check(ds, "CL25", answers_store)
    assert path.read_text() == '{"format": "claimlab-answers", "vers'
    assert answers_store.rating("CL25") is not None
    assert "will not be overwritten" in status_text(rater)


def test_a_file_broken_during_the_session_is_moved_aside_too(ds, path):
    answers_store = store.AnswerStore(path)
    rate_and_check(ds, "CL25", answers_store)
    path.write_text("something else wrote here")
    rate_and_check(ds, "CL15", answers_store)
    aside = list(path.parent.glob("a.unreadable-*.json"))
    assert len(aside) == 1 and aside[0].read_text() == "something else wrote here"
    assert set(json.loads(path.read_text(encoding="utf-8"))["ratings"]) == {"CL25", "CL15"}


def test_malformed_sections_are_tolerated(ds, path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": store.FORMAT, "version": 1, "ratings": {"CL25": "oops", "CL15": {}},
                                "exercises": [], "notes": None}))
    answers_store = store.AnswerStore(path)
    assert answers_store.messages == [] and answers_store.ratings() == {}
    rater = claimlab.rate("CL25", store=answers_store)
    assert rater.last_error is None and set(rater.answers().values()) == {None}
    assert claimlab.progress_summary(store=answers_store).attrs["claims_judged"] == 0


# --------------------------------------------------------------------------- unwritable places
def test_an_unwritable_place_keeps_answers_in_memory(ds, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a regular file where a folder should be")
    answers_store = store.AnswerStore(blocker / "answers.json")
    assert answers_store.messages == []

    rater = rate_and_check(ds, "CL25", answers_store)
    assert rater.last_error is None and rater.judgement.complete
    seen = status_text(rater)
    assert "Could not save your answers" in seen and "kept in memory" in seen
    assert str(blocker) in seen
    assert answers_store.writable is False
    assert answers_store.ratings()["CL25"] == key_answers(ds, "CL25")
    rate_and_check(ds, "CL15", answers_store)
    assert len(answers_store.messages) == 1, "the same problem is reported once"
    assert claimlab.progress_summary(store=answers_store).attrs["claims_judged"] == 2
    assert blocker.read_text() == "a regular file where a folder should be"


def test_permission_denied_is_reported_in_plain_words(ds, path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store.disk.tempfile, "mkstemp", refuse)
    answers_store = store.AnswerStore(path)
    rater = rate_and_check(ds, "CL05", answers_store)
    assert "Permission denied" in status_text(rater)
    assert "Traceback" not in rater.status.value
    assert answers_store.rating("CL05") is not None


def test_reset_when_the_file_cannot_be_written(ds, path, monkeypatch):
    answers_store = store.AnswerStore(path)
    rater = rate_and_check(ds, "CL25", answers_store)
    monkeypatch.setattr(store.os, "replace", lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, "no")))
    rater.reset()
    assert rater.last_error is None and "could not be updated" in status_text(rater)
    assert answers_store.rating("CL25") is None


# --------------------------------------------------------------------------- export
def test_export_is_atomic_and_reports_os_errors(ds, path, tmp_path, monkeypatch):
    answers_store = store.AnswerStore(path)
    rate_and_check(ds, "CL25", answers_store)
    target = answers_store.export()
    assert target.parent == path.parent
    assert json.loads(target.read_text(encoding="utf-8"))["ratings"].keys() == {"CL25"}
    monkeypatch.setattr(store.os, "replace", lambda *a, **k: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(OSError):
        answers_store.export(tmp_path / "elsewhere" / "copy.json")
    assert leftovers(tmp_path / "elsewhere") == []


# --------------------------------------------------------------------------- odd answers and the current store
def test_json_safe_turns_odd_answers_into_json():
    class Odd:
        def __str__(self):
            return "odd"

    value = {"nan": float("nan"), "inf": math.inf, "big": 10**20, "set": {1}, "obj": Odd(), 3: (1, [2]),
             "deep": [[[[[[[["bottom"]]]]]]]], "text": "x" * (store.MAX_TEXT + 10), "dots": ...}
    safe = store.json_safe(value)
    json.dumps(safe, allow_nan=False)
    assert safe["obj"] == "odd" and safe["3"] == [1, [2]] and len(safe["text"]) == store.MAX_TEXT


def test_current_follows_the_environment_and_use_answers_file(tmp_path, monkeypatch):
    assert store.current().path == tmp_path / "default" / "answers.json"
    assert store.current() is store.current()
    monkeypatch.setenv("CLAIMLAB_ANSWERS", str(tmp_path / "other.json"))
    assert store.current().path == tmp_path / "other.json"
    chosen = claimlab.use_answers_file(tmp_path / "chosen.json")
    monkeypatch.setenv("CLAIMLAB_ANSWERS", str(tmp_path / "ignored.json"))
    assert store.current() is chosen
    assert repr(chosen) == f"Claim Lab answers, saved to {tmp_path / 'chosen.json'}"


def test_no_temporary_files_from_mkstemp_survive_a_failed_dump(path, monkeypatch):
    made = []
    real = tempfile.mkstemp

    def tracking(*args, **kwargs):
        fd, name = real(*args, **kwargs)
        made.append(name)
        return fd, name

    monkeypatch.setattr(store.disk.tempfile, "mkstemp", tracking)
    monkeypatch.setattr(store.os, "fsync", lambda *a, **k: (_ for _ in ()).throw(OSError(5, "I/O error")))
    assert store.AnswerStore(path).save() is False
    assert made and not any(os.path.exists(name) for name in made)
