"""The lesson notebooks of a new article's module, written from its data (prose in templates/lessons.yaml).

Each notebook is built cell by cell from the article's own claims, reference rows and key (:class:`.facts.Facts`):
notebook 01 walks through every claim in its paragraph, 02 has a worked example that no later notebook asks
again, 03 goes through every number, 04 through every count (how it changed from source to source, what the
article leaves out, floors, caveats, who counted). The prose comes from ``templates/lessons.yaml`` and never
types a figure: ``[[NAME]]`` is filled from the data here, then ``{fig:P01}``-style placeholders are rendered
by :func:`claimlab.core.text.render`. Each notebook's time is counted by :mod:`claimlab.authoring.lessontime`.

:func:`sync_shared` rewrites the cells of a folder's notebooks that say ``"claimlab": {"shared": ID}`` in their
metadata from the shared blocks (Claim Lab's own notebooks use them; ``python -m claimlab.authoring.lessontime
--write`` calls it, ``--check`` reports any difference).
"""
from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from claimlab.authoring.newarticle.facts import Facts, plain
from claimlab.core import text as textmod
from claimlab.core.dataset import Dataset

FILL_RE = re.compile(r"\[\[([A-Z0-9_]+)\]\]")
TIMES = {1: "once", 2: "twice"}
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
RELATION_WORDS = {"origin": "a copy of the article's text", "upstream": "the source the article's figure came from",
                  "other_claim": "another claim about the same thing", "check": "an independent check",
                  "series": "an earlier or later figure in the same series", "context": "context",
                  "mirror": "the other side's claim", "date": "a date"}


