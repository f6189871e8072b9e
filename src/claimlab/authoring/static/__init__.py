"""Static HTML pages of every notebook, readable offline and with no kernel.

    python -m claimlab html                 # every notebook -> site/
    python -m claimlab html --out /tmp/site notebooks/02_judging_sources.ipynb

Pages are built from the outputs stored in the notebooks:

* a notebook that stores no outputs (exercises/) is first run into a temporary copy with
  ``claimlab.execute``, so its page shows what its cells show (the article, figures, tables); so is a
  notebook that shows widgets without storing their state (``--no-execute`` skips both);
* charts: the stored ``application/vnd.plotly.v1+json`` outputs become a ``<div>`` that the page script
  ``assets/parts/charts.js`` draws with the plotly.js that ships inside the installed plotly package,
  laid out for the width of the screen, with no toolbar;
* every script, style sheet and font is a local file in ``site/_static/``: no CDN. The style sheet is
  ``claimlab/ui/assets/claimlab-static.css`` (CSS lives in ``ui/`` only).

Questions work with no Python: every ``cl.rate(...)``, ``cl.rate_any()``, ``cl.quiz(...)``,
``cl.exercise(...)`` or ``cl.check(...)`` cell is replaced by a form whose feedback was computed at build
time by the kernel's own functions (:mod:`claimlab.authoring.quizdata`), with Hint and Show the answer; a
small script (``assets/claimlab-static.js``, no network) checks answers, keeps them in the browser's
localStorage in the ``claimlab-answers`` format, with attempts, under a key of the module's own, and
downloads them for the instructor. The other widgets have stand-ins too (:mod:`.parts`): the practice
passages, the trust checks and their change, progress, note boxes and the first impression, saved as the
kernel saves them. Every page links to the next; the banner at the top says what works here.

Neither html-manager nor require.js is a Python package, so the first build downloads
the two exact npm tarballs pinned in :data:`NPM_PACKAGES` from the npm registry with the
standard library, checks each against its pinned sha512 ``integrity``, and keeps them in
``build/static-assets/`` (git-ignored). Later builds work offline. No node or npm needed.
"""
from __future__ import annotations

from claimlab.authoring.static.assets import (
    DEFAULT_FOLDERS,
    NPM_PACKAGES,
    AssetError,
    NpmPackage,
    StaticBuildError,
    banner,
    fetch_assets,
    install_assets,
    judge_scripts,
    page_scripts,
    script_tags,
)
from claimlab.authoring.static.site import build_site, nav_html, needs_widget_state, notebook_to_html, stores_no_outputs

__all__ = ["NpmPackage", "NPM_PACKAGES", "AssetError", "StaticBuildError", "banner", "DEFAULT_FOLDERS",
           "fetch_assets", "install_assets", "needs_widget_state", "stores_no_outputs", "notebook_to_html", "nav_html",
           "build_site", "judge_scripts", "page_scripts", "script_tags"]
