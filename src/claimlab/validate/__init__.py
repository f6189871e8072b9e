"""Validation of everything in ``data/``: author and CI time, never needed in a learner's kernel.

* :mod:`claimlab.validate.tables` - types, required cells, allowed values, unique ids and links between
  tables (Frictionless, against ``data/datapackage.json``); the YAML files against ``data/schemas/``
  (jsonschema);
* :mod:`claimlab.validate.crossfile` - checks only Claim Lab knows about, across files;
* :mod:`claimlab.validate.keys` - the exercise keys in ``data/exercises.yaml``;
* :mod:`claimlab.validate.depth` - both sides checked to the same depth (``checked_against`` in the key)
  and one source type per outlet (``data/reference/outlets.csv``);
* :mod:`claimlab.validate.feedback` - every rubric feedback text true of the claim it is shown under.

Every problem names its file, row and column. ``python -m claimlab validate`` runs all of them and
records the data's SHA-256 in ``data/manifest.json``, so learners' kernels load without the tools.
"""
from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

from claimlab.core.dataset import MANIFEST, Dataset, find_root, load, manifest_for
from claimlab.core.problems import DataError, Problem

__all__ = ["VALIDATOR", "validate_and_record"]

TOOLS = ("frictionless", "jsonschema")


class _Validator:
    """The validator :mod:`claimlab.core.dataset` calls when data changed since it was last validated."""

    def available(self) -> str | None:
        missing = [name for name in TOOLS if importlib.util.find_spec(name) is None]
        return f"the validation tools ({', '.join(missing)}) are not installed" if missing else None

    def files(self, data_dir: Path, package: dict, loaded_yaml: dict[str, Any]) -> list[Problem]:
        from claimlab.validate.tables import check_tables, check_yaml
        problems = check_tables(data_dir, package) + check_yaml(data_dir, package, loaded_yaml)
        if problems:  # report every problem in one run: the cross-file checks too, as far as they can go
            problems += _checks_despite(problems, data_dir, package, loaded_yaml)
        return problems

    def dataset(self, ds: Dataset) -> list[Problem]:
        from claimlab.validate.crossfile import check_dataset
        from claimlab.validate.depth import check_depth
        from claimlab.validate.feedback import feedback_problems
        return check_dataset(ds) + check_depth(ds) + feedback_problems(ds)


VALIDATOR = _Validator()


def _checks_despite(found: list[Problem], data_dir: Path, package: dict, loaded_yaml: dict[str, Any]) -> list[Problem]:
    """The cross-file checks on data that has table problems, so an author sees all problems at once.

    The tables are read as they are; a check that cannot run on them is skipped (its problem is
    already among ``found``). Problems already listed are not repeated.
    """
    from claimlab.core import dataset as core
    from claimlab.validate.crossfile import check_dataset

    try:
        article, _ = core.parse_article(data_dir / package.get("claimlab", {}).get("article", "article.md"))
        if article is None:
            return []
        ds = core.build(data_dir.parent, package, article, loaded_yaml)
        more = check_dataset(ds)
    except Exception:  # noqa: BLE001 - the tables are broken; their problems are already reported
        return []
    seen = {(p.file, p.row, p.column) for p in found}
    return [p for p in more if (p.file, p.row, p.column) not in seen]


def validate_and_record(root: str | os.PathLike | None = None, *, write: bool = True) -> Dataset:
    """Validate every file in ``data/`` (raises DataError listing every problem), then write the manifest.

    With ``write=False`` nothing is written, and an out-of-date manifest is a problem (for CI)."""
    from claimlab.core.version import __version__

    root_path = find_root(root) if root is None else Path(root).resolve()
    ds = load(root_path, revalidate=True)
    manifest = manifest_for(root_path / "data", ds.package, __version__)
    path = root_path / "data" / MANIFEST
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        if not write:
            raise DataError([Problem("data/" + MANIFEST, "the data changed since the manifest was written: run "
                                     "`python -m claimlab validate` (or `python3 run.py validate`) and commit "
                                     "data/manifest.json")], root_path)
        path.write_text(text, encoding="utf-8")
    return ds
