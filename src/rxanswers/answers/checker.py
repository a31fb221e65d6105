"""The interaction checker: 2-10 medicines (alcohol, foods and supplements too), and for every pair what each
loaded label says about the other one - by name, brand or class ("NSAIDs", "ACE inhibitors") - quoted and cited
to the sentence, plus what the public interaction lists (VA NDF-RT, ONC) say about the pair.

How much a pair matters is stated only where a source states it: a list's severity, or a label's own words
("contraindicated", "avoid", "not recommended", a sentence in the Contraindications section). Otherwise a pair
"is mentioned". A pair no loaded label and no list covers says exactly that - never "no interaction".

The label words, section order and level wording are a data file (``resources/interaction_levels.json``).
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from dataclasses import dataclass, field

from rxanswers.answers import citations as cite
from rxanswers.answers import selectors
from rxanswers.answers.evidence.mentions import STRENGTH_QUALIFIER
from rxanswers.answers.resources import SAFETY_NOTICE, SUBSTANCE_SYNONYMS, ResourceError, load
from rxanswers.answers.schemas import Citation

MIN_ITEMS, MAX_ITEMS = 2, 10
MAX_NAME_LENGTH = 80
MIN_CONFIDENCE = 0.6
PER_DIRECTION = 2
MIN_SENTENCE_WORDS = 6  # shorter: a list item out of context, quoted only when nothing else names the pair  # label sentences quoted per (label, other medicine)
LEVELS = ("contraindicated", "critical", "avoid", "significant", "mentioned", "not_covered")
_LIST_LEVELS = {
    ("NDF-RT", "Critical"): "critical",
    ("ONC-HighPriority", ""): "critical",
    ("NDF-RT", "Significant"): "significant",
    ("ONC-NonInteruptive", ""): "significant",
}
LIST_SOURCE = {
    "NDF-RT": "VA National Drug File (NDF-RT)",
    "ONC-HighPriority": "ONC high-priority interaction list",
    "ONC-NonInteruptive": "ONC non-interruptive interaction list",
}
# a food or drink is not read for in pharmacology text ("warfarin alcohols" are metabolites, not drinks)
NOT_FOR_SUBSTANCES = frozenset({"clinical_pharmacology", "pharmacokinetics"})
NOT_COVERED_NOTICE = (
    "A pair that no loaded label or list covers is not known to be safe together: ask your pharmacist."
)


class CheckerInputError(ValueError):
    """The list of medicines cannot be checked (too few, too many, too long)."""


@dataclass(frozen=True)
class _Config:
    label_levels: dict[str, list[re.Pattern[str]]]
    not_about_combining: list[re.Pattern[str]]
    sections: tuple[str, ...]
    wording: dict[str, str]
    list_wording: dict[str, str]  # how a public list naming a pair is said ({a}, {b}, {severity})


@functools.cache
def config() -> _Config:
    file = "interaction_levels.json"
    data = load(file)
    levels = data.get("label_levels")
    if not isinstance(levels, dict) or set(levels) != {"contraindicated", "avoid"}:
        raise ResourceError(f"{file}: 'label_levels' must have exactly 'contraindicated' and 'avoid'")
    try:
        compiled = {k: [re.compile(p, re.I) for p in v] for k, v in levels.items()}
    except (re.error, TypeError) as exc:
        raise ResourceError(f"{file}: a label-level pattern does not compile ({exc})") from exc
    try:
        allergy = [re.compile(p, re.I) for p in data.get("not_about_combining", [])]
    except (re.error, TypeError) as exc:
        raise ResourceError(f"{file}: a 'not_about_combining' pattern does not compile ({exc})") from exc
    if not allergy:
        raise ResourceError(f"{file}: 'not_about_combining' must list patterns")
    from rxanswers.answers.resources import known_section_keys

    sections = data.get("sections")
    if not isinstance(sections, list) or not sections or set(sections) - known_section_keys():
        raise ResourceError(f"{file}: 'sections' must list section keys a reader produces")
    wording = data.get("wording")
    if not isinstance(wording, dict) or set(wording) != set(LEVELS):
        raise ResourceError(f"{file}: 'wording' must word exactly the levels {LEVELS}")
    lists = data.get("list_wording")
    if not isinstance(lists, dict) or set(lists) != set(LIST_SOURCE):
        raise ResourceError(f"{file}: 'list_wording' must word exactly the lists {sorted(LIST_SOURCE)}")
    try:
        for text in lists.values():
            text.format(a="a", b="b", severity="s")
    except (KeyError, IndexError, AttributeError) as exc:
        raise ResourceError(f"{file}: a 'list_wording' text uses a field other than a, b, severity") from exc
    return _Config(compiled, allergy, tuple(sections), wording, lists)


def list_said(fact, a: str, b: str) -> str:
    """What a public interaction list says of a pair, in a sentence without its full stop ("the VA National Drug
    File (2014) lists a with b as a critical drug interaction")."""
    wording = config().list_wording[fact.list_name]
    return wording.format(a=a, b=b, severity=(fact.severity or "").lower())


@dataclass
class CheckedItem:
    """One entry of the list as understood: a medicine (with or without loaded label text), a substance
    (alcohol, a food, a supplement) or a name nothing matched."""

    asked: str
    name: str = ""
    kind: str = "unknown"  # medicine | substance | unknown
    slug: str | None = None
    has_label: bool = False
    label: Citation | None = None  # the label version read (whole label)
    suggestions: list[str] = field(default_factory=list)
    drug: object | None = field(default=None, repr=False)
    view: object | None = field(default=None, repr=False)
    forms: list[str] = field(default_factory=list, repr=False)  # names a label uses for it
    class_forms: list[str] = field(default_factory=list, repr=False)  # its classes, as labels word them
    own_classes: set[str] = field(default_factory=set, repr=False)

    def to_dict(self) -> dict:
        return {
            "asked": self.asked,
            "name": self.name,
            "kind": self.kind,
            "slug": self.slug,
            "has_label": self.has_label,
            "label": self.label.to_dict() if self.label else None,
            "suggestions": self.suggestions,
        }


@dataclass
class Statement:
    text: str  # in plain words
    source: str  # "the lisinopril label", "VA National Drug File"
    level: str
    citation: Citation
    via: str = ""  # when the label names a class, not the medicine: why the medicine belongs to it

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "source": self.source,
            "level": self.level,
            "via": self.via,
            "citation": self.citation.to_dict(),
        }