@functools.cache
def prose() -> dict[str, Any]:
    text = resources.files("claimlab.authoring").joinpath("templates", "lessons.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


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


class Writer:
    """Writes every notebook of the series for one module."""

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

    # ------------------------------------------------------------------ the notebooks
    def write(self) -> dict[str, dict[str, Any]]:
        from claimlab.authoring.newarticle import lessons_numbers
        builders = {"00_start_here": self.nb00, "00a_pre_test": self.nb00a, "01_who_says_what": self.nb01,
                    "02_judging_sources": self.nb02, "03_the_numbers": lambda nb: lessons_numbers.nb03(self, nb),
                    "04_counting_the_dead_and_lost": lambda nb: lessons_numbers.nb04(self, nb),
                    "05_where_did_this_text_come_from": lambda nb: lessons_numbers.nb05(self, nb),
                    "06_wrap_up": self.nb06}
        written = {}
        for name, reason in self.plan["notebooks"].items():
            if reason is None:
                stem = name.removesuffix(".ipynb")
                nb = Notebook(self.ds, stem)
                builders[stem](nb)
                written[stem] = nb.notebook()
        return timed(self.ds, written)

    def nb00(self, nb: Notebook) -> None:
        p, f, meta = self.p["nb00"], self.facts, self.ds.article.meta
        self.head(nb, "nb00", "00", p["name"])
        published = textmod.fmt_date(meta.get("published_on")) if meta.get("published_on") else "date unknown"
        nb.md(fill(p["why"], ARTICLE_TITLE=plain(meta.get("title", "")), PUBLISHED=published,
                   SIDES_AND=self.sides_and()))
        nb.md(self.p["shared"]["note_before"], shared="note_before")
        nb.md(self.p["shared"]["how_to_use"], shared="how_to_use")
        nb.code("import claimlab as cl")
        nb.md(p["article"])
        nb.code("cl.show_article()")
        if meta.get("background"):
            nb.md(fill(p["background"], BACKGROUND=plain(str(meta["background"]).strip())))
        else:
            nb.md(fill(p["no_background"], SIDES_AND_CAP=self.sides_and()))
        origin = f.origin_rows()
        if origin:
            nb.md(p["reference"])
            nb.code(f'cl.show_figures(["{origin[0]}"], snippets=True)')
        nb.md(p["impression"])
        nb.code("cl.first_impression()")
        nb.md(fill(p["next"], ROWS="@@NEXT_ROWS@@"))
        nb.md(p["words"])
        nb.code('cl.glossary("claim", "claimant", "attribution", "outlet", "party to the fighting", "reference row", '
                '"cell", "widget")')
        nb.md(fill(p["points"], SIDES_AND=self.sides_and()))

    def nb00a(self, nb: Notebook) -> None:
        p, shared = self.p["nb00a"], self.p["shared"]
        self.head(nb, "nb00a", "00a", p["name"])
        nb.md(p["intro"])
        nb.code("import claimlab as cl")
        nb.md(shared["pretest_how"], shared="pretest_how")
        nb.code('cl.trust_form("pre")')
        nb.md(shared["pretest_points"], shared="pretest_points")

    def nb01(self, nb: Notebook) -> None:
        p, f, ds = self.p["nb01"], self.facts, self.ds
        self.head(nb, "nb01", "01", p["name"])
        nb.code("import claimlab as cl")
        nb.md(fill(p["what"], N_CLAIMS=count_words(len(ds.claims))))
        nb.code('cl.claims_table(columns=("claim_id", "paragraph", "summary", "claim_type"))')
        nb.md(p["who"])
        nb.code("cl.claimant_summary()")
        groups = []
        for side in f.sides:
            ids = [c for c in ds.claims.index if f.side(c) == side]
            if ids:
                claimants = and_list([plain(c) for c in dict.fromkeys(ds.claims.loc[ids, "claimant"])])
                groups.append(fill(p["group_side"], SIDE=side, CLAIMANTS=claimants, COUNT=count_words(len(ids), "claim")))
        neither = [c for c in ds.claims.index if f.side(c) == "neither"]
        if neither:
            claimants = and_list([plain(c) for c in dict.fromkeys(ds.claims.loc[neither, "claimant"])])
            groups.append(fill(p["group_neither"], CLAIMANTS=claimants, COUNT=count_words(len(neither), "claim")))
        unnamed = [c for c in ds.claims.index if f.side(c) == "no_one_named"]
        if unnamed:
            groups.append(fill(p["group_outlet"], COUNT=count_words(len(unnamed), "claim")))
        if not f.independent(list(ds.figures.index)) and not neither:
            groups.append(p["no_monitor"])
        nb.md(fill(p["groups"], GROUPS="\n".join(groups), PARTIES=fill(p["parties"], SIDES_AND_CAP=self.sides_and())))
        nb.md(p["walk"])
        tried = set(f.roles["try"])
        for number, ids in f.paragraphs().items():
            nb.code(f"cl.show_paragraphs({number}, highlight={list(ids)!r})".replace("'", '"'))
            nb.md("\n\n".join(self.walk_claim(c, c in tried) for c in ids))
        unattributed = [c for c in ds.claims.index if str(ds.claims.loc[c, "attribution"]) == "unattributed"]
        if unattributed:
            nb.md(p["unattributed"])
            nb.code('cl.claims_table(columns=("claim_id", "paragraph", "quote", "claim_type"), attribution="unattributed")')
            figures = [c for c in unattributed if c in f.valued()]
            if figures:
                nb.md(fill(p["unattributed_list"], LIST=and_list(
                    [f"*{f.printed(c)}* ({self.para(c)})" for c in figures])))
        nb.md(p["verbs"])
        nb.code('cl.claims_table(columns=("claim_id", "paragraph", "claimant", "attribution", "attribution_verb"), '
                'attribution=["direct_quote", "named_paraphrase"])')
        nb.md(fill(p["verbs_found"], VERB_LINES=self.verb_lines()))
        if f.roles["try"]:
            what = and_list([f"*“{f.quote(c)}”* ({self.para(c)})" for c in f.roles["try"]])
            nb.md(fill(p["try"], TRY_WHAT=what))
            for cid in f.roles["try"]:
                self.rate(nb, cid, ["who", "party", "attribution"])
        nb.md(fill(p["points"], N_CLAIMS=count_words(len(ds.claims)), N_PARAGRAPHS=count_words(len(f.paragraphs())),
                   SIDES_AND_CAP=self.sides_and()))

    def walk_claim(self, cid: str, yours: bool) -> str:
        p, f = self.p["nb01"], self.facts
        if yours:
            return fill(p["claim_yours"], CID=cid, QUOTE=f.quote(cid))
        parts = [fill(p["claim_lead"], CID=cid, QUOTE=f.quote(cid), KIND=f.kind_words(cid)), self.who_sentence(cid)]
        attribution = str(self.ds.claims.loc[cid, "attribution"])
        verb = self.ds.claims.loc[cid, "attribution_verb"]
        verb = "" if verb is None or str(verb) in ("", "nan", "<NA>") else plain(verb)
        if attribution == "direct_quote" and verb:
            parts.append(fill(p["claim_quote"], VERB=verb))
        elif attribution == "named_paraphrase":
            parts.append(fill(p["claim_paraphrase"], VERB=verb) if verb else p["claim_paraphrase_noverb"])
        if cid in f.valued():
            parts.append(fill(p["claim_number"], PRINTED=f.printed(cid)))
        where = "worked" if cid == f.roles["worked"] else f.rated.get(cid, "free")
        parts.append(p[f"later_{where}"])
        return " ".join(parts)

    def verb_lines(self) -> str:
        f, ds = self.facts, self.ds
        lines = []
        for side in [*f.sides, "neither"]:
            ids = [c for c in ds.claims.index if f.side(c) == side and str(ds.claims.loc[c, "attribution"]) != "unattributed"]
            verbs = [str(ds.claims.loc[c, "attribution_verb"]) for c in ids
                     if str(ds.claims.loc[c, "attribution_verb"]) not in ("", "nan", "<NA>", "None")]
            if verbs:
                counted = {v: verbs.count(v) for v in dict.fromkeys(verbs)}
                said = and_list([f"*{plain(v)}* ({TIMES.get(n, count_words(n, 'time'))})" for v, n in counted.items()])
                lines.append(f"- {'Neither side' if side == 'neither' else side}'s claims: {said}.")
        return "\n".join(lines) or "- The article names no verb for any claim."

    def nb02(self, nb: Notebook) -> None:
        p, f, ds = self.p["nb02"], self.facts, self.ds
        self.head(nb, "nb02", "02", p["name"])
        nb.code("import claimlab as cl")
        nb.md(fill(p["rubric"], N_QUESTIONS=count_words(len(ds.dimensions()))))
        nb.md(self.p["shared"]["admiralty"], shared="admiralty")
        nb.code("cl.show_rubric()")
        worked = f.roles["worked"]
        if worked:
            nb.md(fill(p["worked"], SUMMARY=self.summary(worked), PARA_CAP=self.para(worked).capitalize(),
                       QUOTE=f.quote(worked), WHO_SENTENCE=self.who_sentence(worked), KIND=f.kind_words(worked)))
            nb.code(f'cl.worked_example("{worked}")')
            if len(f.linked(worked)):
                lines = self.link_lines(worked)
                nb.md(fill(p["worked_compare"], CID=worked) + ("\n\n" + lines if lines else ""))
                nb.code(f'cl.compare("{worked}")')
        turn = f.roles["turn"]
        if turn:
            same = worked and f.kind(turn) == f.kind(worked) and f.side(turn) != f.side(worked)
            link = fill(p["turn_same"] if same else p["turn_other"], KIND=f.kind_words(turn))
            nb.md(fill(p["turn"], SUMMARY=self.summary(turn), PARA_CAP=self.para(turn).capitalize(), QUOTE=f.quote(turn),
                       WHO_SENTENCE=self.who_sentence(turn), LINK=link))
            self.rate(nb, turn)
        well = f.roles["well"]
        nb.md(p["doubt"] + "\n\n" + (fill(p["doubt_rate"], SUMMARY=self.summary(well), PARA=self.para(well),
                                          QUOTE=f.quote(well)) if well else p["doubt_none"]))
        self.rate(nb, well)
        lateral = f.roles["lateral"]
        if lateral:
            lines = self.link_lines(lateral)
            nb.md(fill(p["lateral"], QUOTE=f.quote(lateral), PARA=self.para(lateral)) + ("\n\n" + lines if lines else ""))
            nb.code(f'cl.compare("{lateral}")')
            self.rate(nb, lateral)
        free = [c for c in ds.claims.index if c not in f.rated and c != worked]
        nb.md(fill(p["any"], FREE=fill(p["any_free"], LIST=and_list(free)) if free else ""))
        nb.code("cl.rate_any()")
        nb.md(p["progress"])
        nb.code("cl.progress()")
        a, b = f.roles["loss"]
        pair = (worked, turn) if worked and turn and f.kind(worked) == f.kind(turn) and f.side(worked) != f.side(turn) \
            else (a, b) if a and b else None
        same = fill(p["same_standard_pair"], A=pair[0], B=pair[1], KIND=f.kind_words(pair[0])) if pair \
            else p["same_standard"]
        nb.md(fill(p["points"], SAME_STANDARD=same))

    def nb06(self, nb: Notebook) -> None:
        from claimlab.core import bank
        p, shared = self.p["nb06"], self.p["shared"]
        forms = all(bank.used_in(self.ds, form) for form in bank.FORMS)
        spec = dict(p) if forms else dict(p, objectives=p["objectives_no_bank"])
        self.p = dict(self.p, nb06=spec)
        self.head(nb, "nb06", "06", p["name"])
        self.p = prose()
        nb.code("import claimlab as cl")
        nb.md(p["summary"])
        nb.code('cl.note_box("summary", "What would you tell a friend who shared this article?")')
        nb.md(p["impression"])
        nb.code("cl.first_impression(revisit=True)")
        if forms:
            nb.md(shared["trust_again"], shared="trust_again")
            nb.code('cl.trust_form("post")')
            nb.md(shared["judgement_changed"], shared="judgement_changed")
            nb.code("cl.trust_change()")
        nb.md(p["rated"])
        nb.code("cl.progress()")
        if self.ds.exercises.get("questions"):
            nb.code("cl.exercise_progress()")
        findings = self.findings()
        nb.md(p["checklist"] + ("\n\n" + fill(p["findings"], FINDINGS="; ".join(findings)) if findings else ""))
        nb.md(shared["save_answers"], shared="save_answers")
        nb.code("cl.export_answers()")
        nb.md(fill(p["points"], FINDING=(findings[0][:1].upper() + findings[0][1:] + ".") if findings else
                   "Every figure in the article rests on someone's word: find whose."))

    def fresh(self) -> dict[str, Any]:
        """The practice notebook of fresh cases (bank passages), as a solution notebook: the key is tagged."""
        from claimlab.authoring.build_exercises import EXPLANATION_TAG, SOLUTION_TAG
        p = self.p["fresh"]
        nb = Notebook(self.ds, "fresh_cases")
        nb.md(fill(p["intro"], TITLE=self.title, MINUTES="@@MINUTES@@") + "\n\n" + self.p["how_questions"])
        nb.md(p["explanation"])
        nb.cells[-1]["metadata"] = {"tags": [EXPLANATION_TAG]}
        nb.code("import claimlab as cl")
        nb.md(p["practice"])
        nb.code("cl.practice()")
        nb.md(p["key"])
        nb.cells[-1]["metadata"] = {"tags": [EXPLANATION_TAG]}
        nb.code('cl.bank_key("practice")')
        nb.cells[-1]["metadata"] = {"tags": [SOLUTION_TAG]}
        nb.md(p["points"])
        return timed(self.ds, {"fresh_cases": nb.notebook()})["fresh_cases"]

    def findings(self) -> list[str]:
        """What checking this article showed, in a few short phrases from the data."""
        f, ds = self.facts, self.ds
        found = []
        unnamed = [c for c in f.valued() if str(ds.claims.loc[c, "attribution"]) == "unattributed"]
        if unnamed:
            found.append(f"{count_words(len(unnamed), 'number')} printed with no source ({and_list(unnamed)})")
        bare = [c for c in f.counts() if f.needs_caveat(c) and not f.caveat_in_text(c)]
        if bare:
            found.append(f"{count_words(len(bare), 'count')} printed without a verification caveat ({and_list(bare)})")
        if not f.independent(list(ds.figures.index)):
            found.append("no count from outside the fighting was found for any of its figures")
        if len(f.origin_rows()) > 1:
            found.append("the same text was found under more than one name")
        return found


def count_words(n: int, noun: str = "") -> str:
    """3 -> 'three', 'three claims' (numbers up to twelve as words; larger ones as digits, from the data)."""
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
    number = words[n] if 0 <= n < len(words) else f"{n:,}"
    if not noun:
        return number
    return f"{number} {noun}{'' if n == 1 else 's'}"


def timed(ds: Dataset, notebooks: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each notebook's counted time written into its header, and notebook 00's table of what comes next."""
    from claimlab.authoring.lessontime import Shown, notebook_time
    shown = Shown(ds)
    minutes = {stem: notebook_time(nb, ds, shown, stem).minutes for stem, nb in notebooks.items()}
    rows = "\n".join(f"| `{stem}` | {prose()['parts'][stem]} | about {minutes[stem]} minutes |"
                     for stem in notebooks if stem in prose()["parts"])
    minutes = {stem: notebook_time(_filled(nb, 0, rows), ds, shown, stem).minutes for stem, nb in notebooks.items()}
    return {stem: _filled(nb, minutes[stem], rows) for stem, nb in notebooks.items()}


def _filled(nb: dict[str, Any], minutes: int, rows: str) -> dict[str, Any]:
    import copy
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = cell["source"].replace("@@MINUTES@@", str(minutes)).replace("@@NEXT_ROWS@@", rows)
    return nb


# --------------------------------------------------------------------------- shared blocks in other notebooks
def sync_shared(folder: str | Path, *, write: bool = True) -> list[str]:
    """Cells marked ``"claimlab": {"shared": ID}`` in ``folder``'s notebooks that differ from the shared block
    (rewritten when ``write``); returns "notebook: id" for each."""
    import nbformat
    blocks = prose()["shared"]
    found = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        changed = False
        for cell in nb.cells:
            block = cell.get("metadata", {}).get("claimlab", {}).get("shared")
            if block and cell.source.strip() != blocks[block].strip():
                found.append(f"{path.name}: {block}")
                cell.source, changed = blocks[block].strip(), True
        if changed and write:
            nbformat.write(nb, path)
    return found
