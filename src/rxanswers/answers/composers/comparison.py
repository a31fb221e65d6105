"""Comparison questions ("X vs Y"): a short overview of each medicine, each sentence saying which it is about."""

from __future__ import annotations

from rxanswers.answers.composers.overview import overview


def comparison(request):
    if len(request.contexts) < 2:
        return None
    sentences = []
    for ctx in request.contexts:
        for sentence in overview(request.evidence, ctx)[:2]:
            names = [ctx.name.lower(), *(b.lower() for b in ctx.ref.brands[:5])]
            if not any(n in sentence.text.lower() for n in names):  # say which drug each sentence is about
                sentence.text = (
                    f"{ctx.name[:1].upper() + ctx.name[1:]}: {sentence.text[:1].lower() + sentence.text[1:]}"
                )
            sentences.append(sentence)
    return sentences, []
