"""Charts are built once per data and code version and kept in the user's cache folder (issue 18).

What is checked: a second cl.chart(...) with the same options reuses the stored figure JSON and shows
exactly what a fresh build shows; other options, a damaged cache file or CLAIMLAB_NO_CHART_CACHE build
afresh; an unwritable cache folder only means no cache.
"""
from __future__ import annotations

import pytest

from claimlab.charts import cache, show


@pytest.fixture
def shown(monkeypatch, tmp_path):
    """Capture what show.chart displays, count figure builds, and use an empty cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    bundles: list[dict] = []
    monkeypatch.setattr(show, "_emit", lambda bundle, plain: bundles.append(bundle))
    builds: list[str] = []
    real = show.figure_json

    def counting(fig):
        builds.append("built")
        return real(fig)

    monkeypatch.setattr(show, "figure_json", counting)
    return bundles, builds, tmp_path / "cache" / "claimlab" / "charts"


def figures(bundles):
    return [b["application/vnd.plotly.v1+json"] for b in bundles if "application/vnd.plotly.v1+json" in b]


def test_a_chart_is_built_once_and_shown_the_same(shown):
    bundles, builds, folder = shown
    show.chart("running_claims")
    show.chart("running_claims")
    assert builds == ["built"]
    first, second = figures(bundles)
    assert first == second
    assert len(list(folder.glob("running_claims-*.json"))) == 1


def test_other_options_build_afresh(shown):
    bundles, builds, _ = shown
    show.chart("printed_vs_reported", claim_ids=["CL05"])  # the claims notebook 02 charts
    show.chart("printed_vs_reported", claim_ids=["CL05", "CL08"])
    show.chart("printed_vs_reported", claim_ids=["CL05"])
    assert len(builds) == 2 and len(figures(bundles)) == 3


def test_a_damaged_cache_file_is_rebuilt(shown):
    bundles, builds, folder = shown
    show.chart("running_claims")
    for path in folder.glob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    show.chart("running_claims")
    assert len(builds) == 2
    assert figures(bundles)[0] == figures(bundles)[1]


def test_the_cache_can_be_switched_off(shown, monkeypatch):
    _, builds, folder = shown
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    show.chart("running_claims")
    show.chart("running_claims")
    assert len(builds) == 2 and not folder.exists()


def test_an_unwritable_cache_folder_only_means_no_cache(shown, tmp_path, monkeypatch):
    bundles, builds, _ = shown
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    show.chart("running_claims")
    show.chart("running_claims")
    assert len(builds) == 2 and len(figures(bundles)) == 2
