"""Yes/no questions: the answer first — "Yes", "No" or "The label does not say" — when a cited sentence
supports it (a contraindication is a "No"), then the sentence(s) that show it.

- "Can X cause Y?" — Yes when a side-effect or warning sentence names Y (not negated); "the label does not say"
  only after every word form and synonym of Y was looked for in the raw text of every section of every loaded
  label of X and no sentence is close to Y in meaning.
- "Can X treat Y?" — No when the label says it is not for Y; Yes when its uses name Y; otherwise the label does
  not list it (off-label use is still possible), then its listed uses.
- "Can I take X if I have Y?" — No when a contraindication names Y; a warning decides by its own words.
- "Is X safe in pregnancy / while breastfeeding?" — the pregnancy or lactation sentence, opened by what it says.
- "Does X contain Y?" — Yes when an ingredient list names Y; otherwise the list it does give.
The handlers are tried in the order of the classifier's topic probabilities, so an uncertain question still gets
the reading it most likely has.
"""

from __future__ import annotations

import re

from rxanswers.answers.asked import effect_phrase
from rxanswers.answers.composers.asked_terms import (
    TOPIC_MIN,
    WARNING_SECTIONS,
    asking_text,
    label_silent,
    may_claim_absent,
    shown_as,
    whole_label,
    worries_and_parts,
)
from rxanswers.answers.composers.children import (
    dosed_for_child,
    not_established_for_child,
    ruled_out_for_child,
    ruled_out_in_a_situation,
)
from rxanswers.answers.composers.condition_warning import (
    CONDITION_SECTIONS,
    allergens_told,
    another_allergy,
    condition_said,
    condition_warning,
)
from rxanswers.answers.composers.conditions import condition_answer
from rxanswers.answers.composers.coverage import not_loaded_part, partly_loaded
from rxanswers.answers.composers.kind_mentions import USE_SECTION_KEYS
from rxanswers.answers.composers.openings import general
from rxanswers.answers.composers.pregnancy import pregnancy
from rxanswers.answers.composers.quoting import lead, pick, quote
from rxanswers.answers.composers.stopping import no_taper_said, stopping
from rxanswers.answers.composers.uses import (
    can_treat,
    depends_on_use,
    treats_from_indications,
)
from rxanswers.answers.evidence import mentions
from rxanswers.answers.evidence.polarity import polarity
from rxanswers.answers.evidence.ranking import Ranked
from rxanswers.answers.words import STOPWORDS

SIDE_EFFECT_SECTIONS = {
    "adverse_reactions",
    "warnings_and_cautions",
    "warnings",
    "precautions",
    "boxed_warning",
    "spl_medguide",
    "spl_patient_package_insert",
    "information_for_patients",
    "stop_use",
    "when_using",
    "general_precautions",
}
INGREDIENT_SECTIONS = {
    "description",
    "inactive_ingredient",
    "active_ingredient",
    "spl_product_data_elements",
    "dosage_forms_and_strengths",
    "how_supplied",
    "spl_patient_package_insert",
    "spl_medguide",
    "warnings",
}
_AFFECTS = re.compile(r"\b(?:affects?|hurts?|damages?|harms?|bad for|hard on|toxic to)\b", re.I)
_FOR_PEOPLE_WHO_HAVE = re.compile(r"\bcontraindicated\b|\bnot to be used\b|\bshould not be used\b", re.I)
CONDITION_ONLY_SECTIONS = frozenset({"contraindications", "do_not_use"})  # who should not take it
_FROM_THE_MEDICINE = re.compile(
    r"\b(?:is|was|could|can|might) (?:that|this|it|these|those) (?:be |have been )?(?:from|due to|because of|"
    r"caused by|the (?:medicine|medication|drug|pill|antibiotic))\b|\b(?:is|was) (?:that|this|it) a side effect\b",
    re.I,
)
_CAUSE_QUESTION = re.compile(
    r"\b(?:cause[sd]?|causing|give (?:you|me|him|her)|side effects?)\b|"
    r"\b(?:is|was|could) (?:that|this|it) (?:be )?(?:from|due to|because of|caused by|normal|the (?:medicine|medication|drug|pill))\b",
    re.I,
)