def _via(said: str, other: CheckedItem) -> str:
    if not said:
        return ""
    if STRENGTH_QUALIFIER.match(said.split()[0]):
        return (
            f"The label names {said}; {other.name}'s FDA pharmacologic class says it is one of the "
            f"{said.split(' ', 1)[1].lower()} but not how strong: ask your pharmacist whether this applies."
        )
    return f"The label names {said}; {other.name} is one by its FDA pharmacologic class."


@dataclass
class PairResult:
    first: CheckedItem
    second: CheckedItem
    level: str
    summary: str
    statements: list[Statement]
    not_loaded: list[str]  # medicines of the pair whose label text is not loaded (so not read)

    def to_dict(self) -> dict:
        return {
            "first": self.first.name,
            "second": self.second.name,
            "level": self.level,
            "summary": self.summary,
            "statements": [s.to_dict() for s in self.statements],
            "not_loaded": self.not_loaded,
        }


@dataclass
class InteractionCheck:
    items: list[CheckedItem]
    pairs: list[PairResult]
    notices: list[str]

    @property
    def unknown(self) -> list[CheckedItem]:
        return [i for i in self.items if i.kind == "unknown"]

    def to_dict(self) -> dict:
        return {
            "items": [i.to_dict() for i in self.items],
            "pairs": [p.to_dict() for p in self.pairs],
            "notices": self.notices,
        }


