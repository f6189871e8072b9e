"""The nbconvert preprocessors that turn a notebook's stored outputs into a static page's content:
charts, widgets, questions answered in the browser, links between pages.
"""
from __future__ import annotations

import ast
import re

import nbformat
from nbconvert.preprocessors import Preprocessor

from claimlab.authoring.static.assets import PLOTLY_MIME, WIDGET_STATE_MIME, WIDGET_VIEW_MIME, script_json


class PlotlyToHTML(Preprocessor):
    """Turn stored plotly figures into a ``<div>`` with the figure beside it as JSON, which the page script
    ``assets/parts/charts.js`` draws with plotly.js, laid out for the width of the screen."""

    def preprocess(self, nb, resources):
        resources.setdefault("claimlab", {})["plotly"] = False
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        for number, output in enumerate(cell.get("outputs", [])):
            figure = output.get("data", {}).get(PLOTLY_MIME)
            if figure is None:
                continue
            div_id = f"claimlab-chart-{index}-{number}"
            # no toolbar on a static page: it covered the titles (and a chart here is for reading, not editing)
            config = {"responsive": True, "displaylogo": False, **figure.get("config", {}), "displayModeBar": False}
            config.pop("plotlyServerURL", None)  # only used to upload to Chart Studio
            spec = {"data": figure.get("data", []), "layout": figure.get("layout", {}), "config": config}
            chart = (f'<div id="{div_id}" class="claimlab-chart"></div>\n'
                     f'<script type="application/json" class="claimlab-chart-spec" data-chart="{div_id}">'
                     f'{script_json(spec)}</script>')
            kept = {mime: value for mime, value in output.data.items() if mime == "text/plain"}
            output.data = nbformat.from_dict({"text/html": chart, **kept})
            resources["claimlab"]["plotly"] = True
        return cell, resources


class StaticWidgets(Preprocessor):
    """Widgets on a page with no Python behind it.

    With stored state: the buttons (Check, Reset, Show help...) are greyed out, with a
    tooltip saying why, since they do nothing without Python. Without stored state: the
    widgets cannot be drawn, so their text form is shown instead, less its "run this cell in
    JupyterLab" (a static page has no cell to run; the questions are forms of their own).
    """

    action_models = ("ButtonModel", "ToggleButtonModel")
    tooltip = "Needs a running notebook (see the note at the top of the page)"

    def preprocess(self, nb, resources):
        state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME, {}).get("state", {})
        for model in state.values():
            if model.get("model_name") in self.action_models:
                model.setdefault("state", {}).update(disabled=True, tooltip=self.tooltip)
        from claimlab.core.words import word
        hint = word("widget.static_hint")
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if not state:
                    data.pop(WIDGET_VIEW_MIME, None)
                # a widget's text form says to run its cell in JupyterLab: not on a page that has no cells to run
                if isinstance(data.get("text/plain"), str) and hint in data["text/plain"]:
                    data["text/plain"] = data["text/plain"].replace(hint, "").strip()
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


def export_html(ds=None) -> str:
    """The Download my answers button and the count of answers kept (on every page)."""
    from claimlab.core.text import escape
    from claimlab.core.words import word
    return ('<div class="claimlab-export-box"><button type="button" class="claimlab-export">'
            f'{escape(word("static.download", ds))}</button> <span class="claimlab-count"></span> '
            f'<small>{escape(word("static.download_note", ds))}</small></div>')


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
        from claimlab.authoring.static import parts
        ds = self.ds
        questions = ds.exercises.get("questions") or {}
        first = args[0] if args else None
        if name == "rate" and isinstance(first, str) and first in ds.key.index:
            dims = kwargs.get("dimensions")
            return quizdata.rater_form(first, None if dims is None else [str(d) for d in dims], ds)
        if name == "rate_any" and not args and not kwargs:
            return quizdata.picker_form(ds)
        if name in ("quiz", "check", "exercise") and isinstance(first, str) and first.strip().lower() in questions:
            return quizdata.exercise_form(first.strip().lower(), ds)
        if name == "export_answers":
            return export_html(ds)
        if name == "practice":
            return parts.practice_part(ds, first if isinstance(first, int) else None)
        if name == "trust_form":
            return parts.trust_part(ds, str(first or kwargs.get("stage") or "pre"))
        if name == "trust_change":
            return parts.trust_change_part(ds)
        if name == "exercise_progress" and isinstance(first, str):
            return parts.exercise_progress_part(ds, first)
        if name == "progress":
            return parts.progress_part(ds)
        if name == "note_box" and len(args) == 2 and all(isinstance(a, str) for a in args):
            return parts.note_part(ds, *args)
        if name == "first_impression" and not args:
            return parts.impression_part(ds, bool(kwargs.get("revisit")))
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


