""" "I'm allergic to X, can I take Y?": what Y's label says about people allergic to X or to X's kind of medicine,
and whether the FDA puts the two in the same pharmacologic class. The allergy is context; Y is the medicine asked
about (understanding moves an allergen after it)."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.composers.quoting import lead, pick, quote
from rxanswers.answers.evidence import mentions
from rxanswers.answers.schemas import Sentence
from rxanswers.answers.understanding import ALLERGY_BEFORE

HYPERSENSITIVITY = re.compile(r"\b(?:hypersensitiv\w*|allerg\w*|anaphyla\w*)\b", re.I)
SECTIONS = {
    "contraindications",
    "warnings_and_cautions",
    "warnings",
    "precautions",
    "do_not_use",
    "boxed_warning",
}
_CLASS_SUFFIX = re.compile(r"(?:-class)?\s+(?:antibacterial|antimicrobial|antibiotic|drug|agent)s?$", re.I)


def _class_word(epc: str) -> str:
    """The kind a label names people allergic to: "Penicillin-class Antibacterial" -> "penicillin"."""
    return _CLASS_SUFFIX.sub("", epc).strip().lower()


def _before(question: str, matched: str) -> str:
    at = question.lower().find(matched.lower())
    return question[max(0, at - 40) : at] if at > 0 else ""


def allergy(request):
    ctx = request.primary
    if ctx is None or ctx.drug is None:
        return None
    allergen = next(
        (
            o
            for o in request.others
            if o.drug is not None and ALLERGY_BEFORE.search(_before(request.question, o.ref.matched))
        ),
        None,
    )
    if allergen is None:
        return None
    their = selectors.drug_classes(allergen.drug)
    ours = dict(selectors.drug_classes(ctx.drug))
    words = [allergen.name, *allergen.ref.brands[:4], *(_class_word(name) for name, _ in their)]
    words = sorted({w.lower() for w in words if w and len(w) > 3}, key=len, reverse=True)
    if ctx.label is not None:
        ranked = request.evidence.ranked(ctx)
        named = [
            r
            for r in mentions.naming(ranked, words, sections=SECTIONS)
            if HYPERSENSITIVITY.search(r.passage.text)
        ]
        if named:
            best = quote(named[0], ctx)
            opening = (
                f"No, not without your doctor's advice: the {ctx.name} label warns people who are allergic to "
                f"{allergen.ref.matched.lower()} or medicines like it."
            )
            return [lead(opening, [best]), best], []
    shared = [(name, source) for name, source in their if name in ours]
    if not shared:
        return None
    name, source = shared[0]
    cited = Sentence(
        f"The FDA puts {ctx.name} and {allergen.name} in the same pharmacologic class ({name}).",
        [selectors.source_citation(source, f"pharmacologic class of {ctx.name} and {allergen.name}")],
    )
    ask = (
        "No, not without asking your doctor or pharmacist first"
        if request.yes_no
        else "Ask your doctor or pharmacist before taking it"
    )
    opening = lead(
        f"{ask}: {ctx.name} is the same kind of medicine as {allergen.ref.matched.lower()}.",
        [cited],
    )
    more = []
    if ctx.label is not None:
        more = [
            quote(r, ctx)
            for r in pick(
                request.evidence.ranked(ctx),
                1,
                where=lambda r: (
                    r.passage.section in SECTIONS and bool(HYPERSENSITIVITY.search(r.passage.text))
                ),
            )
        ]
    return [opening, cited, *more], []
