"""Widgets learners answer with. Each returns a widget that shows itself as the last expression of a
cell, works through its Python API (set ``.value``, call ``.click()``), has a fixed text form for static
pages and nbval, and never shows a traceback.

* :mod:`.card` - a claim in its paragraph;
* :mod:`.rater` - judge a claim's sourcing on the rubric (``rate``, ``rate_any``);
* :mod:`.progress_view` - how the learner's ratings compare with the key;
* :mod:`.polls` - the before/after trust poll and free-text notes;
* :mod:`.quiz_box` - a lesson question;
* :mod:`.exercise_box` - exercise questions, fresh bank passages and the pre/post trust check;
* :mod:`.export` - export answers for the instructor.

The names are imported from their module on first use: a notebook that only rates claims never
loads the exercise widgets.
"""
from __future__ import annotations

from claimlab.core.lazy import exports

_LAZY = {
    **dict.fromkeys(("ClaimCard", "claim_card"), "card"),
    **dict.fromkeys(("BankKey", "ExerciseBox", "ExpertAnswer", "PracticeSet", "TrustChange", "TrustForm",
                     "bank_key", "exercise", "exercise_with_answer", "expert_answer", "practice", "trust_change",
                     "trust_form"), "exercise_box"),
    **dict.fromkeys(("ExportPanel", "download_link", "export_answers"), "export"),
    **dict.fromkeys(("ImpressionPoll", "NoteBox", "first_impression", "note_box"), "polls"),
    **dict.fromkeys(("ProgressView", "progress", "progress_summary"), "progress_view"),
    **dict.fromkeys(("QuizBox", "quiz"), "quiz_box"),
    **dict.fromkeys(("ClaimPicker", "SourcingRater", "rate", "rate_any"), "rater"),
}

__all__ = list(_LAZY)


__getattr__, __dir__ = exports(__name__, _LAZY)
