"""The name index on disk (``understanding/name_store.py``): read back lazily, it answers as the index it was built
as; and older stored files are pruned (``answers/stored.py``)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from rxanswers.answers import stored
from rxanswers.answers.understanding import NameEntry, NameIndex, entries_from_files, name_store

DATA = Path(__file__).resolve().parents[2] / "data"

QUESTIONS = [
    "can I take ibuprofen with lisinopril",
    "is there a generic for gleevec",
    "what is metformen used for",
    "can i take tylenol with advil",
    "acetaminophen and codeine dose",
    "are statins bad for my liver",
    "hydro chlorothiazide side effects",
    "does amoxicilin cause rash",
    "what is zzyzx",
]


@pytest.fixture(scope="module")
def built() -> NameIndex:
    entries = [e for e in entries_from_files(DATA) if e.drug_key[:1] in "aghilmst"]
    entries.append(NameEntry("Tylenol", "acetaminophen", "acetaminophen", "brand", "test"))
    entries.append(NameEntry("Advil", "ibuprofen", "ibuprofen", "brand", "test"))
    return NameIndex.build(entries)


@pytest.fixture(scope="module")
def loaded(built, tmp_path_factory) -> NameIndex:
    path = tmp_path_factory.mktemp("names") / "name-index-test.sqlite3"
    name_store.save(built, path)
    index = name_store.load(path, NameIndex)
    assert index is not None
    return index


def test_a_stored_index_recognises_what_the_built_one_does(built, loaded):
    for question in QUESTIONS:
        assert loaded.recognise(question) == built.recognise(question), question
    assert len(loaded) == len(built)
    assert loaded.brands_of("ibuprofen") == built.brands_of("ibuprofen")
    assert loaded.generic_of("acetaminophen") == built.generic_of("acetaminophen")


def test_its_maps_behave_as_the_dicts_they_were_built_as(built, loaded):
    for name in ("_targets", "_squashed", "_drugs", "_combos"):
        original, stored_map = getattr(built, name), getattr(loaded, name)
        assert isinstance(stored_map, name_store.StoredMap)
        assert len(stored_map) == len(original) and list(stored_map) == list(original)
        for key in list(original)[:200]:
            assert key in stored_map and stored_map[key] == original[key] == stored_map.get(key)
            assert stored_map[key] is stored_map[key]  # decoded once, then kept
    assert "no such name" not in loaded._targets and loaded._targets.get("no such name", 7) == 7
    with pytest.raises(KeyError):
        loaded._targets["no such name"]
    for name, value in vars(built).items():
        if name not in ("_targets", "_squashed", "_drugs", "_combos"):
            assert getattr(loaded, name) == value, name


def test_a_missing_or_broken_file_is_not_an_index(tmp_path):
    assert name_store.load(tmp_path / "missing.sqlite3", NameIndex) is None
    (tmp_path / "bad.sqlite3").write_bytes(b"not a database")
    assert name_store.load(tmp_path / "bad.sqlite3", NameIndex) is None


def test_new_files_prune_old_ones_of_their_kind_but_not_recently_used_ones(tmp_path):
    old = time.time() - stored.KEEP_UNUSED_SECONDS - 60
    files = {n: tmp_path / n for n in ("name-index-a.pickle", "name-index-b.sqlite3", "name-index-c.sqlite3")}
    for path in files.values():
        path.write_bytes(b"x")
    other = tmp_path / "conditions-a.pickle"
    other.write_bytes(b"x")
    for path in (files["name-index-a.pickle"], files["name-index-b.sqlite3"], other):
        os.utime(path, (old, old))
    current = tmp_path / "name-index-d.sqlite3"
    current.write_bytes(b"x")
    stored.prune(current, "name-index")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "conditions-a.pickle",  # another kind
        "name-index-c.sqlite3",  # used within the hour (another database may be using it)
        "name-index-d.sqlite3",
    ]
