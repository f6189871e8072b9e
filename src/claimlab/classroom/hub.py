"""The teacher's hub commands: get a class's servers ready before the bell.

``python -m claimlab hub warm --hub URL --token-file F --users a,b,c`` (or ``--users-file F``) uses
JupyterHub's REST API with a token of the teacher's (an admin's token, made on the hub's Token page,
has the scopes it needs: ``admin:servers`` to start servers, ``access:servers`` to use them). For each
learner, a few at a time: start their server (or find it running), optionally put the module into
their home with nbgitpuller (``--pull``), and warm a kernel: start one, import ``claimlab`` and load its
data (which fills the disk caches and Claim Lab's own), then stop it; or, with ``--open NOTEBOOK``,
leave that kernel running as the notebook's session, so when the learner opens the notebook JupyterLab
connects to a kernel that is already up, as it does for any notebook with a running session.

Every request has a timeout; a refusal because too many servers are starting (HTTP 429) is retried
after the hub's ``Retry-After``, and a dropped connection a few times. Exit codes: 0 every learner is
ready; 1 some are not (each named, with the reason); 2 nothing could be done (no token, the hub cannot
be reached, the token is refused). The HTTP and websocket client is tornado's (installed with
JupyterLab); the kernel is spoken to as JupyterLab speaks to it (the Jupyter messaging protocol).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import stat
import time
import urllib.parse
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

WARM_CODE = "import claimlab\nclaimlab.load()\ndel claimlab\n"  # in the module's folder: its data too
IMPORT_CODE = "import claimlab\ndel claimlab\n"  # elsewhere (no --open, no --pull): the import alone
USER_NAME = re.compile(r"^[^\s/?#,]{1,255}$")


class HubSetupError(Exception):
    """Nothing can be warmed: a missing token, a hub that cannot be reached, a refused token."""


@dataclass
class Warmed:
    """What happened to one learner's server."""

    user: str
    ok: bool = False
    steps: list[str] = field(default_factory=list)
    problem: str = ""
    seconds: float = 0.0

    def line(self) -> str:
        done = "; ".join(self.steps)
        if self.ok:
            return f"{self.user}: ready ({done}; {self.seconds:.0f} s)"
        return f"{self.user}: NOT READY: {self.problem}" + (f" (done: {done})" if done else "")


# --------------------------------------------------------------------------- arguments
def read_token(path: str | os.PathLike) -> tuple[str, list[str]]:
    """The token in the file, and notes (a token file others can read is noted, not refused)."""
    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8").strip()
        mode = path.stat().st_mode
    except OSError as exc:
        raise HubSetupError(f"Could not read the token file {path} ({exc.strerror or exc}).") from exc
    if not text or len(text.split()) != 1:
        raise HubSetupError(f"The token file {path} should hold one token (from the hub's Token page) and "
                            "nothing else.")
    notes = []
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        notes.append(f"note: other users of this computer can read {path}; keep a token private "
                     f"(chmod 600 {path}).")
    return text, notes


def read_users(users: str | None, users_file: str | os.PathLike | None) -> list[str]:
    """Learners' hub names, from "a,b,c" or a file (one a line; blank lines and # comments skipped)."""
    names: list[str] = []
    if users:
        names += [n.strip() for n in users.split(",") if n.strip()]
    if users_file:
        try:
            lines = Path(users_file).expanduser().read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise HubSetupError(f"Could not read the users file {users_file} ({exc.strerror or exc}).") from exc
        for line in lines:
            line = line.split("#", 1)[0].strip()
            names += [n.strip() for n in line.split(",") if n.strip()]
    bad = [n for n in names if not USER_NAME.match(n)]
    if bad:
        raise HubSetupError(f"Not a hub user name: {', '.join(repr(b) for b in bad[:5])}.")
    if not names:
        raise HubSetupError("No learners named: give --users a,b,c or --users-file FILE.")
    return list(dict.fromkeys(names))  # each once, in the order given


