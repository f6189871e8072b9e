"""Claim Lab's spawner for a JupyterHub on one machine: a class that logs in at once is queued.

When 30 learners log in in the same minute on a 2-core machine, 30 servers starting at once share
the cores and all finish late (and the hub, starved, times out logins). This spawner lets at most
``starting_at_once`` servers start at a time (default: one per core) and holds each place until the
server answers HTTP, so the others wait in order. A waiting learner sees JupyterHub's own "Your server
is starting up" page, with "N servers are starting before yours" and the queue moving. Servers run at
a lower CPU priority (``niceness``) than the hub and proxy, so logins and the page stay responsive
while the class starts: as root the hub and proxy are raised above normal (:func:`favour_the_hub`)
and the servers run at normal priority; otherwise the servers are lowered.

It subclasses JupyterHub's LocalProcessSpawner (real Unix users; the hub runs as root) and
SimpleLocalProcessSpawner (one user, for trials and benchmarks/hub_class.py). Used by
deploy/local/jupyterhub_config.py; needs only JupyterHub (no Claim Lab in the hub's environment).
Written here because no released spawner queues starts: JupyterHub's ``concurrent_spawn_limit``
refuses the extra logins with HTTP 429 ("try again in 30 seconds") instead of making them wait.
"""
from __future__ import annotations

import asyncio
import os
import sys

from jupyterhub.spawner import LocalProcessSpawner, SimpleLocalProcessSpawner
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from traitlets import Integer
from traitlets.config import Configurable

HERE = os.path.dirname(os.path.abspath(__file__))
_WAITING: list = []  # spawners waiting for a place, in order of arrival
_GATE: dict[int, asyncio.Semaphore] = {}


def _gate(places: int) -> asyncio.Semaphore:
    if places not in _GATE:
        _GATE[places] = asyncio.Semaphore(places)
    return _GATE[places]


class QueuedStart(Configurable):
    """At most ``starting_at_once`` servers starting at a time; the others wait in order, and say so.
    Mixed in before a spawner class (a Configurable, so it is configured as ``c.QueuedStart.<name>``)."""

    starting_at_once = Integer(0, config=True, help="Servers that may be starting at once (0: one per CPU core).")
    niceness = Integer(5, config=True, help="How much lower the servers' (and their kernels') CPU priority is "
                                            "than the hub's and the proxy's (0: the same).")

    _queued = False
    _starting = False

    def make_preexec_fn(self, name):
        inner = super().make_preexec_fn(name)
        niceness = self.niceness

        def preexec():
            if niceness > 0:
                os.nice(niceness)
            if inner is not None:
                inner()
        return preexec

    async def start(self):
        places = self.starting_at_once or os.cpu_count() or 2
        self._queued = True
        _WAITING.append(self)
        try:
            async with _gate(places):
                _WAITING.remove(self)
                self._queued, self._starting = False, True
                address = await super().start()
                await self._until_answering(address)
                return address
        finally:
            if self in _WAITING:
                _WAITING.remove(self)
            self._queued = self._starting = False

    async def _until_answering(self, address) -> None:
        """Hold the place until the server answers HTTP (or stops, or http_timeout passes)."""
        if getattr(self, "internal_ssl", False):
            return  # the hub checks it with its certificates
        ip, port = address
        url = f"http://{ip or '127.0.0.1'}:{port}{self.server.base_url}api"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.http_timeout
        client = AsyncHTTPClient()
        while loop.time() < deadline:
            status = await self.poll()
            if status is not None:
                raise RuntimeError(f"the server stopped while starting (exit status {status})")
            try:
                reply = await client.fetch(url, request_timeout=10, raise_error=False)
                if reply.code < 500:
                    return
            except (OSError, HTTPClientError):
                pass
            await asyncio.sleep(0.25)

    async def progress(self):
        said = None
        while self.pending == "spawn" and (self._queued or self._starting):
            if self._queued and self in _WAITING:
                ahead = _WAITING.index(self)
                message = (f"Many of your class are starting at once: {ahead} server{'s' if ahead != 1 else ''} "
                           "before yours. Please wait; this page moves on by itself.")
                event = {"progress": 10, "message": message}
            else:
                event = {"progress": 50, "message": "Starting your server; please wait."}
            if event["message"] != said:
                said = event["message"]
                yield event
            await asyncio.sleep(1)


def favour_the_hub(niceness: int = 5) -> None:
    """Run the hub (and the proxy it starts) ``niceness`` steps above normal priority, when it may (as
    root); its servers then step back to normal (QueuedStart.niceness), so on a machine shared with other
    work the class is not slowed, while the hub still comes first. Without root, servers step below."""
    if niceness > 0 and hasattr(os, "geteuid") and os.geteuid() == 0:
        os.setpriority(os.PRIO_PROCESS, 0, -niceness)


class QueuedLocalProcessSpawner(QueuedStart, LocalProcessSpawner):
    """LocalProcessSpawner (each learner's server as their own Unix user), starts queued."""


class QueuedSimpleLocalProcessSpawner(QueuedStart, SimpleLocalProcessSpawner):
    """SimpleLocalProcessSpawner (every server as the hub's user: trials and benchmarks), starts queued."""


def lite_service(folder: str, port: int = 8090, name: str = "lite") -> dict:
    """A JupyterHub service serving the built JupyterLite site (``python -m claimlab lite``) at
    ``/services/<name>/``: the zero-server option, from the hub's own address."""
    return {"name": name, "url": f"http://127.0.0.1:{port}", "display": True,
            "command": [sys.executable, os.path.join(HERE, "lite_service.py"), "--port", str(port), str(folder)]}
