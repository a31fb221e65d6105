"""Small text helpers shared by ingestion, search and answers."""

from __future__ import annotations

import json
import re
import unicodedata

from django.utils.text import slugify as _slugify

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s/+.-]+")


def fold(text: str) -> str:
    """Lowercase, strip accents and collapse white space (for matching, never for display)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACE.sub(" ", text).strip().lower()


def normalize_name(name: str) -> str:
    """Name form used as a dictionary key: folded, punctuation other than / + . - removed."""
    return _SPACE.sub(" ", _NON_WORD.sub(" ", fold(name))).strip()


def slugify(text: str, max_length: int = 180) -> str:
    return _slugify(fold(text).replace("/", " and "))[:max_length].strip("-") or "item"


def jsonld_dumps(data: dict) -> str:
    """JSON for a ``<script type="application/ld+json">`` element: ``<``, ``>`` and ``&`` escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
