"""Building the static site: one page per notebook, the contents page and the expert key guide.
"""
from __future__ import annotations

import copy
import os
import re
import sys
import tempfile
from pathlib import Path

import jinja2
import nbformat
from nbconvert.exporters import HTMLExporter

from claimlab.authoring.static.assets import (
    BANNER,
    CONFIG_MARK,
    DEFAULT_FOLDERS,
    STATIC_DIR,
    WIDGET_STATE_MIME,
    WIDGET_VIEW_MIME,
    StaticBuildError,
    install_assets,
    script_json,
    script_tags,
)
from claimlab.authoring.static.preprocessors import (
    EXPORT_HTML,
    InteractiveQuestions,
    NotebookLinksToHTML,
    PlotlyToHTML,
    StaticWidgets,
)
from claimlab.core.text import escape

_PAGE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}
<link rel="icon" href="data:,">
{%- if resources.claimlab.plotly %}
<script src="{{ resources.claimlab.static_url }}/plotly.min.js"></script>
{%- endif %}
{%- if "widgets" in nb.metadata %}
<script src="{{ resources.require_js_url }}"></script>
{%- endif %}
{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
/* JupyterLab defines these for widgets; a static page has to do it itself */
:root { --jp-widgets-font-family: var(--jp-ui-font-family); --jp-widgets-font-size: var(--jp-ui-font-size1); }
.jupyter-widgets { font-family: var(--jp-ui-font-family); font-size: var(--jp-ui-font-size1); }
.claimlab-static-banner {
  margin: 0 0 1em 0; padding: 0.75em 1em; border-left: 6px solid #1565c0;
  background: #e3f2fd; color: #0d2b4e; font-family: var(--jp-ui-font-family); font-size: 1rem;
}
.claimlab-static-banner a { color: inherit; text-decoration: underline; }
</style>
<link rel="stylesheet" href="{{ resources.claimlab.static_url }}/claimlab-static.css">
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
<p class="claimlab-static-banner" role="note">{{ resources.claimlab.banner | e }}
<a href="{{ resources.claimlab.index_url }}">Contents</a></p>
{{ resources.claimlab.export_html }}
{%- endblock body_header -%}
{%- block body_footer -%}
<script id="claimlab-config" type="application/json">{{ resources.claimlab.config }}</script>
{{ resources.claimlab.scripts }}
{{ super() }}
{%- endblock body_footer -%}
"""


def _exporter() -> HTMLExporter:
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"claimlab_static.html.j2": _PAGE_TEMPLATE})],
        template_file="claimlab_static.html.j2",
        exclude_anchor_links=True,
    )
    exporter.register_preprocessor(PlotlyToHTML, enabled=True)
    exporter.register_preprocessor(StaticWidgets, enabled=True)
    exporter.register_preprocessor(InteractiveQuestions, enabled=True)
    exporter.register_preprocessor(NotebookLinksToHTML, enabled=True)
    return exporter


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def needs_widget_state(nb: nbformat.NotebookNode) -> bool:
    """True when the notebook shows widgets but does not store their state."""
    shows_widgets = any(WIDGET_VIEW_MIME in output.get("data", {})
                        for cell in nb.cells for output in cell.get("outputs", []))
    return shows_widgets and not nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state")


def _with_widget_state(path: Path) -> nbformat.NotebookNode:
    """A freshly run copy of the notebook at ``path``, with its widget state (the file is not changed)."""
    from claimlab.authoring.execute import execute_notebook
    with tempfile.TemporaryDirectory(prefix="claimlab-static-") as scratch:
        copy_path = Path(scratch) / path.name
        execute_notebook(path, store_widget_state=True, target=copy_path)
        return nbformat.read(copy_path, as_version=4)


def notebook_to_html(path: Path, page: Path, static_dir: Path, index_page: Path,
                     exporter: HTMLExporter | None = None, execute: bool = True) -> str:
    """Write the static page of one notebook to ``page``; return the notebook's title.

    With ``execute`` (the default), a notebook that shows widgets without storing their
    state is run first (into a temporary copy) so that the page can draw them.
    Raises :class:`StaticBuildError` if that run fails; the page is then not written.
    """
    nb = nbformat.read(path, as_version=4)
    if execute and needs_widget_state(nb):
        print(f"running {path.name} to record its widgets ...", flush=True)
        try:
            nb = _with_widget_state(path)
        except Exception as exc:  # a cell failed, or no kernel: say which notebook and why
            lines = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()  # no terminal colours
            raise StaticBuildError(f"{path.name} could not be run ({exc.__class__.__name__}: "
                                   f"{lines[-1] if lines else ''})") from exc
    title = _title(nb, path.stem)
    nb.metadata.setdefault("title", title)
    page.parent.mkdir(parents=True, exist_ok=True)
    static_url = Path(os.path.relpath(static_dir, page.parent)).as_posix()
    exporter = exporter or _exporter()
    exporter.require_js_url = f"{static_url}/require.js"
    exporter.widget_renderer_url = f"{static_url}/embed-amd.js"
    resources = {
        "metadata": {"name": path.stem, "path": str(path.parent)},
        "claimlab": {"static_url": static_url, "banner": BANNER, "export_html": EXPORT_HTML,
                     "index_url": Path(os.path.relpath(index_page, page.parent)).as_posix(),
                     "interactive": path.parent.name != "solutions", "config": CONFIG_MARK,
                     "scripts": script_tags(static_url)},
    }
    body, _ = exporter.from_notebook_node(copy.deepcopy(nb), resources=resources)
    # the page config (feedback frames, headlines) is complete once the questions are compiled
    from claimlab.authoring import quizdata
    body = body.replace(CONFIG_MARK, script_json(quizdata.page_config()), 1)
    page.write_text(body, encoding="utf-8")
    return title


SECTIONS = {"notebooks": "Lessons", "exercises": "Practice exercises",
            "solutions": "Worked solutions (open them after trying the exercises)"}
KEY_GUIDE = "expert_key.html"


def _time(nb: nbformat.NotebookNode) -> str:
    """The notebook's own time estimate ("**Time:** 15 minutes"), or ""."""
    for cell in nb.cells[:3]:
        if cell.cell_type == "markdown":
            match = re.search(r"\*\*Time:\*\*\s*([^·\n*]+)", cell.source)
            if match:
                return match.group(1).strip().rstrip(".")
    return ""


def _shell(title: str, body: str, static_url: str) -> str:
    """A plain page of the site (contents, key guide) with the page script for the answers."""
    from claimlab.authoring import quizdata
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n"
            f"<title>{escape(title)}</title>\n<link rel=\"icon\" href=\"data:,\">\n"
            f"<link rel=\"stylesheet\" href=\"{static_url}/claimlab-static.css\">\n"
            "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;padding:0 1em;line-height:1.5}"
            ".note{border-left:6px solid #1565c0;background:#e3f2fd;padding:.75em 1em}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;"
            "vertical-align:top}</style>\n</head>\n<body>\n<main>\n" + body + "\n</main>\n"
            f"<script id=\"claimlab-config\" type=\"application/json\">{script_json(quizdata.page_config())}</script>\n"
            f"{script_tags(static_url)}\n</body>\n</html>\n")


