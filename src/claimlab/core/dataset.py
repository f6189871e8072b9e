"""Read everything in ``data/`` into one :class:`Dataset` (tables as typed pandas DataFrames, the
article, the rubric, the exercise keys).

A learner's kernel needs only pandas and PyYAML here. Full validation (Frictionless, jsonschema and
Claim Lab's own cross-file checks, in :mod:`claimlab.validate`) runs at author and CI time, and
``python -m claimlab validate`` then records the content's SHA-256 in ``data/manifest.json``. On every
load the data's hash is compared with that manifest:

* it matches: the data was validated as it is; it is read without checking again (fast), and what
  was read is kept in the user's cache folder so the next kernel need not read it at all (see
  :func:`_kept_dataset`: a pickle, read only when this user alone can write it);
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

import csv
import gc
import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import yaml

from claimlab.core.problems import DataError, Problem

OTHER_SIDES = ("neither", "no_one_named")  # claimant_side values that are not a side of the conflict
PARAGRAPH_RE = re.compile(r"^\[(\d+)\] (.*)$")
ISO_DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")


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
        raw = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
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
            loader = _StrictLoader("\n" + raw[4:end])
            try:
                meta = loader.get_single_data() or {}
            finally:
                loader.dispose()
            if loader.duplicates:
                raise loader.duplicates[0]
        except yaml.YAMLError as exc:  # (the leading newline keeps line numbers those of the file)
            problem = yaml_problem(name, exc)
            return None, [Problem(name, problem.message.replace("this is not valid YAML",
                                                                "the header block is not valid YAML"))]
        if not isinstance(meta, dict):
            return None, [Problem(name, "the header block must hold 'name: value' lines")]
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

    def sides(self) -> list[str]:
        """The article's sides, in the order data/datapackage.json lists them (claims.claimant_side)."""
        for resource in self.package.get("resources", []):
            if resource.get("name") == "claims":
                for spec in resource["schema"]["fields"]:
                    if spec["name"] == "claimant_side":
                        return [s for s in spec.get("constraints", {}).get("enum", []) if s not in OTHER_SIDES]
        return [s for s in dict.fromkeys(self.claims["claimant_side"]) if s not in OTHER_SIDES]


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


def _package_paths(package: dict) -> list[tuple[str, Any]]:
    """(where in datapackage.json, the path given) for every file it names."""
    found: list[tuple[str, Any]] = []
    resources = package.get("resources", [])
    for number, resource in enumerate(resources if isinstance(resources, list) else [], 1):
        name = resource.get("name", number) if isinstance(resource, dict) else number
        found.append((f"resource '{name}'", resource.get("path") if isinstance(resource, dict) else None))
    extra = package.get("claimlab", {}) if isinstance(package.get("claimlab"), dict) else {}
    if extra.get("article"):
        found.append(("claimlab/article", extra["article"]))
    yaml_specs = extra.get("yaml", {}) if isinstance(extra.get("yaml"), dict) else {}
    for name, spec in yaml_specs.items():
        spec = spec if isinstance(spec, dict) else {}
        found += [(f"claimlab/yaml/{name}/path", spec.get("path")), (f"claimlab/yaml/{name}/schema", spec.get("schema"))]
    return found


