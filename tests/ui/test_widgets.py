"""The sourcing widgets, driven through their Python API: no kernel, no browser.

Expected answers come from data/key.csv, never typed here.
"""
from __future__ import annotations

import base64
import html
import json
import re

import ipywidgets as w
import pandas as pd
import pytest

import claimlab
from claimlab.core import rubric, store, text
from claimlab.core.words import word
from claimlab.ui import widgets
from claimlab.ui.widgets import base as widget_base
from claimlab.ui.widgets import polls

CLAIMS = ["CL25", "CL15", "CL05", "CL04"]


# --------------------------------------------------------------------------- fixtures and helpers
@pytest.fixture
def answers_path(tmp_path):
    return tmp_path / "a.json"


@pytest.fixture
def st(answers_path):
    return store.AnswerStore(answers_path)


def dims(ds) -> list[str]:
    return [d["id"] for d in ds.rubric["dimensions"]]


def key_answers(ds, claim_id: str) -> dict[str, str]:
    return {d: str(ds.key.loc[claim_id, d]) for d in dims(ds)}


def accepted(ds, claim_id: str, dim: str) -> list[str]:
    raw = ds.key.loc[claim_id].get(f"{dim}_accept")
    return [] if pd.isna(raw) else [p.strip() for p in str(raw).split(";") if p.strip()]


def near_miss(ds, claim_id: str) -> tuple[str, str]:
    """(dimension, option) for the first dimension whose key lists a near miss."""
    dim = next(d for d in dims(ds) if accepted(ds, claim_id, d))
    return dim, accepted(ds, claim_id, dim)[0]


def wrong_answer(ds, claim_id: str, dim: str) -> str:
    options = [str(o["id"]) for d in ds.rubric["dimensions"] if d["id"] == dim for o in d["options"]]
    allowed = {str(ds.key.loc[claim_id, dim]), *accepted(ds, claim_id, dim)}
    return next(o for o in options if o not in allowed)


