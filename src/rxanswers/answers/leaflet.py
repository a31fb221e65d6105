"""A drug's patient leaflet: the sections patients look for, in the order they look (why it is used, how to
take it, a missed dose, before you take it, side effects, interactions, storage and disposal, overdose,
generics and cost), each composed by the answer engine from one label version: its sentences ranked against the
section's question (``evidence.ranking``), quoted in plain words with their citation (``composers.quoting``).
Where the label does not say, the section says so, cited to the whole label it checked; nothing is filled in.

One public entry point, :func:`drug_leaflet`. The label sections are composed once per label version and kept
(``leaflet_store``: in memory and on disk), so a drug page does not rank sentences on every request; generics and
cost come from Drugs@FDA and NADAC and are composed per request (a few indexed reads).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from rxanswers.answers import citations, selectors
from rxanswers.answers.resources import NOTICE_BY_INTENT
from rxanswers.answers.schemas import Citation, DrugRef, Sentence
from rxanswers.drugs.models import Drug

# Bump when what a composed section holds changes: stored leaflets are keyed by it.
LEAFLET_VERSION = "1"
NEAR_REPEAT = 90  # token-set similarity at which two quoted sentences say the same thing
# a row of a label table read as a sentence ("... Clinical Impact: ... Intervention: ..."): quoted only when no
# plain sentence says it
_DEBRIS = re.compile(r"\b(?:Clinical Impact|Intervention|Examples?|Prevention or Management):", re.I)


@dataclass(frozen=True)
class Topic:
    """One leaflet section: the patient's question it answers, the label sections that can answer it (patient
    sections first), what a quoted sentence must say (``says``), how many are quoted, and the words of the
    "the label does not say ..." line."""

    key: str
    heading: str
    question: str  # "{name}" is the medicine
    intent: str  # the question type whose section priors rank the sentences
    sections: tuple[str, ...]
    says: str = ""  # a regular expression a quoted sentence must match ("" = any)
    mentions: tuple[
        str, ...
    ] = ()  # words whose presence in the raw text of its sections forbids "does not say"
    plainer: str = ""  # sentences matching this are quoted first (the most telling ones)
    count: int = 3
    missing: str = ""  # "... does not say <missing>."
    note: str = ""  # a patient notice shown under the section (never a cited fact)


_PATIENT = ("spl_medguide", "spl_patient_package_insert", "information_for_patients", "instructions_for_use")
_SERIOUS = (
    r"\b(?:call (?:your|a) (?:doctor|healthcare|health care)|get (?:emergency )?medical help|stop (?:taking|use)|"
    r"seek medical|right away|immediately|emergency|serious|severe|fatal|death|life-threatening)\b"
)
TOPICS: tuple[Topic, ...] = (
    Topic(
        "uses",
        "Why it is used",
        "What is {name} used for?",
        "indication",
        ("indications_and_usage", "purpose", "indications_and_usage_otc", *_PATIENT),
        says=r"\b(?:used|indicated|treat|help|reliev|prevent|reduc|lower|control)\w*",
        mentions=("indicated", "used"),
        count=2,
        missing="what it is used for",
    ),
    Topic(
        "how-to-take",
        "How to take it",
        "How should I take {name}, and how much?",
        "usage",
        ("dosage_and_administration", "directions", *_PATIENT, "dosage_forms_and_strengths"),
        says=r"\b(?:take|taken|swallow|dose|dosing|daily|once|twice|every|with (?:food|meals|water)|apply|inject)\w*",
        mentions=("dose", "dosage", "take"),
        count=3,
        missing="how to take it",
        note=NOTICE_BY_INTENT.get("usage", ""),
    ),
    Topic(
        "missed-dose",
        "If you miss a dose",
        "What should I do if I miss a dose of {name}?",
        "usage",
        (*_PATIENT, "dosage_and_administration", "directions"),
        says=r"\b(?:miss(?:ed)?|forg[eo]t\w*|skip(?:ped)?)\b",
        mentions=("missed", "miss"),
        count=2,
        missing="what to do if you miss a dose",
        note="If the label does not say, ask your pharmacist what to do.",
    ),
    Topic(
        "before",
        "Before you take it: who should not take it",
        "Who should not take {name}, and what should I tell my doctor before taking it?",
        "contraindication",
        ("contraindications", "do_not_use", "ask_doctor", "boxed_warning", *_PATIENT, "warnings"),
        says=r"\b(?:do not (?:take|use)|should not|contraindicated|tell your|ask a doctor|if you (?:have|are)|"
        r"allerg|hypersensitiv|patients with)\w*",
        mentions=("contraindicated", "contraindications"),
        count=3,
        missing="who should not take it",
    ),
    Topic(
        "side-effects",
        "Common side effects",
        "What are the most common side effects of {name}?",
        "side_effects",
        ("adverse_reactions", *_PATIENT, "when_using"),
        says=r"\b(?:common|most frequent|frequently|side effects?|adverse reactions?|incidence)\b",
        plainer=r"\b(?:most common|common|most frequent|frequently)\b",
        mentions=("adverse reaction", "side effect"),
        count=2,
        missing="which side effects are common",
    ),
    Topic(
        "serious-side-effects",
        "Serious side effects: call your doctor",
        "What serious side effects of {name} need a doctor right away?",
        "side_effects",
        ("boxed_warning", "stop_use", *_PATIENT, "warnings_and_cautions", "warnings"),
        says=_SERIOUS,
        mentions=("serious", "severe"),
        count=3,
        missing="which side effects are serious",
        note="If you have any of these, call your doctor or get medical help right away.",
    ),
    Topic(
        "interactions",
        "Interactions to know",
        "Which medicines, foods or drinks interact with {name}?",
        "interaction",
        (
            "drug_interactions",
            "ask_doctor_or_pharmacist",
            "when_using",
            "do_not_use",
            *_PATIENT,
            "precautions",
        ),
        says=r"\b(?:with|interact|together|concomitant|co-?administ|combin|alcohol|grapefruit|taking|"
        r"other (?:drugs?|medicines?))\w*",
        mentions=("interaction", "interactions", "concomitant", "coadministration"),
        count=3,
        missing="which medicines interact with it",
        note=NOTICE_BY_INTENT.get("interaction", ""),
    ),
    Topic(
        "storage",
        "Storage and disposal",
        "How should I store {name}, and how do I throw away unused medicine?",
        "storage_disposal",
        (
            "storage_and_handling",
            "how_supplied",
            "keep_out_of_reach_of_children",
            "other_information",
            *_PATIENT,
            "safe_handling_warning",
        ),
        says=r"\b(?:store|storage|stored|refrigerat|room temperature|keep|dispos|discard|throw away|flush|"
        r"out of (?:the )?reach|protect from)\w*",
        mentions=("store", "storage", "refrigerate", "refrigerated", "dispose", "discard"),
        count=3,
        missing="how to store it or get rid of it",
    ),
    Topic(
        "overdose",
        "If someone takes too much",
        "What happens if someone takes too much {name}, an overdose?",
        "overdose",
        ("overdosage", "keep_out_of_reach_of_children", *_PATIENT, "warnings"),
        says=r"\b(?:overdos|too much|poison control|toxic)\w*",
        mentions=("overdose", "overdosage"),
        count=2,
        missing="what to do about an overdose",
        note=NOTICE_BY_INTENT.get("overdose", ""),
    ),
)


@dataclass
class LeafletSection:
    key: str
    heading: str
    anchor: str
    sentences: list[Sentence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # patient notices: never cited facts
    absent: str = ""  # why nothing is quoted (no label text loaded), when there is nothing to cite
    label_url: str = ""  # the label section most sentences come from, on the full-label page

    @property
    def covered(self) -> bool:
        return any(s.role != "absence" for s in self.sentences)

    @property
    def status(self) -> str:
        """What the section holds (``STATUSES``): quoted sentences; "the label does not say" (cited to the whole
        label versions checked); a mention only the full label shows (cited to that section); nothing loaded."""
        if self.covered:
            return "quoted"
        if self.absent or not self.sentences:
            return "not_loaded"
        if any(c.section for s in self.sentences for c in s.citations):
            return "see_full_label"
        return "label_does_not_say"

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "heading": self.heading,
            "status": self.status,
            "sentences": [s.to_dict() for s in self.sentences],
            "notes": list(self.notes),
            "absent": self.absent,
            "covered": self.covered,
        }


STATUSES = {
    "quoted": "sentences quoted from the label (or the data source), each cited",
    "label_does_not_say": "the label text loaded does not say it; the one sentence says so, cited to the label "
    "version(s) checked",
    "see_full_label": "the label mentions it only in a form that cannot be quoted (a table); cited to that "
    "section",
    "not_loaded": "no label text (or, for generics and cost, no data) is loaded for this medicine: `absent` says "
    "so",
}


@dataclass
class Leaflet:
    sections: list[LeafletSection]
    version_id: int | None  # the label version the label sections quote (None: no label text)

    def to_dict(self) -> dict:
        return {"version_id": self.version_id, "sections": [s.to_dict() for s in self.sections]}


def _context(drug: Drug, view):
    from rxanswers.answers.evidence.context import DrugContext

    brands = [b for b, _ in selectors.drug_brands(drug)]
    ref = DrugRef(
        name=drug.name,
        brands=brands,
        matched=drug.name,
        id=drug.id,
        slug=drug.slug,
        has_label=view is not None,
    )
    return DrugContext(ref=ref, drug=drug, label=view, nci=None)


MAX_LABELS = 3  # the page's label first, then up to two more current labels of the medicine (as answers do)


def label_views(drug: Drug, version_id: int | None) -> list:
    """The label views a leaflet quotes: the one the drug page shows (``version_id``) first, then the drug's
    other current labels, for the sections the first one lacks. Empty when no label text is loaded."""
    if version_id is None:
        return []
    views = selectors.label_views(drug)
    main = [v for v in views if v.version.id == version_id]
    if not main:
        return []
    return (main + [v for v in views if v.version.id != version_id and v.sections])[:MAX_LABELS]


def _query(topic: Topic, ctx):
    """The section's question as the engine reads a question: its vector, words and question-type priors."""
    from rxanswers.answers.encoders import encode
    from rxanswers.answers.evidence.ranking import Query
    from rxanswers.answers.resources import LABEL_WORDS
    from rxanswers.answers.words import WORD, content_words, stem

    text = topic.question.format(name=ctx.name)
    exclude = {w for n in (ctx.name, *ctx.ref.brands[:5]) for w in WORD.findall(n.lower())}
    words = content_words(text, exclude)
    words |= {stem(w) for q in list(words) for w in LABEL_WORDS.get(q, ())}
    return Query(text=text, vector=encode([text])[0], words=words, topics={topic.intent: 1.0}, forms={})


