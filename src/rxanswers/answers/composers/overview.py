"""Information and "how does it work" questions: the reference-site overview (class, how it works, uses,
how it is given, boxed warning, most common side effects)."""

from __future__ import annotations

from rxanswers.answers.evidence.context import DrugContext
from rxanswers.answers.evidence.facts import class_sentence, nci_sentences
from rxanswers.answers.evidence.retrieval import Candidate, label_sentence, pick, score_sentences
from rxanswers.answers.evidence.sentences import BOXED_TITLE, quotable_sentences
from rxanswers.answers.resources import INTENT_SECTIONS
from rxanswers.answers.schemas import Sentence


def overview(ctx: DrugContext, question_words: set[str], *, detailed: bool) -> list[Sentence]:
    """The reference-site pattern: class, how it works, what it treats, how it's given, warnings, side effects."""
    out: list[Sentence] = []
    if (s := class_sentence(ctx)) is not None:
        out.append(s)
    view = ctx.label
    if view is None:
        return out + nci_sentences(ctx)
    plan = [("action", 1), ("indication", 2 if detailed else 1)]
    if detailed:
        plan += [("usage", 1)]
    for intent, n in plan:
        keys = INTENT_SECTIONS[intent][:2]
        picked = pick(score_sentences(view, keys, intent, question_words), n)
        out += [label_sentence(view, c) for c in picked]
    if "boxed_warning" in view.sections:
        boxed = quotable_sentences(BOXED_TITLE.sub("", view.sections["boxed_warning"].text))
        if boxed:
            out.append(label_sentence(view, Candidate(boxed[0], "boxed_warning", 0, 1)))
    if detailed:
        picked = pick(score_sentences(view, ["adverse_reactions"], "side_effects", set()), 1, min_score=5)
        out += [label_sentence(view, c) for c in picked]
    return out
