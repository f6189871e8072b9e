"""Building the same module around another article, by data alone (issue 8).

A short, clearly fictional second article (tests/fixtures/second_article/) goes through the
same pipeline as Claim Lab's own: `new-article` makes the skeleton, the fixture's filled-in data
files go into it, the same schema validates them, `--build` writes the exercises, the notebooks
execute, and the widgets and checks work. Nothing in src/claimlab/ knows about this article.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

import claimlab
from claimlab import DataError, classroom
from claimlab.authoring import keyguide, newarticle
from claimlab.cli import main as cli
from claimlab.core import exercises, rubric, store
from claimlab.ui import widgets

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "second_article"
SIDES = ["Aldoria", "Vessmark"]
MEASURES = ["guards_on_island_claimed", "guards_on_island_counted", "island_area", "people_displaced"]
TITLE = "Corven Island (fictional)"
VOCABULARY = {("claims", "claimant_side"), ("reported_figures", "claimant_affiliation"), ("measures", "measure")}


@pytest.fixture(scope="module")
def second(tmp_path_factory) -> Path:
    """The fictional article as an instructor would have it: skeleton from new-article, data filled in, built."""
    root = tmp_path_factory.mktemp("second") / "corven_island"
    newarticle.create(root, SIDES, TITLE, MEASURES, source=ROOT)
    shutil.copytree(FIXTURE / "data", root / "data", dirs_exist_ok=True)
    exercises_file = root / "data" / "exercises.yaml"  # the questions go under the template's explanations
    template = exercises_file.read_text(encoding="utf-8")
    questions = (FIXTURE / "exercise_questions.yaml").read_text(encoding="utf-8")
    exercises_file.write_text(template[:template.index("\nnotebooks:") + 1] + questions, encoding="utf-8")
    newarticle.build(root, sample_learners=4)
    return root


@pytest.fixture
def in_second(second, tmp_path, monkeypatch):
    """Claim Lab's in-process API pointed at the second article, with a private answers file."""
    monkeypatch.setenv("CLAIMLAB_ROOT", str(second))
    monkeypatch.setenv("CLAIMLAB_ANSWERS", str(tmp_path / "answers.json"))
    monkeypatch.setattr(store, "_CURRENT", None)
    monkeypatch.setattr(store, "_EXPLICIT", False)
    return claimlab.load()


def _fields(package: dict) -> dict:
    return {(r["name"], f["name"]): f for r in package["resources"] for f in r["schema"]["fields"]}


