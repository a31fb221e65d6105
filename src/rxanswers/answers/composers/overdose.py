"""Too much taken: "my toddler swallowed some of my lisinopril", "what happens if I take a double dose of
simvastatin". The label's own words, in this order: its instruction to get help (Drug Facts: "In case of overdose,
get medical help or contact a Poison Control Center right away"), what an overdose does (the Overdosage section's
signs, symptoms and outcomes, not animal doses or a single case's narrative), how it is treated. When no section
where labels say this is loaded, the answer says so instead of quoting whatever ranks first. The safety notice for
the question type ("call 911 or Poison Control") travels with every such answer."""

from __future__ import annotations

import re

from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.coverage import partly_loaded, where_said_missing
from rxanswers.answers.composers.quoting import lead, pick, quote
from rxanswers.answers.composers.yes_no import ABOUT_TOO_MUCH, TOOK_TOO_MUCH, help_for_an_overdose

OVERDOSE_SECTIONS = {"overdosage", "spl_medguide", "spl_patient_package_insert", "information_for_patients"}
_SIGNS = re.compile(
    r"\bmanifestations?\b|\bsigns? (?:and|or) symptoms?\b|\bsymptoms? (?:of|include|may|following|after)\b|"
    r"\b(?:have|has) been reported\b|\bexpected to (?:cause|produce|result)\b|\bmay (?:cause|result in|produce|"
    r"lead to)\b|\btoxicity\b|\bcharacteri[sz]ed by\b|\bmost (?:likely|common|commonly)\b|\b(?:patients?|all|they|cases?) (?:\w+ ){0,2}recovered\b|\bfatal\b|\bdeaths?\b|"
    r"\boverdos\w* (?:may|can|could|would|might) (?:cause|result|be|produce|lead)\b",
    re.I,
)
_TREATED = re.compile(
    r"\btreat(?:ment|ed)?\b|\bsupportive\b|dialy[sz]\w*|\bactivated charcoal\b|\bantidotes?\b|\bmanage(?:ment|d)?\b|"
    r"\bpoison (?:control )?cent\w*|\bgastric lavage\b|\bemesis\b",
    re.I,
)
# not what it does to a person: animal doses, or one case's story ("a 19-month old child ... was seen")
_ANIMALS = re.compile(r"\b(?:rats?|mice|dogs?|monkeys?|rabbits?|animals?)\b", re.I)
_NOT_SIGNS = re.compile(
    _ANIMALS.pattern + r"|\bmg/kg\b|\b\d+[- ](?:month|year)[- ]old\b|"
    r"\b(?:was|were) (?:seen|admitted|given|administered|aspirated)\b",
    re.I,
)
MAX_SENTENCES = 3
_WARNING_SECTIONS = {"warnings", "warnings_and_cautions", "boxed_warning", "when_using", "stop_use"}


# something was taken by mistake or too much of it: not "how many Tylenol is an overdose" (a limit, answered by
# the dose sentences) nor "signs of lithium toxicity" (its warnings describe them)
_TOO_MUCH_TAKEN = re.compile(  # the yes/no handler's words for it, and more ways to say it
    TOOK_TOO_MUCH.pattern
    + r"|\bby mistake\b|\bmistak\w*|\bdouble[ds]?\b|\btwice\b|\bextra\b|\binste?a?d of\b|"
    r"\bmore than (?:prescribed|directed|recommended|i should)\b|"
    r"\b(?:swallow\w*|ate|eats?|eaten|eating|g[eo]ts? into|chew\w*)\b|\banother (?:dose|pill|tablet)\b|"
    r"\balready (?:took|taken)\b",
    re.I,
)
_A_LIMIT_ASKED = re.compile(r"\bhow (?:much|many)\b", re.I)
_FOR_THE_PHYSICIAN = re.compile(r"\b(?:physician|clinician|may wish)\b", re.I)


_CASE = re.compile(
    r"\b\d+[- ](?:month|year)[- ]old\b|\breported cases?\b|\bwho (?:had )?(?:taken|ingested)\b", re.I
)
_CONTINUES_A_STORY = re.compile(r"^(?:She|He|They|This|These|It|By|At|Two|After)\b")


def _a_case_told_whole(r) -> bool:
    """An Overdosage sentence telling one reported case with the amount taken, readable alone (not "She was
    admitted ...", "At 12 hours she ...")."""
    text = r.passage.text
    return (
        r.passage.section == "overdosage"
        and bool(_CASE.search(text))
        and bool(re.search(r"\d", text))
        and not _CONTINUES_A_STORY.match(text)
        and not re.search(r"\b(?:blood|plasma|serum) (?:levels?|concentrations?)\b|\bmcg/mL\b", text, re.I)
        and not _ANIMALS.search(text)
    )


def _says_what_it_does(r) -> bool:
    """An Overdosage sentence on its signs, symptoms or outcome, or a warning on taking more than directed."""
    text = r.passage.text
    if not _SIGNS.search(text) or _NOT_SIGNS.search(text):
        return False
    return r.passage.section in OVERDOSE_SECTIONS or (
        r.passage.section in _WARNING_SECTIONS and bool(ABOUT_TOO_MUCH.search(text))
    )


def what_happens(request):
    ctx = request.primary
    if ctx is None or ctx.label is None:
        return None
    asking = asking_text(request)
    if not _TOO_MUCH_TAKEN.search(request.question) or _A_LIMIT_ASKED.search(asking):
        return None
    ranked = request.evidence.ranked(ctx)
    help_line = pick(  # said to the person who took it, not to a physician or of one case's emergency room
        ranked,
        1,
        where=lambda r: (
            help_for_an_overdose(r)
            and not _NOT_SIGNS.search(r.passage.text)
            and not _FOR_THE_PHYSICIAN.search(r.passage.text)
        ),
    )
    signs = pick(ranked, 2, where=_says_what_it_does)
    if not (help_line or signs):  # only case reports, how doctors treat it, or nothing
        cases = pick(ranked, 2, where=_a_case_told_whole)
        # "a 19-month old child ... 7 to 10 tablets": said as the cases they are, not as what it does
        if cases:
            quoted = [quote(r, ctx) for r in cases]
            opening = (
                f"The {ctx.name} label describes overdoses only through individual case reports, "
                "not what an overdose usually does:"
            )
            return [lead(opening, quoted), *quoted], []
        indexes = request.evidence.all_indexes(ctx)
        if where_said_missing(indexes, "overdose"):
            return [partly_loaded(ctx, indexes, "overdose", "what taking too much of it does")], []
        return None
    shown = {r.passage.text for r in help_line + signs}
    treated = pick(
        ranked,
        1,
        where=lambda r: (
            r.passage.section == "overdosage"
            and r.passage.text not in shown
            and bool(_TREATED.search(r.passage.text))
            and not _NOT_SIGNS.search(r.passage.text)
            and not _FOR_THE_PHYSICIAN.search(r.passage.text)
        ),
    )
    found = (help_line + signs + treated)[:MAX_SENTENCES]
    return [quote(r, ctx) for r in found], []
