"""No learner answer is ever lost: real processes, real kills, a really full disk, and hypothesis.

* two real processes save to one answers file at a human pace (2 x 200 saves): none is lost;
* saving processes are killed with SIGKILL (60 kills): every save that returned True is in the
  file, the file is always valid, and the next save leaves no temporary file behind;
* a real full disk (a 64 KB tmpfs, where this test may mount one): the old file stays whole, the
  answers stay in memory and are all written once there is room again;
* hypothesis: any answer saves and reads back; any file content is read, moved aside or left alone,
  never lost; any interleaving of two kernels' saves keeps every entry.

The whole module takes about 20 seconds; it never asserts a time.
"""
from __future__ import annotations

import contextlib
import json
import os
import random
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimlab.core import store

SAVES_PER_PROCESS = 200
KILLS = 60


def on_disk(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --------------------------------------------------------------------------- two real processes
WORKER = textwrap.dedent("""
    import random, sys, time
    from claimlab.core.store import AnswerStore
    path, name, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    answers = AnswerStore(path)
    failed = 0
    for number in range(count):
        time.sleep(rng.uniform(0.01, 0.05))          # a learner clicking Check, fast
        if number % 3 == 0:
            ok = answers.save_rating(f"{name}-{number}", {"who": name}, {"who": "right"})
        elif number % 3 == 1:
            ok = answers.save_exercise(f"{name}.q{number}", number, "correct")
        else:
            ok = answers.save_note(f"{name}-note-{number}", {"n": number})
        answers.exercise(f"{name}.q{number - 1}")   # widgets look things up between saves
        failed += not ok
    print(failed, len(answers.messages))
""")


def test_two_processes_sharing_one_file_lose_nothing(tmp_path):
    path = tmp_path / "answers.json"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), name, str(SAVES_PER_PROCESS), str(seed)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for seed, name in enumerate(("left", "right"))]
    outputs = [w.communicate(timeout=120) for w in workers]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode == 0, err
        assert out.split() == ["0", "0"], f"failed saves / messages: {out} {err}"
    data = on_disk(path)
    for name in ("left", "right"):
        numbers = range(SAVES_PER_PROCESS)
        assert {f"{name}-{n}" for n in numbers if n % 3 == 0} <= set(data["ratings"])
        assert {f"{name}.q{n}" for n in numbers if n % 3 == 1} <= set(data["exercises"])
        assert {f"{name}-note-{n}" for n in numbers if n % 3 == 2} <= set(data["notes"])
    saved = len(data["ratings"]) + len(data["exercises"]) + len(data["notes"])
    assert saved == 2 * SAVES_PER_PROCESS, "0 of 400 saves lost"
    assert temp_files(tmp_path) == []


# --------------------------------------------------------------------------- SIGKILL during saves
def _saving_child(path: Path, round_number: int, write_fd: int) -> None:
    """In a forked child: save as fast as possible, telling the parent each save that returned True."""
    try:
        answers = store.AnswerStore(path)
        number = 0
        while True:
            key = f"r{round_number}-{number}"
            if answers.save_note(key, {"round": round_number, "n": number, "pad": "x" * 200}):
                os.write(write_fd, (key + "\n").encode())
            number += 1
    finally:
        os._exit(0)


def test_sigkill_during_saves_loses_no_acknowledged_answer(tmp_path):
    if not hasattr(os, "fork"):
        pytest.skip("needs os.fork (Linux or macOS)")
    path = tmp_path / "answers.json"
    rng = random.Random(13)
    acknowledged: list[str] = []
    for round_number in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _saving_child(path, round_number, write_fd)
        os.close(write_fd)
        select.select([read_fd], [], [], 10)  # the first save is through (a busy machine may be slow)...
        time.sleep(rng.uniform(0.0, 0.03))  # ...then kill it at a random point of the following saves
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd, "rb") as pipe:
            acknowledged += [line for line in pipe.read().decode().splitlines() if line]
        if path.exists():
            on_disk(path)  # valid JSON after every kill
    assert len(acknowledged) >= KILLS, "the children did save"
    survivor = store.AnswerStore(path)
    assert survivor.messages == []
    missing = [key for key in acknowledged if key not in on_disk(path)["notes"]]
    assert missing == [], f"{len(missing)} acknowledged answers lost"
    assert survivor.save_note("after", 1) is True
    assert temp_files(tmp_path) == [], "the next save removes temp files of killed saves"


