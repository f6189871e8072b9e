"""The parts of a good written answer, each judged on a :class:`~claimlab.core.judge.reading.Reading`.

A question lists the parts it needs (``needs`` in data/exercises.yaml, resolved to :class:`Need`); each
part gives a :class:`Part`: ``ok``, or what is wrong (``outcome`` names the reason, ``found`` quotes the
learner's words), or ``unsure`` when the words could mean either. The rules are the expert standard of
issue 24, one function per part:

* ``claimant`` - the right side's source, identifiable (a name, a title or institution with its country,
  or the side's government); not a bare "the ministry", a relay, the wrong person or side;
* ``claim_verb`` - the figure is someone's claim (said, claimed, according to ...);
* ``caveat`` - nobody could independently check it; not a guess, not "it was confirmed";
* ``figure`` - kept with its meaning: the number, its floor or limit, what it counts, whose it is;
* the other parts (the form of an answer, make it mislead, evidence, words) are in :mod:`.task_parts`, which runs them all.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from claimlab.core.judge.reading import Mention, Number, Reading

__all__ = ["Need", "Part", "FigureSpec", "claimant", "claim_verb", "caveat", "figure", "is_actor", "TRACE_ROLES"]

GOVERNMENT_ROLES = {"government"}
TRACE_ROLES = {"defence_ministry", "defence_minister", "commander_in_chief", "president"}


@dataclass(frozen=True)
class FigureSpec:
    """One figure of the source: its value (computed from data), qualifier, what it counts, whose it is
    and what happened to it (losses, deaths, combined, moved, territory); ``main`` must be kept."""

    value: float
    qualifier: str = "exact"
    counts: str | None = None
    side: str | None = None
    meaning: str | None = None
    own_words: tuple[str, ...] = ()
    main: bool = False
    converted: tuple[float, ...] = ()  # the same figure in other units (a correct conversion is kept)
    words: str = ""  # the figure as learners read it ("more than 9,300 servicepeople"), for feedback


@dataclass(frozen=True)
class Need:
    """A part a question needs, with its settings (``spec``)."""

    part: str
    spec: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    """One part's verdict: ``outcome`` is "ok", "unsure:<why>" or "<what is wrong>"; ``found`` quotes the learner."""

    part: str
    outcome: str
    found: str = ""
    figure: str = ""  # the source's figure the verdict is about, in the source's words
    also: tuple[tuple[str, str], ...] = ()  # further (outcome, found) of the same part, said after the first

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def unsure(self) -> bool:
        return self.outcome.startswith("unsure")


# --------------------------------------------------------------------------- who claims it
def _government(mention: Mention) -> bool:
    return mention.kind == "capital" or (mention.kind == "role" and mention.key in GOVERNMENT_ROLES
                                         and mention.side is not None)


def _accepted(mention: Mention, spec: dict[str, Any]) -> bool:
    side = spec.get("side")
    if mention.clash or mention.side != side:
        return False
    if mention.kind == "person":
        return mention.key in spec.get("people", [])
    if _government(mention):
        return bool(spec.get("government", True))
    return mention.kind == "role" and mention.key in spec.get("roles", [])


