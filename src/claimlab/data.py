"""Load and validate everything in ``data/``.

One call, :func:`load`, returns a :class:`Dataset` with every table as a pandas
DataFrame (typed from ``data/datapackage.json``), the article, the rubric and the
exercise keys. Bad data never loads: every problem found is reported at once, naming
the file, the row (as a spreadsheet shows it, header = row 1) and the column.

Validation has two layers:

* the tables' types, required cells, allowed values, unique ids and links between
  tables are checked by Frictionless against ``datapackage.json``, and the YAML files
  by jsonschema against ``data/schemas/``. This is slow to start (about a second), so
  a successful result is remembered for that exact content (a SHA-256 of every data
  file) in the user's cache folder; any change to any file validates again.
* checks only Claim Lab knows about run on every load: quotes verbatim in the article,
  paragraphs that exist, numbers with units, rubric answers that exist, text
  placeholders that resolve.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

__all__ = ["DataError", "Problem", "Dataset", "Article", "load", "find_root", "clear_cache"]

PARAGRAPH_RE = re.compile(r"^\[(\d+)\] (.*)$")
ISO_DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")


# --------------------------------------------------------------------------- errors
@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, in words an instructor understands."""

    file: str
    message: str
    row: int | None = None  # as a spreadsheet shows it: the header is row 1
    column: str | None = None
    row_id: str | None = None  # e.g. the claim_id of that row, when known

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
            if self.row_id:
                where += f" ({self.row_id})"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """Raised when the data cannot be loaded; lists every problem found."""

    def __init__(self, problems: list[Problem], root: Path | None = None):
        self.problems = list(problems)
        self.root = root
        lines = [f"Claim Lab found {len(self.problems)} problem(s) in the data"
                 + (f" under {root}" if root else "") + ":"]
        lines += [f"  - {p}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  ... and {len(self.problems) - 50} more")
        lines.append("Fix these in the files named (a spreadsheet or text editor is fine), then run again.")
        super().__init__("\n".join(lines))


# --------------------------------------------------------------------------- article
@dataclass
class Article:
    meta: dict[str, Any]
    paragraphs: dict[int, str]

    @property
    def text(self) -> str:
        """The article as published: paragraphs separated by blank lines, no numbers."""
        return "\n\n".join(self.paragraphs[i] for i in sorted(self.paragraphs))


def _parse_article(path: Path) -> tuple[Article | None, list[Problem]]:
    name = _rel(path)
    problems: list[Problem] = []
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(name, "the file is missing")]
    except UnicodeDecodeError as exc:
        return None, [Problem(name, f"the file is not UTF-8 text ({exc.reason})")]
    meta: dict[str, Any] = {}
    body = raw
    if raw.startswith("---\n"):
        end = raw.find("\n---\n", 4)
        if end == -1:
            return None, [Problem(name, "the header block starting with '---' is never closed by a '---' line")]
        try:
            meta = yaml.safe_load(raw[4:end]) or {}
        except yaml.YAMLError as exc:
            return None, [Problem(name, f"the header block is not valid YAML ({exc})")]
        body = raw[end + 5:]
    paragraphs: dict[int, str] = {}
    for line in body.splitlines():
        if not line.strip():
            continue
        m = PARAGRAPH_RE.match(line)
        if not m:
            problems.append(Problem(name, f"this line does not start with a paragraph number like '[3] ': {line[:60]!r}"))
            continue
        number = int(m.group(1))
        if number in paragraphs:
            problems.append(Problem(name, f"paragraph [{number}] appears twice"))
        paragraphs[number] = m.group(2)
    if paragraphs and sorted(paragraphs) != list(range(1, len(paragraphs) + 1)):
        problems.append(Problem(name, "paragraph numbers must run 1, 2, 3 ... with no gaps"))
    if not paragraphs:
        problems.append(Problem(name, "no paragraphs found (each starts with its number, like '[1] ')"))
    for key in ("title", "provenance"):
        if not meta.get(key):
            problems.append(Problem(name, f"the header block needs a '{key}:' entry"))
    return Article(meta=meta, paragraphs=paragraphs), problems


