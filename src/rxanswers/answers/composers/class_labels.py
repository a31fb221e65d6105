"""Questions about a class of medicines rather than one ("Will the antibiotic help the fever?", "Do you just take
muscle relaxants when you have symptoms?"): what the labels of several members say alike, ranked for the
question.

Labels of one class share sentences (every antibacterial label says it treats only bacterial infections, not
the common cold). The best-ranked sentences of each member's label for the question are grouped when they say
the same thing with only the medicine's name and form changed and the same numbers; a sentence that two or more
members' labels share is what the labels say about the class, quoted from the cleanest member and cited to every
label that has it. When they share none, each member label's own best sentence answers for it if at least two
score high ("Atorvastatin (a statin): ..."); else the class list answers (``classes.py``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz import fuzz

from rxanswers.answers import selectors
from rxanswers.answers.composers.overview import USE_SECTIONS
from rxanswers.answers.composers.quoting import cap, lead, quote
from rxanswers.answers.composers.treats import conditions_named
from rxanswers.answers.composers.uses import use_groups
from rxanswers.answers.evidence.context import drug_context
from rxanswers.answers.evidence.facts import listed, lower_first
from rxanswers.answers.evidence.routes import families_in
from rxanswers.answers.hygiene import defects
from rxanswers.core.drugnames import FORM_WORDS, SALT_WORDS

MEMBERS_PER_CLASS = 4  # members (with label text) per FDA class of the lay class, at most three classes
CANDIDATES_PER_LABEL = 6  # best-ranked sentences of each member's label compared across members
SAME_SENTENCE = 88  # rapidfuzz token-sort ratio from which two members' sentences say the same thing
CLASS_SENTENCE_MIN = 0.35  # rank score from which a shared sentence bears on the question
EACH_LABEL_MIN = 0.6  # with no shared sentence, a member label's best sentence from this score answers for it
MAX_EACH = 3
_WORD = re.compile(r"[a-z]+")
_GENERIC_WORDS = FORM_WORDS | SALT_WORDS | {"usp", "tablets", "capsules", "oral", "for", "and"}


def class_members_with_labels(cls) -> list:
    """The class's members whose label text is loaded, a few per FDA class, most-labelled first."""
    members: list = []
    for class_name in cls.classes[:3]:
        found = [
            d
            for d in selectors.class_members(class_name, limit=MEMBERS_PER_CLASS * 2)
            if all(d.id != m.id for m in members) and selectors.label_views(d)
        ]
        members += found[:MEMBERS_PER_CLASS]
    return members


def _skeleton(text: str, ctx) -> str:
    """The sentence without the medicine's own names and form words, for comparing across members."""
    own = {w for n in (ctx.name, *ctx.ref.brands[:5]) for w in _WORD.findall(n.lower())}
    return " ".join(w for w in _WORD.findall(text.lower()) if w not in own and w not in _GENERIC_WORDS)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _same(skeleton: str, text: str, other_skeleton: str, other_text: str) -> bool:
    """Two members' sentences say the same: nearly the same words once names and forms are left out, and the
    same numbers (ages, doses, times: "8 to 18 years" and "12 to 17 years" are different)."""
    if sorted(_NUMBER.findall(text)) != sorted(_NUMBER.findall(other_text)):
        return False
    return fuzz.token_sort_ratio(skeleton, other_skeleton) >= SAME_SENTENCE


def shared_sentences(evidence, contexts, sections=None) -> list[tuple[float, list]]:
    """Groups of (ranked sentence, member context) that say the same across two or more members' labels,
    best score first: (score, [(ranked, ctx), ...]); ``sections``: only sentences of these sections."""
    candidates = []
    for ctx in contexts:
        seen_here: set[str] = set()
        ranked = [r for r in evidence.ranked(ctx) if sections is None or r.passage.section in sections]
        for r in ranked[: CANDIDATES_PER_LABEL * 3]:
            skeleton = _skeleton(r.passage.text, ctx)
            if len(skeleton.split()) < 6 or skeleton in seen_here:
                continue
            seen_here.add(skeleton)
            candidates.append((r, ctx, skeleton))
            if len(seen_here) >= CANDIDATES_PER_LABEL:
                break
    groups: list[list] = []
    for r, ctx, skeleton in sorted(candidates, key=lambda c: -c[0].score):
        for group in groups:
            if any(c is ctx for _, c, _ in group):
                continue
            if _same(skeleton, r.passage.text, group[0][2], group[0][0].passage.text):
                group.append((r, ctx, skeleton))
                break
        else:
            groups.append([(r, ctx, skeleton)])
    shared = [g for g in groups if len(g) >= 2]
    return sorted(
        ((max(r.score for r, _, _ in g), [(r, c) for r, c, _ in g]) for g in shared), key=lambda sg: -sg[0]
    )


