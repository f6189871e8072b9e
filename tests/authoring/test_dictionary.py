"""The human-readable data dictionary is up to date (issue 2)."""
from claimlab.authoring import dictionary


def test_data_dictionary_is_current(root):
    expected = dictionary.render(root)
    current = (root / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert current == expected, "docs/data_dictionary.md is out of date: run python -m claimlab dictionary > docs/data_dictionary.md"


def test_every_column_is_documented(root):
    import csv
    import json
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        header = next(csv.reader((root / "data" / res["path"]).open(encoding="utf-8")))
        documented = [f["name"] for f in res["schema"]["fields"]]
        assert header == documented, res["path"]
        assert all(f.get("description") for f in res["schema"]["fields"]), res["path"]
