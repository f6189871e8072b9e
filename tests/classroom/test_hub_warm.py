"""Ready at the bell (issue 28): ``python -m claimlab hub warm`` against a real JupyterHub.

The hub is the benchmark's (benchmarks/hub_class.py): the recommended recipe deploy/local/jupyterhub_config.py
with a login for simulated learners, on 127.0.0.1 ports 8876-8889 (the benchmark uses 8830-8870 at the same
time), started in a temporary folder and always stopped. It needs configurable-http-proxy (installed once from
npm into a cache folder by the benchmark); without npm the hub tests are skipped, except in CI.
"""
from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from claimlab.classroom import hub as warm
from claimlab.classroom.hub import run_coroutine

ROOT = Path(__file__).resolve().parents[2]
PORT = 8876
NOTEBOOK = "claimlab/notebooks/02_judging_sources.ipynb"


# --------------------------------------------------------------------------- arguments, no hub
def test_users_from_a_list_and_a_file(tmp_path):
    listing = tmp_path / "class.txt"
    listing.write_text("# period 3\namira\n\njonas, lena  # two on a line\namira\n", encoding="utf-8")
    assert warm.read_users("zoe,amira", listing) == ["zoe", "amira", "jonas", "lena"]
    with pytest.raises(warm.HubSetupError, match="No learners"):
        warm.read_users(" , ", None)
    with pytest.raises(warm.HubSetupError, match="Not a hub user name"):
        warm.read_users("a/b", None)
    with pytest.raises(warm.HubSetupError, match="Could not read the users file"):
        warm.read_users(None, tmp_path / "missing.txt")


def test_the_token_file(tmp_path):
    token = tmp_path / "token"
    with pytest.raises(warm.HubSetupError, match="Could not read the token file"):
        warm.read_token(token)
    token.write_text("two words\n")
    with pytest.raises(warm.HubSetupError, match="one token"):
        warm.read_token(token)
    token.write_text("abc123\n")
    token.chmod(0o644)
    text, notes = warm.read_token(token)
    assert text == "abc123" and "chmod 600" in notes[0]
    token.chmod(0o600)
    assert warm.read_token(token) == ("abc123", [])


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimlab", "hub", *args], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)


def test_exit_2_when_nothing_can_be_done(tmp_path):
    token = tmp_path / "token"
    done = run_cli("warm", "--hub", "http://127.0.0.1:9", "--token-file", str(token), "--users", "a")
    assert done.returncode == 2 and "Could not read the token file" in done.stdout
    token.write_text("abc")
    token.chmod(0o600)
    done = run_cli("warm", "--hub", "http://127.0.0.1:9", "--token-file", str(token), "--users", "a")
    assert done.returncode == 2 and "Could not reach the hub" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


