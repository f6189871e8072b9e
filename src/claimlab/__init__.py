"""Claim Lab: judge the sourcing of war reporting, one real article at a time.

Notebook cells call the functions below, one or two lines each::

    import claimlab as cl
    cl.show_article()            # the article with paragraph numbers
    cl.claim_card("CL25")        # one claim, highlighted in its paragraph
    cl.rate("CL25")              # judge its sourcing with the rubric, get feedback
    cl.chart("running_claims")   # a chart of reported figures, with a text alternative
    cl.exercise("ex01.q1")       # an exercise question, answered with widgets (Check, Hint)
    cl.check("ex01.q1", answer)  # the same check from code, for learners who like code

Everything shown comes from the files in ``data/``; see README.md. Where things live:
``core/`` (data, rubric, checks, answers), ``ui/`` (displays and widgets), ``charts/``,
``classroom/`` (class results), ``authoring/`` (build tools), ``validate/`` (data checks), ``cli.py``.
"""
from __future__ import annotations

from claimlab.core import dataset as _dataset
from claimlab.core.dataset import load
from claimlab.core.lazy import exports
from claimlab.core.problems import DataError
from claimlab.core.version import __version__
from claimlab.validate import VALIDATOR as _VALIDATOR

_dataset.use_validator(_VALIDATOR)  # core never imports upward; validation tools load only when needed

# name -> module that defines it (imported on first use, so `import claimlab` stays fast)
_LAZY = {
    **dict.fromkeys(("show_article", "show_paragraphs", "claims_table", "compare", "say", "show_figures",
                     "show_rubric", "worked_example", "claimant_summary", "word_markers", "glossary"),
                    "claimlab.ui.display"),
    **dict.fromkeys(("claim_card", "rate", "rate_any", "progress", "first_impression", "note_box", "quiz",
                     "export_answers", "progress_summary", "exercise", "practice", "trust_form", "trust_change",
                     "expert_answer", "exercise_with_answer", "bank_key"), "claimlab.ui.widgets"),
    "use_answers_file": "claimlab.core.store",
    "chart": "claimlab.charts.show",
    **dict.fromkeys(("check", "hint", "exercise_progress", "question"), "claimlab.core.exercises"),
    **dict.fromkeys(("class_results", "class_folder"), "claimlab.classroom.results"),
    "class_learning": "claimlab.classroom.learning",
    "class_learners": "claimlab.classroom.learners",
}

__all__ = ["load", "DataError", "__version__", *_LAZY]


__getattr__, __dir__ = exports(__name__, _LAZY, also=__all__)
