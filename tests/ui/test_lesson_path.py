"""The lesson path as a student and an instructor meet it (issue 12), without a browser.

- Each lesson notebook's time has one source, its metadata (``metadata.claimlab.minutes``): the
  notebook's first line, notebook 00's table, the README's table and the lesson plans in
  docs/instructors.md must say the same, and the 50- and 90-minute plans must add up.
- Shipped lesson notebooks hold no widget views (a view of a widget whose kernel has stopped shows
  "Error displaying widget: model not found"); ``run.py lab`` strips them from every saved notebook.
- ``run.py lab`` serves the whole module and opens notebook 00 without the news pop-up.
"""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest

from claimlab.ui import saving

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("0[0-4]_*.ipynb"))  # the notebooks of the 90-minute plan
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def minutes(path: Path) -> int | None:
    return nbformat.read(path, as_version=4).metadata.get("claimlab", {}).get("minutes")


def timed() -> dict[str, int]:
    return {p.stem: m for p in NOTEBOOKS if (m := minutes(p)) is not None}


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_notebook_states_its_minutes_in_metadata(path):
    assert isinstance(minutes(path), int), f"{path.name}: set metadata.claimlab.minutes (a whole number)"


def time_words(path: Path) -> str:
    """What a notebook's first cell says after **Time:**, e.g. "10 minutes" or "15–20 minutes"."""
    first = nbformat.read(path, as_version=4).cells[0].source
    found = re.search(r"\*\*Time:\*\* (\d+(?:–\d+)? minutes)", first)
    assert found, f"{path.name}: its first cell must say **Time:** N minutes"
    return found.group(1)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_readme_and_notebook_00_give_its_time(path):
    stem, said = path.stem, time_words(path)
    m = minutes(path)
    if m is not None:
        assert said == f"{m} minutes", f"{stem}: its first cell must say **Time:** {m} minutes (its metadata)"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| \[`{stem}`\].*\| ([^|]+) \|$", readme, re.MULTILINE)
    assert row and row.group(1).strip() == said.replace("minutes", "min"), f"README.md table: {stem} must say {said}"
    if stem != "00_start_here":
        table = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4).cells
        text = "\n".join(c.source for c in table if c.cell_type == "markdown")
        row = re.search(rf"^\| `{stem}` \|.*\| ([^|]+) \|$", text, re.MULTILINE)
        assert row and row.group(1).strip() == said, f"notebook 00's table: {stem} must say {said}"


def plan(title: str) -> list[tuple[int, int, str]]:
    """(start, end, what) rows of one lesson-plan table in docs/instructors.md."""
    guide = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
    section = guide.split(f"### {title}", 1)[1].split("\n### ", 1)[0]
    return [(int(a), int(b), what.strip()) for a, b, what in
            re.findall(r"^\| (\d+)–(\d+) \| ([^|]+) \|", section, re.MULTILINE)]


@pytest.mark.parametrize(("title", "length", "wanted"), [
    ("A 50-minute class", 50, ["00", "02", "04"]),
    ("A 90-minute class", 90, ["00", "01", "02", "03", "04"]),
])
def test_lesson_plans_add_up_and_give_each_notebook_its_own_time(title, length, wanted):
    rows = plan(title)
    assert rows, f"docs/instructors.md has no table under '### {title}'"
    assert rows[0][0] == 0 and rows[-1][1] == length, f"{title}: the plan must run from 0 to {length}"
    for (_, end, _), (start, _, what) in zip(rows, rows[1:]):
        assert start == end, f"{title}: '{what}' starts at {start}, but the row before ends at {end}"
    times = timed()
    shown = {}
    for start, end, what in rows:
        found = re.fullmatch(r"`((\d\d)_\w+)`", what)
        if found:
            shown[found.group(2)] = found.group(1)
            assert end - start == times[found.group(1)], \
                f"{title}: {found.group(1)} gets {end - start} minutes, its metadata says {times[found.group(1)]}"
    assert sorted(shown) == wanted, f"{title}: the plan must take notebooks {wanted}, it takes {sorted(shown)}"
    if length == 90:
        assert any("exercise" in what.casefold() for *_, what in rows), "the 90-minute plan has an exercise notebook"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_shipped_lesson_notebooks_hold_no_widget_views(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    views = [i for i, c in enumerate(nb["cells"]) for o in c.get("outputs", [])
             if saving.WIDGET_VIEW in o.get("data", {})]
    assert not views, (f"{path.name}: cells {views} store widget views, which show 'Error displaying widget: "
                       "model not found' until the learner runs them; strip them with "
                       "claimlab.ui.saving.strip_widget_views after executing")
    assert "widgets" not in nb["metadata"]


def test_strip_widget_views_keeps_the_text_form():
    view = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    nb = {"cells": [{"cell_type": "code", "source": "", "outputs": [
        {"output_type": "display_data", "metadata": {},
         "data": {"text/plain": "Sourcing rater. Run this cell in JupyterLab (Shift+Enter) to use it; your saved answers come back.", saving.WIDGET_VIEW: view}},
        {"output_type": "display_data", "metadata": {}, "data": {saving.WIDGET_VIEW: view}},
        {"output_type": "stream", "name": "stdout", "text": "hello"}]}],
        "metadata": {"widgets": {saving.WIDGET_STATE: {}}}}
    model = {"type": "notebook", "content": nb}
    saving.pre_save_hook(model=model, path="x.ipynb", contents_manager=None)
    outputs = nb["cells"][0]["outputs"]
    assert [o.get("data", {}).get("text/plain") for o in outputs] == [
        "Sourcing rater. Run this cell in JupyterLab (Shift+Enter) to use it; your saved answers come back.", None]
    assert outputs[1]["output_type"] == "stream" and "widgets" not in nb["metadata"]
    saving.pre_save_hook(model={"type": "file", "content": "text"})  # other files are left alone


def load_run_py():
    spec = importlib.util.spec_from_file_location("claimlab_run", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_run_py_lab_serves_the_module_and_opens_notebook_00(tmp_path):
    run = load_run_py()
    command = run.lab_command(Path("python"), ROOT, ["--no-browser"])
    assert f"--ServerApp.root_dir={ROOT}" in command
    assert command[-1] == str(ROOT / "notebooks" / "00_start_here.ipynb")
    folder = run.write_lab_config(tmp_path / "jupyter")
    overrides = json.loads((folder / "labconfig" / "default_setting_overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false",
                                                                        "checkForUpdates": False}
    server = json.loads((folder / "jupyter_server_config.json").read_text())
    hook = server["FileContentsManager"]["pre_save_hook"]
    module, name = hook.rsplit(".", 1)
    assert getattr(importlib.import_module(module), name) is saving.pre_save_hook
