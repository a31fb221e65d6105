"""Dose questions for a person the question names ("for my 4 year old", "for an adult", "elderly"): the dose
sentences that fit that age; otherwise the ranked dose sentences."""

from __future__ import annotations

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
