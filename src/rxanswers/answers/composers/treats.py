"""'What can I take for X?' with no medicine named: medicines whose FDA labels list X among their uses, each
quoted from its indications (or Drug Facts "Uses") with its citation, or from the compiled label indications.
Never a complete list or a recommendation, and said so."""

from __future__ import annotations

import re

from rxanswers.answers import selectors
from rxanswers.answers.asked import asked_terms_with_kinds
from rxanswers.answers.composers.quoting import plain
from rxanswers.answers.evidence.routes import families_in, families_of, label_families
from rxanswers.answers.resources import GERM_NOTICE, ROUTE_FAMILIES, SAFETY_NOTICE
from rxanswers.answers.schemas import Answer, AnswerResult, DrugRef, Sentence
from rxanswers.answers.words import STOPWORDS

USE_SECTION_KEYS = ("purpose", "indications_and_usage")
_OTC_SECTIONS = frozenset(
    {"purpose", "do_not_use", "ask_doctor", "stop_use", "keep_out_of_reach_of_children"}
)
MAX_MEDICINES = 4
FORMS_SEARCHED = 4  # the glossary wordings of a condition searched for, longest first
_OTC = re.compile(
    r"\b(?:over the counter|over-the-counter|otc|non-?prescription|without a prescription)\b", re.I
)
_FOR_PHRASE = re.compile(
    r"\b(?:for|relieve|treat|treating|cure|help(?: with)?|get rid of|remedy for)\s+(?:my |the |a |an |his |her |"
    r"this |bad |severe |chronic )?([a-z][a-z' -]{2,40}?)\s*(?:\?|$|\bin\b|\bor\b|\band\b|,|\.)",
    re.I,
)
TOPICS_MIN = 0.3  # P(indication) + P(alternatives) above which a question with no medicine asks what treats X


def asks_what_treats(understanding) -> bool:
    t = understanding.topics
    return (
        understanding.form == "which_drugs"
        or t.get("indication", 0.0) + t.get("alternatives", 0.0) >= TOPICS_MIN
    )


def conditions_named(question: str) -> list[tuple[str, list[str], tuple[str, ...]]]:
    """(wording for the reader, label forms to look for): the words after "for / relieve / treat" when they are
    a phrase ("vaginal itching"), then the glossary's terms the question names ("heartburn", "yeast infection"
    -> vulvovaginal candidiasis); single everyday words the glossary merely contains are not conditions."""
    out: list[tuple[str, list[str], tuple[str, ...]]] = []
    phrase = ""
    if (m := _FOR_PHRASE.search(question)) and len(m.group(1).strip()) >= 4:
        phrase = m.group(1).strip().lower()
        if set(phrase.split()) & _ACTION_WORDS:  # "to reduce", "help grow my hair back": not a condition
            phrase = ""
        elif phrase.split()[-1] in _TOO_GENERIC:  # "skin condition", "heart problem": too vague to list for
            phrase = ""
        elif len(phrase.split()) >= 2 and phrase.split()[0] not in _NOT_CONDITIONS:
            out.append((phrase, [phrase], ()))
    lower = question.lower()
    for shown, forms, _, kind in asked_terms_with_kinds(question, set()):
        if kind not in CONDITION_KINDS or shown.split(" (")[0] in _TOO_GENERIC:
            continue  # a body part ("brain"), a form ("liquid"), a word that names no condition ("disease")
        said = shown.split(" (")[0]
        shown = re.sub(r"\b([\w' -]+?) \(\1\)", r"\1", shown)  # "heartburn (heartburn)"
        # "vaginal itching" found as "itching", "viral pharyngitis" as "pharyngitis", "hymen bleeding" as
        # "bleeding": the word the question puts before it must be in the use too
        inside = next((f for f in [said, *forms] if f and f in phrase), None)
        qualifiers = [w for w in phrase.split() if inside and w not in inside.split() and len(w) > 3]
        if (m := re.search(r"\b([a-z]{3,})\s+" + re.escape(said) + r"\b", lower)) and m.group(
            1
        ) not in STOPWORDS:
            if m.group(1) not in _NOT_QUALIFIERS:
                qualifiers.append(m.group(1))
        out.append((shown, forms, tuple(dict.fromkeys(qualifiers))))
    if not out and phrase and len(question.split()) <= 15 and phrase not in _NOT_CONDITIONS | STOPWORDS:
        kinds = {kind for *_, kind in asked_terms_with_kinds(phrase, set())}
        if not kinds & _NOT_CONDITION_KINDS:  # "for my brain" names a body part, not what to treat
            out.append((phrase, [phrase], ()))  # "med for yeast": a short question's own word
    return out[:3]