# --------------------------------------------------------------------------- dataset
@dataclass
class Dataset:
    root: Path
    article: Article
    claims: pd.DataFrame
    links: pd.DataFrame
    key: pd.DataFrame
    key_notes: pd.DataFrame
    figures: pd.DataFrame
    unit_map: pd.DataFrame
    audit: pd.DataFrame
    markers: pd.DataFrame
    glossary: pd.DataFrame
    rubric: dict[str, Any]
    exercises: dict[str, Any]
    package: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def claim(self, claim_id: str) -> pd.Series:
        return self.claims.loc[claim_id]

    def figure(self, figure_id: str) -> pd.Series:
        return self.figures.loc[figure_id]

    def claim_ids(self) -> list[str]:
        return list(self.claims.index)

    def links_for(self, claim_id: str) -> pd.DataFrame:
        return self.links[self.links["claim_id"] == claim_id]

    def dimensions(self) -> list[dict[str, Any]]:
        return self.rubric["dimensions"]


# --------------------------------------------------------------------------- helpers
def _rel(path: Path) -> str:
    parts = path.parts
    if "data" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("data") - 1:])
    return path.name


def find_root(start: str | os.PathLike | None = None) -> Path:
    """The folder that holds ``data/datapackage.json``.

    ``CLAIMLAB_ROOT`` wins if set; otherwise the current folder and its parents are
    searched, so notebooks in ``notebooks/`` or ``solutions/`` find the data above them.
    """
    env = os.environ.get("CLAIMLAB_ROOT")
    if env and start is None:
        root = Path(env).expanduser().resolve()
        if not (root / "data" / "datapackage.json").is_file():
            raise DataError([Problem("CLAIMLAB_ROOT", f"{root} has no data/datapackage.json")])
        return root
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder
    raise DataError([Problem("data/datapackage.json",
                             f"not found in {here} or any folder above it; open the notebooks from "
                             "inside the Claim Lab folder, or set CLAIMLAB_ROOT to that folder")])


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "claimlab"


def _data_files(data_dir: Path, package: dict) -> list[Path]:
    files = [data_dir / "datapackage.json"]
    files += [data_dir / r["path"] for r in package.get("resources", [])]
    extra = package.get("claimlab", {})
    if extra.get("article"):
        files.append(data_dir / extra["article"])
    for spec in extra.get("yaml", {}).values():
        files += [data_dir / spec["path"], data_dir / spec["schema"]]
    return files


def _content_hash(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.name).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


# --------------------------------------------------------------------------- frictionless layer
_RESOURCES: dict[str, list] = {}
def _row_id(data_dir: Path, resource: dict, row: int | None) -> str | None:
    """The id in the first column of a given spreadsheet row, for friendlier messages."""
    if row is None or row < 2:
        return None
    try:
        import csv
        with open(data_dir / resource["path"], encoding="utf-8", newline="") as fh:
            for number, values in enumerate(csv.reader(fh), 1):
                if number == row:
                    return values[0] if values and values[0] else None
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _friendly(error: Any, resource: dict) -> tuple[str, str | None, int | None]:
    """Turn one Frictionless error into (message, column, row)."""
    kind = getattr(error, "type", "")
    column = getattr(error, "field_name", None) or getattr(error, "label", None)
    row = getattr(error, "row_number", None)
    cell = getattr(error, "cell", None)
    note = getattr(error, "note", "") or ""
    fields = {f["name"]: f for f in resource.get("schema", {}).get("fields", [])}
    spec = fields.get(column or "", {})
    if kind in ("missing-label",):
        return "this column is missing from the header row", column, None
    if kind in ("incorrect-label",):
        expected = getattr(error, "field_name", None)
        return (f"the header says '{getattr(error, 'label', '')}' where the column '{expected}' was expected "
                "(columns must be in the documented order)"), expected, None
    if kind in ("extra-label",):
        return "this column is not in the data dictionary (datapackage.json)", getattr(error, "label", None), None
    if kind in ("duplicate-label",):
        return "this column name appears twice in the header", column, None
    if kind == "blank-label":
        return "a column in the header row has no name", None, None
    if kind == "type-error":
        wanted = {"number": "a number", "integer": "a whole number", "boolean": "true or false",
                  "date": "a date written YYYY-MM-DD"}.get(spec.get("type", ""), spec.get("type", "another type"))
        return f"'{cell}' is not {wanted}", column, row
    if kind == "constraint-error":
        if "required" in note:
            return "this cell is empty but must be filled in", column, row
        if "enum" in note:
            allowed = ", ".join(map(str, spec.get("constraints", {}).get("enum", [])))
            return f"'{cell}' is not one of the allowed values ({allowed})", column, row
        if "pattern" in note:
            return f"'{cell}' does not have the expected form ({spec['constraints']['pattern']})", column, row
        if "unique" in note:
            return f"'{cell}' appears more than once; each id must be unique", column, row
        return f"'{cell}' breaks a rule: {note}", column, row
    if kind in ("unique-error", "primary-key"):
        return f"duplicate id: this {', '.join(resource['schema'].get('primaryKey', []))} is already used in an earlier row", \
            (resource["schema"].get("primaryKey") or [None])[0], row
    if kind == "foreign-key":
        names = list(getattr(error, "field_names", None) or [])
        values = list(getattr(error, "field_values", None) or [])
        target = getattr(error, "reference_name", "") or ""
        target_file = next((f"data/{r['path']}" for r in _RESOURCES.get("list", []) if r["name"] == target), target)
        shown = ", ".join(f"'{v}'" for v in values) or "this id"
        return (f"links to {shown}, which does not exist in {target_file}",
                names[0] if names else column, row)
    if kind in ("extra-cell",):
        return "this row has more cells than the header has columns (a stray comma?)", None, row
    if kind in ("missing-cell",):
        return "this row has fewer cells than the header has columns", column, row
    if kind in ("blank-row",):
        return "this row is empty; delete it", None, row
    if kind in ("encoding-error",):
        return "the file is not UTF-8 text; save it as 'CSV UTF-8'", None, None
    if kind in ("scheme-error", "format-error", "source-error", "resource-error"):
        return f"the file could not be read ({getattr(error, 'message', kind)})", None, None
    return getattr(error, "message", str(error)), column, row


