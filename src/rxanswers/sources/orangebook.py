"""FDA Orange Book data files (``EOBZIP_YYYY_MM.zip`` from https://www.fda.gov/drugs/drug-approvals-and-databases/orange-book-data-files).

Tilde-delimited text with a header row, in a directory or in the official zip (plain, ``.gz`` or ``.xz`` each):

* ``patent.txt``: Appl_Type~Appl_No~Product_No~Patent_No~Patent_Expire_Date_Text~Drug_Substance_Flag~
  Drug_Product_Flag~Patent_Use_Code~Delist_Flag~Submission_Date -> ``PatentRecord``.
  (``Submission_Date`` is absent from files before 2018: then None.)
* ``exclusivity.txt``: Appl_Type~Appl_No~Product_No~Exclusivity_Code~Exclusivity_Date -> ``ExclusivityRecord``.
* ``products.txt`` (optional): Ingredient~DF;Route~Trade_Name~Applicant~Strength~Appl_Type~Appl_No~Product_No~
  TE_Code~Approval_Date~RLD~RS~Type~Applicant_Full_Name -> ``OrangeBookProductRecord``.

Quirks: dates are written "Aug 24, 2026"; products approved before 1982 have "Approved Prior to Jan 1, 1982"
(-> ``approval_date=None, approved_before_1982=True``). Flags are "Y"/empty in patent.txt and "Yes"/"No" in
products.txt. Appl_Type is "N" (NDA) or "A" (ANDA); Appl_No is 6 digits, Product_No 3 (zero-padded if short).
Bad rows (wrong column count, bad Appl_No/Product_No, unparseable date) -> ``RecordError`` at ``"line N"``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from .delimited import BadRow, Row, iter_rows, parse_digits, parse_flag
from .io import UnreadableSourceError, has_table, strip_compression_suffix
from .records import ExclusivityRecord, OrangeBookProductRecord, PatentRecord, RecordError

APPROVED_BEFORE_1982 = "approved prior to jan 1, 1982"


def parse_orangebook_date(value: str, column: str) -> date | None:
    """``"Aug 24, 2026"`` -> ``date(2026, 8, 24)``; empty -> None."""
    value = value.strip()
    if not value:
        return None
    for pattern in ("%b %d, %Y", "%B %d, %Y", "%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise BadRow(f"{column}: {value!r} is not a date like 'Aug 24, 2026'")


def _application(row: Row) -> tuple[str, str, str]:
    appl_type = row["APPL_TYPE"].upper()
    if appl_type not in ("N", "A"):
        raise BadRow(f"Appl_Type: {row['APPL_TYPE']!r} is not N or A")
    return (
        appl_type,
        parse_digits(row["APPL_NO"], "Appl_No", 6),
        parse_digits(row["PRODUCT_NO"], "Product_No", 3),
    )


def read_orangebook(
    source: str | os.PathLike[str],
) -> Iterator[OrangeBookProductRecord | PatentRecord | ExclusivityRecord | RecordError]:
    """Products (when products.txt is there), then patents, then exclusivities, of a directory or zip.

    Given one of the three files itself, reads that file only.
    """
    path = Path(source)
    if path.is_file() and path.suffix.lower() != ".zip":
        readers = {
            "products.txt": read_orangebook_products,
            "patent.txt": read_orangebook_patents,
            "exclusivity.txt": read_orangebook_exclusivity,
        }
        reader = readers.get(strip_compression_suffix(path.name).lower())
        if reader is None:
            raise UnreadableSourceError(
                f"{path}: expected patent.txt, exclusivity.txt, products.txt or a zip"
            )
        yield from reader(path)
        return
    if has_table(source, "products.txt"):
        yield from read_orangebook_products(source)
    yield from read_orangebook_patents(source)
    yield from read_orangebook_exclusivity(source)


def read_orangebook_patents(source: str | os.PathLike[str]) -> Iterator[PatentRecord | RecordError]:
    required = ("Appl_Type", "Appl_No", "Product_No", "Patent_No", "Patent_Expire_Date_Text")
    for item in iter_rows(source, "patent.txt", "~", required):
        if isinstance(item, RecordError):
            yield item
            continue
        file, position, row = item
        try:
            appl_type, appl_no, product_no = _application(row)
            if not row["PATENT_NO"]:
                raise BadRow("Patent_No is empty")
            yield PatentRecord(
                appl_type=appl_type,
                appl_no=appl_no,
                product_no=product_no,
                patent_no=row["PATENT_NO"],
                expire_date=parse_orangebook_date(row["PATENT_EXPIRE_DATE_TEXT"], "Patent_Expire_Date_Text"),
                drug_substance=parse_flag(row.get("DRUG_SUBSTANCE_FLAG", ""), "Drug_Substance_Flag"),
                drug_product=parse_flag(row.get("DRUG_PRODUCT_FLAG", ""), "Drug_Product_Flag"),
                use_code=row.get("PATENT_USE_CODE", ""),
                delisted=parse_flag(row.get("DELIST_FLAG", ""), "Delist_Flag"),
                submission_date=parse_orangebook_date(row.get("SUBMISSION_DATE", ""), "Submission_Date"),
            )
        except BadRow as exc:
            yield RecordError(file, position, str(exc))


def read_orangebook_exclusivity(source: str | os.PathLike[str]) -> Iterator[ExclusivityRecord | RecordError]:
    required = ("Appl_Type", "Appl_No", "Product_No", "Exclusivity_Code", "Exclusivity_Date")
    for item in iter_rows(source, "exclusivity.txt", "~", required):
        if isinstance(item, RecordError):
            yield item
            continue
        file, position, row = item
        try:
            appl_type, appl_no, product_no = _application(row)
            yield ExclusivityRecord(
                appl_type=appl_type,
                appl_no=appl_no,
                product_no=product_no,
                code=row["EXCLUSIVITY_CODE"],
                expire_date=parse_orangebook_date(row["EXCLUSIVITY_DATE"], "Exclusivity_Date"),
            )
        except BadRow as exc:
            yield RecordError(file, position, str(exc))


def read_orangebook_products(
    source: str | os.PathLike[str],
) -> Iterator[OrangeBookProductRecord | RecordError]:
    required = ("Ingredient", "DF;Route", "Trade_Name", "Appl_Type", "Appl_No", "Product_No", "Approval_Date")
    for item in iter_rows(source, "products.txt", "~", required):
        if isinstance(item, RecordError):
            yield item
            continue
        file, position, row = item
        try:
            appl_type, appl_no, product_no = _application(row)
            approval_text = row["APPROVAL_DATE"]
            before_1982 = approval_text.lower() == APPROVED_BEFORE_1982
            yield OrangeBookProductRecord(
                appl_type=appl_type,
                appl_no=appl_no,
                product_no=product_no,
                ingredient=re.sub(r"\s*;\s*", "; ", row["INGREDIENT"]),
                dosage_form_route=row["DF;ROUTE"],
                trade_name=row["TRADE_NAME"],
                applicant=row.get("APPLICANT", ""),
                applicant_full_name=row.get("APPLICANT_FULL_NAME", ""),
                strength=row.get("STRENGTH", ""),
                te_code=row.get("TE_CODE", ""),
                approval_date=None if before_1982 else parse_orangebook_date(approval_text, "Approval_Date"),
                reference_drug=parse_flag(row.get("RLD", ""), "RLD"),
                reference_standard=parse_flag(row.get("RS", ""), "RS"),
                market_type=row.get("TYPE", "").upper(),
                approved_before_1982=before_1982,
            )
        except BadRow as exc:
            yield RecordError(file, position, str(exc))
