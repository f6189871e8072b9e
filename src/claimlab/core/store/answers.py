"""The :class:`AnswerStore`: one learner's answers file, read and written so that no answer is lost.

See :mod:`claimlab.core.store` for where the file lives, how a save works and the file format.
"""
from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import os
import stat
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from claimlab.core.store import disk as fileio
from claimlab.core.store.values import clean_text, json_safe, now, tidy_note, time_of

SKIP_STATUSES = ("unknown_question",)  # exercise answers with these statuses are not saved

__all__ = ["AnswerStore", "SKIP_STATUSES", "default_path"]


def default_path() -> Path:
    """``CLAIMLAB_ANSWERS``, else ``my_answers/answers.json`` in the Claim Lab folder (next to ``data/``)."""
    env = os.environ.get("CLAIMLAB_ANSWERS")
    if env:
        return Path(env).expanduser()
    try:
        from claimlab.core.dataset import find_root
        return find_root() / "my_answers" / "answers.json"
    except Exception:
        return Path.home() / "claimlab_answers.json"


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
        stamp = now()
        return {"format": fileio.FORMAT, "version": fileio.VERSION, "learner_id": self._learner_id, "article": self.article,
                "created": stamp, "updated": stamp, "ratings": {}, "exercises": {}, "attempts": {}, "notes": {}}

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
                f"({fileio.describe_error(exc)}). It will not be overwritten; new answers are kept in memory for this "
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
                self._refuse(f"it could not be opened: {fileio.describe_error(exc)}")
            return None
        if not stat.S_ISREG(st.st_mode):
            if act:
                self._refuse("it is a folder or a device, not a file")
            return None
        if st.st_size > fileio.MAX_FILE_BYTES:
            if act:
                self._refuse(f"it is too large to be an answers file ({st.st_size:,} bytes)")
            return None
        try:
            raw = target.read_bytes()
        except OSError as exc:
            if act:
                self._refuse(f"it could not be read: {fileio.describe_error(exc)}")
            return None
        data, problem = fileio.parse(raw)
        if data is not None:
            self._seen = (st.st_ino, st.st_mtime_ns, st.st_size)
            self._owned = True
            return data
        if act:
            if self._owned or fileio.looks_ours(raw):
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
                factory = fileio.lock_factory()
                if factory is None:
                    raise fileio.NoLock("this Python has no file locks (e.g. Claim Lab running in a browser)")
                lock = self._locks[lock_path] = factory(lock_path)
            lock.acquire()
        except fileio.NoLock as exc:
            self._no_lock(str(exc), optional)
            yield False
            return
        except Exception as exc:
            if type(exc).__name__ == "Timeout":
                raise TimeoutError("another notebook has been saving to the same file for "
                                   f"{fileio.LOCK_TIMEOUT:.0f} seconds") from None
            if isinstance(exc, OSError) and not target.parent.is_dir():
                yield False  # no folder yet, or none can be made: the save itself reports that
                return
            self._no_lock(fileio.describe_error(exc), optional)
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
        self.data["updated"] = now()
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
                self.data["updated"] = now()
                if not (isinstance(self.data.get("learner_id"), str) and self.data["learner_id"].strip()):
                    self.data["learner_id"] = self._learner_id
                if not self.data.get("article") and self.article:
                    self.data["article"] = self.article
                fileio.remove_stale_temps(target, every=locked)
                fileio.write_atomic(target, fileio.payload(self.data))
                if locked:
                    self.locking = True
        except Exception as exc:  # any failure: the old file stays whole and the answers stay in memory
            self.writable = False
            warning = (
                f"Could not save your answers to {self.path} ({fileio.describe_error(exc)}). They are kept in memory "
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

    # ------------------------------------------------------------------ entries, merged by time
    def _put(self, section: str, key: str, entry: dict[str, Any]) -> bool:
        """Set one entry; an entry another kernel saved (or cleared) later is kept (or stays cleared)."""
        stamp = time_of(entry)

        def change(data: dict[str, Any]) -> None:
            table = data[section]
            if time_of(table.get(key)) > stamp or fileio.cleared_at(data, section, key) > stamp:
                return
            table[key] = copy.deepcopy(entry)
        return self._change(change)

    def _drop(self, section: str, key: str) -> bool:
        """Remove one entry, noting when in ``cleared`` (so a later export is known to hold all it should)."""
        stamp = now()

        def change(data: dict[str, Any]) -> None:
            if time_of(data[section].get(key)) <= stamp:
                data[section].pop(key, None)
                fileio.note_cleared(data, section, key, stamp)
        return self._change(change)

    # ------------------------------------------------------------------ ratings
    def save_rating(self, claim_id: str, answers: dict[str, Any], verdicts: dict[str, str]) -> bool:
        """Save a learner's answers to the rubric for one claim, with the verdicts they got."""
        return self._put("ratings", clean_text(str(claim_id))[:200], {
            "answers": json_safe(answers), "verdicts": json_safe(verdicts), "checked_at": now()})

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
            "answer": json_safe(answer), "status": clean_text(str(status))[:40], "checked_at": now()})

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
        record = {"answer": json_safe(answer), "status": clean_text(str(status))[:40], "checked_at": now()}

        def change(data: dict[str, Any]) -> None:
            entry = data["attempts"].get(key)
            if not isinstance(entry, dict):
                data["attempts"][key] = {"first": dict(record), "last": dict(record), "tries": 1}
                return
            tries = entry.get("tries")
            tried = isinstance(entry.get("first"), dict)  # a reveal before any try leaves no first attempt
            entry["tries"] = (tries if isinstance(tries, int) and not isinstance(tries, bool) and tries > 0
                              else int(tried)) + 1
            # by the time it was made, not saved: an attempt saved late (after a failed save) may be
            # older than another kernel's, and is then neither the last nor, if earlier, lost as the first
            if not tried or time_of(entry["first"]) > record["checked_at"]:
                entry["first"] = dict(record)
            if time_of(entry.get("last")) <= record["checked_at"]:
                entry["last"] = dict(record)
        return self._change(change)

    def record_reveal(self, question_id: str) -> bool:
        """Note that the expert answer to a question was shown (after how many tries); merged like every entry."""
        key = clean_text(str(question_id))[:200]

        def change(data: dict[str, Any]) -> None:
            entry = data["attempts"].get(key)
            if not isinstance(entry, dict):
                entry = data["attempts"][key] = {"tries": 0}
            if not entry.get("revealed"):
                tries = entry.get("tries")
                entry["revealed"] = True
                entry["revealed_after"] = tries if isinstance(tries, int) and not isinstance(tries, bool) else 0
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
        return tidy_note(self.data["notes"].get(str(name), default))

    # ------------------------------------------------------------------ export
    def export_json(self) -> str:
        """Everything saved, as the JSON text of a copy for the instructor."""
        self._refresh()
        data = dict(self.data, exported=now())
        if not (isinstance(data.get("learner_id"), str) and data["learner_id"].strip()):
            data["learner_id"] = self._learner_id
        return clean_text(fileio.payload(data).decode("utf-8"))

    def export(self, target: str | os.PathLike | None = None) -> Path:
        """Write a copy for the instructor; returns its path. Raises OSError only if no copy can be written."""
        target = Path(target).expanduser() if target else self.path.with_name("claimlab_answers_export.json")
        target.parent.mkdir(parents=True, exist_ok=True)
        fileio.write_atomic(target, self.export_json().encode("utf-8"), mode=0o666 & ~fileio.umask())
        return target


