"""Question pages: related questions ranked on real data, JSON-LD, canonical link, conditional GET, sitemap."""

from __future__ import annotations

import json
import re

import pytest

from rxanswers.review import selectors, services

pytestmark = pytest.mark.django_db

BESPONSA = "How does Besponsa work to treat acute lymphoblastic leukemia?"
GLEEVEC_GENERIC = "Is there a generic for Gleevec?"
SPRYCEL_COST = "How much does Sprycel cost?"
SPRYCEL_TASIGNA = "Sprycel vs Tasigna: which is better?"
VENETOCLAX = "What is venetoclax used for?"
LEUKEMIA = [GLEEVEC_GENERIC, SPRYCEL_COST, SPRYCEL_TASIGNA, VENETOCLAX]
UNRELATED = [
    "What are the side effects of metformin?",
    "How should I take lisinopril?",
    "What are the side effects of atorvastatin?",
]


@pytest.fixture
def library(publish):
    return {text: publish(text) for text in [BESPONSA, *LEUKEMIA, *UNRELATED, "What is metformin used for?"]}


def _ranked(question) -> list[str]:
    return [r.question.text for r in selectors.related_questions(question)]


def test_related_questions_rank_leukemia_drug_questions_first(library):
    ranked = _ranked(library[BESPONSA])
    assert set(ranked[: len(LEUKEMIA)]) == set(LEUKEMIA), ranked
    assert not set(ranked) & set(UNRELATED), ranked  # nothing shared: not listed at all

    # Kinase inhibitors for leukaemia: the other imatinib-class questions (class + condition) come first,
    # then leukaemia drugs of other classes; metformin and statins never.
    ranked = _ranked(library[GLEEVEC_GENERIC])
    assert set(ranked[:2]) == {SPRYCEL_COST, SPRYCEL_TASIGNA}, ranked
    assert set(ranked[2:4]) == {BESPONSA, VENETOCLAX}, ranked
    assert not set(ranked) & set(UNRELATED)

    # The same drug ranks above everything else.
    ranked = _ranked(library[SPRYCEL_COST])
    assert ranked[0] == SPRYCEL_TASIGNA and ranked[1] == GLEEVEC_GENERIC, ranked
    metformin = _ranked(library["What are the side effects of metformin?"])
    assert metformin[0] == "What is metformin used for?" and not set(metformin) & set(LEUKEMIA)


def test_public_page_sections_and_related_lists(client, library):
    html = client.get(f"/questions/{library[SPRYCEL_COST].slug}/").content.decode()
    related = html.split(">Related questions</h2>")[1].split("</section>")[0]
    medical = html.split(">Related medical questions</h2>")[1].split("</section>")[0]
    assert SPRYCEL_TASIGNA in related and GLEEVEC_GENERIC not in related  # shares the drug
    assert GLEEVEC_GENERIC in medical and "same drug class: Kinase Inhibitor" in medical
    assert "metformin" not in medical.lower()
    drugs = html.split(">Drug information</h2>")[1].split("</section>")[0]
    assert 'href="/drugs/dasatinib/"' in drugs
    support = html.split(">Related support groups</h2>")[1].split("</section>")[0]
    assert 'href="/search?q=leukemia"' in support


def test_json_ld_canonical_and_escaping(client, publish, reviewer):
    question = publish("</script><script>alert(1)</script> what are the side effects of metformin & co?")
    response = client.get(f"/questions/{question.slug}/")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert f'<link rel="canonical" href="http://testserver/questions/{question.slug}/">' in html
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    assert data["@context"] == "https://schema.org"
    assert {"MedicalWebPage", "FAQPage"} <= set(data["@type"])  # an expert's answer, not a user Q&A thread
    assert data["lastReviewed"] == question.reviewed_at.date().isoformat()
    assert data["reviewedBy"] == {"@type": "Person", "name": "Ada Tester", "honorificSuffix": "PharmD"}
    assert data["name"] == question.text and data["url"] == f"http://testserver/questions/{question.slug}/"
    [entity] = data["mainEntity"]
    answer = entity["acceptedAnswer"]
    assert entity["@type"] == "Question" and answer["author"]["name"] == "Ada Tester"
    assert answer["text"].startswith(question.published_revision.sentences[0]["text"][:40])
    assert {"@type": "Drug", "name": "metformin", "url": "http://testserver/drugs/metformin/"} in data[
        "about"
    ]


def test_conditional_get_304(client, publish, reviewer):
    question = publish("What are the side effects of metformin?")
    url = f"/questions/{question.slug}/"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.head(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    services.answer_unpublish(question=question, user=reviewer, reason="test")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 404
    services.question_submit(question=question, user=reviewer)
    services.answer_publish(question=question, user=reviewer)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_unreviewed_questions_are_not_public(client, editor):
    question = services.question_create_from_answer(question_text="What is metformin used for?", user=editor)
    response = client.get(f"/questions/{question.slug}/")
    assert response.status_code == 404
    assert "not been medically reviewed" in response.content.decode()
    assert client.get("/questions/no-such-question/").status_code == 404


def test_sitemap_lists_published_questions_and_drug_pages(client, publish, editor):
    published = publish("What are the side effects of metformin?")
    draft = services.question_create_from_answer(question_text="What is lisinopril used for?", user=editor)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver/questions/{published.slug}/" in xml
    assert f"/questions/{draft.slug}/" not in xml
    assert "http://testserver/drugs/metformin/" in xml
    assert "<lastmod>" in xml


def test_review_status_for_generated_answers(publish, editor):
    assert selectors.review_status_for_question("What is metformin used for?") == {"status": "unreviewed"}
    question = publish("What is metformin used for?")
    status = selectors.review_status_for_question("  what is METFORMIN used for? ")
    assert status["status"] == "published" and status["url"] == f"/questions/{question.slug}/"
    assert (status["reviewed_by"], status["credential"], status["revision"]) == ("Ada Tester", "PharmD", 1)
