"""Which forms a medicine comes in: "Does metformin come as a liquid?", "Is Pataday an eye drop?", "Is there a
patch for nicotine?". Answered from the marketed products of the NDC directory and Drugs@FDA (for the brand
named when products carry it): yes with the products of that form, or no with the forms that are listed."""

from __future__ import annotations

import functools
import re
from collections import Counter

from rxanswers.answers import products, selectors
from rxanswers.answers.composers.classes import without_classes
from rxanswers.answers.evidence.facts import listed
from rxanswers.answers.resources import DosageForm, dosage_forms
from rxanswers.answers.schemas import Sentence

MAX_EXAMPLES = 3
_GAP = r"[^.?!;]{0,40}?"


_PLAIN_WORDS = frozenset(
    "it this that they these those the my your his her also only just still even".split()
)


@functools.cache
def _asking() -> list[tuple[re.Pattern[str], re.Pattern[str], DosageForm]]:
    """Per form, the ways a question asks whether a medicine comes in it: (plainly, "is X a FORM")."""
    out = []
    for spec in dosage_forms():
        words = "|".join(re.escape(w) for w in sorted(spec.words, key=len, reverse=True))
        form = rf"(?:{words})(?:s|es)?\b"
        plainly = (
            rf"\b(?:come|comes|came|available|sold|made|offered|supplied|exists?|get|buy)\b{_GAP}\b(?:in|as)\b"
            rf"\W+(?:an? |the )?(?:\w+ )?{form}|\b(?:is|are) there (?:an?|any) (?:\w+ )?{form}|"
            rf"\b{form}\W+(?:form|version|formulation|option)s?\b"
        )
        is_a = rf"\b(?:is|are|isn'?t)\s+(?P<between>(?:[\w'-]+\s+){{0,4}}?)(?:an?|in)\s+(?:\w+\s+)?{form}"
        out.append((re.compile(plainly, re.I), re.compile(is_a, re.I), spec))
    return out


def asked_form(question: str, names: tuple[str, ...] = ()) -> DosageForm | None:
    """The dosage form a question asks whether the medicine comes in (the first named), else None. "Is X a
    FORM" counts only when the words between are the medicine's ``names`` or pronouns ("is it safe to take a
    pill" is not about forms)."""
    allowed = _PLAIN_WORDS | {w for n in names for w in n.lower().split()}
    found = []
    for plainly, is_a, spec in _asking():
        if m := plainly.search(question):
            found.append((m.start(), spec))
        elif (m := is_a.search(question)) and set(m.group("between").lower().split()) <= allowed:
            found.append((m.start(), spec))
    return min(found, key=lambda f: f[0])[1] if found else None


def _a_choice(question: str, spec: DosageForm) -> bool:
    """ "Is Lipitor a pill or an injection?": another form is offered after "or" (no yes or no fits)."""
    words = "|".join(re.escape(w) for o in dosage_forms() if o is not spec for w in o.words)
    return bool(re.search(rf"\bor (?:an? |the )?(?:\w+ )?(?:{words})(?:s|es)?\b", question, re.I))


def _title(word: str) -> str:
    """ "ADDERALL" -> "Adderall"; "XR", "HCL" stay as written (short, no vowel but y)."""
    return word if len(word) <= 3 and not re.search(r"[AEIOU]", word) else word.title()


def _shown(row: products.MarketedForm) -> str:
    name = " ".join(_title(w) if w.isupper() else w for w in row.name.split())
    where = f", {row.route.lower()}" if row.route else ""
    return f"{name} ({row.form.lower().replace('/ ', '/')}{where})"


def _examples(rows: list[products.MarketedForm]) -> list[str]:
    seen: dict[str, str] = {}
    for row in rows:
        seen.setdefault(_shown(row).lower(), _shown(row))
    return list(seen.values())[:MAX_EXAMPLES]


def _subject(ctx, named_only: bool) -> str:
    name = ctx.ref.matched.strip() if named_only else ctx.name
    return name[:1].upper() + name[1:]


def _cited(rows: list[products.MarketedForm], what: str) -> list:
    sources = {r.source.key: r.source for r in rows}
    return [selectors.source_citation(s, what) for s in sources.values()]


