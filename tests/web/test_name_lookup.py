"""Name lookup over the bundled dictionary: exact names answer without a fuzzy search, typos still land."""

from __future__ import annotations

import pytest

from rxanswers.search.selectors import NAME_DICTIONARY

pytestmark = pytest.mark.django_db


def test_exact_name_first_then_names_containing_it():
    hits = NAME_DICTIONARY.lookup("metformin", limit=10)
    assert hits[0].drug_name == "metformin" and hits[0].score == 100.0
    assert any(" / " in h.drug_name or " and " in h.drug_name for h in hits[1:])  # combinations with it
    assert all("metformin" in h.matched_name.lower() for h in hits)


@pytest.mark.parametrize(("query", "drug"), [("metformen", "metformin"), ("lisinoprill", "lisinopril")])
def test_typos_still_land_on_the_drug(query, drug):
    assert NAME_DICTIONARY.lookup(query, limit=5)[0].drug_name == drug
