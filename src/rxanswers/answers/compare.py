"""Side-by-side comparison of 2-4 medicines: one row per thing people compare (class, how it works, uses, how it
is given, boxed warning, common and serious side effects, interactions, generics, price, label date), one cell per
medicine, every cell cited - or "not in the loaded data" when nothing loaded says it.

Cells come from the medicine's best label (first sentences of the section that answers the row, in plain words)
and, without label text, from the other bundled sources (FDA pharmacologic classes, compiled label indications,
NDC product listings, Drugs@FDA, NADAC). The "X vs Y" answer (``summary``) is built from this table: what the
medicines share, then how each differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rxanswers.answers import selectors
from rxanswers.answers.evidence.context import DrugContext, drug_context
from rxanswers.answers.evidence.facts import (
    indication_sentences,
    listed,
    lower_first,
    nci_sentences,
    product_forms,
)
from rxanswers.answers.schemas import Citation, Sentence

MIN_DRUGS, MAX_DRUGS = 2, 4
NOT_LOADED = "Not in the loaded data."
NOT_IN_LABEL = "The loaded label has no such section."


class CompareInputError(ValueError):
    """The medicines cannot be compared (too few, too many, not recognised)."""

    def __init__(self, message: str, suggestions: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or {}


@dataclass
class Cell:
    text: str
    citations: list[Citation] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return bool(self.citations)

    def to_dict(self) -> dict:
        return {"text": self.text, "known": self.known, "citations": [c.to_dict() for c in self.citations]}


@dataclass
class Row:
    key: str
    title: str
    cells: list[Cell]

    def to_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "cells": [c.to_dict() for c in self.cells]}


@dataclass
class Comparison:
    contexts: list[DrugContext]
    rows: list[Row]

    @property
    def slugs(self) -> list[str]:
        return [c.ref.slug or "" for c in self.contexts]

    @property
    def path(self) -> str:
        return canonical_path(self.slugs)

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def to_dict(self) -> dict:
        return {
            "drugs": [
                {
                    "name": c.name,
                    "slug": c.ref.slug,
                    "brands": c.ref.brands[:5],
                    "has_label": c.label is not None,
                }
                for c in self.contexts
            ],
            "url": self.path,
            "rows": [r.to_dict() for r in self.rows],
        }


def canonical_path(slugs: list[str]) -> str:
    """One URL per set of medicines, whatever the order or spelling: the slugs sorted, joined by "-vs-"."""
    return "/compare/" + "-vs-".join(sorted(slugs)) + "/"


def _plain(text: str, ctx: DrugContext) -> str:
    from rxanswers.answers.composers.quoting import plain

    version = ctx.label.version
    return plain(text, tuple(version.brand_names + version.generic_names + [ctx.name]))


def _sentences(ctx: DrugContext, keys: tuple[str, ...], *, prefer: re.Pattern[str] | None = None, n: int = 1):
    """(section, sentences): the first quotable sentences of the first of ``keys`` the label has (those matching
    ``prefer`` first)."""
    from rxanswers.answers.evidence.sentences import quotable_sentences

    for key in keys:
        section = ctx.label.sections.get(key)
        if section is None:
            continue
        sentences = quotable_sentences(section.text)
        if prefer is not None:
            sentences = [s for s in sentences if prefer.search(s)] + [
                s for s in sentences if not prefer.search(s)
            ]
        if sentences:
            return section, sentences[:n]
    return None, []


def _label_cell(
    ctx: DrugContext, keys: tuple[str, ...], *, prefer=None, n: int = 1, absent: str = ""
) -> Cell | None:
    """A cell quoted from the label; ``None`` without label text (the caller falls back to other sources)."""
    if ctx.label is None:
        return None
    section, sentences = _sentences(ctx, keys, prefer=prefer, n=n)
    if section is None:
        return Cell(absent or NOT_IN_LABEL, [ctx.label.label_citation()] if absent else [])
    return Cell(" ".join(_plain(s, ctx) for s in sentences), [ctx.label.citation(section)])


def _from_sentences(sentences: list[Sentence]) -> Cell:
    if not sentences:
        return Cell(NOT_LOADED)
    cited = {c.key: c for s in sentences for c in s.citations}
    return Cell(" ".join(s.text for s in sentences), list(cited.values()))


def _classes(ctx: DrugContext, kind: str) -> Cell:
    classes = selectors.drug_classes(ctx.drug, kind) if ctx.drug is not None else []
    if not classes:
        return Cell(NOT_LOADED)
    names = "; ".join(lower_first(name) if kind == "epc" else name for name, _ in classes[:3])
    what = "pharmacologic class" if kind == "epc" else "mechanism of action class"
    return Cell(
        names[:1].upper() + names[1:], [selectors.source_citation(classes[0][1], f"{what} of {ctx.name}")]
    )


def _class_cell(ctx: DrugContext) -> Cell:
    return _classes(ctx, "epc")


def _action_cell(ctx: DrugContext) -> Cell:
    names = [ctx.name, *ctx.ref.brands[:3]]
    naming = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names if n) + r")\b", re.I)
    cell = _label_cell(ctx, ("mechanism_of_action", "clinical_pharmacology"), prefer=naming)
    if cell is not None and cell.known:
        return cell
    moa = _classes(ctx, "moa")
    if moa.known:
        moa.text = f"FDA mechanism class: {moa.text}"
    return moa


def _uses_cell(ctx: DrugContext) -> Cell:
    cell = _label_cell(ctx, ("indications_and_usage", "purpose", "indications"), prefer=_INDICATED, n=2)
    if cell is not None and cell.known:
        return cell
    return _from_sentences(indication_sentences(ctx, limit=2) or nci_sentences(ctx, limit=1))


# "treatment of", never "treatment options" ("Carefully consider ... other treatment options" lists no use)
_INDICATED = re.compile(r"\b(?:indicated|used (?:to|for)|treat(?:s|ing|ment of)?\b|relie)", re.I)
_FREQUENCY = re.compile(
    r"\b(?:once|twice|three times|four times|every \d|daily|a day|per day|weekly|monthly|every (?:day|week))\b",
    re.I,
)
_COMMON = re.compile(r"\bmost (?:common|frequent|commonly)\b|\bcommon adverse\b", re.I)


def _given_cell(ctx: DrugContext) -> Cell:
    forms = _from_sentences(product_forms(ctx))
    dosing = _label_cell(ctx, ("dosage_and_administration", "directions"), prefer=_FREQUENCY)
    if dosing is None or not dosing.known or not _FREQUENCY.search(dosing.text):
        return forms
    if not forms.known:
        return dosing
    return Cell(f"{dosing.text} {forms.text}", dosing.citations + forms.citations)


def _boxed_cell(ctx: DrugContext) -> Cell:
    cell = _label_cell(ctx, ("boxed_warning",), n=2, absent="The loaded label has no boxed warning.")
    return cell if cell is not None else Cell(NOT_LOADED)


def _common_cell(ctx: DrugContext) -> Cell:
    cell = _label_cell(ctx, ("adverse_reactions",), prefer=_COMMON)
    return cell if cell is not None else Cell(NOT_LOADED)


def _serious_cell(ctx: DrugContext) -> Cell:
    cell = _label_cell(ctx, ("warnings_and_cautions", "warnings", "stop_use"))
    return cell if cell is not None else Cell(NOT_LOADED)


def _interactions_cell(ctx: DrugContext) -> Cell:
    cell = _label_cell(ctx, ("drug_interactions", "ask_doctor_or_pharmacist", "do_not_use"))
    return cell if cell is not None else Cell(NOT_LOADED)


def _generics_cell(ctx: DrugContext) -> Cell:
    from rxanswers.answers.composers.availability import generic

    sentences, _ = generic(ctx, answer_yes=False)
    return _from_sentences(sentences[:1])


def _price_cell(ctx: DrugContext) -> Cell:
    from rxanswers.answers.composers.availability import prices

    sentences, _ = prices(ctx)
    return _from_sentences(sentences[:1])


def _label_date_cell(ctx: DrugContext) -> Cell:
    if ctx.label is None:
        return Cell("No label text loaded.")
    version = ctx.label.version
    when = version.effective_date.isoformat() if version.effective_date else "date not stated"
    return Cell(
        f"Label version {version.version or 'not stated'}, effective {when}.", [ctx.label.label_citation()]
    )


ROWS = (
    ("class", "Drug class", _class_cell),
    ("action", "How it works", _action_cell),
    ("uses", "What it is used for", _uses_cell),
    ("given", "How it is given", _given_cell),
    ("boxed_warning", "Boxed warning", _boxed_cell),
    ("common_side_effects", "Most common side effects", _common_cell),
    ("serious", "Serious warnings", _serious_cell),
    ("interactions", "Interactions to know", _interactions_cell),
    ("generics", "Generic versions", _generics_cell),
    ("price", "Price", _price_cell),
    ("label", "Label used", _label_date_cell),
)


def resolve(name: str) -> DrugContext | None:
    """A medicine by slug, generic or brand name (typos welcome); None when nothing matches."""
    from rxanswers.drugs.selectors import drug_get

    name = " ".join(name.split())
    resolved = drug_get(name)
    if resolved is not None:
        return drug_context(resolved.drug, None)
    recognition = selectors.name_index().recognise(name.replace("-", " "))
    match = recognition.primary
    if match is None or match.confidence < 0.6:
        return None
    drug = selectors.drug_by_key(match.drug_key)
    return drug_context(drug, match) if drug is not None else None


def compare(names: list[str]) -> Comparison:
    names = list(dict.fromkeys(" ".join(n.split()) for n in names if n and n.strip()))
    if len(names) > MAX_DRUGS:
        raise CompareInputError(f"Compare at most {MAX_DRUGS} medicines at a time.")
    contexts, unknown = [], {}
    for name in names:
        if len(name) > 80:
            raise CompareInputError("A medicine name can be at most 80 characters.")
        ctx = resolve(name)
        if ctx is None:
            unknown[name] = selectors.name_index().suggest(name.replace("-", " "), limit=5)
        elif all(c.ref.slug != ctx.ref.slug for c in contexts):
            contexts.append(ctx)
    if unknown:
        raise CompareInputError("Not recognised: " + ", ".join(unknown) + ".", unknown)
    if len(contexts) < MIN_DRUGS:
        raise CompareInputError(f"Enter at least {MIN_DRUGS} different medicines to compare.")
    return compare_contexts(contexts)


def compare_contexts(contexts: list[DrugContext]) -> Comparison:
    """The table for medicines already resolved (an "X vs Y" question's), in canonical order."""
    contexts = sorted(contexts, key=lambda c: c.ref.slug or c.name)
    rows = [Row(key, title, [build(ctx) for ctx in contexts]) for key, title, build in ROWS]
    return Comparison(contexts, rows)


def summary(comparison: Comparison) -> list[Sentence]:
    """The opening of an "X vs Y" answer, from the table: the class they share (or each one's), then what each
    is used for, each sentence cited to its cells."""
    names = [c.name for c in comparison.contexts]
    out: list[Sentence] = []
    classes = comparison.row("class").cells
    known = [(n, c) for n, c in zip(names, classes, strict=True) if c.known]
    if len(known) == len(names):
        firsts = {c.text.split(";")[0].strip().lower() for _, c in known}
        if len(firsts) == 1:
            kind = firsts.pop()
            text = f"{listed([n[:1].upper() + n[1:] if i == 0 else n for i, n in enumerate(names)])} are "
            text += "both " if len(names) == 2 else "all "
            text += f"{kind}s (their FDA pharmacologic class)" if not kind.endswith("s") else f"{kind}"
            out.append(Sentence(text + ".", [cit for _, c in known for cit in c.citations[:1]]))
        else:
            parts = [f"{n} is {_article(c.text.split(';')[0].strip().lower())}" for n, c in known]
            text = "By FDA pharmacologic class, " + "; ".join(parts) + "."
            out.append(Sentence(text, [cit for _, c in known for cit in c.citations[:1]]))
    for name, cell in zip(names, comparison.row("uses").cells, strict=True):
        if cell.known:
            text = cell.text.split(". ")[0].rstrip(".")
            if name.lower() not in text.lower():
                text = f"{name[:1].upper() + name[1:]}: {text[:1].lower() + text[1:]}"
            out.append(Sentence(text + ".", cell.citations[:1]))
    if (generics := _generics_sentence(comparison)) is not None:
        out.append(generics)
    return out


def _generics_sentence(comparison: Comparison) -> Sentence | None:
    """Which of them Drugs@FDA lists marketed generics for, in one sentence."""
    with_generic, without, cited = [], [], []
    for ctx, cell in zip(comparison.contexts, comparison.row("generics").cells, strict=True):
        if not cell.known or ctx.drug is None:
            return None
        facts = selectors.approval_facts(ctx.drug)
        (with_generic if facts.marketed_generics else without).append(ctx.name)
        cited += cell.citations[:1]
    if not with_generic or not without:
        every = "both" if len(comparison.contexts) == 2 else "all of them"
        said = f"lists marketed generic versions of {every}" if with_generic else "lists no marketed generic"
        return Sentence(f"Drugs@FDA {said}.", cited)
    return Sentence(
        f"Drugs@FDA lists marketed generic versions of {listed(with_generic)}, none of {listed(without)}.",
        cited,
    )


def _article(kind: str) -> str:
    return ("an " if kind[:1] in "aeiou" else "a ") + kind


__all__ = ["Comparison", "CompareInputError", "compare", "canonical_path", "summary"]
