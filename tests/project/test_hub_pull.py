"""A hub's pods pull the module at a pinned ref, never a branch (issue 28): deploy/z2jh/claimlab_pull.py.

The postStart hook runs it in each learner's server. Here it runs against a local repository standing
in for GitHub (commits A, B = tag v2, C on main), in a temporary home: a commit or a tag is pulled, a
branch or a placeholder is refused, learners' edits and answers survive an update, a copy made by
the old ``gitpuller ... main`` hook is taken over, and a failed fetch keeps the learner's copy. Uses
git and nbgitpuller (in requirements.txt); no network.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "z2jh" / "claimlab_pull.py"

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
    pytest.mark.skipif(importlib.util.find_spec("nbgitpuller") is None, reason="needs nbgitpuller"),
]


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def upstream(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A repository like the module's: A, B (tag v2, branch feature), C on main; my_answers/ ignored."""
    work = tmp_path_factory.mktemp("upstream") / "work"
    (work / "notebooks").mkdir(parents=True)
    git("init", "--quiet", "-b", "main", str(work), cwd=work.parent)
    (work / ".gitignore").write_text("my_answers/\n")
    commits = {}
    for name, text in (("A", "first\n"), ("B", "first\nsecond\n"), ("C", "first\nsecond\nthird\n")):
        (work / "notebooks" / "lesson.txt").write_text(text)
        git("add", "-A", cwd=work)
        git("commit", "--quiet", "-m", name, cwd=work)
        commits[name] = git("rev-parse", "HEAD", cwd=work)
        if name == "B":
            git("tag", "-a", "v2", "-m", "release 2", cwd=work)
            git("branch", "feature", cwd=work)
    bare = work.parent / "claimlab.git"
    git("clone", "--quiet", "--bare", str(work), str(bare), cwd=work.parent)
    return bare, commits


def pull(home: Path, ref: str | None, repo: Path | str, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMLAB_")}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), CLAIMLAB_REPO=str(repo))
    if ref is not None:
        env["CLAIMLAB_REF"] = ref
    return subprocess.run([sys.executable, str(SCRIPT), *extra], env=env, capture_output=True, text=True,
                          timeout=300)


def head(copy: Path) -> str:
    return git("rev-parse", "HEAD", cwd=copy)


def contains(copy: Path, commit: str) -> bool:
    return subprocess.run(["git", "merge-base", "--is-ancestor", commit, "HEAD"], cwd=copy).returncode == 0


def test_a_commit_then_a_tag_keeping_the_learners_edits_and_answers(tmp_path, upstream):
    repo, commits = upstream
    home = tmp_path / "home"
    home.mkdir()
    done = pull(home, commits["A"][:12], repo)
    assert done.returncode == 0, done.stdout + done.stderr
    copy = home / "claimlab"
    assert head(copy) == commits["A"] and (copy / "notebooks" / "lesson.txt").read_text() == "first\n"
    # the learner works: a note of their own, and answers (ignored by git)
    (copy / "notebooks" / "my_note.txt").write_text("mine\n")
    (copy / "my_answers").mkdir()
    (copy / "my_answers" / "answers.json").write_text('{"ratings": {}}')
    done = pull(home, "v2", repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert contains(copy, commits["B"]) and not contains(copy, commits["C"])  # the tag, not main
    assert (copy / "notebooks" / "lesson.txt").read_text() == "first\nsecond\n"
    assert (copy / "notebooks" / "my_note.txt").read_text() == "mine\n"
    assert (copy / "my_answers" / "answers.json").read_text() == '{"ratings": {}}'
    assert "OK:" in (home / ".cache" / "claimlab-pull" / "pull.log").read_text()
    again = pull(home, "v2", repo)  # the next start, same ref: nothing changes, no error
    assert again.returncode == 0 and contains(copy, commits["B"]), again.stdout + again.stderr


@pytest.mark.parametrize("ref", ["main", "master", "HEAD", "", "<commit>", "set-me", "REPLACE-WITH-COMMIT"])
def test_a_branch_or_a_placeholder_is_refused_before_anything_is_fetched(tmp_path, upstream, ref):
    repo, _ = upstream
    done = pull(tmp_path, ref, repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "REFUSED" in done.stdout
    assert not (tmp_path / "claimlab").exists() and not (tmp_path / ".cache" / "claimlab-pull" / "module.git").exists()


def test_a_name_that_is_a_branch_upstream_or_unknown_is_refused(tmp_path, upstream):
    repo, _ = upstream
    done = pull(tmp_path, "feature", repo)
    assert done.returncode == 2 and "is a branch" in done.stdout, done.stdout
    done = pull(tmp_path, "v9", repo)
    assert done.returncode == 2 and "neither a tag nor a commit" in done.stdout, done.stdout
    assert not (tmp_path / "claimlab").exists()


def test_without_a_ref_it_pulls_the_images_own_commit(tmp_path, upstream):
    repo, commits = upstream
    done = pull(tmp_path, None, repo)  # neither CLAIMLAB_REF nor CLAIMLAB_IMAGE_COMMIT: refused
    assert done.returncode == 2 and "no ref" in done.stdout, done.stdout
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMLAB_")}
    env.update(HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / ".cache"), CLAIMLAB_IMAGE_COMMIT=commits["B"])
    done = subprocess.run([sys.executable, str(SCRIPT), "--repo", str(repo)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert head(tmp_path / "claimlab") == commits["B"]


def test_a_copy_made_by_the_old_gitpuller_main_hook_is_taken_over(tmp_path, upstream):
    """The old hook cloned main (C) with depth 1; pinning to v2 (B, older) must not fail on the
    shallow history, and from then on the copy follows the mirror, not GitHub's main."""
    repo, commits = upstream
    home = tmp_path / "home"
    home.mkdir()
    gitpuller = [sys.executable, "-c", "from nbgitpuller.pull import main; main()"]
    subprocess.run([*gitpuller, repo.as_uri(), "main", str(home / "claimlab")], check=True, capture_output=True)
    copy = home / "claimlab"
    assert head(copy) == commits["C"] and (copy / ".git" / "shallow").exists()
    done = pull(home, "v2", repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert contains(copy, commits["B"])  # already past v2: kept (an update never rolls a copy back)
    assert git("remote", "get-url", "origin", cwd=copy).endswith("claimlab-pull/module.git")


def test_a_failed_fetch_keeps_the_copy_and_without_a_copy_says_so(tmp_path, upstream):
    repo, commits = upstream
    home = tmp_path / "home"
    home.mkdir()
    assert pull(home, "v2", repo).returncode == 0
    missing = tmp_path / "no-such-repository.git"
    done = pull(home, "v2", missing)
    assert done.returncode == 0, done.stdout + done.stderr  # the learner's server still starts
    assert "kept as it is" in done.stdout and contains(home / "claimlab", commits["B"])
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    done = pull(fresh, "v2", missing)
    assert done.returncode == 1 and not (fresh / "claimlab").exists(), done.stdout
