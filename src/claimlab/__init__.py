"""Claim Lab: judge the sourcing of war reporting, one real article at a time.

Notebook cells call the functions below, one or two lines each::

    import claimlab as cl
    cl.show_article()            # the article with paragraph numbers
    cl.claim_card("CL25")        # one claim, highlighted in its paragraph
    cl.rate("CL25")              # judge its sourcing with the rubric, get feedback
    cl.chart("running_claims")   # a chart of reported figures, with a text alternative
    cl.check("ex1.q1", answer)   # check an exercise answer

Everything shown comes from the files in ``data/``; see README.md.
"""
from __future__ import annotations

import importlib
from typing import Any

from .data import DataError, load

__version__ = "1.0.0"

# name -> module that defines it (imported on first use, so `import claimlab` stays fast)
_LAZY = {
    # display helpers (claimlab.display)
    "show_article": "display", "show_paragraphs": "display", "claims_table": "display",
    "compare": "display", "say": "display", "show_figures": "display", "show_rubric": "display",
    "worked_example": "display", "claimant_summary": "display", "word_markers": "display", "glossary": "display",
    # widgets (claimlab.widgets)
    "claim_card": "widgets", "rate": "widgets", "rate_any": "widgets", "progress": "widgets",
    "first_impression": "widgets", "note_box": "widgets", "quiz": "widgets", "export_answers": "widgets", "progress_summary": "widgets",
    "use_answers_file": "store",
    # charts (claimlab.charts)
    "chart": "charts",
    # exercises (claimlab.exercises)
    "check": "exercises", "hint": "exercises", "exercise_progress": "exercises", "question": "exercises",
    # class results for instructors (claimlab.classroom)
    "class_results": "classroom",
}

__all__ = ["load", "DataError", "__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimlab' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
