"""Two kernels on one answers file lose no attempt (issue 27).

Each "kernel" is a real Python process with its own :class:`AnswerStore` on the same file, checking
answers through the public API (``claimlab.core.exercises.check(..., answers=...)``), as two notebooks
open at once would. Every attempt gets an answer no other attempt has (kernel number x 1,000,000 +
its count), so the file's attempts log can be compared attempt by attempt with what each kernel did:
the count per question, the first and the last attempt. Figures are printed (run with ``-s``); speed
is measured by benchmarks/, never asserted here.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from claimlab.core.feedback import ANSWERED

ROOT = Path(__file__).resolve().parents[2]

# A kernel: reads one JSON command per line, answers with one JSON line.
KERNEL = textwrap.dedent("""
    import json, os, random, sys, time
    import claimlab
    from claimlab.core import exercises, store
    from claimlab.core.questions import common

    ds = claimlab.load()
    not_saved = common.msg(ds, "not_saved")  # the line a check adds when the answer could not be saved
    answers = store.AnswerStore(sys.argv[1], article=str(ds.article.meta.get("title", "")))
    real_replace = os.replace

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    def one(qid, answer):
        feedback = exercises.check(qid, answer, ds=ds, answers=answers)
        return {"question": qid, "answer": answer, "status": feedback.status,
                "saved": not any(not_saved in line for line in feedback.lines)}

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command["do"] == "quit":
            break
        if command["do"] == "fail":
            os.replace = full_disk if command["on"] else real_replace
            reply = {"failing": command["on"]}
        elif command["do"] == "check":
            reply = one(command["question"], command["answer"])
        elif command["do"] == "loop":
            rng = random.Random(command["seed"])
            done, start = [], time.perf_counter()
            for count in range(command["n"]):
                qid = command["questions"][count % len(command["questions"])]
                done.append(one(qid, command["base"] + count))
                if command["pause"]:
                    time.sleep(rng.uniform(*command["pause"]))
            reply = {"done": done, "seconds": time.perf_counter() - start}
        elif command["do"] == "view":
            reply = {"attempts": answers.attempts()}
        print(json.dumps(reply), flush=True)
