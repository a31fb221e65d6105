"""Facts that are not label text, each cited to its own source: pharmacologic class (NDC), class membership,
NCI dictionary definitions, product forms and strengths, biosimilars (Purple Book), patents (Orange Book)."""

from __future__ import annotations

import functools
import re

from rxanswers.answers import citations, selectors
from rxanswers.answers.evidence.context import DrugContext
from rxanswers.answers.schemas import Sentence
from rxanswers.drugs.models import Drug


def lower_first(name: str) -> str:
    """ "Kinase Inhibitor" -> "kinase inhibitor"; acronyms stay ("CD22-directed Immunoconjugate")."""
    return " ".join(w if sum(c.isupper() for c in w) > 1 else w.lower() for w in name.split())


def listed(names: list[str], conjunction: str = "and") -> str:
    """ "a, b and c" ("or c")."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def class_sentence(ctx: DrugContext) -> Sentence | None:
    if ctx.drug is None:
        return None
    # an allergen class (cranberry, peanut: "Allergenic Extract"; glycerin: "Chemical Allergen") is the allergy
    # or patch-test product, not the food, supplement or medicine people ask about: no class sentence from it
    classes = [c for c in selectors.drug_classes(ctx.drug) if "allergen" not in c[0].lower()]
    if not classes:
        return None
    names = [lower_first(name) for name, _ in classes[:2]]
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


def membership(ctx: DrugContext, cls) -> list[Sentence]:
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


def nci_sentences(ctx: DrugContext, limit: int = 2) -> list[Sentence]:
    from rxanswers.answers.glossary import first_sentences

    entry = ctx.nci
    if entry is None:
        return []
    citation = citations.nci_term(entry)
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


def product_forms(ctx: DrugContext) -> list[Sentence]:
    """What the product data says when there is no label text: marketed forms and strengths."""
    if ctx.drug is None:
        return []
    forms = selectors.product_forms(ctx.drug)
    if (
        not ctx.drug.is_combination
    ):  # "10MG; 1GM" is a combination product's pair of strengths, not this one's
        forms = [(f, [x for x in strengths if ";" not in x], src) for f, strengths, src in forms]
        forms = [f for f in forms if f[1]]
    if wanted := (ctx.routes or ctx.routes_beside):  # "Flonase": its nasal sprays, not inhalers and creams
        from rxanswers.answers.evidence.routes import families_of

        routed = [f for f in forms if families_of(re.findall(r"\(([^()]+)\)", f[0])[-1:]) & wanted]
        forms = routed or forms
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


def class_terms(drug: Drug | None) -> list[str]:
    """Words labels use for a drug's class: the EPC names and their specific lay terms ("NSAIDs")."""
    if drug is None:
        return []
    from rxanswers.answers.understanding.names import load_lay_classes

    epcs = [name for name, _ in selectors.drug_classes(drug)[:3]]
    terms = list(epcs)
    for lay in load_lay_classes()["classes"]:
        if not set(lay["epc"]) & set(epcs):
            continue
        # a lay name of this class alone, or of a kind every class of which it is ("diuretic" for a loop
        # diuretic, "antidepressant" for an SSRI); not a kind whose classes are broader than it (a benzodiazepine
        # is not always a sleeping pill: ``epc_by_use``) or said loosely
        if len(lay["epc"]) == 1 or not (lay.get("epc_by_use") or lay.get("loose")):
            terms += [lay["name"], *lay["terms"]]
    return terms


@functools.lru_cache(maxsize=1024)
def other_kinds_before(by_class: frozenset[str]) -> dict[str, frozenset[str]]:
    """For each kind word among ``by_class`` (a drug's ``class_terms``, lowercased) that names several FDA
    classes, the words before it that make it another of them: "thiazide" and "potassium-sparing" before
    "diuretics" do not name furosemide, a loop diuretic; "macrolide antibiotics" do not name doxycycline."""
    from rxanswers.answers.understanding.names import load_lay_classes

    out: dict[str, frozenset[str]] = {}
    for lay in load_lay_classes()["classes"]:
        if len(lay["epc"]) < 2:
            continue
        for term in {lay["name"].lower(), *(t.lower() for t in lay["terms"])} & set(by_class):
            kinds = {_kind_word(e.lower(), term) for e in lay["epc"]}
            own = {_kind_word(e, term) for e in by_class if e not in kinds}
            other = {k for k in kinds - own if k}
            other |= {k.removesuffix("-class") for k in other}
            if other:
                out[term] = frozenset(other)
    return out


def _kind_word(epc: str, term: str) -> str:
    """What makes an FDA class one kind of ``term``: "thiazide" of "thiazide diuretic", "macrolide" of
    "macrolide antimicrobial" (the class less its last word), or the one-word class itself ("macrolide")."""
    if epc.endswith(" " + term):
        return epc[: -len(term)].strip()
    words = epc.split()
    return " ".join(words[:-1]) if len(words) > 1 else epc


_CYP = re.compile(r"^Cytochrome P450 (\w+?)(\d*[A-Z]?\d*) (Inhibitors|Inducers)$")


