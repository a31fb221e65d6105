"""The yes/no opening drawn from the best label sentence quoted for a question ("No: the X label advises against
this.", "Yes: the X label says to prime it."): what the sentence says, only when it is clearly about the question."""

from __future__ import annotations

import re

from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.openings import general, question_kind
from rxanswers.answers.composers.quoting import lead
from rxanswers.answers.evidence.polarity import polarity
from rxanswers.answers.words import STOPWORDS, WORD

_ABOUT_ANOTHER_MEDICINE = re.compile(
    r"^drug_interactions\b|\b(?:concomitant(?:ly)?|coadminist\w*|co-administ\w*|concurrent(?:ly)?|combination with)\b",
    re.I,
)
OPENING_MIN_SCORE = 0.5  # a sentence ranked below this is evidence, not an answer: it gets no yes/no opening


def opened(request, sentences: list, ranked_best, *, relevant: bool = False) -> list:
    """A yes/no question answered by the best label sentences: opened by what the first one says (only when
    it is clearly about the question: ranked high, or found for it: ``relevant``)."""
    ctx = request.primary
    kind = question_kind(asking_text(request))
    if kind != "permission" or (ranked_best.score < OPENING_MIN_SCORE and not relevant):
        return sentences  # "is X a blood thinner" is never answered "No" by an unrelated contraindication
    if request.intent != "interaction" and _ABOUT_ANOTHER_MEDICINE.search(
        f"{ranked_best.passage.section} {ranked_best.passage.text}"
    ):  # "can I take omeprazole long term" is no "No" from "Avoid concomitant use with omeprazole"
        return sentences
    said = polarity(ranked_best.passage.text)
    if said == "no" and narrower_than_asked(asking_text(request), ranked_best.passage.text, request.evidence):
        return sentences  # "after surgery" is not answered "No" by "in the setting of CABG surgery"
    opening = general(kind, said, ctx.name)
    if (
        opening is None
        and said == "fact"
        and (verb := instructed(asking_text(request), ranked_best.passage.text))
    ):
        opening = f"Yes: the {ctx.name} label says to {verb} it."
    return ([lead(opening, sentences[:1])] if opening else []) + sentences


# "do I have to / need to ..., should I ..., can I ... <verb>": the action asked about
_ASKED_ACTION = re.compile(
    r"\b(?:do|does|should|must|can|could|may|shall)\s+(?:i|we|you|he|she|they)\s+"
    r"(?:(?:have|need)\s+to\s+|still\s+|also\s+|just\s+|always\s+)?([a-z]{3,})\b",
    re.I,
)
_NOT_ACTIONS = frozenset("be have get go do need make".split())
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|avoid|no need|unnecessary)\b", re.I)


def instructed(question: str, sentence: str) -> str | None:
    """The verb of "do I have to / should I / can I <verb> <something>" when the sentence tells the reader to do
    just that: it opens with the verb ("Prime the inhaler before ..."), or says patients should or must do it,
    or are to be advised to, and names something the question names after the verb ("inhaler"); None when it
    does not, or says not to."""
    m = _ASKED_ACTION.search(question)
    if m is None or m.group(1).lower() in _NOT_ACTIONS | STOPWORDS:
        return None
    verb = m.group(1).lower()
    stem = re.escape(verb[:5] if len(verb) > 5 else verb.rstrip("e"))
    said = re.search(
        rf"^(?:[A-Z][\w ]{{0,30}}:\s*)?(?:always |please |gently )?{stem}\w*\b|"
        rf"\b(?:should|must|needs? to|(?:advise|instruct|tell) (?:the )?patients? to)\s+(?:\w+\s+)?(?:be\s+)?"
        rf"{stem}\w*\b",
        sentence,
        re.I,
    )
    if said is None or _NEGATED_BEFORE.search(sentence[max(0, said.start() - 30) : said.end()]):
        return None
    after = [w for w in WORD.findall(question[m.end() :].lower()) if w not in STOPWORDS and len(w) > 3]
    if not any(re.search(rf"\b{re.escape(w[:5])}", sentence, re.I) for w in after):
        return None  # "should I take it?" is not answered by "Take 1 tablet daily"
    return verb


def narrower_than_asked(question: str, sentence: str, evidence) -> bool:
    """The sentence speaks of a narrower case of a word the question uses: the word stands in it right after
    words the question does not have ("coronary artery bypass graft (CABG) surgery", "severe asthma")."""
    said = WORD.findall(question.lower())
    asked = {w for w in said if w not in STOPWORDS and len(w) > 3}
    asked -= {w for m in evidence.matched for w in WORD.findall(m.lower())}
    # only a word the question leaves bare: "mechanical heart valve" and "prosthetic heart valves" both qualify it
    bare = {w for i, w in enumerate(said) if w in asked and (i == 0 or said[i - 1] in STOPWORDS)}
    for word in bare:
        for m in re.finditer(rf"\b{re.escape(word)}\b", sentence, re.I):
            before = re.findall(r"[A-Za-z][A-Za-z-]+", sentence[max(0, m.start() - 40) : m.start()])[-1:]
            if before and before[0].lower() not in STOPWORDS and before[0].lower() not in asked:
                return True
    return False
