"""The static HTML pages (``python -m claimlab html``): charts and widgets with no kernel and no internet.

Every page is built from the stored outputs and checked to load nothing from the internet.
Then a page with a chart and a page with widgets are built as ``python -m claimlab html``
does (running the widget notebook for its widget state), served from 127.0.0.1, and opened
in Chromium with every other request blocked.
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


def pick_notebooks(root: Path) -> tuple[Path, Path] | None:
    """(a notebook with a chart, a notebook with widgets), different ones where possible."""
    notebooks = [p for folder in ("notebooks", "solutions") for p in sorted((root / folder).glob("*.ipynb"))]
    kinds = {p: stored_outputs(p) for p in notebooks}
    charts = [p for p, (chart, _) in kinds.items() if chart]
    widgets = [p for p, (_, shows) in kinds.items() if shows]
    if not charts or not widgets:
        return None
    chart = charts[0]
    return chart, next((p for p in widgets if p != chart), widgets[0])


def build(out: Path, skip_or_fail, notebooks: list[Path] | None = None, execute: bool = True) -> list[Path]:
    from claimlab.authoring import static
    try:
        return static.build_site(ROOT, out, notebooks, execute=execute)
    except static.AssetError as exc:  # no internet on the first build
        skip_or_fail(str(exc))


@pytest.fixture(scope="module")
def site(tmp_path_factory, skip_or_fail):
    """Every notebook's page, from the stored outputs only: (the site folder, the pages)."""
    out = tmp_path_factory.mktemp("site")
    return out, build(out, skip_or_fail, execute=False)


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
    from claimlab.authoring.static import BANNER
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
        assert BANNER in text, f"{page.relative_to(out)} lacks the static-copy banner"
    assert (out / "index.html").is_file()


@pytest.mark.browser
def test_chart_and_widgets_show_without_kernel_or_internet(watched_page, tmp_path, skip_or_fail):
    picked = pick_notebooks(ROOT)
    if picked is None:
        pytest.skip("no notebook in notebooks/ or solutions/ stores a chart and shows widgets yet "
                    "(outputs come from: python3 run.py execute)")
    build(tmp_path, skip_or_fail, list(dict.fromkeys(picked)))
    page = watched_page.page
    with serve(tmp_path) as base_url:
        for notebook, what in zip(picked, ("chart", "widgets")):
            page.goto(f"{base_url}/{notebook.relative_to(ROOT).with_suffix('.html').as_posix()}")
            if what == "chart":
                chart = page.locator(".js-plotly-plot .main-svg").first
                chart.wait_for(state="visible")
                watched_page.screenshot("-chart", show=chart)
            else:
                view = page.locator(".jupyter-widgets [class*='widget-']").first
                view.wait_for(state="visible")
                assert page.get_by_text(re.compile("Error displaying widget")).count() == 0
                # without Python, buttons such as Check cannot work: the page shows them greyed out
                assert page.locator(".jupyter-widgets button.widget-button:enabled").count() == 0
                watched_page.screenshot("-widgets", show=view)
    assert watched_page.blocked == [], f"requests left the machine: {watched_page.blocked}"
    assert watched_page.console_errors == []
