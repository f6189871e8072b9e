"""The same-standard rule, as validation on any article's data: one rubric for both sides.

The module teaches a method, not a side, so its expert key must judge the same kind of claim the
same way whoever makes it. Checked here, for every article (not only as a test on Claim Lab's own):

* comparable claims (the same ``kind`` in data/key.csv) made by two different sides get the same
  ``party``, ``method`` and ``hedge`` answers, and ``reliability`` and ``credibility`` grades at
  most one step apart — unless both were checked against reference rows from outside their own side
  (``checked_against``): then credibility and the caveat follow that evidence, which may differ, while
  party, method and the source grade still may not (the one rule in docs/expert_key.md);
* the key's ``who`` agrees with the claim's ``claimant_side`` in data/claims.csv: a claim made by
  a side is "an official of" that side, and no other side's;
* grades one step apart for comparable claims (allowed, where the evidence is not both sides' outside
  rows) need a note in data/key_notes.csv for that question, on either claim, saying what justifies it;
* grade 5 ("contradicted by other sources") needs a contradicting reference row: one from outside the
  claimant's own side (not the article itself), listed in ``checked_against``;
* a key that breaks the rule is one-sided: every such problem is an error, naming file, row and
  column, and the run ends with one line saying the key is one-sided and how to fix it.

What the check could not do is said too (:func:`fairness_report`, shown by ``new-article --check``): the
pairs it compared; the kinds of claim only one side makes, which it had nothing to compare with; and, for
an article that quotes one side only (common on the first day of a war), an explicit warning naming the
claims a second reader must review, with every grade that departs from the usual grade for its kind (the
rule notebook 02 teaches: B for a leader's own plans, C for their own side's decisions, D for the other
side's motives, F for battlefield claims, tallies and anything with no source named) or that says
"confirmed" or "probably true" with no outside row consulted. A warning is not an error: it says what a
person must look at because no rule could.

Also here (so that validate/keys.py, which checks the exercise keys, stays as it is): an exercise
question id used twice in data/exercises.yaml, and a text question's model answer that fails its
own rules.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from claimlab.core.dataset import OTHER_SIDES, Dataset
from claimlab.core.problems import Problem

__all__ = ["fairness_problems", "fairness_report", "FairnessReport", "comparable_pairs", "side_officials",
           "exercise_file_problems", "OTHER_SIDES", "SAME", "ONE_STEP", "USUAL_RELIABILITY"]

SAME = ("party", "method", "hedge")          # must be equal for comparable claims of two sides
ONE_STEP = ("reliability", "credibility")    # may differ by at most one step
KEY = "data/key.csv"
NOTES = "data/key_notes.csv"
CONTRADICTED = "5"                           # credibility: "contradicted by other sources"
CONFIRMED = ("1", "2")                       # credibility: confirmed, probably true
# the source grade notebook 02 teaches for each kind of claim (Claim Lab's Admiralty box)
USUAL_RELIABILITY = {"own_plans": "B", "own_side_account": "C", "other_side_motives": "D",
                     "battlefield_claim": "F", "belligerent_tally": "F", "unattributed_figure": "F",
                     "outlet_background": "F", "prediction": "F"}


def _slug(name: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")


def _sides(ds: Dataset) -> list[str]:
    return ds.sides()


def side_officials(ds: Dataset) -> dict[str, str]:
    """Each side's "official of" option of the rubric's ``who`` question: ``<side>_official`` if the
    rubric has it, otherwise the official options in the order the sides are listed."""
    who = next((d for d in ds.rubric.get("dimensions", []) if d.get("id") == "who"), None)
    if who is None:
        return {}
    officials = [str(o["id"]) for o in who["options"] if str(o["id"]).endswith("_official")]
    sides = _sides(ds)
    found = {s: f"{_slug(s)}_official" for s in sides if f"{_slug(s)}_official" in officials}
    if len(found) == len(sides):
        return found
    if len(officials) == len(sides):
        return dict(zip(sides, officials))
    return found


def _step(dim: str, value: Any) -> int | None:
    text = str(value).strip()
    if dim == "reliability":
        return "ABCDEF".index(text) if len(text) == 1 and text in "ABCDEF" else None
    return int(text) if text.isdigit() else None


def _row(ds: Dataset, claim_id: str) -> int:
    return list(ds.key.index).index(claim_id) + 2


def _checked_outside(ds: Dataset, claim_id: str) -> bool:
    """Was the claim checked against at least one reference row from outside the claimant's side?"""
    return bool(_outside_checked(ds, claim_id))


