"""Data an instructor edits can neither break nor fool Claim Lab (issue 13).

Each test edits a private copy of data/ (the ``data_copy`` fixture) the way a spreadsheet, an
editor or a careless hand would, and checks the problem is named (file, line or row, column) in
plain words, or that the edit is accepted when it is harmless (a byte-order mark).
"""
from __future__ import annotations

import json
import pathlib
import re

import pytest

import claimlab
from claimlab.core import dataset
from claimlab.core.problems import DataError

BOM = b"\xef\xbb\xbf"


def problems_of(root) -> list:
    with pytest.raises(DataError) as caught:
        claimlab.load(root)
    return caught.value.problems


def messages(problems) -> str:
    return "\n".join(str(p) for p in problems)


# --------------------------------------------------------------------------- Excel's byte-order mark
def test_a_bom_in_every_file_is_accepted(data_copy):
    data = data_copy / "data"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["path"] for r in package["resources"]] + ["rubric.yaml", "exercises.yaml", "article.md",
                                                         "datapackage.json"]
    for name in names:
        (data / name).write_bytes(BOM + (data / name).read_bytes())
    ds = claimlab.load(data_copy, revalidate=True)  # validated in full, not trusted from the manifest
    assert "claim_id" in ds.claims.columns and len(ds.claims) > 0
    assert ds.article.meta.get("title") and ds.rubric.get("dimensions")


def test_a_semicolon_separated_file_is_named_in_one_line(data_copy):
    path = data_copy / "data" / "glossary.csv"
    text = path.read_text(encoding="utf-8")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    problems = [p for p in problems_of(data_copy) if p.file == "data/glossary.csv"]
    assert len(problems) == 1, messages(problems)
    assert "semicolons" in problems[0].message and problems[0].row == 1


# --------------------------------------------------------------------------- YAML
@pytest.mark.parametrize("name", ["rubric.yaml", "exercises.yaml"])
@pytest.mark.parametrize("content", ["", "# only a comment\n", "\n\n"])
def test_an_emptied_yaml_file_is_an_error(data_copy, name, content):
    (data_copy / "data" / name).write_text(content, encoding="utf-8")
    problems = problems_of(data_copy)
    assert any(p.file == f"data/{name}" and "empty" in p.message for p in problems), messages(problems)


def test_a_question_id_written_twice_is_an_error_with_both_lines(data_copy):
    path = data_copy / "data" / "exercises.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("  ex01.q1:")
    end = next(i for i in range(start + 1, len(lines)) if re.match(r"^  \S", lines[i]))
    block = lines[start:end]
    lines[end:end] = block  # the same question pasted again right after itself
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [p for p in problems_of(data_copy) if p.file == "data/exercises.yaml"]
    assert len(problems) == 1, messages(problems)
    text = problems[0].message
    assert "'ex01.q1' is written twice" in text
    assert f"line {end + 1}" in text and f"first on line {start + 1}" in text


def test_a_list_item_one_space_off_is_an_error_naming_its_line(data_copy):
    """YAML would read the item as more words of the one above (three hints become one) without an error."""
    path = data_copy / "data" / "exercises.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("    hints:")) + 1
    assert lines[first].startswith("      - ")
    lines[first] = lines[first][1:]  # one space short
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [p for p in problems_of(data_copy) if p.file == "data/exercises.yaml"]
    assert len(problems) == 1, messages(problems)
    assert problems[0].row == first + 1 and f"line {first + 1}" in problems[0].message
    assert "same column" in problems[0].message


def test_a_duplicate_key_in_the_rubric_is_an_error(data_copy):
    path = data_copy / "data" / "rubric.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("version: 1\n", "version: 1\nversion: 1\n", 1),
                    encoding="utf-8")
    problems = problems_of(data_copy)
    assert any("'version' is written twice" in p.message for p in problems), messages(problems)


def test_a_colon_inside_a_text_gets_a_plain_sentence_and_the_line(data_copy):
    path = data_copy / "data" / "rubric.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = lines.index("title: Judging the sourcing of one claim")
    lines[number] = "title: Judging: the sourcing: of one claim"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [p for p in problems_of(data_copy) if p.file == "data/rubric.yaml"]
    assert len(problems) == 1
    text = problems[0].message
    assert text.startswith(f"line {number + 1}: ")
    assert "colon" in text and "double quotes" in text
    assert "mapping values are not allowed" in text  # the reader's own words, last


@pytest.mark.parametrize("bad, words", [
    ("title:\tJudging", "tab"),
    ('title: "Judging the sourcing', "never closed"),
    ("title: `Judging`", "double quotes"),
])
def test_other_yaml_mistakes_get_a_likely_cause(data_copy, bad, words):
    path = data_copy / "data" / "rubric.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Judging the sourcing of one claim", bad),
                    encoding="utf-8")
    problems = [p for p in problems_of(data_copy) if p.file == "data/rubric.yaml"]
    assert problems and re.match(r"line \d+: ", problems[0].message) and words in problems[0].message, \
        messages(problems)


