"""The claimlab runtime under Pyodide's constraints, in CPython: what would break in JupyterLite breaks here first.

tests/browser/test_lite.py runs a few notebooks in JupyterLite's real Pyodide kernel (the self-contained
site, offline); this is the quick check of the whole learner's path: ``pyodide_kernel.py`` runs it in a
separate CPython process made to behave like Pyodide where it matters (runtime dependencies only, pandas 3, no subprocess, no threads, no file
locking; see its docstring). It uses this environment's Python, whose pandas is the pinned pandas 3.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_learner_path_runs_under_pyodide_constraints(tmp_path):
    env = {**os.environ, "CLAIMLAB_ANSWERS": str(tmp_path / "answers.json"), "XDG_CACHE_HOME": str(tmp_path),
           "MPLBACKEND": "Agg"}
    env.pop("CLAIMLAB_ROOT", None)
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "runtime" / "pyodide_kernel.py"), str(ROOT)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "guards: author tools blocked, no subprocess, no threads, no file locking" in result.stdout
    assert "pandas 3." in result.stdout
    assert "OK: the learner path runs under Pyodide's constraints" in result.stdout
