"""exercises/ is generated from solutions/, gives no answer away (issue 6), and needs no Python typing (issue 14)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from claimlab.authoring.build_exercises import (
    EXPLANATION_TAG,
    SOLUTION_TAG,
    SolutionCellError,
    asked_with_answer,
    exercise_notebook,
    learner_source,
    shows_answer_from_data,
)
from claimlab.cli import main as cli
from claimlab.core import text
from claimlab.core.references import expected_value

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
KEY = yaml.safe_load((ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8"))
MIN_CHARS = 4  # shorter strings ("yes", "T07") also occur as ordinary words or as ids shown to everyone


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell: dict) -> str:
    return "".join(cell["source"])


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _exercise(path: Path) -> Path:
    return ROOT / "exercises" / path.name


def _sources(path: Path) -> str:
    return "\n".join(_src(c) for c in _load(path)["cells"])


def _appears(value: object, haystack: str) -> bool:
    """Whether an answer value shows up in a text: whole words for text, any usual spelling for numbers."""
    if isinstance(value, str):
        return re.search(rf"(?<![\w]){re.escape(value)}(?![\w])", haystack, re.IGNORECASE) is not None
    number = float(value)
    forms = {text.fmt_number(round(number)), str(round(number)), f"{number:.1f}"}
    if number.is_integer():
        forms.add(str(int(number)))
    return any(re.search(rf"(?<![\w.,]){re.escape(form)}(?![\w]|[.,]\d)", haystack) for form in forms)


def _answer_values(q: dict, ds) -> list[object]:
    """The values of a question's expected answer that must not appear in a learner copy."""
    kind = q["type"]
    if kind == "number":
        return [expected_value(q["expected"], ds)]
    if kind in ("text", "mislead"):
        return [q["model_answer"].strip()]
    answer = q["answer"]
    values = list(answer.values()) if isinstance(answer, dict) else list(answer) if isinstance(answer, list) else [answer]
    return [v for v in values if len(str(v)) >= MIN_CHARS]


# --------------------------------------------------------------------------- one source of truth
def test_there_are_solution_notebooks():
    assert 2 <= len(SOLUTIONS) <= 5
    exercise_notebooks = [n["file"] for nid, n in KEY["notebooks"].items() if nid.startswith("ex")]
    assert sorted(p.name for p in SOLUTIONS) == sorted(exercise_notebooks)
    for nid, n in KEY["notebooks"].items():  # lesson questions live in the lesson notebooks
        if nid.startswith("lesson"):
            assert (ROOT / "notebooks" / n["file"]).is_file(), n["file"]


def test_exercises_are_exactly_what_the_command_generates(tmp_path):
    assert cli(["exercises", "--out", str(tmp_path)]) == 0
    for path in SOLUTIONS:
        committed = _exercise(path)
        assert committed.is_file(), f"exercises/{path.name} is missing: run python -m claimlab exercises"
        assert (tmp_path / path.name).read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), \
            f"exercises/{path.name} is out of date: run python -m claimlab exercises"
    assert sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb")) == sorted(p.name for p in SOLUTIONS)
    assert cli(["exercises", "--check"]) == 0