""")


class Kernel:
    """One kernel process on the answers file."""

    def __init__(self, path: Path, folder: Path):
        script = folder / "kernel.py"
        script.write_text(KERNEL, encoding="utf-8")
        self.process = subprocess.Popen([sys.executable, str(script), str(path)], cwd=ROOT, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(self, **command) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def reply(self) -> dict:
        line = self.process.stdout.readline()
        assert line, f"the kernel stopped (exit code {self.process.poll()})"
        return json.loads(line)

    def ask(self, **command) -> dict:
        self.send(**command)
        return self.reply()

    def close(self) -> None:
        if self.process.poll() is None:
            self.send(do="quit")
        self.process.stdin.close()
        self.process.stdout.close()
        self.process.wait(timeout=30)


@pytest.fixture
def kernels(tmp_path):
    path = tmp_path / "my_answers" / "answers.json"
    started = [Kernel(path, tmp_path) for _ in range(2)]
    try:
        for kernel in started:
            assert kernel.reply() == {"ready": True}
        yield path, started
    finally:
        for kernel in started:
            kernel.close()


@pytest.fixture(scope="module")
def number_questions(ds) -> list[str]:
    """Questions whose answer is a number: any whole number is an answer the checker can read."""
    found = [qid for qid, q in ds.exercises["questions"].items() if q["type"] == "number"]
    assert len(found) >= 2, "data/exercises.yaml has fewer than two number questions"
    return found[:3]


def run_both(kernels: list[Kernel], questions: list[str], n: int, pause: tuple[float, float] | None,
             ) -> tuple[list[dict], float]:
    """Both kernels check ``n`` answers each at the same time; every attempt they made, and the wall time."""
    start = time.perf_counter()
    for number, kernel in enumerate(kernels, 1):
        kernel.send(do="loop", questions=questions, n=n, base=number * 1_000_000, pause=pause, seed=number)
    replies = [kernel.reply() for kernel in kernels]
    wall = time.perf_counter() - start
    done = [attempt for reply in replies for attempt in reply["done"]]
    assert all(attempt["status"] in ANSWERED for attempt in done), {a["status"] for a in done}
    return done, wall


def lost(path: Path, done: list[dict]) -> dict[str, int]:
    """Per question: attempts the kernels made minus tries the file counts (0 everywhere when none is lost)."""
    log = json.loads(path.read_text(encoding="utf-8"))["attempts"]
    made: dict[str, int] = {}
    for attempt in done:
        made[attempt["question"]] = made.get(attempt["question"], 0) + 1
    return {qid: count - log.get(qid, {}).get("tries", 0) for qid, count in made.items()}


def assert_every_attempt_kept(path: Path, done: list[dict], kernels: list[Kernel]) -> None:
    log = json.loads(path.read_text(encoding="utf-8"))["attempts"]
    for qid in {a["question"] for a in done}:
        mine = [a for a in done if a["question"] == qid]
        by_kernel = [[a for a in mine if a["answer"] // 1_000_000 == number] for number in (1, 2)]
        entry = log[qid]
        assert entry["tries"] == len(mine), f"{qid}: {len(mine)} attempts made, {entry['tries']} in the file"
        firsts = {attempts[0]["answer"] for attempts in by_kernel if attempts}
        lasts = {attempts[-1]["answer"] for attempts in by_kernel if attempts}
        assert entry["first"]["answer"] in firsts, (qid, entry["first"], firsts)
        assert entry["last"]["answer"] in lasts, (qid, entry["last"], lasts)
    for kernel in kernels:  # each kernel sees the whole log too
        assert kernel.ask(do="view")["attempts"] == log


def test_two_kernels_checking_in_a_tight_loop_lose_no_attempt(kernels, number_questions):
    path, both = kernels
    done, wall = run_both(both, number_questions, 300, None)
    print(f"\ntight loop: {len(done)} attempts in {wall:.1f} s, lost per question {lost(path, done)}")
    assert_every_attempt_kept(path, done, both)
    assert all(a["saved"] for a in done)


def test_two_kernels_checking_at_human_pace_lose_no_attempt(kernels, number_questions):
    path, both = kernels
    done, wall = run_both(both, number_questions, 40, (0.05, 0.3))
    print(f"\nhuman pace: {len(done)} attempts in {wall:.1f} s, lost per question {lost(path, done)}")
    assert_every_attempt_kept(path, done, both)


def test_a_failed_save_in_one_kernel_loses_nothing_and_overwrites_no_newer_attempt(kernels, number_questions):
    """Kernel 1's saves fail (a full disk) for two checks, while kernel 2 checks the same question later;
    when kernel 1 can save again, its two attempts are added, the first stays the earliest attempt and
    the last stays kernel 2's newer one."""
    path, (one, two) = kernels
    qid = number_questions[0]
    assert one.ask(do="check", question=qid, answer=1_000_000)["saved"]
    assert one.ask(do="fail", on=True) == {"failing": True}
    failed = [one.ask(do="check", question=qid, answer=1_000_001 + n) for n in range(2)]
    assert not any(a["saved"] for a in failed)  # the kernel says it could not save
    newer = [two.ask(do="check", question=qid, answer=2_000_000 + n) for n in range(3)]
    assert all(a["saved"] for a in newer)
    assert one.ask(do="fail", on=False) == {"failing": False}
    other = number_questions[1]
    assert one.ask(do="check", question=other, answer=1_000_100)["saved"]  # the next save that works
    log = json.loads(path.read_text(encoding="utf-8"))["attempts"]
    print(f"\nafter a failed save: {1 + 2 + 3} attempts at {qid}, {log[qid]['tries']} in the file")
    assert log[qid]["tries"] == 6
    assert log[qid]["first"]["answer"] == 1_000_000
    assert log[qid]["last"]["answer"] == 2_000_002  # kernel 1's stale attempts never overwrite it
    assert log[other]["tries"] == 1


def test_a_kernel_whose_first_attempt_could_not_be_saved_keeps_the_earliest_first(kernels, number_questions):
    """The first attempt is the earliest one made, even if it reached the file after another kernel's."""
    path, (one, two) = kernels
    qid = number_questions[0]
    one.ask(do="fail", on=True)
    assert not one.ask(do="check", question=qid, answer=1_000_000)["saved"]
    assert two.ask(do="check", question=qid, answer=2_000_000)["saved"]
    one.ask(do="fail", on=False)
    assert one.ask(do="check", question=number_questions[1], answer=1_000_001)["saved"]
    entry = json.loads(path.read_text(encoding="utf-8"))["attempts"][qid]
    assert entry["tries"] == 2
    assert entry["first"]["answer"] == 1_000_000 and entry["last"]["answer"] == 2_000_000
