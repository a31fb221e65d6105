"""Reads the answer composers need: the name index over the database, a drug's best label and sections,
and the tabular facts (applications, generics, brands, classes) with their sources.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Q

from rxanswers.answers.schemas import Citation
from rxanswers.answers.understanding.text import normalise
from rxanswers.core.models import DataSource
from rxanswers.drugs.models import Drug, DrugClass, DrugName, Product
from rxanswers.labels.models import LabelVersion, Section

# Preference for the label that speaks for a drug: prescription labels first, official sources first.
_PRODUCT_TYPE_RANK = {"HUMAN PRESCRIPTION DRUG": 2, "HUMAN OTC DRUG": 1}


@dataclass
class LabelView:
    """One label version with its sections, ready for sentence selection."""

    version: LabelVersion
    sections: dict[str, Section] = field(default_factory=dict)

    def citation(self, section: Section) -> Citation:
        from rxanswers.answers import citations

        return citations.label_section(self, section)

    def label_citation(self) -> Citation:
        """A citation of the label as a whole (used for 'the label does not address ...')."""
        from rxanswers.answers import citations

        return citations.whole_label(self)


def source_citation(source: DataSource, record: str, url: str = "") -> Citation:
    from rxanswers.answers import citations

    return citations.data_source(source, record, url)


def data_stamp() -> tuple:
    """Changes whenever stored drug or label data may have changed: the newest ingest run and label version
    (one small query). Per-process caches below are keyed by it, so an ingest is seen by the next question.
    Inside :func:`one_data_stamp` (one answer) the query runs once."""
    scoped = _SCOPED_STAMP.get()
    return scoped if scoped is not None else _query_data_stamp()


def _query_data_stamp() -> tuple:
    from django.db import connection

    from rxanswers.core.models import IngestRun

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {IngestRun._meta.db_table}), "
            f"(SELECT MAX(id) FROM {LabelVersion._meta.db_table}), (SELECT COUNT(*) FROM {Drug._meta.db_table})"
        )
        return tuple(cursor.fetchone())


_SCOPED_STAMP: ContextVar[tuple | None] = ContextVar("rxanswers_data_stamp", default=None)


@contextmanager
def one_data_stamp():
    """Read the data stamp once for everything inside (one answer: data does not change mid-answer)."""
    token = _SCOPED_STAMP.set(_query_data_stamp())
    try:
        yield
    finally:
        _SCOPED_STAMP.reset(token)


_STAMPED: dict[str, tuple[tuple, dict]] = {}
_STAMPED_SIZE = 4096


def stamped(name: str, key, compute):
    """``compute()`` cached per process under (``name``, ``key``) while :func:`data_stamp` is unchanged."""
    stamp = data_stamp()
    held = _STAMPED.get(name)
    if held is None or held[0] != stamp or len(held[1]) > _STAMPED_SIZE:
        held = _STAMPED[name] = (stamp, {})
    if key not in held[1]:
        held[1][key] = compute()
    return held[1][key]


def drug_by_key(key: str) -> Drug | None:
    """The stored drug for a recognised key (acid/anion spellings of one moiety are tried both ways)."""
    return stamped("drug_by_key", key, lambda: _drug_by_key(key))


def drug_by_name(name: str) -> Drug | None:
    """The stored drug with exactly this name (any kind: a brand an editor's list price added, "Tecartus")."""
    return stamped("drug_by_name", name.lower(), lambda: _drug_by_name(name))


def _drug_by_name(name: str) -> Drug | None:
    from rxanswers.core.text import normalize_name

    row = DrugName.objects.filter(normalized=normalize_name(name)).order_by("kind", "id").first()
    return row.drug if row is not None else None


def _drug_by_key(key: str) -> Drug | None:
    from rxanswers.answers.understanding.name_sources import _acid_synonyms

    drug = Drug.objects.filter(key=key).first()
    if drug is None and " / " not in key:
        alternatives = _acid_synonyms(key)
        drug = Drug.objects.filter(key__in=alternatives).first() if alternatives else None
    if drug is None and " " not in key:
        # a moiety whose only stored forms keep a salt word in their key ("lithium" -> lithium carbonate,
        # lithium citrate): the form with the most label text and products speaks for it
        from django.db.models import Count

        from rxanswers.core.drugnames import SALT_WORDS

        salts = [f"{key} {salt}" for salt in SALT_WORDS]
        drug = (
            Drug.objects.filter(key__in=salts)
            .annotate(n_labels=Count("labels", distinct=True), n_products=Count("products", distinct=True))
            .order_by("-n_labels", "-n_products", "key")
            .first()
        )
    return drug


def best_label(
    drug: Drug, wanted: list[str] | None = None, *, named: str = "", routes: frozenset[str] = frozenset()
) -> LabelView | None:
    """The current label that best speaks for a drug: with the most of the ``wanted`` sections, then
    prescription before OTC, more sections, official sources, newest. ``named``: the product name the
    question used ("Children's Motrin"); a label carrying that brand name is preferred when it has any of
    the wanted sections. ``routes``: route families the question is about (``{"nasal"}``); labels of that
    route are preferred the same way."""
    from rxanswers.answers.evidence.routes import families_of

    views = label_views(drug)
    if not views:
        return None
    if named:
        wanted_name = normalise(named)
        branded = [v for v in views if wanted_name in {normalise(b) for b in v.version.brand_names}]
        if branded and (not wanted or any(k in v.sections for v in branded for k in wanted)):
            views = branded
    if routes:
        routed = [v for v in views if families_of(v.version.routes) & routes]
        if routed and (not wanted or any(k in v.sections for v in routed for k in wanted)):
            views = routed
    if not wanted:
        return views[0]
    best = max(views, key=lambda view: sum(1 for key in wanted if key in view.sections))
    if any(key in best.sections for key in wanted):
        return best
    # The current versions lack these sections; an earlier version of the same label may have them.
    # It is used (and the answer says which version it quotes) rather than answering "not addressed".
    older = [v for v in label_views(drug, current_only=False) if not v.version.is_current]
    older = [v for v in older if any(key in v.sections for key in wanted)]
    if older:
        return max(older, key=lambda v: (v.version.effective_date or date.min, v.version.version or -1))
    return best


def drug_classes(drug: Drug, kind: str = "epc") -> list[tuple[str, DataSource]]:
    return list(stamped("drug_classes", (drug.id, kind), lambda: _drug_classes(drug, kind)))


def _drug_classes(drug: Drug, kind: str) -> list[tuple[str, DataSource]]:
    rows = (
        DrugClass.objects.filter(drug=drug, pharm_class__kind=kind)
        .select_related("pharm_class", "source")
        .order_by("pharm_class__name")
    )
    seen: dict[str, DataSource] = {}
    for row in rows:
        seen.setdefault(row.pharm_class.name, row.source)
    return list(seen.items())


_BRAND_SOURCE_RANK = {"drugsatfda": 0}


def data_sources() -> dict[int, DataSource]:
    """All DataSource rows by id (a handful; re-read when one is added)."""
    latest = DataSource.objects.order_by("-id").values_list("id", flat=True).first()
    cached = _SOURCES_CACHE.get("sources")
    if cached is None or latest not in cached:
        cached = _SOURCES_CACHE["sources"] = {d.id: d for d in DataSource.objects.all()}
    return cached


_SOURCES_CACHE: dict[str, dict[int, DataSource]] = {}


def drug_brands(drug: Drug, limit: int = 12) -> list[tuple[str, DataSource]]:
    """Brand names, Drugs@FDA's first. Drops names that are really generic names (the drug's own
    ingredient words, e.g. "Basic Care Lansoprazole", or another drug's generic name: source rows
    sometimes put a generic in the brand column)."""
    return list(stamped("drug_brands", (drug.id, limit), lambda: _drug_brands(drug, limit)))


def _drug_brands(drug: Drug, limit: int) -> list[tuple[str, DataSource]]:
    rows = DrugName.objects.filter(drug=drug, kind=DrugName.Kind.BRAND).values_list(
        "id", "name", "normalized", "source_id"
    )
    sources = data_sources()
    own_words = {w for ingredient in drug.ingredients for w in ingredient.split()}
    candidates: dict[str, tuple[str, DataSource]] = {}
    for _, name, normalized, source_id in sorted(
        rows, key=lambda r: (_BRAND_SOURCE_RANK.get(sources[r[3]].key, 1), r[0])
    ):
        if own_words & set(normalized.split()):
            continue
        candidates.setdefault(normalized, (name, sources[source_id]))
    generic_keys = set(Drug.objects.filter(key__in=list(candidates)).values_list("key", flat=True))
    kept = [value for key, value in candidates.items() if key not in generic_keys]
    return sorted(kept, key=lambda item: (_BRAND_SOURCE_RANK.get(item[1].key, 1), item[0].lower(), item[0]))[
        :limit
    ]


_VIEWS_CACHE: dict[tuple[int, bool], tuple[object, list[LabelView]]] = {}
_VIEWS_CACHE_SIZE = 512


def label_views(drug: Drug, *, current_only: bool = True) -> list[LabelView]:
    """The label versions of a drug (current ones by default) with their sections, best first.

    Versions are immutable, so the result is cached per process until any label version is added."""
    stamp = data_stamp()
    cached = _VIEWS_CACHE.get((drug.id, current_only))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    views = _load_label_views(drug, current_only)
    if len(_VIEWS_CACHE) >= _VIEWS_CACHE_SIZE:
        _VIEWS_CACHE.pop(next(iter(_VIEWS_CACHE)))
    _VIEWS_CACHE[(drug.id, current_only)] = (stamp, views)
    return views


def _load_label_views(drug: Drug, current_only: bool) -> list[LabelView]:
    versions = LabelVersion.objects.filter(label__drugs=drug).select_related("label", "source")
    if current_only:
        versions = versions.filter(is_current=True)
    views = []
    for version in versions:
        view = LabelView(version=version)
        for section in version.sections.all():
            if section.key in view.sections:  # SPL can repeat a key: keep one section, joined text
                view.sections[section.key].text += "\n\n" + section.text
            else:
                view.sections[section.key] = section
        views.append(view)

    def rank(view: LabelView) -> tuple:
        v = view.version
        return (
            _PRODUCT_TYPE_RANK.get(v.product_type.upper(), 0),
            len(view.sections),
            v.source.is_official,
            v.effective_date.toordinal() if v.effective_date else 0,
            -v.id,  # ties: the first stored, whatever order the database returns rows in
        )

    return sorted(views, key=rank, reverse=True)


@dataclass
class ApprovalFacts:
    brand_products: list[Product]
    generic_products: list[Product]  # ANDA products, any status
    marketed_generics: list[Product]  # ANDA products not discontinued
    source: DataSource | None


def approval_facts(drug: Drug) -> ApprovalFacts:
    products = list(Product.objects.filter(drug=drug).select_related("application", "source"))
    generics = [p for p in products if p.application.appl_type == "ANDA"]
    brands = [p for p in products if p.application.appl_type in {"NDA", "BLA"}]
    from rxanswers.drugs.selectors import is_marketed  # one definition for the drug page, answers and API

    marketed = [p for p in generics if is_marketed(p.marketing_status)]
    return ApprovalFacts(
        brand_products=brands,
        generic_products=generics,
        marketed_generics=marketed,
        source=products[0].source if products else None,
    )


def product_forms(drug: Drug) -> list[tuple[str, list[str], DataSource]]:
    """Marketed forms and strengths from Drugs@FDA (not discontinued), most products first:
    [("tablet (oral)", ["500MG", "850MG"], source), ...]."""
    groups: dict[str, tuple[list[str], DataSource]] = {}
    rows = (
        Product.objects.filter(drug=drug)
        .exclude(marketing_status__in=["", "Discontinued"])
        .select_related("source")
    )
    for product in rows.order_by("form", "strength"):
        form, _, route = (part.strip() for part in product.form.partition(";"))
        label = f"{form.lower()} ({route.lower()})" if route else form.lower()
        strengths, source = groups.setdefault(label, ([], product.source))
        if product.strength and product.strength not in strengths:
            strengths.append(product.strength)
    ranked = sorted(groups.items(), key=lambda item: -len(item[1][0]))
    return [(form, strengths, source) for form, (strengths, source) in ranked]


def class_members(
    class_name: str, *, exclude: Drug | None = None, limit: int = 8, routes: tuple[str, ...] = ()
) -> list[Drug]:
    """Single-ingredient drugs in an EPC class: those with label text first, then the most-marketed
    (most Drugs@FDA products), so the list names the drugs people know. ``routes``: NDC route names
    ("NASAL"): only drugs with a listed product of one of them, the most listed for it first (each drug's
    ``n_routed`` is that count)."""
    from django.db.models import Count

    qs = Drug.objects.filter(
        class_links__pharm_class__name=class_name, class_links__pharm_class__kind="epc"
    ).filter(is_combination=False)
    if routes:
        routed = Count("ndc_products", filter=_route_match(routes, "ndc_products__"), distinct=True)
        qs = qs.annotate(n_routed=routed).filter(n_routed__gt=0).order_by("-n_routed", "name")
    else:
        qs = (
            qs.annotate(n_labels=Count("labels", distinct=True), n_products=Count("products", distinct=True))
            .filter(n_products__gt=0)
            .order_by("-n_labels", "-n_products", "name")
        )
    if exclude is not None:
        qs = qs.exclude(id=exclude.id)
    return list(qs[:limit])


def _route_match(routes: tuple[str, ...], prefix: str = "") -> Q:
    """NDC products of one of ``routes``; a product's route field lists its routes joined by "; "
    ("INTRAMUSCULAR; INTRAVENOUS"), so each name is matched whole."""
    field = f"{prefix}route"
    match = Q()
    for route in routes:
        match |= (
            Q(**{field: route})
            | Q(**{f"{field}__startswith": f"{route};"})
            | Q(**{f"{field}__endswith": f"; {route}"})
            | Q(**{f"{field}__contains": f"; {route};"})
        )
    return match


def listed_routes(drug: Drug) -> frozenset[str]:
    """The NDC route names of a drug's listed products (``{"ORAL", "OPHTHALMIC"}``)."""

    def compute():
        from rxanswers.drugs.models import NdcProduct

        values = NdcProduct.objects.filter(drug=drug).values_list("route", flat=True).distinct()
        return frozenset(r.strip() for value in values for r in value.split(";") if r.strip())

    return stamped("listed_routes", drug.id, compute)


def route_listing_source(drugs: list[Drug], routes: tuple[str, ...]) -> DataSource | None:
    """The source of an NDC listing that shows one of ``drugs`` sold for one of ``routes``."""
    from rxanswers.drugs.models import NdcProduct

    row = NdcProduct.objects.filter(_route_match(routes), drug__in=drugs).select_related("source").first()
    return row.source if row else None


# --- the name index over the database -------------------------------------------------------------

_INDEX_LOCK = threading.Lock()
_INDEX_CACHE: dict[str, object] = {}


def _index_stamp() -> tuple:
    """Changes whenever names, drugs or classes are added or removed: one query over primary-key indexes."""
    from django.db import connection

    tables = [m._meta.db_table for m in (DrugName, Drug, DrugClass)]
    parts = ", ".join(f"(SELECT MAX(id) FROM {t})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}, (SELECT COUNT(*) FROM {tables[1]})")
        return tuple(cursor.fetchone())


def name_index():
    """The question-understanding NameIndex (cached; rebuilt when the name tables change).

    Entries: the curated dictionary built from the bundled FDA/NCI files (``entries_from_files``, with its
    junk-name filters), plus every name that ingested labels added to the database (so a label loaded
    later, e.g. from the full openFDA download, is recognised too) and the EPC classes of stored drugs.
    """
    from rxanswers.answers.understanding.names import NameEntry, NameIndex, _english_words, entries_from_files

    stamp = _index_stamp()
    cached = _INDEX_CACHE.get("index")
    if cached is not None and _INDEX_CACHE.get("stamp") == stamp:
        return cached
    with _INDEX_LOCK:
        if _INDEX_CACHE.get("stamp") == stamp:
            return _INDEX_CACHE["index"]
        stored = _stored_index_path(stamp)
        if stored.exists():
            index = _load_index(stored)
            if index is not None:
                _INDEX_CACHE.update(index=index, stamp=stamp)
                return index
        if "file_entries" not in _INDEX_CACHE:
            _INDEX_CACHE["file_entries"] = entries_from_files(settings.DATA_DIR)
        entries = list(_INDEX_CACHE["file_entries"])
        keys = dict(Drug.objects.values_list("id", "key"))
        names = dict(Drug.objects.values_list("key", "name"))
        label_names = DrugName.objects.exclude(source__key__in=TABULAR_NAME_SOURCES)
        # FDA substance names only for a drug known from nothing else (one an editor added for its list
        # price): the registry's 23k brands, foreign and historical ones included, would change what
        # questions are understood to be about
        only_registered = Drug.objects.exclude(
            id__in=DrugName.objects.exclude(source__key="unii_names").values("drug_id")
        ).values("id")
        label_names = label_names.exclude(
            Q(source__key="unii_names") & ~Q(drug_id__in=only_registered)
        ).values_list("drug_id", "name", "kind", "source__key")
        english, _ = _english_words()
        for drug_id, name, kind, source_key in label_names.iterator(chunk_size=10000):
            words = name.lower().split()
            if kind == "brand" and len(words) >= 2 and all(w.strip("'’-") in english for w in words):
                continue  # a descriptive OTC or homeopathic name ("Poison Ivy", "Allergy Relief"), not a brand
            key = keys[drug_id]
            entries.append(
                NameEntry(name=name, drug_key=key, generic=names[key], kind=kind, source=source_key)
            )
        for drug_id, class_name in DrugClass.objects.filter(pharm_class__kind="epc").values_list(
            "drug_id", "pharm_class__name"
        ):
            key = keys[drug_id]
            entries.append(
                NameEntry(name=class_name, drug_key=key, generic=names[key], kind="class", source="epc")
            )
        from rxanswers.labels.selectors import lower_case_words

        # words labels use are known words, not misspelt names; the drugs' own names are names
        index = NameIndex.build(entries, label_words=lower_case_words() - {n.lower() for n in names.values()})
        _store_index(index, stored)
        _INDEX_CACHE.update(index=index, stamp=stamp)
        return index


def _stored_index_path(stamp: tuple):
    """Where the built index is kept between processes: named by the database's name tables (``stamp``), the
    database, and the code and data files it was built from, so any change builds a new one."""
    import hashlib

    from django.db import connection

    from rxanswers.answers.understanding import names

    digest = hashlib.sha256()
    digest.update(repr((stamp, connection.settings_dict["NAME"], connection.vendor)).encode())
    from rxanswers.core import drugnames

    for module in ("names.py", "name_data.py", "name_sources.py", "name_store.py"):  # the code it is built by
        digest.update((Path(names.__file__).parent / module).read_bytes())
    digest.update(Path(drugnames.__file__).read_bytes())  # the name normaliser it keys by
    from rxanswers.answers.consumer_terms import CONSUMER_TERMS_FILE
    from rxanswers.answers.lay import TSV_PATH as LAY_TERMS_FILE

    for words in (LAY_TERMS_FILE, CONSUMER_TERMS_FILE):  # the condition words no name may be
        digest.update(words.read_bytes())
    for folder in (names.DATA_DIR, Path(settings.DATA_DIR)):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(folder)}:{path.stat().st_size}".encode())
    return Path(settings.VAR_DIR) / "cache" / f"name-index-{digest.hexdigest()[:16]}.sqlite3"


