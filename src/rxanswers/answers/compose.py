"""Compose a cited, plain-language answer to a medication question.

Pipeline: understand the question (drugs + question type) -> pick the label that speaks for each drug ->
select the sentences of the right sections that answer the question -> rewrite them for a lay reader ->
attach a citation to every sentence. Facts that are not label text (pharmacologic class, generics, brand
names, NCI definitions) cite their own source. When no source supports a point, the answer says so; it
never fills the gap.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rxanswers.answers import selectors
from rxanswers.answers.asked import SE_SEARCH_KEYS, asked_index, asked_terms
from rxanswers.answers.population import Population, population_fit, population_of
from rxanswers.answers.schemas import Answer, AnswerResult, Citation, DrugRef, Sentence
from rxanswers.answers.words import STOPWORDS, WORD, content_words, stem
from rxanswers.drugs.models import Drug

MIN_DRUG_CONFIDENCE = 0.6
# Substances people name beside a medicine ("with alcohol", "contain caffeine"): never the one asked about
# when a medicine is also named.
COMMON_SUBSTANCES = frozenset(
    "alcohol ethanol caffeine water grapefruit oxygen sugar sucrose dextrose gluten lactose".split()
)
MAX_SENTENCES = 6
MAX_SENTENCE_WORDS = 55
TRUNCATED_WORDS = 40

INTENT_SECTIONS: dict[str, list[str]] = {
    "action": ["mechanism_of_action", "clinical_pharmacology", "pharmacodynamics", "description"],
    "indication": ["indications_and_usage", "purpose", "uses"],
    "usage": [
        "dosage_and_administration",
        "information_for_patients",
        "spl_patient_package_insert",
        "instructions_for_use",
        "directions",
        "dosage_forms_and_strengths",
    ],
    "dose": ["dosage_and_administration", "directions", "dosage_forms_and_strengths", "how_supplied"],
    "side_effects": [
        "adverse_reactions",
        "boxed_warning",
        "warnings_and_cautions",
        "warnings",
        "precautions",
        "stop_use",
    ],
    "interaction": [
        "drug_interactions",
        "warnings_and_cautions",
        "warnings",
        "precautions",
        "contraindications",
        "ask_doctor_or_pharmacist",
        "do_not_use",
    ],
    "contraindication": ["contraindications", "do_not_use", "ask_doctor", "warnings"],
    "appearance": [
        "how_supplied",
        "dosage_forms_and_strengths",
        "description",
        "spl_product_data_elements",
        "package_label_principal_display_panel",
    ],
    "ingredient": [
        "description",
        "active_ingredient",
        "inactive_ingredient",
        "spl_product_data_elements",
        "dosage_forms_and_strengths",
    ],
    "storage_disposal": [
        "storage_and_handling",
        "how_supplied",
        "information_for_patients",
        "safe_handling_warning",
        "other_safety_information",
    ],
    "stopping": [
        "dosage_and_administration",
        "warnings_and_cautions",
        "warnings",
        "drug_abuse_and_dependence",
        "dependence",
        "information_for_patients",
        "precautions",
    ],
    "overdose": ["overdosage", "warnings"],
    "pregnancy": [
        "pregnancy",
        "use_in_specific_populations",
        "lactation",
        "nursing_mothers",
        "pregnancy_or_breast_feeding",
        "teratogenic_effects",
        "warnings_and_cautions",
    ],
}

INTENT_SECTIONS["abuse"] = [  # information questions about addiction and scheduling
    "controlled_substance",
    "drug_abuse_and_dependence",
    "abuse",
    "dependence",
    "boxed_warning",
    "warnings_and_cautions",
    "warnings",
]
_ABUSE_QUESTION = re.compile(
    r"\b(controll?ed|schedule[ds]?|addict\w*|habit[- ]forming|abus\w*|dependen\w*|narcotics?|dea)\b", re.I
)

INTENT_CUES: dict[str, list[str]] = {
    "abuse": ["schedule", "controlled substance", "abuse", "dependence", "addiction", "misuse", "withdrawal"],
    "action": [
        "mechanism",
        "inhibit",
        "block",
        "binds",
        "works",
        "acts",
        "reduc",
        "increas",
        "selective",
        "receptor",
        "enzyme",
        "antagonist",
        "agonist",
    ],
    "indication": ["indicated", "treatment", "used", "treat", "adult", "pediatric", "patients with"],
    "usage": [
        "take",
        "taken",
        "food",
        "meal",
        "empty stomach",
        "swallow",
        "once daily",
        "twice",
        "morning",
        "evening",
        "bedtime",
        "before",
        "after",
        "with water",
        "whole",
        "crush",
        "chew",
        "administer",
    ],
    "dose": [
        "mg",
        "dose",
        "dosage",
        "recommended",
        "maximum",
        "starting",
        "initial",
        "daily",
        "strength",
        "tablets",
        "mcg",
    ],
    "side_effects": ["most common", "adverse reactions", "incidence", "≥", "include", "serious", "reported"],
    "interaction": [
        "coadministration",
        "concomitant",
        "avoid",
        "increase",
        "decrease",
        "inhibitor",
        "inducer",
        "levels",
        "exposure",
        "combination",
        "together",
        "alcohol",
    ],
    "contraindication": ["contraindicated", "do not use", "hypersensitivity", "should not"],
    "appearance": [
        "tablet",
        "capsule",
        "white",
        "yellow",
        "blue",
        "pink",
        "orange",
        "green",
        "red",
        "round",
        "oval",
        "debossed",
        "imprinted",
        "engraved",
        "film-coated",
        "scored",
        "color",
        "shape",
    ],
    "ingredient": [
        "contains",
        "inactive ingredients",
        "each tablet",
        "each capsule",
        "active ingredient",
        "equivalent to",
    ],
    "storage_disposal": [
        "store",
        "temperature",
        "°",
        "room temperature",
        "refrigerat",
        "dispose",
        "discard",
        "keep",
        "excursions",
        "protect from",
    ],
    "stopping": [
        "discontinu",
        "stop",
        "taper",
        "withdraw",
        "abrupt",
        "gradual",
        "rebound",
        "reduce the dose",
    ],
    "overdose": ["overdos", "symptoms", "treatment", "hemodialysis", "supportive", "poison"],
    "pregnancy": [
        "pregnan",
        "fetal",
        "fetus",
        "breastfe",
        "lactation",
        "milk",
        "nursing",
        "embryo",
        "infant",
    ],
}

_BOXED_TITLE = re.compile(r"^\s*(?:boxed warning:?\s*)?warning:?\s*", re.I)


# --- text helpers (the lay package does the heavy lifting) ----------------------------------------------


def _lay():
    from rxanswers.answers import lay

    return lay


_BOILERPLATE = re.compile(
    r"to report suspected adverse|www\.fda\.gov/medwatch|1-800-fda-1088|\btable \d|\bfigure \d|"
    r"are (?:also )?(?:discussed|described) (?:in (?:greater )?detail )?(?:elsewhere|in other sections)|"
    r"clinical (?:trials|studies) are conducted under widely varying|^see full prescribing|revised: \d|"
    r"decisions to include these reactions in labeling|preferred terms (?:also )?include|"
    r"\b(?:table|figure)s? below\b|\bthe following table\b|\bare (?:shown|listed|summarized) in table\b",
    re.I,
)
# A list intro glued to the next sentence ("... elsewhere in the labeling: A B C For X, the most common ...").
_GLUED_INTRO = re.compile(
    r"(?:elsewhere|other sections) (?:in|of) the label(?:ing)?:.*?\s(?=(?:For|In|The|Most) [^:]*most common)"
)


# A heading glued to the sentence that follows it: "DOSAGE AND ADMINISTRATION Individualize ...",
# "Mechanism of Action Angiotensin II is ...", "2.1 Adult Dosage The recommended ...".
_CAPS_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\s+)?(?:(?:[A-Z][A-Z&/,()\-]+|&)\s+){1,8}(?=[A-Z][a-z])")
# OTC "Drug Facts" headings run into their text: "Uses temporarily relieves ...", "Directions take 2 ..."
_OTC_HEADING = re.compile(r"^(?:Uses|Use|Directions|Purpose|Purposes)\s+(?=[a-z])")
# A list intro whose list was cut off: "Most common adverse reactions in adults (incidence >= 2%) are."
_DANGLING_END = re.compile(
    r"\b(?:are|include|includes|including|were|was|is|of|the|and|or|with|to|as|for)\s*[.:]?$"
)
_SECTION_TITLES = sorted(
    {k.replace("_", " ") for keys in INTENT_SECTIONS.values() for k in keys}
    | {
        "mechanism of action",
        "overdosage",
        "indications and usage",
        "adverse reactions",
        "clinical considerations",
        "postmarketing experience",
        "administration information",
        "pediatric patients",
        "dosage & administration",
    },
    key=len,
    reverse=True,
)


# A mixed-case sub-heading glued to the next sentence: "Coumarin-type anticoagulants Several short-term
# studies ...". Only when the glued word is a usual sentence opener and the fragment has no verb.
_SENTENCE_OPENERS = frozenset(
    """The A An In Several This These There Patients Because Although However When If Use Do It Its
    Concomitant Coadministration Co-administration Studies Clinical Data Based Administer Take Avoid
    Monitor Consider Since For Most Some No Other Both Each Treatment Therapy Initial Usual Pregnant
    Pediatric Geriatric Elderly Caution Serious Cases Reports Postmarketing Following After Before During
    Dose Dosage Safety Animal Limited Published Advise Instruct Inform Discontinue Reduce Increase""".split()
)
_FRAGMENT_VERBS = frozenset(
    "is are was were be been may can should must has have had will would could".split()
)


def _strip_mixed_heading(sentence: str) -> str:
    words = sentence.split()
    for i in range(1, min(7, len(words) - 4)):
        word, prev = words[i], words[i - 1]
        if word in _SENTENCE_OPENERS and (prev[-1:].isalnum() or prev.endswith(")")):
            fragment = words[:i]
            if not fragment[0][:1].isupper() or any(w.lower() in _FRAGMENT_VERBS for w in fragment):
                return sentence
            if any(w.endswith((".", ":", ";", ",")) for w in fragment):
                return sentence
            return " ".join(words[i:])
    return sentence


def _strip_heading(sentence: str) -> str:
    stripped = _strip_mixed_heading(_OTC_HEADING.sub("", _CAPS_HEADING.sub("", sentence)))
    if stripped != sentence and stripped[:1].islower():
        stripped = stripped[0].upper() + stripped[1:]
    lower = stripped.lower()
    for title in _SECTION_TITLES:
        if (
            lower.startswith(title + " ")
            and len(stripped) > len(title) + 1
            and stripped[len(title) + 1].isupper()
        ):
            stripped = stripped[len(title) + 1 :]
            break
    return stripped if len(stripped.split()) >= 4 else sentence


_FRAGMENT_START = re.compile(r"^(?:mg|mcg|ml|mL|g|kg|units?|and|or|but|of|to|with|for|which|than)\b")


def _sentences(text: str) -> list[str]:
    """Label text split into clean, quotable sentences (cached: label text never changes in place)."""
    return list(_sentences_cached(text))


# OTC "Drug Facts" directions are a table flattened into one run-on line ("adults and children 12 years and
# over take 2 tablets every 4 to 6 hours do not take more than 10 tablets in 24 hours children 6 to under 12
# years take 1 tablet ..."). Each age group and each "do not ..." limit starts a new sentence.
_FLAT_BREAK = re.compile(
    r"(?<=[a-z0-9)%])\s+(?=(?:adults(?: and children)?(?: \d+ (?:years|yrs)(?: of age)?(?: and (?:over|older))?)?"
    r"|children(?: (?:under|\d+ (?:to|-) (?:under )?\d+|\d+ (?:years|yrs)(?: of age)? and (?:over|older)))"
    r"|infants?(?: under)? \d+|persons? \d+ years|do not (?:take|use|give|exceed)|not for use in)\b)",
    re.I,
)


def _split_flat_directions(text: str) -> str:
    """Sentence breaks for flattened Drug Facts text: only when the text has almost no full stops."""
    words = text.count(" ") + 1
    if words < 25 or text.count(". ") * 35 > words:
        return text
    out: list[str] = []
    start = 0
    in_group = False  # the current sentence is one age group's directions
    for match in _FLAT_BREAK.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()].split()
        if before and (before[-1].lower() in _NO_BREAK_AFTER or before[-1] in ("Directions", "Uses", "Use")):
            continue
        piece = text[start : match.start()].strip()
        start = match.end()
        if not piece:
            continue
        out.append(piece[:1].upper() + piece[1:] if not out or out[-1].endswith(". ") else piece)
        limit = text[start : start + 7].lower() == "do not "
        # a limit ("do not take more than 5 tablets in 24 hours") belongs to the age group before it
        out.append("; " if limit and in_group else ". ")
        in_group = in_group if limit else not text[start:].lower().startswith(("do not", "not for"))
    rest = text[start:].strip()
    if rest:
        out.append(rest[:1].upper() + rest[1:] if not out or out[-1].endswith(". ") else rest)
    return "".join(out)


_NO_BREAK_AFTER = frozenset("and or for in to of the than with by as from".split())


_LIST_NUMBER_AFTER_COLON = re.compile(r":\s*\(?\d{1,2}[.)]$")


@functools.lru_cache(maxsize=4096)
def _sentences_cached(text: str) -> tuple[str, ...]:
    lay = _lay()
    out = []
    pending = ""
    for raw in lay.split_sentences(_split_flat_directions(text)):
        raw = _LIST_NUMBER_AFTER_COLON.sub(
            ":", raw.rstrip()
        )  # "... the following conditions: 1." is an intro
        if pending:  # "X is indicated for:" + "Prevention of asthma ..." -> one sentence
            raw, pending = f"{pending} {raw}", ""
        if raw.rstrip().endswith(":") and len(raw.split()) < 25:
            pending = raw.rstrip()
            continue
        raw = _GLUED_INTRO.split(raw)[-1] if "most common" in raw else raw
        clean = _strip_heading(lay.simplify_label_sentence(raw).strip())
        if _BOILERPLATE.search(clean):
            continue
        words = clean.split()
        if len(words) < 4:
            continue
        if (
            len(words) > MAX_SENTENCE_WORDS
        ):  # a run-on list (flattened bullets): quote its start, marked as cut
            clean = " ".join(words[:TRUNCATED_WORDS]).rstrip(",;:") + " …"
        if clean.isupper() or not re.search(r"[a-z]", clean):
            continue  # headings, table debris
        if _FRAGMENT_START.match(clean):
            continue  # the tail of a sentence cut at a number or a list break ("mg once daily taken ...")
        if _DANGLING_END.search(clean):
            continue
        if not clean.endswith((".", "!", "?", ")", "…")):
            clean += "."
        out.append(clean)
    return tuple(out)


def _plain(sentence: str, protect: tuple[str, ...] = ()) -> str:
    return _lay().load_lay_terms().rewrite(sentence, protect=protect).text


def _lower_first(name: str) -> str:
    """ "Kinase Inhibitor" -> "kinase inhibitor"; acronyms stay ("CD22-directed Immunoconjugate")."""
    return " ".join(w if sum(c.isupper() for c in w) > 1 else w.lower() for w in name.split())


@dataclass
class Candidate:
    text: str
    section_key: str
    position: int
    score: float


def _section_sentences(view: selectors.LabelView, keys: list[str]):
    """(rank of the section in ``keys``, section key, position, sentence) for every quotable sentence of the
    label's sections named in ``keys`` that the label has, in that order."""
    for rank, key in enumerate(keys):
        section = view.sections.get(key)
        if section is not None:
            for position, sentence in enumerate(_sentences(section.text)):
                yield rank, key, position, sentence


