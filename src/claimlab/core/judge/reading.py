"""What a learner's text says, part by part: who is named and in what role, which words make the figure
a claim, what it says about checking, which numbers it gives and how, and whether it reads as a sentence.

:func:`read` turns a text into a :class:`Reading`; the question's parts (:mod:`.parts`) then ask it
questions. Nothing here knows a question or its answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from claimlab.core.judge.lexicon import Lexicon
from claimlab.core.judge.tokens import MONTHS, Token, tokenize

__all__ = ["Mention", "Marker", "Number", "Caveat", "Reading", "read"]

BREAKERS = {",", ";", ":", "but", "however", "although", "though", "while", "whereas", "which", "that", "yet"}
SOURCE_NOUNS = {"claim", "claims", "figure", "figures", "estimate", "estimates", "statement", "statements", "tally",
                "count", "numbers", "number", "data", "report", "reports", "assessment", "words", "announcement"}
POSSIBILITY = {"could", "can", "may", "might"}
BE = {"is", "was", "were", "are", "be", "been", "being", "has", "have", "had"}
ACTOR_NOUNS = {"forces", "force", "troops", "soldiers", "army", "military", "offensive", "incursion", "units",
               "fighters", "armed", "servicemen", "attack", "advance", "operation", "counteroffensive"}
ADDING = {"adding", "added", "adds", "add"}


@dataclass
class Mention:
    """Someone named: ``kind`` person, role, capital, relay or pronoun; ``key`` (person id, role id, relay or
    side), the ``side`` the words tie it to (None when they leave it to guess) and its tokens."""

    kind: str
    key: str
    side: str | None
    start: int
    end: int
    clash: bool = False  # a person named with the other side's words ("Russia's commander Syrskyi")


@dataclass
class Marker:
    """A word that makes a figure a claim (``kind`` verb, noun or adverb), and who it gives as the source."""

    text: str
    kind: str
    start: int
    end: int
    source: Mention | None = None


@dataclass
class Number:
    """A number in the text: its value, whether it is a date, its qualifier ("more_than" ...), what it
    counts and the side it is tied to, if the words say."""

    value: float
    index: int
    date: bool = False
    qualifier: str = "exact"
    counts: str | None = None
    side: str | None = None
    unit_words: str = ""


@dataclass
class Caveat:
    """What the text says about checking: ``ok`` (nobody could check it), ``reversed`` (it was checked),
    ``possible`` (it could be checked), ``in_mouth`` (the claimant is made to say it), ``hedge`` (a guess)."""

    kind: str
    start: int
    end: int


@dataclass
class Reading:
    text: str
    tokens: list[Token]
    lexicon: Lexicon
    mentions: list[Mention] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    caveats: list[Caveat] = field(default_factory=list)

    def quote(self, start: int, end: int) -> str:
        """The learner's own words for tokens ``start`` to ``end`` (exclusive)."""
        if start >= end or start >= len(self.tokens):
            return ""
        return self.text[self.tokens[start].start:self.tokens[min(end, len(self.tokens)) - 1].end].strip()

    @property
    def words(self) -> list[Token]:
        return [t for t in self.tokens if t.kind == "word"]

    def sources(self) -> list[Mention]:
        """Everyone given as the source of a claim."""
        return [m.source for m in self.markers if m.source is not None]


# --------------------------------------------------------------------------- who is named
def _side_near(tokens: list[Token], lex: Lexicon, start: int, end: int) -> str | None:
    """The side a name or role is tied to: a side word just before it (skipping "the", "top" ...), or
    "of (the) <side>" just after it."""
    i = start - 1
    skipped = 0
    while i >= 0 and skipped < 3 and tokens[i].kind == "word" and tokens[i].sentence == tokens[start].sentence:
        side = lex.has(tokens[i], "side_words")
        if side:
            return side
        if tokens[i].text not in {"the", "top", "senior", "chief", "acting", "former", "deputy", "military",
                                  "defence", "defense", "armed", "forces", "army"}:
            break
        i -= 1
        skipped += 1
    j = end
    if j < len(tokens) and tokens[j].text == "in" and j + 1 < len(tokens):  # "the defence ministry in Moscow"
        capital = lex.has(tokens[j + 1], "capitals")
        if capital:
            return capital
    if j < len(tokens) and tokens[j].text == "of":
        for k in range(j + 1, min(j + 4, len(tokens))):
            side = lex.has(tokens[k], "side_words")
            if side:
                return side
            match = lex.match_at(tokens, k, "side_words")
            if match:
                return match.key
    return None


