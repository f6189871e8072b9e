#!/usr/bin/env python3
"""Time and measure every Claim Lab notebook against a floor, in one run.

    python3 run.py benchmark                       # the usual way (sets up .venv first)
    python benchmarks/run_benchmark.py [--repeat N] [--with-test-command] [--strict] [NOTEBOOK ...]

Each notebook in notebooks/, exercises/ and solutions/ is executed top to bottom with nbclient in a
fresh kernel (nothing is written back), PAIRED with the floor run by run: floor, notebook,
floor, notebook ... so each ratio compares two runs made seconds apart, and a machine that
gets busier or quieter during the run (other users, a shared CI box) moves both alike. The
verdict uses the median of these paired ratios; their spread (lowest to highest) is shown.
The FLOOR is a notebook that only starts a kernel
and imports pandas, plotly.graph_objects, ipywidgets and claimlab: the cost no notebook
can avoid. It does not call ``claimlab.load()``: loading and checking data/ is Claim Lab's
own work, so it counts against the notebooks; the row "floor + claimlab.load()" shows
what it adds.

Per notebook: wall time (kernel start to kernel shutdown; median of --repeat runs), the
median and spread of its paired ratios to the floor, the kernel's CPU seconds (user +
system, what a hub pays once per learner) and their paired ratio to the floor's (much less
moved by other load on the machine than wall time), peak kernel memory (resident set size of the kernel process, sampled
every 20 ms with psutil) and the size of the .ipynb file. Targets: at most 1.3 x the
floor, at most 200 MB, at most 500 KB. ``--with-test-command`` also times the README's
test command (``python3 run.py test``), which takes minutes.

The Markdown table goes to stdout and to benchmarks/results/latest.md (git-ignored).
"""
from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "latest.md"
FOLDERS = ("notebooks", "exercises", "solutions")  # exercises/: the learners' copies, run unanswered
MAX_RATIO = 1.3
MAX_RSS_MB = 200
MAX_SIZE_KB = 500
SAMPLE_EVERY = 0.02  # seconds between memory samples
FLOOR_IMPORTS = "import pandas, plotly.graph_objects, ipywidgets\nimport claimlab as cl"
KERNEL = "python3"
EMPTY_CELLS = 20  # the reference row that shows what running a cell costs, whatever the cell does


@dataclass
class Measurement:
    label: str
    seconds: float
    peak_rss_mb: float
    size_kb: float | None  # None for the in-memory reference notebooks
    slowest_cell: str = ""  # e.g. "cell 12: 1.99 s `cl.chart(...)`": where the time goes
    error: str = ""  # why the notebook could not run to the end
    cpu_seconds: float = float("nan")  # the kernel's user + system CPU time (median run)
    code_cells: int = 0
    ratios: list[float] = field(default_factory=list)  # paired with the floor, run by run (see pair_ratios)
    cpu_ratios: list[float] = field(default_factory=list)  # kernel CPU time, paired the same way
    pairs: list = field(default_factory=list)  # (floor run, notebook run)
    runs: list = field(default_factory=list)

    def pair_up(self, start: float, stop: float) -> None:
        """Work out the paired ratios, all with the same kernel start and stop times (see pair_ratios)."""
        self.ratios, self.cpu_ratios = pair_ratios(self.pairs, start, stop)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else float("nan")

    @property
    def spread(self) -> str:
        return f"{min(self.ratios):.2f}–{max(self.ratios):.2f}" if self.ratios else "–"


class PeakMemory:
    """Samples the resident memory of one process in a background thread; keeps the peak."""

    def __init__(self) -> None:
        self.peak = 0
        self.cpu = 0.0  # user + system seconds, as last seen
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def watch(self, pid: int) -> None:
        self._thread = threading.Thread(target=self._sample, args=(pid,), daemon=True)
        self._thread.start()

    def _sample(self, pid: int) -> None:
        try:
            process = psutil.Process(pid)
            while not self._stop.is_set():
                self.peak = max(self.peak, process.memory_info().rss)
                times = process.cpu_times()
                self.cpu = times.user + times.system
                self._stop.wait(SAMPLE_EVERY)
        except psutil.Error:  # the kernel has exited
            pass

    def stop(self) -> float:
        """Stop sampling; return the peak in MB."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return self.peak / 2**20


@dataclass
class Run:
    """One execution of a notebook in a fresh kernel."""
    start: float  # seconds from asking for a kernel until it answers (the same work for every notebook)
    run: float  # seconds from then until the last cell is done
    stop: float  # seconds to shut the kernel down
    peak_rss_mb: float
    slowest_cell: str
    cpu_seconds: float  # the kernel's user + system CPU time

    @property
    def seconds(self) -> float:
        return self.start + self.run + self.stop


def run_once(nb: nbformat.NotebookNode, folder: Path) -> Run:
    """Execute a copy of ``nb`` in ``folder`` with a private answers file, as nbclient's execute() does,
    timing the kernel's start, the cells and the shutdown apart."""
    memory = PeakMemory()

    def on_start(**_):
        memory.watch(client.km.provisioner.process.pid)

    with tempfile.TemporaryDirectory(prefix="claimlab-bench-") as scratch:
        os.environ["CLAIMLAB_ANSWERS"] = str(Path(scratch) / "answers.json")
        client = NotebookClient(nbformat.from_dict(nb), timeout=600, kernel_name=KERNEL,
                                resources={"metadata": {"path": str(folder)}}, on_notebook_start=on_start)
        started = time.perf_counter()
        ready = done = None
        try:
            with client.setup_kernel():
                client.wait_for_reply(client.kc.kernel_info())  # what execute() waits for first
                ready = time.perf_counter()
                for index, cell in enumerate(client.nb.cells):
                    client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                done = time.perf_counter()
        finally:
            ended = time.perf_counter()
            peak = memory.stop()
    return Run(ready - started, done - ready, ended - done, peak, slowest_cell(client.nb), memory.cpu)


