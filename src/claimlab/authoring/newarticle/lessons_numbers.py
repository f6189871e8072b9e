"""Notebooks 03 (the numbers), 04 (the counts) and 05 (where the text came from) of a new module, from its data.

See :mod:`.lessons`: the same writer (:class:`.writer.WriterBase`), the same prose file (``templates/lessons.yaml``), nothing typed.
"""
from __future__ import annotations

import pandas as pd

from claimlab.authoring.newarticle.facts import CEILING, FLOOR, plain
from claimlab.authoring.newarticle.writer import Notebook, WriterBase, and_list, count_words, fill
from claimlab.core import units


def _step(w: WriterBase, fid: str) -> str:
    dated = not pd.isna(w.ds.figures.loc[fid, "date"])
    return fill(w.p["nb03"]["step" if dated else "step_undated"], FID=fid)


def steps(w: WriterBase, fids: list[str]) -> str:
    return ", then ".join(_step(w, f) for f in fids)


def framing_sentence(w: WriterBase, cid: str) -> str:
    p, f = w.p["nb03"], w.facts
    qualifier, framing, printed = f.qualifier(cid), f.framing(cid), f.printed(cid)
    if qualifier in FLOOR or framing == "more_than":
        return fill(p["floor"], PRINTED=printed)
    if qualifier in CEILING:
        return fill(p["ceiling"], PRINTED=printed)
    if qualifier in ("about", "estimated"):
        return fill(p["about"], PRINTED=printed)
    if framing == "round":
        return fill(p["round"], PRINTED=printed)
    if framing == "exact" and cid in f.valued():
        return fill(p["sharp"], PRINTED=printed)
    return ""


def evidence_sentences(w: WriterBase, cid: str) -> list[str]:
    """What the linked rows show: a changing series, which figure the article matches, whose rows they are."""
    p, f, ds = w.p["nb03"], w.facts, w.ds
    out = []
    groups = f.series_of(cid)
    for rows in groups:
        if len(rows) >= 2:  # "changed" only when the figures differ; the same figure again is a repeat
            changed = len({float(ds.figures.loc[r, "value"]) for r in rows}) > 1
            out.append(fill(p["series" if changed else "series_same"], STEPS=steps(w, rows)))
    value = ds.claims.loc[cid, "value"]
    published = ds.article.meta.get("published_on")
    if not pd.isna(value):
        for rows in groups:
            same = [r for r in rows if float(ds.figures.loc[r, "value"]) == float(value)]
            if same and not pd.isna(ds.figures.loc[same[0], "date"]):
                first = pd.Timestamp(ds.figures.loc[same[0], "date"])
                later = [r for r in rows[rows.index(same[0]) + 1:] if float(ds.figures.loc[r, "value"]) != float(value)]
                if published is not None and first > pd.Timestamp(published):  # reported after the article
                    which = p["matches_after"]
                else:
                    which = p["matches_earlier"] if later else p["matches_latest"]
                out.append(fill(p["matches"], FID=same[0], WHICH=which))
                break
    linked = [r for g in groups for r in g] or list(f.linked(cid, ("upstream", "other_claim", "check", "series"))["figure_id"])
    side = f.side(cid)
    if linked and side in f.sides:
        outside = f.outside(linked, cid)
        if not outside:
            out.append(fill(p["same_side_only"], SIDE=side))
        else:
            out.append(fill(p["outside"], SIDE=side, ROWS=and_list([f"{{fig:{r}}} from {{who:{r}}}" for r in outside])))
    return out


def breakdown(w: WriterBase, ids: list[str]) -> str:
    f = w.facts
    parts = []
    for side in [*f.sides, "neither", "no_one_named"]:
        n = sum(f.side(c) == side for c in ids)
        if n:
            who = {"neither": "from neither side", "no_one_named": "from no one named"}.get(side, f"from {side}")
            parts.append(f"{count_words(n)} {who}")
    return and_list(parts)


