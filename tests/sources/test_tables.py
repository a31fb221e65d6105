"""Drugs@FDA, Orange Book and NDC directory readers: real bundled files and hand-made bad rows."""

from __future__ import annotations

import lzma
import zipfile
from datetime import date

import pytest

from rxanswers.sources.drugsatfda import (
    read_drugsatfda,
    read_drugsatfda_applications,
    read_drugsatfda_products,
)
from rxanswers.sources.io import UnreadableSourceError
from rxanswers.sources.ndc import parse_pharm_classes, read_ndc
from rxanswers.sources.orangebook import (
    parse_orangebook_date,
    read_orangebook,
    read_orangebook_exclusivity,
    read_orangebook_patents,
    read_orangebook_products,
)
from rxanswers.sources.records import (
    ApplicationRecord,
    ExclusivityRecord,
    NdcPackageRecord,
    OrangeBookProductRecord,
    PatentRecord,
    ProductRecord,
    RecordError,
)

from .conftest import DATA_DIR, split_results

DRUGSATFDA = DATA_DIR / "drugsatfda"
ORANGEBOOK = DATA_DIR / "orangebook"
NDC = DATA_DIR / "ndc_directory"


@pytest.fixture(scope="module")
def drugsatfda_records():
    return split_results(read_drugsatfda(DRUGSATFDA))


def test_drugsatfda_gleevec_and_generics(drugsatfda_records):
    records, errors = drugsatfda_records
    assert errors == []
    apps = {r.appl_no: r for r in records if isinstance(r, ApplicationRecord)}
    assert len(apps) == 25_546  # data/SOURCES.md says 25,545: it undercounts by one
    assert apps["021588"] == ApplicationRecord("021588", "NDA", "NOVARTIS", "")
    products = [r for r in records if isinstance(r, ProductRecord)]
    assert len(products) == 43_877
    gleevec = {p.product_no: p for p in products if p.appl_no == "021588"}
    assert gleevec["002"].drug_name == "GLEEVEC" and gleevec["002"].strength == "EQ 400MG BASE"
    assert gleevec["002"].reference_drug and gleevec["002"].reference_standard
    assert gleevec["002"].marketing_status == "Prescription" and gleevec["002"].te_code == "AB"
    generic_appls = {
        p.appl_no for p in products if p.active_ingredient == "IMATINIB MESYLATE" and p.drug_name != "GLEEVEC"
    }
    assert len(generic_appls) == 14 and all(apps[n].appl_type == "ANDA" for n in generic_appls)
    # applications come first (the ingest applier relies on it)
    first_product = next(i for i, r in enumerate(records) if isinstance(r, ProductRecord))
    assert all(isinstance(r, ApplicationRecord) for r in records[:first_product])


def test_drugsatfda_quirks(drugsatfda_records):
    products = {(r.appl_no, r.product_no): r for r in drugsatfda_records[0] if isinstance(r, ProductRecord)}
    assert (
        products[("022388", "001")].form == "DRUG-ELUTING CONTACT LENS;OPHTHALMIC"
    )  # tab inside Form repaired
    assert products[("206029", "001")].reference_standard is False  # trailing tab, empty flag
    assert products[("090740", "001")].marketing_status == "Prescription; Over-the-counter"
    assert products[("021116", "001")].te_code == "AB1; AB2; AB4"
    assert (
        products[("005213", "001")].active_ingredient == "HOMATROPINE METHYLBROMIDE; HYDROCODONE BITARTRATE"
    )


