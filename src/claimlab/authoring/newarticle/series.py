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
    template,
)
from claimlab.core.dataset import OTHER_SIDES, Dataset


# --------------------------------------------------------------------------- the series, from the data
def _first(ids) -> str | None:
    return next(iter(ids), None)


def plan(ds: Dataset) -> dict[str, Any]:
    """What the data supports: which notebooks and cells to include, and the claims they use.

    Returns ``{"needs": {condition: bool}, "notebooks": {name: None or the reason it is left out},
    "fill": {placeholder: text}}``. The claims are picked by rule, never by position alone: the
    worked example is a claim whose kind a claim of another side shares (so the same standard can
    be shown), the loss pair one count from each side of the same kind, and so on.
    """
    from claimlab.charts.compare import claim_panels
    from claimlab.charts.mirror import mirror_topics
    from claimlab.charts.points import sides_of
    from claimlab.charts.series import chartable_topics

    claims, key, links = ds.claims, ds.key, ds.links
    sides = sides_of(ds)
    sided = [c for c in claims.index if claims.loc[c, "claimant_side"] in sides]
    valued = list(claims.index[claims["value"].notna()])
    casualty = list(claims.index[claims["is_casualty_or_loss_count"].fillna(False).astype(bool)])
    tallies = [c for c in claims.index if c in key.index and key.loc[c, "kind"] == "belligerent_tally"
               and c in valued]
    counted = casualty or tallies

    def paired(ids: list[str]) -> tuple[str, str] | None:
        for a in ids:
            for b in ids:
                if (a in key.index and b in key.index and key.loc[a, "kind"] == key.loc[b, "kind"]
                        and claims.loc[a, "claimant_side"] in sides and claims.loc[b, "claimant_side"] in sides
                        and claims.loc[a, "claimant_side"] != claims.loc[b, "claimant_side"]):
                    return a, b
        return None

    # claims with the most reference rows beyond the article's own source come first: the worked
    # example's comparison then shows what other sources said, not only copies of the article
    evidence = links[links["relation"] != "origin"].groupby("claim_id").size()

    def richest_first(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda c: -int(evidence.get(c, 0)))  # stable: ties keep the article's order

    compared = {p.claim["claim_id"] for p in claim_panels(ds, None)}
    pair = paired(richest_first(sided))
    worked = (pair[0] if pair else None) or _first(c for c in sided if c in compared) or _first(sided) \
        or _first(claims.index)
    # notebook 04 rates a pair of counts: another pair than the worked example's claim, if there is one
    loss_pair = paired([c for c in casualty if c != worked]) or paired(casualty) \
        or paired([c for c in tallies if c != worked]) or paired(tallies)
    origin_links = links[links["relation"] == "origin"]
    origin_ids = [f for f in dict.fromkeys(origin_links["figure_id"]) if bool(ds.figures.loc[f, "teachable"])]
    needs = {
        "numbers": bool(valued),
        "compared": bool(compared),
        "compared_worked": worked in compared or bool(len(links[links["claim_id"] == worked])),
        "series": bool(chartable_topics(ds)),
        "casualties": bool(casualty),
        "counts": bool(counted),
        "loss_pair": loss_pair is not None,
        "mirror": mirror_topics(ds) is not None,
        "origin": bool(origin_ids),
        "markers": len(ds.markers) > 0,
        "text_sources": bool(origin_ids) or len(ds.markers) > 0,
        "unattributed": bool((claims["attribution"] == "unattributed").any()),
        "exercises": bool(ds.exercises.get("questions")),
    }
    notebooks = {name: (None if needs.get(NOTEBOOK_NEEDS.get(name, ""), True) else NEEDS_WORDS[NOTEBOOK_NEEDS[name]])
                 for name in NOTEBOOKS}
    loss_a = (loss_pair[0] if loss_pair else None) or _first(counted) or worked
    figure_claim = _first(c for c in valued if c in compared) or _first(valued) or worked
    origin_claim = _first(c for c in origin_links["claim_id"] if c in claims.index) or worked
    names = [str(s) for s in sides] + ["the other side", "another side"]
    fill = {
        "WORKED": worked, "FIRST_SIDED": _first(sided) or worked, "FIGURE_CLAIM": figure_claim,
        "LOSS_A": loss_a, "LOSS_B": loss_pair[1] if loss_pair else loss_a, "ORIGIN_CLAIM": origin_claim,
        "ORIGIN_IDS": '", "'.join(origin_ids[:4]), "SIDE_A": names[0], "SIDE_B": names[1],
        "COUNT_TITLE": "Counting the dead and lost" if casualty else "Counting: a party's tally",
        "COUNTED": "casualty and loss counts" if casualty else "a party's own counts",
        "COUNTED_WHAT": "the dead or lost" if casualty else "its own or the other side's numbers",
        "ARTICLE_INTRO": f"“{ds.article.meta.get('title', '')}”, published {ds.article.meta.get('published_on', '')}."
        + (f"\n\n**Some background.** {str(ds.article.meta['background']).strip()}\n\n"
           if ds.article.meta.get("background") else ""),
    }
    return {"needs": needs, "notebooks": notebooks, "fill": fill}


