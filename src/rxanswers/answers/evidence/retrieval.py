"""Sentence retrieval from a drug's label: score the sentences of the sections a question type points to,
pick the best, quote them (plain words, cited)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rxanswers.answers import selectors
from rxanswers.answers.evidence.context import DrugContext
from rxanswers.answers.evidence.sentences import _lay, quotable_sentences
from rxanswers.answers.population import Population, population_fit
from rxanswers.answers.resources import CUE_REQUIRED, INTENT_CUES, INTENT_SECTIONS, TIME_CUES, TIME_SECTIONS
from rxanswers.answers.schemas import Sentence
from rxanswers.answers.words import content_words


def plain(sentence: str, protect: tuple[str, ...] = ()) -> str:
    return _lay().load_lay_terms().rewrite(sentence, protect=protect).text


@dataclass
class Candidate:
    text: str
    section_key: str
    position: int
    score: float


def section_sentences(view: selectors.LabelView, keys: list[str]):
    """(rank of the section in ``keys``, section key, position, sentence) for every quotable sentence of the
    label's sections named in ``keys`` that the label has, in that order."""
    for rank, key in enumerate(keys):
        section = view.sections.get(key)
        if section is not None:
            for position, sentence in enumerate(quotable_sentences(section.text)):
                yield rank, key, position, sentence


def score_sentences(
    view: selectors.LabelView,
    keys: list[str],
    intent: str,
    question_words: set[str],
    population: Population | None = None,
) -> list[Candidate]:
    cues = INTENT_CUES.get(intent, [])
    out: list[Candidate] = []
    for rank, key, position, sentence in section_sentences(view, keys):
        lower = sentence.lower()
        words = content_words(lower, set())
        overlap = len(question_words & words)
        cue_hits = sum(1 for cue in cues if cue in lower)
        # Every sentence of the first-choice section is on topic; later sections must earn their place,
        # and for narrow intents only with a word of the topic ("normal" alone does not make a sentence
        # about stopping)
        base = 1.0 if rank == 0 else 0.0
        if not cue_hits and intent in CUE_REQUIRED and (rank > 0 or intent == "stopping"):
            continue  # (a stopping answer's first section, dosage, is mostly about starting)
        score = base + 3.0 * overlap + 1.0 * min(cue_hits, 4) - 0.6 * rank - 0.05 * position
        if sentence.endswith(" …"):
            score -= 1.0
        if intent == "side_effects" and "most common" in lower:
            score += 6
        if intent == "indication" and position == 0 and rank == 0:
            score += 3
        if intent == "action" and key == "mechanism_of_action" and position == 0:
            score += 2
        if population is not None and intent in ("dose", "usage"):
            score += population_fit(sentence, population)
        out.append(Candidate(sentence, key, position, score))
    return sorted(out, key=lambda c: -c.score)


def pick(cands: list[Candidate], n: int, min_score: float = 0.5) -> list[Candidate]:
    chosen: list[Candidate] = []
    seen: set[str] = set()
    for cand in cands:
        norm = cand.text.lower()[:80]
        if cand.score < min_score or norm in seen:
            continue
        seen.add(norm)
        chosen.append(cand)
        if len(chosen) >= n:
            break
    if len(chosen) > 1:  # lead with the best, keep the rest in label order
        chosen = [chosen[0]] + sorted(
            chosen[1:], key=lambda c: (c.section_key != chosen[0].section_key, c.position)
        )
    return chosen


def label_sentence(view: selectors.LabelView, cand: Candidate, role: str = "answer") -> Sentence:
    protect = tuple(view.version.brand_names + view.version.generic_names)
    return Sentence(plain(cand.text, protect), [view.citation(view.sections[cand.section_key])], role)


def label_answer(
    ctx: DrugContext,
    intent: str,
    question_words: set[str],
    n: int = 4,
    population: Population | None = None,
) -> list[Sentence]:
    if ctx.label is None:
        return []
    keys = INTENT_SECTIONS.get(intent, INTENT_SECTIONS["indication"])
    scored = score_sentences(ctx.label, keys, intent, question_words, population)
    picked = pick(scored, n)
    if not picked and scored:  # the right section exists but no sentence stood out: lead with its opening
        picked = pick(sorted(scored, key=lambda c: (keys.index(c.section_key), c.position)), min(n, 2), -1e9)
    return [name_subject(label_sentence(ctx.label, c), ctx) for c in picked]


_PRONOUN_START = re.compile(
    r"^(It|This (?:drug|medicine|medication|product))(?= (?:should|is|can|may|must|will|has|does|works|was)\b)"
)


def name_subject(sentence: Sentence, ctx: DrugContext) -> Sentence:
    """A quoted sentence that opens with "It should ..." names its subject: the label section is about
    this medicine, and out of context "it" is unclear."""
    if _PRONOUN_START.match(sentence.text):
        name = ctx.name[:1].upper() + ctx.name[1:]
        sentence.text = _PRONOUN_START.sub(name, sentence.text, count=1)
    return sentence


_TIME_EXPRESSION = re.compile(
    r"\b\d+(?:\.\d+)?(?:\s*(?:to|-|–)\s*\d+(?:\.\d+)?)?\s*(?:minutes?|min|hours?|hrs?|h|days?|weeks?|months?)\b"
    r"|\bhalf-?\s?life\b",
    re.I,
)


def timing(ctx: DrugContext, question_words: set[str], n: int = 3) -> list[Sentence]:
    """Label sentences that say how fast a medicine acts or how long it stays (onset, peak, half-life,
    elimination): the answer to "how long does X take to work / stay in your system". Only sentences with a
    time in them; none when the label gives no time (the caller then gives the usual overview)."""
    view = ctx.label
    if view is None:
        return []
    out: list[Candidate] = []
    for rank, key, position, sentence in section_sentences(view, TIME_SECTIONS):
        if not _TIME_EXPRESSION.search(sentence) or sentence.endswith(" …"):
            continue
        lower = sentence.lower()
        cue_hits = sum(1 for cue in TIME_CUES if cue in lower)
        overlap = len(question_words & content_words(lower, set()))
        score = 2.0 * cue_hits + 2.0 * overlap - 0.2 * rank - 0.01 * position
        if re.search(r"\b(rats?|mice|dogs?|animals?|in vitro)\b", lower):
            score -= 4.0  # animal and laboratory data do not answer a patient's question
        out.append(Candidate(sentence, key, position, score))
    picked = pick(sorted(out, key=lambda c: -c.score), n, min_score=1.5)
    return [name_subject(label_sentence(view, c), ctx) for c in picked]


def other_mentions(ctx: DrugContext, other_names: list[str]) -> list[Sentence]:
    """Sentences of ctx's label that name any of ``other_names`` (interaction sections first)."""
    if ctx.label is None:
        return []
    patterns = [re.compile(r"\b" + re.escape(n.lower()) + r"(?:e?s)?\b") for n in other_names if len(n) > 2]
    out = []
    keys = INTENT_SECTIONS["interaction"] + ["adverse_reactions", "clinical_pharmacology"]
    keys += [k for k in ctx.label.sections if k not in keys]
    for key in keys:
        section = ctx.label.sections.get(key)
        if section is None:
            continue
        for position, sentence in enumerate(quotable_sentences(section.text)):
            if any(p.search(sentence.lower()) for p in patterns):
                out.append(label_sentence(ctx.label, Candidate(sentence, key, position, 1)))
                if len(out) >= 3:
                    return out
    return out
