"""Class results for the instructor: tables and charts of how the class answered, anonymous by default.

A learner who sends two exports counts once: files carrying the same ``learner_id`` (created once
in the learner's answers file) and article are one learner, and the latest export is used, but only
if it continues the earlier one (:func:`continues`), so a classmate's copied file never replaces
the learner's own. A MOOC-sized folder
(5,000 files) is summarised in seconds, with a progress bar: each verdict depends only on the claim,
the rubric question and the option given, so it is judged once (by :func:`claimlab.core.rubric.judge`)
and reused. See ``benchmarks/class_folder.py`` for the figures.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from claimlab.classroom.reader import (
    LearnerFile,
    Progress,
    SkippedFile,
    files_in,
    read_answers_file,
)
from claimlab.classroom.results_charts import ResultsCharts
from claimlab.core import rubric
from claimlab.core.dataset import Dataset, load
from claimlab.core.store.values import time_of
from claimlab.core.text import escape

ENV_FOLDER = "CLAIMLAB_CLASS_ANSWERS"
DEFAULT_FOLDER = Path("instructors") / "class_answers"
_SETTING: dict[str, Path] = {}  # the folder cl.class_folder() names, for every view in this kernel

# verdict -> (words, colour, bar pattern): Okabe-Ito colours, each also with its own pattern and symbol
HTML_ROWS = 200  # files listed in the notebook's table (all of them are in results.files())
EARLIER_EXPORT = "it is an earlier export from a learner who also sent a later one (the latest is used)"
SHARED_ID = ("another file carries the same learner id but not the same answers (a copied answers file?): "
             "both are counted")


# --------------------------------------------------------------------------- one file
class ClassResults(ResultsCharts):
    """Every answers file in one folder, checked; summaries and charts of the class against the key.

    Attributes: ``folder``, ``learners`` (list of :class:`LearnerFile`, in label order),
    ``skipped`` (list of :class:`SkippedFile`), ``messages`` (problems with the folder itself)
    and ``show_names``.
    """

    def __init__(self, folder: str | os.PathLike | None = None, *, show_names: bool = False,
                 ds: Dataset | None = None, progress: bool | None = None):
        self.show_names = bool(show_names)
        self.messages: list[str] = []
        self.learners: list[LearnerFile] = []
        self.skipped: list[SkippedFile] = []
        self._verdicts: pd.DataFrame | None = None
        self._tally: dict[tuple[str, str, str], int] = {}
        self._rated_by_claim: dict[str, int] = {}
        self._numbers: dict[int, int] = {}
        self._shared_id: set[int] = set()  # files that share a learner id with another learner's file
        self.ds = ds or load()
        self.folder = self._folder(folder)
        if not self.folder.is_dir():
            what = "is a file, not a folder" if self.folder.exists() else "does not exist"
            self.messages.append(f"The folder {self.folder} {what}. Put the learners' answers files in one "
                                 "folder and give its name, like cl.class_results(\"class_answers\").")
            return
        paths = files_in(self.folder)
        claims = frozenset(map(str, self.ds.key.index))
        bar = Progress(len(paths), "Reading answers files", progress)
        read: list[LearnerFile | SkippedFile] = []
        try:
            for path in paths:
                read.append(read_answers_file(path, self.ds, claims))
                bar.step()
        finally:
            bar.close()
        seen: set[str] = set()
        used: list[LearnerFile] = []
        for result in sorted(read, key=lambda r: (r.digest, str(r.path))):
            if isinstance(result, LearnerFile) and result.digest in seen:
                self.skipped.append(SkippedFile(result.path, "it is an exact copy of another file", result.digest))
            elif isinstance(result, LearnerFile):
                seen.add(result.digest)
                used.append(result)
            else:
                self.skipped.append(result)
        replaced, self._shared_id = latest_exports(used)
        for learner in used:
            if id(learner) in replaced:
                self.skipped.append(SkippedFile(learner.path, EARLIER_EXPORT, learner.digest))
            else:
                self.learners.append(learner)
        if not self.learners and not self.skipped:
            self.messages.append(f"The folder {self.folder} has no files in it yet.")

    def _folder(self, folder: str | os.PathLike | None) -> Path:
        return chosen_folder(folder, self.ds)

    # ------------------------------------------------------------------ labels
    def label(self, learner: LearnerFile) -> str:
        """'Learner 3'; with ``show_names=True`` the name in the file, else the file's name."""
        if self.show_names:
            return learner.name or learner.path.name
        return f"Learner {self._number(learner)}"

    def _number(self, learner: LearnerFile) -> int:
        """The learner's number (1 ...), in the order of :attr:`learners`."""
        if len(self._numbers) != len(self.learners):
            self._numbers = {id(item): number for number, item in enumerate(self.learners, 1)}
        number = self._numbers.get(id(learner))
        return number if number is not None else self.learners.index(learner) + 1

    def _skipped_label(self, number: int, item: SkippedFile) -> str:
        return str(item.path.relative_to(self.folder)) if self.show_names else f"Skipped file {number}"

    # ------------------------------------------------------------------ tables
    def files(self) -> pd.DataFrame:
        """One row per file: label, used (True/False), claims rated, foreign claims, note. No names unless asked."""
        rows = []
        for learner in self.learners:
            notes = []
            if learner.foreign:
                notes.append(f"{len(learner.foreign)} claim(s) not in this article left out "
                             f"({', '.join(learner.foreign[:5])}{'…' if len(learner.foreign) > 5 else ''})")
            if learner.unreadable:
                notes.append(f"{learner.unreadable} rating(s) could not be read")
            if not learner.ratings:
                notes.append("no claims rated yet")
            if id(learner) in self._shared_id:
                notes.append(SHARED_ID)
            rows.append({"file": self.label(learner), "used": True, "claims_rated": len(learner.ratings),
                         "foreign_claims": len(learner.foreign), "note": "; ".join(notes)})
        for number, item in enumerate(self.skipped, 1):
            rows.append({"file": self._skipped_label(number, item), "used": False, "claims_rated": 0,
                         "foreign_claims": 0, "note": item.reason[:1].upper() + item.reason[1:] + "."})
        return pd.DataFrame(rows, columns=["file", "used", "claims_rated", "foreign_claims", "note"])

    def verdicts(self) -> pd.DataFrame:
        """One row per learner, rated claim and rubric question.

        Columns: number (the learner's number, 1 ...), learner (their label), claim_id, dimension,
        given (the option chosen, or None) and verdict (right, near, wrong or unanswered).
        """
        if self._verdicts is None:
            order = {claim_id: i for i, claim_id in enumerate(self.ds.key.index)}
            dims = [d["id"] for d in self.ds.dimensions()]
            judged: dict[tuple[Any, ...], tuple[Any, str]] = {}  # (claim, question, type, option) -> verdict
            rows: list[tuple[Any, ...]] = []
            append = rows.append
            tally: dict[tuple[str, str, str], int] = {}  # (claim, question, verdict) -> how many
            rated: dict[str, int] = {}  # claim -> how many learners rated it
            for number, learner in enumerate(self.learners, 1):
                label = self.label(learner)
                for claim_id in sorted(learner.ratings, key=order.__getitem__):
                    answers = learner.ratings[claim_id]
                    rated[claim_id] = rated.get(claim_id, 0) + 1
                    for dim in dims:
                        raw = answers.get(dim)
                        try:
                            given, verdict = judged[(claim_id, dim, raw.__class__, raw)]
                        except (KeyError, TypeError):
                            given, verdict = self._judge_one(judged, claim_id, dim, raw)
                        append((number, label, claim_id, dim, given, verdict))
                        counted = (claim_id, dim, verdict)
                        tally[counted] = tally.get(counted, 0) + 1
            self._tally, self._rated_by_claim = tally, rated
            self._verdicts = pd.DataFrame.from_records(
                rows, columns=["number", "learner", "claim_id", "dimension", "given", "verdict"])
        return self._verdicts

    def _any_verdicts(self) -> bool:
        self.verdicts()
        return bool(self._tally)

    def _judge_one(self, judged: dict[tuple[Any, ...], tuple[Any, str]], claim_id: str, dim: str,
                   raw: Any) -> tuple[Any, str]:
        """(given, verdict) for one answer to one question, worked out once per distinct answer.

        The same rule as :func:`claimlab.core.rubric.judge` (a test compares the two on every
        claim, question and option), without its feedback text, which the class view never shows.
        """
        try:
            key: tuple[Any, ...] | None = (claim_id, dim, raw.__class__, raw)
            hit = judged.get(key)
        except TypeError:  # a list or dict where an option was expected: worked out every time
            key, hit = None, None
        if hit is None:
            given = rubric.normalise(self.ds, dim, raw)
            expected, accepted = self._key_cells()[(claim_id, dim)]
            verdict = ("unanswered" if given is None else "right" if given == expected
                       else "near" if given in accepted else "wrong")
            hit = (given, verdict)
            if key is not None:
                judged[key] = hit
        return hit

    def _key_cells(self) -> dict[tuple[str, str], tuple[str, list[str]]]:
        """{(claim id, question id): (the key's answer, the near misses it accepts)}, read once."""
        cells = getattr(self, "_cells", None)
        if cells is None:
            cells = {}
            for claim_id, row in self.ds.key.iterrows():
                for dim in self.ds.dimensions():
                    cells[(str(claim_id), dim["id"])] = (str(row[dim["id"]]), rubric.accepted(row, dim["id"]))
            self._cells = cells
        return cells

    def _counts(self, keys: list[str]) -> pd.DataFrame:
        """Verdict counts grouped by ``keys``, in the key's claim order and the rubric's question order."""
        columns = keys + ["right", "near", "not_quite", "unanswered", "answered", "share_right", "share_not_quite"]
        self.verdicts()
        if not self._tally:
            return pd.DataFrame(columns=columns)
        frame = pd.DataFrame([(*k, n) for k, n in self._tally.items()],  # a few hundred rows, not one per answer
                             columns=["claim_id", "dimension", "verdict", "count"])
        table = frame.groupby(keys + ["verdict"])["count"].sum().unstack("verdict", fill_value=0)
        table = table.reindex(columns=list(rubric.VERDICTS), fill_value=0).astype(int)
        table = table.rename(columns={"wrong": "not_quite"}).reset_index()
        table.columns.name = None
        table["answered"] = table["right"] + table["near"] + table["not_quite"]
        answered = table["answered"].where(table["answered"] > 0)
        table["share_right"] = table["right"] / answered
        table["share_not_quite"] = table["not_quite"] / answered
        order = {"claim_id": {c: i for i, c in enumerate(self.ds.key.index)},
                 "dimension": {d["id"]: i for i, d in enumerate(self.ds.dimensions())}}
        table = table.sort_values(keys, key=lambda s: s.map(order[s.name]), kind="stable")
        return table[columns].reset_index(drop=True)

    def agreement(self) -> pd.DataFrame:
        """One row per rated claim and question: counts of right, near, not_quite, unanswered; shares of answered."""
        return self._counts(["claim_id", "dimension"])

    def by_question(self) -> pd.DataFrame:
        """The whole class per rubric question (in rubric order), over every rated claim."""
        table = self._counts(["dimension"]).set_index("dimension")
        rows = []
        for dim in self.ds.dimensions():
            row = {"dimension": dim["id"], "question": dim["question"]}
            for column in ("right", "near", "not_quite", "unanswered", "answered"):
                row[column] = int(table.loc[dim["id"], column]) if dim["id"] in table.index else 0
            row["share_right"] = row["right"] / row["answered"] if row["answered"] else None
            rows.append(row)
        return pd.DataFrame(rows)

    def divergence(self, top: int = 10) -> pd.DataFrame:
        """The ``top`` claims where the class most often chose an answer the key does not accept.

        One row per claim: learners (who rated it), right, near, not_quite, unanswered, answered,
        share_not_quite; sorted by share_not_quite (highest first), then by claim order.
        """
        columns = ["claim_id", "learners", "right", "near", "not_quite", "unanswered", "answered", "share_not_quite"]
        table = self._counts(["claim_id"])
        table = table[table["answered"] > 0]
        if table.empty:
            return pd.DataFrame(columns=columns)
        learners = pd.Series(self._rated_by_claim, dtype=int)
        table = table.assign(learners=table["claim_id"].map(learners).astype(int), _order=range(len(table)))
        table = table.sort_values(["share_not_quite", "_order"], ascending=[False, True]).head(max(int(top), 1))
        return table[columns].reset_index(drop=True)

    def answer_counts(self, claim_id: str) -> pd.DataFrame:
        """For one claim: per question and option, how many learners chose it, and its role (key, near, other).

        The last row of each question counts learners who left it unanswered.
        """
        frame = self.verdicts()
        frame = frame[frame["claim_id"] == claim_id]
        key = self.ds.key.loc[claim_id]
        rows = []
        for dim in self.ds.dimensions():
            chosen = frame[frame["dimension"] == dim["id"]]
            expected = str(key[dim["id"]])
            accepted = rubric.accepted(key, dim["id"])
            for option in dim["options"]:
                oid = str(option["id"])
                role = "key" if oid == expected else "near" if oid in accepted else "other"
                rows.append({"dimension": dim["id"], "question": dim["question"], "option": oid,
                             "label": str(option["label"]), "role": role,
                             "count": int((chosen["given"] == oid).sum())})
            rows.append({"dimension": dim["id"], "question": dim["question"], "option": None,
                         "label": "Not answered", "role": "unanswered",
                         "count": int((chosen["verdict"] == "unanswered").sum())})
        return pd.DataFrame(rows, columns=["dimension", "question", "option", "label", "role", "count"])

    # ------------------------------------------------------------------ charts
    @property
    def samples_only(self) -> bool:
        """True when every file used is a made-up sample learner's (never a real class's)."""
        return bool(self.learners) and all(learner.sample for learner in self.learners)

    def summary(self) -> str:
        """One or two sentences: how many files were used and skipped."""
        if self.messages and not self.learners and not self.skipped:
            return " ".join(self.messages)
        rated = sum(bool(learner.ratings) for learner in self.learners)
        words = (f"{len(self.learners)} answers file{'' if len(self.learners) == 1 else 's'} used "
                 f"({rated} with at least one rated claim)")
        if self.skipped:
            words += f"; {len(self.skipped)} skipped (see the notes)"
        words += "."
        if self.samples_only:
            words += (" These are MADE-UP SAMPLE LEARNERS, not a class: name your class's folder with "
                      "cl.class_folder(\"...\") at the top of the notebook.")
        if not self.show_names:
            words += (" Learners are numbered by file content, not by name; "
                      "use show_names=True on your own screen to see file names.")
        return words

    def __repr__(self) -> str:
        lines = [f"Class results from {self.folder.name}/: {self.summary()}"]
        for row in self.files().itertuples():
            if row.used:
                lines.append(f"- {row.file}: {row.claims_rated} claims rated" + (f"; {row.note}" if row.note else ""))
            else:
                lines.append(f"- {row.file}: {row.note}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from claimlab.ui.html import table

        files = self.files()
        rows = [[escape(str(r.file)), "✓ used" if r.used else "✗ skipped", str(r.claims_rated) if r.used else "",
                 escape(r.note)] for r in files.head(HTML_ROWS).itertuples()]
        files_table = table(["File", "Used?", "Claims rated", "Notes"], rows) if rows else ""
        if len(files) > HTML_ROWS:
            files_table += (f"<p>… and {len(files) - HTML_ROWS:,} more files, not listed here; "
                            "<code>results.files()</code> lists them all.</p>")
        by_q = self.by_question()
        q_rows = [[escape(r.question), str(r.right), str(r.near), str(r.not_quite), str(r.unanswered)]
                  for r in by_q.itertuples()] if self._any_verdicts() else []
        q_table = table(["Question", "✓ Right", "≈ Near miss", "✗ Not quite", "○ Not answered"], q_rows,
                         "The whole class, per rubric question (every rated claim)") if q_rows else ""
        return (f"<div style='max-width:60em'><p><strong>Class results from "
                f"<code>{escape(self.folder.name)}/</code>:</strong> {escape(self.summary())}</p>"
                f"{files_table}{q_table}</div>")


def chosen_folder(folder: str | os.PathLike | None = None, ds: Dataset | None = None) -> Path:
    """The class folder: the one given, else the one :func:`class_folder` set, else the environment variable
    CLAIMLAB_CLASS_ANSWERS, else ``instructors/class_answers/`` in the module's folder."""
    if folder is None:
        folder = _SETTING.get("folder") or os.environ.get(ENV_FOLDER) or (ds or load()).root / DEFAULT_FOLDER
    return Path(folder).expanduser().resolve()


class ClassFolder:
    """What :func:`class_folder` set: the folder, and how many files are in it."""

    def __init__(self, folder: Path):
        self.folder = folder

    def describe(self) -> str:
        if not self.folder.is_dir():
            return (f"The class folder is set to {self.folder}, which does not exist yet. Put your learners' "
                    "answers files in it, then run the notebook again.")
        count = len(files_in(self.folder))
        return (f"The class folder is {self.folder.name}/ ({count} file{'' if count == 1 else 's'}). Every table "
                "and chart below reads this folder.")

    def __repr__(self) -> str:
        return self.describe()

    def _repr_html_(self) -> str:
        return f"<p><strong>{escape(self.describe())}</strong></p>"


def class_folder(folder: str | os.PathLike) -> ClassFolder:
    """Name the folder of your learners' answers files, once: ``cl.class_folder("class_answers")``.

    Every class view after it (``cl.class_results()``, ``cl.class_learning()``, ``cl.class_learners()``)
    reads this folder unless it is given another one. A relative name is found from the notebook's folder.
    """
    path = Path(folder).expanduser().resolve()
    _SETTING["folder"] = path
    return ClassFolder(path)


def _when(learner: LearnerFile) -> tuple[str, float, str]:
    """When a file was exported or saved: its own time, then the file's time, then its name (for ties)."""
    return learner.saved_at, learner.mtime, str(learner.path)


def continues(later: LearnerFile, earlier: LearnerFile) -> bool:
    """True if ``later`` can be the same learner's answers file exported again after ``earlier``: about the
    same article, and holding every rating, exercise answer and attempt of ``earlier`` (or, for a rating,
    noting that it was reset since), none older, with at least as many tries. A classmate's copy that went
    its own way does not (it lacks, or has older, what the learner did after it was copied); a copy made
    after the learner's last export cannot be told from the learner's own file."""
    if later.article != earlier.article:
        return False
    for claim_id, stamp in earlier.rated_at.items():  # a rating reset later is noted, with its time
        if later.rated_at.get(claim_id, "") < stamp:
            return False
    for qid, entry in earlier.exercises.items():
        theirs = later.exercises.get(qid)
        if isinstance(entry, dict) and (not isinstance(theirs, dict) or time_of(theirs) < time_of(entry)):
            return False
    for qid, entry in earlier.attempts.items():
        theirs = later.attempts.get(qid)
        if not isinstance(entry, dict):
            continue
        if (not isinstance(theirs, dict) or _tries(theirs) < _tries(entry)
                or time_of(theirs.get("last")) < time_of(entry.get("last"))):
            return False
    return True


def _tries(entry: dict[str, Any]) -> int:
    tries = entry.get("tries")
    return tries if isinstance(tries, int) and not isinstance(tries, bool) else 0


def latest_exports(files: list[LearnerFile]) -> tuple[set[int], set[int]]:
    """Which files a later export of the same learner replaces, and which share a learner id without being
    one learner (both as sets of ``id(file)``).

    A file replaces an earlier one only if both carry the same learner id and article and the later one
    :func:`continues` the earlier: never another learner's file that carries a copied id.
    """
    groups: dict[tuple[str, str], list[LearnerFile]] = {}
    for learner in files:
        if learner.learner_id:
            groups.setdefault((learner.learner_id, learner.article), []).append(learner)
    replaced: set[int] = set()
    shared: set[int] = set()
    for group in groups.values():
        heads: list[LearnerFile] = []  # the latest file of each learner carrying this id, so far
        for learner in sorted(group, key=_when):
            earlier = next((head for head in reversed(heads) if continues(learner, head)), None)
            if earlier is not None:
                heads.remove(earlier)
                replaced.add(id(earlier))
            heads.append(learner)
        if len(heads) > 1:
            shared.update(id(head) for head in heads)
    return replaced, shared


def class_results(folder: str | os.PathLike | None = None, show_names: bool = False,
                  progress: bool | None = None) -> ClassResults:
    """Read and check every answers file in ``folder``; the result shows which were used and draws charts.

    ``folder`` defaults to the folder :func:`class_folder` set, else the environment variable
    CLAIMLAB_CLASS_ANSWERS, else ``instructors/class_answers/`` in the Claim Lab folder. Learners are anonymous
    ("Learner 1" ...) unless ``show_names=True``. A progress bar shows while a big folder
    (200 files or more) is read; ``progress=False`` hides it, ``progress=True`` always shows it.
    """
    return ClassResults(folder, show_names=show_names, progress=progress)


# --------------------------------------------------------------------------- sample answers