# --------------------------------------------------------------------------- talking to the hub
class Hub:
    """JupyterHub's REST API and the learners' servers behind it, with one token."""

    def __init__(self, url: str, token: str, timeout: float = 60):
        try:
            from tornado.httpclient import AsyncHTTPClient
        except ImportError as exc:
            raise HubSetupError("hub warm needs tornado, which JupyterLab installs: "
                                "pip install 'claimlab[author]'") from exc
        self.url = url.rstrip("/")
        if self.url.endswith("/hub"):
            self.url = self.url[:-4]
        parts = urllib.parse.urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"  # servers' URLs from the API start at the host
        self.token = token
        self.timeout = timeout
        self.client = AsyncHTTPClient(force_instance=True, max_clients=64)

    async def request(self, method: str, url: str, body: object = None, timeout: float | None = None,
                      tries: int = 4):
        """One request (JSON body), retried on a dropped connection or an HTTP 429 / 502 / 503."""
        from tornado.httpclient import HTTPClientError, HTTPRequest
        full = url if url.startswith(("http://", "https://")) else self.url + url
        data = None if body is None else json.dumps(body)
        for attempt in range(tries):
            request = HTTPRequest(full, method=method, body=data, request_timeout=timeout or self.timeout,
                                  headers={"Authorization": f"token {self.token}"}, allow_nonstandard_methods=True,
                                  follow_redirects=False)
            try:
                reply = await self.client.fetch(request, raise_error=False)
            except (TimeoutError, OSError, HTTPClientError):
                if attempt == tries - 1:
                    raise
                reply, wait = None, 2.0 * (attempt + 1)
            else:
                if reply.code not in (429, 502, 503) or attempt == tries - 1:
                    return reply
                wait = float(reply.headers.get("Retry-After") or 5 * (attempt + 1))
            await asyncio.sleep(min(wait, 60))
        raise RuntimeError("unreachable")

    async def check(self) -> None:
        """The hub answers and takes the token; else :class:`HubSetupError` in plain words."""
        try:
            reply = await self.request("GET", "/hub/api/", tries=2)
        except Exception as exc:
            raise HubSetupError(f"Could not reach the hub at {self.url} ({exc}). Check the address "
                                "(the hub's own, e.g. https://hub.school.example).") from exc
        if reply.code != 200:
            raise HubSetupError(f"{self.url}/hub/api/ answered HTTP {reply.code}: is this a JupyterHub's address?")
        me = await self.request("GET", "/hub/api/user")
        if me.code in (401, 403):
            raise HubSetupError(f"The hub refused the token (HTTP {me.code}). Make a new one on the hub's Token "
                                f"page ({self.url}/hub/token) while logged in as an admin.")

    async def user(self, name: str) -> dict | None:
        reply = await self.request("GET", f"/hub/api/users/{urllib.parse.quote(name)}")
        if reply.code == 404:
            return None
        if reply.code == 403:
            raise PermissionError("the token may not see this user (it needs the scope admin:users or "
                                  "read:users; an admin's token has it)")
        if reply.code != 200:
            raise RuntimeError(f"the hub answered HTTP {reply.code} about this user")
        return json.loads(reply.body)


# --------------------------------------------------------------------------- one learner
async def start_server(hub: Hub, name: str, deadline: float) -> tuple[str, str]:
    """Start (or find) the learner's default server; (its URL, what was done)."""
    info = await hub.user(name)
    if info is None:
        raise LookupError("no such user on the hub (a name in allowed_users exists once the hub has started "
                          "with it; check the spelling)")
    server = (info.get("servers") or {}).get("", {})
    if server.get("ready"):
        return hub.origin + server["url"], "server was already running"
    if not server.get("pending"):
        reply = await hub.request("POST", f"/hub/api/users/{urllib.parse.quote(name)}/server", body={})
        if reply.code == 403:
            raise PermissionError("the token may not start this user's server (it needs admin:servers)")
        if reply.code not in (201, 202, 400):  # 400: already running or pending
            raise RuntimeError(f"the hub refused to start the server (HTTP {reply.code}: {_message(reply)})")
    gone = 0
    while time.monotonic() < deadline:
        info = await hub.user(name) or {}
        server = (info.get("servers") or {}).get("", {})
        if server.get("ready"):
            return hub.origin + server["url"], "server started"
        gone = 0 if server else gone + 1
        if gone >= 3:  # neither pending nor ready, three times in a row: the start failed
            raise RuntimeError("the server stopped while starting (see the hub's log)")
        await asyncio.sleep(1.0)
    raise TimeoutError("the server was not ready in time (raise --timeout, or see the hub's log)")


