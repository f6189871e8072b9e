"""Learners' answers, saved at once and never lost.

Where answers live (first match wins):

1. the path given to :func:`use_answers_file` (or ``AnswerStore(path)``);
2. the environment variable ``CLAIMLAB_ANSWERS``;
3. ``my_answers/answers.json`` in the Claim Lab folder (next to ``data/``).

Every save writes a temporary file beside the answers file and renames it over the
old one, so a crash or a closed tab never leaves half a file. A file that cannot be
read is moved aside (``answers.unreadable-<time>.json``) and never overwritten; a
folder that cannot be written to gives a message and the answers stay in memory for
the session.

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

__all__ = ["AnswerStore", "current", "use_answers_file", "default_path", "FORMAT", "VERSION", "json_safe"]


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def default_path() -> Path:
    env = os.environ.get("CLAIMLAB_ANSWERS")
    if env:
        return Path(env).expanduser()
    try:
        from .data import find_root
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
    """Reads and writes one learner's answers file."""

    def __init__(self, path: str | os.PathLike | None = None, article: str = ""):
        self.path = Path(path).expanduser() if path else default_path()
        self.article = article
        self.messages: list[str] = []  # things the learner should know (shown by widgets)
        self.writable = True
        self.data = self._read()

    # ------------------------------------------------------------------ reading
    def _empty(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "article": self.article, "created": _now(),
                "updated": _now(), "ratings": {}, "exercises": {}, "notes": {}}

    def _move_aside(self, reason: str) -> None:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
        try:
            os.replace(self.path, target)
            self.messages.append(
                f"Your answers file {self.path} could not be read ({reason}). It was kept, renamed to "
                f"{target.name}, and a new file was started. Ask your instructor if you need the old answers.")
        except OSError as exc:
            self.writable = False
            self.messages.append(
                f"Your answers file {self.path} could not be read ({reason}) or moved aside ({exc}). "
                "It will not be overwritten; new answers are kept in memory for this session only.")

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return self._empty()
        try:
            raw = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._move_aside(f"{exc.__class__.__name__}: {exc}")
            return self._empty()
        try:
            data = json.loads(raw)
        except ValueError:
            self._move_aside("it is not valid JSON")
            return self._empty()
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            self._move_aside("it is not a Claim Lab answers file")
            return self._empty()
        if not isinstance(data.get("version"), int) or data["version"] > VERSION:
            self._move_aside(f"it was written by a newer Claim Lab (format version {data.get('version')})")
            return self._empty()
        for section in ("ratings", "exercises", "notes"):
            if not isinstance(data.get(section), dict):
                data[section] = {}
        return data

    # ------------------------------------------------------------------ writing
    def save(self) -> bool:
        """Write the file atomically. Returns False (with a message) if it could not."""
        self.data["updated"] = _now()
        if not self.writable:
            return False
        tmp_name = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".answers-", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.data, handle, ensure_ascii=False, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
            return True
        except OSError as exc:
            if tmp_name:
                try:
                    os.unlink(tmp_name)
                except OSError:
                    pass
            self.writable = False
            self.messages.append(
                f"Could not save to {self.path} ({exc.strerror or exc}). Your answers are kept in memory "
                "for this session; use Export to save a copy somewhere you can write.")
            return False

    # ------------------------------------------------------------------ ratings
    def save_rating(self, claim_id: str, answers: dict[str, Any], verdicts: dict[str, str]) -> bool:
        self.data["ratings"][str(claim_id)] = {
            "answers": json_safe(answers), "verdicts": json_safe(verdicts), "checked_at": _now()}
        return self.save()

    def rating(self, claim_id: str) -> dict[str, Any] | None:
        entry = self.data["ratings"].get(str(claim_id))
        return entry if isinstance(entry, dict) else None

    def forget_rating(self, claim_id: str) -> bool:
        self.data["ratings"].pop(str(claim_id), None)
        return self.save()

    def ratings(self) -> dict[str, dict[str, Any]]:
        """{claim_id: answers} for every saved rating."""
        out = {}
        for claim_id, entry in self.data["ratings"].items():
            if isinstance(entry, dict) and isinstance(entry.get("answers"), dict):
                out[claim_id] = entry["answers"]
        return out

    # ------------------------------------------------------------------ exercises and notes
    def save_exercise(self, question_id: str, answer: Any, status: str) -> bool:
        self.data["exercises"][str(question_id)] = {
            "answer": json_safe(answer), "status": status, "checked_at": _now()}
        return self.save()

    def exercise(self, question_id: str) -> dict[str, Any] | None:
        entry = self.data["exercises"].get(str(question_id))
        return entry if isinstance(entry, dict) else None

    def save_note(self, name: str, value: Any) -> bool:
        self.data["notes"][str(name)] = json_safe(value)
        return self.save()

    def note(self, name: str, default: Any = None) -> Any:
        return self.data["notes"].get(str(name), default)

    # ------------------------------------------------------------------ export
    def export(self, target: str | os.PathLike | None = None) -> Path:
        """Write a copy for the instructor; returns its path. Raises OSError only if no copy can be written."""
        target = Path(target) if target else self.path.with_name("claimlab_answers_export.json")
        payload = dict(self.data, exported=_now())
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp_name, target)
        return target


_CURRENT: AnswerStore | None = None


def current() -> AnswerStore:
    """The answers store for this kernel (created on first use)."""
    global _CURRENT
    wanted = default_path()
    if _CURRENT is None or (_CURRENT.path != wanted and not _explicit):
        try:
            from .data import load
            article = str(load().article.meta.get("title", ""))
        except Exception:
            article = ""
        _CURRENT = AnswerStore(wanted, article=article)
    return _CURRENT


_explicit = False


def use_answers_file(path: str | os.PathLike) -> AnswerStore:
    """Save this session's answers to ``path`` instead of the default."""
    global _CURRENT, _explicit
    _explicit = True
    _CURRENT = AnswerStore(path)
    return _CURRENT
