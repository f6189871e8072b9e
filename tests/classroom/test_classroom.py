"""Class results (issue 8): a folder of learners' answers files, checked, summarised and charted.

Answers files are generated here (never real learners'); expected answers come from data/key.csv.
"""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import claimlab
from claimlab import classroom
from claimlab.core import rubric, store

ROOT_ANSWERS = "instructors/sample_answers"


@pytest.fixture(scope="module")
def sample(tmp_path_factory, ds):
    folder = tmp_path_factory.mktemp("class") / "answers"
    classroom.write_sample_answers(folder, ds)
    return folder


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    """What the charts would display, as plain text (whether or not an IPython shell is running)."""

    seen: list[str] = []
    import claimlab.charts.show
    monkeypatch.setattr(claimlab.charts.show, "_emit", lambda bundle, plain: seen.append(plain))
    return seen


def key_answers(ds, claim_id: str) -> dict:
    return {d["id"]: str(ds.key.loc[claim_id, d["id"]]) for d in ds.dimensions()}


def answers_file(ds, ratings: dict, **extra) -> str:
    data = {"format": store.FORMAT, "version": store.VERSION, "article": ds.article.meta["title"],
            "ratings": {cid: {"answers": a, "verdicts": {}} for cid, a in ratings.items()},
            "exercises": {}, "notes": {}, **extra}
    return json.dumps(data)


def first_near_miss(ds):
    """(claim id, dimension, near-miss option) for the first key cell that lists a near miss."""
    for claim_id, row in ds.key.iterrows():
        for dim in ds.dimensions():
            accepted = rubric.accepted(row, dim["id"])
            if accepted:
                return claim_id, dim["id"], accepted[0]
    raise AssertionError("the key lists no near miss")


def a_wrong_option(ds, claim_id: str, dim_id: str) -> str:
    row = ds.key.loc[claim_id]
    allowed = {str(row[dim_id]), *rubric.accepted(row, dim_id)}
    options = [str(o["id"]) for d in ds.dimensions() if d["id"] == dim_id for o in d["options"]]
    return next(o for o in options if o not in allowed)


# --------------------------------------------------------------------------- reading and checking files
def test_sample_folder_lists_and_skips_every_bad_file(sample, ds):
    results = classroom.ClassResults(sample, ds=ds)
    reasons = " | ".join(item.reason for item in results.skipped)
    for expected in ("not valid JSON", "not a Claim Lab answers file", "newer Claim Lab", "another article",
                     "exact copy", "not a table of claims"):
        assert expected in reasons
    assert len(results.skipped) == 6
    assert len(results.learners) == 13
    foreign = [learner for learner in results.learners if learner.foreign]
    assert [learner.foreign for learner in foreign] == [("OTHER01",)]
    files = results.files()
    assert list(files["used"]).count(False) == 6
    assert files.loc[~files["used"], "note"].str.startswith("It").all()


@pytest.mark.parametrize("content, reason", [
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"", "not valid JSON"),
    (b"[1, 2, 3]", "not a Claim Lab answers file"),
    (b'{"format": "claimlab-answers"}', "format version is missing"),
    (b'{"format": "claimlab-answers", "version": true}', "format version is missing"),
    (b'{"format": "claimlab-answers", "version": 1, "ratings": "CL01"}', "not a table of claims"),
    (b'{"format": "claimlab-answers", "version": 1, "ratings": {"XX01": {"answers": {}}}}', "none of the 1 claims"),
])
def test_each_kind_of_bad_file_gets_a_plain_reason(tmp_path, ds, content, reason):
    (tmp_path / "f.json").write_bytes(content)
    result = classroom.read_answers_file(tmp_path / "f.json", ds)
    assert isinstance(result, classroom.SkippedFile)
    assert reason in result.reason