def test_check_mode_names_a_stale_file(tmp_path, capsys):
    assert cli(["exercises", "--out", str(tmp_path)]) == 0
    stale = tmp_path / SOLUTIONS[0].name
    stale.write_text(stale.read_text(encoding="utf-8").replace("Key points", "Key ideas"), encoding="utf-8")
    (tmp_path / "ex99_orphan.ipynb").write_text("{}", encoding="utf-8")
    assert cli(["exercises", "--check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert SOLUTIONS[0].name in err and "ex99_orphan" in err and "python -m claimlab exercises" in err


# --------------------------------------------------------------------------- no answer in a learner copy
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_no_expected_answer_reaches_the_exercise(path, ds):
    learner = _sources(_exercise(path))
    notebook = next(nid for nid, n in KEY["notebooks"].items() if n["file"] == path.name)
    questions = {qid: q for qid, q in KEY["questions"].items() if q["notebook"] == notebook}
    assert questions
    for qid, q in questions.items():
        for value in _answer_values(q, ds):
            assert not _appears(value, learner), f"{path.name}: {qid}'s answer {value!r} appears in the exercise"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_explanations_are_left_out(path):
    explanations = [_src(c) for c in _load(path)["cells"] if EXPLANATION_TAG in _tags(c)]
    assert explanations, f"{path.name}: no model reasoning"
    learner = _sources(_exercise(path))
    for explanation in explanations:
        assert explanation not in learner


def left_out_words(cell: dict) -> bool:
    return EXPLANATION_TAG in _tags(cell) or (SOLUTION_TAG in _tags(cell) and shows_answer_from_data(_src(cell)))


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_learner_copy_asks_without_the_expert_answers_and_keeps_a_kernelspec(path):
    solution, learner = _load(path), _load(_exercise(path))
    assert learner["metadata"]["kernelspec"]["name"] == "python3"
    kept = [c for c in solution["cells"] if not left_out_words(c)]
    assert len(kept) == len(learner["cells"])
    for before, after in zip(kept, learner["cells"]):
        assert not _tags(after)
        if after["cell_type"] == "code":
            assert after["outputs"] == [] and after["execution_count"] is None
        question = asked_with_answer(_src(before))
        assert _src(after) == (f'cl.exercise("{question}")' if question else _src(before))
    for name in ("expert_answer", "bank_key", "exercise_with_answer"):
        assert name not in _sources(_exercise(path))


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_no_exercise_needs_python_typing(path):
    """Learners answer with widgets: no answer cell to fill in, no cl.check to run, no ... placeholder."""
    for cell in _load(_exercise(path))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = _src(cell)
        assert "..." not in source and "cl.check(" not in source and " = " not in source, source
    for cell in _load(path)["cells"]:  # and no answer is typed in a solution cell either
        if SOLUTION_TAG in _tags(cell):
            assert shows_answer_from_data(_src(cell)) or asked_with_answer(_src(cell)), \
                f"{path.name}: a solution cell types an answer: {_src(cell)}"


# --------------------------------------------------------------------------- the notebooks' shape
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_notebook_opens_and_closes_as_the_series_does(path):
    cells = _load(path)["cells"]
    first = _src(cells[0])
    for words in ("**Time:**", "minutes", "**You need:**", "By the end of this notebook"):
        assert words in first
    assert "## Key points" in _src(cells[-1])
    code = [_src(c) for c in cells if c["cell_type"] == "code"]
    assert code[0] == "import claimlab as cl"
    assert sum("import claimlab" in c for c in code) == 1


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_question_is_a_widget_with_the_expert_answer_under_it(path):
    asked = []
    for cell in _load(path)["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = _src(cell)
        assert 1 <= len(source.splitlines()) <= 2, source
        assert source.startswith(("cl.", "import claimlab")), source
        assert not re.fullmatch(r'cl\.exercise\("(ex\d\d\.q\d+)"\)', source), \
            f"{path.name}: {source} is asked without its answer; use cl.exercise_with_answer in solutions/"
        question = asked_with_answer(source)
        if question:
            assert SOLUTION_TAG in _tags(cell), f"{path.name}: {source} is not tagged '{SOLUTION_TAG}'"
            asked.append(question)
    notebook = next(nid for nid, n in KEY["notebooks"].items() if n["file"] == path.name)
    assert sorted(asked) == sorted(q for q, v in KEY["questions"].items() if v["notebook"] == notebook)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_stored_solutions_show_the_question_and_the_expert_answer_from_data(path):
    marker = KEY["messages"]["expert_answer"]
    for cell in _load(path)["cells"]:
        question = asked_with_answer(_src(cell))
        if cell["cell_type"] == "code" and (question or _src(cell).startswith("cl.expert_answer(")):
            kinds = [o["output_type"] for o in cell["outputs"]]
            shown = json.dumps(cell["outputs"], ensure_ascii=False)
            assert marker in shown, f"{path.name}: {_src(cell)} does not show the expert answer"
            if question:  # the widget first, then the answer under it
                assert kinds == ["display_data", "execute_result"], (path.name, kinds)
                assert f"Question {question}" in json.dumps(cell["outputs"][0], ensure_ascii=False)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_small_notebooks(path):
    assert path.stat().st_size < 200_000
    assert _exercise(path).stat().st_size < 50_000


# --------------------------------------------------------------------------- what a solution cell may hold
@pytest.mark.parametrize("typed", ['answer_1 = "russian_official"', 'print("hi")', "x.y = 3", "import os",
                                   'cl.check("ex01.q1", "an_option")', 'cl.exercise_with_answer("ex01.q1", "x")',
                                   'cl.exercise_with_answer("ex01.q1")\ncl.expert_answer("ex01.q1")'])
def test_a_solution_cell_that_types_anything_is_an_error_naming_notebook_and_cell(typed, tmp_path):
    with pytest.raises(SolutionCellError, match="data/exercises.yaml"):
        learner_source(typed)
    nb = _load(SOLUTIONS[0])
    index = next(i for i, c in enumerate(nb["cells"]) if SOLUTION_TAG in _tags(c))
    nb["cells"][index]["source"] = typed
    bad = tmp_path / SOLUTIONS[0].name
    bad.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(SolutionCellError, match=rf"{SOLUTIONS[0].stem}, cell {index + 1}: "):
        exercise_notebook(bad)


def test_a_question_asked_with_its_answer_is_asked_alone_for_learners():
    assert learner_source('cl.exercise_with_answer("ex01.q1")') == 'cl.exercise("ex01.q1")'
    assert asked_with_answer("cl.exercise_with_answer('ex04.q2')") == "ex04.q2"
    assert learner_source('cl.expert_answer("ex01.q1")') is None
    for other in ('cl.exercise("ex01.q1")', 'cl.exercise_with_answer(q)', "", "cl.exercise_with_answer("):
        assert asked_with_answer(other) is None, other


def test_a_solution_cell_that_only_calls_shows_the_answer_from_data():
    assert shows_answer_from_data('cl.expert_answer("ex01.q1")')
    assert shows_answer_from_data('cl.bank_key("practice")\ncl.expert_answer("ex04.q1")')
    for typed in ('answer_1 = "x"', 'cl.check("ex01.q1", "an_option")', "cl.check('ex01.q8', 341)",
                  "x", "", "cl.expert_answer(", 'cl.expert_answer(["a"])', 'cl.expert_answer("q", answer="a")'):
        assert not shows_answer_from_data(typed), typed