def _compose_topic(topic: Topic, ctx, indexes: list) -> LeafletSection:
    from rxanswers.answers.composers.quoting import lead, quote
    from rxanswers.answers.evidence.ranking import rank

    section = LeafletSection(topic.key, topic.heading, f"leaflet-{topic.key}")
    if topic.note:
        section.notes.append(topic.note)
    wanted = {s for s in topic.sections for index in indexes if s in index.view.sections}
    says = re.compile(topic.says, re.I) if topic.says else None
    ranked = rank(indexes, _query(topic, ctx), sections=wanted) if wanted else []
    order = {key: n for n, key in enumerate(topic.sections)}
    chosen = _choose(ranked, topic, says)
    # the first sections listed speak most plainly: keep their sentences first, best ranked within each
    chosen.sort(
        key=lambda r: (
            r.index is not indexes[0],
            bool(_DEBRIS.search(r.passage.text)),
            order.get(r.passage.section, 99),
            -r.score,
        )
    )
    if chosen:
        section.sentences = [quote(r, ctx) for r in chosen]
        first = chosen[0]
        section.label_url = citations.label_section_url(first.index.view.version, first.passage.section)
        return section
    where = _raw_mention(indexes, topic)
    if where is not None:  # the raw text names it (a table, a heading): point there rather than claim silence
        index, key = where
        text = (
            f"The {ctx.name} label mentions this only in a form this page cannot quote: see the full label."
        )
        cited = [citations.version_section(index.view.version, index.view.sections[key])]
        section.label_url = citations.label_section_url(index.view.version, key)
    else:
        loaded = "FDA label text loaded" if len(indexes) == 1 else f"{len(indexes)} FDA labels loaded"
        verb = "does" if len(indexes) == 1 else "do"
        text = f"The label does not say: the {loaded} for {ctx.name} {verb} not say {topic.missing}."
        cited = [citations.whole_label(index.view) for index in indexes]
    section.sentences = [lead(text, citations=cited, role="absence")]
    return section


