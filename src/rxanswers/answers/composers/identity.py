"""Are two names the same medicine? "Is Augmentin the same as amoxicillin?", "Is Cipro cefalexin?", "Is Dexilant
different from Nexium?". Answered from the name dictionary (which names belong to which drug, and its source)
and the drugs' ingredients and FDA classes: yes or no first, then what each one is."""

from __future__ import annotations

import re

from rxanswers.answers import products, selectors
from rxanswers.answers.evidence.context import drug_context
from rxanswers.answers.evidence.facts import lower_first
from rxanswers.answers.schemas import Sentence

_SAME = re.compile(
    r"\b(?:the )?same (?:as|thing|medicine|medication|drug|ingredients?)\b|\b(?:are|is) (?:they|these|those|both) "
    r"(?:\w+ )?(?:the )?same\b|\bsame\W*$|\bdiffer\w*\b|\bany difference\b",
    re.I,
)
_DIFFERENT = re.compile(r"\bdiffer\w*\b|\bany difference\b", re.I)
_ASKS_YES_NO = re.compile(
    r"^\W*(?:(?:but|so|and|ok|okay|wait|hi|hello)\W+)?(?:is|isn'?t|are|aren'?t|does|do|can|would|will|was)\b",
    re.I,
)
_IS_X_Y = re.compile(r"^(?:\W*(?:but|so|and|ok|okay|wait)\W+)?(?:is|isn'?t|are) (?:the |a |an )?$", re.I)
_BETWEEN = re.compile(r"^\W*(?:the |a |an |just |really |basically |also )*\W*$", re.I)


def _is_x_y(question: str, first, second) -> bool:
    """ "Is Cipro cefalexin?": a question that only puts one name after the other."""
    return bool(_IS_X_Y.match(question[: first.start])) and bool(
        _BETWEEN.match(question[first.end : second.start])
    )


_A_OR_AN = re.compile(r"^\W*(?:a|an)\s+$", re.I)


def _is_x_a_y(question: str, first, second) -> bool:
    """ "Is amoxicillin a penicillin?": the second name asked as a kind the first may be of."""
    return bool(_IS_X_Y.match(question[: first.start])) and bool(
        _A_OR_AN.match(question[first.end : second.start])
    )


def _of_the_kind(first, second):
    """Yes when an FDA class of the first medicine is named by the second name ("Penicillin-class
    Antibacterial" for "a penicillin"); otherwise no answer here (what it is comes from the other routes)."""
    drug = selectors.drug_by_key(first.drug_key)
    word = second.matched.strip().lower()
    if drug is None or not word:
        return None
    other = selectors.drug_by_key(second.drug_key)
    if (
        other is not None
        and other.id != drug.id
        and other.name.lower() in {i.lower() for i in drug.ingredients}
    ):
        cited = [
            selectors.source_citation(source, f"names of {drug.name}")
            for source in products.name_sources(drug, [first.matched])
        ]
        return [
            Sentence(f"Yes. {_title(first.matched.strip())} contains {other.name}: it is {drug.name}.", cited)
        ], []
    for name, source in selectors.drug_classes(drug):
        if re.search(r"\b" + re.escape(word) + r"(?:s|-class)?\b", name, re.I):
            text = (
                f"Yes. {drug.name[:1].upper()}{drug.name[1:]} belongs to the FDA pharmacologic class {name}."
            )
            return [
                Sentence(text, [selectors.source_citation(source, f"pharmacologic class of {drug.name}")])
            ], []
    return None


def _title(name: str) -> str:
    return name[:1].upper() + name[1:]


def _what_it_is(ctx) -> tuple[str, list]:
    """ "amoxicillin and clavulanate, a penicillin-class antibacterial" with the class citation."""
    what = " and ".join(ctx.drug.ingredients) if ctx.drug.ingredients else ctx.name
    classes = selectors.drug_classes(ctx.drug)
    if not classes:
        return what, []
    name, source = classes[0]
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return (
        f"{what}, {article} {lower_first(name)}",
        [selectors.source_citation(source, f"pharmacologic class of {ctx.name}")],
    )


