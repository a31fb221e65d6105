"""Generics, cost, makers, brand names and alternatives: Drugs@FDA, Orange Book, NADAC and class facts."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.composers.quoting import pick, quote
from rxanswers.answers.evidence.context import DrugContext
from rxanswers.answers.evidence.facts import (
    PATENT_NOTICE,
    biosimilars,
    class_sentence,
    lower_first,
    patent_sentences,
)
from rxanswers.answers.resources import (
    ANOTHER_MEDICINE_NOTICE,
    LIST_PRICE_NOTICE,
    NADAC_NOTICE,
    NO_PRICE_NOTICE,
)
from rxanswers.answers.schemas import Sentence

PRICE_UNITS = {"EA": "unit", "ML": "mL", "GM": "gram"}


def generic(ctx: DrugContext, *, answer_yes: bool = True, facts=None) -> tuple[list[Sentence], list[str]]:
    """Generic availability from Drugs@FDA. ``answer_yes``: lead with "Yes." (for "is there a generic");
    ``facts``: the drug's ``selectors.approval_facts`` when the caller already read them."""
    if ctx.drug is None:
        return [], [f"rxanswers has no Drugs@FDA record for {ctx.name}."]
    biologic = biosimilars(ctx)
    if biologic:
        return biologic, []
    facts = facts if facts is not None else selectors.approval_facts(ctx.drug)
    if facts.source is None:
        return [], [
            f"rxanswers has no Drugs@FDA record for {ctx.name} (biologics licensed by CBER are not in Drugs@FDA)."
        ]
    snapshot = facts.source.snapshot_date.isoformat() if facts.source.snapshot_date else "the loaded snapshot"
    if facts.marketed_generics:
        companies = sorted(
            {p.application.sponsor.title() for p in facts.marketed_generics if p.application.sponsor}
        )
        appls = sorted({p.application.appl_no for p in facts.marketed_generics})
        text = (
            ("Yes. " if answer_yes else "")
            + f"Drugs@FDA (data as of {snapshot}) lists {len(appls)} marketed generic "
            f"(ANDA) application{'s' if len(appls) != 1 else ''} for {ctx.name}"
        )
        if companies:
            text += ", from companies including " + ", ".join(companies[:4])
        approved = [
            d for p in facts.generic_products if (d := p.approval_date or p.application.approval_date)
        ]
        if approved:  # from the Orange Book products file or Drugs@FDA Submissions.txt, when loaded
            text += f"; the first generic was approved on {min(approved):%B %-d, %Y}"
        citation = selectors.source_citation(facts.source, "ANDA " + ", ".join(appls[:6]))
        sentences = [Sentence(text + ".", [citation])]
        if (plain_te := _te_sentence(ctx, facts.marketed_generics)) is not None:
            sentences.append(Sentence(plain_te, [citation]))
    elif facts.generic_products:
        appls = sorted({p.application.appl_no for p in facts.generic_products})
        sentences = [
            Sentence(
                f"Drugs@FDA (data as of {snapshot}) lists generic (ANDA) applications for {ctx.name}, "
                f"but all of them are marked discontinued.",
                [selectors.source_citation(facts.source, "ANDA " + ", ".join(appls[:6]))],
            )
        ]
    else:
        brands = sorted({p.drug_name.title() for p in facts.brand_products})
        sentences = [
            Sentence(
                f"Drugs@FDA (data as of {snapshot}) lists no approved generic (ANDA) version of {ctx.name}"
                + (f"; it is marketed as {', '.join(brands[:3])}" if brands else "")
                + ".",
                [selectors.source_citation(facts.source, f"applications for {ctx.name}")],
            )
        ]
    patents = patent_sentences(ctx, facts)
    return sentences + patents, [PATENT_NOTICE] if patents else []


TE_MEANINGS = {
    "A": "FDA rates it therapeutically equivalent to the brand",
    "B": "FDA does not rate it therapeutically equivalent to the brand",
}


def _te_sentence(ctx: DrugContext, products) -> str | None:
    """The generics' therapeutic-equivalence codes in plain words ("AB: FDA rates it therapeutically
    equivalent to the brand")."""
    codes = sorted(  # a product may carry several ("AB1; AB2")
        {
            c
            for p in products
            if p.te_code
            for c in re.split(r"[;,\s]+", p.te_code.strip())
            if c[:1] in TE_MEANINGS
        }
    )
    if not codes:
        return None
    by_meaning: dict[str, list[str]] = {}
    for code in codes:
        by_meaning.setdefault(TE_MEANINGS[code[0]], []).append(code)
    said = "; ".join(f"{', '.join(group[:6])}: {meaning}" for meaning, group in by_meaning.items())
    return f"Therapeutic-equivalence codes of the marketed generic {ctx.name} products: {said}."