def can_cause(request):
    """ "Can X cause Y?" — every worry the question names is looked for (a story often names two)."""
    ev, ctx = request.evidence, request.primary
    terms, parts = worries_and_parts(request)
    if not terms and parts:  # a body part alone ("affect the liver", "lower heart rate") is not an effect
        return _about_the_part(request, parts[0])
    if not terms and not ev.asked:  # no glossary term at all: the words after "cause", as written
        free = effect_phrase(request.question, ev.matched)
        terms = [free] if free is not None else []
    if not terms:
        return None
    ranked = ev.ranked(ctx)
    for term in terms:
        shown, forms, every = term
        loose = _kind(ev, term) == "word"
        looked_for = _said_of(request, term) if loose else every or forms
        # a loose word ("sunlight") is named by the effect it stands for first ("photosensitivity")
        wordings = [f for f in looked_for if f != shown] if loose else []
        found = (wordings and _named_effect(ranked, shown, wordings, ctx)) or _named_effect(
            ranked, shown, looked_for, ctx
        )
        if found is not None:
            return found
    shown, forms, every = terms[0]
    for term in terms + parts:  # no absence is claimed while a body part asked about is named
        absent, near = may_claim_absent(ev, ctx, term[2], term[1], term[0].split(" (")[0])
        if not absent and term in parts:
            return _about_the_part(request, term)
        if not absent:
            said = _said_of(request, term) if _kind(ev, term) == "word" else term[2] or term[1]
            related = [
                r
                for r in mentions.naming_words(ranked, said, sections=SIDE_EFFECT_SECTIONS)
                if _about_people(r.passage.text, said)
                and mentions.names_two_words(r.passage.text, said)  # not "outflow tract": UTI
            ]
            if related and _what_it_treats(ranked, said):  # what it treats, named beside its side effects
                related = [r for r in related if _said_to_cause(r.passage.text, said)]
            if related:  # the label's own word for it ("ejaculation disorder" for "nothing comes out")
                best = quote(related[0], ctx)
                opening = f"Yes: the {ctx.name} label lists this among its possible side effects."
                return [lead(opening, [best]), best], []
            if near is not None and _ANIMAL_STUDY.search(near.passage.text):
                near = None  # an animal study is not what people taking it report
            named = [
                r
                for r in mentions.naming(ranked, said)
                if _about_people(r.passage.text, said)
                and _effect_not_use(r)  # the condition it treats is no side effect
            ]
            found = near or next(iter(named), None)
            if found is not None:
                return [quote(found, ctx)], []
            if term in parts or _kind(ev, term) == "word" or not _named_only_beside_people(ev, ctx, term):
                return None
            common = pick(ranked, 1, where=lambda r: "most common" in r.passage.text.lower())
            return label_silent(
                ctx,
                term[0].split(" (")[0],
                [quote(r, ctx) for r in common],
                ev.all_indexes(ctx),
                where=("adverse_reactions",),
                saying="does not list {what} among the side effects of people taking it",
            )
    if all(_kind(ev, t) == "word" for t in terms):
        return None  # one word taken from the question ("to clear this issue") is never claimed absent
    common = pick(ranked, 1, where=lambda r: "most common" in r.passage.text.lower())
    return label_silent(
        ctx,
        " or ".join(dict.fromkeys(t[0] for t in terms[:2])),
        [quote(r, ctx) for r in common],
        ev.all_indexes(ctx),
        where=("adverse_reactions",),
    )


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
_NAMES_EFFECTS = SIDE_EFFECT_SECTIONS | {"overdosage", "drug_abuse_and_dependence"}


def _named_only_beside_people(ev, ctx, term) -> bool:
    """The label names the effect only in animal studies or in babies exposed through their mother ("poor weight
    gain in infants exposed through breast milk"): no sentence about anyone else has one of its wordings, no
    sentence of a section that lists effects has a word of it, and no such sentence is close to it in meaning."""
    shown, forms, every = term
    exact = mentions.any_form(every or forms)
    stems = mentions.stem_pattern(forms)
    indexes = ev.all_indexes(ctx)
    if exact is None or not_loaded_part(indexes, ("adverse_reactions",), only_first=True):
        return False  # no list of side effects loaded: nothing to say it is not on
    for index in indexes:
        for key, section in index.view.sections.items():
            for sentence in _SENTENCE_END.split(section.text):
                if _ANIMAL_STUDY.search(sentence):
                    continue
                if exact.search(sentence) or (
                    key in _NAMES_EFFECTS and stems is not None and stems.search(sentence)
                ):
                    return False
    from rxanswers.answers.encoders import encode

    near = mentions.semantically_near(indexes, encode([shown.split(" (")[0]])[0])
    return near is None or bool(_ANIMAL_STUDY.search(near.passage.text))


