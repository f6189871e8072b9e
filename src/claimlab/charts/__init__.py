"""Plotly charts of the reported figures: who claimed what, when, against what others reported.

One module per chart family (:mod:`.article`, :mod:`.compare`, :mod:`.series`, :mod:`.mirror`), the
look in :mod:`.style`, shared point-building in :mod:`.points`, charts built once in :mod:`.cache`,
and :mod:`.show` to put a chart and its text alternative in a notebook (``chart(name)``). Imports
only :mod:`claimlab.core`. The names below are imported on first use, so showing a chart that is
already built never loads the chart modules.
"""
from __future__ import annotations

from claimlab.core.lazy import exports

_LAZY = {
    **dict.fromkeys(("article_figures", "describe_article_figures"), "article"),
    **dict.fromkeys(("printed_vs_reported", "describe_printed_vs_reported"), "compare"),
    **dict.fromkeys(("mirror_claims", "describe_mirror_claims"), "mirror"),
    **dict.fromkeys(("running_claims", "describe_running_claims"), "series"),
    **dict.fromkeys(("CHARTS", "chart", "show_figure", "show_message"), "show"),
    "ChartError": "style",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = exports(__name__, _LAZY)