CONDITION_KINDS = frozenset({"adverse_reaction", "condition", "germ"})
_NOT_CONDITION_KINDS = frozenset({"body_part", "anatomy", "lab", "other", "kind"})
# words before a symptom that do not narrow it ("bad cough", "the itch")
_NOT_QUALIFIERS = frozenset(
    "bad severe mild chronic acute terrible really very constant sudden little slight some any much more "
    "have having had get getting got feel feeling for with from relieve treat take".split()
    # verbs ("what helps heartburn") and medicine words ("a medicine heartburn") narrow nothing either
    + "helps relieves treats cures stops prevents eases soothes fixes works work good best medicine medicines "
    "medication medications drug drugs pill pills remedy remedies counter otc something anything".split()
)
MAX_QUESTION_WORDS = 40  # a long story is not answered with a list of medicines for one of its words
_TOO_GENERIC = frozenset(
    "disease diseases condition conditions infection infections infected problem problems disorder illness "
    "painful allergic allergy sick symptoms symptom".split()
)
_NOT_CONDITIONS = frozenset(
    "something anything it this that them me him her you sure now liquid tablet tablets pill pills capsule "
    "capsules cream creams ointment medicine medication form".split()
)
_ACTION_WORDS = frozenset(
    "reduce remove stop get help make treat cure prevent improve increase decrease lower raise grow lose gain "
    "take use go do".split()
)
# a question that wants no medicine ("naturally", "without prescription medicine") is not answered with a list
_NO_MEDICINE_WANTED = re.compile(
    r"\bnatural(?:ly)?\b|\bwithout (?:a )?(?:prescription|medicines?|medications?|drugs?)\b", re.I
)
# in a prescription label the condition must be what the medicine is for: within a few words after the use word
_USE_OF = r"\b(?:indicated|used|relie(?:f|ves?)|treat\w*|management|prevention|control)\b[^.;]{0,60}?"


_USE_CUE = re.compile(
    r"\b(?:indicated|relie(?:f|ves?)|treat(?:s|ment|ing)?|uses?|used (?:to|for)|helps?|prevents?)\b", re.I
)
_NOT_A_USE = re.compile(r"\b(?:not|inappropriate|compromised|contraindicated|avoid|limitations?)\b", re.I)
_ADDED_COVERAGE = re.compile(r"\b(?:coverage|therapy|treatment|agents?) should (?:also )?be added\b", re.I)
_WHO_NOT_WHAT = re.compile(r"\bin (?:adult |pediatric )?patients with\b[^.;:]{0,60}$", re.I)


def _first_naming(
    text: str, pattern: re.Pattern[str], qualifiers: tuple[str, ...] = (), *, strict: bool = False
) -> str | None:
    """The first sentence that names the condition as a use (and every qualifier the question gave it);
    ``strict``: the condition comes right after the use word ("indicated for the treatment of gout")."""
    from rxanswers.answers.evidence.sentences import quotable_sentences

    use_of = re.compile(_USE_OF + "(?:" + pattern.pattern + ")", re.I) if strict else None
    for sentence in quotable_sentences(text):
        if not pattern.search(sentence) or not _USE_CUE.search(sentence) or _NOT_A_USE.search(sentence):
            continue
        if use_of is not None and not use_of.search(sentence):
            continue
        if _ADDED_COVERAGE.search(sentence) or _WHO_NOT_WHAT.search(
            sentence[: pattern.search(sentence).start()]
        ):
            continue  # "... in patients with pelvic inflammatory disease and Chlamydia ..., antichlamydial
            # coverage should be added": not a use of this medicine
        if all(re.search(r"\b" + re.escape(q), sentence, re.I) for q in qualifiers):
            return sentence
    return None