def _mentions(tokens: list[Token], lex: Lexicon) -> list[Mention]:
    taken = [False] * len(tokens)
    found: list[Mention] = []

    def claim(match_start: int, match_end: int) -> bool:
        if any(taken[match_start:match_end]):
            return False
        for k in range(match_start, match_end):
            taken[k] = True
        return True

    for match in lex.find(tokens, "relays"):
        if claim(match.start, match.end):
            found.append(Mention("relay", " ".join(match.phrase), None, match.start, match.end))
    for match in lex.find(tokens, "people"):
        if claim(match.start, match.end):
            side = lex.concepts.get("people", {}).get(match.key, {}).get("side")
            near = _side_near(tokens, lex, match.start, match.end)
            found.append(Mention("person", match.key, side, match.start, match.end,
                                 clash=near is not None and near != side))
    for match in lex.find(tokens, "roles"):
        if any(taken[match.start:match.end]):
            continue
        side = _side_near(tokens, lex, match.start, match.end)
        person = next((m for m in found if m.kind == "person" and 0 <= m.start - match.end <= 1), None)
        if person is not None:  # "Defence Minister Sergei Shoigu": one mention, the person
            if side is not None and side != person.side:
                person.clash = True
            person.start = match.start
            claim(match.start, match.end)
            continue
        person = next((m for m in found if m.kind == "person" and 0 <= match.start - m.end <= 2), None)
        if person is not None and tokens[match.start - 1].text in {",", "the"}:  # "Syrskyi, the commander"
            claim(match.start, match.end)
            continue
        claim(match.start, match.end)
        found.append(Mention("role", match.key, side, match.start, match.end))
    for match in lex.find(tokens, "capitals"):
        if claim(match.start, match.end):
            found.append(Mention("capital", match.key, match.key, match.start, match.end))
    for i, token in enumerate(tokens):
        if not taken[i] and token.kind == "word" and token.text in {"he", "she", "they", "it"}:
            found.append(Mention("pronoun", token.text, None, i, i + 1))
    found.sort(key=lambda m: m.start)
    # a side word right before a role belongs to the role ("Russian military"); a side word alone before a
    # claim word is the side speaking ("Russia says", "the Russian side"): that is a capital-like mention
    for i, token in enumerate(tokens):
        if taken[i] or token.kind != "word":
            continue
        side = lex.has(token, "side_words")
        if side and any(m.start == i + 1 and m.kind == "role" for m in found):
            continue
        if side and i + 1 < len(tokens) and lex.match_at(tokens, i + 1, "claim_verbs") is not None:
            found.append(Mention("capital", side, side, i, i + 1))
    found.sort(key=lambda m: m.start)
    return found


# --------------------------------------------------------------------------- claim words
def _markers(tokens: list[Token], lex: Lexicon, mentions: list[Mention]) -> list[Marker]:
    markers: list[Marker] = []
    named = {i for m in mentions if m.kind != "pronoun" for i in range(m.start, m.end)}
    for match in lex.find(tokens, "claim_verbs"):
        words = " ".join(match.phrase)
        if named & set(range(match.start, match.end)):
            continue  # "Russian state media": part of a name, not a claim verb
        before = [t.text for t in tokens[max(0, match.start - 3):match.start] if t.kind == "word"]
        after = tokens[match.end].text if match.end < len(tokens) else ""
        if words.startswith("claim") and any(lex.has(Token(w, "word", 0, 0), "claim_lookalike_subjects")
                                            for w in before):
            continue  # "the fighting claimed six tanks": not a claim
        if words == "per" and after in {"day", "hour", "week", "month", "cent", "capita", "year", "square"}:
            continue
        if words in {"estimated", "estimates"} and (match.end < len(tokens) and tokens[match.end].kind == "number"
                                                     or (before and before[-1] in {"an", "the", "some"})):
            continue  # "an estimated 30,000": a qualifier, not a claim verb
        if words in {"report", "reports", "claim", "claims", "estimate", "estimates", "state"} and before and \
                before[-1] in {"the", "a", "this", "that", "their", "his", "its", "her", "our", "an"}:
            kind = "noun"
        elif words in {"reportedly", "allegedly", "purportedly", "supposedly"}:
            kind = "adverb"
        elif words in {"according to", "per", "citing", "cited"}:
            kind = "preposition"
        else:
            kind = "verb"
        markers.append(Marker(words, kind, match.start, match.end))
    for i, token in enumerate(tokens):  # "the ministry put Ukraine's losses at more than 9,300"
        if token.text in {"put", "puts", "putting", "placed", "places"} and \
                any(t.text == "at" and t.sentence == token.sentence for t in tokens[i + 1:i + 9]) and \
                not any(k.start == i for k in markers):
            markers.append(Marker(token.text, "verb", i, i + 1))
    for mention in mentions:  # "the ministry's figures", "Shoigu's estimate": a claim by its owner
        last = tokens[mention.end - 1].text
        if mention.kind != "pronoun" and (last.endswith("'s") or last.endswith("s'")) and mention.end < len(tokens) \
                and tokens[mention.end].text in SOURCE_NOUNS and \
                not any(k.start == mention.end for k in markers):
            markers.append(Marker(tokens[mention.end].text, "noun", mention.end, mention.end + 1))
    markers.sort(key=lambda k: k.start)
    for marker in markers:
        marker.source = _source(tokens, marker, mentions, markers)
    return markers