def makers(ctx: DrugContext) -> list[Sentence]:
    """Who holds the FDA applications (Drugs@FDA sponsors) for the drug: brand first, then generics."""
    if ctx.drug is None:
        return []
    facts = selectors.approval_facts(ctx.drug)
    if facts.source is None:
        return []
    out: list[Sentence] = []
    brand_makers: dict[str, set[str]] = {}
    for p in facts.brand_products:
        if p.application.sponsor:
            brand_makers.setdefault(p.application.sponsor.title(), set()).add(p.drug_name.title())
    if brand_makers:
        sponsor, names = sorted(brand_makers.items(), key=lambda kv: -len(kv[1]))[0]
        appls = sorted({p.application.appl_no for p in facts.brand_products if p.application.sponsor})
        out.append(
            Sentence(
                f"{', '.join(sorted(names)[:2])} ({ctx.name}) is made under FDA application "
                f"{appls[0]} held by {sponsor}"
                + (
                    f"; other brand applications are held by {', '.join(sorted(brand_makers)[1:4])}"
                    if len(brand_makers) > 1
                    else ""
                )
                + ".",
                [selectors.source_citation(facts.source, "NDA/BLA " + ", ".join(appls[:6]))],
            )
        )
    generics = sorted(
        {p.application.sponsor.title() for p in facts.marketed_generics if p.application.sponsor}
    )
    if generics:
        appls = sorted({p.application.appl_no for p in facts.marketed_generics})
        out.append(
            Sentence(
                f"Generic {ctx.name} is made by {len(generics)} compan{'ies' if len(generics) != 1 else 'y'}, "
                f"including {', '.join(generics[:4])}.",
                [selectors.source_citation(facts.source, "ANDA " + ", ".join(appls[:6]))],
            )
        )
    return out


def _money(amount) -> str:
    """``Decimal("0.02150")`` -> ``"$0.0215"``; ``Decimal("12.5")`` -> ``"$12.50"``."""
    if amount >= 1:
        return f"${amount:,.2f}"
    text = f"{amount:.5f}".rstrip("0")
    return "$" + (text + "0" * (2 - len(text.partition(".")[2])))


def prices(ctx: DrugContext) -> tuple[list[Sentence], str]:
    """Cost: an approved editor-entered list price (amount, unit, date, source) and the insurance notice; a
    cited NADAC sentence (brand and lowest generic per unit) and the acquisition-cost notice; or, in patient
    words, that no price is known here."""
    from rxanswers.answers import citations
    from rxanswers.drugs.models import DrugPrice

    listed_prices = selectors.list_prices(ctx.drug) if ctx.drug is not None else []
    if listed_prices:
        p = listed_prices[0]
        text = (
            f"The list price of {ctx.name} is ${p.amount:,.2f} per {p.unit}, according to {p.source_name} "
            f"(as of {p.as_of:%B %-d, %Y})."
        )
        return [Sentence(text, [citations.list_price(p)])], LIST_PRICE_NOTICE
    prices = selectors.drug_prices(ctx.drug) if ctx.drug is not None else None
    if prices is None or not prices.current:
        return [], NO_PRICE_NOTICE.format(name=ctx.name)

    def listed(p: DrugPrice) -> str:
        ndc = f"{p.ndc[:5]}-{p.ndc[5:9]}-{p.ndc[9:]}"
        return f"{p.description} (NDC {ndc}) at {_money(p.price_per_unit)} per {PRICE_UNITS[p.unit]}"

    def cite(p: DrugPrice):
        return selectors.source_citation(
            p.source, f"NADAC NDC {p.ndc}, effective {p.effective_date.isoformat()}"
        )

    brand, generic = prices.cheapest_brand, prices.cheapest_generic
    lead = brand or generic or prices.current[0]
    text = (
        f"NADAC (CMS survey of pharmacy acquisition costs, effective {lead.effective_date:%B %-d, %Y}) "
        f"lists {listed(lead)}"
    )
    citations = [cite(lead)]
    if generic is not None and generic is not lead:
        text += f"; the lowest generic is {listed(generic)}"
        if generic.effective_date != lead.effective_date:
            text += f" (effective {generic.effective_date:%B %-d, %Y})"
        citations.append(cite(generic))
    elif generic is not None:
        count = sum(1 for p in prices.current if p.brand_or_generic == DrugPrice.Kind.GENERIC)
        if count > 1:
            text += f", the lowest per-unit cost among the {count} generic NDCs it lists for {ctx.name}"
    elif brand is not None:
        text += f"; it lists no generic {ctx.name}"
    return [Sentence(text + ".", citations)], NADAC_NOTICE