def _outside_checked(ds: Dataset, claim_id: str) -> list[str]:
    if "checked_against" not in ds.key.columns:
        return []
    from claimlab.validate import depth

    ids, _ = depth.parse_checked(ds.key.loc[claim_id, "checked_against"])
    return depth.outside_rows(ds, claim_id, ids)


def _noted(ds: Dataset) -> set[tuple[str, str]]:
    notes = ds.key_notes
    if not len(notes) or "dimension" not in notes.columns:
        return set()
    ids = notes["claim_id"] if "claim_id" in notes.columns else notes.index
    return {(str(c), str(d)) for c, d in zip(ids, notes["dimension"])}


def _contradiction_problems(ds: Dataset) -> list[Problem]:
    """Grade 5 with no contradicting row from outside the claimant's side in checked_against."""
    problems = []
    if "credibility" not in ds.key.columns or "checked_against" not in ds.key.columns:
        return problems
    for cid, row in ds.key.iterrows():
        if str(row["credibility"]) == CONTRADICTED and cid in ds.claims.index and not _outside_checked(ds, cid):
            problems.append(Problem(KEY, f"credibility {CONTRADICTED} means 'contradicted by other sources', but no "
                                         "reference row from outside the claimant's own side is listed in "
                                         "checked_against to contradict it: list the row that does (and cite it in "
                                         "the rationale), or choose the grade the evidence supports",
                                    row=_row(ds, cid), column="credibility", row_id=cid))
    return problems


def comparable_pairs(ds: Dataset) -> list[tuple[str, str, str, bool]]:
    """(kind, a, b, both checked outside) for every two claims of the same kind made by two different sides."""
    officials = side_officials(ds)
    claims = ds.claims
    if "kind" not in ds.key.columns:
        return []
    sided = [c for c in ds.key.index if c in claims.index and str(claims.loc[c, "claimant_side"]) in officials]
    pairs = []
    for kind, group in ds.key.loc[sided].groupby("kind", sort=False):
        ids = list(group.index)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if str(claims.loc[a, "claimant_side"]) != str(claims.loc[b, "claimant_side"]):
                    pairs.append((str(kind), a, b, _checked_outside(ds, a) and _checked_outside(ds, b)))
    return pairs


