"""Use questions answered yes, no or "the label does not say": "Can X treat Y?", "Is X used for Y?", from the
label's use sections (every label of the medicine), or without label text from the compiled FDA label
indications."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.composers.asked_terms import (
    SAME_TWICE,
    WARNING_SECTIONS,
    first_asked,
    shown_as,
)
from rxanswers.answers.composers.interaction import only_alternatives
from rxanswers.answers.composers.quoting import lead, pick, quote
from rxanswers.answers.evidence import mentions
from rxanswers.answers.evidence.ranking import Ranked

USE_SECTIONS = {"indications_and_usage", "purpose", "spl_medguide", "spl_patient_package_insert"}

_NOT_FOR = re.compile(
    r"\bnot (?:be )?(?:indicated|approved|intended|effective|for use|to be used|used)\b|\bshould not be used (?:to treat|for)\b|"
    r"\bdo(?:es)? not (?:treat|work (?:against|for)|cure)\b|\bwill not (?:treat|work|cure)\b|\bnot (?:for|to treat) (?:the )?(?:treatment|viral)",
    re.I,
)

_NOT_FIRST_CHOICE = re.compile(r"\bnot (?:a|the) (?:drug|treatment|agent) of (?:first )?choice\b", re.I)

_LISTS_A_USE = re.compile(  # a sentence that lists a use, not "carefully consider the risks" in the same section
    r"\b(?:indicated|relief of|relieves?|treat(?:s|ing)?|treatment of|used (?:to|for)|prevent(?:s|ion)?)\b",
    re.I,
)

NOT_FOR_SIMILARITY = 0.45  # a "not indicated for ..." sentence this close to the question answers it

INDICATION_SENTENCES_READ = 60  # the sentences of a compiled indication text read for the asked use

_USE_PHRASE = re.compile(
    r"\b(?:used to treat|help with|helps with|good for|used for|useful (?:in|for)|effective (?:for|against|in)|"
    r"works? (?:for|on)|ok for|okay for|treat|treats|treating|help|helps|for|cure|cures|"
    r"prevent|prevents)"
    r"\s+(?:my |the |a |an |his |her |your |bad |severe |chronic )?([a-z][a-z0-9' -]{2,40}?)\s*(?:\?|$|\bin\b|\bor\b|,|\.)",
    re.I,
)

_NOT_A_USE = frozenset(
    "this that these those them they then there your mine yours with from into about would could should "
    "will have having been much more most some what which when where while also just really".split()
)


_NOT_A_USE_PHRASE = re.compile(
    r"\b(?:caus\w*|make|makes|gives?|affect\w*|years?|months?|weeks?|days?|hours?)\b", re.I
)


# the condition a story says the person has, asked about as "will it suit me": "I'm suffering from beta
# thalassemia major from birth ... will it be suited for me"
_HAS_CONDITION = re.compile(
    r"\b(?:suffering from|suffer from|diagnosed with|living with|i have had|i've had|i have|i've got)\s+"
    r"(?:a |an |the |severe |chronic |bad )?([a-z][a-z0-9' -]{2,40}?)\s*"
    r"(?:\?|$|\b(?:from|since|for|after|and|but|which|that|so|in|or|with|because|last|this|over|about|\d)\b|,|\.)",
    re.I,
)
_FOR_ME = re.compile(
    r"\b(?:suit\w*|right|good|ok|okay|work|help|useful|appropriate|recommended) (?:for |with )?me\b", re.I
)
_NOT_A_CONDITION_START = frozenset("been no not any some a question questions taken taking to it".split())


def _use_phrase(request):
    """What the question names as the use when the glossary does not know it ("hidradenitis suppurativa"):
    the words after "treat / help / for"; looked for as written (its words must all be in a use sentence).
    Asked "will it suit me", the condition the story says the person has."""
    if request.intent != "indication":
        return None
    m = _USE_PHRASE.search(request.question)
    found = _phrase(request, m.group(1)) if m else None
    if found is None and _FOR_ME.search(request.question):
        story = _HAS_CONDITION.search(request.question)
        if story and story.group(1).split()[0].lower() not in _NOT_A_CONDITION_START:
            found = _phrase(request, story.group(1))
    return found


def _phrase(request, words: str):
    phrase = " ".join(w for w in words.split() if w.lower() not in request.evidence.matched)
    if len(phrase) < 4 or not any(
        len(w) >= 4 and w.lower() not in _NOT_A_USE for w in re.findall(r"[A-Za-z']+", phrase)
    ):
        return None  # "or not", "me", "this": no use named
    if _NOT_A_USE_PHRASE.search(phrase):
        return None  # "for years cause low b12": a time and an effect, not a use
    return phrase, [phrase.lower()], [phrase.lower()]


# a use stated by the germs that cause it: "infections caused by susceptible strains of the designated microorganisms"
_BY_GERM = re.compile(
    r"\b(?:designated (?:micro)?organisms|susceptible (?:strains|isolates|bacteria|organisms|microorganisms))\b",
    re.I,
)
# a use list the sentence points to rather than states: "in the conditions listed below", "in the following:"
_LIST_ELSEWHERE = re.compile(
    r"\b(?:conditions|organisms|microorganisms|infections|diseases) listed (?:below|in this section)\b"
    r"|\bin the following\s*:?\s*$",
    re.I,
)
_KIND = re.compile(r"\b(type|stage|grade|class|phase)\s*(\d+|iv|v?i{1,3}|v)\b", re.I)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}


def _kinds(text: str) -> set[tuple[str, str]]:
    return {
        (m.group(1).lower(), _ROMAN.get(m.group(2).lower(), m.group(2).lower())) for m in _KIND.finditer(text)
    }


def another_kind(sentence: str, asked: set[tuple[str, str]]) -> bool:
    """The sentence names another numbered kind of what the question asks about (``asked``, its
    ``_kinds``: "type 1" for "type 2 diabetes", "stage III" for "stage 2") and not the one asked."""
    if not asked:
        return False
    said = _kinds(sentence)
    return bool(said) and not (said & asked) and bool({k for k, _ in said} & {k for k, _ in asked})


def _a_germ(request, forms: list[str]) -> bool:
    from rxanswers.answers.consumer_terms import germs_in

    return any(set(row.label_terms) & set(forms) for row in germs_in(request.question))


_FOR_SOMEONE_WITH = re.compile(
    r"\b(?:used|use|given|give|taken|take|prescribed|ok|okay|safe|good)\s+(?:for|to)\s+(?:my |a |an |the |his |her |our |"
    r"someone |people |patients |persons? )?(?:\w+ )?(?:who (?:has|have|is|suffers)|with)\b",
    re.I,
)


def _condition_they_have(request):
    """ "Can olanzapine be used for my grandmother who has dementia?": asked whether it is for something, the
    condition the person has is the use asked about (no use named as such)."""
    ev = request.evidence
    if request.intent != "indication" or not _FOR_SOMEONE_WITH.search(request.question):
        return None
    return next(
        (
            term
            for term, for_use, kind in zip(ev.asked, ev.asked_for_use, ev.asked_kinds, strict=True)
            if not for_use and kind == "condition"
        ),
        None,
    )


def can_treat(request):
    """ "Can X treat Y? / Is X used for Y?" """
    ev, ctx = request.evidence, request.primary
    asked = first_asked(request, for_use=True) or _condition_they_have(request)
    from_glossary = asked is not None
    asked = asked or _use_phrase(request)
    if asked is None:
        return None
    shown, forms, every = asked
    asked_kinds = _kinds(request.question)  # "type 2" asked: "type 1" sentences answer nothing
    ranked = ev.ranked(ctx)
    named = [
        r for r in mentions.naming(ranked, every or forms) if not another_kind(r.passage.text, asked_kinds)
    ]  # "type 1 diabetes" does not answer a question about type 2
    not_for = [r for r in named if _NOT_FOR.search(r.passage.text)]
    stems = mentions.stem_pattern(every or forms)
    if not not_for and stems is not None:  # "not indicated for meningococcal infection" answers "is it used
        # for meningitis" (a word of the use shares its stem); "not for otitis media" never answers "arthritis"
        not_for = [
            r
            for r in ranked[:40]
            if _NOT_FOR.search(r.passage.text)
            and stems.search(r.passage.text)
            and not another_kind(r.passage.text, asked_kinds)
            and float(r.index.vectors[r.i] @ request.evidence.query.vector) >= NOT_FOR_SIMILARITY
            and r.passage.section in USE_SECTIONS | WARNING_SECTIONS
        ]
    if not_for:
        best = quote(not_for[0], ctx)
        return [
            lead(
                f"No: the {ctx.name} label says it is not for {shown_as(not_for[0], every or forms, shown)}.",
                [best],
            ),
            best,
        ], []
    uses = [
        r for r in named if r.passage.section in USE_SECTIONS and not _NOT_FIRST_CHOICE.search(r.passage.text)
    ]
    if uses:
        best = quote(uses[0], ctx)
        what = SAME_TWICE.sub(r"\1", shown_as(uses[0], every or forms, shown))
        return [lead(f"Yes: the {ctx.name} label lists {what} among its uses.", [best]), best], []
    use_ranked = [
        r
        for r in ranked
        if r.passage.section in USE_SECTIONS and not another_kind(r.passage.text, asked_kinds)
    ]
    worded = [
        r
        for r in mentions.naming_words(use_ranked, every or forms)
        if mentions.names_every_word(r.passage.text, forms)
        and not _NOT_FOR.search(r.passage.text)
        and not _NOT_FIRST_CHOICE.search(r.passage.text)
    ]
    if worded:  # every word of it in a use sentence, in the label's wording ("minor aches" for "achiness")
        best = quote(worded[0], ctx)
        return [lead(f"Yes: the {ctx.name} label lists this among its uses.", [best]), best], []
    listed = pick(use_ranked, 2, where=lambda r: _LISTS_A_USE.search(r.passage.text)) or pick(use_ranked, 2)
    if not listed:
        return None
    shown_uses = [quote(r, ctx) for r in listed]
    in_uses = mentions.naming_words(use_ranked, every or forms)
    if in_uses:  # the label may list it in other words: no "not among its uses"
        first = quote(in_uses[0], ctx)
        return [first, *[s for s in shown_uses if s.text != first.text][:1]], []
    indexes = ev.all_indexes(ctx)
    patterns = mentions.patterns(every or forms)
    for index in indexes:  # another label of the medicine (its OTC Drug Facts) may list it among its uses
        for i, passage in enumerate(index.passages):
            if (
                passage.section in USE_SECTIONS
                and any(p.search(passage.text) for p in patterns)
                and not another_kind(passage.text, asked_kinds)
            ):
                best = quote(Ranked(index, i, 0.0), ctx)
                opening = f"Yes: an FDA label of {ctx.name} lists {shown.split(' (')[0]} among its uses."
                return [lead(opening, [best]), best], []
    # what it is used for, all at once ("The FDA labeling of ibuprofen lists rheumatoid arthritis, osteoarthritis,
    # pain and painful periods among its uses."), else the use sentences ranked first
    summary = uses_summary(ev, ctx)
    uses_said = [summary, *shown_uses[:1]] if summary is not None else shown_uses
    elsewhere = mentions.naming(ranked, every or forms)
    if elsewhere:  # named as a side effect or a warning: what it is used for comes first, then that sentence
        first = quote(elsewhere[0], ctx)
        return [*[s for s in uses_said if s.text != first.text][:1], first], []
    if mentions.raw_mention(indexes, every or forms) is not None or mentions.related_words(indexes, forms):
        return (
            uses_said,
            [],
        )  # named somewhere else in its labels, maybe among its uses: no absence is claimed
    if (
        (_a_germ(request, forms) or not from_glossary)
        and not all(selectors.name_index().is_english(w) for w in re.findall(r"[a-z]+", shown.lower()))
        and any(_BY_GERM.search(r.passage.text) for r in use_ranked)
    ):
        return uses_said, []  # uses given by the germs that cause them ("... caused by susceptible strains of
        # the designated microorganisms"): a germ, or a name neither the glossary nor the English word list knows,
        # may be one of those the label lists elsewhere, so no absence is claimed
    once = SAME_TWICE.sub(r"\1", shown)  # "acne (acne)"
    opening = lead(
        f"The label does not say that {ctx.name} treats {once}: it is not among the uses the label lists, "
        "though a prescriber may still use a medicine for a purpose its label does not list (off-label use).",
        shown_uses[:1],
        role="absence",
    )
    if summary is not None and any(p.search(summary.text) for p in patterns):
        uses_said = shown_uses  # another label of it lists the use: no sentence beside the absence says so
    return [opening] + uses_said, []


def _indications_cover(ctx) -> bool:
    """The compiled indications speak for the product asked about: no over-the-counter product of the drug is
    marketed (OTC monograph labels are not compiled), and a brand named is one of the records' products."""
    from rxanswers.answers import products
    from rxanswers.drugs.models import IndicationText

    if products.sale_status(ctx.drug).otc:
        return False
    named = ctx.ref.matched.lower()
    if not named or named in {i.lower() for i in ctx.drug.ingredients} | {ctx.drug.name.lower()}:
        return True
    return any(
        named in names.lower()
        for names in IndicationText.objects.filter(drug=ctx.drug).values_list("product_names", flat=True)
    )