def class_labels(question: str, understanding):
    """The sentence the labels of a class's members share for the question, quoted from one label, then which
    other labels say the same; when they share none, each member label's own best sentence if at least two
    answer it ("do I take a statin with food": atorvastatin's with or without food, simvastatin's in the
    evening); None when neither bears on it."""
    from rxanswers.answers.evidence import gather

    if not understanding.classes:
        return None
    cls = understanding.classes[0]
    routes = frozenset(families_in(question))  # "a steroid cream": only members whose label is for the skin
    contexts = [
        replace(drug_context(d, None, understanding.intent, question=question), routes_beside=routes)
        for d in class_members_with_labels(cls)
    ]
    contexts = [c for c in contexts if c.label is not None and c.other_route_label() is None]
    if len(contexts) < 2:
        return None
    evidence = gather(question, understanding)
    if (
        understanding.intent == "pregnancy"
    ):  # "can I take allergy medicine while pregnant": each member's verdict
        return _each_in_pregnancy(question, understanding, evidence, contexts, cls)
    sections = USE_SECTIONS if understanding.intent == "indication" else None  # what they are for: their uses
    shared = [g for score, g in shared_sentences(evidence, contexts, sections) if score >= CLASS_SENTENCE_MIN]
    if not shared:
        return _each_label(evidence, contexts, cls, sections)
    sentences, used = [], set()
    for i, group in enumerate(shared):
        if i in used or len(sentences) == 4:
            continue
        skeleton = _skeleton(group[0][0].passage.text, group[0][1])
        family = [group]  # the same sentence again, from other labels of the same medicines
        for j in range(i + 1, len(shared)):
            twin = shared[j][0]
            if (
                j not in used
                and sorted(_NUMBER.findall(twin[0].passage.text))
                == sorted(_NUMBER.findall(group[0][0].passage.text))
                and fuzz.token_set_ratio(skeleton, _skeleton(twin[0].passage.text, twin[1])) >= SAME_SENTENCE
            ):
                used.add(j)
                family.append(shared[j])
        quoted = [(_quoted(r, c), c) for g in family for r, c in g]
        best, ctx = next((q for q in quoted if _clean(q[0].text)), quoted[0])
        names = list(dict.fromkeys(c.name for _, c in quoted if c.name != ctx.name))
        if not names:
            continue
        also = lead(
            f"The {listed(names)} label{'s' if len(names) > 1 else ''} "
            f"({lower_first(cls.name)}s too) say{'' if len(names) > 1 else 's'} the same.",
            [q for q, c in quoted if c.name in names],
        )
        if (
            not sentences
            and understanding.form == "yes_no"
            and (only := _ONLY_TO.search(best.text))
            and not _a_listed_use(question, contexts)  # "antibiotics for chlamydia": not "it depends"
        ):
            # "Do I need antibiotics?": the labels' own limit on who should take them is the "it depends"
            members = listed([ctx.name, *names])
            sentences.append(
                lead(
                    f"It depends: the labels of {lower_first(cls.name)}s such as {members} say they should be "
                    f"used only to {only.group(1)}.",
                    [q for q, _ in quoted],
                )
            )
            sentences.append(best)  # the lead names every label that says it
            continue
        sentences += [best, also]
    return sentences or None


# "... should be used only to treat or prevent infections that are proven or strongly suspected to be caused by
# bacteria": the class's limit on its use, to the end of the sentence
_ONLY_TO = re.compile(
    r"\bshould (?:only be used|be used only) to ((?:treat|prevent)(?: or (?:treat|prevent))? [^.;:]{10,160})\.?$",
    re.I,
)


def _a_listed_use(question: str, contexts) -> bool:
    """The question names a condition that a member's labeling lists among its uses ("chlamydia" for
    erythromycin)."""
    from rxanswers.answers.condition_index import condition_for

    members = {c.drug.id for c in contexts if c.drug is not None}
    for _, forms, _ in conditions_named(question):
        for form in forms:
            condition = condition_for(form)
            if condition is not None and members & {m.drug_id for m in condition.medicines}:
                return True
    return False


def _quoted(ranked, ctx):
    """The label sentence in plain words; for a uses sentence of a label that sorts its uses under headings
    (the corticosteroids), those headings instead of one flattened run of heading and list."""
    if ranked.passage.section in USE_SECTIONS and (grouped := use_groups(ctx)) is not None:
        return grouped
    return quote(ranked, ctx)


def _each_label(evidence, contexts, cls, sections=None):
    """Each member label's best sentence for the question, named ("Atorvastatin (a statin): ..."), when at
    least two members' labels answer it."""
    from rxanswers.answers.schemas import Sentence

    found = []
    for ctx in contexts:
        ranked = [r for r in evidence.ranked(ctx) if sections is None or r.passage.section in sections]
        best = next((r for r in ranked[:1] if r.score >= EACH_LABEL_MIN), None)
        if best is not None:
            quoted = _quoted(best, ctx)
            if _clean(quoted.text):
                found.append(
                    Sentence(f"{cap(ctx.name)} ({article(cls.name)}): {quoted.text}", quoted.citations)
                )
    return found[:MAX_EACH] if len(found) >= 2 else None


def _each_in_pregnancy(question, understanding, evidence, contexts, cls):
    """Pregnancy or breastfeeding asked of a class: what each member's label says, by the pregnancy answer's own
    opening ("Cetirizine (an antihistamine): No, not without asking a health professional first: ..."), at
    least two members; None otherwise."""
    from rxanswers.answers.composers import Request
    from rxanswers.answers.composers.pregnancy import pregnancy
    from rxanswers.answers.schemas import Sentence

    found = []
    for ctx in contexts:
        own = replace(evidence, primary=ctx, others=[], _ranked={})
        composed = pregnancy(Request(question=question, understanding=understanding, evidence=own))
        if composed is None or not composed[0]:
            continue
        first = composed[0][0]
        verdict = first.text.split(":")[0] in ("Yes", "No", "It depends") and first.role == "answer"
        if verdict or first.text.startswith(("No, ", "Yes, ")):
            found.append(Sentence(f"{cap(ctx.name)} ({article(cls.name)}): {first.text}", first.citations))
    return found[:MAX_EACH] if len(found) >= 2 else None


_DEBRIS = re.compile(
    r"^[A-Z][a-z]+:? [A-Z][a-z]|\.\.$"
)  # a heading left before the sentence ("Use To reduce")


def _clean(text: str) -> bool:
    """No hygiene defect, no heading word left before it, no doubled full stop: the member quoted for all."""
    return not defects(text) and not _DEBRIS.search(text)


def article(name: str) -> str:
    name = lower_first(name)
    return ("an " if name[:1] in "aeiou" else "a ") + name
