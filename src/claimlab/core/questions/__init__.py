"""Question types, one module each, found and registered here (see :mod:`claimlab.core.questions.base`).

``get("choice")`` gives the type of a question; ``TYPES`` holds every registered type by name. Every
module of this package is imported once, so a new type's module registers itself by being here.
"""
from __future__ import annotations

import importlib
import pkgutil

from claimlab.core.questions.base import TYPES, Control, QuestionType, Result, get, register

__all__ = ["TYPES", "Control", "QuestionType", "Result", "get", "register"]

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