def fairness_problems(ds: Dataset) -> list[Problem]:
    """Every break of the same-standard rule in data/key.csv (see this module's docstring)."""
    problems: list[Problem] = []
    if not len(ds.key) or "kind" not in ds.key.columns:
        return problems
    officials = side_officials(ds)
    side_of_official = {v: k for k, v in officials.items()}
    claims = ds.claims

    def bad(cid: str, column: str, message: str) -> None:
        problems.append(Problem(KEY, message, row=_row(ds, cid), column=column, row_id=cid))

    # the key's `who` agrees with the claim's side --------------------------------------
    for cid, key in ds.key.iterrows():
        if cid not in claims.index or "who" not in key:
            continue
        side = str(claims.loc[cid, "claimant_side"])
        who = str(key["who"])
        if side in officials and who in side_of_official and who != officials[side]:
            bad(cid, "who", f"the key says '{who}' (an official of {side_of_official[who]}), but data/claims.csv "
                            f"says the claim is made by {side} (claimant_side): use '{officials[side]}' or correct "
                            "claimant_side")
        elif side in officials and who != officials[side] and who not in ("independent_monitor",):
            bad(cid, "who", f"data/claims.csv says {side} makes this claim (claimant_side), but the key's who is "
                            f"'{who}': use '{officials[side]}', or correct claimant_side")
        elif side not in officials and who in side_of_official:
            bad(cid, "who", f"the key says an official of {side_of_official[who]} makes this claim ('{who}'), but "
                            f"data/claims.csv gives claimant_side '{side}': make them agree")

    # comparable claims of two sides: the same standard --------------------------------
    one_sided: list[str] = []
    # an answer that is not an option (a typo) is reported once, by the key's own check; comparing it
    # here too would call the key one-sided over a spelling slip
    options = {str(d["id"]): {str(o["id"]) for o in d.get("options", [])} for d in ds.dimensions()}

    def valid(dim: str, value: Any) -> bool:
        return dim not in options or str(value) in options[dim]

    noted = _noted(ds)
    for kind, a, b, evidence in comparable_pairs(ds):
        group = ds.key
        side_a, side_b = str(claims.loc[a, "claimant_side"]), str(claims.loc[b, "claimant_side"])
        for dim in SAME:
            if evidence and dim == "hedge":
                continue
            if dim not in group.columns or not (valid(dim, group.loc[a, dim]) and valid(dim, group.loc[b, dim])):
                continue
            if str(group.loc[a, dim]) != str(group.loc[b, dim]):
                bad(b, dim, f"{b} ({side_b}) and {a} ({side_a}) are the same kind of claim ('{kind}') "
                            f"but get different '{dim}' answers ('{group.loc[b, dim]}' and "
                            f"'{group.loc[a, dim]}'): the same kind of claim gets the same answer, "
                            "whichever side makes it")
                one_sided.append(b)
        for dim in ONE_STEP:
            if dim not in group.columns or (evidence and dim == "credibility") \
                    or not (valid(dim, group.loc[a, dim]) and valid(dim, group.loc[b, dim])):
                continue
            x, y = _step(dim, group.loc[a, dim]), _step(dim, group.loc[b, dim])
            if x is None or y is None or x == y:
                continue
            if abs(x - y) > 1:
                bad(b, dim, f"{b} ({side_b}) is graded '{group.loc[b, dim]}' and {a} ({side_a}) "
                            f"'{group.loc[a, dim]}' for the same kind of claim ('{kind}'): comparable "
                            "claims of the two sides get grades at most one step apart (say in "
                            "key_notes.csv what, in the evidence, justifies one step)")
                one_sided.append(b)
            elif (a, dim) not in noted and (b, dim) not in noted:
                bad(b, dim, f"{b} ({side_b}) is graded '{group.loc[b, dim]}' and {a} ({side_a}) "
                            f"'{group.loc[a, dim]}' for the same kind of claim ('{kind}'): one step apart is "
                            f"allowed only with a reason. Add a row to {NOTES} (claim_id {b} or {a}, dimension "
                            f"{dim}) saying what in the evidence justifies the step, or give the same grade")
                one_sided.append(b)
    problems += _contradiction_problems(ds)
    if one_sided:
        problems.append(Problem(KEY, f"the key is one-sided: {len(one_sided)} grade(s) above judge one side's "
                                     "claims by a different standard from the other side's. Fix them, then run "
                                     "the check again", column="kind"))
    return problems


