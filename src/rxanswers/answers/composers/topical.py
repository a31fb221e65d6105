"""The default composer: the label sentences that best answer the question (every section a candidate, ranked
against it), best first; and the two narrow routes kept from the cue era: abuse and scheduling."""

from __future__ import annotations

import re

from rxanswers.answers import citations
from rxanswers.answers.composers.coverage import silent_in
from rxanswers.answers.composers.dose import adults_first
from rxanswers.answers.composers.quoting import MIN_SCORE, lead, pick, quote
from rxanswers.answers.composers.verdicts import opened
from rxanswers.answers.evidence.facts import class_sentence
from rxanswers.answers.resources import INTENT_SECTIONS

ABUSE_SECTIONS = {
    "controlled_substance",
    "drug_abuse_and_dependence",
    "abuse",
    "dependence",
    "boxed_warning",
    "warnings_and_cautions",
    "warnings",
}
MAX_QUOTED = 3
# a sentence cut off in a long list, or one that only introduces what follows ("The following adverse reactions
# have been identified ...", "In addition to the adverse reactions noted above, ... …")
_WEAK_LEAD = re.compile(r"…$|^(?:In addition to|The following)\b[^:]*\.$")


def topical(request):
    ctx = request.primary
    if ctx is None or ctx.label is None:
        return None
    ranked = request.evidence.ranked(ctx)
    best = pick(ranked, MAX_QUOTED, min_score=MIN_SCORE)
    best.sort(
        key=lambda r: bool(_WEAK_LEAD.search(r.passage.text))
    )  # a cut list or an introduction never leads
    best = adults_first(request, best, ranked)
    if best:
        quoted = [quote(r, ctx) for r in best]
        return (opened(request, quoted, best[0]) if request.yes_no else quoted), []
    checked = lead(
        silent_in(
            ctx,
            request.evidence.all_indexes(ctx),
            "does not address this question",
            INTENT_SECTIONS.get(request.intent, ()),
            only_first=True,  # a missing part named only when the question's topic is in it
        ),
        citations=[citations.whole_label(ctx.label)],
        role="absence",
    )
    return [checked], []


_ASKS_ABUSE = re.compile(r"\b(?:addict\w*|habit[- ]forming|controll?ed substance|abus\w*|dependence)\b", re.I)


def _abuse_unlabelled(ctx):
    """No label text: say so, then whether its marketed products carry a DEA schedule (the NDC directory)."""
    from rxanswers.answers.composers.status import schedule_fact
    from rxanswers.answers.schemas import Sentence

    fact = schedule_fact(ctx)
    if fact is None:
        return None
    opening = Sentence(
        f"The FDA label text for {ctx.name} is not loaded here, so this answer cannot say what its label says "
        "about abuse, addiction and dependence.",
        fact.citations,
        "coverage",
    )
    return [opening, fact], []


def abuse(request):
    """ "Is X addictive / a controlled substance / a narcotic": the label's abuse and dependence text."""
    ctx = request.primary
    if ctx is None:
        return None
    if ctx.label is None:
        return _abuse_unlabelled(ctx) if _ASKS_ABUSE.search(request.question) else None
    found = pick(
        request.evidence.ranked(ctx),
        3,
        min_score=0.0,
        where=lambda r: (
            r.passage.section in ABUSE_SECTIONS
            and any(
                w in r.passage.text.lower()
                for w in ("schedule", "controlled substance", "abuse", "addiction", "dependence")
            )
        ),
    )
    if not found:
        from rxanswers.answers.evidence import mentions

        if mentions.raw_mention(
            request.evidence.all_indexes(ctx),
            [
                "controlled substance",
                "schedule ii",
                "schedule iii",
                "schedule iv",
                "schedule v",
                "abuse",
                "dependence",
            ],
        ):
            return None
        checked = lead(
            f"The label does not say: the FDA label text loaded for {ctx.name} does not say it is a controlled "
            "substance or habit-forming.",
            citations=[citations.whole_label(ctx.label)],
            role="absence",
        )
        from rxanswers.answers.composers.status import schedule_fact

        # what the product listings say ("No marketed X product is listed with a DEA schedule"); a yes/no opens
        # with the label's silence
        listed = schedule_fact(ctx)
        if listed is None:
            return [checked], []
        return ([checked, listed] if request.yes_no else [listed, checked]), []
    quoted = [quote(r, ctx) for r in found]
    lead_class = class_sentence(ctx)
    out = quoted + ([lead_class] if lead_class is not None else [])
    if request.yes_no:
        texts = " ".join(r.passage.text for r in found)
        schedule = re.search(r"\bSchedule (I{1,3}V?|IV|V)\b", texts)
        if schedule:
            opening = (
                f"Yes: the {ctx.name} label says it is a Schedule {schedule.group(1)} controlled substance."
            )
        else:
            named = [w for w in ("addiction", "abuse", "misuse", "dependence") if w in texts.lower()]
            opening = f"Yes: the {ctx.name} label warns about {', '.join(named[:3])}." if named else None
        if opening:
            out = [lead(opening, quoted[:1])] + out
    return out, []
