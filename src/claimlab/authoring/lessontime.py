"""How long a notebook takes a learner, worked out from what it asks them to read and to choose.

    python -m claimlab.authoring.lessontime               # every notebook of this folder, section by section
    python -m claimlab.authoring.lessontime --plans       # the lesson plans, with each row's minutes
    python -m claimlab.authoring.lessontime ROOT --check  # exit 1 if a header, README or guide disagrees

One rule for every notebook, Claim Lab's own and every module built on another article:

* **reading**: the words of the notebook's prose (markdown cells) plus the words its cells show from the
  data (the article, paragraphs, the sources' own words, the worked example's reasons, the passages of a
  trust check or a practice set, glossary entries), at :data:`WORDS_PER_MINUTE`;
* **choosing**: every answer the learner gives (each rubric question of a rater, each exercise or quiz
  question, each passage of a trust check, each question about a practice passage, the first
  impression) takes :data:`MINUTES_PER_CHOICE`, reading its options and its feedback included;
* **writing**: every free-text box (``cl.note_box``) takes :data:`MINUTES_PER_WRITING`.

Charts and tables without sentences add no time of their own: their time is in the prose that asks the
learner to look at them. A section is what follows a ``##`` heading; a notebook's time is the sum of its
sections, rounded to whole minutes. The words are counted from the data, never from stored outputs, so the
estimate does not depend on whether the notebook was executed.

The figures are assumptions, stated here so that anyone can change them in one place: 150 words a minute is
a careful reading pace for a 15-year-old reading to understand (not skimming), and half a minute per choice
covers reading a question's options, choosing and reading a line of feedback. They are checked against
nothing but common sense: time a real class and adjust them.

This is a small hand-written counter: no library estimates reading time from a notebook's calls.
"""
from __future__ import annotations

import ast
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimlab.authoring import plans
from claimlab.authoring.prose import sync_shared

WORDS_PER_MINUTE = 150
MINUTES_PER_CHOICE = 0.5
MINUTES_PER_WRITING = 2.0
WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.,%-]*")
SERIES_FOLDER = "notebooks"


@dataclass
class Section:
    """One part of a notebook: its heading, the words a learner reads, the choices they make, the boxes they write."""

    title: str
    id: str = ""
    words: int = 0
    choices: int = 0
    writing: int = 0

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE + self.choices * MINUTES_PER_CHOICE + self.writing * MINUTES_PER_WRITING


@dataclass
class NotebookTime:
    name: str
    sections: list[Section] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sections)

    @property
    def choices(self) -> int:
        return sum(s.choices for s in self.sections)

    @property
    def writing(self) -> int:
        return sum(s.writing for s in self.sections)

    @property
    def exact(self) -> float:
        return sum(s.minutes for s in self.sections)

    @property
    def minutes(self) -> int:
        return whole(self.exact)

    def section_minutes(self, ids: list[str] | None) -> float:
        """The minutes of the sections with these ids (all of them when ``ids`` is None)."""
        if ids is None:
            return self.exact
        known = {s.id: s for s in self.sections}
        missing = [t for t in ids if t not in known]
        if missing:
            raise KeyError(f"{self.name} has no section {missing[0]!r} (it has: "
                           + ", ".join(repr(s.id) for s in self.sections) + ")")
        return sum(known[t].minutes for t in ids)

    def minutes_of(self, ids: list[str] | None) -> int:
        """Whole minutes of the sections with these ids (all of them when ``ids`` is None)."""
        return whole(self.section_minutes(ids))


def whole(minutes: float) -> int:
    """Minutes as a learner's clock shows them: rounded half up, at least one."""
    return max(1, math.floor(minutes + 0.5))


def count_words(text: Any) -> int:
    """Words as a reader sees them: markup, links' addresses and HTML tags left out."""
    text = str(text or "")
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a Markdown link's address is not read
    text = re.sub(r"https?://\S+", " ", text)
    return len(WORD_RE.findall(text))


def prose_words(notebook: str | Path | dict) -> int:
    """The words of a notebook's lesson text: its markdown cells (what issue 26 compares between series)."""
    nb = notebook if isinstance(notebook, dict) else json.loads(Path(notebook).read_text(encoding="utf-8"))
    return sum(count_words("".join(c.get("source", []))) for c in nb.get("cells", []) if c.get("cell_type") == "markdown")


# --------------------------------------------------------------------------- what a cell shows, from the data
def value(node: ast.AST) -> Any:
    """A literal argument (text, number, True/False, a list or tuple of them); None for anything else.
    Read from the syntax tree: nothing in a notebook's cell is ever run or evaluated here."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [value(item) for item in node.elts]
    return None


def _calls(source: str) -> list[tuple[str, list[Any], dict[str, Any]]]:
    """[(name, positional args, keyword args)] for each ``cl.name(...)`` call of a cell (literals only)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == "cl":
            found.append((node.func.attr, [value(a) for a in node.args],
                          {k.arg: value(k.value) for k in node.keywords if k.arg}))
    return found


