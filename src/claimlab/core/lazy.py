"""Names a package takes from its modules on first use (a module ``__getattr__``, PEP 562).

``import claimlab`` must stay fast in every learner kernel, so ``claimlab``, ``claimlab.charts``
and ``claimlab.ui.widgets`` list their names and the module each lives in, and import that module
only when the name is first used. Written here rather than taken from the ``lazy_loader`` package:
that would add a dependency to the learner kernel (and to the in-browser edition) for what is a
dozen lines, and its stub-file convention does not fit a package whose names live in a table.
"""
from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable
from typing import Any


def exports(package: str, names: dict[str, str], also: Iterable[str] = ()) -> tuple[Callable, Callable]:
    """``(__getattr__, __dir__)`` for ``package``: ``names`` maps a name to the module that defines it.

    A module is named relative to ``package`` (``"card"``) or in full (``"claimlab.ui.display"``).
    ``also`` lists names the package defines itself, for ``dir()``. A name is imported once, then
    kept in the package, so later uses cost nothing.
    """
    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        full = module if module.startswith("claimlab.") else f"{package}.{module}"
        value = getattr(importlib.import_module(full), name)
        sys.modules[package].__dict__[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*also, *names})

    return __getattr__, __dir__
