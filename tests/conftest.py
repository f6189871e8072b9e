"""Shared test setup: tests never touch a learner's answers or the user's cache."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Isolate answers and the validation cache for the whole session, before anything imports claimlab.
_SCRATCH = Path(tempfile.mkdtemp(prefix="claimlab-tests-"))
os.environ.setdefault("CLAIMLAB_ANSWERS", str(_SCRATCH / "answers.json"))
os.environ["XDG_CACHE_HOME"] = str(_SCRATCH / "cache")
os.environ.pop("CLAIMLAB_ROOT", None)

# No test may fail because the machine is busy: hypothesis's per-example deadline (200 ms by default) and its
# "too slow" health check are timing checks, which a loaded 2-core machine trips at random. Examples still run.
try:
    from hypothesis import HealthCheck
    from hypothesis import settings as _hypothesis_settings
except ImportError:  # pragma: no cover - hypothesis is a test requirement
    pass
else:
    _hypothesis_settings.register_profile("claimlab", deadline=None,
                                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    _hypothesis_settings.load_profile("claimlab")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def ds():
    import claimlab
    return claimlab.load(ROOT)


@pytest.fixture(autouse=True)
def _answers_in_tmp(tmp_path, monkeypatch):
    """Every test saves answers in its own temporary file; nothing a test does writes into the repository."""
    from claimlab.core import store
    monkeypatch.setenv("CLAIMLAB_ANSWERS", str(tmp_path / "default" / "answers.json"))
    monkeypatch.setattr(store, "_CURRENT", None)
    monkeypatch.setattr(store, "_EXPLICIT", False)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the Claim Lab folder's data/, to break on purpose. Returns the new root."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path