def _said_of(request, term) -> list[str]:
    """What a loose word of the question (one word found in glossary wordings) may be looked for as: when it
    only qualifies a noun in the plain wordings that have it ("poor coordination") and the question puts another
    noun after it ("poor feeding"), that phrase as written; else every wording it glosses ("sunburn" read as the
    sunlight of "sensitivity to sunlight": photosensitivity)."""
    from rxanswers.answers.asked import asked_index

    word, forms, every = term
    _, by_form, by_word = asked_index()
    if word in by_form:  # a wording of its own ("hyptotension" read as hypotension)
        return every or forms
    wordings = [
        (r.plain or "").lower().split()
        for r in by_word.get(word, [])
        if word in (r.plain or "").lower().split()
    ]
    next_word = re.search(rf"\b{re.escape(word)}\s+([a-z]+)\b", request.question.lower())
    if (
        wordings
        and all(w[-1] != word for w in wordings)
        and next_word
        and next_word.group(1) not in STOPWORDS
        and not any(next_word.group(1) in w for w in wordings)
    ):
        return [f"{word} {next_word.group(1)}"]
    return every or forms


def _kind(ev, term) -> str | None:
    """The kind of an asked term (adverse_reaction, condition, anatomy, word, ...); None for a free phrase."""
    return next((kind for t, kind in zip(ev.asked, ev.asked_kinds, strict=True) if t is term), None)


def _about_the_part(request, part):
    """The label sentences that name a body part asked about, warnings first, without a yes or a no (the part is
    not an effect: "does it lower heart rate"); "can it affect / hurt / damage the liver" opens "Yes" when a
    warning names it."""
    ctx = request.primary
    shown, forms, every = part
    named = [
        r
        for r in mentions.naming(request.evidence.ranked(ctx), every or forms)
        if _about_people(r.passage.text, forms)
    ]
    if not named:
        return None
    word = shown.split(" (")[0].lower()
    named.sort(  # warnings about it first (not "contraindicated in liver failure"), the word as asked first
        key=lambda r: (
            r.passage.section not in WARNING_SECTIONS or r.passage.section in CONDITION_ONLY_SECTIONS,
            bool(_FOR_PEOPLE_WHO_HAVE.search(r.passage.text)),
            word not in r.passage.text.lower(),
        )
    )
    quoted = [quote(r, ctx) for r in named[:2]]
    if named[0].passage.section in WARNING_SECTIONS and _AFFECTS.search(asking_text(request)):
        opening = lead(f"Yes: the {ctx.name} label warns about effects on the {word}.", quoted[:1])
        return [opening, *quoted], []
    return quoted, []


_ANIMAL_STUDY = re.compile(
    r"\b(?:rats?|mice|mouse|dogs?|rabbits?|monkeys?|animals?|in vitro|nonclinical|maternal toxicity|"
    r"fetal (?:weight|toxicity))\b|"
    # a baby exposed through the mother ("monitor breastfeeding infants for bruising"): not the one taking it
    r"\b(?:breast-?fe[de]d?(?:ing)? infants?|nursing infants?|breastfed|neonates?|newborns?|fetus(?:es)?|"
    r"infants? exposed|exposed infants?|monitor (?:the )?infants?|(?:through|via|into) (?:human )?breast milk)\b",
    re.I,
)


_TREATED = (  # the words before a condition the people in the sentence have or are treated for
    r"\b(?:patients with|people with|subjects with|treatment of|treated for|dose for|therapy for|indicated for|"
    r"prophylaxis of|prevention of|used for)\s+(?:\w+\s+){0,2}"
)


def _about_people(text: str, forms: list[str]) -> bool:
    """The sentence says the effect happens in people: not an animal study ("decreased body weight gain" in
    rats), not the opposite change ("reduced weight gain", "poor weight gain"), not negated, not the condition
    the people have or are treated for ("448 patients with vaginal candidiasis were treated")."""
    if _ANIMAL_STUDY.search(text) or mentions.negated(text, forms):
        return False
    return not any(
        re.search(
            r"\b(?:decreased?|reduced?|reduction in|lower|less|poor|inhibit\w*)\s+(?:\w+\s+)?"
            + p.pattern[2:],
            text,
            re.I,
        )
        or re.search(_TREATED + p.pattern[2:], text, re.I)
        for p in mentions.patterns(forms)
    )