def _check_headers(data_dir: Path, package: dict) -> list[Problem]:
    """Missing, extra or reordered columns, named by column (before Frictionless, which matches by position)."""
    import csv

    problems: list[Problem] = []
    for resource in package["resources"]:
        fname = "data/" + resource["path"]
        wanted = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
        try:
            with open(data_dir / resource["path"], encoding="utf-8", newline="") as fh:
                header = next(csv.reader(fh), [])
        except UnicodeDecodeError:
            problems.append(Problem(fname, "the file is not UTF-8 text; save it as 'CSV UTF-8'"))
            continue
        except OSError as exc:
            problems.append(Problem(fname, f"the file could not be read ({exc.strerror or exc})"))
            continue
        for name in wanted:
            if name not in header:
                problems.append(Problem(fname, "this column is missing from the header row", row=1, column=name))
        for name in header:
            if name not in wanted:
                problems.append(Problem(fname, "this column is not in the data dictionary (datapackage.json)",
                                        row=1, column=name or "(blank)"))
        if not problems and header != wanted and sorted(header) == sorted(wanted):
            problems.append(Problem(fname, "the columns are in a different order from the data dictionary; "
                                           f"use this order: {', '.join(wanted)}", row=1))
    return problems


def _validate_tables(data_dir: Path, package: dict) -> list[Problem]:
    problems = _check_headers(data_dir, package)
    if problems:
        return problems
    import frictionless  # slow import: only when content is new

    by_name = {r["name"]: r for r in package["resources"]}
    _RESOURCES["list"] = package["resources"]
    report = frictionless.validate(str(data_dir / "datapackage.json"))
    for error in getattr(report, "errors", []):  # errors about the descriptor itself
        problems.append(Problem("data/datapackage.json", getattr(error, "message", str(error))))
    for task in report.tasks:
        resource = by_name.get(task.name, {"path": task.name, "schema": {}})
        fname = "data/" + resource["path"]
        for error in task.errors:
            message, column, row = _friendly(error, resource)
            problems.append(Problem(fname, message, row=row, column=column,
                                    row_id=_row_id(data_dir, resource, row)))
    return problems


