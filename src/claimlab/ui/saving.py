"""What a saved notebook keeps of Claim Lab's widgets: their text form, never a dead widget view.

A widget output stores two forms: a *view* (``application/vnd.jupyter.widget-view+json``, a pointer
to a live widget in the running kernel) and a plain-text form (for Claim Lab widgets: what the widget
is and "Run this cell in JupyterLab (Shift+Enter) to use it; your saved answers come back."). Once the
kernel has stopped, JupyterLab can no
longer find the live widget and shows "Error displaying widget: model not found" for the view. Removing
the view when a notebook is written leaves the text form, which tells the learner to run the cell.

:func:`strip_widget_views` does that to a notebook (a dict in nbformat 4 layout); :func:`pre_save_hook`
is the same for Jupyter Server's ``FileContentsManager.pre_save_hook``, which ``run.py lab`` sets, so a
learner's autosaved notebook reopens cleanly. Plain dict code, no imports: the server loads it at start.
"""
from __future__ import annotations

from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

__all__ = ["WIDGET_VIEW", "strip_widget_views", "pre_save_hook"]


def strip_widget_views(notebook: dict[str, Any]) -> int:
    """Drop widget views (keeping each output's text form) and stored widget state; return how many views."""
    removed = 0
    for cell in notebook.get("cells") or []:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for output in cell.get("outputs") or []:
            data = output.get("data")
            if isinstance(data, dict) and WIDGET_VIEW in data:
                data.pop(WIDGET_VIEW)
                removed += 1
                if not data:  # a view with no text form: nothing left to show
                    continue
            kept.append(output)
        cell["outputs"] = kept
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        metadata.pop("widgets", None)
    return removed


def pre_save_hook(model: dict[str, Any], **_kwargs: Any) -> None:
    """Jupyter Server calls this before writing a file: notebooks lose their widget views."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        strip_widget_views(model["content"])
