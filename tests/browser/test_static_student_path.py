"""A learner's way through the static site (issue 25), in Chromium from ``file://``, nothing but the pages.

From the contents page: *Start here*, the first impression, the pre-course trust check (notebook 00a), a
sourcing rater answered on notebook 02 and the page reloaded (every option comes back, in the page and in
the picker's copy of the claim), one answer changed (the other eight are kept), an exercise question
answered wrong then right (Hint, then Show the answer after two tries), a practice passage with its
questions and the Next passage button, a rewrite task (a self-check, never "right"), the trust check
again and the change it shows (the same HTML as the kernel's TrustChange for the same notes), a reload,
then the download. The downloaded file is put in a folder and read by the class results
(:class:`~claimlab.classroom.results.ClassResults` and :class:`~claimlab.classroom.learning.ClassLearning`):
its ratings, exercises, attempts and both trust checks. Every page is reached by its next-page link.
"""
from __future__ import annotations

import json

import pytest

from claimlab.core import bank, exercises
from claimlab.core import practice as bank_questions
from claimlab.core.dataset import load
from claimlab.core.store import AnswerStore

pytestmark = pytest.mark.browser


def as_browser_writes(page, html: str) -> str:
    """``html`` as the browser writes it back (entities such as &quot; become plain characters)."""
    return page.evaluate("h => { const d = document.createElement('div'); d.innerHTML = h; return d.innerHTML; }", html)


def next_page(page, expected: str) -> None:
    """Follow the page's next-page link; it must lead to the notebook ``expected``."""
    link = page.locator("a.claimlab-next")
    assert link.count() == 1, f"{page.url} has no next-page link"
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{expected}.html"), page.url


def stored(page) -> dict:
    return page.evaluate("() => window.claimlabStatic.load()")


def rate_trust(page, stage: str, ds) -> dict[str, int]:
    """Rate every passage of this learner's trust form: 4 for well-sourced passages, 2 for the others."""
    part = page.locator(f'.claimlab-part[data-part="trust"][data-stage="{stage}"]')
    items = part.locator(".claimlab-trust-item:not([hidden])")
    assert items.count() == len(bank.used_in(ds, "form_a")), "the page shows a whole trust form"
    given = {}
    for n in range(items.count()):
        item = items.nth(n)
        pid = item.get_attribute("data-passage")
        assert item.locator(".claimlab-trust-number").inner_text().strip() == f"{n + 1}."
        value = 4 if bank.passage(ds, pid)["well_sourced"] == "yes" else 2
        item.locator(f'input[value="{value}"]').check()
        given[pid] = value
    part.locator(".claimlab-save").click()
    assert "claimlab-static" not in part.locator(".claimlab-status").inner_text()
    return given


