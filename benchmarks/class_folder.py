#!/usr/bin/env python3
"""How long an instructor waits for a MOOC-sized class folder, and how much memory it takes.

    .venv/bin/python benchmarks/class_folder.py               # 5,000 files (the target: at most 10 s)
    .venv/bin/python benchmarks/class_folder.py --files 500 --repeat 3

Writes ``--files`` made-up answers files (300 sample learners of :mod:`claimlab.classroom.samples`,
reused under 5,000 learner ids; about a third of the learners also send a second, later export) to a temporary
folder, then times ``ClassResults(folder)`` followed by everything the class results notebook shows
first (the summary, the files table, the per-question table and the agreement table). Peak memory
is the growth of this process's resident set size while that runs (sampled every 20 ms with psutil).
CPU time is printed too: on a shared, busy machine it is the better guide to the wait on an idle one.

A script, not a test: timings depend on the machine, so it reports and never fails the test suite
(``--strict`` gives exit code 1 when the target is missed). Record the figures in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from claimlab.classroom import samples
from claimlab.classroom.results import ClassResults
from claimlab.core.dataset import load

TARGET_SECONDS = 10.0
SAMPLE_EVERY = 0.02


def write_folder(folder: Path, files: int, seed: int = 13, distinct: int = 300) -> int:
    """``files`` answers files in ``folder``; returns how many are a learner's second export.

    ``distinct`` made-up learners are generated (slow: each is judged), then every file takes one of
    them at random under its own learner id, so every file is different, as in a real class.
    """
    ds = load()
    rng = random.Random(seed)
    pool = [samples._sample_learner(ds, rng, skill=rng.uniform(0.45, 0.85)) for _ in range(min(distinct, files))]
    second = written = learner = 0
    while written < files:
        learner += 1
        data = dict(rng.choice(pool), learner_id=f"bench-{learner:06d}", exported="2024-09-10T10:00:00+00:00")
        (folder / f"learner_{learner:06d}.json").write_text(json.dumps(data), encoding="utf-8")
        written += 1
        if written < files and rng.random() < 0.33:  # the same learner sends a later export
            later = dict(rng.choice(pool), learner_id=data["learner_id"], exported="2024-09-11T10:00:00+00:00")
            (folder / f"learner_{learner:06d}_again.json").write_text(json.dumps(later), encoding="utf-8")
            written += 1
            second += 1
    return second


def run_once(folder: Path) -> tuple[float, float, float, ClassResults]:
    process = psutil.Process()
    base = process.memory_info().rss
    peak = [base]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], process.memory_info().rss)
            time.sleep(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start, cpu = time.perf_counter(), time.process_time()
    results = ClassResults(folder, progress=True)
    results.summary()
    results._repr_html_()
    results.agreement()
    results.divergence()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    stop.set()
    sampler.join()
    return seconds, cpu, (peak[0] - base) / 2**20, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)
    load()  # loading data/ is not the class folder's cost
    with tempfile.TemporaryDirectory(prefix="claimlab-class-") as tmp:
        folder = Path(tmp)
        second = write_folder(folder, args.files)
        runs = [run_once(folder) for _ in range(max(args.repeat, 1))]
    seconds = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    memory = max(r[2] for r in runs)
    results = runs[-1][3]
    rows = len(results.verdicts())
    print(f"\n{args.files:,} files ({second:,} of them a learner's later export): "
          f"{len(results.learners):,} learners used, {len(results.skipped):,} skipped, {rows:,} verdicts")
    print(f"time to summary: {seconds:.2f} s wall, {cpu:.2f} s CPU (median of {len(runs)}; target "
          f"{TARGET_SECONDS:.0f} s); memory growth: {memory:.0f} MB")
    print(f"machine: {platform.machine()}, {psutil.cpu_count()} cores, load average "
          f"{', '.join(f'{x:.1f}' for x in psutil.getloadavg())}, Python {platform.python_version()}")
    return 1 if args.strict and seconds > TARGET_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