def interaction_terms(drug: Drug | None) -> list[str]:
    """Words interaction sections use for a drug besides its names: its classes (``class_terms``) and its
    enzyme and transporter actions as labels write them ("Cytochrome P450 3A4 Inhibitors" -> "CYP3A4
    inhibitors", "CYP3A inhibitors"; "P-Glycoprotein Inhibitors" -> "P-gp inhibitors")."""
    if drug is None:
        return []
    terms = class_terms(drug)
    for name, _ in selectors.drug_classes(drug, "moa"):
        if m := _CYP.match(name):
            family, kind = m.group(1) + m.group(2), m.group(3).lower()
            terms += [f"cyp{family.lower()} {kind}", f"cyp{family[:2].lower()} {kind}", name.lower()]
        elif name.startswith("P-Glycoprotein ") and name.endswith(("Inhibitors", "Inducers")):
            kind = name.split()[-1].lower()
            terms += [f"p-gp {kind}", f"p-glycoprotein {kind}", f"pgp {kind}"]
    return terms


def class_words(cls) -> list[str]:
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


def biosimilars(ctx: DrugContext) -> list[Sentence]:
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


def patent_sentences(ctx: DrugContext, facts: selectors.ApprovalFacts) -> list[Sentence]:
    """The last-expiring patent or exclusivity the Orange Book lists for the brand and what that patent covers
    (drug substance, product, or the use its use code names). ``PATENT_NOTICE`` goes with it."""
    from rxanswers.drugs.models import Exclusivity, Patent, PatentUseCode

    appl_nos = {p.application.appl_no for p in facts.brand_products}
    if not appl_nos:
        return []
    patents = Patent.objects.filter(appl_no__in=appl_nos, expire_date__isnull=False).select_related("source")
    latest = patents.order_by("-expire_date").first()
    covers = ""
    if latest is None:
        exclusivity = Exclusivity.objects.filter(appl_no__in=appl_nos).order_by("-expire_date").first()
        if exclusivity is None:
            return []
        latest = exclusivity
        what = "exclusivity"
    else:
        what = "patents"
        citations = [
            selectors.source_citation(latest.source, f"patent {latest.patent_no} of NDA {latest.appl_no}")
        ]
        if latest.drug_substance:
            covers = "the drug substance itself"
        elif latest.drug_product:
            covers = "the drug product (its formulation)"
        elif latest.use_code and (code := PatentUseCode.objects.filter(code=latest.use_code).first()):
            covers = f"a method of use, {code.code}: {code.definition.lower()}"
            citations.append(selectors.source_citation(code.source, f"patent use code {code.code}"))
    text = f"The Orange Book lists {what} for the brand-name product that run until {latest.expire_date:%B %-d, %Y}"
    if covers:
        text += f"; the last one to expire covers {covers}"
    citations = (
        citations
        if what == "patents"
        else [selectors.source_citation(latest.source, f"{what} for NDA {latest.appl_no}")]
    )
    return [Sentence(text + ".", citations, "context")]


PATENT_NOTICE = (
    "Patents can be challenged, licensed or found invalid, so a generic can arrive before (or after) the date the "
    "Orange Book lists."
)


INDICATION_TOPICS = frozenset({"indication", "information", "alternatives", "comparison", "action"})


def _other_product(text: str, drug) -> bool:
    """An indication sentence about a combination product ("Naproxen and esomeprazole magnesium tablets ... are
    indicated"), found under one of its ingredients: not what the single ingredient is used for."""
    if drug.is_combination:
        return False
    subject = text.lower().split(" indicated", 1)[0]
    if re.search(r"[a-z]/[a-z]", subject):  # "fluticasone propionate/salmeterol mdpi"
        return True
    return " and " in subject and ("combination" in subject or "component" in subject or "tablet" in subject)


_INDICATED = re.compile(r"\bindicated\b", re.I)
# "... is indicated as a topical anesthetic for use on: Lidocaine Ointment USP, 5% is indicated for ...": one
# record's list intro (its items lost) glued to the next record's sentence
_GLUED_RECORD = re.compile(r":\s+(?=[A-Z][^:]{0,120}?\b(?:is|are) indicated\b)")


def _unglued(text: str) -> list[str]:
    """The whole sentences of a compiled indication "sentence" that is records glued together: the intro whose
    list is missing is left out."""
    parts = _GLUED_RECORD.split(text)
    if len(parts) == 1:
        return [text]
    return [p.strip() for p in parts[1:] if p.strip()]


def _names_another_medicine(text: str, drug) -> bool:
    """A compiled indication sentence whose subject names another medicine and not this one ("Chlorhexidine
    Gluconate Oral Rinse is indicated ..." in a record filed under lidocaine): that product's use, not this one's."""
    from rxanswers.answers import selectors

    subject = text.split(" indicated", 1)[0] if _INDICATED.search(text) else text[:120]
    index = selectors.name_index()
    words = re.findall(r"[A-Za-z][A-Za-z-]{4,}", subject)
    if any(drug.key in index.lookup(w) or w.lower() in drug.name.lower() for w in words):
        return False

    def contains_it(key: str) -> bool:  # ADVAIR (fluticasone and salmeterol) is a product of salmeterol
        return drug.name.lower() in key.lower() or drug.key.lower() in key.lower()

    return any(
        not index.is_english(w.lower())
        and (keys := index.lookup(w))
        and not any(contains_it(k) for k in keys)
        for w in words
    )