_CUE_REQUIRED = frozenset(
    {"stopping", "overdose", "storage_disposal", "pregnancy", "contraindication", "abuse"}
)


def _score_sentences(
    view: selectors.LabelView,
    keys: list[str],
    intent: str,
    question_words: set[str],
    population: Population | None = None,
) -> list[Candidate]:
    cues = INTENT_CUES.get(intent, [])
    out: list[Candidate] = []
    for rank, key, position, sentence in _section_sentences(view, keys):
        lower = sentence.lower()
        words = content_words(lower, set())
        overlap = len(question_words & words)
        cue_hits = sum(1 for cue in cues if cue in lower)
        # Every sentence of the first-choice section is on topic; later sections must earn their place,
        # and for narrow intents only with a word of the topic ("normal" alone does not make a sentence
        # about stopping)
        base = 1.0 if rank == 0 else 0.0
        if not cue_hits and intent in _CUE_REQUIRED and (rank > 0 or intent == "stopping"):
            continue  # (a stopping answer's first section, dosage, is mostly about starting)
        score = base + 3.0 * overlap + 1.0 * min(cue_hits, 4) - 0.6 * rank - 0.05 * position
        if sentence.endswith(" …"):
            score -= 1.0
        if intent == "side_effects" and "most common" in lower:
            score += 6
        if intent == "indication" and position == 0 and rank == 0:
            score += 3
        if intent == "action" and key == "mechanism_of_action" and position == 0:
            score += 2
        if population is not None and intent in ("dose", "usage"):
            score += population_fit(sentence, population)
        out.append(Candidate(sentence, key, position, score))
    return sorted(out, key=lambda c: -c.score)


