"""Orange Book patent use codes: read with bad items reported, a non-list refused whole, detection, and the
'no generic yet' answer naming what the last patent covers."""

from __future__ import annotations

import json

import pytest

from rxanswers.sources import UnreadableSourceError, detect_format, read_patent_use_codes

from .conftest import DATA_DIR, split_results


def test_codes_are_read_and_bad_items_reported(tmp_path):
    path = tmp_path / "patent_use_codes.json"
    path.write_text(
        json.dumps(
            [
                {"Code": "U-1", "Definition": "PREVENTION OF PREGNANCY"},
                {"Code": "X-9", "Definition": "not a code"},
                {"Code": "U-2", "Definition": ""},
                "junk",
            ]
        )
    )
    assert detect_format(path) == "patent_use_codes"
    records, errors = split_results(read_patent_use_codes(path))
    assert [(r.code, r.definition) for r in records] == [("U-1", "PREVENTION OF PREGNANCY")]
    assert [e.position for e in errors] == ["item 2", "item 3", "item 4"]


@pytest.mark.parametrize("content", ['{"Code": "U-1"}', "not json at all"])
def test_a_file_that_is_not_a_list_is_refused_whole(tmp_path, content):
    path = tmp_path / "patent_use_codes.json"
    path.write_text(content)
    with pytest.raises(UnreadableSourceError):
        list(read_patent_use_codes(path))


def test_the_bundled_list():
    records, errors = split_results(
        read_patent_use_codes(DATA_DIR / "orangebook" / "patent_use_codes.json.xz")
    )
    assert len(records) > 4000 and not errors
