"""Adding a question type touches its module and its schema entry, nothing else (issue 27).

The test plays an author adding a made-up type, ``scale`` (pick a whole number on a short scale; one
step away is a near miss). Its "module" is the class below, registered the way a module of
``claimlab.core.questions`` registers itself; its schema entry goes under ``$defs/types`` of a copy of
data/schemas/exercises.schema.json. Nothing else is changed, and then the checker, validation, the
widget, the static page and the answers file all handle a question of the new type.
"""
from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from claimlab.core import questions
from claimlab.core.questions.base import Control, Result, register
from claimlab.core.questions.enumerated import Enumerated

QID = "ex01.q90"


class Scale(Enumerated):
    """The made-up type: one of the whole numbers from ``low`` to ``high``."""

    name = "scale"

    def steps(self, q: dict[str, Any]) -> list[str]:
        return [str(n) for n in range(int(q["low"]), int(q["high"]) + 1)]

    def check(self, ds, q, answer):
        value = str(answer).strip()
        if value not in self.steps(q):
            return Result("invalid", (q["outside"],))
        distance = abs(int(value) - int(q["answer"]))
        status = "correct" if distance == 0 else "partial" if distance == 1 else "incorrect"
        return Result(status, (q["feedback"][status],))

    def control(self, ds, q):
        return Control("radio", tuple((s, s) for s in self.steps(q)))

    def expert_words(self, ds, q):
        return str(q["answer"])

    def axes(self, q):
        return [["", *self.steps(q)]]

    def answer_of(self, q, picked):
        return picked[0] or None

    def key_problems(self, ds, qid, q):
        return [] if str(q["answer"]) in self.steps(q) else [f"answer {q['answer']} is not on the scale"]

    def texts(self, q):
        return [(f"feedback/{k}", v) for k, v in q["feedback"].items()]


SCHEMA_ENTRY = {
    "allOf": [{"$ref": "#/$defs/question"}],
    "type": "object",
    "required": ["low", "high", "answer", "feedback", "outside"],
    "properties": {
        "low": {"type": "integer"}, "high": {"type": "integer"}, "answer": {"type": "integer"},
        "outside": {"$ref": "#/$defs/text"},
        "feedback": {"type": "object", "required": ["correct", "partial", "incorrect"],
                     "additionalProperties": {"$ref": "#/$defs/text"}},
    },
    "unevaluatedProperties": False,
}


def _question(answer: int = 4) -> dict[str, Any]:
    return {"type": "scale", "notebook": "ex01", "prompt": "How many sources does the sentence name?",
            "hints": ["Count the names."], "explanation": "The sentence names four.",
            "low": 1, "high": 5, "answer": answer, "outside": "Pick a number from the scale.",
            "feedback": {"correct": "Yes.", "partial": "One off.", "incorrect": "Count again."}}


@pytest.fixture
def scale_module(data_copy, monkeypatch):
    """The new type registered, its schema entry and one question added to a copy of data/."""
    monkeypatch.setitem(questions.TYPES, "scale", None)  # restored after the test
    register(Scale)
    schema_path = data_copy / "data" / "schemas" / "exercises.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["$defs"]["types"]["scale"] = SCHEMA_ENTRY
    schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    _write_question(data_copy, _question())
    monkeypatch.setenv("CLAIMLAB_ROOT", str(data_copy))
    return data_copy


def _write_question(root, question):
    path = root / "data" / "exercises.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][QID] = question
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_the_new_type_is_validated_checked_and_shown(scale_module):
    import claimlab
    from claimlab.core import exercises

    ds = claimlab.load(scale_module)  # validation runs: the copy changed
    assert exercises.check(QID, "4", ds=ds, save=False).status == "correct"
    assert exercises.check(QID, 3, ds=ds, save=False).status == "partial"
    assert exercises.check(QID, "1", ds=ds, save=False).status == "incorrect"
    outside = exercises.check(QID, "9", ds=ds, save=False)
    assert outside.status == "invalid" and "Pick a number" in " ".join(outside.lines)
    assert "4" in " ".join(exercises.expert_answer(QID, ds=ds).lines)


def test_a_wrong_key_or_schema_of_the_new_type_is_named(scale_module):
    import claimlab
    from claimlab.core.problems import DataError

    _write_question(scale_module, _question(answer=9))
    with pytest.raises(DataError) as caught:
        claimlab.load(scale_module)
    assert any(QID in str(p) and "not on the scale" in str(p) for p in caught.value.problems)
    broken = _question()
    del broken["outside"]
    _write_question(scale_module, broken)
    with pytest.raises(DataError) as caught:
        claimlab.load(scale_module)
    assert any("exercises.yaml" in p.file and "outside" in p.message for p in caught.value.problems)


def test_the_widget_asks_the_type(scale_module, tmp_path):
    import claimlab
    from claimlab.core import store
    from claimlab.ui.widgets.exercise_box import ExerciseBox

    claimlab.load(scale_module)
    answers = store.AnswerStore(tmp_path / "answers.json")
    box = ExerciseBox(QID, store=answers)
    assert [value for _label, value in box.control.options] == ["1", "2", "3", "4", "5"]
    box.control.value = "3"
    box.check()
    assert "One off." in box.feedback.value
    assert answers.exercise(QID)["status"] == "partial"
    again = ExerciseBox(QID, store=store.AnswerStore(tmp_path / "answers.json"))
    assert again.control.value == "3"  # the saved answer comes back in a new kernel


def test_the_static_page_asks_the_type(scale_module):
    import claimlab
    from claimlab.authoring import quizdata

    ds = claimlab.load(scale_module)
    form = quizdata.exercise_form(QID, ds)
    assert form.count('type="radio"') == 5
    pack = quizdata.exercise_pack(QID, ds)
    assert pack["type"] == "scale" and pack["script"] == "table" and pack["axes"] == [["", "1", "2", "3", "4", "5"]]
    statuses = [entry[0] for entry in pack["table"]]
    assert statuses == ["unanswered", "incorrect", "incorrect", "partial", "correct", "partial"]