def unsafe_paths(data_dir: Path, package: dict) -> list[Problem]:
    """Files named in datapackage.json that are not plain relative paths inside ``data/``.

    Checked before any of them is opened, so an edited datapackage.json cannot make Claim Lab read
    ``/etc/passwd``, a file above ``data/`` (``../``), a web address or a symlink pointing outside.
    """
    problems: list[Problem] = []
    try:
        base = Path(os.path.realpath(data_dir))
    except (OSError, ValueError):
        base = data_dir
    for where, raw in _package_paths(package):
        if not isinstance(raw, str) or not raw.strip():
            problems.append(Problem("data/datapackage.json", f"{where}: the file name is missing or not text"))
            continue
        reason = None
        if "://" in raw or raw.lower().startswith(("data:", "file:")):
            reason = "is a web address; Claim Lab only reads files inside data/"
        elif raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw) or "\\" in raw:
            reason = "is not a path inside data/ (write it like reference/figures.csv, with forward slashes)"
        elif ".." in Path(raw).parts:
            reason = "leaves the data/ folder (it contains '..')"
        else:
            try:
                real = Path(os.path.realpath(base / raw))
                inside = real == base or base in real.parents
            except (OSError, ValueError):
                inside = False
            if not inside:
                reason = "points outside the data/ folder (through a symbolic link)"
        if reason:
            problems.append(Problem("data/datapackage.json", f"{where}: the path '{raw[:100]}' {reason}"))
    return problems


def _data_files(data_dir: Path, package: dict) -> list[Path]:
    files = [data_dir / "datapackage.json"]
    files += [data_dir / r["path"] for r in package.get("resources", [])]
    extra = package.get("claimlab", {})
    if extra.get("article"):
        files.append(data_dir / extra["article"])
    for spec in extra.get("yaml", {}).values():
        files += [data_dir / spec["path"], data_dir / spec["schema"]]
    return files


def _read_table(data_dir: Path, resource: dict) -> pd.DataFrame:
    """One CSV file as a frame typed by its schema, empty cells as <NA> where the schema says so.

    Read with the csv module and typed column by column (each column built once, in its type):
    for files of a few hundred rows this is two to three times faster than ``pd.read_csv``
    followed by a ``replace``/``astype`` pass, which was most of ``load()``'s time in a fresh
    kernel. A test checks both give the same frames for every file. Blank lines are skipped and
    short rows padded, as ``read_csv`` does; the validator reports both before data is trusted.
    """
    path = data_dir / resource["path"]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.reader(handle) if row]
    if not rows:
        return pd.DataFrame()
    header, width = rows[0], len(rows[0])
    body = [(row + [""] * (width - len(row)))[:width] for row in rows[1:]]
    columns = [list(values) for values in zip(*body)] if body else [[] for _ in header]
    kinds = {spec["name"]: spec["type"] for spec in resource["schema"]["fields"]}
    empty_is_missing = "" in resource["schema"].get("missingValues", [""])
    data: dict[str, pd.Series] = {}
    for name, values in zip(header, columns, strict=True):
        kind = kinds.get(name)
        blanks_out = [None if v == "" else v for v in values]
        if kind is None:  # a column the schema does not describe stays plain text
            data[name] = pd.Series(values, dtype=str)
        elif kind == "integer":
            data[name] = pd.to_numeric(pd.Series(blanks_out, dtype=object)).astype("Int64")
        elif kind == "number":
            data[name] = pd.to_numeric(pd.Series(blanks_out, dtype=object)).astype("Float64")
        elif kind == "boolean":
            data[name] = pd.Series([_BOOLEANS.get(v.lower()) for v in values], dtype="boolean")
        elif kind == "date":
            data[name] = pd.to_datetime(pd.Series(blanks_out, dtype=object), format="%Y-%m-%d")
        else:
            data[name] = pd.Series(pd.array(blanks_out if empty_is_missing else values, dtype="string"))
    return pd.DataFrame(data, copy=False)  # the dict keeps the header order


_BOOLEANS = {"true": True, "false": False}


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


MANIFEST = "manifest.json"
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