def _pick(cands: list[Candidate], n: int, min_score: float = 0.5) -> list[Candidate]:
    chosen: list[Candidate] = []
    seen: set[str] = set()
    for cand in cands:
        norm = cand.text.lower()[:80]
        if cand.score < min_score or norm in seen:
            continue
        seen.add(norm)
        chosen.append(cand)
        if len(chosen) >= n:
            break
    if len(chosen) > 1:  # lead with the best, keep the rest in label order
        chosen = [chosen[0]] + sorted(
            chosen[1:], key=lambda c: (c.section_key != chosen[0].section_key, c.position)
        )
    return chosen


def _label_sentence(view: selectors.LabelView, cand: Candidate, role: str = "answer") -> Sentence:
    protect = tuple(view.version.brand_names + view.version.generic_names)
    return Sentence(_plain(cand.text, protect), [view.citation(view.sections[cand.section_key])], role)


# --- the drug context ----------------------------------------------------------------------------------


@dataclass
class DrugContext:
    ref: DrugRef
    drug: Drug | None
    label: selectors.LabelView | None
    nci: object | None  # GlossaryEntry

    @property
    def name(self) -> str:
        """The name sentences use: the generic, or for an unreadably long one (a vaccine's list of strains)
        its first brand or the words of the question."""
        if len(self.ref.name) <= 60:
            return self.ref.name
        return self.ref.brands[0] if self.ref.brands else self.ref.matched or self.ref.name

    @property
    def label_name(self) -> str:
        brands = self.label.version.brand_names if self.label else []
        return self.name if not brands else f"{self.name} ({brands[0]})"


def _class_sentence(ctx: DrugContext) -> Sentence | None:
    if ctx.drug is None:
        return None
    classes = selectors.drug_classes(ctx.drug)
    if not classes:
        return None
    names = [_lower_first(name) for name, _ in classes[:2]]
    article = "an" if names[0][0].lower() in "aeiou" else "a"
    text = f"{ctx.name[0].upper() + ctx.name[1:]} is {article} {names[0]}"
    if len(names) > 1:
        text += f" and {('an' if names[1][0].lower() in 'aeiou' else 'a')} {names[1]}"
    source = classes[0][1]
    return Sentence(
        text + ".", [selectors.source_citation(source, f"pharmacologic class of {ctx.name}")], "context"
    )


_ACRONYM_KINDS = {
    "nsaid": "an NSAID",
    "ssri": "an SSRI",
    "snri": "an SNRI",
    "maoi": "an MAOI",
    "arb": "an ARB",
    "ppi": "a PPI",
    "tca": "a TCA",
}
# "is eliquis a blood thinner", "is tramadol a narcotic", "prednisone is that a steroid"
_MEMBERSHIP_QUESTION = re.compile(r"\b(is|are|isn t|isnt)\b", re.I)


def _membership(ctx: DrugContext, cls) -> list[Sentence]:
    """ "Is X a <kind of medicine>?": yes, cited to the FDA pharmacologic class that makes it one, when the
    drug's class is one of the FDA classes the lay word stands for. Otherwise nothing: the class list behind a
    lay word is not exhaustive, so "no" is never claimed; the drug's own class sentence follows anyway."""
    if ctx.drug is None:
        return []
    wanted = {c.lower() for c in cls.classes}
    for name, source in selectors.drug_classes(ctx.drug):
        if name.lower() in wanted:
            kind = _ACRONYM_KINDS.get(cls.name.lower()) or (
                ("an " if cls.name[:1].lower() in "aeiou" else "a ") + cls.name
            )
            text = (
                f"Yes. {ctx.name[:1].upper() + ctx.name[1:]} belongs to the FDA pharmacologic class "
                f"{name}, which is {kind}."
            )
            return [Sentence(text, [selectors.source_citation(source, f"pharmacologic class of {ctx.name}")])]
    return []


def _nci_sentences(ctx: DrugContext, limit: int = 2) -> list[Sentence]:
    from rxanswers.answers.glossary import NCI_SOURCE_KEY, first_sentences

    entry = ctx.nci
    if entry is None:
        return []
    citation = Citation(
        source=NCI_SOURCE_KEY,
        source_name="NCI Dictionary of Cancer Terms (National Cancer Institute)",
        record=f"NCI term: {entry.term}",
        url=entry.url,
        snapshot_date="2025-10-01",
    )
    out = []
    for i, sentence in enumerate(first_sentences(entry.definition, limit)):
        same = entry.term.lower() == ctx.name.lower()
        if i == 0 and sentence.lower().startswith(("in medicine, a ", "in medicine, an ")):
            sentence = sentence[len("in medicine, ") :]
        if i == 0 and sentence.lower().startswith(("the ", "one of ", "any of ")):
            # "The dried leaves of ...": say whose words these are
            name = entry.term if same else f"{ctx.name} ({entry.term})"
            sentence = (
                f"The NCI Dictionary of Cancer Terms describes {name} as "
                + sentence[0].lower()
                + sentence[1:]
            )
        if sentence.lower().startswith(("a ", "an ")):
            name = entry.term if same else f"{ctx.name} ({entry.term})"
            sentence = (
                f"The NCI Dictionary of Cancer Terms describes {name} as "
                + sentence[0].lower()
                + sentence[1:]
            )
        elif not same and sentence.startswith(entry.term + " "):
            sentence = f"{ctx.name[0].upper() + ctx.name[1:]} ({entry.term})" + sentence[len(entry.term) :]
        out.append(Sentence(sentence, [citation], "answer"))
    return out


PRODUCT_FACT_INTENTS = {"dose", "appearance", "ingredient", "usage", "information"}


def _product_forms(ctx: DrugContext) -> list[Sentence]:
    """What the product data says when there is no label text: marketed forms and strengths."""
    if ctx.drug is None:
        return []
    forms = selectors.product_forms(ctx.drug)
    if not forms:
        return []
    listed = "; ".join(f"{form} {', '.join(strengths[:4])}" for form, strengths, _ in forms[:4])
    source = forms[0][2]
    return [
        Sentence(
            f"FDA product listings give these forms and strengths of {ctx.name}: {listed}.",
            [selectors.source_citation(source, f"products of {ctx.name}")],
            "context",
        )
    ]


def _no_label_notice(ctx: DrugContext) -> str:
    return (
        f"No FDA label text for {ctx.name} is loaded in this rxanswers database, so this answer cannot quote "
        f"its labeling. (Operators: load it with `rxanswers download openfda_label` or `rxanswers ingest FILE`.)"
    )


# --- composers per question type -----------------------------------------------------------------------


def _label_answer(
    ctx: DrugContext,
    intent: str,
    question_words: set[str],
    n: int = 4,
    population: Population | None = None,
) -> list[Sentence]:
    if ctx.label is None:
        return []
    keys = INTENT_SECTIONS.get(intent, INTENT_SECTIONS["indication"])
    scored = _score_sentences(ctx.label, keys, intent, question_words, population)
    picked = _pick(scored, n)
    if not picked and scored:  # the right section exists but no sentence stood out: lead with its opening
        picked = _pick(sorted(scored, key=lambda c: (keys.index(c.section_key), c.position)), min(n, 2), -1e9)
    return [_name_subject(_label_sentence(ctx.label, c), ctx) for c in picked]


_PRONOUN_START = re.compile(
    r"^(It|This (?:drug|medicine|medication|product))(?= (?:should|is|can|may|must|will|has|does|works|was)\b)"
)


def _name_subject(sentence: Sentence, ctx: DrugContext) -> Sentence:
    """A quoted sentence that opens with "It should ..." names its subject: the label section is about
    this medicine, and out of context "it" is unclear."""
    if _PRONOUN_START.match(sentence.text):
        name = ctx.name[:1].upper() + ctx.name[1:]
        sentence.text = _PRONOUN_START.sub(name, sentence.text, count=1)
    return sentence


# "how long does it take to work", "how long does it stay in your system", "half-life": a question of time
_TIME_QUESTION = re.compile(
    r"\bhow (long|soon|quickly|fast)\b|\bkicks? in\b|\btakes? effect\b|\bstart(s|ed)? (working|to work)\b|"
    r"\bhalf ?life\b|\b(in|out of|leave|leaves|stay|stays|clear) (your|my|the|his|her) (system|body|blood|urine)\b|"
    r"\bwears? off\b|\bdetect\w*\b",
    re.I,
)
_TIME_SECTIONS = [
    "pharmacokinetics",
    "clinical_pharmacology",
    "pharmacodynamics",
    "mechanism_of_action",
    "dosage_and_administration",
    "clinical_studies",
    "use_in_specific_populations",
    "drug_abuse_and_dependence",
]
_TIME_CUES = (
    "half-life",
    "half life",
    "peak",
    "onset",
    "within",
    "duration",
    "eliminat",
    "steady state",
    "absorb",
)
_TIME_EXPRESSION = re.compile(
    r"\b\d+(?:\.\d+)?(?:\s*(?:to|-|–)\s*\d+(?:\.\d+)?)?\s*(?:minutes?|min|hours?|hrs?|h|days?|weeks?|months?)\b"
    r"|\bhalf-?\s?life\b",
    re.I,
)


