"""A class that holds (issue 28): the recommended hub settings, for one machine and for Kubernetes.

deploy/local/jupyterhub_config.py (the recipe benchmarks/hub_class.py runs) queues server starts and
sets timeouts for a small machine; deploy/z2jh/values.yaml sets the same limits and timeouts for Zero to
JupyterHub, and deploy/z2jh/handin.yaml the class hand-in folder. The queue itself is tested here with
stand-in servers; a real hub runs it in tests/classroom/test_hub_warm.py and the benchmark.
"""
from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from claimlab.classroom.hub import run_coroutine

ROOT = Path(__file__).resolve().parents[2]
LOCAL = ROOT / "deploy" / "local"
Z2JH = ROOT / "deploy" / "z2jh"

pytest.importorskip("jupyterhub")


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def recipe():
    from traitlets.config.loader import PyFileConfigLoader
    before = list(sys.path)
    try:  # the recipe puts its own folder on the path, to import claimlab_spawner beside it
        return PyFileConfigLoader(str(LOCAL / "jupyterhub_config.py")).load_config()
    finally:
        sys.path[:] = before


def test_the_recipe_queues_starts_and_waits_long_enough(recipe):
    assert recipe.JupyterHub.spawner_class.__name__ == "QueuedLocalProcessSpawner"
    assert recipe.QueuedStart.starting_at_once == 0 and recipe.QueuedStart.niceness > 0
    assert 30 < recipe.JupyterHub.concurrent_spawn_limit <= 100  # above a class, below a runaway
    assert recipe.Spawner.start_timeout >= 300 and recipe.Spawner.http_timeout >= 60
    assert "--MappingKernelManager.kernel_info_timeout=180" in recipe.Spawner.args
    assert recipe.Spawner.environment["CLAIMLAB_HANDIN"] == "/srv/claimlab-handin"
    assert recipe.Authenticator.allowed_users and "allow_all" not in recipe.Authenticator
    assert recipe.JupyterHub.bind_url.startswith("http://127.0.0.1:")


def test_the_self_retrying_error_page_is_the_same_on_both_hubs():
    values = yaml.safe_load((Z2JH / "values.yaml").read_text(encoding="utf-8"))
    page = values["hub"]["extraFiles"]["claimlab-error-page"]
    assert page["stringData"] == (LOCAL / "templates" / "error.html").read_text(encoding="utf-8")
    assert str(Path(page["mountPath"]).parent) in values["hub"]["templatePaths"]
    assert 'http-equiv="refresh"' in page["stringData"] and "status_code == 429" in page["stringData"]


def test_z2jh_sets_the_same_limits_and_timeouts(recipe):
    values = yaml.safe_load((Z2JH / "values.yaml").read_text(encoding="utf-8"))
    assert values["hub"]["concurrentSpawnLimit"] <= recipe.JupyterHub.concurrent_spawn_limit
    assert values["hub"]["config"]["KubeSpawner"]["http_timeout"] == recipe.Spawner.http_timeout
    assert values["hub"]["config"]["KubeSpawner"]["args"] == list(recipe.Spawner.args)
    assert values["singleuser"]["startTimeout"] >= 600


def test_z2jh_hand_in_mounts_each_learners_own_folder():
    handin = yaml.safe_load((Z2JH / "handin.yaml").read_text(encoding="utf-8"))["singleuser"]
    (mount,) = handin["storage"]["extraVolumeMounts"]
    assert mount["subPath"] == "{username}" and handin["extraEnv"]["CLAIMLAB_HANDIN"] == mount["mountPath"]
    (volume,) = handin["storage"]["extraVolumes"]
    claim = yaml.safe_load((Z2JH / "handin-pvc.yaml").read_text(encoding="utf-8"))
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    (init,) = handin["initContainers"]
    assert init["volumeMounts"][0]["name"] == volume["name"] and "{username}" in init["command"][-1]
    assert ":" in init["image"] and not init["image"].endswith(":latest")


def test_z2jh_with_the_hand_in_file_is_accepted(capsys):
    checker = load_module(Z2JH / "check_values.py", "claimlab_check_values_recipe")
    code = checker.main([str(Z2JH / "values.yaml"), str(Z2JH / "handin.yaml"), str(Z2JH / "site.example.yaml")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "schema: valid" in out


# --------------------------------------------------------------------------- the queue, with stand-ins
def test_starts_wait_in_order_at_most_n_at_once_and_say_so(monkeypatch):
    spawner = load_module(LOCAL / "claimlab_spawner.py", "claimlab_spawner_test")
    running, most, order, said = [0], [0], [], {}

    class StandIn:
        """What QueuedStart needs of a spawner: start, poll, pending, http_timeout."""
        http_timeout = 5
        pending = "spawn"
        name = ""

        async def start(self):
            running[0] += 1
            most[0] = max(most[0], running[0])
            order.append(self.name)
            await asyncio.sleep(0.05)
            running[0] -= 1
            return ("127.0.0.1", 1)

    class Queued(spawner.QueuedStart, StandIn):
        def __init__(self, name):
            super().__init__()
            self.name, self.starting_at_once = name, 2

        async def _until_answering(self, address):
            await asyncio.sleep(0.05)  # the server answers a moment after its process starts

    async def main():
        servers = [Queued(f"s{i}") for i in range(6)]

        async def watch(server):
            async for event in server.progress():
                said.setdefault(server.name, []).append(event["message"])

        starts = []
        for server in servers:
            starts.append(asyncio.ensure_future(server.start()))
            await asyncio.sleep(0)
        watchers = [asyncio.ensure_future(watch(s)) for s in servers]
        await asyncio.gather(*starts)
        await asyncio.wait_for(asyncio.gather(*watchers), 5)

    run_coroutine(main())
    assert most[0] == 2 and order == [f"s{i}" for i in range(6)]
    assert any("3 servers before yours" in m for m in said["s5"]), said["s5"]
    assert not spawner._WAITING  # nobody left in the queue
