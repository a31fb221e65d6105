"""``core.bulk.insert_rows`` (plain-value inserts used by the NDC directory applier) keeps bulk_create's meaning
on both backends: conflicts ignored or updated, dates and JSON stored as the ORM stores them, new rows counted.

The NDC rows here are MADE UP (labeler code 99999 does not exist; "testoprazole" is not a drug)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rxanswers.core.bulk import insert_rows
from rxanswers.core.models import DataSource
from rxanswers.drugs.models import DrugName, NdcPackage, NdcProduct
from rxanswers.pipeline import ingest_path

pytestmark = pytest.mark.django_db


def _source() -> DataSource:
    return DataSource.objects.get_or_create(key="bulk-test", defaults={"name": "bulk test"})[0]


def _product(product_id: str, name: str, source: DataSource) -> dict:
    return {
        "product_id": product_id,
        "product_ndc": "99999-0001",
        "product_type": "HUMAN PRESCRIPTION DRUG",
        "proprietary_name": name,
        "start_date": date(2020, 1, 2),
        "substances": ["TESTOPRAZOLE"],
        "strengths": ["10 mg/1"],
        "pharm_classes": {"epc": ["Proton Pump Inhibitor"]},
        "source_id": source.pk,
    }


def test_update_conflicts_update_the_stored_row_and_count_only_new_rows() -> None:
    source = _source()
    new = insert_rows(NdcProduct, [_product("99999-0001_a", "First", source)], count_new=True)
    again = insert_rows(
        NdcProduct,
        [_product("99999-0001_a", "Renamed", source), _product("99999-0001_b", "Second", source)],
        conflict="update",
        unique_fields=["product_id"],
        update_fields=["proprietary_name"],
        count_new=True,
    )
    assert (new, again) == (1, 1)
    stored = NdcProduct.objects.get(product_id="99999-0001_a")
    assert stored.proprietary_name == "Renamed"
    assert stored.start_date == date(2020, 1, 2)
    assert stored.pharm_classes == {"epc": ["Proton Pump Inhibitor"]}
    assert stored.substances == ["TESTOPRAZOLE"] and stored.end_date is None


def test_ignored_conflicts_keep_the_first_row() -> None:
    source = _source()
    row = {
        "package_ndc": "99999-0001-01",
        "product_id": "99999-0001_a",
        "product_ndc": "99999-0001",
        "description": "30 TABLET in 1 BOTTLE",
        "sample": False,
        "source_id": source.pk,
    }
    assert insert_rows(NdcPackage, [row], count_new=True) == 1
    assert insert_rows(NdcPackage, [row | {"description": "changed"}, row], count_new=True) == 0
    assert NdcPackage.objects.get(package_ndc="99999-0001-01").description == "30 TABLET in 1 BOTTLE"


def test_unknown_fields_and_an_update_without_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="no field colour"):
        insert_rows(NdcPackage, [{"colour": "red"}])
    with pytest.raises(ValueError, match="unique_fields"):
        insert_rows(NdcPackage, [{"package_ndc": "x"}], conflict="update")
    assert insert_rows(NdcPackage, []) == 0


def test_ndc_directory_listed_again_updates_products_without_duplicating_names(tmp_path: Path) -> None:
    header = "PRODUCTID\tPRODUCTNDC\tPRODUCTTYPENAME\tPROPRIETARYNAME\tNONPROPRIETARYNAME\tSUBSTANCENAME\n"
    packages = (
        "PRODUCTID\tPRODUCTNDC\tNDCPACKAGECODE\tPACKAGEDESCRIPTION\n"
        "99999-0001_test\t99999-0001\t99999-0001-01\t30 TABLET in 1 BOTTLE (99999-0001-01)\n"
    )
    for round_, brand in enumerate(["Testoprazole Brand", "Testoprazole Renamed"]):
        folder = tmp_path / f"ndc{round_}"
        folder.mkdir()
        (folder / "product.txt").write_text(
            header
            + f"99999-0001_test\t99999-0001\tHUMAN PRESCRIPTION DRUG\t{brand}\ttestoprazole\tTESTOPRAZOLE\n"
        )
        (folder / "package.txt").write_text(packages)
        (summary,) = ingest_path(folder, reader="ndc")
        assert summary.error_count == 0
        assert summary.created == (2 if round_ == 0 else 0)  # one product and one package, once
    product = NdcProduct.objects.get(product_id="99999-0001_test")
    assert product.proprietary_name == "Testoprazole Renamed" and product.drug.key == "testoprazole"
    names = set(DrugName.objects.filter(drug=product.drug).values_list("name", "kind"))
    assert {
        ("testoprazole", "generic"),
        ("Testoprazole Brand", "brand"),
        ("Testoprazole Renamed", "brand"),
    } <= names
    assert DrugName.objects.filter(drug=product.drug, name="testoprazole").count() == 1
