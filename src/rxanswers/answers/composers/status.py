"""How a medicine is sold: "Is Flonase over the counter?", "Do I need a prescription for Tessalon?", "Is
oxycodone a controlled substance?". Answered from Drugs@FDA marketing status and the NDC directory's product
types and DEA schedules, for the product the question names when products carry that name (Flonase), else for
every product of the drug. Yes or no first when the question expects one; each sentence cites both sources."""

from __future__ import annotations

import re

from rxanswers.answers import products, selectors
from rxanswers.answers.evidence.facts import listed
from rxanswers.answers.schemas import Sentence

_ASKS_PRESCRIPTION = re.compile(
    r"\b(?:need|needs|require[sd]?|have to have|have to get|must have)\b(?:\W+\w+){0,3}?\W+"
    r"(?:prescri\w*|script|rx)\b|\bprescription[- ]only\b|\bonly (?:by|with|on) (?:a )?prescription\b|"
    r"\b(?:is|are) (?:\w+ ){1,3}(?:a )?prescription (?:drug|medicine|medication)\b",
    re.I,
)
_ASKS_SCHEDULE = re.compile(r"\bcontroll?ed (?:substance|drug|medicine)|\bschedule[ds]? (?:[iv]+|\d)\b", re.I)
MAX_NAMES = 3


def _names(names: list[str]) -> str:
    return listed(names[:MAX_NAMES])


def _subject(ctx, status) -> str:
    if status.named_only:
        named = ctx.ref.matched.strip()
        subject = named[:1].upper() + named[1:]
    else:
        subject = ctx.name[:1].upper() + ctx.name[1:]
    return f"{subject} {status.strength}" if status.strength else subject


def _facts(ctx, status) -> str:
    subject = _subject(ctx, status)
    otc, rx = status.otc, status.prescription
    if otc and rx:
        return f"{subject} is sold both ways: over the counter as {_names(otc)}, and on prescription as {_names(rx)}."
    if otc:
        return f"{subject} is sold over the counter, without a prescription (products such as {_names(otc)})."
    return (
        f"{subject} needs a prescription: every marketed product listed is prescription-only ({_names(rx)})."
    )


def _opening(question: str, status, yes_no: bool) -> str:
    """ "Yes. " / "No. " for the question as asked, or nothing for a question that is not yes/no."""
    if not yes_no:
        return ""
    otc, rx = bool(status.otc), bool(status.prescription)
    if _ASKS_PRESCRIPTION.search(question):  # "do I need a prescription for X"
        if otc and rx:
            return "No, not for every product. "
        return "Yes. " if rx else "No. "
    if otc and rx:
        return "Yes, some products. "
    return "Yes. " if otc else "No. "


def schedule_fact(ctx) -> Sentence | None:
    """Whether the medicine's marketed products carry a DEA schedule, as one cited sentence (None when no
    marketed product of it is listed): "Clonazepam is a controlled substance: DEA schedule CIV."."""
    if ctx.drug is None:
        return None
    status = products.sale_status(ctx.drug)
    if not (status.otc or status.prescription):
        return None
    cited = [selectors.source_citation(s, f"marketed products of {ctx.name}") for s in status.sources]
    name = ctx.name[:1].upper() + ctx.name[1:]
    if status.schedules:
        return Sentence(
            f"{name} is a controlled substance: DEA schedule {', '.join(status.schedules)}.", cited
        )
    return Sentence(
        f"No marketed {ctx.name} product is listed with a DEA schedule (none is a controlled substance).",
        cited,
    )


