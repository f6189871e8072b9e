"""Learners' answers, saved at once and never lost.

Where answers live (first match wins):

1. the path given to :func:`use_answers_file` (or ``AnswerStore(path)``);
2. the environment variable ``CLAIMLAB_ANSWERS``;
3. ``my_answers/answers.json`` in the Claim Lab folder (next to ``data/``).

Every save writes a temporary file beside the answers file and renames it over the
old one, so a crash or a closed tab never leaves half a file. A file that cannot be
read is moved aside (``answers.unreadable-<time>.json``) and never overwritten; a
folder that cannot be written to gives a message and the answers stay in memory for
the session. Each save and each lookup first picks up what another kernel (another
notebook open at the same time) saved to the same file, so one notebook never wipes
out another's answers.

The file format (``format: claimlab-answers``, ``version: 1``)::

    {
      "format": "claimlab-answers", "version": 1,
      "article": "<title of the article>",
      "created": "<UTC time>", "updated": "<UTC time>",
      "ratings":   {"CL25": {"answers": {"who": "russian_official", ...},
                             "verdicts": {"who": "right", ...}, "checked_at": "<UTC time>"}},
      "exercises": {"ex1.q1": {"answer": <JSON value or text>, "status": "correct",
                               "checked_at": "<UTC time>"}},
      "notes":     {"first_impression": {...}, "summary": "..."}
    }
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

FORMAT = "claimlab-answers"
VERSION = 1
MAX_TEXT = 20_000  # characters kept of any one free-text answer

__all__ = ["AnswerStore", "current", "use_answers_file", "default_path", "describe_error", "FORMAT", "VERSION",
           "json_safe"]


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


def json_safe(value: Any, _depth: int = 0) -> Any:
    """A JSON-friendly copy of a learner's answer (never raises)."""
    try:
        if _depth > 5:
            return str(value)[:MAX_TEXT]
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value if abs(value) < 10**15 else str(value)
        if isinstance(value, float):
            return value if math.isfinite(value) else str(value)
        if isinstance(value, str):
            return value[:MAX_TEXT]
        if isinstance(value, dict):
            return {str(k)[:200]: json_safe(v, _depth + 1) for k, v in list(value.items())[:200]}
        if isinstance(value, (list, tuple, set)):
            return [json_safe(v, _depth + 1) for v in list(value)[:200]]
        if value is Ellipsis:
            return "..."
        return str(value)[:MAX_TEXT]
    except Exception:
        return "<an answer that could not be saved as text>"


