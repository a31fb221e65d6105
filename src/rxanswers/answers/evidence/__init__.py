"""Evidence: for each medicine the question is about, the label that speaks for it and its sentences ranked
against the question; plus what the question names (a symptom, a condition, another medicine, a food) and who
is asking. One public entry point, :func:`gather`; composers read the :class:`Evidence` it returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rxanswers.answers import selectors
from rxanswers.answers.asked import asked_terms_with_kinds
from rxanswers.answers.evidence import mentions
from rxanswers.answers.evidence.context import DrugContext, drug_contexts
from rxanswers.answers.evidence.facts import class_terms
from rxanswers.answers.evidence.index import LabelIndex, label_index
from rxanswers.answers.evidence.ranking import Query, Ranked, rank
from rxanswers.answers.population import Population, population_of
from rxanswers.answers.resources import (
    COMMON_SUBSTANCES,
    LABEL_WORDS,
    NOT_SUBSTANCES,
    SUBSTANCE_PHRASES,
    SUBSTANCE_SYNONYMS,
)
from rxanswers.answers.words import STOPWORDS, WORD, content_words, stem

MAX_LABELS = 3  # a medicine's chosen label and up to two more current labels are searched
INTERACTION_LIKELY = 0.3  # topic probability above which "with X" is read as a combination asked about


@dataclass
class Evidence:
    question: str
    understanding: object
    contexts: list[DrugContext]
    primary: DrugContext | None
    others: list[DrugContext]
    asked: list[tuple[str, list[str], list[str]]]  # (wording, forms that answer, every form to check)
    asked_for_use: list[
        bool
    ]  # per asked term: named as what the medicine is for ("for gout", "help my cold")
    asked_kinds: list[str]  # per asked term: adverse_reaction, condition, lab, anatomy, body_part or word
    substance: str | None  # a non-medicine named beside it ("alcohol", "grapefruit juice", "coconut oil")
    population: Population | None
    query: Query
    matched: set[str] = field(default_factory=set)  # the medicine names as written and as known
    _ranked: dict = field(default_factory=dict, repr=False)

    def indexes(self, ctx: DrugContext) -> list[LabelIndex]:
        """The chosen label's index first, then the medicine's other current labels."""
        if ctx.label is None or ctx.drug is None:
            return []
        views = [ctx.label] + [
            v for v in selectors.label_views(ctx.drug) if v.version.id != ctx.label.version.id
        ]
        return [label_index(v) for v in views[:MAX_LABELS]]

    def all_indexes(self, ctx: DrugContext) -> list[LabelIndex]:
        """Every current label of the medicine (for absence checks: the raw text of all of them is read)."""
        if ctx.drug is None:
            return []
        return [label_index(v) for v in selectors.label_views(ctx.drug)]

    def ranked(self, ctx: DrugContext, *, query: Query | None = None) -> list[Ranked]:
        key = (id(ctx), id(query))
        if key not in self._ranked:
            self._ranked[key] = rank(self.indexes(ctx), query or self.query)
        return self._ranked[key]


_WITH_TARGET = re.compile(
    r"\b(?:with|and|plus|after|before|while (?:drinking|eating|on|taking)|drink(?:ing)?|eat(?:ing)?)\s+"
    r"(?:a |an |some |any |my |the )?([a-z][a-z -]{2,40})",
    re.I,
)


_HOW_MUCH_OF = re.compile(r"\bhow (?:much|many) ([a-z]+)\b[^.?!]*\bdrink", re.I)


def substance_of(question: str, matched: set[str], *, interaction_likely: bool = True) -> str | None:
    """The non-medicine a question pairs a medicine with ("coconut oil", "alcohol", "grapefruit juice"): a
    known food, drink or supplement (``resources/words.json``) when one is named, else the words after "with"."""
    lowered = question.lower()
    # "how much fluid should I drink while taking it": the drink is named, and it is not alcohol
    named_drink = (m := _HOW_MUCH_OF.search(lowered)) is not None and m.group(1) not in STOPWORDS
    for name, phrases in SUBSTANCE_PHRASES.items():  # "can I drink on Flagyl": alcohol
        if not named_drink and any(re.search(r"\b" + re.escape(p) + r"\b", lowered) for p in phrases):
            return name
    for name in sorted(SUBSTANCE_SYNONYMS, key=len, reverse=True):
        if re.search(r"\b" + re.escape(name) + r"\b", lowered) and name not in matched:
            return name
    if not interaction_likely:  # "... and is acting angry": "and"/"with" alone do not name a substance
        return None
    for m in _WITH_TARGET.finditer(lowered):
        words = [w for w in m.group(1).split() if w not in STOPWORDS][:3]
        if words and words[0].strip(" -?") in NOT_SUBSTANCES:
            continue  # "after surgery": an event, not something taken with it
        phrase = " ".join(words).strip(" -?")
        if phrase and phrase not in matched and not any(phrase in x or x in phrase for x in matched):
            return phrase
    return None


_USE_BEFORE = re.compile(
    r"\b(?:for|treat\w*|help\w*|cure\w*|prevent\w*|against|control\w*|manag\w*|relie\w*|fix\w*|used? (?:on|in))"
    r"\W+(?:(?:with|my|the|a|an|his|her|your|our|this|that)\W+)?(?:[a-z'-]+\W+){0,2}$",
    re.I,
)


_CAUSED_BEFORE = re.compile(
    r"\b(?:caus\w*|give[sn]?|gave|lead to|leads to|result in)\W+(?:[a-z'-]+\W+)?$", re.I
)


def _named_as_use(question: str, forms: list[str], primary=None, drugs=()) -> bool | None:
    """True when the asked thing is named as the primary medicine's purpose ("for my gout", "help a cold");
    None when it is another medicine's ("I'm on tizanidine for muscle spasms"): then no handler uses it."""
    lowered = question.lower()
    for form in sorted({f.lower().split(" (")[0] for f in forms if f}, key=len, reverse=True):
        words = [w for w in re.findall(r"[a-z]+", form) if len(w) > 2]
        for word in words[:1]:
            m = re.search(r"\b" + re.escape(word[:5]), lowered)
            if m:
                if not _USE_BEFORE.search(lowered[: m.start()]) or _CAUSED_BEFORE.search(
                    lowered[: m.start()]
                ):
                    return False  # "for years cause low b12": what it may cause, not what it is for
                before = [d for d in drugs if d.end <= m.start()]
                nearest = max(before, key=lambda d: d.end) if before else None
                if (
                    nearest is not None
                    and primary is not None
                    and nearest.matched.lower() != primary.ref.matched.lower()
                ):
                    return None
                return True
    return False