_ITS_EFFECT = re.compile(
    r"\bpotential\b[^.]{0,40}?\bfor\b|\b(?:risk (?:of|for)|may cause|can cause|side effects?|adverse)\b", re.I
)


def _effect_not_use(r) -> bool:
    """A sentence of a uses section names an effect of the medicine only when it says so ("consider its greater
    potential for weight gain"), not the symptoms of the condition it treats ("symptoms associated with PMDD
    include ... weight gain")."""
    return r.passage.section not in ("indications_and_usage", "purpose") or bool(
        _ITS_EFFECT.search(r.passage.text)
    )


_CAUSED = re.compile(
    r"\b(?:may|can|could|might|to)\s+(?:cause|worsen|induce|precipitate|aggravate)\b|\brisk of\b|"
    r"\b(?:new|new-onset|worsening|worsened|induced|emergent)\s+(?:\w+\s+){0,2}$",
    re.I,
)


def _said_to_cause(text: str, forms: list[str]) -> bool:
    """The sentence says the medicine brings the thing about ("may cause", "risk of", "new or worsening ..."), not
    merely names it (a heading, the condition treated, the people studied)."""
    return any(
        _CAUSED.search(text[max(0, m.start() - 60) : m.start()])
        for p in mentions.patterns(forms)
        for m in p.finditer(text)
    )


def _what_it_treats(ranked, forms: list[str]) -> bool:
    """The medicine's uses name it: a sentence of its uses section says it is indicated for it."""
    return any(
        re.search(r"\bindicated\b", r.passage.text, re.I)
        for r in mentions.naming(ranked, forms, sections=USE_SECTION_KEYS)
    )


def _named_effect(ranked, shown: str, forms: list[str], ctx):
    named = mentions.naming(ranked, forms, sections=SIDE_EFFECT_SECTIONS)
    named = [r for r in named if _about_people(r.passage.text, forms)]
    if not named:  # named elsewhere as an effect (a use sentence naming it as the purpose does not count)
        named = [
            r
            for r in mentions.naming(ranked, forms)
            if _about_people(r.passage.text, forms)
            and _effect_not_use(r)  # the condition it treats is no side effect
            and not re.search(r"\bindicated (?:for|to|as)\b", r.passage.text, re.I)
        ]
    if named and _what_it_treats(ranked, forms):  # "erectile dysfunction" for sildenafil: only a sentence
        named = [r for r in named if _said_to_cause(r.passage.text, forms)]  # saying it causes it is a Yes
    if not named:
        return None
    best = quote(named[0], ctx)
    what = shown_as(named[0], forms, shown)
    if named[0].passage.section in WARNING_SECTIONS:
        opening = f"Yes: the {ctx.name} label warns about {what}."
    else:
        opening = f"Yes: the {ctx.name} label lists {what} among its possible side effects."
    return [lead(opening, [best]), best] + [quote(r, ctx) for r in named[1:2]], []


def _condition_forms(request) -> tuple[str, list[str], list[str]] | None:
    """What "if I have ..." names: an asked term (not the one named as the use), else another medicine
    ("allergic to penicillin")."""
    conditions, parts = worries_and_parts(request)  # "if his kidneys stopped": a body part is no condition
    if conditions:
        return conditions[0]
    if parts:
        return None  # only a body part named: no condition to look for
    if request.others:
        from rxanswers.answers.evidence.facts import class_terms

        other = request.others[0]
        names = sorted({n.lower() for n in [other.name, other.ref.matched, *class_terms(other.drug)] if n})
        return other.ref.matched, names, names
    return None


