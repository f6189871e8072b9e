"""What the lessons of a new article's module are made of: its claims, their roles and their words, from data.

Everything here is read from the module's data; nothing is typed. :class:`Facts` answers the questions the
lesson writer (:mod:`.lessons`) asks: which claim is the worked example, which claims a learner rates where
(each claim rated at most once in the series, and the worked example, whose key is shown in full, never),
the article's counts and the reference rows of each, and short phrases in the article's own words.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

import pandas as pd

from claimlab.core import text as textmod
from claimlab.core.dataset import OTHER_SIDES, Dataset

CAVEAT_RE = re.compile(r"could not (?:be )?(?:independently )?(?:verif|confirm)|independently verif|unverified|"
                       r"not (?:be )?(?:independently )?(?:verified|confirmed)|no way to (?:verify|confirm)", re.I)
FLOOR = ("more_than", "at_least")
CEILING = ("up_to", "at_most", "nearly")
INDEPENDENT = ("international_org", "independent_analyst")  # claimant_affiliation values outside the fighting
TEXT_RELATIONS = ("origin", "upstream", "other_claim", "check", "series", "context", "mirror")


def plain(value: Any) -> str:
    """Article or data text put into prose: braces cannot be read as placeholders."""
    return str(value).replace("{", "(").replace("}", ")")


class Facts:
    """One module's data, seen as the lessons need it."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.claims, self.key, self.links = ds.claims, ds.key, ds.links
        self.sides = [str(s) for s in ds.sides()]
        self.rated: dict[str, str] = {}  # claim -> where a learner rates it
        self.roles = self._roles()

    # ------------------------------------------------------------------ simple questions
    def side(self, cid: str) -> str:
        return str(self.claims.loc[cid, "claimant_side"])

    def sided(self) -> list[str]:
        return [c for c in self.claims.index if self.side(c) in self.sides]

    def kind(self, cid: str) -> str:
        return str(self.key.loc[cid, "kind"]) if cid in self.key.index else ""

    def kind_words(self, cid: str) -> str:
        label = str(self.ds.rubric.get("kinds", {}).get(self.kind(cid), self.kind(cid).replace("_", " ")))
        return label[:1].lower() + label[1:]

    def valued(self) -> list[str]:
        return list(self.claims.index[self.claims["value"].notna()])

    def counts(self) -> list[str]:
        """The article's counts: of the dead, wounded or lost, else a party's own tallies with a number."""
        casualty = list(self.claims.index[self.claims["is_casualty_or_loss_count"].fillna(False).astype(bool)])
        tallies = [c for c in self.valued() if self.kind(c) == "belligerent_tally" and c not in casualty]
        return casualty + tallies

    def casualty(self) -> bool:
        return bool(self.claims["is_casualty_or_loss_count"].fillna(False).astype(bool).any())

    def teachable(self, fid: str) -> bool:
        return fid in self.ds.figures.index and bool(self.ds.figures.loc[fid, "teachable"])

    def linked(self, cid: str, relations: tuple[str, ...] = TEXT_RELATIONS) -> pd.DataFrame:
        links = self.links[(self.links["claim_id"] == cid) & self.links["relation"].isin(relations)]
        return links.loc[links["figure_id"].map(self.teachable).astype(bool)]

    def evidence(self, cid: str) -> int:
        """Reference rows beyond the article's own text linked to a claim."""
        return len(self.linked(cid, tuple(r for r in TEXT_RELATIONS if r != "origin")))

    def paragraph(self, cid: str) -> int:
        return int(self.claims.loc[cid, "paragraph"])

    def paragraphs(self) -> OrderedDict[int, list[str]]:
        found: OrderedDict[int, list[str]] = OrderedDict()
        for cid in sorted(self.claims.index, key=lambda c: (self.paragraph(c), c)):
            found.setdefault(self.paragraph(cid), []).append(cid)
        return found

    def quote(self, cid: str) -> str:
        """The claim's words, in italics, in quotation marks unless they hold quotation marks of their own."""
        words = plain(str(self.claims.loc[cid, "quote"]).strip())
        words = words[:-1] if words.endswith(".") else words
        return f"*{words}*" if any(m in words for m in "“”\"") else f"*“{words}”*"

    def printed(self, cid: str) -> str:
        """The claim's number as the article prints it, in the article's words where they are in the quote."""
        row = self.claims.loc[cid]
        printed = "" if pd.isna(row.get("number_as_printed")) else str(row["number_as_printed"])
        return plain(printed) if printed else plain(textmod.claim_phrase(row))

    def caveat_in_text(self, cid: str) -> bool:
        return bool(CAVEAT_RE.search(self.ds.article.paragraphs.get(self.paragraph(cid), "")))

    def qualifier(self, cid: str) -> str:
        value = self.claims.loc[cid, "qualifier"]
        return "" if pd.isna(value) else str(value)

    def framing(self, cid: str) -> str:
        return str(self.key.loc[cid, "framing"]) if cid in self.key.index and "framing" in self.key.columns else ""

    def needs_caveat(self, cid: str) -> bool:
        return cid in self.key.index and str(self.key.loc[cid, "hedge"]) == "yes"

    def origin_rows(self) -> list[str]:
        rows = self.links.loc[self.links["relation"] == "origin", "figure_id"]
        return [f for f in dict.fromkeys(rows) if self.teachable(f)]

    def title(self) -> str:
        title = str(self.ds.package.get("title", "")).removeprefix("Claim Lab: ").strip()
        return title or str(self.ds.article.meta.get("title", ""))

    def affiliation_side(self, fid: str) -> str | None:
        """The side whose government a reference row comes from, or None (an outlet, a monitor ...)."""
        affiliation = str(self.ds.figures.loc[fid, "claimant_affiliation"])
        for side in self.sides:
            if affiliation == re.sub(r"\W+", "_", side.strip().lower()) + "_government":
                return side
        return None

    # ------------------------------------------------------------------ roles: who is rated where
    def _pair_partner(self, cid: str, pool: list[str]) -> str | None:
        return next((c for c in pool if c != cid and self.kind(c) == self.kind(cid) and self.kind(c)
                     and self.side(c) != self.side(cid)), None)

    def _roles(self) -> dict[str, Any]:
        sided, used = self.sided(), set()
        counts = self.counts()
        pool = [c for c in counts if c in sided]
        pairs = [(a, b) for a in pool for b in pool if pool.index(a) < pool.index(b) and self._pair_partner(a, [b])]
        # the pair with the most evidence on its weaker claim: a learner compares what others reported for both
        loss = max(pairs, key=lambda ab: min(self.evidence(ab[0]), self.evidence(ab[1])), default=None)
        if loss is None:
            lone = [c for c in counts if c in self.key.index]
            loss = (lone[0], None) if lone else (None, None)
        used.update(c for c in loss if c)

        def richest(ids: list[str]) -> list[str]:
            return sorted(ids, key=lambda c: -self.evidence(c))  # stable: the article's order on ties

        free = [c for c in richest(sided) if c not in used and c in self.key.index]
        worked = next((c for c in free if self._pair_partner(c, sided)), None) or (free[0] if free else None)
        if worked is None:
            rest = [c for c in self.key.index if c not in used]
            worked = rest[0] if rest else next(iter(self.key.index), None)
        used.add(worked)

        def take(candidates: list[str]) -> str | None:
            found = next((c for c in candidates if c not in used and c in self.key.index), None)
            if found:
                used.add(found)
            return found

        turn = take([c for c in sided if self.kind(c) == self.kind(worked) and self.side(c) != self.side(worked)]
                    + [c for c in richest(sided) if self.side(c) != self.side(worked)] + richest(sided))
        well = take([c for c in self.key.index if str(self.key.loc[c, "credibility"]) in ("1", "2")])
        lateral = take([c for c in richest(list(self.key.index)) if self.evidence(c) >= 1])
        figure = take([c for c in richest(self.valued()) if c not in counts] + richest(self.valued()))
        first = take([c for c in sided if str(self.claims.loc[c, "attribution"]) == "direct_quote"] + sided)
        second = take([c for c in sided if first and self.side(c) != self.side(first)])
        roles = {"worked": worked, "turn": turn, "well": well, "lateral": lateral, "figure": figure,
                 "try": [c for c in (first, second) if c], "loss": loss}
        for where, ids in (("02", [turn, well, lateral]), ("03", [figure]), ("04", list(loss)),
                           ("01", roles["try"])):
            for c in ids:
                if c:
                    self.rated[c] = where
        return roles

    # ------------------------------------------------------------------ reference rows of a count
    def dated(self, fids: list[str]) -> list[str]:
        rows = [f for f in fids if self.teachable(f) and not pd.isna(self.ds.figures.loc[f, "value"])]
        return sorted(rows, key=lambda f: (pd.Timestamp(self.ds.figures.loc[f, "date"]) if not
                                           pd.isna(self.ds.figures.loc[f, "date"]) else pd.Timestamp.max, f))

    def measure(self, fid: str) -> str:
        value = self.ds.figures.loc[fid, "measure"] if "measure" in self.ds.figures.columns else None
        return "" if value is None or pd.isna(value) else str(value)

    def series_of(self, cid: str) -> list[list[str]]:
        """The reference rows linked to a claim, grouped by what they count, each group in date order."""
        groups: OrderedDict[str, list[str]] = OrderedDict()
        for fid in self.linked(cid, ("upstream", "other_claim", "check", "series"))["figure_id"]:
            groups.setdefault(self.measure(fid), []).append(fid)
        return [self.dated(ids) for ids in groups.values() if self.dated(ids)]

    def untold(self) -> list[list[str]]:
        """Counts the reference rows make of the article's count topics that no claim of the article prints.

        Grouped by what they count (``measure``), each in date order: e.g. the wounded, when the article
        prints only the dead."""
        counts = self.counts()
        topics = {str(self.claims.loc[c, "topic"]) for c in counts}
        printed = {self.measure(f) for c in counts for f in self.linked(c)["figure_id"]}
        figures = self.ds.figures
        groups: OrderedDict[str, list[str]] = OrderedDict()
        for fid in figures.index:
            measure = self.measure(fid)
            if str(figures.loc[fid, "topic"]) in topics and measure and measure not in printed \
                    and measure != "no_figure":
                groups.setdefault(measure, []).append(fid)
        return [self.dated(ids) for ids in groups.values() if len(self.dated(ids)) >= 1]

    def outside(self, fids: list[str], cid: str) -> list[str]:
        """Rows not from the claim's own side's government (other side, outlets, monitors)."""
        own = self.side(cid)
        return [f for f in fids if self.affiliation_side(f) != own]

    def independent(self, fids: list[str]) -> list[str]:
        """Rows from a counter outside the fighting: an international body or an independent analyst."""
        return [f for f in fids if str(self.ds.figures.loc[f, "claimant_affiliation"]) in INDEPENDENT]

    def other_side_names(self) -> list[str]:
        return [s for s in self.sides if s not in OTHER_SIDES]
