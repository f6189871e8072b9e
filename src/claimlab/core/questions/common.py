"""What every question type shares: the words of feedback from data/exercises.yaml, options found by
id or label, and short descriptions of what a learner gave.

Every learner-facing word comes from ``messages`` in data/exercises.yaml; nothing here writes English
of its own except the last-resort messages of :func:`describe` and :func:`kind` (a value the checker
cannot read, e.g. a function passed by mistake), which data cannot foresee.
"""
from __future__ import annotations

import math
import numbers
import re
from typing import Any

from claimlab.core import text
from claimlab.core.dataset import Dataset
from claimlab.core.feedback import STATUSES

EXERCISES_FILE = "data/exercises.yaml"
DEFAULT_MAX_CHARS = 2000
ECHO_CHARS = 60

__all__ = ["KeyProblem", "EXERCISES_FILE", "DEFAULT_MAX_CHARS", "fill", "messages", "msg", "headline",
           "status_words", "label", "options_line", "find_option", "norm", "describe", "kind", "sentence",
           "is_missing", "questions", "settings", "question_id"]


class KeyProblem(Exception):
    """The answer key in data/exercises.yaml cannot be used for this question."""


def fill(template: str, ds: Dataset, **fields: Any) -> str:
    """Fill Claim Lab's own fields ({unit}, {example}...), then the data placeholders.

    A text is filled in once per dataset and field values (kept in ``ds.memo``): a static site asks
    for the same texts thousands of times while it lists every answer to every question.
    """
    key = ("fill", template, tuple(sorted((name, str(value)) for name, value in fields.items())))
    found = ds.memo.get(key)
    if found is None:
        filled = template
        for name, value in fields.items():
            filled = filled.replace("{" + name + "}", str(value).replace("{", "(").replace("}", ")"))
        try:
            found = text.render(filled, ds)
        except text.TemplateError as exc:
            raise KeyProblem(str(exc)) from None
        if len(ds.memo) > 50_000:
            ds.memo.clear()
        ds.memo[key] = found
    return found


def messages(ds: Dataset) -> dict[str, Any]:
    value = ds.exercises.get("messages", {})
    return value if isinstance(value, dict) else {}


def msg(ds: Dataset, name: str, **fields: Any) -> str:
    """The message ``name`` of data/exercises.yaml, filled in (its name if the file lacks it)."""
    return fill(str(messages(ds).get(name, name)), ds, **fields)


def headline(ds: Dataset, status: str) -> str:
    return str(messages(ds).get("headline", {}).get(status, status_words(ds).get(status, status)))


def status_words(ds: Dataset) -> dict[str, str]:
    """Each status in words ("right", "partly right" ...), from messages/status_words."""
    words = messages(ds).get("status_words") or {}
    return {status: str(words.get(status, status.replace("_", " "))) for status in (*STATUSES, "not checked yet")}


def questions(ds: Dataset) -> dict[str, dict[str, Any]]:
    found = ds.exercises.get("questions") or {}
    return found if isinstance(found, dict) else {}


def settings(ds: Dataset) -> dict[str, Any]:
    """The ``settings`` of data/exercises.yaml (reveal_after_tries, practice_passages ...)."""
    value = ds.exercises.get("settings") or {}
    return value if isinstance(value, dict) else {}


def question_id(value: Any) -> str:
    """A question id as the key writes it (lower case, no spaces), or a short description of the value."""
    try:
        return value.strip().lower()[:80] if isinstance(value, str) else describe(value)
    except Exception:
        return "?"


def label(ds: Dataset, option: dict[str, Any]) -> str:
    return fill(str(option["label"]), ds)


def norm(value: str) -> str:
    """Option ids and labels compare without case, spaces, hyphens, quotes or a final full stop."""
    value = value.strip().strip("\"'“”‘’").strip().rstrip(".").casefold()
    return re.sub(r"[\s\-_]+", "_", value)


def options_line(ds: Dataset, options: list[dict[str, Any]], intro: str = "options_are") -> str:
    """One feedback line listing options; each option after a newline (shown as a sub-list)."""
    shown = [f'"{o["id"]}": {label(ds, o)}' if norm(label(ds, o)) != norm(str(o["id"])) else f'"{o["id"]}"'
             for o in options]
    return "\n".join([msg(ds, intro), *shown])


def find_option(ds: Dataset, options: list[dict[str, Any]], value: Any) -> dict[str, Any] | None:
    """The option a learner meant: its id or label, as text (or a bare number, or True/False for yes/no)."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, numbers.Integral) and abs(int(value)) < 10**15:
        value = str(int(value))
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = str(int(value))
    if not isinstance(value, str) or len(value) > 500:
        return None
    wanted = norm(value)
    for option in options:
        if wanted in (norm(str(option["id"])), norm(label(ds, option))):
            return option
    return None


def describe(value: Any) -> str:
    """A short, safe description of a learner's value, for messages."""
    try:
        shown = repr(value)
    except Exception:
        return "?"
    return shown if len(shown) <= ECHO_CHARS else shown[:ECHO_CHARS - 3] + "..."


def kind(ds: Dataset | None, value: Any) -> str:
    """What sort of value this is, in words ("a list", "a whole number"), from messages/value_kinds."""
    words = (messages(ds).get("value_kinds") or {}) if ds is not None else {}
    try:
        name = type(value).__name__
    except Exception:
        return str(words.get("unreadable", "?"))
    if callable(value) and name not in words:
        return str(words.get("callable", name))
    return str(words.get(name, words.get("other", "{name}")).replace("{name}", name))


def sentence(line: str) -> str:
    return line[:1].upper() + line[1:]


def is_missing(value: Any) -> bool:
    """None, the placeholder ``...``, pandas' NA or a blank string: not answered yet."""
    if value is None or value is Ellipsis:
        return True
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, str) and not value.strip()
