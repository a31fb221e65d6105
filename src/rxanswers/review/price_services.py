"""Writes for editor-entered list prices (``drugs.ListPrice``): an editor enters a price with its source and
as-of date; a medical reviewer approves or rejects it; an approved price can be withdrawn. Keyword-only, one
transaction each, role checked, every step written to the audit log. Nothing is ever estimated: the amount,
unit and source are what the source states."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from rxanswers.drugs.models import Drug, ListPrice
from rxanswers.review import roles
from rxanswers.review.audit import _audit
from rxanswers.review.models import AuditRecord

Action = AuditRecord.Action
MAX_AMOUNT = Decimal("100000000")


def _describe(price: ListPrice) -> str:
    return f"list price of {price.drug.name}: {price.currency} {price.amount:,.2f} per {price.unit} ({price.as_of})"


def _clean(*, amount, unit: str, as_of, source_url: str, source_name: str) -> tuple[Decimal, date]:
    problems = []
    try:
        value = Decimal(str(amount).replace(",", "").replace("$", "").strip())
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value <= 0 or value >= MAX_AMOUNT:
        problems.append("Enter the amount as a positive number of US dollars, e.g. 373000 or 12.50.")
    try:
        when = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of).strip())
    except ValueError:
        when = None
        problems.append("Enter the as-of date as YYYY-MM-DD.")
    if when is not None and when > timezone.localdate():
        problems.append("The as-of date cannot be in the future.")
    if not unit.strip() or len(unit) > 100:
        problems.append('Say what the amount buys, e.g. "one infusion" (at most 100 characters).')
    if not source_name.strip() or len(source_name) > 200:
        problems.append("Name who publishes the price (at most 200 characters).")
    try:
        URLValidator(schemes=["https", "http"])(source_url)
    except ValidationError:
        problems.append("Give the address of the page that states the price (https://...).")
    if problems:
        raise ValidationError(problems)
    return value.quantize(Decimal("0.01")), when


@transaction.atomic
def list_price_propose(
    *, user, drug: Drug, amount, unit: str, as_of, source_url: str, source_name: str, note: str = ""
) -> ListPrice:
    if not roles.is_editor(user):
        raise PermissionDenied("Entering a list price is for editors and medical reviewers.")
    value, when = _clean(
        amount=amount, unit=unit, as_of=as_of, source_url=source_url, source_name=source_name
    )
    price = ListPrice.objects.create(
        drug=drug,
        amount=value,
        unit=" ".join(unit.split()),
        as_of=when,
        source_url=source_url.strip(),
        source_name=" ".join(source_name.split()),
        note=" ".join(note.split())[:500],
        entered_by=user,
    )
    _audit(
        user=user,
        action=Action.PRICE_PROPOSE,
        object_repr=_describe(price),
        details={"list_price": price.pk, "source_url": price.source_url},
    )
    return price


def _decide(*, user, price: ListPrice, status: str, action: str, reason: str = "") -> ListPrice:
    if not roles.is_reviewer(user):
        raise PermissionDenied("Approving or rejecting a list price is for medical reviewers.")
    price = ListPrice.objects.select_for_update().select_related("drug").get(pk=price.pk)
    if price.status != ListPrice.Status.PROPOSED:
        raise ValidationError("This list price has already been decided.")
    if price.entered_by_id == user.pk:
        raise ValidationError("A second person must review a list price: ask another reviewer.")
    price.status, price.reviewed_by, price.reviewed_at = status, user, timezone.now()
    price.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    _audit(
        user=user,
        action=action,
        object_repr=_describe(price),
        reason=reason,
        details={"list_price": price.pk},
    )
    return price


@transaction.atomic
def list_price_approve(*, user, price: ListPrice) -> ListPrice:
    return _decide(user=user, price=price, status=ListPrice.Status.APPROVED, action=Action.PRICE_APPROVE)


@transaction.atomic
def list_price_reject(*, user, price: ListPrice, reason: str) -> ListPrice:
    if not reason.strip():
        raise ValidationError("Say why the price is rejected.")
    return _decide(
        user=user, price=price, status=ListPrice.Status.REJECTED, action=Action.PRICE_REJECT, reason=reason
    )


@transaction.atomic
def list_price_withdraw(*, user, price: ListPrice, reason: str) -> ListPrice:
    if not roles.is_reviewer(user):
        raise PermissionDenied("Withdrawing a list price is for medical reviewers.")
    if not reason.strip():
        raise ValidationError("Say why the price is withdrawn.")
    price = ListPrice.objects.select_for_update().select_related("drug").get(pk=price.pk)
    if price.status != ListPrice.Status.APPROVED:
        raise ValidationError("Only an approved list price can be withdrawn.")
    price.status = ListPrice.Status.WITHDRAWN
    price.save(update_fields=["status"])
    _audit(
        user=user,
        action=Action.PRICE_WITHDRAW,
        object_repr=_describe(price),
        reason=reason,
        details={"list_price": price.pk},
    )
    return price
