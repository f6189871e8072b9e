"""Widgets learners answer with. Each returns a widget that shows itself as the last expression of a
cell, works through its Python API (set ``.value``, call ``.click()``), has a fixed text form for static
pages and nbval, and never shows a traceback.

* :mod:`.card` - a claim in its paragraph;
* :mod:`.rater` - judge a claim's sourcing on the rubric (``rate``, ``rate_any``);
* :mod:`.progress_view` - how the learner's ratings compare with the key;
* :mod:`.polls` - the before/after trust poll and free-text notes;
* :mod:`.controls` - the answer controls of questions (radio buttons, tick boxes, boxes, menus);
* :mod:`.exercise_box` - exercise and lesson questions, and their expert answers;
* :mod:`.passages` - bank passages as learners read them;
* :mod:`.practice_set` - fresh bank passages to practise on, and their key;
* :mod:`.trust` - the pre/post trust check and the learner's change, with the key;
* :mod:`.export` - export answers for the instructor.

The names are imported from their module on first use: a notebook that only rates claims never
loads the exercise widgets.
"""
from __future__ import annotations

from claimlab.core.lazy import exports

_LAZY = {
    **dict.fromkeys(("ClaimCard", "claim_card"), "card"),
    **dict.fromkeys(("ExerciseBox", "ExpertAnswer", "exercise", "exercise_with_answer", "expert_answer", "quiz"),
                    "exercise_box"),
    **dict.fromkeys(("BankKey", "PracticeSet", "bank_key", "practice"), "practice_set"),
    **dict.fromkeys(("TrustChange", "TrustForm", "trust_change", "trust_form"), "trust"),
    **dict.fromkeys(("ExportPanel", "download_link", "export_answers"), "export"),
    **dict.fromkeys(("ImpressionPoll", "NoteBox", "first_impression", "note_box"), "polls"),
    **dict.fromkeys(("ProgressView", "progress", "progress_summary"), "progress_view"),
    **dict.fromkeys(("ClaimPicker", "SourcingRater", "rate", "rate_any"), "rater"),
}

__all__ = list(_LAZY)


__getattr__, __dir__ = exports(__name__, _LAZY)