def _named_in_raw_indications(ctx, patterns, stems) -> bool:
    """Whether any compiled indication record of the medicine names the use, in its raw text."""
    from rxanswers.drugs.models import IndicationText

    texts = IndicationText.objects.filter(drug=ctx.drug).values_list("text", flat=True)
    return any(p.search(t) for t in texts for p in patterns) or (
        stems is not None and any(stems.search(t) for t in texts)
    )


def _list_not_compiled(ctx) -> bool:
    """A compiled indication record of the medicine points to a list of uses ("in the conditions listed below")
    that its text does not go on to give, so the uses loaded are not all it lists."""
    from rxanswers.drugs.models import IndicationText

    for text in IndicationText.objects.filter(drug=ctx.drug).values_list("text", flat=True):
        for line in text.splitlines():
            found = _LIST_ELSEWHERE.search(line)
            if found and len(line[found.end() :].strip(" :.")) < 40:
                return True
    return False


def treats_from_indications(request):
    """ "Is AZO ok for pain?" about a medicine whose label text is not loaded but whose FDA label indications
    are (a compilation of label indication sections): yes when they name the use; when every indication
    sentence is read and neither the use nor a word of it occurs, the label does not list it."""
    from rxanswers.answers.evidence.facts import indication_sentences

    ctx = request.primary
    asked = first_asked(
        request, for_use=True
    )  # a known medical term only: no free-text phrase is claimed absent
    if asked is None or ctx.drug is None or request.others:
        return None
    shown, forms, every = asked
    shown = SAME_TWICE.sub(r"\1", shown)  # "pain (pain)": the plain word is the term
    sentences = indication_sentences(ctx, limit=INDICATION_SENTENCES_READ, indicated_only=False)
    if not sentences:
        return None
    asked_kinds = _kinds(request.question)
    if any(another_kind(s.text, asked_kinds) for s in sentences):
        return None  # "type 2 diabetes" listed, "type 1" asked: the pipeline quotes the uses, no verdict
    patterns = mentions.patterns(every or forms)
    named = [s for s in sentences if any(p.search(s.text) for p in patterns)]
    uses = [s for s in sentences if "indicated" in s.text.lower()] or sentences
    if named and not _NOT_FOR.search(named[0].text):
        opening = f"Yes: the FDA labeling of {ctx.name} lists {shown} among its uses."
        return [lead(opening, [named[0]]), named[0]], []
    worded = [
        s
        for s in sentences
        if mentions.names_every_word(s.text, every or forms) and not _NOT_FOR.search(s.text)
    ]
    if not named and worded:  # every word of it, in the labeling's wording ("allergic ... rhinitis")
        opening = f"Yes: the FDA labeling of {ctx.name} lists this among its uses."
        return [lead(opening, [worded[0]]), worded[0]], []
    stems = mentions.stem_pattern(every or forms)
    if named or (stems is not None and any(stems.search(s.text) for s in sentences)):
        return None  # named in other words, or as what it is not for: the pipeline quotes the uses
    # "... in the conditions listed below." and no list: its uses are not all here
    if _list_not_compiled(ctx):
        opening = lead(
            f"The FDA label text for {ctx.name} is not loaded here, so this answer cannot say whether it treats "
            f"{shown}: the summary of its uses loaded here refers to a list of conditions, and that list is not "
            "loaded.",
            uses[:1],
        )
        return [opening, *uses[:2]], []
    if not _indications_cover(ctx):
        return None  # the compilation has prescription labels only: an OTC product's uses are not in it
    if _named_in_raw_indications(ctx, patterns, stems):
        return (
            None  # named in a record's text that no quotable sentence kept ("... (ADHD) [see Clinical ...]")
        )
    opening = lead(
        f"The label does not say that {ctx.name} treats {shown}: it is not among the uses its FDA labeling "
        "lists, though a prescriber may still use a medicine for a purpose its label does not list (off-label use).",
        uses[:1],
        role="absence",
    )
    return [opening, *uses[:2]], []