def claimant(r: Reading, spec: dict[str, Any]) -> Part:
    sources = [m for m in r.sources() if m is not None]
    named = [m for m in r.mentions if m.kind in ("person", "role") or _government(m)]
    good = [m for m in sources if _accepted(m, spec)]
    if good:
        return Part("claimant", "ok", r.quote(good[0].start, good[0].end))
    if sources:
        first = next((m for m in sources if m.kind != "pronoun"), sources[0])
        quote = r.quote(first.start, first.end)
        if first.kind == "relay":
            if any(_accepted(m, spec) for m in named):  # "..., Shoigu told reporters, according to TASS"
                return Part("claimant", "ok", quote)
            return Part("claimant", "relay", quote)
        if first.kind == "pronoun" or (first.kind == "role" and first.side is None):
            return Part("claimant", "bare", quote)
        if first.clash or (first.side is not None and first.side != spec.get("side")):
            return Part("claimant", "wrong_side", quote)
        return Part("claimant", "wrong_person", quote)
    # named, but not as the source ("Russia's defence ministry: Ukraine lost ...")
    listed = [m for m in named if _accepted(m, spec) and not is_actor(r, m)]
    if listed and not any(r.tokens[m.start - 1].text == "by" for m in listed if m.start > 0):
        return Part("claimant", "ok", r.quote(listed[0].start, listed[0].end))
    others = [m for m in r.mentions if m.kind in ("person", "role", "relay") and not is_actor(r, m)]
    if others:
        m = others[0]
        reason = "relay" if m.kind == "relay" else "bare" if m.kind == "role" and m.side is None else \
            "wrong_side" if m.side not in (None, spec.get("side")) or m.clash else \
            "no_role" if _accepted(m, spec) else "wrong_person"
        return Part("claimant", reason, r.quote(m.start, m.end))
    return Part("claimant", "missing")


def is_actor(r: Reading, m: Mention) -> bool:
    """A side named as the one that acts ("Kyiv's forces seized", "Russian forces destroyed"), not as a source."""
    nxt = r.tokens[m.end].text if m.end < len(r.tokens) else ""
    word = r.tokens[m.start].text
    if m.kind == "role" and m.key == "government" and r.quote(m.start, m.end).lower().split()[-1] in \
            {"military", "army", "forces", "troops"}:
        return True
    return nxt in {"forces", "force", "troops", "soldiers", "army", "offensive", "incursion", "military", "fighters",
                   "units"} or (word.endswith("'s") and nxt in {"forces", "troops", "army", "offensive"}) \
        or nxt in ACTION_VERBS  # "ukraine killed 17819 ...": the side that acts, not whose claim it is


ACTION_VERBS = {"killed", "kills", "eliminated", "destroyed", "captured", "seized", "took", "shot", "downed", "struck"}


def claim_verb(r: Reading, spec: dict[str, Any]) -> Part:
    linked = [k for k in r.markers if k.kind in ("verb", "preposition", "noun") and k.source is not None]
    loose = [k for k in r.markers if k.kind in ("adverb",) or (k.kind == "verb" and k.source is None)]
    if linked:
        return Part("claim_verb", "ok", r.quote(linked[0].start, linked[0].end))
    if loose:
        return Part("claim_verb", "ok", r.quote(loose[0].start, loose[0].end))
    return Part("claim_verb", "missing")


def caveat(r: Reading, spec: dict[str, Any]) -> Part:
    kinds = [c.kind for c in r.caveats]
    good = [c for c in r.caveats if c.kind == "ok"]
    bad = [c for c in r.caveats if c.kind in ("reversed", "possible")]
    if good and not bad:
        return Part("caveat", "ok", r.quote(good[0].start, good[0].end))
    if good and bad:
        return Part("caveat", "unsure:both", r.quote(bad[0].start, bad[0].end))
    if "in_mouth" in kinds:
        c = next(c for c in r.caveats if c.kind == "in_mouth")
        return Part("caveat", "in_mouth", r.quote(c.start, c.end))
    if bad:
        return Part("caveat", "reversed", r.quote(bad[0].start, bad[0].end))
    if "hedge" in kinds:
        c = next(c for c in r.caveats if c.kind == "hedge")
        return Part("caveat", "hedge", r.quote(c.start, c.end))
    return Part("caveat", "missing")


# --------------------------------------------------------------------------- the figure
OUTCOME_WINDOW = 20  # tokens around a figure in which what happened to it is read


def _outcomes(r: Reading, index: int) -> dict[str, list[int]]:
    """Outcome words (killed, wounded, captured, lost, eliminated, moved) in the figure's sentence, near it."""
    sentence = r.tokens[index].sentence
    found: dict[str, list[int]] = {}
    lo, hi = max(0, index - OUTCOME_WINDOW), min(len(r.tokens), index + OUTCOME_WINDOW)
    i = lo
    while i < hi:
        if r.tokens[i].sentence != sentence:
            i += 1
            continue
        match = r.lexicon.match_at(r.tokens, i, "outcomes")
        if match:
            negated = i > 0 and r.tokens[i - 1].text in {"not", "never", "no"}
            if not negated:
                found.setdefault(match.key, []).append(i)
            i = match.end
        else:
            i += 1
    return found


