"""Hand-in on a hub (issue 28): notebook 06's export button writes each learner's copy into the class
hand-in folder the hub's administrator set (CLAIMLAB_HANDIN), and the class results read that folder.

The permission model (a teacher's folder with mode 1733: learners put their own copy in but cannot list,
replace or delete anyone else's; the teacher reads them all) is tested for real with local Unix users
when the tests run as root (as CI does); elsewhere that test is skipped and says why. Expected answers
come from data/key.csv; interface words from data/interface.yaml.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import claimlab
from claimlab.classroom import handin
from claimlab.classroom.results import ClassResults
from claimlab.core import store
from claimlab.core.words import word
from claimlab.ui.widgets import export

ROOT = Path(__file__).resolve().parents[2]


def plain(value: str) -> str:
    import html
    import re
    return html.unescape(re.sub(r"<[^>]+>", "", value))


def words_before_field(name: str) -> str:
    """The start of an interface text, up to its first {field}: what a test may look for."""
    return word(name).split("{", 1)[0].strip()


@pytest.fixture
def drop_box(tmp_path):
    folder = tmp_path / "handin"
    folder.mkdir()
    os.chmod(folder, handin.DROP_BOX_MODE)
    return folder


@pytest.fixture
def rated(ds, tmp_path):
    """A learner's answers store with one claim rated as the key has it."""
    st = store.AnswerStore(tmp_path / "home" / "my_answers" / "answers.json")
    rater = claimlab.rate("CL25", store=st)
    for dim in ds.dimensions():
        rater.controls[dim["id"]].value = str(ds.key.loc["CL25", dim["id"]])
    rater.check()
    return st


