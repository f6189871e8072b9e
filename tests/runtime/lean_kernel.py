"""What a learner's kernel does, run in an environment with only Claim Lab's runtime dependencies.

Run by tests/project/test_lean_runtime.py with the Python of that environment; prints one line per
step and exits non-zero on the first failure. Expected answers are read from data/, never typed here.
"""
import os
import sys
from pathlib import Path

root = Path(sys.argv[1])
os.chdir(root / "notebooks")

import claimlab as cl  # noqa: E402

for name in ("frictionless", "jsonschema", "nbformat", "nbconvert", "nbclient", "jupyterlab"):
    try:
        __import__(name)
    except ImportError:
        continue
    sys.exit(f"FAIL: {name} is importable; this environment is not runtime-only")

ds = cl.load()
print(f"load: {len(ds.claims)} claims, pandas {__import__('pandas').__version__}")
claim = ds.claim_ids()[0]
rater = cl.rate(claim)
rater.check()
print(f"rate: {claim} checked, status shown: {bool(rater.status.value) or bool(rater.children)}")
qid, question = next(iter(ds.exercises["questions"].items()))
feedback = cl.check(qid, "no such answer")
print(f"check: {qid} -> {feedback.status}")
cl.chart("running_claims")
print("chart: running_claims shown")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("frictionless", "jsonschema", "nbconvert", "nbclient"))
if loaded:
    sys.exit(f"FAIL: the learner path imported author tools: {loaded}")
print("OK: the learner path runs on the runtime dependencies alone")
