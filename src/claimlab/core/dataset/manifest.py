"""The data's fingerprint: the SHA-256 of every data file, recorded in ``data/manifest.json`` by
``python -m claimlab validate`` and compared at every load, and this user's record of content already
validated here.

JSON files are hashed in a canonical form (parsed, then written with sorted keys and no spaces), so a
file that a tool rewrote with other spacing or key order (JupyterLite's in-browser drive does) keeps
its fingerprint; every other file is hashed byte for byte.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from claimlab.core.dataset.files import data_files

MANIFEST = "manifest.json"

__all__ = ["MANIFEST", "cache_dir", "data_digest", "file_digest", "read_manifest", "manifest_for",
           "validated_here", "remember_validated", "changed_files"]


def cache_dir() -> Path:
    """Claim Lab's cache folder for this user (created with permissions for this user only)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "claimlab"


def data_digest(data_dir: Path, package: dict) -> tuple[str, dict[str, str]]:
    """The SHA-256 of all data files together, and of each file (by its path under data/).

    Every ``cl.*`` call asks for it (to see whether the data changed); a file is read and hashed
    again only when its size, modification time or inode changed since the last call.
    """
    files = data_files(data_dir, package)
    try:
        stamp = tuple((str(p), s.st_size, s.st_mtime_ns, s.st_ino) for p in files for s in [p.stat()])
    except OSError:
        stamp = None
    if stamp is not None and stamp in _DIGESTS:
        total, each = _DIGESTS[stamp]
        return total, dict(each)
    each: dict[str, str] = {}
    for path in files:
        try:
            each[path.relative_to(data_dir).as_posix()] = file_digest(path)
        except OSError:
            each[path.relative_to(data_dir).as_posix()] = "missing"
    total = hashlib.sha256("".join(f"{k}={v}\n" for k, v in sorted(each.items())).encode()).hexdigest()
    if stamp is not None:
        if len(_DIGESTS) > 32:
            _DIGESTS.clear()
        _DIGESTS[stamp] = (total, dict(each))
    return total, each


_DIGESTS: dict[tuple, tuple[str, dict[str, str]]] = {}  # file stats -> digests (see data_digest)


def read_manifest(data_dir: Path) -> dict[str, Any]:
    try:
        value = json.loads((data_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def manifest_for(data_dir: Path, package: dict, version: str) -> dict[str, Any]:
    total, each = data_digest(data_dir, package)
    return {"format": "claimlab-manifest", "version": 1, "validated_by": f"claimlab {version}",
            "sha256": total, "files": each}


def validated_record() -> Path:
    return cache_dir() / "validated.json"


def validated_here(digest: str) -> bool:
    try:
        seen = json.loads(validated_record().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(seen, list) and digest in seen


def remember_validated(digest: str) -> None:
    """Remember (JSON, in a folder only this user can write) that this content passed every check."""
    path = validated_record()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        seen = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        if not isinstance(seen, list):
            seen = []
        seen = [d for d in seen if isinstance(d, str) and d != digest][-49:] + [digest]
        fd, tmp = tempfile.mkstemp(prefix=".validated-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(seen, handle)
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass  # nothing remembered: the next load validates again, still correct


def changed_files(data_dir: Path, package: dict, manifest: dict[str, Any]) -> list[str]:
    _, each = data_digest(data_dir, package)
    recorded = manifest.get("files") if isinstance(manifest.get("files"), dict) else {}
    return sorted(name for name in set(each) | set(recorded) if each.get(name) != recorded.get(name))


def file_digest(path: Path) -> str:
    """The SHA-256 of one data file: a JSON file in canonical form, any other file byte for byte."""
    raw = path.read_bytes()
    if path.suffix == ".json":
        try:
            # whole-number floats as integers: JupyterLite's drive hands JSON back re-serialised (1.0 as 1)
            content = json.loads(raw.decode("utf-8-sig"), parse_float=lambda text: (
                int(number) if (number := float(text)).is_integer() else number))
            canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            raw = canonical.encode("utf-8")
        except (ValueError, UnicodeDecodeError, OverflowError):
            pass  # not JSON: its bytes, and validation says what is wrong
    return hashlib.sha256(raw).hexdigest()
