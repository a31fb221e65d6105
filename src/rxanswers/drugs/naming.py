"""How a drug's identity is derived from the names FDA files give it.

A drug is keyed by its active ingredients with salts and esters removed, sorted and joined with " / ":
"IMATINIB MESYLATE" -> ``imatinib``; "ACETAMINOPHEN; CODEINE PHOSPHATE" -> ``acetaminophen / codeine``.
The normaliser (``core.drugnames.strip_salts``) is the same one question understanding uses, so a drug
recognised in a question maps to the same key as the drug stored at ingest.
"""

from __future__ import annotations

import re

from rxanswers.core.drugnames import strip_salts

_COMBINATION_SPLIT = re.compile(r"\s*(?:;|,|\s+and\s+|\s*/\s*|\s+\+\s+)\s*", re.IGNORECASE)


def strip_salt(ingredient: str) -> str:
    """``metformin hydrochloride`` -> ``metformin``; ``sodium chloride`` stays as it is."""
    return strip_salts(ingredient)


def split_ingredients(text: str) -> list[str]:
    """Split a combination name ("A and B", "A; B", "A/B") into ingredient names."""
    parts = [p for p in _COMBINATION_SPLIT.split(text or "") if p and p.strip()]
    return [p.strip() for p in parts]


def ingredients_key(ingredients: list[str]) -> tuple[str, list[str]]:
    """Return (key, ingredients) for a list of ingredient names: salt-free, deduplicated, sorted."""
    cleaned = sorted({strip_salts(i) for i in ingredients if strip_salts(i)})
    return " / ".join(cleaned), cleaned


def display_name(ingredients: list[str]) -> str:
    """Human name for a drug key: ``acetaminophen and codeine``."""
    if len(ingredients) <= 1:
        return ingredients[0] if ingredients else ""
    return ", ".join(ingredients[:-1]) + " and " + ingredients[-1]
