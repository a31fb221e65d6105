"""Pregnancy and breastfeeding yes/no questions ("Is X safe in pregnancy / while breastfeeding?"): the label's
pregnancy, lactation and Drug Facts sentences about people (not rats "throughout lactation"), the strongest verdict
first; fetal harm, reassurance ("have not identified a drug-associated risk"), "ask a health professional",
"weigh the benefits"; "only part of the label is loaded" when the sections that would answer are missing."""

from __future__ import annotations

import re

from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.coverage import partly_loaded, where_said_missing
from rxanswers.answers.composers.openings import question_kind
from rxanswers.answers.composers.quoting import lead, pick, quote
from rxanswers.answers.evidence.polarity import polarity

PREGNANCY_SECTIONS = {
    "pregnancy",
    "lactation",
    "nursing_mothers",
    "use_in_specific_populations",
    "pregnancy_or_breast_feeding",
    "teratogenic_effects",
    "warnings_and_cautions",
    "warnings",
    "boxed_warning",
    "contraindications",
    "spl_medguide",
    "spl_patient_package_insert",
}

_BREASTFEEDING = re.compile(
    r"\b(?:breast ?feed\w*|breast-?feed\w*|nurs(?:e|ing)|lactat\w*|breast ?milk)\b", re.I
)
_PREGNANCY_WORDS = re.compile(r"pregnan|fetus|fetal|unborn|birth defect|embryo|teratogen", re.I)
# breastfeeding people, not "breast tenderness", "preterm infants" or rats "throughout lactation"
_LACTATION_WORDS = re.compile(
    r"breast ?-?feed|breast ?milk|human milk|\bmilk\b|nursing (?:mothers?|wom[ae]n|infants?)|\bnursing\b|"
    r"lactating|\blactation\b",
    re.I,
)
# the Drug Facts verdict for the other case, cut before reading the sentence's verdict: {asked about breastfeeding:
# the pregnancy part, asked about pregnancy: the breastfeeding part}
_OTHER_CASE = {
    True: re.compile(r"\bif pregnant\s*:[^;.]*", re.I),
    False: re.compile(r"\bif breast-?\s?feeding\s*:[^;.]*", re.I),
}
_ANIMALS = re.compile(r"\b(?:rats?|mice|rabbits?|animals?|dogs?|monkeys?|pups?|offspring)\b", re.I)
_FETAL_HARM = re.compile(
    r"\b(?:fetal harm|harm (?:to )?(?:the|a|an|your) (?:fetus|unborn baby)|birth defects|fetal toxicity|"
    r"injury and death to the developing fetus)",
    re.I,
)
# a "No" needs advice against it, not any "does not" ("does not reach the fetus in adequate concentration")
_ADVISES_AGAINST = re.compile(
    r"\bcontraindicated\b|\bnot to be used\b|\b(?:should|must) not\b|\bdo not (?:use|take|breast-?feed|give)\b|"
    r"\bnot (?:be )?(?:used|given|taken)\b|\bnot recommended\b|\bavoid\w*\b|\bdiscontinue\b|\bnot to breast-?feed\b",
    re.I,
)
_NEGATION_BEFORE = re.compile(r"\b(?:no|not|without|nor|neither)\b[^.;]*$", re.I)


def _fetal_harm(text: str) -> bool:
    """The sentence says the medicine can harm an unborn baby: not "no evidence of impaired fertility or harm to
    the fetus" (a negation within the few words before)."""
    m = _FETAL_HARM.search(text)
    return m is not None and not _NEGATION_BEFORE.search(text[max(0, m.start() - 60) : m.start()])


# "data ... have not identified any drug-associated risk": reassurance, not a warning (even with "birth defects")
_NO_RISK_FOUND = re.compile(
    r"\b(?:have|has|did) not (?:identified|shown|found|demonstrated) (?:an? |any )?(?:\w+[- ])?(?:associated )?"
    r"(?:risks?|increase)|\bno (?:increased|drug-associated|clear) risks?\b|"
    r"\bdo(?:es)? not suggest an? (?:increased )?risk\b",
    re.I,
)


_MILK_SUPPLY = re.compile(
    r"\b(?:milk|breast ?milk|breastfeeding|breast-feeding) (?:supply|production)\b|\bdry (?:up )?(?:my |the )?"
    r"(?:breast ?)?milk\b|\b(?:decrease|reduce|lower|affect)s? (?:my |the )?(?:breast ?)?milk\b",
    re.I,
)
# a label sentence on how much milk is made ("may reduce milk production", "suppress lactation", prolactin)
_MILK_SUPPLY_SAID = re.compile(
    r"\bmilk (?:production|supply|volume)\b|\b(?:suppress|inhibit|decrease|reduce)\w* (?:of )?lactation\b|"
    r"\bprolactin\b",
    re.I,
)