def route_fit(view, drug, routes: frozenset[str]) -> bool | None:
    """Whether a label is for one of the route families asked: True when its route (field or words) is one, or
    when it says none and every listed product of the drug is; False when its route is another, or no
    listed product of the drug is of one; None when it cannot be told."""
    said = label_families(view, drug)
    if said:
        return bool(said & routes)
    listed = families_of(selectors.listed_routes(drug)) if drug is not None else set()
    if listed and listed <= routes:
        return True
    if listed and not listed & routes:
        return False
    return None


def _from_labels(
    form: str,
    pattern: re.Pattern[str],
    otc: bool,
    seen: set[str],
    qualifiers: tuple[str, ...],
    routes: frozenset[str] = frozenset(),
    want_route: bool = True,
) -> list[tuple[str, Sentence, bool]]:
    """Label use sections naming the condition; ``routes``: only labels of a route family asked
    (``want_route=False``: only labels certainly of another route)."""
    from rxanswers.drugs.models import Drug
    from rxanswers.search.selectors import section_search

    found: list[tuple[int, str, Sentence]] = []
    for hit in section_search(form, limit=80):
        if hit.section_key not in USE_SECTION_KEYS or not hit.drug_name or hit.drug_name in seen:
            continue
        drug = Drug.objects.filter(slug=hit.drug_slug).first()
        view = (
            next((v for v in selectors.label_views(drug) if v.version.id == hit.version_pk), None)
            if drug
            else None
        )
        if view is not None and routes and route_fit(view, drug, routes) is not want_route:
            continue  # a tablet's label does not answer "what cream"
        section = view.sections.get(hit.section_key) if view else None
        over_the_counter = view is not None and bool(set(view.sections) & _OTC_SECTIONS)
        said = (
            _first_naming(section.text, pattern, qualifiers, strict=not over_the_counter)
            if section is not None
            else None
        )
        if said is None or said in seen:
            continue
        seen.add(said)
        seen.add(hit.drug_name)
        rank = 0 if over_the_counter else 1
        sentence = Sentence(plain(said, (hit.drug_name,)), [view.citation(section)])
        found.append((rank, hit.drug_name, sentence, over_the_counter))
    found.sort(key=lambda f: f[0])  # over-the-counter products first, search order within each
    return [(name, sentence, over_the_counter) for _, name, sentence, over_the_counter in found]


def _found(forms, otc, qualifiers, routes, *, want_route: bool = True) -> list[tuple[str, Sentence, bool]]:
    seen: set[str] = set()
    found: list[tuple[str, Sentence, bool]] = []
    for form in sorted(forms, key=len, reverse=True)[:FORMS_SEARCHED]:
        pattern = _form_pattern(form)
        found += _from_labels(form, pattern, otc, seen, qualifiers, routes, want_route)
        if len(found) < MAX_MEDICINES and want_route:
            found += _from_compiled(pattern, seen, qualifiers, routes)
        if len(found) >= MAX_MEDICINES:
            break
    if not qualifiers:  # a bare symptom ("itchy skin"): not the medicines whose use is it in some disease
        general = [f for f in found if not any(_for_a_disease(f[1].text, _form_pattern(x)) for x in forms)]
        found = general or found
    return found


def _form_pattern(form: str) -> re.Pattern[str]:
    return re.compile(r"\b" + r"\W+".join(re.escape(w) for w in form.split()) + r"(?:e?s)?\b", re.I)


# "pruritus in patients 3 months of age and older with PFIC", "pruritus associated with chronic kidney disease in
# adults undergoing hemodialysis": the symptom as a use only in people with a disease
_IN_A_DISEASE = re.compile(
    r"^\W*(?:\([^)]*\)\W*)?(?:in (?:adult |pediatric )?(?:patients|adults|children|people)\b[^.;]{0,40}?\bwith\b|"
    r"associated with\b|in (?:adults|patients) undergoing\b)",
    re.I,
)


