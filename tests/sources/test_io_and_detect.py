"""Opening helpers and format detection."""

from __future__ import annotations

import gzip
import lzma
import zipfile

import pytest

from rxanswers.sources import READERS, detect_format
from rxanswers.sources.io import UnreadableSourceError, decode_line, iter_members, open_binary, open_table

from .conftest import DATA_DIR, LABELS_DIR, OPENFDA_RECORDS, SPL_DIR


def test_open_binary_all_packagings(tmp_path):
    payload = b"ApplNo\tApplType\n021588\tNDA\n"
    (tmp_path / "a.txt").write_bytes(payload)
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(payload))
    (tmp_path / "a.txt.xz").write_bytes(lzma.compress(payload))
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.writestr("__MACOSX/._a.txt", b"junk")
        archive.writestr("a.txt", payload)
    for name in ("a.txt", "a.txt.gz", "a.txt.xz", "a.zip"):
        with open_binary(tmp_path / name) as stream:
            assert stream.read() == payload, name


def test_unreadable_sources_raise_clearly(tmp_path):
    with pytest.raises(UnreadableSourceError, match="no such file"):
        open_binary(tmp_path / "missing.json")
    (tmp_path / "fake.zip").write_bytes(b"not a zip")
    with pytest.raises(UnreadableSourceError, match="not a readable zip"):
        open_binary(tmp_path / "fake.zip")
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as archive:
        archive.writestr("a.json", b"{}")
        archive.writestr("b.json", b"{}")
    with pytest.raises(UnreadableSourceError, match="expected one file"):
        open_binary(tmp_path / "two.zip")
    with pytest.raises(UnreadableSourceError, match="no TE.txt"):
        open_table(tmp_path, "TE.txt")


def test_iter_members_and_open_table():
    names = [name for name, _ in iter_members(SPL_DIR)]
    assert len(names) == 8 and all(name.endswith(".xml.gz") for name in names)
    file, stream = open_table(DATA_DIR / "drugsatfda", "te.txt")
    with stream:
        assert file.endswith("TE.txt.xz") and stream.readline().startswith(b"ApplNo\tProductNo")


def test_decode_line_falls_back_to_cp1252():
    assert decode_line("Gmünd".encode()) == "Gmünd"
    assert decode_line("Gmünd ’".encode("cp1252")) == "Gmünd ’"
    assert decode_line(b"\x81") == "\x81"  # undefined in cp1252: latin-1


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (DATA_DIR / "drugsatfda", "drugsatfda"),
        (DATA_DIR / "drugsatfda" / "Products.txt.xz", "drugsatfda"),
        (DATA_DIR / "orangebook", "orangebook"),
        (DATA_DIR / "orangebook" / "patent.txt.xz", "orangebook"),
        (DATA_DIR / "ndc_directory", "ndc"),
        (DATA_DIR / "ndc_directory" / "product.txt.xz", "ndc"),
        (OPENFDA_RECORDS, "openfda_json"),
        (OPENFDA_RECORDS / "lithium.json.gz", "openfda_json"),
        (SPL_DIR, "spl_xml"),
        (SPL_DIR / "FDA-openfda__humira.xml.gz", "spl_xml"),
        (LABELS_DIR / "pharma_rag" / "labels.jsonl.gz", "pharma_rag"),
        (LABELS_DIR / "graphrag_labels", "graphrag_labels"),
        (
            LABELS_DIR / "phase3_openfda_sections" / "phase3_openfda_label_sections.jsonl.gz",
            "phase3_openfda_sections",
        ),
        (
            LABELS_DIR / "onsides_demner_fushman_200" / "demner_fushman_200_labels.jsonl.gz",
            "onsides_demner_fushman_200",
        ),
        (DATA_DIR / "labels", None),  # mixed formats
        (DATA_DIR / "SOURCES.md", None),
    ],
)
def test_detect_format_on_bundled_data(path, expected):
    assert detect_format(path) == expected
    assert expected is None or expected in READERS


def test_detect_format_on_zips_and_sniffed_jsonl(tmp_path):
    with zipfile.ZipFile(tmp_path / "drugsatfda20240101.zip", "w") as archive:
        archive.writestr("Applications.txt", "ApplNo\tApplType\tApplPublicNotes\tSponsorName\n")
    with zipfile.ZipFile(tmp_path / "EOBZIP_2024_06.zip", "w") as archive:
        archive.writestr("patent.txt", "Appl_Type~Appl_No\n")
    with zipfile.ZipFile(tmp_path / "ndctext.zip", "w") as archive:
        archive.writestr("product.txt", "PRODUCTID\n")
    with zipfile.ZipFile(tmp_path / "dm_spl_release_human_rx_part1.zip", "w") as archive:
        archive.writestr("prescription/x.zip", b"")
    with zipfile.ZipFile(tmp_path / "drug-label-0001-of-0013.json.zip", "w") as archive:
        archive.writestr("drug-label-0001-of-0013.json", b"{}")
    (tmp_path / "products.txt").write_text("Ingredient~DF;Route~Trade_Name\n")
    (tmp_path / "mystery.jsonl").write_text('{"drug": "metformin", "brands": [], "sections": []}\n')
    assert detect_format(tmp_path / "drugsatfda20240101.zip") == "drugsatfda"
    assert detect_format(tmp_path / "EOBZIP_2024_06.zip") == "orangebook"
    assert detect_format(tmp_path / "ndctext.zip") == "ndc"
    assert detect_format(tmp_path / "dm_spl_release_human_rx_part1.zip") == "spl_xml"
    assert detect_format(tmp_path / "drug-label-0001-of-0013.json.zip") == "openfda_json"
    assert detect_format(tmp_path / "products.txt") == "orangebook"
    assert detect_format(tmp_path / "mystery.jsonl") == "pharma_rag"
    assert detect_format(tmp_path / "nothing-here") is None


def test_a_json_lines_record_past_the_line_cap_is_a_bad_record(tmp_path, monkeypatch):
    from rxanswers.sources import io as source_io

    monkeypatch.setattr(source_io, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "labels.jsonl"
    path.write_bytes(b'{"a": 1}\n' + b'{"b": "' + b"x" * 50_000 + b'"}\n' + b'{"c": 3}\n')
    out = list(source_io.iter_json_lines(path))
    assert out[0] == ("line 1", {"a": 1}) and out[2] == ("line 3", {"c": 3})
    assert out[1][0] == "line 2" and "not read" in out[1][1].reason
