"""The anonymous page cache never serves reviewed content from before the latest change: publishing, unpublishing
or ingesting changes the content version, so the next request renders afresh. Staff are never served from it."""

from __future__ import annotations

import pytest

from rxanswers.core.models import DataSource, IngestRun
from rxanswers.review import services

pytestmark = pytest.mark.django_db


def get(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    return response, response.content.decode()


def test_publish_and_unpublish_show_at_once_on_cached_pages(client, publish, reviewer):
    for path in ("/drugs/metformin/", "/questions/", "/"):
        assert get(client, path)[0]["X-Page-Cache"] == "miss"
        assert get(client, path)[0]["X-Page-Cache"] == "hit"

    question = publish("What are the side effects of metformin?")
    for path in ("/drugs/metformin/", "/questions/", "/"):
        response, html = get(client, path)
        assert response["X-Page-Cache"] == "miss" and question.text in html

    services.answer_unpublish(question=question, user=reviewer, reason="checking the cache")
    for path in ("/drugs/metformin/", "/questions/", "/"):
        response, html = get(client, path)
        assert response["X-Page-Cache"] == "miss" and question.text not in html


def test_a_finished_ingest_changes_the_version(client):
    get(client, "/drugs/metformin/")
    assert get(client, "/drugs/metformin/")[0]["X-Page-Cache"] == "hit"
    IngestRun.objects.create(
        reader="test",
        path="x",
        file_sha256="0" * 64,
        file_size=1,
        source=DataSource.objects.first(),
        status=IngestRun.Status.COMPLETED,
        finished_at="2099-01-01T00:00:00Z",
    )
    assert get(client, "/drugs/metformin/")[0]["X-Page-Cache"] == "miss"


def test_staff_and_other_pages_are_never_cached(client, reviewer_client):
    get(client, "/drugs/metformin/")
    response, _ = get(reviewer_client, "/drugs/metformin/")
    assert "X-Page-Cache" not in response  # signed in: always rendered for this user
    assert "X-Page-Cache" not in client.get("/ask", {"q": "what is metformin"})
    assert "X-Page-Cache" not in client.get("/accounts/login/")
