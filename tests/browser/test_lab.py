"""Claim Lab where learners use it: JupyterLab in Chromium, clicked and typed into like a learner.

1. The sourcing notebook runs, shows a Plotly chart and the rater; answering a claim gives
   feedback and saves it; closing the notebook and running it again restores the answer.
2. An exercise notebook: typing a wrong, then a right answer gives the feedback each time.
3. Neither produces a JavaScript error in the browser console (see IGNORED_CONSOLE_ERRORS).

Expected texts are computed from data/ with claimlab itself (rubric.judge, exercises.check),
never typed here. The fixtures are in conftest.py.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser

SOURCING_NOTEBOOK = "notebooks/02_judging_sources.ipynb"
RATED_CLAIM = "CL25"  # the first "Your turn" claim in the sourcing notebook
RUN_TIMEOUT = 120_000  # ms for "Run All Cells" to finish (generous: CI machines can be slow)
STDERR_MIME = "application/vnd.jupyter.stderr"

# Console errors that are not Claim Lab's: each entry is (why it is ignored, regular expression).
IGNORED_CONSOLE_ERRORS = [
    ("a request to the internet that these tests block on purpose (listed in WatchedPage.blocked)",
     r"Failed to load resource: net::ERR_FAILED"),
]
# Known causes of console errors, to make a failure easier to act on.
HINTS = {
    "isRunning": "JupyterLab's table of contents fails when a cell's output adds <h1>-<h6> headings during "
                 "Run All; write output headings as <div role=\"heading\" aria-level=\"4\"> instead.",
}

# JavaScript for "the notebook on screen is loaded and has a kernel, which is idle".
NOTEBOOK_READY = r"""() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const kernel = panel && panel.querySelector('.jp-Toolbar-kernelName');
    const status = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
    return Boolean(kernel && status && panel.querySelector('.jp-Notebook .jp-Cell')
                   && !/No Kernel/.test(kernel.textContent) && status.dataset.status === 'idle');
}"""

# JavaScript for "every code cell of the notebook on screen shows an execution count".
ALL_CELLS_RAN = r"""() => {
    const prompts = Array.from(document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt'));
    return prompts.length > 0 && prompts.every(p => /^\[\d+\]:$/.test(p.textContent.trim()));
}"""


def need(path: str) -> None:
    """Skip while ``path`` is missing; fail if JupyterLab would ask the learner to pick a kernel."""
    if not (ROOT / path).is_file():
        pytest.skip(f"{path} does not exist yet")
    if "kernelspec" not in nbformat.read(ROOT / path, as_version=4).metadata:
        pytest.fail(f"{path} has no kernelspec, so JupyterLab asks learners to pick a kernel; "
                    "store its outputs with: python3 run.py execute", pytrace=False)


def menu(page, top: str, item: str) -> None:
    """Choose ``top`` → ``item`` from JupyterLab's menu bar."""
    page.get_by_role("menuitem", name=top, exact=True).click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def open_notebook(watched, server, path: str, workspace: str):
    """Open ``path`` in a fresh workspace; return the notebook element once its kernel is idle."""
    page = watched.page
    page.goto(server.lab_url(path, workspace))
    page.wait_for_function(NOTEBOOK_READY, timeout=RUN_TIMEOUT)
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")


def run_all_cells(page, notebook) -> None:
    """Clear the stored outputs, run every cell from the menu, and wait until all have run."""
    menu(page, "Edit", "Clear Outputs of All Cells")
    menu(page, "Run", "Run All Cells")
    page.wait_for_function(ALL_CELLS_RAN, timeout=RUN_TIMEOUT)
    page.wait_for_function(NOTEBOOK_READY, timeout=RUN_TIMEOUT)
    errors = notebook.locator(f'.jp-OutputArea-output[data-mime-type="{STDERR_MIME}"]')
    assert errors.count() == 0, "a cell printed an error or warning:\n" + "\n---\n".join(errors.all_text_contents())


def code_cell(notebook, source: str):
    """The code cell whose code contains ``source``."""
    return notebook.locator(".jp-CodeCell").filter(has=notebook.page.locator(".jp-InputArea", has_text=source))


def assert_no_console_errors(watched) -> None:
    patterns = [re.compile(pattern) for _, pattern in IGNORED_CONSOLE_ERRORS]
    left = [error for error in watched.console_errors if not any(p.search(error) for p in patterns)]
    counts = Counter(error.splitlines()[0] for error in left)  # first lines; the stacks are in the log
    hints = [hint for key, hint in HINTS.items() if any(key in error for error in left)]
    if left:
        pytest.fail("\n".join(["JavaScript errors in the browser console:",
                               *(f"  {line} (x{n})" for line, n in counts.items()),
                               *(f"Hint: {h}" for h in hints)]), pytrace=False)


# --- 1. the sourcing notebook --------------------------------------------------------------

def rating_plan(ds) -> tuple[dict[str, str], str]:
    """The key's answer on every question but one, which gets a wrong option; returns (answers, that question)."""
    from claimlab.core import rubric
    answers = {dim["id"]: str(ds.key.loc[RATED_CLAIM, dim["id"]]) for dim in ds.rubric["dimensions"]}
    for dim in ds.rubric["dimensions"]:
        for option in dim["options"]:
            trial = {**answers, dim["id"]: str(option["id"])}
            verdicts = rubric.judge(RATED_CLAIM, trial, ds).verdicts()
            if verdicts[dim["id"]] == "wrong":
                return trial, dim["id"]
    raise AssertionError(f"no option is wrong for any question about {RATED_CLAIM}")


def option_label(dim: dict, option_id: str) -> str:
    return str(next(o["label"] for o in dim["options"] if str(o["id"]) == option_id))


def question_box(rater, number: int, dim: dict):
    """The part of the rater that holds question ``number`` (its heading and its options)."""
    heading = f"{number}. {dim['question']}"
    return rater.locator(".widget-vbox").filter(has_text=heading).filter(
        has=rater.page.locator(".widget-radio-box")).last


def test_sourcing_notebook_rate_save_restore(lab_server, watched_page, ds):
    """Run the sourcing notebook, rate a claim with the mouse, see feedback, and get it back next time."""
    need(SOURCING_NOTEBOOK)
    from claimlab.core import rubric
    page = watched_page.page
    answers, wrong_dim = rating_plan(ds)
    expected = rubric.judge(RATED_CLAIM, answers, ds)
    dims = list(enumerate(ds.rubric["dimensions"], 1))

    notebook = open_notebook(watched_page, lab_server, SOURCING_NOTEBOOK, "sourcing")
    run_all_cells(page, notebook)
    page.locator(".js-plotly-plot .main-svg").first.wait_for()
    rater = code_cell(notebook, f'cl.rate("{RATED_CLAIM}")').locator(".jp-OutputArea")
    rater.locator(".widget-radio-box").first.wait_for()

    for number, dim in dims:
        label = option_label(dim, answers[dim["id"]])
        question_box(rater, number, dim).get_by_role("radio", name=label, exact=True).check()
    rater.get_by_role("button", name="Check", exact=True).click()
    rater.get_by_text(expected.headline).wait_for()
    wrong = next(r for r in expected.results if r.dimension == wrong_dim)
    wrong_box = next(question_box(rater, n, dim) for n, dim in dims if dim["id"] == wrong_dim)
    assert wrong.verdict == "wrong"
    assert " ".join(wrong.feedback.split()) in " ".join(wrong_box.text_content().split())
    saved = json.loads(lab_server.answers.read_text(encoding="utf-8"))
    assert saved["ratings"][RATED_CLAIM]["answers"] == answers
    watched_page.screenshot("-checked", show=rater.get_by_role("button", name="Check", exact=True))

    # Close the notebook for the day (its kernel too), open it again and run it: the answer is back.
    page.goto("about:blank")
    lab_server.shut_down_sessions()
    notebook = open_notebook(watched_page, lab_server, SOURCING_NOTEBOOK, "sourcing-again")
    run_all_cells(page, notebook)
    rater = code_cell(notebook, f'cl.rate("{RATED_CLAIM}")').locator(".jp-OutputArea")
    rater.locator(".widget-radio-box").first.wait_for()
    for number, dim in dims:
        label = option_label(dim, answers[dim["id"]])
        assert question_box(rater, number, dim).get_by_role("radio", name=label, exact=True).is_checked(), \
            f"question {number} did not get its saved answer back"
    rater.get_by_text(expected.headline).wait_for()
    watched_page.screenshot("-restored", show=rater.get_by_role("button", name="Check", exact=True))
    assert_no_console_errors(watched_page)


# --- 2. an exercise notebook ---------------------------------------------------------------

ANSWER_CELL = re.compile(r"^(?P<name>\w+) = \.\.\.", re.MULTILINE)


def choice_exercise(ds) -> dict | None:
    """The first multiple-choice question in exercises/: its notebook, answer variable, question id,
    a wrong and the right option id, and the positions of its answer and check cells among the code cells."""
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        codes = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        for answer_index, source in enumerate(codes):
            match = ANSWER_CELL.search(source)
            if not match:
                continue
            name = match["name"]
            check = re.compile(r'cl\.check\("(?P<qid>[\w.]+)",\s*' + name + r"\)")
            found = [(i, m["qid"]) for i, code in enumerate(codes) if (m := check.search(code))]
            question = ds.exercises.get("questions", {}).get(found[0][1]) if found else None
            if question and question.get("type") == "choice":
                right = str(question["answer"])
                accepted = {str(a) for a in question.get("accept", [])} | {right}
                wrong = next(str(o["id"]) for o in question["options"] if str(o["id"]) not in accepted)
                return {"path": path.relative_to(ROOT).as_posix(), "name": name, "qid": found[0][1],
                        "wrong": wrong, "right": right, "answer_cell": answer_index, "check_cell": found[0][0]}
    return None


def test_exercise_wrong_then_right(lab_server, watched_page, ds):
    """Type a wrong and then a right answer into an exercise's answer cell; run its check each time."""
    found = choice_exercise(ds)
    if found is None:
        pytest.skip("no multiple-choice question in exercises/ yet")
    need(found["path"])
    from claimlab.core import exercises
    page = watched_page.page
    qid, name = found["qid"], found["name"]
    notebook = open_notebook(watched_page, lab_server, found["path"], "exercise")
    run_all_cells(page, notebook)
    answer_cell = notebook.locator(".jp-CodeCell").nth(found["answer_cell"])
    check_cell = notebook.locator(".jp-CodeCell").nth(found["check_cell"])
    assert f"cl.check(\"{qid}\"" in check_cell.locator(".jp-InputArea").text_content()

    for answer in (found["wrong"], found["right"]):
        feedback = exercises.check(qid, answer, ds=ds)
        answer_cell.locator(".cm-content").click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.insert_text(f'{name} = "{answer}"')
        page.keyboard.press("Control+Enter")  # run this cell, stay on it
        check_cell.locator(".cm-content").click()
        page.keyboard.press("Control+Enter")
        output = check_cell.locator(".jp-OutputArea")
        output.get_by_text(f"{qid}: {feedback.headline}", exact=True).wait_for()
        text = " ".join(output.text_content().split())
        for line in feedback.lines:
            assert " ".join(line.split()) in text
        watched_page.screenshot(f"-{feedback.status}", show=output)
    assert feedback.correct
    saved = json.loads(lab_server.answers.read_text(encoding="utf-8"))
    assert saved["exercises"][qid]["status"] == "correct"
    assert_no_console_errors(watched_page)
