"""Regression tests for the answers-file defects of issue 13 (each failed before the fix).

Tests run as root, so failures are simulated by making file-system calls raise.
"""
from __future__ import annotations

import datetime
import json
import os
import stat
import tempfile
import time

import pytest

import claimlab
from claimlab.core import store


@pytest.fixture
def path(tmp_path):
    return tmp_path / "answers" / "a.json"


def on_disk(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def full_disk(*args, **kwargs):
    raise OSError(28, "No space left on device")


# --------------------------------------------------------------------------- two kernels
def test_a_failed_save_does_not_make_the_next_save_wipe_another_kernels_answers(path, monkeypatch):
    first, second = store.AnswerStore(path), store.AnswerStore(path)
    first.save_note("a", 1)
    monkeypatch.setattr(store.os, "replace", full_disk)
    assert second.save_note("b", 2) is False  # second's save fails (disk full)...
    monkeypatch.undo()
    first.save_note("c", 3)  # ...meanwhile the first kernel saves again
    assert second.save_note("d", 4) is True  # the disk has room again
    assert on_disk(path)["notes"] == {"a": 1, "b": 2, "c": 3, "d": 4}
    assert first.note("d") == 4 and second.note("c") == 3


def test_entries_merge_by_time_the_later_save_wins(path, monkeypatch):
    first, second = store.AnswerStore(path), store.AnswerStore(path)
    monkeypatch.setattr(store.os, "replace", full_disk)
    first.save_exercise("ex1.q1", "old answer", "incorrect")  # fails: stays pending in the first kernel
    monkeypatch.undo()
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=5)
    monkeypatch.setattr(store.answers, "now", lambda: later.replace(microsecond=0).isoformat())
    second.save_exercise("ex1.q1", "newer answer", "correct")
    monkeypatch.undo()
    first.save_note("x", 1)  # the pending old answer must not overwrite the newer one
    assert on_disk(path)["exercises"]["ex1.q1"]["answer"] == "newer answer"


def test_an_attempt_count_from_two_kernels_adds_up(path):
    first, second = store.AnswerStore(path), store.AnswerStore(path)
    first.record_attempt("ex1.q1", "a", "incorrect")
    second.record_attempt("ex1.q1", "b", "partial")
    first.record_attempt("ex1.q1", "c", "correct")
    entry = on_disk(path)["attempts"]["ex1.q1"]
    assert entry["tries"] == 3
    assert entry["first"]["answer"] == "a" and entry["last"]["answer"] == "c"
    assert store.AnswerStore(path).attempt("ex1.q1")["tries"] == 3
    assert set(second.attempts()) == {"ex1.q1"}


def test_a_try_after_the_answer_was_shown_keeps_the_reveal(path):
    answers = store.AnswerStore(path)
    answers.record_reveal("ex1.q1")  # shown before any try (reveal_after_tries: 0)
    answers.record_attempt("ex1.q1", "a", "correct")
    entry = on_disk(path)["attempts"]["ex1.q1"]
    assert entry["revealed"] is True and entry["revealed_after"] == 0
    assert entry["tries"] == 1 and entry["first"]["answer"] == "a" == entry["last"]["answer"]


def test_a_late_save_never_overwrites_a_newer_answer_made_in_the_same_second(path, monkeypatch):
    """Entry times are to the microsecond: to the second, the older answer won a tie."""
    first, second = store.AnswerStore(path), store.AnswerStore(path)
    monkeypatch.setattr(store.os, "replace", full_disk)
    first.save_exercise("ex1.q1", "older", "incorrect")  # fails: stays pending in the first kernel
    monkeypatch.undo()
    second.save_exercise("ex1.q1", "newer", "correct")
    first.save_note("x", 1)
    assert on_disk(path)["exercises"]["ex1.q1"]["answer"] == "newer"
    assert first.exercise("ex1.q1")["answer"] == "newer"


