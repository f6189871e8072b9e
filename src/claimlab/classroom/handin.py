"""The class hand-in folder on a hub, for the administrator and the teacher.

On a hub, notebook 06's export button hands a copy of each learner's answers in to one shared folder
when the administrator sets ``CLAIMLAB_HANDIN`` in the learners' server environment (the learner's
side is :mod:`claimlab.ui.widgets.export`). On a JupyterHub with local Unix users the folder works
like nbgrader's exchange: it belongs to the teacher with mode ``1733`` (``drwx-wx-wt``), so

- a learner can create a file in it (write and search permission), but cannot list it (no read
  permission), so cannot find another learner's copy, whose name holds a key only its owner knows;
- the sticky bit stops anyone but a file's owner (and the folder's owner) from deleting or replacing it;
- the teacher, its owner, lists and reads every copy (each is written with mode ``0644``).

``python -m claimlab hub handin FOLDER`` checks the folder and lists who handed in (the owner of
each file on disk, which a learner cannot forge, and its hub name); ``--create --teacher NAME``
makes the folder as above (run as root). The class results read the folder as any other:
``cl.class_results(FOLDER)``.
"""
from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass
from pathlib import Path

DROP_BOX_MODE = 0o1733


@dataclass(frozen=True)
class HandedIn:
    """One copy in the folder."""

    path: Path
    owner: str  # the Unix owner of the file (who wrote it)
    hub_name: str  # the hub name the file's name starts with
    modified: str  # when it was last handed in, local time

    def line(self, folder: Path) -> str:
        return f"{self.hub_name:<20} {self.owner:<16} {self.modified}  {self.path.relative_to(folder)}"


def _owner(uid: int) -> str:
    try:
        import pwd
        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def problems(folder: str | os.PathLike) -> list[str]:
    """What is wrong with a drop-box hand-in folder for local users, in plain words ([] if nothing)."""
    folder = Path(folder)
    try:
        st = folder.stat()
    except OSError as exc:
        return [f"{folder} cannot be used ({exc.strerror or exc}): create it with "
                f"`python -m claimlab hub handin --create {folder} --teacher NAME` (as root)."]
    if not stat.S_ISDIR(st.st_mode):
        return [f"{folder} is not a folder."]
    mode = stat.S_IMODE(st.st_mode)
    found = []
    if any(p.is_dir() and not p.name.startswith(".") for p in _entries(folder)):
        return []  # one sub-folder per learner (as on Zero to JupyterHub): each server sees only its own
    if mode & stat.S_IROTH or mode & stat.S_IRGRP:
        found.append(f"{folder} has mode {mode:04o}: learners can list it and read each other's copies "
                     f"(use {DROP_BOX_MODE:04o}: chmod {DROP_BOX_MODE:04o} {folder}).")
    if not mode & stat.S_ISVTX:
        found.append(f"{folder} has no sticky bit (mode {mode:04o}): a learner could delete or replace another's "
                     f"copy (chmod {DROP_BOX_MODE:04o} {folder}).")
    if (mode & 0o003) != 0o003:
        found.append(f"{folder} has mode {mode:04o}: learners cannot write into it, so nobody can hand in "
                     f"(chmod {DROP_BOX_MODE:04o} {folder}).")
    if st.st_uid == 0:
        found.append(f"{folder} belongs to root: give it to the teacher who reads the copies "
                     f"(chown TEACHER {folder}), else only root can list them.")
    return found


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def handed_in(folder: str | os.PathLike) -> list[HandedIn]:
    """Every copy in the folder (sub-folders too, hidden files skipped), newest first."""
    folder = Path(folder)
    found = []
    for path in folder.rglob("*.json"):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        try:
            st = path.stat()
        except OSError:
            continue
        when = dt.datetime.fromtimestamp(st.st_mtime).strftime("%Y-%m-%d %H:%M")
        hub_name = path.stem.rsplit("-", 1)[0] if "-" in path.stem else path.stem
        found.append((st.st_mtime, HandedIn(path, _owner(st.st_uid), hub_name, when)))
    return [item for _when, item in sorted(found, key=lambda pair: -pair[0])]


def create(folder: str | os.PathLike, teacher: str) -> Path:
    """Make the drop box: ``folder`` owned by ``teacher``, mode 1733 (run as root). An existing folder
    gets the same owner and mode. Raises OSError or KeyError (no such user) with the reason."""
    import pwd
    entry = pwd.getpwnam(teacher)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    os.chown(folder, entry.pw_uid, entry.pw_gid)
    os.chmod(folder, DROP_BOX_MODE)
    return folder


def report(folder: str | os.PathLike) -> tuple[list[str], list[str]]:
    """(lines to print, problems): the folder's state and who handed in."""
    folder = Path(folder)
    found = problems(folder)
    lines = []
    if folder.is_dir():
        copies = handed_in(folder)
        lines.append(f"{len(copies)} cop{'y' if len(copies) == 1 else 'ies'} handed in to {folder}"
                     + (":" if copies else "."))
        if copies:
            lines.append(f"{'hub name':<20} {'file owner':<16} {'handed in':<16}  file")
            lines += [c.line(folder) for c in copies]
        lines.append(f"Class results: cl.class_results({str(folder)!r}) in a notebook.")
    return lines, found
