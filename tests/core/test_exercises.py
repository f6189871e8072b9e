"""Exercise checking: cl.check, cl.hint, cl.question, cl.exercise_progress and data/exercises.yaml (issue 6)."""
from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimlab
from claimlab.core import bank, exercises, practice, references, store, text, units
from claimlab.core.exercises import STATUSES, Feedback, check, hint, question
from claimlab.core.problems import DataError
from claimlab.core.questions import common
from claimlab.core.references import expected_value
from claimlab.ui.render import feedback_html, progress_html
from claimlab.validate import keys
from claimlab.validate.keys import key_problems
from claimlab.validate.tables import errors_by_type

ROOT = Path(__file__).resolve().parents[2]
KEY = yaml.safe_load((ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8"))
QUESTIONS = KEY["questions"]
IDS = sorted(QUESTIONS)
BANK_SPECS = KEY["bank_questions"]
BANK_IDS = sorted(f"bank.{pid.lower()}.{dim}" for pid in ("B01", "B19", "B31", "B42") for dim in BANK_SPECS)
TRACEBACK = re.compile(r"Traceback|File \".*\", line \d+")


@pytest.fixture(autouse=True)
def private_answers(tmp_path, monkeypatch):
    """Every test saves to its own answers file."""
    monkeypatch.setenv("CLAIMLAB_ANSWERS", str(tmp_path / "answers.json"))
    monkeypatch.setattr(store, "_CURRENT", None)
    monkeypatch.setattr(store, "_EXPLICIT", False)


def right_answer(q: dict, ds) -> object:
    """The answer the key expects, built from the key (numbers computed from the data)."""
    kind = q["type"]
    if kind == "number":
        return expected_value(q["expected"], ds)
    if kind in ("text", "mislead"):
        return q["model_answer"]
    return q["answer"]


def wrong_option(q: dict) -> dict:
    """An option the key neither expects nor accepts."""
    right = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
    return next(o for o in q["options"] if o["id"] not in right and o["id"] not in q.get("accept", []))


def try_again(qid: str) -> str:
    return KEY["messages"]["try_again"].replace("{question}", qid)


def of_type(*kinds: str) -> list[str]:
    return [q for q in IDS if QUESTIONS[q]["type"] in kinds]


def assert_plain(feedback: Feedback) -> None:
    assert isinstance(feedback, Feedback)
    assert feedback.status in (*STATUSES, "hint", "question")
    for shown in (repr(feedback), str(feedback), feedback_html(feedback), feedback._repr_markdown_()):
        assert shown.strip()
        assert not TRACEBACK.search(shown), shown


# --------------------------------------------------------------------------- the key itself
def test_the_loader_picks_up_the_key(ds):
    assert ds.exercises["questions"].keys() == QUESTIONS.keys()
    assert "exercises" in ds.package["claimlab"]["yaml"]


def test_the_key_has_no_problems(ds):
    assert key_problems(ds) == []


def test_the_schema_accepts_the_key_and_documents_the_parts():
    schema = json.loads((ROOT / "data" / "schemas" / "exercises.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(KEY)
    assert not errors_by_type(schema, {"entries": "questions", "key": "type", "defs": "types"}, KEY)
    needs = schema["$defs"]["types"]["text"]["properties"]["needs"]
    assert {"claimant", "claim_verb", "caveat", "figure", "form"} <= set(needs["properties"])
    header = (ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8").split("\nversion:")[0]
    for words in ("needs", "concepts.yaml", "examples", "value_of", "rate_per_day", "convert", "number_in"):
        assert words in header


def test_the_schema_refuses_a_typed_number():
    schema = json.loads((ROOT / "data" / "schemas" / "exercises.schema.json").read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(KEY))
    broken["questions"]["ex02.q4"]["expected"] = 121000
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(broken))
    errors += errors_by_type(schema, {"entries": "questions", "key": "type", "defs": "types"}, broken)
    assert errors


def test_at_least_eight_exercises_of_every_kind():
    assert len(QUESTIONS) >= 8
    assert {q["type"] for q in QUESTIONS.values()} == {"choice", "multi", "number", "order", "match", "text",
                                                       "mislead"}
    for qid, q in QUESTIONS.items():
        assert q.get("claims") or q.get("passage"), qid
        assert q["hints"] and q["explanation"], qid


def test_no_figure_is_typed_in_the_key():
    """Texts use placeholders; numbers in the key are data references or the article's own numbers."""
    article = (ROOT / "data" / "article.md").read_text(encoding="utf-8")
    body = re.sub(r"(?m)^\[\d+\] ", "", article.split("\n---\n", 1)[1])  # not the paragraph numbers
    allowed = set(re.findall(r"\d[\d,]*", body))
    passages = bank.passages(claimlab.load())
    for qid, q in QUESTIONS.items():
        own = {t.rstrip(",") for t in re.findall(r"\d[\d,]*", passages.loc[q["passage"], "passage"])} \
            if q.get("passage") else set()
        for where, value in keys.question_texts(q):
            plain = re.sub(r"\{[a-z0-9]+:[^{}]+\}", " ", str(value))
            for token in re.findall(r"(?<![A-Za-z\d])\d[\d,]*", plain):  # not ids like T07
                assert token.rstrip(",") in allowed | own, f"{qid} {where}: '{token}' is typed; use a placeholder"


def test_numbers_are_computed_from_the_data(ds):
    rate = expected_value({"rate_per_day": ["M04", "M18"]}, ds)
    assert rate == pytest.approx((ds.figure("M18")["value"] - ds.figure("M04")["value"])
                                 / text.days_between(ds, "M04", "M18"))
    assert rate == text.rate_per_day(ds, "M04", "M18")
    assert expected_value({"value_of": "E02"}, ds) == float(ds.figure("E02")["value"])
    area = expected_value({"convert": {"claim": "CL06", "to": "km2"}}, ds)
    assert area == pytest.approx(units.sq_miles_to_km2(float(ds.claim("CL06")["value"])))
    assert expected_value({"paragraph_of": "CL25"}, ds) == float(ds.claim("CL25")["paragraph"])
    assert expected_value({"days_between": ["M04", "M18"]}, ds) == text.days_between(ds, "M04", "M18")


def test_the_required_exercises_are_there():
    def about(claim_id: str) -> set[str]:
        return {q["type"] for q in QUESTIONS.values() if claim_id in q.get("claims", [])}
    assert {"choice", "text", "number"} <= about("CL25")
    assert "choice" in about("CL26")
    assert {"choice", "number"} <= about("CL05")
    assert {"choice", "number"} <= about("CL06")
    assert "CL15" in {c for q in QUESTIONS.values() for c in q.get("claims", [])}
    # numeric answers are data references (which ones is the instructor's choice, in data/exercises.yaml)
    assert all(isinstance(QUESTIONS[q]["expected"], dict) for q in of_type("number"))


# --------------------------------------------------------------------------- right, wrong and partial answers
@pytest.mark.parametrize("qid", IDS)
def test_the_expected_answer_is_right(qid, ds):
    feedback = check(qid, right_answer(QUESTIONS[qid], ds), ds=ds)
    assert feedback.status == "correct", feedback.text
    assert feedback.headline == KEY["messages"]["headline"]["correct"]
    assert_plain(feedback)


@pytest.mark.parametrize("qid", of_type("text", "mislead"))
def test_every_text_example_is_judged_as_the_key_says(qid, ds):
    examples = QUESTIONS[qid]["examples"]
    for sample in examples["accept"]:
        assert check(qid, sample, ds=ds).status == "correct", sample
    for sample in examples["reject"]:
        feedback = check(qid, sample, ds=ds)
        assert feedback.status in ("partial", "incorrect"), sample
        assert try_again(qid) in feedback.text


def test_one_standard_for_both_rewrites():
    """Every rewrite of a claim, whichever side made it, needs the same parts, judged by the same words."""
    rewrites = [q for q in QUESTIONS.values() if q["type"] == "text" and "claimant" in q["needs"]]
    assert {q["needs"]["claimant"]["side"] for q in rewrites} == {"russia", "ukraine"}
    assert len({tuple(q["needs"]) for q in rewrites}) == 1, "a rewrite for one side needs other parts"
    mislead = [q for q in QUESTIONS.values() if q["type"] == "mislead"]
    assert len({tuple(q["needs"]) for q in mislead}) == 1


@pytest.mark.parametrize("qid", of_type("choice"))
def test_choice_feedback(qid, ds):
    q = QUESTIONS[qid]
    right = next(o for o in q["options"] if o["id"] == q["answer"])
    assert check(qid, f"  {str(right['id']).upper()} ", ds=ds).correct  # case and spaces do not matter
    assert check(qid, common.label(ds, right), ds=ds).correct  # the label works too
    for near in q.get("accept", []):
        assert check(qid, near, ds=ds).status == "partial"
    wrong = wrong_option(q)
    feedback = check(qid, wrong["id"], ds=ds)
    assert feedback.status == "incorrect"
    if wrong.get("feedback"):
        assert " ".join(common.fill(wrong["feedback"], ds).split())[:30] in " ".join(feedback.text.split())
    unknown = check(qid, "zz not an option", ds=ds)
    assert unknown.status == "invalid" and str(q["options"][0]["id"]) in unknown.text


def test_true_means_yes(ds):
    yes_no = [q for q in of_type("choice") if {"yes", "no"} <= {o["id"] for o in QUESTIONS[q]["options"]}]
    for qid in yes_no:
        assert check(qid, QUESTIONS[qid]["answer"] == "yes", ds=ds).status == \
            check(qid, "yes" if QUESTIONS[qid]["answer"] == "yes" else "no", ds=ds).status


@pytest.mark.parametrize("qid", of_type("number"))
def test_number_feedback(qid, ds):
    q = QUESTIONS[qid]
    value = expected_value(q["expected"], ds)
    assert check(qid, value, ds=ds).correct
    assert check(qid, f"{value:,.6f}".rstrip("0").rstrip("."), ds=ds).correct  # "9,300" is read too
    for trap in q.get("traps", []):
        trapped = expected_value(trap["expected"], ds)
        if references.within(trapped, value, q["tolerance"]):
            continue
        feedback = check(qid, trapped, ds=ds)
        assert feedback.status == trap.get("status", "incorrect")
        assert " ".join(common.fill(trap["message"], ds).split())[:30] in " ".join(feedback.text.split())
    far = check(qid, value * 10 + 1000, ds=ds)
    assert far.status in ("incorrect", "partial")


@pytest.mark.parametrize("qid", of_type("multi"))
def test_multi_feedback(qid, ds):
    q = QUESTIONS[qid]
    assert check(qid, list(reversed(q["answer"])), ds=ds).correct
    if len(q["answer"]) > 1:
        some = check(qid, q["answer"][:1], ds=ds)
        assert some.status == "partial" and "Missing:" in some.text
    extra = check(qid, [*q["answer"], wrong_option(q)["id"]], ds=ds)
    assert extra.status == "partial" and "Not this one" in extra.text


@pytest.mark.parametrize("qid", of_type("order"))
def test_order_feedback(qid, ds):
    order = list(QUESTIONS[qid]["answer"])
    swapped = [order[1], order[0], *order[2:]]
    assert check(qid, swapped, ds=ds).status in ("partial", "incorrect")
    assert check(qid, order[:2], ds=ds).status == "invalid"


@pytest.mark.parametrize("qid", of_type("match"))
def test_match_feedback(qid, ds):
    match = dict(QUESTIONS[qid]["answer"])
    first = next(iter(match))
    other = next(o["id"] for o in QUESTIONS[qid]["options"] if o["id"] != match[first])
    match[first] = other
    feedback = check(qid, match, ds=ds)
    assert feedback.status in ("partial", "incorrect") and "Look again" in feedback.text
    assert check(qid, list(QUESTIONS[qid]["answer"].items()), ds=ds).correct


def test_feedback_is_deterministic(ds):
    first = check("ex01.q4", "Russia claimed it.", ds=ds)
    second = check("ex01.q4", "Russia claimed it.", ds=ds)
    assert first == second and feedback_html(first) == feedback_html(second)


# --------------------------------------------------------------------------- odd input never raises
class Unprintable:
    def __str__(self):
        raise RuntimeError("no str")

    def __repr__(self):
        raise RuntimeError("no repr")

    def __eq__(self, other):
        raise RuntimeError("no eq")

    __hash__ = object.__hash__


ODD = [None, ..., "", "   ", "x" * 1_000_000, "Кремль 🇺🇦 ✓", float("nan"), float("inf"), -float("inf"),
       [1, 2], {"a": 1}, (), set(), 10**400, -1, 0, False, b"bytes", 3 + 4j, Decimal("NaN"), Fraction(1, 3),
       Unprintable(), [Unprintable()], {"CL05": Unprintable()}, object, print, [[[[[]]]]]]


@pytest.mark.parametrize("qid", IDS)
def test_odd_answers_get_a_message_not_a_traceback(qid, ds):
    for answer in ODD:
        feedback = check(qid, answer, ds=ds)
        assert_plain(feedback)
        assert feedback.status != "correct", (qid, answer)
        assert feedback.lines, (qid, type(answer))


def test_the_placeholder_means_not_answered_yet(ds):
    for qid in IDS:
        feedback = check(qid, ..., ds=ds)
        assert feedback.status == "unanswered"
        assert KEY["messages"]["unanswered"] in feedback.text
    assert KEY["messages"]["options_are"] in check(of_type("choice")[0], ..., ds=ds).text


def test_wrong_types_say_what_is_expected(ds):
    assert f"like {QUESTIONS['ex02.q4']['example']}" in check("ex02.q4", "lots", ds=ds).text
    assert "not a list" in check("ex02.q4", [121000], ds=ds).text
    assert "not a dict" in check("ex01.q1", {"a": 1}, ds=ds).text
    assert "not a usable number" in check("ex02.q4", float("nan"), ds=ds).text
    assert "characters at most" in check("ex01.q4", "x" * 1_000_000, ds=ds).text
    assert KEY["messages"]["text_expected"].split("(")[0].strip() in check("ex01.q4", 42, ds=ds).text


def test_unknown_question_ids(ds):
    for qid in ("ex09.q1", "", None, 42, Unprintable(), "x" * 10_000):
        feedback = check(qid, "yes", ds=ds)
        assert feedback.status == "unknown_question"
        assert_plain(feedback)
    assert "ex01.q1" in check("ex01.q99", "yes", ds=ds).text
    assert check(" EX01.Q1 ", QUESTIONS["ex01.q1"]["answer"], ds=ds).correct


ANSWERS = st.recursive(
    st.none() | st.just(...) | st.booleans() | st.integers() | st.floats() | st.text(max_size=300)
    | st.binary(max_size=20) | st.decimals() | st.fractions() | st.complex_numbers()
    | st.sampled_from(["russian_official", "yes", "no_one_named", "T07", "CL05", "claimant_named"]),
    lambda inner: st.lists(inner, max_size=6) | st.tuples(inner, inner) | st.frozensets(st.text(max_size=20))
    | st.dictionaries(st.text(max_size=20) | st.sampled_from(["CL05", "P07", "ministry_tally"]), inner, max_size=6),
    max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(qid=st.sampled_from(IDS + BANK_IDS) | st.text(max_size=30) | st.integers() | st.none(), answer=ANSWERS)
def test_check_never_raises(qid, answer):
    feedback = check(qid, answer)
    assert_plain(feedback)


@settings(max_examples=100, deadline=None)
@given(qid=st.sampled_from(IDS + BANK_IDS) | st.text(max_size=30) | st.none())
def test_hint_and_question_never_raise(qid):
    assert_plain(hint(qid))
    assert_plain(question(qid))
    assert_plain(exercises.expert_answer(qid))


@pytest.mark.parametrize("qid", IDS)
def test_every_question_can_be_shown_and_hinted(qid, ds):
    shown = question(qid, ds=ds)
    assert shown.status == "question" and shown.lines
    given_hints = hint(qid, ds=ds)
    assert given_hints.status == "hint" and len(given_hints.lines) == 1 + len(QUESTIONS[qid]["hints"])
    expected = right_answer(QUESTIONS[qid], ds)
    if QUESTIONS[qid]["type"] in ("number", "text"):  # the question never shows the answer
        assert str(expected) not in shown.text and str(expected) not in given_hints.text


# --------------------------------------------------------------------------- saving answers
def test_every_checked_answer_is_saved(ds):
    q = QUESTIONS["ex01.q1"]
    wrong = wrong_option(q)["id"]
    check("ex01.q1", wrong, ds=ds)
    saved = store.current().exercise("ex01.q1")
    assert saved["answer"] == wrong and saved["status"] == "incorrect"
    check("ex01.q1", q["answer"], ds=ds)
    assert store.current().exercise("ex01.q1")["status"] == "correct"
    check("ex01.q1", ..., ds=ds)  # re-running an empty cell never wipes an answer
    assert store.current().exercise("ex01.q1")["answer"] == q["answer"]
    check("ex01.q4", Unprintable(), ds=ds)
    assert store.current().exercise("ex01.q4")["status"] == "invalid"
    on_disk = json.loads(store.current().path.read_text(encoding="utf-8"))
    assert on_disk["exercises"]["ex01.q1"]["status"] == "correct"


def test_an_unwritable_answers_file_is_reported_not_raised(tmp_path, monkeypatch, ds):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(store, "_CURRENT", store.AnswerStore(blocker / "answers.json"))
    monkeypatch.setattr(store, "_EXPLICIT", True)
    feedback = check("ex01.q1", QUESTIONS["ex01.q1"]["answer"], ds=ds)
    assert feedback.correct
    assert any("could not be saved" in line for line in feedback.lines)
    assert store.current().exercise("ex01.q1")["status"] == "correct"  # kept in memory


def test_progress_reports_saved_statuses(ds):
    check("ex01.q1", QUESTIONS["ex01.q1"]["answer"], ds=ds)
    check("ex01.q2", wrong_option(QUESTIONS["ex01.q2"])["id"], ds=ds)
    progress = claimlab.exercise_progress("ex01")
    statuses = {qid: status for qid, _, status in progress.rows}
    assert statuses["ex01.q1"] == "correct" and statuses["ex01.q2"] == "incorrect"
    assert statuses["ex01.q3"] == "not checked yet"
    assert set(statuses) == {q for q in IDS if q.startswith("ex01.")}
    assert "1 right" in repr(progress) and "<table" in progress_html(progress)
    assert "no questions" in repr(claimlab.exercise_progress("ex42"))
    assert len(claimlab.exercise_progress().rows) == len(IDS)


def test_the_practice_notebooks_progress_counts_the_practice_questions(ds):
    notebook = ds.exercises["settings"]["practice_notebook"]
    pid = bank.passages(ds).index[0]
    qid = practice.question_ids(ds, pid)[0]
    assert not [n for n in claimlab.exercise_progress(notebook).notes if "Practice passages" in n]
    right = bank.passage(ds, pid)[BANK_SPECS[qid.split(".")[-1]].get("column", qid.split(".")[-1])]
    check(qid, right, ds=ds)
    (note,) = [n for n in claimlab.exercise_progress(notebook).notes if "Practice passages" in n]
    assert "1 question checked, 1 right" in note
    other = next(n for n in ds.exercises["notebooks"] if n.startswith("ex") and n != notebook)
    assert not [n for n in claimlab.exercise_progress(other).notes if "Practice passages" in n]


def test_public_names(ds):
    q = QUESTIONS["ex01.q1"]
    assert claimlab.check("ex01.q1", q["answer"]) == check("ex01.q1", q["answer"], ds=ds, save=False)
    assert claimlab.hint("ex01.q1") == exercises.hint("ex01.q1", ds=ds)
    assert claimlab.hint("ex01.q1").status == "hint"
    assert claimlab.question("ex01.q1").headline == common.fill(str(q["prompt"]), ds)
    progress = claimlab.exercise_progress("ex01")
    assert progress == exercises.exercise_progress("ex01", ds=ds)
    assert [row[2] for row in progress.rows if row[0] == "ex01.q1"] == ["correct"]  # claimlab.check saved it


# --------------------------------------------------------------------------- instructors edit the YAML
def _edit_key(root: Path, edit) -> None:
    path = root / "data" / "exercises.yaml"
    key = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(key)
    path.write_text(yaml.safe_dump(key, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_check_follows_an_edited_key(data_copy, monkeypatch):
    original = QUESTIONS["ex01.q1"]["answer"]
    other = wrong_option(QUESTIONS["ex01.q1"])["id"]

    def edit(key):
        key["questions"]["ex01.q1"]["answer"] = other
        key["questions"]["ex01.q1"]["explanation"] = "Instructor's own words: {value:E02} people."
        key["messages"]["headline"]["correct"] = "Well done."
    _edit_key(data_copy, edit)
    monkeypatch.setenv("CLAIMLAB_ROOT", str(data_copy))
    feedback = check("ex01.q1", other)
    assert feedback.correct and feedback.headline == "Well done."
    ds = claimlab.load(data_copy)
    assert f"Instructor's own words: {text.fmt_number(ds.figure('E02')['value'])} people." in feedback.text
    assert not check("ex01.q1", original).correct
    assert check("ex01.q1", other, ds=ds).correct


def test_a_broken_key_is_named_when_loading(data_copy):
    def edit(key):
        key["questions"]["ex01.q1"]["answer"] = "kremlin"
        key["questions"]["ex01.q8"]["expected"] = {"rate_per_day": ["M18", "M04"]}
        key["questions"]["ex01.q4"]["examples"]["reject"].append(key["questions"]["ex01.q4"]["model_answer"])
        key["questions"]["ex02.q1"]["hints"] = ["See {value:ZZ9}."]
    _edit_key(data_copy, edit)
    with pytest.raises(DataError) as caught:
        claimlab.load(data_copy)
    message = str(caught.value)
    assert "data/exercises.yaml" in message
    for where in ("questions/ex01.q1", "questions/ex01.q8", "questions/ex01.q4", "questions/ex02.q1"):
        assert where in message


def test_a_broken_key_gives_the_learner_a_message(ds, monkeypatch):
    broken = json.loads(json.dumps(ds.exercises))
    broken["questions"]["ex02.q4"]["expected"] = {"value_of": "ZZ99"}
    monkeypatch.setitem(ds.docs, "exercises", broken)
    feedback = check("ex02.q4", 5, ds=ds)
    assert feedback.status == "not_checked" and "instructor" in feedback.text
    assert_plain(feedback)


# --------------------------------------------------------------------------- no learner input is run
def test_no_eval_or_exec_of_learner_input():
    for path in (ROOT / "src" / "claimlab").rglob("*.py"):
        source, name = path.read_text(encoding="utf-8"), path.name
        assert not re.search(r"\b(eval|exec|literal_eval|__import__)\s*\(", source), name
        assert "compile(" not in source.replace("re.compile(", "")


def test_numbers_from_text_are_parsed_not_run():
    assert references.as_number("1,234.5") == 1234.5
    assert references.as_number("1 200") == 1200
    assert references.as_number("__import__('os')") is None
    assert references.as_number("2**10") is None
    assert math.isinf(references.as_number(10**400))


# --------------------------------------------------------------------------- fresh passages from the bank
def test_every_bank_passage_can_be_asked_every_bank_question(ds):
    """The answer comes from data/bank.csv; the right option is judged right, any other not."""
    table = bank.passages(ds)
    for pid, row in table.iterrows():
        for qid in practice.question_ids(ds, pid):
            dim = qid.split(".")[-1]
            expected = row[BANK_SPECS[dim].get("column", dim)]
            feedback = check(qid, expected, ds=ds, save=False)
            assert feedback.correct, (qid, feedback.text)
            why = " ".join(str(row["rationale"]).split())[:40] in " ".join(feedback.text.split())
            assert why == (dim == list(BANK_SPECS)[-1]), f"{qid}: the passage's rationale comes with its last question only"
            q = exercises.get_question(ds, qid)
            other = next(o["id"] for o in q["options"] if o["id"] != expected)
            assert check(qid, other, ds=ds, save=False).status == "incorrect"


def test_bank_question_ids_are_forgiving_and_unknown_ones_named(ds):
    assert check(" BANK.B31.WHO ", bank.passage(ds, "B31")["who"], ds=ds).correct
    for qid in ("bank.b99.who", "bank.b31.colour", "bank.b31", "bank..who"):
        assert check(qid, "yes", ds=ds).status == "unknown_question"


def test_an_answer_changed_in_the_bank_changes_the_check(data_copy, monkeypatch):
    path = data_copy / "data" / "bank.csv"
    import pandas as pd
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = frame.index[frame["passage_id"] == "B31"][0]
    old = frame.loc[row, "well_sourced"]
    new = "no" if old == "yes" else "yes"
    frame.loc[row, "well_sourced"] = new
    frame.to_csv(path, index=False)
    ds = claimlab.load(data_copy, revalidate=True)
    assert check("bank.b31.well_sourced", new, ds=ds, save=False).correct
    assert not check("bank.b31.well_sourced", old, ds=ds, save=False).correct


def test_the_rewrite_tasks_use_new_passages(ds):
    """Fresh rewrite tasks are about bank passages kept for them, never sentences of the article."""
    article = ds.article.text if hasattr(ds.article, "text") else ""
    for qid in of_type("text", "mislead"):
        q = QUESTIONS[qid]
        if q["notebook"] != "ex04":
            continue
        row = bank.passage(ds, q["passage"])
        assert row["used_in"] in ("rewrite", "mislead")
        assert row["passage"] not in article


# --------------------------------------------------------------------------- every attempt is kept
def test_every_attempt_is_kept_first_tries_and_last(ds):
    q = QUESTIONS["ex01.q1"]
    wrong = wrong_option(q)["id"]
    check("ex01.q1", wrong, ds=ds)
    check("ex01.q1", ..., ds=ds)  # not an attempt
    check("ex01.q1", {"a": 1}, ds=ds)  # could not be read: not an attempt
    check("ex01.q1", q["answer"], ds=ds)
    entry = exercises.attempts()["ex01.q1"]
    assert entry["tries"] == 2
    assert entry["first"]["answer"] == wrong and entry["first"]["status"] == "incorrect"
    assert entry["last"]["answer"] == q["answer"] and entry["last"]["status"] == "correct"
    check("ex01.q1", wrong, ds=ds)
    entry = exercises.attempts()["ex01.q1"]
    assert entry["first"]["answer"] == wrong and entry["tries"] == 3  # the first is never overwritten
    on_disk = json.loads(store.current().path.read_text(encoding="utf-8"))
    assert on_disk["attempts"]["ex01.q1"]["tries"] == 3 and "attempts" not in on_disk["notes"]


def test_showing_the_answer_is_noted_and_renders_from_data(ds):
    for qid in IDS:
        shown = exercises.expert_answer(qid, ds=ds)
        assert shown.status == "correct", shown.text
        assert_plain(shown)
        assert KEY["messages"]["expert_answer"] in shown.text
    q = QUESTIONS["ex01.q1"]
    label = common.label(ds, next(o for o in q["options"] if o["id"] == q["answer"]))
    revealed = exercises.reveal("ex01.q1", ds=ds)
    assert label in revealed.text
    assert exercises.attempts()["ex01.q1"]["revealed"] is True
