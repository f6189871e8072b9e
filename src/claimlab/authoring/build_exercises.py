"""Generate the learner notebooks in exercises/ from the instructor notebooks in solutions/.

    python -m claimlab exercises                 # rewrite exercises/ from solutions/
    python -m claimlab exercises --out DIR       # write the learner copies to DIR instead
    python -m claimlab exercises --check         # change nothing; exit 1 if exercises/ is out of date
    python -m claimlab exercises --check DIR     # the same, comparing with the notebooks in DIR

solutions/ is the one source of truth. In a solution notebook:

* a question is a widget cell, ``cl.exercise("ex01.q1")``, copied to the learner as it is: the
  learner answers with buttons, boxes and menus and never types Python;
* a code cell tagged ``solution`` shows the expert answer and its reasoning *from data*, e.g.
  ``cl.expert_answer("ex01.q1")`` (only calls, no answer typed in the cell). It is left out of the
  learner copy, so changing an answer means editing data/exercises.yaml (or data/bank.csv) only;
* for older notebooks (and ``python -m claimlab newarticle``), a ``solution`` cell may instead hold
  answer assignments, e.g. ``answer_1 = "russian_official"``; in the learner copy each value becomes
  the placeholder ``...`` with the comment ``# ✏️ your answer here``;
* a cell tagged ``solution-explanation`` (model reasoning) is left out of the learner copy;
* every other cell is copied as it is, with outputs, execution counts and metadata cleared
  (the kernelspec is kept).

This is done with nbconvert's preprocessors: :class:`AnswerPlaceholderPreprocessor` (below),
then ``TagRemovePreprocessor``, ``ClearOutputPreprocessor`` and ``ClearMetadataPreprocessor``.
"""
from __future__ import annotations

import ast
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

__all__ = ["SOLUTION_TAG", "EXPLANATION_TAG", "PLACEHOLDER_COMMENT", "AnswerPlaceholderPreprocessor",
           "SolutionCellError", "placeholder_source", "solution_literals", "shows_answer_from_data",
           "exercise_notebook", "build"]

SOLUTION_TAG = "solution"
EXPLANATION_TAG = "solution-explanation"
PLACEHOLDER_COMMENT = "# ✏️ your answer here"
KEPT_NOTEBOOK_METADATA = {"kernelspec", ("language_info", "name")}


class SolutionCellError(ValueError):
    """A cell tagged ``solution`` holds something other than answer assignments."""


def _kind_of(node: ast.expr | None) -> str:
    """What sort of answer a value is, in words a learner understands (never the value itself)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return "text in quotes"
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return "a number"
    if isinstance(node, (ast.UnaryOp, ast.BinOp)):
        return "a number or a calculation"
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return "a list"
    if isinstance(node, ast.Dict):
        return "a dict"
    return ""


def _targets(node: ast.stmt) -> list[tuple[str, ast.expr | None]]:
    """(variable name, value) for each name an answer statement assigns."""
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [(node.target.id, node.value)]
    if not isinstance(node, ast.Assign):
        raise SolutionCellError(f"line {node.lineno}: a solution cell may only assign answers, "
                                f"like answer_1 = \"...\" (found {type(node).__name__})")
    found: list[tuple[str, ast.expr | None]] = []
    for target in node.targets:
        if isinstance(target, ast.Name):
            found.append((target.id, node.value))
        elif isinstance(target, (ast.Tuple, ast.List)) and all(isinstance(e, ast.Name) for e in target.elts):
            values = node.value.elts if isinstance(node.value, (ast.Tuple, ast.List)) \
                and len(node.value.elts) == len(target.elts) else [None] * len(target.elts)
            found += [(e.id, v) for e, v in zip(target.elts, values)]
        else:
            raise SolutionCellError(f"line {node.lineno}: assign answers to plain names, like answer_1 = ...")
    return found


def placeholder_source(source: str) -> str:
    """The learner's version of a solution cell: each answer variable set to ``...``.

    >>> placeholder_source('answer_1 = "russian_official"')
    'answer_1 = ...  # ✏️ your answer here (text in quotes)'
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise SolutionCellError(f"line {exc.lineno}: not valid Python ({exc.msg})") from None
    lines = []
    for node in tree.body:
        for name, value in _targets(node):
            kind = _kind_of(value)
            lines.append(f"{name} = ...  {PLACEHOLDER_COMMENT}" + (f" ({kind})" if kind else ""))
    if not lines:
        raise SolutionCellError("the cell is tagged 'solution' but assigns no answer")
    return "\n".join(lines)


def _values(node: ast.expr | None) -> list[Any]:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float)) \
            and not isinstance(node.value, bool):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [value for element in node.elts for value in _values(element)]
    if isinstance(node, ast.Dict):  # the keys are given to the learner; the values are the answer
        return [value for element in node.values for value in _values(element)]
    return []  # a calculation: its operands come from the question, not from the answer


def solution_literals(source: str) -> list[Any]:
    """The literal values (text, numbers) a solution cell assigns: what must never reach a learner copy."""
    if shows_answer_from_data(source):
        return []  # nothing typed: the answer is rendered from data/
    return [value for node in ast.parse(source).body for _, assigned in _targets(node)
            for value in _values(assigned)]


ANSWER_VIEWS = ("expert_answer", "bank_key")  # cl.* functions that render answers from data/


def shows_answer_from_data(source: str) -> bool:
    """True for a solution cell that only calls ``cl.expert_answer("ex01.q1")`` or ``cl.bank_key(...)`` with
    ids: the answer is rendered from data, none is typed in the cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False

    def renders(node: ast.stmt) -> bool:
        call = node.value if isinstance(node, ast.Expr) else None
        return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr in ANSWER_VIEWS and not call.keywords
                and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args))
    return bool(tree.body) and all(renders(node) for node in tree.body)


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


class AnswerPlaceholderPreprocessor(Preprocessor):
    """Replace the code of every cell tagged ``solution`` with answer placeholders."""

    def preprocess_cell(self, cell: Any, resources: dict, index: int) -> tuple[Any, dict]:
        if cell.cell_type == "code" and SOLUTION_TAG in _tags(cell):
            if shows_answer_from_data(cell.source):  # left out of the learner copy
                cell.metadata["tags"] = [*_tags(cell), EXPLANATION_TAG]
                return cell, resources
            try:
                cell.source = placeholder_source(cell.source)
            except SolutionCellError as exc:
                name = resources.get("metadata", {}).get("name", "notebook")
                raise SolutionCellError(f"{name}, cell {index + 1}: {exc}") from None
        return cell, resources


def _exporter() -> NotebookExporter:
    exporter = NotebookExporter()
    exporter.register_preprocessor(AnswerPlaceholderPreprocessor(), enabled=True)
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


def _compare(built: dict[str, str], folder: Path) -> list[str]:
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