def split_names(text: str) -> list[str]:
    """'ibuprofen, lisinopril; alcohol' or one per line -> the names, blanks dropped."""
    return [" ".join(n.split()) for n in re.split(r"[,;\n]+", text or "") if n.strip()]


def _substance_key(text: str) -> str | None:
    key = re.sub(r"[^a-z ]+", " ", text.lower())
    key = " ".join(key.split())
    return key if key in SUBSTANCE_SYNONYMS else None


def _resolve(asked: str) -> CheckedItem:
    item = CheckedItem(asked=asked)
    if (key := _substance_key(asked)) is not None:
        item.kind, item.name, item.forms = "substance", asked.lower(), list(SUBSTANCE_SYNONYMS[key])
        return item
    index = selectors.name_index()
    recognition = index.recognise(asked)
    match = recognition.primary
    if match is None or match.confidence < MIN_CONFIDENCE:
        item.suggestions = list(recognition.suggestions or index.suggest(asked, limit=5))[:5]
        return item
    if match.drug_key in SUBSTANCE_SYNONYMS:  # "st john's wort", "grapefruit": a supplement or a food
        item.kind, item.name = "substance", asked.lower()
        item.forms = list(SUBSTANCE_SYNONYMS[match.drug_key])
        return item
    drug = selectors.drug_by_key(match.drug_key)
    item.kind = "medicine"
    item.name = drug.name if drug is not None else match.generic.lower()
    item.slug = drug.slug if drug is not None else None
    item.drug = drug
    from rxanswers.answers.evidence.facts import class_terms
    from rxanswers.answers.resources import INTENT_SECTIONS

    if drug is not None:
        item.view = selectors.best_label(drug, INTENT_SECTIONS["interaction"], named=match.matched)
    item.has_label = item.view is not None
    item.label = cite.whole_label(item.view) if item.view is not None else None
    brands = [b for b, _ in selectors.drug_brands(drug)[:6]] if drug is not None else list(match.brands[:6])
    names = [item.name, match.generic, match.drug_key, *match.drug_key.split(" / "), *brands]
    classes = [c.lower() for c in [*class_terms(drug), *_enzyme_terms(drug)]]
    item.own_classes = set(classes)
    item.forms = list(dict.fromkeys(n.lower() for n in names if n and len(n) > 2))
    item.class_forms = [c for c in dict.fromkeys(classes) if c not in item.forms]
    return item


_ENZYME_CLASS = re.compile(
    r"^Cytochrome P450 (\w+) (Inhibitors|Inducers)$|^(P-Glycoprotein) (Inhibitors|Inducers)$"
)


def _enzyme_terms(drug) -> list[str]:
    """How labels word a medicine's enzyme classes (FDA mechanism-of-action classes): "Cytochrome P450 3A4
    Inhibitors" -> "CYP3A4 inhibitors", "CYP3A inhibitors"; "P-Glycoprotein Inhibitors" -> "P-gp inhibitors"."""
    if drug is None:
        return []
    out = []
    for name, _ in selectors.drug_classes(drug, "moa"):
        m = _ENZYME_CLASS.match(name)
        if m is None:
            continue
        if m.group(1):
            enzyme, kind = m.group(1), m.group(2).lower()
            out += [f"CYP{enzyme} {kind}", f"cytochrome P450 {enzyme} {kind}"]
            if enzyme == "3A4":
                out.append(f"CYP3A {kind}")
        else:
            kind = m.group(4).lower()
            out += [f"P-gp {kind}", f"P-glycoprotein {kind}"]
    return out


def _pattern(reader: CheckedItem, forms: list[str]) -> re.Pattern[str] | None:
    """A pattern for ``forms`` in ``reader``'s label: a class ``reader`` belongs to as well only as "other
    NSAIDs" (otherwise every sentence of an NSAID's label would "name" another NSAID)."""
    parts = []
    for form in forms:
        escaped = re.escape(form)
        if form in reader.own_classes:
            parts.append(r"(?:other|another|additional|concomitant|more than one)\s+" + escaped)
        else:
            parts.append(escaped)
    if not parts:
        return None
    return re.compile(r"\b(?:" + "|".join(sorted(parts, key=len, reverse=True)) + r")(?:e?s)?\b", re.I)