def _timing(ctx: DrugContext, question_words: set[str], n: int = 3) -> list[Sentence]:
    """Label sentences that say how fast a medicine acts or how long it stays (onset, peak, half-life,
    elimination): the answer to "how long does X take to work / stay in your system". Only sentences with a
    time in them; none when the label gives no time (the caller then gives the usual overview)."""
    view = ctx.label
    if view is None:
        return []
    out: list[Candidate] = []
    for rank, key, position, sentence in _section_sentences(view, _TIME_SECTIONS):
        if not _TIME_EXPRESSION.search(sentence) or sentence.endswith(" …"):
            continue
        lower = sentence.lower()
        cue_hits = sum(1 for cue in _TIME_CUES if cue in lower)
        overlap = len(question_words & content_words(lower, set()))
        score = 2.0 * cue_hits + 2.0 * overlap - 0.2 * rank - 0.01 * position
        if re.search(r"\b(rats?|mice|dogs?|animals?|in vitro)\b", lower):
            score -= 4.0  # animal and laboratory data do not answer a patient's question
        out.append(Candidate(sentence, key, position, score))
    picked = _pick(sorted(out, key=lambda c: -c.score), n, min_score=1.5)
    return [_name_subject(_label_sentence(view, c), ctx) for c in picked]


def _overview(ctx: DrugContext, question_words: set[str], *, detailed: bool) -> list[Sentence]:
    """The reference-site pattern: class, how it works, what it treats, how it's given, warnings, side effects."""
    out: list[Sentence] = []
    if (s := _class_sentence(ctx)) is not None:
        out.append(s)
    view = ctx.label
    if view is None:
        return out + _nci_sentences(ctx)
    plan = [("action", 1), ("indication", 2 if detailed else 1)]
    if detailed:
        plan += [("usage", 1)]
    for intent, n in plan:
        keys = INTENT_SECTIONS[intent][:2]
        picked = _pick(_score_sentences(view, keys, intent, question_words), n)
        out += [_label_sentence(view, c) for c in picked]
    if "boxed_warning" in view.sections:
        boxed = _sentences(_BOXED_TITLE.sub("", view.sections["boxed_warning"].text))
        if boxed:
            out.append(_label_sentence(view, Candidate(boxed[0], "boxed_warning", 0, 1)))
    if detailed:
        picked = _pick(_score_sentences(view, ["adverse_reactions"], "side_effects", set()), 1, min_score=5)
        out += [_label_sentence(view, c) for c in picked]
    return out


def _class_terms(drug: Drug | None) -> list[str]:
    """Words labels use for a drug's class: the EPC names and their specific lay terms ("NSAIDs")."""
    if drug is None:
        return []
    from rxanswers.answers.understanding.names import load_lay_classes

    epcs = [name for name, _ in selectors.drug_classes(drug)[:3]]
    terms = list(epcs)
    for lay in load_lay_classes()["classes"]:
        if len(lay["epc"]) == 1 and lay["epc"][0] in epcs:  # only unambiguous lay names
            terms += [lay["name"], *lay["terms"]]
    return terms


def _other_mentions(ctx: DrugContext, other_names: list[str]) -> list[Sentence]:
    """Sentences of ctx's label that name any of ``other_names`` (interaction sections first)."""
    if ctx.label is None:
        return []
    patterns = [re.compile(r"\b" + re.escape(n.lower()) + r"(?:e?s)?\b") for n in other_names if len(n) > 2]
    out = []
    keys = INTENT_SECTIONS["interaction"] + ["adverse_reactions", "clinical_pharmacology"]
    keys += [k for k in ctx.label.sections if k not in keys]
    for key in keys:
        section = ctx.label.sections.get(key)
        if section is None:
            continue
        for position, sentence in enumerate(_sentences(section.text)):
            if any(p.search(sentence.lower()) for p in patterns):
                out.append(_label_sentence(ctx.label, Candidate(sentence, key, position, 1)))
                if len(out) >= 3:
                    return out
    return out


def _raw_mention(view: selectors.LabelView, names: list[str]) -> str | None:
    """The key of a section whose raw text names any of ``names`` (tables and long lists included).

    An absence claim ("does not mention") is only made after this check on the unfiltered text."""
    patterns = [re.compile(r"\b" + re.escape(n.lower()) + r"(?:e?s)?\b") for n in names if len(n) > 2]
    for key, section in view.sections.items():
        text = section.text.lower()
        if any(p.search(text) for p in patterns):
            return key
    return None


_GENERIC_STEMS = frozenset(
    "loss gain increa decrea high low abnorm proble disord change reacti severe acute chroni pain".split()
)


def _raw_words(view: selectors.LabelView, word_sets: list[list[re.Pattern[str]]]) -> bool:
    """True when any single word (by its first six letters) of the asked forms occurs anywhere in the label
    text: then the label may speak of it in other words, and no absence is claimed."""
    stems = {w.pattern for ws in word_sets for w in ws if w.pattern.removeprefix(r"\b") not in _GENERIC_STEMS}
    patterns = [re.compile(p, re.I) for p in stems]
    return any(p.search(section.text) for section in view.sections.values() for p in patterns)


def _mention_sentence(ctx: DrugContext, name: str, section_key: str) -> Sentence:
    title = ctx.label.sections[section_key].title or section_key.replace("_", " ")
    return Sentence(
        f"The FDA label for {ctx.name} mentions {name} in its {title.lower()} section; "
        f"ask your pharmacist what it means for you.",
        [ctx.label.citation(ctx.label.sections[section_key])],
        "answer",
    )


def _class_words(cls) -> list[str]:
    """Words a label may use for a class the question names: its lay terms, FDA class names and
    best-known members ("blood thinner" -> anticoagulant, vitamin K antagonist, warfarin, ...)."""
    from rxanswers.answers.understanding.names import load_lay_classes

    words = [cls.name, *cls.classes]
    for lay in load_lay_classes()["classes"]:
        if lay["name"] == cls.name:
            words += lay["terms"]
    for epc in cls.classes[:4]:
        words += [m.name for m in selectors.class_members(epc, limit=4)]
    out: list[str] = []
    for w in words:
        w = w.lower()
        if w not in out:
            out.append(w)
    return out


def _interaction(
    contexts: list[DrugContext],
    question: str,
    question_words: set[str],
    matched: set[str],
    *,
    classes=(),
):
    sentences: list[Sentence] = []
    notices: list[str] = []
    if len(contexts) >= 2:
        for a, b in [(contexts[0], contexts[1]), (contexts[1], contexts[0])]:
            names = [b.name, *(b.ref.brands[:5]), *_class_terms(b.drug)]
            found = _other_mentions(a, names)
            if found:
                sentences += found
            elif a.label is not None and (where := _raw_mention(a.label, names)):
                sentences.append(_mention_sentence(a, b.name, where))
            elif a.label is not None:
                sentences.append(
                    Sentence(
                        f"The FDA label text loaded for {a.name} does not mention {b.name}.",
                        [a.label.label_citation()],
                        "absence",
                    )
                )
        return sentences, notices
    ctx = contexts[0]
    if classes and ctx.label is not None:
        # "can I take a blood thinner with ibuprofen": look for the class, its FDA names and members
        cls = classes[0]
        words = _class_words(cls)
        found = _other_mentions(ctx, words)
        if found:
            return found, notices
        if where := _raw_mention(ctx.label, words):
            return [_mention_sentence(ctx, cls.name + "s", where)], notices
        sentences.append(
            Sentence(
                f"The FDA label text loaded for {ctx.name} does not mention {cls.name}s ({', '.join(words[1:4])}).",
                [ctx.label.label_citation()],
                "absence",
            )
        )
        return sentences + _label_answer(ctx, "interaction", question_words, n=3), notices
    target = _interaction_target(question, matched | {c.matched.lower() for c in classes})
    if target and ctx.label is not None:
        found = _other_mentions(ctx, [target])
        if found:
            return found, notices
        if where := _raw_mention(ctx.label, [target]):
            return [_mention_sentence(ctx, target, where)], notices
        sentences.append(
            Sentence(
                f"The FDA label text loaded for {ctx.name} does not mention {target}.",
                [ctx.label.label_citation()],
                "absence",
            )
        )
    sentences += _label_answer(ctx, "interaction", question_words, n=3)
    return sentences, notices


_WITH_TARGET = re.compile(
    r"\b(?:with|and|plus|after|while (?:drinking|eating|on|taking))\s+([a-z][a-z -]{2,40})", re.I
)


def _interaction_target(question: str, matched: set[str]) -> str | None:
    """The non-drug thing a question pairs a drug with ("coconut oil", "alcohol", "grapefruit juice")."""
    for m in _WITH_TARGET.finditer(question.lower()):
        words = [w for w in m.group(1).split() if w not in STOPWORDS][:3]
        phrase = " ".join(words).strip(" -?")
        if phrase and phrase not in matched and not any(phrase in x or x in phrase for x in matched):
            return phrase
    return None


