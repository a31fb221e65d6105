"""Roles and request safety: every write needs login and the right role; CSRF on every form."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client

from rxanswers.review import services
from rxanswers.review.models import AuditRecord, Question, ReviewerProfile
from tests.review.conftest import PASSWORD

pytestmark = pytest.mark.django_db

QUESTION = "What are the side effects of metformin?"


@pytest.fixture
def submitted(editor):
    question = services.question_create_from_answer(question_text=QUESTION, user=editor)
    return services.question_submit(question=question, user=editor)


def _status(question: Question) -> str:
    question.refresh_from_db()
    return question.status


def test_anonymous_is_sent_to_login_and_cannot_write(client, submitted):
    assert client.get("/review/").url.startswith("/accounts/login/?next=/review/")
    response = client.post(f"/review/questions/{submitted.slug}/publish/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    response = client.post("/review/new/", {"question": "what is metformin"})
    assert response.status_code == 302 and not Question.objects.filter(text="what is metformin").exists()
    assert _status(submitted) == "in_review"
    assert client.get(f"/questions/{submitted.slug}/").status_code == 404


def test_editor_cannot_publish_reject_or_unpublish(editor_client, editor, submitted):
    for action, data in [("publish", {}), ("reject", {"reason": "no"}), ("unpublish", {"reason": "no"})]:
        response = editor_client.post(f"/review/questions/{submitted.slug}/{action}/", data)
        assert response.status_code == 403, action
    assert _status(submitted) == "in_review"
    with pytest.raises(PermissionDenied):
        services.answer_publish(question=submitted, user=editor)
    assert not AuditRecord.objects.filter(question=submitted, action="publish").exists()


def test_user_without_role_gets_403(client, submitted):
    nobody = User.objects.create_user("nobody", password=PASSWORD)
    client.force_login(nobody)
    assert client.get("/review/").status_code == 403
    assert client.get(f"/review/questions/{submitted.slug}/").status_code == 403
    assert client.post("/review/new/", {"question": "what is metformin"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.question_create_from_answer(question_text="what is metformin", user=nobody)


def test_reviewer_group_without_profile_is_not_a_reviewer(client, submitted):
    """A clinical approval always carries a named, credentialed reviewer."""
    from rxanswers.review.roles import ensure_groups

    user = User.objects.create_user("unnamed", password=PASSWORD)
    user.groups.add(ensure_groups()["reviewer"])
    client.force_login(user)
    assert client.post(f"/review/questions/{submitted.slug}/publish/").status_code == 403
    assert _status(submitted) == "in_review"


def test_csrf_enforced_on_workflow_forms(reviewer, submitted):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(f"/review/questions/{submitted.slug}/publish/").status_code == 403
    assert _status(submitted) == "in_review"
    page = client.get(f"/review/questions/{submitted.slug}/")
    assert page.status_code == 200 and b"csrfmiddlewaretoken" in page.content
    token = client.cookies["csrftoken"].value
    response = client.post(f"/review/questions/{submitted.slug}/publish/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert _status(submitted) == "published"


def test_csrf_enforced_on_login_and_logout(reviewer):
    client = Client(enforce_csrf_checks=True)
    assert (
        client.post("/accounts/login/", {"username": reviewer.username, "password": PASSWORD}).status_code
        == 403
    )
    page = client.get("/accounts/login/")
    assert page.status_code == 200 and b'<label for="id_username">' in page.content
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/",
        {"username": reviewer.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302 and response.url == "/review/"
    assert client.get("/review/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 403  # token rotated at login; none sent
    token = client.cookies["csrftoken"].value
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get("/review/").status_code == 302


def test_workflow_get_pages_never_write(reviewer_client, submitted):
    """GET on an action URL does nothing (405)."""
    assert reviewer_client.get(f"/review/questions/{submitted.slug}/publish/").status_code == 405
    assert _status(submitted) == "in_review"


def test_createreviewer_command(monkeypatch):
    monkeypatch.setenv("RXANSWERS_REVIEWER_PASSWORD", PASSWORD)
    call_command("createreviewer", "jdoe", "--name", "Jane Doe", "--credential", "BPharm")
    user = User.objects.get(username="jdoe")
    assert user.check_password(PASSWORD)
    assert user.groups.filter(name="medical reviewer").exists()
    assert ReviewerProfile.objects.get(user=user).signature == "Jane Doe, BPharm"
    assert AuditRecord.objects.filter(action="reviewer_create", details__username="jdoe").exists()
    with pytest.raises(CommandError, match="credential"):
        call_command("createreviewer", "nocred", "--name", "No Credential")
    with pytest.raises(CommandError, match="already exists"):
        call_command("createreviewer", "jdoe", "--name", "Jane Doe", "--credential", "MD")
    call_command("createreviewer", "ed", "--role", "editor")
    assert User.objects.get(username="ed").groups.filter(name="editor").exists()


def test_admin_lists_reviewers_and_keeps_clinical_objects_read_only(client, reviewer, submitted):
    admin = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    assert client.get("/admin/review/reviewerprofile/").status_code == 200
    assert client.get("/admin/review/reviewerprofile/add/").status_code == 200
    assert client.get("/admin/review/question/").status_code == 200
    assert client.get("/admin/review/question/add/").status_code == 403
    assert client.get("/admin/review/auditrecord/").status_code == 200
