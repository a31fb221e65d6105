"""openFDA drug/label JSON reader: real records, bulk layouts, bad inputs, streaming memory."""

from __future__ import annotations

import gzip
import tracemalloc
import zipfile
from datetime import date

import orjson
import pytest

from rxanswers.sources.io import UnreadableSourceError
from rxanswers.sources.openfda_json import read_openfda_json
from rxanswers.sources.records import LabelRecord, RecordError
from rxanswers.sources.section_keys import section_catalog

from .conftest import OPENFDA_RECORDS, split_results

CLARITHROMYCIN_SET_ID = "1cb8a78a-0f07-49e8-a23e-a77628006209"


def _bulk(records: list[bytes]) -> bytes:
    meta = b'{"disclaimer": "tricky \\" } ] { [ text", "results": {"skip": 0, "limit": 1000, "total": 5}}'
    return b'{"meta": ' + meta + b',\n"results": [\n' + b",\n".join(records) + b"\n]\n}\n"


def test_real_single_record_clarithromycin():
    [label] = list(read_openfda_json(OPENFDA_RECORDS / "clarithromycin.json.gz"))
    assert isinstance(label, LabelRecord)
    assert label.set_id == CLARITHROMYCIN_SET_ID
    assert label.spl_id == "414b6e4d-1cbe-49be-e063-6294a90ad88f"
    assert label.version == 23
    assert label.effective_date == date(2025, 10, 16)
    assert label.source == "openfda_json"
    assert label.brand_names == ["Clarithromycin"]
    assert label.generic_names == ["CLARITHROMYCIN"]
    assert label.manufacturer == "PD-Rx Pharmaceuticals, Inc."
    assert label.product_type == "HUMAN PRESCRIPTION DRUG"
    assert label.application_numbers == ["ANDA203584"]
    assert label.package_ndcs[0] == "43063-752-14"
    assert label.pharm_classes["epc"] == ["Macrolide Antimicrobial"]
    assert "Cytochrome P450 3A4 Inhibitors" in label.pharm_classes["moa"]
    sections = {s.key: s for s in label.sections}
    assert len(label.sections) == 34
    assert sections["indications_and_usage"].loinc == "34067-9"
    assert sections["indications_and_usage"].text.startswith("1 INDICATIONS AND USAGE")
    assert "\n\n" in sections["indications_and_usage"].text  # 11 array elements joined by blank lines
    table = sections["adverse_reactions_table"]
    assert table.text.startswith("<table") and table.loinc == "34084-4" and table.title.endswith("(table)")
    assert [s.order for s in label.sections] == list(range(34))
    assert label.sections[0].key == "spl_product_data_elements"  # record order kept


def test_all_real_records_read_without_errors():
    records, errors = split_results(read_openfda_json(OPENFDA_RECORDS))
    assert errors == []
    assert {r.set_id for r in records} == {
        "041f127e-5166-4484-bc1a-0a373d1187ae",
        "1a62d5ae-a4a3-4b10-8281-feba134bbe3a",
        "4baebcab-a237-42c0-9183-6f447a44e371",
        CLARITHROMYCIN_SET_ID,
        "0277341c-8513-4317-9334-c242f97630c1",
    }
    lithium = next(r for r in records if r.set_id.startswith("1a62d5ae"))
    assert lithium.version == 7 and lithium.effective_date == date(2026, 6, 3)
    assert any(s.key == "boxed_warning" for s in lithium.sections)


