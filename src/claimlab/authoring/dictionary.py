"""The data dictionary (data/datapackage.json and data/schemas/) rendered as Markdown for instructors.

    python -m claimlab dictionary > docs/data_dictionary.md

tests/test_dictionary.py checks that docs/data_dictionary.md matches what this produces.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

TYPE_WORDS = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true / false",
              "date": "date (YYYY-MM-DD)"}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _rules(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "enum" in c:
        parts.append("one of: " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "pattern" in c:
        parts.append(f"form `{c['pattern']}`")
    return "; ".join(parts) or "optional"


def _schema_lines(schema: dict, indent: int = 0) -> list[str]:
    """A short outline of a JSON Schema: property names, types and descriptions."""
    lines = []
    pad = "  " * indent
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    for name, spec in props.items():
        kind = spec.get("type", "")
        desc = spec.get("description", "")
        req = " (required)" if name in required else ""
        lines.append(f"{pad}- `{name}` {kind}{req}{': ' + desc if desc else ''}")
        if kind == "object" and "properties" in spec:
            lines += _schema_lines(spec, indent + 1)
        if kind == "array" and isinstance(spec.get("items"), dict) and "properties" in spec["items"]:
            lines += _schema_lines(spec["items"], indent + 1)
    return lines


def render(root: Path) -> str:
    data = root / "data"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    out = [f"# Data dictionary: {package.get('title', '')}", "",
           "Generated from `data/datapackage.json` and `data/schemas/` by `python -m claimlab dictionary`;",
           "do not edit by hand. Every file below is checked when Claim Lab loads its data",
           "(`python -m claimlab validate`): a problem is reported with its file, row and column.", "",
           package.get("description", ""), ""]
    for res in package["resources"]:
        out += [f"## `data/{res['path']}`: {res.get('title', res['name'])}", "", res.get("description", ""), ""]
        keys = res["schema"].get("primaryKey")
        if keys:
            out += [f"Each row is identified by: {', '.join(f'`{k}`' for k in keys)}.", ""]
        for fk in res["schema"].get("foreignKeys", []):
            target = next(r["path"] for r in package["resources"] if r["name"] == fk["reference"]["resource"])
            out += [f"`{fk['fields']}` must exist in `data/{target}`.", ""]
        out += ["| Column | Type | Rules | Meaning |", "|---|---|---|---|"]
        for field in res["schema"]["fields"]:
            out.append(f"| `{field['name']}` | {TYPE_WORDS.get(field['type'], field['type'])} | "
                       f"{_cell(_rules(field))} | {_cell(field.get('description', ''))} |")
        out.append("")
    extra = package.get("claimlab", {})
    if extra.get("article"):
        out += [f"## `data/{extra['article']}`: the article", "",
                "A header block (between `---` lines, YAML) with `title`, `provenance` and other notes, then one",
                "paragraph per line, each starting with its number in square brackets: `[1] …`. Paragraph",
                "numbers run 1, 2, 3 … with no gaps; claims refer to them.", ""]
    for name, spec in extra.get("yaml", {}).items():
        schema = json.loads((data / spec["schema"]).read_text(encoding="utf-8"))
        out += [f"## `data/{spec['path']}`: {schema.get('title', name)}", "",
                schema.get("description", ""), "", f"Checked against `data/{spec['schema']}`.", ""]
        out += _schema_lines(schema) + [""]
    out += ["## Text placeholders", "",
            "Texts that learners read (rationales, notes, exercise feedback) never type a figure; they use",
            "placeholders filled from the data. What each prints, and what it prints for an example id",
            "of this module's data (filled in from it, never typed):", "",
            "| Placeholder | Prints | Example |", "|---|---|---|"]
    out += [f"| {code} | {what} | {example} |" for code, what, example in placeholder_table(root)]
    out += ["", "`{fig:...}` already includes the unit: write \"{fig:H01} in total\", not \"{fig:H01} people\".", ""]
    return "\n".join(line.rstrip() for line in out).rstrip() + "\n"


def placeholder_table(root: Path) -> list[tuple[str, str, str]]:
    """(placeholder, what it prints, its output from the data under ``root``) for the placeholders listed in
    :mod:`claimlab.core.text`'s docstring (the one list, kept beside the code that fills them)."""
    from claimlab.core import text
    from claimlab.core.dataset import load
    try:
        ds = load(root)
    except Exception:  # noqa: BLE001 - a module with unfilled data: the table without examples
        ds = None
    rows = []
    for line in (text.__doc__ or "").splitlines():
        found = re.match(r"``(\{[^`]+\})``\s+(.+)", line.strip())
        if found:
            code, what = found.group(1), found.group(2).split(":")[0]
            try:
                example = text.render(code, ds) if ds is not None else ""
            except Exception:  # noqa: BLE001 - the example id is not in this module's data
                example = ""
            rows.append((f"`{code}`", what, example or "(no such id in this data)"))
    return rows
