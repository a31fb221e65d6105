"""Size caps on every reader: zip expansion (per member, ratio, archive total), and per-row and per-field caps
on the tabular readers. An input over a cap costs one bad record and is never held in memory; the records after
it are still read. Caps are lowered here so the inputs stay small (the real-size runs are bench/bench_hostile.py).
"""

from __future__ import annotations

import gzip
import zipfile

import pytest

from rxanswers.sources import io as source_io
from rxanswers.sources import read_nadac, read_pddi_pairs, read_unii_names
from rxanswers.sources.ndc import read_ndc
from rxanswers.sources.records import RecordError
from rxanswers.sources.spl_xml import read_spl_xml

from . import test_interaction_pairs, test_nadac, test_unii_names
from .conftest import SPL_DIR

GOOD_SPL = gzip.open(SPL_DIR / "FDA-openfda__cough.xml.gz").read()


def kinds(results) -> list[str]:
    return ["bad" if isinstance(r, RecordError) else "ok" for r in results]


def test_a_zip_member_expanding_past_the_ratio_cap_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(source_io, "RATIO_FLOOR_BYTES", 1024)
    path = tmp_path / "release.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a_bomb.xml", b"<a>" + b"A" * 5_000_000 + b"</a>")  # ~1000x
        archive.writestr("b_good.xml", GOOD_SPL)
    results = list(read_spl_xml(path))
    assert kinds(results) == ["bad", "ok"]
    assert "zip bomb" in results[0].reason and results[0].file.endswith("a_bomb.xml")


def test_member_and_archive_totals_are_capped(tmp_path, monkeypatch):
    path = tmp_path / "release.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in ("a.xml", "b.xml", "c.xml"):
            archive.writestr(name, GOOD_SPL)
    size = len(GOOD_SPL)
    monkeypatch.setattr(source_io, "MAX_ARCHIVE_BYTES", 2 * size + 10)
    results = list(read_spl_xml(path))
    assert kinds(results) == ["ok", "ok", "bad"] and "in all" in results[2].reason

    monkeypatch.setattr(source_io, "MAX_ARCHIVE_BYTES", 10**12)
    monkeypatch.setattr(source_io, "MAX_MEMBER_BYTES", size - 1)
    assert kinds(read_spl_xml(path)) == ["bad", "bad", "bad"]


def test_a_nested_zip_is_read_through_a_spooled_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(source_io, "_SPOOL_BYTES", 1024)  # forces the on-disk path
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.xml", GOOD_SPL)
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(inner, "inner.zip")
    results = list(read_spl_xml(outer))
    assert kinds(results) == ["ok"] and results[0].source_file.endswith("outer.zip/inner.zip/doc.xml")


@pytest.fixture
def small_row_caps(monkeypatch):
    monkeypatch.setattr(source_io, "MAX_ROW_BYTES", 4096)
    monkeypatch.setattr(source_io, "MAX_FIELD_CHARS", 1000)


NDC_HEADER = (
    "PRODUCTID\tPRODUCTNDC\tPRODUCTTYPENAME\tPROPRIETARYNAME\tPROPRIETARYNAMESUFFIX\tNONPROPRIETARYNAME\t"
    "DOSAGEFORMNAME\tROUTENAME\tSTARTMARKETINGDATE\tENDMARKETINGDATE\tMARKETINGCATEGORYNAME\tAPPLICATIONNUMBER\t"
    "LABELERNAME\tSUBSTANCENAME\tACTIVE_NUMERATOR_STRENGTH\tACTIVE_INGRED_UNIT\tPHARM_CLASSES\tDEASCHEDULE"
)


def ndc_row(product: str, name: str = "Testomab", classes: str = "") -> str:
    return (
        f"{product}_x\t{product}\tHUMAN PRESCRIPTION DRUG\t{name}\t\ttestomab\tTABLET\tORAL\t20170818\t\tNDA\t"
        f"NDA999999\tTest Labs\tTESTOMAB\t10\tmg/1\t{classes}\t"
    )


def test_tabular_rows_and_fields_over_the_caps_are_bad_records(tmp_path, small_row_caps):
    folder = tmp_path / "ndc"
    folder.mkdir()
    rows = [
        ndc_row("99999-0001"),
        ndc_row("99999-0002", name="X" * 10_000),  # the line is over the row cap
        ndc_row("99999-0003", classes="Y" * 2_000 + " [EPC]"),  # one field over the field cap
        ndc_row("99999-0004"),
    ]
    (folder / "product.txt").write_text("\n".join([NDC_HEADER, *rows]) + "\n")
    (folder / "package.txt").write_text("PRODUCTID\tPRODUCTNDC\tNDCPACKAGECODE\tPACKAGEDESCRIPTION\n")
    results = list(read_ndc(folder))
    assert kinds(results) == ["ok", "bad", "bad", "ok"]
    assert "longer than 4096 bytes" in results[1].reason and results[1].position == "line 3"
    assert "field longer than 1,000" in results[2].reason and results[2].position == "line 4"


def test_csv_and_list_readers_skip_overlong_lines(tmp_path, small_row_caps):
    nadac = tmp_path / "nadac.csv"
    rows = [test_nadac.ROWS[0], "TESTOMAB" + "Z" * 9000 + ",1,2,3", test_nadac.ROWS[2]]
    nadac.write_text("\n".join([test_nadac.HEADER_SPACES, *rows]) + "\n")
    assert kinds(read_nadac(nadac)) == ["ok", "bad", "ok"]

    unii = test_unii_names.write(tmp_path, [test_unii_names.ROWS[0], "N" * 9000 + "\tbn\tABCDE12345\tX"])
    out = list(read_unii_names(unii))
    assert kinds(out) == ["ok", "bad"] and "longer than" in out[1].reason

    pairs = test_interaction_pairs.write(tmp_path, [test_interaction_pairs.ROWS[0], "x" * 9000])
    out = list(read_pddi_pairs(pairs))
    assert kinds(out) == ["ok", "bad"] and "longer than" in out[1].reason
