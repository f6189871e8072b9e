#!/usr/bin/env python3
"""A whole class on one machine: N simulated learners on a real, local JupyterHub.

    python benchmarks/hub_class.py                  # N = 1, 10, 20, 30 (about 15 minutes)
    python benchmarks/hub_class.py --learners 3 --smoke   # the CI smoke run (a minute or less)

What it starts, all on 127.0.0.1 in a temporary folder, and always stops (try/finally, then
the whole process group is killed):

- JupyterHub (the ``jupyterhub`` package) with its DummyAuthenticator, given a random password
  for this run (``secrets.token_urlsafe``) and ``allowed_users`` set to exactly the simulated
  learners (no ``allow_all``: another name is refused, and so is a wrong password; both are tried
  before the class starts), and SimpleLocalProcessSpawner (one ``jupyterhub-singleuser`` process per learner, home
  folders under the temporary folder);
- configurable-http-proxy (the npm package, installed once into a cache folder with
  ``npm install --prefix``, never globally);
- a local git clone of this repository, which learners get through an nbgitpuller link.

Each simulated learner, concurrently with the others: logs in through the hub's login form,
starts their server, opens the nbgitpuller link (the module is cloned into their home), starts
a kernel through jupyter_server's REST API, and runs notebook 02 and exercise notebook ex01
cell by cell over the kernel websocket, the way JupyterLab does, with think-time between
actions. The answers go through the same calls the widgets make: a rater's answers are set
on its ``controls`` (what a click on a radio button does) and ``check()`` is called (what the
Check button does); an exercise answer is first left as ``...`` and checked (a learner who
runs the cell too early), then the answer from solutions/ is typed and checked. Answers are
saved in the learner's own home (``claimlab/my_answers/answers.json``), which is verified.

Measured per N: spawn time, time to first output (login to the first output of notebook 02),
p50/p95/max latency of a Check and of any other cell, failed actions with their reasons, peak
memory (resident set size of hub + proxy + every single-user server and kernel, sampled with
psutil) in total and per learner, and CPU seconds per learner (server + kernel). The verdict:
the largest N with p95 Check latency under 1 s and no failed action, and an extrapolation
from the memory per learner. Loops are bounded: every wait has a timeout and the whole run
has a deadline (``--deadline``).

Ports: the hub listens on 8830, the proxy API on 8831, the hub's internal API on 8832 and
learner n's server on 8840 + n (change the base with ``--port``).
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "hub_latest.md"
CHP_VERSION = "5.3.0"  # configurable-http-proxy, from npm
LESSON = "notebooks/02_judging_sources.ipynb"
EXERCISE = "exercises/ex01_who_is_counting.ipynb"
TARGET_CHECK_P95 = 1.0  # seconds
CELL_TIMEOUT = 120  # seconds one cell may take before it counts as failed
LOGIN_TIMEOUT = 180  # seconds a browser waits for the login page's answer before the learner reloads
SPAWN_TIMEOUT = 600  # the recipe's Spawner.start_timeout: queued starts included
KERNEL_TIMEOUT = 240  # seconds to wait for a notebook's kernel to be started
SAMPLE_EVERY = 0.25  # seconds between memory/CPU samples
LITE_MARK = "claimlab-hub-bench-lite"  # in the index.html of the folder the hub's Lite service serves


def say(message: str) -> None:
    print(f"[hub-bench] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- setup
def proxy_command() -> Path:
    """configurable-http-proxy, installed once into the user's cache folder (not globally)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimlab-bench"
    prefix = base / f"chp-{CHP_VERSION}"
    exe = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    if not exe.exists():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("The hub benchmark needs Node.js and npm (for configurable-http-proxy); "
                     "on Debian: apt-get install nodejs npm")
        say(f"installing configurable-http-proxy {CHP_VERSION} into {prefix} (first run only)")
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(prefix),
                        f"configurable-http-proxy@{CHP_VERSION}"], check=True, stdout=subprocess.DEVNULL)
    return exe


BRANCH = "hub-bench"


def local_clone(tmp: Path) -> Path:
    """A bare repository holding this checkout's HEAD commit as branch ``hub-bench``: the 'remote'
    that the nbgitpuller link points at (works on a detached HEAD and a shallow clone too)."""
    target = tmp / "remote" / "claimlab.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(target)], check=True)
    subprocess.run(["git", "--git-dir", str(target), "config", "receive.shallowUpdate", "true"], check=True)
    subprocess.run(["git", "-C", str(ROOT), "push", "--quiet", str(target), f"HEAD:refs/heads/{BRANCH}"],
                   check=True)
    return target