def _choose(ranked: list, topic: Topic, says) -> list:
    """The best ranked sentences that say what the section is about (the most telling first), no repeats."""
    from rxanswers.answers.composers.quoting import pick
    from rxanswers.answers.pipeline import dedupe

    def fits(r) -> bool:
        return says is None or bool(says.search(r.passage.text))

    chosen = []
    if topic.plainer:
        plainer = re.compile(topic.plainer, re.I)
        chosen = pick(ranked, topic.count, where=lambda r: fits(r) and bool(plainer.search(r.passage.text)))
    if len(chosen) < topic.count:
        taken = {id(r) for r in chosen}
        chosen += [r for r in pick(ranked, topic.count * 2, where=fits) if id(r) not in taken]
    chosen.sort(key=lambda r: bool(_DEBRIS.search(r.passage.text)))  # table fragments last (stable)
    by_text = {r.passage.text: r for r in chosen}
    kept: list[Sentence] = []
    for s in dedupe([Sentence(r.passage.text, []) for r in chosen]):
        # the same sentence in other words ("X tablets is a biguanide indicated as ..." / "X tablets are indicated
        # as ..."): one is enough
        if not any(fuzz.token_set_ratio(s.text, k.text) >= NEAR_REPEAT for k in kept):
            kept.append(s)
    return [by_text[s.text] for s in kept][: topic.count]


