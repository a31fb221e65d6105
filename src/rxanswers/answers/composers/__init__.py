"""Composers: one per answer form or topic, registered in one table (``ROUTES``).

A composer takes a :class:`Request` (the question, its understanding and the evidence) and returns
``(sentences, notices)``, or ``None`` when it does not apply, so the next route is tried. A route matches on
the question type, optionally the answer form (the classifier's probability of it) and a routing cue from
``resources/cues.json``. Each composer leads with the answer, then the evidence; every sentence is cited.
Nothing outside this table decides which composer answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rxanswers.answers.composers import (
    action,
    allergy,
    alternatives,
    availability,
    classes,
    dose,
    each,
    forms,
    interaction,
    membership,
    overdose,
    overview,
    shared_uses,
    side_effects,
    spacing,
    status,
    stopping,
    topical,
    usage,
    yes_no,
)
from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.comparison import comparison
from rxanswers.answers.composers.identity import identity
from rxanswers.answers.composers.openings import question_kind
from rxanswers.answers.evidence import Evidence
from rxanswers.answers.evidence.context import DrugContext
from rxanswers.answers.resources import CUES
from rxanswers.answers.schemas import Sentence

_HISTORY = re.compile(
    r"\b(?:allergic to|allergy to|allergies to|reaction to|history of|had|from)\W*(?:\w+\W+){0,2}$", re.I
)
INTERACTION_ROUTE_MIN = 0.2  # two things named together are read as a combination question above this
SALE_INTERACTION_MAX = 0.5  # a question this likely about a combination is not a how-is-it-sold question
SALE_TOPICS = frozenset({"information", "cost", "generic", "brand_names", "alternatives", "contraindication"})


@dataclass
class Request:
    question: str
    understanding: object
    evidence: Evidence

    @property
    def intent(self) -> str:
        return self.understanding.intent

    @property
    def primary(self) -> DrugContext | None:
        return self.evidence.primary

    @property
    def others(self) -> list[DrugContext]:
        return self.evidence.others

    @property
    def contexts(self) -> list[DrugContext]:
        return self.evidence.contexts

    @property
    def yes_no(self) -> bool:
        """The question expects a yes or a no: its most likely answer form (a wh-question never is)."""
        return self.understanding.form == "yes_no"


Composed = tuple[list[Sentence], list[str]]
Composer = Callable[[Request], Composed | None]


@dataclass(frozen=True)
class Route:
    intents: tuple[str, ...] | None  # None: any question type
    compose: Composer
    cue: str | None = None  # a key of resources/cues.json the question must match
    yes_no: bool = False  # only when the question expects a yes or a no


def _generic(r: Request) -> Composed:
    return availability.generic(r.primary, answer_yes=True)


def _cost(r: Request) -> Composed:
    sentences, notices = availability.generic(r.primary, answer_yes=False)
    price_sentences, price_notice = availability.prices(r.primary)
    return price_sentences + sentences, [price_notice, *notices]


def _makers(r: Request) -> Composed | None:
    found = availability.makers(r.primary)
    return (found, []) if found else None


def _sale_status(r: Request) -> Composed | None:
    """ "Is Flonase over the counter?", "do I need a prescription for ...": unless the question is mostly about
    taking two things together ("I take OTC ibuprofen, can I add ...")."""
    if r.understanding.topics.get("interaction", 0.0) >= SALE_INTERACTION_MAX:
        return None
    if r.intent not in SALE_TOPICS and not status.buying(r.question):
        return None  # a use, dose or side-effect question that mentions an OTC product
    return status.sale_status(r)


def _interaction_asked(r: Request) -> Composed | None:
    """Two medicines (or a medicine and a food, drink or class) named together in any question type."""
    if not (r.others or r.evidence.substance or r.understanding.classes):
        return None
    if r.others and interaction.only_alternatives(r):
        return None  # "is Tylenol or Advil ok for the pain": a choice between them, not taking both
    likely = r.understanding.topics.get("interaction", 0.0) >= INTERACTION_ROUTE_MIN
    # "can I take cipro if I'm on tizanidine": a permission question naming a second medicine taken now
    taking_both = (
        bool(r.others)
        and r.yes_no
        and question_kind(asking_text(r)) == "permission"
        and not any(
            _HISTORY.search(r.question[: max(0, r.question.lower().find(o.ref.matched.lower()))][-30:])
            for o in r.others
        )
    )
    if not (likely or taking_both or _only_the_pair(r)):
        return None
    return interaction.interaction(r)


_PAIR_FILLER = frozenset("what how about and with plus a an the my some any".split())


def _only_the_pair(r: Request) -> bool:
    """The asking text is nothing but the two things named ("What about azithromycin and a steroid?",
    "xanax and a beta blocker?"): taking them together is the question."""
    rest = asking_text(r).lower()
    u = r.understanding
    for match in [*u.drugs, *u.mentioned, *u.classes]:
        rest = rest.replace(match.matched.lower(), " ")
    if r.evidence.substance:
        rest = rest.replace(r.evidence.substance.lower(), " ")
    words = re.findall(r"[a-z]+", rest)
    return bool(words) and all(w in _PAIR_FILLER for w in words) and ("and" in words or "with" in words)


ROUTES: list[Route] = [
    Route(None, shared_uses.same_uses, yes_no=True),
    Route(None, identity, yes_no=True),
    Route(None, forms.comes_in, yes_no=True),
    Route(None, forms.strengths, cue="strength_question"),
    Route(None, availability.brand_or_generic, cue="brand_generic_question"),
    Route(None, each.each_medicine),
    Route(("indication",), each.each_for_the_use, yes_no=True),
    Route(("comparison",), comparison),
    Route(("generic",), _generic),
    Route(("cost",), _cost),
    Route(("brand_names",), lambda r: availability.brand_names(r.primary)),
    Route(None, _sale_status, cue="sale_question"),
    Route(("information",), _makers, cue="maker_question"),
    Route(("alternatives",), shared_uses.instead, cue="replace_question"),
    Route(("alternatives",), alternatives.for_the_same_use),
    Route(("indication",), alternatives.for_the_same_use, cue="besides_question"),
    Route(("alternatives",), alternatives.because_of_a_condition),
    Route(("alternatives",), lambda r: availability.alternatives(r.primary, r.evidence)),
    Route(None, spacing.wait_between, cue="spacing_question"),
    Route(("interaction",), interaction.interaction),
    Route(None, membership.is_a, cue="membership_question"),
    Route(None, classes.others_in_class),
    Route(None, allergy.allergy),
    Route(None, _interaction_asked),
    Route(("interaction", "information"), interaction.other_not_named, yes_no=True),
    Route(("information", "side_effects"), topical.abuse, cue="abuse_question"),
    Route(("appearance",), usage.appearance),
    Route(("ingredient",), yes_no.contains_named),
    Route(None, yes_no.yes_no, yes_no=True),
    Route(("overdose",), overdose.what_happens),
    Route(("stopping", "usage"), stopping.how_to_stop),
    Route(("usage", "storage_disposal", "stopping", "dose", "overdose", "side_effects"), usage.narrow),
    Route(("side_effects",), side_effects.most_common),
    Route(("action", "usage"), action.time_to_work, cue="time_question"),
    Route(("action",), action.how_it_works),
    Route(("dose",), dose.maximum, cue="maximum_question"),
    Route(("dose",), dose.for_whom),
    Route(("dose",), dose.by_use),
    Route(("indication",), overview.uses),
    Route(("information",), overview.information),
]


def compose(request: Request) -> Composed:
    """The first registered composer that applies, else the default: the best-ranked label sentences."""
    asking = asking_text(request)  # a cue in the story ("I bought it over the counter ...") does not route
    for route in ROUTES:
        if route.intents is not None and request.intent not in route.intents:
            continue
        if route.yes_no and not request.yes_no:
            continue
        if route.cue is not None and not CUES[route.cue].search(asking):
            continue
        composed = route.compose(request)
        if composed is not None:
            return composed
    return topical.topical(request) or ([], [])
