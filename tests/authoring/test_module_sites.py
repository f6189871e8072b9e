"""One command each builds the static pages and the JupyterLite site of a new module (issue 26)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimlab.cli import main as cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def module_copy(built_modules, tmp_path):
    return shutil.copytree(built_modules["real"], tmp_path / "kokang")


def test_new_article_html_builds_the_modules_static_pages(module_copy, capsys):
    assert cli(["new-article", "--html", str(module_copy)]) == 0
    assert "open" in capsys.readouterr().out
    site = module_copy / "site"
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    for stem in ("00_start_here", "00a_pre_test", "02_judging_sources", "06_wrap_up"):
        assert f"notebooks/{stem}.html" in pages
    assert "exercises/fresh_cases.html" in pages
    page = (site / "notebooks" / "02_judging_sources.html").read_text(encoding="utf-8")
    assert "Kokang" in page and "claimlab-config" in page


def test_new_article_lite_builds_from_the_module_and_claim_labs_source(module_copy, monkeypatch, capsys, tmp_path):
    """`new-article --lite` hands JupyterLite's build (claimlab.authoring.lite, tested with a real build and a
    browser in tests/browser/test_lite.py) a folder with the module's notebooks and data and Claim Lab's package
    source and tools; the module's own folder gets only the site. (A real build of the Kokang module took 8 s
    on the build machine; here the build itself is replaced, to keep the test run short.)"""
    from claimlab.authoring import lite
    seen = {}

    def fake_build(root, out):
        staged = lite.stage(Path(root), Path(root) / "contents-check")
        seen["notebooks"] = {p.relative_to(Path(root) / "contents-check").as_posix() for p in staged}
        seen["source"] = (Path(root) / "pyproject.toml").is_file() and (Path(root) / "src" / "claimlab").is_dir()
        seen["tools"] = (Path(root) / "build" / "lite-tools").is_dir()
        Path(out).mkdir(parents=True)
        (Path(out) / "index.html").write_text("site", encoding="utf-8")
        return Path(out)

    from claimlab.authoring.newarticle import sites
    source = tmp_path / "claimlab_source"  # Claim Lab's folder, as sites.claimlab_source() finds it
    (source / "build" / "lite-tools").mkdir(parents=True)
    for name in ("pyproject.toml", "src"):
        (source / name).symlink_to(ROOT / name)
    monkeypatch.setattr(sites, "claimlab_source", lambda: source)
    monkeypatch.setattr(lite, "build", fake_build)
    monkeypatch.setattr(lite, "lite_tools", lambda root: Path(root) / "build" / "lite-tools")
    assert cli(["new-article", "--lite", str(module_copy)]) == 0, capsys.readouterr().err
    assert "built the JupyterLite site" in capsys.readouterr().out
    assert {"notebooks/00_start_here.ipynb", "notebooks/00a_pre_test.ipynb",
            "exercises/fresh_cases.ipynb"} <= seen["notebooks"]
    assert seen["source"] and seen["tools"]
    assert (module_copy / "build" / "lite" / "index.html").is_file()
    assert not (module_copy / "pyproject.toml").exists() and not (module_copy / "contents-check").exists()
