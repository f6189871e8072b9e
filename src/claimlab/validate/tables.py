"""Validate the tables against ``data/datapackage.json`` (Frictionless) and the YAML files against
``data/schemas/`` (jsonschema). Author and CI time only: a learner's kernel never imports this.

Before Frictionless sees a file, :func:`check_headers` names missing, extra or reordered columns
(accepting Excel's byte-order mark) and says in one line when a file is separated by semicolons;
:mod:`claimlab.validate.safety` keeps every path inside ``data/`` and every link to http(s).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimlab.core.problems import Problem

_RESOURCES: dict[str, list] = {}
def _row_id(data_dir: Path, resource: dict, row: int | None) -> str | None:
    """The id in the first column of a given spreadsheet row, for friendlier messages."""
    if row is None or row < 2:
        return None
    try:
        import csv
        with open(data_dir / resource["path"], encoding="utf-8-sig", newline="") as fh:
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


def check_headers(data_dir: Path, package: dict) -> list[Problem]:
    """Missing, extra or reordered columns, named by column (before Frictionless, which matches by position)."""
    import csv

    problems: list[Problem] = []
    for resource in package["resources"]:
        fname = "data/" + resource["path"]
        wanted = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
        try:
            with open(data_dir / resource["path"], encoding="utf-8-sig", newline="") as fh:
                first_line = fh.readline()
        except UnicodeDecodeError:
            problems.append(Problem(fname, "the file is not UTF-8 text; save it as 'CSV UTF-8'"))
            continue
        except OSError as exc:
            problems.append(Problem(fname, f"the file could not be read ({exc.strerror or exc})"))
            continue
        header = next(csv.reader([first_line]), [])
        if len(header) <= 1 and first_line.count(";") >= 1 and len(wanted) > 1:
            problems.append(Problem(fname, "the columns are separated by semicolons (;), not commas. Save it "
                                           "again as 'CSV UTF-8 (comma delimited)' (in some languages Excel "
                                           "uses semicolons for plain 'CSV')", row=1))
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


def check_tables(data_dir: Path, package: dict) -> list[Problem]:
    from claimlab.validate.safety import check_safety

    problems = check_safety(data_dir, package)
    if problems:
        return problems
    problems = check_headers(data_dir, package)
    if problems:
        return problems
    import frictionless  # slow import: only when content is new

    by_name = {r["name"]: r for r in package["resources"]}
    _RESOURCES["list"] = package["resources"]
    # read the descriptor here (utf-8-sig: Frictionless rejects a byte-order mark in datapackage.json)
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8-sig"))
    report = frictionless.Package(descriptor, basepath=str(data_dir)).validate()
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


def check_yaml(data_dir: Path, package: dict, loaded: dict[str, Any]) -> list[Problem]:
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
        errors = list(validator.iter_errors(loaded[name]))
        errors += errors_by_type(schema, spec.get("by_type"), loaded[name])
        for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
            where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
            problems.append(Problem("data/" + spec["path"], f"at {where}: {error.message}"))
    return problems


def errors_by_type(schema: dict[str, Any], by_type: dict[str, str] | None, loaded: Any) -> list[Any]:
    """Each entry (e.g. each question) checked against the schema of its own type.

    ``by_type`` (from datapackage.json) names the mapping of entries (``questions``), the key that gives
    an entry's type (``type``) and the ``$defs`` holding one schema per type (``types``): adding a type
    is one entry there, and no code changes.
    """
    import jsonschema

    if not by_type or not isinstance(loaded, dict) or not isinstance(loaded.get(by_type["entries"]), dict):
        return []
    kinds = schema.get("$defs", {}).get(by_type["defs"], {})
    errors = []
    for entry_id, entry in loaded[by_type["entries"]].items():
        if not isinstance(entry, dict):
            continue
        kind = entry.get(by_type["key"])
        path = [by_type["entries"], entry_id]
        if kind not in kinds:
            errors.append(jsonschema.ValidationError(
                f"{by_type['key']} {kind!r} is not one of {', '.join(sorted(kinds))}", path=[*path, by_type["key"]]))
            continue
        typed = {"$defs": schema.get("$defs", {}), **kinds[kind]}  # $refs resolve against the file's $defs
        for error in jsonschema.Draft202012Validator(typed).iter_errors(entry):
            error.path.extendleft(reversed(path))
            errors.append(error)
    return errors


# --------------------------------------------------------------------------- typed reading