# --------------------------------------------------------------------------- a real hub
def _bench():
    spec = importlib.util.spec_from_file_location("claimlab_hub_bench", ROOT / "benchmarks" / "hub_class.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def real_hub(tmp_path_factory):
    bench = _bench()
    cached = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    if shutil.which("npm") is None and not os.environ.get("CI"):
        pytest.skip("needs npm (configurable-http-proxy for the hub); CI installs it")
    os.environ.pop("XDG_CACHE_HOME", None)  # the proxy's install is shared with the benchmark's
    try:
        proxy = bench.proxy_command()
    finally:
        os.environ["XDG_CACHE_HOME"] = str(cached)
    tmp = tmp_path_factory.mktemp("hub")
    (tmp / "home").mkdir()
    (tmp / "handin").mkdir(mode=0o1733)
    (tmp / "lite").mkdir()
    (tmp / "lite" / "index.html").write_text("<title>lite for the warm test</title>", encoding="utf-8")
    repo = bench.local_clone(tmp)
    hub = bench.Hub(tmp, PORT, secrets.token_hex(32), bench.learner_names(3))
    try:
        hub.start(proxy, PORT + 10)
        run_coroutine(bench.wait_for_hub(hub, timeout=120))
        token = tmp / "teacher.token"
        token.touch(mode=0o600)
        token.write_text(hub.token)
        yield hub, repo, token
    finally:
        hub.stop()


def api(hub, path: str):
    request = urllib.request.Request(hub.url + path, headers={"Authorization": f"token {hub.token}"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        return json.loads(reply.read())


def test_warm_starts_pulls_and_keeps_a_kernel_for_the_notebook(real_hub):
    hub, repo, token = real_hub
    done = run_cli("warm", "--hub", hub.url, "--token-file", str(token), "--users", "learner01,learner02",
                   "--pull", f"file://{repo}", "--branch", "hub-bench", "--target", "claimlab", "--open", NOTEBOOK)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All 2 ready" in done.stdout
    for name in ("learner01", "learner02"):
        assert f"{name}: ready (server started; claimlab pulled; kernel kept running for {NOTEBOOK}" in done.stdout
        assert api(hub, f"/hub/api/users/{name}")["servers"][""]["ready"]
        sessions = api(hub, f"/user/{name}/api/sessions")
        assert [s["path"] for s in sessions] == [NOTEBOOK]
        assert (hub.tmp / "home" / name / NOTEBOOK).is_file()
    # again: the running servers are found, and JupyterLab would find the same session
    again = run_cli("warm", "--hub", hub.url, "--token-file", str(token), "--users", "learner01", "--open", NOTEBOOK)
    assert again.returncode == 0 and "server was already running" in again.stdout, again.stdout
    assert len(api(hub, "/user/learner01/api/sessions")) == 1


def test_a_kernel_warmed_and_stopped_and_a_user_who_is_not_there(real_hub, tmp_path):
    hub, repo, token = real_hub
    users = tmp_path / "class.txt"
    users.write_text("learner03\nnobody  # not on the hub\n")
    done = run_cli("warm", "--hub", hub.url, "--token-file", str(token), "--users-file", str(users),
                   "--pull", f"file://{repo}", "--branch", "hub-bench", "--target", "claimlab")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "learner03: ready (server started; claimlab pulled; kernel warmed and stopped" in done.stdout
    assert "nobody: NOT READY: no such user on the hub" in done.stdout
    assert "NOT ready: nobody" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert api(hub, "/user/learner03/api/kernels") == []  # stopped again


def test_a_refused_token_is_exit_2(real_hub, tmp_path):
    hub, _repo, _token = real_hub
    wrong = tmp_path / "wrong.token"
    wrong.write_text("not-a-token")
    wrong.chmod(0o600)
    done = run_cli("warm", "--hub", hub.url, "--token-file", str(wrong), "--users", "learner01")
    assert done.returncode == 2 and "refused the token" in done.stdout, done.stdout + done.stderr


def test_the_lite_folder_is_served_from_the_hub(real_hub):
    hub, _repo, _token = real_hub
    with urllib.request.urlopen(f"{hub.url}/services/lite/", timeout=60) as reply:
        assert "lite for the warm test" in reply.read().decode()
    with urllib.request.urlopen(f"{hub.url}/services/lite", timeout=60) as reply:  # redirected to the folder
        assert reply.geturl().endswith("/services/lite/")


def test_a_hub_under_a_base_url():
    async def make():
        return warm.Hub("https://hub.school.example/jupyter/hub/", "t")
    made = run_coroutine(make())
    assert made.url == "https://hub.school.example/jupyter"  # API calls: /jupyter/hub/api/...
    assert made.origin == "https://hub.school.example"  # the API gives servers as /jupyter/user/NAME/


def test_the_warm_command_runs_where_an_event_loop_is_already_running():
    """A notebook's kernel (or a browser test's Playwright) has a running loop; asyncio.run would refuse."""
    import asyncio

    async def inner():
        return "ready"

    async def outer():
        return run_coroutine(inner())

    import threading
    got = []
    runner = threading.Thread(target=lambda: got.append(asyncio.run(outer())))  # a thread with no loop yet,
    runner.start()  # whatever runs in the test's own thread (Playwright's loop, on a browser test's worker)
    runner.join(30)
    assert got == ["ready"]