def slowest_cell(nb: nbformat.NotebookNode) -> str:
    """The code cell that took longest, from the timings nbclient records in cell metadata."""
    timings = []
    for number, cell in enumerate(nb.cells):
        execution = cell.get("metadata", {}).get("execution", {})
        start, end = execution.get("iopub.execute_input"), execution.get("shell.execute_reply")
        if start and end:
            seconds = (dt.datetime.fromisoformat(end.replace("Z", "+00:00"))
                       - dt.datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()
            timings.append((seconds, number, cell.source.strip().splitlines()[0][:40]))
    if not timings:
        return ""
    seconds, number, first_line = max(timings)
    return f"cell {number}: {seconds:.2f} s `{first_line}`"


def measure(label: str, nb: nbformat.NotebookNode, folder: Path, repeat: int, size_kb: float | None,
            floor: tuple[nbformat.NotebookNode, list] | None = None) -> Measurement:
    """Run ``nb`` ``repeat`` times; with ``floor`` = (floor notebook, list collecting its runs),
    each run of ``nb`` is preceded by a run of the floor (a pair; see :func:`pair_ratios`)."""
    runs, pairs = [], []
    try:
        for _ in range(repeat):
            if floor is not None:
                floor_run = run_once(floor[0], ROOT)
                floor[1].append(floor_run)
                print(f"    floor: start {floor_run.start:.2f}, cells {floor_run.run:.2f}, stop {floor_run.stop:.2f}", file=sys.stderr)
            run = run_once(nb, folder)
            runs.append(run)
            if floor is not None:
                pairs.append((floor_run, run))
    except Exception as exc:  # a broken notebook is reported in the table, the others still run
        reason = getattr(exc, "ename", "") or exc.__class__.__name__
        last_lines = str(exc).strip().splitlines()
        detail = getattr(exc, "evalue", "") or (last_lines[-1] if last_lines else "")
        print(f"  {label}: FAILED ({reason}: {detail})", file=sys.stderr, flush=True)
        error = f"{reason}: {detail}"[:200].replace("|", "\\|")
        return Measurement(label, float("nan"), float("nan"), size_kb, error=error, code_cells=_code_cells(nb))
    print(f"  {label}: " + ", ".join(f"{r.seconds:.2f} s (start {r.start:.2f}, cells {r.run:.2f}, stop {r.stop:.2f})"
                                    for r in runs),
          file=sys.stderr, flush=True)
    measured = summarise(label, runs, size_kb, pairs)
    measured.code_cells = _code_cells(nb)
    return measured


def _code_cells(nb: nbformat.NotebookNode) -> int:
    return sum(cell.cell_type == "code" for cell in nb.cells)


def pair_ratios(pairs: list[tuple[Run, Run]], start: float, stop: float) -> tuple[list[float], list[float]]:
    """(wall-time ratios, kernel-CPU ratios) of each notebook run to the floor run paired with it.

    Starting and stopping a kernel is the same work whatever the notebook, but its time jumps now
    and then (jupyter_client polls a stopping kernel every 0.1 s and, now and then, waits seconds
    for it; such a stall once made the floor look 0.4 x itself). So both halves of a pair count the
    same start and stop, ``start`` and ``stop``: the medians over every run of the benchmark. What
    differs, the cells, is each run's own.
    """
    wall = [(start + nb.run + stop) / (start + fl.run + stop) for fl, nb in pairs]
    cpu = [nb.cpu_seconds / fl.cpu_seconds if fl.cpu_seconds else float("nan") for fl, nb in pairs]
    return wall, cpu


def summarise(label: str, runs: list[Run], size_kb: float | None,
              pairs: list[tuple[Run, Run]] | None = None) -> Measurement:
    median = statistics.median(r.seconds for r in runs)
    typical = min(runs, key=lambda run: abs(run.seconds - median))
    return Measurement(label, median, max(r.peak_rss_mb for r in runs), size_kb, slowest_cell=typical.slowest_cell,
                       cpu_seconds=statistics.median(r.cpu_seconds for r in runs), pairs=list(pairs or []),
                       runs=list(runs), code_cells=1)


def reference_notebook(source: str, empty_cells: int = 0) -> nbformat.NotebookNode:
    nb = new_notebook(cells=[new_code_cell(source)] + [new_code_cell("pass") for _ in range(empty_cells)])
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3 (ipykernel)", "language": "python"}
    return nb


def find_notebooks(paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p).resolve() for p in paths]
    return [nb for folder in FOLDERS for nb in sorted((ROOT / folder).glob("*.ipynb"))]