def test_a_reset_rating_stays_reset_when_an_older_save_arrives_late(path, monkeypatch):
    first, second = store.AnswerStore(path), store.AnswerStore(path)
    second.save_rating("CL25", {"who": "a"}, {})
    monkeypatch.setattr(store.os, "replace", full_disk)
    first.save_rating("CL25", {"who": "b"}, {})  # fails: stays pending in the first kernel
    monkeypatch.undo()
    assert second.forget_rating("CL25") is True  # the learner resets it, later, in the other notebook
    first.save_note("x", 1)
    assert "CL25" not in on_disk(path)["ratings"]
    assert set(on_disk(path)["cleared"]["ratings"]) == {"CL25"}
    second.save_rating("CL25", {"who": "c"}, {})  # rated again after the reset: kept
    assert on_disk(path)["ratings"]["CL25"]["answers"] == {"who": "c"}


def test_a_pending_attempt_is_counted_once(path, monkeypatch):
    answers = store.AnswerStore(path)
    monkeypatch.setattr(store.os, "replace", full_disk)
    answers.record_attempt("ex1.q1", "a", "incorrect")
    answers.record_attempt("ex1.q1", "b", "incorrect")
    monkeypatch.undo()
    answers.save_note("x", 1)
    assert on_disk(path)["attempts"]["ex1.q1"]["tries"] == 2
    assert answers.attempt("ex1.q1")["tries"] == 2


def test_a_save_takes_a_real_lock(path):
    import filelock

    answers = store.AnswerStore(path)
    assert answers.save_note("x", 1) and answers.locking is True
    lock_file = path.with_name(f".{path.name}.lock")
    assert lock_file.exists()
    with filelock.FileLock(str(lock_file), timeout=0).acquire():  # nobody holds it between saves
        pass


def test_without_locks_saves_still_work_and_say_so(path, monkeypatch):
    monkeypatch.setattr(store.disk, "lock_factory", lambda: None)
    answers = store.AnswerStore(path)
    assert answers.save_note("x", 1) is True and answers.locking is False
    assert any("cannot lock" in m for m in answers.messages)
    assert on_disk(path)["notes"] == {"x": 1}


def test_in_a_browser_kernel_temporary_files_end_in_json(path, monkeypatch):
    """Pyodide (JupyterLite): the drive keeps a renamed file in the format of the temporary file's name, so
    that name ends in .json (a renamed .tmp would be stored as base64, which JupyterLite cannot open)."""
    made = []
    real_mkstemp = tempfile.mkstemp

    def recording_mkstemp(*args, **kwargs):
        made.append(kwargs.get("suffix"))
        return real_mkstemp(*args, **kwargs)

    from claimlab.core.store import disk
    monkeypatch.setattr(disk, "TEMP_SUFFIX", ".tmp.json")  # what sys.platform == "emscripten" gives
    monkeypatch.setattr(disk, "lock_factory", lambda: None)  # as in Pyodide
    monkeypatch.setattr(disk.tempfile, "mkstemp", recording_mkstemp)
    answers = store.AnswerStore(path)
    assert answers.save_note("x", 1) is True and answers.save_note("y", 2) is True
    exported = answers.export()
    assert made == [".tmp.json"] * 3
    assert on_disk(path)["notes"] == {"x": 1, "y": 2} == on_disk(exported)["notes"]
    stale = path.with_name(f".{path.name}.abcd1234.tmp.json")  # left by a killed save
    stale.write_text("{}", encoding="utf-8")
    old = time.time() - disk.STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    assert answers.save_note("z", 3) is True
    assert not stale.exists(), "a stale temporary .json file was not removed"
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, exported.name])


