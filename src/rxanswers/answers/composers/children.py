"""Yes/no questions about giving a medicine to a child ("can my 8 year old take tramadol for pain", "is it safe
for a child"): a label sentence that rules the medicine out for children under an age the child falls under
answers first, before any use or side-effect answer ("Yes: pain is among its uses" is wrong for a child the
label excludes).

Only exclusions written as "<not to be used> ... children younger than / under / less than N years" count, and
one limited to a situation ("... following tonsillectomy") only when the question names that situation. "Safety
and effectiveness ... have not been established" rules nothing out and is not used here.
"""

from __future__ import annotations

import re

from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.openings import question_kind
from rxanswers.answers.composers.quoting import lead, quote
from rxanswers.answers.evidence.ranking import Ranked
from rxanswers.answers.population import population_fit, population_of
from rxanswers.answers.words import STOPWORDS, WORD

GUARD_SECTIONS = (  # searched in this order: the strongest statement first
    "boxed_warning",
    "contraindications",
    "do_not_use",
    "warnings_and_cautions",
    "warnings",
    "precautions",
    "dosage_and_administration",
    "pediatric_use",
    "use_in_specific_populations",
)
_RULES_OUT = {  # how the sentence rules it out -> how the opening says so
    "use": re.compile(
        r"\b(?:contraindicated|do not (?:use|give)|must not|should not (?:be )?(?:used|given|take\w*)|"
        r"not (?:to )?be (?:used|given)|not for use)\b",
        re.I,
    ),
    "recommended": re.compile(r"\bnot recommended\b", re.I),
    "approved": re.compile(r"\bnot approved\b", re.I),
    "ask": re.compile(r"\bask a doctor\b", re.I),
}
_SAID = {
    "use": "says not to use it in",
    "recommended": "does not recommend it for",
    "approved": "says it is not approved for",
    "ask": "says to ask a doctor before giving it to",
}
_UNDER = re.compile(
    r"\b(?:children|pediatric patients|patients|infants|a child|kids)\s+(?:who are\s+)?"
    r"(?:younger than|under|less than|below)(?: the age of)?\s+(\d{1,2})\s+years?(?:\s+of\s+age|\s+old)?",
    re.I,
)
_SITUATION = re.compile(
    r"^\W*(?:following|after|who (?:have|has|had|are|is)|with|undergoing|during|for|receiving|taking)\b"
    r"((?:\W+[\w/-]+){1,8})",
    re.I,
)
_CELL = re.compile(r"\W*(?:of age\W*)?(do not (?:use|give)|ask a doctor)\b", re.I)
_NEAR = 70  # characters between "not to be used" and "in children younger than ..."
_UNLESS = re.compile(r"^\W*unless\b", re.I)
_CARER = re.compile(r"\b(?:breast-?\s?feed\w*|nursing|pregnan\w*|pumping)\b", re.I)
_ASKS_IF_OK = re.compile(
    r"\b(?:ok|okay|safe|fine|alright|all right)\b|"
    r"\b(?:can|could|may|should)\b[^.?!]{0,60}\b(?:take|use|give|have|be given)\b",
    re.I,
)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in WORD.findall(text.lower()) if len(w) >= 5 and w not in STOPWORDS}


