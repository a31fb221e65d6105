"""The JSON API (/api/v1/) and its OpenAPI schema, against the bundled real dataset."""

from __future__ import annotations

import pytest

from rxanswers.labels.models import LabelVersion

pytestmark = pytest.mark.django_db

SOURCE_KEYS = {"key", "name", "snapshot_date"}
CITATION_KEYS = {"set_id", "version", "effective_date", "section", "url", "source"}


def test_openapi_schema_and_docs_load(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    data = schema.json()
    assert data["info"]["title"] == "rxanswers API" and data["info"]["version"] == "1"
    for path in (
        "/api/v1/drugs",
        "/api/v1/drugs/{slug}",
        "/api/v1/drugs/{slug}/labels",
        "/api/v1/labels/{set_id}",
        "/api/v1/labels/{set_id}/versions/{version_pk}",
        "/api/v1/search",
    ):
        assert path in data["paths"]
    assert client.get("/api/docs").status_code == 200


def test_drug_list_filters_and_paginates(client):
    data = client.get("/api/v1/drugs", {"letter": "M", "page_size": 500}).json()
    assert data["letter"] == "M" and data["count"] >= 1
    assert any(item["slug"] == "metformin" and item["has_label"] for item in data["items"])
    found = client.get("/api/v1/drugs", {"q": "gleevec"}).json()
    assert [i["slug"] for i in found["items"]] == ["imatinib"]
    assert client.get("/api/v1/drugs", {"page_size": 10_000}).status_code == 400
    assert client.get("/api/v1/drugs", {"letter": "ab"}).status_code == 400


def test_monograph_carries_sources_and_citations(client):
    response = client.get("/api/v1/drugs/lipitor")
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    m = response.json()
    assert m["slug"] == "atorvastatin" and m["via_brand"] is True and m["matched_name"] == "Lipitor"
    assert m["label"]["set_id"] and SOURCE_KEYS <= set(m["label"]["source"])
    sections = [s for g in m["groups"] for s in g["sections"]]
    assert sections
    for section in sections:
        citation = section["citation"]
        assert CITATION_KEYS <= set(citation)
        assert citation["set_id"] == m["label"]["set_id"]
        assert citation["url"].endswith(f"#{section['anchor']}")
        assert SOURCE_KEYS <= set(citation["source"])
    for fact in m["brand_names"] + m["classes"]:
        assert fact["sources"] and all(SOURCE_KEYS <= set(s) for s in fact["sources"])
    for appl in m["applications"]:
        assert SOURCE_KEYS <= set(appl["source"])


def test_monograph_of_drug_without_label_text(client):
    m = client.get("/api/v1/drugs/imatinib").json()
    assert m["label"] is None
    assert m["no_label_text"] == "No FDA label text for imatinib is loaded in this database."
    assert m["generics"]["generic_available"] is True and m["generics"]["anda_count"] >= 1
    assert any(a["appl_type"] == "ANDA" for a in m["applications"])


def test_unknown_drug_is_404_with_suggestions(client):
    response = client.get("/api/v1/drugs/metformen")
    assert response.status_code == 404
    data = response.json()
    assert "metformen" in data["detail"]
    assert data["suggestions"][0]["slug"] == "metformin"


def test_labels_and_versions(client):
    labels = client.get("/api/v1/drugs/atorvastatin/labels").json()
    assert labels and labels[0]["versions"]
    set_id = labels[0]["set_id"]
    label = client.get(f"/api/v1/labels/{set_id}").json()
    version = label["versions"][0]
    assert SOURCE_KEYS <= set(version["source"])
    detail = client.get(f"/api/v1/labels/{set_id}/versions/{version['pk']}").json()
    db_version = LabelVersion.objects.get(pk=version["pk"])
    assert len(detail["sections"]) == db_version.sections.count()
    assert all(CITATION_KEYS <= set(s["citation"]) for s in detail["sections"])
    assert client.get("/api/v1/labels/not-a-set-id").status_code == 404
    assert client.get(f"/api/v1/labels/{set_id}/versions/999999999").status_code == 404


def test_search_names_first_with_citations(client):
    data = client.get("/api/v1/search", {"q": "metformen"}).json()
    assert data["showing_results_for"]["slug"] == "metformin"
    assert data["names"][0]["slug"] == "metformin"
    data = client.get("/api/v1/search", {"q": "lactic acidosis"}).json()
    assert data["sections"]
    for hit in data["sections"]:
        assert CITATION_KEYS <= set(hit["citation"]) and "/labels/" in hit["citation"]["url"]


@pytest.mark.parametrize("query", ["", "x" * 201])
def test_search_rejects_bad_queries_with_a_message(client, query):
    response = client.get("/api/v1/search", {"q": query})
    assert response.status_code == 400
    assert response.json()["detail"]


def test_compact_drug_payload_has_links_not_text(client):
    full = client.get("/api/v1/drugs/metformin").json()
    response = client.get("/api/v1/drugs/metformin?compact=true")
    assert response.status_code == 200
    data = response.json()
    assert data["compact"] is True and data["slug"] == "metformin"
    assert len(response.content) * 10 < len(client.get("/api/v1/drugs/metformin").content)
    assert data["label"]["set_id"] == full["label"]["set_id"]
    section = data["label"]["sections"][0]
    assert set(section) == {"key", "title", "url"} and section["url"].startswith("http://testserver/labels/")
    assert "text" not in str(data["label"]["sections"])
    assert data["links"]["page"] == "http://testserver/drugs/metformin/"
    assert data["counts"]["applications"] == len(full["applications"])
    assert client.get(data["links"]["leaflet"].removeprefix("http://testserver")).status_code == 200


def test_wrong_parameter_types_are_422_and_documented(client):
    response = client.get("/api/v1/drugs?page=abc")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page"]
    assert client.post("/api/v1/answers", {}, content_type="application/json").status_code == 422
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, operations in paths.items():  # any operation whose input can have a wrong type documents 422
        for method, op in operations.items():
            typed = [
                p for p in op.get("parameters", []) if p.get("schema", {}).get("type") not in (None, "string")
            ]
            if typed or "requestBody" in op:
                assert "422" in op["responses"], (method, path)


def test_every_link_in_api_payloads_is_absolute(client):
    import re

    for path in ("/api/v1/drugs/metformin", "/api/v1/drugs?letter=m", "/api/v1/search?q=metformin"):
        body = client.get(path).content.decode()
        links = re.findall(r'"\w*url": "([^"]*)"', body)
        assert links, path
        assert all(u.startswith(("http://", "https://")) for u in links), (path, links[:3])
