"""A learner's kernel needs only the runtime dependencies (issue 11).

Builds (once, then reused while pyproject.toml is unchanged) a virtual environment in
``.venv-runtime/`` with only the runtime dependencies of pyproject.toml (pandas, plotly, ipywidgets,
pyyaml, filelock) and pandas 2.x — the main environment pins pandas 3, so the two together test both
majors. Then runs tests/runtime/lean_kernel.py there on this folder's own code (``src/`` on the path,
never an installed copy that could be older than the code under test): load, rate, check and chart,
with no author tool importable.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEAN = ROOT / ".venv-runtime"
PANDAS_2 = "pandas==2.3.3"
STAMP_VERSION = "deps-only-1"  # the environment holds the dependencies alone; the code comes from src/


def _python() -> Path:
    return LEAN / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _lean_env() -> Path:
    stamp = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + PANDAS_2.encode() + STAMP_VERSION.encode()
                           + sys.version.encode()).hexdigest()
    marker = LEAN / ".claimlab-runtime"
    if marker.exists() and marker.read_text() == stamp and _python().exists():
        return _python()
    venv.EnvBuilder(with_pip=True, clear=True).create(LEAN)
    pip = [str(_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    deps = [d for d in deps if not d.lower().startswith("pandas")]
    try:
        subprocess.run(pip + [PANDAS_2, *deps], check=True, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"could not build the runtime-only environment ({exc}); needs the package registry")
    marker.write_text(stamp)
    return _python()


def test_learner_path_runs_with_runtime_dependencies_only(tmp_path):
    python = _lean_env()
    env = {**os.environ, "CLAIMLAB_ANSWERS": str(tmp_path / "answers.json"), "XDG_CACHE_HOME": str(tmp_path),
           "PYTHONPATH": str(ROOT / "src")}
    env.pop("CLAIMLAB_ROOT", None)
    result = subprocess.run([str(python), str(ROOT / "tests" / "runtime" / "lean_kernel.py"), str(ROOT)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pandas 2." in result.stdout
    assert "OK: the learner path runs on the runtime dependencies alone" in result.stdout


def test_runtime_dependencies_are_only_what_a_kernel_needs():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {d.split(">")[0].split("=")[0].split("<")[0].strip().lower() for d in deps}
    assert names == {"pandas", "plotly", "ipywidgets", "pyyaml", "filelock"}


def test_data_manifest_is_current():
    """``python -m claimlab validate`` was run after the last data edit (learners load without the tools)."""
    import json

    from claimlab.core.dataset import data_digest

    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    digest, _ = data_digest(ROOT / "data", package)
    manifest = json.loads((ROOT / "data" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sha256"] == digest, "data/ changed: run `python -m claimlab validate` to check and record it"