MAX_USES_SHOWN = 4


def depends_on_use(request):
    """ "Will Xyzal work? / Should I take some Imodium?" naming no use and no second medicine (or only
    alternatives: "will Tylenol or Advil help?"): it depends on what it is for, then the uses the medicine's FDA
    labeling lists (the condition index: label use sections and compiled indications), each cited to the sentence
    that lists it."""
    ctx = request.primary
    if ctx is None or ctx.drug is None or request.intent != "indication":
        return None
    if request.others and not only_alternatives(request):
        return None
    if first_asked(request, for_use=True) or first_asked(request, for_use=False) or _use_phrase(request):
        return None  # a use or a worry is named: the handlers for it answer
    summary = uses_summary(request.evidence, ctx, "It depends on what it is for: the")
    if summary is None:
        return None
    if request.others:  # "will Tylenol or Advil help?": the uses of each
        each = [uses_summary(request.evidence, other) for other in request.others[:2]]
        return [summary, *(s for s in each if s is not None)], []
    then = []
    if ctx.label is not None:  # the label's own use sentence, with whom it is for ("adults at high risk")
        use_ranked = [r for r in request.evidence.ranked(ctx) if r.passage.section in USE_SECTIONS]
        then = [
            quote(r, ctx) for r in pick(use_ranked, 1, where=lambda r: _LISTS_A_USE.search(r.passage.text))
        ]
    return [summary, *then], []