def _label_level(text: str, section: str) -> str:
    levels = config().label_levels
    if section == "contraindications" or any(p.search(text) for p in levels["contraindicated"]):
        return "contraindicated"
    if section == "do_not_use" or any(p.search(text) for p in levels["avoid"]):
        return "avoid"
    return "mentioned"


_CANDIDATES: OrderedDict[tuple[int, bool], tuple[list, str]] = OrderedDict()
_CANDIDATES_KEPT = 256


def _candidates(view, for_substance: bool) -> tuple[list, str]:
    """The label's sentences that may speak of a combination (read sections, not about allergy), and all of
    them joined in lower case (a substring test tells whether any names the other medicine); kept per label
    version."""
    from rxanswers.answers.evidence.index import label_index

    key = (view.version.id, for_substance)
    if (cached := _CANDIDATES.get(key)) is not None:
        return cached
    order = _section_order(for_substance)
    allergy = config().not_about_combining
    passages = [
        p
        for p in label_index(view).passages
        if p.section in order and not any(a.search(p.text) for a in allergy)
    ]
    _CANDIDATES[key] = (passages, "\n".join(p.text for p in passages).lower())
    while len(_CANDIDATES) > _CANDIDATES_KEPT:
        _CANDIDATES.popitem(last=False)
    return _CANDIDATES[key]


def _section_order(for_substance: bool) -> dict[str, int]:
    return {
        key: i
        for i, key in enumerate(config().sections)
        if not for_substance or key not in NOT_FOR_SUBSTANCES
    }


def _from_label(reader: CheckedItem, other: CheckedItem) -> list[Statement]:
    """What ``reader``'s label says about ``other``: its quotable sentences naming it, most serious first, in
    reading order; else a pointer to a table or section that names it."""
    from rxanswers.answers.composers.quoting import plain
    from rxanswers.answers.evidence.pairs import states_about, states_interaction

    if reader.view is None:
        return []
    order = _section_order(other.kind == "substance")
    passages, joined = _candidates(reader.view, other.kind == "substance")
    by_name = _pattern(reader, [f for f in other.forms if f in joined])
    by_class = _pattern(reader, [f for f in other.class_forms if f in joined])
    if by_name is None and by_class is None:
        passages = []  # no sentence names it: only a table or a long section might
        by_name = _pattern(reader, other.forms)
    own_name = _pattern(CheckedItem(asked=""), reader.forms)  # the label's own medicine, where it is named
    found = []
    for passage in passages:
        via = ""
        if by_name is None or (m := by_name.search(passage.text)) is None:
            if by_class is None or (m := by_class.search(passage.text)) is None:
                continue
            via = m.group(0)
        own = own_name.search(passage.text) if own_name is not None else None
        if own is not None and own.span() != m.span():
            stated = states_interaction(passage.text, own.span(), m.span())
        else:
            stated = states_about(passage.text, m.span())
        level = _label_level(passage.text, passage.section)
        qualifier = (
            STRENGTH_QUALIFIER.search(passage.text[max(0, m.start() - 40) : m.start()]) if via else None
        )
        if qualifier is not None:  # "strong CYP3A4 inhibitors": the class does not say how strong
            level, via = "mentioned", f"{' '.join(qualifier.group(0).split())} {via}"
        # a list item out of context ("Lomitapide, lovastatin, and simvastatin.") comes after real sentences
        fragment = len(passage.text.split()) < MIN_SENTENCE_WORDS
        rank = (
            LEVELS.index(level),
            not stated,
            fragment,
            bool(via),
            order[passage.section],
            passage.position,
        )
        found.append((rank, passage, level, via))
    found.sort(key=lambda f: f[0])
    view, source = reader.view, f"the {reader.name} label"
    protect = tuple(view.version.brand_names + view.version.generic_names)
    out: list[Statement] = []
    seen: set[str] = set()
    for _, passage, level, via in found:
        if passage.text in seen:
            continue
        seen.add(passage.text)
        section = view.sections[passage.section]
        citation = cite.label_section(view, section)
        out.append(Statement(plain(passage.text, protect), source, level, citation, _via(via, other)))
        if len(out) >= PER_DIRECTION:
            return out
    if out:
        return out
    for key in order:  # a table or a sentence too long to quote: point to where it is
        for section_key in (key, key + "_table"):
            section = view.sections.get(section_key)
            if section is not None and by_name is not None and by_name.search(section.text):
                title = (section.title or key.replace("_", " ")).strip().rstrip(".").lower()
                text = f"The {reader.name} label names {other.name} in its {title} section."
                return [Statement(text, source, "mentioned", cite.label_section(view, section))]
    return []