def cache_dir() -> Path:
    """Claim Lab's cache folder for this user (created with permissions for this user only)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "claimlab"


def data_digest(data_dir: Path, package: dict) -> tuple[str, dict[str, str]]:
    """The SHA-256 of all data files together, and of each file (by its path under data/).

    Every ``cl.*`` call asks for it (to see whether the data changed); a file is read and hashed
    again only when its size, modification time or inode changed since the last call.

    A ``.json`` file is hashed by its content, not its bytes: parsed, then written canonically (keys
    sorted, no spaces, whole-number floats as integers). JupyterLite's in-browser drive hands JSON files
    to the kernel re-serialised (other spacing, ``1.0`` as ``1``); their content, and so this hash, is
    the same. A file that is not valid JSON is hashed by its bytes (validation then says why).
    """
    files = _data_files(data_dir, package)
    try:
        stamp = tuple((str(p), s.st_size, s.st_mtime_ns, s.st_ino) for p in files for s in [p.stat()])
    except OSError:
        stamp = None
    if stamp is not None and stamp in _DIGESTS:
        total, each = _DIGESTS[stamp]
        return total, dict(each)
    each: dict[str, str] = {}
    for path in files:
        try:
            raw = path.read_bytes()
            if path.suffix.lower() == ".json":
                try:
                    content = json.loads(raw.decode("utf-8-sig"), parse_float=lambda text: (
                        int(number) if (number := float(text)).is_integer() else number))
                    raw = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
                except (ValueError, OverflowError):
                    pass  # not JSON: its bytes are hashed, and validation reports the problem
            each[path.relative_to(data_dir).as_posix()] = hashlib.sha256(raw).hexdigest()
        except OSError:
            each[path.relative_to(data_dir).as_posix()] = "missing"
    total = hashlib.sha256("".join(f"{k}={v}\n" for k, v in sorted(each.items())).encode()).hexdigest()
    if stamp is not None:
        if len(_DIGESTS) > 32:
            _DIGESTS.clear()
        _DIGESTS[stamp] = (total, dict(each))
    return total, each


_DIGESTS: dict[tuple, tuple[str, dict[str, str]]] = {}  # file stats -> digests (see data_digest)


def read_manifest(data_dir: Path) -> dict[str, Any]:
    try:
        value = json.loads((data_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def manifest_for(data_dir: Path, package: dict, version: str) -> dict[str, Any]:
    total, each = data_digest(data_dir, package)
    return {"format": "claimlab-manifest", "version": 1, "validated_by": f"claimlab {version}",
            "sha256": total, "files": each}


def _validated_record() -> Path:
    return cache_dir() / "validated.json"


def _validated_here(digest: str) -> bool:
    try:
        seen = json.loads(_validated_record().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(seen, list) and digest in seen


def _remember_validated(digest: str) -> None:
    """Remember (JSON, in a folder only this user can write) that this content passed every check."""
    path = _validated_record()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        seen = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        if not isinstance(seen, list):
            seen = []
        seen = [d for d in seen if isinstance(d, str) and d != digest][-49:] + [digest]
        fd, tmp = tempfile.mkstemp(prefix=".validated-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(seen, handle)
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass  # nothing remembered: the next load validates again, still correct


def _changed_files(data_dir: Path, package: dict, manifest: dict[str, Any]) -> list[str]:
    _, each = data_digest(data_dir, package)
    recorded = manifest.get("files") if isinstance(manifest.get("files"), dict) else {}
    return sorted(name for name in set(each) | set(recorded) if each.get(name) != recorded.get(name))


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, first: int, second: int):
        super().__init__(f"duplicate key {key!r}")
        self.key, self.first, self.second = key, first, second


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a key written twice in one mapping is a problem (PyYAML keeps
    the last one silently, so a second question with the same id would replace the first). Duplicates
    are collected in ``duplicates`` rather than raised, so the rest of the file is still checked.
    Used whenever the data is being validated: its messages are the ones Claim Lab explains."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicates: list[_DuplicateKey] = []


def _no_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _value in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:  # an unhashable key: PyYAML's own error says so
            continue
        if first is not None:
            duplicates = getattr(loader, "duplicates", None)
            if duplicates is None:
                raise _DuplicateKey(key, first, key_node.start_mark.line + 1)
            duplicates.append(_DuplicateKey(key, first, key_node.start_mark.line + 1))
            continue
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


class _FastLoader(getattr(yaml, "CSafeLoader", _StrictLoader)):
    """libyaml's C parser (about ten times faster) for data the manifest says was already validated with
    :class:`_StrictLoader`; both read a valid file the same way."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicates: list[_DuplicateKey] = []

