"""Lesson plans whose minutes add up: each row is a notebook's sections, timed by :mod:`.lessontime`.

The plans are data (``templates/plans.yaml``): which notebook, which of its sections (by id), and notes.
This module renders them as the Markdown tables of docs/instructors.md (between ``<!-- plan: ID -->`` and
``<!-- /plan -->``), checks that the guide, README.md and notebook 00's table of notebooks state the
minutes the count gives (:func:`doc_problems`), and rewrites them (:func:`write_docs`).
"""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import yaml

PLAN_RE = re.compile(r"<!-- plan: (\w+) -->\n(.*?)<!-- /plan -->", re.DOTALL)
README_ROW_RE = re.compile(r"^\| \[`(\w+)`\]\([^)]*\) \|.*\| (\d+) min \|$", re.MULTILINE)
README_TOTAL_RE = re.compile(r"about (\d+) minutes for all (\w+) notebooks")
NEXT_ROW_RE = re.compile(r"^\| `(\w+)` \|.*\| about (\d+) minutes \|$", re.MULTILINE)
GUIDE = Path("docs") / "instructors.md"


class NotebookTime(Protocol):
    """What :mod:`claimlab.authoring.lessontime` counts for one notebook (only this is used here)."""

    sections: list[Any]
    minutes: int

    def minutes_of(self, ids: list[str] | None) -> int: ...


