"""CMS NADAC reader: the official CSV layout (both header spellings), bad rows, packaging, detection. No DB.

Every price and NDC below is made-up test data (NDCs start with 99999, descriptions with "TEST"): these are not
real NADAC prices.
"""

from __future__ import annotations

import gzip
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rxanswers.sources import READERS, UnreadableSourceError, detect_format, read_nadac
from rxanswers.sources.records import NadacPriceRecord, RecordError

from .conftest import split_results

# Header of the current weekly files (spaces) and of older yearly files (underscores), as published.
HEADER_SPACES = (
    "NDC Description,NDC,NADAC Per Unit,Effective Date,Pricing Unit,Pharmacy Type Indicator,OTC,"
    "Explanation Code,Classification for Rate Setting,Corresponding Generic Drug NADAC Per Unit,"
    "Corresponding Generic Drug Effective Date,As of Date"
)
HEADER_UNDERSCORES = (
    "NDC Description,NDC,NADAC_Per_Unit,Effective_Date,Pricing_Unit,Pharmacy_Type_Indicator,OTC,"
    "Explanation_Code,Classification_for_Rate_Setting,Corresponding_Generic_Drug_NADAC_Per_Unit,"
    "Corresponding_Generic_Drug_Effective_Date,As of Date"
)
# TEST VALUES: not real prices.
ROWS = [
    "TESTOMAB 10 MG TABLET,99999000101,12.34567,01/15/2026,EA,C/I,N,1,B,0.54321,01/08/2026,02/04/2026",
    'TESTOMAB 10 MG TABLET "GENERIC",99999000201,0.54321,01/08/2026,EA,C/I,N,"1, 5",G,,,02/04/2026',
    "TESTOMAB 5 MG/ML ORAL SOLN,99999-0003-01,0.01230,12/31/2025,ML,C/I,Y,4,B-ANDA,,,02/04/2026",
]


def write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode())
    return path


@pytest.mark.parametrize("header", [HEADER_SPACES, HEADER_UNDERSCORES])
def test_reads_official_layout_in_both_spellings(tmp_path: Path, header: str) -> None:
    records, errors = split_results(read_nadac(write(tmp_path / "nadac.csv", header, ROWS)))
    assert errors == []
    brand, generic, solution = records
    assert isinstance(brand, NadacPriceRecord)
    assert brand.ndc == "99999000101" and brand.description == "TESTOMAB 10 MG TABLET"
    assert brand.price_per_unit == Decimal("12.34567") and isinstance(brand.price_per_unit, Decimal)
    assert brand.pricing_unit == "EA" and brand.pharmacy_type == "C/I" and not brand.otc
    assert brand.effective_date == date(2026, 1, 15) and brand.as_of_date == date(2026, 2, 4)
    assert brand.brand_or_generic == "B" and brand.explanation_code == "1"
    assert brand.generic_price_per_unit == Decimal("0.54321")
    assert brand.generic_effective_date == date(2026, 1, 8)
    assert generic.brand_or_generic == "G" and generic.explanation_code == "1, 5"
    assert generic.description == 'TESTOMAB 10 MG TABLET "GENERIC"' and generic.generic_price_per_unit is None
    # A dashed 5-4-2 NDC is accepted; "B-ANDA" counts as brand for rate setting (raw value kept).
    assert solution.ndc == "99999000301" and solution.pricing_unit == "ML" and solution.otc
    assert (solution.brand_or_generic, solution.classification) == ("B", "B-ANDA")


def test_columns_in_another_order_and_iso_dates(tmp_path: Path) -> None:
    path = tmp_path / "nadac.csv"
    path.write_text(
        "ndc,ndc_description,pricing_unit,nadac_per_unit,effective_date,as_of_date\n"
        "99999000101,TESTOMAB 10 MG TABLET,GM,3.5,2026-01-15,2026-02-04T00:00:00.000\n"
    )
    (record,) = read_nadac(path)
    assert (record.ndc, record.pricing_unit, record.price_per_unit) == ("99999000101", "GM", Decimal("3.5"))
    assert record.effective_date == date(2026, 1, 15) and record.as_of_date == date(2026, 2, 4)
    assert record.brand_or_generic == "" and record.pharmacy_type == ""


