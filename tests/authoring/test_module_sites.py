"""One command each builds the static pages and the JupyterLite site of a new module (issue 26)."""
from __future__ import annotations

import json
import os
import shutil

import pytest

from claimlab.cli import main as cli


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


def test_new_article_lite_builds_the_modules_jupyterlite_site(module_copy, capsys):
    code = cli(["new-article", "--lite", str(module_copy)])
    out, err = capsys.readouterr()
    if code and "pip" in err and not os.environ.get("CI"):
        pytest.skip(f"the JupyterLite tools could not be installed here: {err[-300:]}")
    assert code == 0, err
    site = module_copy / "build" / "lite"
    assert (site / "index.html").is_file()
    contents = json.loads((site / "api" / "contents" / "notebooks" / "all.json").read_text(encoding="utf-8"))
    names = {item["name"] for item in contents["content"]}
    assert {"00_start_here.ipynb", "00a_pre_test.ipynb", "04_counting_the_dead_and_lost.ipynb"} <= names
    assert not (module_copy / "pyproject.toml").exists(), "the module's folder gets only its site"