def _biosimilars(ctx: DrugContext) -> list[Sentence]:
    """For a licensed biologic listed in the loaded FDA Purple Book: its biosimilars (biologics have
    biosimilars, not generics), cited to the Purple Book listings. Empty when no listing is loaded."""
    from rxanswers.drugs.models import BiologicProduct
    from rxanswers.drugs.selectors import drug_biologics

    rows = list(BiologicProduct.objects.filter(drug=ctx.drug).select_related("source", "application")[:200])
    if not rows:
        return []
    summary = drug_biologics(ctx.drug)
    similar = [r for r in rows if r.pathway == "351(k)"]
    cited = similar or rows
    record = "BLA " + ", ".join(sorted({r.application.appl_no for r in cited})[:6])
    return [Sentence(summary.statement, [selectors.source_citation(rows[0].source, record)])]


def _generic(ctx: DrugContext, *, answer_yes: bool = True) -> tuple[list[Sentence], list[str]]:
    """Generic availability from Drugs@FDA. ``answer_yes``: lead with "Yes." (for "is there a generic")."""
    if ctx.drug is None:
        return [], [f"rxanswers has no Drugs@FDA record for {ctx.name}."]
    biologic = _biosimilars(ctx)
    if biologic:
        return biologic, []
    facts = selectors.approval_facts(ctx.drug)
    if facts.source is None:
        return [], [
            f"rxanswers has no Drugs@FDA record for {ctx.name} (biologics licensed by CBER are not in Drugs@FDA)."
        ]
    snapshot = facts.source.snapshot_date.isoformat() if facts.source.snapshot_date else "the loaded snapshot"
    if facts.marketed_generics:
        companies = sorted(
            {p.application.sponsor.title() for p in facts.marketed_generics if p.application.sponsor}
        )
        appls = sorted({p.application.appl_no for p in facts.marketed_generics})
        text = (
            ("Yes. " if answer_yes else "")
            + f"Drugs@FDA (data as of {snapshot}) lists {len(appls)} approved generic "
            f"(ANDA) application{'s' if len(appls) != 1 else ''} for {ctx.name}"
        )
        if companies:
            text += ", from companies including " + ", ".join(companies[:4])
        citation = selectors.source_citation(facts.source, "ANDA " + ", ".join(appls[:6]))
        sentences = [Sentence(text + ".", [citation])]
    elif facts.generic_products:
        appls = sorted({p.application.appl_no for p in facts.generic_products})
        sentences = [
            Sentence(
                f"Drugs@FDA (data as of {snapshot}) lists generic (ANDA) applications for {ctx.name}, "
                f"but all of them are marked discontinued.",
                [selectors.source_citation(facts.source, "ANDA " + ", ".join(appls[:6]))],
            )
        ]
    else:
        brands = sorted({p.drug_name.title() for p in facts.brand_products})
        sentences = [
            Sentence(
                f"Drugs@FDA (data as of {snapshot}) lists no approved generic (ANDA) version of {ctx.name}"
                + (f"; it is marketed as {', '.join(brands[:3])}" if brands else "")
                + ".",
                [selectors.source_citation(facts.source, f"applications for {ctx.name}")],
            )
        ]
    sentences += _patent_sentences(ctx, facts)
    return sentences, []


PRICE_UNITS = {"EA": "unit", "ML": "mL", "GM": "gram"}
NADAC_NOTICE = (
    "NADAC is the average price retail pharmacies pay to buy a medicine (their acquisition cost), not the "
    "retail price a patient pays: that also depends on the pharmacy's markup and fees and on insurance."
)


_MAKER_QUESTION = re.compile(
    r"\b(who|which company|what company) (makes?|made|manufactures?|produces?|sells?)\b|\bmanufactur\w*|\bmade by\b|\bmaker\b",
    re.I,
)


def _makers(ctx: DrugContext) -> list[Sentence]:
    """Who holds the FDA applications (Drugs@FDA sponsors) for the drug: brand first, then generics."""
    if ctx.drug is None:
        return []
    facts = selectors.approval_facts(ctx.drug)
    if facts.source is None:
        return []
    out: list[Sentence] = []
    brand_makers: dict[str, set[str]] = {}
    for p in facts.brand_products:
        if p.application.sponsor:
            brand_makers.setdefault(p.application.sponsor.title(), set()).add(p.drug_name.title())
    if brand_makers:
        sponsor, names = sorted(brand_makers.items(), key=lambda kv: -len(kv[1]))[0]
        appls = sorted({p.application.appl_no for p in facts.brand_products if p.application.sponsor})
        out.append(
            Sentence(
                f"{', '.join(sorted(names)[:2])} ({ctx.name}) is made under FDA application "
                f"{appls[0]} held by {sponsor}"
                + (
                    f"; other brand applications are held by {', '.join(sorted(brand_makers)[1:4])}"
                    if len(brand_makers) > 1
                    else ""
                )
                + ".",
                [selectors.source_citation(facts.source, "NDA/BLA " + ", ".join(appls[:6]))],
            )
        )
    generics = sorted(
        {p.application.sponsor.title() for p in facts.marketed_generics if p.application.sponsor}
    )
    if generics:
        appls = sorted({p.application.appl_no for p in facts.marketed_generics})
        out.append(
            Sentence(
                f"Generic {ctx.name} is made by {len(generics)} compan{'ies' if len(generics) != 1 else 'y'}, "
                f"including {', '.join(generics[:4])}.",
                [selectors.source_citation(facts.source, "ANDA " + ", ".join(appls[:6]))],
            )
        )
    return out


def _money(amount) -> str:
    """``Decimal("0.02150")`` -> ``"$0.0215"``; ``Decimal("12.5")`` -> ``"$12.50"``."""
    if amount >= 1:
        return f"${amount:,.2f}"
    text = f"{amount:.5f}".rstrip("0")
    return "$" + (text + "0" * (2 - len(text.partition(".")[2])))


def _prices(ctx: DrugContext) -> tuple[list[Sentence], str]:
    """Cost: a cited NADAC sentence (brand and lowest generic per unit) and the acquisition-cost notice, or the
    notice that no price data is loaded for this medicine."""
    from rxanswers.drugs.models import DrugPrice

    prices = selectors.drug_prices(ctx.drug) if ctx.drug is not None else None
    if prices is None or not prices.current:
        if DrugPrice.objects.exists():
            return [], (
                f"rxanswers has no drug price data for {ctx.name}: the NADAC prices loaded do not list it, so "
                "it cannot say what this medicine costs."
            )
        return [], (
            "rxanswers has no drug price data loaded, so it cannot say what this medicine costs. "
            "(Operators: load NADAC prices with `rxanswers download nadac`.)"
        )

    def listed(p: DrugPrice) -> str:
        ndc = f"{p.ndc[:5]}-{p.ndc[5:9]}-{p.ndc[9:]}"
        return f"{p.description} (NDC {ndc}) at {_money(p.price_per_unit)} per {PRICE_UNITS[p.unit]}"

    def cite(p: DrugPrice):
        return selectors.source_citation(
            p.source, f"NADAC NDC {p.ndc}, effective {p.effective_date.isoformat()}"
        )

    brand, generic = prices.cheapest_brand, prices.cheapest_generic
    lead = brand or generic or prices.current[0]
    text = (
        f"NADAC (CMS survey of pharmacy acquisition costs, effective {lead.effective_date:%B %-d, %Y}) "
        f"lists {listed(lead)}"
    )
    citations = [cite(lead)]
    if generic is not None and generic is not lead:
        text += f"; the lowest generic is {listed(generic)}"
        if generic.effective_date != lead.effective_date:
            text += f" (effective {generic.effective_date:%B %-d, %Y})"
        citations.append(cite(generic))
    elif generic is not None:
        count = sum(1 for p in prices.current if p.brand_or_generic == DrugPrice.Kind.GENERIC)
        if count > 1:
            text += f", the lowest per-unit cost among the {count} generic NDCs it lists for {ctx.name}"
    elif brand is not None:
        text += f"; it lists no generic {ctx.name}"
    return [Sentence(text + ".", citations)], NADAC_NOTICE


def _patent_sentences(ctx: DrugContext, facts: selectors.ApprovalFacts) -> list[Sentence]:
    from rxanswers.drugs.models import Exclusivity, Patent

    appl_nos = {p.application.appl_no for p in facts.brand_products}
    if not appl_nos:
        return []
    patents = Patent.objects.filter(appl_no__in=appl_nos, expire_date__isnull=False).select_related("source")
    latest = patents.order_by("-expire_date").first()
    if latest is None:
        exclusivity = Exclusivity.objects.filter(appl_no__in=appl_nos).order_by("-expire_date").first()
        if exclusivity is None:
            return []
        latest = exclusivity
        what = "exclusivity"
    else:
        what = "patents"
    return [
        Sentence(
            f"The Orange Book lists {what} for the brand-name product that run until "
            f"{latest.expire_date:%B %-d, %Y}.",
            [selectors.source_citation(latest.source, f"{what} for NDA {latest.appl_no}")],
            "context",
        )
    ]


