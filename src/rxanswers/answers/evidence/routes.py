"""Which route of administration a question is about: named in its words ("the nasal spray", "eye drops") or
implied by the product it names (every Flonase product is a nasal spray). A label or indication record of that
route then speaks for the medicine (fluticasone's nasal spray label, not its inhaler's)."""

from __future__ import annotations

import functools
import re

from rxanswers.answers.resources import ROUTE_FAMILIES


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        family: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in spec["words"]) + r")\b", re.I)
        for family, spec in ROUTE_FAMILIES.items()
    }


def families_in(text: str) -> set[str]:
    """Route families whose words occur in ``text``."""
    return {family for family, pattern in _patterns().items() if pattern.search(text or "")}


def families_of(routes) -> set[str]:
    """Route families of NDC/openFDA route names (``["NASAL"]`` -> ``{"nasal"}``)."""
    names = {r.strip().upper() for value in routes for r in str(value).split(";") if r.strip()}
    return {family for family, spec in ROUTE_FAMILIES.items() if names & set(spec["routes"])}


FORM_SECTIONS = frozenset(  # where a label says what form and route it is for
    {
        "description",
        "dosage_and_administration",
        "indications_and_usage",
        "dosage_forms_and_strengths",
        "how_supplied",
    }
)


def label_families(view, drug=None) -> set[str]:
    """Route families of a label: its route field, else (most extracted labels carry none) the words of its
    title, dosage forms and the sections that say what form it is, else (given the ``drug``) the one route family
    of every listed product carrying the label's brand name ("Lidocaine Hydrochloride and Dextrose": an
    infusion)."""
    version = view.version
    found = families_of(version.routes)
    if found:
        return found
    said = " ".join(
        [version.title, *version.dosage_forms]
        + [s.text[:1500] for key, s in view.sections.items() if key in FORM_SECTIONS]
    )
    found = families_in(said)
    if found or drug is None:
        return found
    from rxanswers.answers import products

    for brand in version.brand_names[:3]:
        branded = families_of(products.named_routes(drug, brand))
        if len(branded) == 1:
            return branded
    return set()


def asked_routes(question: str, drug, named: str) -> frozenset[str]:
    """The routes a question is about: the ones it names, else those of the product it names."""
    found = families_in(question)
    if found or drug is None or not named:
        return frozenset(found)
    from rxanswers.answers import products

    return frozenset(families_of(products.named_routes(drug, named)))


def route_score(text: str, routes: frozenset[str]) -> int:
    """How many of ``routes`` a text (an indication record, a label title) names."""
    return len(families_in(text) & routes) if routes else 0
