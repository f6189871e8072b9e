"""Nothing an instructor hands in can make Claim Lab read outside ``data/`` or show a live script link.

* every file named in ``data/datapackage.json`` must be a relative path inside ``data/`` (the check
  itself lives in :func:`claimlab.core.dataset.unsafe_paths`, because loading must refuse such a
  package before it opens any file; it is repeated here so ``validate`` reports it with the rest);
* every cell of every URL column must be an ``http://`` or ``https://`` address. URL columns are
  found from ``datapackage.json``, not from a list here: a field whose ``format`` is ``uri``, whose
  name ends in ``url``, ``uri``, ``href`` or ``link`` (``source_url``, ``page_link`` ...), or whose
  pattern asks for ``http``. ``javascript:``, ``data:``, ``file:`` and the like are refused, with
  file, row and column.

Hand-written rather than left to Frictionless: its ``uri`` format accepts any scheme, including
``javascript:``.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from claimlab.core.dataset import unsafe_paths
from claimlab.core.problems import Problem

URL_NAME_RE = re.compile(r"(^|_)(url|uri|href|link)s?$", re.IGNORECASE)
WEB_ADDRESS_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s]*$|^https?://[^\s/?#]+(/[^\s]*)?$", re.IGNORECASE)
MAX_SHOWN = 60

__all__ = ["check_safety", "check_paths", "check_urls", "url_columns", "is_web_address"]


def is_web_address(value: str) -> bool:
    """True for an http(s) address with a host and no spaces or control characters."""
    text = value.strip()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return False
    return bool(WEB_ADDRESS_RE.match(text))


def url_columns(resource: dict[str, Any]) -> list[str]:
    """The names of the columns of one resource that hold web addresses, from its schema."""
    names = []
    fields = resource.get("schema", {}).get("fields", []) if isinstance(resource.get("schema"), dict) else []
    for spec in fields:
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            continue
        pattern = str((spec.get("constraints") or {}).get("pattern", ""))
        if spec.get("format") == "uri" or URL_NAME_RE.search(spec["name"]) or pattern.startswith(("http", "^http")):
            names.append(spec["name"])
    return names


def check_paths(data_dir: Path, package: dict) -> list[Problem]:
    """Files named in datapackage.json that are not inside data/ (see :func:`claimlab.core.dataset.unsafe_paths`)."""
    return unsafe_paths(data_dir, package)


def check_urls(data_dir: Path, package: dict) -> list[Problem]:
    """Every cell of every URL column that is not an http(s) address, with file, row and column."""
    problems: list[Problem] = []
    for resource in package.get("resources", []):
        columns = url_columns(resource)
        if not columns:
            continue
        fname = "data/" + str(resource.get("path"))
        try:
            with open(data_dir / resource["path"], encoding="utf-8-sig", newline="") as fh:
                rows = csv.reader(fh)
                header = next(rows, [])
                where = {name: header.index(name) for name in columns if name in header}
                for number, values in enumerate(rows, 2):
                    for name, index in where.items():
                        value = values[index] if index < len(values) else ""
                        if value.strip() and not is_web_address(value):
                            shown = value.strip()[:MAX_SHOWN] + ("…" if len(value.strip()) > MAX_SHOWN else "")
                            problems.append(Problem(
                                fname, f"'{shown}' is not a web address: links must start with http:// or "
                                       "https:// (other kinds, such as javascript:, are never allowed)",
                                row=number, column=name, row_id=(values[0] or None) if values else None))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue  # the header and Frictionless checks report unreadable files
    return problems


def check_safety(data_dir: Path, package: dict) -> list[Problem]:
    """Paths first (nothing else is opened if one leaves data/), then URL columns."""
    problems = check_paths(data_dir, package)
    return problems or check_urls(data_dir, package)