async def pull(hub: Hub, server: str, repo: str, branch: str, target: str, deadline: float) -> str:
    """nbgitpuller into the learner's home, as a git-pull link does (its event stream, to the end)."""
    query = urllib.parse.urlencode({"repo": repo, "branch": branch, "targetpath": target})
    reply = await hub.request("GET", f"{server.rstrip('/')}/git-pull/api?{query}",
                              timeout=max(30.0, deadline - time.monotonic()), tries=1)
    events = [json.loads(line[5:]) for line in reply.body.decode("utf-8", "replace").splitlines()
              if line.startswith("data:")]
    if reply.code == 404:
        raise RuntimeError("the server has no nbgitpuller (install it in the learners' environment)")
    if reply.code != 200 or not events or events[-1].get("phase") != "finished":
        last = events[-1].get("message", "") if events else ""
        raise RuntimeError(f"nbgitpuller did not finish (HTTP {reply.code}) {str(last).strip()[-200:]}")
    return f"{target} pulled"


async def warm_kernel(hub: Hub, server: str, notebook: str | None, folder: str | None, deadline: float) -> str:
    """Start a kernel, import claimlab and load its data; stop it, or keep it as ``notebook``'s session.
    Without a notebook, the kernel starts in ``folder`` (the pulled module) if given, else in the home
    folder, where the data cannot be found: then only the import is warmed."""
    base = server.rstrip("/")
    code = WARM_CODE if notebook or folder else IMPORT_CODE
    if notebook:
        reply = await hub.request("POST", f"{base}/api/sessions", timeout=max(30.0, deadline - time.monotonic()),
                                  body={"path": notebook, "name": Path(notebook).name, "type": "notebook",
                                        "kernel": {"name": "python3"}}, tries=1)
        if reply.code not in (200, 201):
            raise RuntimeError(f"no kernel for {notebook} (HTTP {reply.code}: {_message(reply)})")
        kernel = json.loads(reply.body)["kernel"]["id"]
    else:
        reply = await hub.request("POST", f"{base}/api/kernels", body={"name": "python3", "path": folder or ""},
                                  timeout=max(30.0, deadline - time.monotonic()), tries=1)
        if reply.code != 201:
            raise RuntimeError(f"no kernel started (HTTP {reply.code}: {_message(reply)})")
        kernel = json.loads(reply.body)["id"]
    try:
        problem = await execute(hub, base, kernel, code, deadline)
    finally:
        if not notebook:
            await hub.request("DELETE", f"{base}/api/kernels/{kernel}", tries=2)
    if problem:
        raise RuntimeError(f"the kernel could not load Claim Lab ({problem})")
    if notebook:
        return f"kernel kept running for {notebook}"
    return "kernel warmed and stopped" + ("" if folder else " (claimlab imported; its data is loaded with --pull or --open)")


