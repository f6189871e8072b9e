"""The pieces every lesson notebook of a new module is written with (:mod:`.lessons` writes the notebooks).

:class:`Notebook` collects cells (markdown rendered from the data, code cells of one or two ``cl.*`` lines);
:class:`WriterBase` holds the data, the prose of ``templates/lessons.yaml`` and the phrases built from both (who
makes a claim, its paragraph, the notes of its reference rows); :func:`timed` writes each notebook's counted
time (:mod:`claimlab.authoring.lessontime`) into its header. ``[[NAME]]`` in the prose is filled here
(:func:`fill`); ``{fig:P01}``-style placeholders are rendered from the data by :func:`claimlab.core.text.render`.
"""
from __future__ import annotations

import copy
import re
from typing import Any

from claimlab.authoring.lessontime import Shown, notebook_time
from claimlab.authoring.newarticle.facts import Facts, plain
from claimlab.authoring.prose import prose
from claimlab.core import text as textmod
from claimlab.core.dataset import Dataset

FILL_RE = re.compile(r"\[\[([A-Z0-9_]+)\]\]")
TIMES = {1: "once", 2: "twice"}
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
RELATION_WORDS = {"origin": "a copy of the article's text", "upstream": "the source the article's figure came from",
                  "other_claim": "another claim about the same thing", "check": "an independent check",
                  "series": "an earlier or later figure in the same series", "context": "context",
                  "mirror": "the other side's claim", "date": "a date"}


def fill(template: str, **values: Any) -> str:
    """``[[NAME]]`` replaced by ``values['NAME']``; a name with no value is an error (a bug, never a learner's)."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"no value for [[{name}]] in the lesson prose")
        return str(values[name])
    return FILL_RE.sub(replace, template)


def and_list(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class Notebook:
    """Cells being written: markdown rendered from the data, code cells of one or two ``cl.*`` lines."""

    def __init__(self, ds: Dataset, stem: str):
        self.ds, self.stem, self.cells = ds, stem, []

    def md(self, source: str, shared: str | None = None) -> None:
        source = textmod.render(source, self.ds).strip()
        meta = {"claimlab": {"shared": shared}} if shared else {}
        self.cells.append({"cell_type": "markdown", "metadata": meta, "source": source})

    def code(self, source: str) -> None:
        self.cells.append({"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
                           "execution_count": None})

    def notebook(self) -> dict[str, Any]:
        for number, cell in enumerate(self.cells):
            cell["id"] = f"{self.stem[:12]}-{number:03d}"
        return {"cells": self.cells, "nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"},
                             "claimlab": {"generated": True}}}


class WriterBase:
    """What every notebook of the series shares: the data, the prose, and phrases built from them."""

    def __init__(self, ds: Dataset, the_plan: dict[str, Any]):
        self.ds, self.facts, self.plan = ds, Facts(ds), the_plan
        self.p = prose()
        self.title = self.facts.title()

    # ------------------------------------------------------------------ shared phrases
    def sides_and(self) -> str:
        return and_list(self.facts.sides)

    def para(self, cid: str) -> str:
        return f"paragraph {self.facts.paragraph(cid)}"

    def summary(self, cid: str) -> str:
        return plain(str(self.ds.claims.loc[cid, "summary"]).rstrip("."))

    def who_sentence(self, cid: str) -> str:
        side, p = self.facts.side(cid), self.p["nb01"]
        claimant = plain(self.ds.claims.loc[cid, "claimant"])
        claimant += "," if "," in claimant else ""  # "X, spokesman of Y, makes it"
        if side in self.facts.sides:
            return fill(p["claim_side"], CLAIMANT=claimant, SIDE=side)
        if str(self.ds.claims.loc[cid, "attribution"]) == "unattributed":
            return p["claim_unnamed"]
        return fill(p["claim_neither"], CLAIMANT=claimant)

    def head(self, nb: Notebook, key: str, number: str, name: str) -> None:
        spec = self.p[key]
        objectives = "\n".join(f"- {fill(o, COUNTED=self.counted())}" for o in spec["objectives"])
        nb.md(fill(self.p["head"], TITLE=self.title, NUMBER=number, NAME=name, MINUTES="@@MINUTES@@",
                   NEED=spec["need"], NEXT=self.next_of(nb.stem), LEAD=spec.get("lead", "be able to"),
                   OBJECTIVES=objectives))

    def next_of(self, stem: str) -> str:
        included = [n.removesuffix(".ipynb") for n, reason in self.plan["notebooks"].items() if reason is None]
        later = included[included.index(stem) + 1:] if stem in included else []
        return f"`{later[0]}`" if later else "the practice exercises in `exercises/`"

    def counted(self) -> str:
        return "casualty and loss counts" if self.facts.casualty() else "a party's own counts"

    def rate(self, nb: Notebook, cid: str | None, dimensions: list[str] | None = None) -> None:
        if cid:
            nb.code(f'cl.rate("{cid}"' + (f", dimensions={dimensions!r})".replace("'", '"') if dimensions else ")"))

    def link_lines(self, cid: str) -> str:
        rows = self.facts.linked(cid)
        lines = [fill(self.p["nb02"]["link_line"], FID=r.figure_id, RELATION=RELATION_WORDS.get(r.relation, r.relation),
                      NOTE=str(r.note).strip()) for r in rows.itertuples() if str(r.note).strip()]
        return "\n".join(lines)


def count_words(n: int, noun: str = "") -> str:
    """3 -> 'three', 'three claims' (numbers up to twelve as words; larger ones as digits, from the data)."""
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
    number = words[n] if 0 <= n < len(words) else f"{n:,}"
    if not noun:
        return number
    return f"{number} {noun}{'' if n == 1 else 's'}"


def timed(ds: Dataset, notebooks: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each notebook's counted time written into its header, and notebook 00's table of what comes next."""
    shown = Shown(ds)
    minutes = {stem: notebook_time(nb, ds, shown, stem).minutes for stem, nb in notebooks.items()}
    rows = "\n".join(f"| `{stem}` | {prose()['parts'][stem]} | about {minutes[stem]} minutes |"
                     for stem in notebooks if stem in prose()["parts"])
    minutes = {stem: notebook_time(_filled(nb, 0, rows), ds, shown, stem).minutes for stem, nb in notebooks.items()}
    return {stem: _filled(nb, minutes[stem], rows) for stem, nb in notebooks.items()}


def _filled(nb: dict[str, Any], minutes: int, rows: str) -> dict[str, Any]:
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = cell["source"].replace("@@MINUTES@@", str(minutes)).replace("@@NEXT_ROWS@@", rows)
    return nb
