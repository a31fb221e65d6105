"""Editor-entered list prices: entered with source and date, approved by a second person who is a medical
reviewer, audited at every step, and only then used by cost answers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rxanswers.answers.pipeline import answer_question
from rxanswers.drugs.models import ListPrice
from rxanswers.drugs.selectors import drug_get
from rxanswers.review import price_services
from rxanswers.review.models import AuditRecord

pytestmark = pytest.mark.django_db

ENTRY = dict(
    amount="373,000",
    unit="one infusion",
    as_of="2024-07-01",
    source_url="https://example.org/tecartus-price",
    source_name="Example maker price list",
)


def _tecartus():
    from django.conf import settings

    from rxanswers.drugs.services import drug_for_substance_name
    from rxanswers.registry import REGISTRY

    names = REGISTRY["unii_names"]
    resolved = drug_get("tecartus")
    drug = (
        resolved.drug
        if resolved
        else drug_for_substance_name(
            "Tecartus", names_file=names.bundled_paths(settings.DATA_DIR)[0], source=names.data_source
        )
    )
    assert drug is not None and drug.name == "brexucabtagene autoleucel"
    return drug


def test_a_price_is_used_only_after_a_second_person_approves_it(editor, reviewer, other_reviewer):
    drug = _tecartus()
    price = price_services.list_price_propose(user=editor, drug=drug, **ENTRY)
    assert price.status == ListPrice.Status.PROPOSED and str(price.amount) == "373000.00"
    before = answer_question("How much does Tecartus cost?")
    assert "$373,000" not in (before.answer.text if before.answer else "")
    with pytest.raises(PermissionDenied):
        price_services.list_price_approve(user=editor, price=price)
    price_services.list_price_approve(user=reviewer, price=price)
    result = answer_question("How much does Tecartus cost?")
    lead = result.answer.sentences[0]
    assert lead.text.startswith("The list price of") and "$373,000.00 per one infusion" in lead.text
    citation = lead.citations[0]
    assert citation.source == "list_price" and citation.url == ENTRY["source_url"]
    assert citation.snapshot_date == "2024-07-01"
    assert any("before insurance" in n and "assistance" in n for n in result.answer.notices)
    actions = list(AuditRecord.objects.filter(details__list_price=price.pk).values_list("action", flat=True))
    assert actions == [AuditRecord.Action.PRICE_PROPOSE, AuditRecord.Action.PRICE_APPROVE]
    price_services.list_price_withdraw(user=other_reviewer, price=price, reason="superseded")
    after = answer_question("How much does Tecartus cost?")
    assert "$373,000" not in (after.answer.text if after.answer else "")


def test_the_person_who_entered_it_cannot_approve_it(reviewer):
    price = price_services.list_price_propose(user=reviewer, drug=_tecartus(), **ENTRY)
    with pytest.raises(ValidationError, match="second person"):
        price_services.list_price_approve(user=reviewer, price=price)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "-5", "positive number"),
        ("amount", "about 400k", "positive number"),
        ("as_of", (date.today() + timedelta(days=30)).isoformat(), "future"),
        ("as_of", "July 2024", "YYYY-MM-DD"),
        ("source_url", "javascript:alert(1)", "address of the page"),
        ("unit", " ", "what the amount buys"),
    ],
)
def test_bad_entries_get_a_clear_error_and_save_nothing(editor, field, value, message):
    with pytest.raises(ValidationError, match=message):
        price_services.list_price_propose(user=editor, drug=_tecartus(), **{**ENTRY, field: value})
    assert not ListPrice.objects.exists()


def test_pages_need_sign_in_and_roles(client, editor, reviewer):
    assert client.get("/review/prices/").status_code == 302  # to the login page
    client.force_login(editor)
    assert client.get("/review/prices/").status_code == 200
    response = client.post("/review/prices/new/", {"drug": "tecartus", **ENTRY})
    assert response.status_code == 302
    price = ListPrice.objects.get()
    assert client.post(f"/review/prices/{price.pk}/approve/").status_code == 403  # editors cannot approve
    client.force_login(reviewer)
    assert client.post(f"/review/prices/{price.pk}/approve/").status_code == 302
    price.refresh_from_db()
    assert price.status == ListPrice.Status.APPROVED
    assert client.post("/review/prices/new/", {"drug": "no such drug", **ENTRY}).status_code == 400


def test_the_drug_page_shows_an_approved_list_price(client, editor, reviewer):
    drug = _tecartus()
    price = price_services.list_price_propose(user=editor, drug=drug, **ENTRY)
    assert "373000.00 per one infusion" not in client.get(f"/drugs/{drug.slug}/").content.decode()
    price_services.list_price_approve(user=reviewer, price=price)
    assert "373000.00 per one infusion" in client.get(f"/drugs/{drug.slug}/").content.decode()
