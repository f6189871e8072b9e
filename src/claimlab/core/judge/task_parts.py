"""The parts of the make-it-mislead and evidence tasks, the form of any answer, and :func:`judge_parts`.

:mod:`.parts` judges what keeps a claim honest (claimant, claim verb, caveat, figure); this module the
rest, one function per part, and runs the parts a question needs:

* for "make it mislead": ``no_claimant``, ``no_claim_verb``, ``no_caveat`` (every safeguard gone) and
  ``figures`` (kept with their meaning);
* for evidence: ``independent`` (someone not a party) and ``checkable`` (evidence others can check);
* ``form`` - a sentence a reader could print, not a keyword list or a note about the task, nothing
  invented (a denial, a confirmation);
* ``words`` / ``avoid`` - a question's own words that must (or must not) be there.
"""
from __future__ import annotations

from typing import Any

from claimlab.core.judge.parts import TRACE_ROLES, Need, Part, caveat, claim_verb, claimant, figure, is_actor
from claimlab.core.judge.reading import Reading

__all__ = ["JUDGES", "judge_parts"]

# --------------------------------------------------------------------------- make it mislead
def no_claimant(r: Reading, spec: dict[str, Any]) -> Part:
    traces = []
    for m in r.mentions:
        if m.kind == "pronoun":
            continue
        as_source = any(k.source is m for k in r.markers)
        after = r.tokens[m.end].text if m.end < len(r.tokens) else ""
        before = r.tokens[m.start - 1].text if m.start > 0 else ""
        labelled = after in {":", "-"} or before in {"-"}
        if m.kind == "relay" or as_source or labelled:
            traces.append(m)
        elif m.kind == "role" and m.key in TRACE_ROLES | {"government"} and not is_actor(r, m):
            if m.key == "government" and r.quote(m.start, m.end).lower().split()[-1] in {"military", "army"}:
                continue
            traces.append(m)
        elif m.kind == "person" and not is_actor(r, m) and m.key not in ("zelensky",) and as_source:
            traces.append(m)
    for k in r.markers:
        if k.kind == "noun" and any(r.lexicon.has(t, "side_words") for t in r.tokens[max(0, k.start - 2):k.start]):
            return Part("no_claimant", "kept", r.quote(max(0, k.start - 2), k.end))
    if traces:
        outcome = "kept_relay" if traces[0].kind == "relay" else "kept"  # an outlet is a trail, not the claimant
        return Part("no_claimant", outcome, r.quote(traces[0].start, traces[0].end))
    return Part("no_claimant", "ok")


def no_claim_verb(r: Reading, spec: dict[str, Any]) -> Part:
    if r.markers:
        return Part("no_claim_verb", "kept", r.quote(r.markers[0].start, r.markers[0].end))
    return Part("no_claim_verb", "ok")


def no_caveat(r: Reading, spec: dict[str, Any]) -> Part:
    # a guess ("possibly", "may be exaggerated") also tells the reader not to take it as fact; "it was
    # confirmed" or "it can be checked" does not (an invented confirmation is the form part's to name)
    words = [c for c in r.caveats if c.kind not in ("reversed", "possible")]
    if words:
        return Part("no_caveat", "kept", r.quote(words[0].start, words[0].end))
    for i, t in enumerate(r.tokens):
        if t.text.startswith("independ") or t.text in {"unclear", "unproven", "disputed"}:
            return Part("no_caveat", "kept", r.quote(i, i + 1))
    return Part("no_caveat", "ok")


def figures(r: Reading, spec: dict[str, Any]) -> Part:
    part = figure(r, {**spec, "drop_limits": True, "attached_side_only": True})
    return Part("figures", part.outcome, part.found, part.figure)


# --------------------------------------------------------------------------- evidence
def independent(r: Reading, spec: dict[str, Any]) -> Part:
    blocked = {i for m in r.lexicon.find(r.tokens, "not_independent") for i in range(m.start, m.end)}
    found = [m for m in r.lexicon.find(r.tokens, "independent") if not blocked & set(range(m.start, m.end))
             and not _tied_to_a_side(r, m.start)]
    if found:
        return Part("independent", "ok", r.quote(found[0].start, found[0].end))
    if blocked:
        first = min(blocked)
        return Part("independent", "partisan", r.quote(first, first + 2))
    party = [m for m in r.mentions if m.kind in ("capital", "role", "person") and m.side]
    relay = [m for m in r.mentions if m.kind == "relay"]
    if party:
        return Part("independent", "party", r.quote(party[0].start, party[0].end))
    if relay:
        return Part("independent", "repeating", r.quote(relay[0].start, relay[0].end))
    return Part("independent", "missing")


def _tied_to_a_side(r: Reading, start: int) -> bool:
    """A confirmer named with a side or a side's ally ("Russian analysts", "Western observers")."""
    before = [t for t in r.tokens[max(0, start - 2):start] if t.kind == "word"]
    return any(r.lexicon.has(t, "side_words") or t.text in {"western", "american", "us", "nato", "government"}
               for t in before)


def checkable(r: Reading, spec: dict[str, Any]) -> Part:
    found = r.lexicon.find(r.tokens, "checkable")
    if found:
        return Part("checkable", "ok", r.quote(found[0].start, found[0].end))
    return Part("checkable", "missing")


