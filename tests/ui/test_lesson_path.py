"""The lesson path as a student and an instructor meet it (issue 12), without a browser.

- Each lesson notebook's time is counted from its words and choices (tests/authoring/test_lessontime.py
  checks that the notebooks, the README and the guide's plans agree with the count).
- Shipped lesson notebooks hold no widget views (a view of a widget whose kernel has stopped shows
  "Error displaying widget: model not found"); ``run.py lab`` strips them from every saved notebook.
- ``run.py lab`` serves the whole module and opens notebook 00 without the news pop-up.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from claimlab.ui import saving

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("0[0-4]_*.ipynb"))  # the notebooks of the 90-minute plan
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


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
