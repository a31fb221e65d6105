"""Review fixtures: accounts made by the tests themselves (never shipped), and published questions."""

from __future__ import annotations

import pytest

from rxanswers.review import services

PASSWORD = "review-test-Passw0rd!"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reviewer(db):
    return services.account_create(
        username="test-reviewer",
        role="reviewer",
        display_name="Ada Tester",
        credential="PharmD",
        password=PASSWORD,
    )


@pytest.fixture
def other_reviewer(db):
    return services.account_create(
        username="test-reviewer-2",
        role="reviewer",
        display_name="Ben Checker",
        credential="RPh",
        password=PASSWORD,
    )


@pytest.fixture
def editor(db):
    return services.account_create(username="test-editor", role="editor", password=PASSWORD)


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publish(editor, reviewer):
    """Create, submit and publish a question through the services; returns the question."""

    def _publish(text: str):
        question = services.question_create_from_answer(question_text=text, user=editor)
        services.question_submit(question=question, user=editor)
        return services.answer_publish(question=question, user=reviewer)

    return _publish
