"""The concepts of data/concepts.yaml as phrase lists the judge can find in a learner's tokens.

A phrase matches a run of tokens word by word. A word matches its own spelling, the same word without
its apostrophe ("russias", "couldnt" is opened before this), and, for words of six letters or more, a
spelling one letter off (two letters for words of nine or more: "independant", "verifyed", "Syrsky").
Short words must be spelt right: "said" never matches "sad". Only the lists where a slip changes
nothing (names, titles, sides, checking words, what is counted) accept slips, and never for a word the
concepts list elsewhere ("reporters" is not "reported", "unverified" is not "verified"). Written by hand (no fuzzy-matching
library) because the rule is small, must be the same in every kernel and the browser, and the
common libraries (rapidfuzz, jellyfish) are compiled wheels a learner's runtime does not carry.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from claimlab.core.judge.tokens import Token

__all__ = ["Lexicon", "Match", "phrase_words", "close", "FUZZY_GROUPS"]

# lists whose words may be matched with a spelling slip (see the module docstring)
FUZZY_GROUPS = {"people", "roles", "side_words", "capitals", "relays", "verify_words", "negated_verify_words",
                "independent", "checkable", "counts", "not_independent"}


@dataclass(frozen=True)
class Match:
    """Tokens ``start`` to ``end`` (exclusive) match ``phrase`` of the list ``group`` (``key`` names the entry)."""

    group: str
    key: str
    phrase: tuple[str, ...]
    start: int
    end: int


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A concept phrase as the tokenizer would cut it ("commander-in-chief" -> commander, in, chief)."""
    words = []
    for part in str(phrase).lower().replace("’", "'").split():
        words += [piece for piece in part.split("-") if piece] or [part]
    return tuple(words)


@lru_cache(maxsize=100_000)
def close(token: str, word: str) -> bool:
    """Does the learner's ``token`` spell ``word`` (exactly, without its apostrophe, or one slip off)?"""
    if token == word:
        return True
    plain_t, plain_w = token.replace("'", ""), word.replace("'", "")
    if plain_t == plain_w:
        return True
    if len(plain_w) < 6 or not plain_t.isalpha() or abs(len(plain_t) - len(plain_w)) > 2:
        return False
    limit = 2 if len(plain_w) >= 9 else 1
    return _distance(plain_t, plain_w, limit) <= limit


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters counts as one), stopping past ``limit``."""
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class Lexicon:
    """Named lists of phrases (a group may hold several keyed lists, like the sides or the counts)."""

    def __init__(self, concepts: dict[str, Any]):
        self.concepts = concepts
        self.groups: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for group, value in concepts.items():
            if isinstance(value, list):
                self.groups[group] = [(group, phrase_words(p)) for p in value]
            elif isinstance(value, dict) and all(isinstance(v, list) for v in value.values()):
                self.groups[group] = [(key, phrase_words(p)) for key, items in value.items() for p in items]
        sides = concepts.get("sides", {})
        self.groups["side_words"] = [(side, phrase_words(p)) for side, spec in sides.items()
                                     for p in spec.get("words", [])]
        self.groups["capitals"] = [(side, phrase_words(p)) for side, spec in sides.items()
                                   for p in spec.get("capitals", [])]
        self.groups["people"] = [(person, phrase_words(name)) for person, spec in concepts.get("people", {}).items()
                                 for name in spec.get("names", [])]
        for phrases in self.groups.values():  # longest phrases first, so "ministry of defence" beats "defence"
            phrases.sort(key=lambda item: -len(item[1]))
        self.vocabulary = {w for phrases in self.groups.values() for _key, words in phrases for w in words}

    def spelt(self, token: str, word: str, group: str) -> bool:
        """Does ``token`` spell ``word`` of ``group`` (a slip allowed only where the group allows it)?"""
        if token == word or token.replace("'", "") == word.replace("'", ""):
            return True
        if token.endswith(("'s", "s'")) and token[:-2 if token.endswith("'s") else -1] == word:
            return True  # "the commission's count": the word with its possessive
        if group not in FUZZY_GROUPS or token in self.vocabulary:
            return False
        return close(token, word)

    def add(self, group: str, phrases: Iterable[str], key: str | None = None) -> None:
        """Add a question's own words as a group (e.g. a ``words`` part's list)."""
        self.groups.setdefault(group, []).extend((key or group, phrase_words(p)) for p in phrases)
        self.groups[group].sort(key=lambda item: -len(item[1]))

    def match_at(self, tokens: list[Token], i: int, group: str) -> Match | None:
        """The longest phrase of ``group`` that starts at token ``i``, or None."""
        for key, words in self.groups.get(group, []):
            if i + len(words) > len(tokens):
                continue
            if all(tokens[i + k].kind != "punct" or tokens[i + k].text == w for k, w in enumerate(words)) and \
                    all(self.spelt(tokens[i + k].text, w, group) if tokens[i + k].kind == "word"
                        else tokens[i + k].text == w for k, w in enumerate(words)):
                return Match(group, key, words, i, i + len(words))
        return None

    def find(self, tokens: list[Token], group: str) -> list[Match]:
        """Every match of ``group`` in ``tokens``, longest first at each place, not overlapping."""
        found, i = [], 0
        while i < len(tokens):
            match = self.match_at(tokens, i, group)
            if match:
                found.append(match)
                i = match.end
            else:
                i += 1
        return found

    def has(self, token: Token, group: str) -> str | None:
        """The key of the one-word phrase of ``group`` that ``token`` is, or None."""
        if token.kind != "word":
            return None
        for key, words in self.groups.get(group, []):
            if len(words) == 1 and self.spelt(token.text, words[0], group):
                return key
        return None