def test_a_learner_works_through_the_static_site_and_the_class_results_read_the_export(
        static_site, watched_page, tmp_path, monkeypatch):
    from claimlab.classroom.learning import ClassLearning
    from claimlab.classroom.results import ClassResults
    from claimlab.ui.widgets.trust import TrustChange
    out, _pages = static_site
    ds = load()
    page = watched_page.page

    # the contents page: Start here
    page.goto((out / "index.html").as_uri())
    page.locator("a.claimlab-start").click()
    page.wait_for_load_state()
    assert page.url.endswith("/notebooks/00_start_here.html")
    impression = page.locator('.claimlab-part[data-part="impression"]').first
    impression.locator('input[value="3"]').check()
    impression.locator("input[type=text]").fill("  It names some sources  ")
    impression.locator(".claimlab-save").click()
    assert stored(page)["notes"]["first_impression"]["why"] == "It names some sources"

    # the trust check before the lessons: this learner's form, in this learner's order
    next_page(page, "00a_pre_test")
    pre = rate_trust(page, "pre", ds)
    note = stored(page)["notes"]["trust_pre"]
    seed = stored(page)["notes"]["learner_seed"]
    assert note == {"form": bank.forms_for(seed)["pre"], "seed": seed, "ratings": pre}
    assert list(pre) == bank.form_items(ds, "pre", seed), "the passages come in the kernel's order for the seed"
    watched_page.screenshot("-trust-pre")

    # notebook 02: a rater answered (one question wrong), the page reloaded, one answer changed
    next_page(page, "01_who_says_what")
    next_page(page, "02_judging_sources")
    claim = "CL25"
    raters = page.locator(f'.claimlab-rater[data-claim="{claim}"]')
    assert raters.count() >= 2, "notebook 02 shows CL25 on its own and in the picker"
    names = page.evaluate("() => Array.from(document.querySelectorAll('.claimlab-rater')).map(r => "
                          "Array.from(new Set(Array.from(r.querySelectorAll('input[type=radio]')).map(i => i.name))))")
    flat = [name for rater in names for name in rater]
    assert len(flat) == len(set(flat)), "two raters on the page share radio names"
    rater = raters.first
    dims = [d["id"] for d in ds.rubric["dimensions"]]
    key = {d: str(ds.key.loc[claim, d]) for d in dims}
    first_dim = ds.rubric["dimensions"][0]
    wrong = next(str(o["id"]) for o in first_dim["options"] if str(o["id"]) != key[dims[0]])
    for dim in dims:
        rater.locator(f'fieldset[data-dim="{dim}"] input[value="{wrong if dim == dims[0] else key[dim]}"]').check()
    rater.locator(".claimlab-check").click()
    page.reload()
    rater = page.locator(f'.claimlab-rater[data-claim="{claim}"]').first
    for copy in range(raters.count()):  # every copy of the claim, the picker's hidden one too
        for dim in dims:
            chosen = wrong if dim == dims[0] else key[dim]
            assert page.locator(f'.claimlab-rater[data-claim="{claim}"]').nth(copy).locator(
                f'fieldset[data-dim="{dim}"] input[value="{chosen}"]').is_checked(), (copy, dim)
    rater.locator(f'fieldset[data-dim="{dims[0]}"] input[value="{key[dims[0]]}"]').check()
    rater.locator(".claimlab-check").click()
    kept = stored(page)["ratings"][claim]
    assert kept["answers"] == key, "changing one answer kept the other eight"
    assert all(v == "right" for v in kept["verdicts"].values())
    for dim in dims:
        assert rater.locator(f'fieldset[data-dim="{dim}"] input[value="{key[dim]}"]').is_checked()

    # an exercise question: wrong, a hint, right; the answer offered after two tries
    for name in ("03_the_numbers", "04_counting_the_dead_and_lost", "05_where_did_this_text_come_from",
                 "06_wrap_up", "ex01_who_is_counting"):
        next_page(page, name)
    box = page.locator('.claimlab-q[data-kind="exercise"][data-control="radio"]').first
    qid = box.get_attribute("data-id")
    q = ds.exercises["questions"][qid]
    assert exercises.question(qid, ds=ds).headline in box.locator(".claimlab-prompt").inner_text()
    wrong_option = next(str(o["id"]) for o in q["options"] if str(o["id"]) not in (q["answer"], *q.get("accept", [])))
    box.locator(f'input[value="{wrong_option}"]').check()
    box.locator(".claimlab-check").click()
    assert "claimlab-incorrect" in box.locator(".claimlab-feedback-box").inner_html()
    box.locator(".claimlab-hint").click()
    assert box.locator(".claimlab-hints").inner_text().strip(), "the Hint button the feedback names gives a hint"
    assert box.locator(".claimlab-reveal").is_hidden()
    box.locator(f'input[value="{q["answer"]}"]').check()
    box.locator(".claimlab-check").click()
    assert "claimlab-correct" in box.locator(".claimlab-feedback-box").inner_html()
    box.locator(".claimlab-reveal").click()
    assert box.locator(".claimlab-answer-box").inner_text().strip()
    attempt = stored(page)["attempts"][qid]
    assert (attempt["first"]["status"], attempt["last"]["status"], attempt["tries"]) == ("incorrect", "correct", 2)
    assert attempt["revealed"] is True and attempt["revealed_after"] == 2
    # cl.exercise_progress("ex01") shows what the kernel's shows for the same answers
    from claimlab.ui.render import progress_html
    snapshot = tmp_path / "after-ex01.json"
    snapshot.write_text(json.dumps(stored(page)), encoding="utf-8")
    monkeypatch.setenv("CLAIMLAB_ANSWERS", str(snapshot))
    kernel_progress = progress_html(exercises.exercise_progress("ex01", ds=ds))
    shown_progress = page.locator('.claimlab-part[data-part="exercise-progress"] .claimlab-progress-view').inner_html()
    assert shown_progress == as_browser_writes(page, kernel_progress)

    # ex04: a practice passage, one at a time
    for name in ("ex02_tracing_the_numbers", "ex03_same_standard", "ex04_fresh_cases"):
        next_page(page, name)
    practice = page.locator('.claimlab-part[data-part="practice"]')
    shown = practice.locator(".claimlab-passage:not([hidden])")
    assert shown.count() == 1, "one passage at a time"
    drawn = bank.practice_draw(ds, seed, int(exercises.settings(ds).get("practice_passages", 4)))
    assert shown.first.get_attribute("data-passage") == drawn[0]
    assert shown.first.locator("blockquote").inner_text().strip()
    for pq in bank_questions.question_ids(ds, drawn[0]):
        form = shown.first.locator(f'.claimlab-q[data-id="{pq}"]')
        form.locator(f'input[value="{bank_questions.bank_question(ds, pq)["answer"]}"]').check()
        form.locator(".claimlab-check").click()
        assert "claimlab-correct" in form.locator(".claimlab-feedback-box").inner_html()
    practice.locator(".claimlab-next-passage").click()
    assert practice.locator(".claimlab-passage:not([hidden])").count() == 2
    assert practice.locator(".claimlab-passage:not([hidden])").nth(1).get_attribute("data-passage") == drawn[1]
    # the rewrite task shows its passage and is a self-check
    rewrite = page.locator('.claimlab-q[data-id="ex04.q1"]')
    assert bank.passage(ds, ds.exercises["questions"]["ex04.q1"]["passage"])["passage"][:40] in rewrite.inner_text()
    rewrite.locator("textarea").fill("Russia's defence minister said, without evidence that could be verified, ...")
    rewrite.locator(".claimlab-check").click()
    assert "claimlab-unsure" in rewrite.locator(".claimlab-feedback-box").inner_html()
    assert stored(page)["exercises"]["ex04.q1"]["status"] == "unsure"
    watched_page.screenshot("-practice", show=practice)

    # notebook 06: the trust check again, and the change it shows
    page.goto((out / "notebooks" / "06_wrap_up.html").as_uri())
    rate_trust(page, "post", ds)
    change = page.locator('.claimlab-part[data-part="trust-change"]')
    change.locator(".claimlab-show-change").click()
    shown_change = change.locator(".claimlab-change-view").inner_html()
    copy_file = tmp_path / "now.json"
    copy_file.write_text(json.dumps(stored(page)), encoding="utf-8")
    kernel = TrustChange(store=AnswerStore(copy_file))
    assert shown_change == as_browser_writes(page, kernel.html_text())
    watched_page.screenshot("-trust-change", show=change)

    # a reload keeps it all; the download is what the instructor collects
    page.reload()
    before = stored(page)
    with page.expect_download() as download_info:
        page.locator(".claimlab-export").first.click()
    folder = tmp_path / "class"
    folder.mkdir()
    target = folder / download_info.value.suggested_filename
    download_info.value.save_as(target)
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert {k: exported[k] for k in ("ratings", "exercises", "attempts", "notes")} == \
        {k: before[k] for k in ("ratings", "exercises", "attempts", "notes")}

    results = ClassResults(folder, ds=ds, progress=False)
    assert not results.skipped and len(results.learners) == 1, results.skipped
    learner = results.learners[0]
    assert learner.ratings[claim] == key
    assert learner.exercises[qid]["status"] == "correct"
    assert learner.attempts[qid]["tries"] == 2 and learner.attempts[qid]["first"]["status"] == "incorrect"
    assert not results.verdicts().empty
    learning = ClassLearning(folder, ds=ds)
    row = learning.learners().iloc[0]
    assert row["pre_discernment"] == pytest.approx(2.0) and row["post_discernment"] == pytest.approx(2.0)
    first_try = learning.first_try()
    assert qid in set(first_try["question"])
    assert watched_page.blocked == [], f"requests left the machine: {watched_page.blocked}"
    assert watched_page.console_errors == []