# (words in PyYAML's message, the likely cause in plain words)
_YAML_HINTS = (
    ("mapping values are not allowed", "there is probably a colon followed by a space inside a text. Put the "
     "whole text in double quotes, like  prompt: \"Kursk: what changed?\""),
    ("found character '\\t'", "there is a tab character. Indent with spaces only, never with tabs"),
    ("that cannot start any token", "a text starts with a character YAML reserves (such as ` @ % or |). Put the "
     "whole text in double quotes"),
    ("found undefined alias", "a text starts with * (or &). Put the whole text in double quotes"),
    ("while scanning a quoted scalar", "a quote mark is opened but never closed"),
    ("could not find expected ':'", "a line is neither 'name: value' nor a list item '- ...'. Perhaps a colon "
     "is missing, or a text runs on over a new line without quotes"),
    ("expected <block end>", "this line is not indented like the lines around it. Check the spaces at the "
     "start of the line"),
    ("did not find expected key", "this line is not indented like the lines around it, or a list item '- ' "
     "stands where 'name: value' was expected"),
    ("did not find expected '-' indicator", "a list item ('- ...') is indented differently from the items "
     "above it"),
    ("expected ',' or ']'", "a list written in [square brackets] is not closed, or a text inside it needs quotes"),
    ("expected ',' or '}'", "a table written in {curly brackets} is not closed, or a text inside it needs quotes"),
)


def _open_quote(text: str, before: int) -> int | None:
    """The last line (1, 2 ...) before line ``before`` with a double quote that is never closed on it."""
    found = None
    for number, line in enumerate(text.splitlines()[:before], 1):
        body = line.split(" #")[0] if not line.lstrip().startswith("#") else ""
        if body.replace('\\"', "").count('"') % 2:
            found = number
    return found


def yaml_problem(name: str, exc: yaml.YAMLError, text: str = "") -> Problem:
    """One YAML error as a plain sentence: the line, the likely cause, then PyYAML's own words."""
    if isinstance(exc, _DuplicateKey):
        return Problem(name, f"line {exc.second}: the key '{exc.key}' is written twice (first on line {exc.first}); "
                             "the second would silently replace the first. Rename or remove one of them.")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    jargon = " ".join(str(part) for part in (getattr(exc, "context", None), getattr(exc, "problem", None))
                      if part) or str(exc).splitlines()[0]
    hint = next((words for key, words in _YAML_HINTS if key in jargon), "check the line and the one above it")
    quote = _open_quote(text, mark.line + 1) if mark is not None and text else None
    if quote is not None and "scalar" in jargon:  # a quote runs on over later lines until YAML gives up
        hint = f"the quote mark (\") opened on line {quote} is probably never closed"
    where = f"line {mark.line + 1}: " if mark is not None else ""
    return Problem(name, f"{where}this is not valid YAML: {hint}. (The YAML reader says: {jargon}.)")


def _read_yaml(data_dir: Path, package: dict, fast: bool = False) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    loaded: dict[str, Any] = {}
    for name, spec in package.get("claimlab", {}).get("yaml", {}).items():
        file = "data/" + spec["path"]
        loaded[name] = None
        text = ""
        try:
            text = (data_dir / spec["path"]).read_text(encoding="utf-8-sig")
            loader = (_FastLoader if fast else _StrictLoader)(text)
            try:
                value = loader.get_single_data()
            finally:
                loader.dispose()
            problems += [yaml_problem(file, duplicate, text) for duplicate in loader.duplicates]
        except yaml.YAMLError as exc:
            problems.append(yaml_problem(file, exc, text))
            continue
        except UnicodeDecodeError:
            problems.append(Problem(file, "the file is not UTF-8 text; save it as UTF-8"))
            continue
        except RecursionError:
            problems.append(Problem(file, "the file is nested too deeply to be read"))
            continue
        if value is None:
            problems.append(Problem(file, "the file is empty (or holds only comments); Claim Lab needs its "
                                          "contents. Restore it from the original copy."))
            continue
        if not isinstance(value, dict):
            problems.append(Problem(file, "the file must start with 'name: value' lines, not a list or a "
                                          "single text"))
            continue
        loaded[name] = value
    return loaded, problems


