"""Dose questions for a person the question names ("for my 4 year old", "for an adult", "elderly"): the dose
sentences that fit that age; otherwise the ranked dose sentences."""

from __future__ import annotations

import re

from rxanswers.answers.composers.quoting import pick, quote
from rxanswers.answers.population import population_fit

DOSE_SECTIONS = {
    "dosage_and_administration",
    "dosage_forms_and_strengths",
    "pediatric_use",
    "geriatric_use",
    "use_in_specific_populations",
    "spl_medguide",
    "spl_patient_package_insert",
}


def for_whom(request):
    ctx, population = request.primary, request.evidence.population
    if ctx is None or ctx.label is None or population is None:
        return None
    fitting = pick(
        request.evidence.ranked(ctx),
        2,
        where=lambda r: r.passage.section in DOSE_SECTIONS and population_fit(r.passage.text, population) > 0,
    )
    return ([quote(r, ctx) for r in fitting], []) if fitting else None


_LIMIT = re.compile(
    r"\bmaximum\b|\bnot (?:to )?exceed\b|\bdo not (?:take|give|use) more than\b|\bno more than\b|"
    r"\bup to (?:a )?(?:total (?:of )?)?\d",
    re.I,
)
_AMOUNT = re.compile(
    r"\b\d[\d,.]*\s*(?:mg|mcg|µg|g|mL|units?|tablets?|capsules?|caplets?|puffs?|sprays?)\b", re.I
)
_CHILD = re.compile(r"\b(?:pediatric|child|children|infants?|adolescents?|juvenile|years of age)\b", re.I)
_ADULT = re.compile(r"\badults?\b", re.I)
_STATED_MAXIMUM = re.compile(r"\bmaximum\b|\bnot (?:to )?exceed\b|\bmore than\b", re.I)
_AGE_HEADING = re.compile(r"\byears(?: of age)?(?: and (?:older|over))?:", re.I)
_USUAL = re.compile(
    r"\b(?:usual|recommended|starting|initial|start)\b|\bevery \d+(?: to \d+)? hours\b|\b(?:once|twice) (?:a day|daily)\b",
    re.I,
)
_STUDY = re.compile(  # studies, animals, exposure: not a dose to take
    r"\b(?:studies|study|trials?|volunteers|subjects|pharmacokinetic\w*|proportional\w*|relationship|exposure|"
    r"plasma|blood levels?|AUC|Cmax|mice|rats?|rabbits?|animals?|MRHD|body surface area|have been used|neonatal|fetal|"
    r"times the)\b",
    re.I,
)


def maximum(request):
    """ "What is the maximum / highest dose of X?": the dose sentences that state a limit with an amount
    ("up to a maximum dose of 2550 mg per day", "do not take more than 10 tablets in 24 hours"), the asker's
    age group first when the question names one; not study sentences ("1.3 times the maximum recommended")."""
    ctx, population = request.primary, request.evidence.population
    if ctx is None or ctx.label is None:
        return None

    def states_a_limit(r) -> bool:
        text = r.passage.text
        if r.passage.section not in DOSE_SECTIONS | {"warnings", "do_not_use"} or _STUDY.search(text):
            return False
        if population is not None and population_fit(text, population) <= 0:
            return False  # a named age group: only limits that speak of it
        amounts = len(_AMOUNT.findall(text))  # a flattened dose table lists many: not one limit to quote
        glued = (
            len(_AGE_HEADING.findall(text)) >= 2
        )  # "Patients 12 years ...: ... Patients 3 to 11 years ...:"
        return bool(_LIMIT.search(text)) and 1 <= amounts <= 4 and not glued

    ranked = request.evidence.ranked(ctx)
    if population is None:  # an adult's question: children's limits and "up to" steps after stated maximums
        ranked = sorted(
            ranked,
            key=lambda r: (
                bool(_CHILD.search(r.passage.text) and not _ADULT.search(r.passage.text)),
                not _STATED_MAXIMUM.search(r.passage.text),
            ),
        )
    limits = pick(ranked, 1, where=states_a_limit)
    if not limits:
        return None

    def usual_dose(r) -> bool:  # the dose most take, for scale: "the usual starting dose is 50 mg once daily"
        text = r.passage.text
        return (
            r.passage.section in DOSE_SECTIONS
            and _USUAL.search(text) is not None
            and not _LIMIT.search(text)
            and not _STUDY.search(text)
            and 1 <= len(_AMOUNT.findall(text)) <= 3
            and (population is not None or not (_CHILD.search(text) and not _ADULT.search(text)))
        )

    usual = pick(ranked, 1, where=usual_dose)
    return [quote(r, ctx) for r in limits + usual], []