def if_i_have(request):
    """ "Can I take X if I have Y?" """
    ev, ctx = request.evidence, request.primary
    asked = _condition_forms(request)
    if asked is None:
        return None
    shown, forms, every = asked
    ranked = ev.ranked(ctx)
    told = allergens_told(request, ctx)  # "allergic to sulfa": an allergy to furosemide itself is not theirs
    named = [
        r
        for r in mentions.naming(ranked, every or forms, sections=CONDITION_SECTIONS)
        if not another_allergy(r.passage.text, told)
    ]
    if named:
        said = condition_said(ctx, named[0], shown_as(named[0], every or forms, shown))
        return said if said is not None else ([quote(r, ctx) for r in named[:2]], [])
    absent, near = may_claim_absent(ev, ctx, every, forms, shown.split(" (")[0])
    if not absent:
        related = mentions.naming_words(ranked, every or forms, sections=CONDITION_SECTIONS)
        found = near or next(iter(related), None)
        if found is None:
            return None
        best = quote(found, ctx)
        opening = general("permission", polarity(found.passage.text), ctx.name)
        return ([lead(opening, [best])] if opening else []) + [best], []
    if _kind(ev, asked) == "word":
        return None  # one word taken from the question is never claimed absent
    contra = pick(ranked, 1, where=lambda r: r.passage.section in ("contraindications", "do_not_use"))
    return label_silent(ctx, shown, [quote(r, ctx) for r in contra], ev.all_indexes(ctx))


_HOW_MUCH = re.compile(r"\bhow\s*(?:much|many)\b|\bamount\b|\bstrength\b", re.I)


def _listed_in_another_label(ev, ctx, forms) -> Ranked | None:
    """The first ingredient-list sentence of another current label of the medicine that names the ingredient."""
    every = [Ranked(index, i, 0.0) for index in ev.all_indexes(ctx) for i in range(len(index.passages))]
    named = mentions.naming(every, forms, sections=INGREDIENT_SECTIONS)  # one pattern over them all
    return next((r for r in named if not mentions.negated(r.passage.text, forms)), None)


def contains_named(request):
    """An ingredient question in another form that names the ingredient ("which maker has gluten-free warfarin",
    "trying to find the binder, to see if it is povidone"): answered as "does X contain Y"."""
    if request.yes_no or request.primary is None or request.primary.label is None:
        return None
    if _HOW_MUCH.search(asking_text(request)) or not (request.others or _FREE_OF.search(request.question)):
        return None  # "how much codeine is in Tylenol 3" asks an amount (the strength answers it)
    return contains(request)


def contains(request):
    """ "Does X contain Y? / Is there Y in X?" """
    ev, ctx = request.evidence, request.primary
    if request.others:
        other = request.others[0]
        shown, forms = other.ref.matched, [other.name.lower(), other.ref.matched.lower()]
    elif ev.substance:
        shown, forms = ev.substance, [ev.substance]
    elif ev.asked:
        shown, forms = ev.asked[0][0], ev.asked[0][1]
    elif free := _FREE_OF.search(request.question):
        shown, forms = free.group(1).lower(), [free.group(1).lower()]
    else:
        return None
    free_asked = bool(_FREE_OF.search(request.question))  # "is it gluten-free": a claim no list makes
    ranked = [r for r in ev.ranked(ctx) if r.passage.section in INGREDIENT_SECTIONS]
    if not ranked and not any(k in INGREDIENT_SECTIONS for i in ev.all_indexes(ctx) for k in i.view.sections):
        # the label text loaded here is an extract without its ingredient list: say so, do not guess
        indexes = ev.all_indexes(ctx)
        return [partly_loaded(ctx, indexes, "ingredients", f"whether it contains {shown}")], []
    named = mentions.naming(ranked, forms)
    if named and not mentions.negated(named[0].passage.text, forms):
        best = quote(named[0], ctx)
        opening = "No" if free_asked else "Yes"
        return [
            lead(f"{opening}: the {ctx.name} label lists {shown} among its ingredients.", [best]),
            best,
        ], []
    if not named and (elsewhere := _listed_in_another_label(ev, ctx, forms)) is not None:
        best = quote(elsewhere, ctx)
        return [
            lead(
                f"Some {ctx.name} products do: another FDA label of {ctx.name} lists {shown} among its "
                "ingredients (inactive ingredients differ between makers: check the label of your product).",
                [best],
            ),
            best,
        ], []
    lists = pick(ranked, 1, where=lambda r: "inactive ingredient" in r.passage.text.lower())
    if named or mentions.raw_mention(ev.all_indexes(ctx), forms) is not None:
        return None
    if not lists:  # no inactive-ingredient list in the text loaded: say so, do not guess
        return [
            lead(
                f"The label text loaded here does not say: it has no list of inactive ingredients for {ctx.name}, "
                f"so it cannot tell whether it contains {shown}.",
                citations=[whole_label(ctx)],
                role="absence",
            )
        ], []
    listed = quote(lists[0], ctx)
    if free_asked:
        text = (
            f"The label does not say whether {ctx.name} is {shown}-free, but {shown} is not among the "
            "ingredients it lists."
        )
    else:
        text = (
            f"No: {shown} is not among the ingredients the {ctx.name} label lists (inactive ingredients differ "
            "between makers: check the label of your product)."
        )
    return [lead(text, [listed]), listed], []


