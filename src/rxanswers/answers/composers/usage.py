"""Narrow usage questions that a label answers in one place or not at all: a missed dose, storage and
disposal, stopping. The sentences that say it, or a cited "the label does not say" (after the raw text of every
section was checked) followed by the next best sentence."""

from __future__ import annotations

import re

from rxanswers.answers import citations
from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.coverage import partly_loaded, where_said_missing
from rxanswers.answers.composers.openings import question_kind
from rxanswers.answers.composers.quoting import lead, pick, quote
from rxanswers.answers.composers.stopping import (
    POPULATION_SECTIONS,
    asks_how_to_stop,
    risks_of_stopping,
    says_how_to_stop,
    stops_something_else,
    tapers,
)
from rxanswers.answers.composers.verdicts import opened
from rxanswers.answers.evidence.polarity import polarity
from rxanswers.answers.resources import WHERE_SAID

TOPICS = {
    # name: (question cue, what label sentences that answer it say, wording for "the label does not say ...")
    "missed dose": (
        re.compile(
            r"\b(?:miss(?:ed)?|forg[eo]t\w*|skip(?:ped)?)\b|\b(?:late|delayed)\b[^?.]{0,30}\b(?:dose|pill|tablet|shot|injection)s?\b|\bdouble (?:up|dose)\b|\btake (?:2|two) (?:tonight|today|now|at once)\b",
            re.I,
        ),
        ["missed dose", "miss a dose", "missed", "miss", "forget", "forgot", "skipped"],
        "what to do if you miss a dose",
    ),
    "expiry": (  # before storage: "can I take expired Tylenol" is not answered by "keep out of reach"
        re.compile(
            r"\b(?:expire[ds]?|expiration|expiry|out of date|outdated|shelf life|past (?:its|the) (?:date|expir\w*))\b",
            re.I,
        ),
        ["expiration date", "expir", "shelf life"],
        "whether it can be used after its expiration date",
    ),
    "storage": (
        re.compile(
            r"\b(?:store|storage|stored|keep(?!\s+(?:\w+ing|on|up)\b)|refrigerat\w*|fridge|room temperature|expire[ds]?|expiration|shelf|heat|freez\w*)\b",
            re.I,
        ),
        ["store", "storage", "refrigerat", "room temperature", "keep", "discard", "dispose", "expir"],
        "how to store it or how long it keeps",
    ),
    "disposal": (
        re.compile(r"\b(?:dispose|disposal|throw (?:it |them )?away|get rid of|flush)\b", re.I),
        ["dispose", "disposal", "discard", "flush", "throw away", "take-back", "unused"],
        "how to get rid of unused medicine",
    ),
    "time of day": (
        re.compile(
            r"\b(?:best time|what time|which time|time of (?:the )?day|morning or (?:at )?(?:night|evening)|"
            r"(?:night|evening) or (?:in the )?morning|at night|at bedtime|before bed)\b",
            re.I,
        ),
        [
            "bedtime",
            "at night",
            "any time of",  # "at any time of the day": it does not matter
            "in the morning",
            "evening",
            "morning",
            "with food",
            "with meals",
            "with a meal",
            "before meals",
            "before a meal",
            "before breakfast",
            "empty stomach",
            "without regard to meals",
            "without regard to food",
            "regardless of meals",
        ],
        "what time of day to take it",
    ),
    "stopping": (
        re.compile(
            r"\b(?:stop|stopping|quit|quitting|come off|coming off|wean|taper|cold turkey|withdraw\w*)\b",
            re.I,
        ),
        [
            "abrupt",
            "suddenly",
            "taper",
            "gradual reduction",  # not "gradually return to baseline" after it is stopped
            "gradually reduc",
            "gradually decreas",
            "gradually lower",
            "withdrawal",
            "premature discontinuation",
            "discontinuation",
            "discontinu",
            "stop",
            "stopping",
        ],
        "what happens when you stop it",
    ),
}


