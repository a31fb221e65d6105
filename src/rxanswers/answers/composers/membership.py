"""Class questions: "Is X a blood thinner / a steroid / an opioid?". Yes from the FDA class that makes it one,
the label saying so, or (for kinds defined by use) the labeled uses; "no" only for "is X a Y" as written when
no class of the drug is near the kind asked; otherwise the kind of medicine it is."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.composers.classes import used_for_the_kind
from rxanswers.answers.composers.quoting import lead, pick, quote
from rxanswers.answers.evidence.facts import class_sentence, membership
from rxanswers.answers.schemas import Sentence
from rxanswers.answers.understanding.name_data import lay_class

NOT_MEMBER_MAX_SIMILARITY = (
    0.4  # a class of the drug this close in meaning to the kind asked: no "no" claimed
)


def is_a(r):
    """ "Is X a blood thinner / a steroid / an opioid?": yes from the FDA class that makes it one; otherwise
    the kind of medicine it is (a "no" is never claimed: a lay word's class list is not exhaustive)."""
    if not r.understanding.classes or r.primary is None:
        return None
    if any(_QUALIFIED.match(r.question, cls.end) for cls in r.understanding.classes):
        return (
            None  # "is Bactrim an antibiotic known to cause yeast infections": what follows is the question
        )
    if not r.yes_no and not any(
        _asked_in_a_yes_no_sentence(r.question, cls) for cls in r.understanding.classes
    ):
        return None  # "What exactly is it? Is it a blood thinner?": the second question is a yes/no one
    for cls in r.understanding.classes:
        if _class_decides(r, cls) and (found := membership(r.primary, cls)):
            return found, []
    for cls in r.understanding.classes:
        if _class_decides(r, cls) and (found := _label_says_member(r, cls)):
            return found, []
    for cls in r.understanding.classes:
        if found := _listed_use(r, cls):
            return found, []
    for cls in r.understanding.classes:
        if found := _not_member(r, cls):
            return found, []
    if not any(_after_the_medicine(r, cls) for cls in r.understanding.classes):
        return None  # "is there any sulfa in Kapvay": what is in it, not what kind of medicine it is
    kind = class_sentence(r.primary)
    sentences = [kind] if kind is not None else []
    if any(lay_class(cls.name).get("uses") for cls in r.understanding.classes):  # a kind defined by its use:
        from rxanswers.answers.composers.uses import uses_summary  # what this one is used for

        if (uses := uses_summary(r.evidence, r.primary)) is not None:
            sentences.append(uses)
    return (sentences, []) if sentences else None


def _after_the_medicine(r, cls) -> bool:
    """The kind is named after the medicine ("is Xanax a sleeping pill"), not before it."""
    match = r.primary.ref.matched
    where = r.question.lower().find(match.lower()) if match else -1
    return 0 <= where < cls.start


_QUALIFIED = re.compile(r"s?\s+(?:that|which|known to|who|said to)\s+\w+", re.I)


def _class_decides(r, cls) -> bool:
    """Whether the drug's FDA class can make it one of the kind: always, except for a kind its classes are
    broader than ("is Xanax a sleeping pill": a benzodiazepine is one only if it is used for sleep), unless the
    class is named after the kind ("Osmotic Laxative")."""
    used = used_for_the_kind(cls)
    if used is None or r.primary.drug is None or r.primary.drug.id in used:
        return True
    kind = cls.name.split()[-1].lower()
    return any(kind in name.lower() for name, _ in selectors.drug_classes(r.primary.drug))


_YES_NO_START = re.compile(r"^\W*(?:and |but |so |also )?(?:is|isn'?t|are|aren'?t|would|could)\b", re.I)


def _asked_in_a_yes_no_sentence(question: str, cls) -> bool:
    """The kind is named in a sentence of the message that asks yes or no ("... Is it a blood thinner?")."""
    start = max(question.rfind(mark, 0, cls.start) for mark in ".?!\n") + 1
    end = min((i for i in (question.find(m, cls.start) for m in "?.!\n") if i >= 0), default=len(question))
    return question[end : end + 1] == "?" and bool(_YES_NO_START.match(question[start : cls.start]))


_CLASS_STOP = frozenset(
    "agent agents inhibitor inhibitors receptor receptors drug drugs class medicine medication agonist agonists "
    "antagonist antagonists blocker blockers acting".split()
)


def _class_stems(names) -> set[str]:
    return {w[:6] for n in names for w in re.findall(r"[a-z]{4,}", n.lower()) if w not in _CLASS_STOP}


_IS_A = re.compile(
    r"^\W*(?:a|an|another|also|really|considered|classed as|just|actually|like)?\W*(?:a|an)?\W*$", re.I
)
_ASKING_IS = re.compile(r"\b(?:is|isn'?t|are|aren'?t)\W+(?:the\s+|this\s+|my\s+)?$", re.I)


def _asks_is_a(r, cls) -> bool:
    """ "Is X a Y?" as written: the kind named right after the medicine, the medicine right after "is"."""
    match = r.primary.ref.matched
    where = r.question.lower().find(match.lower()) if match else -1
    if where < 0 or cls.start < where + len(match):
        return False
    return bool(_ASKING_IS.search(r.question[:where])) and bool(
        _IS_A.match(r.question[where + len(match) : cls.start])
    )


def _not_member(r, cls) -> list[Sentence] | None:
    """ "Is cephalexin a steroid?": no, when FDA classes the drug and none of its classes (of any kind: EPC,
    mechanism, chemical structure, effect) shares a word with the kind asked about or is close to it in meaning,
    its label does not call it one (``_label_says_member`` ran first) and its NCI entry does not use the kind's
    words. The opening names the class FDA gives it instead."""
    from rxanswers.answers.evidence import mentions
    from rxanswers.answers.evidence.facts import class_words, lower_first
    from rxanswers.answers.glossary import nci_entry

    drug = r.primary.drug
    if drug is None or not cls.classes or not _asks_is_a(r, cls):
        return None
    if lay_class(cls.name).get("uses") or cls.name == "chemotherapy":
        return None  # a kind defined by what it treats: an FDA class never rules it out
    epcs = selectors.drug_classes(drug)
    if not epcs:
        return None
    every = [name for kind in ("epc", "moa", "cs", "pe") for name, _ in selectors.drug_classes(drug, kind)]
    words = class_words(cls)
    if _class_stems(every) & _class_stems([cls.name, cls.matched, *words]):
        return None
    from rxanswers.answers.encoders import encode

    vectors = encode([cls.matched.lower(), cls.name, *(n.lower() for n in every)])
    if (
        float((vectors[2:] @ vectors[:2].T).max()) >= NOT_MEMBER_MAX_SIMILARITY
    ):  # androgen ~ steroid: maybe one
        return None
    entry = nci_entry(drug.name, r.primary.ref.matched)
    if entry is not None and any(p.search(entry.definition) for p in mentions.patterns([cls.name, *words])):
        return None
    name, source = epcs[0]
    what = lower_first(name)
    asked = cls.matched.lower()
    text = (
        f"No. FDA classes {r.primary.name} as {'an' if what[:1] in 'aeiou' else 'a'} {what}, "
        f"not as {'an' if asked[:1] in 'aeiou' else 'a'} {asked}."
    )
    return [Sentence(text, [selectors.source_citation(source, f"pharmacologic class of {r.primary.name}")])]


def _listed_use(r, cls) -> list[Sentence] | None:
    """ "Is Lasix a blood pressure medicine?" for a kind of medicine defined by what it treats (the lay class's
    ``uses``): yes when the drug's loaded indications list that condition, quoting the sentence that says so."""
    from rxanswers.answers.condition_index import condition_for

    if r.primary.drug is None:
        return None
    for use in lay_class(cls.name).get("uses", []):
        condition = condition_for(use)
        said = (
            next((m for m in condition.medicines if m.drug_id == r.primary.drug.id), None)
            if condition
            else None
        )
        if said is not None:
            name = r.primary.name[:1].upper() + r.primary.name[1:]
            lead = Sentence(
                f"Yes: {name}'s FDA labeling lists {condition.term.display} among its uses.", [said.citation]
            )
            return [lead, Sentence(said.sentence, [said.citation])]
    return None


def _narrower_terms(cls) -> list[str]:
    """The terms of the lay kinds every FDA class of which is one of ``cls``'s ("anticoagulant" for "blood
    thinner")."""
    from rxanswers.answers.understanding.name_data import load_lay_classes

    broad = set(lay_class(cls.name).get("epc") or [])
    return [
        t
        for lay in load_lay_classes()["classes"]
        if lay["name"] != cls.name and lay.get("epc") and set(lay["epc"]) <= broad
        for t in lay["terms"]
    ]


def _label_says_member(r, cls) -> list[Sentence] | None:
    """ "Is Pradaxa a blood thinner?" when no FDA class file lists the drug's class: the drug's own label
    saying it is one ("PRADAXA is a direct thrombin inhibitor indicated ...") or speaking of its activity as one
    ("PRADAXA's anticoagulant activity", "the anticoagulant effect of dabigatran"), quoted. A narrower kind
    counts for a broader one (an anticoagulant is a blood thinner: every FDA class of it is one of the other's)."""
    if r.primary.label is None:
        return None
    words = sorted(
        {w.lower() for w in [*cls.classes, cls.name, cls.matched, *_narrower_terms(cls)] if w}, key=len
    )
    kinds = "|".join(re.escape(w) for w in reversed(words))
    names = "|".join(
        re.escape(n)
        for n in sorted({r.primary.name, r.primary.ref.matched, *r.primary.ref.brands[:8]}, key=len)[::-1]
        if n
    )
    said = re.compile(
        rf"\b(?:is|are) (?:a|an) (?:[\w-]+ ){{0,3}}?({kinds})s?\b|"
        rf"\b(?:{names})(?:’s|'s) ({kinds}) (activity|effect|action)s?\b|"
        rf"\bthe ({kinds}) (activity|effect|action)s? of (?:{names})\b",
        re.I,
    )
    found = pick(r.evidence.ranked(r.primary), 1, where=lambda x: bool(said.search(x.passage.text)))
    if not found:
        return None
    groups = said.search(found[0].passage.text).groups()
    quoted = quote(found[0], r.primary)
    if groups[0]:
        what = groups[0].lower()
        text = f"Yes: the {r.primary.name} label says it is {'an' if what[:1] in 'aeiou' else 'a'} {what}."
    else:
        what, noun = next((groups[i], groups[i + 1]) for i in (1, 3) if groups[i])
        asked = cls.matched.lower()  # "anticoagulant (blood thinner)": the word asked beside the label's
        what = what.lower() + (f" ({asked})" if asked not in what.lower() else "")
        text = f"Yes: the {r.primary.name} label describes its {what} {noun.lower()}."
    return [lead(text, [quoted]), quoted]
