"""For instructors: read a folder of learners' answers files (:mod:`.reader`), summarise them as
tables and charts (:mod:`.results`, :mod:`.learning` before and after, :mod:`.learners` learner by
learner), and make sample files to try it on (:mod:`.samples`)."""
from claimlab.classroom.reader import LearnerFile, SkippedFile, read_answers_file
from claimlab.classroom.results import ClassResults, class_folder, class_results
from claimlab.classroom.samples import write_sample_answers

__all__ = ["LearnerFile", "SkippedFile", "read_answers_file", "ClassResults", "class_results", "class_folder",
           "write_sample_answers"]
