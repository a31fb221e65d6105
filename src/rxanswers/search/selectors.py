"""Search reads: drug names first (typo-tolerant, rapidfuzz over the name dictionary), then label text.

Name search keeps an in-memory dictionary of every DrugName (built once per process, rebuilt when the
name table changes). Full-text search uses SQLite FTS5 or PostgreSQL ``to_tsvector`` over the sections of
current label versions.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from django.db import connection
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from rxanswers.core.text import normalize_name
from rxanswers.drugs.models import Drug, DrugName
from rxanswers.labels.models import LabelVersion, Section

KIND_PRIORITY = {"generic": 0, "brand": 1, "synonym": 2}
MAX_QUERY_LENGTH = 200
CONFIDENT_SCORE = 90.0  # a top name hit at least this good ...
CONFIDENT_MARGIN = 5.0  # ... and this far ahead of the next drug is shown as "Showing results for X"


@dataclass(frozen=True)
class NameHit:
    drug_id: int
    drug_slug: str
    drug_name: str
    matched_name: str
    kind: str
    score: float  # 0-100


@dataclass(frozen=True)
class SectionHit:
    section_id: int
    section_key: str
    section_title: str
    snippet: str
    drug_slug: str | None
    drug_name: str | None
    set_id: str
    version: int | None
    effective_date: object
    label_title: str
    version_pk: int = 0  # LabelVersion primary key (for the /labels/<set_id>/v/<pk>/ URL)

    @property
    def anchor(self) -> str:
        """The section's id on its label version page (same rule as ``Section.anchor``)."""
        return f"section-{self.section_key.replace('_', '-')}"


@dataclass
class SearchResults:
    query: str
    names: list[NameHit] = field(default_factory=list)
    sections: list[SectionHit] = field(default_factory=list)
    # Set when the query's own words found no label text and the sections shown are those of the
    # confidently matched drug instead ("metformen" -> sections of metformin's label).
    sections_for_drug: NameHit | None = None

    @property
    def best_drug(self) -> NameHit | None:
        return self.names[0] if self.names else None

    @property
    def confident_drug(self) -> NameHit | None:
        """The top name hit when it is good (score >= 90) and clearly ahead of the runner-up."""
        if not self.names or self.names[0].score < CONFIDENT_SCORE:
            return None
        if len(self.names) > 1 and self.names[0].score - self.names[1].score < CONFIDENT_MARGIN:
            return None
        return self.names[0]


def query_problem(query: str | None) -> str:
    """Why a search query cannot be run ("" when it can): empty, or longer than MAX_QUERY_LENGTH."""
    text = " ".join((query or "").split())
    if not text:
        return "Enter a drug name or some words to search for."
    if len(text) > MAX_QUERY_LENGTH:
        return (
            f"Your search is {len(text)} characters long; the limit is {MAX_QUERY_LENGTH}. "
            "Please shorten it (a drug name or a few words work best)."
        )
    return ""


