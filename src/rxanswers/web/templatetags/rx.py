"""Template helpers. They return plain data for templates to render (and autoescape); none marks text safe."""

from __future__ import annotations

import re

from django import template

from rxanswers.search.selectors import SectionHit

register = template.Library()

_MARK = re.compile(r"\[([^\[\]\s]{1,60})\]")
_WORD = re.compile(r"\w+")


@register.filter
def snippet_parts(hit: SectionHit | str, query: str = "") -> list[tuple[str, bool]]:
    """Split an FTS snippet into (text, highlighted) parts.

    The full-text index marks matches as ``[word]``; label text also uses square brackets (``[see 5.1]``),
    so only a bracketed single word sharing its first three letters with a query word is a highlight.
    """
    snippet = hit.snippet if isinstance(hit, SectionHit) else str(hit)
    stems = {w[:3] for w in _WORD.findall((query or "").lower()) if len(w) >= 3}
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in _MARK.finditer(snippet):
        word = match.group(1)
        if stems and word[:3].lower() not in stems:
            continue
        if match.start() > position:
            parts.append((snippet[position : match.start()], False))
        parts.append((word, True))
        position = match.end()
    if position < len(snippet):
        parts.append((snippet[position:], False))
    return parts


@register.filter
def paragraphs(text: str) -> list[str]:
    """Split section text into paragraphs (blank-line separated) for <p> elements."""
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def section_title(key: str) -> str:
    """A label section's display title for an openFDA section key ("drug_interactions" -> "Drug interactions"):
    patients never see internal keys."""
    from rxanswers.sources.section_keys import section_catalog

    return section_catalog().describe(key)[0] if key else ""


@register.filter
def file_name(path: str) -> str:
    """The last part of a file path ("/srv/data/labels.jsonl.gz" -> "labels.jsonl.gz"): what the public sees of
    an ingested file (the server's folders are for signed-in staff only)."""
    return re.split(r"[\\/]", str(path or "").rstrip("/\\"))[-1]
