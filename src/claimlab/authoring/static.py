"""Static HTML pages of every notebook, readable offline and with no kernel.

    python -m claimlab html                 # every notebook -> site/
    python -m claimlab html --out /tmp/site notebooks/02_judging_sources.ipynb

Pages are built from the outputs stored in the notebooks:

* charts: the stored ``application/vnd.plotly.v1+json`` outputs become a ``<div>`` drawn
  by ``Plotly.newPlot`` with the plotly.js that ships inside the installed plotly package;
* widgets: they need their state (the values of every control), which the committed
  notebooks leave out to stay small. So a notebook that shows widgets is first run into a
  temporary copy with ``claimlab.execute`` storing the state (``--no-execute`` skips this;
  its widgets then show their text form). ``@jupyter-widgets/html-manager``, with
  ``require.js``, draws the widgets from that state;
* every script, style sheet and font is a local file in ``site/_static/``: no CDN.

Questions work with no Python: every ``cl.rate(...)``, ``cl.rate_any()``, ``cl.quiz(...)`` and
(on exercise pages) ``cl.exercise(...)`` or ``cl.check(...)`` cell is replaced by a form whose feedback was computed at
build time by the kernel's own functions (:mod:`claimlab.authoring.quizdata`); a small script
(``assets/claimlab-static.js``, no network) checks answers, keeps them in the browser's
localStorage in the ``claimlab-answers`` format, and downloads them for the instructor. Other
buttons (first impression, notes) still need Python: they are greyed out with a tooltip that
says why, and the banner at the top of every page says what works here.

Neither html-manager nor require.js is a Python package, so the first build downloads
the two exact npm tarballs pinned in :data:`NPM_PACKAGES` from the npm registry with the
standard library, checks each against its pinned sha512 ``integrity``, and keeps them in
``build/static-assets/`` (git-ignored). Later builds work offline. No node or npm needed.
"""
from __future__ import annotations

import ast
import base64
import copy
import hashlib
import json
import os
import re
import shutil
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2
import nbformat
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from claimlab.core.text import escape

__all__ = ["NpmPackage", "NPM_PACKAGES", "AssetError", "StaticBuildError", "BANNER", "DEFAULT_FOLDERS",
           "fetch_assets", "install_assets", "needs_widget_state", "notebook_to_html", "build_site"]

DEFAULT_FOLDERS = ("notebooks", "solutions", "exercises")
STATIC_DIR = "_static"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
BANNER = ("This is a static copy: answer the questions and press Check here; your answers are kept in "
          "this browser until you clear its data. Writing code, notes and charts you change need "
          "JupyterLab, JupyterLite or Binder.")
CONFIG_MARK = "@@CLAIMLAB_PAGE_CONFIG@@"
ASSETS = Path(__file__).with_name("assets")
ASSET_FILES = ("claimlab-static.js", "claimlab-static.css")
REGISTRY = "https://registry.npmjs.org"


# Question types whose check the page cannot run: "make it mislead" compares a rewrite with its passage
# safeguard by safeguard; on a static page it says where to do it instead of pretending to check.


@dataclass(frozen=True)
class NpmPackage:
    """One pinned npm tarball and the files Claim Lab copies out of it."""

    name: str
    version: str
    integrity: str  # the registry's sha512 "integrity" value for this exact tarball
    files: str  # regular expression matched against paths inside the tarball
    licence: str

    @property
    def url(self) -> str:
        return f"{REGISTRY}/{self.name}/-/{self.name.rsplit('/', 1)[-1]}-{self.version}.tgz"

    @property
    def tarball_name(self) -> str:
        return f"{self.name.replace('/', '__').lstrip('@')}-{self.version}.tgz"


# html-manager 1.0.15 is the release built against the same @jupyter-widgets/base 6 and
# controls 5 as ipywidgets 8.1.8's JupyterLab extension (jupyterlab_widgets 3.0.x).
NPM_PACKAGES = (
    NpmPackage(
        name="@jupyter-widgets/html-manager", version="1.0.15",
        integrity="sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        files=r"package/dist/(embed-amd\.js|[0-9a-f]+\.(eot|svg|ttf|woff2?))",
        licence="BSD-3-Clause (Project Jupyter); includes Font Awesome Free (SIL OFL 1.1 fonts)",
    ),
    NpmPackage(
        name="requirejs", version="2.3.7",
        integrity="sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw==",
        files=r"package/require\.js",
        licence="MIT (the jQuery Foundation and other contributors)",
    ),
)