# --------------------------------------------------------------------------- a real full disk
@contextlib.contextmanager
def small_tmpfs(folder: Path, size: str = "64k"):
    folder.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("a real full disk needs a small tmpfs, which only root can mount on Linux")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or done.returncode})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_full_disk_keeps_the_old_file_and_every_answer(tmp_path):
    with small_tmpfs(tmp_path / "disk") as disk:
        path = disk / "answers.json"
        first, second = store.AnswerStore(path), store.AnswerStore(path)
        assert first.save_note("before", "x" * 2000)
        before = path.read_bytes()
        filler = disk / "filler.bin"
        with contextlib.suppress(OSError), open(filler, "wb") as handle:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
                os.fsync(handle.fileno())
        assert second.save_note("during", "y" * 4000) is False
        assert any("No space left on device" in m for m in second.messages)
        assert path.read_bytes() == before, "the old file is whole"
        assert temp_files(disk) == []
        assert second.note("during") == "y" * 4000, "kept in memory"
        filler.unlink()
        assert first.save_note("after", 1) is True
        assert second.save_note("later", 2) is True
        assert set(on_disk(path)["notes"]) == {"before", "during", "after", "later"}
        assert second.messages == [], "the warning went away once saving worked"


# --------------------------------------------------------------------------- hypothesis
TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40)  # lone surrogates too
ANSWERS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | TEXT,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(TEXT, inner, max_size=6)
    | st.tuples(inner, inner) | st.frozensets(st.integers(), max_size=4),
    max_leaves=30)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(question=TEXT, answer=ANSWERS, status=TEXT | st.sampled_from(store.SKIP_STATUSES))
def test_any_answer_saves_and_reads_back(tmp_path_factory, question, answer, status):
    path = tmp_path_factory.mktemp("any") / "answers.json"
    answers = store.AnswerStore(path)
    assert answers.save_exercise(question, answer, status) is True
    assert answers.messages == []
    key = store.clean_text(question)[:200]
    reread = store.AnswerStore(path)
    assert reread.messages == []
    saved = reread.exercise(key)
    if status in store.SKIP_STATUSES:
        assert saved is None
    else:
        expected = json.loads(json.dumps(store.json_safe(answer)))
        assert json.dumps(saved["answer"], sort_keys=True) == json.dumps(expected, sort_keys=True)
    json.loads(reread.export_json())


@FAST
@given(raw=st.binary(max_size=300) | TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))
       | st.builds(lambda body: ('{"format": "claimlab-answers", "version": 1, ' + body).encode(
           "utf-8", "surrogatepass"), TEXT)
       | st.builds(lambda note: json.dumps({"format": "claimlab-answers", "version": 1, "notes": {"old": note}}).encode(),
                   TEXT))
def test_any_file_content_is_read_moved_aside_or_left_alone_never_lost(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("file")
    path = folder / "answers.json"
    path.write_bytes(raw)
    answers = store.AnswerStore(path)  # never raises
    answers.save_note("new", 1)
    kept = [p.read_bytes() for p in folder.iterdir() if p.name != ".answers.json.lock" and p != path]
    if answers.messages == []:  # it was a usable answers file: it was updated, and nothing in it lost
        assert on_disk(path)["notes"]["new"] == 1
        old = json.loads(raw.decode("utf-8-sig")).get("notes", {}).get("old")
        assert on_disk(path)["notes"].get("old") == (None if old is None else store.clean_text(old))
    elif path.read_bytes() != raw:  # moved aside: kept byte for byte, and a new file started
        assert raw in kept and on_disk(path)["notes"]["new"] == 1
    else:  # someone else's file: left exactly as it was, the answer kept in memory
        assert kept == [] and answers.note("new") == 1
    assert temp_files(folder) == []


OPS = st.lists(st.tuples(st.sampled_from([0, 1]), st.sampled_from(["rate", "exercise", "note", "attempt", "forget"]),
                         st.sampled_from(["a", "b", "c"])), min_size=1, max_size=12)


@FAST
@given(ops=OPS)
def test_two_kernels_in_any_order_keep_every_entry(tmp_path_factory, ops):
    path = tmp_path_factory.mktemp("two") / "answers.json"
    kernels = [store.AnswerStore(path), store.AnswerStore(path)]
    ratings: set[str] = set()
    exercises: set[str] = set()
    notes: set[str] = set()
    tries: dict[str, int] = {}
    for who, op, key in ops:
        kernel = kernels[who]
        if op == "rate":
            assert kernel.save_rating(key, {"who": key}, {"who": "right"})
            ratings.add(key)
        elif op == "forget":
            assert kernel.forget_rating(key)
            ratings.discard(key)
        elif op == "exercise":
            assert kernel.save_exercise(key, who, "correct")
            exercises.add(key)
        elif op == "note":
            assert kernel.save_note(key, who)
            notes.add(key)
        else:
            assert kernel.record_attempt(key, who, "incorrect")
            tries[key] = tries.get(key, 0) + 1
    for kernel in kernels:
        assert set(kernel.ratings()) == ratings
    if path.exists():
        data = on_disk(path)
        assert set(data["ratings"]) == ratings and set(data["exercises"]) == exercises
        assert set(data["notes"]) == notes
        assert {k: v["tries"] for k, v in data["attempts"].items()} == tries