def plans() -> list[dict[str, Any]]:
    text = resources.files("claimlab.authoring").joinpath("templates", "plans.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["plans"]


def row_minutes(row: dict[str, Any], times: dict[str, NotebookTime]) -> int:
    """A row's whole minutes: its fixed ``minutes``, or the sum of its sections' counted time."""
    if "minutes" in row:
        return int(row["minutes"])
    return times[row["notebook"]].minutes_of(row.get("sections"))


def _what(row: dict[str, Any], times: dict[str, NotebookTime]) -> str:
    if "notebook" not in row:
        return str(row["what"])
    name = f"`{row['notebook']}`"
    if row.get("sections") is None:
        return f"{name}, all of it"
    titles = {s.id: s.title for s in times[row["notebook"]].sections}
    parts = [("its opening" if sid == "start" else f"*{titles[sid]}*") for sid in row["sections"]]
    return f"{name}: " + ", ".join(parts)


def render(plan: dict[str, Any], times: dict[str, NotebookTime]) -> str:
    """The plan as a Markdown table: cumulative minutes, what, notes; and its total."""
    lines = ["| Minutes | What | Notes |", "|---|---|---|"]
    start = 0
    for row in plan["rows"]:
        minutes = row_minutes(row, times)
        lines.append(f"| {start}–{start + minutes} | {_what(row, times)} | {row.get('notes', '')} |")
        start += minutes
    lines.append("")
    lines.append(f"Total: {start} minutes, each row timed from its words and choices "
                 f"(`python -m claimlab.authoring.lessontime --plans`).")
    return "\n".join(lines) + "\n"


def total(plan: dict[str, Any], times: dict[str, NotebookTime]) -> int:
    return sum(row_minutes(row, times) for row in plan["rows"])


def render_all(times: dict[str, NotebookTime]) -> str:
    return "\n".join(f"## {p['title']}\n\n{render(p, times)}" for p in plans())


def series_total(times: dict[str, NotebookTime]) -> int:
    return sum(t.minutes for t in times.values())


# --------------------------------------------------------------------------- the docs agree
def doc_problems(root: str | Path, times: dict[str, NotebookTime]) -> list[str]:
    root = Path(root)
    problems: list[str] = []
    guide = root / GUIDE
    if guide.is_file():
        text = guide.read_text(encoding="utf-8")
        found = dict(PLAN_RE.findall(text))
        for plan in plans():
            if plan["id"] not in found:
                continue
            try:
                wanted = render(plan, times)
            except KeyError as exc:
                problems.append(f"{GUIDE}: the plan '{plan['id']}' names a section the notebooks do not have: {exc}")
                continue
            if found[plan["id"]] != wanted:
                problems.append(f"{GUIDE}: the plan '{plan['id']}' is not what the count gives; run "
                                "python -m claimlab.authoring.lessontime --write")
            if plan.get("limit") and total(plan, times) > int(plan["limit"]):
                problems.append(f"{GUIDE}: the plan '{plan['id']}' takes {total(plan, times)} minutes, more "
                                f"than its {plan['limit']}")
        for minutes, _ in README_TOTAL_RE.findall(text):
            if int(minutes) != series_total(times):
                problems.append(f"{GUIDE} says about {minutes} minutes for all the notebooks; the count gives "
                                f"{series_total(times)}")
    readme = root / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        rows = dict(README_ROW_RE.findall(text))
        for name, counted in times.items():
            if rows and name not in rows:
                problems.append(f"README.md: the table of notebooks has no row for {name} ending '| N min |'")
            elif name in rows and int(rows[name]) != counted.minutes:
                problems.append(f"README.md: the table gives {name} {rows[name]} min; the count gives {counted.minutes}")
        for minutes, _ in README_TOTAL_RE.findall(text):
            if int(minutes) != series_total(times):
                problems.append(f"README.md says about {minutes} minutes for all the notebooks; the count gives "
                                f"{series_total(times)}")
    start = root / "notebooks" / "00_start_here.ipynb"
    if start.is_file():
        text = "\n".join("".join(c.get("source", [])) for c in json.loads(start.read_text(encoding="utf-8"))["cells"]
                         if c.get("cell_type") == "markdown")
        rows = dict(NEXT_ROW_RE.findall(text))
        for name, counted in times.items():
            if name != "00_start_here" and rows and int(rows.get(name, -1)) != counted.minutes:
                problems.append(f"notebooks/00_start_here.ipynb: its table gives {name} "
                                f"{rows.get(name, 'no time')} minutes; the count gives {counted.minutes}")
    return problems


def write_docs(root: str | Path, times: dict[str, NotebookTime]) -> list[str]:
    """Rewrite the plan tables of the guide and the minutes in README.md's table; returns what changed."""
    root = Path(root)
    changed = []
    guide = root / GUIDE
    if guide.is_file():
        text = guide.read_text(encoding="utf-8")
        by_id = {p["id"]: p for p in plans()}
        new = PLAN_RE.sub(lambda m: f"<!-- plan: {m.group(1)} -->\n{render(by_id[m.group(1)], times)}<!-- /plan -->"
                          if m.group(1) in by_id else m.group(0), text)
        new = README_TOTAL_RE.sub(lambda m: f"about {series_total(times)} minutes for all {m.group(2)} notebooks", new)
        if new != text:
            guide.write_text(new, encoding="utf-8")
            changed.append(str(GUIDE))
    readme = root / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")

        def row(m: re.Match) -> str:
            name = m.group(1)
            if name not in times:
                return m.group(0)
            return m.group(0)[: m.start(2) - m.start(0)] + f"{times[name].minutes} min |"
        new = README_ROW_RE.sub(row, text)
        new = README_TOTAL_RE.sub(lambda m: f"about {series_total(times)} minutes for all {m.group(2)} notebooks", new)
        if new != text:
            readme.write_text(new, encoding="utf-8")
            changed.append("README.md")
    start = root / "notebooks" / "00_start_here.ipynb"
    if start.is_file():
        import nbformat
        nb = nbformat.read(start, as_version=4)
        edited = False
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            new = NEXT_ROW_RE.sub(lambda m: m.group(0) if m.group(1) not in times else
                                  m.group(0)[: m.start(2) - m.start(0)] + f"{times[m.group(1)].minutes} minutes |",
                                  cell.source)
            if new != cell.source:
                cell.source, edited = new, True
        if edited:
            nbformat.write(nb, start)
            changed.append("notebooks/00_start_here.ipynb")
    return changed