def test_odd_files_and_folders_never_crash(tmp_path, ds, monkeypatch, shown):
    (tmp_path / "a_folder.json").mkdir()                       # a folder that looks like a file
    (tmp_path / "notes.txt").write_text("collected on Monday")  # not .json
    (tmp_path / ".hidden.json").write_text("{")                 # hidden: ignored
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "big.json").write_text(" " * 5_000)
    monkeypatch.setattr(classroom.reader, "MAX_FILE_BYTES", 4_000)
    odd = {"CL25": {"answers": {"who": 42, "party": ["yes"], "attribution": {"x": 1}, "method": "x" * 1_000,
                                "reliability": float("nan"), "credibility": None, "hedge": True}},
           "CL04": {"answers": ["not", "a", "dict"]}, "CL05": "nonsense"}
    (tmp_path / "odd.json").write_text(json.dumps({"format": store.FORMAT, "version": 1, "ratings": odd}))
    results = classroom.ClassResults(tmp_path, ds=ds)
    reasons = {item.path.name: item.reason for item in results.skipped}
    assert "not a .json file" in reasons["notes.txt"]
    assert "too large" in reasons["big.json"]
    assert ".hidden.json" not in reasons and "a_folder.json" not in reasons
    (learner,) = results.learners
    assert learner.unreadable == 2 and list(learner.ratings) == ["CL25"]
    verdicts = results.verdicts().set_index("dimension")["verdict"]
    assert verdicts["who"] == "unanswered" and verdicts["method"] == "unanswered"
    for name in classroom.results_charts.CHARTS:
        results.chart(name)  # must not raise
    assert len(shown) == 2 * len(classroom.results_charts.CHARTS) and not any("could not" in s for s in shown)
    assert "Learner 1" in repr(results) and "<table" in results._repr_html_()


def test_missing_or_empty_folder_gives_a_message(tmp_path, ds, shown):
    missing = classroom.ClassResults(tmp_path / "nowhere", ds=ds)
    assert "does not exist" in missing.summary()
    assert missing.learners == [] and missing.skipped == []
    empty = classroom.ClassResults(tmp_path, ds=ds)
    assert "no files" in empty.summary()
    for results in (missing, empty):
        for name in classroom.results_charts.CHARTS:
            results.chart(name)
    out = "\n".join(shown)
    assert "Traceback" not in out and "No ratings to show" in out


def test_unknown_chart_or_claim_is_a_message(sample, ds, shown):
    results = classroom.ClassResults(sample, ds=ds)
    results.chart("pie")
    results.chart("answers", "CL999")
    out = "\n".join(shown)
    assert "There is no class chart called 'pie'" in out
    assert "There is no claim 'CL999'" in out


# --------------------------------------------------------------------------- anonymity
def test_labels_follow_file_content_not_file_names(sample, ds, tmp_path):
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for number, path in enumerate(sorted(sample.iterdir())):
        shutil.copyfile(path, renamed / f"{999 - number:03d}_Firstname_Lastname.json")
    a = classroom.ClassResults(sample, ds=ds)
    b = classroom.ClassResults(renamed, ds=ds)
    assert [x.digest for x in a.learners] == [x.digest for x in b.learners]
    pd.testing.assert_frame_equal(a.verdicts(), b.verdicts())
    assert a.describe_agreement() == b.describe_agreement()
    assert a.agreement_figure().to_json() == b.agreement_figure().to_json()


def test_names_are_shown_only_when_asked(tmp_path, ds):
    claim_id = str(ds.key.index[0])
    (tmp_path / "Jane_Doe_answers.json").write_text(
        answers_file(ds, {claim_id: key_answers(ds, claim_id)}, learner="Fictional Person"))
    (tmp_path / "Broken_By_Someone.json").write_text("{")
    hidden = classroom.ClassResults(tmp_path, ds=ds)
    shown_text = [repr(hidden), hidden._repr_html_(), hidden.files().to_string(), hidden.verdicts().to_string(),
                  hidden.describe_agreement(), hidden.describe_divergence(), hidden.describe_answers(claim_id),
                  hidden.agreement_figure().to_json(), hidden.divergence_figure().to_json(),
                  hidden.answers_figure(claim_id).to_json()]
    for text in shown_text:
        for secret in ("Jane", "Doe", "Fictional Person", "Broken_By_Someone"):
            assert secret not in text
    assert list(hidden.files()["file"]) == ["Learner 1", "Skipped file 1"]
    named = classroom.ClassResults(tmp_path, ds=ds, show_names=True)
    assert list(named.files()["file"]) == ["Fictional Person", "Broken_By_Someone.json"]


