"""How a medicine works, and how long it takes to work or stays in the body.

"How does X work": the label's own account of how it works (mechanism of action, pharmacodynamics), in plain
words, first; the class it belongs to only after that. "How long until it works / how long does it stay": the
sentences that give a time (onset, peak, half-life, duration), not the class.
"""

from __future__ import annotations

import re

from rxanswers.answers.composers.coverage import partly_loaded, where_said_missing
from rxanswers.answers.composers.quoting import lead, pick, quote
from rxanswers.answers.evidence.facts import class_sentence, names_another_medicine, nci_sentences

MECHANISM_SECTIONS = {"mechanism_of_action", "pharmacodynamics", "clinical_pharmacology", "description"}
TIME_SECTIONS = {
    "pharmacokinetics",
    "clinical_pharmacology",
    "pharmacodynamics",
    "mechanism_of_action",
    "dosage_and_administration",
    "use_in_specific_populations",
    "drug_abuse_and_dependence",
    "spl_medguide",
    "spl_patient_package_insert",
    "information_for_patients",
    "overdosage",
}
_NUMBER = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|several|a)"
_TIME = re.compile(
    rf"\b{_NUMBER}(?:\s*(?:to|-|–|or)\s*{_NUMBER})?\s*(?:minutes?|min|hours?|hrs?|h|days?|weeks?|months?)\b"
    r"|\bhalf-?\s?life\b",
    re.I,
)
_WORKS = re.compile(
    r"\b(?:inhibit|block|bind|reduc|increas|decreas|activat|prevent|stimulat|work|act[s ]|kill|lower|relax|"
    r"interfer|target|suppress|antagoni|agoni|modulat|replac|mimic)\w*",
    re.I,
)
_KINETICS = re.compile(
    r"\bbioavailab\w*|\bplasma (?:concentration|level)s?|\bhalf-?\s?life\b|\bC ?max\b|\bAUC\b|"
    r"\bexcreted\b|\bexposure\b|\bthis study\b",
    re.I,
)
_ANIMAL = re.compile(r"\b(?:rats?|mice|dogs?|rabbits?|monkeys?|animals?|in vitro)\b", re.I)


def _with_nci(ctx):
    """``ctx`` with its NCI dictionary entry (looked up only when a label is loaded but silent on the point)."""
    from dataclasses import replace

    from rxanswers.answers.glossary import nci_entry

    return replace(ctx, nci=nci_entry(ctx.name, ctx.ref.matched, *ctx.ref.brands[:3]))


def how_it_works(request):
    ctx = request.primary
    if ctx is None:
        return None
    out = []
    if ctx.label is not None:
        ranked = request.evidence.ranked(ctx)
        best = pick(
            ranked,
            2,
            min_score=0.0,
            where=lambda r: (
                r.passage.section in MECHANISM_SECTIONS
                and _WORKS.search(r.passage.text)
                and not _ANIMAL.search(r.passage.text)
                and not _KINETICS.search(r.passage.text)  # how the body handles it, not how it works
            ),
        )
        out = [quote(r, ctx) for r in best]
    if not out:  # the label text loaded says nothing of how it works: the NCI dictionary may
        defined = ctx if ctx.nci is not None else _with_nci(ctx)
        out = nci_sentences(defined, limit=6)
        out.sort(key=lambda sentence: not _WORKS.search(sentence.text))  # how it works first
        out = out[:3]
    if (s := class_sentence(ctx)) is not None:
        out.append(s)
    return (out, []) if out else None


_STAYS = re.compile(
    r"\b(?:stay|stays|leave|leaves|out of|clear|in (?:your|my|the|his|her) (?:system|body|blood|urine)|"
    r"half ?life|detect\w*|wear\w* off|last|lasts)\b",
    re.I,
)
_STAY_WORDS = re.compile(r"half-?\s?life|eliminat|clearance|excreted|detectable|cleared|duration", re.I)
_ONSET_WORDS = re.compile(
    r"\bonset of (?:action|effect|analges\w*|relief|response|the effect)|\bpeak (?:plasma |serum |blood )?"
    r"(?:concentration|level|effect)|\bstarts? (?:to )?work|\brespons\w* (?:\w+ ){0,3}(?:seen|observed|occur\w*|appear\w*|noted)|"
    r"\bmaximum (?:effect|response|benefit)|\btakes? effect|\btherapeutic (?:effect|response)|"
    r"\b(?:improvement|effect|response|relief|benefit) (?:\w+ ){0,4}(?:within|after|by)",
    re.I,
)
_PEAK_LEVEL = re.compile(  # a blood level, not an effect
    r"\bpeak (?:plasma |serum |blood )?(?:concentration|level)s?|\bC ?max\b|\bplasma (?:concentration|level)s?",
    re.I,
)
_EXCRETION = re.compile(r"\burine\b|\bexcret|\brecovered|\bfeces\b|\bmetabolite", re.I)


