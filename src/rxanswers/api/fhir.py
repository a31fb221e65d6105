"""FHIR R4 (read-only): ``GET /fhir/MedicationKnowledge/<id>`` and ``GET /fhir/MedicationKnowledge?code=<name>``
(a ``searchset`` Bundle). The id is the drug's slug; names, FDA pharmacologic classes, marketed forms and routes
come from the same selectors as the drug page, and ``meta.source`` names where they come from. Validated in the
tests with the ``fhir.resources`` R4B models. Served as ``application/fhir+json``.
"""

from __future__ import annotations

import orjson
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from rxanswers.answers import selectors
from rxanswers.drugs.models import Drug
from rxanswers.drugs.selectors import drug_get

FHIR_JSON = "application/fhir+json; charset=utf-8"
MAX_RESULTS = 20


def _response(data: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(orjson.dumps(data), status=status, content_type=FHIR_JSON)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _outcome(status: int, code: str, text: str) -> HttpResponse:
    return _response(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": code, "diagnostics": text}],
        },
        status,
    )


def medication_knowledge(drug: Drug, base: str) -> dict:
    """A FHIR R4 MedicationKnowledge for one drug (only what the loaded data says)."""
    brands = [name for name, _ in selectors.drug_brands(drug, limit=20)]
    classes = {kind: selectors.drug_classes(drug, kind) for kind in ("epc", "moa")}
    forms = selectors.product_forms(drug)
    sources = sorted({s.name for items in classes.values() for _, s in items} | {f[2].name for f in forms})
    resource: dict = {
        "resourceType": "MedicationKnowledge",
        "id": drug.slug,
        "meta": {"source": "; ".join(sources) or "rxanswers"},
        "code": {"text": drug.name},
        "status": "active",
    }
    if brands:
        resource["synonym"] = brands
    classification = [
        {
            "type": {
                "text": "FDA Established Pharmacologic Class" if kind == "epc" else "FDA Mechanism of Action"
            },
            "classification": [{"text": name} for name, _ in items],
        }
        for kind, items in classes.items()
        if items
    ]
    if classification:
        resource["medicineClassification"] = classification
    if forms:
        first_form = forms[0][0]
        resource["doseForm"] = {"text": first_form.split(" (")[0]}
        routes = sorted({f.split(" (")[1].rstrip(")") for f, _, _ in forms if " (" in f})
        if routes:
            resource["intendedRoute"] = [{"text": r} for r in routes]
    resource["monograph"] = [
        {
            "type": {"text": "drug page"},
            "source": {"reference": f"{base}/drugs/{drug.slug}/", "display": drug.name},
        }
    ]
    return resource


@require_safe
@cache_control(public=True, max_age=300)
def medication_knowledge_read(request: HttpRequest, resource_id: str) -> HttpResponse:
    drug = Drug.objects.filter(slug=resource_id[:200]).first()
    if drug is None:
        return _outcome(404, "not-found", f"No MedicationKnowledge with id {resource_id[:200]!r}.")
    return _response(medication_knowledge(drug, request.build_absolute_uri("/").rstrip("/")))


@require_safe
@cache_control(public=True, max_age=300)
def medication_knowledge_search(request: HttpRequest) -> HttpResponse:
    """``?code=<name>``: the drug a generic or brand name (or a slug) names; an empty Bundle when none."""
    name = " ".join(request.GET.get("code", "").split())[:200]
    if not name:
        return _outcome(400, "required", "Search by name: MedicationKnowledge?code=<generic or brand name>.")
    base = request.build_absolute_uri("/").rstrip("/")
    resolved = drug_get(name)
    drugs = [resolved.drug] if resolved else []
    entries = [
        {
            "fullUrl": f"{base}/fhir/MedicationKnowledge/{d.slug}",
            "resource": medication_knowledge(d, base),
            "search": {"mode": "match"},
        }
        for d in drugs[:MAX_RESULTS]
    ]
    return _response({"resourceType": "Bundle", "type": "searchset", "total": len(entries), "entry": entries})
