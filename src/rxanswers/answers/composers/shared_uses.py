"""Whether two medicines are used for the same things: "So sertraline and Lexapro are for the same things,
right?". Answered from the uses their FDA labeling lists (the condition index: every loaded label's use sections
and the compiled label indications), each use cited to the sentence that lists it."""

from __future__ import annotations

import re

from rxanswers.answers import citations
from rxanswers.answers.condition_index import USE_SECTIONS, condition_index
from rxanswers.answers.evidence import mentions
from rxanswers.answers.evidence.facts import class_sentence, listed
from rxanswers.answers.resources import ANOTHER_MEDICINE_NOTICE
from rxanswers.answers.schemas import Sentence

MAX_USES = 4
_SAME_USES = re.compile(
    r"\b(?:for|treat|treats|used for|work for|help with)\s+(?:the\s+)?same\s+(?:things?|conditions?|purposes?|"
    r"problems?|issues?|stuff|illness(?:es)?|symptoms?|reasons?)\b|\bsame\s+(?:uses?|purposes?|indications?)\b",
    re.I,
)


def uses_by_drug(drug_ids: set[int]) -> dict[int, dict[str, tuple[str, object]]]:
    """drug id -> {condition slug: (its display name, the citation of the sentence that lists it)}."""
    out: dict[int, dict[str, tuple[str, object]]] = {i: {} for i in drug_ids}
    for slug, condition in condition_index().items():
        if condition.term.kind == "germ":  # a germ is not a use by itself ("Escherichia coli")
            continue
        for medicine in condition.medicines:
            if medicine.drug_id in out:
                shown = condition.term.display
                out[medicine.drug_id].setdefault(slug, (shown, medicine.citation))
    return out


def use_texts(evidence, ctx) -> list[tuple[str, object]]:
    """(text, its citation) for every use text of the medicine loaded here: the use sections of all its labels
    and its compiled label indications (the condition index keeps only sentences that name the medicine, so a
    use it lacks may still be listed)."""
    from rxanswers.drugs.models import IndicationText

    texts = [
        (section.text, citations.label_section(index.view, section))
        for index in evidence.all_indexes(ctx)
        for key, section in index.view.sections.items()
        if key in USE_SECTIONS
    ]
    for row in IndicationText.objects.filter(drug=ctx.drug).select_related("source"):
        texts.append(
            (row.text, citations.data_source(row.source, f"FDA label indications for UNII {row.record}"))
        )
    return texts


def _also_listed(slugs: list[str], texts: list[tuple[str, object]]) -> dict[str, object]:
    """The conditions among ``slugs`` that the other medicine's use texts name in any wording -> the citation of
    the text that names it."""
    index = condition_index()
    out = {}
    for slug in slugs:
        term = index[slug].term
        wordings = {term.name, term.medical_name, *term.synonyms, *term.medical_wordings}
        patterns = mentions.patterns(sorted(w.lower() for w in wordings if len(w) >= 4))
        found = next((c for text, c in texts if any(p.search(text) for p in patterns)), None)
        if found is not None:
            out[slug] = found
    return out


def _compared(evidence, a, b):
    """(shared, only a, only b, a's uses, b's uses) by the uses their labeling lists, or None when either has
    none. A use is "only" one medicine's when no use text of the other names it in any wording."""
    if a.drug is None or b.drug is None or a.drug.id == b.drug.id:
        return None
    uses = uses_by_drug({a.drug.id, b.drug.id})
    mine, theirs = uses[a.drug.id], uses[b.drug.id]
    if not mine or not theirs:
        return None
    only_a = [s for s in mine if s not in theirs]
    only_b = [s for s in theirs if s not in mine]
    for slug, citation in _also_listed(only_a, use_texts(evidence, b)).items():
        theirs[slug] = (mine[slug][0], citation)
    for slug, citation in _also_listed(only_b, use_texts(evidence, a)).items():
        mine[slug] = (theirs[slug][0], citation)
    shared = [s for s in mine if s in theirs]
    return (
        shared,
        [s for s in mine if s not in theirs],
        [s for s in theirs if s not in mine],
        mine,
        theirs,
    )


def _shown(slugs, table) -> str:
    return listed([table[s][0] for s in slugs[:MAX_USES]])


def _cited(slugs, *tables) -> list:
    return list({c.key: c for s in slugs[:MAX_USES] for t in tables for c in [t[s][1]] if s in t}.values())


def _uses_sentences(a, b, compared, *, opening_shared: str, opening_different: str) -> list[Sentence]:
    shared, only_a, only_b, mine, theirs = compared
    if not shared:
        if not only_a or not only_b:
            return []  # each may list the other's uses in words the index did not keep: no difference claimed
        text = (
            f"{opening_different}their FDA labeling lists different uses: {a.name} for {_shown(only_a, mine)}; "
            f"{b.name} for {_shown(only_b, theirs)}."
        )
        return [Sentence(text, _cited(only_a, mine) + _cited(only_b, theirs))]
    sentences = [
        Sentence(
            f"{opening_shared}the FDA labeling of both {a.name} and {b.name} lists {_shown(shared, mine)} among "
            "their uses.",
            _cited(shared, mine, theirs),
        )
    ]
    differ = [
        f"only {ctx.name}'s lists {_shown(only, table)}"
        for ctx, only, table in ((a, only_a, mine), (b, only_b, theirs))
        if only
    ]
    if differ:
        text = "In the labeling loaded here, " + "; ".join(differ) + "."
        sentences.append(Sentence(text, _cited(only_a, mine) + _cited(only_b, theirs)))
    return sentences


def _two_compared(request):
    """(a, b, their uses compared) for a question naming exactly two medicines, else None."""
    if len(request.contexts) != 2:
        return None
    a, b = request.contexts
    compared = _compared(request.evidence, a, b)
    return None if compared is None else (a, b, compared)


def same_uses(request):
    """Route: two medicines asked about as used for the same things."""
    if not _SAME_USES.search(request.question) or (pair := _two_compared(request)) is None:
        return None
    a, b, compared = pair
    only_a, only_b = compared[1:3]
    opening = "Yes: " if not only_a and not only_b else "Yes, in part: "
    sentences = _uses_sentences(a, b, compared, opening_shared=opening, opening_different="No: ")
    return (sentences, []) if sentences else None


def instead(request):
    """Route: "Can I take Bactrim instead of Macrobid?", "replace naproxen by paracetamol": one medicine in place
    of another does the same job only for the uses both labels list, so the answer is which uses those are
    ("it depends" on what it is taken for), then what each is (its class)."""
    if (pair := _two_compared(request)) is None:
        return None
    a, b, compared = pair
    only_a, only_b = compared[1:3]
    if request.yes_no:
        same = "Yes, for the same uses: " if not only_a and not only_b else "It depends on what it is for: "
        different = "Not for the same uses: "
    else:
        same, different = "", ""
    sentences = _uses_sentences(a, b, compared, opening_shared=same, opening_different=different)
    if not sentences:
        return None
    sentences += [s for ctx in (a, b) if (s := class_sentence(ctx)) is not None]
    return sentences, [ANOTHER_MEDICINE_NOTICE]
