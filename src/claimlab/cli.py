"""Command line: ``python -m claimlab <command>`` (or ``claimlab <command>``).

Commands:
  validate            check every file in data/ and list any problems
  exercises [--check DIR]  regenerate exercises/ from solutions/ (claimlab.build_exercises)
  execute [PATHS]     re-run notebooks in place so stored outputs match the data (claimlab.execute)
  html [--out DIR]    build static HTML pages of every notebook (claimlab.static)
  new-article DIR     start a new article module from a template (claimlab.newarticle)
  dictionary          print the data dictionary as Markdown (claimlab.dictionary)
  key-guide [ROOT]    print the expert key explained claim by claim, as Markdown (claimlab.keyguide)
  sample-answers DIR  write made-up learners' answers files to try the class results on (claimlab.classroom)
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

COMMANDS = {
    "validate": ("claimlab.cli", "cmd_validate", "check every file in data/ and list any problems"),
    "exercises": ("claimlab.build_exercises", "main", "regenerate exercises/ from solutions/"),
    "execute": ("claimlab.execute", "main", "re-run notebooks in place to refresh stored outputs"),
    "html": ("claimlab.static", "main", "build static HTML pages of every notebook"),
    "new-article": ("claimlab.newarticle", "main", "start a module for another article"),
    "dictionary": ("claimlab.dictionary", "main", "print the data dictionary as Markdown"),
    "key-guide": ("claimlab.keyguide", "main", "print the expert key explained claim by claim"),
    "sample-answers": ("claimlab.classroom", "main_sample", "write made-up answers files for the class results"),
}


def root_or_none() -> Path | None:
    """The Claim Lab folder, or None after printing (in plain words) why it was not found."""
    from .data import DataError, find_root
    try:
        return find_root()
    except DataError as exc:
        print(exc, file=sys.stderr)
        return None


def cmd_validate(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="claimlab validate", description="Check every file in data/.")
    parser.add_argument("root", nargs="?", help="the Claim Lab folder (default: found from here)")
    args = parser.parse_args(argv)
    from .data import DataError, load
    try:
        ds = load(args.root, revalidate=True)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"OK: {len(ds.claims)} claims, {len(ds.figures)} reference figures, "
          f"{len(ds.key)} key rows, {len(ds.exercises.get('questions', {}))} exercise questions in {ds.root / 'data'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module, func, _ = COMMANDS[argv[0]]
    return int(getattr(importlib.import_module(module), func)(argv[1:]) or 0)
