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
    CONFIG_MARK,
    DEFAULT_FOLDERS,
    STATIC_DIR,
    WIDGET_STATE_MIME,
    WIDGET_VIEW_MIME,
    StaticBuildError,
    banner,
    install_assets,
    script_json,
    script_tags,
)
from claimlab.authoring.static.preprocessors import (
    InteractiveQuestions,
    NotebookLinksToHTML,
    PlotlyToHTML,
    StaticWidgets,
    export_html,
)
from claimlab.core.text import escape
from claimlab.core.words import word

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
{%- block html_head_css -%}
<link rel="stylesheet" href="{{ resources.claimlab.static_url }}/claimlab-static.css">
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
<p class="claimlab-static-banner" role="note">{{ resources.claimlab.banner | e }}
<a href="{{ resources.claimlab.index_url }}">{{ resources.claimlab.contents | e }}</a></p>
{{ resources.claimlab.export_html }}
{%- endblock body_header -%}
{%- block body_footer -%}
{{ resources.claimlab.nav }}
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


def stores_no_outputs(nb: nbformat.NotebookNode) -> bool:
    """True for a notebook whose code cells have never been run (exercises/): its page needs their outputs."""
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    return bool(code) and not any(cell.get("outputs") for cell in code)


def _run_copy(path: Path, widget_state: bool) -> nbformat.NotebookNode:
    """A freshly run copy of the notebook at ``path`` (the file is not changed)."""
    from claimlab.authoring.execute import execute_notebook
    with tempfile.TemporaryDirectory(prefix="claimlab-static-") as scratch:
        copy_path = Path(scratch) / path.name
        execute_notebook(path, store_widget_state=widget_state, target=copy_path)
        return nbformat.read(copy_path, as_version=4)


def nav_html(index_url: str, following: tuple[str, str] | None, ds=None) -> str:
    """The way on at the foot of a page: the contents, and the next page (or a word that this is the last)."""
    contents = f'<a href="{escape(index_url)}">{escape(word("static.contents", ds))}</a>'
    if following:
        href, title = following
        nxt = (f'<span>{escape(word("static.next_label", ds))} <a class="claimlab-next" href="{escape(href)}" rel="next">'
               f'{escape(word("static.next", ds, title=title))}</a></span>')
    else:
        nxt = f"<span>{escape(word('static.last_page', ds))}</span>"
    return f'<nav class="claimlab-nav" aria-label="{escape(word("static.contents", ds))}">{contents}{nxt}</nav>'


def notebook_to_html(path: Path, page: Path, static_dir: Path, index_page: Path,
                     exporter: HTMLExporter | None = None, execute: bool = True,
                     following: tuple[Path, str] | None = None) -> str:
    """Write the static page of one notebook to ``page``; return the notebook's title.

    With ``execute`` (the default), a notebook that shows widgets without storing their state, or that
    stores no outputs at all (exercises/, whose cells show the article, figures and tables), is run first
    (into a temporary copy) so that the page shows what the notebook shows. ``following``: the next
    page and its title, linked at the foot of the page. Raises :class:`StaticBuildError` if that run
    fails; the page is then not written.
    """
    nb = nbformat.read(path, as_version=4)
    if execute and (needs_widget_state(nb) or stores_no_outputs(nb)):
        print(f"running {path.name} for what it shows ...", flush=True)
        try:
            nb = _run_copy(path, widget_state=needs_widget_state(nb))
        except Exception as exc:  # a cell failed, or no kernel: say which notebook and why
            lines = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()  # no terminal colours
            raise StaticBuildError(f"{path.name} could not be run ({exc.__class__.__name__}: "
                                   f"{lines[-1] if lines else ''})") from exc
    title = _title(nb, path.stem)
    nb.metadata.setdefault("title", title)
    page.parent.mkdir(parents=True, exist_ok=True)
    relative = lambda target: Path(os.path.relpath(target, page.parent)).as_posix()  # noqa: E731
    static_url = relative(static_dir)
    exporter = exporter or _exporter()
    exporter.require_js_url = f"{static_url}/require.js"
    exporter.widget_renderer_url = f"{static_url}/embed-amd.js"
    index_url = relative(index_page)
    resources = {
        "metadata": {"name": path.stem, "path": str(path.parent)},
        "claimlab": {"static_url": static_url, "banner": banner(), "export_html": export_html(),
                     "contents": word("static.contents"), "index_url": index_url,
                     "nav": nav_html(index_url, (relative(following[0]), following[1]) if following else None),
                     "interactive": path.parent.name != "solutions", "config": CONFIG_MARK,
                     "scripts": script_tags(static_url)},
    }
    body, _ = exporter.from_notebook_node(copy.deepcopy(nb), resources=resources)
    # the page config (feedback frames, headlines) is complete once the questions are compiled
    from claimlab.authoring import quizdata
    body = body.replace(CONFIG_MARK, script_json(quizdata.page_config()), 1)
    page.write_text(body, encoding="utf-8")
    return title


