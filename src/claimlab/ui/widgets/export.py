"""Export the learner's answers for the instructor: a file, a download link, and on a class hub the
copy handed in to the class's shared hand-in folder.

The hand-in folder is set by the hub's administrator, as the environment variable ``CLAIMLAB_HANDIN``
of every learner's server (docs/instructors.md, *Answers handed in on a hub*). It works like
nbgrader's exchange: on a hub with local Unix users the folder belongs to the teacher, with mode
``1733`` (sticky, and not listable by learners), so a learner can create files in it but not list,
replace or delete anyone else's. Each learner's copy is named ``<hub user>-<key>.json``, where the
key is drawn from the learner's own random id (kept in their answers file): another learner cannot
find it without reading that learner's answers file first. The copy is written readable
(``0644``), so the teacher can read it whatever the learner's umask; pressing the button again
replaces it (the class results keep the newest copy of each learner). On Zero to JupyterHub each
learner's pod mounts only its own sub-folder of a shared volume, and the same code writes there.

Written here, not with a library: nbgrader's exchange needs nbgrader's course set-up and its own
file layout; this is one atomic write (``core.store``) to a name of this module's making.
"""
from __future__ import annotations

import base64
import getpass
import hashlib
import os
import re
import secrets
from pathlib import Path

import ipywidgets as w

from claimlab.core import store as answer_store
from claimlab.core.words import word
from claimlab.ui.html import escape, notice
from claimlab.ui.widgets.base import Panel, flow, guarded, static_hint, the_store

HANDIN_ENV = "CLAIMLAB_HANDIN"  # the class hand-in folder, set by the hub's administrator
HANDIN_MODE = 0o644  # the teacher (the folder's owner) reads it; learners cannot list the folder


def download_link(payload: str, filename: str = "claimlab_answers.json") -> str:
    """An HTML link that downloads ``payload`` as a JSON file (works on Binder: no server file needed)."""
    encoded = base64.b64encode(payload.encode("utf-8")).decode("ascii")
    label = escape(word("export.download", filename=filename))
    return (f'<a download="{escape(filename)}" href="data:application/json;charset=utf-8;base64,{encoded}" '
            f'style="color:var(--jp-content-link-color);text-decoration:underline;">{label}</a>')


def handin_folder() -> Path | None:
    """The class hand-in folder the hub's administrator set (``CLAIMLAB_HANDIN``), or None."""
    raw = os.environ.get(HANDIN_ENV, "").strip()
    return Path(raw).expanduser() if raw else None


def hub_user() -> str:
    """The learner's name on the hub (``JUPYTERHUB_USER``, else the login name), safe in a file name."""
    name = os.environ.get("JUPYTERHUB_USER", "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no name for this uid (a container without /etc/passwd entry)
            name = ""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._-")
    return safe[:60] or "learner"


def handin_name(user: str, learner_id: str) -> str:
    """``<user>-<key>.json``: the same for the same learner, so a new hand-in replaces the last."""
    key = hashlib.sha256(f"claimlab hand-in\0{user}\0{learner_id}".encode()).hexdigest()[:20]
    return f"{user}-{key}.json"


def hand_in(store: answer_store.AnswerStore, folder: str | os.PathLike) -> Path:
    """Write a copy of the answers into the class hand-in folder; returns its path.

    The folder is never created here (it is the administrator's, and a missing one means a
    mistyped setting). If this learner's name in it is taken by another user's file (only
    possible for someone who read this learner's answers file), a fresh random name is used.
    Raises OSError when nothing could be written.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(2, word("export.no_folder"), str(folder))
    user = hub_user()
    payload = store.export_json().encode("utf-8")
    target = folder / handin_name(user, store.learner_id)
    try:
        answer_store.disk.write_atomic(target, payload, mode=HANDIN_MODE)
    except PermissionError:
        if not target.exists():  # the folder itself refused: nothing else to try
            raise
        target = folder / f"{user}-{secrets.token_hex(10)}.json"
        answer_store.disk.write_atomic(target, payload, mode=HANDIN_MODE)
    return target


def html_words(name: str, **html: str) -> str:
    """An interface text, escaped, with its ``{fields}`` filled with HTML made by the caller."""
    text = escape(word(name))
    for field, value in html.items():
        text = text.replace("{" + field + "}", value)
    return text


class ExportPanel(Panel):
    """A button that writes a copy of the answers for the instructor and offers a download link; on a
    hub with a hand-in folder (``CLAIMLAB_HANDIN``) it also hands the copy in there."""

    def __init__(self, path: str | Path | None = None, store: answer_store.AnswerStore | None = None):
        super().__init__(word("export.text_form", hint=static_hint()))
        self.path = path
        self.written: Path | None = None
        self.handed_in: Path | None = None
        self.button = w.Button(description=word("export.button"), button_style="primary",
                               tooltip=word("export.tooltip"), layout=w.Layout(width="auto"))
        self.button.on_click(lambda _button: self.export())
        self.result = w.HTML()
        self.children = [flow([self.button]), self.result, self.status]
        try:
            self.store = the_store(store)
            self.say()
        except Exception as exc:
            self.fail("export.doing_open", exc)

    @guarded("export.doing_export")
    def export(self) -> Path | None:
        """Write the copy (what the button does), and hand it in on a hub with a hand-in folder.
        Returns the copy's path, or None if it could not be written."""
        link = download_link(self.store.export_json())
        messages = []
        folder = handin_folder()
        self.handed_in = None
        if folder is not None:
            try:
                self.handed_in = hand_in(self.store, folder)
            except OSError as exc:
                reason = escape(answer_store.describe_error(exc))
                messages.append(notice(html_words("export.handin_failed", folder=f"<code>{escape(folder)}</code>",
                                                  reason=reason), "warning", raw_html=True))
            else:
                messages.append(notice(html_words("export.handed_in", path=f"<code>{escape(self.handed_in)}</code>"),
                                       "saved", raw_html=True))
        try:
            self.written = self.store.export(self.path).resolve()
        except OSError as exc:
            self.written = None
            reason = escape(answer_store.describe_error(exc))
            messages.append(notice(html_words("export.failed", reason=reason, link=link), "warning", raw_html=True))
        else:
            name = "export.saved_too" if self.handed_in is not None else "export.saved"
            messages.append(notice(html_words(name, path=f"<code>{escape(self.written)}</code>", link=link),
                                   "saved", raw_html=True))
        self.result.value = "".join(messages)
        self.say()
        return self.written


def export_answers(path: str | Path | None = None,
                   store: answer_store.AnswerStore | None = None) -> ExportPanel:
    """A "Save a copy for my instructor" button: writes ``store.export(path)`` and shows a download link;
    on a hub whose administrator set a hand-in folder (``CLAIMLAB_HANDIN``), hands the copy in there too."""
    return ExportPanel(path, store=store)
