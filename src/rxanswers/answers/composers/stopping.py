"""Stopping a medicine: "Can I just stop X? / Is there a weaning process?" answered from what its labels say
about lowering the dose gradually, or a cited "the label does not say" when no label of it speaks of stopping
with care at all."""

from __future__ import annotations

import re

from rxanswers.answers.composers.asked_terms import TOPIC_MIN, asking_text, whole_label
from rxanswers.answers.composers.openings import question_kind
from rxanswers.answers.composers.quoting import lead, pick, quote

_TAPER = re.compile(
    r"\b(?:gradual\w*|taper\w*|slowly) (?:\w+ ){0,3}(?:reduc\w*|decreas\w*|lower\w*|withdraw\w*|discontinu\w*|stop\w*)|"
    r"\b(?:reduc\w*|decreas\w*|lower\w*) (?:\w+ ){0,4}gradually\b|\brather than (?:stopping|abrupt\w*|discontinu\w*)|"
    r"\bgradually over (?:a (?:minimum|period) of |at least )?(?:\d|one|two|several)|"
    r"\b(?:do not|don't|never) stop (?:\w+ ){0,4}(?:abruptly|suddenly|without (?:talking|consulting|first))|"
    r"\babrupt (?:discontinuation|withdrawal|cessation) (?:\w+ ){0,10}(?:should be avoided|is not recommended|may)|"
    r"\bnot (?:be )?(?:abruptly|suddenly) (?:discontinu|stop|withdr[ae]w)\w*",
    re.I,
)


_STOPPING_WORDS = re.compile(r"\b(?:discontinu\w*|stop\w*|withdraw\w*|taper\w*|cessation)\b", re.I)


def tapers(text: str) -> bool:
    """The sentence says to come off the medicine gradually (not: to raise the dose gradually)."""
    return (
        bool(_TAPER.search(text))
        and bool(_STOPPING_WORDS.search(text))
        and not re.search(r"\bincreas\w* (?:the )?(?:dose|dosage)\b", text, re.I)
    )


_WHETHER_A_TAPER = re.compile(
    r"\b(?:is|are) there (?:a |any )?(?:\w+ )?(?:wean\w*|taper\w*|process|schedule|way)|"
    r"\bdo (?:i|you|we) (?:need|have) to (?:wean|taper)",
    re.I,
)


def stopping(request, *, asked_how: bool = False):
    """ "Can I just stop X? / Is it safe to go cold turkey?": no, when the label says to lower the dose
    gradually or not to stop suddenly; the sentence that says so follows ("is it dangerous to stop X": yes, if
    stopped suddenly). ``asked_how`` ("how do I wean off X?"): the same, opened without the "No"."""
    ctx = request.primary
    found = pick(request.evidence.ranked(ctx), 2, where=lambda r: tapers(r.passage.text))
    if not found:
        return None
    quoted = [quote(r, ctx) for r in found]
    said = f"the {ctx.name} label says to lower the dose gradually rather than stop suddenly."
    kind = question_kind(asking_text(request))
    if asked_how:
        opening = f"Not all at once: {said}"
    elif _WHETHER_A_TAPER.search(asking_text(request)):  # "is there a weaning process": yes, there is
        opening = f"Yes: {said}"
    elif kind == "existence":  # "is it dangerous / bad to stop X": a "No" would read as "not dangerous"
        opening = f"Yes, if it is stopped suddenly: {said}"
    elif kind == "severity":  # "how dangerous is it to stop X": what the label says
        opening = said[:1].upper() + said[1:]
    else:
        opening = f"No, not all at once: {said}"
    return [lead(opening, quoted[:1])] + quoted, []


def how_to_stop(request):
    """ "Wean off X? / how do I come off X?" (not a yes/no question): what the label says about stopping
    gradually, opened plainly."""
    asking = asking_text(request)
    if (
        request.yes_no
        or request.primary is None
        or not _HOW_TO_STOP.search(asking)
        or _WHAT_HAPPENS.search(asking)
        or question_kind(asking) == "severity"  # "how dangerous is it to stop X suddenly": the consequences
    ):
        return None
    return stopping(request, asked_how=True)


