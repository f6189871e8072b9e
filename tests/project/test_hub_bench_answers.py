"""The hub benchmark's learners answer through public claimlab names only, and their answers are right.

The benchmark sends ``EXERCISE_CODE`` into each simulated learner's kernel; a rename inside the package
once broke it only on the hub (CI's smoke run). This runs the same code here, for every question the
benchmark's exercise asks, against a stand-in for the widget.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from claimlab.core import exercises

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    pytest.importorskip("psutil")
    pytest.importorskip("tornado")
    spec = importlib.util.spec_from_file_location("hub_class", ROOT / "benchmarks" / "hub_class.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["hub_class"] = module
    spec.loader.exec_module(module)
    return module


class _Button:
    def __init__(self, box):
        self.box = box

    def click(self):
        self.box.clicked = True


class _Box:
    def __init__(self):
        self.value = None
        self.clicked = False
        self.check_button = _Button(self)

    def set_value(self, value):
        self.value = value


def test_the_benchmark_answers_every_question_of_its_exercise_rightly():
    bench = _bench()
    qids = [qid for _, qid in bench.exercise_cells() if qid]
    assert qids, "the benchmark's exercise has no cl.exercise cells"
    ds = exercises.load()
    for qid in qids:
        box = _Box()
        exec(bench.EXERCISE_CODE.format(qid=qid), {"_box": box})  # noqa: S102 - the benchmark's own code
        assert box.clicked, qid
        feedback = exercises.judge(qid, box.value, ds)
        assert feedback.status == "correct", (qid, box.value, feedback.status)
