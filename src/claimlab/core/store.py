"""Learners' answers, saved at once and never lost.

Where answers live (first match wins):

1. the path given to :func:`use_answers_file` (or ``AnswerStore(path)``);
2. the environment variable ``CLAIMLAB_ANSWERS``;
3. ``my_answers/answers.json`` in the Claim Lab folder (next to ``data/``).

How a save works (the same in every kernel, so two notebooks open at once never lose each
other's answers):

1. take a real cross-process lock on the file (``filelock``; a hidden ``.<name>.lock`` file beside
   it, released by the operating system if the kernel dies);
2. re-read the file under the lock, and apply this kernel's changes to what is there, entry by
   entry: a rating, exercise or attempt saved later by another kernel (a newer ``checked_at``) wins,
   everything else in the file is kept. A file is never written that was not just re-read under
   the lock;
3. write a temporary file beside it, ``fsync`` it, give it the file's mode, and rename it over the
   old one, so a crash or a killed kernel never leaves half a file. Temporary files left by an
   earlier killed save are removed under the lock. A symlinked answers file is written through to
   its target (the link stays a link). In a browser kernel (Pyodide, in JupyterLite) the temporary
   file's name ends in ``.json`` (see :meth:`AnswerStore._write`).

Changes that could not be written (full disk, read-only folder) stay pending in memory and are
applied, entry by entry, to a fresh read at the next save that works; a warning about the failed
save is cleared as soon as a save works again. Where no lock can be taken (a file system without
locks, a browser kernel, ``filelock`` missing) a message says so and saves still re-read the file
just before writing.

A file that cannot be read is moved aside (``answers.unreadable-<time>.json``) and never
overwritten, but only if it looks like a Claim Lab answers file (or is empty): any other file
(a notebook, ``datapackage.json``, an essay) is left alone, a message says so, and the answers
stay in memory. Text is cleaned before it is stored (a lone surrogate character becomes ``�``) and
every answer is capped (:data:`MAX_TEXT` characters, :data:`MAX_ITEMS` items), so nothing a learner
types can block a save.

The file format (``format: claimlab-answers``, ``version: 1``)::

    {
      "format": "claimlab-answers", "version": 1,
      "learner_id": "<random id, created once with the file, kept in every export>",
      "article": "<title of the article>",
      "created": "<UTC time>", "updated": "<UTC time>",
      "ratings":   {"CL25": {"answers": {"who": "russian_official", ...},
                             "verdicts": {"who": "right", ...}, "checked_at": "<UTC time>"}},
      "exercises": {"ex1.q1": {"answer": <JSON value or text>, "status": "correct",
                               "checked_at": "<UTC time>"}},
      "attempts":  {"ex1.q1": {"first": {"answer": ..., "status": ..., "checked_at": ...},
                               "last": {...}, "tries": 3}},
      "notes":     {"first_impression": {...}, "summary": "..."}
    }

For the exercise checker: :meth:`AnswerStore.record_attempt` (``question_id, answer, status``)
keeps the first and the last attempt and counts tries, merged safely across kernels like every
other entry; :meth:`AnswerStore.attempt` and :meth:`AnswerStore.attempts` read them back.
:meth:`AnswerStore.save_exercise` does not save an answer whose status is ``unknown_question``
(there is no such question, so nothing to keep). :func:`bounded_answer` caps an answer before a
checker works on it.
"""
from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import json
import math
import os
import re
import stat
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

FORMAT = "claimlab-answers"
VERSION = 1
MAX_TEXT = 20_000  # characters kept of any one free-text answer
MAX_ITEMS = 200  # items kept of any one list or table in an answer
MAX_DEPTH = 5  # levels of nesting kept in an answer
MAX_FILE_BYTES = 5_000_000  # an answers file is a few kilobytes; anything bigger is something else
MAX_FILE_DEPTH = 64  # nesting beyond this is not an answers file
LOCK_TIMEOUT = 10.0  # seconds to wait for another kernel's save (a save takes milliseconds)
STALE_TEMP_SECONDS = 600  # without a lock, only temporary files this old are removed
SECTIONS = ("ratings", "exercises", "attempts", "notes")
SKIP_STATUSES = ("unknown_question",)  # exercise answers with these statuses are not saved
TRUST_POINTS = range(1, 6)  # the trust poll's scale

__all__ = ["AnswerStore", "current", "use_answers_file", "default_path", "describe_error", "FORMAT", "VERSION",
           "json_safe", "clean_text", "bounded_answer", "parse_version", "MAX_TEXT", "MAX_ITEMS"]


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


