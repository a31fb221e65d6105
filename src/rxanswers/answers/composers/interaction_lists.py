"""The public interaction lists (VA National Drug File, ONC) in an interaction answer: each list naming the pair,
cited to it, and the opening it gives when no label sentence names the other medicine. The lists say how much a
pair matters, never why; their wording is data (``resources/interaction_levels.json``, shared with the checker)."""

from __future__ import annotations

from rxanswers.answers import selectors
from rxanswers.answers.checker import list_said
from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.openings import question_kind
from rxanswers.answers.composers.quoting import lead
from rxanswers.answers.schemas import Sentence

LIST_ONLY = (
    "The interaction lists name the pair without explaining it: ask your pharmacist what it means for you."
)
SERIOUS = {("NDF-RT", "Critical"), ("ONC-HighPriority", "")}


def listed_pairs(request) -> list[tuple[Sentence, bool]]:
    """(cited sentence, serious) for each public interaction list naming the two medicines asked about."""
    if not request.others or request.primary.drug is None or request.others[0].drug is None:
        return []
    a, b = request.primary, request.others[0]
    out = []
    for fact in selectors.listed_interactions(a.drug, b.drug)[:2]:
        text = list_said(fact, a.name, b.name)
        citation = selectors.source_citation(fact.source, f"{fact.list_name}: {fact.record}")
        out.append(
            (
                Sentence(text[:1].upper() + text[1:] + ".", [citation]),
                (fact.list_name, fact.severity) in SERIOUS,
            )
        )
    return out


def combination_kind(request) -> str:
    """How the combination is asked about; a question that is not yes/no ("what are the side effects of taking
    X and Y together", "what happens if ...") is told what the label says, without a yes or a no."""
    kind = question_kind(asking_text(request))
    return kind if request.yes_no else "severity"


def listed_opening(request, listed: list[tuple[Sentence, bool]]) -> Sentence:
    sentence, serious = listed[0]
    said = sentence.text[:1].lower() + sentence.text[1:]
    kind = combination_kind(request)
    if kind == "severity":
        text = sentence.text
    elif kind == "existence":
        text = f"Yes: {said}"
    elif serious:
        text = f"No, not without your doctor's advice: {said}"
    else:
        text = f"Yes, but with care: {said}"
    return lead(text, [sentence])
