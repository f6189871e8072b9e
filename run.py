#!/usr/bin/env python3
"""Claim Lab's two commands, for any machine with Python 3.11 or newer.

    python3 run.py lab     set everything up, then open JupyterLab at the first notebook
    python3 run.py test    set everything up, then run every test

    python3 run.py lab my_article        the same for a module built on another article (its folder)
    python3 run.py claimlab new-article ...   any `python -m claimlab` command, in Claim Lab's
                                              environment, run in the folder you are in

Setting up means: make a private environment in .venv/ (once), install the exact
versions and the claimlab package into it, and reinstall only when the requirements
or pyproject.toml change. `lab` installs only what learners use (requirements.txt);
every other command adds the tools to check data and run tests (requirements-dev.txt).
Nothing outside this folder is touched.

Other tasks an author may want (each also sets up first):

    python3 run.py validate    check every data file and record data/manifest.json
    python3 run.py exercises   regenerate exercises/ from solutions/
    python3 run.py execute     re-run every notebook in place to refresh stored outputs
    python3 run.py html        build static HTML pages of every notebook into site/
    python3 run.py benchmark   time and measure every notebook (see benchmarks/)
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".claimlab-installed"
FIRST_NOTEBOOK = "notebooks/00_start_here.ipynb"
LAB_CONFIG = ROOT / ".jupyter"  # JupyterLab's settings for Claim Lab only (the user's ~/.jupyter is not read)
# The requirement files each kind of setup installs: learners get what JupyterLab and their kernel use;
# "dev" adds the data-checking, test and hub tools (requirements-dev.txt starts with -r requirements.txt).
REQUIREMENTS = {"learner": ("requirements.txt",), "dev": ("requirements.txt", "requirements-dev.txt")}
SETUP_FOR = {"lab": "learner"}  # every other command needs the dev set


def lab_settings_module():
    """binder/lab_settings.py: Claim Lab's JupyterLab settings, the same for run.py lab, Binder and hubs."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("claimlab_lab_settings", ROOT / "binder" / "lab_settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# no news and no update check (each would ask the internet and pop up a notice over the lesson), every
# cell on the page; a saved notebook keeps a widget's text form, never a dead widget's view
LAB_SETTINGS = lab_settings_module().lab_settings()
SERVER_SETTINGS = lab_settings_module().server_settings()


def say(message: str) -> None:
    print(f"[claimlab] {message}", flush=True)


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    exe = "python.exe" if os.name == "nt" else "python"
    return VENV / scripts / exe


