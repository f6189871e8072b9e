"""The JupyterLite edition: the whole module in the browser, with no server and nothing to install.

    python -m claimlab lite                 # -> build/lite/ (open index.html from any static host)
    python -m claimlab lite --out /tmp/lite

Built with ``jupyterlite-core`` and ``jupyterlite-pyodide-kernel`` from PyPI (the build is theirs, this
module only stages what goes in). They are pinned in :data:`LITE_TOOLS` and installed on the first build
into ``build/lite-tools/`` (git-ignored), not into the environment that runs JupyterLab: the Pyodide
kernel's JupyterLab extension, once installed next to a normal JupyterLab, makes it report errors at
every start ("Shared module @jupyterlite/services doesn't exist"). The site holds:

* the lesson, exercise and solution notebooks and ``data/``, as the in-browser drive's files, laid out
  as in this folder, so ``claimlab`` finds ``data/`` above the notebooks as it does in JupyterLab;
* the claimlab wheel, built from this folder, offered to the Pyodide kernel by piplite. Each
  notebook copy in the site gets one first cell, ``%pip install claimlab``, which installs it in the
  browser (the notebooks in this folder are not changed). Pyodide brings pandas and PyYAML;
  piplite fetches plotly, ipywidgets and filelock (pure-Python wheels) when the cell runs;
* ``jupyter-lite.json`` settings that open JupyterLab at ``notebooks/00_start_here.ipynb``.

Answers: ``claimlab.core.store`` writes ``my_answers/answers.json`` next to ``data/`` as everywhere
else; in JupyterLite that file lives in the in-browser drive (the browser's IndexedDB for this site),
so it survives reloads, is lost when the browser's site data is cleared, and notebook 06's export
button downloads it like anywhere else.

What JupyterLite cannot do: the Pyodide kernel and its packages are downloaded from a CDN the first
time a notebook runs, so the first start needs the internet; nbconvert, JupyterLab's server side and
frictionless do not run there (they are author tools, not needed by learners).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

__all__ = ["LITE_TOOLS", "LiteBuildError", "CONTENT_FOLDERS", "FIRST_NOTEBOOK", "INSTALL_CELL", "stage", "build_wheel", "build"]

LITE_TOOLS = ("jupyterlite-core==0.8.6", "jupyterlite-pyodide-kernel==0.8.6", "doit==0.37.0", "pkginfo==2.0")
CONTENT_FOLDERS = ("notebooks", "exercises", "solutions", "data")
FIRST_NOTEBOOK = "notebooks/00_start_here.ipynb"
INSTALL_CELL = "%pip install -q claimlab  # JupyterLite only: installs Claim Lab in this browser"
INSTALL_NOTE = ("*JupyterLite:* the next cell installs Claim Lab in your browser (the first time takes a "
                "minute and needs the internet). Run it first, then go on as usual.")


class LiteBuildError(RuntimeError):
    """The JupyterLite site could not be built; the message says why, in plain words."""


def _with_install_cell(path: Path, target: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells = [nbformat.v4.new_markdown_cell(INSTALL_NOTE), nbformat.v4.new_code_cell(INSTALL_CELL), *nb.cells]
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


def stage(root: Path, contents: Path) -> list[Path]:
    """Copy what the learner's drive holds into ``contents``; return the notebooks staged."""
    notebooks = []
    for folder in CONTENT_FOLDERS:
        source = root / folder
        if not source.is_dir():
            continue
        for path in sorted(source.rglob("*")):
            if not path.is_file() or ".ipynb_checkpoints" in path.parts or "__pycache__" in path.parts:
                continue
            target = contents / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".ipynb":
                _with_install_cell(path, target)
                notebooks.append(target)
            else:
                shutil.copyfile(path, target)
    return notebooks