# --------------------------------------------------------------------------- the numbers
def test_counts_match_the_key(tmp_path, ds):
    claim_id, dim, near = first_near_miss(ds)
    other_dim = next(d["id"] for d in ds.dimensions() if d["id"] != dim)
    perfect = key_answers(ds, claim_id)
    mixed = dict(perfect, **{dim: near, other_dim: a_wrong_option(ds, claim_id, other_dim)})
    blank = dict(perfect, **{other_dim: None})
    for name, answers in (("a", perfect), ("b", mixed), ("c", blank)):
        (tmp_path / f"{name}.json").write_text(answers_file(ds, {claim_id: answers}))
    results = classroom.ClassResults(tmp_path, ds=ds)
    table = results.agreement().set_index("dimension")
    assert set(results.agreement()["claim_id"]) == {claim_id}
    assert table.loc[dim, ["right", "near", "not_quite", "unanswered"]].tolist() == [2, 1, 0, 0]
    assert table.loc[other_dim, ["right", "near", "not_quite", "unanswered"]].tolist() == [1, 0, 1, 1]
    assert table.loc[other_dim, "share_right"] == pytest.approx(0.5)
    untouched = [d["id"] for d in ds.dimensions() if d["id"] not in (dim, other_dim)]
    assert (table.loc[untouched, "right"] == 3).all()
    top = results.divergence(5)
    assert list(top["claim_id"]) == [claim_id] and top.loc[0, "learners"] == 3
    assert top.loc[0, "not_quite"] == 1 and top.loc[0, "answered"] == 3 * len(ds.dimensions()) - 1
    counts = results.answer_counts(claim_id)
    key_rows = counts[counts["role"] == "key"].set_index("dimension")["count"]
    assert key_rows[dim] == 2 and key_rows[other_dim] == 1
    assert counts.groupby("dimension")["count"].sum().eq(3).all()
    per_q = results.by_question().set_index("dimension")
    assert per_q.loc[dim, "near"] == 1 and per_q.loc[other_dim, "unanswered"] == 1


def test_verdicts_follow_the_current_key_not_the_stored_ones(tmp_path, ds):
    claim_id = str(ds.key.index[0])
    data = json.loads(answers_file(ds, {claim_id: key_answers(ds, claim_id)}))
    data["ratings"][claim_id]["verdicts"] = {d["id"]: "wrong" for d in ds.dimensions()}  # stale
    (tmp_path / "a.json").write_text(json.dumps(data))
    results = classroom.ClassResults(tmp_path, ds=ds)
    assert set(results.verdicts()["verdict"]) == {"right"}


def test_divergence_is_sorted_most_divergent_first(sample, ds):
    table = classroom.ClassResults(sample, ds=ds).divergence(10)
    shares = list(table["share_not_quite"])
    assert shares == sorted(shares, reverse=True) and len(table) == 10