def _index_html(entries: list[tuple[str, str, str, str]], key_guide: bool) -> str:
    order = {folder: n for n, folder in enumerate(DEFAULT_FOLDERS)}
    entries = sorted(entries, key=lambda e: (order.get(e[0], len(order)), e[1]))
    sections: dict[str, list[str]] = {}
    start = next((href for folder, href, _t, _m in entries if folder == "notebooks"), entries[0][1] if entries else "")
    for folder, href, title, minutes in entries:
        sections.setdefault(folder, []).append(
            f'<li><a href="{escape(href)}">{escape(title)}</a>'
            + (f" · {escape(minutes)}" if minutes else "") + "</li>")
    body = "\n".join(f"<h2>{escape(SECTIONS.get(folder, folder.capitalize()))}</h2>\n<ol>\n" + "\n".join(items)
                     + "\n</ol>" for folder, items in sections.items())
    guide = (f'<h2>For instructors</h2>\n<ul><li><a href="{KEY_GUIDE}">The expert key, claim by claim</a> '
             "(it gives the answers: read it after rating the claims)</li></ul>") if key_guide else ""
    start_here = (f'<p><a class="claimlab-start" href="{escape(start)}"><b>Start here</b></a>: the lessons in '
                  "order, then the exercises.</p>") if start else ""
    return _shell("Claim Lab", (
        "<h1>Claim Lab: judge the sourcing of war reporting</h1>\n"
        f"<p class=\"note\" role=\"note\">{escape(BANNER)} Your answers stay in this browser on this "
        "computer (its local storage for these pages): clearing the browser's data for this site, or a private "
        "window once closed, deletes them. Download them to keep a copy or to hand them in.</p>\n"
        f"{start_here}\n{EXPORT_HTML}\n{body}\n{guide}"), STATIC_DIR)