ACTOR_NOUNS = {"forces", "force", "army", "military", "units", "troops"}
INFLICTED = ("killed", "eliminated", "captured", "wounded")


def _side_of(r: Reading, number: Number, source_spans: list[tuple[int, int]], claimant_side: str | None = None
             ) -> str | None:
    """The side a figure belongs to: a side word tied to it ("9,300 Ukrainian soldiers", "of Ukraine's
    army", "troops from Russia", "enemy"), else the side that lost or moved it, named before it in its
    clause ("Ukraine lost more than 9,300", "Russia has moved 30,000"); None when the words do not say."""
    if number.side:
        return number.side
    tokens, lex = r.tokens, r.lexicon
    sentence = tokens[number.index].sentence
    for k in range(number.index + 1, min(len(tokens), number.index + 8)):  # "... troops from Russia"
        t = tokens[k]
        if t.sentence != sentence or (t.kind == "punct" and t.text not in {"-"}):
            break
        if t.text == "enemy" and claimant_side:
            return next((s for s in lex.concepts.get("sides", {}) if s != claimant_side), None)
        if t.text in {"of", "from", "for", "on", "among", "to"} and k + 1 < len(tokens):
            for j in range(k + 1, min(len(tokens), k + 4)):
                side = lex.has(tokens[j], "side_words")
                if side:
                    return side
    before = tokens[max(0, number.index - 4):number.index]
    if any(t.text == "enemy" for t in before) and claimant_side:
        return next((s for s in lex.concepts.get("sides", {}) if s != claimant_side), None)
    markers = {i for k in r.markers for i in range(k.start, k.end)}
    for k in range(number.index - 1, max(-1, number.index - 16), -1):
        t = tokens[k]
        if t.sentence != sentence or any(a <= k < b for a, b in source_spans) or k in markers:
            break  # the claimant's own words ("Russia's MoD said ..."), or the claim verb
        side = lex.has(t, "side_words") or lex.has(t, "capitals")
        if side:
            following = [x for x in tokens[k + 1:k + 4] if x.text not in {"have", "has", "had", "'s"}]
            if following and following[0].text in ACTOR_NOUNS - {"troops"}:
                inflicted = len(following) > 1 and lex.match_at(tokens, following[1].index, "outcomes")
                if inflicted and inflicted.key in INFLICTED:
                    continue  # "Ukrainian forces killed ... 17,819": the side that acted, not the one counted
            inflicted = following and lex.match_at(tokens, following[0].index, "outcomes")
            if inflicted and inflicted.key in INFLICTED and following[0].text in {"killed", "captured", "eliminated"} \
                    and not any(x.text in {"were", "was", "been"} for x in tokens[k:number.index]):
                continue  # "Ukraine killed 17,819 ...": the actor
            return side
    return None


def _near(value: float, wanted: float) -> bool:
    return wanted and abs(value - wanted) / abs(wanted) <= 0.35


def _digits_alike(value: float, wanted: float) -> bool:
    a, b = str(int(value)) if value == int(value) else str(value), str(int(wanted)) if wanted == int(wanted) else ""
    return bool(b) and (sorted(a) == sorted(b) or a.rstrip("0") == b.rstrip("0"))