_PER_WEIGHT = re.compile(r"\b(?:mg|mcg|g|units?|mL)\s*/\s*kg\b|\bper (?:kg|kilogram)\b", re.I)
_WEIGHT_ASKED = re.compile(r"\b(?:kg|kilos?|kilograms?|lbs?|pounds?|weighs?|weight)\b", re.I)


_OTHER_GROUP = re.compile(
    r"\bpregnan\w*|\brenal\b|\bhepatic\b|\belderly\b|\bgeriatric\b|\bdialysis\b|\bcreatinine clearance\b|"
    r"\bimpairment\b",
    re.I,
)


def a_childs_dose(text: str) -> bool:
    """A child's dose: per weight or for children, and not said of adults ("Adults ... 1.6 mcg/kg/day" is not)."""
    return bool(_PER_WEIGHT.search(text) or _CHILD.search(text)) and not _ADULT.search(text)


USUAL_LOOKED_AT = 8  # ranked sentences searched for a usual dose to lead instead of a child's


def adults_first(request, best: list, ranked: list) -> list:
    """A dose question naming nobody (no age, no weight): when a child's or per-weight dose would lead, the
    first usual dose ranked that is neither leads instead (naproxen's "10 mg/kg" for juvenile arthritis does
    not lead an adult's question); a label whose every dose is per weight (brentuximab) keeps its order."""
    if (
        request.intent != "dose"
        or request.evidence.population is not None
        or _WEIGHT_ASKED.search(request.question)
        or not best
        or not a_childs_dose(best[0].passage.text)
    ):
        return best
    usual = next(
        (
            r
            for r in ranked[:USUAL_LOOKED_AT]
            if r.passage.section in DOSE_SECTIONS
            and not a_childs_dose(r.passage.text)
            and not _OTHER_GROUP.search(r.passage.text)
            and states_a_dose(r.passage.text)
        ),
        None,
    )
    if usual is None:
        return best
    return [usual, *(r for r in best if r.passage.text != usual.passage.text)][: len(best)]


def states_a_dose(text: str) -> bool:
    """ "The recommended starting dose is 750 mg ... every 8 hours", not a vial's content or a study."""
    return bool(_USUAL.search(text) and _AMOUNT.search(text)) and not _STUDY.search(text)


MAX_USES_DOSED = 3  # uses quoted when the question names none
# words of a dosing sub-heading besides the uses it names ("Dosage for Epilepsy with Partial Onset Seizures")
_HEADING_FILLER = frozenset(
    "dosage dosing dose doses recommended usual initial therapy treatment management in of for with and or the "
    "patients adults adult acute chronic primary secondary mild moderate severe maintenance to including".split()
)


MAX_UNKNOWN_HEADING_WORDS = 3  # "flare-ups of chronic disease", "Bursitis": words no use was found in


def _only_uses(heading: str, terms) -> bool:
    """The heading names little besides the uses found in it (a few unknown words, no unknown abbreviation):
    "Dosage in Patients with MDD, OCD, PD, PTSD, and SAD", where only PTSD is known, is not the dose of PTSD."""
    rest = heading
    for term in terms:
        for wording in sorted(
            {term.name, term.medical_name, *term.synonyms, *term.medical_wordings}, key=len
        )[::-1]:
            rest = re.sub(rf"\b{re.escape(wording)}s?\b", " ", rest, flags=re.I)
    left = [w for w in re.findall(r"[A-Za-z0-9]+", rest) if w.lower() not in _HEADING_FILLER]
    return len(left) <= MAX_UNKNOWN_HEADING_WORDS and not any(len(w) >= 2 and w.isupper() for w in left)


_DOSE_SECTION = "dosage_and_administration"


