"""The judge of written answers: a learner's text read part by part against the concepts of
data/concepts.yaml, as a careful teacher would, and "I can't tell" rather than a guess.

* :mod:`.tokens` - the text as tokens (words, numbers in any notation, sentences, quotation marks);
* :mod:`.lexicon` - the concepts as phrase lists, matched with the spelling slips learners make;
* :mod:`.reading` - who is named and as what, the claim words, what is said about checking, the numbers;
* :mod:`.parts` - one function per part of a good answer (claimant, claim verb, caveat, figure, form,
  the safeguards of a "make it mislead" task, the evidence of a confirmation).

:func:`needs_of` turns a question's ``needs`` (data/exercises.yaml) into :class:`~.parts.Need` with the
figures computed from data; :func:`judge` gives the parts' verdicts for one answer. How well this
agrees with an expert is measured on labelled answers (benchmarks/judge_benchmark.py).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from claimlab.core.dataset import Dataset
from claimlab.core.judge.lexicon import Lexicon
from claimlab.core.judge.parts import FigureSpec, Need, Part
from claimlab.core.judge.reading import Reading, read
from claimlab.core.judge.task_parts import judge_parts
from claimlab.core.judge.tokens import tokenize

__all__ = ["lexicon", "needs_of", "judge", "figures_in", "Need", "Part", "FigureSpec", "Reading", "read", "PARTS"]

PARTS = ("claimant", "claim_verb", "caveat", "figure", "no_claimant", "no_claim_verb", "no_caveat", "figures",
         "independent", "checkable", "words", "avoid", "form")
CONCEPTS = "concepts"


def lexicon(ds: Dataset) -> Lexicon:
    """The concepts of data/concepts.yaml, compiled once per dataset."""
    key = ("judge", "lexicon")
    if key not in ds.memo:
        ds.memo[key] = Lexicon(ds.docs.get(CONCEPTS) or {})
    return ds.memo[key]


def figures_in(text: str) -> list[float]:
    """The figures printed in a text, in order, in any notation ("26,000", "six", "26k"), dates left out."""
    from claimlab.core.judge.reading import is_date  # one rule for dates, here and in a learner's text

    tokens = tokenize(text)
    return [t.value for i, t in enumerate(tokens) if t.kind == "number" and t.value is not None
            and not is_date(tokens, i)]


def needs_of(ds: Dataset, q: dict[str, Any], value_of) -> list[Need]:
    """A question's ``needs`` as :class:`Need` objects, figures computed with ``value_of`` (a data reference
    -> a number) and their words filled in from data."""
    from claimlab.core import text

    out: list[Need] = []
    groups = lexicon(ds)
    for part, spec in (q.get("needs") or {}).items():
        spec = spec if isinstance(spec, (dict, list)) else {"kind": spec} if isinstance(spec, str) else {}
        if part in ("figure", "figures"):
            items = spec if isinstance(spec, list) else [spec]
            figs = tuple(_figure(ds, item, value_of, text) for item in items)
            if not any(f.main for f in figs):  # "figure": the first is the one to keep; "figures": any of them
                figs = tuple(replace(f, main=True) for f in (figs[:1] if part == "figure" else figs)) + \
                    (figs[1:] if part == "figure" else ())
            side = ((q.get("needs") or {}).get("claimant") or {}).get("side")
            out.append(Need(part, {"figures": figs, "claimant_side": side}))
        elif part in ("words", "avoid"):
            for number, item in enumerate(spec if isinstance(spec, list) else [spec]):
                group = f"{part}:{id(q)}:{number}"
                if group not in groups.groups:
                    groups.add(group, [str(w) for w in item.get("any", [])])
                out.append(Need(part, {"group": group, "name": f"{part}_{number + 1}",
                                       "message": item.get("message", "")}))
        else:
            out.append(Need(part, dict(spec)))
    return out


def _figure(ds: Dataset, item: dict[str, Any], value_of, text) -> FigureSpec:
    value = value_of(item["value"])
    converted: tuple[float, ...] = ()
    if item.get("counts") == "area" and item.get("unit") == "square miles":
        from claimlab.core import units
        converted = (units.convert_area(value, "square miles", "km2"),)
    words = text.render(str(item.get("words", "")), ds) if item.get("words") else _printed(ds, item, value)
    return FigureSpec(value=value, qualifier=str(item.get("qualifier", "exact")), counts=item.get("counts"),
                      side=item.get("side"), meaning=item.get("meaning"),
                      own_words=tuple(str(w).lower() for w in item.get("own_words", [])),
                      main=bool(item.get("main", False)), converted=converted, words=words)


def judge(ds: Dataset, needs: list[Need], answer: str) -> list[Part]:
    """The verdict of every needed part on one answer."""
    return judge_parts(read(answer, lexicon(ds)), needs)


def _printed(ds: Dataset, item: dict[str, Any], value: float) -> str:
    """A passage's figure in the passage's own words ("over 26,000 servicemen"), for feedback."""
    reference = item.get("value") or {}
    if not (isinstance(reference, dict) and "number_in" in reference):
        return ""
    from claimlab.core import bank

    passage_id = reference["number_in"][0] if isinstance(reference["number_in"], list) else reference["number_in"]
    passage = str(bank.passage(ds, str(passage_id))["passage"])
    reading = read(passage, lexicon(ds))
    number = next((n for n in reading.numbers if n.value == value and not n.date), None)
    if number is None:
        return ""
    start = end = number.index
    for k in range(max(0, number.index - 4), number.index):  # its "over", "as many as" ...
        match = reading.lexicon.match_at(reading.tokens, k, "qualifiers")
        if match and match.end in (number.index, number.index - 1):
            start = min(start, k)
    for k in range(number.index + 1, min(len(reading.tokens), number.index + 7)):  # what it counts
        match = reading.lexicon.match_at(reading.tokens, k, "counts")
        if match:
            end = match.end - 1
            break
    return reading.quote(start, end + 1)
