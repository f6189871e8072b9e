"""load() reads each CSV with the csv module (issue 18: it is faster in a fresh kernel); the frames
must be exactly what pandas' own reader, typed column by column, gives: for every data file, and
for a file with the awkward cases (BOM, blank line, quoted line break, short row, empty cells).
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from claimlab.core.dataset import find_root, read_table


def reference_read(data_dir: Path, resource: dict) -> pd.DataFrame:
    """The reading load() used before: pd.read_csv as text, then each column typed."""
    frame = pd.read_csv(data_dir / resource["path"], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = resource["schema"].get("missingValues", [""])
    for spec in resource["schema"]["fields"]:
        name, kind = spec["name"], spec["type"]
        if name not in frame.columns:
            continue
        col = frame[name]
        if kind == "integer":
            frame[name] = pd.to_numeric(col.replace("", None)).astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(col.replace("", None)).astype("Float64")
        elif kind == "boolean":
            frame[name] = col.str.lower().map({"true": True, "false": False}).astype("boolean")
        elif kind == "date":
            frame[name] = pd.to_datetime(col.replace("", None), format="%Y-%m-%d")
        elif "" in missing:
            frame[name] = col.replace("", None).astype("string")
        else:
            frame[name] = col.astype("string")
    return frame


def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return list(a.columns) == list(b.columns) and list(a.dtypes) == list(b.dtypes) and a.equals(b)


DATA = find_root(None) / "data"
RESOURCES = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["resources"]


@pytest.mark.parametrize("resource", RESOURCES, ids=[r["path"] for r in RESOURCES])
def test_every_data_file_reads_as_pandas_reads_it(resource):
    assert same(read_table(DATA, resource), reference_read(DATA, resource))


@pytest.mark.parametrize("missing", [[""], ["n/a"]])
def test_the_awkward_cases_read_as_pandas_reads_them(tmp_path, missing):
    (tmp_path / "t.csv").write_text(
        "\ufeffid,count,share,flag,day,note,extra\n"
        "A1,3,0.5,true,2024-09-03,\"two\nlines, and a comma\",x\n"
        "\n"
        "A2,,,FALSE,,,\n"
        "A3,7,2,false,2024-08-06\n", encoding="utf-8")
    resource = {"path": "t.csv", "schema": {"missingValues": missing, "fields": [
        {"name": "id", "type": "string"}, {"name": "count", "type": "integer"},
        {"name": "share", "type": "number"}, {"name": "flag", "type": "boolean"},
        {"name": "day", "type": "date"}, {"name": "note", "type": "string"}]}}
    ours = read_table(tmp_path, resource)
    assert same(ours, reference_read(tmp_path, resource))
    assert len(ours) == 3 and ours.loc[0, "note"] == "two\nlines, and a comma"