async def execute(hub: Hub, base: str, kernel: str, code: str, deadline: float) -> str:
    """Run ``code`` quietly in the kernel over its websocket; '' when it ran, else what went wrong."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect
    session = uuid.uuid4().hex
    url = base.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
    request = HTTPRequest(f"{url}/api/kernels/{kernel}/channels?session_id={session}",
                          headers={"Authorization": f"token {hub.token}"},
                          request_timeout=max(10.0, deadline - time.monotonic()))
    ws = await websocket_connect(request, max_message_size=64 * 2**20)
    try:
        msg_id = uuid.uuid4().hex
        await ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": "claimlab-warm", "session": session, "version": "5.3",
                       "msg_type": "execute_request", "date": dt.datetime.now(dt.UTC).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": True, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "no reply in time"
            raw = await asyncio.wait_for(ws.read_message(), left)
            if raw is None:
                return "the kernel's connection closed"
            if isinstance(raw, bytes):
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id or msg.get("channel") != "shell":
                continue
            content = msg.get("content", {})
            if content.get("status") == "ok":
                return ""
            return f"{content.get('ename', 'error')}: {str(content.get('evalue', ''))[:200]}"
    except TimeoutError:
        return "no reply in time"
    finally:
        ws.close()


def _message(reply) -> str:
    try:
        return str(json.loads(reply.body).get("message", ""))[:200]
    except (ValueError, AttributeError, TypeError):
        return (reply.body or b"")[:200].decode("utf-8", "replace")


async def warm_one(hub: Hub, name: str, options: dict, gate: asyncio.Semaphore) -> Warmed:
    done = Warmed(name)
    async with gate:
        started = time.monotonic()
        deadline = started + options["timeout"]
        try:
            server, step = await start_server(hub, name, deadline)
            done.steps.append(step)
            if options.get("pull"):
                done.steps.append(await pull(hub, server, options["pull"], options["branch"], options["target"],
                                             deadline))
            if options.get("kernel", True):
                folder = options["target"] if options.get("pull") else None
                done.steps.append(await warm_kernel(hub, server, options.get("notebook"), folder, deadline))
            done.ok = True
        except Exception as exc:  # one learner's problem never stops the others
            done.problem = str(exc) or exc.__class__.__name__
        done.seconds = time.monotonic() - started
    return done


async def warm(url: str, token: str, users: list[str], *, pull_repo: str | None = None, branch: str = "main",
               target: str | None = None, notebook: str | None = None, kernel: bool = True, parallel: int = 4,
               timeout: float = 600, say: Callable[[str], None] = print) -> list[Warmed]:
    """Warm every learner's server (``parallel`` at a time); one line is said per learner as they finish."""
    hub = Hub(url, token)
    await hub.check()
    target = target or (Path(urllib.parse.urlparse(pull_repo).path).stem if pull_repo else None)
    options = {"pull": pull_repo, "branch": branch, "target": target, "notebook": notebook, "kernel": kernel,
               "timeout": timeout}
    gate = asyncio.Semaphore(max(1, parallel))
    results: list[Warmed] = []

    async def one(name: str) -> None:
        result = await warm_one(hub, name, options, gate)
        say(result.line())
        results.append(result)

    await asyncio.gather(*(one(name) for name in users))
    order = {name: i for i, name in enumerate(users)}
    return sorted(results, key=lambda r: order[r.user])


def run_warm(url: str, token_file: str, users: str | None, users_file: str | None, *, say: Callable[[str], None],
             **options) -> int:
    """The command: 0 every learner ready, 1 some not, 2 nothing could be done (each said in words)."""
    try:
        token, notes = read_token(token_file)
        names = read_users(users, users_file)
    except HubSetupError as exc:
        say(str(exc))
        return 2
    for note in notes:
        say(note)
    say(f"Warming {len(names)} learner{'s' if len(names) != 1 else ''}' servers on {url}, "
        f"{options.get('parallel', 4)} at a time ...")
    started = time.monotonic()
    try:
        results = run_coroutine(warm(url, token, names, say=say, **options))
    except HubSetupError as exc:
        say(str(exc))
        return 2
    missing = [r for r in results if not r.ok]
    took = time.monotonic() - started
    if missing:
        say(f"{len(results) - len(missing)} of {len(results)} ready in {took:.0f} s; NOT ready: "
            + ", ".join(r.user for r in missing) + ". Run the command again for them, or see the hub's log.")
        return 1
    say(f"All {len(results)} ready in {took:.0f} s.")
    return 0


def run_coroutine(coroutine):
    """Run ``coroutine`` to its end and return its result, also where an event loop is already running in
    this thread (a notebook's kernel, or a browser test's Playwright): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
