"""The README's test command never reads a learner's own answers, and no test fails because the machine is busy
(issue 26): `python3 run.py test` gives every step an answers file of its own in a temporary folder, and the
tests' hypothesis settings have no deadline and no "too slow" health check.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_run_py():
    spec = importlib.util.spec_from_file_location("claimlab_run_for_test", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_test_command_uses_an_answers_file_of_its_own(monkeypatch):
    monkeypatch.setenv("CLAIMLAB_ANSWERS", str(ROOT / "my_answers" / "answers.json"))
    env = load_run_py().test_env()
    answers = Path(env["CLAIMLAB_ANSWERS"])
    assert "my_answers" not in answers.parts and answers.parent.name.startswith("claimlab-test-")
    assert not answers.exists()


def test_hypothesis_has_no_deadline_and_no_too_slow_check():
    from hypothesis import HealthCheck, settings
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check