def sale_sentences(ctx, question: str, *, yes_no: bool) -> list[Sentence]:
    """The sentences for one medicine; none when no marketed product of it is listed."""
    if ctx.drug is None:
        return []
    status = products.sale_status(
        ctx.drug, ctx.ref.matched, products.asked_strength(question, ctx.ref.matched)
    )
    if not (status.otc or status.prescription):
        return []
    cited = [selectors.source_citation(s, f"marketed products of {ctx.name}") for s in status.sources]
    if _ASKS_SCHEDULE.search(question):
        subject = _subject(ctx, status)
        if status.schedules:
            text = f"Yes. {subject} is a controlled substance: DEA schedule {', '.join(status.schedules)}."
        else:
            text = f"No. No marketed {subject} product is listed with a DEA schedule."
        return [
            Sentence(text if yes_no else text.split(" ", 1)[1], cited),
            Sentence(_facts(ctx, status), cited),
        ]
    out = [Sentence(_opening(question, status, yes_no) + _facts(ctx, status), cited)]
    if status.named_only and not status.otc:  # "Patanol" is prescription-only, other olopatadine is not
        every = products.sale_status(ctx.drug)
        if every.otc:
            other = [selectors.source_citation(s, f"marketed products of {ctx.name}") for s in every.sources]
            out.append(
                Sentence(
                    f"Other {ctx.name} products are sold over the counter: {_names(every.otc)}.",
                    other,
                )
            )
    if status.schedules:
        out.append(
            Sentence(
                f"It is a controlled substance (DEA schedule {', '.join(status.schedules)}).",
                cited,
            )
        )
    return out


NEAR = 50  # characters between the medicine's name and the words about buying it, in one clause
_TOGETHER = re.compile(r"\b(?:with|together|plus|alongside)\b", re.I)
_GETTING = re.compile(
    r"\b(?:buy\w*|get|getting|purchas\w*|find|available|sold|sell\w*|stores?|pharmacy)\b", re.I
)
_CLAUSE_BREAK = re.compile(r"[,;.?!]|\b(?:then|but|while|whereas)\b", re.I)


def buying(question: str) -> bool:
    """The question speaks of buying or getting a medicine ("can I buy 800 mg ibuprofen over the counter")."""
    return bool(_GETTING.search(question))


def _about(question: str, named: str, others: tuple[str, ...] = ()) -> bool:
    """The buying words are said of this medicine ("get the flonase spray over the counter"), not of another
    product in a longer message ("... then treat the other rash with an over the counter cream")."""
    from rxanswers.answers.resources import CUES

    where = question.lower().find(named.lower()) if named else -1
    if where < 0:
        return False
    end = where + len(named)
    for m in CUES["sale_question"].finditer(question):
        between = question[end : m.start()] if m.start() >= end else question[m.end() : where]
        if len(between) > NEAR or _CLAUSE_BREAK.search(between):
            continue
        if any(o and o.lower() in between.lower() for o in others) and _TOGETHER.search(between):
            continue  # "ibuprofen with tylenol over the counter": about taking the two together
        if m.end() <= where and not between.strip() and not _GETTING.search(question):
            continue  # "otc ibuprofen for my headache": the product taken, not a question about buying it
        return True
    return False


_OTC = r"(?:otc|over[ -](?:the[ -])?counter|non-?prescription)"
_IS_OTC = re.compile(rf"\b(?:is|are|isn'?t|aren'?t)\b[^.?!]{{0,40}}\b{_OTC}\b", re.I)
_NAME_OTC = re.compile(
    rf"^\W*(?:\w+[ -]){{1,3}}(?:available )?{_OTC}\W*$", re.I
)  # "testosterone over counter?"


def _asks_how_sold(question: str) -> bool:
    """Asked how it is sold: a prescription or schedule question, buying words, or "is X over the counter" —
    not "can I take ibuprofen 3 times a day over the counter" (a dosing question)."""
    return bool(
        _ASKS_PRESCRIPTION.search(question)
        or _ASKS_SCHEDULE.search(question)
        or buying(question)
        or _IS_OTC.search(question)
        or _NAME_OTC.search(question)
    )


def sale_status(request):
    """Route: questions about buying a medicine over the counter or needing a prescription for it."""
    if not _asks_how_sold(request.question):
        return None
    others = tuple(o.ref.matched for o in request.others)
    if request.primary is None or not _about(request.question, request.primary.ref.matched, others):
        return None
    sentences: list[Sentence] = []
    for ctx in request.contexts:
        found = sale_sentences(ctx, request.question, yes_no=request.yes_no and not sentences)
        sentences += found
    if not sentences:
        return None
    return sentences, []
