"""The answers file on disk: reading and recognising it, locking it, and writing it so that it is never
half-written.

* :func:`parse` turns a file's bytes into the answers (or says why it cannot), and brings an older file
  up to date: the attempts an earlier Claim Lab kept in ``notes/attempts`` move into ``attempts``.
* :func:`looks_ours` tells a Claim Lab answers file that cannot be read (cut short by a full disk or a
  crash, or damaged) from any other file, which is never touched.
* :func:`payload` writes ``format`` and ``version`` first, so even a file cut short after a few bytes
  says what it is; :func:`write_atomic` writes through a temporary file, ``fsync`` and a rename.
* :func:`lock_factory` makes a real operating-system lock (``filelock``) where there is one.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimlab.core.store.values import clean_file_value, clean_text, parse_version, time_of

FORMAT = "claimlab-answers"
VERSION = 1
SECTIONS = ("ratings", "exercises", "attempts", "notes")
CLEARED = "cleared"  # {section: {key: when it was cleared}}: entries a learner removed (a rating reset)
TOP_KEYS = ("format", "version", "learner_id", "article", "created", "updated", "exported", *SECTIONS, CLEARED)
MAX_FILE_BYTES = 5_000_000  # an answers file is a few kilobytes; anything bigger is something else
LOCK_TIMEOUT = 10.0  # seconds to wait for another kernel's save (a save takes milliseconds)
STALE_TEMP_SECONDS = 600  # without a lock, only temporary files this old are removed
# what a temporary file's name ends with (see write_atomic): JupyterLite's drive needs .json
TEMP_SUFFIX = ".tmp.json" if sys.platform in ("emscripten", "wasi") else ".tmp"
OLD_ATTEMPTS_NOTE = "attempts"  # where Claim Lab kept attempts before they had their own section

__all__ = ["FORMAT", "VERSION", "SECTIONS", "CLEARED", "MAX_FILE_BYTES", "LOCK_TIMEOUT", "NoLock", "lock_factory",
           "parse", "looks_ours", "payload", "write_atomic", "remove_stale_temps", "umask", "describe_error",
           "merge_attempt", "cleared_at", "note_cleared"]


class NoLock(Exception):
    """No cross-process lock can be taken here (the reason is the message)."""


def lock_factory() -> Callable[[str], Any] | None:
    """A function making a real (operating-system) lock for a path, or None where there is none."""
    if sys.platform in ("emscripten", "wasi"):
        return None
    try:
        import filelock
    except ImportError:
        return None
    if filelock.FileLock is filelock.SoftFileLock:  # no fcntl: a lock file a killed kernel would leave behind
        return None

    def make(path: str) -> Any:
        try:
            return filelock.FileLock(path, timeout=LOCK_TIMEOUT, fallback_to_soft=False)
        except TypeError:  # an older filelock without that option
            return filelock.FileLock(path, timeout=LOCK_TIMEOUT)
    return make


# --------------------------------------------------------------------------- reading
_FIRST_KEY = re.compile(rb'^\s*\{\s*"([a-z_]{0,20})("?)')


def looks_ours(raw: bytes) -> bool:
    """True for bytes that are (or were) a Claim Lab answers file.

    Empty or all zero bytes (a file the disk never filled in), text naming the format, or JSON cut
    short whose first key is one of the file's own (``format`` first since this version; ``article``
    first in files written with sorted keys), or the start of one where the file ends inside that
    first key, or a prefix of how the file starts.
    """
    bom = b"\xef\xbb\xbf"
    body = raw.removeprefix(bom).strip(b" \t\r\n\x00")
    if not body or bom.startswith(body) or FORMAT.encode() in raw[:MAX_FILE_BYTES]:
        return True
    first = _FIRST_KEY.match(body)
    if first:
        key = first.group(1).decode()
        if first.group(2) or first.end() < len(body):  # the whole key is there
            return key in TOP_KEYS
        return any(name.startswith(key) for name in TOP_KEYS)  # cut short inside the first key
    compact = re.sub(rb"\s+", b"", body)
    return compact == b"{" or b'{"format":"claimlab-answers"'.startswith(compact)


def _migrate(data: dict[str, Any]) -> None:
    """Move attempts kept in ``notes/attempts`` (before version 2 of the attempts log) into ``attempts``."""
    notes = data["notes"]
    old = notes.get(OLD_ATTEMPTS_NOTE)
    if not isinstance(old, dict):
        return
    del notes[OLD_ATTEMPTS_NOTE]
    for qid, entry in old.items():
        if not isinstance(entry, dict):
            continue
        moved = {key: entry[key] for key in ("tries", "revealed", "revealed_after") if key in entry}
        for key in ("first", "last"):
            shot = entry.get(key)
            if isinstance(shot, dict):
                shot = dict(shot)
                if "at" in shot and "checked_at" not in shot:
                    shot["checked_at"] = shot.pop("at")
                moved[key] = shot
        merge_attempt(data["attempts"], str(qid), moved)


def cleared_at(data: dict[str, Any], section: str, key: str) -> str:
    """When the entry ``section``/``key`` was last cleared (``""`` if never)."""
    table = data.get(CLEARED)
    table = table.get(section) if isinstance(table, dict) else None
    stamp = table.get(key) if isinstance(table, dict) else None
    return stamp if isinstance(stamp, str) else ""


def note_cleared(data: dict[str, Any], section: str, key: str, stamp: str) -> None:
    """Note that the entry ``section``/``key`` was cleared at ``stamp``."""
    if not isinstance(data.get(CLEARED), dict):
        data[CLEARED] = {}
    if not isinstance(data[CLEARED].get(section), dict):
        data[CLEARED][section] = {}
    data[CLEARED][section][key] = max(stamp, cleared_at(data, section, key))


def merge_attempt(table: dict[str, Any], qid: str, other: dict[str, Any]) -> None:
    """Merge one question's attempts entry into ``table``: the earliest first try, the latest last one,
    the larger count of tries, and a reveal if either shows one."""
    mine = table.get(qid)
    if not isinstance(mine, dict):
        table[qid] = other
        return
    if isinstance(other.get("first"), dict) and (not isinstance(mine.get("first"), dict)
                                                 or time_of(other["first"]) < time_of(mine["first"])):
        mine["first"] = other["first"]
    if isinstance(other.get("last"), dict) and time_of(other["last"]) > time_of(mine.get("last")):
        mine["last"] = other["last"]
    counts = [t for t in (mine.get("tries"), other.get("tries")) if isinstance(t, int) and not isinstance(t, bool)]
    if counts:
        mine["tries"] = max(counts)
    if other.get("revealed"):
        mine["revealed"] = True
        mine.setdefault("revealed_after", other.get("revealed_after", mine.get("tries", 0)))


def parse(raw: bytes | str) -> tuple[dict[str, Any] | None, str]:
    """(the answers, "") from a file's content, or (None, why it is not a usable answers file)."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.lstrip("\ufeff")
    except UnicodeDecodeError:
        return None, "it is not UTF-8 text"
    try:
        data = json.loads(text)
    except RecursionError:
        return None, "it is nested too deeply to be an answers file"
    except ValueError:
        return None, "it is not valid JSON"
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, "it is not a Claim Lab answers file"
    version = parse_version(data.get("version"))
    if version is None or version < 1:
        return None, f"its format version ({str(data.get('version'))[:20]}) is not a whole number"
    if version > VERSION:
        return None, f"it was written by a newer Claim Lab (format version {version})"
    try:
        data = clean_file_value(data)
    except (ValueError, RecursionError):
        return None, "it is nested too deeply to be an answers file"
    data["version"] = version
    for section in SECTIONS:
        if not isinstance(data.get(section), dict):
            data[section] = {}
    _migrate(data)
    return data, ""


