"""How well the judge of written answers agrees with an expert, measured like a classifier.

    .venv/bin/python benchmarks/judge_benchmark.py                       # both halves of the corpus
    .venv/bin/python benchmarks/judge_benchmark.py benchmarks/corpus/dev.yaml --show   # and every disagreement
    .venv/bin/python benchmarks/judge_benchmark.py YOUR_CORPUS.yaml      # any corpus in the same format

Each answer of a corpus (benchmarks/corpus/*.yaml: question, answer, the expert's verdict ``right`` or
``wrong`` and the expert's reading part by part) is checked exactly as a learner's is, with
:func:`claimlab.core.exercises.check`, and its status compared with the expert:

* agreement: the judge says right and the expert right, or the judge says not right (partly right, not
  quite) and the expert wrong. "I can't tell" (status ``unsure``) is never agreement;
* false accept: the judge says right, the expert wrong (the worst outcome);
* false reject: the judge says not right, the expert right;
* unsure: the judge says it cannot tell (a learner gets the expert's answer and a checklist).

Rates are of all answers. The held-out half (``split: heldout``) was written by someone else and is only
scored: ``--show`` refuses to list its answers, so tuning never reads it. Nothing here is asserted; the
figures are recorded in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (ROOT / "benchmarks" / "corpus" / "dev.yaml", ROOT / "benchmarks" / "corpus" / "heldout.yaml")
ANSWERED_NOT_RIGHT = ("partial", "incorrect")


def score(path: Path, show: bool = False) -> dict:
    from claimlab.core import exercises
    from claimlab.core.dataset import load

    ds = load(ROOT)
    corpus = yaml.safe_load(path.read_text(encoding="utf-8"))
    split = corpus.get("split", path.stem)
    if show and split == "heldout":
        sys.exit("The held-out half is only scored, never shown: tuning must not read it.")
    table: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    shown = []
    for item in corpus["answers"]:
        feedback = exercises.check(item["question"], item["answer"], ds=ds, save=False)
        expert = item["expert"]
        if feedback.status == "correct":
            outcome = "agree" if expert == "right" else "false_accept"
        elif feedback.status == "unsure":
            outcome = "unsure"
        elif feedback.status in ANSWERED_NOT_RIGHT:
            outcome = "agree" if expert == "wrong" else "false_reject"
        else:
            outcome = "unread"
        for key in (item["question"], "all"):
            table[key][outcome] += 1
            table[key]["n"] += 1
        if show and outcome != "agree":
            shown.append(f"{item['id']} {item['question']} expert={expert} judge={feedback.status}\n"
                         f"    {item['answer']}\n    " + "\n    ".join(feedback.lines[:4]))
    if shown:
        print("\n".join(shown))
    return {"split": split, "path": str(path), "table": table}


def report(result: dict) -> str:
    rows = [f"{result['split']} ({Path(result['path']).name})",
            "| Question | Answers | Agreement | False accepts | False rejects | Unsure |",
            "|---|---:|---:|---:|---:|---:|"]
    for key in sorted(result["table"], key=lambda k: (k == "all", k)):
        c = result["table"][key]
        n = c["n"]
        pct = lambda v, n=n: f"{v} ({100 * v / n:.1f} %)"  # noqa: E731
        rows.append(f"| {'**all**' if key == 'all' else key} | {n} | {pct(c['agree'])} | {pct(c['false_accept'])} "
                    f"| {pct(c['false_reject'])} | {pct(c['unsure'])} |")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path, help="corpus files (default: the dev and held-out halves)")
    parser.add_argument("--show", action="store_true", help="list every disagreement (not for the held-out half)")
    args = parser.parse_args(argv)
    import os
    os.environ.setdefault("CLAIMLAB_ANSWERS", str(Path(tempfile.mkdtemp()) / "answers.json"))
    for path in args.corpora or [p for p in CORPORA if p.exists()]:
        print(report(score(path, args.show)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