def _pattern(form: str) -> re.Pattern[str]:
    return mentions.word_pattern(form)


def gather(question: str, understanding) -> Evidence:
    """The medicines, their labels and the ranking query for ``question``."""
    contexts = drug_contexts(understanding, understanding.intent)
    primary = next((c for c in contexts if c.drug is None or c.drug.key not in COMMON_SUBSTANCES), None)
    if primary is None and contexts:
        primary = contexts[0]
    if understanding.intent == "ingredient" and len(contexts) > 1:  # "how much aspirin is in butalbital"
        lowered = question.lower()
        for c in contexts:
            at = lowered.find(c.ref.matched.lower())
            if at > 0 and re.search(r"\b(in|inside|of)\s+(the\s+|a\s+|my\s+)?$", lowered[:at]):
                primary = c
                break
    others = [c for c in contexts if c is not primary]
    matched = {c.ref.matched.lower() for c in contexts} | {c.name.lower() for c in contexts}
    matched |= {m.matched.lower() for m in understanding.classes}
    exclude = {w for m in matched for w in WORD.findall(m)}
    words = content_words(question, exclude)
    # the label's word for a consumer one ("kids" -> pediatric); short plurals keep their "s" in ``stem``
    words |= {
        stem(w) for q in list(words) for w in LABEL_WORDS.get(q) or LABEL_WORDS.get(q.removesuffix("s"), ())
    }
    with_kinds = asked_terms_with_kinds(question, matched)
    asking = understanding.focus.text.lower() if understanding.focus is not None else ""
    if asking.strip() and asking.strip() != question.lower().strip():  # a story, then the question: a loose
        # single word counts only in the asking sentence ("mental health organizations" in the story is no worry)
        with_kinds = [t for t in with_kinds if t[3] != "word" or re.search(rf"\b{re.escape(t[0])}", asking)]
    asked = [(shown, forms, every) for shown, forms, every, _ in with_kinds]
    asked_for_use = [
        _named_as_use(question, forms + every + [shown], primary, understanding.drugs)
        for shown, forms, every in asked
    ]
    substance = substance_of(
        question,
        matched,
        interaction_likely=understanding.topics.get("interaction", 0.0) >= INTERACTION_LIKELY,
    )
    patterns = [_pattern(f) for _, forms, _ in asked for f in forms]
    for other in others:  # an interaction question: sentences naming the other medicine or its class
        names = [other.name, other.ref.matched, *other.ref.brands[:5], *class_terms(other.drug)]
        patterns += [_pattern(n.lower()) for n in names if n and len(n) > 2]
    if substance:
        patterns.append(_pattern(substance))
    population = population_of(question)
    query = Query(
        text=question,
        vector=understanding.vector,
        words=words,
        topics=understanding.topics,
        forms=understanding.forms,
        asked=patterns,
        population=population,
    )
    return Evidence(
        question=question,
        understanding=understanding,
        contexts=contexts,
        primary=primary,
        others=others,
        asked=asked,
        asked_for_use=asked_for_use,
        asked_kinds=[kind for *_, kind in with_kinds],
        substance=substance,
        population=population,
        query=query,
        matched=matched,
    )
