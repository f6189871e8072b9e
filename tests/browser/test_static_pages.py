"""The static HTML pages (``python -m claimlab html``): charts, widgets and answer checking with no kernel
and no internet.

Every page is built as ``python -m claimlab html`` builds it (the exercise notebooks run for what they
show) and checked to load nothing from the internet, to show what its notebook shows (the exercises'
paragraphs, figures and prompts) and to mention no control it does not have. Charts are drawn from
127.0.0.1 with every other request blocked. From ``file://``, with every request but the page's own files
blocked, a rater question and an exercise question are answered wrong, then right; the page is reloaded
(the answers come back), another page counts them, and the downloaded answers file is read by the class
results' reader. The page's feedback is compared with the kernel's (``exercises.check`` and the rater
widget) for every option of a sample of questions of every type, and the trust change with the kernel's
TrustChange for many sets of ratings. The defects of issue 25 are checked one by one: a damaged store is
set aside with a message, two modules' pages in one browser keep apart. A learner's whole way through
the site is ``test_static_student_path.py``.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from claimlab.core import questions as question_types
from claimlab.core import references
from claimlab.core.questions import common
from claimlab.core.text import escape
from claimlab.ui.render import feedback_html

ROOT = Path(__file__).resolve().parents[2]

PLOTLY_MIME = "application/vnd.plotly.v1+json"
CDN_HOSTS = ("cdnjs.cloudflare.com", "unpkg.com", "cdn.jsdelivr.net", "cdn.plot.ly", "fonts.googleapis.com")
# (tag, attribute) pairs that make the browser fetch something when the page loads
LOADING_ATTRIBUTES = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                      ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


class LoadedURLs(HTMLParser):
    """Collects every URL a page loads by itself (scripts, style sheets, images...), not links."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in LOADING_ATTRIBUTES and value:
                self.urls.append(value)


def stored_outputs(path: Path) -> tuple[bool, bool]:
    """(has a stored plotly chart, shows widgets) for one notebook."""
    nb = nbformat.read(path, as_version=4)
    outputs = [output.get("data", {}) for cell in nb.cells for output in cell.get("outputs", [])]
    return (any(PLOTLY_MIME in data for data in outputs),
            any("application/vnd.jupyter.widget-view+json" in data for data in outputs))


