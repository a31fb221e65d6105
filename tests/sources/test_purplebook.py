"""FDA Purple Book reader: the official monthly CSV layout (title lines, changes table, full table), both header
generations, bad rows, packaging, detection. No database.

``data/purplebook-search-february-data-download.csv`` is HAND-WRITTEN in the layout of the official monthly
download (no real file was available offline); it is not a copy of a real release and must not be cited. The
Humira, Amjevita, Cyltezo and Besponsa rows use BLA/product numbers and strengths from the bundled Drugs@FDA
files and their public approval dates, with cells we do not know left empty. Everything named "testomab" (BLA
9999xx) is made up to exercise the exclusivity and date columns.
"""

from __future__ import annotations

import gzip
import zipfile
from datetime import date
from pathlib import Path

import pytest

from rxanswers.sources import READERS, UnreadableSourceError, detect_format, read_purplebook
from rxanswers.sources.purplebook import column_key, parse_date, report_month
from rxanswers.sources.records import PurpleBookProductRecord

from .conftest import split_results

FIXTURE = Path(__file__).parent / "data" / "purplebook-search-february-data-download.csv"

# The older header generation ("BLA Type", no interchangeable approval / patent list columns), one table only.
OLD_HEADER = (
    "N/R/U,Applicant,BLA Number,Proprietary Name,Proper Name,BLA Type,Strength,Dosage Form,"
    "Route of Administration,Product Presentation,Marketing Status,Licensure,Approval Date,"
    "Ref. Product Proper Name,Ref. Product Proprietary Name,Supplement Number,Submission Type,License Number,"
    "Product Number,Center,Date of First Licensure,Exclusivity Expiration Date,"
    "First Interchangeable Exclusivity Exp. Date,Ref. Product Exclusivity Exp. Date,Orphan Exclusivity Exp. Date"
)
OLD_ROWS = [
    ",AbbVie Inc.,125057,Humira,adalimumab,351(a),40MG/0.8ML,Injection,Subcutaneous,Pre-Filled Syringe,Rx,"
    "Licensed,31-Dec-02,N/A,N/A,,Original,,1,CDER,,,,,",
    ",Amgen Inc.,761024,Amjevita,adalimumab-atto,351(k),40MG/0.8ML,Injection,Subcutaneous,Pre-Filled Syringe,"
    "Rx,Licensed,23-Sep-16,adalimumab,Humira,,Original,,2,CDER,,,,,",
]


def old_layout(tmp_path: Path, title: str = "Purple Book Data Download,,,") -> Path:
    path = tmp_path / "purplebook.csv"
    path.write_bytes(("\r\n".join([title, "", OLD_HEADER, *OLD_ROWS]) + "\r\n").encode())
    return path


def by_bla(records: list[PurpleBookProductRecord]) -> dict[str, PurpleBookProductRecord]:
    return {r.bla_number: r for r in records}


def test_reads_only_the_full_table_of_the_monthly_file() -> None:
    records, errors = split_results(read_purplebook(FIXTURE))
    # The changes table (lines 4-7) is skipped: its rows are listed again under the second header.
    assert [(r.bla_number, r.product_no) for r in records] == [
        ("125057", "001"),
        ("761024", "002"),
        ("761058", "001"),
        ("761040", "001"),
        ("999901", "001"),
        ("999902", "001"),
    ]
    assert {e.position: e.reason for e in errors} == {
        "line 17": "BLA Number: '12A45' is not a number of at most 6 digits",
        "line 18": "License Type: '351(b)' is not 351(a), 351(k), 351(k) Biosimilar or 351(k) Interchangeable",
        "line 19": "Approval Date: '32-Foo-20' is not a date",
        "line 20": "BLA 125057 product 001 already listed at line 11; kept the first",
        "line 21": "expected 28 columns, found 6",
    }
    assert all(e.file == str(FIXTURE) for e in errors)


def test_row_values() -> None:
    records = by_bla(split_results(read_purplebook(FIXTURE))[0])
    humira, amjevita, cyltezo = records["125057"], records["761024"], records["761058"]
    besponsa = records["761040"]
    assert (humira.pathway, humira.interchangeable, humira.license_type) == ("351(a)", False, "351(a)")
    assert (humira.proprietary_name, humira.proper_name, humira.applicant) == (
        "Humira",
        "adalimumab",
        "AbbVie Inc.",
    )
    assert humira.approval_date == date(2002, 12, 31)  # "31-Dec-02"
    assert (humira.ref_proper_name, humira.ref_proprietary_name) == ("", "")  # "N/A"
    assert (humira.marketing_status, humira.licensure, humira.center) == ("Rx", "Licensed", "CDER")
    assert humira.patent_list_provided is True and humira.report_month == date(2026, 2, 1)
    assert (amjevita.pathway, amjevita.interchangeable, amjevita.product_no) == ("351(k)", False, "002")
    assert (amjevita.ref_proper_name, amjevita.ref_proprietary_name) == ("adalimumab", "Humira")
    assert amjevita.approval_date == date(2016, 9, 23)
    assert amjevita.patent_list_provided is False  # the column exists, the cell is empty
    assert (cyltezo.interchangeable, cyltezo.change_code) == (True, "U")
    assert cyltezo.applicant == "Boehringer Ingelheim Pharmaceuticals, Inc."  # quoted cell with a comma
    assert (cyltezo.approval_date, cyltezo.interchangeable_approval_date) == (
        date(2017, 8, 25),
        date(2021, 10, 15),
    )
    assert besponsa.proper_name == "inotuzumab ozogamicin"
    assert besponsa.applicant == "Wyeth Pharmaceuticals LLC, a subsidiary of Pfizer Inc."
    assert (besponsa.strength, besponsa.dosage_form, besponsa.route) == (
        "0.9MG",
        "For Injection",
        "Intravenous",
    )