def _load_index(path):
    """The stored index, read lazily (``understanding/name_store.py``): a name is read when first looked up."""
    from rxanswers.answers import stored
    from rxanswers.answers.understanding import name_store
    from rxanswers.answers.understanding.names import NameIndex

    index = name_store.load(path, NameIndex)
    if index is not None:
        stored.mark_used(path)
    return index


def _store_index(index, path) -> None:
    import sqlite3

    from rxanswers.answers import stored
    from rxanswers.answers.understanding import name_store

    try:
        name_store.save(index, path)
    except (OSError, sqlite3.Error):
        return  # a read-only var/: rebuilt per process, slower but correct
    stored.prune(path, "name-index")


# Names from these sources are already in the curated file dictionary (with its junk-name filters).
TABULAR_NAME_SOURCES = ("ndc", "drugsatfda")


@dataclass
class DrugPrices:
    """NADAC prices of a drug's package NDCs (``DrugPrice`` rows, each with its source and dates)."""

    current: (
        list  # latest effective price per NDC still listed in the newest NADAC file loaded, cheapest first
    )
    earlier: list  # latest price per NDC no longer listed in that file (kept for history, not "current")
    cheapest_generic: object | None  # DrugPrice
    cheapest_brand: object | None  # DrugPrice
    as_of_date: date | None  # the newest NADAC weekly file that lists this drug


