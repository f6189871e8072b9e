"""Read everything in ``data/`` into one :class:`Dataset` (tables as typed pandas DataFrames, the
article, the rubric, the exercise keys).

A learner's kernel needs only pandas and PyYAML here. Full validation (Frictionless, jsonschema and
Claim Lab's own cross-file checks, in :mod:`claimlab.validate`) runs at author and CI time, and
``python -m claimlab validate`` then records the content's SHA-256 in ``data/manifest.json``. On every
load the data's hash is compared with that manifest:

* it matches: the data was validated as it is; it is read without checking again (fast). Nothing read
  is kept between kernels: a cache of Python objects (a pickle) can run code when it is read, and
  reading data/ costs a fresh kernel about a tenth of a second (benchmarks/README.md);
* it differs and the validation tools are installed (an instructor who edited a file): everything is
  validated now, every problem is reported at once with file, row and column, and a good result is
  remembered (as JSON, in a cache folder only this user can write) until the files change again;
* it differs and the tools are missing (a lean learner install): a plain message says that the data
  changed since it was validated, and how to validate it.

Reading is forgiving where spreadsheets and editors differ, and strict where a mistake would pass
silently: a byte-order mark (Excel's "CSV UTF-8") is accepted in every file; every file named in
``datapackage.json`` must lie inside ``data/`` (checked before anything is opened); an empty YAML
file, or a key written twice in one YAML mapping (two questions with the same id), is an error naming
the file and line; and YAML syntax errors get a plain sentence with the likely cause and the line.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any, Protocol

from claimlab.core.dataset.article import PARAGRAPH_RE, parse_article
from claimlab.core.dataset.files import data_files, find_root, rel, safe_package, unsafe_paths
from claimlab.core.dataset.manifest import (
    MANIFEST,
    cache_dir,
    changed_files,
    data_digest,
    manifest_for,
    read_manifest,
    remember_validated,
    validated_here,
)
from claimlab.core.dataset.model import OTHER_SIDES, Article, Dataset
from claimlab.core.dataset.tables import figure_dates, printed_number, read_table, split_list
from claimlab.core.dataset.yamlfile import read_yaml, yaml_problem
from claimlab.core.problems import DataError, Problem

__all__ = ["load", "build", "Dataset", "Article", "OTHER_SIDES", "PARAGRAPH_RE", "MANIFEST", "Validator",
           "use_validator", "clear_cache", "cache_dir", "find_root", "unsafe_paths", "data_digest", "manifest_for",
           "read_manifest", "parse_article", "read_table", "split_list", "printed_number", "yaml_problem"]

_CACHE: dict[tuple[str, str], Dataset] = {}


class Validator(Protocol):
    """What :mod:`claimlab.validate` provides; handed to this module by ``claimlab/__init__.py``."""

    def available(self) -> str | None:
        """None when the tools are installed, otherwise what is missing (in words)."""

    def files(self, data_dir: Path, package: dict, loaded_yaml: dict[str, Any]) -> list[Problem]:
        """Problems in the files as files (types, required cells, ids, schemas), before they are read."""

    def dataset(self, ds: Dataset) -> list[Problem]:
        """Problems only Claim Lab knows about, across files, once they are read."""


_VALIDATOR: Validator | None = None


def use_validator(validator: Validator | None) -> None:
    """Hand this module the validator (done once by ``claimlab/__init__.py``; core imports nothing above it)."""
    global _VALIDATOR
    _VALIDATOR = validator


def clear_cache() -> None:
    """Forget loaded datasets (the next load() reads the files again)."""
    _CACHE.clear()



def load(root: str | os.PathLike | None = None, *, revalidate: bool = False) -> Dataset:
    """Load Claim Lab's data (validated; see this module's docstring). Raises :class:`DataError`."""
    _set_aside_long_lived()
    root_path = find_root(root) if root is None else Path(root).resolve()
    data_dir = root_path / "data"
    package = safe_package(root_path, data_dir)
    digest, _ = data_digest(data_dir, package)
    cached = _CACHE.get((str(root_path), digest))
    if cached is not None and not revalidate:
        return cached

    problems = [Problem(rel(path), "the file is missing") for path in data_files(data_dir, package)
                if not path.is_file()]
    if problems:
        raise DataError(problems, root_path)
    return _load_files(root_path, data_dir, package, digest, revalidate)


def _set_aside_long_lived() -> None:
    """Tell Python's cyclic garbage collector to skip, from now on, the objects already made.

    A kernel that has imported pandas, plotly and ipywidgets holds about a million objects that
    live as long as it does; each full collection walks all of them (40-60 ms here), and reading
    the data, building widgets and charts set off several such collections in every notebook.
    ``gc.freeze()`` moves them to a generation the collector never walks (Python's documentation
    recommends it for long-lived objects); new objects are collected as usual. Done once per
    process, at the first load; a few objects that were garbage at that moment stay in memory.
    """
    global _FROZEN
    if not _FROZEN:
        gc.freeze()
        _FROZEN = True


_FROZEN = False


def _load_files(root_path: Path, data_dir: Path, package: dict, digest: str, revalidate: bool) -> Dataset:
    problems: list[Problem] = []
    extra = package.get("claimlab", {})
    article, article_problems = parse_article(data_dir / extra.get("article", "article.md"))
    problems += article_problems
    manifest = read_manifest(data_dir)
    trusted = not revalidate and (manifest.get("sha256") == digest or validated_here(digest))
    loaded_yaml, yaml_problems = read_yaml(data_dir, package, fast=trusted)
    problems += yaml_problems

    validator = None if trusted else _VALIDATOR
    if not trusted:
        missing = "Claim Lab's validation tools are not installed" if validator is None else validator.available()
        if missing:
            changed = ", ".join("data/" + name for name in changed_files(data_dir, package, manifest)[:6])
            raise DataError(problems + [Problem(
                "data/" + MANIFEST,
                f"the data changed since it was last validated ({changed or 'no manifest yet'}), and {missing}, so "
                "it cannot be checked here. Run `python -m claimlab validate` where the author tools are installed "
                "(`python3 run.py validate`, or pip install \"claimlab[author]\"); it checks every file and updates "
                f"data/{MANIFEST}.")], root_path)
        problems += validator.files(data_dir, package, loaded_yaml)
    if problems:
        raise DataError(problems, root_path)

    ds = build(root_path, package, article, loaded_yaml)
    if validator is not None:
        problems = validator.dataset(ds)
        if problems:
            raise DataError(problems, root_path)
        remember_validated(digest)
    _CACHE[(str(root_path), digest)] = ds
    return ds


# --------------------------------------------------------------------------- building the dataset
def build(root_path: Path, package: dict, article: Article, loaded_yaml: dict[str, Any]) -> Dataset:
    data_dir = root_path / "data"
    by_name = {r["name"]: r for r in package["resources"]}
    tables = {name: read_table(data_dir, res) for name, res in by_name.items()}

    figures = tables["reported_figures"].set_index("figure_id", drop=False)
    units = tables["unit_map"].set_index("raw_unit", drop=False)
    raw_units = figures["unit"].fillna("")
    figures["base_unit"] = raw_units.map(units["unit"]).astype("string")
    figures["qualifier"] = raw_units.map(units["qualifier"]).astype("string")
    figures["date"], figures["date_is_exact"] = figure_dates(figures["as_of_date"])
    measures = tables["measures"].set_index("figure_id")["measure"]
    figures["measure"] = figures["figure_id"].map(measures).astype("string")
    figures["teachable"] = ~figures["caution"].fillna("").str.upper().str.startswith("UNVERIFIED")
    figures["cautioned"] = figures["caution"].fillna("").str.len() > 0

    return Dataset(
        root=root_path,
        article=article,
        claims=tables["claims"].set_index("claim_id", drop=False),
        links=tables["claim_links"],
        key=tables["key"].set_index("claim_id", drop=False),
        key_notes=tables["key_notes"],
        figures=figures,
        unit_map=tables["unit_map"],
        audit=tables["audit"],
        markers=tables["markers"],
        glossary=tables["glossary"],
        docs={name: value for name, value in loaded_yaml.items() if value is not None},
        package=package,
    )
