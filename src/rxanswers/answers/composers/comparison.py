"""Comparison questions ("X vs Y (vs Z)"): a short cited summary built from the side-by-side table
(``answers/compare.py``) - the class they share or each one's, what each is used for, which have generics - and a
pointer to the full comparison page. "Which is better / stronger?" is first told that the labels do not rank
them, when no loaded label of either names the other."""

from __future__ import annotations

import re

from rxanswers.answers import citations
from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.overview import overview
from rxanswers.answers.composers.quoting import lead
from rxanswers.answers.evidence import mentions
from rxanswers.answers.evidence.facts import listed

_RANKED = re.compile(
    r"\b(?:better|best|stronger|strongest|weaker|safer|safest|worse|superior|more (?:effective|potent|powerful)|"
    r"less (?:effective|potent))\b",
    re.I,
)


def not_compared(request, contexts):
    """ "Which is better, Aleve or Advil?": when every medicine's label text is loaded and none of it names
    another of them, the labels do not rank them; said first, cited to the labels read."""
    asked = _RANKED.search(asking_text(request))
    if asked is None or any(c.label is None for c in contexts):
        return None
    for ctx in contexts:
        others = [n for c in contexts if c is not ctx for n in (c.name, *c.ref.brands[:8])]
        if mentions.raw_mention(request.evidence.all_indexes(ctx), [n.lower() for n in others]) is not None:
            return None  # one label speaks of the other (a head-to-head trial): the ranked sentences may say
    return lead(
        f"The labels do not say which is {asked.group(0).lower()}: the {listed([c.name for c in contexts])} "
        "labels loaded here do not compare them with each other.",
        citations=[citations.whole_label(c.label) for c in contexts],
        role="absence",
    )


def comparison(request):
    if len(request.contexts) < 2:
        return None
    from rxanswers.answers.compare import canonical_path, compare_contexts, summary

    contexts = [c for c in request.contexts if c.drug is not None and c.ref.slug]
    unranked = [n] if (n := not_compared(request, request.contexts)) is not None else []
    if len(contexts) >= 2:
        table = compare_contexts(contexts)
        sentences = summary(table)
        if sentences:
            return unranked + sentences, [f"Side by side, with every source: {canonical_path(table.slugs)}"]
    sentences = []
    for ctx in request.contexts:
        for sentence in overview(request.evidence, ctx)[:2]:
            names = [ctx.name.lower(), *(b.lower() for b in ctx.ref.brands[:5])]
            if not any(n in sentence.text.lower() for n in names):  # say which drug each sentence is about
                sentence.text = (
                    f"{ctx.name[:1].upper() + ctx.name[1:]}: {sentence.text[:1].lower() + sentence.text[1:]}"
                )
            sentences.append(sentence)
    return unranked + sentences, []
