"""Where the data lives and which files it is: finding the Claim Lab folder, reading datapackage.json,
and refusing any file it names outside ``data/`` before anything is opened.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from claimlab.core.problems import DataError, Problem

__all__ = ["rel", "find_root", "package_paths", "unsafe_paths", "data_files", "safe_package"]


def rel(path: Path) -> str:
    parts = path.parts
    if "data" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("data") - 1:])
    return path.name


def find_root(start: str | os.PathLike | None = None) -> Path:
    """The folder that holds ``data/datapackage.json``.

    ``CLAIMLAB_ROOT`` wins if set; otherwise the current folder and its parents are
    searched, so notebooks in ``notebooks/`` or ``solutions/`` find the data above them.
    """
    env = os.environ.get("CLAIMLAB_ROOT")
    if env and start is None:
        root = Path(env).expanduser().resolve()
        if not (root / "data" / "datapackage.json").is_file():
            raise DataError([Problem("CLAIMLAB_ROOT", f"{root} has no data/datapackage.json")])
        return root
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder
    raise DataError([Problem("data/datapackage.json",
                             f"not found in {here} or any folder above it; open the notebooks from "
                             "inside the Claim Lab folder, or set CLAIMLAB_ROOT to that folder")])


def package_paths(package: dict) -> list[tuple[str, Any]]:
    """(where in datapackage.json, the path given) for every file it names."""
    found: list[tuple[str, Any]] = []
    resources = package.get("resources", [])
    for number, resource in enumerate(resources if isinstance(resources, list) else [], 1):
        name = resource.get("name", number) if isinstance(resource, dict) else number
        found.append((f"resource '{name}'", resource.get("path") if isinstance(resource, dict) else None))
    extra = package.get("claimlab", {}) if isinstance(package.get("claimlab"), dict) else {}
    if extra.get("article"):
        found.append(("claimlab/article", extra["article"]))
    yaml_specs = extra.get("yaml", {}) if isinstance(extra.get("yaml"), dict) else {}
    for name, spec in yaml_specs.items():
        spec = spec if isinstance(spec, dict) else {}
        found += [(f"claimlab/yaml/{name}/path", spec.get("path")), (f"claimlab/yaml/{name}/schema", spec.get("schema"))]
    return found


def unsafe_paths(data_dir: Path, package: dict) -> list[Problem]:
    """Files named in datapackage.json that are not plain relative paths inside ``data/``.

    Checked before any of them is opened, so an edited datapackage.json cannot make Claim Lab read
    ``/etc/passwd``, a file above ``data/`` (``../``), a web address or a symlink pointing outside.
    """
    problems: list[Problem] = []
    try:
        base = Path(os.path.realpath(data_dir))
    except (OSError, ValueError):
        base = data_dir
    for where, raw in package_paths(package):
        if not isinstance(raw, str) or not raw.strip():
            problems.append(Problem("data/datapackage.json", f"{where}: the file name is missing or not text"))
            continue
        reason = None
        if "://" in raw or raw.lower().startswith(("data:", "file:")):
            reason = "is a web address; Claim Lab only reads files inside data/"
        elif raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw) or "\\" in raw:
            reason = "is not a path inside data/ (write it like reference/figures.csv, with forward slashes)"
        elif ".." in Path(raw).parts:
            reason = "leaves the data/ folder (it contains '..')"
        else:
            try:
                real = Path(os.path.realpath(base / raw))
                inside = real == base or base in real.parents
            except (OSError, ValueError):
                inside = False
            if not inside:
                reason = "points outside the data/ folder (through a symbolic link)"
        if reason:
            problems.append(Problem("data/datapackage.json", f"{where}: the path '{raw[:100]}' {reason}"))
    return problems


def data_files(data_dir: Path, package: dict) -> list[Path]:
    files = [data_dir / "datapackage.json"]
    files += [data_dir / r["path"] for r in package.get("resources", [])]
    extra = package.get("claimlab", {})
    if extra.get("article"):
        files.append(data_dir / extra["article"])
    for spec in extra.get("yaml", {}).values():
        files += [data_dir / spec["path"], data_dir / spec["schema"]]
    return files



def safe_package(root_path: Path, data_dir: Path) -> dict:
    """data/datapackage.json, parsed and checked by :func:`unsafe_paths` before any file it names is opened.

    Every ``cl.*`` call loads the data; the file is parsed and its paths checked again only when
    it, data/ or a file it names changed (size, time, inode, or what kind of file it is: a
    file replaced by a symbolic link is seen), which keeps a cached ``load()`` at a few stats.
    """
    pkg_path = data_dir / "datapackage.json"
    try:
        stamp = lstamp(data_dir) + lstamp(pkg_path)
    except OSError:
        stamp = None
    known = _PACKAGES.get(str(data_dir))
    if stamp is not None and known is not None and known[0] == stamp:
        try:
            if named_stamp(data_dir, known[1]) == known[2]:
                return known[1]
        except OSError:
            pass
    try:
        package = json.loads(pkg_path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DataError([Problem("data/datapackage.json", "the file is missing")], root_path) from None
    except ValueError as exc:
        raise DataError([Problem("data/datapackage.json", f"not valid JSON ({exc})")], root_path) from None
    if not isinstance(package, dict):
        raise DataError([Problem("data/datapackage.json", "the file must hold a JSON object { ... }")], root_path)
    unsafe = unsafe_paths(data_dir, package)
    if unsafe:  # before any file is opened
        raise DataError(unsafe, root_path)
    if stamp is not None:
        try:
            _PACKAGES[str(data_dir)] = (stamp, package, named_stamp(data_dir, package))
        except OSError:
            _PACKAGES.pop(str(data_dir), None)
    return package


def lstamp(path: Path) -> tuple:
    s = os.lstat(path)
    return (s.st_mode, s.st_size, s.st_mtime_ns, s.st_ino)


def named_stamp(data_dir: Path, package: dict) -> tuple:
    """The lstat of every file datapackage.json names (missing files count as None)."""
    stamps = []
    for _where, raw in package_paths(package):
        try:
            stamps.append(lstamp(data_dir / raw) if isinstance(raw, str) else None)
        except FileNotFoundError:
            stamps.append(None)
    return tuple(stamps)


_PACKAGES: dict[str, tuple[tuple, dict, tuple]] = {}  # data/ -> (stamp, package, named files' stamp)