def brand_names(ctx: DrugContext) -> tuple[list[Sentence], list[str]]:
    if ctx.drug is None:
        return [], []
    brands = selectors.drug_brands(ctx.drug)
    if not brands:
        return [], [f"rxanswers has no brand names on file for {ctx.name}."]
    by_source: dict[str, list[str]] = {}
    sources = {}
    for name, source in brands:
        by_source.setdefault(source.key, []).append(name)
        sources[source.key] = source
    names = [name for name, _ in brands]
    text = f"Brand names for {ctx.name} include {', '.join(names[:-1])}{' and ' if len(names) > 1 else ''}{names[-1]}."
    citations = [selectors.source_citation(sources[k], f"product names for {ctx.name}") for k in by_source]
    return [Sentence(text, citations)], []


def _sharing_a_use(drug, members: list) -> list:
    """The class members whose FDA labeling lists a use the medicine's lists too (baclofen shares a class with
    zolpidem, not its use); none when the medicine's uses are not known here."""
    from rxanswers.answers.composers.shared_uses import uses_by_drug

    uses = uses_by_drug({drug.id, *(m.id for m in members)})
    own = set(uses[drug.id])
    return [m for m in members if set(uses[m.id]) & own]


def alternatives(ctx: DrugContext, evidence) -> tuple[list[Sentence], list[str]]:
    out: list[Sentence] = []
    if ctx.drug is None:
        return out, []
    for class_name, source in selectors.drug_classes(ctx.drug)[:1]:  # the alternatives lead, not the class
        members = _sharing_a_use(ctx.drug, selectors.class_members(class_name, exclude=ctx.drug, limit=20))
        names = [m.name for m in members]
        names = [  # not a salt variant of one listed or of the medicine itself ("esomeprazole strontium")
            n for n in names if not any(n.startswith(f"{o} ") for o in [*names, ctx.name])
        ]
        if names:
            out.append(
                Sentence(
                    f"Medicines in the same FDA class as {ctx.name} ({lower_first(class_name)}) include "
                    + ", ".join(names[:6])
                    + ".",
                    [selectors.source_citation(source, f"pharmacologic class {class_name}")],
                )
            )
    if not out and (s := class_sentence(ctx)) is not None:
        out.append(s)
    if ctx.label is not None:
        uses = pick(
            evidence.ranked(ctx),
            1,
            min_score=0.0,
            where=lambda r: r.passage.section == "indications_and_usage",
        )
        out += [quote(r, ctx) for r in uses]
    return out, [ANOTHER_MEDICINE_NOTICE]


_BETTER_OR_DIFFERENT = re.compile(
    r"\b(?:better|worse|stronger|weaker|more effective|less effective|different|difference)\b", re.I
)
_VERSUS = re.compile(r"\b(?:vs\.?|versus|compared?|or)\b", re.I)


def brand_or_generic(request) -> tuple[list[Sentence], list[str]] | None:
    """ "Is Diflucan the same as the generic? / is brand Lipitor better than the generic?": the brand named is
    a brand of the medicine, then what Drugs@FDA says of its generics (how many, their therapeutic-equivalence
    codes); a yes only when every marketed generic is rated equivalent to the brand."""
    from rxanswers.answers.composers.asked_terms import asking_text
    from rxanswers.answers.understanding.text import normalise

    ctx = request.primary
    if ctx is None or ctx.drug is None or request.others:
        return None
    named = ctx.ref.matched
    if (
        not named
        or normalise(named) == normalise(ctx.name)
        or normalise(ctx.name).startswith(normalise(named))
    ):
        return None  # the generic name itself was asked about: no brand to compare
    facts = selectors.approval_facts(ctx.drug)
    if facts.source is None or not facts.marketed_generics:
        return None
    sentences, notices = generic(ctx, answer_yes=False, facts=facts)
    if not sentences:
        return None
    codes = {p.te_code.strip()[:1] for p in facts.marketed_generics if p.te_code and p.te_code.strip()}
    brand = named[:1].upper() + named[1:]
    if codes == {"A"}:
        said = (
            f"{brand} is a brand of {ctx.name}, and FDA rates the marketed generic {ctx.name} products as "
            "therapeutically equivalent to the brand."
        )
        asking = asking_text(request)
        if _BETTER_OR_DIFFERENT.search(asking):
            opening = f"No: {said}"
        elif _VERSUS.search(asking):
            opening = f"The same medicine: {said}"
        else:
            opening = f"Yes, the same medicine: {said}"
    else:
        opening = f"{brand} is a brand of {ctx.name}; Drugs@FDA lists generic versions of it."
    return [Sentence(opening, sentences[0].citations), *sentences], notices
