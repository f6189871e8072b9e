#!/usr/bin/env python3
"""Put the Claim Lab module, at one pinned commit, into a learner's home: the pod's postStart hook.

    claimlab-pull        # the ref in CLAIMLAB_REF, else the image's own commit (CLAIMLAB_IMAGE_COMMIT)
    claimlab-pull --ref v2.1.0 --repo https://github.com/claim-lab/claimlab --target ~/claimlab

The image (deploy/z2jh/Dockerfile) installs this file as ``/usr/local/bin/claimlab-pull``;
deploy/z2jh/values.yaml runs it at every server start. The ref is a release tag or a commit (7 to
40 hex digits); a branch name, ``HEAD`` or a placeholder is refused, so a push to ``main`` never
reaches a pod by itself.

Why not ``gitpuller URL main claimlab`` as before: nbgitpuller follows a branch, merging whatever it
holds at each start, and cannot take a commit; given a tag it clones once, then fails at the next
start (it merges ``origin/<tag>``, which does not exist). This script keeps nbgitpuller's merge
(learners' edits kept, deleted files restored; ``my_answers/`` is ignored by git and never touched)
and only changes what it merges from:

1. fetch the repository into a bare mirror in the learner's home
   (``~/.cache/claimlab-pull/module.git``; the whole history the first time, what is new later), and
   resolve the ref there to a commit;
2. point a branch of the mirror at that commit, named as the learner's copy's branch
   (``claimlab-pinned`` for a new copy; ``main`` for a copy the old hook made), and point the copy's
   ``origin`` at the mirror;
3. run gitpuller from the mirror: a new copy is cloned, an existing one merged.

Exit 0 when the copy contains the pinned commit, and also when the fetch or the merge failed but an
earlier copy exists (the learner keeps working with it; a failing postStart hook would stop their
server from starting); 1 when there is no copy and none could be made; 2 when the ref is not pinned.
What happened is printed and kept in ``~/.cache/claimlab-pull/pull.log``.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

DEFAULT_REPO = "https://github.com/claim-lab/claimlab"
NEW_BRANCH = "claimlab-pinned"
MOVING = {"main", "master", "head", "trunk", "latest", "stable", "dev", "develop", "nightly", "gh-pages"}
HEX = re.compile(r"[0-9a-fA-F]{7,40}")
TIMEOUT = 180  # seconds for one git or gitpuller step (a postStart hook holds up the server's start)


class Refused(Exception):
    """The ref is not a pinned one."""


class Failed(Exception):
    """A git step failed."""


def state_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimlab-pull"


def pinned(ref: str | None) -> str:
    ref = (ref or "").strip()
    if not ref:
        raise Refused("no ref: set singleuser.extraEnv.CLAIMLAB_REF, or build the image with "
                      "--build-arg CLAIMLAB_COMMIT (CLAIMLAB_IMAGE_COMMIT)")
    if ref.lower() in MOVING or ref.startswith(("refs/heads/", "origin/")):
        raise Refused(f"'{ref}' is a branch: it moves with every push. Give a release tag or a commit")
    if "<" in ref or re.search(r"set[-_]?me|replace|placeholder|your[-_]", ref, re.IGNORECASE) or (
            re.fullmatch(r"[A-Z][A-Z0-9_-]*", ref) and not HEX.fullmatch(ref)):
        raise Refused(f"'{ref}' is a placeholder. Give a release tag or a commit")
    if ref.startswith("-") or not re.fullmatch(r"[\w./+-]+", ref):
        raise Refused(f"'{ref}' is not a tag or commit name")
    return ref


class Log:
    def __init__(self, path: Path | None):
        self.lines: list[str] = []
        self.path = path

    def __call__(self, text: str) -> None:
        print(f"[claimlab-pull] {text}", flush=True)
        self.lines.append(text)

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        except OSError:
            pass


def git(*args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LANG": "C"}
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise Failed(f"git {' '.join(args[:2])} took more than {TIMEOUT} s") from exc
    if check and done.returncode != 0:
        raise Failed(f"git {' '.join(args)}: {(done.stderr or done.stdout).strip()[-500:]}")
    return done


def resolve(mirror: Path, repo: str, ref: str, log: Log) -> str:
    """Fetch ``repo`` into the bare ``mirror`` and return the full commit that ``ref`` names."""
    if not (mirror / "HEAD").is_file():
        mirror.parent.mkdir(parents=True, exist_ok=True)
        git("init", "--quiet", "--bare", str(mirror))
    log(f"fetching {repo} into {mirror}")
    git("fetch", "--quiet", "--prune", "--force", repo, "+refs/heads/*:refs/upstream/heads/*",
        "+refs/tags/*:refs/tags/*", cwd=mirror)
    if HEX.fullmatch(ref):
        found = git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", cwd=mirror, check=False).stdout.strip()
        if not found and len(ref) == 40:  # a commit on no branch or tag any more: ask for it by name
            git("fetch", "--quiet", repo, ref, cwd=mirror, check=False)
            found = git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", cwd=mirror, check=False).stdout.strip()
        if not found.lower().startswith(ref.lower()):
            raise Refused(f"commit {ref} is not in {repo} (give the full 40-digit commit if it is on no branch)")
        return found
    found = git("rev-parse", "--verify", "--quiet", f"refs/tags/{ref}^{{commit}}", cwd=mirror, check=False).stdout.strip()
    if not found:
        branch = git("rev-parse", "--verify", "--quiet", f"refs/upstream/heads/{ref}", cwd=mirror, check=False)
        if branch.returncode == 0:
            raise Refused(f"'{ref}' is a branch of {repo}, not a tag: it moves with every push")
        raise Refused(f"'{ref}' is neither a tag nor a commit of {repo}")
    return found


def copy_branch(target: Path) -> str | None:
    """The branch the learner's copy is on (None when there is no copy)."""
    if not (target / ".git").exists():
        return None
    done = git("symbolic-ref", "--quiet", "--short", "HEAD", cwd=target, check=False)
    return done.stdout.strip() or NEW_BRANCH


