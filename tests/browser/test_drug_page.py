"""The patient drug page in a real browser, on a 390 px phone and a desktop: it fits the screen width, the
default view is a few screens (the data tables stay collapsed until asked for), the leaflet's sections are reached
and the tables opened from the keyboard, the full label is one link away at the section's anchor, and the page is
axe-clean with every table open."""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.conftest import PAGE_TIMEOUT_MS
from tests.browser.test_review_flow import Audit

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_drug_page_fits_the_screen_and_a_few_screens(chromium, site, viewport):
    context = chromium.new_context(base_url=site.url, viewport=viewport, is_mobile=viewport is PHONE)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        for path in ("/drugs/metformin/", "/drugs/acetaminophen/", "/drugs/imatinib/"):
            page.goto(path)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
            height = page.evaluate("document.documentElement.scrollHeight")
            # was 41,600 px on a phone and 17,500 on a desktop for metformin (every label section and table row)
            assert height < 11 * viewport["height"], (path, height)
            assert page.locator("details[open]").count() == 0
            # opening every table keeps the page inside the screen (tables scroll in their own box)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_keyboard_reaches_a_section_opens_a_table_and_the_full_label(chromium, site, axe_js, viewport):
    context = chromium.new_context(
        base_url=site.url, viewport=viewport, is_mobile=viewport is PHONE, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    audit = Audit(page, axe_js)
    try:
        page.goto("/drugs/metformin/")
        headings = page.locator("h2[id^='leaflet-']").all_inner_texts()
        assert headings[:3] == ["Why it is used", "How to take it", "If you miss a dose"]
        assert headings[-1] == "Generics and cost"
        audit("drug page")

        link = page.get_by_role("navigation", name="On this page").get_by_role(
            "link", name="Interactions to know"
        )
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"#leaflet-interactions$"))
        section = page.locator("section:has(> h2#leaflet-interactions)")
        assert section.locator("li.sentence sup a").count() >= 1  # every sentence footnoted

        details = page.locator("details.rows").last  # the browser site loads labels only: the sources list
        details.locator("summary").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("[...document.querySelectorAll('details.rows')].pop().open")
        assert details.locator("li").first.is_visible()
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        audit("drug page, every table open")

        jsonld = json.loads(page.locator("script[type='application/ld+json']").inner_text())
        assert jsonld["@type"] == "Drug" and jsonld["name"] == "metformin"

        full = page.locator("section:has(> h2#leaflet-uses)").get_by_role(
            "link", name="This section of the full label"
        )
        full.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert re.search(r"/labels/[^/]+/v/\d+/#section-indications-and-usage$", page.url)
        assert page.locator("#section-indications-and-usage").count() == 1
        audit("professional label")
    finally:
        context.close()
    assert not audit.found, "axe-core WCAG 2.1 AA violations:\n" + json.dumps(audit.found, indent=1)