class AssetError(RuntimeError):
    """A script the static pages need could not be downloaded, checked or found."""


class StaticBuildError(RuntimeError):
    """Some pages could not be built as asked (the others were); the message lists them."""


def _integrity_ok(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == expected


def fetch_assets(cache_dir: Path, packages: tuple[NpmPackage, ...] = NPM_PACKAGES) -> dict[NpmPackage, Path]:
    """Each pinned tarball in ``cache_dir``, downloaded first if missing; checked every time."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    found: dict[NpmPackage, Path] = {}
    for package in packages:
        target = cache_dir / package.tarball_name
        if target.is_file() and _integrity_ok(target.read_bytes(), package.integrity):
            found[package] = target
            continue
        print(f"downloading {package.name} {package.version} (once; kept in {cache_dir})", flush=True)
        try:
            with urllib.request.urlopen(package.url, timeout=120) as response:
                data = response.read()
        except (urllib.error.URLError, OSError) as exc:
            raise AssetError(
                f"Could not download {package.name} {package.version} from {package.url} ({exc}). "
                "Static pages need it to show widgets. Connect to the internet once and build again: "
                f"the file is then kept in {cache_dir} and later builds work offline.") from None
        if not _integrity_ok(data, package.integrity):
            raise AssetError(f"The download of {package.name} {package.version} from {package.url} does not "
                             "match its pinned sha512 checksum, so it was not used. Try again later.")
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
        found[package] = target
    return found


def _plotly_js() -> Path:
    import plotly
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise AssetError(f"The installed plotly package is incomplete: {path} is missing. "
                         "Delete the .venv/ folder and run python3 run.py html again to reinstall it.")
    return path


def judge_scripts() -> list[str]:
    """The page scripts the registered question types need (``assets/judges/<name>.js``), once each."""
    from claimlab.core import questions
    return sorted({f"{kind.page_script}.js" for kind in questions.TYPES.values()})


def script_tags(static_url: str) -> str:
    """The ``<script>`` elements of a page: the question types' page scripts, then the core script."""
    judges = "".join(f'<script src="{static_url}/judges/{name}"></script>\n' for name in judge_scripts())
    return judges + f'<script src="{static_url}/claimlab-static.js"></script>'


def install_assets(static_dir: Path, cache_dir: Path) -> list[str]:
    """Copy plotly.js, require.js and the widget manager into ``static_dir``; return the file names."""
    import plotly
    static_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_plotly_js(), static_dir / "plotly.min.js")
    names = ["plotly.min.js"]
    sources = [f"plotly.min.js: plotly.py {plotly.__version__} (MIT), from its package_data"]
    for package, tarball in fetch_assets(cache_dir).items():
        pattern = re.compile(package.files)
        with tarfile.open(tarball, "r:gz") as archive:
            for member in archive.getmembers():
                if not (member.isfile() and pattern.fullmatch(member.name)):
                    continue
                name = PurePosixPath(member.name).name
                with archive.extractfile(member) as source, open(static_dir / name, "wb") as out:
                    shutil.copyfileobj(source, out)
                names.append(name)
        sources.append(f"{package.name} {package.version} ({package.licence}): {package.url}")
    for name in ASSET_FILES:
        shutil.copyfile(ASSETS / name, static_dir / name)
        names.append(name)
    (static_dir / "judges").mkdir(exist_ok=True)
    for name in judge_scripts():
        shutil.copyfile(ASSETS / "judges" / name, static_dir / "judges" / name)
        names.append(f"judges/{name}")
    sources.append("claimlab-static.js, claimlab-static.css, judges/*.js: Claim Lab (MIT), "
                   "src/claimlab/authoring/assets/")
    (static_dir / "SOURCES.txt").write_text(
        "Scripts and fonts served next to Claim Lab's static pages, so the pages work offline.\n\n"
        + "\n".join(sources) + "\n", encoding="utf-8")
    return names


class PlotlyToHTML(Preprocessor):
    """Turn stored plotly figures into a ``<div>`` plus ``Plotly.newPlot`` (needs plotly.min.js)."""

    def preprocess(self, nb, resources):
        resources.setdefault("claimlab", {})["plotly"] = False
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        for number, output in enumerate(cell.get("outputs", [])):
            figure = output.get("data", {}).get(PLOTLY_MIME)
            if figure is None:
                continue
            div_id = f"claimlab-chart-{index}-{number}"
            config = {"responsive": True, "displaylogo": False, **figure.get("config", {})}
            config.pop("plotlyServerURL", None)  # only used to upload to Chart Studio
            arguments = ", ".join(_script_json(part) for part in
                                  (figure.get("data", []), figure.get("layout", {}), config))
            chart = (f'<div id="{div_id}" class="claimlab-chart"></div>\n'
                     f'<script type="text/javascript">Plotly.newPlot("{div_id}", {arguments});</script>')
            kept = {mime: value for mime, value in output.data.items() if mime == "text/plain"}
            output.data = nbformat.from_dict({"text/html": chart, **kept})
            resources["claimlab"]["plotly"] = True
        return cell, resources


