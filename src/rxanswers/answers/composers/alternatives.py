"""Other medicines for the same use: "what can I take instead of Xanax?", "Solu-Medrol did not help my
scleroderma, what else is there?". The medicines whose FDA labeling lists the condition the question names, else
the one use of the medicine named (when it has one or two), by FDA class and cited; then what the medicine named
is. A class and its other members alone ("other benzodiazepines") answer a different question."""

from __future__ import annotations

import re

from rxanswers.answers.composers.treats import conditions_named, medicines_listed_for
from rxanswers.answers.evidence.facts import class_sentence
from rxanswers.answers.resources import ANOTHER_MEDICINE_NOTICE
from rxanswers.answers.schemas import Sentence

FOCUSED_USES = 2  # a medicine with this many listed uses or fewer is taken for one of them


_AS_THE_USE = (
    r"\b(?:for|treat\w*|help\w*(?: with)?|reliev\w*|cure|manag\w*|control\w*)\s+(?:[\w'/-]+\s+){0,3}"
)


def _named_condition(question: str, drug=None):
    """The condition index entry the question names as the use ("for my scleroderma"), if any. A condition
    the person has ("since I have high blood pressure") is why another medicine is wanted, not what for,
    unless ``drug`` itself is listed for it ("I have had jock itch ... ketoconazole cream": ketoconazole is
    listed for jock itch, so that is what it is taken for)."""
    from rxanswers.answers.condition_index import condition_for

    for shown, forms, _ in conditions_named(question):
        said = [shown.split(" (")[0], *forms]
        as_use = any(re.search(_AS_THE_USE + re.escape(w) + r"\b", question, re.I) for w in said if w)
        had = drug is not None and any(
            re.search(_HAD + re.escape(w) + r"\b", question, re.I) for w in said if w
        )
        if not (as_use or had):
            continue
        for form in forms:
            condition = condition_for(form)
            # a disease, not a symptom: "anything else for pain?" after AZO is not a list of opioids
            if condition is None or condition.term.kind != "condition":
                continue
            if as_use or drug.id in {m.drug_id for m in condition.medicines}:
                return condition
    return None


_HAD = r"\b(?:i|he|she|we|they|my \w+)\s+(?:have|has|had|get|gets|suffer\w*(?: from)?|(?:was |were |been )?diagnosed with)\s+(?:had\s+|been\s+)?(?:[\w'/-]+\s+){0,3}"


def _uses_of(drug) -> list:
    from rxanswers.answers.condition_index import condition_index

    return [
        c
        for c in condition_index().values()
        if c.term.kind == "condition" and any(m.drug_id == drug.id for m in c.medicines)
    ]


def _narrower_own_use(drug, condition):
    """The medicine's own listed use that is a kind of the condition named (every word of its name in the
    use's name: "type 2 diabetes" for "diabetes")."""
    words = set(condition.term.name.lower().split())
    return next(
        (
            c
            for c in _uses_of(drug)
            if c.term.slug != condition.term.slug and words < set(c.term.name.lower().split())
        ),
        None,
    )


def _its_use(evidence, ctx, asking: str):
    """The medicine's listed use the question names in part ("for my blood pressure": high blood pressure, every
    word of a two-word phrase), else, when no condition is named, the use of a focused medicine (the one with the
    most medicines, when it has two)."""
    uses = _uses_of(ctx.drug)
    named = [shown.split(" (")[0] for shown, _, _ in conditions_named(asking)]
    if named:  # only a condition named as the use ("for my blood pressure") picks one of its uses
        wanted = [
            phrase.split()
            for phrase in named
            if len(phrase.split()) >= 2 and re.search(_AS_THE_USE + re.escape(phrase), asking, re.I)
        ]
        return next(
            (
                c
                for c in uses
                for w in (c.term.name, c.term.medical_name, *c.term.synonyms)
                if any(set(words) <= set(w.lower().split()) for words in wanted)
            ),
            None,
        )
    if not uses or len(uses) > FOCUSED_USES or _conditions_listed(evidence, ctx) > FOCUSED_USES:
        return None
    return max(uses, key=lambda c: len(c.medicines))


def _conditions_listed(evidence, ctx) -> int:
    """How many conditions the use texts of all its labels and its compiled indications name (the condition
    index keeps only sentences naming the medicine, so it can make a many-use medicine look focused)."""
    from rxanswers.answers.composers.shared_uses import use_texts
    from rxanswers.answers.condition_index import conditions_in
    from rxanswers.answers.evidence.sentences import quotable_sentences

    found = set()
    for text, _ in use_texts(evidence, ctx):
        for sentence in quotable_sentences(text.replace("\n", " ")):
            found.update(term.slug for term in conditions_in(sentence))
    return len(found)


def for_the_same_use(request):
    ctx = request.primary
    if ctx is None or ctx.drug is None or request.others:
        return None
    # a story's conditions are context; the asking sentence's are what is asked
    asking = request.understanding.focus.text
    condition = _named_condition(asking) or _named_condition(request.question, ctx.drug)
    if condition is not None:  # "diabetes" for metformin is its own narrower use: type 2 diabetes
        condition = _narrower_own_use(ctx.drug, condition) or condition
    if condition is None and (asking == request.question or not conditions_named(request.question)):
        condition = _its_use(request.evidence, ctx, asking)  # not when the story names what it is for
    if condition is None:
        return None
    sentences, notices = medicines_listed_for(condition, besides=ctx.drug.id)
    if not sentences:
        return None
    if (s := class_sentence(ctx)) is not None:
        sentences.append(s)
    return sentences, [*notices, ANOTHER_MEDICINE_NOTICE]


def because_of_a_condition(request):
    """ "Something other than Sudafed since I have high blood pressure?": the label's warning for people with
    that condition leads (why not this one), then the medicines whose labels list the same use; never only the
    medicine's class mates, which often share the problem (other decongestants, other NSAIDs)."""
    from rxanswers.answers.composers.condition_warning import condition_warning

    if (
        request.others
        or (composed := condition_warning(request, permission_asked=False, not_its_uses=True)) is None
    ):
        return None
    (opening, *quoted), _ = composed
    said = opening.text.split(": ", 1)[-1]  # "No, not without asking a doctor first: the X label says ..."
    why = Sentence(said[:1].upper() + said[1:], opening.citations, opening.role)
    same_use = for_the_same_use(request)
    then = same_use[0] if same_use else ([s] if (s := class_sentence(request.primary)) is not None else [])
    notices = same_use[1] if same_use else [ANOTHER_MEDICINE_NOTICE]
    return [why, *quoted, *then], notices