def figure(r: Reading, spec: dict[str, Any]) -> Part:
    """The main figure kept with its meaning; other figures of the source, where given, not distorted."""
    figures: list[FigureSpec] = spec["figures"]
    main = [f for f in figures if f.main] or figures[:1]
    numbers = [n for n in r.numbers if not n.date]
    sources = [(m.start, m.end) for m in r.sources() if m is not None]
    matched: dict[int, FigureSpec] = {}
    for n in numbers:  # the source's figure with this value (and what it counts, when two share a value)
        same = [f for f in figures if n.value == f.value or any(abs(n.value - c) <= 0.03 * c for c in f.converted)]
        if same:
            matched[n.index] = next((f for f in same if f.counts == n.counts), same[0])
    for n in numbers:  # a number that is none of the source's: changed or made up
        if n.index not in matched and n.value < 10 and n.counts is None:
            continue  # "moved 2 kursk", "no1": text-speak for a word, not a figure
        if n.index not in matched:
            near = next((f for f in figures if _near(n.value, f.value) or _digits_alike(n.value, f.value)), None)
            return Part("figure", "changed" if near else "invented", r.quote(n.index, n.index + 1))
    kept = [n for n in numbers if n.index in matched]
    numbers = kept
    if not any(matched[n.index] in main for n in kept):
        if not numbers:
            return Part("figure", "missing")
        return Part("figure", "missing_main")
    for n in kept:
        part = _one_figure(r, n, matched[n.index], spec, sources)
        if part is not None:
            return part
    return Part("figure", "ok", r.quote(kept[0].index, kept[0].index + 1))


def _one_figure(r: Reading, n: Number, f: FigureSpec, spec: dict[str, Any], sources: list[tuple[int, int]]
                ) -> Part | None:
    """What is wrong with one kept figure, or None."""
    part = _figure_problem(r, n, f, spec, sources)
    return replace(part, figure=f.words) if part else None


def _figure_problem(r: Reading, n: Number, f: FigureSpec, spec: dict[str, Any], sources: list[tuple[int, int]]
                    ) -> Part | None:
    quote = _phrase(r, n)
    problem = _qualifier_problem(n.qualifier, f.qualifier, spec.get("drop_limits", False))
    if problem:  # a dropped floor and losses made deaths are both said, not only the first
        meaning = _meaning_problem(r, n, f)
        return Part("figure", problem, quote, also=(meaning,) if meaning and not meaning[0].startswith("unsure")
                    else ())
    if f.counts and n.counts and n.counts != f.counts:
        return Part("figure", "counts", r.quote(n.index, n.index + 3))
    if f.counts == "area":  # the source's unit with its number, or a correct conversion with the new unit
        converted = any(abs(n.value - c) <= 0.03 * c for c in f.converted) and n.value != f.value
        miles = n.unit_words in ("square miles", "square mile", "sq miles", "sq mi", "sq mile")
        kilometres = n.unit_words in ("km2", "km²", "square kilometres", "square kilometers", "sq km", "square km")
        if (converted and not kilometres) or (not converted and not miles):
            return Part("figure", "unit", _phrase(r, n))
    if f.side:
        side = (n.side or _owner_before(r, n, f)) if spec.get("attached_side_only") else \
            _side_of(r, n, sources, spec.get("claimant_side"))
        if side and side != f.side:
            return Part("figure", "wrong_side", quote)
        if side is None and f.main and not spec.get("attached_side_only"):
            return Part("figure", "side_missing", quote)
    meaning = _meaning_problem(r, n, f)
    if meaning:
        return Part("figure", meaning[0], meaning[1])
    return None


OWNER_VERBS = {"lost", "lose", "loses", "losing", "suffered"}
TAKER_VERBS = {"seized", "seize", "seizes", "took", "taken", "take", "grabbed", "captured", "controls", "control",
               "hold", "holds", "holding", "gained", "occupied", "occupies", "occupy", "won"}


def _owner_before(r: Reading, n: Number, f: FigureSpec) -> str | None:
    """The side that lost (or, for land, took) a figure, named just before it: "Russia lost six tanks",
    "Russia has seized 500 square miles"."""
    tokens = r.tokens
    for k in range(n.index - 1, max(-1, n.index - 7), -1):
        if tokens[k].sentence != tokens[n.index].sentence:
            break
        taking, losing = tokens[k].text in TAKER_VERBS, tokens[k].text in OWNER_VERBS
        if taking or losing:
            for j in range(k - 1, max(-1, k - 4), -1):
                side = r.lexicon.has(tokens[j], "side_words") or r.lexicon.has(tokens[j], "capitals")
                if side:
                    if f.counts == "area" and losing:  # "Russia lost 500 square miles": the other side took them
                        return next((s for s in r.lexicon.concepts.get("sides", {}) if s != side), None)
                    return side if (f.counts == "area") == taking else None
            return None
    return None