# "what happens if I stop it suddenly" asks for the consequences, which the ranked sentences give
_WHAT_HAPPENS = re.compile(
    r"\bwhat (?:happens|will happen|would happen|if)\b|\bside effects?\b|\bsymptoms?\b", re.I
)


# these rarer words anywhere in a label's text: it may say to stop with care, so no absence is claimed
_STOPPING_CARE_TEXT = re.compile(
    r"\b(?:taper\w*|wean\w* (?:off|from)|rebound\w*|(?:withdrawal|discontinuation) (?:syndrome|symptoms?|reactions?|effects?))",
    re.I,
)


# a sentence that tells people something about stopping ("do not stop taking it without talking to your doctor",
# "if you stop taking it, your symptoms may return", "following discontinuation, ..."): the label speaks of it
_ABOUT_STOPPING = re.compile(
    r"\b(?:do not|don't|never|not) (?:\w+ ){0,2}(?:stop|discontinu)\w*|\b(?:if|when|before|after|until) (?:you |they )?"
    r"(?:stop|discontinu|quit)\w*|\b(?:following|after|upon|on) (?:abrupt |sudden )?(?:discontinu|cessation|withdraw)\w*|"
    r"\b(?:stop|discontinu)\w* (?:\w+ ){0,4}(?:without|unless|until|only)\b|\bis (?:to be )?(?:stopped|discontinued)\b",
    re.I,
)
# stopping said with care, the care word next to the stopping word ("abrupt discontinuation", "stop gradually")
_CARE_NEAR_STOP = re.compile(
    r"\b(?:abrupt\w*|sudden\w*|gradual\w*|slowly) (?:\w+ ){0,2}(?:discontinu\w*|stop\w*|withdr[ae]w\w*|cessation)|"
    r"\b(?:discontinu\w*|stop\w*|withdr[ae]w\w*|cessation) (?:\w+ ){0,4}(?:abrupt\w*|sudden\w*|gradual\w*|slowly)|"
    r"\b(?:taper\w*|wean\w*|rebound\w*)",
    re.I,
)
# what is stopped, when the sentence says: "abrupt discontinuation of alcohol, benzodiazepines ..."
_STOPPED_OBJECT = re.compile(
    r"\b(?:discontinu\w*|stop\w*|withdraw\w*|cessation) (?:of|from) (?:the )?([a-z][\w-]*)", re.I
)
_STOP_WORD = re.compile(r"\b(?:discontinu\w*|stop\w*|withdraw\w*|cessation)\b", re.I)
_THIS_MEDICINE = re.compile(r"^(?:it|this|treatment|therapy|the|drug|medication|medicine|dosing|use)$", re.I)
# what stopping it risks: "Premature discontinuation of Plavix may increase the risk of cardiovascular events"
_RISK_OF_STOPPING = re.compile(
    r"\b(?:discontinu\w*|stopping|cessation|withdrawal)\b(?: \w+){0,4} (?:may |can |will )?increases? "
    r"(?:the )?risk\b|\b(?:lapses in therapy|premature discontinuation)\b",
    re.I,
)
# a switch interval, a test note or test values after it is stopped are no word on how to stop ("14 days after
# stopping X before starting an MAOI", "bleeding time ... return to baseline")
_NOT_HOW = re.compile(
    r"\bbefore (?:starting|initiating|beginning|switching)\b|\b(?:test|assay|screening) results?\b|"
    r"\breturn(?:s|ed)? to (?:baseline|normal|pretreatment)",
    re.I,
)


POPULATION_SECTIONS = frozenset(
    {
        "pregnancy",
        "use_in_specific_populations",
        "nursing_mothers",
        "lactation",
        "pediatric_use",
        "geriatric_use",
    }
)