class AnswerStore:
    """Reads and writes one learner's answers file.

    Nothing here raises on a problem with the file: what went wrong is added, in plain
    words, to :attr:`messages`, which the widgets show to the learner.
    """

    def __init__(self, path: str | os.PathLike | None = None, article: str = ""):
        self.path = Path(path).expanduser() if path else default_path()
        self.article = article
        self.messages: list[str] = []  # things the learner should know (shown by widgets)
        self.writable = True  # False while saving fails: answers are then kept in memory only
        self._protected = False  # an unreadable file could not be moved aside: never write over it
        self._seen: tuple[int, int, int] | None = None  # (inode, mtime, size) as last read or written
        self.data = self._read()

    def __repr__(self) -> str:
        return f"Claim Lab answers, saved to {self.path}"

    def _tell(self, message: str) -> None:
        if message not in self.messages:
            self.messages.append(message)

    # ------------------------------------------------------------------ reading
    def _empty(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "article": self.article, "created": _now(),
                "updated": _now(), "ratings": {}, "exercises": {}, "notes": {}}

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size  # every save makes a new file, so a new inode

    def _move_aside(self, reason: str) -> None:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
        number = 1
        while target.exists():  # never overwrite an earlier file moved aside
            number += 1
            target = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}-{number}{self.path.suffix}")
        try:
            os.replace(self.path, target)
            self._tell(
                f"Your answers file {self.path} could not be read ({reason}). It was kept, renamed to "
                f"{target.name}, and a new file was started. Ask your instructor if you need the old answers.")
        except OSError as exc:
            self._protected = True
            self.writable = False
            self._tell(
                f"Your answers file {self.path} could not be read ({reason}) or moved aside "
                f"({describe_error(exc)}). It will not be overwritten; new answers are kept in memory for this "
                "session only.")

    @staticmethod
    def _parse(raw: str) -> tuple[dict[str, Any] | None, str]:
        """(the answers, "") from a file's text, or (None, why it is not an answers file)."""
        try:
            data = json.loads(raw)
        except ValueError:
            return None, "it is not valid JSON"
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None, "it is not a Claim Lab answers file"
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version > VERSION:
            return None, f"it was written by a newer Claim Lab (format version {version})"
        for section in ("ratings", "exercises", "notes"):
            if not isinstance(data.get(section), dict):
                data[section] = {}
        return data, ""

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return self._empty()
        seen = self._stat()
        try:
            raw = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._move_aside(describe_error(exc))
            return self._empty()
        data, problem = self._parse(raw)
        if data is None:
            self._move_aside(problem)
            return self._empty()
        self._seen = seen
        return data

    def _refresh(self) -> None:
        """Pick up what another kernel saved to the same file since this one last read or wrote it."""
        if not self.writable or self._protected:
            return  # memory holds answers the file does not: keep them
        seen = self._stat()
        if seen is None or seen == self._seen:
            return
        try:
            raw = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return  # e.g. being replaced right now; the next look will see it
        data, problem = self._parse(raw)
        if data is None:
            self._move_aside(problem)  # keeps the answers in memory; the next save starts a new file
            return
        self.data, self._seen = data, seen

    # ------------------------------------------------------------------ writing
    def save(self) -> bool:
        """Write the file atomically. Returns False (with a message) if it could not."""
        self.data["updated"] = _now()
        if self._protected:
            return False
        tmp_name = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.stem}-", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.data, handle, ensure_ascii=False, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
            tmp_name = None
        except Exception as exc:  # any failure: the old file stays whole and the answers stay in memory
            self.writable = False
            self._tell(
                f"Could not save your answers to {self.path} ({describe_error(exc)}). They are kept in memory "
                "while this notebook stays open; use \"Save a copy for my instructor\" (cl.export_answers()) to "
                "download a copy.")
            return False
        finally:
            if tmp_name:
                try:
                    os.unlink(tmp_name)
                except OSError:
                    pass
        self.writable = True
        self._seen = self._stat()
        return True

    # ------------------------------------------------------------------ ratings
    def save_rating(self, claim_id: str, answers: dict[str, Any], verdicts: dict[str, str]) -> bool:
        """Save a learner's answers to the rubric for one claim, with the verdicts they got."""
        self._refresh()
        self.data["ratings"][str(claim_id)] = {
            "answers": json_safe(answers), "verdicts": json_safe(verdicts), "checked_at": _now()}
        return self.save()

    def rating(self, claim_id: str) -> dict[str, Any] | None:
        """The saved entry for one claim ({"answers": ..., "verdicts": ..., "checked_at": ...}) or None."""
        self._refresh()
        entry = self.data["ratings"].get(str(claim_id))
        return entry if isinstance(entry, dict) else None

    def forget_rating(self, claim_id: str) -> bool:
        """Remove the saved rating for one claim."""
        self._refresh()
        self.data["ratings"].pop(str(claim_id), None)
        return self.save()

    def ratings(self) -> dict[str, dict[str, Any]]:
        """{claim_id: answers} for every saved rating."""
        self._refresh()
        out = {}
        for claim_id, entry in self.data["ratings"].items():
            if isinstance(entry, dict) and isinstance(entry.get("answers"), dict):
                out[claim_id] = entry["answers"]
        return out

    # ------------------------------------------------------------------ exercises and notes
    def save_exercise(self, question_id: str, answer: Any, status: str) -> bool:
        """Save an exercise answer and whether it was correct."""
        self._refresh()
        self.data["exercises"][str(question_id)] = {
            "answer": json_safe(answer), "status": status, "checked_at": _now()}
        return self.save()

    def exercise(self, question_id: str) -> dict[str, Any] | None:
        """The saved entry for one exercise question, or None."""
        self._refresh()
        entry = self.data["exercises"].get(str(question_id))
        return entry if isinstance(entry, dict) else None

    def save_note(self, name: str, value: Any) -> bool:
        """Save a free-form note (e.g. "first_impression")."""
        self._refresh()
        self.data["notes"][str(name)] = json_safe(value)
        return self.save()

    def note(self, name: str, default: Any = None) -> Any:
        """A saved note, or ``default``."""
        self._refresh()
        return self.data["notes"].get(str(name), default)

    # ------------------------------------------------------------------ export
    def export_json(self) -> str:
        """Everything saved, as the JSON text of a copy for the instructor."""
        self._refresh()
        return json.dumps(dict(self.data, exported=_now()), ensure_ascii=False, indent=1, sort_keys=True)

    def export(self, target: str | os.PathLike | None = None) -> Path:
        """Write a copy for the instructor; returns its path. Raises OSError only if no copy can be written."""
        target = Path(target).expanduser() if target else self.path.with_name("claimlab_answers_export.json")
        payload = self.export_json()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
            os.replace(tmp_name, target)
        except BaseException:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
            raise
        return target


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
