"""Setup agrees with itself: conda, Binder and pip install the same versions (issues 2 and 7), and
learners install only what they use (issue 25): requirements.txt and binder/environment.yml are the
learner set, with no test, hub or data-checking tools; requirements-dev.txt adds those."""
from __future__ import annotations

import ast
import importlib.metadata as md
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_pins(name: str = "requirements.txt", follow: bool = True) -> dict[str, str]:
    """The pins of a requirements file (``-r`` lines followed when ``follow``)."""
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            if follow:
                pins.update(pip_pins(line[3:].strip()))
            continue
        package, sep, version = line.partition("==")
        assert sep, f"{name}: '{line}' is not pinned with =="
        pins[_norm(package)] = version.strip()
    return pins


TEST_ONLY = {"pytest", "pytest-xdist", "nbval", "hypothesis", "playwright", "psutil", "ruff", "jupyterhub", "nbgitpuller"}
AUTHOR_ONLY = {"frictionless"}  # data checks (python -m claimlab validate); a learner's kernel never needs them


def conda_env(name: str = "environment.yml") -> tuple[dict[str, str], dict[str, str], list[str]]:
    env = yaml.safe_load((ROOT / name).read_text())
    assert env["channels"] == ["conda-forge"]
    conda, pip_section, other = {}, {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for line in dep["pip"]:
                name, sep, version = line.partition("==")
                if sep:
                    pip_section[_norm(name)] = version.strip()
                else:
                    other.append(line.strip())
            continue
        name, sep, version = dep.partition("=")
        conda[_norm(name)] = version.strip() if sep else ""
    return conda, pip_section, other


def test_every_pip_pin_is_in_environment_yml_with_the_same_version():
    pins = pip_pins("requirements-dev.txt")
    listed: dict[str, str] = {}
    for name in ("environment.yml", "environment-dev.yml"):
        conda, pip_section, _ = conda_env(name)
        listed.update({k: v for k, v in conda.items() if k not in ("python", "pip")}, **pip_section)
    missing = sorted(set(pins) - set(listed))
    extra = sorted(set(listed) - set(pins))
    assert not missing, f"in requirements.txt but not in environment.yml: {missing}"
    assert not extra, f"in environment.yml but not in requirements.txt: {extra}"
    differ = {k: (pins[k], listed[k]) for k in pins if pins[k] != listed[k]}
    assert not differ, f"versions differ (requirements.txt, environment.yml): {differ}"


def test_binder_installs_no_test_tools():
    conda, pip_section, _ = conda_env()
    assert not TEST_ONLY & (set(conda) | set(pip_section)), "test tools belong in environment-dev.yml"
    dev, dev_pip, _ = conda_env("environment-dev.yml")
    assert set(dev) | set(dev_pip) <= TEST_ONLY


def test_learners_install_the_learner_set_only():
    """run.py lab (requirements.txt) and Binder (binder/environment.yml) install the same versions of what
    a learner's JupyterLab and kernel use, and none of the test, hub or data-checking tools."""
    learner = pip_pins("requirements.txt")
    dev_only = pip_pins("requirements-dev.txt", follow=False)
    assert not (TEST_ONLY | AUTHOR_ONLY) & set(learner), "requirements.txt must not install test or author tools"
    assert (TEST_ONLY | AUTHOR_ONLY) <= set(dev_only), "requirements-dev.txt adds the test and author tools"
    assert not set(learner) & set(dev_only), "requirements-dev.txt repeats a learner pin"
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text()
    binder, binder_pip, other = conda_env("binder/environment.yml")
    binder.pop("python"), binder.pop("pip")
    assert {**binder, **binder_pip} == learner, "binder/environment.yml and requirements.txt differ"
    assert not other, "binder/postBuild installs claimlab (pip: . in binder/ would mean binder/ itself)"
    run = (ROOT / "run.py").read_text()
    assert '"lab": "learner"' in run and '"learner": ("requirements.txt",)' in run


def test_environment_yml_installs_the_package_and_a_supported_python():
    conda, _, other = conda_env()
    assert "." in other, "environment.yml must install claimlab itself (pip: .)"
    # not editable: the image's home folder, where repo2docker builds, is hidden by learners' volumes
    assert not [line for line in other if line.startswith(("-e", "--editable"))], other
    major, minor = (int(x) for x in conda["python"].split(".")[:2])
    assert (major, minor) >= (3, 11)


def test_pyproject_ranges_admit_the_pins():
    """The package's own dependency ranges must allow the pinned versions."""
    from packaging.requirements import Requirement

    pins = pip_pins()
    for requirement in md.requires("claimlab") or []:
        req = Requirement(requirement)
        if req.marker and not req.marker.evaluate():
            continue
        name = _norm(req.name)
        assert name in pins, f"claimlab depends on {req.name}, which requirements.txt does not pin"
        assert req.specifier.contains(pins[name], prereleases=True), f"{req} does not admit {pins[name]}"


def test_claimlab_is_installed_not_path_hacked():
    dist = md.distribution("claimlab")
    assert dist.version
    import claimlab
    assert Path(claimlab.__file__).resolve().is_relative_to(ROOT / "src")
    # nothing of ours adds src/ to sys.path by hand
    for folder in ("src", "tests", "notebooks", "solutions", "exercises", "benchmarks"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".ipynb") and path.name != "test_environment.py":
                assert "sys.path.insert" not in path.read_text(encoding="utf-8"), path
                assert "sys.path.append" not in path.read_text(encoding="utf-8"), path


def _top_level_imports(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _notebook_code(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = "".join(cell["source"])
            lines += [ln for ln in src.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    return "\n".join(lines)


def test_environment_yml_lists_everything_the_package_and_notebooks_import():
    imports: set[str] = set()
    for path in (ROOT / "src" / "claimlab").rglob("*.py"):
        imports |= _top_level_imports(path.read_text(encoding="utf-8"))
    for folder in ("notebooks", "solutions", "exercises"):
        for path in (ROOT / folder).glob("*.ipynb"):
            imports |= _top_level_imports(_notebook_code(path))
    imports -= set(sys.stdlib_module_names) | {"claimlab", "__future__"}
    providers = md.packages_distributions()
    conda, pip_section, _ = conda_env()
    listed = set(conda) | set(pip_section)
    unlisted = {}
    for module in sorted(imports):
        dists = {_norm(d) for d in providers.get(module, [module])}
        if not dists & listed:
            unlisted[module] = sorted(dists)
    assert not unlisted, f"imported but not listed in environment.yml: {unlisted}"


def test_binder_link_opens_the_first_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"https://mybinder\.org/v2/gh/[^)\s\"']+", readme)
    assert links, "README.md has no Binder link"
    for link in links:
        match = re.search(r"[?&]labpath=([^&)\s]+)", link)
        assert match, f"Binder link does not open a notebook with ?labpath=: {link}"
        target = match.group(1).replace("%2F", "/")
        assert target.startswith("notebooks/00_"), target
        assert (ROOT / target).is_file(), f"Binder link points to a missing file: {target}"
