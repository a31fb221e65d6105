"""Journeys through the interaction checker, comparisons and conditions in a real browser, keyboard only, with
axe-core (WCAG 2.1 AA) on every page."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from tests.browser.test_review_flow import Audit, press

pytestmark = pytest.mark.browser


def _submit(page, label: str, text: str) -> None:
    page.get_by_label(label).focus()
    page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_interaction_checker_journey(page, axe_js):
    audit = Audit(page, axe_js)
    page.goto("/")
    press(page.get_by_role("navigation", name="Site").get_by_role("link", name="Interaction checker"))
    audit("checker form")
    _submit(page, "Medicines", "ibuprofen, warfrin, zzqxv")
    html = page.content()
    assert "ibuprofen + warfarin" in html  # the misspelt name is understood
    assert "not recognised" in html  # the unknown one is said so
    assert page.locator("article.pair li sup a").count() >= 1  # a cited statement
    audit("checker result")
    press(page.locator("article.pair li sup a").first)
    assert urlparse(page.url).fragment.startswith("cite-")
    assert not audit.found, audit.found


def test_compare_journey(page, axe_js):
    audit = Audit(page, axe_js)
    page.goto("/")
    press(page.get_by_role("navigation", name="Site").get_by_role("link", name="Compare", exact=True))
    audit("compare form")
    _submit(page, "Medicines", "losartan, lisinopril")
    page.wait_for_url(re.compile(r"/compare/lisinopril-vs-losartan/$"))
    assert page.locator("#row-boxed_warning td").count() == 2
    audit("comparison")
    label_link = page.locator("ol.footnotes a", has_text="section at this version").first
    press(label_link)
    assert re.search(r"/labels/[^/]+/v/\d+/", page.url)
    assert not audit.found, audit.found


def test_condition_journey(page, axe_js):
    audit = Audit(page, axe_js)
    page.goto("/")
    press(page.get_by_role("navigation", name="Site").get_by_role("link", name="Conditions", exact=True))
    audit("conditions A-Z")
    page.get_by_label("Search drugs and labels").focus()
    page.keyboard.type("high blood pressure")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/conditions/high-blood-pressure/$"))
    assert "lisinopril" in page.content().lower()
    audit("condition page")
    press(page.get_by_role("link", name="Lisinopril", exact=True).first)
    assert urlparse(page.url).path == "/drugs/lisinopril/"
    assert not audit.found, audit.found


def test_pages_work_under_the_content_security_policy(chromium, site):
    context = chromium.new_context(base_url=site.url)  # CSP enforced
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        for path in (
            "/",
            "/ask?q=what+is+metformin+used+for",
            "/interactions/?drugs=ibuprofen,warfarin",
            "/compare/lisinopril-vs-losartan/",
            "/conditions/",
            "/drugs/metformin/",
        ):
            response = page.goto(path)
            assert response.status == 200, path
            assert "default-src 'self'" in response.headers["content-security-policy"]
        assert not violations, violations
    finally:
        context.close()


def test_the_api_docs_work_offline(chromium, site):
    context = chromium.new_context(base_url=site.url)
    page = context.new_page()
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(site.url) else None)
    try:
        page.goto("/api/docs")
        page.locator(".swagger-ui .opblock").first.wait_for()  # the operations rendered from the schema
        assert not external, external
    finally:
        context.close()
