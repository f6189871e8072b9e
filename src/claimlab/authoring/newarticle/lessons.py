"""The lesson notebooks of a new article's module, written from its data (prose in templates/lessons.yaml).

Each notebook is built cell by cell from the article's own claims, reference rows and key (:class:`.facts.Facts`):
notebook 01 walks through every claim in its paragraph, 02 has a worked example that no later notebook asks
again, 03 goes through every number, 04 through every count (how it changed from source to source, what the
article leaves out, floors, caveats, who counted). The prose never types a figure: ``[[NAME]]`` is filled from
the data, then ``{fig:P01}``-style placeholders are rendered by :func:`claimlab.core.text.render`. Each
notebook's time is counted by :mod:`claimlab.authoring.lessontime`. Notebooks 03 to 05 are in
:mod:`.lessons_numbers`; the shared pieces in :mod:`.writer`.
"""
from __future__ import annotations

from typing import Any

from claimlab.authoring.newarticle import lessons_numbers
from claimlab.authoring.newarticle.facts import plain
from claimlab.authoring.newarticle.writer import TIMES, Notebook, WriterBase, and_list, count_words, fill, timed
from claimlab.authoring.prose import prose
from claimlab.core import text as textmod


class Writer(WriterBase):
    """Writes every notebook of the series for one module."""

    # ------------------------------------------------------------------ the notebooks
    def write(self) -> dict[str, dict[str, Any]]:
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
            what = and_list([f"{f.quote(c)} ({self.para(c)})" for c in f.roles["try"]])
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
            nb.md(fill(p["worked"], SUMMARY=f"{worked}, {self.para(worked)}", PARA_CAP=self.para(worked).capitalize(),
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
            nb.md(fill(p["turn"], SUMMARY=f"{turn}, {self.para(turn)}", PARA_CAP=self.para(turn).capitalize(), QUOTE=f.quote(turn),
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


