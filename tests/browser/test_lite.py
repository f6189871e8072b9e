"""The JupyterLite edition (``python -m claimlab lite``): it builds, and JupyterLab starts in Chromium.

The site is built once with jupyterlite-core and jupyterlite-pyodide-kernel, then served from
127.0.0.1 and opened in Chromium with every other request blocked. What is checked: JupyterLab
starts, lists the module's folders and notebooks, and opens notebook 00. What cannot be checked
here: the Pyodide kernel itself, whose runtime and packages come from a CDN when a notebook first
runs (those requests are blocked and listed); tests/runtime/test_pyodide_constraints.py runs the
claimlab runtime under Pyodide's constraints instead.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CDN_OK = ("cdn.jsdelivr.net", "pypi.org", "files.pythonhosted.org")  # Pyodide and piplite, at run time


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output readable
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # the browser closing a download early is fine
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` over HTTP on 127.0.0.1; yields the base URL."""
    server = QuietServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def lite_site(tmp_path_factory, skip_or_fail):
    from claimlab.authoring.lite import LiteBuildError, build
    out = tmp_path_factory.mktemp("lite") / "site"
    started = time.monotonic()
    try:
        build(ROOT, out)
    except LiteBuildError as exc:
        skip_or_fail(str(exc))
    print(f"JupyterLite build: {time.monotonic() - started:.1f} s")
    return out


def test_site_holds_the_notebooks_the_wheel_and_the_data(lite_site):
    from claimlab.authoring.lite import FIRST_NOTEBOOK, INSTALL_CELL
    files = lite_site / "files"
    for folder in ("notebooks", "exercises"):
        for notebook in sorted((ROOT / folder).glob("*.ipynb")):
            copy = nbformat.read(files / folder / notebook.name, as_version=4)
            first_code = next(c for c in copy.cells if c.cell_type == "code")
            assert first_code.source == INSTALL_CELL, f"{folder}/{notebook.name} lacks the install cell"
            original = nbformat.read(notebook, as_version=4)
            assert [c.source for c in copy.cells[2:]] == [c.source for c in original.cells]
    assert (files / "data" / "datapackage.json").is_file()
    assert (files / "data" / "manifest.json").is_file()
    index = json.loads((lite_site / "pypi" / "all.json").read_text(encoding="utf-8"))
    assert "claimlab" in index, "the claimlab wheel is not offered to piplite"
    config = json.loads((lite_site / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    names = {e["name"] for e in config["federated_extensions"]}
    assert {"@jupyterlite/pyodide-kernel-extension", "@jupyter-widgets/jupyterlab-manager"} <= names
    assert FIRST_NOTEBOOK in (lite_site / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def lite_page(chromium, chromium_executable):
    """A tab in a Chromium that cannot resolve any host but this machine.

    JupyterLite does not start in a Playwright context that routes requests (its service worker and
    web workers wait forever), so the other tests' request blocking is done here by the browser's
    own host resolver instead; requests that try to leave are recorded.
    """
    browser = chromium.browser_type.launch(executable_path=chromium_executable, args=[
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(240_000)
    page = context.new_page()
    page.left: list[str] = []
    page.on("request", lambda request: urlsplit(request.url).hostname not in (None, "127.0.0.1", "localhost")
            and page.left.append(request.url))
    try:
        yield page
    finally:
        browser.close()


@pytest.mark.browser
def test_jupyterlab_starts_and_lists_the_notebooks(lite_site, lite_page):
    page = lite_page
    with serve(lite_site) as base_url:
        page.goto(f"{base_url}/index.html")  # sends the learner to notebook 00
        page.locator(".jp-LabShell").wait_for(state="visible")
        tab = page.locator(".lm-TabBar-tab", has_text="00_start_here.ipynb").first
        tab.wait_for(state="visible")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(state="visible")
        listing = page.locator(".jp-DirListing-content")
        listing.wait_for(state="visible")
        page.locator(".jp-DirListing-item", has_text="00_start_here.ipynb").first.wait_for(state="visible")
        shown = set(listing.locator(".jp-DirListing-itemText").all_inner_texts())
        expected = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
        assert expected <= shown, f"the file browser lists {sorted(shown)}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "test_lite.png"))
    left = [url for url in page.left if not any(host in url for host in CDN_OK)]
    assert not left, f"requests to other hosts than Pyodide's CDN and PyPI: {left}"
