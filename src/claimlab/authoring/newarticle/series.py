"""The lesson series of a new article's module, planned from its data (which parts the data supports).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimlab.authoring.newarticle.setup import (
    CELL_NEEDS,
    NEEDS_WORDS,
    NOTEBOOK_NEEDS,
    NOTEBOOKS,
    PART_WORDS,
    slug,
)
from claimlab.core.dataset import OTHER_SIDES, Dataset


# --------------------------------------------------------------------------- the series, from the data
def plan(ds: Dataset) -> dict[str, Any]:
    """What the data supports: which notebooks and parts to include, and the claims each rates.

    Returns ``{"needs": {condition: bool}, "notebooks": {name: None or the reason it is left out},
    "roles": {role: claim id(s)}, "fill": {name: claim id}}``. The claims are picked by rule
    (:class:`.facts.Facts`), never by position alone: the loss pair is one count from each side of the
    same kind; the worked example is another claim whose kind a claim of the other side shares, and no
    notebook rates it (its key is shown in full); every other claim is rated in one notebook at most.
    """
    from claimlab.authoring.newarticle.facts import Facts
    from claimlab.charts.compare import claim_panels
    from claimlab.charts.mirror import mirror_topics
    from claimlab.charts.series import chartable_topics
    from claimlab.core import bank

    facts = Facts(ds)
    claims, links, roles = ds.claims, ds.links, facts.roles
    compared = {p.claim["claim_id"] for p in claim_panels(ds, None)}
    origin_ids = facts.origin_rows()
    worked = roles["worked"]
    needs = {
        "numbers": bool(facts.valued()),
        "compared": bool(compared),
        "compared_worked": bool(worked) and bool(len(facts.linked(worked))),
        "series": bool(chartable_topics(ds)),
        "casualties": facts.casualty(),
        "counts": bool(facts.counts()),
        "loss_pair": all(roles["loss"]),
        "mirror": mirror_topics(ds) is not None,
        "origin": bool(origin_ids),
        "markers": len(ds.markers) > 0,
        "text_sources": bool(origin_ids) or len(ds.markers) > 0,
        "unattributed": bool((claims["attribution"] == "unattributed").any()),
        "exercises": bool(ds.exercises.get("questions")),
        "bank": all(bank.used_in(ds, form) for form in bank.FORMS),
        "practice": bool(bank.used_in(ds, "practice")) and bool(ds.exercises.get("bank_questions")),
    }
    notebooks = {name: (None if needs.get(NOTEBOOK_NEEDS.get(name, ""), True) else NEEDS_WORDS[NOTEBOOK_NEEDS[name]])
                 for name in NOTEBOOKS}
    loss_a, loss_b = roles["loss"]
    fill = {"WORKED": worked, "TURN": roles["turn"], "FIGURE_CLAIM": roles["figure"], "LOSS_A": loss_a,
            "LOSS_B": loss_b or loss_a, "TRY": ", ".join(roles["try"]),
            "ORIGIN_CLAIM": next((c for c in links.loc[links["relation"] == "origin", "claim_id"]
                                  if c in claims.index), worked)}
    return {"needs": needs, "notebooks": notebooks, "roles": roles, "rated": dict(facts.rated), "fill": fill}


def _parts(notebooks: dict[str, str | None], minutes: dict[str, int] | None = None) -> str:
    lines = []
    for name, reason in notebooks.items():
        stem = name.removesuffix(".ipynb")
        if reason is None:
            time = f" (about {minutes[stem]} minutes)" if minutes and stem in minutes else ""
            lines.append(f"- `{stem}`: {PART_WORDS[name]}{time}")
        else:
            lines.append(f"- ~~`{stem}`~~ left out for this article: {reason}.")
    lines.append("\nPractice exercises are in the `exercises/` folder; worked solutions are in `solutions/`.")
    return "\n".join(lines)


def render_series(ds: Dataset, the_plan: dict[str, Any] | None = None) -> dict[str, dict]:
    """Every included notebook of the series, written from the data: {stem: notebook as a dict}."""
    from claimlab.authoring.newarticle.lessons import Writer
    return Writer(ds, the_plan or plan(ds)).write()


def render_notebook(name: str, the_plan: dict[str, Any], ds: Dataset) -> dict:
    """One notebook of the series (``name`` with or without .ipynb), written from the data."""
    return render_series(ds, the_plan)[name.removesuffix(".ipynb")]


def write_notebooks(ds: Dataset, folder: Path) -> list[Path]:
    """Write the series into ``folder`` from the data: included notebooks (re)written, left-out ones removed.

    Only notebooks Claim Lab wrote (``"claimlab": {"generated": true}`` in their metadata) are rewritten
    or removed; a notebook you edited and marked as yours (delete that entry) is kept as it is.
    """
    from claimlab.authoring.lessontime import header_minutes
    the_plan = plan(ds)
    series = render_series(ds, the_plan)
    written = []
    for name, reason in the_plan["notebooks"].items():
        path = folder / name
        if path.exists():
            try:
                mine = not json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get(
                    "claimlab", {}).get("generated", False)
            except ValueError:
                mine = False
            if mine:
                continue
        if reason is not None:
            if path.exists():
                path.unlink()
            continue
        path.write_text(json.dumps(series[name.removesuffix(".ipynb")], ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
        written.append(path)
    minutes = {p.stem: header_minutes(p) for p in folder.glob("*.ipynb")}
    (folder / "README.md").write_text(
        "# The notebooks of this module\n\nWritten from the data by `python -m claimlab new-article --build .` "
        "(run it again after editing data/, then `python -m claimlab execute`). Each notebook's time is counted "
        "from its words and choices (`python -m claimlab.authoring.lessontime .`).\n\n"
        + _parts(the_plan["notebooks"], {k: v for k, v in minutes.items() if v}) + "\n", encoding="utf-8")
    return written


def summary(ds: Dataset) -> str:
    """What the module will contain, so an instructor sees gaps before building (``new-article --check``)."""
    from collections import Counter

    from claimlab.charts.points import sides_of
    the_plan = plan(ds)
    lines = [f"Notebooks ({sum(r is None for r in the_plan['notebooks'].values())} of {len(NOTEBOOKS)}):"]
    for name, reason in the_plan["notebooks"].items():
        lines.append(f"  {'+' if reason is None else '-'} {name.removesuffix('.ipynb')}"
                     + ("" if reason is None else f": left out, because {reason}"))
    left_cells = [need for need, ok in the_plan["needs"].items() if not ok and need in CELL_NEEDS]
    if left_cells:
        lines.append("  Parts left out with a note: " + ", ".join(left_cells))
    kinds = Counter(str(k) for k in ds.key["kind"])
    lines.append("Claims per kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    sides = Counter(str(s) for s in ds.claims["claimant_side"])
    lines.append("Claims per side: " + ", ".join(f"{s} {sides.get(s, 0)}" for s in [*sides_of(ds), *OTHER_SIDES]))
    taught = ds.figures[ds.figures["teachable"].astype(bool)]
    numbered = taught[taught["value"].notna() | taught["value_low"].notna()]
    by_side = Counter(str(a) for a in numbered["claimant_affiliation"])
    lines.append(f"Reference figures with a number, per claimant ({len(numbered)} of {len(ds.figures)} rows; "
                 f"{int((~ds.figures['teachable'].astype(bool)).sum())} UNVERIFIED, never shown): "
                 + ", ".join(f"{a} {n}" for a, n in by_side.most_common()))
    one_side = [s for s in sides_of(ds) if not by_side.get(f"{slug(s)}_government")]
    if one_side:
        lines.append("  Note: no reference figure comes from " + " or ".join(one_side)
                     + "; the comparisons will show one side's figures only.")
    questions = ds.exercises.get("questions") or {}
    types = Counter(str(q.get("type")) for q in questions.values())
    lines.append(f"Exercises: {len(questions)} question(s) in {len(ds.exercises.get('notebooks') or {})} "
                 "notebook(s)" + (f" ({', '.join(f'{t} {n}' for t, n in types.items())})" if types else ""))
    from claimlab.core import bank
    from claimlab.validate.fairness import fairness_report
    table = bank.passages(ds)
    uses = Counter(str(u) for u in table["used_in"]) if len(table) else Counter()
    lines.append(f"Passage bank (data/bank.csv): {len(table)} passages; trust check forms {uses.get('form_a', 0)} and "
                 f"{uses.get('form_b', 0)}, practice {uses.get('practice', 0)}"
                 + ("" if the_plan["needs"]["bank"] else " (the module has no pre-test 00a_pre_test and no "
                    "before/after trust check: both forms need passages; Claim Lab's data/bank.csv shows the format)"))
    if not ds.article.meta.get("background"):
        lines.append("  Note: data/article.md has no 'background:' entry; notebook 00 then gives learners no "
                     "context on the conflict (who the sides are, where, since when).")
    roles = the_plan["roles"]
    lines.append(f"Worked example (its key shown in full, never asked again): {roles['worked']}")
    where = {}
    for cid, nb in the_plan["rated"].items():
        where.setdefault(nb, []).append(cid)
    lines.append("Claims a learner rates, one notebook each: " + "; ".join(
        f"notebook {nb}: {', '.join(ids)}" for nb, ids in sorted(where.items())))
    lines.append("A count from each side, rated side by side in notebook 04: "
                 + (" and ".join(roles["loss"]) if the_plan["needs"]["loss_pair"] else "none"))
    lines += fairness_report(ds).lines()
    return "\n".join(lines)


