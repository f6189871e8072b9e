"""Learners' values made safe to keep: text that can be written as UTF-8, answers capped in size
and depth, and values read back from a file cleaned the same way. Nothing here raises.
"""
from __future__ import annotations

import datetime as _dt
import math
from typing import Any

MAX_TEXT = 20_000  # characters kept of any one free-text answer
MAX_ITEMS = 200  # items kept of any one list or table in an answer
MAX_DEPTH = 5  # levels of nesting kept in an answer
MAX_FILE_DEPTH = 64  # nesting beyond this is not an answers file
TRUST_POINTS = range(1, 6)  # the trust poll's scale

__all__ = ["MAX_TEXT", "MAX_ITEMS", "MAX_DEPTH", "MAX_FILE_DEPTH", "TRUST_POINTS", "now", "clean_text",
           "json_safe", "bounded_answer", "clean_file_value", "parse_version", "tidy_note", "time_of"]


def now() -> str:
    """The time now, in UTC, to the microsecond (what every entry's ``checked_at`` holds).

    To the microsecond, not the second: entries are merged across kernels by this time, and two
    checks in the same second (one of them saved late, after a failed save) must still be told
    apart. The text sorts as the time does, also beside older files' times to the second
    (``...:05+00:00`` sorts before ``...:05.000001+00:00``).
    """
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds")


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


def clean_file_value(value: Any, depth: int = 0) -> Any:
    """Text read from a file, made writable again (a file may hold "\\ud83d" escapes)."""
    if depth > MAX_FILE_DEPTH:
        raise ValueError("nested too deeply")
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_file_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_file_value(v, depth + 1) for v in value]
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


def tidy_note(value: Any) -> Any:
    """A note as the widgets can show it: a trust point that is not 1-5 (e.g. ``true``) is dropped."""
    if isinstance(value, dict) and "trust" in value:
        trust = value["trust"]
        if isinstance(trust, bool) or not isinstance(trust, int) or trust not in TRUST_POINTS:
            value = {k: v for k, v in value.items() if k not in ("trust", "label")}
    return value


def time_of(entry: Any) -> str:
    """When an entry was checked (its ``checked_at`` text, which sorts as the time does), or ``""``."""
    if isinstance(entry, dict):
        stamp = entry.get("checked_at")
        if isinstance(stamp, str):
            return stamp
    return ""


