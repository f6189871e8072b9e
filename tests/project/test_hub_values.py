"""A school's hub is secure by default (issue 28): deploy/z2jh/check_values.py refuses an open hub.

Each insecure case starts from the documented secure site file (deploy/z2jh/site.example.yaml, given
after deploy/z2jh/values.yaml, as the README says), changes one thing, and must be refused with the
setting's dotted path in the message. No network: the chart's defaults and schema are vendored in
deploy/z2jh/chart/.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
Z2JH = ROOT / "deploy" / "z2jh"
FRAGMENT = Z2JH / "values.yaml"
SITE = Z2JH / "site.example.yaml"


def _load_module():
    spec = importlib.util.spec_from_file_location("claimlab_check_values", Z2JH / "check_values.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cv = _load_module()


def run(capsys, *files: Path, chart: Path | None = None) -> tuple[int, str]:
    argv = [*(["--chart", str(chart)] if chart else []), *map(str, files)]
    code = cv.main(argv)
    return code, capsys.readouterr().out


def site(tmp_path: Path, change=None, name: str = "site.yaml") -> Path:
    """The example site file, changed by ``change(values)``, written to a temporary file."""
    values = yaml.safe_load(SITE.read_text(encoding="utf-8"))
    if change is not None:
        change(values)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")
    return path


def refused(code: int, out: str, setting: str) -> None:
    assert code == 1, out
    lines = [line for line in out.splitlines() if line.strip().startswith("REFUSED")]
    assert any(line.strip().startswith(f"REFUSED {setting}") for line in lines), \
        f"{setting} not named among the refused settings:\n{out}"


# --------------------------------------------------------------------------- the secure file passes
def test_the_documented_secure_site_file_is_accepted(capsys):
    code, out = run(capsys, FRAGMENT, SITE)
    assert code == 0, out
    assert "REFUSED" not in out
    assert "schema: valid" in out


def test_the_fragment_alone_is_an_open_hub_and_refused(capsys):
    code, out = run(capsys, FRAGMENT)
    for setting in ("hub.config.JupyterHub.authenticator_class", "proxy.https.enabled",
                    "singleuser.image.tag", "singleuser.image.name"):
        refused(code, out, setting)
    assert "'dummy' (the chart's default)" in out


def test_the_fragment_given_last_overrides_the_site_and_is_refused_with_a_hint(capsys):
    code, out = run(capsys, SITE, FRAGMENT)
    refused(code, out, "singleuser.image.tag")
    assert "give it first" in out


# --------------------------------------------------------------------------- authentication
def _auth(name):
    def change(v):
        v["hub"]["config"]["JupyterHub"]["authenticator_class"] = name
    return change


@pytest.mark.parametrize("name", ["dummy", "jupyterhub.auth.DummyAuthenticator", "shared-password", "tmp"])
def test_an_authenticator_that_lets_anyone_in_is_refused(tmp_path, capsys, name):
    code, out = run(capsys, FRAGMENT, site(tmp_path, _auth(name)))
    refused(code, out, "hub.config.JupyterHub.authenticator_class")


def test_no_authenticator_means_the_charts_dummy_and_is_refused(tmp_path, capsys):
    def change(v):
        del v["hub"]["config"]["JupyterHub"]
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, "hub.config.JupyterHub.authenticator_class")
    assert "the chart's default" in out


@pytest.mark.parametrize("section", ["Authenticator", "GoogleOAuthenticator", "LTI13Authenticator"])
def test_allow_all_is_refused_on_any_authenticator(tmp_path, capsys, section):
    def change(v):
        v["hub"]["config"].setdefault(section, {})["allow_all"] = True
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, f"hub.config.{section}.allow_all")


def test_allow_all_in_extra_config_code_is_refused(tmp_path, capsys):
    def change(v):
        v["hub"]["extraConfig"] = {"open": "c.Authenticator.allow_all = True\n"}
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, "hub.extraConfig.open")


def test_open_sign_up_without_an_admin_is_refused(tmp_path, capsys):
    def change(v):
        v["hub"]["config"]["JupyterHub"]["authenticator_class"] = "native"
        v["hub"]["config"]["NativeAuthenticator"] = {"open_signup": True}
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, "hub.config.NativeAuthenticator.open_signup")


def test_first_use_authenticator_creating_anyone_is_refused(tmp_path, capsys):
    def change(v):
        v["hub"]["config"]["JupyterHub"]["authenticator_class"] = "firstuseauthenticator.FirstUseAuthenticator"
        del v["hub"]["config"]["Authenticator"]["allowed_users"]
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, "hub.config.FirstUseAuthenticator.create_users")


def test_no_allow_list_is_a_note_not_a_refusal(tmp_path, capsys):
    def change(v):
        del v["hub"]["config"]["Authenticator"]
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    assert code == 0, out
    assert "note: hub.config.Authenticator.allowed_users: no allow-list" in out


# --------------------------------------------------------------------------- HTTPS
def test_https_deleted_with_null_falls_back_to_the_charts_plain_http_and_is_refused(tmp_path, capsys):
    def change(v):
        v["proxy"]["https"] = None  # null deletes the key: the chart's https.enabled false comes back
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, "proxy.https.enabled")
    assert "LoadBalancer" in out


@pytest.mark.parametrize("service", ["LoadBalancer", "NodePort"])
def test_a_public_service_without_https_is_refused(tmp_path, capsys, service):
    def change(v):
        v["proxy"] = {"service": {"type": service}, "https": {"enabled": False}}
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, "proxy.https.enabled")


def test_lets_encrypt_without_hosts_is_refused(tmp_path, capsys):
    def change(v):
        v["proxy"]["https"]["hosts"] = []
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, "proxy.https.hosts")


def test_a_tls_secret_without_a_name_is_refused_and_with_one_accepted(tmp_path, capsys):
    def nameless(v):
        v["proxy"]["https"] = {"enabled": True, "type": "secret", "hosts": ["hub.school.example"]}
    code, out = run(capsys, FRAGMENT, site(tmp_path, nameless))
    refused(code, out, "proxy.https.secret.name")

    def named(v):
        nameless(v)
        v["proxy"]["https"]["secret"] = {"name": "hub-tls"}
    code, out = run(capsys, FRAGMENT, site(tmp_path, named, "named.yaml"))
    assert code == 0, out


def test_an_ingress_with_tls_in_front_of_a_cluster_only_service_is_accepted(tmp_path, capsys):
    def change(v):
        v["proxy"] = {"service": {"type": "ClusterIP"}, "https": {"enabled": False}}
        v["ingress"] = {"enabled": True, "hosts": ["hub.school.example"],
                        "tls": [{"hosts": ["hub.school.example"], "secretName": "hub-tls"}]}
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    assert code == 0, out


def test_an_ingress_with_tls_beside_the_default_load_balancer_is_accepted_with_a_note(tmp_path, capsys):
    def change(v):
        v["proxy"] = {"https": {"enabled": False}}
        v["ingress"] = {"enabled": True, "hosts": ["hub.school.example"],
                        "tls": [{"hosts": ["hub.school.example"], "secretName": "hub-tls"}]}
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    assert code == 0, out
    assert "note: proxy.service.type: LoadBalancer beside an ingress with TLS" in out


def test_an_ingress_without_tls_is_refused(tmp_path, capsys):
    def change(v):
        v["proxy"] = {"service": {"type": "ClusterIP"}, "https": {"enabled": False}}
        v["ingress"] = {"enabled": True, "hosts": ["hub.school.example"]}
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, "ingress.tls")


def test_a_cluster_only_service_without_https_is_not_public_and_accepted(tmp_path, capsys):
    def change(v):
        v["proxy"] = {"service": {"type": "ClusterIP"}, "https": {"enabled": False}}
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    assert code == 0, out


# --------------------------------------------------------------------------- a pinned image and content
@pytest.mark.parametrize("tag", ["latest", "", None, "<commit>", "TAG", "set-me", "REPLACE-WITH-COMMIT",
                                 "main", 1234567])
def test_a_moving_or_placeholder_image_tag_is_refused(tmp_path, capsys, tag):
    def change(v):
        v["singleuser"]["image"]["tag"] = tag
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, "singleuser.image.tag")


@pytest.mark.parametrize("tag", ["v2.0.0", "5e1f0c2a9b7d", "2026-12-01", "ABCDEF1234"])
def test_a_fixed_image_tag_is_accepted(tmp_path, capsys, tag):
    def change(v):
        v["singleuser"]["image"]["tag"] = tag
        v["singleuser"]["extraEnv"]["CLAIMLAB_REF"] = tag
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    assert code == 0, out


def test_gitpuller_on_a_branch_in_the_post_start_hook_is_refused(tmp_path, capsys):
    def change(v):
        v["singleuser"]["lifecycleHooks"] = {"postStart": {"exec": {"command": [
            "gitpuller", "https://github.com/claim-lab/claimlab", "main", "claimlab"]}}}
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, "singleuser.lifecycleHooks.postStart.exec.command")
    assert "'main'" in out


@pytest.mark.parametrize("ref", ["main", "master", "HEAD", "", "<commit>", "set-me"])
def test_a_moving_or_placeholder_content_ref_is_refused(tmp_path, capsys, ref):
    def change(v):
        v["singleuser"]["extraEnv"]["CLAIMLAB_REF"] = ref
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    refused(code, out, "singleuser.extraEnv.CLAIMLAB_REF")


def test_content_from_another_commit_than_the_image_is_a_note(tmp_path, capsys):
    def change(v):
        v["singleuser"]["extraEnv"]["CLAIMLAB_REF"] = "0123456789ab"
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    assert code == 0, out
    assert "note: singleuser.extraEnv.CLAIMLAB_REF" in out


# --------------------------------------------------------------------------- the chart's schema
def test_a_key_the_charts_schema_does_not_know_is_refused(tmp_path, capsys):
    def change(v):
        v["singleuser"]["imgae"] = {"name": "x"}
    code, out = run(capsys, FRAGMENT, site(tmp_path, change))
    assert code == 1, out
    assert "REFUSED singleuser: the chart's schema refuses it" in out and "imgae" in out


def test_without_the_charts_schema_the_security_checks_still_run_and_the_skip_is_said(
        tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cv, "VENDORED", tmp_path / "no-chart")
    code, out = run(capsys, FRAGMENT, SITE)
    assert code == 0, out
    assert "schema check skipped" in out
    code, out = run(capsys, FRAGMENT)
    refused(code, out, "hub.config.JupyterHub.authenticator_class")
    refused(code, out, "proxy.https.enabled")


def test_another_chart_checkout_can_be_named(tmp_path, capsys):
    chart = tmp_path / "z2jh" / "jupyterhub"
    chart.mkdir(parents=True)
    for name in ("values.yaml", "values.schema.json"):
        (chart / name).write_bytes((Z2JH / "chart" / name).read_bytes())
    code, out = run(capsys, FRAGMENT, SITE, chart=tmp_path / "z2jh")
    assert code == 0, out
    assert str(chart) in out


def test_the_built_in_defaults_are_the_vendored_charts():
    """What the checks assume of the chart when it is absent is what the vendored chart says."""
    chart = yaml.safe_load((Z2JH / "chart" / "values.yaml").read_text(encoding="utf-8"))

    def leaves(tree, prefix=""):
        for key, value in tree.items():
            if isinstance(value, dict) and value:
                yield from leaves(value, f"{prefix}{key}.")
            else:
                yield f"{prefix}{key}", value
    for path, value in leaves(cv.CHART_DEFAULTS):
        assert cv.get(chart, path, "(absent)") == value, path
    schema = json.loads((Z2JH / "chart" / "values.schema.json").read_text(encoding="utf-8"))
    assert "description" not in json.dumps(schema["properties"]["singleuser"]["properties"]["image"])


# --------------------------------------------------------------------------- merging as helm does
def test_values_files_merge_as_helm_merges_them():
    first = {"a": {"b": 1, "c": [1, 2], "d": "x"}, "keep": True}
    second = {"a": {"b": 2, "c": [3], "d": None}, "new": {"n": 1}}
    merged = cv.merge_files([copy.deepcopy(first), second])
    assert merged == {"a": {"b": 2, "c": [3], "d": None}, "keep": True, "new": {"n": 1}}  # later wins, lists replaced
    defaults = {"a": {"b": 0, "d": "default", "e": "kept"}, "z": 1}
    assert cv.over_defaults(defaults, merged) == {"a": {"b": 2, "c": [3], "e": "kept"}, "z": 1, "keep": True,
                                                  "new": {"n": 1}}  # null deletes the default
    assert defaults["a"]["d"] == "default"  # the defaults themselves are untouched


def test_the_command_line_exit_codes(tmp_path):
    script = [sys.executable, str(Z2JH / "check_values.py")]
    ok = subprocess.run([*script, str(FRAGMENT), str(SITE)], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stdout + ok.stderr  # (exit 1 for a refusal: every test above)
    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    unreadable = subprocess.run([*script, str(tmp_path / "list.yaml")], capture_output=True, text=True, cwd=ROOT)
    assert unreadable.returncode == 2 and "not a map" in unreadable.stderr