_INDICATED_HEAD = re.compile(r"\bindicated\b[^.:]{0,120}:")
_ABBREVIATED = re.compile(r"\([A-Z]{2,6}\)")
_LISTED_USE = re.compile(r"\b([A-Z][a-z][\w'’-]*(?: [\w'’-]+){0,7}?) \(([A-Z]{2,6})\)")


def _jumbled(text: str) -> bool:
    """A compiled indication "sentence" that is several labels' list items run together in no order
    ("Generalized anxiety disorder (GAD) ... PAXIL is indicated in adults for the treatment of: ...")."""
    head = text.split(" indicated", 1)[0]
    return len(_INDICATED_HEAD.findall(text)) >= 2 or bool(_ABBREVIATED.search(head))


def _listed_uses(text: str) -> list[str]:
    """The abbreviated conditions of a jumbled list, in order, once each ("major depressive disorder (MDD)")."""
    uses: dict[str, str] = {}
    for name, abbreviation in _LISTED_USE.findall(text):
        uses.setdefault(abbreviation, f"{name[:1].lower()}{name[1:]} ({abbreviation})")
    return list(uses.values())


def indication_sentences(ctx: DrugContext, limit: int = 2, *, indicated_only: bool = True) -> list[Sentence]:
    """What it is used for, from compiled FDA label indications (when no label text is loaded): the first
    sentences that say "indicated", cited to the compilation and its ingredient record."""
    if ctx.drug is None:
        return []
    from rxanswers.answers.evidence.routes import route_score
    from rxanswers.answers.evidence.sentences import quotable_sentences
    from rxanswers.answers.lay import load_lay_terms
    from rxanswers.drugs.models import IndicationText

    glossary = load_lay_terms()
    rows = list(IndicationText.objects.filter(drug=ctx.drug).select_related("source"))
    # the record of the route asked about first (Flonase: the nasal spray's, not the inhaler's)
    named = ctx.ref.matched.lower()
    rows.sort(
        key=lambda row: (
            -route_score(f"{row.product_names} {row.text[:600]}", ctx.routes),
            named not in row.product_names.lower(),  # the record of the product named (Nexium) first
            " and " in row.text[:200].lower(),  # then a single-ingredient record before a combination's
        )
    )
    own = {w.upper() for w in re.findall(r"[A-Za-z]{4,}", f"{named} {ctx.name}")}
    found: list[tuple[bool, str, object]] = []  # (names another brand, text, citation), in record order
    for row in rows[:3]:
        citation = citations.data_source(row.source, f"FDA label indications for UNII {row.record}")
        products = [p for p in row.product_names.split(", ") if named and named in p.lower()]
        mine = own | {w.upper() for p in products for w in re.findall(r"[A-Za-z]{4,}", p)}
        texts = [part for text in quotable_sentences(row.text.replace("\n", " ")) for part in _unglued(text)]
        for text in texts:
            if _other_product(text, ctx.drug) or _names_another_medicine(text, ctx.drug):
                continue
            if indicated_only and not _INDICATED.search(
                text
            ):  # "IM administration is contraindicated" is not
                continue
            if _jumbled(text):  # the uses it lists, said once in order; else nothing from it
                if len(uses := _listed_uses(text)) < 2:
                    continue
                text = f"FDA labels of {ctx.name} list these uses: {listed(uses)}."
            if not any(text == t for _, t, _ in found):
                # capitals outside parentheses: "(ADHD)", "(COPD)" abbreviate a condition, not another brand
                brands = (
                    set(re.findall(r"\b[A-Z]{4,}\b", re.sub(r"\([^)]*\)", " ", text))) - mine - {"USP", "HFA"}
                )
                found.append((bool(brands), text, citation))
        if sum(1 for f in found if not f[0]) >= limit:
            break  # enough sentences about the product asked: later records are not read
    # a sentence about another brand of a multi-product record ("ADVAIR HFA is not indicated ...") only when
    # every sentence names one
    chosen = [f for f in found if not f[0]] or found
    return [Sentence(glossary.rewrite(t, protect=(ctx.name,)).text, [c]) for _, t, c in chosen[:limit]]


def names_another_medicine(text: str, ctx, *, classes: bool = True) -> bool:
    """The sentence names a medicine (or, with ``classes``, a class) besides ``ctx`` ("Reduce ELIQUIS dose or avoid
    coadministration" names none; "Fluconazole half-life decreased ..." after rifampin names rifampin nearby)."""
    found = selectors.name_index().recognise(text)
    own = ctx.drug.key if ctx.drug else ""
    return (classes and bool(found.classes)) or any(d.drug_key != own for d in found.drugs)