def _for_a_disease(sentence: str, pattern: re.Pattern[str]) -> bool:
    """The sentence names the condition as a use only in people with some disease (every time it names it)."""
    ends = [m.end() for m in pattern.finditer(sentence)]
    return bool(ends) and all(_IN_A_DISEASE.search(sentence[end : end + 80]) for end in ends)


def _from_compiled(
    pattern: re.Pattern[str],
    seen: set[str],
    qualifiers: tuple[str, ...],
    routes: frozenset[str] = frozenset(),
) -> list[tuple[str, Sentence]]:
    """Compiled label indications naming the condition; ``routes``: only drugs with a listed product of a
    route asked, or whose sentence names one ("for the topical treatment of ...")."""
    from rxanswers.answers import citations
    from rxanswers.drugs.models import IndicationText

    out = []
    for row in (
        IndicationText.objects.select_related("drug", "source").order_by("drug__name")[:5000].iterator()
    ):
        if row.drug.name in seen or not pattern.search(row.text):
            continue
        said = _first_naming(row.text.replace("\n", " "), pattern, qualifiers, strict=True)
        if said is None or said in seen:
            continue
        if routes and not (families_in(said) or families_of(selectors.listed_routes(row.drug))) & routes:
            continue  # the route the sentence names, else every product of the drug (the record's scope)
        seen.add(said)
        seen.add(row.drug.name)
        citation = citations.data_source(row.source, f"FDA label indications for UNII {row.record}")
        out.append((row.drug.name, Sentence(plain(said, (row.drug.name,)), [citation]), False))
        if len(out) >= MAX_MEDICINES:
            break
    return out


def treats_answer(result: AnswerResult) -> AnswerResult | None:
    """Medicines whose labels list the condition asked about; None when no condition or no label names it."""
    if _NO_MEDICINE_WANTED.search(result.question) or len(result.question.split()) > MAX_QUESTION_WORDS:
        return None
    otc = bool(_OTC.search(result.question))
    routes = frozenset(families_in(result.question))  # "an itch cream": only medicines for the skin
    for shown, forms, qualifiers in conditions_named(result.question):
        if not otc and not qualifiers and not routes and (indexed := _from_index(result, forms)) is not None:
            return indexed
        found = _found(forms, otc, qualifiers, routes)
        other_route = False
        if not found and routes:  # none for the route asked: those certainly of another route, said so
            found, other_route = _found(forms, otc, qualifiers, routes, want_route=False), True
        if not found:
            continue
        # a symptom that over-the-counter products are for is answered with those only (self-care first)
        found = ([f for f in found if f[2]] or ([] if otc else found))[:MAX_MEDICINES]
        if not found:
            continue
        found = [(name, sentence) for name, sentence, _ in found]
        names = ", ".join(name for name, _ in found)
        quotes = [sentence for _, sentence in found]
        citations = list({c.key: c for s in quotes for c in s.citations}.values())
        text = f"The FDA labeling of these medicines lists {shown} among their uses: {names}."
        if other_route:
            plain_routes = " or ".join(ROUTE_FAMILIES[r]["plain"] for r in sorted(routes))
            text = (  # not "there is none": the search reads a limited number of labels
                f"These medicines' labels list {shown} among their uses, but they are not medicines "
                f"{plain_routes}: {names}."
            )
        # "Yes" only when the medicines listed are of the kind asked for
        lead = Sentence(text if other_route else yes_if_asked_whether_any(result.question, text), citations)
        result.drugs = [
            DrugRef(name=f"medicines for {shown}", brands=[], matched=shown, id=None, kind="description")
        ]
        result.answer = Answer(
            sentences=[lead, *quotes],
            notices=[
                "This is not a complete list or a recommendation: only the labels loaded here were searched. Which "
                "medicine suits you depends on your health and your other medicines: ask your pharmacist or doctor.",
                SAFETY_NOTICE,
            ],
        )
        return result
    return None


LISTED_GROUPS, LISTED_PER_GROUP, QUOTED = 4, 3, 3


