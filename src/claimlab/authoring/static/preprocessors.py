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
            arguments = ", ".join(script_json(part) for part in
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