# --------------------------------------------------------------------------- charts and descriptions
def test_charts_and_descriptions_are_deterministic_and_describe_the_same_numbers(sample, ds):
    a = classroom.ClassResults(sample, ds=ds)
    b = classroom.ClassResults(sample, ds=ds)
    for figure, describe in (("agreement_figure", "describe_agreement"), ("divergence_figure", "describe_divergence"),
                             ("answers_figure", "describe_answers")):
        assert getattr(a, figure)().to_json() == getattr(b, figure)().to_json()
        assert getattr(a, describe)() == getattr(b, describe)()
    top = a.divergence(10)
    description = a.describe_divergence(10)
    for row in top.itertuples():
        assert f"{row.claim_id} ({round(100 * row.share_not_quite)}% not quite" in description
    heat = a.agreement_figure().data[0]
    assert len(heat.y) == a.agreement()["claim_id"].nunique()
    # one bar series per verdict, whatever their order: each named by its verdict and drawn from its counts
    words = classroom.results_charts.VERDICT_WORDS
    columns = {words["wrong"]: "not_quite", words["near"]: "near", words["right"]: "right"}
    bars = {t.name: t for t in a.divergence_figure().data}
    assert set(bars) == set(columns)
    for name, column in columns.items():
        assert list(bars[name].customdata) == [f"{getattr(r, column)} of {r.answered} answers" for r in top.itertuples()]
    claim_id = a.default_claim()
    assert claim_id == top.iloc[0]["claim_id"]
    assert f"for claim {claim_id}" in a.describe_answers()
    key_label = rubric.option_label(ds, "who", str(ds.key.loc[claim_id, "who"]))
    assert f"{key_label} ✓ key" in json.dumps(a.answers_figure().to_dict(), ensure_ascii=False)


def test_chart_shows_figure_and_text_description(sample, ds, shown):
    classroom.ClassResults(sample, ds=ds).chart("divergence")
    out = "\n".join(shown)
    assert "[class chart: divergence]" in out and "Text description of the chart:" in out


# --------------------------------------------------------------------------- API, command line, demo folder
def test_public_name_and_default_folder(monkeypatch, tmp_path, sample):
    assert claimlab.class_results is classroom.class_results
    monkeypatch.setenv(classroom.results.ENV_FOLDER, str(sample))
    assert len(claimlab.class_results().learners) == 13


def test_sample_answers_command(tmp_path):
    from claimlab.cli import main
    assert main(["sample-answers", str(tmp_path / "out"), "--learners", "3", "--no-broken"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "sample_learner_01.json", "sample_learner_02.json", "sample_learner_03.json"]


def test_demo_folder_is_current(root, ds, tmp_path):
    """instructors/sample_answers/ is what the generator makes from the current data (else re-run it)."""
    classroom.write_sample_answers(tmp_path, ds)
    made = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    stored = {p.name: p.read_text(encoding="utf-8") for p in (root / ROOT_ANSWERS).iterdir()}
    assert stored == made, ("instructors/sample_answers/ is out of date: run python -m claimlab sample-answers "
                            "instructors/sample_answers, then python -m claimlab execute "
                            "instructors/class_results.ipynb")


def test_class_results_notebook_follows_the_series_rules(root):
    nb = json.loads((root / "instructors" / "class_results.ipynb").read_text(encoding="utf-8"))
    first, last = "".join(nb["cells"][0]["source"]), "".join(nb["cells"][-1]["source"])
    assert "**Time:**" in first and "**You need:**" in first
    assert "## Key points" in last and "**Discuss in class:**" in last
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            lines = [ln for ln in "".join(cell["source"]).splitlines() if ln.strip()]
            assert 1 <= len(lines) <= 2
            assert all(ln.startswith(("cl.", "import claimlab", "results", "learning", "learners")) for ln in lines)
            for out in cell["outputs"]:
                assert out["output_type"] != "error" and "Traceback" not in json.dumps(out)


def test_two_learners_with_the_same_name_are_still_two(tmp_path, ds):
    claim_id = str(ds.key.index[0])
    for folder, answers in (("a", key_answers(ds, claim_id)), ("b", {})):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "answers.json").write_text(answers_file(ds, {claim_id: answers}, learner="Same Name"))
    results = classroom.ClassResults(tmp_path, ds=ds, show_names=True)
    assert list(results.files()["file"]) == ["Same Name", "Same Name"]
    assert results.divergence().loc[0, "learners"] == 2
    assert results.answer_counts(claim_id).groupby("dimension")["count"].sum().eq(2).all()