def _source(tokens: list[Token], marker: Marker, mentions: list[Mention], markers: list[Marker]) -> Mention | None:
    sentence = tokens[marker.start].sentence
    same = [m for m in mentions if tokens[m.start].sentence == sentence]
    if marker.kind == "preposition":  # "according to X", "per X", "citing X"
        return next((m for m in same if 0 <= m.start - marker.end <= 2), None)
    if marker.kind == "noun":  # "Shoigu's claim", "the Russian report", "the claim, made by the ministry"
        found = next((m for m in same if 0 <= marker.start - m.end <= 2 and m.kind != "pronoun"), None)
        if found is None:
            after = [t.text for t in tokens[marker.end:marker.end + 4]]
            if "by" in after or "from" in after:
                k = marker.end + max(after.index(w) for w in ("by", "from") if w in after) + 1
                found = next((m for m in same if 0 <= m.start - k <= 3 and m.kind != "pronoun"), None)
        return found
    if marker.kind == "adverb":
        return None
    if marker.end < len(tokens) and tokens[marker.end].text == "by":  # "claimed by the Russian ministry"
        found = next((m for m in same if 0 <= m.start - marker.end - 1 <= 3 and m.kind != "pronoun"), None)
        if found:
            return found
    others = [k.start for k in markers if k is not marker]
    before = [m for m in same if m.end <= marker.start and marker.start - m.end <= 8
              and not any(m.end <= o < marker.start for o in others)]
    if before:
        nearest = max(before, key=lambda m: m.end)
        named = [m for m in same if m.end <= nearest.start and m.kind in ("person", "role", "capital")]
        if nearest.kind == "pronoun" and named:  # "Oleksandr Syrskyi, he is saying": the pronoun is the name
            return named[-1]
        return nearest
    # "..., said Shoigu": the name just after the verb
    return next((m for m in same if 0 <= m.start - marker.end <= 2 and m.kind != "pronoun"), None)


