"""Checking a new article's module and building its solutions, exercises and sample answers.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimlab.authoring.newarticle.lessons import Writer
from claimlab.authoring.newarticle.series import plan, write_notebooks
from claimlab.authoring.newarticle.setup import KERNELSPEC, template
from claimlab.core.dataset import Dataset, load


# --------------------------------------------------------------------------- check and build
def check(root: str | Path) -> Dataset:
    """Validate the data under ``root``; raises :class:`claimlab.DataError` listing every problem."""
    return load(Path(root), revalidate=True)


HOW_QUESTIONS_WORK = (
    "**How the questions work.** Each question is a small form: choose or type your answer, then press "
    "**Check**. The feedback says what is right, what is missing and why. **Hint** gives a hint, and after "
    "a few tries **Show the answer** appears. Your answers, and every try, are saved as you go. You never "
    "need to type code.")
FRESH_CASES = "fresh_cases.ipynb"  # the practice notebook on the passage bank (solutions/ and exercises/)
MINUTES_PER_QUESTION = 5  # the time a new article's exercise notebook states, per question
MAX_PARAGRAPHS_SHOWN = 2  # a question about claims in more paragraphs than this relies on its prompt's labels


def _paragraphs_cell(ds: Dataset, q: dict[str, Any]) -> str | None:
    """``cl.show_paragraphs(highlight=...)`` for the claims a question is about, if they sit in one or two
    paragraphs (the learner reads the words the question asks about just above it)."""
    claims = [str(c) for c in q.get("claims", []) if str(c) in ds.claims.index]
    paragraphs = {int(ds.claims.loc[c, "paragraph"]) for c in claims}
    if not claims or len(paragraphs) > MAX_PARAGRAPHS_SHOWN:
        return None
    return f"cl.show_paragraphs(highlight={json.dumps(claims[0] if len(claims) == 1 else claims)})"


def solution_notebook(ds: Dataset, short: str) -> Any:
    """The solution notebook for one exercise notebook of data/exercises.yaml (e.g. ``"ex01"``).

    Each question is ``cl.exercise_with_answer(...)`` in a cell tagged ``solution``, under the paragraph
    it is about: the instructor sees the widget and the expert answer from data; the learner copy
    (:mod:`claimlab.authoring.build_exercises`) asks ``cl.exercise(...)``, answered with widgets.
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from claimlab.authoring.build_exercises import EXPLANATION_TAG, SOLUTION_TAG

    info = ds.exercises["notebooks"][short]
    questions = [(qid, q) for qid, q in ds.exercises["questions"].items() if q.get("notebook") == short]
    cells = [
        new_markdown_cell(
            f"# Exercises · {info['title']}\n\n"
            "Questions on the article's claims, one at a time.\n\n"
            f"**Time:** about {MINUTES_PER_QUESTION * max(len(questions), 1)} minutes.  \n"
            "**You need:** only this notebook; run the cells in order (Shift+Enter). Notebook "
            "`02_judging_sources` first helps.  \n"
            "**By the end of this notebook you can:**\n"
            "- say who stands behind a figure in the article and how they could know it;\n"
            "- explain, with the feedback's reasons, why an answer does or does not fit a claim.\n\n"
            + HOW_QUESTIONS_WORK),
        new_markdown_cell(
            "**Instructor copy.** Each question is shown with the expert answer and its reasoning under it, "
            "read from `data/exercises.yaml` (so an answer is changed by editing that file, never this "
            "notebook). Learners work in the copy in `exercises/`, made from this notebook by "
            "`python -m claimlab new-article --build .` (or `python -m claimlab exercises`), which asks the "
            "same questions without the answers and leaves out cells like this one.",
            metadata={"tags": [EXPLANATION_TAG]}),
        new_code_cell("import claimlab as cl")]
    last_shown = None
    for number, (qid, q) in enumerate(questions, 1):
        shown = _paragraphs_cell(ds, q)
        many = len([c for c in q.get("claims", []) if str(c) in ds.claims.index]) > 1
        lead = ("Read the highlighted words, then answer." if shown and shown != last_shown else
                "The same words as above." if shown else
                "It is about claims in several paragraphs; the whole article is in notebook 00."
                if many else "")
        cells.append(new_markdown_cell(f"## Question {number}" + (f"\n\n{lead}" if lead else "")))
        if shown and shown != last_shown:  # the same paragraph as the question before stays where it is
            cells.append(new_code_cell(shown))
        last_shown = shown
        cells.append(new_code_cell(f'cl.exercise_with_answer("{qid}")', metadata={"tags": [SOLUTION_TAG]}))
    cells += [new_markdown_cell("## Your progress\n\nHow many questions you have answered, and how well:"),
              new_code_cell(f'cl.exercise_progress("{short}")'),
              new_markdown_cell(
                  "## Key points\n\n"
                  "- A figure is only as good as the source behind it: ask who says so, and how they could know.\n"
                  "- Every answer and reason here comes from the data in `data/`, checked against the sources "
                  "listed there.\n\n"
                  "**Discuss in class:** Which question was hardest, and why?")]
    nb = new_notebook(cells=cells, metadata={"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}})
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"{short}-{index:03d}"
    nbformat.validate(nb)
    return nb


def build(root: str | Path, *, sample_learners: int = 12) -> list[Path]:
    """Validate ``root``'s data, then write solutions/, exercises/ and instructors/sample_answers/.

    Missing notebooks in notebooks/ are restored from the templates; existing ones are kept.
    Returns the files written. Raises :class:`claimlab.DataError` if the data is not valid.
    """
    import nbformat

    from claimlab.authoring.build_exercises import build as build_exercises
    from claimlab.classroom import write_sample_answers

    root = Path(root).resolve()
    ds = check(root)
    written: list[Path] = []
    notebooks = root / "notebooks"
    notebooks.mkdir(exist_ok=True)
    written += write_notebooks(ds, notebooks)
    solutions, exercises = root / "solutions", root / "exercises"
    solutions.mkdir(exist_ok=True)
    exercises.mkdir(exist_ok=True)
    for short, info in ds.exercises["notebooks"].items():
        if any(q.get("notebook") == short for q in ds.exercises["questions"].values()):
            path = solutions / info["file"]
            nbformat.write(solution_notebook(ds, short), path)
            written.append(path)
    fresh = solutions / FRESH_CASES
    if plan(ds)["needs"]["practice"]:  # the shared passage bank: practice on passages no lesson used
        nbformat.write(nbformat.from_dict(Writer(ds, plan(ds)).fresh()), fresh)
        written.append(fresh)
    elif fresh.exists():
        fresh.unlink()
        (exercises / FRESH_CASES).unlink(missing_ok=True)
    for name, body in build_exercises(solutions).items():
        (exercises / name).write_text(body, encoding="utf-8")
        written.append(exercises / name)
    for name, text in (("conftest.py", template("conftest.py.txt")), ("nbval_sanitize.cfg", template("nbval_sanitize.cfg"))):
        (root / name).write_text(text, encoding="utf-8")  # testing never reads the learner's own answers
        written.append(root / name)
    samples = root / "instructors" / "sample_answers"
    if samples.is_dir():
        for old in samples.glob("*.json"):
            old.unlink()
    written += write_sample_answers(samples, ds, learners=sample_learners)
    return written


# --------------------------------------------------------------------------- command line