def nb03(w: WriterBase, nb: Notebook) -> None:
    p, f, needs = w.p["nb03"], w.facts, w.plan["needs"]
    w.head(nb, "nb03", "03", p["name"])
    nb.code("import claimlab as cl")
    valued = sorted(f.valued(), key=lambda c: (f.paragraph(c), c))
    nb.md(p["glance"])
    nb.code('cl.chart("article_figures")')
    nb.md(fill(p["glance_words"], N_NUMBERS=count_words(len(valued)), BREAKDOWN=breakdown(w, valued)))
    nb.md(p["each"])
    for cid in valued:
        parts = [fill(p["number_head"], PRINTED=f.printed(cid), PARA=w.para(cid)),
                 fill(p["number_lead"], QUOTE=f.quote(cid), WHO_SENTENCE=w.who_sentence(cid))]
        framing = framing_sentence(w, cid)
        try:
            unit = units.canonical_area_unit(str(w.ds.claims.loc[cid, "unit"]))
            parts.append(fill(p["area"], CONVERTED=f"{{sqmi:{cid}}}" if unit == "km2" else f"{{km2:{cid}}}"))
        except ValueError:
            pass
        if framing:
            parts.append(framing)
        linked = len(f.linked(cid, ("upstream", "other_claim", "check", "series", "context")))
        counted = cid in f.counts() and w.plan["notebooks"].get("04_counting_the_dead_and_lost.ipynb") is None
        if not linked:
            unnamed = str(w.ds.claims.loc[cid, "attribution"]) == "unattributed"
            parts.append(p["none_linked_unnamed"] if unnamed else
                         fill(p["none_linked"], CLAIMANT=plain(w.ds.claims.loc[cid, "claimant"])))
        if counted:
            parts.append(p["in_04"])
        nb.md("\n\n".join([parts[0], " ".join(parts[1:])]))
        if linked and not counted:
            nb.code(f'cl.compare("{cid}")')
            more = evidence_sentences(w, cid)
            notes = w.link_lines(cid)
            if more or notes:
                nb.md("\n\n".join(x for x in (notes, " ".join(more)) if x))
    if needs.get("compared"):
        nb.md(p["compared"])
        nb.code('cl.chart("printed_vs_reported")')
    if needs.get("series"):
        nb.md(p["running"])
        nb.code('cl.chart("running_claims")')
    figure = f.roles["figure"]
    if figure:
        nb.md(fill(p["try"], QUOTE=f.quote(figure), PARA=w.para(figure)))
        w.rate(nb, figure)
    nb.md(fill(p["points"], BREAKDOWN=breakdown(w, valued) or "no numbers"))


