"""Charts built once: a chart's figure JSON and text description, kept in the user's cache folder.

Kept apart from the chart modules and free of plotly's figure classes, so that showing a chart
whose JSON is already kept imports no more than this (importing plotly's figure machinery costs
about 0.1 s in every fresh kernel; building a figure most of a second).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimlab.core.dataset import cache_dir, data_digest, load

CHART_CACHE_VERSION = 1
NO_CACHE_ENV = "CLAIMLAB_NO_CHART_CACHE"  # set to 1 to build every chart afresh


@functools.cache
def _code_digest() -> str:
    """What the charts' code is: their source files and the versions that turn them into JSON."""
    import plotly

    digest = hashlib.sha256(f"{CHART_CACHE_VERSION} plotly {plotly.__version__}".encode())
    package = Path(__file__).resolve().parents[1]  # claimlab/
    for folder in ("charts", "core"):
        for path in sorted((package / folder).glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def built_once(name: str, params: dict[str, Any], build: Callable[[], tuple[Any, str]]) -> tuple[Any, str]:
    """A chart's figure JSON and its text description, built once per data version and kept on disk.

    Building a plotly figure costs most of a second in a fresh kernel (plotly validates every
    property and imports its classes on first use); the JSON it ends as depends only on the
    data, the charts' code and the options. So the JSON is kept in the user's cache folder
    (``~/.cache/claimlab/charts``), under a key made of all three: editing any data file, any
    chart code or the plotly version makes a new key, and the chart is built afresh. A missing,
    unreadable or unwritable cache only means the chart is built every time.
    """
    if os.environ.get(NO_CACHE_ENV) or "ds" in params:
        return build()
    try:
        ds = load()
        data = ds.__dict__.get("_data_digest") or data_digest(ds.root / "data", ds.package)[0]
        ds.__dict__["_data_digest"] = data
        key = hashlib.sha256(json.dumps([name, params, data, _code_digest()], sort_keys=True).encode()).hexdigest()
        path = cache_dir() / "charts" / f"{name}-{key[:32]}.json"
    except (TypeError, ValueError, OSError):  # options that are not JSON, or no data digest: no cache
        return build()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return kept["figure"], kept["description"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    figure, description = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp",
                                         delete=False) as out:
            json.dump({"figure": figure, "description": description}, out)
        os.replace(out.name, path)  # another kernel may write the same file: each write is whole
    except OSError:
        pass
    return figure, description