def test_bad_rows_are_reported_with_line_numbers(tmp_path: Path) -> None:
    rows = [
        ROWS[0],
        "TEST BAD NDC,9999900010,1.0,01/15/2026,EA,C/I,N,1,G,,,02/04/2026",  # 10 digits: leading zero lost
        "TEST BAD PRICE,99999000401,N/A,01/15/2026,EA,C/I,N,1,G,,,02/04/2026",
        "TEST BAD DATE,99999000501,1.0,13/45/2026,EA,C/I,N,1,G,,,02/04/2026",
        "TEST EMPTY PRICE,99999000601,,01/15/2026,EA,C/I,N,1,G,,,02/04/2026",
        "TEST BAD UNIT,99999000701,1.0,01/15/2026,TAB,C/I,N,1,G,,,02/04/2026",
        "TEST NEGATIVE,99999000801,-1.0,01/15/2026,EA,C/I,N,1,G,,,02/04/2026",
        "TEST SHORT ROW,99999000901,1.0",
        "",
        ROWS[1],
    ]
    records, errors = split_results(read_nadac(write(tmp_path / "nadac.csv", HEADER_SPACES, rows)))
    assert [r.ndc for r in records] == ["99999000101", "99999000201"]
    assert all(isinstance(e, RecordError) and e.file.endswith("nadac.csv") for e in errors)
    by_line = {e.position: e.reason for e in errors}
    assert list(by_line) == [f"line {n}" for n in range(3, 10)]
    assert "not an 11-digit NDC" in by_line["line 3"]
    assert "NADAC Per Unit: 'N/A' is not a number" in by_line["line 4"]
    assert "Effective Date: '13/45/2026'" in by_line["line 5"]
    assert "NADAC Per Unit is empty" in by_line["line 6"]
    assert "Pricing Unit" in by_line["line 7"]
    assert "not a valid price" in by_line["line 8"]
    assert "expected 12 columns, found 3" in by_line["line 9"]


def test_cp1252_description_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "nadac.csv"
    path.write_bytes(
        HEADER_SPACES.encode()
        + b"\r\nTESTOMAB\xae 10 MG TABLET,99999000101,1.0,01/15/2026,EA,C/I,N,1,B,,,02/04/2026\r\n"
    )
    (record,) = read_nadac(path)
    assert record.description == "TESTOMAB® 10 MG TABLET"


def test_not_a_nadac_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("N/R/U,Applicant,BLA Number\n,Wyeth,761040\n")
    with pytest.raises(UnreadableSourceError, match="not a NADAC file"):
        list(read_nadac(path))
    assert detect_format(path) is None


def test_compressed_zipped_and_directory_inputs(tmp_path: Path) -> None:
    body = ("\n".join([HEADER_SPACES, *ROWS]) + "\n").encode()
    gz = tmp_path / "nadac.csv.gz"
    gz.write_bytes(gzip.compress(body))
    archive = tmp_path / "nadac.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("nadac-2026.csv", body)
    folder = tmp_path / "years"
    folder.mkdir()
    write(folder / "nadac-2025.csv", HEADER_UNDERSCORES, ROWS[:1])
    write(folder / "nadac-2026.csv", HEADER_SPACES, ROWS[1:])
    (folder / "README.txt").write_text("not data")
    for source, count in ((gz, 3), (archive, 3), (folder, 3)):
        records, errors = split_results(read_nadac(source))
        assert (len(records), errors) == (count, [])
        assert detect_format(source) == "nadac"
    assert READERS["nadac"] is read_nadac
    assert detect_format(write(tmp_path / "weekly.csv", HEADER_UNDERSCORES, ROWS)) == "nadac"


def test_empty_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "nadac.csv"
    path.write_text("")
    with pytest.raises(UnreadableSourceError, match="empty file"):
        list(read_nadac(path))
