"""Honest absence: a label "does not mention X" only after the raw text of every section was checked."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.evidence.context import DrugContext
from rxanswers.answers.resources import GENERIC_STEMS, INTENT_SECTIONS
from rxanswers.answers.schemas import Sentence


def raw_mention(view: selectors.LabelView, names: list[str]) -> str | None:
    """The key of a section whose raw text names any of ``names`` (tables and long lists included).

    An absence claim ("does not mention") is only made after this check on the unfiltered text."""
    patterns = [re.compile(r"\b" + re.escape(n.lower()) + r"(?:e?s)?\b") for n in names if len(n) > 2]
    for key, section in view.sections.items():
        text = section.text.lower()
        if any(p.search(text) for p in patterns):
            return key
    return None


def raw_words(view: selectors.LabelView, word_sets: list[list[re.Pattern[str]]]) -> bool:
    """True when any single word (by its first six letters) of the asked forms occurs anywhere in the label
    text: then the label may speak of it in other words, and no absence is claimed."""
    stems = {w.pattern for ws in word_sets for w in ws if w.pattern.removeprefix(r"\b") not in GENERIC_STEMS}
    patterns = [re.compile(p, re.I) for p in stems]
    return any(p.search(section.text) for section in view.sections.values() for p in patterns)


def mention_sentence(ctx: DrugContext, name: str, section_key: str) -> Sentence:
    title = ctx.label.sections[section_key].title or section_key.replace("_", " ")
    return Sentence(
        f"The FDA label for {ctx.name} mentions {name} in its {title.lower()} section; "
        f"ask your pharmacist what it means for you.",
        [ctx.label.citation(ctx.label.sections[section_key])],
        "answer",
    )


def absence(ctx: DrugContext, intent: str) -> Sentence:
    """Say exactly what the loaded label lacks, citing the label version that was checked."""
    wanted = INTENT_SECTIONS.get(intent, [])
    missing = [k for k in wanted[:3] if k not in ctx.label.sections]
    if missing:
        what = " or ".join(k.replace("_", " ") for k in missing)
        text = f"The FDA label text loaded for {ctx.name} has no {what} section, so it does not answer this question."
    else:
        text = f"The FDA label text loaded for {ctx.name} does not address this question."
    return Sentence(text, [ctx.label.label_citation()], "absence")
