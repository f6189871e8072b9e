"""Made-up learners' answers files, to try the class results notebook before a class.

Each made-up learner rates some claims, takes both trust checks (when the module has a passage bank) and
checks some exercise questions, so every view of ``instructors/class_results.ipynb`` has something to show;
every file says ``"sample"`` in it, and the class views say so, so made-up learners are never taken for a class.
"""
from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from claimlab.core import bank, rubric
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
    notes, attempts = _learning(ds, rng, gain=rng.uniform(0.0, 2.0) * skill / 0.65)
    return {"format": answer_store.FORMAT, "version": answer_store.VERSION,
            "article": str(ds.article.meta.get("title", "")), "created": SAMPLE_TIME, "updated": SAMPLE_TIME,
            "exported": SAMPLE_TIME, "sample": SAMPLE_NOTE, "ratings": ratings, "exercises": {},
            "attempts": attempts, "notes": notes}


def _learning(ds: Dataset, rng: random.Random, gain: float) -> tuple[dict[str, Any], dict[str, Any]]:
    """A made-up learner's two trust checks (if the module has both forms) and some exercise attempts."""
    from claimlab.core import practice
    from claimlab.core.questions import common
    seed = f"{rng.getrandbits(32):08x}"
    notes: dict[str, Any] = {bank.SEED_NOTE: seed}
    if all(bank.used_in(ds, form) for form in bank.FORMS):
        base = rng.uniform(2.5, 3.8)
        for stage, gap, shift in (("pre", rng.uniform(-0.3, 0.8), 0.0), ("post", gain, rng.uniform(-0.6, 0.2))):
            ratings = {}
            for pid in bank.form_items(ds, stage, seed):
                well = bank.passage(ds, pid)["well_sourced"] == "yes"
                value = base + shift + (gap / 2 if well else -gap / 2) + rng.gauss(0, 0.7)
                ratings[pid] = int(min(5, max(1, round(value))))
            notes[f"trust_{stage}"] = {"form": bank.forms_for(seed)[stage], "seed": seed, "ratings": ratings}
    questions = list(common.questions(ds))[:6]
    questions += [q for pid in bank.used_in(ds, "practice")[:2] for q in practice.question_ids(ds, pid)[:1]]
    attempts = {}
    for qid in questions:
        if rng.random() < 0.8:
            first = "correct" if rng.random() < 0.5 + gain / 8 else rng.choice(["partial", "incorrect"])
            tries = 1 if first == "correct" else rng.randint(2, 4)
            shot = {"answer": None, "status": first, "checked_at": SAMPLE_TIME}
            attempts[qid] = {"first": shot, "tries": tries, "last": dict(shot, status="correct")}
            if first != "correct" and rng.random() < 0.2:
                attempts[qid]["revealed"] = True
    return notes, attempts


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
