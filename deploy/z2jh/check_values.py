#!/usr/bin/env python3
"""Check a Claim Lab hub's Zero to JupyterHub values before ``helm upgrade``: secure, pinned, valid.

    python deploy/z2jh/check_values.py deploy/z2jh/values.yaml my-site.yaml
    python deploy/z2jh/check_values.py --chart /tmp/z2jh deploy/z2jh/values.yaml my-site.yaml

Give the values files in the order given to helm (``--values A --values B``). They are merged as
Helm merges them: later files win, maps merge key by key, lists and other values are replaced, and
``null`` deletes a key (the chart's default with it). The result is laid over the chart's default
values: the copy vendored in ``deploy/z2jh/chart/`` unless ``--chart`` names a checkout of the
chart's repository (or a chart folder, or a bare clone).

Refused (exit 1), each with the setting's dotted path and why:

- an authenticator that lets anyone in: the chart's default ``dummy`` (any name, any password),
  ``shared-password`` and ``tmp``; ``allow_all: true`` on any authenticator, in ``hub.config`` or in
  ``hub.extraConfig`` code; NativeAuthenticator's ``open_signup`` and FirstUseAuthenticator creating
  any user who comes, without an allow-list;
- the hub on a public service without HTTPS: ``proxy.service.type`` LoadBalancer (the chart's
  default) or NodePort with ``proxy.https`` off (or on but unable to serve: Let's Encrypt with no
  ``hosts``, a TLS secret with no name) and no ingress with TLS; an ingress without TLS;
- a moving or placeholder image tag (``latest``, empty, ``<...>``, ``TAG``, ``set-me``, ...);
- module content that follows a branch: ``gitpuller`` in the ``postStart`` hook, or a moving or
  placeholder ``singleuser.extraEnv.CLAIMLAB_REF``;
- anything the chart's own schema refuses (a misspelt key, a wrong type).

Printed as notes, not refused: what cannot be checked from values (TLS on a Gateway, Python in
``hub.extraConfig``), no allow-list at all, a proxy service left public beside a TLS ingress, content
and image from different commits. Exit 2: a file cannot be read or is not a map. Nothing is
installed or deployed. Uses PyYAML, and jsonschema for the schema (skipped, with a message, when
the chart's schema is absent).
"""
from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
VENDORED = HERE / "chart"
SITE_EXAMPLE = "deploy/z2jh/site.example.yaml"

# The chart's defaults that these checks read, used when no chart is at hand (a test keeps them equal
# to the vendored chart/values.yaml).
CHART_DEFAULTS: dict[str, Any] = {
    "hub": {"config": {"JupyterHub": {"admin_access": True, "authenticator_class": "dummy"}}},
    "proxy": {
        "service": {"type": "LoadBalancer"},
        "https": {"enabled": False, "type": "letsencrypt", "hosts": [],
                  "letsencrypt": {"contactEmail": None}, "manual": {"key": None, "cert": None},
                  "secret": {"name": None}},
    },
    "ingress": {"enabled": False, "tls": []},
    "httpRoute": {"enabled": False},
    "singleuser": {"image": {"name": "quay.io/jupyterhub/k8s-singleuser-sample", "tag": "set-by-chartpress"}},
}

# Authenticators that let in anyone who comes, by entry-point name and by class name (lower case).
_DUMMY = ("lets anyone log in under any name with any password (with DummyAuthenticator.password set, with that "
          "one password), and every login gets a server with a terminal")
_SHARED = ("one password for everybody: whoever knows it logs in under any allowed name, another learner's or a "
           "teacher's included")
_TMP = "gives anyone who opens the hub a server, with no login at all"
OPEN_AUTHENTICATORS = {"dummy": _DUMMY, "dummyauthenticator": _DUMMY, "shared-password": _SHARED,
                       "sharedpasswordauthenticator": _SHARED, "tmp": _TMP, "tmpauthenticator": _TMP}

MOVING = {"latest", "main", "master", "head", "trunk", "stable", "edge", "dev", "develop", "nightly"}
PLACEHOLDER_WORDS = re.compile(r"set[-_ ]?me|set[-_ ]?by[-_ ]?chartpress|change[-_ ]?me|replace|placeholder|"
                               r"your[-_ ]|todo|fixme|tbd|xxx|\.\.\.", re.IGNORECASE)