def _fits(
    sentence: str, rules_out: re.Pattern[str], age: float | None, asking: str
) -> tuple[str, str] | None:
    """(N, situation) of the sentence's "<not to be used> in children younger than N years [following ...]"
    that covers the child asked about (any child when no age is given), unless limited to a situation the
    question does not name. The ruling-out words come shortly before, in the same clause ("Do not give more
    than 5 mL. children under 2 years ask a doctor" rules nothing out)."""
    for m in _UNDER.finditer(sentence):
        before = sentence[max(0, m.start() - _NEAR) : m.start()]
        said = list(rules_out.finditer(before))
        table_cell = _CELL.match(
            sentence[m.end() :]
        )  # a Drug Facts dose table: "children under 4 years | do not use"
        if table_cell:
            if rules_out.match(table_cell.group(1)) is None:
                continue
        elif not said or re.search(r"[.;:]", before[said[-1].end() :]):
            continue
        limit = float(m.group(1))
        if age is not None and age >= limit:
            continue
        after = sentence[m.end() :]
        if _UNLESS.match(after):
            continue  # "do not use in children under 6 unless directed by a doctor": not ruled out
        situation = _SITUATION.match(after)
        if situation is None:
            return m.group(1), ""
        if _stems(situation.group(1)) & _stems(asking):
            return m.group(1), " " + re.split(r"[,;(\[]", situation.group(0).strip())[0].strip()
        # "... following tonsillectomy" does not answer "after knee surgery"
    return None


_DOSE = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|mL|ml|tablets?|capsules?|teaspoons?|tsp|chewables?)\b", re.I)


def _dosed_for(indexes, population) -> bool:
    """Some label of the medicine gives a dose for a bracket the child's age falls in."""
    return any(
        population_fit(passage.text, population) >= 4.0
        and _DOSE.search(passage.text)
        and not any(p.search(passage.text) for p in _RULES_OUT.values())
        for index in indexes
        for passage in index.passages
        if passage.section == "dosage_and_administration"
    )


def _child_asked_if_ok(request):
    """(asking text, population) for "can my child take X / is it safe for my 8 year old" about a medicine whose
    label text is loaded; None otherwise (not a child, the child of someone breastfeeding, not asked if ok)."""
    if request.primary is None or request.primary.label is None:
        return None
    asking = asking_text(request)
    population = population_of(asking)
    if population is None or population.group != "child" or _CARER.search(asking):
        return None  # "while breastfeeding my 2 month old": the medicine is for the one asking
    if question_kind(asking) != "permission" and not _ASKS_IF_OK.search(asking):
        return None
    return asking, population


def ruled_out_for_child(request):
    """ "No: the tramadol label says not to use it in children younger than 12 years." (an age is given and
    falls under it; "No, not without asking a doctor first: ..." where the label says to ask a doctor) or
    "It depends on the child's age: ..." (no age given); else None."""
    if (asked := _child_asked_if_ok(request)) is None:
        return None
    ctx, (asking, population) = request.primary, asked
    passages = [
        Ranked(index, i, 0.0)
        for index in request.evidence.all_indexes(ctx)
        for i, passage in enumerate(index.passages)
        if passage.section in GUARD_SECTIONS
    ]
    passages.sort(key=lambda r: GUARD_SECTIONS.index(r.passage.section))
    if population.age is not None and _dosed_for(request.evidence.all_indexes(ctx), population):
        return None  # another product of it (a children's liquid) gives a dose for this age
    for r in passages:
        text = r.passage.text
        how, fit = next(
            (
                (k, f)
                for k, pattern in _RULES_OUT.items()
                if (f := _fits(text, pattern, population.age, asking))
            ),
            (None, None),
        )
        if fit is None:
            continue
        limit, situation = fit
        said = f"the {ctx.name} label {_SAID[how]} children younger than {limit} years{situation}"
        best = quote(r, ctx)
        if population.age is None:
            return [lead(f"It depends on the child's age: {said}.", [best]), best], []
        if how == "ask":
            return [lead(f"No, not without asking a doctor first: {said}.", [best]), best], []
        return [lead(f"No: {said}.", [best]), best], []
    return None