def test_drugsatfda_zip_bad_rows_and_cp1252(tmp_path):
    applications = (
        "ApplNo\tApplType\tApplPublicNotes\tSponsorName\n"
        "021588\tNDA\t\tNOVARTIS\n"
        "21AB88\tNDA\t\tBAD NUMBER\n"
        "021335\tNDA\tonly three columns\n"
        "078340\tANDA\t\tSoci\xe9t\xe9 G\xe9n\xe9rique\n"
    ).encode("cp1252")
    products = (
        b"ApplNo\tProductNo\tForm\tStrength\tReferenceDrug\tDrugName\tActiveIngredient\tReferenceStandard\n"
        b"021588\t001\tTABLET;ORAL\tEQ 100MG BASE\t1\tGLEEVEC\tIMATINIB MESYLATE\t0\n"
        b"021588\tX\tTABLET;ORAL\tEQ 400MG BASE\t1\tGLEEVEC\tIMATINIB MESYLATE\t1\n"
    )
    with zipfile.ZipFile(tmp_path / "drugsatfda.zip", "w") as archive:
        archive.writestr("Applications.txt", applications)
        archive.writestr("Products.txt", products)
    out = list(read_drugsatfda(tmp_path / "drugsatfda.zip"))
    records, errors = split_results(out)
    assert [r.appl_no for r in records] == ["021588", "078340", "021588"]
    assert records[1].sponsor == "Soci\xe9t\xe9 G\xe9n\xe9rique"
    assert (
        records[2].marketing_status == "" and records[2].te_code == ""
    )  # no join files: empty, not an error
    assert [(e.position, e.reason) for e in errors] == [
        ("line 3", "ApplNo: '21AB88' is not a number of at most 6 digits"),
        ("line 4", "expected 4 columns, found 3"),
        ("line 3", "ProductNo: 'X' is not a number of at most 3 digits"),
    ]
    assert errors[0].file.endswith("drugsatfda.zip/Applications.txt")


def test_drugsatfda_missing_files_raise(tmp_path):
    with pytest.raises(UnreadableSourceError, match="no Applications.txt"):
        list(read_drugsatfda_applications(tmp_path))
    (tmp_path / "Products.txt").write_text("Foo\tBar\n1\t2\n")
    with pytest.raises(UnreadableSourceError, match="missing column"):
        list(read_drugsatfda_products(tmp_path))


def test_orangebook_sprycel():
    records, errors = split_results(read_orangebook(ORANGEBOOK))
    assert errors == []
    patents = [r for r in records if isinstance(r, PatentRecord) and r.appl_no == "021986"]
    exclusivities = [r for r in records if isinstance(r, ExclusivityRecord) and r.appl_no == "021986"]
    assert len(patents) == 24 and len(exclusivities) == 24
    patent = next(p for p in patents if p.patent_no == "8680103" and p.product_no == "006")
    assert patent.expire_date == date(2025, 2, 4) and patent.drug_product and not patent.drug_substance
    assert patent.submission_date == date(2014, 4, 14) and patent.appl_type == "N"
    assert not any(isinstance(r, PatentRecord) and r.appl_no == "021588" for r in records)  # Gleevec: expired
    assert sum(isinstance(r, PatentRecord) for r in records) == 18_578