ALL_CAPS = re.compile(r"(?=.*[A-Z]{3})[A-Z][A-Z0-9_-]*")  # TAG, COMMIT, IMAGE_TAG, REPLACE-WITH-COMMIT
HEX = re.compile(r"[0-9a-f]{7,40}")


# --------------------------------------------------------------------------- merging, as Helm does
def merge_files(documents: list[dict]) -> dict:
    """Helm's merge of several ``--values`` files: later wins, maps merge, anything else is replaced.

    A ``null`` is kept at this stage (it deletes a default when laid over the chart, below)."""
    merged: dict = {}
    for doc in documents:
        _merge_into(merged, doc)
    return merged


def _merge_into(base: dict, over: dict) -> None:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge_into(base[key], value)
        else:
            base[key] = copy.deepcopy(value)


def over_defaults(defaults: dict, user: dict) -> dict:
    """Lay the merged user values over the chart's defaults; a ``null`` deletes the key."""
    result = copy.deepcopy(defaults)
    _coalesce(result, user)
    return result


def _coalesce(base: dict, over: dict) -> None:
    for key, value in over.items():
        if value is None:
            base.pop(key, None)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            _coalesce(base[key], value)
        elif isinstance(value, dict):
            base[key] = {}
            _coalesce(base[key], value)
        else:
            base[key] = copy.deepcopy(value)


def get(values: dict, path: str, default: Any = None) -> Any:
    node: Any = values
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


# --------------------------------------------------------------------------- the chart
def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml's when there


def load_chart(chart: Path | None) -> tuple[dict, dict | None, str]:
    """(default values, schema or None, where they came from)."""
    if chart is None:
        if (VENDORED / "values.yaml").is_file():
            schema_file = VENDORED / "values.schema.json"
            schema = json.loads(schema_file.read_text(encoding="utf-8")) if schema_file.is_file() else None
            return _yaml((VENDORED / "values.yaml").read_text(encoding="utf-8")), schema, \
                f"the chart vendored in {_show(VENDORED)}"
        return copy.deepcopy(CHART_DEFAULTS), None, "the chart's defaults built into check_values.py"
    for folder in (chart / "jupyterhub", chart):
        if (folder / "values.yaml").is_file():
            schema = None
            for name in ("values.schema.json", "values.schema.yaml"):
                if (folder / name).is_file():
                    schema = _yaml((folder / name).read_text(encoding="utf-8"))
                    break
            return _yaml((folder / "values.yaml").read_text(encoding="utf-8")), schema, f"the chart in {folder}"

    def show(name: str) -> str:  # a bare clone of the chart's repository
        return subprocess.run(["git", "--git-dir", str(chart), "show", f"HEAD:jupyterhub/{name}"],
                              capture_output=True, text=True, check=True).stdout
    try:
        return _yaml(show("values.yaml")), _yaml(show("values.schema.yaml")), \
            f"the chart in {chart} (HEAD)"
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"--chart {chart}: no jupyterhub/values.yaml there, nor a git repository holding one "
                         f"({exc.__class__.__name__})") from None


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- the checks
class Report:
    def __init__(self, files: list[tuple[str, dict]]):
        self.files = files
        self.errors: list[str] = []
        self.notes: list[str] = []

    def origin(self, path: str) -> str:
        """Which file set ``path`` last (or the chart's default)."""
        for name, doc in reversed(self.files):
            node: Any = doc
            for part in path.split("."):
                if not isinstance(node, dict) or part not in node:
                    break
                node = node[part]
            else:
                return f"set in {name}"
        return "the chart's default"

    def refuse(self, path: str, value: Any, why: str) -> None:
        shown = "(not set)" if value is _UNSET else repr(value)
        where = "" if value is _UNSET else f" ({self.origin(path)})"
        self.errors.append(f"{path} = {shown}{where}: {why}")

    def note(self, path: str, text: str) -> None:
        self.notes.append(f"{path}: {text}")


_UNSET = object()