def section_id(cell: dict[str, Any], title: str) -> str:
    """A section's id: its heading cell's ``claimlab.section`` metadata, else its title in lower case with ``_``."""
    given = (cell.get("metadata") or {}).get("claimlab", {}).get("section")
    return str(given) if given else re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


class Shown:
    """Words and choices of each ``cl.*`` call, from one module's data (read once)."""

    def __init__(self, ds: Any):
        from claimlab.core import bank
        self.ds = ds
        self.dims = [d["id"] for d in ds.dimensions()]
        self.bank = bank.passages(ds)
        self.forms = {form: bank.used_in(ds, form) for form in bank.FORMS}
        settings = ds.exercises.get("settings") or {}
        self.practice_n = int(settings.get("practice_passages", 4) or 4)
        self.bank_questions = len(ds.exercises.get("bank_questions") or {})

    def paragraphs(self, numbers: list[int]) -> int:
        return sum(count_words(self.ds.article.paragraphs.get(int(n), "")) for n in numbers)

    def snippet(self, fid: str) -> int:
        if fid not in self.ds.figures.index:
            return 0
        return count_words(self.ds.figures.loc[fid, "snippet"])

    def passages(self, ids: list[str]) -> int:
        return sum(count_words(self.bank.loc[p, "passage"]) for p in ids if p in self.bank.index)

    def call(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> tuple[int, int, int]:
        """(words read, choices, written answers) for one call."""
        ds = self.ds
        if name == "show_article":
            return count_words(ds.article.text) + count_words(ds.article.meta.get("title", "")), 0, 0
        if name == "show_paragraphs":
            numbers = [int(a) for a in args if isinstance(a, int)]
            if not numbers:
                numbers = sorted({int(ds.claims.loc[c, "paragraph"]) for c in _ids(kwargs.get("highlight"))
                                  if c in ds.claims.index})
            return self.paragraphs(numbers), 0, 0
        if name == "show_figures":
            ids = _ids(args[0] if args else kwargs.get("ids"))
            snippets = bool(kwargs.get("snippets", args[1] if len(args) > 1 else False))
            return sum(self.snippet(f) if snippets else 0 for f in ids), 0, 0
        if name == "worked_example":
            claim = _ids(args[:1])
            if not claim or claim[0] not in ds.key.index:
                return 0, 0, 0
            from claimlab.core import rubric
            key = ds.key.loc[claim[0]]
            judged = rubric.judge(claim[0], {d: key[d] for d in self.dims}, ds)
            words = sum(count_words(r.feedback) + count_words(r.question) for r in judged.results)
            return words + count_words(judged.rationale) + self.paragraphs([int(ds.claims.loc[claim[0], "paragraph"])]), 0, 0
        if name == "say":
            return count_words(args[0] if args else ""), 0, 0
        if name == "show_rubric":
            return sum(count_words(d["question"]) + count_words(d.get("help", ""))
                       + sum(count_words(o["label"]) for o in d["options"]) for d in ds.dimensions()), 0, 0
        if name == "glossary":
            terms = {str(t).lower() for t in args}
            table = ds.glossary
            chosen = table[table["term"].str.lower().isin(terms)] if terms else table
            return int(sum(count_words(t) + count_words(m) for t, m in zip(chosen["term"], chosen["meaning"]))), 0, 0
        if name == "rate":
            dims = kwargs.get("dimensions")
            return 0, len(dims) if dims else len(self.dims), 0
        if name in ("exercise", "exercise_with_answer", "quiz", "first_impression"):
            return 0, 1, 0
        if name == "note_box":
            return 0, 0, 1
        if name == "trust_form":
            sizes = [len(ids) for ids in self.forms.values() if ids]
            words = [self.passages(ids) for ids in self.forms.values() if ids]
            if not sizes:
                return 0, 0, 0
            return round(sum(words) / len(words)), round(sum(sizes) / len(sizes)), 0
        if name == "practice":
            pool = list(self.bank.index[self.bank["used_in"] == "practice"]) if len(self.bank) else []
            n = min(self.practice_n, len(pool))
            mean = self.passages(pool) / len(pool) if pool else 0
            return round(mean * n), n * self.bank_questions, 0
        return 0, 0, 0


def notebook_time(notebook: str | Path | dict, ds: Any, shown: Shown | None = None, name: str = "") -> NotebookTime:
    """The sections of one notebook (a path, or the notebook as a dict), with their words, choices and writing."""
    shown = shown or Shown(ds)
    nb = notebook if isinstance(notebook, dict) else json.loads(Path(notebook).read_text(encoding="utf-8"))
    result = NotebookTime(name or (Path(notebook).stem if not isinstance(notebook, dict) else ""))
    current = Section("(start)", "start")
    result.sections.append(current)
    for cell in nb.get("cells", []):
        source = "".join(cell.get("source", []))
        if cell.get("cell_type") == "markdown":
            heading = re.match(r"^##\s+(.+)$", source.strip().splitlines()[0]) if source.strip() else None
            if heading:
                current = Section(heading.group(1).strip(), section_id(cell, heading.group(1).strip()))
                result.sections.append(current)
            current.words += count_words(source)
        elif cell.get("cell_type") == "code":
            for name, args, kwargs in _calls(source):
                words, choices, writing = shown.call(name, args, kwargs)
                current.words += words
                current.choices += choices
                current.writing += writing
    return result


def series_times(root: str | Path, ds: Any = None) -> dict[str, NotebookTime]:
    """Every notebook of ``root``/notebooks, in file order."""
    from claimlab.core.dataset import load
    root = Path(root)
    ds = ds or load(root)
    shown = Shown(ds)
    return {p.stem: notebook_time(p, ds, shown) for p in sorted((root / SERIES_FOLDER).glob("*.ipynb"))}


# --------------------------------------------------------------------------- what the headers and docs say
HEADER_TIME_RE = re.compile(r"\*\*Time:\*\*\s*about (\d+) minutes?")


def header_minutes(path: str | Path) -> int | None:
    """The minutes a notebook's first cell states ("**Time:** about 12 minutes"), or None."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0].get("source", [])) if nb.get("cells") else ""
    found = HEADER_TIME_RE.search(first)
    return int(found.group(1)) if found else None


def header_text(minutes: int) -> str:
    return f"**Time:** about {minutes} minute{'' if minutes == 1 else 's'}"


def set_header_minutes(path: str | Path, minutes: int) -> bool:
    """Write ``minutes`` into the notebook's "**Time:** about N minutes"; True if the file changed."""
    import nbformat
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    cell = nb.cells[0]
    new = HEADER_TIME_RE.sub(header_text(minutes), cell.source)
    if new == cell.source:
        return False
    cell.source = new
    nbformat.write(nb, path)
    return True


def disagreements(root: str | Path, ds: Any = None) -> list[str]:
    """Every place where a notebook's header, the README's table or the guide's plans disagree with the count."""
    root = Path(root)
    times = series_times(root, ds)
    problems = []
    for name, counted in times.items():
        stated = header_minutes(root / SERIES_FOLDER / f"{name}.ipynb")
        if stated != counted.minutes:
            problems.append(f"{SERIES_FOLDER}/{name}.ipynb says {stated} minutes; its words and choices give "
                            f"{counted.minutes}")
    problems += plans.doc_problems(root, times)
    problems += [f"{SERIES_FOLDER}/{line}: the shared block differs from templates/lessons.yaml"
                 for line in sync_shared(root / SERIES_FOLDER, write=False)]
    return problems


def table(times: dict[str, NotebookTime]) -> str:
    lines = ["| Notebook | Section (id) | Words | Choices | Written | Minutes |", "|---|---|---:|---:|---:|---:|"]
    for name, nt in times.items():
        for s in nt.sections:
            lines.append(f"| {name} | {s.title} (`{s.id}`) | {s.words} | {s.choices} | {s.writing} | {s.minutes:.1f} |")
        lines.append(f"| **{name}** | **all** | {nt.words} | {nt.choices} | {nt.writing} | **{nt.minutes}** |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    from claimlab.core.dataset import find_root
    parser = argparse.ArgumentParser(prog="python -m claimlab.authoring.lessontime", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", help="the module's folder (default: found from here)")
    parser.add_argument("--plans", action="store_true", help="print the lesson plans with their minutes")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a notebook's header, README.md or docs/instructors.md disagrees")
    parser.add_argument("--write", action="store_true", help="write each notebook's minutes into its header")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve() if args.root else find_root()
    times = series_times(root)
    if args.write:
        for changed in sync_shared(root / SERIES_FOLDER):
            print(f"rewrote the shared block {changed}")
        times = series_times(root)
        for name, nt in times.items():
            if set_header_minutes(root / SERIES_FOLDER / f"{name}.ipynb", nt.minutes):
                print(f"wrote {nt.minutes} minutes into {SERIES_FOLDER}/{name}.ipynb")
        for changed in plans.write_docs(root, series_times(root)):
            print(f"wrote the counted minutes into {changed}")
    if args.check:
        found = disagreements(root)
        for line in found:
            print(line, file=sys.stderr)
        print("OK: every header, table and plan agrees with the count" if not found else
              f"{len(found)} disagreement(s)")
        return 1 if found else 0
    if args.plans:
        print(plans.render_all(times))
    else:
        print(table(times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
