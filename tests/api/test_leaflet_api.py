"""GET /api/v1/drugs/{slug}/leaflet: the drug page's patient leaflet as JSON, on the bundled real data. The
sections come in the page's order, every sentence carries its citation (set id, version, section, effective
date, an absolute link to that section at that version), and sections the label does not cover say so."""

from __future__ import annotations

import html
import re

import pytest

from rxanswers.answers.leaflet import STATUSES, TOPICS, page_leaflet
from rxanswers.drugs.selectors import drug_get, drug_monograph

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def leaflet_json(client, slug: str) -> dict:
    response = client.get(f"/api/v1/drugs/{slug}/leaflet")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_sections_in_page_order_with_the_page_sentences(client):
    data = leaflet_json(client, "metformin")
    page = client.get("/drugs/metformin/").content.decode()
    anchors = re.findall(r'<h2 id="(leaflet-[^"]+)">', page)
    assert [s["url"] for s in data["sections"]] == [f"{BASE}/drugs/metformin/#{a}" for a in anchors]
    assert [s["key"] for s in data["sections"]] == [t.key for t in TOPICS] + ["generics-cost"]
    for section in data["sections"]:  # the same sentences the page shows, in the same order
        for sentence in section["sentences"]:
            assert html.escape(sentence["text"]) in page or sentence["text"] in page, sentence["text"]
    _, leaflet = page_leaflet(drug_get("metformin").drug)
    assert [[x["text"] for x in s["sentences"]] for s in data["sections"]] == [
        [x.text for x in s.sentences] for s in leaflet.sections
    ]


def test_every_sentence_is_cited_to_a_label_version_section_and_date(client):
    data = leaflet_json(client, "metformin")
    label = drug_monograph(drug_get("metformin")).label
    assert data["label"]["set_id"] == label.set_id and data["label"]["version_id"] == label.version_pk
    assert data["label"]["effective_date"] == label.effective_date.isoformat()
    assert data["label"]["source"]["is_official"] is False  # a third-party extraction, said so
    label_sections = set()
    for section in data["sections"]:
        for sentence in section["sentences"]:
            assert sentence["citations"], sentence["text"]
            for c in sentence["citations"]:
                if c["source"] != "fda_label":
                    assert c["source_name"] and c["record"] and c["snapshot_date"]
                    continue
                assert c["set_id"] and c["version_id"] and c["effective_date"] and c["version"] is not None
                assert c["url"].startswith(f"{BASE}/labels/{c['set_id']}/v/{c['version_id']}/")
                if c["section"]:
                    assert c["url"].endswith("#section-" + c["section"].replace("_", "-"))
                    label_sections.add((c["url"].removeprefix(BASE), c["section"]))
    assert {"indications_and_usage", "contraindications"} <= {s for _, s in label_sections}
    for url, section in label_sections:  # each link opens that label version with the section's anchor
        path, anchor = url.split("#")
        response = client.get(path)
        assert response.status_code == 200 and f'id="{anchor}"' in response.content.decode(), (url, section)


def test_sections_the_label_does_not_cover_are_marked(client):
    data = leaflet_json(client, "metformin")  # the bundled metformin label has no dosage or storage section
    sections = {s["key"]: s for s in data["sections"]}
    assert set(STATUSES) >= {s["status"] for s in data["sections"]}
    for key in ("how-to-take", "storage"):
        section = sections[key]
        assert section["status"] == "label_does_not_say" and not section["covered"]
        (said,) = section["sentences"]
        assert said["role"] == "absence" and said["text"].startswith("The label does not say:")
        assert [c["section"] for c in said["citations"]] == [""]  # cited to the whole label version checked
    uses = sections["uses"]
    assert (
        uses["status"] == "quoted" and uses["covered"] and "glycemic control" in uses["sentences"][0]["text"]
    )
    assert all(s["role"] != "absence" for s in uses["sentences"])


def test_without_label_text_every_label_section_says_so(client):
    data = leaflet_json(client, "gleevec")  # a brand resolves to its drug
    assert data["drug"] == {"slug": "imatinib", "name": "imatinib"} and data["label"] is None
    for section in data["sections"][:-1]:
        if section["status"] == "not_loaded":
            assert section["absent"].startswith("No FDA label text for imatinib is loaded here")
            assert section["sentences"] == []
        else:  # the compiled FDA label indications may still say what it is used for, cited
            assert section["key"] == "uses" and section["status"] == "quoted"
    cost = data["sections"][-1]
    assert cost["key"] == "generics-cost" and cost["status"] == "quoted"
    assert "marketed generic (ANDA)" in cost["sentences"][0]["text"]


def test_unknown_drug_is_a_documented_404(client):
    response = client.get("/api/v1/drugs/metformen/leaflet")
    assert response.status_code == 404
    assert "metformin" in [s["slug"] for s in response.json()["suggestions"]]
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/v1/drugs/{slug}/leaflet"]["get"]
    assert set(operation["responses"]) == {"200", "404"}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    section = schema["components"]["schemas"]["LeafletSectionOut"]
    assert ref.endswith("/LeafletOut") and all(
        status in section["properties"]["status"]["description"] for status in STATUSES
    )