# --------------------------------------------------------------------------- form
def form(r: Reading, spec: dict[str, Any]) -> Part:
    kind = spec.get("kind", "rewrite")
    words = r.words
    lowered = " ".join(t.text for t in r.tokens)
    for phrase in r.lexicon.groups.get("commentary", []):
        text = " ".join(phrase[1])
        if f" {text} " in f" {lowered} " or (text.startswith("i ") and lowered.startswith(text)):
            return Part("form", "commentary", text)
    if kind != "answer":  # a rewrite invents nothing: no denial, no admission, no confirmation
        for match in r.lexicon.find(r.tokens, "invented"):
            return Part("form", "invented", r.quote(match.start, match.end))
        if any(c.kind == "reversed" and _asserts(r, c.start, c.end) for c in r.caveats):
            c = next(c for c in r.caveats if c.kind == "reversed")
            return Part("form", "invented", r.quote(c.start, c.end))
    if kind != "answer":
        opinion = _opinion(r)
        if opinion:
            return Part("form", "opinion", opinion)
    minimum = 2 if kind == "answer" else 4
    if len(words) < minimum:
        return Part("form", "too_short", r.text.strip()[:60])
    if _list_like(r, kind):
        return Part("form", "list", r.text.strip()[:60])
    return Part("form", "ok")


STEMS = ("exaggerat", "inflat")


def _opinion(r: Reading) -> str:
    """An opinion about the claimant's honesty in the learner's words ("he is probably exaggerating"), or ""."""
    for match in r.lexicon.find(r.tokens, "opinions"):
        return r.quote(max(0, match.start - 2), match.end)
    for i, t in enumerate(r.tokens):
        if t.kind == "word" and t.text.startswith(STEMS):
            return r.quote(max(0, i - 2), i + 1)
    return ""


def _asserts(r: Reading, start: int, end: int) -> bool:
    """A confirmation stated as done ("has been confirmed", "Kyiv confirmed it"), not one that could be made."""
    before = [t.text for t in r.tokens[max(0, start - 1):end]]
    return not any(b in ("could", "can", "may", "might") for b in before) and \
        any(t.text.startswith(("confirm", "verif", "check", "corroborat")) for t in r.tokens[start:end])


def _list_like(r: Reading, kind: str) -> bool:
    words = r.words
    function = {w for _key, phrase in r.lexicon.groups.get("function_words", []) for w in phrase}
    used = sum(1 for t in words if t.text in function)
    ratio = used / max(1, len(words))
    separators = sum(1 for t in r.tokens if t.text in {",", "/", "|", ";"})
    segments = [s.strip() for s in _segments(r)]
    short = [s for s in segments if 0 < len(s.split()) <= 4]
    if separators >= 3 and len(segments) >= 4 and len(short) >= 0.75 * len(segments) and ratio < 0.15:
        return True
    if len(words) >= 8 and ratio < 0.06:
        return True
    markers = sorted(r.markers, key=lambda k: k.start)
    for a, b in zip(markers, markers[1:]):  # "claimed said according to": claim words piled up
        if b.start - a.end <= 1 and not any(t.text in {"and", "or", ","} for t in r.tokens[a.end:b.start]):
            return True
    first = words[0].text if words else ""
    if kind != "answer" and first in {"claimed", "claims", "said", "says", "stated"} and r.text.strip()[:1].islower():
        return True
    tokens = r.tokens
    if len(tokens) >= 2 and tokens[-1].kind == "number" and tokens[-2].kind == "word" and \
            r.lexicon.match_at(tokens, len(tokens) - 2, "counts") is not None:
        return True  # "... tanks 80"
    return False


def _segments(r: Reading) -> list[str]:
    out, current = [], []
    for t in r.tokens:
        if t.text in {",", "/", "|", ";"}:
            out.append(" ".join(current))
            current = []
        else:
            current.append(t.text)
    out.append(" ".join(current))
    return out


# --------------------------------------------------------------------------- a question's own words
def words(r: Reading, spec: dict[str, Any]) -> Part:
    group = spec["group"]
    found = r.lexicon.find(r.tokens, group)
    if found:
        return Part(spec.get("name", "words"), "ok", r.quote(found[0].start, found[0].end))
    return Part(spec.get("name", "words"), "missing")


def avoid(r: Reading, spec: dict[str, Any]) -> Part:
    found = r.lexicon.find(r.tokens, spec["group"])
    if found:
        return Part(spec.get("name", "avoid"), "present", r.quote(found[0].start, found[0].end))
    return Part(spec.get("name", "avoid"), "ok")


JUDGES = {"claimant": claimant, "claim_verb": claim_verb, "caveat": caveat, "figure": figure, "form": form,
          "no_claimant": no_claimant, "no_claim_verb": no_claim_verb, "no_caveat": no_caveat, "figures": figures,
          "independent": independent, "checkable": checkable, "words": words, "avoid": avoid}


def judge_parts(reading: Reading, needs: list[Need]) -> list[Part]:
    """Every needed part judged on the reading, in the order the question lists them."""
    return [JUDGES[need.part](reading, need.spec) for need in needs]
