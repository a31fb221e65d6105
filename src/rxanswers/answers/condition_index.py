"""Conditions, as the loaded indications state them: which medicines each condition is a labelled use of.

Extracted from every current label's uses (Indications and Usage, Drug Facts "Purpose"/"Uses") and from the
compiled FDA label indications: a use sentence ("indicated for", "treatment of", "relieves", never a "not" or a
limitation) naming a condition of the consumer vocabulary (``resources/consumer_terms.tsv``, kinds ``condition``
and ``adverse_reaction``) after its use word. Each condition has one name (its plain wording: "high blood
pressure"), a medical name ("hypertension") and its synonyms; each medicine keeps the sentence and citation that
says so. Built once per data state (``selectors.data_stamp``) and process.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from rxanswers.answers import citations as cite
from rxanswers.answers import selectors
from rxanswers.answers.consumer_terms import CONSUMER_TERMS_FILE, consumer_terms
from rxanswers.answers.schemas import Citation

USE_SECTIONS = ("indications_and_usage", "purpose", "indications")
CONDITION_KINDS = ("condition", "adverse_reaction", "germ")
_USE_CUE = re.compile(
    r"\b(?:indicated|relie(?:f|ves?)|treat(?:s|ment|ing)?|uses?|used (?:to|for)|prevent(?:s|ion)?|management|"
    r"control)\b",
    re.I,
)
_NOT_A_USE = re.compile(
    r"\b(?:not|inappropriate|contraindicated|avoid|limitations?|should be part of)\b", re.I
)
_NOT_THE_USE = re.compile(
    r"\brisk factors?\b|\bsuch as\b|\be\.g\.|\bpresence of\b|\bhistory of\b|\bbecause of (?:the )?risks? of\b",
    re.I,
)
# "... to reduce the risk of stroke in adults with type 2 diabetes", "severe hypoglycemia in patients with
# diabetes": a condition after "in <people> with", once a condition was named as the use, is who it is for;
# "to improve glycemic control in adults with type 2 diabetes" names none before it, so diabetes is the use
_IN_WHOM = re.compile(
    r"\bin (?:adult |pediatric |elderly |older |postmenopausal )?(?:patients|adults|children|people|persons|"
    r"individuals|women|men)\b(?: [\w-]+){0,3}? (?:with|who have|having)\b[\s\w,'()-]{0,40}$",
    re.I,
)


_NEW_CLAUSE = re.compile(r"[;:]|\b(?:to improve|adjunct|indicated|treatment of|for the)\b", re.I)


def _in_whom(before: str) -> bool:
    """The text between the use word and a condition ends in "in <people> with"."""
    return _IN_WHOM.search(before) is not None


UNGROUPED = "Other medicines"


@dataclass(frozen=True)
class ConditionTerm:
    slug: str
    name: str  # plain ("high blood pressure")
    medical_name: str  # as labels say it ("hypertension")
    synonyms: tuple[str, ...]  # every wording, misspellings people type included (for finding it)
    medical_wordings: tuple[str, ...] = ()  # how labels say it
    kind: str = (
        "condition"  # condition (a disease) | adverse_reaction (a symptom people also self-treat) | germ
    )

    @property
    def also_called(self) -> list[str]:
        """Wordings to show: the first everyday ones and the labels' (not the misspellings further down)."""
        shown = [w for w in self.synonyms[:3] if w != self.name] + list(self.medical_wordings[:4])
        return [w for w in dict.fromkeys(shown) if w.lower() != self.name.lower()][:6]

    @property
    def use_wording(self) -> str:
        """What a medicine is used for: "infections caused by Escherichia coli" for a germ, else its name."""
        return f"infections caused by {self.name}" if self.kind == "germ" else self.name

    @property
    def display(self) -> str:
        if self.kind == "germ":  # "Escherichia coli", as named
            return self.name
        name = " ".join(
            w.upper() if _acronym_of(w, self.medical_name) or _CODE_NAME.match(w) else w
            for w in self.name.split()
        )
        if self.medical_name == self.name:
            return name
        return f"{name} ({self.medical_name})"


_CODE_NAME = re.compile(r"^[a-z]{2,5}-\d+$")  # "covid-19", "hiv-1": written in capitals


def _acronym_of(word: str, medical_name: str) -> bool:
    """ "gerd" for "gastroesophageal reflux disease", "copd", "uti", "ptsd": a short word whose letters start the
    medical name's words in order (one letter may come from inside a word: the "e" of gastroesophageal);
    "tinea" in "tinea cruris" is a word, not initials."""
    if not 2 <= len(word) <= 5 or not word.isalpha():
        return False
    words = [w for w in re.split(r"[\s-]+", medical_name.lower()) if w]
    if len(words) < 2:
        return False
    inside, i = 0, 0
    for letter in word.lower():
        if i < len(words) and words[i].startswith(letter):
            i += 1
        elif i > 0 and letter in words[i - 1][1:] and inside == 0:
            inside += 1
        else:
            return False
    return i == len(words) or (i >= len(words) - 1 and i >= 2)