SECTIONS = {"notebooks": "static.index_lessons", "exercises": "static.index_exercises",
            "solutions": "static.index_solutions"}  # each section's heading on the contents page (interface words)
PATH_ORDER = ("notebooks", "exercises")  # a learner's way through: the lessons, then the exercises
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
            "</head>\n<body class=\"claimlab-plain\">\n<main>\n" + body + "\n</main>\n"
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
    body = "\n".join(f"<h2>{escape(word(SECTIONS[folder]) if folder in SECTIONS else folder.capitalize())}</h2>\n"
                     "<ol>\n" + "\n".join(items) + "\n</ol>" for folder, items in sections.items())
    guide = (f'<h2>{escape(word("static.index_instructors"))}</h2>\n<ul><li><a href="{KEY_GUIDE}">'
             f'{escape(word("static.index_key_guide"))}</a>{escape(word("static.index_key_guide_after"))}</li></ul>'
             ) if key_guide else ""
    start_here = (f'<p><a class="claimlab-start" href="{escape(start)}"><b>{escape(word("static.index_start"))}</b>'
                  f'</a>{escape(word("static.index_start_after"))}</p>') if start else ""
    return _shell("Claim Lab", (
        f"<h1>{escape(word('static.index_title'))}</h1>\n"
        f"<p class=\"note\" role=\"note\">{escape(banner())} {escape(word('static.index_storage'))}</p>\n"
        f"{start_here}\n{export_html()}\n{body}\n{guide}"), STATIC_DIR)


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
    return _shell("Claim Lab: the expert key",
                  f'<p><a href="index.html">{escape(word("static.contents"))}</a></p>\n' + body, STATIC_DIR)


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
    plan = []  # (notebook, its folder, its page)
    for notebook in notebooks:
        notebook = Path(notebook).resolve()
        relative = notebook.relative_to(root) if notebook.is_relative_to(root) else Path(notebook.name)
        folder = relative.parent.as_posix() if relative.parent != Path(".") else "other"
        plan.append((notebook, folder, out / relative.with_suffix(".html")))
    following = _next_pages(plan)
    for notebook, folder, page in plan:
        try:
            title = notebook_to_html(notebook, page, static_dir, index_page, exporter, execute,
                                     following.get(page))
        except StaticBuildError as exc:
            print(exc, file=sys.stderr)
            failures.append(str(exc))
            continue
        pages.append(page)
        nb = nbformat.read(notebook, as_version=4)
        entries.append((folder, page.relative_to(out).as_posix(), title, _time(nb)))
    guide = _key_guide_html(root)
    if guide is not None:
        (out / KEY_GUIDE).write_text(guide, encoding="utf-8")
    index_page.write_text(_index_html(entries, guide is not None), encoding="utf-8")
    if failures:
        raise StaticBuildError(f"{len(failures)} page(s) not built: " + "; ".join(failures))
    return pages


def _next_pages(plan: list[tuple[Path, str, Path]]) -> dict[Path, tuple[Path, str]]:
    """Each page's next page and its title: the lessons in order, then the exercises; each other folder
    (the worked solutions) in its own order. The last page of each way has none."""
    ways: dict[str, list[tuple[Path, Path]]] = {}
    for notebook, folder, page in sorted(plan, key=lambda p: (p[1] not in PATH_ORDER, PATH_ORDER.index(p[1])
                                                              if p[1] in PATH_ORDER else 0, p[1], p[0].name)):
        ways.setdefault("path" if folder in PATH_ORDER else folder, []).append((notebook, page))
    following: dict[Path, tuple[Path, str]] = {}
    for way in ways.values():
        for (_nb, page), (next_nb, next_page) in zip(way, way[1:]):
            following[page] = (next_page, _title(nbformat.read(next_nb, as_version=4), next_nb.stem))
    return following
