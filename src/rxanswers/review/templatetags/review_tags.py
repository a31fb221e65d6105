"""Template helpers for review pages."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def jsonld_safe(text: str) -> str:
    """Mark JSON produced by ``selectors.jsonld_dumps`` safe: it has ``<``, ``>`` and ``&`` escaped already."""
    if "<" in text or ">" in text or "&" in text:
        raise ValueError("JSON-LD must be escaped by selectors.jsonld_dumps")
    return mark_safe(text)  # noqa: S308 - escaped above


@register.filter
def contains(collection, item) -> bool:
    return item in collection


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None
