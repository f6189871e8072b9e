#!/usr/bin/env python3
"""Claim Lab's JupyterLab settings, in one place for every way in: ``python3 run.py lab``, Binder and a
class hub's image (repo2docker runs ``binder/postBuild``, which runs this).

* ``overrides.json`` (JupyterLab's default settings): no news and no update check, each of which would
  ask the internet and pop up a notice over the lesson; every cell stays on the page (``windowingMode``
  none: lessons are short, and the browser's find, screen readers and charts see the whole notebook);
* ``jupyter_server_config.json``: a saved notebook keeps each widget's text form ("Run this cell ...")
  instead of a view of a widget that died with its kernel, which JupyterLab would show as "Error
  displaying widget: model not found" (``claimlab.ui.saving.pre_save_hook``).

    python binder/lab_settings.py            into this Python's environment: <sys.prefix>/etc/jupyter
    python binder/lab_settings.py DIR        into DIR (a JUPYTER_CONFIG_DIR, as run.py lab uses)

Both go where Jupyter reads configuration in every config folder (``labconfig/default_setting_overrides.json``
and ``jupyter_server_config.json``). In an image they go into the environment, not the home folder,
because a hub mounts each learner's volume over the home folder. A ``jupyter_server_config.json``
already there is kept: Claim Lab's settings are merged into it. Standard library only.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAB_OVERRIDES = HERE / "overrides.json"
SERVER_CONFIG = HERE / "jupyter_server_config.json"


def lab_settings() -> dict:
    return json.loads(LAB_OVERRIDES.read_text(encoding="utf-8"))


def server_settings() -> dict:
    return json.loads(SERVER_CONFIG.read_text(encoding="utf-8"))


def merged(path: Path, settings: dict) -> dict:
    """``settings`` laid over what ``path`` holds already (one level deep: section, then option)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found = {}
    found = found if isinstance(found, dict) else {}
    for section, options in settings.items():
        kept = found.get(section) if isinstance(found.get(section), dict) else {}
        found[section] = {**kept, **options}
    return found


def apply(folder: Path) -> Path:
    """Write the settings into the Jupyter config folder ``folder``; return it."""
    folder = Path(folder)
    (folder / "labconfig").mkdir(parents=True, exist_ok=True)
    for path, settings in ((folder / "labconfig" / "default_setting_overrides.json", lab_settings()),
                           (folder / "jupyter_server_config.json", server_settings())):
        path.write_text(json.dumps(merged(path, settings), indent=1) + "\n", encoding="utf-8")
    return folder


def environment_folder() -> Path:
    """This Python environment's own Jupyter config folder (on Jupyter's config path in every kernel)."""
    return Path(sys.prefix) / "etc" / "jupyter"


if __name__ == "__main__":
    target = apply(Path(sys.argv[1]) if len(sys.argv) > 1 else environment_folder())
    print(f"Claim Lab's JupyterLab settings written to {target}")
