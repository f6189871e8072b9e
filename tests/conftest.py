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


# --------------------------------------------------------------------------- modules built on other articles
FIXTURES = {"fictional": ROOT / "tests" / "fixtures" / "second_article",
            "real": ROOT / "tests" / "fixtures" / "real_article"}


def fixture_words(which: str) -> dict:
    """The words an instructor gives new-article for this fixture (its fixture.yaml)."""
    import yaml

    from claimlab.authoring import newarticle
    raw = yaml.safe_load((FIXTURES[which] / "fixture.yaml").read_text(encoding="utf-8"))
    return {"title": raw["title"], "sides": newarticle.parse_sides(raw["sides"]),
            "measures": newarticle.parse_measures(raw["measures"] or ""),
            "topics": newarticle.parse_names(raw.get("topics") or ""),
            "units": newarticle.parse_units(raw.get("units") or "")}


def make_module(which: str, root: Path, *, build: bool = True) -> Path:
    """A module as an instructor would have it: skeleton from new-article, the fixture's data filled in, built."""
    from claimlab.authoring import newarticle
    words = fixture_words(which)
    newarticle.create(root, words["sides"], words["title"], words["measures"], source=ROOT,
                      topics=words["topics"], units=words["units"])
    shutil.copytree(FIXTURES[which] / "data", root / "data", dirs_exist_ok=True)
    exercises_file = root / "data" / "exercises.yaml"  # the questions go under the template's explanations
    template = exercises_file.read_text(encoding="utf-8")
    questions = (FIXTURES[which] / "exercise_questions.yaml").read_text(encoding="utf-8")
    exercises_file.write_text(template[:template.index("\nnotebooks:") + 1] + questions, encoding="utf-8")
    if build:
        newarticle.build(root, sample_learners=4)
    return root


@pytest.fixture(scope="session")
def built_modules(tmp_path_factory, request) -> dict[str, Path]:
    """Both fixture articles built once per test run, shared by every test file and every xdist worker
    (the first worker to get here builds them under a lock; the others wait and reuse them). Tests must not
    change them: copy a module (or its data/) to break it or to execute it."""
    from filelock import FileLock
    worker = getattr(request.config, "workerinput", None)
    base = tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()
    target = base / "claimlab-built-modules"
    with FileLock(str(base / "claimlab-built-modules.lock")):
        if not (target / ".complete").is_file():
            shutil.rmtree(target, ignore_errors=True)
            for which, name in (("fictional", "corven_island"), ("real", "kokang")):
                make_module(which, target / which / name)
            (target / ".complete").write_text("built\n", encoding="utf-8")
    return {"fictional": target / "fictional" / "corven_island", "real": target / "real" / "kokang"}


# The slowest test files, in seconds on an idle 2-core machine (`pytest --durations=0`, 2026-12-07), run
# first: with `--dist loadfile --no-loadscope-reorder` (run.py) each file goes whole to one worker in this
# order, so the long browser runs start at once and the short files fill in around them, instead of one
# long file starting last and running alone at the end. Only the order changes, never what runs.
SLOW_FILES = {
    "browser/test_lite.py": 115, "browser/test_student_path.py": 95, "browser/test_static_screens.py": 79,
    "browser/test_static_pages.py": 39, "authoring/test_newarticle_run.py": 27, "classroom/test_hub_warm.py": 23,
    "authoring/test_newarticle.py": 22, "core/test_dataset.py": 22, "core/test_hostile_data.py": 17,
    "authoring/test_module_sites.py": 17, "core/test_store_two_kernels.py": 14, "core/test_reliability.py": 13,
}


def pytest_collection_modifyitems(config, items):
    tests = Path(__file__).resolve().parent

    def weight(item) -> int:
        try:
            return SLOW_FILES.get(Path(str(item.fspath)).resolve().relative_to(tests).as_posix(), 0)
        except ValueError:  # not under tests/ (notebooks under nbval)
            return 0
    items.sort(key=lambda item: -weight(item))  # stable: the order inside a file and among the rest is kept