def test_made_up_rows_cover_exclusivity_columns_and_two_digit_years() -> None:
    records = by_bla(split_results(read_purplebook(FIXTURE))[0])
    testomab, biosimilar = records["999901"], records["999902"]
    assert testomab.approval_date == date(1974, 1, 15)  # "15-Jan-74": 2074 is after the report month
    assert testomab.first_licensure_date == date(1974, 1, 15)
    assert testomab.ref_product_exclusivity_date == date(2031, 1, 25)  # "25-Jan-31": an expiry, so 2031
    assert testomab.orphan_exclusivity_date == date(2030, 5, 22)  # MM/DD/YYYY
    assert (testomab.marketing_status, testomab.center, testomab.license_number) == ("Disc*", "CBER", "9999")
    assert testomab.patent_list_provided is False and testomab.change_code == "N"
    assert biosimilar.first_interchangeable_exclusivity_date is None
    assert biosimilar.first_interchangeable_exclusivity_tbd is True  # "Date TBD"
    assert biosimilar.approval_date == date(2026, 2, 3)  # ISO accepted


def test_older_header_generation_with_bla_type(tmp_path: Path) -> None:
    records, errors = split_results(read_purplebook(old_layout(tmp_path)))
    assert errors == []
    humira, amjevita = records
    assert (humira.pathway, humira.product_no, humira.patent_list_provided) == ("351(a)", "001", None)
    assert (amjevita.pathway, amjevita.interchangeable, amjevita.license_type) == ("351(k)", False, "351(k)")
    assert amjevita.interchangeable_approval_date is None
    assert humira.report_month is None  # the title names no month


def test_compressed_and_zipped(tmp_path: Path) -> None:
    expected = split_results(read_purplebook(FIXTURE))[0]
    gz = tmp_path / "purplebook.csv.gz"
    gz.write_bytes(gzip.compress(FIXTURE.read_bytes()))
    assert split_results(read_purplebook(gz))[0] == expected
    zipped = tmp_path / "purplebook.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.write(FIXTURE, FIXTURE.name)
    assert split_results(read_purplebook(zipped))[0] == expected


def test_detection(tmp_path: Path) -> None:
    assert READERS["purplebook"] is read_purplebook
    assert detect_format(FIXTURE) == "purplebook"
    assert detect_format(old_layout(tmp_path)) == "purplebook"
    directory = tmp_path / "pb"
    directory.mkdir()
    (directory / FIXTURE.name).write_bytes(FIXTURE.read_bytes())
    assert detect_format(directory) == "purplebook"
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n")
    assert detect_format(other) is None


def test_unreadable_files(tmp_path: Path) -> None:
    no_header = tmp_path / "x.csv"
    no_header.write_text("Purple Book Data Download\nsomething,else\n")
    with pytest.raises(UnreadableSourceError, match="no header row"):
        list(read_purplebook(no_header))
    no_type = tmp_path / "y.csv"
    no_type.write_text("N/R/U,BLA Number,Proper Name,Product Number\n,125057,adalimumab,1\n")
    with pytest.raises(UnreadableSourceError, match="license type"):
        list(read_purplebook(no_type))


def test_helpers() -> None:
    assert column_key("Ref. Product Proper Name") == "ref product proper name"
    assert column_key("\ufeffFirst_Interchangeable_Exclusivity_Exp._Date") == (
        "first interchangeable exclusivity exp date"
    )
    assert report_month("Purple Book Monthly Historical Data Changes Report - June 2026,,,") == date(
        2026, 6, 1
    )
    assert report_month("Purple Book Data Download") is None
    assert parse_date("N/A", "x", past=True) is None
    assert parse_date("01-Mar-99", "x", past=True, reference=date(2026, 3, 1)) == date(1999, 3, 1)
    assert parse_date("01-Mar-26", "x", past=True, reference=date(2026, 3, 1)) == date(2026, 3, 1)
    assert parse_date("01-Mar-75", "x", past=False) == date(1975, 3, 1)
    assert parse_date("Jul 23, 1986", "x", past=True) == date(1986, 7, 23)
