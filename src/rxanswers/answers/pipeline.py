"""The answer pipeline, one stage after another:

    understanding  (which medicines, what is asked, in what form: ``understanding.understand``)
    -> evidence    (the label(s) that speak for each medicine, their sentences ranked: ``evidence.gather``)
    -> composers   (the registered composer for the question: ``composers.compose``)
    -> lay         (plain words: quoted sentences are rewritten as they are quoted, ``composers.quoting``)
    -> citations   (every sentence carries its citations, built in ``citations.py``)

Safety lines are notices, never cited facts; operator instructions are staff notes, never shown to patients.
When no source supports a point, the answer says so; it never fills the gap.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import fuzz

from rxanswers.answers import selectors
from rxanswers.answers.composers import Request, compose
from rxanswers.answers.composers.classes import class_answer, class_ref
from rxanswers.answers.composers.components import component_answers
from rxanswers.answers.composers.coverage import another_brand, another_route
from rxanswers.answers.composers.reverse import reverse_answer
from rxanswers.answers.composers.treats import asks_what_treats, treats_answer
from rxanswers.answers.evidence import gather
from rxanswers.answers.evidence.facts import (
    INDICATION_TOPICS,
    class_sentence,
    indication_sentences,
    nci_sentences,
    product_forms,
)
from rxanswers.answers.resources import (
    COMMON_SUBSTANCES,
    COMPONENT_INTENTS,
    CUES,
    NO_PRICE_NOTICE,
    NOT_LOADED_TOPICS,
    NOTICE_BY_INTENT,
    PRODUCT_FACT_INTENTS,
    SAFETY_NOTICE,
)
from rxanswers.answers.schemas import Answer, AnswerResult, Sentence
from rxanswers.answers.understanding.text import normalise

MAX_SENTENCES = 6
PRICE_SOURCES = frozenset({"nadac", "list_price"})  # citations that state a price
MAX_QUESTION_CHARS = 1000
NOT_A_MEDICINE_QUESTION = 0.6  # P(not about a medicine) above which no medicine is guessed at
STAFF_LOAD_LABELS = "load label text with `rxanswers download openfda_label` or `rxanswers ingest FILE`"


def warm_up(pause: Callable[[], None] | None = None) -> None:
    """Load every lazily built index (names, glossaries, models, cue patterns) so the first question is as fast
    as the rest; called once by batch runs, benchmarks and the server before serving. ``pause``, called before
    each step, lets the server hold the warm-up while a real question is being answered."""
    from rxanswers.answers.asked import asked_index
    from rxanswers.answers.encoders import question_encoder
    from rxanswers.answers.glossary import nci_drug_entries, nci_term_entries
    from rxanswers.answers.lay import load_lay_terms
    from rxanswers.answers.understanding.classifier import question_classifier

    steps: list[Callable[[], object]] = [
        selectors.name_index,
        question_encoder,
        question_classifier,
        load_lay_terms,
        asked_index,
        nci_drug_entries,
        nci_term_entries,
    ]
    for question in ("what is metformin used for", "can ibuprofen cause a rash", "who makes lipitor"):
        # also warms the database connection and its statement caches
        steps.append(lambda question=question: answer_question(question))
    for step in steps:
        if pause is not None:
            pause()
        step()


def _not_loaded_lead(ctx, intent: str, following: list[Sentence]) -> Sentence:
    """The opening of an answer about a medicine whose label text is not loaded: what cannot be answered (for a
    yes/no question on a topic with no wording of its own: that it cannot say yes or no); the other sources'
    sentences follow (it is cited to them: they are what was found instead)."""
    cited = list({c.key: c for s in following for c in s.citations}.values())
    cannot = (
        f"say what its label says about {NOT_LOADED_TOPICS[intent]}"
        if intent in NOT_LOADED_TOPICS
        else "say yes or no from its label"
    )
    return Sentence(
        f"The FDA label text for {ctx.name} is not loaded here, so this answer cannot {cannot}.",
        cited,
        "coverage",  # what is loaded here, not a claim about what the label says
    )


def _no_price_lead(ctx, following: list[Sentence]) -> Sentence:
    """The opening of a cost answer when no price is loaded: cited to what was found instead, like
    ``_not_loaded_lead``."""
    cited = list({c.key: c for s in following for c in s.citations}.values())
    return Sentence(
        f"No price for {ctx.name} is known here, so this answer cannot say what it costs: ask your pharmacy, "
        "your insurer or the maker what it costs you.",
        cited,
        "absence",
    )


def _in_the_asking_part(understanding, classes) -> list:
    """The classes named in the sentences of a long message that ask something ("... I was treated with
    antibiotics. Can you offer any enlightenment on my condition?": antibiotics are its history, not asked)."""
    focus = understanding.focus
    if focus is None or focus.whole or not focus.spans:
        return list(classes)
    return [c for c in classes if any(start <= c.start < end for start, end in focus.spans)]


def _no_medicine(result: AnswerResult, understanding) -> AnswerResult:
    if _in_the_asking_part(understanding, understanding.classes):
        result.drugs = [class_ref(c) for c in understanding.classes[:3]]
        return class_answer(result, understanding)
    if (reverse := CUES["reverse_question"].search(result.question)) is not None:
        return reverse_answer(result, reverse)
    if asks_what_treats(understanding) and (treated := treats_answer(result)) is not None:
        return treated
    if understanding.suggestions:
        result.abstained = "unsure which medicine you mean"
    elif understanding.about_medicine < 1 - NOT_A_MEDICINE_QUESTION:
        result.abstained = "this question does not seem to be about a medicine"
    elif understanding.classes:  # a kind named in passing ("I was treated with antibiotics ...")
        kinds = " or ".join(dict.fromkeys(f"{c.name}s" for c in understanding.classes[:2]))
        result.abstained = f"no single medicine is named in the question (only a kind: {kinds}), so it cannot tell which one you mean"
    else:
        result.abstained = "no medicine named in the question, so it cannot tell which one you mean"
    return result


_VERDICT = re.compile(r"^(?:yes|no|it depends)\b", re.I)
# a yes/no question as written ("can it ...?", "levaquin treat uti?"), not a bare "mupirocin uses" the form model
# reads as one
_ASKS_YES_NO = re.compile(
    r"\?|^\W*(?:is|are|can|could|will|would|does|do|did|should|may|might|has|have)\b", re.I
)


def _from_another_product(sentences: list, ctx, said_first) -> list | None:
    """When only another product's label of ``ctx`` is loaded (another route's, or another brand's: OZEMPIC's
    for Wegovy): the sentences without the verdicts drawn from it (a "the label does not say" or a "Yes / No:
    ..." citing it), led by ``said_first``, the sentence saying so; None when no sentence quoted it or was
    dropped (a product-listing answer needs no such warning)."""
    versions = (
        {view.version.id for view in selectors.label_views(ctx.drug)} if ctx.drug is not None else set()
    )

    def cites_it(s) -> bool:
        return any(c.version_id in versions for c in s.citations)

    kept = [
        s
        for s in sentences
        if not (s.role == "absence" or (s.role == "answer" and _VERDICT.match(s.text) and cites_it(s)))
    ]
    if not any(cites_it(s) for s in kept) and len(kept) == len(sentences):
        return None
    return [said_first] + kept


def answer_question(question: str) -> AnswerResult:
    """Understand ``question`` and compose a cited answer (or an honest abstention)."""
    with selectors.one_data_stamp():
        return _answer_question(question)


def _answer_question(question: str) -> AnswerResult:
    from rxanswers.answers.understanding import understand

    question = " ".join((question or "").split())
    if not question:
        raise ValueError("empty question")
    if len(question) > MAX_QUESTION_CHARS:
        raise ValueError("question too long (1,000 characters at most)")
    understanding = understand(question, selectors.name_index())
    evidence = gather(question, understanding)
    intent = understanding.intent
    result = AnswerResult(
        question=question,
        drugs=[c.ref for c in evidence.contexts],
        intent=intent,
        secondary_intent=understanding.secondary_intent,
        answer=None,
        suggestions=list(understanding.suggestions),
        classes=[c.name for c in understanding.classes],
        form=understanding.form,
    )
    primary = evidence.primary
    if primary is None:
        return _no_medicine(result, understanding)
    result.drugs = [primary.ref] + [o.ref for o in evidence.others]  # the medicine answered about comes first
    sentences, notices = compose(Request(question=question, understanding=understanding, evidence=evidence))
    sentences, notices = list(sentences), list(notices)
    composed_any = bool(sentences)
    staff: list[str] = []

    if primary.label is None and intent in COMPONENT_INTENTS and primary.drug is not None:
        extra, note = component_answers(evidence, primary)
        if extra:
            sentences += extra
            notices.append(note)  # says itself that the combination's own label is not loaded
    answered = [primary]
    if (
        intent == "comparison"
    ):  # each medicine compared gets its facts; in other answers only the one asked about
        answered += [c for c in evidence.others if c.drug is None or c.drug.key not in COMMON_SUBSTANCES]
    for ctx in answered:
        if (other_brand := ctx.another_brands_label()) is not None:
            named = next(b for b in ctx.ref.brands if normalise(b) == normalise(ctx.ref.matched))
            said = (
                _from_another_product(sentences, ctx, another_brand(ctx, named, other_brand))
                if ctx is primary
                else None
            )
            if said is not None:
                sentences = said
            else:
                notices.append(
                    f"The label quoted is {other_brand}'s, another product containing {ctx.name}: the label of "
                    f"{named} itself is not loaded here, and its uses, doses or warnings may differ."
                )
        routes = ctx.other_route_label()
        if (
            routes is not None
            and ctx is primary
            and (said := _from_another_product(sentences, ctx, another_route(ctx, *routes))) is not None
        ):
            sentences = said
        elif routes is not None:
            notices.append(
                f"The label quoted is for {ctx.name} by another route ({routes[1]}): no {routes[0]} label of it is "
                "loaded here, and how to use it and its warnings can differ between forms."
            )
        if ctx.label is not None and not ctx.label.version.is_current:
            v = ctx.label.version
            notices.append(
                f"This answer quotes an earlier version of the {ctx.name} label (version {v.version_display}, "
                f"{v.effective_date or 'undated'}) because the current version loaded lacks the relevant section."
            )
        if ctx.label is None:
            if not (ctx is primary and any("do not describe the combination" in n for n in notices)):
                notices.append(
                    f"The FDA label text for {ctx.name} is not loaded here, so this answer cannot quote its labeling."
                )
            staff.append(f"No label text for {ctx.name}: {STAFF_LOAD_LABELS}.")
            uses: list[Sentence] = []
            if intent in INDICATION_TOPICS:
                quoted = {c.key for s in sentences for c in s.citations}  # a record already quoted stays one
                uses = [s for s in indication_sentences(ctx) if not {c.key for c in s.citations} & quoted]
                sentences += uses
            if intent in PRODUCT_FACT_INTENTS:
                sentences += product_forms(ctx)
            if not any(c.source == "nci_thesaurus_glossary" for s in sentences for c in s.citations):
                if intent not in ("generic", "brand_names"):
                    sentences += nci_sentences(ctx)
            if not sentences and (s := class_sentence(ctx)) is not None:
                sentences.append(s)
            if (
                ctx is primary
                and sentences
                and not composed_any
                and (
                    intent in NOT_LOADED_TOPICS
                    or (
                        understanding.form == "yes_no"
                        and _ASKS_YES_NO.search(question)
                        and sentences[0] not in uses  # the label's own uses come first as they are
                    )
                )
            ):
                # what follows is a definition or a class, not an answer: say so first
                sentences.insert(0, _not_loaded_lead(ctx, intent, sentences))
                notices = [
                    n for n in notices if not n.startswith(f"The FDA label text for {ctx.name} is not loaded")
                ]
    if (
        intent == "cost"
        and sentences
        and not any(c.source in PRICE_SOURCES for s in sentences for c in s.citations)
    ):  # what follows is not a price: say first, in plain words, that none is known here
        sentences.insert(0, _no_price_lead(primary, sentences))
        notices = [n for n in notices if n != NO_PRICE_NOTICE.format(name=primary.name)]
    sentences = dedupe(sentences)[: MAX_SENTENCES + 2]
    for notice in list(notices):
        if "(Operators:" in notice:  # an operator instruction inside a notice goes to the staff notes
            head, _, tail = notice.partition(" (Operators:")
            notices[notices.index(notice)] = head
            staff.append("Operators:" + tail.rstrip(")"))
    if intent in NOTICE_BY_INTENT:
        notices.append(NOTICE_BY_INTENT[intent])
    notices.append(SAFETY_NOTICE)
    result.staff_notes = staff
    if not sentences:
        reason = f"no source in this database addresses this question about {primary.name}"
        if primary.label is None:
            reason += f" (no FDA label text for {primary.name} is loaded)"
        result.abstained = reason
        return result
    result.answer = Answer(sentences=sentences, notices=notices)
    return result


def dedupe(sentences: list[Sentence]) -> list[Sentence]:
    """Drop repeated and near-repeated sentences (labels often say the same thing in two sections:
    "X tablets are indicated as an adjunct to diet..." / "X tablets is a biguanide indicated as...")."""
    out: list[Sentence] = []
    for s in sentences:
        key = s.text.lower()
        if any(key == o.text.lower() or fuzz.ratio(key, o.text.lower()) >= 88 for o in out):
            continue
        out.append(s)
    return out