# A group heading of a uses section ("1. Endocrine Disorders", "Allergic States:", "Nervous System Conditions")
_USE_GROUP = re.compile(
    r"(?:(?<=\s)|^)(?:\d{1,2}\.\s+)?((?:[A-Z][a-z]+ ){1,2}(?:Disorders|Diseases|States|Conditions|System))"
    r"(?=:|\s+[A-Z])"
)
MIN_USE_GROUPS = 3


def use_groups(ctx):
    """ "The prednisone label lists its uses under these headings: endocrine disorders, rheumatic disorders, ...":
    for a label whose uses section sorts dozens of conditions under group headings (the corticosteroids), the
    headings say what it is for; any one sentence of that section is a flattened run of heading and list. None
    when the section has fewer than three such headings."""
    from rxanswers.answers import citations
    from rxanswers.answers.evidence.facts import listed
    from rxanswers.answers.schemas import Sentence

    if ctx is None or ctx.label is None:
        return None
    for key in ("indications_and_usage", "purpose"):
        section = ctx.label.sections.get(key)
        if section is None:
            continue
        groups = list(dict.fromkeys(m.group(1).lower() for m in _USE_GROUP.finditer(section.text)))
        if len(groups) >= MIN_USE_GROUPS:
            text = f"The {ctx.name} label lists its uses under these headings: {listed(groups)}."
            return Sentence(text, [citations.label_section(ctx.label, section)])
    return None


