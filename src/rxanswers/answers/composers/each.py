"""Several medicines named, one question about each of them: "I take lisinopril, metoprolol and amlodipine. What is
each one for?", "what are montelukast and loratadine for", "what side effects should I watch for with lisinopril
and simvastatin". One cited sentence per medicine, in the order the message names them (what its FDA labeling lists
among its uses, or the side effects its label lists as most common), instead of a combination answer, when the
asking sentences say nothing of taking them together, choosing between them or swapping one for another
(``together_question`` in ``resources/cues.json``). A choice between medicines for a use ("is Tylenol or Advil ok
for the pain") is asked of each label in turn (``each_for_the_use``)."""

from __future__ import annotations

import dataclasses
import re

from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.interaction import only_alternatives
from rxanswers.answers.composers.overview import USE_SECTIONS
from rxanswers.answers.composers.quoting import cap, pick, quote
from rxanswers.answers.composers.side_effects import common_list
from rxanswers.answers.composers.uses import can_treat, uses_summary
from rxanswers.answers.evidence.facts import nci_sentences
from rxanswers.answers.resources import CUES
from rxanswers.answers.schemas import Sentence

MAX_MEDICINES = 4
_SIDE_EFFECTS = re.compile(r"\bside[- ]?effects?\b|\badverse (?:effects?|reactions?)\b", re.I)


def each_medicine(r):
    """What each of several medicines named is for, or its common side effects: one sentence per medicine."""
    contexts = [c for c in r.contexts if c.drug is not None]
    if len(contexts) < 2 or r.understanding.classes or r.yes_no:
        return None
    asking = asking_text(r)
    if CUES["together_question"].search(asking) or CUES["replace_question"].search(asking):
        return None
    contexts = sorted(contexts, key=lambda c: _named_at(asking, c))[:MAX_MEDICINES]
    if _with_between(asking, contexts):  # "side effects of lisinopril with simvastatin": the pair
        return None
    topic = _asked_topic(r, asking)
    if topic is None:
        return None
    found, notices = [], []
    for ctx in contexts:
        sentence = _uses(r, ctx) if topic == "uses" else _side_effects(r, ctx)
        if sentence is not None:
            found.append(sentence)
        else:
            what = "uses" if topic == "uses" else "side-effect list"
            notices.append(f"No {what} of {ctx.name} is loaded here.")
    if len(found) < 2:
        return None
    return found, notices


def _named_at(text: str, ctx) -> int:
    where = text.lower().find((ctx.ref.matched or ctx.name).lower())
    return where if where >= 0 else len(text)


def _with_between(text: str, contexts) -> bool:
    """ "X with Y" / "X and Y together": a "with" after the first medicine named, before the last one."""
    first, last = _named_at(text, contexts[0]), _named_at(text, contexts[-1])
    return first < last and re.search(r"\bwith\b", text[first:last], re.I) is not None


def _asked_topic(r, asking: str) -> str | None:
    if _SIDE_EFFECTS.search(asking):  # named: "what happens when I take X and Y" may be about the pair
        return "side_effects"
    if CUES["each_use_question"].search(asking) or r.intent in ("indication", "action"):
        return "uses"
    return None


def _uses(r, ctx) -> Sentence | None:
    """What the medicine's FDA labeling lists among its uses, else its first use sentence, else what the NCI
    dictionary says it is used for."""
    if (summary := uses_summary(r.evidence, ctx)) is not None:
        return summary
    if ctx.label is not None:
        best = pick(r.evidence.ranked(ctx), 1, where=lambda x: x.passage.section in USE_SECTIONS)
        if best:
            return _named(ctx, quote(best[0], ctx))
    said = nci_sentences(ctx, limit=1)
    return said[0] if said else None


def _side_effects(r, ctx) -> Sentence | None:
    if ctx.label is None:
        return None
    found = common_list(r.evidence.ranked(ctx))
    return _named(ctx, quote(found[0], ctx)) if found else None


def _named(ctx, sentence: Sentence) -> Sentence:
    """ "Lisinopril: ..." unless the sentence names it already."""
    if re.search(rf"\b{re.escape(ctx.name)}\b", sentence.text, re.I):
        return sentence
    return Sentence(f"{cap(ctx.name)}: {sentence.text}", sentence.citations, sentence.role)


def each_for_the_use(r):
    """ "Is Tylenol or Advil ok for the pain?", "should I take ibuprofen or naproxen for back pain": a choice
    between medicines for a use, answered for each in turn (whether its label lists that use), not as taking
    them together."""
    if r.intent != "indication" or not r.yes_no or len(r.contexts) < 2 or not only_alternatives(r):
        return None
    leads, quotes = [], []
    for ctx in r.contexts[
        :MAX_MEDICINES
    ]:  # the same request about one medicine alone (as interaction's pairs)
        alone = dataclasses.replace(r, evidence=dataclasses.replace(r.evidence, primary=ctx, others=[]))
        composed = can_treat(alone)
        if composed is None or not composed[0]:
            continue
        first, *rest = composed[0]
        leads.append(first)
        quotes.extend(rest[:1])
    if len(leads) < 2:
        return None
    return leads + quotes[:2], []