RECIPE = ROOT / "deploy" / "local" / "jupyterhub_config.py"  # the recommended one-machine hub
HUB_CONFIG = '''
# Written by benchmarks/hub_class.py for one run; deleted with its folder. The recommended recipe first
# (queued starts, timeouts for a small machine, the hand-in folder, the JupyterLite service), then what
# this run needs instead: a login for simulated learners, ports in the benchmark's range, its own folders.
import os
load_subconfig({recipe!r})
from claimlab_spawner import QueuedSimpleLocalProcessSpawner, lite_service

class BenchSpawner(QueuedSimpleLocalProcessSpawner):
    """Every server as this user (no Unix accounts); learner n's server on a fixed port of the range."""
    async def start(self):
        self.port = {port_base} + int(self.user.name.removeprefix("learner"))
        return await super().start()

c = get_config()  # noqa: F821
c.JupyterHub.bind_url = "http://127.0.0.1:{hub_port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_api_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = "sqlite:///{tmp}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{tmp}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{tmp}/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"
# A random password for this run, and only the simulated learners allowed (never allow_all): while the
# benchmark runs, another local user cannot log in under some name and get a server as this user.
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = {allowed!r}
c.Authenticator.admin_users = set()
c.JupyterHub.spawner_class = BenchSpawner
c.SimpleLocalProcessSpawner.home_dir_template = "{tmp}/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = [*c.Spawner.args, *{args!r}]  # as root (CI, a container) jupyter_server needs --allow-root
# Kernels import claimlab from the learner's own pulled copy (as an image built from the repository
# would have it), not from the benchmark's working tree, which may be mid-edit. The hand-in folder is
# this run's (mode 1733, as the recipe asks).
c.Spawner.environment = {{**c.Spawner.environment, "PATH": {path!r}, "CLAIMLAB_ROOT": "", "CLAIMLAB_ANSWERS": "",
                          "CLAIMLAB_HANDIN": "{tmp}/handin",
                          "PYTHONPATH": lambda spawner: "{tmp}/home/" + spawner.user.name + "/claimlab/src"}}
c.JupyterHub.services = [{{"name": "bench", "api_token": {token!r}}}, lite_service("{tmp}/lite", port={lite_port})]
c.JupyterHub.load_roles = [{{"name": "bench", "services": ["bench"],
                            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"]}}]
'''


