"""What composers share: pick the best ranked label sentences, quote them in plain words with their citation,
and write a short lead that states only what the cited sentences say (and carries their citations)."""

from __future__ import annotations

import re

from rxanswers.answers import citations as cite
from rxanswers.answers.evidence.context import DrugContext
from rxanswers.answers.evidence.ranking import Ranked
from rxanswers.answers.evidence.sentences import without_heading_before, without_table_row_label
from rxanswers.answers.schemas import Sentence

_PRONOUN_START = re.compile(
    r"^(It|This (?:drug|medicine|medication|product))(?= (?:should|is|can|may|must|will|has|does|works|was)\b)"
    # not the "it" of "It is recommended that ...", "It is not known whether ...", "It is important to ..."
    r"(?! (?:is|was|has been|may be|should be|can be)(?: not)? (?:\w+ly )?(?:recommended|advised|suggested|known|"
    r"unknown|important|essential|necessary|possible|likely|unlikely|unclear|prudent|advisable|reasonable|"
    r"expected|thought|believed|estimated)\b)"
)
MIN_SCORE = 0.05  # below this a ranked sentence is not evidence for anything


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def plain(text: str, protect: tuple[str, ...] = ()) -> str:
    from rxanswers.answers.lay import load_lay_terms

    return load_lay_terms().rewrite(text, protect=protect).text


def quote(ranked: Ranked, ctx: DrugContext | None = None, role: str = "answer") -> Sentence:
    """The ranked label sentence in plain words, cited to its label version and section."""
    view = ranked.index.view
    version = view.version
    names = tuple(version.brand_names + version.generic_names)
    text = without_table_row_label(ranked.passage.text)
    text = plain(without_heading_before(text, (*names, *([ctx.name] if ctx else []))), names)
    if ctx is not None and _PRONOUN_START.match(text):  # out of context "it" is unclear: name the medicine
        text = _PRONOUN_START.sub(cap(ctx.name), text, count=1)
    return Sentence(text, [cite.label_section(view, view.sections[ranked.passage.section])], role)


def lead(text: str, sources: list[Sentence] = (), role: str = "answer", *, citations=()) -> Sentence:
    """A generated opening sentence, cited to the sentences it summarises (or to ``citations``: the whole
    label it checked)."""
    cited: dict[tuple, object] = {c.key: c for c in citations}
    for s in sources:
        for c in s.citations:
            cited.setdefault(c.key, c)
    return Sentence(text, list(cited.values()), role)


def pick(ranked: list[Ranked], n: int, *, min_score: float = 0.0, where=None) -> list[Ranked]:
    """The best ``n`` ranked sentences (optionally only those ``where`` accepts and scoring at least
    ``min_score``), no near-repeats."""
    chosen: list[Ranked] = []
    seen: set[str] = set()
    for r in ranked:
        if r.score < min_score:
            break
        if where is not None and not where(r):
            continue
        key = re.sub(r"\W+", " ", r.passage.text.lower())[:70]
        if key in seen:
            continue
        seen.add(key)
        chosen.append(r)
        if len(chosen) >= n:
            break
    return chosen


def section_title(ranked: Ranked) -> str:
    section = ranked.index.view.sections[ranked.passage.section]
    return (section.title or ranked.passage.section.replace("_", " ")).lower()


def label_name(ctx: DrugContext) -> str:
    return ctx.name
