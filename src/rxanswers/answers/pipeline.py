"""The answer pipeline, one stage after another:

    understand (which medicines, what is asked)  ->  evidence (the label that speaks for each medicine)
    ->  composers (the registered composer for the question type)  ->  lay (plain words)  ->  citations

Every sentence carries its citations; safety lines are notices, never cited facts. When no source supports a
point, the answer says so; it never fills the gap.
"""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.composers import Request, compose
from rxanswers.answers.composers.classes import class_answer, class_ref
from rxanswers.answers.composers.components import component_answers
from rxanswers.answers.composers.reverse import reverse_answer
from rxanswers.answers.evidence.context import drug_contexts
from rxanswers.answers.evidence.facts import (
    class_sentence,
    membership,
    nci_sentences,
    no_label_notice,
    product_forms,
)
from rxanswers.answers.evidence.retrieval import label_answer
from rxanswers.answers.population import population_of
from rxanswers.answers.resources import (
    COMMON_SUBSTANCES,
    COMPONENT_INTENTS,
    CUES,
    INTENT_SECTIONS,
    LABEL_WORDS,
    NOTICE_BY_INTENT,
    PRODUCT_FACT_INTENTS,
    SAFETY_NOTICE,
)
from rxanswers.answers.schemas import Answer, AnswerResult, Sentence
from rxanswers.answers.words import WORD, content_words, stem

MAX_SENTENCES = 6
MAX_QUESTION_CHARS = 1000


def warm_up() -> None:
    """Load every lazily built index (names, glossaries, cue patterns) so the first question is as fast as
    the rest; called once by batch runs, benchmarks and the server before serving."""
    from rxanswers.answers.asked import asked_index
    from rxanswers.answers.evidence.sentences import _lay
    from rxanswers.answers.glossary import nci_drug_entries, nci_term_entries

    selectors.name_index()
    _lay().load_lay_terms()
    asked_index()
    nci_drug_entries()
    nci_term_entries()
    for question in ("what is metformin used for", "can ibuprofen cause a rash", "who makes lipitor"):
        answer_question(question)  # also warms the database connection and its statement caches


def answer_question(question: str) -> AnswerResult:
    """Understand ``question`` and compose a cited answer (or an honest abstention)."""
    from rxanswers.answers.understanding import understand

    question = " ".join((question or "").split())
    if not question:
        raise ValueError("empty question")
    if len(question) > MAX_QUESTION_CHARS:
        raise ValueError("question too long (1,000 characters at most)")
    understanding = understand(question, selectors.name_index())
    intent = understanding.intent
    secondary = understanding.secondary_intent
    contexts = drug_contexts(understanding, intent)
    result = AnswerResult(
        question=question,
        drugs=[c.ref for c in contexts],
        intent=intent,
        secondary_intent=secondary,
        answer=None,
        suggestions=list(understanding.suggestions),
        classes=[c.name for c in understanding.classes],
    )
    if not contexts:
        if understanding.classes:
            result.drugs = [class_ref(c) for c in understanding.classes[:3]]
            return class_answer(result, understanding)
        if (reverse := CUES["reverse_question"].search(question)) is not None:
            return reverse_answer(result, reverse)
        result.abstained = (
            "unsure which medicine you mean"
            if understanding.suggestions
            else "no medicine recognised in the question"
        )
        return result

    matched = {c.ref.matched.lower() for c in contexts} | {c.name.lower() for c in contexts}
    exclude = {w for m in matched for w in WORD.findall(m)}
    question_words = content_words(question, exclude)
    question_words |= {stem(w) for q in list(question_words) for w in LABEL_WORDS.get(q, ())}
    population = population_of(question)
    # the medicine asked about: not a common substance named beside it ("does benadryl contain alcohol")
    primary = next(
        (c for c in contexts if c.drug is None or c.drug.key not in COMMON_SUBSTANCES), contexts[0]
    )
    if intent == "ingredient" and len(contexts) > 1:  # "how much aspirin is in butalbital": the container
        lowered = question.lower()
        for c in contexts:
            at = lowered.find(c.ref.matched.lower())
            if at > 0 and re.search(r"\b(in|inside|of)\s+(the\s+|a\s+|my\s+)?$", lowered[:at]):
                primary = c
                break
    others = [c for c in contexts if c is not primary]
    result.drugs = [primary.ref] + [o.ref for o in others]  # the medicine answered about comes first
    request = Request(
        question=question,
        understanding=understanding,
        intent=intent,
        contexts=contexts,
        primary=primary,
        others=others,
        question_words=question_words,
        matched=matched,
        population=population,
    )
    sentences, notices = compose(request)
    sentences, notices = list(sentences), list(notices)

    if (
        intent in ("information", "ingredient")
        and understanding.classes
        and CUES["membership_question"].search(question)
    ):
        member = next((m for cls in understanding.classes if (m := membership(primary, cls))), [])
        if (
            not member
            and (s := class_sentence(primary)) is not None
            and s.text not in {x.text for x in sentences}
        ):
            member = [s]  # "is gabapentin a narcotic": what it is instead (a "no" is never claimed)
        if member:  # an answer about what kind of medicine it is replaces "the label has no such section"
            sentences = member + [x for x in sentences if x.role != "absence"]
    if secondary and secondary != intent and primary.label is not None and secondary in INTENT_SECTIONS:
        extra = label_answer(primary, secondary, question_words, n=2, population=population)
        known = {s.text for s in sentences}
        sentences += [s for s in extra if s.text not in known]

    if primary.label is None and intent in COMPONENT_INTENTS and primary.drug is not None:
        extra, note = component_answers(primary, intent, question_words, population)
        if extra:
            sentences += extra
            notices.append(note)
    answered = [primary]
    if intent in (
        "comparison",
        "interaction",
    ):  # a substance named beside the medicine gets no facts of its own
        answered += [c for c in others if c.drug is None or c.drug.key not in COMMON_SUBSTANCES]
    for ctx in answered:
        if ctx.label is not None and not ctx.label.version.is_current:
            v = ctx.label.version
            notices.append(
                f"This answer quotes an earlier version of the {ctx.name} label (version {v.version_display}, "
                f"{v.effective_date or 'undated'}) because the current version loaded lacks the relevant section."
            )
        if ctx.label is None:
            notices.append(no_label_notice(ctx))
            if intent in PRODUCT_FACT_INTENTS:
                sentences += product_forms(ctx)
            if not any(c.source == "nci_thesaurus_glossary" for s in sentences for c in s.citations):
                if intent not in ("generic", "brand_names"):
                    sentences += nci_sentences(ctx)
            if not sentences and (s := class_sentence(ctx)) is not None:
                sentences.append(s)
    sentences = dedupe(sentences)[: MAX_SENTENCES + 2]
    if intent in NOTICE_BY_INTENT:
        notices.append(NOTICE_BY_INTENT[intent])
    notices.append(SAFETY_NOTICE)
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
    from rapidfuzz import fuzz

    out: list[Sentence] = []
    for s in sentences:
        key = s.text.lower()
        if any(key == o.text.lower() or fuzz.ratio(key, o.text.lower()) >= 88 for o in out):
            continue
        out.append(s)
    return out
