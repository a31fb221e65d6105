"""Questions that name only a class of medicines ("statins"): what is in the class, cited per FDA class."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.evidence.facts import lower_first
from rxanswers.answers.resources import ANOTHER_MEDICINE_NOTICE, SAFETY_NOTICE
from rxanswers.answers.schemas import Answer, AnswerResult, DrugRef, Sentence


def class_ref(cls) -> DrugRef:
    members = []
    for epc in cls.classes[:3]:
        members += [m.name for m in selectors.class_members(epc, limit=3) if m.name not in members]
    return DrugRef(
        name=cls.name,
        brands=[],
        matched=cls.matched,
        id=None,
        confidence=cls.confidence,
        kind="class",
        classes=list(cls.classes),
        members=members[:8],
    )


def class_sentences(cls, exclude=None) -> list[Sentence]:
    """One cited sentence per FDA class of the lay class ``cls`` (at most three): "Blood thinners include
    factor Xa inhibitors such as apixaban, ..."; ``exclude``: a medicine not to list (the one asked about)."""
    sentences: list[Sentence] = []
    several = len(cls.classes) > 1
    for class_name in cls.classes[:3]:
        members = selectors.class_members(class_name, exclude=exclude)
        drug = members[0] if members else None
        if drug is None:
            continue
        sources = selectors.drug_classes(drug)
        source = next((s for n, s in sources if n == class_name), sources[0][1] if sources else None)
        if source is None:
            continue
        names = ", ".join(m.name for m in members[: 4 if several else 6])
        if several:
            text = f"{cls.name.capitalize()}s include {lower_first(class_name)}s such as {names}."
        else:
            text = f"{cls.name.capitalize()}s ({lower_first(class_name)}s) include {names}."
        sentences.append(
            Sentence(text, [selectors.source_citation(source, f"pharmacologic class {class_name}")])
        )
    return sentences


_OTHER_KIND = re.compile(r"\b(?:other|another|different|besides|else|alternative)\b", re.I)


def others_in_class(request):
    """ "I take Xarelto. What other blood thinners are there?": the class named, without the medicine."""
    classes = request.understanding.classes
    if not classes or request.primary is None or request.primary.drug is None or request.yes_no:
        return None
    cls = classes[0]
    if not _OTHER_KIND.search(request.question[max(0, cls.start - 25) : cls.start]):
        return None
    sentences = class_sentences(cls, exclude=request.primary.drug)
    return (sentences, [ANOTHER_MEDICINE_NOTICE]) if sentences else None


def class_answer(result: AnswerResult, understanding) -> AnswerResult:
    """A question naming only a class: what its members' labels say alike for the question (not for "which
    ... are there" or "what are X" questions), then what is in the class, one cited sentence per FDA class (at
    most three)."""
    from rxanswers.answers.composers.class_labels import class_labels

    sentences = [s for cls in understanding.classes[:1] for s in class_sentences(cls)]
    if understanding.form != "which_drugs" and understanding.intent != "information":
        shared = class_labels(result.question, understanding)
        if shared:
            sentences = shared + sentences[:1]
    if not sentences:
        result.abstained = "no medicine recognised in the question"
        return result
    result.answer = Answer(
        sentences=sentences,
        notices=["Ask about a specific medicine for details from its FDA label.", SAFETY_NOTICE],
    )
    return result