def _phrase(r: Reading, n: Number) -> str:
    """A number in the learner's words, with its qualifier and what it counts ("more than 9,300 troops")."""
    start = n.index
    for k in range(max(0, n.index - 4), n.index):
        match = r.lexicon.match_at(r.tokens, k, "qualifiers")
        if match and match.end in (n.index, n.index - 1):
            start = min(start, k)
            break
    end = n.index + 1
    for k in range(n.index + 1, min(len(r.tokens), n.index + 5)):
        match = r.lexicon.match_at(r.tokens, k, "counts")
        if match:
            end = match.end
            break
    return r.quote(start, end)


def _qualifier_problem(given: str, wanted: str, drop_limits: bool) -> str | None:
    if wanted == "more_than":
        if given == "more_than":
            return None
        return "floor_dropped" if given in ("exact", "about", "nearly") else "limit_reversed"
    if wanted == "up_to":
        return None if given in ("up_to", "exact", "about") else "limit_reversed"
    if wanted in ("about", "estimated"):
        if given == "exactly":  # "exactly 30,000": an estimate made a precise count
            return "made_exact"
        if given == "nearly":  # "nearly 30,000" says fewer than the estimate: a reader may take it either way
            return "unsure:nearly"
        return None if given in ("about", "exact") else "limit_added"
    # an exact count
    if given in ("more_than", "up_to"):
        return "limit_added"
    return "made_estimate" if given in ("about", "nearly") else None  # "exactly" keeps an exact count


def _meaning_problem(r: Reading, n: Number, f: FigureSpec) -> tuple[str, str] | None:
    if not f.meaning or f.meaning == "territory":
        return None
    seen = _outcomes(r, n.index)
    quote = lambda key: r.quote(seen[key][0], seen[key][0] + 1)  # noqa: E731
    own = {w.lower() for w in f.own_words}
    unquoted_elim = [i for i in seen.get("eliminated", []) if not (r.tokens[i].quoted and r.tokens[i].text in own)]
    if f.meaning in ("losses", "combined") and f.main and not seen:
        return "meaning_missing", _phrase(r, n)
    if f.meaning == "losses":
        if "killed" in seen and "wounded" not in seen:
            return "deaths", quote("killed")
        if unquoted_elim and (f.counts == "personnel"):
            return "eliminated", r.quote(unquoted_elim[0], unquoted_elim[0] + 1)
    elif f.meaning == "combined":
        parts = {k for k in ("killed", "wounded", "captured") if k in seen}
        if parts and parts != {"killed", "wounded", "captured"}:
            return "narrowed", quote(sorted(parts)[0])
        if unquoted_elim:
            return "eliminated", r.quote(unquoted_elim[0], unquoted_elim[0] + 1)
    elif f.meaning == "attacked":  # "300 troops attacked", "11 tanks supported them": not killed or destroyed
        for k in range(n.index + 1, min(len(r.tokens), n.index + 7)):
            t = r.tokens[k]
            if t.kind == "number" or t.text in {",", ";", "."}:
                break
            match = r.lexicon.match_at(r.tokens, k, "outcomes")
            if match and match.key in ("killed", "wounded", "captured", "lost", "eliminated"):
                return "not_attacked", r.quote(n.index, match.end)
    elif f.meaning == "moved":
        for key in ("killed", "lost", "eliminated", "wounded", "captured", "engaged"):
            if key in seen and not (key == "engaged" and "moved" in seen):
                return "not_moved", quote(key)
        if "moved" not in seen:
            return "unsure:moved", _phrase(r, n)
    return None