def test_orangebook_products_and_zip(tmp_path):
    header = (
        "Ingredient~DF;Route~Trade_Name~Applicant~Strength~Appl_Type~Appl_No~Product_No~TE_Code~Approval_Date~"
        "RLD~RS~Type~Applicant_Full_Name\n"
    )
    rows = (
        "IMATINIB MESYLATE~TABLET;ORAL~GLEEVEC~NOVARTIS~EQ 400MG BASE~N~021588~002~AB~Apr 18, 2003~Yes~Yes~RX~"
        "NOVARTIS PHARMACEUTICALS CORP\n"
        "HYDROCODONE BITARTRATE;HOMATROPINE METHYLBROMIDE~TABLET;ORAL~HYCODAN~GENUS~5MG;1.5MG~N~005213~001~AA~"
        "Approved Prior to Jan 1, 1982~Yes~No~DISCN~GENUS LIFESCIENCES INC\n"
        "DASATINIB~TABLET;ORAL~SPRYCEL~BMS~20MG~N~021986~001~~June 31, 2006~Yes~No~RX~BRISTOL MYERS SQUIBB\n"
        "DASATINIB~TABLET;ORAL~SPRYCEL~BMS~20MG~N~021986\n"
    )
    patent = lzma.decompress((ORANGEBOOK / "patent.txt.xz").read_bytes())
    exclusivity = lzma.decompress((ORANGEBOOK / "exclusivity.txt.xz").read_bytes())
    with zipfile.ZipFile(tmp_path / "EOBZIP_2024_06.zip", "w") as archive:
        archive.writestr("products.txt", header + rows)
        archive.writestr("patent.txt", patent)
        archive.writestr("exclusivity.txt", exclusivity)
    products, errors = split_results(read_orangebook_products(tmp_path / "EOBZIP_2024_06.zip"))
    assert products[0] == OrangeBookProductRecord(
        appl_type="N", appl_no="021588", product_no="002", ingredient="IMATINIB MESYLATE",
        dosage_form_route="TABLET;ORAL", trade_name="GLEEVEC", applicant="NOVARTIS",
        applicant_full_name="NOVARTIS PHARMACEUTICALS CORP", strength="EQ 400MG BASE", te_code="AB",
        approval_date=date(2003, 4, 18), reference_drug=True, reference_standard=True, market_type="RX",
    )  # fmt: skip
    assert products[1].approved_before_1982 and products[1].approval_date is None
    assert products[1].ingredient == "HYDROCODONE BITARTRATE; HOMATROPINE METHYLBROMIDE"
    assert [e.position for e in errors] == ["line 4", "line 5"]
    assert "Approval_Date" in errors[0].reason and "columns" in errors[1].reason
    everything = list(read_orangebook(tmp_path / "EOBZIP_2024_06.zip"))
    assert sum(isinstance(r, PatentRecord) for r in everything) == 18_578
    assert sum(isinstance(r, ExclusivityRecord) for r in everything) == 2_089


def test_orangebook_bad_rows(tmp_path):
    (tmp_path / "exclusivity.txt").write_text(
        "Appl_Type~Appl_No~Product_No~Exclusivity_Code~Exclusivity_Date\n"
        "N~021986~001~ODE-123~Oct 28, 2025\n"
        "X~021986~001~NCE~Oct 28, 2025\n"
        "N~021986~001~NCE~28/10/2025x\n"
        "N~021986~001~NCE\n"
    )
    out = list(read_orangebook_exclusivity(tmp_path))
    assert out[0] == ExclusivityRecord("N", "021986", "001", "ODE-123", date(2025, 10, 28))
    assert [e.position for e in out[1:]] == ["line 3", "line 4", "line 5"]
    assert all(isinstance(e, RecordError) for e in out[1:])
    assert parse_orangebook_date("Aug 24, 2026", "x") == date(2026, 8, 24)
    with pytest.raises(UnreadableSourceError):
        list(read_orangebook_patents(tmp_path))


@pytest.fixture(scope="module")
def ndc_summary():
    """One streaming pass over the real NDC directory, keeping only what the tests look at."""
    summary = {"products": 0, "packages": 0, "errors": [], "combos": 0, "misaligned": 0, "cp1252": False}
    for record in read_ndc(NDC):
        if isinstance(record, RecordError):
            summary["errors"].append(record)
        elif isinstance(record, NdcPackageRecord):
            summary["packages"] += 1
            if record.product_ndc == "0008-0100":
                summary.setdefault("besponsa_packages", []).append(record)
        else:
            summary["products"] += 1
            if record.product_ndc in ("0008-0100", "0078-0401"):
                summary[record.product_ndc] = record
            if any(s.startswith("HYDROLYZED SOY PROTEIN") for s in record.substances):
                summary["soy"] = record.substances
            if len(record.substances) > 1:
                summary["combos"] += 1
                summary["misaligned"] += len(record.strengths) != len(record.substances)
            summary["cp1252"] |= "Schwäbisch Gmünd" in record.labeler
    return summary


def test_ndc_besponsa(ndc_summary):
    assert ndc_summary["errors"] == []
    assert ndc_summary["products"] == 128_241 and ndc_summary["packages"] == 243_960
    besponsa = ndc_summary["0008-0100"]
    assert besponsa.proprietary_name == "Besponsa" and besponsa.application_number == "BLA761040"
    assert besponsa.substances == ["INOTUZUMAB OZOGAMICIN"] and besponsa.strengths == [".25 mg/mL"]
    assert besponsa.pharm_classes == {
        "epc": ["CD22-directed Immunoconjugate"],
        "moa": ["CD22-directed Antibody Interactions"],
        "pe": ["Decreased DNA Integrity", "Increased Cellular Death"],
        "cs": ["Immunoconjugates"],
    }
    assert besponsa.start_date == date(2017, 8, 18) and besponsa.end_date is None
    assert "Kinase Inhibitor" in ndc_summary["0078-0401"].pharm_classes["epc"]  # Gleevec