def default_path() -> Path:
    env = os.environ.get("CLAIMLAB_ANSWERS")
    if env:
        return Path(env).expanduser()
    try:
        from claimlab.core.dataset import find_root
        return find_root() / "my_answers" / "answers.json"
    except Exception:
        return Path.home() / "claimlab_answers.json"


# --------------------------------------------------------------------------- cleaning values
def clean_text(text: str) -> str:
    """``text`` that can be written as UTF-8: a lone surrogate (half an emoji) becomes ``�``."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def json_safe(value: Any, _depth: int = 0) -> Any:
    """A JSON-friendly, capped copy of a learner's answer (never raises)."""
    try:
        if _depth > MAX_DEPTH:
            return clean_text(_short_str(value))
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value if abs(value) < 10**15 else _short_str(value)
        if isinstance(value, float):
            return value if math.isfinite(value) else str(value)
        if isinstance(value, str):
            return clean_text(value[:MAX_TEXT])
        if isinstance(value, dict):
            return {clean_text(str(k)[:200]): json_safe(v, _depth + 1) for k, v in _first(value.items())}
        if isinstance(value, (list, tuple, set, frozenset)):
            return [json_safe(v, _depth + 1) for v in _first(value)]
        if value is Ellipsis:
            return "..."
        return clean_text(_short_str(value))
    except Exception:
        return "<an answer that could not be saved as text>"


def _first(items: Any, count: int = MAX_ITEMS) -> list[Any]:
    """The first ``count`` items of any iterable, without going through the rest."""
    out = []
    for item in items:
        if len(out) >= count:
            break
        out.append(item)
    return out


def _short_str(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return "a very large number"  # str() of a huge int is slow (and limited) in Python
    return str(value)[:MAX_TEXT]


def bounded_answer(value: Any) -> Any:
    """``value`` cut down to what any checker needs: at most :data:`MAX_ITEMS` items per list, set or
    dict and :data:`MAX_TEXT` characters per text, so a 1,000,000-item answer costs no more to check,
    save or echo than a 200-item one. Small values are returned unchanged (the same object)."""
    try:
        if isinstance(value, str):
            return value if len(value) <= MAX_TEXT else value[:MAX_TEXT]
        if isinstance(value, (list, tuple)):
            if len(value) <= MAX_ITEMS:
                return value
            return type(value)(value[:MAX_ITEMS]) if type(value) in (list, tuple) else list(value[:MAX_ITEMS])
        if isinstance(value, (set, frozenset)):
            return value if len(value) <= MAX_ITEMS else _first(value)
        if isinstance(value, dict):
            return value if len(value) <= MAX_ITEMS else dict(_first(value.items()))
    except Exception:
        return value
    return value


def _clean_file_value(value: Any, depth: int = 0) -> Any:
    """Text read from a file, made writable again (a file may hold "\\ud83d" escapes)."""
    if depth > MAX_FILE_DEPTH:
        raise ValueError("nested too deeply")
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_file_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_file_value(v, depth + 1) for v in value]
    return value


def parse_version(version: Any) -> int | None:
    """The format version as a whole number (``1`` and ``1.0`` are both 1), or None if it is not one."""
    if isinstance(version, bool):
        return None
    if isinstance(version, int):
        return version
    if isinstance(version, float) and version.is_integer():
        return int(version)
    return None


def _tidy_note(value: Any) -> Any:
    """A note as the widgets can show it: a trust point that is not 1-5 (e.g. ``true``) is dropped."""
    if isinstance(value, dict) and "trust" in value:
        trust = value["trust"]
        if isinstance(trust, bool) or not isinstance(trust, int) or trust not in TRUST_POINTS:
            value = {k: v for k, v in value.items() if k not in ("trust", "label")}
    return value


def _time_of(entry: Any) -> str:
    if isinstance(entry, dict):
        stamp = entry.get("checked_at")
        if isinstance(stamp, str):
            return stamp
    return ""


def _looks_ours(raw: bytes) -> bool:
    """True for bytes that are (or were) a Claim Lab answers file: empty, all zero bytes, or naming the format."""
    return not raw.strip(b" \t\r\n\x00") or FORMAT.encode() in raw[:MAX_FILE_BYTES]


# --------------------------------------------------------------------------- locking
class _NoLock(Exception):
    """No cross-process lock can be taken here (the reason is the message)."""


def _lock_factory() -> Callable[[str], Any] | None:
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