def _timed(r, words) -> bool:
    text = r.passage.text
    return bool(
        r.passage.section in TIME_SECTIONS
        and _TIME.search(text)
        and not _ANIMAL.search(text)
        and (words is None or words.search(text))
    )


# "how long do I need to take it / how long on it": the length of a course, which onset or half-life does not answer
_COURSE_ASKED = re.compile(
    r"\bhow (?:long|many (?:days|weeks|months)) (?:do|should|must|will|can) (?:i|you|he|she|we|they|my \w+) "
    r"(?:need to |have to )?(?:take|be on|stay on|keep taking|continue)\b(?! (?:\w+ ){0,3}to (?:work|kick in))|"
    r"\bhow long on\b",
    re.I,
)


# a time said of some people only ("in healthy elderly subjects the half-life is prolonged") or beside another
# medicine ("Fluconazole half-life decreased from 33.4 to 26.8 hours" after rifampin)
_SOME_PEOPLE = re.compile(
    r"\b(?:elderly|geriatric|pediatric|children|infants?|neonates?|cirrho\w*|dialysis|impairment|insufficiency|"
    r"pregnan\w*|obese|decreased|increased|prolonged|shortened|compared|(?:renal|kidney|hepatic|liver) "
    r"(?:function|disease|failure))\b",
    re.I,
)


_HOW_LONG_STATED = re.compile(
    r"\bhalf-?\s?life (?:\w+ ){0,3}(?:of |is |was )?(?:approximately |about )?\d", re.I
)


def _plain_first(timed: list, ctx) -> list:
    """The time stated for everyone, alone, first: before a time said of some people only or beside another
    medicine."""
    return sorted(
        timed,
        key=lambda r: (
            names_another_medicine(r.passage.text, ctx, classes=False),
            bool(_SOME_PEOPLE.search(r.passage.text)),
            not _HOW_LONG_STATED.search(r.passage.text),
        ),
    )


def time_to_work(request):
    """Sentences that give a time: for "how long does it stay / last" the half-life and elimination; for "how
    long until it works" the onset, peak and time to effect — or, when the label gives no onset, a cited "the
    label does not say how soon" followed by how long it stays."""
    ctx = request.primary
    if ctx is None or ctx.label is None or _COURSE_ASKED.search(request.question):
        return None
    ranked = request.evidence.ranked(ctx)
    if _STAYS.search(request.question):
        timed = _plain_first(pick(ranked, 12, where=lambda r: _timed(r, _STAY_WORDS)), ctx)[:3] or pick(
            ranked, 3, where=lambda r: _timed(r, None)
        )
        return (
            ([quote(r, ctx) for r in timed], []) if timed else _no_time(ctx, "how long it stays in the body")
        )
    onset = pick(ranked, 3, where=lambda r: _timed(r, _ONSET_WORDS) and not _EXCRETION.search(r.passage.text))
    effect = [r for r in onset if not _PEAK_LEVEL.search(r.passage.text)]
    if effect:  # when it starts to work, before when its blood level peaks
        return [quote(r, ctx) for r in effect + [r for r in onset if r not in effect]][:3], []
    if (
        onset
    ):  # only the peak blood level: said for what it is ("4.5 to 8.4 hours" is not when sertraline works)
        quoted = [quote(r, ctx) for r in onset]
        text = (
            f"The {ctx.name} label gives how soon it reaches its highest level in the blood, not how soon it "
            "starts to work."
        )
        return [lead(text, quoted[:1]), *quoted], []
    stays = pick(ranked, 1, where=lambda r: _timed(r, _STAY_WORDS))
    then = [quote(r, ctx) for r in stays]
    indexes = request.evidence.all_indexes(ctx)
    if where_said_missing(indexes, "onset"):
        return [partly_loaded(ctx, indexes, "onset", "how soon it starts to work")] + then, []
    return _no_time(ctx, "how soon it starts to work", then)


def _no_time(ctx, what: str, then: list | None = None):
    from rxanswers.answers import citations

    checked = lead(
        f"The label does not say {what}: the FDA label text loaded for {ctx.name} gives no such time.",
        citations=[citations.whole_label(ctx.label)],
        role="absence",
    )
    return [checked] + (then or []), []