# --------------------------------------------------------------------------- checking
def _caveats(tokens: list[Token], lex: Lexicon) -> list[Caveat]:
    found: list[Caveat] = []
    for match in lex.find(tokens, "negated_verify_words"):
        found.append(Caveat("ok", match.start, match.end))
    for match in lex.find(tokens, "verify_words"):
        v = match.start
        sentence = tokens[v].sentence
        window = [t for t in tokens[max(0, v - 9):v] if t.sentence == sentence]
        negated = adding = False
        for k in range(len(window) - 1, -1, -1):
            t = window[k]
            if t.text in BREAKERS and not (t.text == "that" and k == len(window) - 1):
                break
            if t.text in ADDING:
                adding = True
            if lex.has(t, "negators") or t.text in {"nobody", "noone", "none", "no"} or \
                    (t.text == "no" and k + 1 < len(window) and window[k + 1].text == "one"):
                negated = True
        start = max(0, v - 7)
        text_before = " ".join(t.text for t in tokens[start:v] if t.sentence == sentence)
        not_yet = any(" ".join(p[1]) in text_before for p in lex.groups.get("not_yet", []))
        after = [t.text for t in tokens[match.end:match.end + 4] if t.sentence == sentence]
        if not negated and tokens[v].text.endswith(("tion", "checks", "check")):
            # "independent verification of this has not been possible", "confirmation was not available"
            later = [t for t in tokens[match.end:match.end + 7] if t.sentence == sentence]
            for t in later:
                if t.text in {",", ";", "but", "and", "which"}:
                    break
                if t.text in {"not", "never", "impossible", "lacking", "unavailable", "yet"}:
                    negated = True
                    break
        adding = adding or any(t.text in ADDING for t in tokens[max(0, v - 8):v] if t.sentence == sentence)
        if negated or not_yet:
            found.append(Caveat("in_mouth" if adding else "ok", max(0, v - 3), match.end))
            continue
        before = [t.text for t in window[-3:]]
        if any(b in POSSIBILITY for b in before) and "be" in before:
            found.append(Caveat("possible", max(0, v - 3), match.end))
        elif any(b in BE for b in before) or after[:1] == ["by"] or \
                (before and before[-1] not in {"to", "the", "a", "an", "independent", "no"} and
                 tokens[v].text.endswith("ed") and not any(b in POSSIBILITY for b in before)):
            found.append(Caveat("reversed", max(0, v - 3), match.end))
    for i, token in enumerate(tokens):
        if lex.has(token, "hedges") or any(token.text.startswith(h) for h in ("exaggerat", "inflat")):
            found.append(Caveat("hedge", i, i + 1))
    return sorted(found, key=lambda c: c.start)


# --------------------------------------------------------------------------- numbers
def is_date(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    near = [tokens[k].text.rstrip(".") for k in (i - 1, i - 2, i + 1) if 0 <= k < len(tokens)]
    if token.value is not None and token.value <= 31 and any(w in MONTHS for w in near):
        return True
    return token.value is not None and 1900 <= token.value <= 2100 and float(token.value).is_integer() and \
        "," not in token.text and not (i + 1 < len(tokens) and tokens[i + 1].kind == "word"
                                      and tokens[i + 1].text in {"troops", "soldiers", "servicemen", "tanks"})


def _qualifier(tokens: list[Token], i: int, lex: Lexicon) -> str:
    after = " ".join(t.text for t in tokens[i + 1:i + 3])
    if after.startswith(("+", "- plus", "plus", "or more")):
        return "more_than"
    for back in range(1, 4):
        start = i - back
        if start < 0:
            break
        for group in ("more_than", "up_to", "about", "nearly", "exactly"):
            match = lex.match_at(tokens, start, "qualifiers")
            if match and match.end == i and match.key == group:
                return group
            if match and match.end == i - 1 and tokens[i - 1].text == "of" and match.key == group:
                return group
    return "exact"


def _counts_after(tokens: list[Token], i: int, lex: Lexicon) -> tuple[str | None, str | None, str]:
    """(what the number counts, the side word tied to it, the unit's words) from the words after it."""
    side = None
    for k in range(i + 1, min(i + 5, len(tokens))):
        t = tokens[k]
        if t.sentence != tokens[i].sentence or (t.kind == "punct" and t.text not in {"-", "+"}):
            break
        if t.kind == "number":
            break
        if t.kind == "punct":  # "9,300+ Ukrainian losses", "20-plus"
            continue
        found = lex.has(t, "side_words")
        if found:
            side = found
            continue
        match = lex.match_at(tokens, k, "counts")
        if match:
            return match.key, side, " ".join(match.phrase)
        if t.text not in {"more", "other", "of", "the", "military", "combat", "armoured", "armored", "further",
                          "additional", "enemy", "its", "their", "own"}:
            break
    return None, side, ""


def _numbers(tokens: list[Token], lex: Lexicon) -> list[Number]:
    found = []
    for i, token in enumerate(tokens):
        if token.kind != "number" or token.value is None:
            continue
        counts, side, unit = _counts_after(tokens, i, lex)
        found.append(Number(token.value, i, is_date(tokens, i), _qualifier(tokens, i, lex), counts, side, unit))
    return found


def read(text: str, lexicon: Lexicon) -> Reading:
    """Read a learner's text: tokens, names, claim words, caveats and numbers."""
    tokens = tokenize(text)
    mentions = _mentions(tokens, lexicon)
    reading = Reading(text, tokens, lexicon, mentions)
    reading.markers = _markers(tokens, lexicon, mentions)
    reading.caveats = _caveats(tokens, lexicon)
    reading.numbers = _numbers(tokens, lexicon)
    return reading