def by_use(request):
    """A dose question naming no person, on a label that doses each use in its own numbered sub-section
    ("2.4 Management of Pain ...", "2.5 Acute Gout"): the dose for the use the question names; naming none, the
    usual dose of each of its adult uses, one sentence each, named by the use ("For gout: ..."). Sub-sections
    for people (kidney disease, the elderly, children) are not uses."""
    from rxanswers.answers.composers.uses import uses_in_its_labels
    from rxanswers.answers.condition_index import conditions_in
    from rxanswers.answers.evidence.facts import listed
    from rxanswers.answers.schemas import Sentence

    ctx = request.primary
    if ctx is None or ctx.label is None or request.evidence.population is not None:
        return None
    section = ctx.label.sections.get(_DOSE_SECTION)
    if section is None or _WEIGHT_ASKED.search(request.question):
        return None
    label_uses = set(uses_in_its_labels(request.evidence, ctx))
    version = ctx.label.version.id
    quotable = {
        r.passage.text: r
        for r in request.evidence.ranked(ctx)
        if r.passage.section == _DOSE_SECTION and r.index.view.version.id == version
    }
    parts = _numbered_use_parts(section.text, quotable, label_uses)
    if len(parts) < 2:  # an older label: "Mild to moderate pain: 400 mg every 4 to 6 hours ..."
        parts = _colon_use_parts(quotable, label_uses)
    asked = {t.slug for t in conditions_in(f"Used for {request.question}.")}
    asked_words = [
        f
        for (_, _, every), for_use in zip(request.evidence.asked, request.evidence.asked_for_use, strict=True)
        if for_use
        for f in every
    ]
    for heading, terms, doses, ranked, _ in parts:
        if asked & {t.slug for t in terms} or any(
            re.search(rf"\b{re.escape(w)}\b", heading, re.I) for w in asked_words
        ):  # the use asked about: its dose, then the best of the rest of its sub-section
            second = next((r for r in ranked if r is not doses[0]), None)
            return [quote(r, ctx) for r in (doses[0], second) if r is not None], []
    if asked or asked_words or len(parts) < 2:
        return None  # a condition not dosed apart ("for afib"), or one use: the ranked dose sentences
    out = []
    for _, terms, doses, _, named_in_it in parts[:MAX_USES_DOSED]:
        quoted = quote(doses[0], ctx)
        if not named_in_it:
            uses = listed([t.display.split(" (")[0] for t in terms])
            quoted = Sentence(f"For {uses}: {quoted.text}", quoted.citations, quoted.role)
        out.append(quoted)
    return out, []


def _use_terms(heading: str, label_uses: set[str]) -> list:
    """The label's uses a dosing heading names; none for a heading about people (children, kidney disease)."""
    from rxanswers.answers.condition_index import conditions_in

    if _CHILD.search(heading) or _OTHER_GROUP.search(heading):
        return []
    terms = [t for t in conditions_in(f"Used for {heading}.") if t.slug in label_uses]
    return terms if terms and _only_uses(heading, terms) else []


def an_adults_dose(text: str) -> bool:
    """Not a child's dose, a study's, or one for a group (kidney or liver disease, pregnancy, the elderly)."""
    return not a_childs_dose(text) and not _OTHER_GROUP.search(text) and not _STUDY.search(text)


def _numbered_use_parts(text: str, quotable: dict, label_uses: set[str]) -> list:
    """(heading, use terms, dose sentences, every sentence best ranked first, False) per numbered sub-section
    that doses a use ("2.5 Acute Gout The recommended starting dose is 750 mg ...")."""
    from rxanswers.answers.evidence.sentences import numbered_parts, quotable_sentences

    parts = []
    for heading, body in numbered_parts(text):
        terms = _use_terms(heading, label_uses)
        if not terms:
            continue
        sentences = [quotable[s] for s in quotable_sentences(body) if s in quotable]
        doses = [r for r in sentences if states_a_dose(r.passage.text) and an_adults_dose(r.passage.text)]
        if doses:
            parts.append((heading, terms, doses, sorted(sentences, key=lambda r: -r.score), False))
    return parts


_COLON_HEADING = re.compile(r"^([A-Z][^:.;]{2,80}):\s")


def _colon_use_parts(quotable: dict, label_uses: set[str]) -> list:
    """The same for sentences that name their use before a colon and give its dose ("Dysmenorrhea: ... a dose
    of 400 mg every 4 hours"), in the label's order; True: the quoted sentence names its use itself."""
    parts = []
    for text, r in sorted(quotable.items(), key=lambda item: item[1].passage.position):
        m = _COLON_HEADING.match(text)
        terms = _use_terms(m.group(1), label_uses) if m else []
        if terms and _AMOUNT.search(text) and an_adults_dose(text):
            parts.append((m.group(1), terms, [r], [r], True))
    return parts
