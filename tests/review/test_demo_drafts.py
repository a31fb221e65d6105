"""The demo drafts are real generated answers, unreviewed, by an account that cannot log in or approve."""

import io

import pytest
from django.core.management import call_command

from rxanswers.review import roles
from rxanswers.review.models import Question

pytestmark = pytest.mark.django_db


def test_demo_drafts_are_unreviewed_and_idempotent(client):
    call_command("demo_drafts", stdout=io.StringIO())
    drafts = list(Question.objects.filter(created_by__username="rxanswers-generator"))
    assert len(drafts) >= 4
    for q in drafts:
        assert q.status == Question.Status.DRAFT and q.reviewed_by is None
        assert client.get(f"/questions/{q.slug}/").status_code == 404  # not public until reviewed
    generator = drafts[0].created_by
    assert not generator.has_usable_password() and not roles.is_reviewer(generator)
    call_command("demo_drafts", stdout=io.StringIO())
    assert Question.objects.filter(created_by__username="rxanswers-generator").count() == len(drafts)
