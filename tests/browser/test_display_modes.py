"""Phone width, dark mode and print, checked in a real browser: no page wider than a 390 px phone, dark mode
follows the system setting (axe-clean, screenshot taken), and print gives the content with its address and date."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PAGE_TIMEOUT_MS
from tests.browser.test_review_flow import axe_violations

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/drugs/metformin/",
    "/interactions/?drugs=ibuprofen%2C+lisinopril",
    "/compare/",
    "/conditions/",
    "/questions/",
    "/about/",
    "/ask?q=what+is+metformin+used+for",
]


@pytest.fixture
def phone(chromium, site):
    context = chromium.new_context(base_url=site.url, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    yield page
    context.close()


def test_no_page_is_wider_than_a_phone(phone):
    wide = {}
    for path in PAGES:
        phone.goto(path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    assert not wide, wide


def test_dark_mode_follows_the_system_and_stays_accessible(chromium, site, axe_js, tmp_path):
    context = chromium.new_context(base_url=site.url, color_scheme="dark", bypass_csp=True)
    page = context.new_page()
    try:
        found = {}
        for path in ("/", "/drugs/metformin/", "/about/"):
            page.goto(path)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            red, green, blue = (int(x) for x in background[background.index("(") + 1 : -1].split(",")[:3])
            assert red + green + blue < 150, (path, background)  # a dark page
            shot = page.screenshot(path=str(tmp_path / f"dark{path.replace('/', '_')}.png"), full_page=False)
            assert len(shot) > 1000
            violations = axe_violations(page, axe_js)
            if violations:
                found[path] = violations
        assert not found, found
    finally:
        context.close()


def test_print_shows_the_content_with_its_address_and_date(page):
    page.goto("/drugs/metformin/")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    line = page.locator(".print-only")
    assert (
        line.is_visible() and "/drugs/metformin/" in line.inner_text() and "Printed from" in line.inner_text()
    )
    assert page.locator("h1").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
