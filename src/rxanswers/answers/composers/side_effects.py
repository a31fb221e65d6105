"""What side effects a medicine has: "What are the side effects of X?" is led by the label's own list of the most
common ones ("For metformin hydrochloride tablets, the most common adverse reactions (>5.0%) are diarrhea, nausea,
..."), else by the first sentence of its adverse reactions that lists effects; then the next best side-effect
sentence. Only for a list question about one medicine that names no particular effect. When only an extract
without any side-effect list is loaded, it says so before quoting the loaded warnings."""

from __future__ import annotations

import re

from rxanswers.answers.composers.asked_terms import asking_text
from rxanswers.answers.composers.coverage import partly_loaded, where_said_missing
from rxanswers.answers.composers.quoting import lead, pick, quote

_MOST_COMMON = re.compile(
    r"\b(?:most )?(?:common(?:ly)?|frequent(?:ly)?)\b(?: (?:observed|reported))? (?:adverse|side)", re.I
)
# an introduction that names no effect: "... that were not mentioned previously.", "... in other sections"
_NO_EFFECT_NAMED = re.compile(
    r"\b(?:not mentioned previously|described (?:in more detail )?(?:below|elsewhere|in other sections)|"
    r"other sections of (?:the )?(?:prescribing information|labeling)|led to discontinuation|"
    r"leading to discontinuation|requiring discontinuation)\b",
    re.I,
)
_STOPPED = re.compile(r"\bdiscontinu\w*", re.I)
_INTRO_ONLY = re.compile(
    r"^The following\b[^:]*\.$"
)  # "The following adverse reactions have been identified ..."
_LIST_SECTIONS = {"adverse_reactions", "spl_medguide", "spl_patient_package_insert"}
_SIDE_EFFECT_SECTIONS = _LIST_SECTIONS | {"warnings_and_cautions", "warnings", "precautions", "boxed_warning"}


def lists_effects(text: str) -> bool:
    """The sentence names several effects (a list after "are", "include" or a colon), not only introduces them."""
    m = re.search(r":|\b(?:are|were|include[sd]?|included|including)\b", text)
    if m is None:
        return False
    rest = text[m.end() :]
    return rest.count(",") >= 2 or rest.count("(") >= 3  # "a, b, c" or a flattened "a (A) b (B) c (C)"


_SERIOUS_ASKED = re.compile(
    r"\b(?:serious|dangerous|nasty|worst|severe|major|life[- ]threatening|scary|deadly|bad)\b", re.I
)
_WARNING_SECTIONS = ("boxed_warning", "warnings_and_cautions", "warnings")
# "Does X have any side effects?" / "Are there side effects to X?": a list question (labelled "what") written as
# a yes/no one, answered "Yes" before the list, as a pharmacist would
_ASKED_AS_YES_NO = re.compile(
    r"^\W*(?:(?:does|do|did|can|could|will|would|might|may) (?:\S+ ){1,4}(?:have|has|cause|give)|"
    r"(?:are|is) there)\b(?:\s+\S+){0,4}\s+(?:side[- ]?effects?|adverse (?:effects?|reactions?))\b",
    re.I,
)


def serious(request, ranked):
    """ "Does X have any serious / nasty side effects?": its boxed warning, else its best-ranked warning, then
    the next warning (the most common list answers a different question)."""
    ctx = request.primary

    def warns(r, section) -> bool:
        text = r.passage.text
        return (
            r.passage.section == section
            and len(text.split()) >= 6
            and not _INTRO_ONLY.match(text)
            and not _NO_EFFECT_NAMED.search(text)
        )

    lead = next(
        (
            found
            for sec in _WARNING_SECTIONS
            if (found := pick(ranked, 1, where=lambda r, s=sec: warns(r, s)))
        ),
        [],
    )
    if not lead:
        return None
    first = lead[0].passage.text
    then = pick(
        ranked,
        1,
        where=lambda r: r.passage.text != first and any(warns(r, sec) for sec in _WARNING_SECTIONS),
    )
    return [quote(r, ctx) for r in lead + then], []


def common_list(ranked) -> list:
    """The label sentence listing the most common side effects, else the first that lists effects people had
    (not those that made them stop it): one ranked passage, or none."""
    return pick(
        ranked,
        1,
        where=lambda r: (
            r.passage.section in _LIST_SECTIONS
            and bool(_MOST_COMMON.search(r.passage.text))
            and lists_effects(r.passage.text)
        ),
    ) or pick(
        ranked,
        1,
        where=lambda r: (
            r.passage.section == "adverse_reactions"
            and lists_effects(r.passage.text)
            and not _STOPPED.search(r.passage.text)
        ),
    )


def most_common(request):
    ev, ctx = request.evidence, request.primary
    asking = asking_text(request)
    if ctx is None or ctx.label is None or request.others or ev.asked or ev.population:
        return None
    if request.yes_no and not _ASKED_AS_YES_NO.search(asking):  # "does it cause X" names what it asks about
        return None
    ranked = ev.ranked(ctx)
    if _SERIOUS_ASKED.search(asking) and (composed := serious(request, ranked)) is not None:
        return _yes(asking, f"Yes: the {ctx.name} label warns of serious side effects.", composed)
    found = common_list(ranked)
    if not found:
        return _without_a_list(request, ranked)
    first = found[0].passage.text
    then = pick(
        ranked,
        1,
        where=lambda r: (
            r.passage.section in _SIDE_EFFECT_SECTIONS
            and r.passage.text != first
            and not _NO_EFFECT_NAMED.search(r.passage.text)
            and not _INTRO_ONLY.match(r.passage.text)
        ),
    )
    return _yes(
        asking, f"Yes: the {ctx.name} label lists side effects.", ([quote(r, ctx) for r in found + then], [])
    )


def _yes(asking: str, opening: str, composed):
    """``composed`` opened by ``opening`` (citing its first sentence) when the question is written as a yes/no
    one ("Does X have any nasty side effects?")."""
    sentences, notes = composed
    if not _ASKED_AS_YES_NO.search(asking) or not sentences:
        return composed
    return [lead(opening, sentences[:1]), *sentences], notes


def _without_a_list(request, ranked):
    """No section where labels list side effects is loaded (242 of 402 bundled medicines have only extracts):
    say so, then quote what the loaded warnings say, instead of the best-scoring sentence of any section."""
    ctx = request.primary
    indexes = request.evidence.all_indexes(ctx)
    if not where_said_missing(indexes, "side effects"):
        return None
    warned = serious(request, ranked)
    coverage = partly_loaded(ctx, indexes, "side effects", "which side effects are common")
    return [coverage, *(warned[0] if warned else [])], []
