"""Widgets learners answer with. Each returns a widget that shows itself as the last expression of a
cell, works through its Python API (set ``.value``, call ``.click()``), has a fixed text form for static
pages and nbval, and never shows a traceback.

* :mod:`.card` - a claim in its paragraph;
* :mod:`.rater` - judge a claim's sourcing on the rubric (``rate``, ``rate_any``);
* :mod:`.progress_view` - how the learner's ratings compare with the key;
* :mod:`.polls` - the before/after trust poll and free-text notes;
* :mod:`.quiz_box` - a lesson question;
* :mod:`.exercise` - exercise questions, fresh bank passages and the pre/post trust check;
* :mod:`.export` - export answers for the instructor.
"""
from claimlab.ui.widgets.card import ClaimCard, claim_card
from claimlab.ui.widgets.exercise import (
           BankKey,
           ExerciseBox,
           ExpertAnswer,
           PracticeSet,
           TrustChange,
           TrustForm,
           bank_key,
           exercise,
           expert_answer,
           practice,
           trust_change,
           trust_form,
)
from claimlab.ui.widgets.export import ExportPanel, download_link, export_answers
from claimlab.ui.widgets.polls import (
           ImpressionPoll,
           NoteBox,
           first_impression,
           note_box,
)
from claimlab.ui.widgets.progress_view import ProgressView, progress, progress_summary
from claimlab.ui.widgets.quiz_box import QuizBox, quiz
from claimlab.ui.widgets.rater import ClaimPicker, SourcingRater, rate, rate_any

__all__ = ["ClaimCard", "claim_card", "ExportPanel", "download_link", "export_answers", "ImpressionPoll",
           "NoteBox", "first_impression", "note_box", "ProgressView", "progress", "progress_summary",
           "QuizBox", "quiz", "ClaimPicker", "SourcingRater", "rate", "rate_any", "BankKey", "ExerciseBox",
           "ExpertAnswer", "PracticeSet", "TrustChange", "TrustForm", "bank_key", "exercise", "expert_answer",
           "practice", "trust_change", "trust_form"]
