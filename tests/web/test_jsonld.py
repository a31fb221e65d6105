"""schema.org Drug JSON-LD on drug pages."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def test_drug_page_has_drug_jsonld(client):
    html = client.get("/drugs/imatinib/").content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    data = json.loads(match.group(1))
    assert data["@type"] == "Drug" and data["name"] == "imatinib"
    assert "Gleevec" in data["proprietaryName"]
    assert data["isAvailableGenerically"] is True
