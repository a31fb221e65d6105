"""The default composer (the label sentences that answer a question type, after what the question names) and
the two narrow label composers: timing ("how long until it works") and abuse/scheduling."""

from __future__ import annotations

from rxanswers.answers.asked import asked_terms
from rxanswers.answers.composers.asked import asked_answer, listed_use
from rxanswers.answers.evidence.absence import absence
from rxanswers.answers.evidence.facts import class_sentence
from rxanswers.answers.evidence.retrieval import label_answer, timing
from rxanswers.answers.resources import CUES


def topical(request):
    """The sentences of the type's sections that answer the question; what the question names (a symptom, a
    condition, an ingredient) first; a cited statement of what the label lacks when nothing answers."""
    intent, primary, question = request.intent, request.primary, request.question
    sentences = []
    asked = asked_terms(question, request.matched) if intent in ("side_effects", "contraindication") else []
    if intent == "indication" and CUES["use_for"].search(question):
        sentences = listed_use(primary, asked_terms(question, request.matched))
    if intent == "ingredient" and request.others:  # "is there alcohol in nyquil": asked about in the label
        asked = [(o.ref.matched, sorted({o.name.lower(), o.ref.matched.lower()})) for o in request.others[:2]]
    sentences = asked_answer(primary, asked, intent) if asked else sentences if intent == "indication" else []
    general = label_answer(
        primary, intent, request.question_words, n=4 - min(2, len(sentences)), population=request.population
    )
    sentences += general
    if not sentences and primary.label is not None:
        sentences = [absence(primary, intent)]
    return sentences, []


def time_to_work(request):
    """ "How long does X take to work / stay in your system": the label's timing sentences after the class."""
    found = timing(request.primary, request.question_words)
    if not found:
        return None
    lead = class_sentence(request.primary)
    return ([lead] if lead is not None else []) + found, []


def abuse(request):
    """ "Is X addictive / a controlled substance / a narcotic": the label's abuse and dependence text."""
    found = label_answer(request.primary, "abuse", request.question_words, n=3)
    if not found:
        return None
    lead = class_sentence(request.primary)
    return ([lead] if lead is not None else []) + found, []
