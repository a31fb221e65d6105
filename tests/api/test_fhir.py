"""FHIR R4 MedicationKnowledge read and search, validated with the fhir.resources R4B models."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationknowledge import MedicationKnowledge
from fhir.resources.R4B.operationoutcome import OperationOutcome

pytestmark = pytest.mark.django_db


def test_read_is_a_valid_medication_knowledge_from_the_loaded_data(client):
    response = client.get("/fhir/MedicationKnowledge/imatinib")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/fhir+json")
    resource = MedicationKnowledge.model_validate_json(response.content)
    assert resource.id == "imatinib" and resource.code.text == "imatinib"
    assert "Gleevec" in resource.synonym
    assert any(
        c.text == "Kinase Inhibitor" for m in resource.medicineClassification for c in m.classification
    )
    assert resource.intendedRoute[0].text == "oral" and resource.meta.source


def test_search_by_brand_is_a_valid_bundle_and_unknowns_say_so(client):
    bundle = Bundle.model_validate_json(client.get("/fhir/MedicationKnowledge", {"code": "Gleevec"}).content)
    assert bundle.type == "searchset" and bundle.total == 1
    assert bundle.entry[0].resource.id == "imatinib"
    empty = Bundle.model_validate_json(client.get("/fhir/MedicationKnowledge", {"code": "zzqxv"}).content)
    assert empty.total == 0
    missing = client.get("/fhir/MedicationKnowledge/no-such-drug")
    assert missing.status_code == 404
    OperationOutcome.model_validate_json(missing.content)
    assert client.get("/fhir/MedicationKnowledge").status_code == 400