def _from_lists(a: CheckedItem, b: CheckedItem, listed: dict) -> list[Statement]:
    if a.drug is None or b.drug is None:
        return []
    out = []
    for fact in listed.get(frozenset((a.drug.id, b.drug.id)), [])[:2]:
        text = list_said(fact, a.name, b.name) + "."
        level = _LIST_LEVELS.get((fact.list_name, fact.severity), "significant")
        citation = selectors.source_citation(fact.source, f"{fact.list_name}: {fact.record}")
        source = LIST_SOURCE.get(fact.list_name, fact.source.name)
        out.append(Statement(text[:1].upper() + text[1:], source, level, citation))
    return out


def _pair(a: CheckedItem, b: CheckedItem, listed: dict) -> PairResult:
    statements = _from_lists(a, b, listed) + _from_label(a, b) + _from_label(b, a)
    statements.sort(key=lambda s: LEVELS.index(s.level))
    level = statements[0].level if statements else "not_covered"
    not_loaded = [i.name for i in (a, b) if i.kind == "medicine" and not i.has_label]
    summary = config().wording[level]
    if level == "not_covered" and not_loaded:
        summary += f" (the label text for {' and '.join(not_loaded)} is not loaded here)"
    return PairResult(a, b, level, summary + ".", statements, not_loaded)


def check_interactions(names: list[str]) -> InteractionCheck:
    """Check every pair among ``names`` (2-10 medicines, foods, drinks or supplements; typos welcome)."""
    names = [" ".join(str(n).split()) for n in names if str(n).strip()]
    names = list(dict.fromkeys(names))
    if len(names) < MIN_ITEMS:
        raise CheckerInputError(f"Enter at least {MIN_ITEMS} medicines to check.")
    if len(names) > MAX_ITEMS:
        raise CheckerInputError(f"Enter at most {MAX_ITEMS} medicines at a time.")
    if any(len(n) > MAX_NAME_LENGTH for n in names):
        raise CheckerInputError(f"A medicine name can be at most {MAX_NAME_LENGTH} characters.")
    items = [_resolve(n) for n in names]
    known, seen = [], set()
    for item in items:
        if item.kind != "unknown" and item.name not in seen:
            seen.add(item.name)
            known.append(item)
    listed = selectors.listed_interactions_among([i.drug for i in known if i.drug is not None])
    pairs = [
        _pair(a, b, listed)
        for i, a in enumerate(known)
        for b in known[i + 1 :]
        if "medicine" in (a.kind, b.kind)  # alcohol with grapefruit is no question for a drug label
    ]
    pairs.sort(key=lambda p: LEVELS.index(p.level))  # stable: most serious first, then the order entered
    notices = []
    if any(p.level == "not_covered" for p in pairs):
        notices.append(NOT_COVERED_NOTICE)
    notices.append(SAFETY_NOTICE)
    return InteractionCheck(items, pairs, notices)
