"""Narrow usage questions that a label answers in one place or not at all: a missed dose, storage and
disposal, stopping. The sentences that say it, or a cited "the label does not say" (after the raw text of every
section was checked) followed by the next best sentence."""

from __future__ import annotations

import re

from rxanswers.answers import citations
from rxanswers.answers.composers.quoting import lead, pick, quote
from rxanswers.answers.composers.yes_no import opened
from rxanswers.answers.evidence import mentions

TOPICS = {
    # name: (question cue, what label sentences that answer it say, wording for "the label does not say ...")
    "missed dose": (
        re.compile(
            r"\b(?:miss(?:ed)?|forg[eo]t\w*|skip(?:ped)?)\b|\b(?:late|delayed)\b[^?.]{0,30}\b(?:dose|pill|tablet|shot|injection)s?\b|\bdouble (?:up|dose)\b|\btake (?:2|two) (?:tonight|today|now|at once)\b",
            re.I,
        ),
        ["missed dose", "miss a dose", "missed", "miss", "forget", "forgot", "skipped"],
        "what to do if you miss a dose",
    ),
    "storage": (
        re.compile(
            r"\b(?:store|storage|stored|keep|refrigerat\w*|fridge|room temperature|expire[ds]?|expiration|shelf|heat|freez\w*)\b",
            re.I,
        ),
        ["store", "storage", "refrigerat", "room temperature", "keep", "discard", "dispose", "expir"],
        "how to store it",
    ),
    "disposal": (
        re.compile(r"\b(?:dispose|disposal|throw (?:it |them )?away|get rid of|flush)\b", re.I),
        ["dispose", "disposal", "discard", "flush", "throw away", "take-back", "unused"],
        "how to get rid of unused medicine",
    ),
    "stopping": (
        re.compile(
            r"\b(?:stop|stopping|quit|quitting|come off|coming off|wean|taper|cold turkey|withdraw\w*)\b",
            re.I,
        ),
        [
            "abrupt",
            "suddenly",
            "taper",
            "gradual",
            "withdrawal",
            "discontinuation",
            "discontinu",
            "stop",
            "stopping",
        ],
        "what happens when you stop it",
    ),
}


def narrow(request):
    ctx = request.primary
    if ctx is None or ctx.label is None:
        return None
    for name, (cue, words, wording) in TOPICS.items():
        if not cue.search(request.question):
            continue
        ranked = request.evidence.ranked(ctx)
        named = []
        for n in range(1, len(words) + 1):  # the most telling words first ("abrupt" before "stop")
            pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words[:n]) + r")\w*", re.I)
            named = pick(ranked, 2, where=lambda r, p=pattern: bool(p.search(r.passage.text)))
            if named:
                break
        if name == "missed dose":
            named = [r for r in named if re.search(r"\bmiss|forg", r.passage.text, re.I)]
        if named:
            quoted = [quote(r, ctx) for r in named]
            return (opened(request, quoted, named[0], relevant=True) if request.yes_no else quoted), []
        if mentions.raw_mention(request.evidence.all_indexes(ctx), words[:2]) is not None:
            return None
        checked = lead(
            f"The label does not say: the FDA label text loaded for {ctx.name} does not say {wording}.",
            citations=[citations.whole_label(ctx.label)],
            role="absence",
        )
        return [checked], [
            "Ask your pharmacist, or see the patient information leaflet that came with your medicine."
        ]
    return None