DIRECTION_SECTIONS = {"dosage_and_administration", "directions"}
_HOW_OFTEN = re.compile(
    r"\b(?:once|twice|(?:one|two|three|four|[1-4]) times) (?:a |per )?(?:day|daily|week|weekly)\b|"
    r"\bevery \d+(?: to \d+)? hours\b",
    re.I,
)


def _how_often(text: str) -> bool:
    """An adult's usual dose with how often it is taken ("5 mg once daily"), not a study or a child's dose."""
    from rxanswers.answers.composers.dose import an_adults_dose, states_a_dose

    return bool(_HOW_OFTEN.search(text)) and states_a_dose(text) and an_adults_dose(text)


# Sentences that name a topic word without answering it: the food effect measured in a study is not when to take it
NOT_AN_ANSWER = {
    "time of day": re.compile(
        r"\b(?:AUC|C ?max|T ?max|plasma|bioavailab\w*|pharmacokinetic\w*|absorption)\b", re.I
    )
}

# Where a label says when to take it: the directions, not a study or a warning that happens to say "at night"
ANSWERING_SECTIONS = {
    "time of day": {
        "dosage_and_administration",
        "directions",
        "information_for_patients",
        "spl_patient_package_insert",
        "spl_medguide",
        "patient_counseling_information",
    }
}

# Words whose beginning anywhere in the raw label text (tables and unquoted sections included) rules out "the
# label does not say": every answering word, as a word beginning ("stored", "refrigerated"), plus temperatures.
RAW_WORDS = {
    "missed dose": ["missed dose", "miss a dose", "missed", "forget", "forgot", "skipped"],
    "storage": TOPICS["storage"][1] + ["degrees", "freez", "protect from", "dispens", "temperature"],
    "time of day": [
        "bedtime",
        "night",
        "morning",
        "evening",
        "meal",
        "food",
        "empty stomach",
        "breakfast",
        "dinner",
    ],
}


def _raw_prefix_mention(indexes, words: list[str], *, temperatures: bool = False) -> bool:
    """Whether any section's raw text has a word starting with one of ``words`` (or, for storage, a
    temperature such as "25 °C")."""
    temperature = r"|\d\s*°\s*[CF]\b" if temperatures else ""
    pattern = re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + r")" + temperature, re.I)
    return any(pattern.search(section.text) for index in indexes for section in index.view.sections.values())


# the question type that, when the classifier is sure of it, is a narrow topic even in words no cue knows
# ("is the amoxicillin still good after 5 months?" is about storage)
TOPIC_OF_INTENT = {"storage_disposal": "storage"}
SURE_TOPIC = 0.5


def _answers(ranked, pattern: re.Pattern[str], topic: str, ctx=None, population=None, how=False) -> bool:
    """The sentence names a word of the topic, in a section that answers it, and is not one that only names it
    (a food-effect study); for stopping, it speaks of stopping this medicine ("abrupt discontinuation of alcohol"
    in a contraindication does not)."""
    text = ranked.passage.text
    if topic in ANSWERING_SECTIONS and ranked.passage.section not in ANSWERING_SECTIONS[topic]:
        return False
    if topic == "stopping" and ctx is not None:
        if stops_something_else(text, ctx) or how and not (tapers(text) or says_how_to_stop(text, ctx)):
            return (
                False  # "can I just stop it": only what its labels say about stopping it (else no_taper_said)
            )
        if ranked.passage.section in POPULATION_SECTIONS and population is None:
            return False  # stopping it in pregnancy answers "can I stop it" only for someone pregnant
    return bool(pattern.search(text)) and not (topic in NOT_AN_ANSWER and NOT_AN_ANSWER[topic].search(text))


_BEFORE_A_PROCEDURE = re.compile(
    r"\b(?:before|prior to|ahead of)\b[^.?]{0,40}\b(?:surgery|surgical|procedures?|operation|extraction|dental|"
    r"colonoscopy|endoscopy|biopsy|labor|delivery)\b",
    re.I,
)


def _likely_topic(request) -> str | None:
    intent = request.intent
    if request.understanding.topics.get(intent, 0.0) < SURE_TOPIC:
        return None
    return TOPIC_OF_INTENT.get(intent)