def test_ndc_quirks(ndc_summary):
    assert "HYDROLYZED SOY PROTEIN (ENZYMATIC; 2000 MW)" in ndc_summary["soy"]
    assert ndc_summary["combos"] > 1000 and ndc_summary["misaligned"] == 0
    assert ndc_summary["cp1252"]  # cp1252 bytes decoded
    [package] = ndc_summary["besponsa_packages"]
    assert package.package_ndc == "0008-0100-01"
    assert package.sample is False and package.start_date == date(2017, 8, 18)


def test_ndc_bad_rows_and_zip(tmp_path):
    header = "PRODUCTID\tPRODUCTNDC\tPRODUCTTYPENAME\tPROPRIETARYNAME\tPROPRIETARYNAMESUFFIX\tNONPROPRIETARYNAME\tDOSAGEFORMNAME\tROUTENAME\tSTARTMARKETINGDATE\tENDMARKETINGDATE\tMARKETINGCATEGORYNAME\tAPPLICATIONNUMBER\tLABELERNAME\tSUBSTANCENAME\tACTIVE_NUMERATOR_STRENGTH\tACTIVE_INGRED_UNIT\tPHARM_CLASSES\tDEASCHEDULE\r\n"
    good = (  # the real Besponsa row, first 18 columns
        b"0008-0100_f570648c-d7c0-4f68-a929-cd2b9bf1f1ea\t0008-0100\tHUMAN PRESCRIPTION DRUG\tBesponsa\t\t"
        b"inotuzumab ozogamicin\tINJECTION, POWDER, LYOPHILIZED, FOR SOLUTION\tINTRAVENOUS\t20170818\t\tBLA\t"
        b"BLA761040\tWyeth Pharmaceuticals LLC, a subsidiary of Pfizer Inc.\tINOTUZUMAB OZOGAMICIN\t.25\tmg/mL\t"
        b"CD22-directed Immunoconjugate [EPC],CD22-directed Antibody Interactions [MoA]\t\r\n"
    )
    bad_date = good.replace(b"20170818", b"2017-08-18")
    short = b"0008-0100_x\t0008-0100\tHUMAN PRESCRIPTION DRUG\r\n"
    with zipfile.ZipFile(tmp_path / "ndctext.zip", "w") as archive:
        archive.writestr("product.txt", header.encode() + good + bad_date + short)
        archive.writestr(
            "package.txt",
            "PRODUCTID\tPRODUCTNDC\tNDCPACKAGECODE\tPACKAGEDESCRIPTION\r\nP\t0008-0100\t0008-0100-01\t1 VIAL\r\n",
        )
    out = list(read_ndc(tmp_path / "ndctext.zip"))
    assert out[0].product_ndc == "0008-0100"
    assert (out[1].position, out[2].position) == ("line 3", "line 4")
    assert "STARTMARKETINGDATE" in out[1].reason and "expected 18 columns, found 3" == out[2].reason
    assert out[3].package_ndc == "0008-0100-01" and out[3].start_date is None  # old 4-column package.txt


def test_parse_pharm_classes():
    assert parse_pharm_classes("Kinase Inhibitor [EPC],Protein Kinase Inhibitors [MoA]") == {
        "epc": ["Kinase Inhibitor"],
        "moa": ["Protein Kinase Inhibitors"],
    }
    assert parse_pharm_classes("Adrenal Cortex Hormones [Chemical/Ingredient], Foo, Bar [EXT]") == {
        "cs": ["Adrenal Cortex Hormones"],
        "ext": ["Foo, Bar"],
    }
    assert parse_pharm_classes("") == {}
