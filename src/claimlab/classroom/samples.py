"""Made-up learners' answers files, to try the class results notebook before a class.
"""
from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from claimlab.core import rubric
from claimlab.core import store as answer_store
from claimlab.core.dataset import Dataset, load

SAMPLE_NOTE = "Generated sample answers for trying out the class results notebook; not a real learner."
SAMPLE_TIME = "2000-01-01T00:00:00+00:00"  # clearly not a real session


def _sample_learner(ds: Dataset, rng: random.Random, skill: float) -> dict[str, Any]:
    """A made-up learner: rates some claims, usually the key's answer, sometimes a near miss or another option."""
    claim_ids = list(ds.key.index)
    count = max(1, round(len(claim_ids) * rng.uniform(0.3, 0.9)))
    chosen = sorted(rng.sample(claim_ids, count), key=claim_ids.index)
    ratings = {}
    for claim_id in chosen:
        row = ds.key.loc[claim_id]
        answers: dict[str, Any] = {}
        for dim in ds.dimensions():
            options = [str(o["id"]) for o in dim["options"]]
            expected, accepted = str(row[dim["id"]]), rubric.accepted(row, dim["id"])
            roll = rng.random()
            if roll < 0.05:
                answers[dim["id"]] = None
            elif roll < 0.05 + skill:
                answers[dim["id"]] = expected
            elif accepted and rng.random() < 0.6:
                answers[dim["id"]] = rng.choice(accepted)
            else:
                answers[dim["id"]] = rng.choice([o for o in options if o != expected])
        verdicts = rubric.judge(claim_id, answers, ds).verdicts()
        ratings[claim_id] = {"answers": answers, "verdicts": verdicts, "checked_at": SAMPLE_TIME}
    return {"format": answer_store.FORMAT, "version": answer_store.VERSION,
            "article": str(ds.article.meta.get("title", "")), "created": SAMPLE_TIME, "updated": SAMPLE_TIME,
            "exported": SAMPLE_TIME, "sample": SAMPLE_NOTE, "ratings": ratings, "exercises": {}, "notes": {}}


def write_sample_answers(folder: str | os.PathLike, ds: Dataset | None = None, learners: int = 12,
                         seed: int = 8, broken: bool = True) -> list[Path]:
    """Write ``learners`` made-up answers files (``sample_learner_01.json`` ...) to ``folder``.

    With ``broken=True`` it also writes files the class results must list and skip: one cut
    short, one that is not a Claim Lab file, one from a newer version, one about another
    article, an exact copy, and one whose ratings are not a table; plus one usable file that
    also rates a claim id this article does not have. Deterministic for a given seed and data.
    """
    ds = ds or load()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written: list[Path] = []

    def write(name: str, content: str) -> Path:
        path = folder / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
        return path

    def dump(data: Any) -> str:
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    files = []
    for number in range(1, learners + 1):
        data = _sample_learner(ds, rng, skill=rng.uniform(0.45, 0.85))
        files.append(data)
        write(f"sample_learner_{number:02d}.json", dump(data))
    if broken and files:
        first = dump(files[0])
        write("broken_cut_short.json", first[: len(first) // 2])
        write("not_claimlab.json", dump({"shopping": ["bread", "milk"]}))
        write("newer_version.json", dump(dict(files[0], version=answer_store.VERSION + 1)))
        write("another_article.json", dump(dict(files[0], article="A different article (sample)")))
        write("copy_of_sample_learner_01.json", first)
        write("ratings_not_a_table.json", dump(dict(files[0], ratings=["CL01", "CL02"])))
        extra = _sample_learner(ds, rng, skill=rng.uniform(0.45, 0.85))
        extra["ratings"]["OTHER01"] = {"answers": {"who": "no_one_named"}, "verdicts": {}, "checked_at": SAMPLE_TIME}
        write("sample_learner_with_unknown_claim.json", dump(extra))
    return written
