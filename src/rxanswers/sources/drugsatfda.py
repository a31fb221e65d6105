"""Drugs@FDA data files (``drugsatfda.zip`` from https://www.fda.gov/drugs/drug-approvals-and-databases/drugsfda-data-files).

Tab-delimited text with a header row, in a directory or in the zip (plain, ``.gz`` or ``.xz`` each):

* ``Applications.txt``: ApplNo, ApplType (NDA/ANDA/BLA), ApplPublicNotes, SponsorName -> ``ApplicationRecord``.
* ``Products.txt``: ApplNo, ProductNo, Form ("TABLET;ORAL"), Strength, ReferenceDrug (0/1), DrugName,
  ActiveIngredient ("A; B" for combinations), ReferenceStandard (0/1, sometimes empty) -> ``ProductRecord``,
  joined on (ApplNo, ProductNo) with
* ``MarketingStatus.txt`` (MarketingStatusID, ApplNo, ProductNo) and ``MarketingStatus_Lookup.txt``
  (1 Prescription, 2 Over-the-counter, 3 Discontinued, 4 None (Tentative Approval)), and
* ``TE.txt`` (ApplNo, ProductNo, MarketingStatusID, TECode).

Quirks: ApplNo is zero-padded to 6 digits and ProductNo to 3 as published; a product can have several marketing
statuses or TE codes (e.g. AB1, AB2, AB4): they are joined with "; ". Some rows end in a stray tab (tolerated);
one known Products row has a tab inside Form ("DRUG-ELUTING CONTACT LENS<tab>;OPHTHALMIC") and is repaired.
Encoding is UTF-8 or cp1252, decoded per line. Bad rows (wrong column count, non-numeric ApplNo/ProductNo,
missing ApplType) -> ``RecordError`` at ``"line N"``; bad rows of the join files are reported the same way.
The join files are optional (no status / TE code without them); Applications/Products are required.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from .delimited import BadRow, Row, iter_rows, parse_digits, parse_flag
from .io import UnreadableSourceError, has_table, strip_compression_suffix
from .records import ApplicationRecord, ProductRecord, RecordError, SubmissionRecord

# Used when MarketingStatus_Lookup.txt is absent (values as published in that lookup file).
DEFAULT_MARKETING_STATUSES = {
    "1": "Prescription",
    "2": "Over-the-counter",
    "3": "Discontinued",
    "4": "None (Tentative Approval)",
}


def read_drugsatfda(
    source: str | os.PathLike[str],
) -> Iterator[ApplicationRecord | ProductRecord | RecordError]:
    """All applications, then all products, of a Drugs@FDA directory or zip.

    Given ``Applications.txt`` or ``Products.txt`` itself, reads that file only (products are joined with the
    status and TE files of the same directory).
    """
    path = Path(source)
    if path.is_file() and path.suffix.lower() != ".zip":
        name = strip_compression_suffix(path.name).lower()
        if name == "applications.txt":
            yield from read_drugsatfda_applications(path)
        elif name == "products.txt":
            yield from read_drugsatfda_products(path.parent)
        elif name == "submissions.txt":
            yield from read_drugsatfda_submissions(path.parent)
        else:
            raise UnreadableSourceError(
                f"{path}: expected Applications.txt, Products.txt, a directory or a zip"
            )
        return
    yield from read_drugsatfda_applications(source)
    yield from read_drugsatfda_products(source)
    if has_table(source, "Submissions.txt"):
        yield from read_drugsatfda_submissions(source)


_SUBMISSION_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_SUBMISSION_DATE_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _submission_date(value: str):
    from datetime import date

    value = value.strip()
    if not value:
        return None
    m = _SUBMISSION_DATE.match(value)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    elif m := _SUBMISSION_DATE_US.match(value):
        mo, d, y = (int(x) for x in m.groups())
    else:
        raise BadRow(f"SubmissionStatusDate {value!r} is not a date")
    try:
        return date(y, mo, d)
    except ValueError as exc:
        raise BadRow(f"SubmissionStatusDate {value!r}: {exc}") from None


def read_drugsatfda_submissions(source: str | os.PathLike[str]) -> Iterator[SubmissionRecord | RecordError]:
    """``Submissions.txt``: ApplNo, SubmissionClassCodeID, SubmissionType (ORIG/SUPPL), SubmissionNo,
    SubmissionStatus (AP = approved, TA = tentative), SubmissionStatusDate, ReviewPriority. The ORIG/AP row of
    an application gives its original approval date."""
    required = ("ApplNo", "SubmissionType", "SubmissionNo", "SubmissionStatus", "SubmissionStatusDate")
    for item in iter_rows(source, "Submissions.txt", "\t", required):
        if isinstance(item, RecordError):
            yield item
            continue
        file, position, row = item
        try:
            kind = row["SUBMISSIONTYPE"].strip().upper()
            if not kind:
                raise BadRow("SubmissionType is empty")
            yield SubmissionRecord(
                appl_no=parse_digits(row["APPLNO"], "ApplNo", 6),
                submission_type=kind,
                submission_no=row["SUBMISSIONNO"].strip(),
                status=row["SUBMISSIONSTATUS"].strip().upper(),
                status_date=_submission_date(row["SUBMISSIONSTATUSDATE"]),
                review_priority=row.get("REVIEWPRIORITY", "").strip(),
            )
        except BadRow as exc:
            yield RecordError(file, position, str(exc))


def read_drugsatfda_applications(source: str | os.PathLike[str]) -> Iterator[ApplicationRecord | RecordError]:
    for item in iter_rows(source, "Applications.txt", "\t", ("ApplNo", "ApplType", "SponsorName")):
        if isinstance(item, RecordError):
            yield item
            continue
        file, position, row = item
        try:
            appl_type = row["APPLTYPE"].upper()
            if not appl_type:
                raise BadRow("ApplType is empty")
            yield ApplicationRecord(
                appl_no=parse_digits(row["APPLNO"], "ApplNo", 6),
                appl_type=appl_type,
                sponsor=row["SPONSORNAME"],
                public_notes=row.get("APPLPUBLICNOTES", ""),
            )
        except BadRow as exc:
            yield RecordError(file, position, str(exc))


def _repair_form_with_tab(fields: list[str], expected: int) -> list[str] | None:
    """Products.txt: a tab typed inside Form ("... LENS\\t;OPHTHALMIC") splits it in two."""
    if len(fields) == expected + 1 and fields[3].startswith(";"):
        return [*fields[:2], fields[2].rstrip() + fields[3], *fields[4:]]
    return None


def _product_key(row: Row) -> tuple[str, str]:
    return parse_digits(row["APPLNO"], "ApplNo", 6), parse_digits(row["PRODUCTNO"], "ProductNo", 3)


def _add(joined: dict[tuple[str, str], list[str]], key: tuple[str, str], value: str) -> None:
    values = joined.setdefault(key, [])
    if value and value not in values:
        values.append(value)


def read_drugsatfda_products(source: str | os.PathLike[str]) -> Iterator[ProductRecord | RecordError]:
    """Products joined with their marketing status(es) and TE code(s)."""
    statuses_by_id = dict(DEFAULT_MARKETING_STATUSES)
    if has_table(source, "MarketingStatus_Lookup.txt"):
        for item in iter_rows(
            source, "MarketingStatus_Lookup.txt", "\t", ("MarketingStatusID", "MarketingStatusDescription")
        ):
            if isinstance(item, RecordError):
                yield item
            else:
                statuses_by_id[item[2]["MARKETINGSTATUSID"]] = item[2]["MARKETINGSTATUSDESCRIPTION"]

    statuses: dict[tuple[str, str], list[str]] = {}
    if has_table(source, "MarketingStatus.txt"):
        for item in iter_rows(
            source, "MarketingStatus.txt", "\t", ("MarketingStatusID", "ApplNo", "ProductNo")
        ):
            if isinstance(item, RecordError):
                yield item
                continue
            file, position, row = item
            try:
                status_id = row["MARKETINGSTATUSID"]
                _add(statuses, _product_key(row), statuses_by_id.get(status_id, f"status {status_id}"))
            except BadRow as exc:
                yield RecordError(file, position, str(exc))

    te_codes: dict[tuple[str, str], list[str]] = {}
    if has_table(source, "TE.txt"):
        for item in iter_rows(source, "TE.txt", "\t", ("ApplNo", "ProductNo", "TECode")):
            if isinstance(item, RecordError):
                yield item
                continue
            file, position, row = item
            try:
                _add(te_codes, _product_key(row), row["TECODE"])
            except BadRow as exc:
                yield RecordError(file, position, str(exc))

    required = ("ApplNo", "ProductNo", "Form", "Strength", "ReferenceDrug", "DrugName", "ActiveIngredient")
    for item in iter_rows(source, "Products.txt", "\t", required, repair=_repair_form_with_tab):
        if isinstance(item, RecordError):
            yield item
            continue
        file, position, row = item
        try:
            key = _product_key(row)
            yield ProductRecord(
                appl_no=key[0],
                product_no=key[1],
                form=row["FORM"],
                strength=row["STRENGTH"],
                drug_name=row["DRUGNAME"],
                active_ingredient=re.sub(r"\s*;\s*", "; ", row["ACTIVEINGREDIENT"]),
                reference_drug=parse_flag(row["REFERENCEDRUG"], "ReferenceDrug"),
                reference_standard=parse_flag(row.get("REFERENCESTANDARD", ""), "ReferenceStandard"),
                marketing_status="; ".join(statuses.get(key, [])),
                te_code="; ".join(te_codes.get(key, [])),
            )
        except BadRow as exc:
            yield RecordError(file, position, str(exc))