def uses_summary(evidence, ctx, opening: str = "The"):
    """ "<opening> FDA labeling of X lists A, B, C and D among its uses.": the first uses its own labels list,
    then those of the condition index, each cited to the sentence that lists it; None when none is known."""
    from rxanswers.answers.composers.shared_uses import uses_by_drug
    from rxanswers.answers.evidence.facts import listed
    from rxanswers.answers.schemas import Sentence

    if ctx.drug is None:
        return None
    merged = uses_in_its_labels(evidence, ctx)  # its own labels' order and wording first
    for slug, use in uses_by_drug({ctx.drug.id})[ctx.drug.id].items():
        merged.setdefault(slug, use)
    every = list(merged.values())
    uses = [u for u in every if not _more_specific_listed(u[0], [v[0] for v in every])][:MAX_USES_SHOWN]
    if not uses:
        return None
    text = f"{opening} FDA labeling of {ctx.name} lists {listed([u[0] for u in uses])} among its uses."
    return Sentence(text, list({c.key: c for _, c in uses}.values()))


def _more_specific_listed(name: str, names: list[str]) -> bool:
    """ "infection" beside "ear infection": the general word adds nothing."""
    plain = name.split(" (")[0].lower()
    return any(
        other != name and re.search(rf"\b{re.escape(plain)}\b", other.split(" (")[0].lower())
        for other in names
    )