# --------------------------------------------------------------------------- paths confined to data/
@pytest.mark.parametrize("path", ["/etc/passwd", "../outside.csv", "reference/../../outside.csv",
                                  "https://example.org/claims.csv", "C:\\data\\claims.csv", ""])
def test_a_resource_path_outside_data_is_refused_before_anything_is_opened(data_copy, monkeypatch, path):
    (data_copy / "outside.csv").write_text("secret\n1\n", encoding="utf-8")
    package_path = data_copy / "data" / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    package["resources"][0]["path"] = path
    package_path.write_text(json.dumps(package), encoding="utf-8")
    opened: list[str] = []
    real = pathlib.Path.read_bytes
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: opened.append(str(self)) or real(self))
    problems = problems_of(data_copy)
    assert len(problems) == 1 and problems[0].file == "data/datapackage.json", messages(problems)
    assert "resource 'claims'" in problems[0].message
    assert not any("passwd" in name or "outside" in name for name in opened)


@pytest.mark.parametrize("loaded_before", [False, True], ids=["fresh", "after-a-load"])
def test_a_symlink_leading_out_of_data_is_refused(data_copy, loaded_before):
    if loaded_before:  # datapackage.json is then parsed and checked once, and remembered
        claimlab.load(data_copy)
    (data_copy / "elsewhere.csv").write_bytes((data_copy / "data" / "glossary.csv").read_bytes())
    (data_copy / "data" / "glossary.csv").unlink()
    (data_copy / "data" / "glossary.csv").symlink_to(data_copy / "elsewhere.csv")
    problems = problems_of(data_copy)
    assert any("symbolic link" in p.message for p in problems), messages(problems)


def test_an_edited_datapackage_is_read_again_by_the_next_load(data_copy):
    claimlab.load(data_copy)
    package_path = data_copy / "data" / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    package["claimlab"]["article"] = "/etc/hostname"
    package_path.write_text(json.dumps(package), encoding="utf-8")
    problems = problems_of(data_copy)
    assert any("/etc/hostname" in p.message for p in problems), messages(problems)


def test_yaml_and_article_paths_are_confined_too(data_copy):
    package_path = data_copy / "data" / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    package["claimlab"]["article"] = "/etc/hostname"
    package["claimlab"]["yaml"]["rubric"]["schema"] = "../../schema.json"
    package_path.write_text(json.dumps(package), encoding="utf-8")
    text = messages(problems_of(data_copy))
    assert "claimlab/article" in text and "claimlab/yaml/rubric/schema" in text


# --------------------------------------------------------------------------- only http(s) links
@pytest.mark.parametrize("link", ["javascript:alert(1)", "JavaScript:alert(document.cookie)",
                                  "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
                                  "//evil.example/x", "https://exa mple.org", "http://\x01example.org"])
def test_a_link_that_is_not_http_is_refused_in_the_markers_table(data_copy, link):
    import csv

    path = data_copy / "data" / "markers.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[2][rows[0].index("source_url")] = link
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    problems = [p for p in problems_of(data_copy) if p.column == "source_url"]
    assert problems and problems[0].file == "data/markers.csv" and problems[0].row == 3, \
        messages(problems_of(data_copy))
    assert "http://" in problems[0].message and "https://" in problems[0].message


def test_url_columns_are_found_from_the_datapackage(root):
    from claimlab.validate import safety

    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    found = {(r["name"], c) for r in package["resources"] for c in safety.url_columns(r)}
    assert ("markers", "source_url") in found and ("reported_figures", "source_url") in found
    made_up = {"schema": {"fields": [{"name": "page_link", "type": "string"}, {"name": "home", "format": "uri"},
                                     {"name": "title", "type": "string"}]}}
    assert safety.url_columns(made_up) == ["page_link", "home"]
    assert safety.is_web_address("https://www.example.org/a?b=c#d")
    assert not safety.is_web_address("javascript:alert(1)")


def test_unsafe_paths_accepts_the_real_package(root):
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert dataset.unsafe_paths(root / "data", package) == []


def test_article_messages_say_which_paragraph_and_which_entry(tmp_path):
    """A gap in the paragraph numbers names where it is; an empty title is called empty, not missing."""
    from claimlab.core.dataset.article import parse_article
    path = tmp_path / "article.md"
    path.write_text('---\ntitle: ""\nprovenance: copied\n---\n[1] One.\n[2] Two.\n[4] Four.\n', encoding="utf-8")
    _, problems = parse_article(path)
    messages = " | ".join(p.message for p in problems)
    assert "after [2] comes [4], where [3] was expected" in messages
    assert "'title:' entry is empty" in messages
