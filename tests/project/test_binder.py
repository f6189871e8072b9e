"""Binder and a class hub's image get run.py lab's JupyterLab settings from tracked files (issue 25).

``.jupyter/`` (what ``python3 run.py lab`` writes) is git-ignored, so Binder and the repo2docker image had
none of its settings: the news pop-ups came back, and reopened notebooks could show "Error displaying
widget: model not found". Now binder/overrides.json and binder/jupyter_server_config.json hold them, and
binder/postBuild (which repo2docker runs in the repository folder) puts them into the environment.

The test does what repo2docker does, on a small scale: a fresh environment (whose other packages are the
project's .venv, through a ``.pth`` line), a copy of the repository, ``binder/postBuild`` run in it; then a
fresh JupyterLab from that environment, with an empty user config folder and an empty home folder (as a
hub's learner volume), on 127.0.0.1, is asked for its effective settings, and a notebook saved through it
must lose its widget views (the pre-save hook). The server is always stopped.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def repository_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def fresh_environment(tmp: Path) -> Path:
    """A new environment whose other packages are this one's: its python."""
    prefix = tmp / "env"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(prefix)
    python = prefix / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    (purelib / "_claimlab_test_other_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def run_post_build(tmp: Path, python: Path) -> Path:
    """binder/postBuild in a copy of the repository, with the fresh environment first on the PATH."""
    repo = tmp / "repo"
    for name in repository_files():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMLAB_", "PYTHON", "VIRTUAL_ENV", "JUPYTER"))}
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    try:
        subprocess.run(["bash", "binder/postBuild"], cwd=repo, env=env, check=True, capture_output=True, text=True,
                       timeout=300)
    except subprocess.CalledProcessError as exc:
        if os.environ.get("CI") or "lab_settings" in exc.stderr:
            raise AssertionError(f"binder/postBuild failed:\n{exc.stdout}\n{exc.stderr}") from exc
        pytest.skip(f"could not build claimlab's wheel (needs setuptools from the package index): {exc.stderr[-300:]}")
    return repo


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(url: str, token: str, method: str = "GET", body: object = None) -> object:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, method=method, data=data, headers={
        "Authorization": f"token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def test_post_build_puts_the_lab_settings_into_the_environment(tmp_path):
    python = fresh_environment(tmp_path)
    repo = run_post_build(tmp_path, python)
    prefix = Path(subprocess.run([str(python), "-c", "import sys; print(sys.prefix)"], capture_output=True,
                                 text=True, check=True).stdout.strip())
    etc = prefix / "etc" / "jupyter"
    overrides = json.loads((etc / "labconfig" / "default_setting_overrides.json").read_text())
    assert overrides == json.loads((ROOT / "binder" / "overrides.json").read_text())
    server = json.loads((etc / "jupyter_server_config.json").read_text())
    assert server["FileContentsManager"]["pre_save_hook"] == "claimlab.ui.saving.pre_save_hook"
    found = subprocess.run([str(python), "-c", "import claimlab, sys; print(claimlab.__file__)"],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(found).resolve().is_relative_to(prefix.resolve()), f"claimlab imported from {found}"
    assert (repo / "binder" / "postBuild").is_file()

    # a fresh JupyterLab from that environment: no user config, an empty home, its own folders
    home, config, data, runtime = (tmp_path / n for n in ("home", "user-config", "data", "runtime"))
    for folder in (home, config, data, runtime):
        folder.mkdir()
    lab_dir = Path(sysconfig.get_paths()["data"]) / "share" / "jupyter" / "lab"  # JupyterLab's built files
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMLAB_", "PYTHON", "VIRTUAL_ENV", "JUPYTER"))}
    env.update(HOME=str(home), JUPYTER_CONFIG_DIR=str(config), JUPYTER_DATA_DIR=str(data),
               JUPYTER_RUNTIME_DIR=str(runtime), JUPYTERLAB_DIR=str(lab_dir),
               CLAIMLAB_ANSWERS=str(tmp_path / "answers.json"))
    token, port = secrets.token_hex(16), free_port()
    command = [str(python), "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={repo}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = tmp_path / "lab.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=repo, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                api(f"{base}/api/status", token)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert process.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
                time.sleep(0.25)  # the port is not open yet: nothing else to wait on
        def effective(plugin: str) -> dict:  # the schema's defaults, once the overrides are applied
            found = api(f"{base}/lab/api/settings/{plugin}", token)
            defaults = {k: v.get("default") for k, v in found["schema"]["properties"].items()}
            return {**defaults, **found["settings"]}

        notification = effective("@jupyterlab/apputils-extension:notification")
        assert (notification["fetchNews"], notification["checkForUpdates"]) == ("false", False), notification
        assert effective("@jupyterlab/notebook-extension:tracker")["windowingMode"] == "none"
        # the pre-save hook: a widget's view is not saved, its text form is
        view = {"version_major": 2, "version_minor": 0, "model_id": "0" * 32}
        notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{
            "cell_type": "code", "id": "a", "metadata": {}, "execution_count": 1, "source": "cl.rate('CL25')",
            "outputs": [{"output_type": "display_data", "metadata": {},
                         "data": {"text/plain": "Sourcing rater. Run this cell", WIDGET_VIEW: view}}]}]}
        api(f"{base}/api/contents/saved.ipynb", token, "PUT", {"type": "notebook", "format": "json", "content": notebook})
        saved = json.loads((repo / "saved.ipynb").read_text())
        assert [list(o["data"]) for o in saved["cells"][0]["outputs"]] == [["text/plain"]]
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def test_run_py_lab_uses_the_same_settings(tmp_path):
    """python3 run.py lab writes the tracked settings into its own config folder, nothing else."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("claimlab_run_py", ROOT / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    folder = run.write_lab_config(tmp_path / "jupyter")
    assert json.loads((folder / "labconfig" / "default_setting_overrides.json").read_text()) == \
        json.loads((ROOT / "binder" / "overrides.json").read_text())
    assert json.loads((folder / "jupyter_server_config.json").read_text()) == \
        json.loads((ROOT / "binder" / "jupyter_server_config.json").read_text())
    command = run.lab_command(Path(sys.executable), ROOT, ["--no-browser"])
    assert "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb" in command, \
        "the address run.py lab prints must open notebook 00, not the Launcher"
