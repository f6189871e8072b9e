"""Plotly charts of the reported figures: who claimed what, when, against what others reported.

One module per chart family (:mod:`.article`, :mod:`.compare`, :mod:`.series`, :mod:`.mirror`), the
look in :mod:`.style`, shared point-building in :mod:`.points`, and :mod:`.show` to put a chart and its
text alternative in a notebook (``chart(name)``). Imports only :mod:`claimlab.core`.
"""
from claimlab.charts.article import article_figures, describe_article_figures
from claimlab.charts.compare import describe_printed_vs_reported, printed_vs_reported
from claimlab.charts.mirror import describe_mirror_claims, mirror_claims
from claimlab.charts.series import describe_running_claims, running_claims
from claimlab.charts.show import CHARTS, chart, show_figure, show_message
from claimlab.charts.style import ChartError

__all__ = ["article_figures", "describe_article_figures", "printed_vs_reported", "describe_printed_vs_reported",
           "mirror_claims", "describe_mirror_claims", "running_claims", "describe_running_claims", "CHARTS",
           "chart", "show_figure", "show_message", "ChartError"]