class StaticWidgets(Preprocessor):
    """Widgets on a page with no Python behind it.

    With stored state: the buttons (Check, Reset, Show help...) are greyed out, with a
    tooltip saying why, since they do nothing without Python. Without stored state: the
    widgets cannot be drawn, so their text form is shown instead.
    """

    action_models = ("ButtonModel", "ToggleButtonModel")
    tooltip = "Needs a running notebook (see the note at the top of the page)"

    def preprocess(self, nb, resources):
        state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
        for model in state.values():
            if model.get("model_name") in self.action_models:
                model.setdefault("state", {}).update(disabled=True, tooltip=self.tooltip)
        if not state:
            for cell in nb.cells:
                for output in cell.get("outputs", []):
                    output.get("data", {}).pop(WIDGET_VIEW_MIME, None)
        return nb, resources


def _call(source: str) -> tuple[str, list, dict] | None:
    """(function name, literal arguments, literal keywords) of a one-line ``cl.name(...)`` cell, or None."""
    try:
        tree = ast.parse(source.strip())
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr) or not isinstance(tree.body[0].value, ast.Call):
        return None
    call = tree.body[0].value
    if not (isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "cl"):
        return None
    def literal(node):  # strings, numbers and lists of them; anything else is None (never evaluated)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            return [literal(item) for item in node.elts]
        return None
    return (call.func.attr, [literal(a) for a in call.args],
            {k.arg: literal(k.value) for k in call.keywords if k.arg})


EXPORT_HTML = ('<div class="claimlab-export-box"><button type="button" class="claimlab-export">'
               'Download my answers</button> <span class="claimlab-count"></span> '
               '<small>(a <code>claimlab-answers.json</code> file to hand in)</small></div>')


class InteractiveQuestions(Preprocessor):
    """Replace the outputs of question cells with forms the page script checks (see quizdata)."""

    def preprocess(self, nb, resources):
        from claimlab.core.dataset import load
        self.ds = resources["claimlab"].get("dataset") or load()
        self.interactive = resources["claimlab"].get("interactive", True)
        resources["claimlab"]["questions"] = 0
        return super().preprocess(nb, resources)

    def _form(self, name: str, args: list, kwargs: dict) -> str | None:
        """The page form that replaces a widget cell, or None to keep the cell's stored output."""
        from claimlab.authoring import quizdata
        questions = self.ds.exercises.get("questions") or {}
        if name == "rate" and args and args[0] in self.ds.key.index:
            dims = kwargs.get("dimensions")
            return quizdata.rater_form(args[0], None if dims is None else [str(d) for d in dims], self.ds)
        if name == "rate_any" and not args and not kwargs:
            return quizdata.picker_form(self.ds)
        if name in ("quiz", "check", "exercise") and args and isinstance(args[0], str) \
                and args[0].strip().lower() in questions:
            qid = args[0].strip().lower()
            return quizdata.exercise_form(qid, self.ds, "Answer here on this page, then press Check:"
                                          if name in ("check", "exercise") else "")
        if name == "export_answers":
            return EXPORT_HTML
        return None

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not self.interactive:
            return cell, resources
        parsed = _call(cell.source)
        form = self._form(*parsed) if parsed else None
        if form is not None:
            cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": form})]
            resources["claimlab"]["questions"] += 1
        return cell, resources


class NotebookLinksToHTML(Preprocessor):
    """Point Markdown links to other notebooks (``02_x.ipynb``) at their static pages."""

    _link = re.compile(r"(\]\()(?!https?:|/)([^)\s]+?)\.ipynb(#[^)\s]*)?\)")

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = self._link.sub(lambda m: f"{m[1]}{m[2]}.html{m[3] or ''})", cell.source)
        return cell, resources


def _script_json(value) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


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
    body = body.replace(CONFIG_MARK, _script_json(quizdata.page_config()), 1)
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
            f"<script id=\"claimlab-config\" type=\"application/json\">{_script_json(quizdata.page_config())}</script>\n"
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