@dataclass
class ConditionMedicine:
    drug_id: int
    name: str
    slug: str
    sentence: str
    citation: Citation
    group: str  # its FDA pharmacologic class, or UNGROUPED


@dataclass
class Condition:
    term: ConditionTerm
    medicines: list[ConditionMedicine] = field(default_factory=list)

    def groups(self) -> list[tuple[str, list[ConditionMedicine]]]:
        """Medicines grouped by FDA pharmacologic class, larger groups first, "other" last."""
        by: dict[str, list[ConditionMedicine]] = {}
        for m in sorted(self.medicines, key=lambda m: m.name.lower()):
            by.setdefault(m.group, []).append(m)
        return sorted(by.items(), key=lambda g: (g[0] == UNGROUPED, -len(g[1]), g[0]))


def _plain_name(row) -> str:
    """A wording both people and labels use ("gout"), else the first everyday wording that is not an abbreviation
    ("ms" -> "multiple sclerosis")."""
    shared = [w for w in row.said if w in row.label_terms]
    if shared:
        return shared[0]
    return next((w for w in row.said if len(w) > 4 or " " in w), row.label_terms[0])


@dataclass(frozen=True)
class Vocabulary:
    by_slug: dict[str, ConditionTerm]
    by_wording: dict[str, ConditionTerm]  # every wording, everyday and medical
    by_label_wording: dict[str, ConditionTerm]  # how labels say it ("hypertension", not "hbp")
    longest: int  # the most words a label wording has


@functools.cache
def vocabulary() -> Vocabulary:
    rows = {id(r): r for r in consumer_terms().by_said.values()}.values()
    by_slug: dict[str, ConditionTerm] = {}
    by_wording: dict[str, ConditionTerm] = {}
    by_label_wording: dict[str, ConditionTerm] = {}
    for row in rows:
        if row.kind not in CONDITION_KINDS:
            continue
        name = _plain_name(row)
        if row.kind == "germ":  # a genus is written with a capital: "Escherichia coli"
            name = name[:1].upper() + name[1:]
        slug = slugify(name)
        if not slug or slug in by_slug:
            continue
        synonyms = tuple(dict.fromkeys(row.said + row.label_terms))
        medical = name if row.kind == "germ" else row.label_terms[0]
        term = ConditionTerm(slug, name, medical, synonyms, row.label_terms, row.kind)
        by_slug[slug] = term
        for words in term.synonyms:
            by_wording.setdefault(words, term)
        for words in row.label_terms:
            if len(words) >= 4:
                by_label_wording.setdefault(words, term)
    longest = max((len(w.split()) for w in by_label_wording), default=1)
    return Vocabulary(by_slug, by_wording, by_label_wording, longest)


def _inside_a_longer_name(words, i: int, n: int, by_words) -> int:
    """How many words, from ``i``, make up a longer name the NCI dictionary defines and the condition
    wordings do not have ("mycosis" in "mycosis fungoides"); ``n`` when there is none."""
    from rxanswers.answers.glossary import nci_term_entries

    terms = nci_term_entries()
    for extra in (2, 1):
        if i + n + extra <= len(words):
            said = " ".join(w for _, w in words[i : i + n + extra])
            if said in terms and said not in by_words:
                return n + extra
    return n


def conditions_in(sentence: str, *, germs: bool = False) -> list[ConditionTerm]:
    """The conditions a use sentence names after its use word (the longest wording at each word first); with
    ``germs``, also the germs it names ("infections caused by Escherichia coli")."""
    if _NOT_A_USE.search(sentence):
        return []
    cue = _USE_CUE.search(sentence)
    if cue is None:
        return []
    vocab = vocabulary()
    by_words, longest = vocab.by_label_wording, vocab.longest
    words = [(m.start(), m.group(0).lower()) for m in _WORD.finditer(sentence, cue.end())]
    out: list[ConditionTerm] = []
    use_end = cue.end()  # where the last condition taken as a use ends
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            said = " ".join(w for _, w in words[i : i + n])
            term = by_words.get(said) or (by_words.get(said[:-1]) if said.endswith("s") else None)
            if term is None or len(said) < 4:
                continue
            if (longer := _inside_a_longer_name(words, i, n, by_words)) > n:
                i += longer - 1  # "mycosis fungoides" (a lymphoma) is no fungal infection (mycosis)
                break
            before = sentence[max(cue.start(), words[i][0] - 80) : words[i][0]]
            # who it is for when a use was named before it in the same clause
            since_use = sentence[use_end : words[i][0]]
            whom = bool(out) and _in_whom(since_use) and not _NEW_CLAUSE.search(since_use)
            if not _NOT_THE_USE.search(before) and not whom:
                if term not in out and (germs or term.kind != "germ"):  # "with risk factors such as
                    # hypertension": who it is for, not the use
                    out.append(term)
                use_end = words[i + n - 1][0] + len(words[i + n - 1][1])
            i += n - 1
            break
        i += 1
    return out


_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", re.I)


