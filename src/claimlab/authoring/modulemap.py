"""The map of the package: every module of ``src/claimlab/``, by folder, with the first line of its docstring.

    python -m claimlab map > docs/architecture.md

The map is made from the code itself, so it cannot leave a module out or describe one that is gone;
``tests/project/test_module_map.py`` checks that docs/architecture.md is what this produces. The
folders' own words (who each folder is for, what it may import) come from their ``__init__``
docstrings. Written for Claim Lab: tools such as pdoc document an API, not a one-page map by audience.
"""
from __future__ import annotations

import ast
from pathlib import Path

__all__ = ["modules", "render"]

PACKAGE = Path(__file__).resolve().parents[1]
INTRO = (
    "# Where things live: the map of `src/claimlab/`",
    "",
    "Generated from the modules' docstrings by `python -m claimlab map > docs/architecture.md`; do not edit",
    "by hand (a test keeps it current). Folders are by audience: `core/` is the learner's runtime and imports",
    "nothing above it; `ui/` and `charts/` draw for learners and import `core/` (charts take their looks from",
    "`ui/html.py`, the one place for CSS); `validate/` checks data for authors and CI; `classroom/` is for",
    "instructors; `authoring/` builds notebooks, pages and new modules. Every word a learner reads is in",
    "`data/` (`interface.yaml`, `rubric.yaml`, `exercises.yaml`, `concepts.yaml`).",
    "",
)


def _summary(path: Path) -> str:
    try:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    except SyntaxError:
        doc = ""
    first = doc.strip().split("\n\n")[0]
    return " ".join(first.split()) or "(no docstring)"


def modules(package: Path = PACKAGE) -> list[tuple[str, str]]:
    """(path relative to the package, first paragraph of its docstring) for every module, folders first."""
    found = []
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        found.append((path.relative_to(package).as_posix(), _summary(path)))
    return sorted(found, key=lambda item: (item[0].count("/") > 0, item[0].rsplit("/", 1)[0] if "/" in item[0] else "",
                                          not item[0].endswith("__init__.py"), item[0]))


def render(package: Path = PACKAGE) -> str:
    out = list(INTRO)
    folder = None
    for rel, summary in modules(package):
        here = rel.rsplit("/", 1)[0] if "/" in rel else "(top)"
        if here != folder:
            folder = here
            out += ["", f"## `{here}/`" if here != "(top)" else "## The top: what notebooks and commands call", ""]
        out.append(f"- `{rel}`: {summary}")
    return "\n".join(out) + "\n"
