"""Composers: one per answer form or topic, registered in one table (``ROUTES``).

A composer takes a :class:`Request` (the question, its understanding and the evidence contexts) and returns
``(sentences, notices)``, or ``None`` when it does not apply, so the next route is tried. Routes are tried in
order; a route matches on the question type and, optionally, a routing cue from ``resources/cues.json``.
Nothing outside this table decides which composer answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rxanswers.answers.composers import availability, interaction, overview, topical
from rxanswers.answers.composers.comparison import comparison
from rxanswers.answers.evidence.context import DrugContext
from rxanswers.answers.population import Population
from rxanswers.answers.resources import CUES
from rxanswers.answers.schemas import Sentence


@dataclass
class Request:
    question: str
    understanding: object
    intent: str
    contexts: list[DrugContext]
    primary: DrugContext
    others: list[DrugContext]
    question_words: set[str]
    matched: set[str]
    population: Population | None = None
    extra: dict = field(default_factory=dict)


Composed = tuple[list[Sentence], list[str]]
Composer = Callable[[Request], Composed | None]


@dataclass(frozen=True)
class Route:
    intents: tuple[str, ...]
    compose: Composer
    cue: str | None = None  # a key of resources/cues.json the question must match


def _generic(r: Request) -> Composed:
    return availability.generic(r.primary)


def _cost(r: Request) -> Composed:
    sentences, notices = availability.generic(r.primary, answer_yes=False)
    price_sentences, price_notice = availability.prices(r.primary)
    return price_sentences + sentences, [price_notice, *notices]


def _interaction(r: Request) -> Composed:
    return interaction.interaction(
        r.contexts, r.question, r.question_words, r.matched, classes=r.understanding.classes
    )


def _makers(r: Request) -> Composed:
    return availability.makers(r.primary) or overview.overview(
        r.primary, r.question_words, detailed=False
    ), []


def _overview(r: Request) -> Composed:
    return overview.overview(r.primary, r.question_words, detailed=(r.intent == "action")), []


ROUTES: list[Route] = [
    Route(("comparison",), comparison),
    Route(("generic",), _generic),
    Route(("cost",), _cost),
    Route(("brand_names",), lambda r: availability.brand_names(r.primary)),
    Route(("alternatives",), lambda r: availability.alternatives(r.primary, r.question_words)),
    Route(("interaction",), _interaction),
    Route(("information",), _makers, cue="maker_question"),
    Route(("action",), topical.time_to_work, cue="time_question"),
    Route(("information",), topical.abuse, cue="abuse_question"),
    Route(("action", "information"), _overview),
]


def compose(request: Request) -> Composed:
    """The first registered composer that applies, else the default label composer."""
    for route in ROUTES:
        if request.intent not in route.intents:
            continue
        if route.cue is not None and not CUES[route.cue].search(request.question):
            continue
        composed = route.compose(request)
        if composed is not None:
            return composed
    return topical.topical(request)