# --------------------------------------------------------------------------- odd text and huge answers
def test_a_lone_surrogate_does_not_block_saving_or_export(path):
    answers = store.AnswerStore(path)
    assert answers.save_exercise("ex1.q1", "x\ud83d", "incorrect") is True
    assert answers.save_note("summary\udc00", {"why": "half an emoji \ude00"}) is True
    assert answers.save_rating("CL25", {"who": "\ud83d"}, {"who": "unanswered"}) is True
    assert answers.messages == []
    assert on_disk(path)["exercises"]["ex1.q1"]["answer"] == "x\ufffd"
    json.loads(answers.export_json())
    assert answers.export().is_file()
    assert answers.save_note("later", "still saves") is True


def test_a_file_with_escaped_surrogates_is_read_and_saved_again(path):
    path.parent.mkdir(parents=True)
    path.write_text('{"format": "claimlab-answers", "version": 1, "notes": {"n": "x\\ud83d"}}', encoding="utf-8")
    answers = store.AnswerStore(path)
    assert answers.messages == [] and answers.note("n") == "x\ufffd"
    assert answers.save_note("m", 1) is True and on_disk(path)["notes"]["n"] == "x\ufffd"


def test_huge_answers_are_capped(path):
    answers = store.AnswerStore(path)
    huge = list(range(1_000_000))
    assert answers.save_exercise("ex1.q1", huge, "invalid") is True  # speed: benchmarks/, never asserted
    assert len(on_disk(path)["exercises"]["ex1.q1"]["answer"]) == store.MAX_ITEMS
    assert path.stat().st_size < 50_000
    assert store.bounded_answer(huge) == huge[:store.MAX_ITEMS]
    assert len(store.bounded_answer(set(huge))) == store.MAX_ITEMS
    assert len(store.bounded_answer("x" * 10**6)) == store.MAX_TEXT
    small = ["a", "b"]
    assert store.bounded_answer(small) is small
    assert store.json_safe(10**5000) == "a very large number"