def placeholder(value: Any) -> str | None:
    """Why ``value`` is not a real, fixed name (a tag or a git ref), or None when it is one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "is empty"
    if not isinstance(value, str):
        return f"is a {type(value).__name__}, not a string (quote it, so YAML keeps it as written)"
    text = value.strip()
    if text.lower() in MOVING:
        return f"'{text}' moves: it names whatever was built or pushed last, not one fixed version"
    if (text.startswith("<") and text.endswith(">")) or "<" in text or PLACEHOLDER_WORDS.search(text):
        return f"'{text}' is a placeholder"
    if ALL_CAPS.fullmatch(text) and not HEX.fullmatch(text.lower()):
        return f"'{text}' is a placeholder"
    return None


def check_authentication(values: dict, report: Report) -> None:
    config = get(values, "hub.config", {}) or {}
    authenticator = get(values, "hub.config.JupyterHub.authenticator_class")
    if isinstance(authenticator, str):
        short = authenticator.strip().rsplit(".", 1)[-1].lower()
        why = OPEN_AUTHENTICATORS.get(short)
        if why:
            report.refuse("hub.config.JupyterHub.authenticator_class", authenticator,
                          f"{why}. Use your school's login: an OAuth authenticator (google, azuread, "
                          f"github, generic-oauth) or LTI from your learning platform, with an allow-list; "
                          f"see {SITE_EXAMPLE}")
    allow_rules = []
    for section, settings in config.items():
        if not isinstance(settings, dict):
            continue
        if settings.get("allow_all") is True:
            report.refuse(f"hub.config.{section}.allow_all", True,
                          "lets in everyone the authenticator knows (with OAuth, anyone with an account at the "
                          "provider; with the dummy authenticator, anyone at all). Name who may log in: "
                          "allowed_users, an organisation or group (allowed_organizations, allowed_groups, "
                          "allowed_google_groups) and admin_users")
        if "native" in section.lower() and settings.get("open_signup") is True:
            report.refuse(f"hub.config.{section}.open_signup", True,
                          "anyone who signs up is let in, with no administrator's approval; leave it false and "
                          "approve learners in the hub's /hub/authorize page, or use an allow-list")
        for key, value in settings.items():
            if (key.startswith("allowed_") or key in ("admin_users", "admin_groups")) and value:
                allow_rules.append(f"{section}.{key}")
    if isinstance(authenticator, str) and "firstuse" in authenticator.lower():
        create = next((s.get("create_users") for n, s in config.items()
                       if isinstance(s, dict) and "firstuse" in n.lower() and "create_users" in s), True)
        if create is not False and not any(rule.endswith("allowed_users") for rule in allow_rules):
            report.refuse("hub.config.FirstUseAuthenticator.create_users", create,
                          "any name typed at the login page becomes an account with the password typed first; "
                          "set create_users: false, or list the class in Authenticator.allowed_users")
    for name, code in (get(values, "hub.extraConfig", {}) or {}).items():
        if not isinstance(code, str):
            continue
        if re.search(r"\ballow_all\s*=\s*True\b", code):
            report.refuse(f"hub.extraConfig.{name}", "…allow_all = True…",
                          "sets allow_all in Python: everyone the authenticator knows is let in")
        if re.search(r"DummyAuthenticator|SharedPasswordAuthenticator|TmpAuthenticator|"
                     r"authenticator_class\s*=\s*['\"](dummy|shared-password|tmp)['\"]", code):
            report.refuse(f"hub.extraConfig.{name}", "…dummy/shared-password/tmp authenticator…",
                          "chooses an authenticator that lets anyone in")
        elif "authenticator_class" in code or "Authenticator" in code:
            report.note(f"hub.extraConfig.{name}", "configures authentication in Python, which this check does "
                                                  "not read; make sure it names who may log in")
    if not allow_rules and not any(e.startswith("hub.") for e in report.errors):
        report.note("hub.config.Authenticator.allowed_users",
                    "no allow-list (allowed_users, allowed_* groups or organisations, admin_users) is set: under "
                    "JupyterHub 5 (chart 4 and later) nobody can log in; under JupyterHub 4 everyone the "
                    "authenticator knows could")


def check_https(values: dict, report: Report) -> None:
    service = get(values, "proxy.service.type", "LoadBalancer") or "LoadBalancer"
    public = service in ("LoadBalancer", "NodePort")
    https = get(values, "proxy.https", {}) or {}
    enabled = https.get("enabled") is True
    kind = https.get("type") or "letsencrypt"
    ingress_on = get(values, "ingress.enabled") is True
    tls = get(values, "ingress.tls") or []
    ingress_tls = ingress_on and isinstance(tls, list) and any(isinstance(t, dict) and t for t in tls)
    serving = False  # the proxy itself serves HTTPS
    if enabled:
        if kind == "letsencrypt":
            if not https.get("hosts"):
                report.refuse("proxy.https.hosts", https.get("hosts", _UNSET),
                              "Let's Encrypt needs the hub's domain name; with no hosts the chart starts no "
                              "certificate service and the hub stays on plain HTTP")
            else:
                serving = True
                if not get(https, "letsencrypt.contactEmail"):
                    report.note("proxy.https.letsencrypt.contactEmail", "not set; give an address Let's Encrypt "
                                "can write to about the certificate")
        elif kind == "secret":
            if not get(https, "secret.name"):
                report.refuse("proxy.https.secret.name", get(https, "secret.name", _UNSET),
                              "HTTPS from a TLS secret needs the secret's name (kubectl create secret tls ...)")
            else:
                serving = True
        elif kind == "manual":
            missing = [k for k in ("key", "cert") if not get(https, f"manual.{k}")]
            if missing:
                report.refuse(f"proxy.https.manual.{missing[0]}", _UNSET,
                              "HTTPS of type manual needs both the key and the certificate")
            else:
                serving = True
        elif kind == "offload":
            serving = True
            report.note("proxy.https.type", "offload: TLS must end at the cloud load balancer (set up through "
                        "proxy.service.annotations); this check cannot see it")
    if public and not serving and not ingress_tls:
        report.refuse("proxy.https.enabled", https.get("enabled", _UNSET),
                      f"the hub is on a public {service} service (proxy.service.type, {report.origin('proxy.service.type')}) "
                      "with no HTTPS: logins, tokens and learners' work cross the network unencrypted. Turn on "
                      "proxy.https (type letsencrypt with hosts, or type secret with a TLS secret), or serve the hub "
                      "through an ingress with TLS and set proxy.service.type: ClusterIP")
    elif public and not serving and ingress_tls:
        report.note("proxy.service.type", f"{service} beside an ingress with TLS: the proxy service is still "
                    "reachable on plain HTTP at its own address; set it to ClusterIP")
    if ingress_on and not ingress_tls:
        report.refuse("ingress.tls", tls if tls else _UNSET,
                      "the ingress serves the hub on plain HTTP; add tls (hosts and a secretName, e.g. made by "
                      "cert-manager)")
    if get(values, "httpRoute.enabled") is True:
        report.note("httpRoute.enabled", "the hub is published through a Gateway; HTTPS is the Gateway's "
                    "listener, which this check cannot see")


def check_image(values: dict, report: Report) -> None:
    tag = get(values, "singleuser.image.tag", _UNSET)
    why = placeholder(None if tag is _UNSET else tag)
    if why:
        report.refuse("singleuser.image.tag", tag, f"{why}. Use the commit the image was built from (or a release "
                      "tag), so every node runs the same image and a new tag is what brings a new one")
    name = get(values, "singleuser.image.name", _UNSET)
    if name is _UNSET or not isinstance(name, str) or not name.strip() or "<" in name:
        report.refuse("singleuser.image.name", name, "set it to where you pushed the Claim Lab image")


def extra_env(values: dict, name: str) -> Any:
    env = get(values, "singleuser.extraEnv")
    if isinstance(env, dict) and name in env:
        value = env[name]
        return value.get("value", _UNSET) if isinstance(value, dict) else value
    if isinstance(env, list):
        for item in env:
            if isinstance(item, dict) and item.get("name") == name:
                return item.get("value", _UNSET)
    return _UNSET


def check_pinned_content(values: dict, report: Report) -> None:
    command = get(values, "singleuser.lifecycleHooks.postStart.exec.command")
    words = [str(w) for w in command] if isinstance(command, list) else []
    text = " ".join(words)
    if re.search(r"\b(nb)?gitpuller\b", text):
        at = next((i for i, w in enumerate(words) if w.endswith("gitpuller")), -1)
        branch = words[at + 2] if 0 <= at < len(words) - 2 else "a branch"
        report.refuse("singleuser.lifecycleHooks.postStart.exec.command", command,
                      f"gitpuller follows {branch!r}: notebooks and data come from whatever was pushed last, "
                      "whatever the image holds, and a push reaches every pod at its next start. Run "
                      "/usr/local/bin/claimlab-pull, which pulls the pinned singleuser.extraEnv.CLAIMLAB_REF")
    elif "claimlab-pull" in text:
        ref = extra_env(values, "CLAIMLAB_REF")
        if ref is _UNSET:
            report.note("singleuser.extraEnv.CLAIMLAB_REF", "not set: pods pull the commit the image was built "
                        "from (recorded in the image as CLAIMLAB_IMAGE_COMMIT)")
        else:
            why = placeholder(ref)
            if why:
                report.refuse("singleuser.extraEnv.CLAIMLAB_REF", ref, f"{why}. Set the commit the image was built "
                              "from (as singleuser.image.tag) or a release tag")
            else:
                tag = get(values, "singleuser.image.tag")
                if isinstance(tag, str) and HEX.fullmatch(tag) and HEX.fullmatch(str(ref)) \
                        and not (tag.startswith(str(ref)) or str(ref).startswith(tag)):
                    report.note("singleuser.extraEnv.CLAIMLAB_REF", f"{ref!r} is not the image's commit "
                                f"({tag!r}): notebooks and data come from one commit, the package from another")
        repo = extra_env(values, "CLAIMLAB_REPO")
        if isinstance(repo, str) and not repo.startswith(("https://", "file://")):
            report.refuse("singleuser.extraEnv.CLAIMLAB_REPO", repo,
                          "fetch the module over https://, where the server is verified")
    elif words or command is not None:
        report.note("singleuser.lifecycleHooks.postStart", "does not run claimlab-pull: learners get no pinned "
                    "copy of the module at start")
    else:
        report.note("singleuser.lifecycleHooks.postStart", "not set: learners get no copy of the module at start")


def check_schema(values: dict, schema: dict | None, source: str) -> tuple[list[str], str]:
    if schema is None:
        return [], f"schema check skipped: no values.schema.json in {source}"
    try:
        import jsonschema
    except ImportError:
        return [], "schema check skipped: the jsonschema package is not installed (pip install jsonschema)"
    validator = jsonschema.validators.validator_for(schema)(schema)
    problems = []
    for error in sorted(validator.iter_errors(values), key=lambda e: [str(p) for p in e.absolute_path]):
        where = ".".join(str(p) for p in error.absolute_path) or "(top)"
        problems.append(f"{where}: the chart's schema refuses it: {error.message}")
    return problems, f"schema: {'refused' if problems else 'valid'} against the values.schema of {source}"


def check(values: dict, files: list[tuple[str, dict]]) -> Report:
    report = Report(files)
    check_authentication(values, report)
    check_https(values, report)
    check_image(values, report)
    check_pinned_content(values, report)
    return report


# --------------------------------------------------------------------------- command line
def read_values(path: Path) -> dict:
    if path.is_dir():
        raise SystemExit(f"{path}: a folder, not a values file (to check against a chart checkout: --chart {path})")
    try:
        loaded = _yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SystemExit(f"{path}: cannot read it: {exc}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise SystemExit(f"{path}: not a map of values (a {type(loaded).__name__})")
    return loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("values", nargs="+", type=Path, help="values files, in the order given to helm")
    parser.add_argument("--chart", type=Path, help="a checkout of zero-to-jupyterhub-k8s, a chart folder or a bare "
                        "clone (default: the copy vendored in deploy/z2jh/chart/)")
    args = parser.parse_args(argv)
    try:
        files = [(str(path), read_values(path)) for path in args.values]
        defaults, schema, source = load_chart(args.chart)
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 2
    values = over_defaults(defaults, merge_files([doc for _, doc in files]))
    report = check(values, files)
    schema_problems, schema_line = check_schema(values, schema, source)
    names = " + ".join(name for name, _ in files)
    print(f"{names}, merged as helm does over {source}:")
    for line in report.errors + schema_problems:
        print(f"  REFUSED {line}")
    for line in report.notes:
        print(f"  note: {line}")
    print(f"  {schema_line}")
    fragment = HERE / "values.yaml"
    if len(args.values) > 1 and args.values[-1].resolve() == fragment and report.errors:
        print(f"  hint: {_show(fragment)} is given last, so it wins over your site file; give it first, "
              "in this check and to helm")
    if report.errors or schema_problems:
        print(f"{len(report.errors) + len(schema_problems)} setting(s) refused; see {SITE_EXAMPLE} for a secure "
              "site file.")
        return 1
    print("OK: no open login, no public plain-HTTP service, image and module content pinned, schema valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