def _brand_names(ctx: DrugContext) -> tuple[list[Sentence], list[str]]:
    if ctx.drug is None:
        return [], []
    brands = selectors.drug_brands(ctx.drug)
    if not brands:
        return [], [f"rxanswers has no brand names on file for {ctx.name}."]
    by_source: dict[str, list[str]] = {}
    sources = {}
    for name, source in brands:
        by_source.setdefault(source.key, []).append(name)
        sources[source.key] = source
    names = [name for name, _ in brands]
    text = f"Brand names for {ctx.name} include {', '.join(names[:-1])}{' and ' if len(names) > 1 else ''}{names[-1]}."
    citations = [selectors.source_citation(sources[k], f"product names for {ctx.name}") for k in by_source]
    return [Sentence(text, citations)], []


def _alternatives(ctx: DrugContext, question_words: set[str]) -> tuple[list[Sentence], list[str]]:
    out: list[Sentence] = []
    if ctx.drug is None:
        return out, []
    if (s := _class_sentence(ctx)) is not None:
        out.append(s)
    for class_name, source in selectors.drug_classes(ctx.drug)[:1]:
        members = selectors.class_members(class_name, exclude=ctx.drug)
        if members:
            out.append(
                Sentence(
                    f"Other drugs in the same class ({_lower_first(class_name)}) include "
                    + ", ".join(m.name for m in members[:6])
                    + ".",
                    [selectors.source_citation(source, f"pharmacologic class {class_name}")],
                )
            )
    out += _label_answer(ctx, "indication", question_words, n=1)
    return out, ["Only your prescriber can decide whether another medicine is right for you."]


# --- entry point -------------------------------------------------------------------------------------------

SAFETY_NOTICE = "This information is not a substitute for professional medical advice."
NOTICE_BY_INTENT = {
    "dose": "Follow the dose your prescriber or pharmacist gave you; do not change it on your own.",
    "usage": "Follow your prescriber's directions for how and when to take it.",
    "overdose": "If someone may have taken too much, call 911 or Poison Control (1-800-222-1222) right away.",
    "stopping": "Do not stop or change a prescribed medicine without talking to your prescriber.",
    "pregnancy": "If you are pregnant or breastfeeding, talk to your prescriber before taking any medicine.",
    "interaction": "Tell your prescriber and pharmacist about every medicine and supplement you take.",
}


def _condition_word(match) -> bool:
    """A fuzzy brand match on words that spell a medical condition ("hypo pigmentation" ~ a cream called
    "Hyperpigmentation") is the condition the question is about, not a product."""
    from rxanswers.answers.glossary import is_medical_term

    return match.kind == "brand" and match.method != "exact" and is_medical_term(match.matched)


def _glued_short_brand(match, understanding) -> bool:
    """A short brand name written directly against another drug name ("nano silver") is most likely part of
    one compound word, not a second product: answering about it would answer about the wrong drug."""
    if match.kind != "brand" or len(match.matched) > 4 or match.confidence >= 1.0:
        return False
    return any(
        other is not match and (other.start == match.end + 1 or other.end + 1 == match.start)
        for other in understanding.drugs
    )


def _drug_contexts(understanding, intent: str) -> list[DrugContext]:
    from rxanswers.answers.glossary import nci_entry

    contexts: list[DrugContext] = []
    seen: set[str] = set()
    for match in understanding.drugs:
        if (
            match.drug_key in seen
            or match.confidence < MIN_DRUG_CONFIDENCE
            or _glued_short_brand(match, understanding)
            or _condition_word(match)
        ):
            continue
        seen.add(match.drug_key)
        drug = selectors.drug_by_key(match.drug_key)
        wanted = INTENT_SECTIONS.get(intent, INTENT_SECTIONS["indication"])
        label = selectors.best_label(drug, wanted, named=match.matched) if drug is not None else None
        brands = [b for b, _ in selectors.drug_brands(drug)] if drug is not None else list(match.brands)
        name = drug.name if drug is not None else match.generic
        nci = nci_entry(name, match.matched, *brands[:3]) if label is None else None
        if drug is None and nci is not None:
            name = nci.term.lower() if nci.term.islower() or nci.term.isupper() else nci.term
        ref = DrugRef(
            name=name,
            brands=brands,
            matched=match.matched,
            id=drug.id if drug else None,
            slug=drug.slug if drug else None,
            confidence=match.confidence,
            has_label=label is not None,
        )
        contexts.append(DrugContext(ref=ref, drug=drug, label=label, nci=nci))
    return contexts[:3]


# Everyday words -> the words labels use for the same thing (question words are stemmed to 6 letters).
_LABEL_WORDS: dict[str, tuple[str, ...]] = {
    "child": ("pediatric",),
    "childr": ("pediatric",),
    "kid": ("pediatric",),
    "toddle": ("pediatric",),
    "infant": ("pediatric",),
    "elderl": ("geriatric",),
    "senior": ("geriatric",),
    "kidney": ("renal",),
    "liver": ("hepatic",),
    "pregna": ("pregnancy",),
    "breast": ("lactation",),
    "food": ("meal", "meals"),
    "forget": ("missed",),
    "forgot": ("missed",),
}


def warm_up() -> None:
    """Load every lazily built index (names, glossaries, cue patterns) so the first question is as fast as
    the rest; called once by batch runs, benchmarks and the server before serving."""
    from rxanswers.answers.glossary import nci_drug_entries, nci_term_entries

    selectors.name_index()
    _lay().load_lay_terms()
    asked_index()
    nci_drug_entries()
    nci_term_entries()
    for question in ("what is metformin used for", "can ibuprofen cause a rash", "who makes lipitor"):
        answer_question(question)  # also warms the database connection and its statement caches


