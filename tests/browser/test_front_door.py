"""Reviewed answers as the front door, in a real browser on a desktop and on a 390 px phone, keyboard only, with
axe-core on every page: home -> question box -> the reviewed answer to a question asked in other words ->
its page; and the questions index -> a reviewed question."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.browser.conftest import ACCOUNTS, PAGE_TIMEOUT_MS
from tests.browser.test_review_flow import Audit, press

pytestmark = pytest.mark.browser

REVIEWED = "How should metformin tablets be stored?"
ASKED_OTHERWISE = "how to store metformin pills"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True},
}
PUBLISH = """
import os
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")
django.setup()
from django.contrib.auth import get_user_model
from rxanswers.review import services
from rxanswers.review.models import Question
users = get_user_model().objects
if not Question.objects.filter(text={text!r}).exists():
    question = services.question_create_from_answer(question_text={text!r}, user=users.get(username={editor!r}))
    services.question_submit(question=question, user=users.get(username={editor!r}))
    services.answer_publish(question=question, user=users.get(username={reviewer!r}))
print(Question.objects.get(text={text!r}).slug)
"""


@pytest.fixture(scope="module")
def reviewed_slug(site) -> str:
    """A published reviewed answer on the browser site, made through the review services (the editorial flow
    itself is driven through the browser in test_review_flow.py)."""
    code = PUBLISH.format(text=REVIEWED, editor=ACCOUNTS["editor"][0], reviewer=ACCOUNTS["reviewer"][0])
    result = subprocess.run(
        [sys.executable, "-c", code], env=site.env, cwd=site.root, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split()[-1]


@pytest.fixture(params=sorted(VIEWPORTS))
def device(request, chromium, site):
    context = chromium.new_context(base_url=site.url, bypass_csp=True, **VIEWPORTS[request.param])
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    yield page
    context.close()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_home_question_box_leads_to_the_reviewed_answer(device, axe_js, reviewed_slug):
    page, audit = device, Audit(device, axe_js)
    page.goto("/")
    audit("home")
    _fits(page)
    page.keyboard.press("Tab")  # the skip link first, then the question box is reached from the keyboard
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "home-ask":
            break
    assert page.evaluate("document.activeElement.id") == "home-ask"
    page.keyboard.type(ASKED_OTHERWISE)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    reviewed = page.locator("section.reviewed-answer")
    assert reviewed.count() == 1, "the reviewed answer to the same question in other words is shown"
    assert page.locator("main h2").first.inner_text() == "Medically reviewed answer"  # shown first
    assert REVIEWED in reviewed.inner_text()
    audit("ask")
    _fits(page)
    press(reviewed.get_by_role("link", name=re.compile("reviewed answer with its sources")))
    page.wait_for_url(re.compile(rf"/questions/{reviewed_slug}/$"))
    assert "Medically reviewed by" in page.locator(".reviewed-by").inner_text()
    audit("question page")
    _fits(page)
    assert not audit.found, audit.found


def test_questions_index_lists_reviewed_answers(device, axe_js, reviewed_slug):
    page, audit = device, Audit(device, axe_js)
    page.goto("/questions/")
    audit("questions index")
    _fits(page)
    press(page.get_by_role("link", name=REVIEWED).first)
    page.wait_for_url(re.compile(rf"/questions/{reviewed_slug}/$"))
    assert page.locator("h1").inner_text().strip() == REVIEWED
    audit("question page")
    assert not audit.found, audit.found
