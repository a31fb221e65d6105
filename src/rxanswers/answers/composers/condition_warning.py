"""A condition the person has, named in a question ("My mom had medullary thyroid cancer ... is Mounjaro ok?",
"can I take ibuprofen if I have kidney disease", "something other than Bactrim since I'm allergic to sulfa"):
the contraindication or warning that names it, with an opening saying what it means for them (split out of
``yes_no.py``)."""

from __future__ import annotations

import re

from rxanswers.answers.composers.allergy import HYPERSENSITIVITY
from rxanswers.answers.composers.asked_terms import asking_text, shown_as, worries_and_parts
from rxanswers.answers.composers.openings import question_kind
from rxanswers.answers.composers.quoting import lead, quote
from rxanswers.answers.composers.uses import USE_SECTIONS
from rxanswers.answers.evidence import mentions
from rxanswers.answers.evidence.polarity import polarity
from rxanswers.answers.evidence.ranking import Ranked
from rxanswers.answers.resources import BODY_PART_WORDS

BODY_PARTS = frozenset(
    {w for part, words in BODY_PART_WORDS.items() for w in (part, *words) if " " not in w}
    | {"kidney", "kidneys", "liver", "heart", "stomach", "skin", "blood", "brain", "bladder", "lungs"}
)
CONDITION_SECTIONS = {
    "contraindications",
    "do_not_use",
    "warnings_and_cautions",
    "warnings",
    "precautions",
    "boxed_warning",
    "ask_doctor",
    "ask_doctor_or_pharmacist",
    "use_in_specific_populations",
    "spl_medguide",
    "spl_patient_package_insert",
}


_CONDITION_NOUNS = {
    "allergic": "an allergy",
    "diabetic": "diabetes",
    "asthmatic": "asthma",
    "epileptic": "epilepsy",
}


def condition_said(ctx, best_r, what: str):
    """The opening for a label sentence about people with a condition: None when it only states a fact."""
    first, _, rest = what.partition(
        " "
    )  # "people with allergic (hypersensitivity)" -> "with an allergy (...)"
    what = f"{_CONDITION_NOUNS[first]} {rest}".strip() if first in _CONDITION_NOUNS else what
    best = quote(best_r, ctx)
    in_contra = best_r.passage.section in ("contraindications", "do_not_use")
    kind = "no" if in_contra else polarity(best_r.passage.text)
    if kind == "no":
        opening = f"No: the {ctx.name} label says it should not be used by people with {what}."
    elif kind == "ask":
        opening = f"No, not without asking a doctor first: the {ctx.name} label says to ask before using it if you have {what}."
    elif kind == "harm":
        opening = (
            f"No, not unless your doctor decides it is needed: the {ctx.name} label warns of serious harm "
            f"for people with {what}."
        )
    elif kind in ("caution", "depends"):  # a warning for people with the condition: the prescriber decides
        opening = f"No, not without your doctor's advice: the {ctx.name} label warns about using it if you have {what}."
    else:
        return None
    return [lead(opening, [best]), best], []


def _treated_by_it(ctx, ranked, forms: list[str]) -> bool:
    """The medicine's use sentences name the condition, or its class does ("fungal infection" for an azole
    antifungal, "hypertension" for an antihypertensive)."""
    if mentions.naming(ranked, forms, sections=USE_SECTIONS):
        return True
    from rxanswers.answers.evidence.facts import class_terms

    classes = " ".join(class_terms(ctx.drug)).lower() if ctx.drug is not None else ""
    stems = {w[:5] for f in forms for w in re.findall(r"[a-z]{5,}", f.lower())}
    return any(stem in classes for stem in stems)


def condition_warning(request, *, permission_asked: bool = True, not_its_uses: bool = False):
    """ "My mom had medullary thyroid cancer ... Mounjaro for my diabetes, is that ok?": a permission question
    whose story names conditions the person has: a contraindication or warning naming any of them answers it,
    before the use the story names. Nothing found: no answer here (never an absence claim).
    ``permission_asked=False``: any question naming a condition the person has (an alternatives question);
    ``not_its_uses``: a condition the medicine's own use sentences name is what it treats, not a reason against."""
    ctx = request.primary
    if ctx is None or ctx.label is None:
        return None
    if permission_asked and question_kind(asking_text(request)) != "permission":
        return None
    ranked = request.evidence.ranked(ctx)
    every_label = [  # every current label of it: the one chosen may be a form without the contraindication
        Ranked(index, i, 0.0)
        for index in request.evidence.all_indexes(ctx)
        for i, passage in enumerate(index.passages)
        if passage.section in CONDITION_SECTIONS
    ]
    contra_first = sorted(
        every_label, key=lambda r: r.passage.section not in ("contraindications", "do_not_use")
    )
    texts = [r.passage.text for r in every_label]
    allergens = allergens_told(request, ctx)
    for shown, forms, every in worries_and_parts(request, loose_words=False)[0]:  # a condition, not a word
        if all(f in BODY_PARTS for f in every or forms):
            continue  # "his kidneys stopped ...": an organ named is not a condition the label can rule out
        if not_its_uses and _treated_by_it(ctx, ranked, forms):
            continue
        named = mentions.naming(ranked, every or forms, sections=CONDITION_SECTIONS)
        # the label's own abbreviation for it: "personal or family history of MTC"
        short = mentions.label_abbreviations(texts, every or forms)
        named += mentions.naming(contra_first, (every or forms) + [a.lower() for a in short])
        named = [r for r in named if not another_allergy(r.passage.text, allergens)]
        for found in [r for r in named if not mentions.negated(r.passage.text, every or forms)][:6]:
            what = shown_as(found, every or forms, shown)
            if not any(p.search(found.passage.text) for p in mentions.patterns(every or forms)):
                abbreviation = next(a for a in short if re.search(rf"\b{a}\b", found.passage.text))
                what = f"{short[abbreviation].lower()} ({abbreviation})"
            if said := condition_said(ctx, found, what):
                return said
    return None


_ALLERGIC_TO = re.compile(
    r"\b(?:allergic|allergy|allergies|hypersensitiv\w*)\s+(?:to|with)\s+([\w -]{3,40})", re.I
)
_NOT_AN_ALLERGEN = frozenset("drug drugs medicine medicines medication medications antibiotics pills".split())


def allergens_told(request, ctx) -> list[str]:
    """What the person says they are allergic to, when it is not the medicine asked about ("allergic to sulfa
    drugs": sulfa, sulfonamide, ...): the words a label would name it by."""
    from rxanswers.answers.evidence.facts import class_words

    out: list[str] = []
    own = {ctx.name.lower(), ctx.ref.matched.lower()}
    for m in _ALLERGIC_TO.finditer(request.question):
        phrase = m.group(1).lower()
        if any(name in phrase for name in own):
            continue
        out += [w for w in re.findall(r"[a-z]{4,}", phrase.split(",")[0]) if w not in _NOT_AN_ALLERGEN][:3]
        for cls in request.understanding.classes:
            if m.start(1) <= cls.start < m.end(1):
                out += class_words(cls)
        for other in request.evidence.others:
            if other.ref.matched.lower() in phrase:
                out += [other.name.lower()]
    return out


def another_allergy(text: str, allergens: list[str]) -> bool:
    """A sentence about an allergy that names none of what the person is allergic to ("a history of allergy to
    furosemide" for someone allergic to sulfa): it does not speak of them."""
    if not allergens or not HYPERSENSITIVITY.search(text):
        return False
    lowered = text.lower()
    return not any(re.search(r"\b" + re.escape(a[:7]), lowered) for a in allergens)
