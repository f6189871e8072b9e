"""Generate the learner notebooks in exercises/ from the instructor notebooks in solutions/.

    python -m claimlab exercises                 # rewrite exercises/ from solutions/
    python -m claimlab exercises --out DIR       # write the learner copies to DIR instead
    python -m claimlab exercises --check         # change nothing; exit 1 if exercises/ is out of date
    python -m claimlab exercises --check DIR     # the same, comparing with the notebooks in DIR

solutions/ is the one source of truth, and no answer is typed in it: every answer is rendered from
data/exercises.yaml (or data/bank.csv), so changing an answer means editing data only. In a
solution notebook:

* a question is a widget cell. Asked with its answer, ``cl.exercise_with_answer("ex01.q1")`` in a
  cell tagged ``solution``, the instructor sees the widget and the expert answer under it; the
  learner copy asks ``cl.exercise("ex01.q1")`` in its place (learners answer with buttons, boxes and
  menus and never type Python). Asked as ``cl.exercise("ex01.q1")`` it is copied as it is;
* a code cell tagged ``solution`` that only calls ``cl.expert_answer(...)`` or ``cl.bank_key(...)``
  is left out of the learner copy, and so is a cell tagged ``solution-explanation``;
* every other cell is copied as it is, with outputs, execution counts and metadata cleared
  (the kernelspec is kept).

A ``solution`` cell holding anything else (an answer typed as Python, say) is an error naming the
notebook and the cell. This is done with nbconvert's preprocessors: :class:`SolutionCellPreprocessor`
(below), then ``TagRemovePreprocessor``, ``ClearOutputPreprocessor`` and ``ClearMetadataPreprocessor``.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.preprocessors import (
    ClearMetadataPreprocessor,
    ClearOutputPreprocessor,
    Preprocessor,
    TagRemovePreprocessor,
)

__all__ = ["SOLUTION_TAG", "EXPLANATION_TAG", "ANSWER_VIEWS", "WITH_ANSWER", "SolutionCellPreprocessor",
           "SolutionCellError", "shows_answer_from_data", "asked_with_answer", "learner_source",
           "exercise_notebook", "build"]

SOLUTION_TAG = "solution"
EXPLANATION_TAG = "solution-explanation"
KEPT_NOTEBOOK_METADATA = {"kernelspec", ("language_info", "name")}
ANSWER_VIEWS = ("expert_answer", "bank_key")  # cl.* functions that render answers from data/
WITH_ANSWER = "exercise_with_answer"  # cl.exercise_with_answer("id") -> cl.exercise("id") for learners


class SolutionCellError(ValueError):
    """A cell tagged ``solution`` holds something other than calls that show the answer from data."""


def _calls(source: str) -> list[tuple[str, list[str]]] | None:
    """[(function, [text arguments])] for a cell of plain ``cl.name("id", ...)`` calls; None otherwise."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found = []
    for node in tree.body:
        call = node.value if isinstance(node, ast.Expr) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and not call.keywords
                and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args)):
            return None
        found.append((call.func.attr, [a.value for a in call.args]))
    return found or None


def shows_answer_from_data(source: str) -> bool:
    """True for a solution cell that only calls ``cl.expert_answer("ex01.q1")`` or ``cl.bank_key(...)`` with
    ids: the answer is rendered from data, none is typed in the cell. Such a cell is left out for learners."""
    calls = _calls(source)
    return bool(calls) and all(name in ANSWER_VIEWS for name, _ in calls)


def asked_with_answer(source: str) -> str | None:
    """The question id of a cell that is exactly ``cl.exercise_with_answer("ex01.q1")``; None otherwise."""
    calls = _calls(source)
    if calls and len(calls) == 1 and calls[0][0] == WITH_ANSWER and len(calls[0][1]) == 1:
        return calls[0][1][0]
    return None


def learner_source(source: str) -> str | None:
    """What a ``solution`` cell becomes in the learner copy: None (left out) or the question alone.

    >>> learner_source('cl.exercise_with_answer("ex01.q1")')
    'cl.exercise("ex01.q1")'
    """
    question = asked_with_answer(source)
    if question is not None:
        return f"cl.exercise({json.dumps(question)})"
    if shows_answer_from_data(source):
        return None
    raise SolutionCellError(
        "a cell tagged 'solution' may only show answers from data: cl.exercise_with_answer(\"ex01.q1\") "
        "(the learner copy asks cl.exercise(\"ex01.q1\")), or cl.expert_answer(\"ex01.q1\") / "
        "cl.bank_key(\"practice\") (left out of the learner copy). Put the answer in data/exercises.yaml, "
        f"not in the notebook. The cell holds: {source.strip()[:80]!r}")


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


class SolutionCellPreprocessor(Preprocessor):
    """Make each cell tagged ``solution`` what a learner gets: left out, or the question without its answer."""

    def preprocess_cell(self, cell: Any, resources: dict, index: int) -> tuple[Any, dict]:
        if cell.cell_type == "code" and SOLUTION_TAG in _tags(cell):
            try:
                learner = learner_source(cell.source)
            except SolutionCellError as exc:
                name = resources.get("metadata", {}).get("name", "notebook")
                raise SolutionCellError(f"{name}, cell {index + 1}: {exc}") from None
            if learner is None:  # left out of the learner copy
                cell.metadata["tags"] = [*_tags(cell), EXPLANATION_TAG]
            else:
                cell.source = learner
                cell.metadata["tags"] = [t for t in _tags(cell) if t != SOLUTION_TAG]
        return cell, resources


def _exporter() -> NotebookExporter:
    exporter = NotebookExporter()
    exporter.register_preprocessor(SolutionCellPreprocessor(), enabled=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={EXPLANATION_TAG}), enabled=True)
    exporter.register_preprocessor(ClearOutputPreprocessor(), enabled=True)
    exporter.register_preprocessor(
        ClearMetadataPreprocessor(preserve_nb_metadata_mask=KEPT_NOTEBOOK_METADATA), enabled=True)
    return exporter


def exercise_notebook(solution_path: Path) -> str:
    """The learner copy of one solution notebook, as the text of an .ipynb file."""
    nb = nbformat.read(solution_path, as_version=4)
    if not any(c.cell_type == "code" and SOLUTION_TAG in _tags(c) for c in nb.cells):
        raise SolutionCellError(f"{solution_path.name}: no cell is tagged '{SOLUTION_TAG}'")
    if "kernelspec" not in nb.metadata:
        raise SolutionCellError(f"{solution_path.name}: the notebook has no kernelspec; run "
                                "`python -m claimlab execute` on it first")
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": solution_path.stem}})
    nbformat.validate(nbformat.reads(body, as_version=4))
    return body


def build(solutions: Path) -> dict[str, str]:
    """{file name: learner notebook text} for every notebook in ``solutions``."""
    return {path.name: exercise_notebook(path) for path in sorted(solutions.glob("*.ipynb"))}


def compare_built(built: dict[str, str], folder: Path) -> list[str]:
    differences = []
    for name, body in built.items():
        target = folder / name
        if not target.is_file():
            differences.append(f"{target} is missing")
        elif target.read_text(encoding="utf-8") != body:
            differences.append(f"{target} differs from what solutions/{name} generates")
    for extra in sorted(folder.glob("*.ipynb")):
        if extra.name not in built:
            differences.append(f"{extra} has no solution notebook (solutions/{extra.name})")
    return differences
