"""For instructors: read a folder of learners' answers files (:mod:`.reader`), summarise them as
tables and charts (:mod:`.results`), and make sample files to try it on (:mod:`.samples`)."""
from claimlab.classroom.reader import LearnerFile, SkippedFile, read_answers_file
from claimlab.classroom.results import ClassResults, class_results
from claimlab.classroom.samples import write_sample_answers

__all__ = ["LearnerFile", "SkippedFile", "read_answers_file", "ClassResults", "class_results",
           "write_sample_answers"]