def medicines_listed_for(condition, *, besides=None) -> tuple[list[Sentence], list[str]]:
    """The medicines the condition index names for ``condition`` (``besides``: a drug id left out), by FDA class,
    each named one cited to the sentence that says so, the first of some groups quoted; ([], []) when none."""
    medicines = [m for m in condition.medicines if m.drug_id != besides]
    if not medicines:
        return [], []
    from rxanswers.answers.condition_index import Condition

    groups = Condition(condition.term, medicines).groups()
    named, parts = [], []
    for group, members in groups[:LISTED_GROUPS]:
        chosen = members[:LISTED_PER_GROUP]
        named += chosen
        names = ", ".join(m.name for m in chosen)
        parts.append(names if group == "Other medicines" else f"{_plural(group)} ({names})")
    total = len(medicines)
    more = total - len(named)
    what = condition.term.use_wording if condition.term.kind == "germ" else condition.term.display
    text = (
        f"The FDA labeling loaded here names {what} as a use of {total} "
        + ("other " if besides is not None else "")
        + f"medicine{'s' if total != 1 else ''}"
        + (", among them " if more > 0 else ": ")
        + "; ".join(parts)
        + "."
    )
    cited = list({m.citation.key: m.citation for m in named}.values())
    quotes = [Sentence(m.sentence, [m.citation]) for m in [g[1][0] for g in groups[:QUOTED]]]
    notices = [
        f"All {len(condition.medicines)}, grouped by class, with the sentence that says so: "
        f"/conditions/{condition.term.slug}/",
        "This is not a complete list or a recommendation: only the labels loaded here were searched. Which "
        "medicine suits you depends on your health and your other medicines: ask your pharmacist or doctor.",
    ]
    return [Sentence(text, cited), *quotes], notices


def _from_index(result: AnswerResult, forms: list[str]) -> AnswerResult | None:
    """A disease the condition index knows ("high blood pressure"): the medicines its loaded indications name,
    by FDA class, each named one cited to the sentence that says so, and a pointer to the condition page."""
    from rxanswers.answers.condition_index import condition_for

    condition = next((c for f in forms if (c := condition_for(f)) is not None), None)
    if condition is None or condition.term.kind not in ("condition", "germ") or not condition.medicines:
        return None
    sentences, notices = medicines_listed_for(condition)
    sentences[0] = Sentence(
        yes_if_asked_whether_any(result.question, sentences[0].text), sentences[0].citations
    )
    if condition.term.kind == "germ":
        notices = [*notices, GERM_NOTICE]
    result.drugs = [
        DrugRef(
            name=f"medicines for {condition.term.name}",
            brands=[],
            matched=condition.term.name,
            id=None,
            kind="description",
        )
    ]
    result.answer = Answer(sentences=sentences, notices=[*notices, SAFETY_NOTICE])
    return result


# "Are there any medications recommended for pain?", "Is there a cream for ...", "Any medicine for ...": whether
# any exists, answered "Yes" before the medicines whose labels list it, as a pharmacist would
_WHETHER_ANY = re.compile(
    r"^\W*(?:(?:are|is) there (?:any|a|an|some)?\b|(?:do|does|can) (?:you|i|we) (?:\S+ ){0,2}(?:any|a|an|some)"
    r" (?:\S+ ){0,2}(?:medicines?|medications?|meds|drugs?|pills?|creams?|treatments?|remed(?:y|ies)|products?)\b|"
    r"any (?:\S+ ){0,2}(?:medicines?|medications?|meds|drugs?|pills?|creams?|treatments?|remed(?:y|ies))\b|"
    r"(?:can|could|may) (?:i|we|you) (?:take|use|get|have) (?:a |an |some |any )?(?:\S+ )?"
    r"(?:med|meds|medicines?|medications?|drugs?|pills?|something|anything)\b|"
    r"(?:anything|something) (?:i|we) (?:can|could) (?:take|use)\b)",
    re.I,
)


def yes_if_asked_whether_any(question: str, text: str) -> str:
    """The list's lead, opened "Yes: " when the question asks whether any medicine exists for it."""
    if not _WHETHER_ANY.search(question):
        return text
    return "Yes: " + text[:1].lower() + text[1:]


def _plural(group: str) -> str:
    return group if group.endswith("s") else group + "s"