def answer_question(question: str) -> AnswerResult:
    """Understand ``question`` and compose a cited answer (or an honest abstention)."""
    from rxanswers.answers.understanding import understand

    question = " ".join((question or "").split())
    if not question:
        raise ValueError("empty question")
    if len(question) > 1000:
        raise ValueError("question too long (1,000 characters at most)")
    understanding = understand(question, selectors.name_index())
    intent = understanding.intent
    secondary = understanding.secondary_intent
    contexts = _drug_contexts(understanding, intent)
    result = AnswerResult(
        question=question,
        drugs=[c.ref for c in contexts],
        intent=intent,
        secondary_intent=secondary,
        answer=None,
        suggestions=list(understanding.suggestions),
        classes=[c.name for c in understanding.classes],
    )
    if not contexts:
        if understanding.classes:
            result.drugs = [_class_ref(c) for c in understanding.classes[:3]]
            return _class_answer(result, understanding)
        if (reverse := _REVERSE_QUESTION.search(question)) is not None:
            return _reverse_answer(result, reverse)
        result.abstained = (
            "unsure which medicine you mean"
            if understanding.suggestions
            else "no medicine recognised in the question"
        )
        return result

    matched = {c.ref.matched.lower() for c in contexts} | {c.name.lower() for c in contexts}
    exclude = {w for m in matched for w in WORD.findall(m)}
    question_words = content_words(question, exclude)
    question_words |= {stem(w) for q in list(question_words) for w in _LABEL_WORDS.get(q, ())}
    population = population_of(question)
    # the medicine asked about: not a common substance named beside it ("does benadryl contain alcohol")
    primary = next(
        (c for c in contexts if c.drug is None or c.drug.key not in COMMON_SUBSTANCES), contexts[0]
    )
    if intent == "ingredient" and len(contexts) > 1:  # "how much aspirin is in butalbital": the container
        lowered = question.lower()
        for c in contexts:
            at = lowered.find(c.ref.matched.lower())
            if at > 0 and re.search(r"\b(in|inside|of)\s+(the\s+|a\s+|my\s+)?$", lowered[:at]):
                primary = c
                break
    others = [c for c in contexts if c is not primary]
    result.drugs = [primary.ref] + [o.ref for o in others]  # the medicine answered about comes first
    sentences: list[Sentence] = []
    notices: list[str] = []

    if intent == "comparison" and len(contexts) > 1:
        for ctx in contexts:
            for sentence in _overview(ctx, question_words, detailed=False)[:3]:
                names = [ctx.name.lower(), *(b.lower() for b in ctx.ref.brands[:5])]
                if not any(
                    n in sentence.text.lower() for n in names
                ):  # say which drug each sentence is about
                    sentence.text = f"{ctx.name[:1].upper() + ctx.name[1:]}: {sentence.text[:1].lower() + sentence.text[1:]}"
                sentences.append(sentence)
    elif intent == "generic":
        sentences, notices = _generic(primary)
    elif intent == "cost":
        sentences, notices = _generic(primary, answer_yes=False)
        price_sentences, price_notice = _prices(primary)
        sentences = price_sentences + sentences
        notices.insert(0, price_notice)
    elif intent == "brand_names":
        sentences, notices = _brand_names(primary)
    elif intent == "alternatives":
        sentences, notices = _alternatives(primary, question_words)
    elif intent == "interaction":
        sentences, notices = _interaction(
            contexts, question, question_words, matched, classes=understanding.classes
        )
    elif intent == "information" and _MAKER_QUESTION.search(question):
        sentences = _makers(primary) or _overview(primary, question_words, detailed=False)
    elif (
        intent == "action"
        and _TIME_QUESTION.search(question)
        and (timing := _timing(primary, question_words))
    ):
        sentences = ([s] if (s := _class_sentence(primary)) is not None else []) + timing
    elif (
        intent == "information"
        and _ABUSE_QUESTION.search(question)
        and (abuse := _label_answer(primary, "abuse", question_words, n=3))
    ):
        # "is X addictive / a controlled substance / a narcotic": the label's abuse and dependence text
        sentences = ([s] if (s := _class_sentence(primary)) is not None else []) + abuse
    elif intent in ("action", "information"):
        sentences = _overview(primary, question_words, detailed=(intent == "action"))
    else:
        asked = asked_terms(question, matched) if intent in ("side_effects", "contraindication") else []
        if intent == "indication" and _USE_FOR.search(question):
            sentences = _listed_use(primary, asked_terms(question, matched))
        if intent == "ingredient" and others:  # "is there alcohol in nyquil": asked about in the label
            asked = [(o.ref.matched, sorted({o.name.lower(), o.ref.matched.lower()})) for o in others[:2]]
        sentences = (
            _asked_answer(primary, asked, intent) if asked else sentences if intent == "indication" else []
        )
        general = _label_answer(
            primary, intent, question_words, n=4 - min(2, len(sentences)), population=population
        )
        sentences += general
        if not sentences and primary.label is not None:
            sentences = [_absence(primary, intent)]
    if (
        intent in ("information", "ingredient")
        and understanding.classes
        and _MEMBERSHIP_QUESTION.search(question)
    ):
        member = next((m for cls in understanding.classes if (m := _membership(primary, cls))), [])
        if (
            not member
            and (s := _class_sentence(primary)) is not None
            and s.text not in {x.text for x in sentences}
        ):
            member = [s]  # "is gabapentin a narcotic": what it is instead (a "no" is never claimed)
        if member:  # an answer about what kind of medicine it is replaces "the label has no such section"
            sentences = member + [x for x in sentences if x.role != "absence"]
    if secondary and secondary != intent and primary.label is not None and secondary in INTENT_SECTIONS:
        extra = _label_answer(primary, secondary, question_words, n=2, population=population)
        known = {s.text for s in sentences}
        sentences += [s for s in extra if s.text not in known]

    if primary.label is None and intent in COMPONENT_INTENTS and primary.drug is not None:
        extra, note = _component_answers(primary, intent, question_words, population)
        if extra:
            sentences += extra
            notices.append(note)
    answered = [primary]
    if intent in (
        "comparison",
        "interaction",
    ):  # a substance named beside the medicine gets no facts of its own
        answered += [c for c in others if c.drug is None or c.drug.key not in COMMON_SUBSTANCES]
    for ctx in answered:
        if ctx.label is not None and not ctx.label.version.is_current:
            v = ctx.label.version
            notices.append(
                f"This answer quotes an earlier version of the {ctx.name} label (version {v.version_display}, "
                f"{v.effective_date or 'undated'}) because the current version loaded lacks the relevant section."
            )
        if ctx.label is None:
            notices.append(_no_label_notice(ctx))
            if intent in PRODUCT_FACT_INTENTS:
                sentences += _product_forms(ctx)
            if not any(c.source == "nci_thesaurus_glossary" for s in sentences for c in s.citations):
                if intent not in ("generic", "brand_names"):
                    sentences += _nci_sentences(ctx)
            if not sentences and (s := _class_sentence(ctx)) is not None:
                sentences.append(s)
    sentences = _dedupe(sentences)[: MAX_SENTENCES + 2]
    if intent in NOTICE_BY_INTENT:
        notices.append(NOTICE_BY_INTENT[intent])
    notices.append(SAFETY_NOTICE)
    if not sentences:
        reason = f"no source in this database addresses this question about {primary.name}"
        if primary.label is None:
            reason += f" (no FDA label text for {primary.name} is loaded)"
        result.abstained = reason
        return result
    result.answer = Answer(sentences=sentences, notices=notices)
    return result


# "what drugs can cause hair loss", "which medications contribute to fatty liver": medicines by effect
_REVERSE_QUESTION = re.compile(
    r"\b(?:what|which|any|list)\s+(?:kinds?\s+of\s+|types?\s+of\s+|other\s+)?(drugs?|medications?|medicines?|meds|pills)"
    r"\s+(?:\w+\s+){0,2}?(cause|causes|induce|induces|contribute to|contributes to|lead to|leads to|trigger|"
    r"triggers|worsen|worsens|give you|make you)\s+(.{3,80}?)[\s?.!]*$",
    re.I,
)
REVERSE_SECTION_KEYS = (
    "adverse_reactions",
    "warnings_and_cautions",
    "warnings",
    "boxed_warning",
    "postmarketing",
)


def _reverse_answer(result: AnswerResult, match: re.Match) -> AnswerResult:
    """Medicines whose loaded FDA labels name the effect asked about, each cited to the section that does.
    Never a complete list, and said so."""
    from rxanswers.search.selectors import section_search

    noun, verb, effect = match.group(1).lower(), match.group(2).lower(), match.group(3).strip()
    effect = re.sub(r"^(?:a |an |the |my |your )", "", effect, flags=re.I)
    noun = noun if noun.endswith("s") else noun + "s"
    verb = re.sub(r"s\b", "", verb, count=1) if verb.split()[0].endswith("s") else verb
    if verb in ("induce", "trigger", "lead to", "give you", "make you"):
        verb = "cause"
    result.drugs = [
        DrugRef(
            name=f"{noun} that {verb} {effect}",
            brands=[],
            matched=match.group(0).strip(" ?.!"),
            id=None,
            kind="description",
        )
    ]
    asked = asked_terms(effect, set())
    words = " ".join(w for w in WORD.findall(effect.lower()) if w not in STOPWORDS)
    # the phrase as asked first ("frequent urination"), then the glossary's wordings of what it names
    plan = [(effect, words)] if words else []
    if len(words.split()) >= 2:  # "hypo pigmentation" is "hypopigmentation"
        joined = "".join(words.split()[:2])
        plan.append((joined, joined))
    if (
        asked and " " in asked[0][0].split(" (")[0] or asked and "(" in asked[0][0]
    ):  # a glossary phrase, not one word
        plan += [(asked[0][0], f) for f in sorted(set(asked[0][1]), key=len, reverse=True)[:3] if f != words]
    sentences: list[Sentence] = []
    seen: set[str] = set()
    found_as = ""
    for shown, query in plan:
        # the words in this order, as one phrase (full-text search matches them anywhere in the section)
        phrase = re.compile(r"\b" + r"\W+".join(re.escape(w) for w in query.split()) + r"(?:e?s)?\b", re.I)
        for hit in section_search(query, limit=60):
            if hit.section_key not in REVERSE_SECTION_KEYS or not hit.drug_name or hit.drug_name in seen:
                continue
            drug = Drug.objects.filter(slug=hit.drug_slug).first()
            view = next((v for v in selectors.label_views(drug) if v.version.id == hit.version_pk), None)
            section = view.sections.get(hit.section_key) if view else None
            if section is None or not phrase.search(section.text):
                continue
            seen.add(hit.drug_name)
            found_as = found_as or shown
            title = (section.title or section.key.replace("_", " ")).lower()
            sentences.append(
                Sentence(
                    f"The FDA label for {hit.drug_name} mentions {shown} in its {title} section.",
                    [view.citation(section)],
                )
            )
            if len(sentences) >= 5:
                break
        if len(sentences) >= 5:
            break
    if not sentences:
        result.abstained = f"no FDA label loaded in this database mentions {effect}"
        return result
    result.drugs[0].name = f"{noun} that {verb} {found_as}"  # in the words the labels were found to use
    result.answer = Answer(
        sentences=sentences,
        notices=[
            "This is not a complete list: only the labels loaded in this database were searched, and a label "
            "that mentions an effect does not mean that medicine caused yours. Ask your pharmacist.",
            SAFETY_NOTICE,
        ],
    )
    return result