def build_wheel(root: Path, target: Path) -> Path:
    """The claimlab wheel built from ``root`` (pip, with the setuptools pyproject.toml asks for)."""
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                             "--quiet", "-w", str(target), str(root)], capture_output=True, text=True)
    wheels = sorted(target.glob("claimlab-*.whl"))
    if result.returncode or not wheels:
        raise LiteBuildError(f"Could not build the claimlab wheel: {(result.stderr or result.stdout)[-800:]}")
    return wheels[-1]


def _lite_config() -> dict:
    return {"jupyter-lite-schema-version": 0,
            "jupyter-config-data": {
                "appName": "Claim Lab",
                "defaultKernelName": "python",
                # no news or update check (each would ask the internet and pop up a notice)
                "settingsOverrides": {"@jupyterlab/apputils-extension:notification":
                                      {"fetchNews": "false", "checkForUpdates": False}},
            }}


def lite_tools(root: Path) -> Path:
    """The folder holding the pinned JupyterLite tools (installed there with pip the first time)."""
    import hashlib
    folder = root / "build" / "lite-tools" / hashlib.sha256(" ".join(LITE_TOOLS).encode()).hexdigest()[:12]
    if (folder / ".complete").is_file():
        return folder
    print(f"installing {', '.join(LITE_TOOLS)} into {folder} (once)", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                             "--no-deps", "--target", str(folder), *LITE_TOOLS], capture_output=True, text=True)
    if result.returncode:
        raise LiteBuildError(f"Could not install JupyterLite ({' '.join(LITE_TOOLS)}) with pip; it needs the "
                             f"package registry once: {(result.stderr or result.stdout)[-800:]}")
    (folder / ".complete").write_text("\n".join(LITE_TOOLS) + "\n", encoding="utf-8")
    return folder


def build(root: Path, out: Path) -> Path:
    """Build the JupyterLite site of the Claim Lab folder ``root`` into ``out``; return ``out``."""
    import os
    root, out = Path(root).resolve(), Path(out).resolve()
    tools = lite_tools(root)
    # the site gets the Pyodide kernel's extension from the tools folder, and this environment's widget
    # and plotly extensions from sys.prefix
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tools), os.environ.get("PYTHONPATH")]))}
    with tempfile.TemporaryDirectory(prefix="claimlab-lite-") as scratch:
        scratch_dir = Path(scratch)
        contents = scratch_dir / "contents"
        notebooks = stage(root, contents)
        if not any(p.relative_to(contents).as_posix() == FIRST_NOTEBOOK for p in notebooks):
            raise LiteBuildError(f"{root / FIRST_NOTEBOOK} is missing: the site opens there.")
        wheel = build_wheel(root, scratch_dir / "wheels")
        lite_dir = scratch_dir / "lite"
        lite_dir.mkdir()
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(_lite_config(), indent=2), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        command = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir),
                   "--contents", str(contents), "--piplite-wheels", str(wheel), "--output-dir", str(out),
                   "--no-sourcemaps",
                   f"--FederatedExtensionAddon.extra_labextensions_path={tools / 'share' / 'jupyter' / 'labextensions'}"]
        result = subprocess.run(command, capture_output=True, text=True, cwd=scratch_dir, env=env)
        if result.returncode or not (out / "index.html").is_file():
            raise LiteBuildError("jupyter lite build failed:\n" + (result.stderr or result.stdout)[-2000:])
    # open JupyterLab at the first notebook: the front page (which keeps the config the app pages read
    # from it) sends learners there instead of to an empty JupyterLab
    front = out / "index.html"
    page = front.read_text(encoding="utf-8")
    redirect = (f'<script>window.location.replace("lab/index.html?path={FIRST_NOTEBOOK}");</script>\n'
                "    <script type=\"module\">")
    if '<script type="module">' not in page:
        raise LiteBuildError(f"{front} is not the JupyterLite front page this version of Claim Lab knows")
    front.write_text(page.replace('<script type="module">', redirect, 1), encoding="utf-8")
    return out