def plain(value: str) -> str:
    """What a reader sees in an HTML widget."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", value)).split())


def fill(rater: widgets.SourcingRater, chosen: dict) -> None:
    for dim, value in chosen.items():
        rater.controls[dim].value = value


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


# --------------------------------------------------------------------------- the lazy public API
@pytest.mark.parametrize("name", ["claim_card", "rate", "rate_any", "progress", "progress_summary",
                                  "first_impression", "export_answers"])
def test_public_names_resolve_through_the_package(name):
    assert getattr(claimlab, name) is getattr(widgets, name)


# --------------------------------------------------------------------------- claim card
@pytest.mark.parametrize("claim_id", CLAIMS)
def test_claim_card_marks_the_quote_inside_its_paragraph(ds, claim_id):
    claim = ds.claims.loc[claim_id]
    card = claimlab.claim_card(claim_id)
    value = card.html.value
    marked = re.search(r"<mark[^>]*>(.*?)</mark>", value).group(1)
    assert html.unescape(marked) == claim["quote"]
    seen = plain(value)
    paragraph = int(claim["paragraph"])
    assert ds.article.paragraphs[paragraph] in html.unescape(re.sub(r"</?mark[^>]*>", "", value))
    assert f"paragraph {paragraph}" in seen
    assert str(claim["claimant"]) in seen
    from claimlab.core.words import side_word
    assert side_word(claim["claimant_side"], ds) in seen
    if not pd.isna(claim["attribution_verb"]):
        assert str(claim["attribution_verb"]) in seen
    if not pd.isna(claim["when_in_text"]):
        assert str(claim["when_in_text"]) in seen
    if not pd.isna(claim["said_on"]):
        assert text.fmt_date(claim["said_on"]) in seen


@pytest.mark.parametrize("typed", ["cl25", " CL25 ", "25", 25, "CL 25"])
def test_claim_ids_are_forgiving(typed):
    assert claimlab.claim_card(typed).claim_id == "CL25"


@pytest.mark.parametrize("typed", ["CL99", "", None, "Kursk", 3.5, ["CL25"]])
def test_an_unknown_claim_gets_a_message_not_an_error(ds, typed):
    card = claimlab.claim_card(typed)
    rater = claimlab.rate(typed)
    for widget in (card, rater):
        assert widget.claim_id is None and widget.last_error is None
    ids = ds.claim_ids()
    no_claim = word("widget.no_claim", ds).split("{given}")[0]  # the message up to the id typed
    assert no_claim in plain(card.html.value)
    assert no_claim in plain(rater.status.value)
    assert f"{ids[0]} to {ids[-1]}" in repr(rater)


# --------------------------------------------------------------------------- the rater: building
def test_rater_has_one_labelled_unset_control_per_dimension(ds, st):
    rater = claimlab.rate("CL25", store=st)
    assert list(rater.controls) == dims(ds)
    seen = plain("".join(child.value for child in walk(rater) if isinstance(child, w.HTML)))
    for dim in ds.rubric["dimensions"]:
        control = rater.controls[dim["id"]]
        assert isinstance(control, (w.RadioButtons, w.ToggleButtons, w.Dropdown))
        assert control.value is None, "nothing may be preselected"
        assert list(control.options) == [(o["label"], str(o["id"])) for o in dim["options"]]
        assert dim["question"] in seen, "the question must be visible"
        assert dim["question"] in control.tooltip
        assert rater.feedback[dim["id"]].value == ""
    assert rater.check_button.description == word("rater.check", ds)
    assert rater.reset_button.description == word("rater.reset", ds)


def test_help_toggles_show_the_rubric_help(ds, st):
    rater = claimlab.rate("CL15", store=st)
    dim = ds.rubric["dimensions"][0]
    button, help_text = rater.help_buttons[dim["id"]], rater.help_texts[dim["id"]]
    assert help_text.layout.display == "none" and button.description == word("rater.show_help", ds)
    button.value = True
    assert help_text.layout.display is None and button.description == word("rater.hide_help", ds)
    assert " ".join(dim["help"].split()) in plain(help_text.value)
    button.value = False
    assert help_text.layout.display == "none"


# --------------------------------------------------------------------------- the rater: feedback
@pytest.mark.parametrize("claim_id", CLAIMS)
def test_the_keys_answers_are_all_right_and_show_the_rationale(ds, st, claim_id):
    rater = claimlab.rate(claim_id, store=st)
    fill(rater, key_answers(ds, claim_id))
    rater.check_button.click()
    assert rater.last_error is None
    assert rater.judgement.counts["right"] == len(dims(ds))
    for dim in dims(ds):
        seen = plain(rater.feedback[dim].value)
        assert seen.startswith("✓ Right.")
        assert rubric.option_label(ds, dim, str(ds.key.loc[claim_id, dim])) in seen
    assert f"{len(dims(ds))} right" in plain(rater.headline.value)
    assert text.render(str(ds.key.loc[claim_id, "rationale"]), ds) in plain(rater.rationale.value)


@pytest.mark.parametrize("claim_id", CLAIMS)
def test_a_near_miss_says_so_and_explains(ds, st, claim_id):
    dim, option = near_miss(ds, claim_id)
    rater = claimlab.rate(claim_id, store=st)
    fill(rater, dict(key_answers(ds, claim_id), **{dim: option}))
    rater.check()
    seen = plain(rater.feedback[dim].value)
    assert seen.startswith("≈ Near miss.")
    assert rubric.option_label(ds, dim, option) in seen
    assert rubric.option_label(ds, dim, str(ds.key.loc[claim_id, dim])) in seen
    assert "1 near miss," in plain(rater.headline.value)


@pytest.mark.parametrize("claim_id", CLAIMS)
def test_a_wrong_answer_says_not_quite_and_why(ds, st, claim_id):
    dim = "who"
    option = wrong_answer(ds, claim_id, dim)
    rater = claimlab.rate(claim_id, store=st)
    fill(rater, dict(key_answers(ds, claim_id), **{dim: option}))
    judgement = rater.check()
    result = next(r for r in judgement.results if r.dimension == dim)
    seen = plain(rater.feedback[dim].value)
    assert seen.startswith("✗ Not quite.")
    assert result.feedback in seen  # the why comes from rubric.judge
    assert rubric.option_label(ds, dim, str(ds.key.loc[claim_id, dim])) in seen


def test_unanswered_questions_are_pointed_out_not_raised(ds, st):
    rater = claimlab.rate("CL25", store=st)
    chosen = dict(list(key_answers(ds, "CL25").items())[:2])
    fill(rater, chosen)
    rater.check()
    assert rater.last_error is None
    for dim in dims(ds):
        seen = plain(rater.feedback[dim].value)
        assert seen.startswith("✓ Right.") if dim in chosen else seen.startswith("○ Not answered yet.")
    assert f"{len(dims(ds)) - 2} not answered yet" in plain(rater.headline.value)
    assert str(ds.key.loc["CL25", "rationale"])[:30] not in plain(rater.rationale.value)
    assert word("rater.answer_all", ds) in plain(rater.rationale.value)


def test_checking_with_nothing_answered_saves_nothing(st, answers_path):
    rater = claimlab.rate("CL05", store=st)
    rater.check()
    assert rater.last_error is None
    assert "Nothing answered yet" in plain(rater.headline.value)
    assert st.rating("CL05") is None and not answers_path.exists()


def test_changing_an_answer_after_check_marks_its_feedback_as_old(ds, st):
    rater = claimlab.rate("CL15", store=st)
    fill(rater, key_answers(ds, "CL15"))
    rater.check()
    rater.controls["who"].value = wrong_answer(ds, "CL15", "who")
    assert word("rater.changed", ds) in plain(rater.feedback["who"].value)
    assert plain(rater.feedback["party"].value).startswith("✓ Right.")


def test_check_saves_at_once_and_a_new_rater_restores(ds, st, answers_path):
    chosen = dict(key_answers(ds, "CL04"), framing=wrong_answer(ds, "CL04", "framing"))
    rater = claimlab.rate("CL04", store=st)
    fill(rater, chosen)
    rater.check()
    saved = json.loads(answers_path.read_text(encoding="utf-8"))["ratings"]["CL04"]
    assert saved["answers"] == chosen
    assert saved["verdicts"]["framing"] == "wrong"
    again = claimlab.rate("CL04", store=st)
    assert again.answers() == chosen
    assert plain(again.feedback["framing"].value).startswith("✗ Not quite.")
    assert word("rater.restored", ds) in plain(again.status.value)


def test_reset_clears_everything_and_forgets_the_saved_answer(ds, st, answers_path):
    rater = claimlab.rate("CL25", store=st)
    fill(rater, key_answers(ds, "CL25"))
    rater.check()
    rater.reset_button.click()
    assert all(value is None for value in rater.answers().values())
    assert all(box.value == "" for box in rater.feedback.values())
    assert rater.headline.value == rater.rationale.value == ""
    assert word("rater.cleared_saved", ds) in plain(rater.status.value)
    assert "CL25" not in json.loads(answers_path.read_text(encoding="utf-8"))["ratings"]
    assert claimlab.rate("CL25", store=store.AnswerStore(answers_path)).answers()["who"] is None


def test_reset_without_a_saved_answer_just_clears(ds, st):
    rater = claimlab.rate("CL25", store=st)
    rater.controls["who"].value = "russian_official"
    rater.reset()
    assert rater.controls["who"].value is None
    assert word("rater.cleared", ds) in plain(rater.status.value) and rater.last_error is None


def test_an_unexpected_error_becomes_a_plain_message(ds, st, monkeypatch):
    rater = claimlab.rate("CL25", store=st)
    fill(rater, key_answers(ds, "CL25"))

    def broken(*args, **kwargs):
        raise RuntimeError("the key could not be read")

    monkeypatch.setattr(rubric, "judge", broken)
    rater.check_button.click()  # must not raise
    seen = plain(rater.status.value)
    assert word("widget.error", ds, what=word("rater.doing_check", ds)).split(" (")[0] in seen
    assert "Traceback" not in seen
    assert "RuntimeError" in rater.last_error
    assert rater.answers() == key_answers(ds, "CL25"), "the learner's choices stay"


def test_broken_data_is_reported_in_the_widget_with_file_and_row(st, monkeypatch):
    problem = claimlab.core.problems.Problem("data/key.csv", "this cell is empty but must be filled in",
                                    row=4, column="who", row_id="CL03")

    def broken(*args, **kwargs):
        raise claimlab.DataError([problem])

    from claimlab.ui.widgets import base, card, progress_view, rater
    for module in (card, rater, progress_view, base):
        if hasattr(module, "load"):
            monkeypatch.setattr(module, "load", broken)
    for make in (lambda: claimlab.claim_card("CL25"), lambda: claimlab.rate("CL25", store=st),
                 lambda: claimlab.rate_any(store=st), lambda: claimlab.progress(store=st)):
        panel = make()  # must not raise
        seen = plain(panel.status.value)
        assert "could not read its data" in seen and str(problem) in seen
        assert "Traceback" not in seen and "DataError" in panel.last_error


def test_the_default_store_is_the_kernels_current_one(ds, tmp_path):
    rater = claimlab.rate("CL25")
    fill(rater, key_answers(ds, "CL25"))
    rater.check()
    assert (tmp_path / "default" / "answers.json").is_file()


# --------------------------------------------------------------------------- rate any claim
def test_rate_any_lists_every_claim_with_a_readable_label(ds, st):
    picker = claimlab.rate_any(store=st)
    assert [value for _, value in picker.dropdown.options] == ds.claim_ids()
    label = dict((v, k) for k, v in picker.dropdown.options)["CL05"]
    claim = ds.claims.loc["CL05"]
    assert label.startswith(f"CL05 — ¶{int(claim['paragraph'])} — ")
    assert label.endswith(" …") and label[len("CL05 — ¶3 — "):-2] in claim["quote"]
    assert picker.dropdown.description


def test_rate_any_switches_claims_and_keeps_choices(ds, st):
    picker = claimlab.rate_any(["CL25", "CL15", "CL05"], store=st)
    assert picker.rater.claim_id == "CL25"
    picker.rater.controls["who"].value = "russian_official"
    picker.dropdown.value = "CL15"
    assert picker.rater.claim_id == "CL15"
    assert picker.rater_box.children == (picker.rater,)
    picker.select("CL25")
    assert picker.dropdown.value == "CL25"
    assert picker.rater.controls["who"].value == "russian_official"


def test_rate_any_starts_at_the_first_claim_not_yet_rated(ds, st):
    rater = claimlab.rate("CL25", store=st)
    fill(rater, key_answers(ds, "CL25"))
    rater.check()
    assert claimlab.rate_any(["CL25", "CL15"], store=st).dropdown.value == "CL15"


def test_rate_any_reports_unknown_ids(ds, st):
    picker = claimlab.rate_any(["CL25", "CL99"], store=st)
    assert [v for _, v in picker.dropdown.options] == ["CL25"]
    no_claim = word("widget.no_claim", ds, given="CL99")
    assert no_claim.split(". ")[0] in plain(picker.status.value)
    empty = claimlab.rate_any(["nope"], store=st)
    assert empty.rater is None and empty.last_error is None
    assert no_claim.split("'")[0] in plain(empty.status.value)


# --------------------------------------------------------------------------- progress
def test_progress_counts_match_the_answers(ds, st):
    near_dim, near_option = near_miss(ds, "CL15")
    plan = {
        "CL25": key_answers(ds, "CL25"),
        "CL15": dict(key_answers(ds, "CL15"), **{near_dim: near_option}),
        "CL05": dict(key_answers(ds, "CL05"), who=wrong_answer(ds, "CL05", "who"), framing=None),
    }
    for claim_id, chosen in plan.items():
        rater = claimlab.rate(claim_id, store=st)
        fill(rater, chosen)
        rater.check()
    st.data["ratings"]["CL99"] = {"answers": {"who": "no_one_named"}}  # e.g. a claim since removed: ignored

    frame = claimlab.progress_summary(store=st)
    assert list(frame["dimension"]) == dims(ds)
    assert frame.attrs["claims_judged"] == 3 and frame.attrs["claims_total"] == len(ds.claims)
    row = frame.set_index("dimension")
    assert row.loc["who", "right"] == 2 and row.loc["who", "not_quite"] == 1
    assert row.loc["framing", "right"] == 2 and row.loc["framing", "not_answered"] == 1
    assert row.loc[near_dim, "near"] == 1
    assert (row[["right", "near", "not_quite", "not_answered"]].sum(axis=1) == 3).all()
    assert int(row["right"].sum()) == 3 * len(dims(ds)) - 3

    view = claimlab.progress(store=st)
    assert word("progress.checked", ds, judged=3, total=len(ds.claims)) in plain(view.summary.value)
    table = plain(view.table.value)
    for heading in ds.interface["progress"]["headers"]:
        assert heading in table


def test_progress_refresh_picks_up_new_answers(ds, st):
    view = claimlab.progress(store=st)
    assert word("progress.none", ds, total=len(ds.claims)) in plain(view.summary.value) and view.table.value == ""
    rater = claimlab.rate("CL04", store=st)
    fill(rater, key_answers(ds, "CL04"))
    rater.check()
    view.refresh_button.click()
    assert word("progress.checked", ds, judged=1, total=len(ds.claims)) in plain(view.summary.value)
    assert view.frame.attrs["claims_judged"] == 1


def test_progress_counts_false_alarms_on_well_supported_claims(ds, st):
    supported = next(c for c in ds.key.index if str(ds.key.loc[c, "credibility"]) in ("1", "2"))
    worst = [str(o["id"]) for d in ds.rubric["dimensions"] if d["id"] == "credibility" for o in d["options"]][-2]
    rater = claimlab.rate(supported, store=st)
    fill(rater, dict(key_answers(ds, supported), credibility=worst))
    rater.check()
    frame = claimlab.progress_summary(store=st)
    assert frame.attrs["supported_graded"] == 1 and frame.attrs["doubted_supported"] == 1
    false_alarms = word("progress.false_alarms", ds, n=1, of=1)
    assert false_alarms[false_alarms.rindex("}") + 1:] in plain(claimlab.progress(store=st).summary.value)


# --------------------------------------------------------------------------- first and final impression
def test_first_impression_saves_and_is_revisited(ds, st, answers_path):
    scale = polls.trust_scale(ds)
    assert [label for _value, label in scale] == ds.interface["poll"]["scale"] and scale[0][0] == 1
    poll = claimlab.first_impression(store=st)
    assert poll.scale.value is None
    assert poll.save() is False
    assert word("poll.choose", ds) in plain(poll.status.value)
    assert st.note("first_impression") is None
    poll.scale.value = scale[2][0]
    poll.why.value = "  one   line "
    poll.save_button.click()
    saved = json.loads(answers_path.read_text(encoding="utf-8"))["notes"]["first_impression"]
    assert saved == {"trust": scale[2][0], "label": scale[2][1], "why": "one line"}

    again = claimlab.first_impression(store=store.AnswerStore(answers_path))
    assert again.scale.value == scale[2][0] and again.why.value == "one line"

    final = claimlab.first_impression(revisit=True, store=store.AnswerStore(answers_path))
    assert word("poll.earlier", ds, label=scale[2][1], why="") in plain(final.earlier.value)
    assert "one line" in plain(final.earlier.value)
    assert final.scale.value is None
    final.scale.value = scale[0][0]
    assert final.save() is True
    assert word("poll.before", ds, before=scale[2][1]).strip() in plain(final.status.value)
    notes = json.loads(answers_path.read_text(encoding="utf-8"))["notes"]
    assert notes["final_impression"]["trust"] == scale[0][0]
    assert notes["first_impression"]["trust"] == scale[2][0]


def test_revisit_without_a_first_impression(st):
    final = claimlab.first_impression(revisit=True, store=st)
    assert "did not record a first impression" in plain(final.earlier.value)


# --------------------------------------------------------------------------- export
def _link_payload(value: str) -> dict:
    encoded = re.search(r'href="data:application/json;charset=utf-8;base64,([^"]+)"', value).group(1)
    return json.loads(base64.b64decode(encoded).decode("utf-8"))


def test_export_writes_a_valid_file_and_offers_a_download(ds, st, tmp_path):
    rater = claimlab.rate("CL25", store=st)
    fill(rater, key_answers(ds, "CL25"))
    rater.check()
    target = tmp_path / "for_instructor" / "mine.json"
    panel = claimlab.export_answers(target, store=st)
    assert panel.button.description == "Save a copy for my instructor"
    panel.button.click()
    assert panel.last_error is None and panel.written == target.resolve()
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["format"] == store.FORMAT and written["version"] == store.VERSION
    assert written["ratings"]["CL25"]["answers"] == key_answers(ds, "CL25")
    assert str(target.resolve()) in plain(panel.result.value)
    assert _link_payload(panel.result.value)["ratings"] == written["ratings"]
    assert "<a download=" in panel.result.value


def test_export_failure_is_plain_and_still_offers_the_link(st, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    panel = claimlab.export_answers(blocker / "copy.json", store=st)
    assert panel.export() is None
    assert panel.last_error is None
    assert "Could not write the copy" in plain(panel.result.value)
    assert _link_payload(panel.result.value)["format"] == store.FORMAT


# --------------------------------------------------------------------------- static text, accessibility, themes
def _all_widgets(st):
    return [
        claimlab.claim_card("CL25"), claimlab.rate("CL25", store=st), claimlab.rate_any(store=st),
        claimlab.progress(store=st), claimlab.first_impression(store=st),
        claimlab.first_impression(revisit=True, store=st), claimlab.export_answers(store=st),
    ]


def test_text_forms_are_deterministic_and_useful(ds, st, tmp_path):
    first = _all_widgets(st)
    rater = claimlab.rate("CL25", store=st)  # saved state must not change the text form
    fill(rater, key_answers(ds, "CL25"))
    rater.check()
    second = _all_widgets(store.AnswerStore(tmp_path / "other.json"))
    for a, b in zip(first, second):
        assert repr(a) == repr(b)
        bundle = a._repr_mimebundle_()
        assert bundle["text/plain"] == repr(a)
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert not re.search(r"0x[0-9a-f]{6,}|[0-9a-f]{32}|\d{4}-\d{2}-\d{2}T", repr(a)), repr(a)
    paragraph = int(ds.claims.loc["CL25", "paragraph"])
    assert repr(first[1]) == (f"{word('rater.text_form_claim', ds, claim='CL25', paragraph=paragraph, which='')} "
                              f"{widget_base.static_hint()}")
    assert ds.claims.loc["CL25", "quote"] in repr(first[0])


def test_every_control_has_a_name_and_nothing_is_too_wide(st):
    for panel in _all_widgets(st):
        for widget in walk(panel):
            if isinstance(widget, (w.Button, w.ToggleButton)):
                assert widget.description.strip(), "buttons need text, not only an icon"
            if isinstance(widget, (w.RadioButtons, w.Dropdown, w.Text)):
                assert (widget.description or widget.tooltip).strip()
            for size in (widget.layout.width, widget.layout.max_width, widget.layout.min_width):
                if size and size.endswith("px"):
                    assert float(size[:-2]) <= 600, f"{type(widget).__name__} is {size} wide"


def test_no_hard_coded_text_or_background_colours(ds, st):
    rater = claimlab.rate("CL05", store=st)
    fill(rater, dict(key_answers(ds, "CL05"), who=wrong_answer(ds, "CL05", "who")))
    rater.check()
    view = claimlab.progress(store=st)
    for panel in (rater, view):
        for widget in walk(panel):
            if isinstance(widget, w.HTML) and widget.value:
                bad = re.findall(r"(?:color|background)\s*:\s*(?:#|rgb|hsl|black|white)", widget.value, re.I)
                assert not bad, bad
                assert "var(--jp-" in widget.value


# --------------------------------------------------------------------------- some questions only; notes
def test_rater_can_ask_some_questions_only_and_keeps_the_others(tmp_path):
    from claimlab.core import store as answer_store
    from claimlab.ui.widgets import SourcingRater
    st = answer_store.AnswerStore(tmp_path / "a.json")
    ds = claimlab.load()
    claim_id = str(ds.key.index[0])
    every = dims(ds)
    asked = every[0:5:2]  # the first, third and fifth rubric questions
    changed, kept = asked[1], next(d for d in every if d not in asked)
    full = SourcingRater(claim_id, store=st)
    fill(full, key_answers(ds, claim_id))
    full.check()
    some = claimlab.rate(claim_id, dimensions=asked, store=st)
    assert set(some.controls) == set(asked)
    assert f"questions {', '.join(str(every.index(d) + 1) for d in asked)} of the rubric" in repr(some)
    wrong = wrong_answer(ds, claim_id, changed)  # neither the key's answer nor a near miss it accepts
    some.controls[changed].value = wrong
    judgement = some.check()
    assert [r.dimension for r in judgement.results] == asked
    assert judgement.counts["wrong"] == 1 and judgement.counts["right"] == len(asked) - 1
    saved = st.rating(claim_id)["answers"]
    assert saved[changed] == wrong and saved[kept] == key_answers(ds, claim_id)[kept]  # the others kept
    assert f"all {len(some.ds.dimensions())} questions" in some.rationale.value


def test_rater_with_an_unknown_question_says_so():
    rater = claimlab.rate("CL15", dimensions=["who", "colour"])
    assert "colour is not a rubric question" in rater.status.value
    assert "Traceback" not in repr(rater)


def test_note_box_saves_and_restores(tmp_path):
    from claimlab.core import store as answer_store
    st = answer_store.AnswerStore(tmp_path / "a.json")
    box = claimlab.note_box("summary", "What would you tell a friend?", store=st)
    assert repr(box).startswith(word("note.text_form", prompt="What would you tell a friend?"))
    assert box.save() is False and word("note.empty") in plain(box.status.value)
    box.text.value = "  Check who counted.  "
    assert box.save() is True
    again = claimlab.note_box("summary", "What would you tell a friend?",
                              store=answer_store.AnswerStore(tmp_path / "a.json"))
    assert again.text.value == "Check who counted."


# --------------------------------------------------------------------------- a question as a widget
def test_quiz_checks_saves_and_restores(tmp_path):
    from claimlab.core import store as answer_store
    ds = claimlab.load()
    q = ds.exercises["questions"]["lesson05.q1"]
    wrong = next(o["id"] for o in q["options"] if o["id"] != q["answer"])
    st = answer_store.AnswerStore(tmp_path / "a.json")
    box = claimlab.quiz("lesson05.q1", store=st)
    assert repr(box).startswith("Question lesson05.q1:")
    box.check()
    assert "Not answered yet" in box.feedback.value and st.exercise("lesson05.q1") is None
    box.control.value = wrong
    box.check()
    assert "Not quite" in box.feedback.value
    box.control.value = q["answer"]
    box.check()
    assert "Right." in box.feedback.value and st.exercise("lesson05.q1")["status"] == "correct"
    again = claimlab.quiz("lesson05.q1", store=answer_store.AnswerStore(tmp_path / "a.json"))
    assert again.control.value == q["answer"] and "Right." in again.feedback.value


def test_quiz_number_question(tmp_path):
    from claimlab.core import store as answer_store
    from claimlab.core.references import expected_value
    ds = claimlab.load()
    qid, q = next((k, v) for k, v in ds.exercises["questions"].items() if v["type"] == "number")
    box = claimlab.quiz(qid, store=answer_store.AnswerStore(tmp_path / "a.json"))
    box.answer.box.value = "not a number"
    assert not box.check().correct
    box.answer.box.value = f" {expected_value(q['expected'], ds):g} "
    assert box.check().correct


def test_quiz_choice_and_multi_controls(tmp_path):
    from claimlab.core import store as answer_store
    ds = claimlab.load()
    questions = ds.exercises["questions"]
    st = answer_store.AnswerStore(tmp_path / "a.json")
    choice = next(q for q, v in questions.items() if v["type"] == "choice")
    box = claimlab.quiz(choice, store=st)
    box.control.value = questions[choice]["answer"]
    assert box.check().correct
    multi = next(q for q, v in questions.items() if v["type"] == "multi")
    box = claimlab.quiz(multi, store=st)
    for option in questions[multi]["answer"]:
        box.answer.ticks[option].value = True
    assert box.check().correct


def test_quiz_unknown_question_is_a_message():
    box = claimlab.quiz("nope.q9")
    assert "no question" in box.status.value.lower() and "Traceback" not in box.status.value


def test_rater_hides_who_says_it_until_check_and_then_cites_sources(ds, st):
    rater = claimlab.rate("CL25", store=st)
    card = plain(rater.card.html.value)
    assert str(ds.claims.loc["CL25", "claimant"]) not in card and word("card.who_and_how_later", ds) in card
    fill(rater, key_answers(ds, "CL25"))
    rater.check()
    assert str(ds.claims.loc["CL25", "claimant"]) in plain(rater.card.html.value)
    cited = [i for i in str(ds.key.loc["CL25", "reference_ids"]).split(";") if i]
    assert cited and all(fid in plain(rater.rationale.value) for fid in cited)
    assert word("card.sources_cited", ds) in plain(rater.rationale.value)
