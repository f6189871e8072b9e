"""The hub image imports claimlab from its environment, not from the home folder (issue 28).

repo2docker copies the repository into the image's home folder (``REPO_DIR = HOME``), installs
binder/environment.yml and there runs binder/postBuild, which installs claimlab (``pip install .``); on Zero
to JupyterHub each learner's volume is mounted over that home folder, so the image's copy of the repository
is hidden in every pod. This test builds the same environment the same way, on a small scale:

1. a copy of the repository (what git tracks or would track) in a temporary "home";
2. a fresh virtual environment standing in for the image's conda environment, whose other packages
   are the project's .venv (a ``.pth`` line: what ``--system-site-packages`` gives when .venv is the
   system), so only claimlab itself is installed: ``pip install --no-deps <binder/postBuild's pip
   install line>``, run in the home folder as repo2docker runs it;
3. the home folder moved away and an empty one put in its place (the learner's volume), into which
   the module is copied as the postStart hook copies it;
4. in that environment, in the copy's notebooks/ folder: import claimlab (it must come from the
   environment's site-packages), load the data (from the copy) and check a rating.

With ``-e .`` (what environment.yml had), step 4 fails: the second test shows it. Building the wheel
needs setuptools from the package index (or pip's cache); about 3 s per install on 2 cores.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

KERNEL = r"""
import os, sys, sysconfig
from pathlib import Path
import claimlab as cl
where = Path(cl.__file__).resolve()
purelib = Path(sysconfig.get_paths()["purelib"]).resolve()
if not where.is_relative_to(purelib):
    sys.exit(f"claimlab imported from {where}, not from the environment's {purelib}")
ds = cl.load()
copy = Path(os.environ["HOME"]).resolve() / "claimlab"
if ds.root != copy:
    sys.exit(f"data loaded from {ds.root}, not from the learner's copy {copy}")
claim = ds.claim_ids()[0]
cl.rate(claim).check()
print(f"OK: claimlab from {where.parent}; {len(ds.claims)} claims from {ds.root}; {claim} rated and checked")
"""


def pip_lines(name: str = "environment.yml") -> list[str]:
    """The local requirements in a conda environment file's pip section."""
    env = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    for dep in env["dependencies"]:
        if isinstance(dep, dict) and "pip" in dep:
            return [line for line in dep["pip"] if line.lstrip("-e ").startswith((".", "file:"))]
    return []


def post_build_installs() -> list[str]:
    """What binder/postBuild installs with pip (repo2docker runs it in REPO_DIR): the local paths only."""
    found = []
    for line in (ROOT / "binder" / "postBuild").read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if "pip" in words and "install" in words:
            after = words[words.index("install") + 1:]
            editable = ["-e"] if "-e" in after or "--editable" in after else []
            found += [" ".join([*editable, w]) for w in after if w.startswith((".", "file:"))]
    return found


def repository_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def build_image_env(tmp: Path, requirement: str) -> tuple[Path, Path]:
    """(the environment's python, the home folder) after installing ``requirement`` as repo2docker would."""
    home = tmp / "home" / "jovyan"
    for name in repository_files():
        (home / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, home / name)
    prefix = tmp / "srv" / "conda" / "envs" / "notebook"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(prefix)
    python = prefix / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    (purelib / "_claimlab_test_other_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    command = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-compile",
               "--quiet", "--disable-pip-version-check", *requirement.split()]
    try:
        subprocess.run(command, cwd=home, check=True, capture_output=True, text=True, timeout=300)
    except subprocess.CalledProcessError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"could not build claimlab's wheel (needs setuptools from the package index): {exc.stderr[-300:]}")
    return python, home


def hide_home_and_pull(tmp: Path, home: Path) -> Path:
    """Mount an empty volume over the home folder, then copy the module in (as claimlab-pull does)."""
    away = tmp / "image-home-hidden"
    home.rename(away)
    home.mkdir()
    shutil.copytree(away, home / "claimlab", ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    return home / "claimlab"


def run_kernel(python: Path, home: Path, tmp: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMLAB_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(tmp / "cache"), CLAIMLAB_ANSWERS=str(tmp / "answers.json"))
    return subprocess.run([str(python), "-c", KERNEL], cwd=home / "claimlab" / "notebooks", env=env,
                          capture_output=True, text=True, timeout=300)


def test_environment_yml_installs_claimlab_into_the_environment():
    assert pip_lines() == ["."], "environment.yml's pip section must install claimlab with '.' (not -e)"
    assert post_build_installs() == ["."], "binder/postBuild must install claimlab with '.' (not -e)"
    assert pip_lines("binder/environment.yml") == [], "in binder/environment.yml, '.' would mean binder/ itself"


def test_the_image_imports_claimlab_with_its_home_folder_hidden(tmp_path):
    (line,) = post_build_installs()
    python, home = build_image_env(tmp_path, line)
    hide_home_and_pull(tmp_path, home)
    result = run_kernel(python, home, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: claimlab from" in result.stdout and "site-packages" in result.stdout


def test_an_editable_install_would_find_nothing_once_the_home_folder_is_hidden(tmp_path):
    """What environment.yml's ``-e .`` gave a pod: the package's path pointed into the hidden folder."""
    python, home = build_image_env(tmp_path, "-e .")
    hide_home_and_pull(tmp_path, home)
    result = run_kernel(python, home, tmp_path)
    assert result.returncode != 0 and "claimlab" in result.stderr, result.stdout + result.stderr