_FREE_OF = re.compile(r"\b([a-z]{4,})(?:,? (?:and|or) [a-z]{3,})?[- ]free\b", re.I)  # "gluten and dye free"
_GET_HELP = re.compile(
    r"\bget medical help\b|\bpoison control\b|\bemergency\b|\bseek medical\b|\bcontact a doctor\b", re.I
)


TOOK_TOO_MUCH = re.compile(
    r"\btoo (?:much|many)\b|\boverdos\w*|\b(?:double|doubled|extra) (?:dose|doses|up)\b|\baccident\w*|"
    r"\b(?:took|taken|swallowed|ate) (?:a whole|the whole|all)\b|"
    r"\b(?:took|taken|swallowed)\b[^.?!]{0,40}\b(?:twice|two doses|2 doses|instead of)\b",
    re.I,
)
_POISON_CONTROL_NUMBER = "1-800-222-1222"
ABOUT_TOO_MUCH = re.compile(r"\boverdos|\btoo much\b|\btoo many\b|\bmore than directed\b", re.I)


def help_for_an_overdose(r) -> bool:
    """A sentence saying to get help after too much ("In case of overdose, get medical help"), not any
    sentence with "emergency" in it ("if severe hypoglycemia occurs, seek emergency treatment")."""
    text = r.passage.text
    return bool(_GET_HELP.search(text)) and (
        r.passage.section == "overdosage" or bool(ABOUT_TOO_MUCH.search(text))
    )


def overdose(request):
    """ "I took too much X — do I need to do anything?": the label's instruction to get help, first. Only when
    the question says too much was taken: "can I take 3 Tylenol at once" asks about a dose, not for help."""
    ctx = request.primary
    if not TOOK_TOO_MUCH.search(request.question):
        return None
    found = pick(request.evidence.ranked(ctx), 2, where=help_for_an_overdose)
    if not found:
        return None
    quoted = [quote(r, ctx) for r in found]
    number = f" ({_POISON_CONTROL_NUMBER})" if _POISON_CONTROL_NUMBER in quoted[0].text else ""
    opening = f"Yes: the {ctx.name} label says to get medical help or call Poison Control{number} right away."
    return [lead(opening, quoted[:1])] + quoted, []


HANDLERS = {
    "stopping": stopping,
    "usage": condition_answer,
    "storage_disposal": condition_answer,
    "overdose": overdose,
    "side_effects": can_cause,
    "indication": lambda r: can_treat(r) or treats_from_indications(r),  # a label without a uses section
    "contraindication": if_i_have,
    "pregnancy": pregnancy,
    "ingredient": contains,
}


def yes_no(request):
    """The most likely topic's yes/no handler that finds something to say (topics in probability order)."""
    ctx = request.primary
    if ctx is None:
        return None
    if ctx.label is None:
        if request.understanding.topics.get("indication", 0.0) >= TOPIC_MIN or request.intent == "indication":
            return treats_from_indications(request) or depends_on_use(request)
        return None
    if _FROM_THE_MEDICINE.search(request.question) and (composed := can_cause(request)) is not None:
        return composed  # "... my ankle hurts. Could this be from the antibiotic?": whatever the story names
    if (composed := condition_warning(request)) is not None:
        return composed
    if (composed := ruled_out_for_child(request)) is not None:
        return composed
    if (composed := dosed_for_child(request)) is not None:
        return composed
    if (composed := not_established_for_child(request)) is not None:
        return composed
    if (composed := ruled_out_in_a_situation(request)) is not None:
        return composed
    topics = sorted(request.understanding.topics.items(), key=lambda tp: -tp[1])
    for topic, p in topics:
        if p < TOPIC_MIN and topic != request.intent:
            continue
        handler = HANDLERS.get(topic)
        if handler is not None and (composed := handler(request)) is not None:
            return composed
    if (composed := depends_on_use(request) or no_taper_said(request)) is not None:
        return composed
    if _CAUSE_QUESTION.search(asking_text(request)):  # "could it be the medicine?" whatever the topic guess,
        return can_cause(request)  # not "it has caused my pulse to be very high. Is there a weaning process?"
    return None