def _raw_mention(indexes: list, topic: Topic):
    """(index, section key) of the first of the topic's sections whose raw text names the topic."""
    if not topic.mentions:
        return None
    words = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in topic.mentions) + r")\b", re.I)
    for index in indexes:
        for key in topic.sections:
            section = index.view.sections.get(key)
            if section is not None and words.search(section.text):
                return index, key
    return None


def label_sections(drug: Drug, version_id: int | None) -> list[LeafletSection]:
    """The label-based sections for ``drug`` from label version ``version_id`` (None: no label text loaded,
    every section says so), composed now (see :func:`drug_leaflet` for the kept copy)."""
    from rxanswers.answers.evidence.index import label_index

    views = label_views(drug, version_id)
    ctx = _context(drug, views[0] if views else None)
    if not views:
        return [_not_loaded(topic, ctx) for topic in TOPICS]
    indexes = [label_index(view) for view in views]
    return [_compose_topic(topic, ctx, indexes) for topic in TOPICS]


def _not_loaded(topic: Topic, ctx) -> LeafletSection:
    section = LeafletSection(topic.key, topic.heading, f"leaflet-{topic.key}")
    if topic.key == "uses":
        from rxanswers.answers.evidence.facts import indication_sentences

        section.sentences = indication_sentences(ctx)  # compiled FDA label indications, cited
    if not section.sentences:
        section.absent = (
            f"No FDA label text for {ctx.name} is loaded here, so this page cannot say {topic.missing}."
        )
    if topic.note and section.sentences:
        section.notes.append(topic.note)
    return section


