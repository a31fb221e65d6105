"""CMS NADAC prices end to end: a CSV in the official layout -> DrugPrice rows linked through the real bundled
NDC directory -> cost answers citing NADAC.

The NDCs 00087606005 (Glucophage 0087-6060-05), 00093104810 (0093-1048-10), 10544005830 (10544-058-30) and
48792786101 (48792-7861-1) are real metformin packages from data/ndc_directory/package.txt.xz, chosen to cover
the 4-4-2, 5-3-2 and 5-4-1 layouts. EVERY PRICE HERE IS A MADE-UP TEST VALUE, NOT A REAL NADAC PRICE, and the
descriptions say "TEST ROW" so they can never pass for real data. 99999000101 is a made-up NDC.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rxanswers.answers import selectors
from rxanswers.answers.pipeline import answer_question
from rxanswers.core.models import DataSource, IngestRun
from rxanswers.drugs.models import Drug, DrugPrice
from rxanswers.drugs.services import ndc11
from rxanswers.pipeline import ingest_path

pytestmark = pytest.mark.django_db

HEADER = (
    "NDC Description,NDC,NADAC_Per_Unit,Effective_Date,Pricing_Unit,Pharmacy_Type_Indicator,OTC,"
    "Explanation_Code,Classification_for_Rate_Setting,Corresponding_Generic_Drug_NADAC_Per_Unit,"
    "Corresponding_Generic_Drug_Effective_Date,As of Date"
)
# TEST VALUES ONLY (prices are not real NADAC prices).
WEEK_1 = [
    "TEST ROW GLUCOPHAGE 500 MG TABLET,00087606005,1.11111,01/07/2026,EA,C/I,N,1,B,0.02222,01/07/2026,01/14/2026",
    "TEST ROW METFORMIN HCL 1000 MG TAB,00093104810,0.03333,01/07/2026,EA,C/I,N,1,G,,,01/14/2026",
    "TEST ROW METFORMIN HCL 500 MG TAB,10544005830,0.02222,12/17/2025,EA,C/I,N,4,G,,,01/14/2026",
    "TEST ROW METFORMIN HCL 500 MG TAB,48792786101,0.04444,01/07/2026,EA,C/I,N,1,G,,,01/14/2026",
    "TEST ROW NOT IN NDC DIRECTORY,99999000101,9.99999,01/07/2026,EA,C/I,N,1,G,,,01/14/2026",
    "TEST ROW BAD PRICE,00093104810,abc,01/07/2026,EA,C/I,N,1,G,,,01/14/2026",
    "TEST ROW BAD NDC,0093-1048-10,0.03333,01/07/2026,EA,C/I,N,1,G,,,01/14/2026",
]
# A week later: the same rows again (nothing re-priced), one NDC with a new effective date and a new test price.
WEEK_2 = [
    WEEK_1[0].replace("01/14/2026", "01/21/2026"),
    "TEST ROW METFORMIN HCL 1000 MG TAB,00093104810,0.01111,01/21/2026,EA,C/I,N,1,G,,,01/21/2026",
    WEEK_1[2].replace("01/14/2026", "01/21/2026"),
    WEEK_1[3].replace("01/14/2026", "01/21/2026"),
]


def write(path: Path, rows: list[str]) -> Path:
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode())
    return path


def metformin() -> Drug:
    return Drug.objects.get(key="metformin")


def test_ndc11_normalises_every_directory_layout() -> None:
    assert ndc11("0087-6060-05") == "00087606005"
    assert ndc11("10544-058-30") == "10544005830"
    assert ndc11("48792-7861-1") == "48792786101"
    assert ndc11("00093-1048-10") == "00093104810"
    assert ndc11("0093104810") is None and ndc11("123456-1-1") is None


def test_ingest_links_prices_to_drugs_and_reports_bad_rows(tmp_path: Path) -> None:
    (summary,) = ingest_path(write(tmp_path / "nadac.csv", WEEK_1))
    assert summary.reader == "nadac" and summary.status == "completed"
    assert (summary.read, summary.created, summary.error_count) == (7, 5, 2)
    assert {e.position: e.reason for e in summary.errors} == {
        "line 7": "NADAC Per Unit: 'abc' is not a number",
        "line 8": "NDC: '0093-1048-10' is not an 11-digit NDC",
    }
    run = IngestRun.objects.get(id=summary.run_id)
    assert run.message.startswith("1 NADAC price row not linked to a drug")
    assert run.issues.count() == 2

    drug = metformin()
    linked = DrugPrice.objects.filter(drug=drug)
    assert sorted(linked.values_list("ndc", flat=True)) == [
        "00087606005",
        "00093104810",
        "10544005830",
        "48792786101",
    ]
    unlinked = DrugPrice.objects.get(ndc="99999000101")
    assert unlinked.drug is None and unlinked.price_per_unit == Decimal("9.99999")
    brand = DrugPrice.objects.get(ndc="00087606005")
    assert (brand.brand_or_generic, brand.unit, brand.price_per_unit) == ("B", "EA", Decimal("1.11111"))
    assert brand.effective_date == date(2026, 1, 7) and brand.as_of_date == date(2026, 1, 14)
    assert brand.source.key == "nadac" and brand.source.url == "https://data.medicaid.gov/nadac"
    assert DataSource.objects.get(key="nadac").snapshot_date == date(2026, 1, 14)


def test_reingest_is_idempotent_and_later_weeks_add_history(tmp_path: Path) -> None:
    week_1 = write(tmp_path / "nadac-week1.csv", WEEK_1)
    ingest_path(week_1)
    before = list(DrugPrice.objects.order_by("id").values())
    (again,) = ingest_path(week_1, force=True)
    assert again.created == 0
    assert list(DrugPrice.objects.order_by("id").values()) == before
    (skipped,) = ingest_path(week_1)
    assert skipped.skipped_already_done

    (week_2,) = ingest_path(write(tmp_path / "nadac-week2.csv", WEEK_2))
    assert (week_2.created, week_2.error_count) == (1, 0)
    history = list(DrugPrice.objects.filter(ndc="00093104810").order_by("effective_date"))
    assert [(p.effective_date, p.price_per_unit) for p in history] == [
        (date(2026, 1, 7), Decimal("0.03333")),  # kept, never overwritten
        (date(2026, 1, 21), Decimal("0.01111")),
    ]
    brand = DrugPrice.objects.get(ndc="00087606005")
    assert brand.price_per_unit == Decimal("1.11111") and brand.as_of_date == date(2026, 1, 21)

    prices = selectors.drug_prices(metformin())
    assert prices.as_of_date == date(2026, 1, 21)
    assert [p.ndc for p in prices.current] == ["00093104810", "10544005830", "48792786101", "00087606005"]
    assert prices.cheapest_generic.ndc == "00093104810"
    assert prices.cheapest_generic.price_per_unit == Decimal("0.01111")
    assert prices.cheapest_brand.ndc == "00087606005"
    assert prices.cheapest_brand.source.key == "nadac"
    assert prices.earlier == []


def test_ndc_dropped_from_the_newest_file_is_history_not_current(tmp_path: Path) -> None:
    ingest_path(write(tmp_path / "week1.csv", WEEK_1))
    ingest_path(write(tmp_path / "week2.csv", WEEK_2[:2]))  # 10544... and 48792... no longer listed
    prices = selectors.drug_prices(metformin())
    assert {p.ndc for p in prices.current} == {"00087606005", "00093104810"}
    assert {p.ndc for p in prices.earlier} == {"10544005830", "48792786101"}


def test_cost_answer_cites_nadac(tmp_path: Path) -> None:
    ingest_path(write(tmp_path / "nadac.csv", WEEK_1))
    result = answer_question("How much does metformin cost?")
    assert result.intent == "cost" and result.drugs[0].name == "metformin"
    lead = result.answer.sentences[0]
    assert lead.text.startswith(
        "NADAC (CMS survey of pharmacy acquisition costs, effective January 7, 2026) lists "
        "TEST ROW GLUCOPHAGE 500 MG TABLET (NDC 00087-6060-05) at $1.11 per unit; the lowest generic is "
        "TEST ROW METFORMIN HCL 500 MG TAB (NDC 10544-0058-30) at $0.02222 per unit (effective December 17, 2025)."
    )
    assert [c.source for c in lead.citations] == ["nadac", "nadac"]
    assert lead.citations[0].record == "NADAC NDC 00087606005, effective 2026-01-07"
    assert lead.citations[0].snapshot_date == "2026-01-14"
    assert "not the retail price a patient pays" in result.answer.notices[0]
    assert "No price for" not in " ".join(result.answer.notices)


def test_cost_answer_without_prices_for_the_drug_says_so(tmp_path: Path) -> None:
    ingest_path(write(tmp_path / "nadac.csv", WEEK_1))
    result = answer_question("How much does Gleevec cost?")
    assert result.intent == "cost"
    assert result.answer.sentences[0].text.startswith("No price for imatinib is known here")
    assert "$" not in (result.answer.text if result.answer else "")