# Questions a single ingredient's label can speak to for a combination product (not doses: they differ).
COMPONENT_INTENTS = frozenset(
    {"side_effects", "contraindication", "interaction", "pregnancy", "overdose", "stopping", "action"}
)


_PRODUCT_SPECIFIC = re.compile(
    r"\bthis (?:product|medicine|medication|drug)\b|\b\d[\d,.]*\s*(?:mg|mcg|g|ml|tablets?|capsules?|caplets?)\b",
    re.I,
)


def _component_answers(
    ctx: DrugContext, intent: str, question_words: set[str], population: Population | None = None
) -> tuple[list[Sentence], str]:
    """A combination product with no label text loaded ("Tylenol PM"): what its ingredients' own labels say,
    each sentence introduced as about that ingredient, with a notice that they may not describe the product."""
    drug = ctx.drug
    if not drug.is_combination or len(drug.ingredients) < 2:
        return [], ""
    out: list[Sentence] = []
    used: list[str] = []
    wanted = INTENT_SECTIONS.get(intent, INTENT_SECTIONS["indication"])
    for ingredient in drug.ingredients[:3]:
        component = selectors.drug_by_key(ingredient)
        label = selectors.best_label(component, wanted) if component is not None else None
        if label is None:
            continue
        part = DrugContext(
            ref=DrugRef(name=component.name, brands=[], matched="", id=component.id),
            drug=component,
            label=label,
            nci=None,
        )
        # nothing that speaks of "this product" or its amounts: true of the ingredient's product, not this one
        picked = [
            s
            for s in _label_answer(part, intent, question_words, n=3, population=population)
            if not _PRODUCT_SPECIFIC.search(s.text)
        ]
        picked = picked[:2]
        for sentence in picked:
            lead = (
                sentence.text
                if sentence.text[:2].isupper()
                else sentence.text[:1].lower() + sentence.text[1:]
            )
            sentence.text = f"{component.name[:1].upper() + component.name[1:]} (an ingredient): {lead}"
        if picked:
            out += picked
            used.append(component.name)
    note = (
        f"No label text for {ctx.name} itself is loaded; the sentences above come from the labels of its "
        f"ingredients ({', '.join(used)}), which do not describe the combination product."
    )
    return out, note


def _class_ref(cls) -> DrugRef:
    members = []
    for epc in cls.classes[:3]:
        members += [m.name for m in selectors.class_members(epc, limit=3) if m.name not in members]
    return DrugRef(
        name=cls.name,
        brands=[],
        matched=cls.matched,
        id=None,
        confidence=cls.confidence,
        kind="class",
        classes=list(cls.classes),
        members=members[:8],
    )


def _class_answer(result: AnswerResult, understanding) -> AnswerResult:
    """What is in the class the question names, one cited sentence per FDA class (at most three)."""
    sentences: list[Sentence] = []
    for cls in understanding.classes[:1]:
        several = len(cls.classes) > 1
        for class_name in cls.classes[:3]:
            members = selectors.class_members(class_name)
            drug = members[0] if members else None
            if drug is None:
                continue
            sources = selectors.drug_classes(drug)
            source = next((s for n, s in sources if n == class_name), sources[0][1] if sources else None)
            if source is None:
                continue
            names = ", ".join(m.name for m in members[: 4 if several else 6])
            if several:
                text = f"{cls.name.capitalize()}s include {_lower_first(class_name)}s such as {names}."
            else:
                text = f"{cls.name.capitalize()}s ({_lower_first(class_name)}s) include {names}."
            sentences.append(
                Sentence(text, [selectors.source_citation(source, f"pharmacologic class {class_name}")])
            )
    if not sentences:
        result.abstained = "no medicine recognised in the question"
        return result
    result.answer = Answer(
        sentences=sentences,
        notices=["Ask about a specific medicine for details from its FDA label.", SAFETY_NOTICE],
    )
    return result


def _asked_answer(ctx: DrugContext, asked: list[tuple], intent: str) -> list[Sentence]:
    """Label sentences that name what the question asks about, or a cited statement that the label
    does not mention it (after checking the whole label text, tables included)."""
    if ctx.label is None:
        return []
    out: list[Sentence] = []
    keys = SE_SEARCH_KEYS + [k for k in ctx.label.sections if k not in SE_SEARCH_KEYS]
    for shown, forms, *rest in asked:
        every = rest[0] if rest else forms
        patterns = [re.compile(r"\b" + re.escape(f) + r"(?:e?s)?\b", re.I) for f in forms]
        # the words of a form in any order and inflection ("stomach ulcer" ~ "ulcers of the stomach")
        word_sets = [
            [re.compile(r"\b" + re.escape(w[:6]), re.I) for w in WORD.findall(f) if w not in STOPWORDS]
            for f in forms
        ]
        word_sets = [ws for ws in word_sets if ws]

        longer = asked_index()[0]
        own = {f.lower() for f in forms}
        phrase_sets = [ws for ws in word_sets if len(ws) > 1]

        def names_it(
            sentence: str, patterns=patterns, phrase_sets=phrase_sets, own=own, longer=longer
        ) -> bool:
            low = sentence.lower()
            for p in patterns:
                for m in p.finditer(sentence):
                    # "hepatitis" inside "hepatitis C protease inhibitor" names another glossary term
                    whole = longer.match(low, m.start()) if longer is not None else None
                    if whole and whole.end() > m.end() + 1 and whole.group(0) not in own:
                        continue
                    return True
            return any(all(w.search(sentence) for w in ws) for ws in phrase_sets)

        found: list[Sentence] = []
        for key in keys:
            section = ctx.label.sections.get(key)
            if section is None:
                continue
            for position, sentence in enumerate(_sentences(section.text)):
                if names_it(sentence):
                    found.append(_label_sentence(ctx.label, Candidate(sentence, key, position, 1)))
                    break  # one sentence per section: breadth over repetition
            if len(found) >= 2:
                break
        if found:
            out += found
        elif where := _raw_mention(ctx.label, every):
            out.append(_mention_sentence(ctx, shown, where))
        elif _raw_words(ctx.label, word_sets):
            continue  # related words appear (e.g. "ulceration"): no absence claim, the general answer follows
        else:
            out.append(
                Sentence(
                    f"The FDA label text loaded for {ctx.name} does not mention {shown}.",
                    [ctx.label.label_citation()],
                    "absence",
                )
            )
    return out


# "can X be used for Y", "X for weight loss", "does X treat Y", "why would they give X for Y"
_USE_FOR = re.compile(r"\b(for|treat|treats|treating|help|helps|used on|use on|cure|prevent)\b", re.I)


def _listed_use(ctx: DrugContext, asked: list[tuple]) -> list[Sentence]:
    """Whether the label's Indications and Usage section names the condition asked about: the sentence that
    does, or a cited statement that the listed uses do not include it (only after every glossary form of the
    condition was looked for in that section). The approved uses follow in the general answer."""
    view = ctx.label
    section = view.sections.get("indications_and_usage") if view is not None else None
    if section is None or not asked:
        return []
    out: list[Sentence] = []
    text = section.text
    sentences = _sentences(text)
    for shown, forms, *rest in asked[:1]:
        every = rest[0] if rest else forms
        patterns = [re.compile(r"\b" + re.escape(f) + r"(?:e?s)?\b", re.I) for f in every]
        hit = next((i for i, sent in enumerate(sentences) if any(p.search(sent) for p in patterns)), None)
        if hit is not None:
            out.append(_label_sentence(view, Candidate(sentences[hit], section.key, hit, 1.0)))
        elif not any(p.search(text) for p in patterns):
            out.append(
                Sentence(
                    f"The uses listed in the FDA label for {ctx.name} do not include {shown}; a prescriber may "
                    "still use a medicine for a purpose its label does not list (off-label use).",
                    [view.citation(section)],
                    "absence",
                )
            )
    return out


def _absence(ctx: DrugContext, intent: str) -> Sentence:
    """Say exactly what the loaded label lacks, citing the label version that was checked."""
    wanted = INTENT_SECTIONS.get(intent, [])
    missing = [k for k in wanted[:3] if k not in ctx.label.sections]
    if missing:
        what = " or ".join(k.replace("_", " ") for k in missing)
        text = f"The FDA label text loaded for {ctx.name} has no {what} section, so it does not answer this question."
    else:
        text = f"The FDA label text loaded for {ctx.name} does not address this question."
    return Sentence(text, [ctx.label.label_citation()], "absence")


def _dedupe(sentences: list[Sentence]) -> list[Sentence]:
    """Drop repeated and near-repeated sentences (labels often say the same thing in two sections:
    "X tablets are indicated as an adjunct to diet..." / "X tablets is a biguanide indicated as...")."""
    from rapidfuzz import fuzz

    out: list[Sentence] = []
    for s in sentences:
        key = s.text.lower()
        if any(key == o.text.lower() or fuzz.ratio(key, o.text.lower()) >= 88 for o in out):
            continue
        out.append(s)
    return out