def cost_section(drug: Drug) -> LeafletSection:
    """Generics and cost: Drugs@FDA generic status (and patents), then the price the loaded sources give, cited;
    composed by the same composers that answer "is there a generic" and "how much does it cost"."""
    from rxanswers.answers.composers import availability

    ctx = _context(drug, None)
    section = LeafletSection("generics-cost", "Generics and cost", "leaflet-generics-cost")
    sentences, notices = availability.generic(ctx, answer_yes=False)
    price_sentences, price_notice = availability.prices(ctx)
    section.sentences = sentences + price_sentences
    section.notes = [n for n in [*notices, price_notice] if n and not n.startswith("rxanswers has no")]
    if not section.sentences:
        section.absent = f"No Drugs@FDA, NADAC or list price for {drug.name} is loaded here."
    return section


def drug_leaflet(drug: Drug, version_id: int | None) -> Leaflet:
    """The patient leaflet of ``drug`` from label version ``version_id`` (the one the drug page shows; None when
    no label text is loaded): the label sections from the store when composed before, then generics and cost."""
    from rxanswers.answers import leaflet_store

    sections = leaflet_store.kept(drug, version_id, lambda: label_sections(drug, version_id))
    return Leaflet(sections=[*sections, cost_section(drug)], version_id=version_id)


def every_citation(leaflet: Leaflet) -> list[Citation]:
    seen: dict[tuple, Citation] = {}
    for section in leaflet.sections:
        for sentence in section.sentences:
            for c in sentence.citations:
                seen.setdefault(c.key, c)
    return list(seen.values())


def page_leaflet(drug: Drug) -> tuple:
    """(label version, leaflet) of the leaflet ``drug``'s page shows: composed from the page's label version
    (``drugs.selectors.page_label_version``; None when no label text is loaded)."""
    from rxanswers.drugs.selectors import page_label_version

    version = page_label_version(drug)
    return version, drug_leaflet(drug, version.id if version is not None else None)


def compose_ahead(drug: Drug) -> bool | None:
    """Compose and keep the label sections of ``drug``'s page leaflet unless they are kept already (True when
    composed now, False when kept, None when no label text of the drug is loaded)."""
    from rxanswers.answers import leaflet_store
    from rxanswers.drugs.selectors import page_label_version

    version = page_label_version(drug)
    if version is None:
        return None
    return leaflet_store.ensure(drug, version.id, lambda: label_sections(drug, version.id))


def leaflet_document(drug: Drug, version, leaflet: Leaflet, *, base: str = "") -> dict:
    """The leaflet as JSON-ready data (the API's and ``rxanswers drug --leaflet --json``'s): the medicine, the label
    version quoted, and the sections in page order, each with its status and its sentences, each sentence with
    its citations. Links to this site start with ``base`` (the API gives its scheme and host; "" keeps paths)."""

    def site(url: str) -> str:
        return base + url if url.startswith("/") else url

    page = site(f"/drugs/{drug.slug}/")
    sections = []
    for section in leaflet.sections:
        data = section.to_dict()
        data["url"] = page + "#" + section.anchor
        data["label_url"] = site(section.label_url) if section.label_url else ""
        for sentence in data["sentences"]:
            for citation in sentence["citations"]:
                if citation.get("url"):
                    citation["url"] = site(citation["url"])
        sections.append(data)
    label = None
    if version is not None:
        label = {
            "set_id": version.label.set_id,
            "version": version.version,
            "version_id": version.id,
            "effective_date": version.effective_date.isoformat() if version.effective_date else None,
            "title": version.title,
            "url": site(citations.label_section_url(version, None)),
            "dailymed_url": version.dailymed_url,
            "source": {
                "key": version.source.key,
                "name": version.source.name,
                "snapshot_date": snapshot.isoformat() if (snapshot := version.source.snapshot_date) else None,
                "is_official": version.source.is_official,
            },
        }
    return {"drug": {"slug": drug.slug, "name": drug.name}, "url": page, "label": label, "sections": sections}