def stops_something_else(text: str, ctx) -> bool:
    """Every stopping the sentence names is of something else ("abrupt discontinuation of alcohol,
    benzodiazepines ..." in bupropion's contraindications), not of this medicine."""
    own = {w.lower() for n in (ctx.name, *ctx.ref.brands[:8]) for w in re.findall(r"[\w-]+", n)}
    stopped = list(_STOPPED_OBJECT.finditer(text))
    if any(  # "after discontinuing JARDIANCE; ... after discontinuation of SGLT2 inhibitors": it is about it too
        own & {w.lower() for w in re.findall(r"[\w-]+", text[m.end() : m.end() + 40])}
        for m in _STOP_WORD.finditer(text)
    ):
        return False
    return bool(stopped) and not any(
        m.group(1).lower() in own
        or _THIS_MEDICINE.match(m.group(1))
        or own
        & {
            w.lower() for w in re.findall(r"[\w-]+", text[m.end() : m.end() + 80])
        }  # "of any ..., including X"
        for m in stopped
    )


def says_how_to_stop(text: str, ctx, *, rules_only: bool = False) -> bool:
    """The sentence tells something about stopping this medicine: with care ("abrupt discontinuation ... should be
    avoided", "taper"), a rule ("do not stop taking it without talking to your doctor") or, unless
    ``rules_only``, what to do when it is stopped ("when discontinuing ... consider"). Not a sentence about
    stopping something else, a switch interval or a note on test results."""
    if _NOT_HOW.search(text) or stops_something_else(text, ctx):
        return False
    if _CARE_NEAR_STOP.search(text) or _DO_NOT_STOP.search(text) or _RISK_OF_STOPPING.search(text):
        return True
    return not rules_only and bool(_ABOUT_STOPPING.search(text))


def risks_of_stopping(text: str) -> bool:
    """The sentence says what stopping it risks ("Premature discontinuation ... may increase the risk of ...")."""
    return bool(_RISK_OF_STOPPING.search(text))


def asks_how_to_stop(question: str) -> bool:
    """ "Can I just stop it / go cold turkey / wean off it?" (not "should I stop it before surgery")."""
    return bool(_HOW_TO_STOP.search(question))


_DO_NOT_STOP = re.compile(
    r"\b(?:do not|don't|never|not) (?:\w+ ){0,2}(?:stop|discontinu)\w*|"
    r"\b(?:stop|discontinu)\w* (?:\w+ ){0,4}(?:without|unless|until)\b",
    re.I,
)


_HOW_TO_STOP = re.compile(  # how to stop, not "I suddenly got a rash, should I stop it?"
    r"\b(?:wean\w*|taper\w*|cold turkey|come off|get off|just (?:stop|quit)|"
    r"(?:stop|quit|discontinu)\w* (?:\w+ ){0,4}(?:suddenly|abruptly|gradually|all at once|right away|at once)|"
    r"(?:suddenly|abruptly|gradually) (?:stop|quit|discontinu)\w*)",
    re.I,
)


def no_taper_said(request):
    """ "Is there a weaning process when I stop X?" when no label of X says anything about stopping with care
    (no sentence about stopping that says gradually, abruptly or suddenly; no tapering, weaning, rebound or
    withdrawal symptoms anywhere): a cited "the label does not say"."""
    ev, ctx = request.evidence, request.primary
    if request.understanding.topics.get("stopping", 0.0) < TOPIC_MIN and request.intent != "stopping":
        return None
    if not _HOW_TO_STOP.search(asking_text(request)):
        return None  # "should I stop it before surgery / now that I am pregnant" asks whether, not how
    indexes = ev.all_indexes(ctx)
    if not indexes:
        return None
    for index in indexes:
        if any(_STOPPING_CARE_TEXT.search(section.text) for section in index.view.sections.values()):
            return None
        if any(
            says_how_to_stop(p.text, ctx) and p.section not in POPULATION_SECTIONS for p in index.passages
        ):  # anything it says about stopping this medicine, but in pregnancy or for children only
            return None
    opening = lead(
        f"The label does not say to lower the dose gradually: the FDA label text loaded for {ctx.name} gives no "
        "tapering schedule and no warning about stopping it suddenly.",
        citations=[whole_label(ctx)],
        role="absence",
    )
    return [opening], []
