"""Build the same module around another article, by editing data alone.

    python -m claimlab new-article DIR --sides "Northland,Southland" [--measures "island area,..."] [--title "..."]
    python -m claimlab new-article --check DIR     # list every problem, with file, row and column
    python -m claimlab new-article --build DIR     # check, then write solutions/, exercises/, sample answers

Starting (``new-article DIR``) creates DIR with:

* ``data/``: the files to fill in (article.md, claims.csv, claim_links.csv, key.csv,
  key_notes.csv, markers.csv, reference/reported_figures.csv, reference/audit_of_30_rows.csv,
  exercises.yaml), each CSV with its header row only; ``reference/unit_map.csv`` with the
  usual spellings of every unit; and, copied from the current Claim Lab folder so that the
  same schema validates, ``datapackage.json``, ``schemas/`` and ``rubric.yaml``. Only the
  article's own vocabulary changes (see :func:`datapackage_for`): the names of the sides (the
  allowed ``claimant_side`` and ``claimant_affiliation`` values, and the "official of a side"
  options of the rubric's first question) and what the reference figures measure;
* ``notebooks/``: notebooks that read everything (claim ids included) from ``data/``, so they
  run unchanged on any valid data; ``instructors/class_results.ipynb``; ``docs/data_dictionary.md``;
* ``README.md``: what to fill in, and in what order.

Building (``--build``) validates the data with :func:`claimlab.load` and, if it is valid,
writes one solution notebook per exercise notebook in ``data/exercises.yaml`` (the answers
taken from that file), the learner copies in ``exercises/`` (with
:mod:`claimlab.build_exercises`, as for Claim Lab's own exercises) and made-up answers
files in ``instructors/sample_answers/``.
"""
from __future__ import annotations

from claimlab.authoring.newarticle.build import build, check, solution_notebook
from claimlab.authoring.newarticle.series import plan, render_notebook, summary, write_notebooks
from claimlab.authoring.newarticle.setup import (
    NO_FIGURE,
    NOTEBOOKS,
    OTHER_SIDES,
    ArticleSetupError,
    add_kind,
    concepts_for,
    create,
    datapackage_for,
    parse_measures,
    parse_names,
    parse_sides,
    parse_units,
    rubric_for,
    slug,
    template,
)

__all__ = ["create", "check", "build", "datapackage_for", "rubric_for", "solution_notebook", "add_kind", "concepts_for",
           "parse_sides", "parse_measures", "parse_names", "parse_units", "slug", "summary", "plan",
           "render_notebook", "write_notebooks", "template", "ArticleSetupError", "NOTEBOOKS", "OTHER_SIDES",
           "NO_FIGURE"]