def _forms_of(drug, named: str) -> tuple[list, set[str]]:
    rows, named_only = products.marketed_forms(drug, named)
    if not named_only:
        return [], set()
    return rows, {f"{r.form.lower().replace('/ ', '/')} ({r.route.lower()})" for r in rows if r.route}


def _products_differ(drug, matches) -> list[Sentence]:
    """ "Is Sarafem the same as Prozac?": one medicine, but the products each brand names may come in no common
    form (tablets / capsules); said from the marketed products (NDC, Drugs@FDA) when they do."""
    (rows_a, forms_a), (rows_b, forms_b) = (_forms_of(drug, m.matched) for m in matches)
    if not forms_a or not forms_b or forms_a & forms_b:
        return []  # a form in common: the same kind of product can be had under either name
    shown = [
        f"{_title(m.matched.strip())} as {', '.join(sorted(f))}"
        for m, f in zip(matches, (forms_a, forms_b), strict=True)
    ]
    sources = {r.source.key: r.source for r in rows_a + rows_b}
    return [
        Sentence(
            f"The products differ: FDA product listings give {shown[0]}; {shown[1]}.",
            [selectors.source_citation(src, f"marketed products of {drug.name}") for src in sources.values()],
        )
    ]


def identity(request):
    """Route: two names asked about as one medicine or two."""
    matches = sorted((m for m in request.understanding.drugs if m.confidence >= 0.6), key=lambda m: m.start)
    if len(matches) != 2:  # three or four names: a comparison, not "are these two one medicine"
        return None
    first, second = matches
    question = request.question
    if _is_x_a_y(question, first, second) and (kind := _of_the_kind(first, second)) is not None:
        return kind  # "is amoxicillin a penicillin": yes, by its FDA class (else: the two compared)
    if not (_SAME.search(question) or _is_x_y(question, first, second)):
        return None
    different = bool(_DIFFERENT.search(question))
    # "what is the difference between X and Y" wants the difference, not a yes
    yes_no = bool(_ASKS_YES_NO.match(question)) or not different
    drugs = [selectors.drug_by_key(m.drug_key) or selectors.drug_by_name(m.matched) for m in matches]
    if any(d is None for d in drugs):
        return None
    # a name read by spelling similarity says what it was read as ("Cefalaxin (read as cefazolin)")
    names = [
        _title(m.matched.strip()) + (f" (read as {d.name})" if m.method == "fuzzy" else "")
        for m, d in zip(matches, drugs, strict=True)
    ]
    if drugs[0].id == drugs[1].id:
        drug = drugs[0]
        cited = [
            selectors.source_citation(source, f"names of {drug.name}")
            for source in products.name_sources(drug, [m.matched for m in matches])
        ]
        opening = ("No. " if different else "Yes. ") if yes_no else ""
        text = f"{opening}{names[0]} and {names[1]} are names of the same medicine, {drug.name}."
        return [Sentence(text, cited), *_products_differ(drug, matches)], []
    contexts = [drug_context(d, m, "information") for d, m in zip(drugs, matches, strict=True)]
    described = [_what_it_is(c) for c in contexts]
    shared = set(drugs[0].ingredients) & set(drugs[1].ingredients)
    opening = ("Yes. " if different else ("No, not exactly. " if shared else "No. ")) if yes_no else ""
    name_cites = [
        selectors.source_citation(source, f"names of {d.name}")
        for d, m in zip(drugs, matches, strict=True)
        for source in products.name_sources(d, [m.matched])
    ]
    sentences = [
        Sentence(
            f"{opening}{names[0]} is {described[0][0]}; {names[1]} is {described[1][0]}.",
            name_cites + described[0][1] + described[1][1],
        )
    ]
    if shared:
        sentences.append(
            Sentence(
                f"Both contain {' and '.join(sorted(shared))}, but they are not the same product.",
                name_cites,
            )
        )
    return sentences, []
