"""The medicines a question is about, each with the label that speaks for it (or the NCI entry when no label
text is loaded): the evidence every composer starts from."""

from __future__ import annotations

from dataclasses import dataclass

from rxanswers.answers import selectors
from rxanswers.answers.resources import INTENT_SECTIONS
from rxanswers.answers.schemas import DrugRef
from rxanswers.answers.understanding.text import normalise
from rxanswers.drugs.models import Drug

MIN_DRUG_CONFIDENCE = 0.6


@dataclass
class DrugContext:
    ref: DrugRef
    drug: Drug | None
    label: selectors.LabelView | None
    nci: object | None  # GlossaryEntry
    routes: frozenset[str] = frozenset()  # route families the question is about ("nasal")
    routes_beside: frozenset[str] = (
        frozenset()
    )  # the ones named right next to this medicine ("lidocaine patch")

    @property
    def name(self) -> str:
        """The name sentences use: the generic, or for an unreadably long one (a vaccine's list of strains)
        its first brand or the words of the question."""
        if len(self.ref.name) <= 60:
            return self.ref.name
        return self.ref.brands[0] if self.ref.brands else self.ref.matched or self.ref.name

    def another_brands_label(self) -> str | None:
        """The brand whose label speaks for this medicine when the question named a different brand ("Botox" answered
        from DAXXIFY's label): None when the label carries the brand named, or is a generic label."""
        if self.label is None or not self.ref.matched:
            return None
        named = normalise(self.ref.matched)
        if named not in {normalise(b) for b in self.ref.brands} or named == normalise(self.name):
            return None  # a generic name was named
        version = self.label.version
        generic = {normalise(g) for g in version.generic_names} | {normalise(self.name)}
        brands = [  # a generic label's "brand" is its generic name, often with the salt ("warfarin sodium")
            b for b in version.brand_names if not any(normalise(b).startswith(g) for g in generic)
        ]
        if not brands or any(
            named == normalise(b)
            or normalise(b).startswith(named + " ")
            or named.startswith(normalise(b) + " ")
            for b in brands
        ):  # "Tudorza" and "Tudorza Pressair" are one product
            return None
        return brands[0]

    def other_route_label(self) -> tuple[str, str] | None:
        """(route asked, route of the label quoted) when the question is about one route ("the lidocaine
        patch") and no label of that route is loaded, so another route's label speaks; else None."""
        from rxanswers.answers.evidence.routes import label_families

        if not self.routes_beside or self.label is None:
            return None
        quoted = label_families(self.label, self.drug)
        if not quoted or quoted & self.routes_beside:
            return None
        return sorted(self.routes_beside)[0], sorted(quoted)[0]

    @property
    def label_name(self) -> str:
        brands = self.label.version.brand_names if self.label else []
        return self.name if not brands else f"{self.name} ({brands[0]})"


def _condition_word(match) -> bool:
    """A fuzzy brand match on words that spell a medical condition ("hypo pigmentation" ~ a cream called
    "Hyperpigmentation") is the condition the question is about, not a product."""
    from rxanswers.answers.glossary import nearest_medical_term

    if match.kind != "brand" or match.method == "exact":
        return False
    term = nearest_medical_term(match.matched)
    # the vocabulary also holds some product names ("augmentin"): a misspelt name of the matched drug is the drug
    return term is not None and match.drug_key not in selectors.name_index().lookup(term)


def _glued_short_brand(match, understanding) -> bool:
    """A short brand name written directly against another drug name ("nano silver") is most likely part of
    one compound word, not a second product: answering about it would answer about the wrong drug."""
    if match.kind != "brand" or len(match.matched) > 4 or match.confidence >= 1.0:
        return False
    return any(
        other is not match and (other.start == match.end + 1 or other.end + 1 == match.start)
        for other in understanding.drugs
    )


def drug_contexts(understanding, intent: str) -> list[DrugContext]:
    contexts: list[DrugContext] = []
    seen: set[str] = set()
    for match in understanding.drugs:
        if (
            match.drug_key in seen
            or match.confidence < MIN_DRUG_CONFIDENCE
            or _glued_short_brand(match, understanding)
            or _condition_word(match)
        ):
            continue
        seen.add(match.drug_key)
        drug = selectors.drug_by_key(match.drug_key) or selectors.drug_by_name(match.matched)
        contexts.append(drug_context(drug, match, intent, question=understanding.question))
    return contexts[:3]


def drug_context(drug: Drug | None, match, intent: str = "indication", question: str = "") -> DrugContext:
    """One medicine as evidence: its best label for the question type and the route the question is about
    (or its NCI entry when no label text is loaded). ``match``: how it was named (a ``DrugMatch``; for a drug
    picked by slug, ``None``)."""
    from rxanswers.answers.evidence.routes import asked_routes
    from rxanswers.answers.glossary import nci_entry

    matched = match.matched if match is not None else (drug.name if drug is not None else "")
    wanted = INTENT_SECTIONS.get(intent, INTENT_SECTIONS["indication"])
    routes = asked_routes(question, drug, matched) if drug is not None else frozenset()
    label = selectors.best_label(drug, wanted, named=matched, routes=routes) if drug is not None else None
    brands = [b for b, _ in selectors.drug_brands(drug)] if drug is not None else list(match.brands)
    name = drug.name if drug is not None else match.generic
    nci = nci_entry(name, matched, *brands[:3]) if label is None else None
    if drug is None and nci is not None:
        name = nci.term.lower() if nci.term.islower() or nci.term.isupper() else nci.term
    ref = DrugRef(
        name=name,
        brands=brands,
        matched=matched,
        id=drug.id if drug else None,
        slug=drug.slug if drug else None,
        confidence=match.confidence if match is not None else 1.0,
        has_label=label is not None,
    )
    return DrugContext(
        ref=ref,
        drug=drug,
        label=label,
        nci=nci,
        routes=routes,
        routes_beside=_routes_beside(question, matched),
    )


def _routes_beside(question: str, matched: str) -> frozenset[str]:
    """Route families named within a few words of the medicine ("ketoconazole cream", "the patch of
    lidocaine"), not elsewhere in a story about other products."""
    from rxanswers.answers.evidence.routes import families_in

    at = question.lower().find(matched.lower()) if matched else -1
    if at < 0:
        return frozenset()
    return frozenset(families_in(question[max(0, at - 25) : at + len(matched) + 25]))
