"""Objects kept between processes under var/cache: built once, read back, rebuilt when an input changes."""

from __future__ import annotations

from django.test import override_settings

from rxanswers.answers import stored


def test_built_once_then_read_back_and_rebuilt_when_an_input_changes(tmp_path):
    source = tmp_path / "input.txt"
    source.write_text("one")
    calls = []

    def build():
        calls.append(1)
        return {"value": source.read_text()}

    with override_settings(VAR_DIR=str(tmp_path / "var")):
        assert stored.cached("thing", [source, b"code v1"], build) == {"value": "one"}
        assert stored.cached("thing", [source, b"code v1"], build) == {"value": "one"}
        assert len(calls) == 1  # the second call read the stored file
        source.write_text("two!")
        assert stored.cached("thing", [source, b"code v1"], build) == {"value": "two!"}
        assert stored.cached("thing", [source, b"code v2"], build) == {"value": "two!"}
        assert len(calls) == 3


def test_an_unreadable_file_is_rebuilt_not_an_error(tmp_path):
    with override_settings(VAR_DIR=str(tmp_path)):
        path = stored.cache_dir() / f"bad-{stored.digest_of([b'x'])}.pickle"
        path.parent.mkdir(parents=True)
        path.write_bytes(b"not a pickle")
        assert stored.cached("bad", [b"x"], lambda: 42) == 42