def dosed_for_child(request):
    """ "Can my 10 year old take Zyrtec?": "Yes: the cetirizine label gives a dose for this age." when an age is
    given, nothing rules the medicine out for it (``ruled_out_for_child`` runs first) and a label's directions
    give a dose for a bracket the child falls in; the directions follow."""
    if (asked := _child_asked_if_ok(request)) is None or asked[1].age is None:
        return None
    ctx, (asking, population) = request.primary, asked
    ranked = request.evidence.ranked(ctx)
    read = {(id(r.index), r.i) for r in ranked}
    others = [  # every other current label of it: the one chosen may be a syrup whose chart starts at another age
        Ranked(index, i, 0.0)
        for index in request.evidence.all_indexes(ctx)
        for i in range(len(index.passages))
        if (id(index), i) not in read
    ]
    for r in [*ranked, *others]:
        text = r.passage.text
        if (
            r.passage.section in ("dosage_and_administration", "directions")
            and population_fit(text, population) >= 4.0
            and _DOSE.search(text)
            and not any(_fits(text, p, population.age, asking) for p in _RULES_OUT.values())
        ):  # "do not use for more than 10 days" rules no child out
            best = quote(r, ctx)
            return [
                lead(f"Yes: the {ctx.name} label gives a dose for a child of this age.", [best]),
                best,
            ], []
    return None


_NOT_ESTABLISHED = re.compile(
    r"\bsafety and (?:effectiveness|efficacy)\b[^.]{0,120}\b(?:pediatric|children|infants)\b[^.]{0,80}"
    r"\bnot (?:been )?established\b|\b(?:pediatric|children)\b[^.]{0,80}\bsafety and (?:effectiveness|efficacy)"
    r"\b[^.]{0,60}\bnot (?:been )?established\b",
    re.I,
)
_QUALIFIED = re.compile(r"\d|\bother than\b|\bexcept\b|\bfor (?:the )?(?:use|treatment)\b", re.I)
_NOT_ESTABLISHED_SECTIONS = (
    "pediatric_use",
    "use_in_specific_populations",
    "precautions",
    "warnings_and_cautions",
    "warnings",
    "dosage_and_administration",
)


def not_established_for_child(request):
    """ "Can I give ibuprofen to my 6 month old?" when no label of it gives a dose for that age and one says, for
    all children, that its safety and effectiveness in them have not been established: "No, not without a
    doctor's advice: ..." with that sentence. A statement limited to an age or a use ("under 6 months", "for uses
    other than JIA") is not used."""
    if (asked := _child_asked_if_ok(request)) is None:
        return None
    ctx, population = request.primary, asked[1]
    indexes = request.evidence.all_indexes(ctx)
    if population.age is not None and _dosed_for(indexes, population):
        return None
    for r in request.evidence.ranked(ctx):
        text = r.passage.text
        if (
            r.passage.section in _NOT_ESTABLISHED_SECTIONS
            and _NOT_ESTABLISHED.search(text)
            and not _QUALIFIED.search(text)
        ):
            best = quote(r, ctx)
            opening = (
                f"No, not without a doctor's advice: the {ctx.name} label says its safety and effectiveness in "
                "children have not been established."
            )
            return [lead(opening, [best]), best], []
    return None


_IN_A_SITUATION = re.compile(
    r"\b(?:children|teenagers|kids)\b[^.]{0,30}\bwho (?:have|has|are|had)\b[^.]{3,120}?"
    r"\b(?:should not|must not|do not|not to) (?:use|take|be given|give)\b",
    re.I,
)


def ruled_out_in_a_situation(request):
    """ "Is aspirin safe for children?": a label sentence saying children in some situation should not use it
    ("Children and teenagers who have or are recovering from chicken pox or flu-like symptoms should not use
    this product") opens "It depends on the child's situation"; the sentence follows."""
    if _child_asked_if_ok(request) is None:
        return None
    ctx = request.primary
    for index in request.evidence.all_indexes(ctx):
        for i, passage in enumerate(index.passages):
            if passage.section in GUARD_SECTIONS and _IN_A_SITUATION.search(passage.text):
                best = quote(Ranked(index, i, 0.0), ctx)
                opening = f"It depends on the child's situation: the {ctx.name} label says some children should not use it."
                return [lead(opening, [best]), best], []
    return None