def narrow(request):
    ctx = request.primary
    if ctx is None or ctx.label is None:
        return None
    likely = _likely_topic(request)
    asking = asking_text(request)
    how_to_stop = asks_how_to_stop(asking)
    for name, (cue, words, wording) in TOPICS.items():
        if not cue.search(request.question) and name != likely:
            continue
        ranked = request.evidence.ranked(ctx)
        named = []
        # stopping: what the labels say about how to stop it first, then any sentence about stopping it
        for strict in (True, how_to_stop) if name == "stopping" else (False,):
            for n in range(1, len(words) + 1):  # the most telling words first ("abrupt" before "stop")
                pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words[:n]) + r")\w*", re.I)
                named = pick(
                    ranked,
                    2,
                    where=lambda r, p=pattern, t=name, s=strict: _answers(
                        r, p, t, ctx, request.evidence.population, s
                    ),
                )
                if named:
                    break
            if named:
                break
        if name == "missed dose":
            named = [r for r in named if re.search(r"\bmiss|forg", r.passage.text, re.I)]
        if name == "stopping" and _BEFORE_A_PROCEDURE.search(request.question):
            # "stop Eliquis before my extraction": the label's rule for stopping it before a procedure first
            before = pick(ranked, 2, where=lambda r: bool(_BEFORE_A_PROCEDURE.search(r.passage.text)))
            named = before or named
        if named:
            quoted = [quote(r, ctx) for r in named]
            if name == "stopping" and polarity(named[0].passage.text) not in ("no", "ask"):
                if (
                    request.yes_no
                    and risks_of_stopping(named[0].passage.text)
                    and question_kind(asking) in ("existence", "open")
                ):  # "is it dangerous to stop Plavix": yes, the label warns of it
                    opening = f"Yes: the {ctx.name} label warns about stopping it early."
                    return [lead(opening, quoted[:1]), *quoted], []
                return (
                    quoted,
                    [],
                )  # "dose reduction or discontinuation may be required" is no "yes, you can stop"
            return (opened(request, quoted, named[0], relevant=True) if request.yes_no else quoted), []
        indexes = request.evidence.all_indexes(ctx)
        if _raw_prefix_mention(indexes, RAW_WORDS.get(name, words), temperatures=name == "storage"):
            return None  # the raw text may say it in a form not quotable here: no absence is claimed
        where = "storage" if name == "expiry" else name  # expiry dates are stated where storage is
        if where in WHERE_SAID and where_said_missing(indexes, where):
            return [partly_loaded(ctx, indexes, where, wording)], [
                "The package of your medicine and its full label give it; your pharmacist can tell you too."
            ]
        checked = lead(
            f"The label does not say: the FDA label text loaded for {ctx.name} does not say {wording}.",
            citations=[citations.whole_label(ctx.label)],
            role="absence",
        )
        how_often = (
            pick(
                ranked,
                1,
                where=lambda r: r.passage.section in DIRECTION_SECTIONS and _how_often(r.passage.text),
            )
            if name == "time of day"
            else []
        )  # no time of day, but how often: "10 mg once a day"
        return [checked, *(quote(r, ctx) for r in how_often)], [
            "Ask your pharmacist, or see the patient information leaflet that came with your medicine."
        ]
    return None


_COLOUR = re.compile(
    r"\b(?:white|off-white|yellow|blue|pink|orange|red|green|brown|peach|purple|violet|gr[ae]y|beige|tan|"
    r"lavender|maroon|aqua|turquoise|clear|colou?rless|light|dark)\b",
    re.I,
)
_PILL = re.compile(r"\b(?:tablets?|capsules?|caplets?|softgels?|pills?|lozenges?|troches?)\b", re.I)
_LOOKS = re.compile(
    r"\b(?:round|oval|oblong|capsule-shaped|biconvex|scored|film-coated|debossed|engraved|imprinted|embossed|"
    r"printed|bisected|shaped)\b",
    re.I,
)
_ANY_FORM = re.compile(
    r"\b(?:tablets?|capsules?|caplets?|softgels?|pills?|lozenges?|troches?|solution|suspension|liquid|syrup|"
    r"elixir|cream|ointment|gel|lotion|inhaler|pen|injection|patch|film|spray|drops|granules)\b",
    re.I,
)
_ANY_COLOUR = re.compile(
    r"\b(?:white|off-white|yellow|blue|pink|orange|red|green|brown|peach|purple|violet|gr[ae]y|beige|tan|"
    r"lavender|clear|colou?rless|amber|opaque|translucent)\b",
    re.I,
)
_DYE_AROUND = re.compile(r"^\s*(?:ferric|iron|no\.|#|lake|dye|aluminum)|(?:c|oxide|&)\s*$", re.I)


