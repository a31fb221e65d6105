"""Comparison questions ("X vs Y (vs Z)"): a short cited summary built from the side-by-side table
(``answers/compare.py``) - the class they share or each one's, what each is used for, which have generics - and a
pointer to the full comparison page."""

from __future__ import annotations

from rxanswers.answers.composers.overview import overview


def comparison(request):
    if len(request.contexts) < 2:
        return None
    from rxanswers.answers.compare import canonical_path, compare_contexts, summary

    contexts = [c for c in request.contexts if c.drug is not None and c.ref.slug]
    if len(contexts) >= 2:
        table = compare_contexts(contexts)
        sentences = summary(table)
        if sentences:
            return sentences, [f"Side by side, with every source: {canonical_path(table.slugs)}"]
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
