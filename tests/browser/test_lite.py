"""The JupyterLite edition (``python -m claimlab lite``), built and used offline in Chromium (issue 25).

The site is built once for this module (downloads are kept in build/lite-cache/ and reused), served
from 127.0.0.1, and opened in a Chromium that cannot reach anything else, two ways at once:

* every request of the page and its workers to a host other than 127.0.0.1 is aborted by a Playwright
  route, and listed;
* the proxy of the page's browser context (127.0.0.1 excepted) is a recorder on 127.0.0.1 that
  answers nothing, so a request the route cannot see (one made by JupyterLite's service worker, say)
  fails too, and is listed. (Chromium's own update and sign-in services do not use the context's
  proxy: they are not the site's requests.)

The test asserts that both lists stay empty. In the Pyodide kernel, a learner then: lands on notebook
00 (every cell on the page, as with ``run.py lab``); runs notebook 02 (the install cell, the chart,
four raters) and rates a claim ("Rate this claim", options, Check, feedback under each question);
runs exercises/ex04_fresh_cases and checks a written answer; reloads the page and runs notebook 06,
whose progress view finds the rating again, and exports (the export button's download is read back: the
rating and the written answer, and the class results read it); and opens my_answers/answers.json in
JupyterLite.

Lean, because every Pyodide kernel costs about 35 CPU seconds (start, install cell, pandas, data): three
notebook runs in all, one kernel at a time (the learner shuts a notebook's kernel down before opening
the next; notebooks cannot share a kernel here: a second notebook on the same Pyodide kernel never
receives its widgets), the site built once for the module from downloads cached in build/lite-cache/.
Expected feedback is computed from data/ with claimlab (rubric.judge, exercises.check), never typed here.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import json
import re
import socketserver
import tarfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from claimlab.core import exercises, rubric

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
pytestmark = pytest.mark.browser

LESSON = "notebooks/02_judging_sources.ipynb"
PRACTICE = "exercises/ex04_fresh_cases.ipynb"
WRAP_UP = "notebooks/06_wrap_up.ipynb"
ANSWERS = "my_answers/answers.json"
RATED = "CL25"  # the first rater of notebook 02
WRITTEN = "ex04.q1"  # ex04's rewrite task
RUN_TIMEOUT = 240_000  # ms: a Pyodide kernel's first start on a busy 2-core machine
POLL = 250  # ms between checks of a waiting condition (not every frame: the kernel needs the CPU)
# conftest's CHROMIUM_ARGS, and no autofill server (it would ask Google about every text box)
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-features=AutofillServerCommunication"]
BAD_TEXTS = ("Error displaying widget", "Traceback (most recent call last)", "model not found",
             "could not read its data", "ParserSyntaxError")
# Page errors that are not Claim Lab's: (why it is ignored, regular expression).
IGNORED_PAGE_ERRORS = [
    ("JupyterLab asks once more for a notebook's session after the learner shut its kernel down, and "
     "JupyterLite has already removed it; nothing shows on the page", r"^Session [0-9a-f-]+ not found$"),
]
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
SCRIPTS = Path(__file__).resolve().parent / "scripts"  # page checks shared by the JupyterLab and Lite tests
NOTEBOOK_READY = (SCRIPTS / "notebook_ready.js").read_text(encoding="utf-8")
ALL_CELLS_RAN = (SCRIPTS / "all_cells_ran.js").read_text(encoding="utf-8")
CURRENT_TAB_IS = ("(name) => { const t = document.querySelector("
                  "'#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel');"
                  " return !!t && t.textContent.trim() === name; }")


def words(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- the site and its servers
class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output readable
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # the browser closing a download early is fine
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` over HTTP on 127.0.0.1; yields the base URL. Stopped on exit."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def proxy_recorder():
    """A proxy on 127.0.0.1 that records each request's first line and answers nothing.

    The browser context sends every request for another host through it, so anything that tries to
    leave the machine fails and is listed. Yields (proxy URL, the list). Stopped on exit.
    """
    attempts: list[str] = []

    class Record(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.settimeout(5)
            with contextlib.suppress(OSError):
                attempts.append(self.request.recv(2048).split(b"\r\n", 1)[0].decode("latin-1"))

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", attempts
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def lite_site(tmp_path_factory, skip_or_fail):
    from claimlab.authoring.lite import LiteBuildError, build, site_size
    out = tmp_path_factory.mktemp("lite") / "site"
    started = time.monotonic()
    try:
        build(ROOT, out)
    except LiteBuildError as exc:
        skip_or_fail(str(exc))
    print(f"JupyterLite build: {time.monotonic() - started:.1f} s, {site_size(out) / 1e6:.0f} MB")
    return out


# --------------------------------------------------------------------------- a learner, offline
class Learner:
    """One learner in one tab of the site; every step leaves a screenshot."""

    def __init__(self, page, ds):
        self.page, self.ds = page, ds
        self.step = 0
        self.timings: list[str] = []
        self.clock = time.monotonic()

    def lap(self, what: str) -> None:
        now = time.monotonic()
        self.timings.append(f"{what} {now - self.clock:.0f}s")
        self.clock = now

    def shot(self, what: str) -> None:
        self.step += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"test_lite-{self.step:02d}-{what}.png"))

    @property
    def notebook(self):
        return self.page.locator(f"{PANEL} .jp-Notebook")

    def menu(self, top: str, item: str) -> None:
        self.page.get_by_role("menuitem", name=top, exact=True).click()
        self.page.get_by_role("menuitem", name=item, exact=True).click()

    def open(self, path: str) -> None:
        """File > Open from Path…, after shutting down the kernel of the notebook open before (one at a time)."""
        if self.page.locator(PANEL).count():
            self.page.wait_for_function(NOTEBOOK_READY, timeout=RUN_TIMEOUT, polling=POLL)  # never stop a busy kernel
            self.menu("Kernel", "Shut Down Kernel")
            self.page.wait_for_function(
                f"() => /No Kernel/.test(document.querySelector('{PANEL} .jp-Toolbar-kernelName').textContent)",
                polling=POLL)
        self.menu("File", "Open from Path…")
        dialog = self.page.locator(".jp-Dialog")
        dialog.locator("input").fill(path)
        dialog.locator(".jp-mod-accept").click()
        self.page.wait_for_function(CURRENT_TAB_IS, arg=Path(path).name, polling=POLL)
        self.page.locator(f"{PANEL} .jp-Notebook .jp-Cell").first.wait_for()
        self.page.wait_for_function(NOTEBOOK_READY, timeout=RUN_TIMEOUT, polling=POLL)

    def run_all(self, where: str) -> None:
        self.menu("Run", "Run All Cells")
        self.page.wait_for_function(ALL_CELLS_RAN, timeout=RUN_TIMEOUT, polling=POLL)
        self.page.wait_for_function(NOTEBOOK_READY, timeout=RUN_TIMEOUT, polling=POLL)
        self.page.wait_for_function(  # widgets render after the cells finish
            "() => !document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"
            ".textContent.includes('Loading widget')", polling=POLL)
        self.assert_clean(f"{where}, after Run All")

    def assert_clean(self, where: str, area=None) -> None:
        area = self.notebook if area is None else area
        text = area.text_content() or ""
        for bad in BAD_TEXTS:
            assert bad not in text, f"{where}: the notebook shows '{bad}':\n{text[text.find(bad) - 300:][:1500]}"
        errors = area.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert errors.count() == 0, f"{where}: a cell printed an error:\n" + "\n".join(errors.all_text_contents())

    def output_of(self, source_part: str):
        return self.notebook.locator(".jp-CodeCell").filter(
            has=self.page.locator(".jp-InputArea", has_text=source_part)).locator(".jp-OutputArea")

    # ------------------------------------------------------------------ the widgets
    def key_answers(self, claim: str) -> dict[str, str]:
        return {d["id"]: str(self.ds.key.loc[claim, d["id"]]) for d in self.ds.rubric["dimensions"]}

    def question_box(self, output, number: int, dim: dict):
        return output.locator(".widget-vbox").filter(has_text=f"{number}. {dim['question']}").filter(
            has=self.page.locator(".widget-radio-box")).last

    def rate(self, claim: str) -> None:
        """Open the claim's rater, give one wrong answer and the key's others, Check: feedback under each."""
        output = self.output_of(f'cl.rate("{claim}")')
        output.get_by_role("button", name="Rate this claim").click()
        output.locator(".widget-radio-box").first.wait_for()
        answers = self.key_answers(claim)
        first = self.ds.rubric["dimensions"][0]
        answers[first["id"]] = next(str(o["id"]) for o in first["options"] if rubric.judge(
            claim, {first["id"]: str(o["id"])}, self.ds, [first["id"]]).results[0].verdict == "wrong")
        numbered = list(enumerate(self.ds.rubric["dimensions"], 1))
        for number, dim in numbered:
            label = next(str(o["label"]) for o in dim["options"] if str(o["id"]) == answers[dim["id"]])
            self.question_box(output, number, dim).get_by_role("radio", name=label, exact=True).check()
        output.get_by_role("button", name="Check", exact=True).click()
        expected = rubric.judge(claim, answers, self.ds)
        output.get_by_text(expected.headline).first.wait_for()
        self.page.wait_for_function(NOTEBOOK_READY, timeout=RUN_TIMEOUT, polling=POLL)  # saved
        for (number, dim), result in zip(numbered, expected.results, strict=True):
            box = words(self.question_box(output, number, dim).text_content())
            assert words(result.feedback) in box, f"{claim} question {number}: no feedback after Check"
        self.assert_clean(f"{claim} after Check", output)
        self.rated = answers

    def write(self, qid: str, text: str) -> None:
        output = self.output_of(f'cl.exercise("{qid}")')
        output.get_by_role("textbox").first.fill(text)
        output.get_by_role("button", name="Check", exact=True).click()
        feedback = exercises.check(qid, text, ds=self.ds, save=False)
        output.get_by_text(feedback.headline).first.wait_for()
        self.page.wait_for_function(NOTEBOOK_READY, timeout=RUN_TIMEOUT, polling=POLL)  # saved
        shown = words(output.text_content())
        for line in feedback.lines:
            assert words(line.split("\n")[0]) in shown, f"{qid}: '{line}' is not shown after Check"
        self.assert_clean(f"{qid} after Check", output)


def test_a_learner_works_offline_and_finds_the_answers_again(lite_site, chromium, chromium_executable, ds, tmp_path):
    started = time.monotonic()
    with proxy_recorder() as (proxy, left), serve(lite_site) as base_url:
        browser = chromium.browser_type.launch(executable_path=chromium_executable, args=BROWSER_ARGS)
        blocked: list[str] = []
        errors: list[str] = []
        learner_log: list[str] = []  # console errors and failed requests, shown when the path fails
        try:
            context = browser.new_context(viewport={"width": 1366, "height": 860}, accept_downloads=True,
                                          proxy={"server": proxy, "bypass": "127.0.0.1,localhost"})
            context.set_default_timeout(90_000)

            def route(request_route):
                url = request_route.request.url
                parts = urlsplit(url)
                if parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost"):
                    request_route.continue_()
                else:
                    blocked.append(url)
                    request_route.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda message: message.type == "error" and learner_log.append(
                f"console: {message.text[:300]}"))
            context.on("response", lambda response: response.status >= 400 and learner_log.append(
                f"HTTP {response.status} {response.url}"))
            # "Leave the page?" (the notebooks have unsaved outputs when the learner reloads): yes
            page.on("dialog", lambda dialog: dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss())
            learner = Learner(page, ds)
            try:
                _the_learners_path(learner, base_url, lite_site, ds, tmp_path)
            except BaseException:
                with contextlib.suppress(Exception):
                    learner.shot("FAILED")
                print("browser log:", *list(dict.fromkeys(learner_log))[:30], f"blocked: {blocked}",
                      f"proxy: {left}", sep="\n  ")
                raise
            print("timings:", ", ".join(learner.timings))
        finally:
            browser.close()
    assert not blocked, f"the site asked for {len(blocked)} URLs outside 127.0.0.1: {sorted(set(blocked))[:20]}"
    assert not left, f"{len(left)} requests tried to leave through the proxy: {sorted(set(left))[:20]}"
    errors = [e for e in errors if not any(re.search(pattern, e) for _, pattern in IGNORED_PAGE_ERRORS)]
    assert not errors, f"JavaScript errors: {errors[:5]}"
    print(f"JupyterLite learner path: {time.monotonic() - started:.0f} s, 0 requests outside 127.0.0.1")


def _the_learners_path(learner: Learner, base_url: str, site: Path, ds, tmp_path: Path) -> None:
    page = learner.page

    # 1. the front page opens notebook 00, every cell on the page (windowingMode none), no pop-ups
    page.goto(f"{base_url}/index.html")
    page.wait_for_function(CURRENT_TAB_IS, arg="00_start_here.ipynb", polling=POLL)
    cells = len(nbformat.read(site / "files" / "notebooks" / "00_start_here.ipynb", as_version=4).cells)
    count = f"() => document.querySelectorAll('{PANEL} .jp-Notebook .jp-Cell').length"
    with contextlib.suppress(Exception):
        page.wait_for_function(f"() => ({count})() === {cells}", timeout=15_000, polling=POLL)
    shown = page.evaluate(count)
    assert shown == cells, f"notebook 00 has {shown} of its {cells} cells on the page (windowingMode is not none)"
    news = page.locator(".jp-Notification-Toast, .Toastify__toast")
    assert news.count() == 0, "a notification popped up: " + " / ".join(news.all_text_contents())
    learner.shot("00-opened")
    learner.lap("site opened at 00")

    # 2. notebook 02 in its own kernel: install cell, chart, raters; rate a claim
    page.goto(f"{base_url}/lab/index.html")  # a fresh start, as if the learner came back to the site
    page.locator(".jp-LabShell").wait_for()
    learner.open(LESSON)
    learner.run_all(LESSON)
    learner.lap("02 ran (kernel start, install, all cells)")
    assert learner.notebook.locator(".js-plotly-plot").count() >= 1, "notebook 02's chart is missing"
    openers = learner.notebook.get_by_role("button", name="Rate this claim").count()
    raters = learner.notebook.locator(".jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=re.compile(r"cl\.rate(_any)?\("))).count()
    assert raters == 4 and openers >= 3, f"notebook 02 shows {raters} raters, {openers} 'Rate this claim' buttons"
    learner.rate(RATED)
    learner.shot("02-rated")
    learner.lap("rated")

    # 3. ex04 (02's kernel shut down first): a written answer, checked
    text = ds.exercises["questions"][WRITTEN]["model_answer"].split(". ")[0] + "."
    learner.open(PRACTICE)
    learner.run_all(PRACTICE)
    learner.output_of("cl.practice(").get_by_text(f"Passage 1 of {ds.exercises['settings']['practice_passages']}") \
        .wait_for()
    learner.write(WRITTEN, text)
    learner.shot("ex04-checked")
    learner.lap("ex04 ran and answered")

    # 4. reload: a new kernel in notebook 06, whose progress view finds the rating again (read back from the
    # browser's drive), and whose export holds both answers, saved before the reload. (Widgets restoring their
    # ticks from the answers file are the same code in every edition: tests/browser/test_student_path.py.)
    page.reload()
    page.locator(".jp-LabShell").wait_for()
    learner.open(WRAP_UP)
    learner.run_all(f"{WRAP_UP} after reload")
    counted = f"You have checked 1 of {len(ds.claims)} claims."
    learner.lap("reloaded; 06 ran")
    output = learner.output_of("cl.export_answers()")
    output.get_by_role("button", name="Save a copy for my instructor").click()
    link = output.get_by_role("link", name=re.compile("Download my answers"))
    link.wait_for()
    assert "Saved a copy to" in output.text_content(), words(output.text_content())
    with page.expect_download() as download:
        link.click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["format"] == "claimlab-answers" and exported["exported"], exported.get("format")
    assert exported["ratings"][RATED]["answers"] == learner.rated, exported["ratings"].get(RATED)
    assert exported["exercises"][WRITTEN]["answer"] == text, exported["exercises"].get(WRITTEN)
    # the class results read it, as they read the static site's download and a hub's hand-in
    from claimlab.classroom.results import ClassResults
    folder = tmp_path / "class"
    folder.mkdir()
    download.value.save_as(folder / download.value.suggested_filename)
    results = ClassResults(folder, ds=ds, progress=False)
    assert not results.skipped and len(results.learners) == 1, results.skipped
    assert results.learners[0].ratings[RATED] == learner.rated
    assert results.learners[0].exercises[WRITTEN]["answer"] == text
    assert counted in words(learner.output_of("cl.progress()").text_content()), "06's progress does not count it"
    learner.shot("06-exported")
    learner.lap("06 ran and exported")

    # 6. the answers file opens in JupyterLite (stored as JSON text, not as base64)
    learner.menu("File", "Open from Path…")
    page.locator(".jp-Dialog input").fill(ANSWERS)
    page.locator(".jp-Dialog .jp-mod-accept").click()
    page.wait_for_function(CURRENT_TAB_IS, arg=Path(ANSWERS).name, polling=POLL)
    shown = page.locator("#jp-main-dock-panel .jp-MainAreaWidget:not(.lm-mod-hidden)")
    shown.get_by_text("claimlab-answers").first.wait_for()
    assert "File Load Error" not in (page.locator("body").text_content() or "")
    learner.shot("answers-file")
    learner.lap("answers.json opened")


# --------------------------------------------------------------------------- what the site holds
# (after the learner's test, which comes first in this module: while it runs, pytest-xdist gives this
# worker no other test file, so the long browser test never holds up another one queued behind it)
def run_py_settings() -> dict:
    """run.py's LAB_SETTINGS (what `python3 run.py lab` gives JupyterLab)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("claimlab_run_py_lite", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LAB_SETTINGS