def load(root: str | os.PathLike | None = None, *, revalidate: bool = False) -> Dataset:
    """Load Claim Lab's data (validated; see this module's docstring). Raises :class:`DataError`."""
    _set_aside_long_lived()
    root_path = find_root(root) if root is None else Path(root).resolve()
    data_dir = root_path / "data"
    package = _safe_package(root_path, data_dir)
    digest, _ = data_digest(data_dir, package)
    cached = _CACHE.get((str(root_path), digest))
    if cached is not None and not revalidate:
        return cached

    problems = [Problem(_rel(path), "the file is missing") for path in _data_files(data_dir, package)
                if not path.is_file()]
    if problems:
        raise DataError(problems, root_path)
    return _load_files(root_path, data_dir, package, digest, revalidate)


def _safe_package(root_path: Path, data_dir: Path) -> dict:
    """data/datapackage.json, parsed and checked by :func:`unsafe_paths` before any file it names is opened.

    Every ``cl.*`` call loads the data; the file is parsed and its paths checked again only when
    it, data/ or a file it names changed (size, time, inode, or what kind of file it is: a
    file replaced by a symbolic link is seen), which keeps a cached ``load()`` at a few stats.
    """
    pkg_path = data_dir / "datapackage.json"
    try:
        stamp = _lstamp(data_dir) + _lstamp(pkg_path)
    except OSError:
        stamp = None
    known = _PACKAGES.get(str(data_dir))
    if stamp is not None and known is not None and known[0] == stamp:
        try:
            if _named_stamp(data_dir, known[1]) == known[2]:
                return known[1]
        except OSError:
            pass
    try:
        package = json.loads(pkg_path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise DataError([Problem("data/datapackage.json", "the file is missing")], root_path) from None
    except ValueError as exc:
        raise DataError([Problem("data/datapackage.json", f"not valid JSON ({exc})")], root_path) from None
    if not isinstance(package, dict):
        raise DataError([Problem("data/datapackage.json", "the file must hold a JSON object { ... }")], root_path)
    unsafe = unsafe_paths(data_dir, package)
    if unsafe:  # before any file is opened
        raise DataError(unsafe, root_path)
    if stamp is not None:
        try:
            _PACKAGES[str(data_dir)] = (stamp, package, _named_stamp(data_dir, package))
        except OSError:
            _PACKAGES.pop(str(data_dir), None)
    return package


def _lstamp(path: Path) -> tuple:
    s = os.lstat(path)
    return (s.st_mode, s.st_size, s.st_mtime_ns, s.st_ino)


def _named_stamp(data_dir: Path, package: dict) -> tuple:
    """The lstat of every file datapackage.json names (missing files count as None)."""
    stamps = []
    for _where, raw in _package_paths(package):
        try:
            stamps.append(_lstamp(data_dir / raw) if isinstance(raw, str) else None)
        except FileNotFoundError:
            stamps.append(None)
    return tuple(stamps)


_PACKAGES: dict[str, tuple[tuple, dict, tuple]] = {}  # data/ -> (stamp, package, named files' stamp)


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
    article, article_problems = _parse_article(data_dir / extra.get("article", "article.md"))
    problems += article_problems
    manifest = read_manifest(data_dir)
    trusted = not revalidate and (manifest.get("sha256") == digest or _validated_here(digest))
    if trusted and not article_problems:
        kept = _kept_dataset(root_path, digest)
        if kept is not None:
            _CACHE[(str(root_path), digest)] = kept
            return kept
    loaded_yaml, yaml_problems = _read_yaml(data_dir, package, fast=trusted)
    problems += yaml_problems

    validator = None if trusted else _VALIDATOR
    if not trusted:
        missing = "Claim Lab's validation tools are not installed" if validator is None else validator.available()
        if missing:
            changed = ", ".join("data/" + name for name in _changed_files(data_dir, package, manifest)[:6])
            raise DataError(problems + [Problem(
                "data/" + MANIFEST,
                f"the data changed since it was last validated ({changed or 'no manifest yet'}), and {missing}, so "
                "it cannot be checked here. Run `python -m claimlab validate` where the author tools are installed "
                "(`python3 run.py validate`, or pip install \"claimlab[author]\"); it checks every file and updates "
                f"data/{MANIFEST}.")], root_path)
        problems += validator.files(data_dir, package, loaded_yaml)
    if problems:
        raise DataError(problems, root_path)

    ds = _build(root_path, package, article, loaded_yaml)
    if validator is not None:
        problems = validator.dataset(ds)
        if problems:
            raise DataError(problems, root_path)
        _remember_validated(digest)
    else:
        _keep_dataset(root_path, digest, ds)
    _CACHE[(str(root_path), digest)] = ds
    return ds


# --------------------------------------------------------------------------- read once per data version
NO_DATA_CACHE_ENV = "CLAIMLAB_NO_DATA_CACHE"  # set to 1 to read data/ afresh in every kernel
DATA_CACHE_VERSION = 1


def _kept_path(root_path: Path, digest: str) -> Path:
    """Where the data read from ``digest`` is kept: ~/.cache/claimlab/data/<key>.pickle.

    The key covers the data (its digest), where it lives, the code that reads it (every module
    of claimlab/core) and the Python and pandas versions, so any change makes a new key.
    """
    import pandas

    code = hashlib.sha256(f"{DATA_CACHE_VERSION} {pandas.__version__} {sys.version}".encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        code.update(path.name.encode() + path.read_bytes())
    key = hashlib.sha256(f"{root_path}\n{digest}\n{code.hexdigest()}".encode()).hexdigest()
    return cache_dir() / "data" / f"{key[:32]}.pickle"


def _kept_dataset(root_path: Path, digest: str) -> Dataset | None:
    """The dataset kept by an earlier kernel for exactly this data and code, or None.

    Reading data/ and building its tables costs about 0.1 s in every fresh kernel (a class of 30
    pays it in every notebook); unpickling the result costs a few milliseconds. The file is
    only read when it belongs to this user and nobody else can write it or its folder (a
    pickle runs code when read, so no one else may be able to plant one); anything odd means
    the data is read from data/ as usual. Only validated data (the trusted path) is kept.
    """
    if os.environ.get(NO_DATA_CACHE_ENV):
        return None
    try:
        import pickle

        path = _kept_path(root_path, digest)
        for item in (path.parent, path):
            info = os.lstat(item)
            if (hasattr(os, "getuid") and info.st_uid != os.getuid()) or info.st_mode & 0o022:
                return None
        with open(path, "rb") as handle:
            ds = pickle.load(handle)
        return ds if isinstance(ds, Dataset) and ds.root == root_path else None
    except Exception:  # missing, unreadable, from another version: read data/ instead
        return None


def _keep_dataset(root_path: Path, digest: str, ds: Dataset) -> None:
    """Keep ``ds`` for the next kernel (see :func:`_kept_dataset`); a cache that cannot be written is skipped."""
    if os.environ.get(NO_DATA_CACHE_ENV):
        return
    try:
        import pickle

        path = _kept_path(root_path, digest)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".kept-", suffix=".tmp")  # made 0600
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(ds, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except Exception:
        return


def _build(root_path: Path, package: dict, article: Article, loaded_yaml: dict[str, Any]) -> Dataset:
    data_dir = root_path / "data"
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
        rubric=loaded_yaml.get("rubric") or {},
        exercises=loaded_yaml.get("exercises") or {},
        package=package,
    )