def uses_in_its_labels(evidence, ctx) -> dict:
    """slug -> (name, citation) of the conditions the use sections of the medicine's own labels list, in the
    order they list them (the first is the main use). Unlike the condition index, a sentence need not repeat the
    medicine's name here ("Urinary Tract Infections: For the treatment of ..."): these are its own labels."""
    from rxanswers.answers import citations
    from rxanswers.answers.condition_index import conditions_in
    from rxanswers.answers.evidence.sentences import quotable_sentences

    found: dict = {}
    for index in evidence.all_indexes(ctx):
        for key, section in index.view.sections.items():
            if key not in USE_SECTIONS:
                continue
            for sentence in quotable_sentences(section.text):
                for term in conditions_in(sentence):
                    shown = _cased(term.display, sentence)
                    found.setdefault(term.slug, (shown, citations.label_section(index.view, section)))
    return found


def _cased(display: str, sentence: str) -> str:
    """A name as the label writes it when it has capitals there ("Rocky Mountain spotted fever", "Q fever"), not
    where a capital only starts the sentence."""
    parts = re.split(r"( \(|\))", display)
    for i, part in enumerate(parts):
        m = re.search(rf"\b{re.escape(part)}\b", sentence, re.I) if len(part) > 1 else None
        written = m.group(0) if m else ""
        capitals = (
            written[1:] if m and m.start() == 0 else written
        )  # a sentence's first capital does not count
        if capitals != capitals.lower():
            parts[i] = written
    return "".join(parts)
