"""How a drug's identity is derived from the names FDA files give it.

A drug is keyed by its active ingredients with salts removed: "IMATINIB MESYLATE" -> ``imatinib``;
"ACETAMINOPHEN; CODEINE PHOSPHATE" -> ``acetaminophen / codeine``. Salt words are dropped only when they
follow a base name; mineral bases (sodium chloride, magnesium sulfate, ferrous sulfate...) keep their salt
because the salt is what distinguishes those products.
"""

from __future__ import annotations

import re

from rxanswers.core.text import normalize_name

SALT_WORDS = frozenset(
    """
    hydrochloride hcl dihydrochloride monohydrochloride hydrobromide hydroiodide mesylate dimesylate besylate
    tosylate maleate dimaleate fumarate hemifumarate succinate tartrate bitartrate citrate dicitrate acetate
    diacetate phosphate diphosphate sulfate bisulfate hemisulfate nitrate lactate gluconate malate mandelate
    oxalate pamoate palmitate propionate dipropionate valerate butyrate benzoate salicylate stearate
    hyclate xinafoate napsylate edisylate esylate camsylate isethionate trometamol tromethamine meglumine
    olamine monohydrate dihydrate trihydrate hemihydrate sesquihydrate anhydrous sodium potassium calcium
    magnesium disodium dipotassium lysine arginine bromide chloride iodide
    """.split()
)
# A base that is itself a mineral or ion keeps its salt ("sodium chloride", "ferrous sulfate").
MINERAL_BASES = frozenset(
    "sodium potassium calcium magnesium zinc ferrous ferric iron aluminum aluminium ammonium copper cupric "
    "barium silver selenium chromium manganese cobalt bismuth".split()
)
_COMBINATION_SPLIT = re.compile(r"\s*(?:;|,|\s+and\s+|\s*/\s*|\s+\+\s+)\s*", re.IGNORECASE)


def strip_salt(ingredient: str) -> str:
    """``metformin hydrochloride`` -> ``metformin``; ``sodium chloride`` stays as it is."""
    words = normalize_name(ingredient).split()
    while len(words) > 1 and words[-1] in SALT_WORDS and words[0] not in MINERAL_BASES:
        words.pop()
    # "lithium carbonate" style: a trailing salt that is not in the list stays, by design.
    return " ".join(words)


def split_ingredients(text: str) -> list[str]:
    """Split a combination name ("A and B", "A; B", "A/B") into ingredient names."""
    parts = [p for p in _COMBINATION_SPLIT.split(text or "") if p and p.strip()]
    return [p.strip() for p in parts]


def ingredients_key(ingredients: list[str]) -> tuple[str, list[str]]:
    """Return (key, ingredients) for a list of ingredient names: salt-free, deduplicated, sorted."""
    cleaned = sorted({strip_salt(i) for i in ingredients if strip_salt(i)})
    return " / ".join(cleaned), cleaned


def display_name(ingredients: list[str]) -> str:
    """Human name for a drug key: ``acetaminophen and codeine``."""
    if len(ingredients) <= 1:
        return ingredients[0] if ingredients else ""
    return ", ".join(ingredients[:-1]) + " and " + ingredients[-1]