def wanted_stamp(kind: str = "dev") -> str:
    """What the environment must hold for ``kind`` ("learner" or "dev"), as a line for the stamp file."""
    digest = hashlib.sha256()
    for name in (*REQUIREMENTS[kind], "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return f"{kind} {digest.hexdigest()}"


def installed_enough(kind: str) -> bool:
    """True when .venv holds what ``kind`` needs: the same set, or the dev set (which includes the learner's)."""
    if not STAMP.exists():
        return False
    have = STAMP.read_text().strip()
    return have == wanted_stamp(kind) or (kind == "learner" and have == wanted_stamp("dev"))


def setup(kind: str = "dev") -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - run.py must explain itself on an older Python
        sys.exit(f"Claim Lab needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        say("creating a private Python environment in .venv/ (first run only)")
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except Exception as exc:  # e.g. Debian without python3-venv
            sys.exit(
                "Could not create .venv/ "
                f"({exc}).\nOn Debian or Ubuntu install it with: sudo apt install python3-venv"
            )
    if not installed_enough(kind):
        what = "what learners use" if kind == "learner" else "the author and test tools"
        say(f"installing the pinned packages ({what}) into .venv/ (a few minutes the first time)")
        pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
        subprocess.run(pip + ["--upgrade", "pip"], check=True)
        # pip compiles each package to bytecode one file at a time; compileall does it on every core
        # (about half the install's time on 2 cores). Kernels then import from bytecode at once.
        subprocess.run(pip + ["--no-compile", "-r", str(ROOT / REQUIREMENTS[kind][-1])], check=True)
        subprocess.run(pip + ["--no-deps", "-e", str(ROOT)], check=True)
        compile_bytecode(python, kind)
        STAMP.write_text(wanted_stamp(kind))
    return python


# What a learner's JupyterLab and kernel import: compiled to bytecode at setup, so the first kernel starts
# at once. The rest of the learner set is compiled by Python when first used (most of it never is);
# compiling all of it (124 MB, with pandas' and numpy's own tests) would make the install 487 MB.
WARM_UP = ("import claimlab, claimlab.ui.widgets.rater, claimlab.ui.widgets.exercise_box, claimlab.ui.display, "
           "claimlab.charts.show, claimlab.core.rubric, claimlab.ui.saving, pandas, plotly.graph_objects, plotly.io, "
           "ipywidgets, ipykernel.kernelapp, ipykernel.ipkernel, IPython, yaml, filelock, jupyterlab.labapp, "
           "jupyter_server.serverapp, claimlab.core.dataset, claimlab.core.exercises")


def compile_bytecode(python: Path, kind: str) -> None:
    """Bytecode for what will be imported: everything for the dev set, what learners import for theirs."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if kind == "learner":
        command = [str(python), "-c", WARM_UP]
    else:
        site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              check=True, capture_output=True, text=True).stdout.strip()
        command = [str(python), "-m", "compileall", "-q", "-j", "0", site, str(ROOT / "src")]
    # a file that does not compile, or a warm-up that fails, only makes the first start slower
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def run(python: Path, *args: str, env: dict | None = None) -> int:
    return subprocess.run([str(python), *args], cwd=ROOT, env=env).returncode


def test_env() -> dict:
    """Tests never read or write a learner's own answers file."""
    env = dict(os.environ)
    scratch = Path(tempfile.mkdtemp(prefix="claimlab-test-"))
    env["CLAIMLAB_ANSWERS"] = str(scratch / "answers.json")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def write_lab_config(folder: Path = LAB_CONFIG) -> Path:
    """Write Claim Lab's JupyterLab settings into ``folder`` (used as JUPYTER_CONFIG_DIR); return it."""
    return lab_settings_module().apply(folder)


def lab_command(python: Path, root: Path = ROOT, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """``jupyter lab`` serving the whole Claim Lab folder (lessons, exercises, solutions, data) at notebook 00.

    Notebook 00 opens whichever address is used: the browser JupyterLab opens, and the addresses it
    prints, which lead to its default URL (by default the Launcher).
    """
    command = [str(python), "-m", "jupyter", "lab", f"--ServerApp.root_dir={root}",
               f"--LabApp.default_url=/lab/tree/{FIRST_NOTEBOOK}", *extra]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        command.append("--allow-root")  # e.g. inside a container, where everything runs as root
    return [*command, str(root / FIRST_NOTEBOOK)]


def lab_env(config: Path = LAB_CONFIG) -> dict:
    env = dict(os.environ)
    env["JUPYTER_CONFIG_DIR"] = str(write_lab_config(config))
    return env


def cmd_lab(python: Path, extra: list[str]) -> int:
    root = ROOT
    if extra and not extra[0].startswith("-"):  # another article's module: python3 run.py lab my_article
        root, extra = Path(extra[0]).resolve(), extra[1:]
        if not (root / FIRST_NOTEBOOK).is_file():
            say(f"{root} has no {FIRST_NOTEBOOK}: give the folder that new-article made, after --build")
            return 2
    say(f"opening JupyterLab at {FIRST_NOTEBOOK} in {root} (stop it with Ctrl+C)")
    return subprocess.run(lab_command(python, root, extra), cwd=root, env=lab_env()).returncode


def cmd_claimlab(python: Path, extra: list[str]) -> int:
    """``python -m claimlab ...`` in Claim Lab's environment, in the folder the user is in."""
    return subprocess.run([str(python), "-m", "claimlab", *extra]).returncode


# pytest-xdist: one worker per CPU core; each test file (and so each notebook, whose cells must run
# in order in one kernel) stays on one worker. Every worker has its own answers file and cache
# (tests/conftest.py), so tests on different workers cannot meet. Add "-n 0" to run in one process.
PARALLEL = ["-n", "auto", "--dist", "loadfile", "--no-loadscope-reorder"]  # slow files first: tests/conftest.py


def cmd_test(python: Path, extra: list[str]) -> int:
    env = test_env()
    steps = [
        ("code style and common mistakes (ruff)", ["-m", "ruff", "check", "."]),
        ("the data is valid and data/manifest.json records it", ["-m", "claimlab", "validate", "--check"]),
        ("unit, data, widget, chart, lean-runtime and browser tests", ["-m", "pytest", *PARALLEL, "tests", *extra]),
        ("notebooks, solutions and the instructor notebook, outputs compared (strict nbval)",
         ["-m", "pytest", *PARALLEL, "--nbval", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
          "notebooks", "solutions", "instructors", *extra]),
        ("exercises run unanswered without errors (nbval-lax)",
         ["-m", "pytest", *PARALLEL, "--nbval-lax", "exercises", *extra]),
    ]
    failed = []
    for title, args in steps:
        say(f"test step: {title}")
        if run(python, *args, env=env) != 0:
            failed.append(title)
    if failed:
        say("FAILED: " + "; ".join(failed))
        return 1
    say("all test steps passed")
    return 0


COMMANDS = {
    "lab": cmd_lab,
    "test": cmd_test,
    "validate": lambda py, extra: run(py, "-m", "claimlab", "validate", *extra),
    "exercises": lambda py, extra: run(py, "-m", "claimlab", "exercises", *extra),
    "execute": lambda py, extra: run(py, "-m", "claimlab", "execute", *extra, env=test_env()),
    "claimlab": cmd_claimlab,
    "html": lambda py, extra: run(py, "-m", "claimlab", "html", *extra),
    "benchmark": lambda py, extra: run(py, "benchmarks/run_benchmark.py", *extra, env=test_env()),
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    python = setup(SETUP_FOR.get(argv[0], "dev"))
    return COMMANDS[argv[0]](python, argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
