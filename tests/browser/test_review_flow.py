"""The whole editorial flow in a real browser, keyboard only, with axe-core (WCAG 2.1 AA) on every page type:
ask -> create question -> review -> publish -> ingest a new label version -> re-review notice -> re-approve.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, timedelta
from urllib.parse import quote, urlparse

import pytest

from tests.browser.conftest import ACCOUNTS, PAGE_TIMEOUT_MS, PASSWORD

pytestmark = pytest.mark.browser

QUESTION = "What are the side effects of metformin?"
ADDED = "Lactic acidosis was reported in a new postmarketing study added by the browser test."
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, axe_js) -> list[str]:
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    assert result["passes"], "axe-core ran no checks"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:4]}"
        for v in result["violations"]
    ]


class Audit:
    """Collects axe violations per page type; the test asserts none at the end (so all are reported)."""

    def __init__(self, page, axe_js):
        self.page, self.axe_js, self.found, self.checked = page, axe_js, {}, []

    def __call__(self, kind: str) -> None:
        self.checked.append(kind)
        violations = axe_violations(self.page, self.axe_js)
        if violations:
            self.found[f"{kind} {self.page.url}"] = violations


def press(locator) -> None:
    """Activate a control from the keyboard (focus it, press Enter) and wait for the page it leads to."""
    locator.focus()
    with locator.page.expect_navigation():
        locator.page.keyboard.press("Enter")


def sign_in(page, username: str, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={quote(next_url)}")
    page.get_by_label("Username").focus()  # it has autofocus too; do not race it
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    target = next_url.split("?")[0]
    page.wait_for_url(lambda url: urlparse(url).path == target)


def sign_out(page) -> None:
    press(page.get_by_role("button", name="Sign out"))


def write_new_label_version(site, set_id: str, version_pk: int, path) -> date:
    """The next version of the cited label as an openFDA file, adverse reactions changed (read from the site DB)."""
    with sqlite3.connect(f"file:{site.db}?mode=ro", uri=True) as db:
        version, effective, brands, generics = db.execute(
            "SELECT version, effective_date, brand_names, generic_names FROM labels_labelversion WHERE id = ?",
            (version_pk,),
        ).fetchone()
        sections = db.execute(
            'SELECT "key", text FROM labels_section WHERE version_id = ? ORDER BY "order", id', (version_pk,)
        ).fetchall()
    new_effective = date.fromisoformat(effective) + timedelta(days=45)
    record: dict = {
        "set_id": set_id,
        "id": "browser-test-new-version",
        "version": str((version or 0) + 1),
        "effective_time": new_effective.strftime("%Y%m%d"),
        "openfda": {"brand_name": json.loads(brands), "generic_name": json.loads(generics)},
    }
    for key, text in sections:
        record.setdefault(key, []).append(text)
    record["adverse_reactions"] = [*record["adverse_reactions"], ADDED]
    path.write_text(json.dumps({"meta": {"results": {"total": 1}}, "results": [record]}))
    return new_effective


def test_skip_link_is_first_and_works(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_review_flow_keyboard_only_with_axe(page, site, axe_js, tmp_path, chromium):
    audit = Audit(page, axe_js)
    editor, reviewer = ACCOUNTS["editor"][0], ACCOUNTS["reviewer"][0]

    # 1. Ask: a generated answer, marked as not yet reviewed.
    page.goto("/ask")
    page.get_by_label("Your question").fill(QUESTION)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "not yet medically reviewed" in page.content()
    audit("ask")

    # 2. An editor signs in and creates the question from that answer, then submits it.
    page.goto(f"/accounts/login/?next={quote('/review/new/?q=' + QUESTION)}")
    audit("login")
    sign_in(page, editor, f"/review/new/?q={QUESTION}")
    assert "Generated answer (not yet medically reviewed)" in page.content()
    audit("new question")
    press(page.get_by_role("button", name="Create draft question"))
    page.wait_for_url(re.compile(r"/review/questions/what-are-the-side-effects-of-metformin/$"))
    assert "Draft created as revision 1" in page.content()
    press(page.get_by_role("button", name="Submit for medical review"))
    assert "Submitted for medical review." in page.content()
    assert page.get_by_role("button", name=re.compile("Approve and publish")).count() == 0  # editors cannot
    sign_out(page)

    # The question page is not public yet.
    response = page.goto("/questions/what-are-the-side-effects-of-metformin/")
    assert response.status == 404 and "not been medically reviewed" in page.content()

    # 3. The reviewer finds it in the queue, edits a sentence (keyboard), and approves it.
    sign_in(page, reviewer, "/review/")
    assert "New draft" in page.content()
    audit("review queue")
    press(page.get_by_role("link", name=QUESTION))
    page.wait_for_url(re.compile(r"/review/questions/"))
    audit("review page")
    statement = "Ask your pharmacist which of these effects need a call to your doctor."
    new_row = page.locator("textarea").filter(has_text="").last
    new_row.focus()
    page.keyboard.type(statement)
    label = page.get_by_label(re.compile(r"Reviewer's own statement")).last
    label.focus()
    page.keyboard.press("Space")
    page.get_by_label("What changed and why").fill("added a reviewer statement")
    press(page.get_by_role("button", name="Save as a new revision"))
    assert "Saved as revision 2." in page.content()
    press(page.get_by_role("button", name="Approve and publish revision 2"))
    assert "Approved and published." in page.content()

    # 4. The public page: stamp, official answer with footnotes at the exact label version.
    page.goto("/questions/what-are-the-side-effects-of-metformin/")
    html = page.content()
    assert (
        "Medically reviewed by Rita Browser, RPh. Last updated on"
        in page.locator(".reviewed-by").inner_text()
    )
    assert page.get_by_role("link", name="Rita Browser, RPh").get_attribute("href").startswith("/reviewers/#")
    assert statement in html and "reviewer's statement" in html
    ld = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert "MedicalWebPage" in ld["@type"] and ld["reviewedBy"]["name"] == "Rita Browser"
    audit("question page")
    href = page.locator("ol.footnotes a", has_text="Adverse Reactions section").first.get_attribute("href")
    set_id, version_pk = re.match(r"/labels/([^/]+)/v/(\d+)/", href).groups()

    # 5. A new version of that label is ingested with the CLI.
    updated = write_new_label_version(site, set_id, int(version_pk), tmp_path / "drug-label-update.json")
    out = site.run("ingest", str(tmp_path / "drug-label-update.json"), "--format", "openfda_json")
    assert "1 new" in out

    # 6. The public page keeps the reviewed text and says it is being re-reviewed.
    page.goto("/questions/what-are-the-side-effects-of-metformin/")
    notice = page.locator(".rereview").inner_text()
    assert notice == (
        f"The FDA label for metformin was updated on {updated:%B} {updated.day}, {updated.year}; "
        "this answer is being re-reviewed."
    )
    assert statement in page.content()

    # 7. The queue says why; the review page shows the cited section's diff; the reviewer re-approves.
    page.goto("/review/")
    assert "Label changed" in page.content()
    press(page.get_by_role("link", name=QUESTION).first)
    page.wait_for_url(re.compile(r"/review/questions/"))
    assert ADDED in page.locator("ins").all_inner_texts()[-1] or any(
        ADDED in t for t in page.locator("ins").all_inner_texts()
    )
    audit("review page with label diff")
    page.get_by_label("What you checked (optional)").fill("new adverse reaction text checked")
    press(page.get_by_role("button", name=re.compile("Re-approve and publish")))
    assert "Approved and published." in page.content()
    assert "Re-approved and published" in page.locator("table").last.inner_text()  # audit log
    page.goto("/questions/what-are-the-side-effects-of-metformin/")
    assert page.locator(".rereview").count() == 0

    # 8. On a 390 px phone, keyboard only: home -> question box (other words) -> the reviewed answer first ->
    # its page; the questions index; a drug page -> a section -> the professional label.
    phone_journey(chromium, site, axe_js)

    # 9. The other page types.
    for kind, url in [
        ("home", "/"),
        ("drug index", "/drugs/"),
        ("drug page", "/drugs/metformin/"),
        ("label version", href.split("#")[0]),
        ("search", "/search?q=metformen"),
    ]:
        page.goto(url)
        audit(kind)
    page.goto("/review/")
    sign_out(page)
    assert page.goto("/review/").url.startswith(site.url + "/accounts/login/")

    assert len(audit.checked) >= 10
    assert not audit.found, "axe-core WCAG 2.1 AA violations:\n" + json.dumps(audit.found, indent=1)


def phone_journey(chromium, site, axe_js) -> None:
    context = chromium.new_context(
        base_url=site.url, viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True
    )
    phone = context.new_page()
    phone.set_default_timeout(PAGE_TIMEOUT_MS)
    audit = Audit(phone, axe_js)
    try:
        phone.goto("/")
        phone.get_by_label("Your question about a medicine").focus()
        phone.keyboard.type("metformin side effects?")
        with phone.expect_navigation():
            phone.keyboard.press("Enter")
        html = phone.content()
        assert html.index("Medically reviewed answer") < html.index("Generated answer")
        audit("phone: ask with a reviewed answer")
        press(phone.get_by_role("link", name=re.compile("reviewed answer with its sources")))
        phone.wait_for_url(re.compile(r"/questions/what-are-the-side-effects-of-metformin/$"))
        audit("phone: reviewed answer")

        phone.goto("/questions/")
        assert phone.get_by_role("link", name=QUESTION).count() == 1
        audit("phone: questions index")

        phone.goto("/drugs/metformin/")
        toc = phone.get_by_role("navigation", name="On this page").get_by_role("link").first
        toc.focus()
        phone.keyboard.press("Enter")
        assert "#" in phone.url
        press(phone.get_by_role("link", name="Full label, every section"))
        phone.wait_for_url(re.compile(r"/labels/[^/]+/"))
        audit("phone: professional label")
        for url in (phone.url,):
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, url
    finally:
        context.close()
    assert not audit.found, "axe-core WCAG 2.1 AA violations:\n" + json.dumps(audit.found, indent=1)
