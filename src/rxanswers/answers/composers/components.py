"""Combination products without label text: what their ingredients' own labels say, marked as such."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.composers.quoting import pick, quote
from rxanswers.answers.evidence.context import DrugContext
from rxanswers.answers.schemas import DrugRef, Sentence

_PRODUCT_SPECIFIC = re.compile(
    r"\bthis (?:product|medicine|medication|drug)\b|\b\d[\d,.]*\s*(?:mg|mcg|g|ml|tablets?|capsules?|caplets?)\b",
    re.I,
)


def component_answers(evidence, ctx: DrugContext) -> tuple[list[Sentence], str]:
    """A combination product with no label text loaded ("Tylenol PM"): what its ingredients' own labels say,
    each sentence introduced as about that ingredient, with a notice that they may not describe the product."""
    drug = ctx.drug
    if not drug.is_combination or len(drug.ingredients) < 2:
        return [], ""
    out: list[Sentence] = []
    used: list[str] = []
    for ingredient in drug.ingredients[:3]:
        component = selectors.drug_by_key(ingredient)
        label = selectors.best_label(component) if component is not None else None
        if label is None:
            continue
        part = DrugContext(
            ref=DrugRef(name=component.name, brands=[], matched="", id=component.id),
            drug=component,
            label=label,
            nci=None,
        )
        # nothing that speaks of "this product" or its amounts: true of the ingredient's product, not this one
        best = pick(evidence.ranked(part), 2, where=lambda r: not _PRODUCT_SPECIFIC.search(r.passage.text))
        picked = [quote(r, part) for r in best]
        for sentence in picked:
            lead = (
                sentence.text
                if sentence.text[:2].isupper()
                else sentence.text[:1].lower() + sentence.text[1:]
            )
            sentence.text = f"{component.name[:1].upper() + component.name[1:]} (an ingredient): {lead}"
        if picked:
            out += picked
            used.append(component.name)
    note = (
        f"No label text for {ctx.name} itself is loaded; the sentences above come from the labels of its "
        f"ingredients ({', '.join(used)}), which do not describe the combination product."
    )
    return out, note