def test_the_site_holds_everything_and_names_nothing_outside(lite_site):
    from claimlab.authoring import lite
    files = lite_site / "files"
    for folder in ("notebooks", "exercises", "solutions"):
        for notebook in sorted((ROOT / folder).glob("*.ipynb")):
            copy = nbformat.read(files / folder / notebook.name, as_version=4)
            first_code = next(c for c in copy.cells if c.cell_type == "code")
            assert first_code.source == lite.INSTALL_CELL == "%pip install -q claimlab", \
                f"{folder}/{notebook.name}: the install cell is {first_code.source!r}"
            assert copy.metadata["kernelspec"]["name"] == "python", f"{folder}/{notebook.name}: not the Pyodide kernel"
            original = nbformat.read(notebook, as_version=4)
            assert [c.source for c in copy.cells[2:]] == [c.source for c in original.cells]
    for path in sorted((ROOT / "data").rglob("*")):
        if path.is_file():
            assert (files / "data" / path.relative_to(ROOT / "data")).read_bytes() == path.read_bytes(), path
    assert lite.FIRST_NOTEBOOK in (lite_site / "index.html").read_text(encoding="utf-8")

    config = json.loads((lite_site / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    assert config["settingsOverrides"] == run_py_settings() == lite.LAB_SETTINGS
    assert config["settingsOverrides"]["@jupyterlab/notebook-extension:tracker"]["windowingMode"] == "none"
    kernel = config["litePluginSettings"][lite.KERNEL_PLUGIN]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert kernel["disablePyPIFallback"] is True
    assert kernel["pipliteUrls"] and all(u.startswith("./") for u in kernel["pipliteUrls"]), kernel["pipliteUrls"]
    names = {e["name"] for e in config["federated_extensions"]}
    assert {"@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager",
            "jupyterlab-plotly"} <= names

    # Pyodide: every package file in the site's lock is there, with its SHA-256; each one is the
    # official lock's file, except the entries pinned to PyPI files
    pyodide = lite_site / "static" / "pyodide"
    tarball = ROOT / "build" / "lite-cache" / "npm" / f"pyodide-{lite.PYODIDE_VERSION}.tgz"
    with tarfile.open(tarball, "r:gz") as archive:
        official = json.loads(archive.extractfile("package/pyodide-lock.json").read())
    site_lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert site_lock["info"] == official["info"] and site_lock["info"]["version"] == lite.PYODIDE_VERSION
    from_pypi = {p.name: p for p in lite.LOCK_FROM_PYPI}
    for name, entry in site_lock["packages"].items():
        assert hashlib.sha256((pyodide / entry["file_name"]).read_bytes()).hexdigest() == entry["sha256"], name
        if name in from_pypi:
            assert (entry["file_name"], entry["sha256"]) == (from_pypi[name].file, from_pypi[name].sha256)
        else:
            assert entry == official["packages"][name], f"{name} differs from Pyodide's official lock"
    for needed in ("numpy", "pandas", "micropip", "ipython", "ssl"):
        assert needed in site_lock["packages"], f"the site lacks Pyodide's {needed}"
    assert site_lock["packages"]["pandas"]["version"] == "3.1.1"
    listed = {e["file_name"] for e in site_lock["packages"].values()}
    assert {p.name for p in pyodide.iterdir()} == listed | {"pyodide-lock.json", *lite.PYODIDE_CORE}

    # piplite: claimlab and the pure-Python wheels, each pinned
    index = json.loads((lite_site / "pypi" / "all.json").read_text(encoding="utf-8"))
    for name in ("claimlab", "plotly", "ipywidgets", "filelock", "pyyaml", "comm", "narwhals"):
        assert name in index, f"{name} is not offered to piplite"
    for pinned in lite.PIPLITE_FROM_PYPI:
        if pinned.name != "pyyaml":
            assert hashlib.sha256((lite_site / "pypi" / pinned.file).read_bytes()).hexdigest() == pinned.sha256
    pure_yaml = next((lite_site / "pypi").glob("pyyaml-*-py3-none-any.whl"))
    import zipfile
    assert not [n for n in zipfile.ZipFile(pure_yaml).namelist() if n.endswith((".so", ".pyd"))]


def test_the_pins_are_the_versions_of_requirements_txt():
    from claimlab.authoring import lite
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name, sep, version = line.split("#", 1)[0].strip().partition("==")
        if sep:
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    for pinned in (*lite.LOCK_FROM_PYPI, *lite.PIPLITE_FROM_PYPI):
        if pinned.name in pins:
            assert pinned.version == pins[pinned.name], f"{pinned.name}: lite pins {pinned.version}, " \
                                                        f"requirements.txt {pins[pinned.name]}"
    assert {"pandas", "plotly", "ipywidgets", "pyyaml", "filelock"} <= {p.name for p in lite.PIPLITE_FROM_PYPI} | \
        {p.name for p in lite.LOCK_FROM_PYPI}
