"""Information questions ("what is X"): what it is used for first, then the kind of medicine it is and how it
works, then its boxed warning — the reference-site pattern, each sentence from the label (or the NCI
dictionary when no label text is loaded)."""

from __future__ import annotations

from rxanswers.answers.composers.action import _WORKS, MECHANISM_SECTIONS
from rxanswers.answers.composers.quoting import pick, quote
from rxanswers.answers.composers.uses import use_groups, uses_summary
from rxanswers.answers.evidence.facts import class_sentence, indication_sentences, nci_sentences
from rxanswers.answers.schemas import Sentence

USE_SECTIONS = {"indications_and_usage", "purpose"}
USES_MIN = 0.6  # the topic probability above which "what is X for" is answered by the label's uses alone
OVERVIEW_SURE = 0.5  # below this "information" probability a question may ask something specific ...
SPECIFIC_MIN = 0.5  # ... and a label sentence ranked this high for it answers better than an overview


def overview(evidence, ctx) -> list[Sentence]:
    cls = class_sentence(ctx)
    if ctx.label is None:
        return nci_sentences(ctx) + ([cls] if cls is not None else [])
    ranked = evidence.ranked(ctx)
    uses = pick(ranked, 1, min_score=0.0, where=lambda r: r.passage.section in USE_SECTIONS)
    works = pick(
        ranked,
        1,
        min_score=0.0,
        where=lambda r: r.passage.section in MECHANISM_SECTIONS and bool(_WORKS.search(r.passage.text)),
    )
    boxed = pick(ranked, 1, min_score=0.0, where=lambda r: r.passage.section == "boxed_warning")
    out = [quote(r, ctx) for r in uses] or indication_sentences(ctx)[:1]
    if uses and (summed := _summed_up(evidence, ctx, uses[0].passage.text)) is not None:
        out = [summed]
    if cls is not None:
        out.append(cls)
    out += [quote(r, ctx) for r in works + boxed]
    return out


def uses(request):
    """ "What is X for / why was I given X": the label's uses; when the loaded label text has none (a label
    extract without its indications), the compiled FDA label indications."""
    ctx = request.primary
    u = request.understanding
    plainly_asked = u.form in ("what", "why", "which_drugs") and u.topics.get("indication", 0.0) >= USES_MIN
    if ctx is None or ctx.label is None or request.yes_no:
        return None
    no_uses_loaded = not any(key in ctx.label.sections for key in USE_SECTIONS)
    if not plainly_asked and not no_uses_loaded:  # a label extract without its uses: they come from elsewhere
        return None
    listed = pick(request.evidence.ranked(ctx), 2, where=lambda r: r.passage.section in USE_SECTIONS)
    if listed and (grouped := use_groups(ctx)) is not None:  # prednisone's dozens of uses under headings
        return [grouped], []
    if listed and _many_uses(listed[0].passage.text):  # naproxen's one sentence lists many
        summary = uses_summary(request.evidence, ctx)
        if summary is not None:
            return [summary, quote(listed[0], ctx)], []
    if listed:
        return [quote(r, ctx) for r in listed], []
    compiled = indication_sentences(ctx)
    return (compiled, []) if compiled else None


MANY_USES = 4  # conditions in one use sentence from which a summary of the uses leads
LONG_USE_SENTENCE = 45  # words


def _summed_up(evidence, ctx, first_use: str):
    """The uses said in one sentence when the label's own first use sentence is a run of headings or a long
    list: its group headings, else the summary of its uses; None to quote the label's sentence."""
    grouped = use_groups(ctx)
    if grouped is not None:
        return grouped
    return uses_summary(evidence, ctx) if _many_uses(first_use) else None


def _many_uses(sentence: str) -> bool:
    from rxanswers.answers.condition_index import conditions_in

    return len(sentence.split()) > LONG_USE_SENTENCE and len(conditions_in(sentence)) >= MANY_USES


def information(request):
    if request.primary is None:
        return None
    ctx = request.primary
    if ctx.label is not None and request.understanding.topics.get("information", 0.0) < OVERVIEW_SURE:
        best = pick(request.evidence.ranked(ctx), 1, min_score=SPECIFIC_MIN)
        if best and best[0].passage.section not in USE_SECTIONS:
            return None  # "my 3 year old drank half the bottle": the sentences ranked for it (the default)
    out = overview(request.evidence, request.primary)
    return (out, []) if out else None