def pull(ref: str, repo: str, target: Path, mirror: Path, log: Log) -> int:
    ref = pinned(ref)
    branch = copy_branch(target)
    if target.exists() and branch is None:
        log(f"{target} exists and is not a git copy of the module: left as it is, nothing pulled")
        return 0
    try:
        commit = resolve(mirror, repo, ref, log)
    except Failed as exc:
        log(f"could not fetch {repo}: {exc}")
        if branch is not None:
            log(f"the copy in {target} is kept as it is")
            return 0
        return 1
    log(f"{ref} is commit {commit}")
    name = branch or NEW_BRANCH
    git("update-ref", f"refs/heads/{name}", commit, cwd=mirror)
    url = mirror.resolve().as_uri()  # file://: nbgitpuller's shallow clone needs a URL, not a path
    if branch is not None:  # the copy follows the mirror from now on, whatever it followed before
        git("remote", "set-url", "origin", url, cwd=target)
        git("config", "--replace-all", "remote.origin.fetch", f"+refs/heads/{name}:refs/remotes/origin/{name}",
            cwd=target)
        if (target / ".git" / "shallow").exists():  # a depth-1 clone: give it its history, or merging an
            # older or unrelated-looking commit fails ("refusing to merge unrelated histories")
            done = git("fetch", "--quiet", "--unshallow", "origin", cwd=target, check=False)
            log("the copy's history completed from the mirror" if done.returncode == 0
                else f"could not complete the copy's history: {done.stderr.strip()[-300:]}")
    # nbgitpuller's own command (what the gitpuller script runs), with this Python
    command = [sys.executable, "-c", "from nbgitpuller.pull import main; main()", url, name, str(target)]
    log(("updating" if branch else "making") + f" {target} with gitpuller (branch {name} of the mirror)")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,  # full clone, from the mirror
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "NBGITPULLER_DEPTH": "0"})
        output, code = (done.stdout + done.stderr).strip(), done.returncode
    except subprocess.TimeoutExpired:
        output, code = f"gitpuller took more than {TIMEOUT} s", 1
    for line in [line for line in output.splitlines() if line.strip()][-40:]:
        log(f"  {line}")
    contains = target.exists() and git("merge-base", "--is-ancestor", commit, "HEAD", cwd=target,
                                       check=False).returncode == 0
    if code == 0 and contains:
        log(f"OK: {target} contains {ref} ({commit[:12]})")
        return 0
    log(f"gitpuller did not bring {target} to {commit[:12]} (exit {code})")
    return 0 if (target / ".git").exists() else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", default=os.environ.get("CLAIMLAB_REF") or os.environ.get("CLAIMLAB_IMAGE_COMMIT"),
                        help="a release tag or a commit (default: $CLAIMLAB_REF, else $CLAIMLAB_IMAGE_COMMIT)")
    parser.add_argument("--repo", default=os.environ.get("CLAIMLAB_REPO") or DEFAULT_REPO,
                        help=f"the module's repository (default: $CLAIMLAB_REPO, else {DEFAULT_REPO})")
    parser.add_argument("--target", type=Path, default=Path.home() / "claimlab",
                        help="the learner's copy (default: ~/claimlab)")
    parser.add_argument("--mirror", type=Path, default=None,
                        help="the bare mirror (default: ~/.cache/claimlab-pull/module.git)")
    args = parser.parse_args(argv)
    state = state_dir()
    log = Log(state / "pull.log")
    try:
        return pull(args.ref, args.repo, args.target.expanduser().absolute(),
                    (args.mirror or state / "module.git").expanduser().absolute(), log)
    except Refused as exc:
        log(f"REFUSED: {exc}")
        return 2
    except Failed as exc:
        log(f"FAILED: {exc}")
        return 0 if (args.target / ".git").exists() else 1
    finally:
        log.save()


if __name__ == "__main__":
    sys.exit(main())
