"""Downloads for the JupyterLite site, each pinned and checked: PyPI files by SHA-256 (``pip download
--require-hashes``), npm tarballs by the registry's sha512 integrity. No library fetches pinned files
from both registries with these checks and plain-English errors, so it is written here.
"""
from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PypiFile", "LiteBuildError", "sha256_of", "cached", "fetch_pypi", "fetch_npm", "kept"]


@dataclass(frozen=True)
class PypiFile:
    """One file from PyPI, pinned: ``pip download`` fetches it (``--require-hashes``) into the cache."""

    name: str
    version: str
    file: str
    sha256: str
    platform: str | None = None  # pip's --platform, for a file that is not a pure-Python wheel


class LiteBuildError(RuntimeError):
    """The JupyterLite site could not be built; the message says why, in plain words."""


# --------------------------------------------------------------------------- downloads, checked
def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cached(path: Path, sha256: str) -> bool:
    return path.is_file() and sha256_of(path) == sha256


def fetch_pypi(files: tuple[PypiFile, ...] | list[PypiFile], cache: Path) -> dict[str, Path]:
    """The pinned PyPI files, from ``cache`` or downloaded into it with pip; each checked by its SHA-256."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = [f for f in files if not cached(cache / f.file, f.sha256)]
    for platform in sorted({f.platform or "" for f in missing}):
        group = [f for f in missing if (f.platform or "") == platform]
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as requirements:
            for f in group:
                requirements.write(f"{f.name}=={f.version} --hash=sha256:{f.sha256}\n")
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
                   "--only-binary=:all:", "--require-hashes", "--python-version", "3.12", "-d", str(cache),
                   "-r", requirements.name]
        if platform:
            command += ["--platform", platform, "--implementation", "cp", "--abi", "cp312"]
        print(f"downloading {', '.join(f.file for f in group)} from PyPI ({kept(cache)})", flush=True)
        result = subprocess.run(command, capture_output=True, text=True)
        os.unlink(requirements.name)
        if result.returncode:
            raise LiteBuildError(f"Could not download {', '.join(f'{f.name}=={f.version}' for f in group)} from "
                                 f"PyPI with pip: {(result.stderr or result.stdout)[-1200:]}")
    found = {}
    for f in files:
        path = cache / f.file
        if not path.is_file():
            raise LiteBuildError(f"pip did not download {f.file} ({f.name}=={f.version}) into {cache}.")
        if sha256_of(path) != f.sha256:
            raise LiteBuildError(f"{path} does not have the SHA-256 pinned in claimlab.authoring.lite "
                                 f"({f.sha256}); delete it and build again.")
        found[f.name] = path
    return found


def fetch_npm(package: tuple[str, str, str], cache: Path) -> Path:
    """The npm tarball of ``(name, version, integrity)`` (``npm pack``), checked against the registry's sha512 integrity."""
    name, version, integrity = package
    tarball = cache / f"{name}-{version}.tgz"

    def intact() -> bool:
        digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode("ascii")
        return f"sha512-{digest}" == integrity

    if tarball.is_file() and intact():
        return tarball
    npm = shutil.which("npm")
    if npm is None:
        raise LiteBuildError(f"npm (Node.js) is needed once, to download {name} {version} from the npm registry; "
                             f"install Node.js, or run `npm pack {name}@{version}` elsewhere and put {tarball.name} "
                             f"into {cache}.")
    cache.mkdir(parents=True, exist_ok=True)
    print(f"downloading {name}@{version} from the npm registry ({kept(cache)})", flush=True)
    result = subprocess.run([npm, "pack", f"{name}@{version}", "--pack-destination", str(cache), "--silent"],
                            capture_output=True, text=True)
    if result.returncode or not tarball.is_file():
        raise LiteBuildError(f"npm could not download {name}@{version}: {(result.stderr or result.stdout)[-800:]}")
    if not intact():
        tarball.unlink()
        raise LiteBuildError(f"{tarball.name} from npm does not match the registry's integrity {integrity}.")
    return tarball

def kept(cache: Path) -> str:
    """Where a download is kept, said truly: a cache under the temporary folder lasts only for this build."""
    temporary = Path(tempfile.gettempdir()).resolve()
    if temporary in Path(cache).resolve().parents:
        return f"into {cache}, a temporary folder: the next build downloads it again"
    return f"once; kept in {cache}"