# --------------------------------------------------------------------------- what the check could and could not do
@dataclass
class FairnessReport:
    """What the same-standard check compared, what it could not, and what a second reader must review."""

    sides: list[str]
    quoted: dict[str, list[str]]                       # side -> its claims in the key
    compared: list[str] = field(default_factory=list)  # one line per pair compared
    not_compared: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def one_sided(self) -> bool:
        return sum(bool(ids) for ids in self.quoted.values()) < 2

    def lines(self) -> list[str]:
        out = [f"Same standard for both sides: {len(self.compared)} pair(s) of comparable claims compared"
               + (":" if self.compared else ".")]
        out += [f"  = {line}" for line in self.compared]
        if self.not_compared:
            out.append("  Could not compare (no claim of the same kind from another side):")
            out += [f"  ? {line}" for line in self.not_compared]
        for warning in self.warnings:
            out.append(f"  WARNING: {warning}")
        if not self.warnings:
            out.append("  No warning. Passing these checks is not a certificate of fairness: it means the rules "
                       "above hold, not that a second reader would agree with every grade.")
        return out


def _grades(ds: Dataset, cid: str) -> str:
    key = ds.key.loc[cid]
    return "/".join(str(key[d]) for d in ("reliability", "credibility") if d in key.index)


def _review(ds: Dataset, cid: str) -> str | None:
    """Why one claim's grades need a second reader when nothing of the other side can be compared, or None."""
    key = ds.key.loc[cid]
    reasons = []
    usual = USUAL_RELIABILITY.get(str(key.get("kind")))
    if usual and "reliability" in key.index and str(key["reliability"]) != usual:
        reasons.append(f"reliability {key['reliability']} where the rule for '{key['kind']}' gives {usual}")
    if "credibility" in key.index and not _outside_checked(ds, cid):
        if str(key["credibility"]) in CONFIRMED:
            reasons.append(f"credibility {key['credibility']} with no row from outside the claimant's side consulted")
        if str(key["credibility"]) == CONTRADICTED:
            reasons.append(f"credibility {CONTRADICTED} with no contradicting row")
    return "; ".join(reasons) or None


def fairness_report(ds: Dataset) -> FairnessReport:
    """The pairs compared, the kinds that could not be, and warnings (see the module's docstring)."""
    sides = list(side_officials(ds)) or list(ds.sides())
    claims = ds.claims
    keyed = [c for c in ds.key.index if c in claims.index]
    quoted = {s: [c for c in keyed if str(claims.loc[c, "claimant_side"]) == s] for s in sides}
    report = FairnessReport(sides, quoted)
    for kind, a, b, evidence in comparable_pairs(ds):
        how = ("both checked against outside rows: credibility and caveat may follow the evidence" if evidence
               else "same party, method and caveat; grades at most one step apart, a step only with a note")
        report.compared.append(f"{a} ({claims.loc[a, 'claimant_side']}, {_grades(ds, a)}) with {b} "
                               f"({claims.loc[b, 'claimant_side']}, {_grades(ds, b)}), '{kind}': {how}")
    paired = {c for _, a, b, _ in comparable_pairs(ds) for c in (a, b)}
    review: list[str] = []
    if "kind" in ds.key.columns:
        for kind, group in ds.key.loc[[c for c in keyed if str(claims.loc[c, "claimant_side"]) in sides]].groupby(
                "kind", sort=False):
            alone = [c for c in group.index if c not in paired]
            if alone:
                side_names = sorted({str(claims.loc[c, "claimant_side"]) for c in alone})
                report.not_compared.append(f"'{kind}': only {' and '.join(side_names)} {'make' if len(side_names) > 1 else 'makes'} such claims "
                                           f"({', '.join(f'{c} {_grades(ds, c)}' for c in alone)})")
                for cid in alone:
                    reason = _review(ds, cid)
                    if reason:
                        review.append(f"{cid} ({reason})")
    if report.one_sided:
        spoken = [s for s, ids in quoted.items() if ids]
        silent = [s for s in sides if s not in spoken]
        who = spoken[0] if spoken else "no side"
        listed = ", ".join(f"{c} ({ds.key.loc[c, 'kind']}, {_grades(ds, c)})" for c in quoted.get(who, []))
        report.warnings.append(
            f"this article quotes only {who}'s side (no claim from {' or '.join(silent) or 'another side'}), so the "
            "same-standard check had nothing to compare its grades with. A second reader must review the key's "
            f"grades of {listed or 'its claims'} against the rule for each kind, as if the other side had said it.")
    if review:
        report.warnings.append("grades that depart from the usual grade for their kind and cannot be compared with "
                               "the other side's; a second reader must review them: " + "; ".join(review))
    return report


