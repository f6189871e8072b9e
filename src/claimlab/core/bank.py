"""The passage bank (data/bank.csv): fresh real passages for practice and for the pre/post measure.

* :func:`passages` reads the bank (validated with the rest of data/ by ``python -m claimlab validate``);
* :func:`learner_seed` gives each learner a stable random seed, kept in their answers file, so a learner
  always gets the same draw and a class does not all see the same items;
* :func:`forms_for` counterbalances the two parallel trust forms (``form_a``/``form_b``): half the
  learners take A before the lessons and B after, the other half the reverse;
* :func:`trust_scores` scores one form: **discernment** (mean trust in well-sourced passages minus mean
  trust in poorly sourced ones, plus a d′ from "trusted" = rating at or above the midpoint+1) separately
  from **trust level** (mean trust over all passages; lower means more sceptical overall).

The scoring is hand-written (a few means) because the libraries that compute d′ (e.g. psychopy) are far
too heavy for a runtime that may only depend on pandas, plotly, ipywidgets, pyyaml and filelock.
"""
from __future__ import annotations

import hashlib
import math
import random
import secrets
from typing import Any

import pandas as pd

from claimlab.core.dataset import Dataset, read_table

BANK_FILE = "data/bank.csv"
FORMS = ("form_a", "form_b")
STAGES = ("pre", "post")
TRUST_SCALE = (1, 2, 3, 4, 5)  # 1 = not at all, 5 = completely
TRUSTED_FROM = 4  # a rating of 4 or 5 counts as "would trust it" for d′
SEED_NOTE = "learner_seed"

_CACHE: dict[int, pd.DataFrame] = {}


def passages(ds: Dataset) -> pd.DataFrame:
    """The bank as a table indexed by passage_id (empty if this data folder has no bank)."""
    key = id(ds)
    if key not in _CACHE:
        resource = next((r for r in ds.package.get("resources", []) if r.get("name") == "bank"), None)
        if resource is None:
            frame = pd.DataFrame(columns=["passage_id", "passage", "well_sourced", "used_in"])
        else:
            frame = read_table(ds.data_dir, resource)
        _CACHE.clear()
        _CACHE[key] = frame.set_index("passage_id", drop=False)
    return _CACHE[key]


def passage(ds: Dataset, passage_id: str) -> pd.Series:
    """One passage's row; KeyError if there is none."""
    return passages(ds).loc[str(passage_id)]


def used_in(ds: Dataset, where: str) -> list[str]:
    """Passage ids used in one place (form_a, form_b, practice, rewrite, mislead), in file order."""
    table = passages(ds)
    return [str(i) for i in table.index[table["used_in"] == where]]


# --------------------------------------------------------------------------- per-learner draws
def learner_seed(answers: Any) -> str:
    """This learner's seed: made once at random and kept in the answers file (note ``learner_seed``)."""
    try:
        seed = answers.note(SEED_NOTE)
        if isinstance(seed, str) and seed:
            return seed
        seed = secrets.token_hex(4)
        answers.save_note(SEED_NOTE, seed)
        return seed
    except Exception:
        return "fallback"


def _number(seed: str, salt: str) -> int:
    return int(hashlib.sha256(f"{seed}|{salt}".encode()).hexdigest()[:12], 16)


def forms_for(seed: str) -> dict[str, str]:
    """{"pre": form, "post": the other form}, counterbalanced by the learner's seed."""
    first = FORMS[_number(seed, "forms") % 2]
    return {"pre": first, "post": FORMS[1 - FORMS.index(first)]}


def form_items(ds: Dataset, stage: str, seed: str) -> list[str]:
    """The passages of this learner's pre- or post-test form, in this learner's order."""
    ids = used_in(ds, forms_for(seed)[stage])
    random.Random(_number(seed, stage)).shuffle(ids)
    return ids


