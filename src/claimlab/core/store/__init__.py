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
   its target (the link stays a link).

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

The file format (``format: claimlab-answers``, ``version: 1``; ``format`` and ``version`` are written
first, so a file cut short by a full disk is still recognised as one and moved aside)::

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
                               "last": {...}, "tries": 3, "revealed": true, "revealed_after": 2}},
      "notes":     {"first_impression": {...}, "summary": "..."},
      "cleared":   {"ratings": {"CL25": "<UTC time the learner reset it>"}}
    }

Attempts are the one log of how each question went: :meth:`AnswerStore.record_attempt`
(``question_id, answer, status``) keeps the first and the last attempt (by when each was made, to the
microsecond, so an attempt saved late after a failed save is put in its place) and counts tries, and
:meth:`AnswerStore.record_reveal` notes that the expert answer was shown; both are merged across
kernels entry by entry like every other change. A rating the learner resets is removed and noted in
``cleared`` with the time, so an older save from another kernel does not bring it back, and the class
results can tell a later export of the same learner (which holds all the earlier one did, or notes it
cleared) from a classmate's copy of the file that went its own way. Files written before this log had its own section
kept attempts in ``notes/attempts``; they are moved into ``attempts`` when the file is read.
:meth:`AnswerStore.save_exercise` does not save an answer whose status is ``unknown_question``
(there is no such question, so nothing to keep). :func:`bounded_answer` caps an answer before a
checker works on it.
"""

from __future__ import annotations

import os
from pathlib import Path

from claimlab.core.store import disk
from claimlab.core.store.answers import SKIP_STATUSES, AnswerStore, default_path
from claimlab.core.store.disk import FORMAT, SECTIONS, VERSION, describe_error
from claimlab.core.store.values import MAX_ITEMS, MAX_TEXT, bounded_answer, clean_text, json_safe, parse_version

__all__ = ["disk", "AnswerStore", "current", "use_answers_file", "default_path", "describe_error", "FORMAT", "VERSION",
           "SECTIONS", "SKIP_STATUSES", "json_safe", "clean_text", "bounded_answer", "parse_version", "MAX_TEXT",
           "MAX_ITEMS"]


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
    _CURRENT = AnswerStore(Path(path), article=_article_title())
    return _CURRENT
