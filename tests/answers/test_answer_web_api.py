"""The /ask page and POST /api/v1/answers on the bundled data."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_ask_page_marks_answer_unreviewed_and_links_citations(client):
    response = client.get("/ask", {"q": "what are the side effects of metformin"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "not yet medically reviewed" in html
    assert 'href="#fn-1"' in html and 'id="fn-1"' in html
    assert "/labels/" in html and "#section-adverse-reactions" in html


def test_ask_page_escapes_hostile_text_and_rejects_empty(client):
    response = client.get("/ask", {"q": "<script>alert(1)</script> metformin dose"})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content
    assert client.get("/ask", {"q": "  "}).status_code == 400
    assert client.get("/ask", {"q": "x" * 600}).status_code == 400


def test_api_answers_contract(client):
    response = client.post(
        "/api/v1/answers",
        {"question": "Is there a generic for Gleevec?", "id": 7},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == 7 and body["intent"] == "generic"
    assert body["drugs"][0]["name"] == "imatinib"
    assert all(s["citations"] for s in body["answer"]["sentences"])
    assert body["review"]["status"] == "unreviewed"


def test_api_answers_bad_input(client):
    assert (
        client.post("/api/v1/answers", {"question": " "}, content_type="application/json").status_code == 400
    )
    too_long = client.post("/api/v1/answers", {"question": "x" * 2000}, content_type="application/json")
    assert too_long.status_code == 422
    assert client.post("/api/v1/answers", "not json", content_type="application/json").status_code in (
        400,
        422,
    )
    assert "/api/v1/answers" in client.get("/api/openapi.json").json()["paths"]


def test_api_and_cli_give_the_same_object_for_a_class_question(client):
    import io
    import json

    from django.core.management import call_command

    question = "what are the side effects of statins"
    api = client.post("/api/v1/answers", {"question": question}, content_type="application/json").json()
    out = io.StringIO()
    call_command("ask", question, "--json", "--no-setup", stdout=out)
    cli = json.loads(out.getvalue())
    assert api["drugs"] == cli["drugs"]
    (statin,) = api["drugs"]
    assert statin["kind"] == "class" and statin["matched"] == "statins" and statin["id"] is None
    assert "HMG-CoA Reductase Inhibitor" in statin["classes"] and "atorvastatin" in statin["members"]
