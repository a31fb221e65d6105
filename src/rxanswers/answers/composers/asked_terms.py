"""The terms a question asks about, as the yes/no composers use them: which are named as the use and which as
the worry, how a label sentence words one, and when the label may honestly be said not to mention it."""

from __future__ import annotations

import re

from rxanswers.answers import citations
from rxanswers.answers.composers.coverage import silent_in
from rxanswers.answers.composers.quoting import lead, plain
from rxanswers.answers.evidence import mentions

WARNING_SECTIONS = {
    "boxed_warning",
    "warnings",
    "warnings_and_cautions",
    "precautions",
    "general_precautions",
}


def first_asked(request, *, for_use: bool):
    """The first asked term in the role a handler needs: what the medicine is for, or what the person has or
    fears ("for gout" is the use, "a rash" the worry)."""
    terms = all_asked(request, for_use=for_use)
    return terms[0] if terms else None


def all_asked(request, *, for_use: bool) -> list:
    ev = request.evidence
    return [term for term, role in zip(ev.asked, ev.asked_for_use, strict=True) if role == for_use]


BODY_PART_KINDS = frozenset({"anatomy", "body_part"})


def worries_and_parts(request, *, loose_words: bool = True) -> tuple[list, list]:
    """The asked terms not named as the use, split into what the person has or fears and the body parts named
    alone ("does it lower heart rate", "his kidneys stopped"): a body part is never an effect or a condition.
    ``loose_words=False`` leaves out single words matched only inside glossary wordings ("mental")."""
    ev = request.evidence
    asked = [
        (t, kind)
        for t, for_use, kind in zip(ev.asked, ev.asked_for_use, ev.asked_kinds, strict=True)
        if not for_use and (loose_words or kind != "word")
    ]
    return [t for t, k in asked if k not in BODY_PART_KINDS], [t for t, k in asked if k in BODY_PART_KINDS]


def whole_label(ctx):
    return citations.whole_label(ctx.label)


def shown_as(ranked, forms: list[str], fallback: str) -> str:
    """What a found sentence calls the asked thing, in plain words: the glossary's wording of the form it
    uses ("renal impairment" -> "reduced kidney function (renal impairment)"), else ``fallback``."""
    text = ranked.passage.text
    for pattern in mentions.patterns(sorted(forms, key=len, reverse=True)):
        m = pattern.search(text)
        if m and len(m.group(0).split()) >= 2 or (m and len(fallback.split()) == 1):
            return SAME_TWICE.sub(r"\1", plain(m.group(0).lower()))
    return SAME_TWICE.sub(r"\1", fallback)  # "heart (heart)": the plain word is the term


def may_claim_absent(ev, ctx, every: list[str], forms: list[str], phrase: str):
    """(True, None) when the label may honestly be said not to mention it; else (False, what names it)."""
    indexes = ev.all_indexes(ctx)
    if mentions.raw_mention(indexes, every or forms) is not None or mentions.related_words(indexes, forms):
        return False, None
    from rxanswers.answers.encoders import encode

    near = mentions.semantically_near(indexes, encode([phrase])[0])
    return near is None, near


SAME_TWICE = re.compile(r"\b([\w' -]+?) \(\1\)")


def label_silent(
    ctx, what: str, then: list, indexes=(), where=(), saying: str = "does not mention {what}"
) -> tuple[list, list]:
    """A cited "the label does not mention X" (or what ``saying`` says of it), naming the parts of a complete
    label not loaded here (the sections ``where`` it would be first)."""
    what = SAME_TWICE.sub(r"\1", what)  # "nausea (nausea)": the plain word is the term
    checked = lead(
        silent_in(ctx, indexes, saying.format(what=what), where),
        citations=[whole_label(ctx)],
        role="absence",
    )
    return [checked] + then, []


TOPIC_MIN = 0.2  # a handler is tried when its topic has at least this probability


def asking_text(request) -> str:
    """The asking sentence(s) of the message (the whole question when none was told apart)."""
    focus = request.understanding.focus
    return focus.text if focus is not None and focus.text.strip() else request.question