class NameDictionary:
    """Every drug name, normalised, with the drug it belongs to. Thread-safe lazy build."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self.keys: list[str] = []
        self.entries: list[list[tuple[int, str, str]]] = []  # per key: [(drug_id, display name, kind)]
        self.drugs: dict[int, tuple[str, str]] = {}  # drug_id -> (slug, name)

    def _current_stamp(self) -> tuple:
        last = DrugName.objects.order_by("-id").values_list("id", flat=True).first()
        return (DrugName.objects.count(), last, Drug.objects.count())

    def ensure_built(self) -> None:
        stamp = self._current_stamp()
        if stamp == self._stamp:
            return
        with self._lock:
            if stamp == self._stamp:
                return
            by_key: dict[str, dict[int, tuple[str, str]]] = {}
            for drug_id, name, normalized, kind in DrugName.objects.values_list(
                "drug_id", "name", "normalized", "kind"
            ).iterator(chunk_size=5000):
                slot = by_key.setdefault(normalized, {})
                prior = slot.get(drug_id)
                if prior is None or KIND_PRIORITY[kind] < KIND_PRIORITY[prior[1]]:
                    slot[drug_id] = (name, kind)
            for drug_id, slug, name in Drug.objects.values_list("id", "slug", "name").iterator(
                chunk_size=5000
            ):
                self.drugs[drug_id] = (slug, name)
                slot = by_key.setdefault(normalize_name(name), {})
                slot.setdefault(drug_id, (name, "generic"))
            self.keys = list(by_key)
            self.entries = [[(d, n, k) for d, (n, k) in by_key[key].items()] for key in self.keys]
            self._index = {key: i for i, key in enumerate(self.keys)}
            self._stamp = stamp

    def lookup(self, query: str, limit: int = 10) -> list[NameHit]:
        """Best drugs for a name query, exact matches first, then fuzzy (typos, spacing, word order)."""
        self.ensure_built()
        q = normalize_name(query)[:MAX_QUERY_LENGTH]
        if not q:
            return []
        scored: dict[int, tuple[float, str, str]] = {}

        def offer(index: int, score: float) -> None:
            for drug_id, name, kind in self.entries[index]:
                # prefer generic names and single-ingredient drugs on equal scores
                adj = score - 0.1 * KIND_PRIORITY[kind] - (0.2 if " / " in self.drugs[drug_id][1] else 0)
                if drug_id not in scored or adj > scored[drug_id][0]:
                    scored[drug_id] = (adj, name, kind)

        exact = self._index.get(q)
        if exact is not None:
            offer(exact, 100.0)
        compact = q.replace(" ", "")
        if compact != q and compact in self._index:  # "metfor min" -> "metformin"
            offer(self._index[compact], 99.0)
        if len(scored) < limit:
            candidates = process.extract(
                q, self.keys, scorer=fuzz.WRatio, limit=limit * 5, score_cutoff=70, processor=None
            )
            for key, score, index in candidates:
                # Edit distance on the whole name breaks WRatio's ties between partial matches.
                closeness = Levenshtein.normalized_similarity(q, key) * 100
                offer(index, min(score, 99.0) * 0.6 + closeness * 0.4)
        ranked = sorted(scored.items(), key=lambda item: -item[1][0])[:limit]
        return [
            NameHit(
                drug_id=drug_id,
                drug_slug=self.drugs[drug_id][0],
                drug_name=self.drugs[drug_id][1],
                matched_name=name,
                kind=kind,
                score=round(score, 1),
            )
            for drug_id, (score, name, kind) in ranked
        ]


NAME_DICTIONARY = NameDictionary()

_FTS_TOKEN = re.compile(r"[\w]+", re.UNICODE)


def _fts_query_sqlite(text: str) -> str:
    tokens = _FTS_TOKEN.findall(text.lower())[:12]
    return " ".join(f'"{t}"' for t in tokens)


def section_search(query: str, *, limit: int = 20, drug_id: int | None = None) -> list[SectionHit]:
    """Full-text search over the sections of current label versions, best first."""
    query = query[:MAX_QUERY_LENGTH]
    if not _FTS_TOKEN.search(query):
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = _fts_query_sqlite(query)
            if not match:
                return []
            cursor.execute(
                "SELECT f.rowid, snippet(search_section_fts, 0, '[', ']', ' … ', 24) "
                "FROM search_section_fts f JOIN labels_section s ON s.id = f.rowid "
                "JOIN labels_labelversion v ON v.id = s.version_id "
                "WHERE search_section_fts MATCH %s AND v.is_current ORDER BY bm25(search_section_fts) LIMIT %s",
                [match, limit * 3],
            )
        else:
            cursor.execute(
                "SELECT s.id, ts_headline('english', left(s.text, 20000), q, "
                "'StartSel=[,StopSel=],MaxWords=40,MinWords=15,MaxFragments=1') "
                "FROM labels_section s JOIN labels_labelversion v ON v.id = s.version_id, "
                "websearch_to_tsquery('english', %s) q "
                "WHERE to_tsvector('english'::regconfig, left(s.text, 200000)) @@ q AND v.is_current "
                "ORDER BY ts_rank(to_tsvector('english'::regconfig, left(s.text, 200000)), q) DESC LIMIT %s",
                [query, limit * 3],
            )
        rows = cursor.fetchall()
    snippets = dict(rows)
    sections = Section.objects.filter(id__in=snippets).select_related("version__label")
    drug_by_label: dict[int, tuple[int, str, str]] = {}
    label_ids = {s.version.label_id for s in sections}
    for drug in Drug.objects.filter(labels__id__in=label_ids).values("id", "slug", "name", "labels__id"):
        drug_by_label.setdefault(drug["labels__id"], (drug["id"], drug["slug"], drug["name"]))
    order = {sid: i for i, (sid, _) in enumerate(rows)}
    hits = []
    for section in sorted(sections, key=lambda s: order[s.id]):
        drug = drug_by_label.get(section.version.label_id)
        if drug_id is not None and (drug is None or drug[0] != drug_id):
            continue
        version: LabelVersion = section.version
        hits.append(
            SectionHit(
                section_id=section.id,
                section_key=section.key,
                section_title=section.title or section.key.replace("_", " ").capitalize(),
                snippet=" ".join(snippets[section.id].split()),
                drug_slug=drug[1] if drug else None,
                drug_name=drug[2] if drug else None,
                set_id=version.label.set_id,
                version=version.version,
                effective_date=version.effective_date,
                label_title=version.title or version.label.title,
                version_pk=version.pk,
            )
        )
        if len(hits) >= limit:
            break
    return hits


def search(query: str, *, name_limit: int = 10, section_limit: int = 20) -> SearchResults:
    """Names first (typo-tolerant), then full text over label sections."""
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    results = SearchResults(query=query)
    if not query:
        return results
    results.names = NAME_DICTIONARY.lookup(query, limit=name_limit)
    results.sections = section_search(query, limit=section_limit)
    confident = results.confident_drug
    if not results.sections and confident is not None:
        results.sections = section_search(confident.drug_name, limit=section_limit, drug_id=confident.drug_id)
        results.sections_for_drug = confident if results.sections else None
    return results
