"""The drug endpoint carries NADAC prices (labelled, dated, sourced) and Purple Book biosimilars. Made-up price
data (tests/web/price_helpers.py) and the hand-written Purple Book fixture, loaded through the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from rxanswers.drugs.models import Drug, DrugPrice
from tests.web.price_helpers import load_test_prices, load_test_purplebook

pytestmark = pytest.mark.django_db


def test_drug_endpoint_has_prices(client, tmp_path: Path) -> None:
    drug = load_test_prices(tmp_path)
    data = client.get(f"/api/v1/drugs/{drug.slug}").json()
    prices = data["prices"]
    assert prices["label"] == "NADAC (what pharmacies pay), not the price you pay"
    assert prices["ndc_count"] == 2 and prices["newest_file_date"] == "2026-01-14"
    first = prices["prices"][0]
    assert first["ndc"] == "99999000101" and first["pricing_unit"] == "EA"
    assert first["effective_date"] == "2026-01-07" and first["brand_or_generic"] == "generic"
    assert first["price_per_unit"] == "0.41234"  # a decimal string, never a float
    assert first["source"]["key"] == "nadac" and first["source"]["snapshot_date"] == "2026-01-14"
    assert "nadac" in {s["key"] for s in data["sources"]}
    # the CLI / as_dict form is JSON-ready too (Decimal as a string)
    from rxanswers.drugs.selectors import drug_monograph

    as_dict = drug_monograph(drug).as_dict()
    assert as_dict["prices"]["prices"][0]["price_per_unit"] == "0.41234"


def test_drug_endpoint_states_when_no_price_is_loaded(client) -> None:
    load_test_purplebook()
    slug = Drug.objects.get(key="testomab").slug
    prices = client.get(f"/api/v1/drugs/{slug}").json()["prices"]
    assert prices["prices"] == [] and prices["ndc_count"] == 0
    if not DrugPrice.objects.exists():
        assert prices["statement"] == "No price data is loaded in this database."
        assert "rxanswers download nadac" in prices["load_hint"]


def test_drug_endpoint_has_biosimilars(client) -> None:
    load_test_purplebook()
    bio = client.get(f"/api/v1/drugs/{Drug.objects.get(key='adalimumab').slug}").json()["biologics"]
    assert bio["listed"] is True
    assert [b["proprietary_name"] for b in bio["interchangeables"]] == ["Cyltezo"]
    assert bio["biosimilars"][0]["reference_bla"] == "125057"
    assert bio["biosimilars"][0]["license_type"] == "351(k) Biosimilar"
    assert bio["source"]["key"] == "purplebook" and bio["source"]["snapshot_date"] == "2026-02-01"