@pytest.fixture(scope="module")
def site(static_site):
    """Every notebook's page (conftest's ``static_site``): (the site folder, the pages)."""
    return static_site


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output readable
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` over HTTP on 127.0.0.1; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_every_page_is_offline_and_says_it_is_static(site):
    out, pages = site
    if not pages:
        pytest.skip("no notebooks yet")
    from claimlab.authoring.static import banner
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parser = LoadedURLs()
        parser.feed(text)
        remote = [u for u in parser.urls if urlsplit(u).scheme not in ("", "data")]
        assert not remote, f"{page.relative_to(out)} loads from the internet: {remote}"
        for url in parser.urls:
            if not url.startswith("data:"):
                assert (page.parent / urlsplit(url).path).resolve().is_file(), f"{page.name}: missing {url}"
        cdn = [host for host in CDN_HOSTS if host in text]
        assert not cdn, f"{page.relative_to(out)} still names a CDN: {cdn}"
        assert escape(banner()) in text, f"{page.relative_to(out)} lacks the static-copy banner"
    assert (out / "index.html").is_file()


@pytest.mark.browser
def test_a_real_chart_is_drawn_on_a_static_page_without_kernel_or_internet(site, watched_page):
    """Every lesson that stores a chart gets it drawn by plotly.js from the site itself: an SVG with marks."""
    out, _pages = site
    with_charts = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb")) if stored_outputs(p)[0]]
    assert with_charts, "no lesson notebook stores a chart; run python3 run.py execute"
    page = watched_page.page
    with serve(out) as base_url:
        for notebook in with_charts[:2]:
            page.goto(f"{base_url}/notebooks/{notebook.with_suffix('.html').name}")
            chart = page.locator(".js-plotly-plot .main-svg").first
            chart.wait_for(state="visible")
            marks = page.locator(".js-plotly-plot .scatterlayer .point, .js-plotly-plot .barlayer .point")
            assert marks.count() > 0, f"{notebook.name}: the chart on its page has no data marks"
            watched_page.screenshot(f"-chart-{notebook.stem}", show=chart)
    assert watched_page.blocked == [], f"requests left the machine: {watched_page.blocked}"
    assert watched_page.console_errors == []


# --------------------------------------------------------------------------- checking answers in the browser
def _page(out: Path, folder: str, question: str) -> Path:
    """The built page (in ``out``) of the notebook in ``folder`` that asks ``question`` (a code cell call)."""
    for notebook in sorted((ROOT / folder).glob("*.ipynb")):
        if any(question in "".join(cell.source) for cell in nbformat.read(notebook, as_version=4).cells
               if cell.cell_type == "code"):
            return out / folder / notebook.with_suffix(".html").name
    pytest.skip(f"no notebook in {folder}/ calls {question}")


def _other_option(options: list[dict], *keep: str) -> str:
    return next(str(o["id"]) for o in options if str(o["id"]) not in keep)


def test_pages_hide_the_answers(site):
    """The compiled feedback is encoded: no model answer or rationale in plain text beside the question."""
    out, pages = site
    from claimlab.core.dataset import load
    ds = load()
    text = _page(out, "exercises", "cl.exercise(").read_text(encoding="utf-8")
    for qid, q in ds.exercises["questions"].items():
        if q["type"] == "text" and f'data-id="{qid}"' in text:
            assert str(q["explanation"])[:60] not in text
    rater = _page(out, "notebooks", "cl.rate(").read_text(encoding="utf-8")
    assert str(ds.key.iloc[0]["rationale"])[:60] not in rater


@pytest.mark.browser
def test_answer_wrong_then_right_reload_and_export(site, watched_page, tmp_path):
    out, pages = site
    from claimlab.classroom.reader import LearnerFile, read_answers_file
    from claimlab.core import exercises, rubric
    from claimlab.core.dataset import load
    ds = load()
    page = watched_page.page
    rater_page = _page(out, "notebooks", "cl.rate(")
    page.goto(rater_page.as_uri())
    rater = page.locator(".claimlab-rater:not([hidden])").first
    claim = rater.get_attribute("data-claim")
    dim = ds.rubric["dimensions"][0]
    right = str(ds.key.loc[claim, dim["id"]])
    accepted = rubric.accepted(ds.key.loc[claim], dim["id"])
    wrong = _other_option(dim["options"], right, *accepted)
    question = rater.locator(f'fieldset[data-dim="{dim["id"]}"]')
    feedback = question.locator(".claimlab-dim-feedback")
    for option, verdict in ((wrong, "wrong"), (right, "right")):
        question.locator(f'input[value="{option}"]').check()
        rater.locator(".claimlab-check").click()
        expected = rubric.judge(claim, {dim["id"]: option}, ds, [dim["id"]]).results[0]
        assert expected.verdict == verdict
        assert feedback.inner_text().strip().endswith(expected.feedback)

    ex_page = _page(out, "exercises", "cl.exercise(")
    page.goto(ex_page.as_uri())
    box = page.locator('.claimlab-q[data-kind="exercise"][data-control="radio"]').first
    qid = box.get_attribute("data-id")
    q = ds.exercises["questions"][qid]
    for option, status in ((_other_option(q["options"], q["answer"], *q.get("accept", [])), "incorrect"),
                           (q["answer"], "correct")):
        box.locator(f'input[value="{option}"]').check()
        box.locator(".claimlab-check").click()
        kernel = exercises.check(qid, option, ds=ds, save=False)
        assert kernel.status == status
        assert box.locator(".claimlab-feedback-box").inner_html() == _as_browser_writes(page, feedback_html(kernel))

    page.reload()  # the answers come back, with their feedback
    box = page.locator(f'.claimlab-q[data-id="{qid}"]')
    assert box.locator(f'input[value="{q["answer"]}"]').is_checked()
    assert "claimlab-correct" in box.locator(".claimlab-feedback-box").inner_html()
    page.goto(rater_page.as_uri())
    assert page.locator(f'.claimlab-rater[data-claim="{claim}"]').first.locator(
        f'fieldset[data-dim="{dim["id"]}"] input[value="{right}"]').is_checked()
    page.goto((out / "index.html").as_uri())
    assert page.locator(".claimlab-count").first.inner_text().startswith("2 answers")
    with page.expect_download() as download_info:
        page.locator(".claimlab-export").first.click()
    target = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(target)
    watched_page.screenshot("-index")
    learner = read_answers_file(target, ds)
    assert isinstance(learner, LearnerFile), learner
    assert learner.ratings[claim][dim["id"]] == right
    assert learner.exercises[qid]["status"] == "correct"
    assert watched_page.blocked == [], f"requests left the machine: {watched_page.blocked}"
    assert watched_page.console_errors == []


def _as_browser_writes(page, html: str) -> str:
    """``html`` as the browser writes it back (entities such as &quot; become plain characters)."""
    return page.evaluate("h => { const d = document.createElement('div'); d.innerHTML = h; return d.innerHTML; }", html)


def _sample_answers(ds, qid: str) -> list:
    """Answers to try for one question: every option (and more) for each question type."""
    q = ds.exercises["questions"][qid]
    ids = lambda key: [str(o["id"]) for o in q.get(key, [])]  # noqa: E731
    if q["type"] == "choice":
        return [None, *ids("options")]
    if q["type"] == "multi":
        return [None, *[[o] for o in ids("options")], ids("options"), list(q["answer"])]
    if q["type"] == "order":
        items = ids("items")
        return [None, items, items[::-1], list(q["answer"]), items[:2], [items[0]] * len(items)]
    if q["type"] == "match":
        items = ids("items")
        return [None, dict(q["answer"]), *[{items[0]: o} for o in ids("options")],
                {i: ids("options")[0] for i in items}]
    if q["type"] == "number":
        value = references.expected_value(q["expected"], ds)
        traps = [references.expected_value(t["expected"], ds) for t in q.get("traps", [])]
        return [None, "a lot", "inf", *[f"{v:g}" for v in (value, value * 0.5, value * 2, *traps)], "1,000"]
    model = common.fill(str(q["model_answer"]), ds)
    return [None, model, model.split(" ")[0], "x" * (int(q.get("max_chars", 2000)) + 1), "I am not sure."]


@pytest.mark.browser
def test_page_feedback_is_the_kernels(site, watched_page, tmp_path):
    """For a sample of questions of every type and every rater question, page and kernel say the same."""
    out, _pages = site
    from claimlab.core import exercises
    from claimlab.core.dataset import load
    from claimlab.core.store import AnswerStore
    from claimlab.ui.widgets.rater import SourcingRater
    ds = load()
    page = watched_page.page
    questions = ds.exercises["questions"]
    sample: dict[str, str] = {}
    for qid, q in questions.items():
        sample.setdefault(q["type"], qid)
    checked = 0
    for folder in ("exercises", "notebooks"):
        for html_page in sorted((out / folder).glob("*.html")):
            text = html_page.read_text(encoding="utf-8")
            todo = [qid for qid in sample.values() if f'data-id="{qid}"' in text]
            if not todo:
                continue
            page.goto(html_page.as_uri())
            for qid in todo:
                written = question_types.get(questions[qid]["type"]).written
                for answer in _sample_answers(ds, qid):
                    shown = page.evaluate("([id, a]) => window.claimlabStatic.feedback(id, a)", [qid, answer])
                    kernel = exercises.check(qid, answer, ds=ds, save=False)
                    if written and kernel.status not in ("unanswered", "invalid"):
                        # a page cannot judge prose: it never gives a verdict, only the expert's answer to compare
                        assert "claimlab-unsure" in shown and "claimlab-correct" not in shown, (qid, answer)
                    else:
                        assert shown == _as_browser_writes(page, feedback_html(kernel)), f"{qid}, answer {answer!r}"
                    checked += 1
                del sample[questions[qid]["type"]]
    assert not sample, f"question types with no page to check them on: {sorted(sample)}"

    # two raters with every question, and one asking only some (its texts differ), from any lesson page
    chosen: dict[str, Path] = {}
    for html_page in sorted((out / "notebooks").glob("*.html")):
        keys = re.findall(r'claimlab-rater"[^>]*?data-id="([^"]+)"',
                          html_page.read_text(encoding="utf-8"))
        for key in [k for k in keys if k.endswith(":all")][:2 - sum(k.endswith(":all") for k in chosen)]:
            chosen.setdefault(key, html_page)
        if not any(not k.endswith(":all") for k in chosen):
            for key in [k for k in keys if not k.endswith(":all")][:1]:
                chosen.setdefault(key, html_page)
    assert any(k.endswith(":all") for k in chosen), "no page has a rater"
    for key, html_page in chosen.items():
        page.goto(html_page.as_uri())
        claim, _, which = key.partition(":")
        dims = None if which == "all" else which.split(",")
        widget = SourcingRater(claim, store=AnswerStore(tmp_path / f"{claim}.json"), ds=ds, dimensions=dims)
        for dim_id, control in widget.controls.items():
            for option_id in [None, *[value for _label, value in control.options]]:
                answers = {d: option_id if d == dim_id else None for d in widget.controls}
                if option_id is None:  # every question answered with the key's answer
                    answers = {d: str(ds.key.loc[claim, d]) for d in widget.controls}
                widget._set_controls(answers)
                widget.check()
                shown = page.evaluate("([id, a]) => window.claimlabStatic.feedback(id, a)", [key, answers])
                assert shown["headline"] == _as_browser_writes(page, widget.headline.value), (key, answers)
                assert shown["rationale"] == _as_browser_writes(page, widget.rationale.value), (key, answers)
                for d, box in widget.feedback.items():
                    assert shown["dims"][d] == _as_browser_writes(page, box.value), (key, d, answers)
                checked += 1
    assert checked > 20
    assert watched_page.console_errors == []


# --------------------------------------------------------------------------- what the pages carry
def test_pages_show_what_their_notebooks_show_and_name_no_missing_control(site):
    """Exercise pages show the paragraphs, figures and prompts their cells show; no learner's page says to run
    a cell in JupyterLab; every page leads on to the next (the lessons, then the exercises)."""
    out, pages = site
    from claimlab.core.dataset import load
    from claimlab.core.words import word
    from claimlab.ui.display import article_html
    ds = load()
    ex01 = (out / "exercises" / "ex01_who_is_counting.html").read_text(encoding="utf-8")
    paragraph = int(ds.claims.loc["CL25", "paragraph"])
    assert escape(ds.article.paragraphs[paragraph])[:80] in ex01, "ex01 lacks the paragraph its first cell shows"
    for row in ("M04", "M18"):  # cl.show_figures(["M04", "M18"])
        assert f">{row}<" in ex01 or f"{row} " in ex01 or f"{row}:" in ex01, f"ex01 lacks figure {row}"
    assert article_html(ds, [paragraph], ["CL25"])[:200] in ex01
    for qid, q in ds.exercises["questions"].items():
        if q.get("notebook") == "ex01":
            assert f'data-id="{qid}"' in ex01
    hint = escape(word("widget.static_hint"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert hint not in text, f"{page.relative_to(out)} still says to run a cell in JupyterLab"
        assert 'class="claimlab-nav"' in text, f"{page.relative_to(out)} has no way on"
    lessons = sorted((out / "notebooks").glob("*.html"))
    for page, following in zip(lessons, lessons[1:]):
        assert f'href="{following.name}"' in page.read_text(encoding="utf-8"), f"{page.name} does not lead to {following.name}"
    assert 'href="../exercises/ex01_who_is_counting.html"' in lessons[-1].read_text(encoding="utf-8")


def _module_key(ds) -> str:
    from claimlab.authoring.quizdata import module_id
    return f"claimlab-answers:{module_id(ds)}"


@pytest.mark.browser
def test_a_damaged_store_is_set_aside_with_a_message(site, watched_page):
    """Issue 25: a kept store with arrays for sections was dropped while the page said "kept"."""
    out, _pages = site
    from claimlab.core.dataset import load
    from claimlab.core.words import word
    ds = load()
    page = watched_page.page
    url = (out / "notebooks" / "02_judging_sources.html").as_uri()
    page.goto(url)
    key = _module_key(ds)
    assert page.evaluate("() => window.claimlabStatic.key") == key
    tampered = '{"format": "claimlab-answers", "version": 1, "ratings": [], "exercises": [["CL05"]]}'
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, tampered])
    page.reload()
    assert word("static.damaged") in page.locator(".claimlab-count").first.inner_text()
    aside = page.evaluate("k => Object.keys(localStorage).filter(n => n.startsWith(k + ':damaged:'))", key)
    assert len(aside) == 1 and page.evaluate("k => localStorage.getItem(k)", aside[0]) == tampered
    rater = page.locator(".claimlab-rater:not([hidden])").first
    dim = ds.rubric["dimensions"][0]
    rater.locator(f'fieldset[data-dim="{dim["id"]}"] input').first.check()
    rater.locator(".claimlab-check").click()
    status = rater.locator(".claimlab-status").inner_text()
    assert word("static.damaged") in status and word("static.kept") in status
    kept = page.evaluate("() => window.claimlabStatic.load()")
    assert rater.get_attribute("data-claim") in kept["ratings"]
    assert page.evaluate("k => localStorage.getItem(k + ':damaged:' + '')", key) is None
    assert watched_page.console_errors == []


@pytest.mark.browser
def test_two_modules_in_one_browser_keep_apart(site, watched_page):
    """Issue 25: two static sites in one browser shared the key claimlab-answers."""
    out, _pages = site
    from claimlab.core.dataset import load
    ds = load()
    page = watched_page.page
    page.goto((out / "index.html").as_uri())
    other = {"format": "claimlab-answers", "version": 1, "ratings": {"CL01": {"answers": {"who": "x"}}},
             "exercises": {}, "attempts": {}, "notes": {}}
    import json as json_module
    others = {"claimlab-answers:0123456789ab": json_module.dumps(other), "claimlab-answers": json_module.dumps(other)}
    page.evaluate("o => Object.entries(o).forEach(([k, v]) => localStorage.setItem(k, v))", others)
    page.goto((out / "notebooks" / "02_judging_sources.html").as_uri())
    assert page.locator(".claimlab-count").first.inner_text().startswith("0 ")
    rater = page.locator(".claimlab-rater:not([hidden])").first
    rater.locator("fieldset input").first.check()
    rater.locator(".claimlab-check").click()
    after = page.evaluate("keys => keys.map(k => localStorage.getItem(k))", list(others))
    assert after == list(others.values()), "another module's answers were changed"
    assert page.evaluate("() => window.claimlabStatic.key") == _module_key(ds)


@pytest.mark.browser
def test_the_trust_change_is_the_kernels_for_many_sets_of_ratings(site, watched_page, tmp_path):
    """The page counts the trust change itself; for many sets of ratings (ties in rounding, missing
    ratings, no second check) it shows exactly what the kernel's TrustChange shows."""
    import json as json_module
    import random

    from claimlab.authoring.static.parts import static_seeds
    from claimlab.core import bank
    from claimlab.core.dataset import load
    from claimlab.core.store import AnswerStore
    from claimlab.ui.widgets.trust import TrustChange
    out, _pages = site
    ds = load()
    page = watched_page.page
    url = (out / "notebooks" / "06_wrap_up.html").as_uri()
    page.goto(url)
    key = _module_key(ds)
    rng = random.Random(25)
    seeds = static_seeds(ds)
    cases = []
    for n in range(14):
        seed = seeds[n % len(seeds)]
        forms = bank.forms_for(seed)
        notes = {"learner_seed": seed}
        for stage in ("pre", "post"):
            if n == 1 and stage == "post":
                continue  # no second check yet
            items = bank.form_items(ds, stage, seed)
            ratings = {pid: rng.choice([1, 2, 3, 4, 5]) for pid in items if n < 4 or rng.random() > 0.15}
            if n == 2:
                ratings = {pid: 1 + (i % 2) for i, pid in enumerate(items)}  # means at .5: rounding ties
            notes[f"trust_{stage}"] = {"form": forms[stage], "seed": seed, "ratings": ratings}
        cases.append(notes)
    for number, notes in enumerate(cases):
        doc = {"format": "claimlab-answers", "version": 1, "learner_id": "x", "article": "", "ratings": {},
               "exercises": {}, "attempts": {}, "notes": notes}
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json_module.dumps(doc)])
        page.reload()
        shown = page.locator('.claimlab-part[data-part="trust-change"] .claimlab-change-view').inner_html()
        path = tmp_path / f"case{number}.json"
        path.write_text(json_module.dumps(doc), encoding="utf-8")
        kernel = TrustChange(store=AnswerStore(path)).html_text()
        assert shown == _as_browser_writes(page, kernel), f"case {number}: {notes}"
    assert watched_page.console_errors == []


def test_css_lives_in_ui_only():
    """House rule: CSS only in claimlab/ui/ (the static pages' style sheet is ui/assets/claimlab-static.css);
    the page scripts and the build write no CSS of their own, they take it from claimlab.ui.html."""
    src = ROOT / "src" / "claimlab"
    sheets = [p.relative_to(src).as_posix() for p in src.rglob("*.css")]
    assert sheets and all(p.startswith("ui/") for p in sheets), sheets
    literal = re.compile(r"""style=(\\?["'])[a-z-]+\s*:""")
    for path in [*(src / "authoring").rglob("*.js"), *(src / "authoring").rglob("*.py")]:
        found = literal.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(src)} writes CSS of its own"