def _validate_yaml(data_dir: Path, package: dict, loaded: dict[str, Any]) -> list[Problem]:
    import jsonschema

    problems: list[Problem] = []
    for name, spec in package.get("claimlab", {}).get("yaml", {}).items():
        if loaded.get(name) is None:
            continue
        schema_path = data_dir / spec["schema"]
        try:
            schema = json.loads(schema_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(Problem("data/" + spec["schema"], f"the schema could not be read ({exc})"))
            continue
        validator = jsonschema.Draft202012Validator(schema)
        for error in sorted(validator.iter_errors(loaded[name]), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
            problems.append(Problem("data/" + spec["path"], f"at {where}: {error.message}"))
    return problems


# --------------------------------------------------------------------------- typed reading
def _read_table(data_dir: Path, resource: dict) -> pd.DataFrame:
    path = data_dir / resource["path"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = resource["schema"].get("missingValues", [""])
    for spec in resource["schema"]["fields"]:
        name, kind = spec["name"], spec["type"]
        if name not in frame.columns:
            continue
        col = frame[name]
        if kind == "integer":
            frame[name] = pd.to_numeric(col.replace("", None)).astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(col.replace("", None)).astype("Float64")
        elif kind == "boolean":
            frame[name] = col.str.lower().map({"true": True, "false": False}).astype("boolean")
        elif kind == "date":
            frame[name] = pd.to_datetime(col.replace("", None), format="%Y-%m-%d")
        elif "" in missing:
            frame[name] = col.replace("", None).astype("string")
        else:
            frame[name] = col.astype("string")
    return frame


def _split(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _figure_dates(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Turn reference as_of_date text into (date, is_exact). Month-only dates stay NaT."""
    dates, exact = [], []
    for text in raw.fillna(""):
        m = ISO_DATE_RE.search(str(text))
        if m and not str(text).startswith("before"):
            dates.append(pd.Timestamp(m.group(1)))
            exact.append(str(text).strip() == m.group(1))
        else:
            dates.append(pd.NaT)
            exact.append(False)
    return pd.Series(dates, index=raw.index, dtype="datetime64[ns]"), pd.Series(exact, index=raw.index)


# --------------------------------------------------------------------------- checks only Claim Lab knows
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}


def printed_number(text: str) -> float | None:
    """The number in an article phrase: '9,300' -> 9300, '2-and-a-half' -> 2.5, 'four' -> 4."""
    text = text.lower()
    m = re.search(r"(\d+)-and-a-half", text)
    if m:
        return int(m.group(1)) + 0.5
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if m:
        return float(m.group(0).replace(",", ""))
    for word, number in NUMBER_WORDS.items():
        if re.search(rf"\b{word}\b", text):
            return float(number)
    return None


def _semantic_checks(ds: Dataset) -> list[Problem]:
    from . import text as textmod

    problems: list[Problem] = []
    paras = ds.article.paragraphs
    figures = set(ds.figures.index)
    rubric_dims = {d["id"]: d for d in ds.rubric.get("dimensions", [])}
    kinds = set(ds.rubric.get("kinds", {}))

    # claims -------------------------------------------------------------------
    for pos, (cid, row) in enumerate(ds.claims.iterrows(), 2):
        def bad(column: str, message: str) -> None:
            problems.append(Problem("data/claims.csv", message, row=pos, column=column, row_id=cid))

        para = row["paragraph"]
        if pd.isna(para) or int(para) not in paras:
            bad("paragraph", f"paragraph {para} does not exist in data/article.md (it has 1 to {len(paras)})")
        elif row["quote"] not in paras[int(para)]:
            bad("quote", f"the quote is not word for word in paragraph {int(para)} of the article "
                         "(check quotation marks and apostrophes: the article uses curly ones)")
        has_value = not pd.isna(row["value"])
        if has_value and (pd.isna(row["unit"]) or not str(row["unit"]).strip()):
            bad("unit", f"the number {row['value']:g} has no unit; say what it counts (people, tanks, square miles...)")
        if has_value and pd.isna(row["qualifier"]):
            bad("qualifier", "the number has no qualifier (exact, about, estimated, more_than or range)")
        if not pd.isna(row["number_as_printed"]):
            shown = str(row["number_as_printed"])
            if shown not in str(row["quote"]):
                bad("number_as_printed", f"'{shown}' is not part of the quote")
            elif has_value and printed_number(shown) != float(row["value"]):
                bad("value", f"the value {row['value']:g} does not match the number printed, '{shown}'")
        if row["claim_type"] == "figure" and not has_value:
            bad("value", "a claim of type 'figure' needs a value")
        if row["claim_type"] == "date" and pd.isna(row["event_date"]):
            bad("event_date", "a claim of type 'date' needs an event_date (YYYY-MM-DD)")
        src = row["said_on_source"]
        if not pd.isna(src) and str(src) not in figures:
            bad("said_on_source", f"'{src}' is not a figure_id in data/reference/reported_figures.csv")
        if row["attribution"] == "unattributed" and row["claimant_side"] != "no_one_named":
            bad("claimant_side", "an unattributed claim must have claimant_side 'no_one_named'")

    # key ----------------------------------------------------------------------
    keyed = set(ds.key.index)
    for cid in ds.claims.index:
        if cid not in keyed:
            problems.append(Problem("data/key.csv", f"claim {cid} has no expert key row; every claim needs one",
                                    column="claim_id"))
    for pos, (cid, row) in enumerate(ds.key.iterrows(), 2):
        def bad(column: str, message: str) -> None:
            problems.append(Problem("data/key.csv", message, row=pos, column=column, row_id=cid))

        if kinds and row["kind"] not in kinds:
            bad("kind", f"'{row['kind']}' is not a kind listed in data/rubric.yaml")
        for dim_id, dim in rubric_dims.items():
            options = [o["id"] for o in dim["options"]]
            if dim_id not in ds.key.columns:
                problems.append(Problem("data/key.csv", "this rubric dimension has no column", column=dim_id))
                continue
            expected = row[dim_id]
            if pd.isna(expected) or str(expected) not in options:
                bad(dim_id, f"'{expected}' is not an option of '{dim_id}' in data/rubric.yaml ({', '.join(options)})")
            for alt in _split(row.get(f"{dim_id}_accept")):
                if alt not in options:
                    bad(f"{dim_id}_accept", f"'{alt}' is not an option of '{dim_id}' ({', '.join(options)})")
                elif alt == expected:
                    bad(f"{dim_id}_accept", f"'{alt}' is already the expected answer; list only other options")
        for ref in _split(row["reference_ids"]):
            if ref not in figures:
                bad("reference_ids", f"'{ref}' is not a figure_id in data/reference/reported_figures.csv")

    # every reference row says what it measures ----------------------------------------
    for fid in ds.figures.index[ds.figures["measure"].isna()]:
        problems.append(Problem("data/reference/measures.csv", f"reference row {fid} has no measure; add a row for it",
                                column="figure_id", row_id=fid))

    # unit map covers every reference unit ------------------------------------------
    mapped = set(ds.unit_map["raw_unit"].fillna(""))
    for pos, (fid, row) in enumerate(ds.figures.iterrows(), 2):
        unit = "" if pd.isna(row["unit"]) else str(row["unit"])
        if unit not in mapped:
            problems.append(Problem("data/reference/reported_figures.csv",
                                    f"the unit '{unit}' is not listed in data/reference/unit_map.csv",
                                    row=pos, column="unit", row_id=fid))

    # every text that learners read must render ----------------------------------------
    def check_text(fname: str, frame: pd.DataFrame, column: str, ids: list[str] | None = None) -> None:
        for pos, (idx, value) in enumerate(frame[column].items(), 2):
            if pd.isna(value):
                continue
            try:
                textmod.render(str(value), ds)
            except textmod.TemplateError as exc:
                rid = ids[pos - 2] if ids else (idx if isinstance(idx, str) else None)
                problems.append(Problem(fname, str(exc), row=pos, column=column, row_id=rid))

    check_text("data/key.csv", ds.key, "rationale")
    check_text("data/key_notes.csv", ds.key_notes, "note", list(ds.key_notes["claim_id"]))
    check_text("data/claim_links.csv", ds.links, "note", list(ds.links["claim_id"]))
    for pos, row in enumerate(ds.markers.itertuples(), 2):
        try:
            re.compile(str(row.pattern))
        except re.error as exc:
            problems.append(Problem("data/markers.csv", f"the pattern is not a valid regular expression ({exc})",
                                    row=pos, column="pattern", row_id=row.marker))
    for pos, row in enumerate(ds.key_notes.itertuples(), 2):
        if row.claim_id not in keyed:
            problems.append(Problem("data/key_notes.csv", f"claim {row.claim_id} has no key row",
                                    row=pos, column="claim_id", row_id=row.claim_id))
    # exercise keys: answers among the options, data references that compute, rules vs their examples
    from .exercises import key_problems
    problems += key_problems(ds)
    return problems


# --------------------------------------------------------------------------- main entry
_CACHE: dict[tuple[str, str], Dataset] = {}


def clear_cache() -> None:
    """Forget loaded datasets (the next load() reads the files again)."""
    _CACHE.clear()


def load(root: str | os.PathLike | None = None, *, revalidate: bool = False) -> Dataset:
    """Load and validate all of Claim Lab's data. Raises :class:`DataError` listing every problem."""
    root_path = find_root(root) if root is None else Path(root).resolve()
    data_dir = root_path / "data"
    pkg_path = data_dir / "datapackage.json"
    try:
        package = json.loads(pkg_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem("data/datapackage.json", "the file is missing")], root_path) from None
    except ValueError as exc:
        raise DataError([Problem("data/datapackage.json", f"not valid JSON ({exc})")], root_path) from None

    files = _data_files(data_dir, package)
    digest = _content_hash(files)
    cached = _CACHE.get((str(root_path), digest))
    if cached is not None and not revalidate:
        return cached
    snapshot = _cache_dir() / f"dataset-{digest[:32]}-{_code_digest()[:16]}.pickle"
    if not revalidate:
        ds = _read_snapshot(snapshot, root_path)
        if ds is not None:
            _CACHE[(str(root_path), digest)] = ds
            return ds

    problems: list[Problem] = []
    for path in files:
        if not path.is_file():
            problems.append(Problem(_rel(path), "the file is missing"))
    if problems:
        raise DataError(problems, root_path)

    extra = package.get("claimlab", {})
    article, article_problems = _parse_article(data_dir / extra.get("article", "article.md"))
    problems += article_problems

    loaded_yaml: dict[str, Any] = {}
    for name, spec in extra.get("yaml", {}).items():
        try:
            loaded_yaml[name] = yaml.safe_load((data_dir / spec["path"]).read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" near line {mark.line + 1}" if mark else ""
            problems.append(Problem("data/" + spec["path"], f"not valid YAML{where} ({getattr(exc, 'problem', exc)})"))
            loaded_yaml[name] = None
        except UnicodeDecodeError:
            problems.append(Problem("data/" + spec["path"], "the file is not UTF-8 text"))
            loaded_yaml[name] = None

    marker = _cache_dir() / f"validated-{digest}"
    if revalidate or not marker.exists():
        problems += _validate_tables(data_dir, package)
        problems += _validate_yaml(data_dir, package, loaded_yaml)
        if problems:
            raise DataError(problems, root_path)
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text("ok\n")
        except OSError:
            pass  # no cache: validate every time, still correct
    if problems:
        raise DataError(problems, root_path)

    by_name = {r["name"]: r for r in package["resources"]}
    tables = {name: _read_table(data_dir, res) for name, res in by_name.items()}

    figures = tables["reported_figures"].set_index("figure_id", drop=False)
    units = tables["unit_map"].set_index("raw_unit", drop=False)
    raw_units = figures["unit"].fillna("")
    figures["base_unit"] = raw_units.map(units["unit"]).astype("string")
    figures["qualifier"] = raw_units.map(units["qualifier"]).astype("string")
    figures["date"], figures["date_is_exact"] = _figure_dates(figures["as_of_date"])
    measures = tables["measures"].set_index("figure_id")["measure"]
    figures["measure"] = figures["figure_id"].map(measures).astype("string")
    figures["teachable"] = ~figures["caution"].fillna("").str.upper().str.startswith("UNVERIFIED")
    figures["cautioned"] = figures["caution"].fillna("").str.len() > 0

    ds = Dataset(
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
        rubric=loaded_yaml.get("rubric") or {},
        exercises=loaded_yaml.get("exercises") or {},
        package=package,
    )
    problems = _semantic_checks(ds)
    if problems:
        raise DataError(problems, root_path)
    _write_snapshot(snapshot, ds)
    _CACHE[(str(root_path), digest)] = ds
    return ds


# --------------------------------------------------------------------------- a snapshot of validated data
# Reading the CSV files and checking every placeholder takes about half a second, in every
# notebook. A dataset that passed every check is kept as a pickle in the user's cache folder,
# named by the SHA-256 of the data files and of Claim Lab's own code, so any change to either
# loads and checks everything again. The snapshot is only ever read back by the same user.
def _code_digest() -> str:
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        digest = hashlib.sha256()
        for path in sorted(Path(__file__).parent.glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
        _CODE_DIGEST = digest.hexdigest()
    return _CODE_DIGEST


_CODE_DIGEST: str | None = None


def _read_snapshot(path: Path, root: Path) -> Dataset | None:
    import pickle

    try:
        with open(path, "rb") as handle:
            ds = pickle.load(handle)
    except Exception:  # missing, partial or from another version: load from the files instead
        return None
    if not isinstance(ds, Dataset):
        return None
    ds.root = root
    return ds


def _write_snapshot(path: Path, ds: Dataset) -> None:
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".dataset-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(ds, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        pass  # no snapshot: the next load reads the files again, still correct
