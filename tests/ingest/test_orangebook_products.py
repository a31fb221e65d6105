"""Orange Book products.txt: approval dates onto Drugs@FDA products, and products Drugs@FDA lacks."""

from __future__ import annotations

import datetime

import pytest

from rxanswers.drugs.models import Product
from rxanswers.pipeline import ingest_path

pytestmark = pytest.mark.django_db

HEADER = "Ingredient~DF;Route~Trade_Name~Applicant~Strength~Appl_Type~Appl_No~Product_No~TE_Code~Approval_Date~RLD~RS~Type~Applicant_Full_Name"


def test_products_file_adds_approval_dates(tmp_path):
    # Test-only application numbers (not real FDA applications), in the official tilde layout.
    (tmp_path / "products.txt").write_text(
        "\n".join(
            [
                HEADER,
                "TESTINAB MESYLATE~TABLET;ORAL~TESTIVEC~TESTCO~EQ 100MG BASE~N~999991~001~~Apr 18, 2003~Yes~No~RX~TESTCO PHARMS INC",
                "TESTINAB MESYLATE~TABLET;ORAL~TESTINAB MESYLATE~GENCO~EQ 100MG BASE~A~999992~001~AB~Approved Prior to Jan 1, 1982~No~No~RX~GENCO LTD",
            ]
        )
        + "\n"
    )
    (tmp_path / "patent.txt").write_text(
        "Appl_Type~Appl_No~Product_No~Patent_No~Patent_Expire_Date_Text~Drug_Substance_Flag~Drug_Product_Flag~Patent_Use_Code~Delist_Flag~Submission_Date\n"
    )
    (tmp_path / "exclusivity.txt").write_text(
        "Appl_Type~Appl_No~Product_No~Exclusivity_Code~Exclusivity_Date\n"
    )
    summary = ingest_path(tmp_path, reader="orangebook")[0]
    assert summary.error_count == 0
    brand = Product.objects.get(application__appl_no="999991", product_no="001")
    assert brand.approval_date == datetime.date(2003, 4, 18)
    assert brand.approval_source.key == "orangebook" and brand.reference_drug
    assert brand.application.appl_type == "NDA" and brand.drug.key == "testinab"
    generic = Product.objects.get(application__appl_no="999992")
    assert generic.approved_before_1982 and generic.approval_date is None and generic.te_code == "AB"
    # Idempotent: a second pass changes nothing.
    again = ingest_path(tmp_path, reader="orangebook", force=True)[0]
    assert again.created == 0


def test_the_generic_answer_gives_the_first_generic_approval_date(tmp_path):
    from rxanswers.answers.composers.availability import generic
    from rxanswers.answers.evidence.context import drug_context
    from rxanswers.drugs.models import Drug

    (tmp_path / "products.txt").write_text(
        "\n".join(
            [
                HEADER,
                "TESTIGEN HCL~TABLET;ORAL~TESTIGENA~TESTCO~10MG~N~999993~001~~Apr 18, 2003~Yes~No~RX~TESTCO PHARMS INC",
                "TESTIGEN HCL~TABLET;ORAL~TESTIGEN HCL~GENCO~10MG~A~999994~001~AB~Jun 1, 2010~No~No~RX~GENCO LTD",
                "TESTIGEN HCL~TABLET;ORAL~TESTIGEN HCL~OTHERCO~10MG~A~999995~001~AB~Mar 3, 2012~No~No~RX~OTHERCO",
            ]
        )
        + "\n"
    )
    (tmp_path / "patent.txt").write_text(
        "Appl_Type~Appl_No~Product_No~Patent_No~Patent_Expire_Date_Text~Drug_Substance_Flag~Drug_Product_Flag~Patent_Use_Code~Delist_Flag~Submission_Date\n"
    )
    (tmp_path / "exclusivity.txt").write_text(
        "Appl_Type~Appl_No~Product_No~Exclusivity_Code~Exclusivity_Date\n"
    )
    ingest_path(tmp_path, reader="orangebook")
    sentences, _ = generic(drug_context(Drug.objects.get(key="testigen"), None))
    assert "lists 2 marketed generic (ANDA) applications" in sentences[0].text
    assert "the first generic was approved on June 1, 2010" in sentences[0].text
    assert "AB: FDA rates it therapeutically equivalent" in sentences[1].text