def nb04(w: WriterBase, nb: Notebook) -> None:
    p, f, ds, needs = w.p["nb04"], w.facts, w.ds, w.plan["needs"]
    name = "Counting the dead and lost" if f.casualty() else "Counting: a party's tally"
    w.head(nb, "nb04", "04", name)
    nb.md(p["content_note"])
    nb.code("import claimlab as cl")
    nb.md(p["hard"] + "\n\n" + w.p["shared"]["counts_hard_table"] + "\n\n" + p["hard_examples"])
    counts = sorted(f.counts(), key=lambda c: (f.paragraph(c), c))
    nb.md(fill(p["list"], N_COUNTS=count_words(len(counts)),
               COUNTED="counts of the dead, wounded or lost" if f.casualty() else "counts by a party to the fighting",
               LIST=and_list([f"*{f.printed(c)}* ({c}, {w.para(c)})" for c in counts])))
    for cid in counts:
        side = f.side(cid)
        who = p["unnamed_count"] if side == "no_one_named" else ""
        parts = [fill(p["count_lead"], QUOTE=f.quote(cid), WHO_SENTENCE=w.who_sentence(cid), KIND=f.kind_words(cid)), who]
        nb.md(fill(p["count_head"], CID=cid, PRINTED=f.printed(cid), PARA=w.para(cid)) + "\n\n" + " ".join(x for x in parts if x))
        if len(f.linked(cid)):
            nb.code(f'cl.compare("{cid}")')
        more = evidence_sentences(w, cid)
        framing = framing_sentence(w, cid)
        caveat = p["with_caveat"] if f.caveat_in_text(cid) else p["no_caveat"]
        nb.md(" ".join(x for x in (*more, framing, caveat) if x))
    untold = f.untold()
    if untold:
        lines = "\n".join(fill(p["untold_line"], WHAT=f.measure(rows[0]).replace("_", " "), STEPS=steps(w, rows))
                          for rows in untold)
        nb.md(fill(p["untold"], LINES="\n\n" + lines) + "\n\n" + p["untold_point"])
    if needs.get("mirror"):
        nb.md(p["mirror"])
        nb.code('cl.chart("mirror_claims")')
    examples = []
    for label, test in (("floors", lambda c: f.qualifier(c) in FLOOR or f.framing(c) == "more_than"),
                        ("round numbers", lambda c: f.framing(c) == "round"),
                        ("sharp numbers", lambda c: f.framing(c) == "exact" and f.qualifier(c) not in FLOOR)):
        ids = [c for c in counts if test(c)]
        if ids:
            examples.append(f"{label}: " + and_list([f"*{f.printed(c)}*" for c in ids]))
    nb.md(p["framing"] + ("\n\n" + fill(p["framing_examples"], EXAMPLES="; ".join(examples)) if examples else ""))
    a, b = f.roles["loss"]
    if a:
        what = and_list([f"{f.quote(c)} ({w.para(c)})" for c in (a, b) if c])
        why = (fill(p["standard_pair"], KIND=f.kind_words(a), SIDE_A=f.side(a), SIDE_B=f.side(b)) + "."
               if b else p["standard_one"] + ".")
        nb.md(fill(p["standard"], WHAT=what, WHY=why))
        w.rate(nb, a)
        w.rate(nb, b)
    topics = {str(ds.claims.loc[c, "topic"]) for c in counts}
    rows = [fid for fid in ds.figures.index if str(ds.figures.loc[fid, "topic"]) in topics]
    rows += [r for c in counts for r in f.linked(c)["figure_id"]]
    independent = [r for r in dict.fromkeys(f.independent(rows)) if f.teachable(r)]
    words = (fill(p["independent_some"], N=count_words(len(independent), "row"), ROWS=and_list(independent))
             if independent
             else p["independent_none"])
    nb.md(fill(p["who_else"], WORDS=words))
    nb.md(fill(p["points"], SIDES_AND_CAP=w.sides_and()))


def nb05(w: WriterBase, nb: Notebook) -> None:
    p, f, ds = w.p["nb05"], w.facts, w.ds
    w.head(nb, "nb05", "05", p["name"])
    nb.code("import claimlab as cl")
    if len(ds.markers):
        nb.md(p["markers"])
        nb.code("cl.word_markers()")
        lines = "\n".join(fill(p["marker_line"], MARKER=plain(r.marker), CLUE=plain(r.clue)) for r in ds.markers.itertuples())
        nb.md(fill(p["marker_lines"], LINES=lines))
        nb.code('cl.note_box("voice_change", "What do the wording clues suggest about where the text comes from?")')
    origin = f.origin_rows()
    if origin:
        nb.md(p["origin"])
        nb.code("cl.show_figures([" + ", ".join(f'"{o}"' for o in origin[:4]) + "], snippets=True)")
        lines = []
        for fid in origin[:4]:
            row = ds.figures.loc[fid]
            when = f", {{date:{fid}}}" if not pd.isna(row["date"]) else ", with no date on the page"
            lines.append(fill(p["origin_line"], FID=fid, WHERE=plain(row["reported_by"]), WHO=plain(row["claimant"]),
                              WHEN=when))
        credited = {str(ds.figures.loc[o, "claimant"]) for o in origin}
        nb.md("\n".join(lines) + "\n\n" + (p["origin_two"] if len(credited) > 1 else p["origin_one"]))
    bare = [c for c in ds.claims.index if f.needs_caveat(c) and not f.caveat_in_text(c)]
    words = (fill(p["caveats_some"], LIST=and_list([f"{c} ({w.para(c)})" for c in bare])) if bare
             else p["caveats_none"])
    nb.md(fill(p["caveats"], WORDS=words))
    nb.md(w.p["shared"]["sift"], shared="sift")
    trace = next(iter(sorted(ds.claims.index, key=lambda c: -f.evidence(c))), None)
    if trace:
        nb.md(fill(p["trace"], QUOTE=f.quote(trace), PARA=w.para(trace)))
        nb.code(f'cl.compare("{trace}")')
        nb.code('cl.note_box("trace", "Who said it first, when, and what was kept or lost on the way?")')
    nb.md(p["points"])