def _parts(notebooks: dict[str, str | None]) -> str:
    lines = []
    for name, reason in notebooks.items():
        stem = name.removesuffix(".ipynb")
        if reason is None:
            lines.append(f"- `{stem}`: {PART_WORDS[name]}")
        else:
            lines.append(f"- ~~`{stem}`~~ left out for this article: {reason}.")
    lines.append("\nPractice exercises are in the `exercises/` folder; worked solutions are in `solutions/`.")
    return "\n".join(lines)


def render_notebook(name: str, the_plan: dict[str, Any]) -> dict:
    """A template notebook filled in from the plan: cells whose data is missing replaced by their note."""
    nb = json.loads(template(name))
    included = [n for n, reason in the_plan["notebooks"].items() if reason is None]
    fill = dict(the_plan["fill"])
    later = included[included.index(name) + 1:] if name in included else []
    fill["NEXT"] = f"`{later[0].removesuffix('.ipynb')}`" if later else "the exercises"
    fill["PARTS"] = _parts(the_plan["notebooks"])
    cells = []
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).pop("claimlab", None)
        if meta and not the_plan["needs"].get(meta["needs"], False):
            if meta.get("note"):
                cells.append({"cell_type": "markdown", "id": cell["id"], "metadata": {},
                              "source": f"*Left out for this article:* {meta['note']}"})
            continue
        source = "".join(cell["source"])
        for placeholder, value in fill.items():
            source = source.replace(f"@@{placeholder}@@", str(value))
        cell["source"] = source
        cells.append(cell)
    nb["cells"] = cells
    return nb


def write_notebooks(ds: Dataset, folder: Path) -> list[Path]:
    """Write the series into ``folder`` from the data: included notebooks (re)written, left-out ones removed.

    Only notebooks Claim Lab wrote (``"claimlab": {"generated": true}`` in their metadata) are rewritten
    or removed; a notebook you edited and marked as yours (delete that entry) is kept as it is.
    """
    the_plan = plan(ds)
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
        path.write_text(json.dumps(render_notebook(name, the_plan), ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
        written.append(path)
    (folder / "README.md").write_text(
        "# The notebooks of this module\n\nWritten from the data by `python -m claimlab new-article --build .` "
        "(run it again after editing data/, then `python -m claimlab execute`).\n\n"
        + _parts(the_plan["notebooks"]) + "\n", encoding="utf-8")
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
    bank = ds.exercises.get("bank") or ds.exercises.get("passages") or {}
    lines.append(f"Bank passages (fresh cases for the exercises): {len(bank)}"
                 + ("" if bank else " (none: the exercises use this article's own claims, and the module has no "
                                    "pre-test 00a_pre_test and no before/after trust check, which rate bank "
                                    "passages; Claim Lab's data/bank.csv shows the format)"))
    if not ds.article.meta.get("background"):
        lines.append("  Note: data/article.md has no 'background:' entry; notebook 00 then gives learners no "
                     "context on the conflict (who the sides are, where, since when).")
    lines.append(f"Worked example: {the_plan['fill']['WORKED']}; a count from each side: "
                 + (f"{the_plan['fill']['LOSS_A']} and {the_plan['fill']['LOSS_B']}"
                    if the_plan["needs"]["loss_pair"] else "none"))
    return "\n".join(lines)


