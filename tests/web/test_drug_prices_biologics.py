"""Drug pages: NADAC prices (labelled as pharmacy acquisition cost, with dates and source) and Purple Book
biosimilars. The data is made up (see price_helpers) or the hand-written Purple Book fixture."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from rxanswers.drugs.models import Drug, DrugPrice
from rxanswers.drugs.selectors import NADAC_LABEL, drug_biologics, drug_price_summary

from .price_helpers import load_test_prices, load_test_purplebook

pytestmark = pytest.mark.django_db


def test_price_summary_latest_per_ndc_with_source(tmp_path: Path) -> None:
    drug = load_test_prices(tmp_path)
    summary = drug_price_summary(drug)
    assert summary.label == NADAC_LABEL == "NADAC (what pharmacies pay), not the price you pay"
    assert summary.ndc_count == 2 and summary.newest_file_date == date(2026, 1, 14)
    first, second = summary.prices
    assert (first.ndc, first.price_per_unit, first.effective_date) == (
        "99999000101",
        Decimal("0.41234"),  # the newest effective date, not the December one
        date(2026, 1, 7),
    )
    assert (first.pricing_unit, first.brand_or_generic, first.in_newest_file) == ("EA", "generic", True)
    assert (second.ndc, second.brand_or_generic) == ("99999000102", "brand")
    assert first.source.key == "nadac" and first.source.snapshot_date == date(2026, 1, 14)
    assert summary.load_hint == "" and "2 package NDCs of testoprazole" in summary.statement


def test_drug_page_shows_prices_labelled(client, tmp_path: Path) -> None:
    drug = load_test_prices(tmp_path)
    html = client.get(f"/drugs/{drug.slug}/").content.decode()
    assert "NADAC (what pharmacies pay), not the price you pay" in html
    assert '<h3 id="prices">Prices</h3>' in html and 'href="#facts"' in html
    assert re.search(r"<details class=\"rows\"><summary>Show the NADAC price of 2 of 2 package NDCs", html)
    assert "$0.41234" in html and "$0.39876" in html and "$0.50000" not in html
    assert "2026-01-07" in html  # effective date
    assert "NADAC (National Average Drug Acquisition Cost) weekly files, snapshot 2026-01-14" in html
    assert "<td>EA</td>" in html


def test_drug_page_says_plainly_when_no_price_is_loaded(client, tmp_path: Path) -> None:
    load_test_purplebook()
    drug = Drug.objects.get(key="testomab")
    if not DrugPrice.objects.exists():
        html = client.get(f"/drugs/{drug.slug}/").content.decode()
        assert "No price data is loaded in this database." in html
        assert "rxanswers download nadac" not in html  # the operator hint is for signed-in staff only
    load_test_prices(tmp_path)
    summary = drug_price_summary(drug)
    assert summary.prices == [] and summary.load_hint == ""
    assert summary.statement == (
        "No NADAC price for testomab is loaded: none of its package NDCs is in the NADAC files loaded."
    )
    assert summary.statement in client.get(f"/drugs/{drug.slug}/").content.decode()


def test_biosimilars_from_the_purple_book(client) -> None:
    load_test_purplebook()
    adalimumab = Drug.objects.get(key="adalimumab")
    summary = drug_biologics(adalimumab)
    assert [f.proprietary_name for f in summary.reference_products] == ["Humira"]
    assert [f.proprietary_name for f in summary.biosimilars] == ["Amjevita"]
    assert [f.proprietary_name for f in summary.interchangeables] == ["Cyltezo"]
    assert summary.biosimilars[0].reference_bla == "125057"
    assert summary.statement == (
        "Yes: the FDA Purple Book lists 2 biosimilar applications for adalimumab (Amjevita, Cyltezo), of which "
        "Cyltezo is interchangeable. Biologics have biosimilars rather than generics."
    )
    assert summary.source.key == "purplebook" and summary.source.snapshot_date == date(2026, 2, 1)
    html = client.get(f"/drugs/{adalimumab.slug}/").content.decode()
    assert '<h3 id="biologics">' in html and "351(k) Interchangeable" in html
    assert "Cyltezo is interchangeable" in html and "Humira (BLA 125057)" in html
    besponsa = drug_biologics(Drug.objects.get(key="inotuzumab ozogamicin"))
    assert besponsa.listed and besponsa.statement == (
        "No biosimilar for inotuzumab ozogamicin is listed in the FDA Purple Book loaded."
    )
