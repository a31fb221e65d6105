"""Interaction questions: what each label says about the other medicine, its class, or the food or drink named."""

from __future__ import annotations

import re

from rxanswers.answers.evidence.absence import mention_sentence, raw_mention
from rxanswers.answers.evidence.context import DrugContext
from rxanswers.answers.evidence.facts import class_terms, class_words
from rxanswers.answers.evidence.retrieval import label_answer, other_mentions
from rxanswers.answers.schemas import Sentence
from rxanswers.answers.words import STOPWORDS


def interaction(
    contexts: list[DrugContext],
    question: str,
    question_words: set[str],
    matched: set[str],
    *,
    classes=(),
):
    sentences: list[Sentence] = []
    notices: list[str] = []
    if len(contexts) >= 2:
        for a, b in [(contexts[0], contexts[1]), (contexts[1], contexts[0])]:
            names = [b.name, *(b.ref.brands[:5]), *class_terms(b.drug)]
            found = other_mentions(a, names)
            if found:
                sentences += found
            elif a.label is not None and (where := raw_mention(a.label, names)):
                sentences.append(mention_sentence(a, b.name, where))
            elif a.label is not None:
                sentences.append(
                    Sentence(
                        f"The FDA label text loaded for {a.name} does not mention {b.name}.",
                        [a.label.label_citation()],
                        "absence",
                    )
                )
        return sentences, notices
    ctx = contexts[0]
    if classes and ctx.label is not None:
        # "can I take a blood thinner with ibuprofen": look for the class, its FDA names and members
        cls = classes[0]
        words = class_words(cls)
        found = other_mentions(ctx, words)
        if found:
            return found, notices
        if where := raw_mention(ctx.label, words):
            return [mention_sentence(ctx, cls.name + "s", where)], notices
        sentences.append(
            Sentence(
                f"The FDA label text loaded for {ctx.name} does not mention {cls.name}s ({', '.join(words[1:4])}).",
                [ctx.label.label_citation()],
                "absence",
            )
        )
        return sentences + label_answer(ctx, "interaction", question_words, n=3), notices
    target = _interaction_target(question, matched | {c.matched.lower() for c in classes})
    if target and ctx.label is not None:
        found = other_mentions(ctx, [target])
        if found:
            return found, notices
        if where := raw_mention(ctx.label, [target]):
            return [mention_sentence(ctx, target, where)], notices
        sentences.append(
            Sentence(
                f"The FDA label text loaded for {ctx.name} does not mention {target}.",
                [ctx.label.label_citation()],
                "absence",
            )
        )
    sentences += label_answer(ctx, "interaction", question_words, n=3)
    return sentences, notices


_WITH_TARGET = re.compile(
    r"\b(?:with|and|plus|after|while (?:drinking|eating|on|taking))\s+([a-z][a-z -]{2,40})", re.I
)


def _interaction_target(question: str, matched: set[str]) -> str | None:
    """The non-drug thing a question pairs a drug with ("coconut oil", "alcohol", "grapefruit juice")."""
    for m in _WITH_TARGET.finditer(question.lower()):
        words = [w for w in m.group(1).split() if w not in STOPWORDS][:3]
        phrase = " ".join(words).strip(" -?")
        if phrase and phrase not in matched and not any(phrase in x or x in phrase for x in matched):
            return phrase
    return None
