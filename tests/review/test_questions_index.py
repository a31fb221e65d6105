"""The reviewed questions are findable: /questions/ (by medicine, newest, one medicine), the API list and item,
and the drug page lists its reviewed questions. Drafts never appear."""

from __future__ import annotations

import pytest

from rxanswers.review import services

pytestmark = pytest.mark.django_db


def test_index_api_and_drug_page_list_published_questions_only(client, publish, editor):
    published = publish("What are the side effects of metformin?")
    draft = services.question_create_from_answer(
        question_text="Can metformin cause weight loss?", user=editor
    )
    html = client.get("/questions/").content.decode()
    assert published.text in html and draft.text not in html
    assert published.text in client.get("/questions/", {"order": "newest"}).content.decode()
    assert published.text in client.get("/questions/", {"drug": "metformin"}).content.decode()
    assert published.text not in client.get("/questions/", {"drug": "lisinopril"}).content.decode()

    listing = client.get("/api/v1/questions").json()
    assert [i["slug"] for i in listing["items"]] == [published.slug]
    assert listing["items"][0]["drugs"] == ["metformin"] and listing["items"][0]["reviewed_by"]
    item = client.get(f"/api/v1/questions/{published.slug}").json()
    assert item["answer"] and all(s["refs"] for s in item["answer"])
    assert all(f["source"] for f in item["footnotes"])
    assert client.get(f"/api/v1/questions/{draft.slug}").status_code == 404

    page = client.get("/drugs/metformin/").content.decode()
    assert f'href="/questions/{published.slug}/"' in page and draft.text not in page


def test_the_home_page_has_the_question_box_and_recent_reviewed_answers(client, publish):
    published = publish("What are the side effects of metformin?")
    html = client.get("/").content.decode()
    assert 'id="home-ask"' in html and 'action="/ask"' in html
    assert f'href="/questions/{published.slug}/"' in html


def test_ask_finds_the_reviewed_answer_to_the_same_question_in_other_words(client, publish):
    published = publish("What are the side effects of metformin?")
    html = client.get("/ask", {"q": "metformin side effects?"}).content.decode()
    reviewed = html.index("Medically reviewed answer")
    assert reviewed < html.index("Generated answer")  # shown first
    assert f'href="/questions/{published.slug}/"' in html and "To a question like yours" in html
    first = published.published_revision.sentences[0]["text"]
    assert first.split()[0] in html[reviewed:]

    for other in ("What is metformin used for?", "What are the side effects of lisinopril?"):
        assert "Medically reviewed answer" not in client.get("/ask", {"q": other}).content.decode()

    api = client.post(
        "/api/v1/answers",
        {"question": "what side effects does metformin have"},
        content_type="application/json",
    ).json()
    assert api["review"]["status"] == "published" and api["review"]["match"] == "similar"
    assert api["review"]["question"] == published.text


def test_the_index_groups_reviewed_questions_by_condition(client, publish):
    published = publish("What are the side effects of metformin?")
    assert published.conditions  # what metformin's labeling says it treats
    html = client.get("/questions/", {"order": "condition"}).content.decode()
    assert "<strong>by condition</strong>" in html
    assert f"<h2>{published.conditions[0].lower()[:1].upper()}" in html
    assert f'href="/questions/{published.slug}/"' in html


def test_the_home_page_lists_the_most_asked_reviewed_answers(client, publish):
    asked = publish("What are the side effects of metformin?")
    publish("What is lisinopril used for?")
    for _ in range(2):  # asked in other words: /ask shows the reviewed answer first and counts it
        page = client.get("/ask", {"q": "metformin side effects?"}).content.decode()
        assert "Medically reviewed answer" in page
    asked.refresh_from_db()
    assert asked.times_asked == 2
    html = client.get("/").content.decode()
    most_asked = html.split('id="most-asked-heading"', 1)[1].split("</ul>", 1)[0]
    assert f'href="/questions/{asked.slug}/"' in most_asked
    assert "lisinopril" not in most_asked  # never shown for an /ask: not listed as asked