def practice_draw(ds: Dataset, seed: str, n: int) -> list[str]:
    """``n`` practice passages for this learner: alternately well and poorly sourced, reproducible."""
    table = passages(ds)
    pool = table[table["used_in"] == "practice"]
    rng = random.Random(_number(seed, "practice"))
    groups = [list(pool.index[pool["well_sourced"] == v]) for v in ("yes", "no")]
    for group in groups:
        rng.shuffle(group)
    if rng.random() < 0.5:
        groups.reverse()
    drawn: list[str] = []
    while len(drawn) < n and any(groups):
        for group in groups:
            if group and len(drawn) < n:
                drawn.append(str(group.pop()))
    return drawn


# --------------------------------------------------------------------------- scoring
def rating_value(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and TRUST_SCALE[0] <= number <= TRUST_SCALE[-1] else None


def _z(rate: float) -> float:
    """The inverse of the standard normal distribution (from the standard library)."""
    from statistics import NormalDist  # imported here: drawing passages, the common case, needs none of it

    return NormalDist().inv_cdf(rate)


def trust_scores(ratings: dict[str, Any], ds: Dataset) -> dict[str, Any]:
    """Score one set of trust ratings {passage_id: 1..5}.

    Returns ``discernment`` (mean trust in well-sourced minus poorly sourced passages, on the 1–5 scale,
    so between -4 and 4), ``trust_level`` (mean trust over all rated passages; lower = more sceptical),
    ``well``/``poor`` (the two means), ``d_prime`` (sensitivity, with the log-linear correction of
    Hautus 1995) and ``criterion`` (c; above 0 = slow to trust anything, Stanislaw & Todorov 1999),
    ``n_well``/``n_poor``. Scores are None when a side has no rating.
    """
    table = passages(ds)
    well, poor = [], []
    for pid, value in (ratings or {}).items():
        rating = rating_value(value)
        if rating is None or str(pid) not in table.index:
            continue
        (well if table.loc[str(pid), "well_sourced"] == "yes" else poor).append(rating)
    out: dict[str, Any] = {"n_well": len(well), "n_poor": len(poor), "well": None, "poor": None,
                           "discernment": None, "trust_level": None, "d_prime": None, "criterion": None}
    if well:
        out["well"] = sum(well) / len(well)
    if poor:
        out["poor"] = sum(poor) / len(poor)
    if well or poor:
        out["trust_level"] = (sum(well) + sum(poor)) / (len(well) + len(poor))
    if well and poor:
        out["discernment"] = out["well"] - out["poor"]
        hits = (sum(r >= TRUSTED_FROM for r in well) + 0.5) / (len(well) + 1)
        false_alarms = (sum(r >= TRUSTED_FROM for r in poor) + 0.5) / (len(poor) + 1)
        out["d_prime"] = _z(hits) - _z(false_alarms)
        out["criterion"] = -0.5 * (_z(hits) + _z(false_alarms))  # above 0: slow to trust anything
    return out


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f}".replace("+0.0", "0.0").replace("-0.0", "0.0")


def change_in_words(pre: dict[str, Any], post: dict[str, Any], ds: Dataset | None = None) -> list[str]:
    """A learner's change from pre to post, in plain sentences (no verdict on trust alone).

    The sentences are in data/interface.yaml (``trust.change_*``).
    """
    from claimlab.core.words import word

    if pre.get("discernment") is None or post.get("discernment") is None:
        return [word("trust.change_incomplete", ds)]
    gap_pre, gap_post = pre["discernment"], post["discernment"]
    lines = [word("trust.change_gap", ds, before=_fmt(gap_pre), after=_fmt(gap_post))]
    delta = gap_post - gap_pre
    lines.append(word("trust.change_better" if delta >= 0.5 else "trust.change_smaller" if delta <= -0.5
                      else "trust.change_same", ds))
    level_delta = post["trust_level"] - pre["trust_level"]
    if level_delta <= -0.5:
        lines.append(word("trust.change_down_all" if delta < 0.5 else "trust.change_down", ds))
    elif level_delta >= 0.5:
        lines.append(word("trust.change_up", ds))
    lines.append(word("trust.change_size", ds, size=pre.get("n_well", 0) + pre.get("n_poor", 0)))
    return lines