def list_prices(drug: Drug) -> list:
    """Approved editor-entered list prices of ``drug`` (``ListPrice``), newest as-of date first."""
    from rxanswers.drugs.models import ListPrice

    return list(
        ListPrice.objects.filter(drug=drug, status=ListPrice.Status.APPROVED).order_by("-as_of", "-id")
    )


def drug_prices(drug: Drug) -> DrugPrices:
    """The latest effective NADAC price per NDC of ``drug``, and the cheapest generic and brand per unit.

    An NDC counts as current when its latest row was listed in the newest NADAC file loaded for this drug;
    older rows are history (``earlier``). Prices are per pricing unit (EA / ML / GM), so the cheapest is
    compared within what NADAC publishes, never converted.
    """
    from rxanswers.drugs.models import DrugPrice

    latest: dict[str, DrugPrice] = {}
    rows = DrugPrice.objects.filter(drug=drug).select_related("source").order_by("ndc", "-effective_date")
    for price in rows:
        latest.setdefault(price.ndc, price)
    newest = max((p.as_of_date for p in latest.values() if p.as_of_date), default=None)

    def order(p: DrugPrice) -> tuple:
        return (p.price_per_unit, p.ndc)

    current = sorted((p for p in latest.values() if newest is None or p.as_of_date == newest), key=order)
    current_ids = {p.pk for p in current}
    earlier = sorted((p for p in latest.values() if p.pk not in current_ids), key=order)
    generics = [p for p in current if p.brand_or_generic == DrugPrice.Kind.GENERIC]
    brands = [p for p in current if p.brand_or_generic == DrugPrice.Kind.BRAND]
    return DrugPrices(
        current=current,
        earlier=earlier,
        cheapest_generic=generics[0] if generics else None,
        cheapest_brand=brands[0] if brands else None,
        as_of_date=newest,
    )


