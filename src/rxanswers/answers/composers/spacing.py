"""How long to wait between a medicine and something else: "how long after metronidazole can I drink alcohol",
"how long should I wait after levothyroxine to eat", "how many hours apart should I take calcium and
levothyroxine". The label sentences that name the other thing AND give a time ("for at least three days after
therapy", "4 hours before or after") answer it; the medicine's onset ("peak effect in 4 to 6 weeks") does not.
No timed sentence: the sentences naming the other thing; none of those either: no answer here (the interaction
and time routes follow)."""

from __future__ import annotations

import re

from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.quoting import pick, quote
from rxanswers.answers.evidence import mentions
from rxanswers.answers.resources import SUBSTANCE_SYNONYMS

_WAIT_TIME = re.compile(
    r"\b(?:(?:at least|about|approximately|within|for)\s+)?(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|"
    r"eight|twelve|24|48|72)(?:\s*(?:to|-|–|or)\s*\d+)?\s*(?:minutes?|hours?|hrs?|days?|weeks?)\b"
    r"|\bempty stomach\b|\bbefore (?:breakfast|a meal|meals|eating)\b",
    re.I,
)
_TAKING_SECTIONS = {
    "dosage_and_administration",
    "drug_interactions",
    "information_for_patients",
    "patient_counseling_information",
    "spl_patient_package_insert",
    "spl_medguide",
    "directions",
}
_EATING = re.compile(r"\b(?:eat|eating|ate|breakfast|lunch|dinner|meals?|food)\b", re.I)
_FOOD_FORMS = ["food", "meal", "meals", "breakfast", "empty stomach", "eating"]


def _targets(request, ctx) -> list[str]:
    """The words a label uses for what ``ctx`` is to be spaced from: the other medicine(s) asked about, the
    substance (its label synonyms: "milk" -> dairy, calcium), food when eating is asked about."""
    ev = request.evidence
    forms: list[str] = []
    for other in ev.contexts:
        if other is not ctx:
            forms += [other.name.lower(), other.ref.matched.lower()]
    if ev.substance:
        forms += [ev.substance.lower(), *SUBSTANCE_SYNONYMS.get(ev.substance.lower(), ())]
    if _EATING.search(asking_text(request)):
        forms += _FOOD_FORMS
    return sorted({f for f in forms if len(f) > 2})


def wait_between(request):
    ev = request.evidence
    timed, named = [], []
    for ctx in ev.contexts:  # every label loaded may say it ("calcium and levothyroxine": levothyroxine's)
        targets = _targets(request, ctx) if ctx.label is not None else []
        if not targets:
            continue
        for r in mentions.naming(ev.ranked(ctx), targets)[:40]:
            if _WAIT_TIME.search(r.passage.text):
                timed.append((ctx, r))
            elif r.passage.section in _TAKING_SECTIONS:  # not "calcium phosphate" among inactive ingredients
                named.append((ctx, r))
    found = timed or named  # no time given: what the label says about taking them close together
    if not found:
        return None
    found.sort(key=lambda cr: -cr[1].score)
    best_ctx, best = found[0]
    rest = pick(
        [r for c, r in found[1:] if c is best_ctx], 1, where=lambda r: r.passage.text != best.passage.text
    )
    return [quote(best, best_ctx), *[quote(r, best_ctx) for r in rest]], []