def comes_in(request):
    """Route: a yes/no question whether the medicine asked about is sold in a dosage form."""
    ctx = request.primary
    if ctx is None:
        return None
    question = without_classes(request.question, request.understanding.classes)  # "a water pill": a class
    spec = asked_form(question, (ctx.ref.matched, ctx.name))
    if ctx.drug is None or spec is None or request.others:
        return None
    rows, named_only = products.marketed_forms(ctx.drug, ctx.ref.matched)
    if not rows:
        return None
    subject = _subject(ctx, named_only)
    what = f"marketed products of {ctx.name}"
    matching = [r for r in rows if spec.matches(r.form, r.route)]
    if matching:
        examples = _examples(matching)
        opening = "" if _a_choice(request.question, spec) else "Yes. "
        text = f"{opening}{subject} is sold as {spec.plain}: FDA product listings include {listed(examples)}."
        return [Sentence(text, _cited(matching, what))], []
    kinds = Counter(
        f"{r.form.lower().replace('/ ', '/')} ({r.route.lower()})" if r.route else r.form.lower()
        for r in rows
    )
    shown = [k for k, _ in kinds.most_common(4)]
    text = f"No. FDA product listings show no {spec.name} of {subject}; they list it as {listed(shown)}."
    sentences = [Sentence(text, _cited(rows, what))]
    if named_only:  # other products of the same medicine may come in that form
        others, _ = products.marketed_forms(ctx.drug)
        theirs = [r for r in others if spec.matches(r.form, r.route)]
        if theirs:
            examples = _examples(theirs)
            sentences.append(
                Sentence(
                    f"Other {ctx.name} products are sold as {spec.plain}: {listed(examples)}.",
                    _cited(theirs, what),
                )
            )
    return sentences, ["Product listings are dated snapshots: ask your pharmacist what is stocked now."]


STRENGTH_SECTIONS = {"dosage_forms_and_strengths", "how_supplied", "description"}
_STRENGTH_WORDS = re.compile(r"\b\d+(?:\.\d+)?\s?(?:mg|mcg|g|mL|units?|%)\b", re.I)


def strengths(request):
    """ "What strengths does lisinopril come in?", "what mg does Zoloft come in?": the label's dosage forms and
    strengths sentence (or how it is supplied), then what the product listings give; not a dosing sentence."""
    from rxanswers.answers.composers.quoting import pick, quote
    from rxanswers.answers.evidence.facts import product_forms

    ctx = request.primary
    if ctx is None or ctx.drug is None:
        return None
    out = []
    if ctx.label is not None:
        ranked = request.evidence.ranked(ctx)
        found = pick(
            ranked,
            1,
            min_score=0.0,
            where=lambda r: (
                r.passage.section in STRENGTH_SECTIONS and bool(_STRENGTH_WORDS.search(r.passage.text))
            ),
        )
        out = [quote(r, ctx) for r in found]
    out += product_forms(ctx)
    yes_no = request.yes_no or re.match(r"\s*(?:does|do|is|are|can)\b", request.question, re.I) is not None
    asked = _ASKED_STRENGTH.search(request.question) if yes_no else None
    if out and asked is not None:  # "is Zoloft available in 25 mg?": yes when a cited sentence lists it
        number = asked.group(1)
        listed_it = [
            s for s in out if re.search(rf"(?<![\d.]){re.escape(number)}\s?(?:mg|mcg)\b", s.text, re.I)
        ]
        if listed_it:
            lead = Sentence(
                f"Yes: {number} {asked.group(2).lower()} is among the strengths listed for {ctx.name}.",
                list({c.key: c for s in listed_it for c in s.citations}.values()),
            )
        elif _raw_strength(request, ctx, number):
            return out, []  # named somewhere in the supplied-strengths text not quoted: no absence claimed
        else:
            lead = Sentence(
                f"The label text and product listings loaded here do not mention a {number} "
                f"{asked.group(2).lower()} strength of {ctx.name}; the strengths they list are below.",
                list({c.key: c for s in out for c in s.citations}.values()),
                "absence",
            )
        out = [lead, *out]
    return (out, []) if out else None


def _raw_strength(request, ctx, number: str) -> bool:
    """The number with a unit anywhere in the raw strength sections of every label of the medicine."""
    pattern = re.compile(rf"(?<![\d.]){re.escape(number)}\s?(?:mg|mcg)\b", re.I)
    return any(
        pattern.search(section.text)
        for index in request.evidence.all_indexes(ctx)
        for key, section in index.view.sections.items()
        if key in STRENGTH_SECTIONS
    )


_ASKED_STRENGTH = re.compile(r"\b(\d+(?:\.\d+)?)\s?(mg|mcg)\b", re.I)
