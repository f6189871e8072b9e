"""The prose of the generated lessons (``templates/lessons.yaml``) and its shared blocks.

:func:`prose` reads the file once. :func:`sync_shared` keeps the cells of another series' notebooks (Claim
Lab's own) that say ``"claimlab": {"shared": ID}`` in their metadata equal to the shared block ID, so one
text serves both: ``python -m claimlab.authoring.lessontime --write`` calls it, ``--check`` reports any
difference.
"""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


@functools.cache
def prose() -> dict[str, Any]:
    text = resources.files("claimlab.authoring").joinpath("templates", "lessons.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def sync_shared(folder: str | Path, *, write: bool = True) -> list[str]:
    """Cells marked ``"claimlab": {"shared": ID}`` in ``folder``'s notebooks that differ from the shared block
    (rewritten when ``write``); returns "notebook: id" for each."""
    import nbformat
    blocks = prose()["shared"]
    found = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        changed = False
        for cell in nb.cells:
            block = cell.get("metadata", {}).get("claimlab", {}).get("shared")
            if block and cell.source.strip() != blocks[block].strip():
                found.append(f"{path.name}: {block}")
                cell.source, changed = blocks[block].strip(), True
        if changed and write:
            nbformat.write(nb, path)
    return found