@dataclass
class Hub:
    tmp: Path
    port: int
    token: str
    learners: list[str]  # exactly the names allowed to log in
    password: str = field(default_factory=lambda: secrets.token_urlsafe(24), repr=False)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, proxy: Path, port_base: int) -> None:
        bindir = Path(sys.executable).parent
        if not RECIPE.is_file():
            raise RuntimeError(f"the recipe {RECIPE} is missing")
        config = HUB_CONFIG.format(
            recipe=str(RECIPE), lite_port=self.port + 3,
            port_base=port_base, hub_port=self.port, hub_api_port=self.port + 2, proxy_api_port=self.port + 1,
            proxy=str(proxy), tmp=self.tmp, password=self.password, allowed=set(self.learners), singleuser=str(bindir / "jupyterhub-singleuser"),
            path=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}", token=self.token,
            args=["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])
        config_file = self.tmp / "jupyterhub_config.py"
        config_file.touch(mode=0o600)  # it holds the password; the folder is the user's alone too
        config_file.write_text(config, encoding="utf-8")
        log = open(self.tmp / "jupyterhub.log", "wb")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [str(bindir / "jupyterhub"), "-f", str(self.tmp / "jupyterhub_config.py")], cwd=self.tmp,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # its own process group

    def stop(self) -> None:
        """Stop the hub, the proxy, every server and kernel: SIGTERM to the group, then SIGKILL."""
        if self.process is None:
            return
        family = []
        try:
            family = [self.process, *psutil.Process(self.process.pid).children(recursive=True)]
        except psutil.Error:
            pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass
            for proc in family:  # servers started by the hub may be in their own groups
                try:
                    proc.send_signal(sig)
                except (psutil.Error, ProcessLookupError):
                    pass
            _gone, alive = psutil.wait_procs([p for p in family if isinstance(p, psutil.Process)], timeout=5)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                continue
            if not alive:
                break
        self.process = None


# --------------------------------------------------------------------------- resources
class Sampler:
    """Samples RSS and CPU time of the hub's process tree; tells hub + proxy apart from learners."""

    def __init__(self, hub_pid: int):
        self.hub_pid = hub_pid
        self.peak_total = 0
        self.peak_infra = 0
        self.cpu: dict[int, float] = {}  # pid -> last seen user+system seconds
        self.owner: dict[int, str] = {}  # pid -> "hub", "proxy" or a learner name
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _who(self, proc: psutil.Process, hub: psutil.Process) -> str:
        if proc.pid == hub.pid:
            return "hub"
        try:
            cmd = " ".join(proc.cmdline())
            if "configurable-http-proxy" in cmd:
                return "proxy"
            chain = [proc, *proc.parents()]
            for p in chain:
                env_user = p.environ().get("JUPYTERHUB_USER") if p.pid != hub.pid else None
                if env_user:
                    return env_user
        except psutil.Error:
            pass
        return "other"

    def _run(self) -> None:
        try:
            hub = psutil.Process(self.hub_pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            total = infra = 0
            try:
                procs = [hub, *hub.children(recursive=True)]
            except psutil.Error:
                break
            for proc in procs:
                try:
                    if proc.pid not in self.owner:
                        self.owner[proc.pid] = self._who(proc, hub)
                    rss = proc.memory_info().rss
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system + times.children_user + times.children_system
                except psutil.Error:
                    continue
                total += rss
                if self.owner[proc.pid] in ("hub", "proxy"):
                    infra += rss
            self.peak_total = max(self.peak_total, total)
            self.peak_infra = max(self.peak_infra, infra)
            self._stop.wait(SAMPLE_EVERY)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def learner_cpu(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for pid, seconds in self.cpu.items():
            who = self.owner.get(pid, "other")
            if who.startswith("learner"):
                out[who] = out.get(who, 0.0) + seconds
        return out


# --------------------------------------------------------------------------- one learner
@dataclass
class Action:
    kind: str  # "check" or "cell"
    seconds: float
    ok: bool
    what: str
    why: str = ""


@dataclass
class Learner:
    name: str
    hub: Hub
    repo: Path
    branch: str
    think: float
    rng: random.Random
    deadline: float
    token: str = ""
    spawn_seconds: float = float("nan")
    first_output_seconds: float = float("nan")
    actions: list[Action] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    retries: list[str] = field(default_factory=list)  # what a browser or the hub's page retried by itself
    handed_in: Path | None = None

    def fail(self, what: str, why: str) -> None:
        self.failures.append(f"{self.name} {what}: {why}"[:300])

    async def pause(self) -> None:
        if self.think > 0:
            await asyncio.sleep(min(self.rng.uniform(0.5, 1.5) * self.think, max(0.0, self.deadline - time.time())))

    async def http(self, method: str, url: str, *, body: str | bytes | None = None, headers: dict | None = None,
                   token: str | None = None, timeout: float = 60, follow: bool = True):
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"token {token}"
        request = HTTPRequest(url, method=method, body=body, headers=headers, request_timeout=timeout,
                              follow_redirects=follow, allow_nonstandard_methods=True)
        return await AsyncHTTPClient().fetch(request, raise_error=False)

    # ---------------------------------------------------------------- the learner's session
    async def run(self, lesson: list[str], exercise: list[tuple[str, str | None]]) -> None:
        started = time.time()
        try:
            await self.login()
            await self.spawn()
            await self.pull()
            session, kernel = await self.open_notebook(f"claimlab/{LESSON}")
            async with Kernel(self, kernel) as k:
                await self.lesson(k, lesson, started)
            await self.close_notebook(session)
            session, kernel = await self.open_notebook(f"claimlab/{EXERCISE}")
            async with Kernel(self, kernel) as k:
                await self.exercise(k, exercise)
                await self.hand_in(k)
            await self.close_notebook(session)
            self.verify_saved()
        except Exception as exc:  # reported, never raised: the other learners go on
            self.fail("session", f"{exc.__class__.__name__}: {exc}")

    async def login(self) -> None:
        """The hub's login form, as a browser fills it in (DummyAuthenticator: the run's password).
        A browser waits minutes for a page; a learner whose page never came reloads it (a retry)."""
        for attempt in range(2):
            code = await login_form(self.hub, self.name, self.hub.password, timeout=LOGIN_TIMEOUT)
            if code == 302:
                break
            if code != 599 or attempt:
                raise RuntimeError(f"login refused (HTTP {code})")
            self.retries.append("login timed out; reloaded")
        # An API token for this learner (what the browser's session cookie stands for).
        made = await self.http("POST", f"{self.hub.url}/hub/api/users/{self.name}/tokens",
                               body=json.dumps({"note": "hub benchmark"}), token=self.hub.token, timeout=LOGIN_TIMEOUT)
        if made.code >= 300:
            raise RuntimeError(f"no token (HTTP {made.code}: {made.body[:200]!r})")
        self.token = json.loads(made.body)["token"]

    async def spawn(self) -> None:
        """Ask for the server, then wait as the spawn-pending page does. A 429 (too many starting) is
        retried after its Retry-After, as the recipe's error page does by itself."""
        started = time.time()
        limit = min(self.deadline, started + SPAWN_TIMEOUT)
        while True:
            reply = await self.http("POST", f"{self.hub.url}/hub/api/users/{self.name}/server", body="{}",
                                    token=self.token, timeout=LOGIN_TIMEOUT)
            if reply.code in (201, 202, 400):  # 400: already running or starting
                break
            if reply.code != 429 or time.time() > limit:
                raise RuntimeError(f"spawn refused (HTTP {reply.code}: {reply.body[:200]!r})")
            self.retries.append("spawn: too many starting (429); waited and asked again")
            await asyncio.sleep(float(reply.headers.get("Retry-After") or 20))
        while time.time() < limit:
            info = await self.http("GET", f"{self.hub.url}/hub/api/users/{self.name}", token=self.token)
            server = json.loads(info.body).get("servers", {}).get("", {}) if info.code == 200 else {}
            if server.get("ready"):
                self.spawn_seconds = time.time() - started
                return
            await asyncio.sleep(0.5)
        raise RuntimeError(f"server not ready within {SPAWN_TIMEOUT} s")

    @property
    def server(self) -> str:
        return f"{self.hub.url}/user/{self.name}"

    async def pull(self) -> None:
        """Open the nbgitpuller link, then do what its page's script does: stream the pull to the end."""
        query = urllib.parse.urlencode({"repo": f"file://{self.repo}", "branch": self.branch,
                                        "targetpath": "claimlab"})
        page = await self.http("GET", f"{self.server}/git-pull?{query}&urlpath=lab/tree/claimlab/{LESSON}",
                               token=self.token)
        if page.code != 200:
            raise RuntimeError(f"nbgitpuller link gave HTTP {page.code}")
        stream = await self.http("GET", f"{self.server}/git-pull/api?{query}", token=self.token, timeout=180)
        events = [json.loads(line[5:]) for line in stream.body.decode().splitlines() if line.startswith("data:")]
        if stream.code != 200 or not events or events[-1].get("phase") != "finished":
            raise RuntimeError(f"nbgitpuller did not finish: HTTP {stream.code}, {events[-1:]}")

    async def open_notebook(self, path: str) -> tuple[str, str]:
        """What JupyterLab does on opening a notebook: the notebook's session, whose kernel is started
        unless one is running for it already (a warmed class); (session id, kernel id)."""
        reply = await self.http("POST", f"{self.server}/api/sessions", token=self.token, timeout=KERNEL_TIMEOUT,
                                body=json.dumps({"path": path, "name": Path(path).name, "type": "notebook",
                                                 "kernel": {"name": "python3"}}))
        if reply.code not in (200, 201):
            raise RuntimeError(f"kernel not started (HTTP {reply.code}: {reply.body[:200]!r})")
        session = json.loads(reply.body)
        return session["id"], session["kernel"]["id"]

    async def close_notebook(self, session: str) -> None:
        await self.http("DELETE", f"{self.server}/api/sessions/{session}", token=self.token)

    async def hand_in(self, k: Kernel) -> None:
        """Notebook 06's export button, in the hub's hand-in folder: the copy must be there, named for this learner."""
        outputs = await self.act(k, "handin", HANDIN_CODE, "hand-in (notebook 06's export button)")
        text = "".join(str(o.get("text", "")) for o in outputs)
        found = re.search(r"handed in: (\S+)", text)
        path = Path(found.group(1)) if found else None
        folder = self.hub.tmp / "handin"
        if path is None or path.parent != folder or not path.name.startswith(f"{self.name}-") or not path.is_file():
            self.fail("hand-in", f"no copy in {folder} (the button said: {text.strip()[:200]!r})")
        else:
            self.handed_in = path

    async def act(self, k: Kernel, kind: str, code: str, what: str) -> list[dict]:
        seconds, outputs, error = await k.execute(code, timeout=min(CELL_TIMEOUT, self.deadline - time.time()))
        self.actions.append(Action(kind, seconds, not error, what, error))
        if error:
            self.fail(what, error)
        return outputs

    async def lesson(self, k: Kernel, cells: list[str], started: float) -> None:
        for number, code in enumerate(cells):
            if time.time() > self.deadline:
                raise RuntimeError("deadline reached")
            first = not k.had_output
            await self.act(k, "cell", code, f"02 cell {number}")
            if first and k.had_output:
                self.first_output_seconds = k.first_output_at - started
            stripped = code.strip()
            if stripped.startswith(("cl.rate(", "cl.rate_any(")):
                await self.pause()
                rater = "_.rater" if stripped.startswith("cl.rate_any(") else "_"
                # What the learner's clicks do: pick an option in every question, then press Check.
                seed = self.rng.randrange(10**6)
                await self.act(k, "check", RATE_CODE.format(rater=rater, seed=seed), f"02 Check after cell {number}")
            await self.pause()

    async def exercise(self, k: Kernel, cells: list[tuple[str, str | None]]) -> None:
        for number, (code, qid) in enumerate(cells):
            if time.time() > self.deadline:
                raise RuntimeError("deadline reached")
            await self.act(k, "cell", code if qid is None else f"_box = {code}\n_box", f"ex01 cell {number}")
            if qid is not None:  # what the clicks do: Check with nothing chosen, then the expert answer
                await self.pause()
                await self.act(k, "check", "_box.check_button.click()", f"ex01 early Check of {qid}")
                await self.pause()
                await self.act(k, "check", EXERCISE_CODE.format(qid=qid), f"ex01 Check of {qid}")
            await self.pause()

    def verify_saved(self) -> None:
        saved = self.hub.tmp / "home" / self.name / "claimlab" / "my_answers" / "answers.json"
        try:
            data = json.loads(saved.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            self.fail("answers file", f"{saved} not readable: {exc}")
            return
        if not data.get("ratings") or not data.get("exercises"):
            self.fail("answers file", f"{saved} lacks ratings or exercise answers: keys {sorted(data)}")


HANDIN_CODE = """\
import claimlab as _hi
_hi_panel = _hi.export_answers()
_hi_panel.button.click()
print("handed in:", _hi_panel.handed_in)"""

RATE_CODE = """\
import random as _bench_random
_bench_rater = {rater}
_bench_rng = _bench_random.Random({seed})
for _bench_control in _bench_rater.controls.values():
    _bench_control.value = _bench_rng.choice(_bench_control.options)[1]
_bench_rater.check().headline"""


async def login_form(hub: Hub, name: str, password: str, timeout: float = 60) -> int:
    """Fill in and send the hub's login form; 302 with a login cookie means logged in (else the HTTP code,
    599 for no answer in time or no connection)."""
    client = AsyncHTTPClient()
    try:
        page = await client.fetch(f"{hub.url}/hub/login", raise_error=False, request_timeout=timeout)
        if page.code != 200:
            return page.code
        cookies = _cookies(page.headers)
        form = urllib.parse.urlencode({"username": name, "password": password, "_xsrf": cookies.get("_xsrf", "")})
        reply = await client.fetch(HTTPRequest(
            f"{hub.url}/hub/login", method="POST", body=form, follow_redirects=False, request_timeout=timeout,
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                     "Content-Type": "application/x-www-form-urlencoded"}), raise_error=False)
    except HTTPClientError as exc:  # a timeout (599)
        return exc.code
    except OSError:
        return 599
    if reply.code == 302 and "jupyterhub-hub-login" not in _cookies(reply.headers):
        return 0  # redirected without a session: not logged in
    return reply.code


async def intruders_refused(hub: Hub) -> list[str]:
    """The hub lets in only the simulated learners, with the run's password: two logins that must fail."""
    other_name = await login_form(hub, "intruder", hub.password)
    wrong_password = await login_form(hub, hub.learners[0], "claimlab-bench")  # the fixed password of old
    say(f"login as a name outside allowed_users: HTTP {other_name}; with a wrong password: HTTP {wrong_password} "
        "(302 would mean let in)")
    wrong = []
    if other_name == 302:
        wrong.append("login: a name outside allowed_users was let in with the run's password")
    if wrong_password == 302:
        wrong.append(f"login: {hub.learners[0]} was let in with a wrong password")
    return wrong


def _cookies(headers) -> dict[str, str]:
    jar = {}
    for line in headers.get_list("Set-Cookie"):
        name, _, rest = line.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


class Kernel:
    """One kernel's websocket, spoken as JupyterLab speaks it (Jupyter messaging protocol, JSON)."""

    def __init__(self, learner: Learner, kernel_id: str):
        self.learner, self.kernel_id = learner, kernel_id
        self.session = uuid.uuid4().hex
        self.had_output = False
        self.first_output_at = float("nan")
        self.ws = None

    async def __aenter__(self) -> Kernel:
        url = (self.learner.server.replace("http://", "ws://")
               + f"/api/kernels/{self.kernel_id}/channels?session_id={self.session}")
        # The server answers the websocket handshake once the kernel is ready; a browser waits for it (no
        # short handshake timeout), so this waits as long as for a kernel to start, not 60 s.
        request = HTTPRequest(url, headers={"Authorization": f"token {self.learner.token}"},
                              request_timeout=KERNEL_TIMEOUT)
        self.ws = await websocket_connect(request, max_message_size=64 * 2**20)
        return self

    async def __aexit__(self, *exc) -> None:
        if self.ws is not None:
            self.ws.close()

    async def execute(self, code: str, timeout: float) -> tuple[float, list[dict], str]:
        """Run one cell; return (seconds to the kernel's idle, outputs, error or '')."""
        msg_id = uuid.uuid4().hex
        message = {
            "header": {"msg_id": msg_id, "username": self.learner.name, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3",
                       "date": dt.datetime.now(dt.UTC).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }
        started = time.time()
        await self.ws.write_message(json.dumps(message))
        outputs: list[dict] = []
        error, replied, idle = "", False, False
        while not (replied and idle):
            left = started + max(timeout, 1) - time.time()
            if left <= 0:
                return time.time() - started, outputs, f"no reply within {timeout:.0f} s"
            try:
                raw = await asyncio.wait_for(self.ws.read_message(), left)
            except TimeoutError:
                continue
            if raw is None:
                return time.time() - started, outputs, "the kernel's websocket closed"
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind in ("execute_result", "display_data", "stream"):
                outputs.append(msg["content"])
                if not self.had_output:
                    self.had_output, self.first_output_at = True, time.time()
            elif kind == "error":
                error = f"{msg['content'].get('ename')}: {msg['content'].get('evalue')}"
            elif kind == "status" and msg["content"].get("execution_state") == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
                if msg["content"].get("status") != "ok" and not error:
                    error = f"execute_reply {msg['content'].get('status')}"
        for out in outputs:  # a Claim Lab widget that failed says so in its text form
            text = str(out.get("data", {}).get("text/plain", "")) + str(out.get("text", ""))
            if "Traceback" in text:
                error = error or "a traceback was shown"
        return time.time() - started, outputs, error


# --------------------------------------------------------------------------- the notebooks
def lesson_cells() -> list[str]:
    nb = nbformat.read(ROOT / LESSON, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def exercise_cells() -> list[tuple[str, str | None]]:
    """The exercise's code cells, each with the question id its widget asks (None for other cells)."""
    cells = []
    for cell in nbformat.read(ROOT / EXERCISE, as_version=4).cells:
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        found = re.fullmatch(r'\s*cl\.exercise\("([\w.]+)"\)\s*', cell.source)
        cells.append((cell.source, found.group(1) if found else None))
    return cells


# The expert answer read from data/ (never typed here), put into the widget, then its Check button pressed.
EXERCISE_CODE = """\
from claimlab.core import exercises as _e, references as _r
from claimlab.core.questions.common import fill as _f
_ds = _e.load(); _q = _e.get_question(_ds, "{qid}")
_a = {{"number": lambda: _r.expected_value(_q["expected"], _ds), "text": lambda: _f(str(_q["model_answer"]), _ds),
       "mislead": lambda: _f(str(_q["model_answer"]), _ds)}}.get(_q["type"], lambda: _q["answer"])()
_box.set_value(_a); _box.check_button.click()
"""


# --------------------------------------------------------------------------- one class
def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


@dataclass
class ClassResult:
    n: int
    spawn: list[float]
    first_output: list[float]
    checks: list[float]
    cells: list[float]
    failures: list[str]
    actions: int
    peak_total_mb: float
    peak_infra_mb: float
    cpu_per_learner: float
    wall: float
    warm: float | None = None  # seconds the teacher's `hub warm` took before the class (None: not warmed)
    retries: list[str] = field(default_factory=list)
    load: tuple[float, float] = (float("nan"), float("nan"))  # 1-minute load average before and after
    handed_in: int = 0  # learners whose hand-in the class results read

    @property
    def per_learner_mb(self) -> float:
        return (self.peak_total_mb - self.peak_infra_mb) / self.n

    def row(self) -> str:
        def trio(values):
            return f"{pct(values, .5):.2f} / {pct(values, .95):.2f} / {max(values, default=float('nan')):.2f}"

        def med(values):
            return (f"{statistics.median(values) if values else float('nan'):.1f} "
                    f"(max {max(values, default=float('nan')):.1f})")
        warm = "no" if self.warm is None else f"{self.warm:.0f} s"
        return (f"| {self.n} | {warm} | {med(self.spawn)} | {med(self.first_output)} | {trio(self.checks)} | "
                f"{trio(self.cells)} | {len(self.failures)} of {self.actions} | {len(self.retries)} | "
                f"{self.handed_in} of {self.n} | {self.peak_total_mb:.0f} | {self.per_learner_mb:.0f} | "
                f"{self.cpu_per_learner:.1f} | {self.wall:.0f} | {self.load[0]:.2f} / {self.load[1]:.2f} |")


def learner_names(n: int) -> list[str]:
    return [f"learner{i:02d}" for i in range(1, n + 1)]


async def run_class(hub: Hub, n: int, repo: Path, branch: str, think: float, deadline: float,
                    seed: int) -> list[Learner]:
    lesson, exercise = lesson_cells(), exercise_cells()
    AsyncHTTPClient.configure(None, max_clients=4 * n + 10)
    rng = random.Random(seed)
    learners = [Learner(name, hub, repo, branch, think, random.Random(rng.random()), deadline)
                for name in hub.learners]

    async def one(learner: Learner, delay: float) -> None:
        await asyncio.sleep(delay)  # a class does not press Enter in the same millisecond
        await learner.run(lesson, exercise)

    await asyncio.gather(*(one(learner, rng.uniform(0, min(5.0, n * 0.2))) for learner in learners))
    return learners


async def wait_for_hub(hub: Hub, timeout: float = 60) -> None:
    started = time.time()
    while time.time() - started < timeout:
        if hub.process is not None and hub.process.poll() is not None:
            raise RuntimeError(f"JupyterHub exited (see {hub.tmp / 'jupyterhub.log'})")
        try:
            reply = await AsyncHTTPClient().fetch(f"{hub.url}/hub/api/", raise_error=False, request_timeout=5)
            if reply.code == 200:
                return
        except (OSError, HTTPClientError):
            pass
        await asyncio.sleep(0.5)
    raise RuntimeError("JupyterHub did not answer within 60 s")


def wait_until_quiet(below: float, every: float = 30, longest: float = 3600) -> None:
    """Other people's work shares this machine: wait until its 1-minute load average is below ``below``
    (looked at every ``every`` s, at most ``longest`` s); if it never is, go on and say so."""
    started = time.time()
    while True:
        load = os.getloadavg()[0]
        if load < below:
            say(f"load average {load:.2f} < {below:g}: quiet enough (waited {time.time() - started:.0f} s)")
            return
        if time.time() - started >= longest:
            say(f"load average still {load:.2f} after {longest / 60:.0f} minutes: running anyway")
            return
        say(f"load average {load:.2f} >= {below:g}; waiting")
        time.sleep(every)


def warm_class(hub: Hub, repo: Path, parallel: int) -> tuple[float, list[str]]:
    """The teacher before the bell: `python -m claimlab hub warm` with an admin's token, for every learner
    (server, module pulled, notebook 02's kernel kept running). Returns (seconds, failures)."""
    token_file = hub.tmp / "teacher.token"
    token_file.touch(mode=0o600)
    token_file.write_text(hub.token + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "claimlab", "hub", "warm", "--hub", hub.url, "--token-file", str(token_file),
               "--users", ",".join(hub.learners), "--pull", f"file://{repo}", "--branch", BRANCH,
               "--target", "claimlab", "--open", f"claimlab/{LESSON}", "--parallel", str(parallel)]
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, timeout=1200, cwd=hub.tmp)
    took = time.time() - started
    say(f"warm (exit {done.returncode}, {took:.0f} s):\n" + (done.stdout + done.stderr).strip()[-3000:])
    return took, ([] if done.returncode == 0 else [f"hub warm exited {done.returncode}: "
                                                    f"{(done.stdout + done.stderr).strip()[-300:]}"])


async def lite_served(hub: Hub) -> list[str]:
    """The JupyterLite folder, served by the recipe's hub service through the hub's own address."""
    reply = await AsyncHTTPClient().fetch(f"{hub.url}/services/lite/", raise_error=False, request_timeout=60)
    body = reply.body.decode("utf-8", "replace") if reply.body else ""
    if reply.code != 200 or LITE_MARK not in body:
        return [f"lite: {hub.url}/services/lite/ gave HTTP {reply.code}, not the served folder's index.html"]
    say(f"lite: {hub.url}/services/lite/ serves the folder (HTTP 200)")
    return []


def handins_read(hub: Hub, learners: list[Learner]) -> tuple[int, list[str]]:
    """The class results, given the hand-in folder, read each learner's handed-in copy with its ratings."""
    from claimlab.classroom.results import ClassResults
    folder = hub.tmp / "handin"
    results = ClassResults(folder, progress=False)
    read = {learner.path.resolve() for learner in results.learners if learner.ratings}
    failures = [f"{x.name} class results: its hand-in {x.handed_in} was not read from {folder}"
                f" (skipped: {[s.reason for s in results.skipped][:3]}; {results.messages[:1]})"
                for x in learners if x.handed_in is not None and x.handed_in.resolve() not in read]
    return sum(1 for x in learners if x.handed_in is not None and x.handed_in.resolve() in read), failures


def measure_class(n: int, args, proxy: Path, repo: Path) -> ClassResult:
    """Start a fresh hub, run n learners, stop everything; return the figures."""
    if args.quiet_below:
        wait_until_quiet(args.quiet_below)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="claimlab-hub-") as scratch:
        tmp = Path(scratch)
        (tmp / "home").mkdir()
        (tmp / "handin").mkdir(mode=0o1733)
        os.chmod(tmp / "handin", 0o1733)  # the recipe's drop box (the benchmark's servers all run as this user)
        (tmp / "lite").mkdir()
        (tmp / "lite" / "index.html").write_text(f"<!doctype html><title>{LITE_MARK}</title>", encoding="utf-8")
        hub = Hub(tmp, args.port, secrets.token_hex(32), learner_names(n))
        sampler = None
        warm, failures = None, []
        try:
            hub.start(proxy, args.port + 10)
            asyncio.run(wait_for_hub(hub))
            failures += asyncio.run(intruders_refused(hub))  # before any learner has a session
            failures += asyncio.run(lite_served(hub))
            sampler = Sampler(hub.process.pid)
            sampler.start()
            if args.warm:
                warm, warm_failures = warm_class(hub, repo, args.warm_parallel)
                failures += warm_failures
            say(f"N = {n}: hub up{' and warmed' if args.warm else ''}; learners start")
            started = time.time()
            learners = asyncio.run(run_class(hub, n, repo, BRANCH, args.think,
                                             min(time.time() + args.class_timeout, args.deadline), args.seed))
            wall = time.time() - started
            sampler.stop()
            handed_in, unread = handins_read(hub, learners)
            failures += unread
        except BaseException:
            log = tmp / "jupyterhub.log"
            if log.exists():
                say("last lines of the hub's log:\n" + "\n".join(log.read_text(errors="replace").splitlines()[-30:]))
            raise
        finally:
            if sampler is not None:
                sampler.stop()
            hub.stop()
        failures += [f for learner in learners for f in learner.failures]
        if failures:  # keep the hub's log (hub, proxy and servers) for whoever reads the failures
            kept = RESULTS.with_name(f"hub_failed_N{n}.log")
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(tmp / "jupyterhub.log", kept)
            say(f"N = {n}: {len(failures)} failed actions; the hub's log is kept in {kept.relative_to(ROOT)}")
            if args.verbose:
                say("hub log tail:\n" + "\n".join(kept.read_text(errors="replace").splitlines()[-20:]))
    cpu = sampler.learner_cpu()
    actions = [a for learner in learners for a in learner.actions]
    return ClassResult(
        n=n,
        spawn=[x.spawn_seconds for x in learners if x.spawn_seconds == x.spawn_seconds],
        first_output=[x.first_output_seconds for x in learners if x.first_output_seconds == x.first_output_seconds],
        checks=[a.seconds for a in actions if a.kind == "check" and a.ok],
        cells=[a.seconds for a in actions if a.kind == "cell" and a.ok],
        failures=failures, actions=len(actions) + n,  # + n: each learner's login-spawn-pull counts as one
        peak_total_mb=sampler.peak_total / 2**20, peak_infra_mb=sampler.peak_infra / 2**20,
        cpu_per_learner=(sum(cpu.values()) / n) if cpu else float("nan"), wall=wall, warm=warm,
        retries=[r for learner in learners for r in learner.retries], load=(load_before, os.getloadavg()[0]),
        handed_in=handed_in)


HEADER = ("| Learners | Warmed | Spawn s, median (max) | First output s, median (max) | Check s p50 / p95 / max | "
          "Cell s p50 / p95 / max | Failed actions | Retries | Hand-ins read | Peak RSS total MB | Per learner MB | "
          "CPU s per learner | Wall s | Load before / after |\n"
          "|---:|---|---:|---:|---|---|---|---:|---|---:|---:|---:|---:|---|")


def verdict(results: list[ClassResult]) -> str:
    good = [r for r in results if not r.failures and pct(r.checks, .95) < TARGET_CHECK_P95]
    mem = psutil.virtual_memory().total / 2**20
    biggest = max(results, key=lambda r: r.n)
    by_memory = int((mem * 0.8 - biggest.peak_infra_mb) / max(biggest.per_learner_mb, 1))
    if not good:
        return (f"No class size met p95 Check < {TARGET_CHECK_P95:.0f} s with 0 failed actions on this machine "
                f"({psutil.cpu_count()} cores).")
    best = max(good, key=lambda r: r.n)
    tested = "the largest class tried" if best.n == biggest.n else f"{biggest.n} did not"
    return (f"Verdict: this machine ({psutil.cpu_count()} cores, {mem / 1024:.0f} GB) held **{best.n} "
            f"learner{'s' if best.n != 1 else ''}** at once ({tested}) with p95 Check latency "
            f"{pct(best.checks, .95):.2f} s < {TARGET_CHECK_P95:.0f} s and 0 failed actions. At "
            f"{biggest.per_learner_mb:.0f} MB per learner (server + kernel), 80 % of its memory would hold about "
            f"{by_memory}; the cores are the limit ({biggest.cpu_per_learner:.1f} CPU s per learner for "
            "notebook 02 and ex01, mostly at login and at each kernel start).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, nargs="+", default=[1, 10, 20, 30], help="class sizes (1..50)")
    parser.add_argument("--think", type=float, default=2.0,
                        help="mean think-time in seconds between a learner's actions (default 2)")
    parser.add_argument("--port", type=int, default=8830, help="first of the ports used (default 8830)")
    parser.add_argument("--class-timeout", type=float, default=900, help="seconds one class size may take")
    parser.add_argument("--deadline", type=float, default=None, help="seconds the whole run may take")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--smoke", action="store_true",
                        help="CI smoke run: exit 1 on any failed action; no think-time unless given")
    parser.add_argument("--warm", action="store_true",
                        help="a warmed class: before the learners come, the teacher runs `python -m claimlab hub "
                             "warm` (servers started, the module pulled, notebook 02's kernel running)")
    parser.add_argument("--warm-parallel", type=int, default=4, help="with --warm: hub warm's --parallel (default 4)")
    parser.add_argument("--quiet-below", type=float, default=0,
                        help="before each class size, wait (up to an hour) until the 1-minute load average is "
                             "below this (other people's work shares the machine); 0: do not wait")
    parser.add_argument("--repeat", type=int, default=1, help="run each class size this many times in a row")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    # Stop cleanly (hub, proxy, servers, kernels) on Ctrl-C and on SIGTERM, even when started in the
    # background, where SIGINT is ignored by default.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    if any(not 1 <= n <= 50 for n in args.learners):
        parser.error("class sizes must be between 1 and 50 (ports 8840 + n)")
    if args.smoke and "--think" not in (argv or sys.argv):
        args.think = 0.2
    args.deadline = time.time() + (args.deadline or 3600)
    proxy = proxy_command()
    results = []
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()  # what local_clone pushes, for every class size
    with tempfile.TemporaryDirectory(prefix="claimlab-hub-remote-") as remote:
        repo = local_clone(Path(remote))  # one commit for every class size
        for n in [n for n in args.learners for _ in range(max(1, args.repeat))]:
            if time.time() > args.deadline:
                say(f"deadline reached; N = {n} not run")
                break
            result = measure_class(n, args, proxy, repo)
            say(f"N = {n}: {result.row()}")
            for failure in result.failures[:10]:
                say(f"  failed: {failure}")
            results.append(result)
    versions = {name: __import__(name).__version__ for name in ("jupyterhub", "jupyter_server", "nbgitpuller")}
    text = "\n".join([
        f"Claim Lab hub benchmark, {dt.datetime.now().astimezone().isoformat(timespec='minutes')}",
        "",
        f"Machine: {platform.platform()}, {psutil.cpu_count()} CPUs, "
        f"{psutil.virtual_memory().total / 2**30:.1f} GB RAM; Python {platform.python_version()}; "
        + ", ".join(f"{k} {v}" for k, v in versions.items()) + f", configurable-http-proxy {CHP_VERSION}",
        f"Hub: the recipe {RECIPE.relative_to(ROOT)} (queued starts, its timeouts), DummyAuthenticator, "
        f"SimpleLocalProcessSpawner; the module at commit {commit}.",
        f"Each learner: login, spawn, nbgitpuller, then {LESSON} and {EXERCISE} cell by cell, think-time "
        f"{args.think:g} s (mean), then notebook 06's export button (a hand-in), read back by the class results."
        + (" Warmed: the teacher ran `python -m claimlab hub warm` first (servers, pull, notebook 02's kernel)."
           if args.warm else ""),
        "",
        HEADER,
        *(r.row() for r in results),
        "",
        verdict(results) if results else "Nothing ran.",
    ]) + "\n"
    print(text)
    failures = [f for r in results for f in r.failures]
    if failures:
        print("Failed actions:\n" + "\n".join(f"- {f}" for f in failures[:40]))
    results_file = RESULTS.with_name("hub_smoke.md") if args.smoke else RESULTS
    results_file.parent.mkdir(parents=True, exist_ok=True)
    results_file.write_text(text, encoding="utf-8")
    say(f"written to {results_file.relative_to(ROOT)}")
    if args.smoke:
        return 1 if failures or not results else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