# --------------------------------------------------------------------------- symlinks and modes
def test_a_symlinked_answers_file_is_written_through_and_keeps_its_mode(tmp_path):
    real = tmp_path / "shared" / "answers.json"
    real.parent.mkdir()
    store.AnswerStore(real).save_note("first", 1)
    os.chmod(real, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    answers = store.AnswerStore(link)
    assert answers.save_note("second", 2) is True
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert on_disk(real)["notes"] == {"first": 1, "second": 2}
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert [p.name for p in real.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_new_answers_file_gets_the_usual_mode_not_0600(path):
    store.AnswerStore(path).save_note("x", 1)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~store.disk.umask()


# --------------------------------------------------------------------------- warnings, temp files, versions
def test_a_warning_is_cleared_once_saving_works_again(ds, path, monkeypatch):
    answers = store.AnswerStore(path)
    monkeypatch.setattr(store.os, "replace", full_disk)
    rater = claimlab.rate("CL25", store=answers)
    for dim, value in {d["id"]: str(ds.key.loc["CL25", d["id"]]) for d in ds.rubric["dimensions"]}.items():
        rater.controls[dim].value = value
    rater.check()
    assert any("Could not save" in m for m in answers.messages)
    monkeypatch.undo()
    rater.check()
    assert answers.messages == []
    assert "Could not save" not in rater.status.value
    assert "CL25" in on_disk(path)["ratings"]


def test_temporary_files_of_killed_saves_are_removed_by_the_next_save(path):
    answers = store.AnswerStore(path)
    answers.save_note("x", 1)
    for prefix in (".a.json.", ".a-") * 3:  # what saves killed between writing and renaming leave behind
        fd, _name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
        os.write(fd, b"half a file")
        os.close(fd)
    others = []
    for prefix in (".other.json.", ".a-b.json.", ".a.json.x.json."):  # another answers file's saves
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
        os.close(fd)
        others.append(os.path.basename(name))
    assert answers.save_note("y", 2) is True
    assert sorted(p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")) == sorted(others)


@pytest.mark.parametrize("version", ["1.0", "1"])
def test_version_one_point_zero_reads_as_one(path, version):
    path.parent.mkdir(parents=True)
    path.write_text('{"format": "claimlab-answers", "version": ' + version + ', "notes": {"n": 5}}')
    answers = store.AnswerStore(path)
    assert answers.messages == [] and answers.note("n") == 5
    assert answers.save_note("m", 1) and on_disk(path)["version"] == 1


def test_a_bom_at_the_start_of_an_answers_file_is_accepted(path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"format": store.FORMAT, "version": 1, "notes": {"n": 1}}).encode())
    answers = store.AnswerStore(path)
    assert answers.messages == [] and answers.note("n") == 1


@pytest.mark.parametrize("trust", [True, False, 0, 9, "3", 2.5])
def test_a_saved_trust_that_is_not_a_point_on_the_scale_is_not_shown(ds, path, trust):
    path.parent.mkdir(parents=True)
    label = ds.interface["poll"]["scale"][0]  # the words of point 1 (True == 1 in Python)
    path.write_text(json.dumps({"format": store.FORMAT, "version": 1,
                                "notes": {"first_impression": {"trust": trust, "label": label, "why": "w"}}}))
    answers = store.AnswerStore(path)
    assert answers.note("first_impression") == {"why": "w"}
    poll = claimlab.first_impression(store=answers)
    assert poll.scale.value is None
    again = claimlab.first_impression(revisit=True, store=answers)
    assert label not in again.earlier.value


def test_a_check_on_an_unknown_question_id_saves_nothing(path):
    answers = store.AnswerStore(path)
    feedback = claimlab.check("no.such.question", "an answer", answers=answers)
    assert feedback.status == "unknown_question"
    assert answers.exercise("no.such.question") is None
    assert not path.exists() or on_disk(path)["exercises"] == {}


# --------------------------------------------------------------------------- the learner id
def test_a_learner_id_is_created_once_and_kept_across_exports(path, tmp_path):
    answers = store.AnswerStore(path)
    answers.save_note("x", 1)
    learner = on_disk(path)["learner_id"]
    assert isinstance(learner, str) and len(learner) >= 16
    first = json.loads(answers.export(tmp_path / "e1.json").read_text(encoding="utf-8"))
    restarted = store.AnswerStore(path)
    restarted.save_note("y", 2)
    second = json.loads(restarted.export(tmp_path / "e2.json").read_text(encoding="utf-8"))
    assert first["learner_id"] == second["learner_id"] == learner == restarted.learner_id
    assert store.AnswerStore(tmp_path / "someone_else.json").learner_id != learner


def test_an_old_file_without_a_learner_id_gets_one_that_stays(path):
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": store.FORMAT, "version": 1, "notes": {}}))
    store.AnswerStore(path).save_note("x", 1)
    learner = on_disk(path)["learner_id"]
    store.AnswerStore(path).save_note("y", 1)
    assert on_disk(path)["learner_id"] == learner


def test_a_bounded_huge_answer_checks_fast_and_echoes_little(ds):
    """bounded_answer() is what the checker needs before judging (one line in exercises.check)."""
    order = next(k for k, v in ds.exercises["questions"].items() if v["type"] == "order")
    feedback = claimlab.check(order, store.bounded_answer(list(range(1_000_000))), save=False)
    assert feedback.status == "invalid"
    assert len(repr(feedback)) < 20_000  # unbounded: 7.9 MB of echo


def test_check_caps_a_huge_answer_before_judging_it(path):
    """A 1,000,000-item answer to an order question is cut before it is judged, saved or echoed."""
    from claimlab.core import exercises

    answers = store.AnswerStore(path)
    qid = next((q for q, v in exercises.load().exercises["questions"].items() if v["type"] == "order"), None)
    if qid is None:
        pytest.skip("no order question in data/exercises.yaml")
    feedback = exercises.check(qid, list(range(1_000_000)), answers=answers)
    assert len(feedback.text) < 20_000
    assert feedback.status in exercises.STATUSES