def _slug(heading_html: str) -> str:
    """The anchor GitHub gives a Markdown heading, so the guide's own contents links work."""
    words = re.sub(r"<[^>]+>", "", heading_html).strip().lower()
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", words))


def _key_guide_html(root: Path) -> str | None:
    """docs/expert_key.md as a page of the site (None if the folder has no key guide)."""
    from nbconvert.filters.markdown import markdown2html_mistune  # what nbconvert uses for Markdown cells
    source = root / "docs" / "expert_key.md"
    if not source.is_file():
        return None
    text = NotebookLinksToHTML._link.sub(lambda m: f"{m[1]}{m[2]}.html{m[3] or ''})",
                                         source.read_text(encoding="utf-8"))
    text = text.replace("](../", "](")  # docs/ links to the repository; on the site the guide is at the top
    body = re.sub(r'<h([23])[^>]*>(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h\1>',
                  lambda m: f'<h{m[1]} id="{_slug(m[2])}">{m[2]}</h{m[1]}>', markdown2html_mistune(text))
    return _shell("Claim Lab: the expert key", '<p><a href="index.html">Contents</a></p>\n' + body, STATIC_DIR)


def build_site(root: Path, out: Path, notebooks: list[Path] | None = None,
               cache_dir: Path | None = None, execute: bool = True) -> list[Path]:
    """Build the static pages of ``notebooks`` (default: every notebook in
    notebooks/, solutions/ and exercises/ under ``root``) into ``out``; return the pages.

    Pages keep the notebooks' folders (``out/notebooks/02_judging_sources.html``);
    ``out/index.html`` lists them and ``out/_static/`` holds the scripts. ``execute``:
    see :func:`notebook_to_html`. If some notebooks fail, the others are still built and
    :class:`StaticBuildError` is raised at the end, naming the failures.
    """
    root, out = Path(root).resolve(), Path(out).resolve()
    if notebooks is None:
        notebooks = [nb for folder in DEFAULT_FOLDERS for nb in sorted((root / folder).glob("*.ipynb"))]
    static_dir = out / STATIC_DIR
    install_assets(static_dir, cache_dir or root / "build" / "static-assets")
    index_page = out / "index.html"
    exporter = _exporter()
    pages: list[Path] = []
    entries: list[tuple[str, str, str, str]] = []
    failures: list[str] = []
    for notebook in notebooks:
        notebook = Path(notebook).resolve()
        relative = notebook.relative_to(root) if notebook.is_relative_to(root) else Path(notebook.name)
        page = out / relative.with_suffix(".html")
        try:
            title = notebook_to_html(notebook, page, static_dir, index_page, exporter, execute)
        except StaticBuildError as exc:
            print(exc, file=sys.stderr)
            failures.append(str(exc))
            continue
        pages.append(page)
        folder = relative.parent.as_posix() if relative.parent != Path(".") else "other"
        entries.append((folder, page.relative_to(out).as_posix(), title,
                        _time(nbformat.read(notebook, as_version=4))))
    guide = _key_guide_html(root)
    if guide is not None:
        (out / KEY_GUIDE).write_text(guide, encoding="utf-8")
    index_page.write_text(_index_html(entries, guide is not None), encoding="utf-8")
    if failures:
        raise StaticBuildError(f"{len(failures)} page(s) not built: " + "; ".join(failures))
    return pages
