"""Reading learners' answers files from a class folder: every file either read or listed as skipped,
with the reason in plain words.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimlab.core import store as answer_store
from claimlab.core.dataset import Dataset

MAX_FILE_BYTES = 5_000_000  # an answers file is a few kilobytes; anything this big is something else
NAME_KEYS = ("learner", "learner_name", "name")  # where a future answers file may carry a learner's name
@dataclass(frozen=True)
class SkippedFile:
    """A file in the folder that was not used, and why."""

    path: Path
    reason: str
    digest: str


@dataclass(frozen=True)
class LearnerFile:
    """One learner's answers file, checked. ``ratings`` holds only this article's claims."""

    path: Path
    digest: str
    ratings: dict[str, dict[str, Any]]
    foreign: tuple[str, ...] = ()
    unreadable: int = 0  # rating entries in the file that could not be read
    name: str | None = None
    exercises: dict[str, Any] = field(default_factory=dict)


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_answers_file(path: str | os.PathLike, ds: Dataset) -> LearnerFile | SkippedFile:
    """Check one file; a :class:`LearnerFile` if it can be used, else a :class:`SkippedFile`. Never raises."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return SkippedFile(path, f"it is too large to be an answers file ({size:,} bytes)", "")
        raw = path.read_bytes()
    except OSError as exc:
        return SkippedFile(path, f"it could not be read ({answer_store.describe_error(exc)})", "")
    digest = _digest(raw)

    def skip(reason: str) -> SkippedFile:
        return SkippedFile(path, reason, digest)

    if path.suffix.lower() != ".json":
        return skip("it is not a .json file")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return skip("it is not UTF-8 text")
    except ValueError:
        return skip("it is not valid JSON (perhaps cut short while copying)")
    if not isinstance(data, dict) or data.get("format") != answer_store.FORMAT:
        return skip("it is not a Claim Lab answers file")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return skip("its format version is missing or not a whole number")
    if version > answer_store.VERSION:
        return skip(f"it was written by a newer Claim Lab (format version {version}); update this copy of Claim Lab")
    title = str(ds.article.meta.get("title", ""))
    their_title = data.get("article")
    if isinstance(their_title, str) and their_title.strip() and title and their_title.strip() != title.strip():
        return skip(f"it holds answers about another article (“{their_title.strip()[:80]}”)")
    ratings_in = data.get("ratings", {})
    if not isinstance(ratings_in, dict):
        return skip("its 'ratings' part is not a table of claims")
    exercises = data.get("exercises", {})
    ratings: dict[str, dict[str, Any]] = {}
    foreign: list[str] = []
    unreadable = 0
    for claim_id, entry in ratings_in.items():
        answers = entry.get("answers") if isinstance(entry, dict) else None
        if not isinstance(answers, dict):
            unreadable += 1
        elif claim_id not in ds.key.index:
            foreign.append(str(claim_id))
        else:
            ratings[str(claim_id)] = {str(k): v for k, v in answers.items()}
    if ratings_in and not ratings and foreign:
        return skip(f"none of the {len(foreign)} claims it rates is in this article (is it for another article?)")
    name = next((str(data[k]).strip() for k in NAME_KEYS if isinstance(data.get(k), str) and data[k].strip()), None)
    return LearnerFile(path=path, digest=digest, ratings=ratings, foreign=tuple(sorted(foreign)),
                       unreadable=unreadable, name=name,
                       exercises=exercises if isinstance(exercises, dict) else {})


def _files_in(folder: Path) -> list[Path]:
    """Every file under ``folder`` (sub-folders too), skipping hidden files and folders."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if path.is_file() and not any(part.startswith(".") for part in relative):
            found.append(path)
    return found


# --------------------------------------------------------------------------- the class