def test_the_button_hands_in_and_the_class_results_read_it(ds, rated, drop_box, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_HANDIN", str(drop_box))
    monkeypatch.setenv("JUPYTERHUB_USER", "amira.haddad")
    panel = claimlab.export_answers(store=rated)
    panel.button.click()
    assert panel.last_error is None
    copy = panel.handed_in
    assert copy is not None and copy.parent == drop_box
    assert copy.name == export.handin_name("amira.haddad", rated.learner_id)
    assert copy.name.startswith("amira.haddad-") and len(copy.stem) > len("amira.haddad-") + 16
    assert stat.S_IMODE(copy.stat().st_mode) == 0o644  # the teacher reads it whatever the learner's umask
    shown = plain(panel.result.value)
    assert words_before_field("export.handed_in") in shown and str(copy) in shown
    assert panel.written is not None and panel.written.is_file()  # the learner's own copy too
    assert words_before_field("export.saved_too") in shown
    results = ClassResults(drop_box, ds=ds, progress=False)
    assert [learner.path for learner in results.learners] == [copy]
    assert results.learners[0].ratings["CL25"] == {d["id"]: str(ds.key.loc["CL25", d["id"]]) for d in ds.dimensions()}


def test_pressing_again_replaces_the_copy(rated, drop_box, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_HANDIN", str(drop_box))
    monkeypatch.setenv("JUPYTERHUB_USER", "jonas")
    panel = claimlab.export_answers(store=rated)
    first = panel.export()
    handed = panel.handed_in
    rated.save_note("summary", "changed my mind")
    panel.export()
    assert panel.handed_in == handed and first == panel.written
    assert [p.name for p in drop_box.iterdir()] == [handed.name]  # no temporary file left behind
    assert json.loads(handed.read_text(encoding="utf-8"))["notes"]["summary"] == "changed my mind"


def test_a_missing_folder_is_said_plainly_and_nothing_is_lost(rated, tmp_path, monkeypatch):
    missing = tmp_path / "not_made_yet"
    monkeypatch.setenv("CLAIMLAB_HANDIN", str(missing))
    panel = claimlab.export_answers(store=rated)
    assert panel.export() is not None  # the learner's own copy
    assert panel.handed_in is None and not missing.exists()  # never created by a learner
    shown = plain(panel.result.value)
    assert words_before_field("export.handin_failed") in shown and str(missing) in shown
    assert "Traceback" not in shown and 'download="' in panel.result.value


def test_without_a_hand_in_folder_the_button_is_as_before(rated, monkeypatch):
    monkeypatch.delenv("CLAIMLAB_HANDIN", raising=False)
    panel = claimlab.export_answers(store=rated)
    panel.export()
    assert panel.handed_in is None
    assert words_before_field("export.saved") in plain(panel.result.value)
    assert words_before_field("export.handed_in") not in plain(panel.result.value)


def test_names_are_safe_and_keyed_to_the_learner(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "../evil name@school")
    assert export.hub_user() == "evil_name_school"
    a, b = export.handin_name("x", "id-1"), export.handin_name("x", "id-2")
    assert a != b and a == export.handin_name("x", "id-1") and "/" not in a


def test_the_folder_check_names_each_problem(tmp_path):
    folder = tmp_path / "box"
    assert "cannot be used" in handin.problems(folder)[0]
    folder.mkdir()
    os.chmod(folder, 0o777)
    found = " ".join(handin.problems(folder))
    assert "read each other's copies" in found and "sticky" in found
    os.chmod(folder, 0o1700)
    assert "cannot write into it" in " ".join(handin.problems(folder))
    os.chmod(folder, handin.DROP_BOX_MODE)
    owner_problems = handin.problems(folder)
    assert all("belongs to root" in p for p in owner_problems)  # only the owner, when run as root
    assert (os.geteuid() == 0) == bool(owner_problems)


# --------------------------------------------------------------------------- real Unix users (root only)
LEARNER = textwrap.dedent("""
    import os, sys
    import claimlab
    from claimlab.core import store
    st = store.AnswerStore(os.path.join(os.environ["HOME"], "answers.json"))
    rater = claimlab.rate("CL25", store=st)
    rater.check()  # nothing chosen: still an answers file to hand in
    st.save_note("summary", "written by " + os.environ["JUPYTERHUB_USER"])
    panel = claimlab.export_answers(store=st)
    panel.export()
    print(panel.handed_in)
""")


@pytest.fixture(scope="module")
def unix_users():
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("the hand-in permission model is tested with real local users, which needs root and useradd "
                    "(CI runs as root)")
    tag = secrets.token_hex(3)
    names = {role: f"clh{role[0]}{tag}" for role in ("teacher", "alice", "bob")}
    made = []
    try:
        for name in names.values():
            subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True)
            made.append(name)
        yield names
    finally:
        for name in made:
            subprocess.run(["userdel", name], check=False)


def as_user(name: str, code: str, home: Path, env: dict | None = None, umask: int = 0o022):
    home.mkdir(parents=True, exist_ok=True)
    shutil.chown(home, user=name)
    full = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
            "CLAIMLAB_ROOT": str(ROOT), "CLAIMLAB_ANSWERS": str(home / "answers.json"), **(env or {})}
    return subprocess.run([sys.executable, "-c", code], user=name, group=name, env=full, cwd=home, umask=umask,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def shared_tmp():
    """A folder other users can reach (pytest's own temporary folders are root's alone)."""
    import tempfile
    folder = Path(tempfile.mkdtemp(prefix="claimlab-handin-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_two_learners_and_a_teacher_with_real_permissions(unix_users, shared_tmp):
    tmp_path = shared_tmp
    box = tmp_path / "handin"
    made = subprocess.run([sys.executable, "-m", "claimlab", "hub", "handin", "--create", str(box), "--teacher",
                           unix_users["teacher"]], capture_output=True, text=True, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(box.stat().st_mode) == 0o1733

    def hand_in(role: str, umask: int = 0o022) -> Path:
        name = unix_users[role]
        done = as_user(name, LEARNER, tmp_path / role, {"CLAIMLAB_HANDIN": str(box), "JUPYTERHUB_USER": name},
                       umask=umask)
        assert done.returncode == 0, done.stderr[-2000:]
        return Path(done.stdout.strip().splitlines()[-1])

    alice = hand_in("alice", umask=0o077)  # a strict umask: the teacher must still read it
    bob = hand_in("bob")
    assert alice.parent == box and bob.parent == box and alice.owner() == unix_users["alice"]

    # Bob cannot list the folder, nor delete or replace Alice's copy (sticky bit).
    probe = as_user(unix_users["bob"], textwrap.dedent(f"""
        import os, sys
        results = []
        for what, act in [("list", lambda: os.listdir({str(box)!r})),
                          ("delete", lambda: os.unlink({str(alice)!r})),
                          ("replace", lambda: (open({str(box / 'b.tmp')!r}, "w").close(),
                                               os.replace({str(box / 'b.tmp')!r}, {str(alice)!r})))]:
            try:
                act(); results.append(what + ":allowed")
            except PermissionError:
                results.append(what + ":refused")
        os.unlink({str(box / 'b.tmp')!r})  # his own file: he may remove it
        print(" ".join(results))
    """), tmp_path / "bob")
    assert probe.stdout.split() == ["list:refused", "delete:refused", "replace:refused"], probe.stderr
    assert "written by " + unix_users["alice"] in alice.read_text(encoding="utf-8")  # untouched

    # Bob takes Alice's name before she hands in again: her copy still arrives, under a fresh name.
    alice.unlink()
    squat = as_user(unix_users["bob"], f"open({str(alice)!r}, 'w').write('{{}}')", tmp_path / "bob")
    assert squat.returncode == 0, squat.stderr
    again = hand_in("alice")
    assert again != alice and again.owner() == unix_users["alice"]

    # The teacher lists and reads every copy: who handed in (file owners), and the class results.
    teacher = as_user(unix_users["teacher"], textwrap.dedent(f"""
        from claimlab.classroom.results import ClassResults
        results = ClassResults({str(box)!r}, progress=False)
        print(sorted(str(learner.path) for learner in results.learners))
        print(len(results.skipped))
    """), tmp_path / "teacher")
    assert teacher.returncode == 0, teacher.stderr[-2000:]
    read, skipped = teacher.stdout.strip().splitlines()[-2:]
    assert eval(read) == sorted([str(again), str(bob)])  # noqa: S307 - our own printed list
    assert skipped == "1"  # Bob's empty squatting file: not an answers file
    listed = as_user(unix_users["teacher"], f"import sys; from claimlab.cli import main; "
                     f"sys.exit(main(['hub', 'handin', {str(box)!r}]))", tmp_path / "teacher")
    assert listed.returncode == 0, listed.stdout + listed.stderr  # the folder as it should be: no problem
    assert unix_users["alice"] in listed.stdout and unix_users["bob"] in listed.stdout, listed.stderr
