"""Questions that name only a class of medicines ("statins"): what is in the class, cited per FDA class."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.evidence.facts import lower_first
from rxanswers.answers.evidence.routes import families_in
from rxanswers.answers.resources import ANOTHER_MEDICINE_NOTICE, ROUTE_FAMILIES, SAFETY_NOTICE
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


def class_sentences(cls, exclude=None, question: str = "") -> list[Sentence]:
    """One cited sentence per FDA class of the lay class ``cls`` (at most three): "Blood thinners include
    factor Xa inhibitors such as apixaban, ..."; ``exclude``: a medicine not to list (the one asked about).
    A route the question names ("nasal antihistamine", "steroid shots") lists only members sold for it
    ("Antihistamines for the nose (histamine-1 receptor antagonists) include azelastine."), when any is."""
    families = sorted(families_in(question))
    if len(families) == 1:
        routed = _class_sentences(cls, exclude, families[0])
        if routed:
            return routed
    return _class_sentences(cls, exclude, None)


def without_classes(question: str, classes) -> str:
    """The question with the words naming classes blanked out ("water pill", "sleeping pills")."""
    for cls in classes:
        question = question[: cls.start] + " " * (cls.end - cls.start) + question[cls.end :]
    return question


def used_for_the_kind(cls) -> set[int] | None:
    """For a kind whose FDA classes are broader than it ("sleeping pills": benzodiazepines; "laxatives": potassium
    chloride is filed as an osmotic laxative), the ids of the drugs whose loaded labeling lists one of its uses;
    None for a kind its FDA classes define."""
    from rxanswers.answers.condition_index import condition_for
    from rxanswers.answers.understanding.name_data import lay_class

    row = lay_class(cls.name)
    if not row.get("epc_by_use"):
        return None
    return {m.drug_id for use in row.get("uses", []) if (c := condition_for(use)) for m in c.medicines}


def _class_sentences(cls, exclude, family: str | None) -> list[Sentence]:
    routes = ROUTE_FAMILIES[family]["routes"] if family else ()
    plain = f" {ROUTE_FAMILIES[family]['plain']}" if family else ""
    several = len(cls.classes) > 1
    found, named = [], set()
    used_for = used_for_the_kind(cls)
    for class_name in cls.classes[:3] if not routes else cls.classes:  # any class may hold the routed ones
        members = selectors.class_members(
            class_name, exclude=exclude, routes=routes, limit=40 if used_for else 8
        )
        members = [m for m in members if m.id not in named and (used_for is None or m.id in used_for)]
        members = members[: 4 if several else 6]
        if members:
            named |= {m.id for m in members}
            found.append((class_name, members))
    if routes:  # the classes most sold for the route first
        found = sorted(found, key=lambda cm: -sum(m.n_routed for m in cm[1]))[:3]
    sentences: list[Sentence] = []
    for class_name, members in found:
        sources = selectors.drug_classes(members[0])
        source = next((s for n, s in sources if n == class_name), sources[0][1] if sources else None)
        if source is None:
            continue
        citations = [selectors.source_citation(source, f"pharmacologic class {class_name}")]
        if routes and (listing := selectors.route_listing_source(members, routes)) is not None:
            citations.append(
                selectors.source_citation(listing, f"product listings, route {'/'.join(routes)}")
            )
        names = ", ".join(m.name for m in members)
        if several:
            text = f"{cls.name.capitalize()}s{plain} include {lower_first(class_name)}s such as {names}."
        else:
            text = f"{cls.name.capitalize()}s{plain} ({lower_first(class_name)}s) include {names}."
        sentences.append(Sentence(text, citations))
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
    sentences = class_sentences(cls, exclude=request.primary.drug, question=request.question)
    return (sentences, [ANOTHER_MEDICINE_NOTICE]) if sentences else None


def _names_a_germ(text: str, germs) -> bool:
    return any(re.search(r"\b" + re.escape(t), text, re.I) for row in germs for t in row.label_terms)


# a yes/no question a list of the class does answer: "are there any statins without muscle pain", "is there a
# blood thinner ...", "which ... are", "what kinds of ..."
_ASKS_WHICH_OR_ANY = re.compile(
    r"\b(?:(?:are|is) there|which|list|kinds? of|types? of|examples?|an? option|options)\b|"
    r"\b(?:can|could|may) (?:i|we|you|he|she|they) (?:get|have|use|try)\b|\bpossible to (?:get|have|use|obtain)\b",
    re.I,
)


def class_answer(result: AnswerResult, understanding) -> AnswerResult:
    """A question naming only a class: what its members' labels say alike for the question (not for "which
    ... are there" or "what are X" questions), then what is in the class, one cited sentence per FDA class (at
    most three)."""
    from rxanswers.answers.composers.class_labels import class_labels
    from rxanswers.answers.consumer_terms import germs_in

    germs = germs_in(result.question)
    shared = None
    if understanding.form != "which_drugs" and understanding.intent != "information":
        shared = class_labels(result.question, understanding)
    if germs and not (shared and _names_a_germ(shared[0].text, germs)):
        # "which antibiotic for Serratia marcescens": members of a class are not the ones that treat a germ; the
        # medicines whose labels list it are
        from rxanswers.answers.composers.treats import treats_answer

        if (treated := treats_answer(result)) is not None:
            return treated
        result.abstained = (
            "a list of the class would not say which of its medicines treat the germ asked about"
        )
        return result
    if (
        not shared
        and understanding.form == "yes_no"
        and not _ASKS_WHICH_OR_ANY.search(result.question)
        and not families_in(result.question)  # "do the ear drops have antibiotics": those for the ear
    ):
        # "will the drops have side effects with my birth control?": what is in the class does not answer it
        result.abstained = "a list of the medicines of that kind would not answer this question"
        return result
    sentences = [
        s for cls in understanding.classes[:1] for s in class_sentences(cls, question=result.question)
    ]
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