# --------------------------------------------------------------------------- writing
def payload(data: dict[str, Any]) -> bytes:
    """The file's bytes: ``format`` and ``version`` first, then the rest in a fixed order."""
    ordered = {key: data[key] for key in TOP_KEYS if key in data}
    ordered.update({key: data[key] for key in sorted(data) if key not in ordered})
    text = json.dumps(ordered, ensure_ascii=False, indent=1)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return clean_text(text).encode("utf-8")


def write_atomic(target: Path, content: bytes, mode: int | None = None) -> None:
    """Write ``content`` to ``target`` atomically (temp file, fsync, same mode, rename).

    In a browser kernel (Pyodide, in JupyterLite) the temporary file's name ends in ``.json``
    (:data:`TEMP_SUFFIX`): JupyterLite's in-browser drive keeps a file in the format its name says, and
    keeps it when renamed, so a ``.tmp`` file renamed to answers.json would stay base64, which its file
    browser cannot open. Writing the .json file in place is no way out: overwriting a .json file there
    hangs the kernel (JupyterLite 0.6).
    """
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            mode = 0o666 & ~umask()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
        tmp_name = None
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    with contextlib.suppress(OSError, AttributeError):  # make the rename itself survive a power cut
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def remove_stale_temps(target: Path, every: bool) -> None:
    """Remove temporary files left by saves that were killed (all of them under the lock).

    Only this file's own: ``.<name>.<8 random characters>.tmp`` (and ``.<stem>-<8>.tmp`` from
    earlier versions), so another answers file's save in the same folder is never touched.
    """
    own = re.compile(rf"^\.(?:{re.escape(target.name)}\.|{re.escape(target.stem)}-)[a-z0-9_]{{8}}\.tmp(?:\.json)?$")
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if own.match(name):
            path = target.parent / name
            with contextlib.suppress(OSError):
                if every or path.stat().st_mtime < cutoff:
                    path.unlink()


def umask() -> int:
    """This process's umask (new files get 0666 minus it, as with any other program)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def describe_error(exc: BaseException) -> str:
    """An exception in a few plain words: 'Permission denied', '/x/y is a file, not a folder'."""
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(exc, (FileExistsError, NotADirectoryError)) and exc.filename:
        return f"part of the path {exc.filename} is a file, not a folder"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or exc.__class__.__name__
