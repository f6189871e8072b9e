"""load() keeps the dataset it read in the user's cache folder, so the next kernel need not read
data/ again (issue 18); what it keeps must be what reading data/ gives, and it must never read a
file someone else could have written.
"""
from __future__ import annotations

import dataclasses
import os
import pickle

import pandas as pd
import pytest

from claimlab.core import dataset


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(dataset.NO_DATA_CACHE_ENV, raising=False)
    dataset._CACHE.clear()
    yield tmp_path / "cache" / "claimlab" / "data"
    dataset._CACHE.clear()


def fresh(root):
    """A load in a new kernel: nothing remembered in memory."""
    dataset._CACHE.clear()
    return dataset.load(root)


def test_the_kept_dataset_is_what_reading_data_gives(data_copy, cache):
    first = fresh(data_copy)  # reads data/ and keeps the result
    kept = list(cache.glob("*.pickle"))
    assert len(kept) == 1 and (kept[0].stat().st_mode & 0o077) == 0
    again = fresh(data_copy)
    assert again is not first  # unpickled, not the object in memory
    for field in dataclasses.fields(first):
        a, b = getattr(first, field.name), getattr(again, field.name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b)
        else:
            assert a == b, field.name


def test_edited_data_is_read_again(data_copy, cache):
    fresh(data_copy)
    glossary = data_copy / "data" / "glossary.csv"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("The person or body the article says", "Whoever the article says"),
                        encoding="utf-8")
    again = fresh(data_copy)  # validated afresh (the data changed), never the kept copy
    assert "Whoever the article says makes a claim." in set(again.glossary["meaning"])


def test_a_kept_file_others_can_write_is_not_read(data_copy, cache, monkeypatch):
    fresh(data_copy)
    path = next(cache.glob("*.pickle"))
    os.chmod(path, 0o666)
    path.write_bytes(b"not a pickle anyone should run")
    monkeypatch.setattr(pickle, "load",
                        lambda *_a, **_k: pytest.fail("a group/world-writable cache file was unpickled"))
    assert len(fresh(data_copy).claims)  # read from data/ instead


def test_a_broken_kept_file_means_reading_data(data_copy, cache):
    fresh(data_copy)
    next(cache.glob("*.pickle")).write_bytes(b"\x80\x05broken")
    assert len(fresh(data_copy).claims)


def test_the_cache_can_be_switched_off(data_copy, cache, monkeypatch):
    monkeypatch.setenv(dataset.NO_DATA_CACHE_ENV, "1")
    fresh(data_copy)
    assert not cache.exists() or not list(cache.glob("*.pickle"))