# --------------------------------------------------------------------------- starting a new article
def test_new_article_command_creates_everything_to_fill_in(tmp_path, capsys):
    target = tmp_path / "my_article"
    assert cli(["new-article", str(target), "--sides", "Aldoria, Vessmark", "--measures", "island area"]) == 0
    assert "Fill in its data/ folder" in capsys.readouterr().out
    expected = ["README.md", "data/article.md", "data/bank.csv", "data/claim_links.csv", "data/claims.csv", "data/datapackage.json",
                "data/exercises.yaml", "data/glossary.csv", "data/key.csv", "data/key_notes.csv", "data/markers.csv",
                "data/reference/audit_of_30_rows.csv", "data/reference/measures.csv", "data/reference/outlets.csv",
                "data/reference/reported_figures.csv", "data/reference/unit_map.csv", "data/rubric.yaml",
                "data/schemas/exercises.schema.json", "data/schemas/rubric.schema.json", "docs/data_dictionary.md",
                "instructors/class_results.ipynb", *(f"notebooks/{n}" for n in newarticle.NOTEBOOKS)]
    made = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file() and p.name != ".gitignore")
    assert made == sorted(expected)
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "`Aldoria`, `Vessmark`" in readme and "`island_area`, `no_figure`" in readme
    package = json.loads((target / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:  # every CSV starts with exactly the documented header
        header = (target / "data" / resource["path"]).read_text(encoding="utf-8").splitlines()[0]
        assert header == ",".join(f["name"] for f in resource["schema"]["fields"])
    class_nb = json.loads((target / "instructors" / "class_results.ipynb").read_text(encoding="utf-8"))
    assert all(c.get("outputs", []) == [] for c in class_nb["cells"])


def test_the_same_schema_only_the_articles_vocabulary_changes(tmp_path, root):
    target = newarticle.create(tmp_path / "a", SIDES, TITLE, MEASURES, source=root)
    ours = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    theirs = json.loads((target / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in ours["resources"]] == [r["name"] for r in theirs["resources"]]
    a, b = _fields(ours), _fields(theirs)
    assert list(a) == list(b)
    for key in a:
        if key in VOCABULARY:
            assert {k: v for k, v in a[key].items() if k != "constraints"} == \
                   {k: v for k, v in b[key].items() if k != "constraints"}
        else:
            assert a[key] == b[key], key
    assert b[("claims", "claimant_side")]["constraints"]["enum"] == [*SIDES, "neither", "no_one_named"]
    assert b[("measures", "measure")]["constraints"]["enum"] == [*MEASURES, "no_figure"]
    assert b[("reported_figures", "claimant_affiliation")]["constraints"]["enum"][:2] == \
        ["aldoria_government", "vessmark_government"]
    for schema in (root / "data" / "schemas").glob("*.json"):
        assert (target / "data" / "schemas" / schema.name).read_bytes() == schema.read_bytes()
    mine = yaml.safe_load((root / "data" / "rubric.yaml").read_text(encoding="utf-8"))
    new = yaml.safe_load((target / "data" / "rubric.yaml").read_text(encoding="utf-8"))
    assert [d["id"] for d in mine["dimensions"]] == [d["id"] for d in new["dimensions"]]
    assert mine["dimensions"][1:] == new["dimensions"][1:] and mine["kinds"] == new["kinds"]
    who = [o["id"] for o in new["dimensions"][0]["options"]]
    assert who[:2] == ["aldoria_official", "vessmark_official"]
    assert who[2:] == [o["id"] for o in mine["dimensions"][0]["options"] if not o["id"].endswith("_official")]


def test_an_unfilled_template_lists_what_is_missing(tmp_path, capsys):
    target = newarticle.create(tmp_path / "blank", SIDES, TITLE, source=ROOT)
    with pytest.raises(DataError) as caught:
        newarticle.check(target)
    files = {p.file for p in caught.value.problems}
    assert files == {"data/article.md", "data/exercises.yaml"}
    assert cli(["new-article", "--check", str(target)]) == 1
    err = capsys.readouterr().err
    assert "data/article.md: no paragraphs found" in err and "'title:'" in err


@pytest.mark.parametrize("args, code, words", [
    (["--sides", "Aldoria"], 2, "at least two sides"),
    (["--sides", "Aldoria,no_one_named"], 2, "reserved"),
    (["--sides", "Aldoria,Ves$mark"], 2, "not a usable side name"),
    (["--sides", "Aldoria,aldoria"], 2, "same name"),
])
def test_bad_requests_get_a_plain_message(tmp_path, capsys, args, code, words):
    assert cli(["new-article", str(tmp_path / "x"), *args]) == code
    assert words in capsys.readouterr().err


def test_an_existing_folder_is_never_overwritten(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert cli(["new-article", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "keep.txt").read_text() == "mine"
    assert cli(["new-article", "--build", str(tmp_path)]) == 1
    assert "no data/datapackage.json" in capsys.readouterr().err


# --------------------------------------------------------------------------- the fictional second article
def test_the_fixture_is_short_fictional_and_covers_both_sides(second):
    ds = claimlab.load(second)
    assert "FICTIONAL" in ds.article.meta["provenance"]
    assert 5 <= len(ds.article.paragraphs) <= 8
    assert 6 <= len(ds.claims) <= 10
    sides = ds.claims["claimant_side"].value_counts()
    assert sides["Aldoria"] >= 2 and sides["Vessmark"] >= 2
    assert {q["type"] for q in ds.exercises["questions"].values()} == {
        "choice", "multi", "number", "order", "match", "text"}
    assert not ds.figures["teachable"].all(), "the fixture keeps one UNVERIFIED row, to show it is never taught"
    # the same standard for both sides: claims of one kind from different sides get the same answers
    for kind, group in ds.key.groupby("kind"):
        if ds.claims.loc[group.index, "claimant_side"].nunique() > 1:
            for dim in ("party", "method", "reliability", "credibility", "hedge"):
                assert group[dim].nunique() == 1, (kind, dim)


def test_a_mistake_is_reported_with_file_row_and_column(second, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(second / "data", broken / "data")
    claims = broken / "data" / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("whole river for itself", "whole lake for itself"),
                      encoding="utf-8")
    with pytest.raises(DataError) as caught:
        claimlab.load(broken)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.row_id) == ("data/claims.csv", 4, "quote", "CL03")


def test_build_writes_exercises_from_the_solutions(second):
    from claimlab.authoring.build_exercises import build
    solutions = sorted(p.name for p in (second / "solutions").glob("*.ipynb"))
    assert solutions == ["ex01_counting_the_guards.ipynb"]
    for name, body in build(second / "solutions").items():
        assert (second / "exercises" / name).read_text(encoding="utf-8") == body
    learners = classroom.ClassResults(second / "instructors" / "sample_answers", ds=claimlab.load(second)).learners
    assert len(learners) == 5  # four made-up learners and the one who also rates an unknown claim


def _run(path: Path, answers: Path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    old = os.environ.get("CLAIMLAB_ANSWERS")
    os.environ["CLAIMLAB_ANSWERS"] = str(answers)  # the kernel inherits it
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        if old is None:
            os.environ.pop("CLAIMLAB_ANSWERS", None)
        else:
            os.environ["CLAIMLAB_ANSWERS"] = old
    return nb


def test_its_notebooks_execute(second, tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIMLAB_ROOT", raising=False)  # the notebooks find the data from their own folder
    paths = [*sorted((second / "notebooks").glob("*.ipynb")), *sorted((second / "solutions").glob("*.ipynb")),
             *sorted((second / "exercises").glob("*.ipynb")), second / "instructors" / "class_results.ipynb"]
    for path in paths:
        nb = _run(path, tmp_path / f"{path.stem}.json")
        outputs = [json.dumps(o, ensure_ascii=False) for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        assert outputs, path.name
        for out in outputs:
            assert '"output_type": "error"' not in out and "Traceback" not in out, path.name
            assert "claim lab could not" not in out.lower(), (path.name, out[:300])
        if path.parent.name == "solutions":
            checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("cl.check(")]
            assert checks and all("Right." in json.dumps(c.outputs) for c in checks)
        if path.name == "00_start_here.ipynb":
            article = next(c for c in nb.cells if c.source == "cl.show_article()")
            assert "Corven Island" in json.dumps(article.outputs)


def test_its_widgets_work(in_second):
    ds = in_second
    for claim_id in ds.claims.index:
        rater = widgets.rate(claim_id)
        for dim, control in rater.controls.items():
            control.value = str(ds.key.loc[claim_id, dim])
        judgement = rater.check()
        assert judgement.counts["right"] == len(ds.dimensions()), claim_id
        assert "saved" in rater.status.value
    claim_id, row = next((c, r) for c, r in ds.key.iterrows() if rubric._accepted(r, "credibility"))
    rater = widgets.rate(claim_id)
    rater.controls["credibility"].value = rubric._accepted(row, "credibility")[0]
    assert rater.check().verdicts()["credibility"] == "near"
    picker = widgets.rate_any()
    assert [value for _, value in picker.dropdown.options] == list(ds.claims.index)
    assert widgets.progress_summary().attrs["claims_judged"] == len(ds.claims)
    card = widgets.claim_card("cl1")
    assert card.claim_id == "CL01" and "Aldoria" in card.html.value
    collected = Path(store.current().path).parent / "collected"
    written = widgets.export_answers(collected / "learner.json").export()
    assert written is not None
    results = classroom.ClassResults(collected, ds=ds)
    (learner,) = results.learners
    assert len(learner.ratings) == len(ds.claims)


def test_its_exercise_checks_work(in_second):
    ds = in_second
    for qid, question in ds.exercises["questions"].items():
        assert exercises.check(qid, ...).status == "unanswered"
        assert exercises.check(qid, {"odd": object()}).status in ("invalid", "incorrect")
        right = exercises.check(qid, newarticle._literal(ds, question))
        assert right.status == "correct", (qid, right.text)
    wrong = exercises.check("ex01.q1", "vessmark_official")
    assert wrong.status == "incorrect" and "not Vessmark that gives this figure" in wrong.text
    trap = exercises.check("ex01.q3", exercises.expected_value({"value_of": "R01"}, ds))
    assert trap.status == "partial"
    counts = exercises.exercise_progress("ex01").counts()
    assert (counts["correct"], counts["partial"], counts["incorrect"]) == (len(ds.exercises["questions"]) - 2, 1, 1)


def test_the_key_guide_works_for_it(second):
    guide = keyguide.render(second)
    assert "Aldoria" in guide and "Vessmark" in guide and "| Aldoria | Vessmark |" in guide
    assert "`R03`" not in guide, "an UNVERIFIED row reached the key guide"


def test_nothing_in_the_package_knows_about_the_second_article():
    for path in (ROOT / "src" / "claimlab").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".ipynb", ".md", ".yaml", ".json"):
            text = path.read_text(encoding="utf-8")
            for word in ("Aldoria", "Vessmark", "Corven"):
                assert word not in text, f"{path.relative_to(ROOT)} mentions {word}"


@pytest.mark.parametrize("name", newarticle.NOTEBOOKS)
def test_the_general_notebooks_follow_the_series_rules(name):
    nb = json.loads(newarticle._template(name))
    first, last = "".join(nb["cells"][0]["source"]), "".join(nb["cells"][-1]["source"])
    assert "**Time:**" in first and "**You need:**" in first and "By the end of this notebook" in first
    assert "## Key points" in last and "**Discuss in class:**" in last
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            lines = [line for line in "".join(cell["source"]).splitlines() if line.strip()]
            assert 1 <= len(lines) <= 2 and all(line.startswith(("cl.", "import claimlab")) for line in lines)
            assert not cell["outputs"] and re.search(r"CL\d", "".join(cell["source"])) is None, \
                "a general notebook must read claim ids from the data"