def test_bulk_file_plain_gz_and_zip(tmp_path, openfda_record_bytes):
    data = _bulk(list(openfda_record_bytes.values()))
    (tmp_path / "drug-label-0001-of-0001.json").write_bytes(data)
    (tmp_path / "bulk.json.gz").write_bytes(gzip.compress(data))
    with zipfile.ZipFile(tmp_path / "drug-label-0001-of-0001.json.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("drug-label-0001-of-0001.json", data)
    for name in ("drug-label-0001-of-0001.json", "bulk.json.gz", "drug-label-0001-of-0001.json.zip"):
        records, errors = split_results(read_openfda_json(tmp_path / name))
        assert errors == [] and len(records) == 5, name
        assert [r.position.split(" (")[0] for r in records] == [f"record {n}" for n in range(1, 6)]
        assert records[0].position.startswith("record 1 (byte ")


def test_json_lines_and_bare_array(tmp_path, openfda_record_bytes):
    lines = [orjson.dumps(orjson.loads(raw)) for raw in openfda_record_bytes.values()]
    (tmp_path / "labels.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    records, errors = split_results(read_openfda_json(tmp_path / "labels.jsonl"))
    assert errors == [] and len(records) == 5
    (tmp_path / "array.json").write_bytes(b"[" + b",".join(openfda_record_bytes.values()) + b"]")
    records, errors = split_results(read_openfda_json(tmp_path / "array.json"))
    assert errors == [] and len(records) == 5


def test_truncated_bulk_yields_good_records_then_error(tmp_path, openfda_record_bytes):
    raws = list(openfda_record_bytes.values())
    data = _bulk(raws)
    cut = data.index(raws[2]) + len(raws[2]) // 2  # in the middle of the third record
    (tmp_path / "truncated.json").write_bytes(data[:cut])
    out = list(read_openfda_json(tmp_path / "truncated.json"))
    assert [type(x) for x in out] == [LabelRecord, LabelRecord, RecordError]
    assert out[2].position == f"record 3 (byte {data.index(raws[2])})"
    assert "truncated" in out[2].reason


def test_truncated_between_records(tmp_path, openfda_record_bytes):
    raws = list(openfda_record_bytes.values())[:2]
    data = _bulk(raws)
    (tmp_path / "cut.json").write_bytes(data[: data.index(raws[1]) - 2])  # after record 1 and its comma
    out = list(read_openfda_json(tmp_path / "cut.json"))
    assert isinstance(out[0], LabelRecord) and isinstance(out[-1], RecordError)
    assert "results array not closed" in out[-1].reason


def test_bad_records_are_reported_and_reading_continues(tmp_path, openfda_record_bytes):
    good = openfda_record_bytes["erythromycin"]
    bad = [
        b'"just a string"',
        b'{"id": "x", "version": "1", "indications_and_usage": ["text"]}',  # no set_id
        b'{"set_id": "s1", "indications_and_usage": "fine as a string", "boxed_warning": 42}',
        b'{"set_id": "s2", "indications_and_usage": ["a", 7]}',
        b'{"set_id": "s3", "version": "v2"}',
        b'{"set_id": "s4", "effective_time": "2024-01-01"}',
        b'{"set_id": "s5", "openfda": ["not", "an", "object"]}',
        b'{"set_id": "s6", "description": [1, 2,]}',  # balanced but invalid JSON
    ]
    (tmp_path / "bad.json").write_bytes(_bulk([bad[0], good, *bad[1:], good]))
    out = list(read_openfda_json(tmp_path / "bad.json"))
    assert len(out) == 10
    assert [isinstance(x, LabelRecord) for x in out] == [False, True, *([False] * 7), True]
    reasons = [x.reason for x in out if isinstance(x, RecordError)]
    assert "not a JSON object" in reasons[0]
    assert reasons[1] == "missing set_id"
    assert "boxed_warning" in reasons[2] and "array of strings" in reasons[2]
    assert "indications_and_usage" in reasons[3] and "int" in reasons[3]
    assert "version" in reasons[4]
    assert "YYYYMMDD" in reasons[5]
    assert "openfda" in reasons[6]
    assert "invalid JSON" in reasons[7]
    assert all(x.position.startswith(f"record {n} (byte ") for n, x in enumerate(out, start=1))


def test_oversized_field_is_an_error(tmp_path):
    huge = b'{"set_id": "big", "description": ["' + b"x" * 3_000_000 + b'"]}'
    small = b'{"set_id": "ok", "description": ["short"]}'
    (tmp_path / "big.json").write_bytes(_bulk([huge, small]))
    out = list(read_openfda_json(tmp_path / "big.json"))
    assert (
        isinstance(out[0], RecordError) and "description" in out[0].reason and "larger than" in out[0].reason
    )
    assert isinstance(out[1], LabelRecord) and out[1].set_id == "ok"
    # configurable limit
    out = list(read_openfda_json(tmp_path / "big.json", max_field_bytes=4_000_000))
    assert all(isinstance(x, LabelRecord) for x in out)


def test_oversized_record_is_skipped_without_holding_it(tmp_path):
    huge = b'{"set_id": "big", "description": ["' + b"y" * 3_000_000 + b'"]}'
    (tmp_path / "big.json").write_bytes(_bulk([huge, b'{"set_id": "ok"}']))
    out = list(read_openfda_json(tmp_path / "big.json", max_record_bytes=1_000_000))
    assert isinstance(out[0], RecordError) and "record larger than" in out[0].reason
    assert isinstance(out[1], LabelRecord)


def test_missing_file_raises_clear_error(tmp_path):
    with pytest.raises(UnreadableSourceError, match="no such file"):
        list(read_openfda_json(tmp_path / "nope.json"))


def test_empty_and_non_json_files(tmp_path):
    (tmp_path / "empty.json").write_bytes(b"  \n")
    assert "empty" in next(iter(read_openfda_json(tmp_path / "empty.json"))).reason
    (tmp_path / "html.json").write_bytes(b"<html>not json</html>")
    assert isinstance(next(iter(read_openfda_json(tmp_path / "html.json"))), RecordError)


def test_streaming_memory_stays_flat(tmp_path, openfda_record_bytes):
    """A ~50 MB bulk file is read with a peak far below its size."""
    raws = list(openfda_record_bytes.values())
    path = tmp_path / "drug-label-big.json"
    count = size = 0
    with path.open("wb") as out:
        out.write(b'{"meta": {"results": {"total": 0}}, "results": [')
        while size < 50_000_000:
            raw = raws[count % len(raws)]
            out.write((b",\n" if count else b"\n") + raw)
            count += 1
            size += len(raw)
        out.write(b"]}")
    section_catalog()  # load the reference tables (xz decoder memory) before measuring
    tracemalloc.start()
    try:
        read = 0
        for item in read_openfda_json(path):
            assert isinstance(item, LabelRecord)
            read += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == count
    assert peak < path.stat().st_size / 5, f"peak {peak} bytes for a {path.stat().st_size} byte file"


def test_strings_with_escapes_across_chunk_boundaries_are_cut_exactly():
    """The scanner never re-reads what it has already scanned (linear in a huge string); an escaped quote or
    backslash that straddles a chunk boundary must still be read as part of the string."""
    import io

    import orjson

    from rxanswers.sources.openfda_json import _JsonScanner

    value = {"text": 'a\\"b' * 50 + "\\\\" + 'c"d'.replace('"', '\\"') * 50, "n": [1, {"x": "}]"}]}
    raw = orjson.dumps(value) + b" ,"
    for chunk in (1, 2, 3, 7, 64):
        scanner = _JsonScanner(io.BytesIO(raw), chunk_size=chunk)
        scanner.peek()
        _, cut, size = scanner.take_value(limit=1 << 20)
        assert orjson.loads(cut) == value and size == len(raw) - 2
        string_scanner = _JsonScanner(io.BytesIO(orjson.dumps(value["text"]) + b","), chunk_size=chunk)
        string_scanner.peek()
        assert orjson.loads(string_scanner.take_value(limit=1 << 20)[1]) == value["text"]


@pytest.mark.parametrize("value", ["20201345", "20200230", "20200100"])
def test_an_impossible_date_is_said_plainly(value):
    from rxanswers.sources.openfda_json import parse_yyyymmdd

    with pytest.raises(ValueError, match=r"is not a calendar date \(YYYYMMDD\)"):
        parse_yyyymmdd(value)