def _said_of_milk_supply(ev, ctx) -> bool:
    return any(
        _MILK_SUPPLY_SAID.search(section.text)
        for index in ev.all_indexes(ctx)
        for section in index.view.sections.values()
    )


def pregnancy(request):
    """ "Is X safe in pregnancy / while breastfeeding?" """
    ev, ctx = request.evidence, request.primary
    lactation = bool(_BREASTFEEDING.search(request.question))
    words = _LACTATION_WORDS if lactation else _PREGNANCY_WORDS
    ranked = [
        r
        for r in ev.ranked(ctx)
        if r.passage.section in PREGNANCY_SECTIONS
        and words.search(r.passage.text)
        and not (lactation and _ANIMALS.search(r.passage.text))  # milk of rats says little of breastfeeding
    ]
    best = pick(ranked, 3)
    if not best:
        indexes = ev.all_indexes(ctx)
        if lactation and where_said_missing(indexes, "breastfeeding"):
            return [
                partly_loaded(ctx, indexes, "breastfeeding", "whether it is safe to take while breastfeeding")
            ], []
        return None
    strength = {"no": 3, "ask": 2, "harm": 1, "depends": 1, "caution": 0, "fact": 0}
    best = sorted(
        best[:3],
        key=lambda r: (
            -max(
                strength[polarity(_OTHER_CASE[lactation].sub("", r.passage.text))],
                3 * _fetal_harm(r.passage.text),
                3 * bool(_NO_RISK_FOUND.search(r.passage.text)),  # "have not identified any risk" answers too
            )
        ),
    )[:2]
    text = _OTHER_CASE[lactation].sub("", best[0].passage.text)  # "if breast-feeding: not recommended" is not
    reassured = bool(
        _NO_RISK_FOUND.search(text)
    )  # about pregnancy, nor "if pregnant: ..." about breastfeeding
    harm = _fetal_harm(text) and not lactation and not reassured
    kind = "no" if harm else "fact" if reassured else polarity(text)  # "do not suggest an increased risk"
    if kind == "no" and not harm and not _ADVISES_AGAINST.search(text):
        kind = (
            "fact"  # "erythromycin does not reach the fetus in adequate concentration": no advice against it
        )
    quoted = [quote(r, ctx) for r in best]
    what = "breastfeeding" if lactation else "pregnancy"
    kind_asked = question_kind(asking_text(request))
    if lactation and _MILK_SUPPLY.search(request.question):
        kind_asked = (
            "existence"  # "does it decrease milk production": whether it does, not whether to take it
        )
    if kind_asked == "severity":  # "how dangerous is it in pregnancy": what the label says
        return quoted, []
    if kind_asked == "existence":  # "will it affect my milk supply / is it harmful"
        if harm:
            opening = f"Yes: the {ctx.name} label says it can harm an unborn baby."
        elif reassured and kind == "fact":
            opening = (
                f"Not as far as is known: the {ctx.name} label says the available data have not identified a "
                f"drug-associated risk during {what}."
            )
        elif lactation and _MILK_SUPPLY.search(request.question) and not _said_of_milk_supply(ev, ctx):
            opening = (  # "will Claritin affect my milk supply": what it says is only whether to take it
                f"The label does not say whether {ctx.name} affects milk supply; what it says about "
                "breastfeeding follows."
            )
            from rxanswers.answers import citations

            checked = lead(
                opening, role="absence", citations=[*quoted[0].citations, citations.whole_label(ctx.label)]
            )
            return [checked, *quoted], []
        else:  # "ask before use" or "avoid" answers whether to take it, not whether it has that effect
            return quoted, []
    elif harm:
        opening = f"No, not without your doctor: the {ctx.name} label says it can harm an unborn baby."
    elif reassured and kind == "fact":
        opening = (
            f"Yes, as far as is known: the {ctx.name} label says the available data have not identified a "
            f"drug-associated risk during {what}."
        )
    elif kind == "no":
        opening = f"No: the {ctx.name} label advises against using it during {what}."
    elif kind == "ask":
        opening = (
            f"No, not without asking a health professional first: the {ctx.name} label says to ask before use "
            f"during {what}."
        )
    elif kind == "depends":
        opening = (
            f"It depends: the {ctx.name} label says to weigh the benefits against the risks during {what}."
        )
    else:
        return quoted, []
    return [lead(opening, quoted[:1])] + quoted, []
