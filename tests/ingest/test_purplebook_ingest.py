"""FDA Purple Book end to end: the hand-written monthly CSV (tests/sources/data, official layout) -> BLA
applications, products and Purple Book listings linked to drugs, with biosimilar -> reference links, provenance
and bad rows reported as IngestIssues.

A small Drugs@FDA release with the real Humira, Amjevita, Cyltezo and Besponsa rows (copied from the bundled
data/drugsatfda files) is ingested first, so the test works with or without the bundled dataset loaded.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rxanswers.core.models import DataSource, IngestIssue, IngestRun
from rxanswers.drugs.models import Application, BiologicProduct, Drug, DrugName, Product
from rxanswers.drugs.services import biologic_drug_name, biologic_ingredients, purplebook_marketing_status
from rxanswers.pipeline import ingest_path

pytestmark = pytest.mark.django_db

FIXTURE = (
    Path(__file__).resolve().parents[1] / "sources" / "data" / "purplebook-search-february-data-download.csv"
)

# Real rows from data/drugsatfda (Applications.txt, Products.txt, MarketingStatus.txt).
DRUGSATFDA = {
    "Applications.txt": [
        "ApplNo\tApplType\tApplPublicNotes\tSponsorName",
        "125057\tBLA\t\tABBVIE INC",
        "761024\tBLA\t\tAMGEN INC",
        "761040\tBLA\t\tWYETH PHARMS INC",
        "761058\tBLA\t\tBOEHRINGER INGELHEIM",
    ],
    "Products.txt": [
        "ApplNo\tProductNo\tForm\tStrength\tReferenceDrug\tDrugName\tActiveIngredient\tReferenceStandard",
        "125057\t001\tSYRINGE\t40MG/0.8ML\t0\tHUMIRA\tADALIMUMAB\t",
        "761024\t002\tINJECTABLE;INJECTION\t40MG/0.8ML\t0\tAMJEVITA\tADALIMUMAB-ATTO\t",
        "761040\t001\tPOWDER, FOR INJECTION SOLUTION, LYOPHILIZED POWDER\t0.9/MG/VIAL\t2\tBESPONSA"
        "\tINOTUZUMAB OZOGAMICIN\t0",
        "761058\t001\tINJECTABLE;INJECTION\t40MG/0.8ML\t0\tCYLTEZO\tADALIMUMAB-ADBM\t0",
    ],
    "MarketingStatus.txt": [
        "MarketingStatusID\tApplNo\tProductNo",
        "1\t125057\t001",
        "1\t761024\t002",
        "1\t761040\t001",
        "1\t761058\t001",
    ],
}


@pytest.fixture
def drugsatfda(tmp_path: Path) -> None:
    directory = tmp_path / "drugsatfda"
    directory.mkdir()
    for name, lines in DRUGSATFDA.items():
        (directory / name).write_text("\n".join(lines) + "\n")
    (summary,) = ingest_path(directory, reader="drugsatfda", force=True)
    assert summary.error_count == 0


def listing(bla: str) -> BiologicProduct:
    return BiologicProduct.objects.select_related(
        "application", "product", "drug", "reference_application"
    ).get(application__appl_no=bla)


def test_naming_and_status_rules() -> None:
    assert biologic_drug_name("adalimumab-atto", "351(k)", "adalimumab") == "adalimumab"
    assert biologic_drug_name("adalimumab", "351(k)", "adalimumab") == "adalimumab"
    assert biologic_drug_name("teprotumumab-trbw", "351(a)", "") == "teprotumumab-trbw"
    assert biologic_drug_name("insulin glargine-yfgn", "351(k)", "insulin glargine") == "insulin glargine"
    assert biologic_drug_name("pegfilgrastim-jmdb", "351(k)", "filgrastim") == "pegfilgrastim-jmdb"
    assert biologic_ingredients("pertuzumab, trastuzumab, and hyaluronidase-zzxf") == [
        "pertuzumab",
        "trastuzumab",
        "hyaluronidase-zzxf",
    ]
    assert biologic_ingredients("trastuzumab and hyaluronidase-oysk") == ["trastuzumab", "hyaluronidase-oysk"]
    long_name = "Coagulation Factor IX (Recombinant), Fc Fusion Protein"
    assert biologic_ingredients(long_name) == [long_name]
    vaccine = "Diphtheria and Tetanus Toxoids and Acellular Pertussis Vaccine Adsorbed"
    assert biologic_ingredients(vaccine) == [vaccine]
    assert biologic_ingredients("inotuzumab ozogamicin") == ["inotuzumab ozogamicin"]
    assert purplebook_marketing_status("Rx") == "Prescription"
    assert purplebook_marketing_status("Disc*") == "Discontinued"
    assert purplebook_marketing_status("OTC") == "Over-the-counter"


def test_ingest_links_biologics_and_reports_bad_rows(drugsatfda) -> None:
    (summary,) = ingest_path(FIXTURE)
    assert (summary.reader, summary.status) == ("purplebook", "completed")
    assert (summary.read, summary.created, summary.error_count) == (11, 6, 5)
    run = IngestRun.objects.get(id=summary.run_id)
    issues = {i.position: i.reason for i in IngestIssue.objects.filter(run=run)}
    assert issues["line 17"] == "BLA Number: '12A45' is not a number of at most 6 digits"
    assert set(issues) == {"line 17", "line 18", "line 19", "line 20", "line 21"}
    assert {i.file for i in IngestIssue.objects.filter(run=run)} == {str(FIXTURE)}

    source = DataSource.objects.get(key="purplebook")
    assert source.publisher == "U.S. Food and Drug Administration"
    assert "public domain" in source.licence and source.is_official
    assert source.snapshot_date == date(2026, 2, 1)  # the report month in the title line
    assert set(BiologicProduct.objects.values_list("source_id", flat=True)) == {source.id}

    adalimumab = Drug.objects.get(key="adalimumab")
    humira, amjevita, cyltezo = listing("125057"), listing("761024"), listing("761058")
    # Biosimilars named "<reference>-xxxx" belong to the reference product's drug.
    assert humira.drug == amjevita.drug == cyltezo.drug == adalimumab
    assert (amjevita.pathway, amjevita.interchangeable) == ("351(k)", False)
    assert (cyltezo.pathway, cyltezo.interchangeable) == ("351(k)", True)
    assert amjevita.reference_application == cyltezo.reference_application == humira.application
    assert humira.reference_application is None
    # Existing Drugs@FDA products are attached (not duplicated) and dated from the Purple Book.
    assert humira.product.drug_name == "HUMIRA" and humira.product.source.key == "drugsatfda"
    assert humira.product.approval_date == date(2002, 12, 31)
    assert humira.product.approval_source == source
    assert Product.objects.filter(application__appl_no="125057", product_no="001").count() == 1
    assert humira.application.source.key == "drugsatfda"  # Drugs@FDA's application row is kept

    besponsa = listing("761040")
    assert besponsa.drug.key == "inotuzumab ozogamicin"
    assert besponsa.product.drug_name == "BESPONSA" and besponsa.product.approval_date == date(2017, 8, 17)

    # Names: the proper name of the reference drug is a generic name, a biosimilar's suffixed one a synonym.
    names = set(DrugName.objects.filter(drug=adalimumab, source=source).values_list("name", "kind"))
    assert {
        ("adalimumab", "generic"),
        ("Humira", "brand"),
        ("adalimumab-atto", "synonym"),
        ("Amjevita", "brand"),
        ("Cyltezo", "brand"),
    } <= names


def test_products_missing_from_drugsatfda_are_created(drugsatfda) -> None:
    ingest_path(FIXTURE)
    reference, biosimilar = listing("999901"), listing("999902")  # made-up test products
    assert reference.drug == biosimilar.drug == Drug.objects.get(key="testomab")
    assert biosimilar.reference_application == reference.application
    assert biosimilar.first_interchangeable_exclusivity_tbd is True
    assert reference.ref_product_exclusivity_date == date(2031, 1, 25)
    application = Application.objects.get(appl_no="999901")
    assert (application.appl_type, application.sponsor, application.source.key) == (
        "BLA",
        "Test Biologics Inc.",
        "purplebook",
    )
    product = Product.objects.get(application=application, product_no="001")
    assert (product.drug_name, product.active_ingredient, product.form, product.strength) == (
        "Testomab",
        "testomab",
        "Injection;Intravenous",
        "100MG/ML",
    )
    assert (product.marketing_status, product.approval_date, product.approval_source.key) == (
        "Discontinued",
        date(1974, 1, 15),
        "purplebook",
    )
    assert reference.product == product
    assert Product.objects.get(application__appl_no="999902").marketing_status == "Over-the-counter"


def test_reference_read_after_its_biosimilar_is_linked(drugsatfda, tmp_path: Path) -> None:
    """A biosimilar listed (and committed) in an earlier batch than its reference product still gets linked."""
    ingest_path(FIXTURE, batch_size=1)
    assert listing("761024").reference_application == listing("125057").application
    assert listing("999902").reference_application == listing("999901").application


def test_reingest_is_idempotent_and_a_newer_month_updates(drugsatfda, tmp_path: Path) -> None:
    ingest_path(FIXTURE)
    counts = (BiologicProduct.objects.count(), Product.objects.count(), Application.objects.count())
    (again,) = ingest_path(FIXTURE, force=True)
    assert again.created == 0
    assert counts == (BiologicProduct.objects.count(), Product.objects.count(), Application.objects.count())

    newer = tmp_path / "purplebook-search-march-data-download.csv"
    text = FIXTURE.read_text().replace("February 2026", "March 2026")
    newer.write_text(
        text.replace(
            ",Amgen Inc.,761024,Amjevita,adalimumab-atto,351(k) Biosimilar,",
            ",Amgen Inc.,761024,Amjevita,adalimumab-atto,351(k) Interchangeable,",
        )
    )
    ingest_path(newer)
    assert listing("761024").interchangeable is True
    assert DataSource.objects.get(key="purplebook").snapshot_date == date(2026, 3, 1)
