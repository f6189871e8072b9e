"""Re-run notebooks top to bottom in a fresh kernel and store their outputs in place.

    python -m claimlab execute                 # every notebook in notebooks/, solutions/, instructors/
    python -m claimlab execute notebooks/03_the_numbers.ipynb

Authors run this after changing anything in data/, so that the stored outputs (which
strict nbval compares) match the data again. Each notebook runs in its own folder, with
a private, empty answers file, so the outputs never depend on anyone's saved answers.

Widget state is not stored in the committed notebooks (it would make each file several
hundred KB); a widget output that has not been re-run shows its plain-text form, which
says to run the notebook. The static-page build (``claimlab.static``) executes its own
copies with widget state, so static pages still show the widgets.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

DEFAULT_FOLDERS = ("notebooks", "solutions", "instructors")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def execute_notebook(path: Path, timeout: int = 600, *, store_widget_state: bool = False,
                     target: Path | None = None) -> None:
    """Execute one notebook (in place, or into ``target``): outputs, execution counts, kernelspec."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.setdefault("language_info", {"name": "python"})
    with tempfile.TemporaryDirectory(prefix="claimlab-exec-") as scratch:
        old = os.environ.get("CLAIMLAB_ANSWERS")
        os.environ["CLAIMLAB_ANSWERS"] = str(Path(scratch) / "answers.json")
        try:
            client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                    resources={"metadata": {"path": str(path.parent)}},
                                    store_widget_state=store_widget_state,
                                    record_timing=False)  # no per-cell timestamps: a data edit changes only outputs
            client.execute()
        finally:
            if old is None:
                os.environ.pop("CLAIMLAB_ANSWERS", None)
            else:
                os.environ["CLAIMLAB_ANSWERS"] = old
    # keep only what the notebook needs: no kernel-version noise, no timings
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    if not store_widget_state:
        nb.metadata.pop("widgets", None)
        from claimlab.ui.saving import strip_widget_views

        strip_widget_views(nb)  # a reopened notebook shows each widget's text form, never a missing model
    nbformat.write(nb, target or path)


def find_notebooks(root: Path, paths: list[str]) -> list[Path]:
    if paths:
        return [Path(p).resolve() for p in paths]
    found: list[Path] = []
    for folder in DEFAULT_FOLDERS:
        found += sorted((root / folder).glob("*.ipynb"))
    return found
