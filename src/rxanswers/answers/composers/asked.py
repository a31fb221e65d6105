"""Questions that name something specific (a symptom, a condition, an ingredient): the label sentences that
name it, or a cited statement that the label does not."""

from __future__ import annotations

import re

from rxanswers.answers.asked import SE_SEARCH_KEYS, asked_index
from rxanswers.answers.evidence.absence import mention_sentence, raw_mention, raw_words
from rxanswers.answers.evidence.context import DrugContext
from rxanswers.answers.evidence.retrieval import Candidate, label_sentence
from rxanswers.answers.evidence.sentences import quotable_sentences
from rxanswers.answers.schemas import Sentence
from rxanswers.answers.words import STOPWORDS, WORD


def asked_answer(ctx: DrugContext, asked: list[tuple], intent: str) -> list[Sentence]:
    """Label sentences that name what the question asks about, or a cited statement that the label
    does not mention it (after checking the whole label text, tables included)."""
    if ctx.label is None:
        return []
    out: list[Sentence] = []
    keys = SE_SEARCH_KEYS + [k for k in ctx.label.sections if k not in SE_SEARCH_KEYS]
    for shown, forms, *rest in asked:
        every = rest[0] if rest else forms
        patterns = [re.compile(r"\b" + re.escape(f) + r"(?:e?s)?\b", re.I) for f in forms]
        # the words of a form in any order and inflection ("stomach ulcer" ~ "ulcers of the stomach")
        word_sets = [
            [re.compile(r"\b" + re.escape(w[:6]), re.I) for w in WORD.findall(f) if w not in STOPWORDS]
            for f in forms
        ]
        word_sets = [ws for ws in word_sets if ws]

        longer = asked_index()[0]
        own = {f.lower() for f in forms}
        phrase_sets = [ws for ws in word_sets if len(ws) > 1]

        def names_it(
            sentence: str, patterns=patterns, phrase_sets=phrase_sets, own=own, longer=longer
        ) -> bool:
            low = sentence.lower()
            for p in patterns:
                for m in p.finditer(sentence):
                    # "hepatitis" inside "hepatitis C protease inhibitor" names another glossary term
                    whole = longer.match(low, m.start()) if longer is not None else None
                    if whole and whole.end() > m.end() + 1 and whole.group(0) not in own:
                        continue
                    return True
            return any(all(w.search(sentence) for w in ws) for ws in phrase_sets)

        found: list[Sentence] = []
        for key in keys:
            section = ctx.label.sections.get(key)
            if section is None:
                continue
            for position, sentence in enumerate(quotable_sentences(section.text)):
                if names_it(sentence):
                    found.append(label_sentence(ctx.label, Candidate(sentence, key, position, 1)))
                    break  # one sentence per section: breadth over repetition
            if len(found) >= 2:
                break
        if found:
            out += found
        elif where := raw_mention(ctx.label, every):
            out.append(mention_sentence(ctx, shown, where))
        elif raw_words(ctx.label, word_sets):
            continue  # related words appear (e.g. "ulceration"): no absence claim, the general answer follows
        else:
            out.append(
                Sentence(
                    f"The FDA label text loaded for {ctx.name} does not mention {shown}.",
                    [ctx.label.label_citation()],
                    "absence",
                )
            )
    return out


def listed_use(ctx: DrugContext, asked: list[tuple]) -> list[Sentence]:
    """Whether the label's Indications and Usage section names the condition asked about: the sentence that
    does, or a cited statement that the listed uses do not include it (only after every glossary form of the
    condition was looked for in that section). The approved uses follow in the general answer."""
    view = ctx.label
    section = view.sections.get("indications_and_usage") if view is not None else None
    if section is None or not asked:
        return []
    out: list[Sentence] = []
    text = section.text
    sentences = quotable_sentences(text)
    for shown, forms, *rest in asked[:1]:
        every = rest[0] if rest else forms
        patterns = [re.compile(r"\b" + re.escape(f) + r"(?:e?s)?\b", re.I) for f in every]
        hit = next((i for i, sent in enumerate(sentences) if any(p.search(sent) for p in patterns)), None)
        if hit is not None:
            out.append(label_sentence(view, Candidate(sentences[hit], section.key, hit, 1.0)))
        elif not any(p.search(text) for p in patterns):
            out.append(
                Sentence(
                    f"The uses listed in the FDA label for {ctx.name} do not include {shown}; a prescriber may "
                    "still use a medicine for a purpose its label does not list (off-label use).",
                    [view.citation(section)],
                    "absence",
                )
            )
    return out
