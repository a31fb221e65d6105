"""FDA NDC Directory text files (``ndctext.zip`` from https://www.fda.gov/drugs/drug-approvals-and-databases/national-drug-code-directory).

Tab-delimited with a header row and CRLF line ends, in a directory or the zip (plain, ``.gz`` or ``.xz`` each),
or one of the two files given directly:

* ``product.txt`` (~130k rows, streamed): PRODUCTID, PRODUCTNDC, PRODUCTTYPENAME, PROPRIETARYNAME,
  PROPRIETARYNAMESUFFIX, NONPROPRIETARYNAME, DOSAGEFORMNAME, ROUTENAME, STARTMARKETINGDATE, ENDMARKETINGDATE
  (YYYYMMDD), MARKETINGCATEGORYNAME, APPLICATIONNUMBER, LABELERNAME, SUBSTANCENAME, ACTIVE_NUMERATOR_STRENGTH,
  ACTIVE_INGRED_UNIT, PHARM_CLASSES, DEASCHEDULE (+ NDC_EXCLUDE_FLAG, LISTING_RECORD_CERTIFIED_THROUGH in newer
  files) -> ``NdcProductRecord``.
* ``package.txt``: PRODUCTID, PRODUCTNDC, NDCPACKAGECODE, PACKAGEDESCRIPTION (+ STARTMARKETINGDATE,
  ENDMARKETINGDATE, NDC_EXCLUDE_FLAG, SAMPLE_PACKAGE in newer files) -> ``NdcPackageRecord``.

Quirks: SUBSTANCENAME, ACTIVE_NUMERATOR_STRENGTH and ACTIVE_INGRED_UNIT are "; "-separated and aligned, so
strengths are built per substance as "<numerator> <unit>" (".25 mg/mL"); a ";" inside parentheses is part of a
substance name ("HYDROLYZED SOY PROTEIN (ENZYMATIC; 2000 MW)"). PHARM_CLASSES is a comma-separated
list of "Name [KIND]" (class names may themselves contain commas) -> ``{"epc": [...], "moa": [...], "pe": [...],
"cs": [...]}``; the older kind "[Chemical/Ingredient]" counts as "cs", other kinds (e.g. "[EXT]") are kept
lower-cased. The file is cp1252 in places (decoded per line). Bad rows (wrong column count, bad dates) ->
``RecordError`` at ``"line N"``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from .delimited import BadRow, iter_rows, parse_flag, parse_yyyymmdd
from .io import has_table, strip_compression_suffix
from .records import NdcPackageRecord, NdcProductRecord, RecordError

_PHARM_CLASS = re.compile(r"\s*(.+?)\s*\[([^\]]+)\]\s*(?:,|$)")
PHARM_CLASS_KINDS = {"epc": "epc", "moa": "moa", "pe": "pe", "cs": "cs", "chemical/ingredient": "cs"}


def parse_pharm_classes(value: str) -> dict[str, list[str]]:
    """``"Kinase Inhibitor [EPC],Protein Kinase Inhibitors [MoA]"`` -> ``{"epc": [...], "moa": [...]}``."""
    classes: dict[str, list[str]] = {}
    for name, kind in _PHARM_CLASS.findall(value or ""):
        key = PHARM_CLASS_KINDS.get(kind.strip().lower(), kind.strip().lower())
        names = classes.setdefault(key, [])
        if name not in names:
            names.append(name)
    return classes


def _split(value: str) -> list[str]:
    """Split on ";" outside parentheses: "HYDROLYZED SOY PROTEIN (ENZYMATIC; 2000 MW)" is one substance."""
    if not value.strip():
        return []
    parts, depth, start = [], 0, 0
    for index, char in enumerate(value):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            parts.append(value[start:index].strip())
            start = index + 1
    parts.append(value[start:].strip())
    return parts


def _strengths(numerators: str, units: str) -> list[str]:
    numbers, unit_list = _split(numerators), _split(units)
    count = max(len(numbers), len(unit_list))
    numbers += [""] * (count - len(numbers))
    unit_list += [""] * (count - len(unit_list))
    return [f"{number} {unit}".strip() for number, unit in zip(numbers, unit_list, strict=True)]


def read_ndc(source: str | os.PathLike[str]) -> Iterator[NdcProductRecord | NdcPackageRecord | RecordError]:
    """Products then packages of an NDC directory folder or ``ndctext.zip`` (or of one of its files)."""
    path = Path(source)
    if path.is_file() and path.suffix.lower() != ".zip":
        name = strip_compression_suffix(path.name).lower()
        yield from (read_ndc_packages(path) if name == "package.txt" else read_ndc_products(path))
        return
    yield from read_ndc_products(source)
    if has_table(source, "package.txt"):
        yield from read_ndc_packages(source)


def read_ndc_products(source: str | os.PathLike[str]) -> Iterator[NdcProductRecord | RecordError]:
    required = (
        "PRODUCTID",
        "PRODUCTNDC",
        "PRODUCTTYPENAME",
        "PROPRIETARYNAME",
        "NONPROPRIETARYNAME",
        "SUBSTANCENAME",
    )
    for item in iter_rows(source, "product.txt", "\t", required):
        if isinstance(item, RecordError):
            yield item
            continue
        file, position, row = item
        try:
            if not row["PRODUCTID"] or not row["PRODUCTNDC"]:
                raise BadRow("PRODUCTID or PRODUCTNDC is empty")
            yield NdcProductRecord(
                product_id=row["PRODUCTID"],
                product_ndc=row["PRODUCTNDC"],
                product_type=row["PRODUCTTYPENAME"],
                proprietary_name=row["PROPRIETARYNAME"],
                proprietary_suffix=row.get("PROPRIETARYNAMESUFFIX", ""),
                nonproprietary_name=row["NONPROPRIETARYNAME"],
                dosage_form=row.get("DOSAGEFORMNAME", ""),
                route=row.get("ROUTENAME", ""),
                start_date=parse_yyyymmdd(row.get("STARTMARKETINGDATE", ""), "STARTMARKETINGDATE"),
                end_date=parse_yyyymmdd(row.get("ENDMARKETINGDATE", ""), "ENDMARKETINGDATE"),
                marketing_category=row.get("MARKETINGCATEGORYNAME", ""),
                application_number=row.get("APPLICATIONNUMBER", ""),
                labeler=row.get("LABELERNAME", ""),
                substances=_split(row["SUBSTANCENAME"]),
                strengths=_strengths(
                    row.get("ACTIVE_NUMERATOR_STRENGTH", ""), row.get("ACTIVE_INGRED_UNIT", "")
                ),
                pharm_classes=parse_pharm_classes(row.get("PHARM_CLASSES", "")),
                dea_schedule=row.get("DEASCHEDULE", ""),
            )
        except BadRow as exc:
            yield RecordError(file, position, str(exc))


def read_ndc_packages(source: str | os.PathLike[str]) -> Iterator[NdcPackageRecord | RecordError]:
    required = ("PRODUCTID", "PRODUCTNDC", "NDCPACKAGECODE", "PACKAGEDESCRIPTION")
    for item in iter_rows(source, "package.txt", "\t", required):
        if isinstance(item, RecordError):
            yield item
            continue
        file, position, row = item
        try:
            if not row["NDCPACKAGECODE"]:
                raise BadRow("NDCPACKAGECODE is empty")
            yield NdcPackageRecord(
                product_id=row["PRODUCTID"],
                product_ndc=row["PRODUCTNDC"],
                package_ndc=row["NDCPACKAGECODE"],
                description=row["PACKAGEDESCRIPTION"],
                start_date=parse_yyyymmdd(row.get("STARTMARKETINGDATE", ""), "STARTMARKETINGDATE"),
                end_date=parse_yyyymmdd(row.get("ENDMARKETINGDATE", ""), "ENDMARKETINGDATE"),
                sample=parse_flag(row.get("SAMPLE_PACKAGE", ""), "SAMPLE_PACKAGE"),
            )
        except BadRow as exc:
            yield RecordError(file, position, str(exc))