def _colours(text: str, words: re.Pattern = _ANY_COLOUR):
    """The colour words of a text that are not part of a dye's name ("yellow ferric oxide", "FD&C Blue")."""
    for m in words.finditer(text):
        if not (
            _DYE_AROUND.search(text[m.end() : m.end() + 12])
            or _DYE_AROUND.search(text[max(0, m.start() - 8) : m.start()])
        ):
            yield m


def _colour_near_form(text: str) -> bool:
    """Some colour word (not a dye's name) within 80 characters of a dosage form: the raw-text check before the
    label may be said not to describe the product's look."""
    return any(_ANY_FORM.search(text[max(0, m.start() - 80) : m.end() + 80]) for m in _colours(text))


_SUBSTANCE = re.compile(
    r"\b(?:powder|crystalline|crystals|solid|molecular weight|soluble|iron oxide|edible ink|inks?|lake|dyes?)\b|"
    r"\b(?:FD|D) ?(?:&|-) ?C\b",
    re.I,
)
_STRENGTH = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:mg|mcg|g)\b", re.I)


def _describes_pill(text: str, *, loosely: bool = False) -> bool:
    """A label sentence that says what the tablet or capsule looks like (not the drug substance's powder);
    ``loosely``: any colour word beside a tablet/capsule word (the check before saying the label is silent)."""
    if loosely:  # not a list of the capsule shell's dyes ("black iron oxide, D&C Red 28, FD&C Blue 1")
        return bool(_PILL.search(text) and next(_colours(text, _COLOUR), None))
    return bool(
        _COLOUR.search(text) and _PILL.search(text) and _LOOKS.search(text)
    ) and not _SUBSTANCE.search(text)


def appearance(request):
    """ "What does X look like / what colour is the 10 mg tablet?": the sentences that describe the tablets or
    capsules (the asked strength first), else a cited "the label does not say" (after the raw text of every
    loaded section was checked) and where to look instead."""
    ctx = request.primary
    if ctx is None or ctx.label is None:
        return None
    ranked = request.evidence.ranked(ctx)
    strength = _STRENGTH.search(request.question)
    found = pick(ranked, 6, where=lambda r: _describes_pill(r.passage.text))
    if strength is not None:
        found.sort(key=lambda r: strength.group(1) not in r.passage.text)  # the asked strength first, stable
    if found:
        return [quote(r, ctx) for r in found[:2]], [
            "This describes the product of the label quoted; the same medicine from another maker can look "
            "different. Your pharmacist can check the imprint code on your pill."
        ]
    loose = pick(ranked, 2, where=lambda r: _describes_pill(r.passage.text, loosely=True))
    if loose:
        return [quote(r, ctx) for r in loose], []
    indexes = request.evidence.all_indexes(ctx)
    if any(_colour_near_form(section.text) for index in indexes for section in index.view.sections.values()):
        return None  # a section's raw text may describe it (a table, a package label): no absence claim
    if where_said_missing(indexes, "appearance"):
        return [partly_loaded(ctx, indexes, "appearance", "what it looks like")], [
            "Your pharmacist can identify a pill from the imprint code printed on it; the package label also "
            "names the product and strength."
        ]
    checked = lead(
        f"The label does not say: the FDA label text loaded for {ctx.name} does not describe what it looks like.",
        citations=[citations.whole_label(ctx.label)],
        role="absence",
    )
    return [checked], [
        "Your pharmacist can identify a pill from the imprint code printed on it; the package label also names "
        "the product and strength."
    ]