class AnswerStore:
    """Reads and writes one learner's answers file.

    Nothing here raises on a problem with the file: what went wrong is added, in plain
    words, to :attr:`messages`, which the widgets show to the learner. :attr:`data` is this
    kernel's view: the file as last read, with changes not yet written applied on top.
    """

    def __init__(self, path: str | os.PathLike | None = None, article: str = ""):
        self.path = Path(path).expanduser() if path else default_path()
        self.article = clean_text(str(article or ""))
        self.messages: list[str] = []  # things the learner should know (shown by widgets)
        self.writable = True  # False while saving fails: answers are then kept in memory only
        self.locking: bool | None = None  # True once a save used a real lock, False where none can be taken
        self._protected = False  # a file that must not be written over (unreadable, or not ours)
        self._owned = False  # this store read or wrote a Claim Lab answers file at this path
        self._seen: tuple[int, int, int] | None = None  # (inode, mtime, size) as last read or written
        self._pending: list[Callable[[dict[str, Any]], None]] = []  # changes not yet in the file
        self._save_warning: str | None = None
        self._lock_warned = False
        self._locks: dict[str, Any] = {}
        self._learner_id = uuid.uuid4().hex
        self.data = self._empty()
        if self._target().exists() or self.path.is_symlink():
            try:
                with self._locked(optional=True):
                    disk = self._read_disk(act=True)
            except Exception:  # a lock that times out: read without it
                disk = self._read_disk(act=True)
            if disk is not None:
                self._adopt(disk)

    def __repr__(self) -> str:
        return f"Claim Lab answers, saved to {self.path}"

    def _tell(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    @property
    def learner_id(self) -> str:
        """A random id for this learner, created once with the file and kept in every export."""
        return self._learner_id

    # ------------------------------------------------------------------ reading
    def _empty(self) -> dict[str, Any]:
        now = _now()
        return {"format": FORMAT, "version": VERSION, "learner_id": self._learner_id, "article": self.article,
                "created": now, "updated": now, "ratings": {}, "exercises": {}, "attempts": {}, "notes": {}}

    def _target(self) -> Path:
        """The file really written: the answers path, or the file a symlink there points to."""
        try:
            return Path(os.path.realpath(self.path))
        except (OSError, ValueError):
            return self.path

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self._target())
        except (OSError, ValueError):
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size  # every save makes a new file, so a new inode

    def _move_aside(self, reason: str) -> bool:
        target = self._target()
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = target.with_name(f"{target.stem}.unreadable-{stamp}{target.suffix}")
        number = 1
        while aside.exists():  # never overwrite an earlier file moved aside
            number += 1
            aside = target.with_name(f"{target.stem}.unreadable-{stamp}-{number}{target.suffix}")
        try:
            os.replace(target, aside)
        except OSError as exc:
            self._protected = True
            self.writable = False
            self._tell(
                f"Your answers file {self.path} could not be read ({reason}) or moved aside "
                f"({describe_error(exc)}). It will not be overwritten; new answers are kept in memory for this "
                "session only.")
            return False
        self._tell(
            f"Your answers file {self.path} could not be read ({reason}). It was kept, renamed to "
            f"{aside.name}, and a new file was started. Ask your instructor if you need the old answers.")
        return True

    def _refuse(self, reason: str) -> None:
        self._protected = True
        self.writable = False
        self._tell(
            f"{self.path} is not a Claim Lab answers file ({reason}), so Claim Lab will not change, move or "
            "overwrite it. Your answers are kept in memory for this session only; ask your instructor which "
            "answers file to use.")

    @staticmethod
    def _parse(raw: bytes | str) -> tuple[dict[str, Any] | None, str]:
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
            data = _clean_file_value(data)
        except (ValueError, RecursionError):
            return None, "it is nested too deeply to be an answers file"
        data["version"] = version
        for section in SECTIONS:
            if not isinstance(data.get(section), dict):
                data[section] = {}
        return data, ""

    def _read_disk(self, act: bool) -> dict[str, Any] | None:
        """The file as it is now (None if there is none, or it cannot be used).

        With ``act`` (under the lock), a file that cannot be read is moved aside if it looks like
        a Claim Lab answers file, and refused (never written) if not.
        """
        target = self._target()
        try:
            st = os.stat(target)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            if act:
                self._refuse(f"it could not be opened: {describe_error(exc)}")
            return None
        if not stat.S_ISREG(st.st_mode):
            if act:
                self._refuse("it is a folder or a device, not a file")
            return None
        if st.st_size > MAX_FILE_BYTES:
            if act:
                self._refuse(f"it is too large to be an answers file ({st.st_size:,} bytes)")
            return None
        try:
            raw = target.read_bytes()
        except OSError as exc:
            if act:
                self._refuse(f"it could not be read: {describe_error(exc)}")
            return None
        data, problem = self._parse(raw)
        if data is not None:
            self._seen = (st.st_ino, st.st_mtime_ns, st.st_size)
            self._owned = True
            return data
        if act:
            if self._owned or _looks_ours(raw):
                if self._move_aside(problem):
                    self._seen = None
            else:
                self._refuse(problem)
        return None

    def _adopt(self, disk: dict[str, Any]) -> None:
        """Take ``disk`` as this kernel's view, with the changes not yet written applied on top."""
        if isinstance(disk.get("learner_id"), str) and disk["learner_id"].strip():
            self._learner_id = disk["learner_id"][:100]
        for change in self._pending:
            change(disk)
        self.data = disk

    def _refresh(self) -> None:
        """Pick up what another kernel saved to the same file since this one last read or wrote it."""
        if self._protected:
            return
        seen = self._stat()
        if seen is None or seen == self._seen:
            return
        disk = self._read_disk(act=False)  # a broken file is dealt with at the next save, under the lock
        if disk is not None:
            self._adopt(disk)

    # ------------------------------------------------------------------ locking
    @contextlib.contextmanager
    def _locked(self, optional: bool = False) -> Iterator[bool]:
        """Hold the cross-process lock on the answers file; yields False where none can be taken."""
        target = self._target()
        lock_path = str(target.with_name(f".{target.name}.lock"))
        lock = self._locks.get(lock_path)
        try:
            if lock is None:
                factory = _lock_factory()
                if factory is None:
                    raise _NoLock("this Python has no file locks (e.g. Claim Lab running in a browser)")
                lock = self._locks[lock_path] = factory(lock_path)
            lock.acquire()
        except _NoLock as exc:
            self._no_lock(str(exc), optional)
            yield False
            return
        except Exception as exc:
            if type(exc).__name__ == "Timeout":
                raise TimeoutError("another notebook has been saving to the same file for "
                                   f"{LOCK_TIMEOUT:.0f} seconds") from None
            if isinstance(exc, OSError) and not target.parent.is_dir():
                yield False  # no folder yet, or none can be made: the save itself reports that
                return
            self._no_lock(describe_error(exc), optional)
            yield False
            return
        try:
            yield True
        finally:
            try:
                lock.release()
            except Exception:
                pass

    def _no_lock(self, reason: str, optional: bool) -> None:
        self._lock_reason = reason
        if not optional:
            self.locking = False

    def _warn_no_lock(self) -> None:
        if self._lock_warned:
            return
        self._lock_warned = True
        self._tell(
            f"Saved, but Claim Lab cannot lock {self.path} here ({getattr(self, '_lock_reason', 'no file locks')}). "
            "If this answers file is open in two notebooks at once, save in one of them at a time.")

    # ------------------------------------------------------------------ writing
    def _change(self, change: Callable[[dict[str, Any]], None]) -> bool:
        """Apply one change to this kernel's view and save it (merged into the file under the lock)."""
        self._refresh()
        self._pending.append(change)
        change(self.data)
        return self.save()

    def save(self) -> bool:
        """Write this kernel's changes to the file. Returns False (with a message) if it could not.

        The file is re-read under the lock first, so what other kernels saved is kept; the changes
        written are those made through this class's methods (``save_rating``, ``save_note`` ...),
        not edits made directly to :attr:`data`.
        """
        self.data["updated"] = _now()
        if self._protected:
            return False
        target = self._target()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with self._locked() as locked:
                disk = self._read_disk(act=True)
                if self._protected:
                    return False
                if disk is not None:
                    self._adopt(disk)
                # else: no file (deleted, or just moved aside): this kernel's view, changes included, is all
                # there is, and it is written whole
                self.data["updated"] = _now()
                if not (isinstance(self.data.get("learner_id"), str) and self.data["learner_id"].strip()):
                    self.data["learner_id"] = self._learner_id
                if not self.data.get("article") and self.article:
                    self.data["article"] = self.article
                self._remove_stale_temps(target, every=locked)
                self._write(target, self.data)
                if locked:
                    self.locking = True
        except Exception as exc:  # any failure: the old file stays whole and the answers stay in memory
            self.writable = False
            warning = (
                f"Could not save your answers to {self.path} ({describe_error(exc)}). They are kept in memory "
                "while this notebook stays open; use \"Save a copy for my instructor\" (cl.export_answers()) to "
                "download a copy.")
            if self._save_warning and self._save_warning != warning and self._save_warning in self.messages:
                self.messages.remove(self._save_warning)
            self._save_warning = warning
            self._tell(warning)
            return False
        self._pending.clear()
        self._owned = True
        self.writable = True
        if self._save_warning in self.messages:  # the problem is gone: so is the warning
            self.messages.remove(self._save_warning)
        self._save_warning = None
        self._seen = self._stat()
        if self.locking is False:
            self._warn_no_lock()
        return True

    @staticmethod
    def _payload(data: dict[str, Any]) -> bytes:
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            return clean_text(text).encode("utf-8")

    @staticmethod
    def _write(target: Path, data: dict[str, Any]) -> None:
        """Write ``data`` to ``target`` atomically (temp file, fsync, same mode, rename).

        In a browser kernel (Pyodide, in JupyterLite) the temporary file's name ends in ``.json``: JupyterLite's
        in-browser drive keeps a file in the format its name says, and keeps it when renamed, so a ``.tmp``
        file renamed to answers.json would stay binary (base64), which its file browser cannot open. (Writing
        the .json file in place is no way out: overwriting a .json file there hangs the kernel.)
        """
        payload = AnswerStore._payload(data)
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            mode = 0o666 & ~_umask()
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=_TEMP_SUFFIX, dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp_name, mode)
            os.replace(tmp_name, target)
            tmp_name = None
        finally:
            if tmp_name:
                try:
                    os.unlink(tmp_name)
                except OSError:
                    pass
        with contextlib.suppress(OSError, AttributeError):  # make the rename itself survive a power cut
            folder = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    @staticmethod
    def _remove_stale_temps(target: Path, every: bool) -> None:
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

    # ------------------------------------------------------------------ entries, merged by time
    def _put(self, section: str, key: str, entry: dict[str, Any]) -> bool:
        """Set one entry; an entry another kernel saved later (newer ``checked_at``) is kept instead."""
        stamp = _time_of(entry)

        def change(data: dict[str, Any]) -> None:
            table = data[section]
            if _time_of(table.get(key)) > stamp:
                return
            table[key] = copy.deepcopy(entry)
        return self._change(change)

    def _drop(self, section: str, key: str) -> bool:
        stamp = _now()

        def change(data: dict[str, Any]) -> None:
            if _time_of(data[section].get(key)) <= stamp:
                data[section].pop(key, None)
        return self._change(change)

    # ------------------------------------------------------------------ ratings
    def save_rating(self, claim_id: str, answers: dict[str, Any], verdicts: dict[str, str]) -> bool:
        """Save a learner's answers to the rubric for one claim, with the verdicts they got."""
        return self._put("ratings", clean_text(str(claim_id))[:200], {
            "answers": json_safe(answers), "verdicts": json_safe(verdicts), "checked_at": _now()})

    def rating(self, claim_id: str) -> dict[str, Any] | None:
        """The saved entry for one claim ({"answers": ..., "verdicts": ..., "checked_at": ...}) or None."""
        self._refresh()
        entry = self.data["ratings"].get(str(claim_id))
        return entry if isinstance(entry, dict) else None

    def forget_rating(self, claim_id: str) -> bool:
        """Remove the saved rating for one claim."""
        return self._drop("ratings", clean_text(str(claim_id))[:200])

    def ratings(self) -> dict[str, dict[str, Any]]:
        """{claim_id: answers} for every saved rating."""
        self._refresh()
        out = {}
        for claim_id, entry in self.data["ratings"].items():
            if isinstance(entry, dict) and isinstance(entry.get("answers"), dict):
                out[claim_id] = entry["answers"]
        return out

    # ------------------------------------------------------------------ exercises, attempts and notes
    def save_exercise(self, question_id: str, answer: Any, status: str) -> bool:
        """Save an exercise answer and whether it was correct.

        An answer to a question that does not exist (status ``unknown_question``) is not saved;
        that is not a failure, so this returns True.
        """
        if status in SKIP_STATUSES:
            return True
        return self._put("exercises", clean_text(str(question_id))[:200], {
            "answer": json_safe(answer), "status": clean_text(str(status))[:40], "checked_at": _now()})

    def exercise(self, question_id: str) -> dict[str, Any] | None:
        """The saved entry for one exercise question, or None."""
        self._refresh()
        entry = self.data["exercises"].get(str(question_id))
        return entry if isinstance(entry, dict) else None

    def exercises(self) -> dict[str, dict[str, Any]]:
        """{question_id: entry} for every saved exercise answer."""
        self._refresh()
        return {k: v for k, v in self.data["exercises"].items() if isinstance(v, dict)}

    def record_attempt(self, question_id: str, answer: Any, status: str) -> bool:
        """Count one attempt at a question: keeps the first and the last attempt and the number of tries.

        Saved at once like every answer; tries from two kernels on the same file add up.
        Statuses in :data:`SKIP_STATUSES` are not recorded (returns True).
        """
        if status in SKIP_STATUSES:
            return True
        key = clean_text(str(question_id))[:200]
        record = {"answer": json_safe(answer), "status": clean_text(str(status))[:40], "checked_at": _now()}

        def change(data: dict[str, Any]) -> None:
            entry = data["attempts"].get(key)
            if not isinstance(entry, dict) or not isinstance(entry.get("first"), dict):
                data["attempts"][key] = {"first": dict(record), "last": dict(record), "tries": 1}
                return
            tries = entry.get("tries")
            entry["tries"] = (tries if isinstance(tries, int) and not isinstance(tries, bool) and tries > 0
                              else 1) + 1
            if _time_of(entry.get("last")) <= record["checked_at"]:
                entry["last"] = dict(record)
        return self._change(change)

    def attempt(self, question_id: str) -> dict[str, Any] | None:
        """{"first": ..., "last": ..., "tries": n} for one question, or None."""
        self._refresh()
        entry = self.data["attempts"].get(str(question_id))
        return entry if isinstance(entry, dict) else None

    def attempts(self) -> dict[str, dict[str, Any]]:
        """{question_id: {"first", "last", "tries"}} for every question attempted."""
        self._refresh()
        return {k: v for k, v in self.data["attempts"].items() if isinstance(v, dict)}

    def save_note(self, name: str, value: Any) -> bool:
        """Save a free-form note (e.g. "first_impression")."""
        key = clean_text(str(name))[:200]
        safe = json_safe(value)

        def change(data: dict[str, Any]) -> None:
            data["notes"][key] = copy.deepcopy(safe)
        return self._change(change)

    def note(self, name: str, default: Any = None) -> Any:
        """A saved note, or ``default``. A trust point that is not a whole number 1-5 is left out."""
        self._refresh()
        return _tidy_note(self.data["notes"].get(str(name), default))

    # ------------------------------------------------------------------ export
    def export_json(self) -> str:
        """Everything saved, as the JSON text of a copy for the instructor."""
        self._refresh()
        data = dict(self.data, exported=_now())
        if not (isinstance(data.get("learner_id"), str) and data["learner_id"].strip()):
            data["learner_id"] = self._learner_id
        return clean_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))

    def export(self, target: str | os.PathLike | None = None) -> Path:
        """Write a copy for the instructor; returns its path. Raises OSError only if no copy can be written."""
        target = Path(target).expanduser() if target else self.path.with_name("claimlab_answers_export.json")
        payload = self.export_json().encode("utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix=_TEMP_SUFFIX, dir=target.parent)  # see _write
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.chmod(tmp_name, 0o666 & ~_umask())
            os.replace(tmp_name, target)
        except BaseException:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
            raise
        return target


# what a temporary file's name ends with (see AnswerStore._write)
_TEMP_SUFFIX = ".tmp.json" if sys.platform == "emscripten" else ".tmp"


def _umask() -> int:
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


def _article_title() -> str:
    try:
        from claimlab.core.dataset import load
        return str(load().article.meta.get("title", ""))
    except Exception:  # no data found: the answers file works without a title
        return ""


_CURRENT: AnswerStore | None = None
_EXPLICIT = False  # True once use_answers_file() chose the file for this session


def current() -> AnswerStore:
    """The answers store for this kernel (created on first use; follows CLAIMLAB_ANSWERS)."""
    global _CURRENT
    wanted = default_path()
    if _CURRENT is None or (_CURRENT.path != wanted and not _EXPLICIT):
        _CURRENT = AnswerStore(wanted, article=_article_title())
    return _CURRENT


def use_answers_file(path: str | os.PathLike) -> AnswerStore:
    """Save this session's answers to ``path`` instead of the default."""
    global _CURRENT, _EXPLICIT
    _EXPLICIT = True
    _CURRENT = AnswerStore(path, article=_article_title())
    return _CURRENT