# --------------------------------------------------------------------------- exercise file checks
def _duplicate_ids(text: str) -> Iterable[tuple[int, str]]:
    """(line, id) for every question id that appears twice under `questions:` (YAML keeps the last one)."""
    seen: dict[str, int] = {}
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(r"^questions:\s*$", line):
            inside = True
            continue
        if inside and re.match(r"^\S", line):
            inside = False
        m = re.match(r"^  ([^\s#:][^:]*):\s*$", line) if inside else None
        if m:
            qid = m.group(1).strip().strip("'\"")
            if qid in seen:
                yield number, qid
            seen.setdefault(qid, number)


def _items_out_of_line(text: str) -> Iterable[tuple[int, int, int]]:
    """(line, its indent, the indent above) for a list item one space off the item above it.

    YAML reads such a line not as a new item but as more words of the item above (three hints become
    one, with no error), so a one-space slip would pass unseen.
    """
    above: int | None = None
    back_to: int | None = None  # the column the items ran in before a slip: returning to it is no new slip
    for number, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^( *)- ", line)
        if not m:
            continue
        indent = len(m.group(1))
        if above is not None and abs(indent - above) == 1 and indent != back_to:
            yield number, indent, above
            back_to = above
        else:
            back_to = None
        above = indent


def exercise_file_problems(ds: Dataset) -> list[Problem]:
    """A question id used twice (YAML would silently keep only the last), and a model answer that
    fails its own question's rules, and a list item one space off the one above (read as part of it)."""
    problems: list[Problem] = []
    spec = ds.package.get("claimlab", {}).get("yaml", {}).get("exercises", {})
    path = ds.data_dir / spec.get("path", "exercises.yaml")
    name = "data/" + spec.get("path", "exercises.yaml")
    if path.is_file():
        for line, indent, above in _items_out_of_line(path.read_text(encoding="utf-8")):
            problems.append(Problem(name, f"line {line}: this list item starts after {indent} spaces, the one above "
                                          f"after {above}, so it is read as more words of the item above, not as an "
                                          "item of its own. Start the items of one list in the same column",
                                    row=line, column="questions"))
        for line, qid in _duplicate_ids(path.read_text(encoding="utf-8")):
            problems.append(Problem(name, f"the question id '{qid}' is used twice (again on line {line}); only the "
                                          "last would be kept. Give each question its own id", row=line,
                                    column="questions", row_id=qid))
    from claimlab.core import exercises, questions
    from claimlab.core.questions import common

    for qid, q in (ds.exercises.get("questions") or {}).items():
        kind = questions.get(q.get("type"))
        if kind is None or not kind.written or not q.get("model_answer"):
            continue
        answer = str(q["model_answer"])
        try:
            verdict = kind.check(ds, q, common.fill(answer, ds))
        except Exception as exc:  # a key too broken to judge: the key check names why
            verdict = None
            problems.append(Problem(name, f"question {qid}: the model answer could not be judged ({exc})",
                                    column="model_answer", row_id=qid))
        if verdict is not None and verdict.status != "correct":
            problems.append(Problem(name, f"question {qid}: the model answer is not judged right by its own "
                                          f"question ({exercises.judge(qid, answer, ds).status}): "
                                          f"{' '.join(verdict.lines)[:200]}",
                                    column="model_answer", row_id=qid))
        limit = q.get("max_chars")
        if limit and len(answer) > int(limit):
            problems.append(Problem(name, f"question {qid}: the model answer is {len(answer)} characters, more "
                                          f"than its own max_chars ({limit})", column="model_answer", row_id=qid))
    return problems
