"""The house rules of the package (issue 11): layers by audience, no upward or circular imports.

core/ imports nothing above it; ui/ and charts/ import core/ only (and themselves), except that charts/
may take its looks from ``claimlab.ui.html`` (CSS lives only in ui/; that module imports only core/);
validate/ imports core/; classroom/ and authoring/ may import everything below the top. The top (``claimlab/__init__``,
``cli``) may import anything. A learner's kernel imports only the runtime (see test_lean_runtime.py).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "claimlab"
ALLOWED = {
    "core": {"core"},
    "ui": {"core", "ui"},
    "charts": {"core", "charts"},
    "validate": {"core", "validate"},
    "classroom": {"core", "ui", "charts", "validate", "classroom"},
    "authoring": {"core", "ui", "charts", "validate", "classroom", "authoring"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in SRC.rglob("*.py")}


def imports_of(path: Path) -> set[str]:
    """Every claimlab module imported anywhere in the file (top level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                pytest.fail(f"{path.relative_to(SRC)} uses a relative import; use claimlab.<layer>.<module>")
            base = node.module or ""
            if not base.startswith("claimlab"):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("claimlab")}
    return found


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else None


def test_every_layer_imports_only_what_it_may():
    wrong = []
    for module, path in MODULES.items():
        mine = layer(module)
        if mine is None:
            continue  # the top: claimlab/__init__.py, cli.py, __main__.py
        for target in imports_of(path):
            theirs = layer(target)
            if mine == "charts" and target == "claimlab.ui.html":
                continue  # the one place for CSS (see the module docstring)
            if theirs is None or theirs not in ALLOWED[mine]:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "upward imports:\n" + "\n".join(sorted(wrong))


def test_the_css_module_charts_may_use_imports_only_core():
    assert {layer(t) for t in imports_of(MODULES["claimlab.ui.html"])} <= {"core", "ui"}
    assert not [t for t in imports_of(MODULES["claimlab.ui.html"]) if layer(t) == "ui"]


def test_no_import_cycles():
    graph = {m: {t for t in imports_of(p) if t in MODULES and t != m} for m, p in MODULES.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_every_module_says_what_it_is_for():
    missing = [m for m, p in MODULES.items() if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
               and not m.endswith("__main__")]
    assert not missing, f"modules without a docstring: {missing}"


def test_no_module_is_over_500_lines():
    """A module that grows past 500 lines holds more than one job: split it by job."""
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long, f"modules over 500 lines: {long}"


def test_one_escape_helper():
    for module, path in MODULES.items():
        if module != "claimlab.core.text":
            assert "html.escape(" not in path.read_text(encoding="utf-8"), f"{module}: use claimlab.core.text.escape"


@pytest.mark.parametrize("package", ["claimlab", "claimlab.charts", "claimlab.ui.widgets"])
def test_a_lazy_name_is_never_also_a_module_name(package):
    """Importing a submodule binds its name in the package: a lazily imported function of the same
    name (once, ``exercise`` in ``ui/widgets/exercise.py``) would then be the module instead."""
    import importlib
    import pkgutil

    found = importlib.import_module(package)
    modules = {m.name for m in pkgutil.iter_modules(found.__path__)}
    assert not modules & set(found._LAZY), f"{package}: rename the module {sorted(modules & set(found._LAZY))}"