@dataclass(frozen=True)
class ListedInteraction:
    first: str  # drug names as stored
    second: str
    list_name: str
    severity: str
    record: str
    source: DataSource


def listed_interactions(a: Drug, b: Drug) -> list[ListedInteraction]:
    """The public lists (VA NDF-RT, ONC) that name ``a`` and ``b`` together, in either order, the VA's first."""
    return listed_interactions_among([a, b]).get(frozenset((a.id, b.id)), [])


def listed_interactions_among(drugs: list[Drug]) -> dict[frozenset, list[ListedInteraction]]:
    """Every listed pair among ``drugs`` in one query: {frozenset of the two drug ids: what the lists say}."""
    from rxanswers.drugs.models import InteractionPair

    ids = {d.id for d in drugs}
    rows = InteractionPair.objects.filter(first_id__in=ids, second_id__in=ids).select_related(
        "first", "second", "source"
    )
    order = {"NDF-RT": 0, "ONC-HighPriority": 1, "ONC-NonInteruptive": 2}
    by_pair: dict[frozenset, dict[str, ListedInteraction]] = {}  # one per list (a list may name both orders)
    for r in sorted(rows, key=lambda r: (order.get(r.list_name, 9), r.severity != "Critical", r.id)):
        by_pair.setdefault(frozenset((r.first_id, r.second_id)), {}).setdefault(
            r.list_name,
            ListedInteraction(r.first.name, r.second.name, r.list_name, r.severity, r.record, r.source),
        )
    return {pair: list(lists.values()) for pair, lists in by_pair.items()}
