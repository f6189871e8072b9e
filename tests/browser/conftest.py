"""Real-browser tests: Chromium, driven by Playwright, against a real JupyterLab.

Chromium is looked for in $CLAIMLAB_CHROMIUM, then on the PATH (chromium,
chromium-browser, google-chrome), then in macOS's Applications. Without it these tests are skipped with a message
saying how to enable them; when $CI is set they fail instead, so CI never passes by
skipping. Playwright only drives the browser: never run ``playwright install``.

The JupyterLab fixture starts JupyterLab the way ``python3 run.py lab`` does (run.py's own
command line and settings: the whole folder served, notebook 00, no news pop-up, widget views
stripped on save) on a temporary copy of the Claim Lab folder, on 127.0.0.1 with a random token,
private Jupyter config/data/runtime folders (nothing from the user's ~/.jupyter; autosave off, so
a test decides when a notebook is saved) and a private answers file, and always stops the server
afterwards. Screenshots go to artifacts/screenshots/.
"""
from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_APPS = ("/Applications/Chromium.app/Contents/MacOS/Chromium",
                 "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Folders of the Claim Lab folder the JupyterLab copy leaves out (environments, build output, caches).
NOT_COPIED = {".git", ".venv", "site", "artifacts", "build", "node_modules", "my_answers",
              "__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis", "results"}
TEST_SETTINGS = {
    # on top of run.py's settings: a notebook is saved only when a test saves it (Ctrl+S)
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}
VIEWPORT = {"width": 1366, "height": 860}  # a school laptop's screen
SERVER_START_TIMEOUT = 300  # seconds: a wait ends as soon as the server answers; a busy machine can be slow


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: needs Chromium (see tests/browser/conftest.py)")


def _enable_hint() -> str:
    return ("Browser tests need Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) "
            "or set CLAIMLAB_CHROMIUM=/path/to/chromium.")


def _skip_or_fail(message: str) -> None:
    """Skip on a learner's machine; fail in CI, where the browser tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def skip_or_fail():
    """``skip_or_fail(message)``: skip here, fail in CI."""
    return _skip_or_fail


def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable to use, or None."""
    configured = os.environ.get("CLAIMLAB_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((app for app in CHROMIUM_APPS if Path(app).is_file()), None)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = find_chromium()
    if path is None:
        configured = os.environ.get("CLAIMLAB_CHROMIUM")
        reason = f"CLAIMLAB_CHROMIUM={configured} is not a file. " if configured else "Chromium not found. "
        _skip_or_fail(reason + _enable_hint())
    return path


@pytest.fixture(scope="session")
def chromium(chromium_executable):
    """A headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("The Python package playwright is missing (it is in requirements.txt; "
                      "run the tests with: python3 run.py test).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --- the JupyterLab server ----------------------------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_py():
    """Claim Lab's run.py as a module: its ``lab_command`` and ``write_lab_config`` start JupyterLab."""
    spec = importlib.util.spec_from_file_location("claimlab_run_py", ROOT / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_claimlab_folder(target: Path) -> Path:
    """Copy the Claim Lab folder (notebooks, exercises, solutions, data...) without environments or caches."""
    shutil.copytree(ROOT, target, ignore=lambda folder, names: [n for n in names if n in NOT_COPIED])
    return target


@dataclass
class LabServer:
    """A running ``jupyter lab`` serving ``root`` at ``url`` (token in ``token``)."""

    root: Path
    url: str
    token: str
    answers: Path
    process: subprocess.Popen
    log: Path

    def api(self, method: str, path: str) -> object:
        """Call the Jupyter REST API; return the decoded JSON (None for an empty reply)."""
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def lab_url(self, path: str, workspace: str) -> str:
        """The URL that opens ``path`` in a fresh, private workspace (no tabs restored)."""
        return f"{self.url}/lab/workspaces/{workspace}/tree/{path}?reset&token={self.token}"

    def shut_down_sessions(self) -> None:
        """Shut down every notebook session and its kernel, as closing the notebook for the day would."""
        for session in self.api("GET", "/api/sessions") or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


def _wait_until_ready(server: LabServer) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with code {server.process.returncode}:\n{server.log_tail()}")
        try:
            server.api("GET", "/api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)  # polling a port that is not open yet: nothing to wait on instead
    raise RuntimeError(f"jupyter lab did not answer within {SERVER_START_TIMEOUT} s:\n{server.log_tail()}")


def _stop(process: subprocess.Popen) -> None:
    """Stop the server we started and its kernels: politely first, then by force, each by its id."""
    import psutil
    try:
        children = psutil.Process(process.pid).children(recursive=True)  # kernels run in their own sessions
    except psutil.Error:
        children = []
    if process.poll() is None:
        process.terminate()  # the server shuts its kernels down on SIGTERM
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    _, alive = psutil.wait_procs(children, timeout=10)
    for child in alive:
        child.kill()


@pytest.fixture(scope="session")
def lab_server(chromium_executable, tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a temporary copy of the Claim Lab folder."""
    base = tmp_path_factory.mktemp("lab")
    root = copy_claimlab_folder(base / "claimlab")
    jupyter = {name: base / name for name in ("config", "data", "runtime", "ipython")}
    for folder in jupyter.values():
        folder.mkdir()
    run = run_py()
    run.write_lab_config(jupyter["config"])  # exactly the settings `python3 run.py lab` uses
    overrides_file = jupyter["config"] / "labconfig" / "default_setting_overrides.json"
    overrides = json.loads(overrides_file.read_text())
    overrides_file.write_text(json.dumps({**overrides, **TEST_SETTINGS}))
    answers = root / "my_answers" / "answers.json"
    env = dict(os.environ)
    env.pop("CLAIMLAB_ROOT", None)
    env.update(JUPYTER_CONFIG_DIR=str(jupyter["config"]), JUPYTER_DATA_DIR=str(jupyter["data"]),
               JUPYTER_RUNTIME_DIR=str(jupyter["runtime"]), IPYTHONDIR=str(jupyter["ipython"]),
               CLAIMLAB_ANSWERS=str(answers))
    token = secrets.token_hex(24)
    port = int(os.environ.get("CLAIMLAB_LAB_PORT") or _free_port())  # a fixed port when one is set
    command = run.lab_command(Path(sys.executable), root, [
        "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}"])
    log = base / "jupyter-lab.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL,
                                   start_new_session=True)  # Ctrl+C reaches pytest; the finalizer stops it
    server = LabServer(root=root, url=f"http://127.0.0.1:{port}", token=token, answers=answers,
                       process=process, log=log)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        _stop(process)


# --- the static site --------------------------------------------------------------------------

@pytest.fixture(scope="session")
def static_site(tmp_path_factory, chromium_executable):
    """Every notebook's static page, built as ``python -m claimlab html`` builds them (the exercise notebooks
    run for what they show): (the site folder, the pages). Skipped, or failed in CI, without the npm files."""
    from claimlab.authoring import static
    out = tmp_path_factory.mktemp("static-site")
    try:
        return out, static.build_site(ROOT, out, execute=True)
    except static.AssetError as exc:  # no internet on the first build
        _skip_or_fail(str(exc))


# --- pages ---------------------------------------------------------------------------------

@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@dataclass
class WatchedPage:
    """A browser tab that records console errors, page errors and requests it blocked."""

    page: object
    name: str
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def screenshot(self, suffix: str = "", show=None) -> Path:
        """Save what the tab shows (scrolled to the locator ``show``, if given) for humans to look at."""
        if show is not None:
            show.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.name}{suffix}.png"
        self.page.screenshot(path=str(path))
        return path


def is_local(url: str) -> bool:
    """True for URLs that never leave this machine."""
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost")


@pytest.fixture
def watched_page(chromium, request):
    """A fresh browser tab (own context) that blocks every request leaving the machine."""
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(180_000)  # generous: a busy machine can be slow, and a wait ends as soon as it can
    page = context.new_page()
    watched = WatchedPage(page=page, name=request.node.name.replace("/", "_"))
    (SCREENSHOTS / f"{watched.name}-FAILED.png").unlink(missing_ok=True)  # from an earlier run

    def route(route_request):
        if is_local(route_request.request.url):
            route_request.continue_()
        else:
            watched.blocked.append(route_request.request.url)
            route_request.abort()

    context.route("**/*", route)
    # "Leave the page?" (JupyterLab asks when a notebook has unsaved changes): yes; anything else: no
    page.on("dialog", lambda dialog: dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss())
    page.on("console", lambda message: message.type == "error" and watched.console_errors.append(
        f"console: {message.text} ({message.location.get('url', '')})"))
    page.on("pageerror", lambda error: watched.console_errors.append(f"pageerror: {error}"))
    try:
        yield watched
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            try:
                watched.screenshot("-FAILED")
            except Exception:  # the page may be gone; the failure itself is what matters
                pass
        context.close()
