"""Showing a chart in a notebook: the figure, its text alternative, and plain messages instead of errors.

The chart modules (and plotly's figure classes they use) are imported only when a chart has to
be built: a chart whose JSON is already kept (:mod:`.cache`) is shown without them.
"""
from __future__ import annotations

import difflib
import importlib
import inspect
import json
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from claimlab.charts.cache import built_once
from claimlab.core.problems import DataError
from claimlab.core.text import escape
from claimlab.core.words import word
from claimlab.ui.html import style

if TYPE_CHECKING:
    import plotly.graph_objects as go

# chart name -> (module in claimlab.charts, figure function, text description function)
_REGISTRY: dict[str, tuple[str, str, str]] = {
    "article_figures": ("article", "article_figures", "describe_article_figures"),
    "printed_vs_reported": ("compare", "printed_vs_reported", "describe_printed_vs_reported"),
    "running_claims": ("series", "running_claims", "describe_running_claims"),
    "mirror_claims": ("mirror", "mirror_claims", "describe_mirror_claims"),
}


class _Charts(Mapping):
    """{chart name: (figure function, text description function)}, importing a chart's module on first use."""

    def __getitem__(self, name: str) -> tuple[Callable[..., go.Figure], Callable[..., str]]:
        module, figure, describe = _REGISTRY[name]
        found = importlib.import_module(f"claimlab.charts.{module}")
        return getattr(found, figure), getattr(found, describe)

    def __contains__(self, name: object) -> bool:  # Mapping's own would import the module
        return name in _REGISTRY

    def __iter__(self) -> Iterator[str]:
        return iter(_REGISTRY)

    def __len__(self) -> int:
        return len(_REGISTRY)


CHARTS: Mapping[str, tuple[Callable[..., go.Figure], Callable[..., str]]] = _Charts()


class _WrongOption(ValueError):
    """An option a chart does not take (the message says which it takes)."""


def _emit(bundle: dict[str, Any], plain: str) -> None:
    """Display a MIME bundle in Jupyter; outside IPython print the plain text instead."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    if InteractiveShell.initialized():
        display(bundle, raw=True)
    else:
        print(plain)


def show_message(text: str) -> None:
    """A plain message in place of a chart (e.g. nothing to chart yet)."""
    _emit({"text/html": f'<p class="claimlab-message" style="{style("message")}">'
                        f"{escape(text)}</p>",
           "text/plain": text}, text)


def show_figure(fig: go.Figure, description: str, label: str) -> None:
    """Display a figure (plotly MIME type only) and, under it, its text description.

    ``label`` is what a plain-text console prints in place of the figure, e.g. "chart: running_claims".

    The description is in a ``<details>`` element, open by default, so screen readers and
    static pages get it and sighted readers can fold it away.
    """
    show_payload(figure_json(fig), description, label)


def figure_json(fig: go.Figure) -> dict[str, Any]:
    """The figure as plotly's MIME bundle carries it (plain JSON)."""
    import plotly.io as pio

    # the same bundle plotly's "plotly_mimetype" renderer makes, built directly: looking up a
    # renderer imports nbformat and jsonschema, which costs over a second in every notebook
    payload = json.loads(pio.to_json(fig, validate=False, remove_uids=False))
    payload["config"] = {"displaylogo": False, "responsive": True}
    return payload


def show_payload(payload: dict[str, Any], description: str, label: str) -> None:
    """Display figure JSON (see :func:`figure_json`) and its text description under it."""
    _emit({"application/vnd.plotly.v1+json": payload}, f"[{label}]")
    title = word("widget.chart_description")
    _emit({"text/html": f'<details class="claimlab-chart-description" open style="{style("chart_description")}">'
                        f"<summary><strong>{escape(title)}</strong></summary>"
                        f"<p>{escape(description)}</p></details>",
           "text/plain": f"{title}: {description}"},
          f"{title}: {description}")


def chart(name: str, **kwargs: Any) -> None:
    """Show one chart and, right under it, its text description.

    ``name`` is one of the keys of :data:`CHARTS`; keyword options are passed on, e.g.
    ``chart("printed_vs_reported", claim_ids=["CL06"])``. A wrong name or option shows a
    short message saying what is valid; it never raises. The figure is always sent as the
    plotly MIME type only (no embedded plotly.js), whatever the default renderer is.
    """
    valid = ", ".join(f'"{n}"' for n in CHARTS)
    key = name.strip() if isinstance(name, str) else None
    if key not in CHARTS:
        close = difflib.get_close_matches(str(name), list(CHARTS), n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        show_message(f"There is no chart called {name!r}.{hint} The charts are: {valid}. "
                 'Example: cl.chart("running_claims")')
        return

    def build() -> tuple[dict[str, Any], str]:
        figure_fn, describe_fn = CHARTS[key]
        parameters = list(inspect.signature(figure_fn).parameters)
        unknown = [k for k in kwargs if k not in parameters]
        if unknown:
            options = [p for p in parameters if p != "ds"]
            takes = f"it takes: {', '.join(options)}" if options else "it takes no options"
            raise _WrongOption(f'The chart "{key}" has no option {", ".join(map(repr, unknown))}; {takes}.')
        return figure_json(figure_fn(**kwargs)), describe_fn(**kwargs)

    from claimlab.charts.style import ChartError  # imported with the chart modules, on a build

    try:
        # once per data version, kept on disk; a kept chart was built with valid options
        payload, description = built_once(key, kwargs, build)
    except _WrongOption as exc:
        show_message(str(exc))
        return
    except (ChartError, DataError) as exc:
        show_message(str(exc))
        return
    except Exception as exc:  # a learner never sees a traceback; the message names the problem
        show_message(f'Claim Lab could not draw the chart "{key}" ({type(exc).__name__}: {exc}). '
                 "Please tell your instructor.")
        return
    show_payload(payload, description, f"chart: {key}")
