#!/usr/bin/env python3
"""Check deploy/z2jh/values.yaml against the Zero to JupyterHub chart's own schema.

    git clone --depth 1 https://github.com/jupyterhub/zero-to-jupyterhub-k8s /tmp/z2jh
    python deploy/z2jh/check_values.py /tmp/z2jh          # a checkout of the chart's repository

The chart ships ``jupyterhub/values.schema.yaml`` (a JSON schema) and its default
``jupyterhub/values.yaml``. Helm merges our fragment over the defaults, so this script does
the same and validates the result with jsonschema, which catches misspelt keys and wrong
types before a deployment does. It also accepts a bare git repository (``repo.git``).
Nothing is installed or deployed.
"""
from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

HERE = Path(__file__).resolve().parent


def chart_file(chart: Path, name: str) -> str:
    path = chart / "jupyterhub" / name
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return subprocess.run(["git", "--git-dir", str(chart), "show", f"HEAD:jupyterhub/{name}"],
                          capture_output=True, text=True, check=True).stdout


def merge(base: dict, over: dict) -> dict:
    """Helm's merge of values files: maps merge key by key, anything else is replaced."""
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__)
        return 2
    chart = Path(argv[0])
    values = Path(argv[1]) if len(argv) == 2 else HERE / "values.yaml"
    schema = yaml.safe_load(chart_file(chart, "values.schema.yaml"))
    defaults = yaml.safe_load(chart_file(chart, "values.yaml"))
    merged = merge(copy.deepcopy(defaults), yaml.safe_load(values.read_text(encoding="utf-8")))
    try:
        jsonschema.validate(merged, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top)"
        print(f"{values}: {where}: {exc.message}")
        return 1
    print(f"OK: {values.name} merged over the chart's values.yaml passes its values.schema.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