def _names(sentence: str, drug, index) -> bool:
    """Does the sentence name the medicine (generic or brand)? A use sentence that names another product
    (a combination's label, a mislinked record) is not evidence for this one."""
    lower = sentence.lower()
    names = [drug.name, *drug.name.split()[:1], *index.brands_of(drug.key, limit=20)]
    return any(len(n) > 2 and re.search(r"\b" + re.escape(n.lower()) + r"\b", lower) for n in names)


def _group(drug, groups: dict[int, str]) -> str:
    if drug.id not in groups:
        from rxanswers.answers.evidence.facts import lower_first

        classes = selectors.drug_classes(drug)
        groups[drug.id] = lower_first(classes[0][0]) if classes else UNGROUPED
    return groups[drug.id]


def _build() -> dict[str, Condition]:
    from rxanswers.answers.evidence.sentences import quotable_sentences, without_heading_before
    from rxanswers.drugs.models import Drug, DrugLabel, IndicationText
    from rxanswers.labels.models import Section

    by_slug = vocabulary().by_slug
    conditions: dict[str, Condition] = {}
    seen: set[tuple[str, int]] = set()
    groups: dict[int, str] = {}
    drugs_of: dict[int, list[int]] = {}
    for drug_id, label_id in DrugLabel.objects.values_list("drug_id", "label_id"):
        drugs_of.setdefault(label_id, []).append(drug_id)
    drugs = {d.id: d for d in Drug.objects.filter(id__in={i for ids in drugs_of.values() for i in ids})}

    index = selectors.name_index()

    def add(term: ConditionTerm, drug, sentence: str, citation: Citation) -> None:
        if (term.slug, drug.id) in seen or not _names(sentence, drug, index):
            return
        seen.add((term.slug, drug.id))
        sentence = without_heading_before(sentence, [drug.name, *index.brands_of(drug.key, limit=20)])
        condition = conditions.setdefault(term.slug, Condition(term))
        group = _group(drug, groups)
        condition.medicines.append(
            ConditionMedicine(drug.id, drug.name, drug.slug, sentence, citation, group)
        )

    sections = (
        Section.objects.filter(key__in=USE_SECTIONS, version__is_current=True)
        .select_related("version__label")
        .order_by("version__label__set_id", "order")
    )
    for section in sections.iterator():
        for sentence in quotable_sentences(section.text):
            for term in conditions_in(sentence, germs=True):
                for drug_id in drugs_of.get(section.version.label_id, []):
                    add(term, drugs[drug_id], sentence, cite.version_section(section.version, section))
    for row in IndicationText.objects.select_related("drug", "source").order_by("drug__name").iterator():
        for sentence in quotable_sentences(row.text.replace("\n", " ")):
            for term in conditions_in(sentence, germs=True):
                citation = cite.data_source(row.source, f"FDA label indications for UNII {row.record}")
                add(term, row.drug, sentence, citation)
    _germs_by_genus(conditions, by_slug)
    return {slug: conditions[slug] for slug in sorted(conditions) if slug in by_slug}


def _germs_by_genus(conditions: dict[str, Condition], by_slug: dict[str, ConditionTerm]) -> None:
    """A genus ("Serratia", "Staphylococcus") is a use of every medicine listed for one of its species
    ("Serratia marcescens"), besides the sentences that name the genus alone."""
    for term in by_slug.values():
        if term.kind != "germ" or " " in term.name:
            continue
        genus = term.name.lower() + " "
        found = {m.drug_id: m for m in conditions[term.slug].medicines} if term.slug in conditions else {}
        for condition in conditions.values():
            if condition.term.kind == "germ" and condition.term.name.lower().startswith(genus):
                for medicine in condition.medicines:
                    found.setdefault(medicine.drug_id, medicine)
        if found:
            conditions[term.slug] = Condition(term, list(found.values()))


def condition_index() -> dict[str, Condition]:
    """slug -> Condition, for the data loaded now (built once per data state; kept between processes)."""
    return selectors.stamped("condition_index", None, _stored)


def _stored() -> dict[str, Condition]:
    from pathlib import Path

    from django.db import connection

    from rxanswers.answers import stored
    from rxanswers.answers.glossary import nci_glossary_path

    built_from = [
        repr(selectors.data_stamp()),
        str(connection.settings_dict.get("NAME")),
        connection.vendor,
        Path(__file__),
        Path(__file__).with_name("evidence") / "sentences.py",  # how use sentences are cut and cleaned
        CONSUMER_TERMS_FILE,
        Path(__file__).with_name("consumer_terms.py"),  # the germ wordings it derives
        Path(__file__).with_name("understanding") / "data" / "pathogens.txt",
        nci_glossary_path(),  # the NCI terms a condition wording may stand inside ("mycosis fungoides")
    ]
    return stored.cached("conditions", built_from, _build)


def condition_for(text: str) -> Condition | None:
    """The condition a search or a question names exactly ("high blood pressure", "hypertension", "HBP")."""
    term = vocabulary().by_wording.get(" ".join(text.lower().split()))
    return condition_index().get(term.slug) if term is not None else None
