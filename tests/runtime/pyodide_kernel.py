"""What a learner's kernel does, run in CPython under the constraints of Pyodide (JupyterLite's kernel).

Run by tests/runtime/test_pyodide_constraints.py as ``python pyodide_kernel.py ROOT``; prints one line per
step and exits non-zero on the first failure. Before claimlab is imported, this script makes the process
look like Pyodide to the code that matters:

* only the runtime dependencies import: the author and server tools (nbformat, nbconvert, jupyterlab,
  frictionless, jsonschema, ipykernel, zmq, tornado, psutil, jinja2...) raise ImportError;
* no processes: ``subprocess.Popen``, ``os.fork``, ``os.system`` and ``os.posix_spawn`` raise OSError;
* no threads: ``threading.Thread.start`` raises RuntimeError ("can't start new thread", as in Pyodide);
* no file locking: ``fcntl.flock`` and ``fcntl.lockf`` raise OSError (ENOSYS), as Emscripten's do;
* pandas 3 (Pyodide's current pandas), checked.

Then it goes through the learner's path: data, raters (check, reset), exercise checks, a lesson quiz,
notes, charts, progress and the export, with answers saved to the file in $CLAIMLAB_ANSWERS.
Expected answers are read from data/, never typed here.
"""
import errno
import importlib.abc
import os
import subprocess
import sys
import threading
from pathlib import Path

AUTHOR_AND_SERVER = ("frictionless", "jsonschema", "nbformat", "nbconvert", "nbclient", "jupyterlab",
                     "jupyter_server", "notebook", "ipykernel", "zmq", "tornado", "psutil", "jinja2",
                     "playwright", "jupyterlite_core", "setuptools")


class NotInPyodide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in AUTHOR_AND_SERVER:
            raise ImportError(f"{name} is not available in Pyodide (this test blocks it)")
        return None


def _no_process(*args, **kwargs):
    raise OSError(errno.ENOSYS, "no subprocesses in Pyodide")


def _no_thread(self, *args, **kwargs):
    raise RuntimeError("can't start new thread (Pyodide has no threads)")


def _no_lock(*args, **kwargs):
    raise OSError(errno.ENOSYS, "no file locking in Pyodide")


already = sorted(m for m in sys.modules if m.split(".")[0] in AUTHOR_AND_SERVER)
if already:
    sys.exit(f"FAIL: author tools were imported before the guards: {already}")
sys.meta_path.insert(0, NotInPyodide())
subprocess.Popen = _no_process
for name in ("fork", "system", "posix_spawn", "posix_spawnp", "forkpty"):
    if hasattr(os, name):
        setattr(os, name, _no_process)
threading.Thread.start = _no_thread
try:
    import fcntl
    fcntl.flock = fcntl.lockf = _no_lock
except ImportError:
    pass
print("guards: author tools blocked, no subprocess, no threads, no file locking")

root = Path(sys.argv[1])
os.chdir(root / "notebooks")

import pandas as pd  # noqa: E402

if int(pd.__version__.split(".")[0]) < 3:
    sys.exit(f"FAIL: pandas {pd.__version__}; Pyodide ships pandas 3")

import claimlab as cl  # noqa: E402

ds = cl.load()
print(f"load: {len(ds.claims)} claims, pandas {pd.__version__}")

for claim in ds.claim_ids()[:3]:
    rater = cl.rate(claim)
    for dim_id, control in rater.controls.items():
        control.value = str(ds.key.loc[claim, dim_id])
    judgement = rater.check()
    assert rater.last_error is None, rater.last_error
    assert judgement is not None and judgement.counts["right"] == len(judgement.results), judgement
    print(f"rate: {claim} all right and saved")
rater = cl.rate(ds.claim_ids()[0], dimensions=["who", "party"])
rater.reset()
assert rater.last_error is None, rater.last_error
picker = cl.rate_any()
assert picker.last_error is None, picker.last_error

for qid, question in ds.exercises["questions"].items():
    feedback = cl.check(qid, None)
    assert feedback.status == "unanswered", (qid, feedback)
    if question["type"] == "choice":
        feedback = cl.check(qid, question["answer"])
        assert feedback.status == "correct", (qid, feedback)
print(f"check: {len(ds.exercises['questions'])} exercise questions checked")
box = cl.quiz(next(q for q, v in ds.exercises["questions"].items() if v.get("notebook", "").startswith("lesson")))
assert box.last_error is None, box.last_error

for name in ("first_impression", "progress", "export_answers"):
    widget = getattr(cl, name)()
    assert getattr(widget, "last_error", None) is None, (name, widget.last_error)
note = cl.note_box("pyodide_note", "A note")
assert getattr(note, "last_error", None) is None, note.last_error
for chart in ("article_figures", "running_claims", "mirror_claims"):
    cl.chart(chart)
print("widgets and charts: shown")

answers = Path(os.environ["CLAIMLAB_ANSWERS"])
import json  # noqa: E402

saved = json.loads(answers.read_text(encoding="utf-8"))
assert saved["format"] == "claimlab-answers", saved.get("format")
assert len(saved["ratings"]) >= 2 and saved["exercises"], saved  # one of the three rated claims was reset
print(f"answers: {len(saved['ratings'])} ratings and {len(saved['exercises'])} exercises in {answers.name}")

loaded = sorted(m for m in sys.modules if m.split(".")[0] in AUTHOR_AND_SERVER)
if loaded:
    sys.exit(f"FAIL: the learner path imported author tools: {loaded}")
print("OK: the learner path runs under Pyodide's constraints")
