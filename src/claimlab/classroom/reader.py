"""Reading learners' answers files from a class folder: every file either read or listed as skipped,
with the reason in plain words. Nothing in a file can make it raise: a file nested 1,000 levels
deep (``RecursionError``), a huge one, one that is not UTF-8 or not JSON is skipped with a reason.

Each file carries the learner's id (``learner_id``, created once in the learner's answers file and
kept in every export) and when it was saved or exported, so :mod:`.results` can count a learner who
sent two exports once, keeping the latest.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimlab.core import store as answer_store
from claimlab.core.dataset import Dataset
from claimlab.core.store.values import time_of

MAX_FILE_BYTES = 5_000_000  # an answers file is a few kilobytes; anything this big is something else
PROGRESS_FROM = 200  # folders with at least this many files show a progress bar
CUT_SHORT = "it is not valid JSON (perhaps cut short while copying)"
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
    learner_id: str | None = None  # the id the learner's answers file carries (None in files before it)
    saved_at: str = ""  # when the file was exported (else last saved), as its UTC ISO text
    mtime: float = 0.0  # the file's modification time, to order exports that carry no time
    attempts: dict[str, Any] = field(default_factory=dict)  # the attempts log (older files' note moved in)
    notes: dict[str, Any] = field(default_factory=dict)
    article: str = ""  # the article the file says it is about
    rated_at: dict[str, str] = field(default_factory=dict)  # claim id -> when its rating was checked or reset
    sample: bool = False  # a made-up learner (written by `python -m claimlab sample-answers`), not a real one
    edition: str = ""  # where the answers were given: "static" (the web pages), else JupyterLab or JupyterLite


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_answers_file(path: str | os.PathLike, ds: Dataset, claims: frozenset[str] | None = None
                      ) -> LearnerFile | SkippedFile:
    """Check one file; a :class:`LearnerFile` if it can be used, else a :class:`SkippedFile`. Never raises.

    ``claims`` (the article's claim ids) may be passed in when many files are read.
    """
    path = Path(path)
    try:
        return _read(path, ds, claims if claims is not None else frozenset(map(str, ds.key.index)))
    except RecursionError:
        return SkippedFile(path, "it is nested too deeply to be an answers file", "")
    except Exception as exc:  # a learner's file never stops the class results
        return SkippedFile(path, f"it could not be read ({type(exc).__name__})", "")


def _read(path: Path, ds: Dataset, claims: frozenset[str]) -> LearnerFile | SkippedFile:
    try:
        st = path.stat()
        size = st.st_size
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
    except UnicodeDecodeError:  # an answers file cut inside a letter is cut short, not another kind of file
        return skip(CUT_SHORT if raw.strip() and answer_store.disk.looks_ours(raw) else "it is not UTF-8 text")
    except RecursionError:
        return skip("it is nested too deeply to be an answers file")
    except ValueError:
        return skip(CUT_SHORT)
    if not isinstance(data, dict) or data.get("format") != answer_store.FORMAT:
        return skip("it is not a Claim Lab answers file")
    version = answer_store.parse_version(data.get("version"))
    if version is None or version < 1:
        return skip("its format version is missing or not a whole number")
    if version > answer_store.VERSION:
        return skip(f"it was written by a newer Claim Lab (format version {version}); update this copy of Claim Lab")
    title = str(ds.article.meta.get("title", ""))
    their_title = data.get("article")
    if isinstance(their_title, str) and their_title.strip() and title and their_title.strip() != title.strip():
        shown = answer_store.clean_text(their_title.strip()[:80])
        return skip(f"it holds answers about another article (“{shown}”)")
    ratings_in = data.get("ratings", {})
    if not isinstance(ratings_in, dict):
        return skip("its 'ratings' part is not a table of claims")
    exercises = data.get("exercises", {})
    ratings: dict[str, dict[str, Any]] = {}
    rated_at: dict[str, str] = {}
    foreign: list[str] = []
    unreadable = 0
    for claim_id, entry in ratings_in.items():
        answers = entry.get("answers") if isinstance(entry, dict) else None
        if not isinstance(answers, dict):
            unreadable += 1
        elif claim_id not in claims:
            foreign.append(answer_store.clean_text(str(claim_id))[:40])
        else:
            ratings[claim_id] = answers  # JSON keys are always text
            rated_at[claim_id] = time_of(entry)
    cleared = data.get(answer_store.disk.CLEARED)  # ratings the learner reset, and when
    cleared = cleared.get("ratings") if isinstance(cleared, dict) else None
    for claim_id in claims.intersection(cleared) if isinstance(cleared, dict) else ():
        rated_at[claim_id] = max(rated_at.get(claim_id, ""), answer_store.disk.cleared_at(data, "ratings", claim_id))
    if ratings_in and not ratings and foreign:
        return skip(f"none of the {len(foreign)} claims it rates is in this article (is it for another article?)")
    name = next((answer_store.clean_text(str(data[k]).strip())[:100] for k in NAME_KEYS
                 if isinstance(data.get(k), str) and data[k].strip()), None)
    learner_id = data.get("learner_id")
    learner_id = answer_store.clean_text(learner_id.strip())[:100] if isinstance(learner_id, str) else None
    saved_at = next((data[k] for k in ("exported", "updated") if isinstance(data.get(k), str)), "")
    parsed, _problem = answer_store.disk.parse(raw)  # the store's own reading: older attempts moved into place
    parsed = parsed or {"attempts": {}, "notes": {}}
    return LearnerFile(path=path, digest=digest, ratings=ratings, foreign=tuple(sorted(foreign)),
                       unreadable=unreadable, name=name,
                       exercises=exercises if isinstance(exercises, dict) else {},
                       learner_id=learner_id or None, saved_at=saved_at[:40], mtime=st.st_mtime,
                       attempts=parsed["attempts"], notes=parsed["notes"],
                       article=their_title.strip() if isinstance(their_title, str) else "", rated_at=rated_at,
                       sample=bool(data.get("sample")),
                       edition=answer_store.clean_text(str(data.get("edition") or ""))[:20])


def files_in(folder: Path) -> list[Path]:
    """Every file under ``folder`` (sub-folders too), skipping hidden files and folders."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if path.is_file() and not any(part.startswith(".") for part in relative):
            found.append(path)
    return found


# --------------------------------------------------------------------------- the class


class Progress:
    """A progress bar while a big class folder is read: an ipywidgets bar in a notebook (removed when
    done), a one-line text bar on a terminal, nothing for a folder under :data:`PROGRESS_FROM` files."""

    def __init__(self, total: int, what: str, show: bool | None = None):
        self.total, self.what, self.done = max(int(total), 0), what, 0
        self.active = bool(show) if show is not None else self.total >= PROGRESS_FROM
        self._bar: Any = None
        self._shown_at = 0.0
        if not self.active or not self.total:
            self.active = False
            return
        try:
            from IPython import get_ipython
            shell = get_ipython()
        except ImportError:
            shell = None
        if shell is not None and getattr(shell, "kernel", None) is not None:
            try:
                import ipywidgets as w
                from IPython.display import display
                self._bar = w.IntProgress(value=0, min=0, max=self.total, description=what,
                                          style={"description_width": "initial"},
                                          layout=w.Layout(width="auto", max_width="600px"))
                display(self._bar)
            except Exception:
                self._bar = None

    def step(self, count: int = 1) -> None:
        if not self.active:
            return
        self.done = min(self.done + count, self.total)
        if self._bar is not None:
            if self.done == self.total or self.done % max(self.total // 100, 1) == 0:
                self._bar.value = self.done
            return
        now = time.monotonic()
        if self.done == self.total or now - self._shown_at > 0.2:
            self._shown_at = now
            filled = round(30 * self.done / self.total)
            sys.stderr.write(f"\r{self.what}: [{'#' * filled}{'.' * (30 - filled)}] "
                             f"{self.done:,} of {self.total:,}")
            sys.stderr.flush()

    def close(self) -> None:
        if not self.active:
            return
        self.active = False
        if self._bar is not None:
            try:
                self._bar.close()
            except Exception:
                pass
        else:
            sys.stderr.write("\n")
            sys.stderr.flush()