def time_test_command() -> tuple[float, int]:
    """Run the README's test command; return (seconds, exit code)."""
    started = time.perf_counter()
    code = subprocess.run([sys.executable, str(ROOT / "run.py"), "test"], cwd=ROOT).returncode
    return time.perf_counter() - started, code


def table(floor: Measurement, rows: list[Measurement], info: list[Measurement]) -> tuple[str, list[str]]:
    """The Markdown table and the list of targets missed (the time target uses the paired ratios)."""
    missed: list[str] = []
    lines = ["| Notebook | Wall time (s) | × floor, paired median (spread) | First run × floor | Kernel CPU (s) | CPU × floor "
             "| Peak kernel RSS (MB) | Size (KB) | Code cells | Targets | Slowest cell |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for row in [floor, *info]:
        ratio = f"{row.ratio:.2f} ({row.spread})" if row.ratios else f"{row.seconds / floor.seconds:.2f}"
        first = f"{row.ratios[0]:.2f}" if row.ratios else "–"
        cpu = f"{statistics.median(row.cpu_ratios):.2f}" if row.cpu_ratios else "1.00"
        lines.append(f"| {row.label} | {row.seconds:.2f} | {ratio} | {first} | {row.cpu_seconds:.2f} | {cpu} | "
                     f"{row.peak_rss_mb:.0f} | – | {row.code_cells} | reference | {row.slowest_cell} |")
    for row in rows:
        if row.error:
            missed.append(f"{row.label}: did not run ({row.error})")
            lines.append(f"| {row.label} | – | – | – | – | – | – | {row.size_kb:.0f} | {row.code_cells} | "
                         f"did not run: {row.error} | |")
            continue
        ratio = row.ratio
        problems = [text for bad, text in (
            (ratio > MAX_RATIO, f"time {ratio:.2f}× > {MAX_RATIO}×"),
            (row.peak_rss_mb > MAX_RSS_MB, f"RSS {row.peak_rss_mb:.0f} MB > {MAX_RSS_MB} MB"),
            (row.size_kb is not None and row.size_kb > MAX_SIZE_KB, f"size {row.size_kb:.0f} KB > {MAX_SIZE_KB} KB"),
        ) if bad]
        missed += [f"{row.label}: {p}" for p in problems]
        lines.append(f"| {row.label} | {row.seconds:.2f} | {ratio:.2f} ({row.spread}) | {row.ratios[0]:.2f} | "
                     f"{row.cpu_seconds:.2f} | {statistics.median(row.cpu_ratios):.2f} | "
                     f"{row.peak_rss_mb:.0f} | {row.size_kb:.0f} | {row.code_cells} | {'; '.join(problems) or 'ok'} | "
                     f"{row.slowest_cell} |")
    return "\n".join(lines), missed


def cell_cost_note(floor: Measurement, empty: Measurement) -> str:
    """One line: what running a cell costs by itself (Jupyter's round trip, not Claim Lab's work)."""
    if not empty.runs or not floor.runs:
        return ""
    cells = statistics.median(run.run for run in empty.runs) - statistics.median(run.run for run in floor.runs)
    each = cells / EMPTY_CELLS * 1000
    return (f"Running a cell costs about {each:.0f} ms by itself (the row with {EMPTY_CELLS} cells that do "
            "nothing: the request to the kernel, its busy and idle messages and the reply), whatever the "
            "cell does; a notebook pays it once per code cell (column \"Code cells\"), the floor once.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="notebooks to measure (default: notebooks/, exercises/ and solutions/)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per notebook, each paired with a run of the floor (default 3)")
    parser.add_argument("--with-test-command", action="store_true",
                        help="also time the README's test command, python3 run.py test (slow)")
    parser.add_argument("--strict", action="store_true", help="exit with 1 when a target is missed")
    args = parser.parse_args(argv)
    notebooks = find_notebooks(args.notebooks)
    missing = [str(p) for p in notebooks if not p.is_file()]
    if missing:
        print("Not found: " + ", ".join(missing), file=sys.stderr)
        return 2
    saved = {name: os.environ.get(name) for name in ("CLAIMLAB_ANSWERS", "XDG_CACHE_HOME", "PYTHONDONTWRITEBYTECODE")}
    # Kernels import Claim Lab from compiled bytecode, as a learner's do (pip compiles a package when
    # it installs it; Python writes __pycache__ on first import). A shell that sets
    # PYTHONDONTWRITEBYTECODE (some sandboxes and CI images do) would make every kernel compile
    # Claim Lab's source again: tens of milliseconds no learner pays.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(ROOT / "src" / "claimlab"), quiet=1)
    # A private, empty cache folder for this run: each notebook's FIRST run builds its charts (as a
    # learner's first run does); later runs reuse them (as re-runs, and every learner on an image
    # whose cache was filled when it was built, do). "First run × floor" shows the cold case.
    cache = tempfile.TemporaryDirectory(prefix="claimlab-bench-cache-")
    os.environ["XDG_CACHE_HOME"] = cache.name
    print("measuring (a warm-up run of the floor is not counted) ...", file=sys.stderr, flush=True)
    try:
        floor_nb = reference_notebook(FLOOR_IMPORTS)
        run_once(floor_nb, ROOT)  # warm the disk cache and bytecode
        floor_runs: list = []  # every floor run, each paired with the run after it
        info = [measure("floor + claimlab.load()", reference_notebook(FLOOR_IMPORTS + "\ncl.load()"), ROOT,
                        args.repeat, None, floor=(floor_nb, floor_runs)),
                measure(f"floor + {EMPTY_CELLS} cells that do nothing (`pass`)",
                        reference_notebook(FLOOR_IMPORTS, EMPTY_CELLS), ROOT, args.repeat, None,
                        floor=(floor_nb, floor_runs))]
        rows = [measure(nb.relative_to(ROOT).as_posix() if nb.is_relative_to(ROOT) else nb.name,
                        nbformat.read(nb, as_version=4), nb.parent, args.repeat, nb.stat().st_size / 1024,
                        floor=(floor_nb, floor_runs))
                for nb in notebooks]
        floor = summarise("FLOOR: start kernel + imports (all its paired runs)", floor_runs, None)
        every_run = floor_runs + [run for row in [*info, *rows] for run in row.runs]
        start = statistics.median(run.start for run in every_run)
        stop = statistics.median(run.stop for run in every_run)
        for row in [*info, *rows]:
            row.pair_up(start, stop)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        cache.cleanup()
    body, missed = table(floor, rows, info)
    versions = {name: __import__(name).__version__ for name in ("plotly", "pandas", "ipywidgets", "nbclient")}
    report = [
        f"Claim Lab benchmark, {dt.datetime.now().astimezone().isoformat(timespec='minutes')}",
        "",
        f"Machine: {platform.platform()}, {psutil.cpu_count()} CPUs, "
        f"{psutil.virtual_memory().total / 2**30:.1f} GB RAM; Python {platform.python_version()}; "
        + ", ".join(f"{k} {v}" for k, v in versions.items()),
        f"Floor: a kernel that only runs `{FLOOR_IMPORTS.replace(chr(10), '; ')}`. "
        "Claim Lab runs from compiled bytecode, as after a pip install. "
        f"Kernel start and stop (the same work in every notebook; medians of {len(every_run)} runs): "
        f"{start:.2f} s (runs {min(r.start for r in every_run):.2f}–{max(r.start for r in every_run):.2f}) and "
        f"{stop:.2f} s (runs {min(r.stop for r in every_run):.2f}–{max(r.stop for r in every_run):.2f}), "
        "counted alike in both halves of every pair. "
        f"Targets: ≤ {MAX_RATIO}× the floor, ≤ {MAX_RSS_MB} MB peak kernel RSS, ≤ {MAX_SIZE_KB} KB per .ipynb.",
        "",
        body,
        "",
        cell_cost_note(floor, info[1]),
    ]
    if args.with_test_command:
        seconds, code = time_test_command()
        report += ["", f"README test command (`python3 run.py test`): {seconds:.0f} s "
                       f"({'passed' if code == 0 else f'FAILED, exit code {code}'})."]
    report += ["", ("All notebooks within targets." if not missed else
                    "Targets missed:\n" + "\n".join(f"- {m}" for m in missed))]
    text = "\n".join(report) + "\n"
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(f"(written to {RESULTS.relative_to(ROOT)})", file=sys.stderr)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
