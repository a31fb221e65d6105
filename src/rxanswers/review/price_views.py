"""/review/prices/: editors enter list prices (with source and as-of date), medical reviewers approve, reject
or withdraw them. Thin views over ``price_services``; sign-in and role required, CSRF-protected POSTs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from rxanswers.drugs.models import ListPrice
from rxanswers.drugs.selectors import drug_get
from rxanswers.review import price_services, roles
from rxanswers.review.views import editor_access

FIELDS = ("drug", "amount", "unit", "as_of", "source_url", "source_name", "note")


def _page(request: HttpRequest, *, form: dict | None = None, problem: str = "", status: int = 200):
    prices = ListPrice.objects.select_related("drug", "entered_by", "reviewed_by").order_by(
        "status", "-entered_at"
    )
    context = {
        "form": form or {},
        "problem": problem,
        "proposed": [p for p in prices if p.status == ListPrice.Status.PROPOSED],
        "decided": [p for p in prices if p.status != ListPrice.Status.PROPOSED][:100],
        "is_reviewer": roles.is_reviewer(request.user),
    }
    return render(request, "review/prices.html", context, status=status)


def _drug(name: str):
    """A stored drug by name, else one the FDA substance names know (created from that record)."""
    if not name:
        return None
    resolved = drug_get(name)
    if resolved is not None:
        return resolved.drug
    from django.conf import settings

    from rxanswers.drugs.services import drug_for_substance_name
    from rxanswers.registry import REGISTRY

    names = REGISTRY["unii_names"]
    (path,) = names.bundled_paths(settings.DATA_DIR)
    return drug_for_substance_name(name, names_file=path, source=names.data_source)


@require_safe
@editor_access
def prices(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@editor_access
def price_new(request: HttpRequest) -> HttpResponse:
    form = {k: request.POST.get(k, "").strip()[:600] for k in FIELDS}
    drug = _drug(form["drug"])
    if drug is None:
        return _page(request, form=form, problem="No medicine by that name is known here.", status=400)
    try:
        price = price_services.list_price_propose(
            user=request.user,
            drug=drug,
            amount=form["amount"],
            unit=form["unit"],
            as_of=form["as_of"],
            source_url=form["source_url"],
            source_name=form["source_name"],
            note=form["note"],
        )
    except ValidationError as exc:
        return _page(request, form=form, problem=" ".join(exc.messages), status=400)
    messages.success(
        request, f"Entered the list price of {price.drug.name}; a medical reviewer must approve it."
    )
    return redirect("review:prices")


@require_POST
@editor_access
def price_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    price = get_object_or_404(ListPrice, pk=pk)
    reason = request.POST.get("reason", "")
    try:
        if name == "approve":
            price_services.list_price_approve(user=request.user, price=price)
        elif name == "reject":
            price_services.list_price_reject(user=request.user, price=price, reason=reason)
        elif name == "withdraw":
            price_services.list_price_withdraw(user=request.user, price=price, reason=reason)
        else:
            raise Http404("no such action")
    except ValidationError as exc:
        return _page(request, problem=" ".join(exc.messages), status=400)
    messages.success(request, f"List price {name}d." if name != "withdraw" else "List price withdrawn.")
    return redirect("review:prices")
