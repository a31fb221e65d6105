"""Whether two medicines are used for the same things: "So sertraline and Lexapro are for the same things,
right?". Answered from the uses their FDA labeling lists (the condition index: every loaded label's use sections
and the compiled label indications), each use cited to the sentence that lists it."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.condition_index import condition_index
from rxanswers.answers.evidence.facts import listed
from rxanswers.answers.schemas import Sentence

MAX_USES = 4
_SAME_USES = re.compile(
    r"\b(?:for|treat|treats|used for|work for|help with)\s+(?:the\s+)?same\s+(?:things?|conditions?|purposes?|"
    r"problems?|issues?|stuff|illness(?:es)?|symptoms?|reasons?)\b|\bsame\s+(?:uses?|purposes?|indications?)\b",
    re.I,
)


def _acronyms_upper(name: str) -> str:
    """ "ocd (obsessive-compulsive disorder)" -> "OCD (...)": a short word that is not English is an acronym."""
    index = selectors.name_index()
    return re.sub(
        r"\b[a-z]{2,5}\b", lambda m: m.group(0) if m.group(0) in index.english else m.group(0).upper(), name
    )


def _uses_by_drug(drug_ids: set[int]) -> dict[int, dict[str, tuple[str, object]]]:
    """drug id -> {condition slug: (its display name, the citation of the sentence that lists it)}."""
    out: dict[int, dict[str, tuple[str, object]]] = {i: {} for i in drug_ids}
    for slug, condition in condition_index().items():
        for medicine in condition.medicines:
            if medicine.drug_id in out:
                shown = _acronyms_upper(condition.term.display)
                out[medicine.drug_id].setdefault(slug, (shown, medicine.citation))
    return out


def same_uses(request):
    """Route: two medicines asked about as used for the same things."""
    if len(request.contexts) != 2 or not _SAME_USES.search(request.question):
        return None
    a, b = request.contexts
    if a.drug is None or b.drug is None or a.drug.id == b.drug.id:
        return None
    uses = _uses_by_drug({a.drug.id, b.drug.id})
    mine, theirs = uses[a.drug.id], uses[b.drug.id]
    if not mine or not theirs:
        return None
    shared = [s for s in mine if s in theirs]

    def shown(slugs, table):
        return listed([table[s][0] for s in slugs[:MAX_USES]])

    def cited(slugs, *tables):
        return list(
            {c.key: c for s in slugs[:MAX_USES] for t in tables for c in [t[s][1]] if s in t}.values()
        )

    only_a = [s for s in mine if s not in theirs]
    only_b = [s for s in theirs if s not in mine]
    if not shared:
        text = (
            f"No: their FDA labeling lists different uses: {a.name} for {shown(only_a, mine)}; "
            f"{b.name} for {shown(only_b, theirs)}."
        )
        return [Sentence(text, cited(only_a, mine) + cited(only_b, theirs))], []
    opening = "Yes" if not only_a and not only_b else "Yes, in part"
    sentences = [
        Sentence(
            f"{opening}: the FDA labeling of both {a.name} and {b.name} lists {shown(shared, mine)} among their "
            "uses.",
            cited(shared, mine, theirs),
        )
    ]
    differ = [
        f"only {ctx.name}'s lists {shown(only, table)}"
        for ctx, only, table in ((a, only_a, mine), (b, only_b, theirs))
        if only
    ]
    if differ:
        text = "In the labeling loaded here, " + "; ".join(differ) + "."
        sentences.append(Sentence(text, cited(only_a, mine) + cited(only_b, theirs)))
    return sentences, []
