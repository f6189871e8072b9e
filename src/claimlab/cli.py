"""Command line: ``python -m claimlab <command>`` (or ``claimlab <command>``).

Every command-line parser lives here; each command calls one function of the package.

Commands:
  validate            check every file in data/, list any problems, and record data/manifest.json
  exercises [--check DIR]  regenerate exercises/ from solutions/ (claimlab.authoring.build_exercises)
  execute [PATHS]     re-run notebooks in place so stored outputs match the data (claimlab.authoring.execute)
  html [--out DIR]    build static HTML pages of every notebook (claimlab.authoring.static)
  lite [--out DIR]    build the JupyterLite edition: the whole module in the browser (claimlab.authoring.lite)
  new-article DIR     start a new article module from a template (claimlab.authoring.newarticle)
  dictionary          print the data dictionary as Markdown (claimlab.authoring.dictionary)
  key-guide [ROOT]    print the expert key explained claim by claim, as Markdown (claimlab.authoring.keyguide)
  map                 print the map of the package's modules, as Markdown (claimlab.authoring.modulemap)
  sample-answers DIR  write made-up learners' answers files to try the class results on (claimlab.classroom)
  hub warm ...        start a class's hub servers and warm a kernel before the lesson (claimlab.classroom.hub)
  hub handin FOLDER   check a hub's class hand-in folder and list who handed in (claimlab.classroom.handin)
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from claimlab.core.dataset import find_root
from claimlab.core.problems import DataError


def _doc(module: str) -> str:
    return importlib.import_module(module).__doc__ or ""


def root_or_none() -> Path | None:
    """The Claim Lab folder, or None after printing (in plain words) why it was not found."""
    try:
        return find_root()
    except DataError as exc:
        print(exc, file=sys.stderr)
        return None


def cmd_validate(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="claimlab validate",
                                     description="Check every file in data/ and record data/manifest.json.")
    parser.add_argument("root", nargs="?", help="the Claim Lab folder (default: found from here)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if data/manifest.json does not record the data as it is")
    args = parser.parse_args(argv)
    from claimlab.validate import validate_and_record
    try:
        ds = validate_and_record(args.root, write=not args.check)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"OK: {len(ds.claims)} claims, {len(ds.figures)} reference figures, "
          f"{len(ds.key)} key rows, {len(ds.exercises.get('questions', {}))} exercise questions in {ds.root / 'data'}; "
          "data/manifest.json records this content as validated")
    return 0


def cmd_exercises(argv: list[str] | None = None) -> int:
    """Command line entry point (``python -m claimlab exercises``). Returns the exit status."""
    import nbformat

    from claimlab.authoring.build_exercises import SolutionCellError, build, compare_built
    parser = argparse.ArgumentParser(prog="claimlab exercises", description=_doc("claimlab.authoring.build_exercises"),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--solutions", metavar="DIR", help="where the solution notebooks are (default: solutions/)")
    parser.add_argument("--out", metavar="DIR", help="write the learner notebooks here (default: exercises/)")
    parser.add_argument("--check", metavar="DIR", nargs="?", const="", default=None,
                        help="write nothing; exit 1 if DIR (default: exercises/) is not what solutions/ generates")
    args = parser.parse_args(argv)
    root = root_or_none()
    if root is None:
        return 2
    solutions = Path(args.solutions) if args.solutions else root / "solutions"
    try:
        built = build(solutions)
    except (SolutionCellError, OSError, nbformat.ValidationError) as exc:
        print(f"Could not generate the exercises: {exc}", file=sys.stderr)
        return 1
    if not built:
        print(f"No notebooks found in {solutions}", file=sys.stderr)
        return 1
    if args.check is not None:
        folder = Path(args.check) if args.check else root / "exercises"
        differences = compare_built(built, folder)
        for line in differences:
            print(line, file=sys.stderr)
        if differences:
            print("Run `python -m claimlab exercises` to regenerate exercises/ from solutions/.", file=sys.stderr)
            return 1
        print(f"OK: {len(built)} exercise notebooks in {folder} match solutions/")
        return 0
    out = Path(args.out) if args.out else root / "exercises"
    out.mkdir(parents=True, exist_ok=True)
    for name, body in built.items():
        (out / name).write_text(body, encoding="utf-8")
        print(f"wrote {out / name}")
    for line in compare_built(built, out):  # only files with no solution can remain
        print(f"note: {line}", file=sys.stderr)
    return 0



def cmd_execute(argv: list[str] | None = None) -> int:
    from claimlab.authoring.execute import execute_notebook, find_notebooks
    parser = argparse.ArgumentParser(prog="claimlab execute", description=_doc("claimlab.authoring.execute"),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="notebooks to run (default: notebooks/ and solutions/)")
    args = parser.parse_args(argv)
    root = root_or_none()
    if root is None:
        return 2
    notebooks = find_notebooks(root, args.paths)
    failures = 0
    print("(Each notebook's kernel may warn \"Kernel is running over TCP without encryption\": it talks to "
          "this command on this computer only (127.0.0.1), so the warning can be ignored.)", flush=True)
    for path in notebooks:
        print(f"executing {path.relative_to(root) if path.is_relative_to(root) else path} ...", flush=True)
        try:
            execute_notebook(path)
        except Exception as exc:  # report and go on with the others
            failures += 1
            print(f"  FAILED: {exc.__class__.__name__}: {str(exc)[-2000:]}", file=sys.stderr)
    print(f"done: {len(notebooks) - failures} executed, {failures} failed")
    return 1 if failures else 0



def cmd_html(argv: list[str] | None = None) -> int:
    """``python -m claimlab html [--out DIR] [--cache-dir DIR] [--no-execute] [NOTEBOOK ...]``."""
    from claimlab.authoring.static import AssetError, StaticBuildError, build_site
    parser = argparse.ArgumentParser(prog="claimlab html", description=_doc("claimlab.authoring.static"),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to build (default: notebooks/, solutions/ and exercises/)")
    parser.add_argument("--out", type=Path, help="folder for the pages (default: site/ in the Claim Lab folder)")
    parser.add_argument("--cache-dir", type=Path,
                        help="where downloaded scripts are kept (default: build/static-assets/)")
    parser.add_argument("--no-execute", action="store_true",
                        help="never run a notebook: pages show only what is stored (widgets as text)")
    args = parser.parse_args(argv)
    root = root_or_none()
    if root is None:
        return 1
    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        print("Not found: " + ", ".join(missing), file=sys.stderr)
        return 1
    out = args.out or root / "site"
    try:
        pages = build_site(root, out, args.notebooks or None, args.cache_dir, execute=not args.no_execute)
    except (AssetError, StaticBuildError) as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. a read-only folder
        print(f"Could not write the pages: {exc}", file=sys.stderr)
        return 1
    print(f"built {len(pages)} page{'' if len(pages) == 1 else 's'}; open {Path(out).resolve() / 'index.html'}")
    return 0



def cmd_lite(argv: list[str] | None = None) -> int:
    """``python -m claimlab lite [--out DIR]``: build the JupyterLite site."""
    from claimlab.authoring.lite import LiteBuildError, build
    parser = argparse.ArgumentParser(prog="claimlab lite", description=_doc("claimlab.authoring.lite"),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="folder for the site (default: build/lite/ in the Claim Lab folder)")
    args = parser.parse_args(argv)
    root = root_or_none()
    if root is None:
        return 1
    out = args.out or root / "build" / "lite"
    try:
        build(root, out)
    except LiteBuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Could not write the site: {exc}", file=sys.stderr)
        return 1
    from claimlab.authoring.lite import PYODIDE_VERSION, site_size
    print(f"built the JupyterLite site in {Path(out).resolve()} ({site_size(out) / 1e6:.0f} MB, Pyodide "
          f"{PYODIDE_VERSION}, nothing loaded from elsewhere); serve that folder from any static host "
          f"(for a try: python -m http.server --bind 127.0.0.1 --directory {out}) and open it in a browser")
    return 0



def cmd_new_article(argv: list[str] | None = None) -> int:
    """``python -m claimlab new-article``: start, check or build a module for another article."""
    from claimlab.authoring.newarticle import (
        ArticleSetupError,
        add_kind,
        build,
        check,
        create,
        parse_measures,
        parse_names,
        parse_sides,
        parse_units,
        summary,
    )
    from claimlab.core.problems import DataError
    parser = argparse.ArgumentParser(
        prog="claimlab new-article", description="Build the same module around another article, by data alone.",
        epilog="Start: new-article DIR --sides \"Northland,Southland\". Then fill in DIR/data (see DIR/README.md), "
               "see what the module will contain with --check DIR, and build the notebooks with --build DIR.")
    parser.add_argument("folder", help="the new article's folder")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", "--validate", action="store_true", dest="check",
                        help="check the data in FOLDER, list every problem, and say what the module will contain")
    action.add_argument("--build", action="store_true", help="check, then write notebooks/, solutions/, "
                                                            "exercises/ and instructors/sample_answers/")
    action.add_argument("--html", action="store_true",
                        help="build the static web pages of the module in FOLDER into FOLDER/site (after --build)")
    action.add_argument("--lite", action="store_true",
                        help="build the JupyterLite site of the module in FOLDER into FOLDER/build/lite (after --build)")
    action.add_argument("--add-kind", metavar="KIND", default=None,
                        help="add a kind of claim to FOLDER in both places it must be (data/rubric.yaml and the "
                             "allowed kinds of data/key.csv); give its description with --label")
    parser.add_argument("--label", default="", help="with --add-kind: how the kind is described to learners")
    parser.add_argument("--sides", default="Side A,Side B",
                        help='the sides of the conflict, comma-separated (default: "Side A,Side B")')
    parser.add_argument("--measures", default="",
                        help="what the reference figures count, comma-separated, e.g. \"island area, people "
                             "displaced\" (no_figure is always allowed; more can be added later)")
    parser.add_argument("--topics", default="",
                        help="topics besides Claim Lab's usual ones (losses, territory, troops, ...), "
                             "comma-separated, e.g. \"sanctions, shelling\"")
    parser.add_argument("--units", default="",
                        help="units besides the usual ones (people, km2, tanks, ...), comma-separated, e.g. "
                             "\"armed clashes, drones\"")
    parser.add_argument("--title", default="", help="a short title for the module (default: the folder's name)")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    try:
        if args.add_kind:
            add_kind(folder, args.add_kind, args.label)
            print(f"Added the kind '{args.add_kind}' to {folder / 'data' / 'rubric.yaml'} and to the allowed kinds "
                  f"in {folder / 'data' / 'datapackage.json'}. Next: python -m claimlab new-article --check {folder}")
            return 0
        if args.html or args.lite:
            from claimlab.authoring.newarticle import sites
            try:
                if args.html:
                    out, pages = sites.html(folder)
                    print(f"built {pages} pages; open {out / 'index.html'} (or put {out} on any static web host)")
                else:
                    out = sites.lite(folder)
                    print(f"built the JupyterLite site in {out}; put that folder on any static web host (for a "
                          f"try: python -m http.server --bind 127.0.0.1 --directory {out})")
            except Exception as exc:  # noqa: BLE001 - the site builders say what failed, in plain words
                print(f"Could not build the site: {exc}", file=sys.stderr)
                return 1
            return 0
        if args.check or args.build:
            if not (folder / "data" / "datapackage.json").is_file():
                print(f"{folder} has no data/datapackage.json; start it with: python -m claimlab new-article "
                      f"{folder}", file=sys.stderr)
                return 1
            if args.build:
                written = build(folder)
                print(f"OK: the data is valid; wrote {len(written)} files (notebooks/, solutions/, exercises/, "
                      "instructors/sample_answers/). Next: run `python -m claimlab execute` in the folder.")
            else:
                ds = check(folder)
                print(f"OK: {len(ds.claims)} claims, {len(ds.figures)} reference figures, {len(ds.key)} key rows, "
                      f"{len(ds.exercises.get('questions', {}))} exercise questions in {folder / 'data'}\n")
                print(summary(ds))
                print(f"\nNext: python -m claimlab new-article --build {folder}")
            return 0
        target = create(folder, parse_sides(args.sides), args.title, parse_measures(args.measures),
                        topics=parse_names(args.topics), units=parse_units(args.units))
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    except ArticleSetupError as exc:
        print(f"Could not {'add the kind' if args.add_kind else 'start the new article'}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        from claimlab.core.store import describe_error
        print(f"Could not write to {folder} ({describe_error(exc)})", file=sys.stderr)
        return 1
    print(f"Started {target}. Fill in its data/ folder in the order given in {target / 'README.md'}, then run:\n"
          f"  python -m claimlab new-article --check {folder}")
    return 0



def cmd_dictionary(argv: list[str] | None = None) -> int:
    from claimlab.authoring.dictionary import render
    from claimlab.core.dataset import find_root
    sys.stdout.write(render(find_root()))
    return 0



def cmd_key_guide(argv: list[str] | None = None) -> int:
    """``python -m claimlab key-guide [ROOT]``: print the guide (Markdown) to standard output."""
    from claimlab.authoring.keyguide import render
    from claimlab.core.dataset import find_root
    from claimlab.core.problems import DataError
    args = list(argv or [])
    try:
        root = Path(args[0]).resolve() if args else find_root()
        sys.stdout.write(render(root))
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0



def cmd_map(argv: list[str] | None = None) -> int:
    """``python -m claimlab map``: print the map of every module (Markdown) to standard output."""
    from claimlab.authoring.modulemap import render
    sys.stdout.write(render())
    return 0



def cmd_sample_answers(argv: list[str] | None = None) -> int:
    """``python -m claimlab sample-answers DIR``: write made-up answers files to try the class results on."""
    from claimlab.classroom.samples import write_sample_answers
    from claimlab.core import store as answer_store
    from claimlab.core.problems import DataError
    parser = argparse.ArgumentParser(prog="claimlab sample-answers", description=cmd_sample_answers.__doc__)
    parser.add_argument("folder", help="where to write the files (created if needed)")
    parser.add_argument("--learners", type=int, default=12, help="how many made-up learners (default 12)")
    parser.add_argument("--seed", type=int, default=8, help="random seed, for the same files every time")
    parser.add_argument("--no-broken", action="store_true", help="leave out the deliberately broken files")
    args = parser.parse_args(argv)
    try:
        paths = write_sample_answers(args.folder, learners=args.learners, seed=args.seed, broken=not args.no_broken)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Could not write to {args.folder} ({answer_store.describe_error(exc)})", file=sys.stderr)
        return 1
    print(f"wrote {len(paths)} files to {args.folder}")
    return 0



def cmd_hub_warm(argv: list[str]) -> int:
    from claimlab.classroom.hub import run_warm
    parser = argparse.ArgumentParser(
        prog="claimlab hub warm", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Start the class's servers on a JupyterHub before the lesson, and warm a kernel for each, "
                    "through the hub's REST API with a teacher's token.",
        epilog=_doc("claimlab.classroom.hub"))
    parser.add_argument("--hub", required=True, metavar="URL", help="the hub's address, e.g. https://hub.school.example")
    parser.add_argument("--token-file", required=True, metavar="FILE",
                        help="a file holding an admin's API token (from the hub's Token page), and nothing else")
    who = parser.add_argument_group("learners (one or both)")
    who.add_argument("--users", metavar="A,B,C", help="learners' hub names, comma-separated")
    who.add_argument("--users-file", metavar="FILE", help="a file of learners' hub names, one a line (# comments)")
    parser.add_argument("--pull", metavar="REPO", help="also put the module into each home with nbgitpuller from "
                                                       "this repository (as the class's git-pull link does)")
    parser.add_argument("--branch", default="main", help="with --pull: the branch (default main)")
    parser.add_argument("--target", help="with --pull: the folder in the home (default: the repository's name)")
    parser.add_argument("--open", metavar="NOTEBOOK", dest="notebook",
                        help="keep the warmed kernel running as this notebook's session (a path in the home, e.g. "
                             "claimlab/notebooks/02_judging_sources.ipynb): the learner's first cell runs at once")
    parser.add_argument("--no-kernel", action="store_true", help="only start the servers")
    parser.add_argument("--parallel", type=int, default=4, help="learners warmed at once (default 4)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds one learner may take (default 600)")
    args = parser.parse_args(argv)
    if args.notebook and args.no_kernel:
        parser.error("--open needs a kernel; leave out --no-kernel")
    return run_warm(args.hub, args.token_file, args.users, args.users_file, say=lambda line: print(line, flush=True),
                    pull_repo=args.pull, branch=args.branch, target=args.target, notebook=args.notebook,
                    kernel=not args.no_kernel, parallel=args.parallel, timeout=args.timeout)


def cmd_hub_handin(argv: list[str]) -> int:
    from claimlab.classroom import handin
    parser = argparse.ArgumentParser(prog="claimlab hub handin", formatter_class=argparse.RawDescriptionHelpFormatter,
                                     description="Check a class hand-in folder and list who handed in.",
                                     epilog=_doc("claimlab.classroom.handin"))
    parser.add_argument("folder", help="the folder set as CLAIMLAB_HANDIN for the learners' servers")
    parser.add_argument("--create", action="store_true", help="make it (or fix it): owned by --teacher, mode 1733 "
                                                              "(run as root)")
    parser.add_argument("--teacher", help="with --create: the teacher's user name, who reads the copies")
    args = parser.parse_args(argv)
    if args.create:
        if not args.teacher:
            parser.error("--create needs --teacher NAME")
        try:
            handin.create(args.folder, args.teacher)
        except KeyError:
            print(f"There is no user {args.teacher!r} on this computer.", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"Could not make {args.folder} ({exc.strerror or exc}); run it as root.", file=sys.stderr)
            return 2
        print(f"Made {args.folder}: owned by {args.teacher}, mode 1733. Set CLAIMLAB_HANDIN={args.folder} in the "
              "learners' server environment (c.Spawner.environment).")
    lines, problems = handin.report(args.folder)
    for line in lines:
        print(line)
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


HUB_COMMANDS = {"warm": cmd_hub_warm, "handin": cmd_hub_handin}


def cmd_hub(argv: list[str]) -> int:
    """``python -m claimlab hub warm|handin ...``: the teacher's hub commands."""
    if not argv or argv[0] not in HUB_COMMANDS:
        print("usage: python -m claimlab hub warm --hub URL --token-file FILE --users A,B,C [--open NOTEBOOK]\n"
              "       python -m claimlab hub handin FOLDER [--create --teacher NAME]\n"
              "(add --help after warm or handin for every option)", file=sys.stderr)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    return HUB_COMMANDS[argv[0]](argv[1:])


COMMANDS = {
    "validate": (cmd_validate, "check every file in data/ and list any problems"),
    "exercises": (cmd_exercises, "regenerate exercises/ from solutions/"),
    "execute": (cmd_execute, "re-run notebooks in place to refresh stored outputs"),
    "html": (cmd_html, "build static HTML pages of every notebook"),
    "lite": (cmd_lite, "build the JupyterLite edition (the whole module in the browser)"),
    "new-article": (cmd_new_article, "start a module for another article"),
    "dictionary": (cmd_dictionary, "print the data dictionary as Markdown"),
    "key-guide": (cmd_key_guide, "print the expert key explained claim by claim"),
    "map": (cmd_map, "print the map of the package's modules"),
    "sample-answers": (cmd_sample_answers, "write made-up answers files for the class results"),
    "hub": (cmd_hub, "a class hub: warm the servers before a lesson, check the hand-in folder"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    func, _ = COMMANDS[argv[0]]
    return int(func(argv[1:]) or 0)
