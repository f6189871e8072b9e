"""The learner's runtime: reading the data (:mod:`.dataset`, :mod:`.problems`), text and numbers
(:mod:`.text`, :mod:`.units`), judging a rating (:mod:`.rubric`), checking an exercise answer
(:mod:`.exercises`) and keeping answers (:mod:`.store`). Needs only pandas, PyYAML and filelock;
imports nothing from the rest of Claim Lab."""
