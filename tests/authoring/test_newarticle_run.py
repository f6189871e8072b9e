"""A module built on the real fixture article, run as a teacher runs it (issues 16 and 26).

In a file of its own so that, with one test file per worker (`--dist loadfile`), it runs beside the other
new-article tests rather than after them: it is the slowest of them (two runs of every notebook in kernels).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

import claimlab
from claimlab.authoring import newarticle
from claimlab.core import store


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """A command as a teacher types it in the module's folder: no test settings in the environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMLAB_ROOT", "CLAIMLAB_ANSWERS")}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def _check_outputs(root: Path, stored: list[Path]) -> None:
    for path in stored:
        nb = nbformat.read(path, as_version=4)
        outputs = [json.dumps(o, ensure_ascii=False) for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        assert outputs, path.name
        for out in outputs:
            assert '"output_type": "error"' not in out and "Traceback" not in out, path.name
            assert "claim lab could not" not in out.lower(), (path.name, out[:300])
        if path.parent.name == "solutions" and path.name != "fresh_cases.ipynb":  # widget, then expert answer
            asked = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("cl.exercise_with_answer(")]
            marker = claimlab.load(root).exercises["messages"]["expert_answer"]
            assert asked and all([o["output_type"] for o in c.outputs] == ["display_data", "execute_result"]
                                 and marker in json.dumps(c.outputs, ensure_ascii=False) for c in asked)
        if path.name == "00_start_here.ipynb":
            article_cell = next(c for c in nb.cells if c.source == "cl.show_article()")
            meta = claimlab.load(root).article.meta
            assert meta["title"].split()[-1] in json.dumps(article_cell.outputs, ensure_ascii=False)
            prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
            assert ("**Some background.**" in prose) == bool(meta.get("background"))
            assert "exercises/" in prose


def test_the_full_series_executes_and_passes_nbval(built_modules, tmp_path):
    """The real article's module, as a teacher runs it: every notebook executes (`claimlab execute`), and the
    guide's test command (`python -m pytest --nbval notebooks solutions`, with nothing else typed) passes even
    after the teacher has tried the module and left answers in my_answers/answers.json (issue 26)."""
    real = built_modules["real"]
    root = shutil.copytree(real, tmp_path / real.name)
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    included = [n for n, reason in newarticle.plan(claimlab.load(root))["notebooks"].items() if reason is None]
    assert [p.name for p in notebooks] == included
    assert len(included) == len(newarticle.NOTEBOOKS), "the real article supports every part of the series"
    stored = [*notebooks, *sorted((root / "solutions").glob("*.ipynb")), root / "instructors" / "class_results.ipynb"]
    done = _run(["-m", "claimlab", "execute", *(str(p) for p in stored)], root)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    _check_outputs(root, stored)
    tried = store.AnswerStore(root / "my_answers" / "answers.json")  # the teacher tried the module
    ds = claimlab.load(root)
    tried.save_rating(ds.key.index[0], {"who": "no_one_named"}, {"who": "wrong"})
    tried.save_note("first_impression", {"trust": 1})
    strict = _run(["-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "notebooks", "solutions"], root)
    assert strict.returncode == 0, strict.stdout[-3000:]


