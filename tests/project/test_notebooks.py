"""The learner notebooks follow the series' rules (issue 5). Strict nbval runs separately (run.py test)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SERIES = ["00_start_here", "00a_pre_test", "01_who_says_what", "02_judging_sources", "03_the_numbers",
          "04_counting_the_dead_and_lost", "05_where_did_this_text_come_from", "06_wrap_up"]
ALL_STORED = NOTEBOOKS + sorted((ROOT / "solutions").glob("*.ipynb"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell: dict) -> str:
    return "".join(cell["source"])


def test_the_series_is_complete_and_in_order():
    assert [p.stem for p in NOTEBOOKS] == SERIES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_opens_with_objectives_time_and_needs(path):
    cells = _load(path)["cells"]
    first = _src(cells[0])
    assert cells[0]["cell_type"] == "markdown"
    assert "**Time:**" in first and "minutes" in first
    assert "**You need:**" in first
    assert "By the end of this notebook" in first


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_closes_with_key_points_and_a_discussion_prompt(path):
    last = _load(path)["cells"][-1]
    assert last["cell_type"] == "markdown"
    assert "## Key points" in _src(last) and "**Discuss in class:**" in _src(last)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_cells_are_one_or_two_lines_calling_claimlab(path):
    for cell in _load(path)["cells"]:
        if cell["cell_type"] != "code":
            continue
        lines = [ln for ln in _src(cell).splitlines() if ln.strip() and not ln.strip().startswith("#")]
        assert 1 <= len(lines) <= 2, _src(cell)
        assert all(ln.startswith(("cl.", "import claimlab")) for ln in lines), _src(cell)


@pytest.mark.parametrize("path", ALL_STORED, ids=lambda p: p.stem)
def test_stored_outputs_are_one_clean_run(path):
    nb = _load(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: run top to bottom in a fresh kernel ({counts})"
    for cell in code:
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"{path.name}: stored error output"
            text = json.dumps(out)
            assert "Traceback" not in text, f"{path.name}: a traceback in stored output"
            assert "cdn.plot.ly" not in text and "require.config" not in text, f"{path.name}: plotly.js embedded"


@pytest.mark.parametrize("path", ALL_STORED, ids=lambda p: p.stem)
def test_small_files(path):
    assert path.stat().st_size <= 500_000, f"{path.name} is {path.stat().st_size} bytes"


@pytest.mark.parametrize("path", ALL_STORED, ids=lambda p: p.stem)
def test_ignored_outputs_say_why(path):
    for cell in _load(path)["cells"]:
        src = _src(cell)
        tags = cell.get("metadata", {}).get("tags", [])
        if "NBVAL_IGNORE_OUTPUT" in src or "nbval-ignore-output" in tags:
            assert re.search(r"NBVAL_IGNORE_OUTPUT\s*[-—:(]\s*\w+", src), f"{path.name}: say why the output is ignored"
            assert "cl.chart" not in src and "cl.rate" not in src and "cl.check" not in src


def test_every_claim_is_reached(ds):
    seen = ""
    for path in NOTEBOOKS:
        for cell in _load(path)["cells"]:
            seen += _src(cell)
            for out in cell.get("outputs", []):
                seen += json.dumps(out.get("data", {})) + "".join(out.get("text", ""))
    missing = [cid for cid in ds.claims.index if cid not in seen]
    assert not missing, f"claims no notebook reaches: {missing}"


# Numbers in markdown prose must come from the article itself; everything else is shown through code.
STRUCTURE = [
    r"\*\*Time:\*\*[^\n]*", r"\d+(?:–\d+)? min(?:utes)?", r"\bnotebooks? \d+(?: (?:to|and) \d+)?",
    r"\bparagraphs? \d+(?: (?:to|and) \d+)?", r"\b\d\da?_[a-z_]+", r"Claim Lab · \d\d", r"\b[A-F]–[A-F]\b",
    r"\b1–6\b", r"\b1 to 6\b", r"^\s*\d+\.\s", r"\bquestions? \d+(?: and \d+)?", r"\bCL\d\d\b",
    r"\|\s*`\d\da?_", r"\[\d+\]", r"https?://\S+", r"\bA to F\b", r"\"1: confirmed", r"\((?:[A-F]|[1-6])\)",
    r"\bsteps? \d+(?: and \d+)?",
]


def _article_numbers(ds) -> set[str]:
    return set(re.findall(r"\d[\d,]*(?:\.\d+)?", ds.article.text))


@pytest.mark.parametrize("path", NOTEBOOKS + sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.stem)
def test_no_typed_figures_in_prose(path, ds):
    allowed = _article_numbers(ds)
    for cell in _load(path)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = re.sub(r"<[^>]+>", " ", _src(cell))  # HTML tags and their styles are layout, not prose
        for pattern in STRUCTURE:
            text = re.sub(pattern, " ", text, flags=re.MULTILINE | re.IGNORECASE)
        for token in re.findall(r"\d[\d,]*(?:\.\d+)?", text):
            assert token.rstrip(",.") in allowed, f"{path.name}: '{token}' in prose is not from the article: {_src(cell)[:120]}"
