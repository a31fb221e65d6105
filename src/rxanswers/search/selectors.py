"""Search reads: drug names first (typo-tolerant, rapidfuzz over the name dictionary), then label text.

Name search keeps an in-memory dictionary of every DrugName (built once per process, rebuilt when the
name table changes). Full-text search covers the sections of current label versions: SQLite FTS5 (search
migration 0001), or on PostgreSQL the trigger-maintained ``search_section_current`` table of tsvectors (0003);
docs/benchmarks.md explains the PostgreSQL query strategy.
"""

from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

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


_PHONETIC_RULES = [
    (re.compile(r"ph"), "f"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"qu"), "kw"),
    (re.compile(r"q"), "k"),
    (re.compile(r"^x"), "z"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"z"), "s"),
    (re.compile(r"th"), "t"),
    (re.compile(r"(?<=[^aeiou])h"), ""),
    (re.compile(r"^(?:kn|gn|pn|wr)"), lambda m: m.group(0)[1]),
    (re.compile(r"y"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
]
_VOWEL_RUN = re.compile(r"[aeiou]+")
_NOT_LETTER = re.compile(r"[^a-z]+")


def phonetic_keys(text: str) -> tuple[str, str]:
    """Two sound-alike keys for a (normalised) name: spelling-normalised with vowel runs as "a",
    and the consonant skeleton ("xannax" and "xanax" -> ("sanaks", "snks")). Empty for short names."""
    s = _NOT_LETTER.sub("", text)
    if len(s) < 4:
        return "", ""
    for pattern, repl in _PHONETIC_RULES:
        s = pattern.sub(repl, s)
    head, tail = s[:1], s[1:]
    vowels = head + _VOWEL_RUN.sub("a", tail)
    skeleton = head + _VOWEL_RUN.sub("", tail)
    return vowels, (skeleton if len(skeleton) >= 3 else "")


def _edit_score(distance: int, length: int) -> float:
    """Score (0-100) for a whole-name match at a Damerau-Levenshtein ``distance``: one typo in a
    9-letter name scores 92, two score 85; shorter names lose more per typo."""
    return max(0.0, 100.0 * (1.0 - distance / (length + 4)))


class NameDictionary:
    """Every drug name, normalised, with the drug it belongs to. Thread-safe lazy build.

    Lookup: exact name, then the name without spaces, then fuzzy candidates from three indexes -- whole
    names by edit distance, sound-alike keys (``phonetic_keys``), and single words of longer names --
    scored by Damerau-Levenshtein distance on the whole name (a word of a longer name scores lower), with
    small preferences for generic names, single-ingredient drugs and drugs known under many names.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self.keys: list[str] = []
        self.entries: list[list[tuple[int, str, str]]] = []  # per key: [(drug_id, display name, kind)]
        self.drugs: dict[int, tuple[str, str]] = {}  # drug_id -> (slug, name)

    def _current_stamp(self) -> tuple:
        last = DrugName.objects.order_by("-id").values_list("id", flat=True).first()
        return (DrugName.objects.count(), last, Drug.objects.count())

    STAMP_CHECK_SECONDS = 5.0  # names change only when data is ingested: check for that at most this often

    def ensure_built(self) -> None:
        now = time.monotonic()
        if self._stamp is not None and now - getattr(self, "_checked_at", 0.0) < self.STAMP_CHECK_SECONDS:
            return
        self._checked_at = now
        stamp = self._current_stamp()
        if stamp == self._stamp:
            return
        with self._lock:
            if stamp == self._stamp:
                return
            by_key: dict[str, dict[int, tuple[str, str]]] = {}
            name_counts: dict[int, int] = {}
            for drug_id, name, normalized, kind in DrugName.objects.values_list(
                "drug_id", "name", "normalized", "kind"
            ).iterator(chunk_size=5000):
                slot = by_key.setdefault(normalized, {})
                prior = slot.get(drug_id)
                if prior is None or KIND_PRIORITY[kind] < KIND_PRIORITY[prior[1]]:
                    slot[drug_id] = (name, kind)
                name_counts[drug_id] = name_counts.get(drug_id, 0) + 1
            drugs: dict[int, tuple[str, str]] = {}
            for drug_id, slug, name in Drug.objects.values_list("id", "slug", "name").iterator(
                chunk_size=5000
            ):
                drugs[drug_id] = (slug, name)
                slot = by_key.setdefault(normalize_name(name), {})
                slot.setdefault(drug_id, (name, "generic"))
            keys = list(by_key)
            phonetic: dict[str, list[int]] = {}
            skeleton: dict[str, list[int]] = {}
            words: dict[str, list[int]] = {}
            for index, key in enumerate(keys):
                vowels, skel = phonetic_keys(key)
                if vowels:
                    phonetic.setdefault(vowels, []).append(index)
                if skel:
                    skeleton.setdefault(skel, []).append(index)
                tokens = key.split()
                if len(tokens) > 1:
                    for token in set(tokens):
                        if len(token) >= 4 and token.isalpha():
                            words.setdefault(token, []).append(index)
            self.keys = keys
            self.entries = [[(d, n, k) for d, (n, k) in by_key[key].items()] for key in keys]
            self.drugs = drugs
            self._index = {key: i for i, key in enumerate(keys)}
            # Keys bucketed by length: a fuzzy match of a q-letter query only looks at keys of similar length.
            by_len: dict[int, tuple[list[str], list[int]]] = {}
            for i, key in enumerate(keys):
                bucket = by_len.setdefault(len(key), ([], []))
                bucket[0].append(key)
                bucket[1].append(i)
            self._by_len = by_len
            self._compact = {}
            for i, key in enumerate(keys):
                self._compact.setdefault(key.replace(" ", ""), i)
            self._phonetic = phonetic
            self._skeleton = skeleton
            self._word_keys = words
            self._words = list(words)
            self._words_by_len: dict[int, list[str]] = {}
            for word in self._words:
                self._words_by_len.setdefault(len(word), []).append(word)
            # Drugs known under many names (many products/labels) win near-ties: a mild popularity prior.
            self._prior = {d: min(1.0, math.log1p(n) / 6) for d, n in name_counts.items()}
            self._stamp = stamp

    def _candidates(self, q: str, limit: int) -> dict[int, float]:
        """Fuzzy candidates: key index -> score (0-100) before drug-level preferences."""
        compact = q.replace(" ", "")
        out: dict[int, float] = {}

        def offer(index: int, score: float) -> None:
            if score > out.get(index, -1.0):
                out[index] = score

        def whole(index: int) -> float:
            key = self.keys[index]
            a, b = (compact, key.replace(" ", "")) if " " not in q else (q, key)
            distance = DamerauLevenshtein.distance(a, b)
            return _edit_score(distance, max(len(a), len(b)))

        # Whole names within a few edits: their length differs from the query's by at most the edit count,
        # so a +-25 % length window (at least 2) holds every match that can score well on the edit-distance
        # scale below; fuzz.ratio >= 60 prefilters inside it (rapidfuzz skips hopeless pairs early).
        window = max(2, int(len(q) * 0.25))
        best: list[tuple[float, int]] = []
        for length in range(max(1, len(q) - window), len(q) + window + 1):
            bucket = self._by_len.get(length)
            if not bucket:
                continue
            for _, score, pos in process.extract(
                q, bucket[0], scorer=fuzz.ratio, limit=max(20, limit * 3), score_cutoff=60, processor=None
            ):
                best.append((score, bucket[1][pos]))
        for _, index in sorted(best, reverse=True)[: max(20, limit * 3)]:
            offer(index, whole(index))
        vowels, skel = phonetic_keys(compact)
        for index in self._phonetic.get(vowels, []) if vowels else []:
            offer(index, min(93.0, whole(index) + 6.0))  # sound-alike: a bonus, not a floor
        for index in self._skeleton.get(skel, [])[:50] if skel else []:
            offer(index, min(90.0, whole(index) + 3.0))
        # A word of a longer name ("hydrocodone" in "hydrocodone and ibuprofen"): scored on the word,
        # minus a penalty for the rest of the name, so whole-name matches come first.
        tokens = [t for t in q.split() if len(t) >= 4]
        for token in tokens[:4]:
            # ratio >= 75 between a word and the token needs lengths within about 40 % of each other
            span = max(2, int(len(token) * 0.4))
            nearby = [
                w
                for n in range(len(token) - span, len(token) + span + 1)
                for w in self._words_by_len.get(n, ())
            ]
            for word, _, _ in process.extract(
                token, nearby, scorer=fuzz.ratio, limit=5, score_cutoff=75, processor=None
            ):
                distance = DamerauLevenshtein.distance(token, word)
                base = _edit_score(distance, max(len(token), len(word)))
                for index in self._word_keys[word][:200]:
                    extra = max(0, len(self.keys[index]) - len(q))
                    offer(index, base - 8.0 - min(20.0, extra * 0.5))
        return out

    def lookup(self, query: str, limit: int = 10) -> list[NameHit]:
        """Best drugs for a name query, exact matches first, then fuzzy (typos, sound-alikes, spacing)."""
        self.ensure_built()
        q = normalize_name(query)[:MAX_QUERY_LENGTH]
        if not q:
            return []
        scored: dict[int, tuple[float, str, str]] = {}

        def offer(index: int, score: float) -> None:
            for drug_id, name, kind in self.entries[index]:
                # prefer generic names, single-ingredient drugs and well-known drugs on near-equal scores
                adj = (
                    score
                    - 0.3 * KIND_PRIORITY[kind]
                    - (1.0 if " / " in self.drugs[drug_id][1] or " and " in self.drugs[drug_id][1] else 0)
                    + self._prior.get(drug_id, 0.0)
                )
                if drug_id not in scored or adj > scored[drug_id][0]:
                    scored[drug_id] = (adj, name, kind)

        exact = self._index.get(q)
        if exact is not None:
            offer(exact, 100.0 + 5)  # exact names always outrank fuzzy ones
            # the rest of the list: names that contain the query as a word ("metformin and glipizide");
            # no fuzzy search for a name the dictionary has (typo look-alikes add nothing there)
            for index in self._word_keys.get(q, [])[:200]:
                offer(index, 90.0 - min(20.0, max(0, len(self.keys[index]) - len(q)) * 0.5))
        compact = q.replace(" ", "")
        if compact in self._compact and self._compact[compact] != exact:  # "metfor min" -> "metformin"
            offer(self._compact[compact], 99.0)
        if exact is None:
            for index, score in self._candidates(q, limit).items():
                offer(index, min(score, 98.0))
        ranked = sorted(scored.items(), key=lambda item: -item[1][0])[:limit]
        return [
            NameHit(
                drug_id=drug_id,
                drug_slug=self.drugs[drug_id][0],
                drug_name=self.drugs[drug_id][1],
                matched_name=name,
                kind=kind,
                score=round(max(0.0, min(100.0, score)), 1),
            )
            for drug_id, (score, name, kind) in ranked
        ]


NAME_DICTIONARY = NameDictionary()

RANKED_MATCH_LIMIT = 20_000  # above this many matching sections, skip BM25 ranking (see section_search)
_FTS_TOKEN = re.compile(r"[\w]+", re.UNICODE)


def _fts_query_sqlite(text: str) -> str:
    tokens = _FTS_TOKEN.findall(text.lower())[:12]
    return " ".join(f'"{t}"' for t in tokens)


def _sqlite_section_rows(cursor, query: str, *, limit: int, drug_id: int | None) -> list[tuple[int, str]]:
    """(section id, snippet) best first, from the FTS5 table of search migration 0001."""
    match = _fts_query_sqlite(query)
    if not match:
        return []
    snippet = "snippet(search_section_fts, 0, '[', ']', ' … ', 24)"
    if drug_id is None:
        # Rank inside FTS5 first (ORDER BY rank LIMIT is its fast path), filter current versions after.
        # A term found in very many sections ranks nearly uniformly; newest rows first is as
        # good an order and avoids scoring every match (keeps p99 flat at 100k labels).
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_section_fts WHERE search_section_fts MATCH %s LIMIT %s)",
            [match, RANKED_MATCH_LIMIT + 1],
        )
        order = "rank" if cursor.fetchone()[0] <= RANKED_MATCH_LIMIT else "rowid DESC"
        cursor.execute(
            f"SELECT rowid, {snippet} FROM search_section_fts WHERE search_section_fts MATCH %s "
            f"ORDER BY {order} LIMIT %s",
            [match, limit * 5],
        )
    else:
        cursor.execute(
            f"SELECT f.rowid, {snippet} FROM search_section_fts f "
            "JOIN labels_section s ON s.id = f.rowid JOIN labels_labelversion v ON v.id = s.version_id "
            "JOIN drugs_druglabel dl ON dl.label_id = v.label_id "
            "WHERE search_section_fts MATCH %s AND v.is_current AND dl.drug_id = %s ORDER BY rank LIMIT %s",
            [match, drug_id, limit * 3],
        )
    return cursor.fetchall()


_PG_QUERY = "websearch_to_tsquery('english', %s)"
# PostgreSQL ranks at most this many matches (FTS5: RANKED_MATCH_LIMIT). ts_rank has to read each matching
# section's whole tsvector (~7 KB on average, TOASTed), where FTS5 scores from its index: ranking 15k
# matches took ~120 ms at 100k labels, 1,000 take ~10 ms. Above it, the newest matches come first.
PG_RANKED_MATCH_LIMIT = 1_000
# Newest-first sample: a query finding ``limit`` matches among this many newest sections, at a density
# implying more than PG_ESTIMATE_MARGIN x PG_RANKED_MATCH_LIMIT matches in all, is not counted exactly.
PG_NEWEST_SAMPLE_ROWS = 2_000
PG_ESTIMATE_MARGIN = 3
# Newest-first probe: examine at most this many of the newest current sections (a backward primary-key
# scan, stopping at ``limit`` matches) before falling back to sorting every match by id.
PG_NEWEST_PROBE_ROWS = 50_000
HEADLINE_WINDOW = 1_000  # characters of section text given to ts_headline (see _postgres_section_rows)
HEADLINE_REDO_CHARACTERS = 40_000  # at most this much text re-parsed when a window shows no query word
_TSQUERY_LEXEME = re.compile(r"(!?)'((?:[^']|'')+)'")


def _headline_stems(tsquery_text: str) -> list[str]:
    """The (not negated) lexemes of a tsquery, as word beginnings to look for: stems are mostly prefixes of
    the words they come from ("acidosi" of "acidosis"); a final "i" may stand for "y" ("injuri")."""
    stems = set()
    for negated, lexeme in _TSQUERY_LEXEME.findall(tsquery_text):
        stem = lexeme.replace("''", "'")
        stem = stem[:-1] if stem.endswith("i") and len(stem) > 3 else stem
        if not negated and stem:
            stems.add(stem)
    return sorted(stems)


def _headline_window(text: str, stems: list[str]) -> str:
    """HEADLINE_WINDOW characters of the first 20,000 of ``text``, from the earliest place where the most
    different query words occur close together (the window starts with a matched word, so that even when
    ts_headline finds no place with every word, the start it falls back to shows one highlighted)."""
    text = text[:20_000]
    lowered = text.lower()
    found = []
    for n, stem in enumerate(stems):  # str.find: far faster than a case-insensitive regex here
        at = lowered.find(stem)
        while at >= 0:
            if at == 0 or not lowered[at - 1].isalnum():
                found.append((at, n))
            at = lowered.find(stem, at + 1)
    found.sort()
    span = HEADLINE_WINDOW * 3 // 4
    counts: dict[int, int] = {}
    best_start, best_words, end = 0, 0, 0
    for start, word in found:  # sliding window over the matches, by position
        while end < len(found) and found[end][0] < start + span:
            counts[found[end][1]] = counts.get(found[end][1], 0) + 1
            end += 1
        if len(counts) > best_words:
            best_start, best_words = start, len(counts)
        counts[word] -= 1
        if not counts[word]:
            del counts[word]
    return text[best_start : best_start + HEADLINE_WINDOW]


def _pg_settings(cursor, **settings: str) -> dict[str, str]:
    """SET LOCAL the given planner settings; return their previous values (to pass back when done)."""
    names = list(settings)
    cursor.execute("SELECT " + ", ".join("current_setting(%s)" for _ in names), names)
    previous = dict(zip(names, cursor.fetchone(), strict=True))
    cursor.execute(
        "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names),
        [x for name in names for x in (name, settings[name])],
    )
    return previous


def _postgres_section_ids(cursor, query: str, *, limit: int, drug_id: int | None) -> list[int]:
    """Section ids best first, from ``search_section_current`` (search migration 0003): the tsvectors of
    current label versions only, so no join is needed to drop old versions. Runs inside a transaction."""
    if drug_id is not None:
        # A drug's own labels: its matches through the label index and GIN together (no tsvector read),
        # then the newest PG_RANKED_MATCH_LIMIT of them ranked. Extra rows in case the page shows another drug.
        previous = _pg_settings(
            cursor, enable_seqscan="off", enable_indexscan="off", max_parallel_workers_per_gather="0"
        )
        cursor.execute(
            "SELECT m.section_id FROM (SELECT c.section_id, c.tsv FROM search_section_current c "
            "WHERE c.label_id = ANY(ARRAY(SELECT label_id FROM drugs_druglabel WHERE drug_id = %s)) "
            f"AND c.tsv @@ {_PG_QUERY} ORDER BY c.section_id DESC LIMIT %s) AS m, {_PG_QUERY} AS q "
            "ORDER BY ts_rank(m.tsv, q) DESC, m.section_id DESC LIMIT %s",
            [drug_id, query, PG_RANKED_MATCH_LIMIT, query, limit * 3],
        )
        ids = [row[0] for row in cursor.fetchall()]
        _pg_settings(cursor, **previous)
        return ids
    # 1. The newest sections first (a backward scan of the primary key, no GIN): when ``limit`` matches
    # turn up within the newest PG_NEWEST_SAMPLE_ROWS sections, their density estimates the total. Well
    # above PG_RANKED_MATCH_LIMIT, the answer is these newest matches, unranked (as with FTS5), and the
    # GIN index (whose posting lists for several common words take ~10 ms to intersect) is never read.
    cursor.execute(
        "SELECT section_id, n FROM (SELECT section_id, tsv, row_number() OVER (ORDER BY section_id DESC) AS n "
        "FROM search_section_current ORDER BY section_id DESC LIMIT %s) AS newest "
        f"WHERE tsv @@ {_PG_QUERY} ORDER BY section_id DESC LIMIT %s",
        [PG_NEWEST_SAMPLE_ROWS, query, limit],
    )
    newest = cursor.fetchall()
    if len(newest) == limit:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'search_section_current'::regclass")
        sections = max(cursor.fetchone()[0], newest[-1][1])  # reltuples: -1 or stale before ANALYZE
        if limit * sections / newest[-1][1] > PG_ESTIMATE_MARGIN * PG_RANKED_MATCH_LIMIT:
            return [section_id for section_id, _ in newest]
    # 2. Count exactly (up to the limit), and rank, through the GIN index: a bitmap scan visits only
    # matching rows. Left alone, the planner prefers a sequential or parallel scan for words it thinks
    # common, which evaluates @@ (reading the tsvector) on every row it passes.
    previous = _pg_settings(
        cursor, enable_seqscan="off", enable_indexscan="off", max_parallel_workers_per_gather="0"
    )
    cursor.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM search_section_current WHERE tsv @@ {_PG_QUERY} LIMIT %s) AS m",
        [query, PG_RANKED_MATCH_LIMIT + 1],
    )
    ranked = cursor.fetchone()[0] <= PG_RANKED_MATCH_LIMIT
    if ranked:
        cursor.execute(
            f"SELECT c.section_id FROM search_section_current c, {_PG_QUERY} q "
            "WHERE c.tsv @@ q ORDER BY ts_rank(c.tsv, q) DESC, c.section_id DESC LIMIT %s",
            [query, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
    _pg_settings(cursor, **previous)
    if ranked:
        return ids
    if len(newest) == limit:
        return [section_id for section_id, _ in newest]
    # 3. Very many matches, but fewer than ``limit`` among the newest sections: look further back (from
    # where the sample ended), then (matches concentrated in old sections) sort them all.
    cursor.execute(
        "SELECT section_id FROM search_section_current ORDER BY section_id DESC OFFSET %s LIMIT 1",
        [PG_NEWEST_SAMPLE_ROWS - 1],
    )
    boundary = cursor.fetchone()
    ids = [section_id for section_id, _ in newest]
    if boundary is not None:
        cursor.execute(
            "SELECT section_id FROM (SELECT section_id, tsv FROM search_section_current WHERE section_id < %s "
            f"ORDER BY section_id DESC LIMIT %s) AS older WHERE tsv @@ {_PG_QUERY} "
            "ORDER BY section_id DESC LIMIT %s",
            [boundary[0], PG_NEWEST_PROBE_ROWS, query, limit - len(ids)],
        )
        ids += [row[0] for row in cursor.fetchall()]
    if boundary is not None and len(ids) < limit:
        cursor.execute(
            f"SELECT section_id FROM search_section_current WHERE tsv @@ {_PG_QUERY} "
            "ORDER BY section_id DESC LIMIT %s",
            [query, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return ids


def _pg_headlines(cursor, query: str, texts: dict[int, str]) -> dict[int, str]:
    cursor.execute(
        f"SELECT u.id, ts_headline('english', u.text, {_PG_QUERY}, "
        "'StartSel=[,StopSel=],MaxWords=40,MinWords=15,MaxFragments=1') "
        "FROM unnest(%s::int[], %s::text[]) AS u(id, text)",
        [query, list(texts), list(texts.values())],
    )
    return dict(cursor.fetchall())


def _postgres_section_rows(cursor, query: str, *, limit: int, drug_id: int | None) -> list[tuple[int, str]]:
    """(section id, headline) best first."""
    with transaction.atomic():
        ids = _postgres_section_ids(cursor, query, limit=limit, drug_id=drug_id)
    if not ids:
        return []
    # ts_headline parses all the text it is given (~0.1 ms per 1,000 characters on the 2-core dev box; it
    # used to get 20,000 for 3 x limit rows): now only the rows shown, each a HEADLINE_WINDOW-character
    # window of the first 20,000 characters where the most query words meet (_headline_window).
    cursor.execute(
        f"SELECT {_PG_QUERY}::text, s.id, left(s.text, 20000) FROM labels_section s WHERE s.id = ANY(%s)",
        [query, ids],
    )
    rows = cursor.fetchall()
    if not rows:
        return []
    stems = _headline_stems(rows[0][0])
    texts = {section_id: text for _, section_id, text in rows}
    windows = {section_id: _headline_window(text, stems) for section_id, text in texts.items()}
    headlines = _pg_headlines(cursor, query, windows)
    # The window missed (no highlighted word; e.g. a stem that is no prefix of its word): the old way,
    # over the first 20,000 characters, for those rows only, best first, up to HEADLINE_REDO_CHARACTERS.
    missed: dict[int, str] = {}
    budget = HEADLINE_REDO_CHARACTERS
    for i in ids:
        text = texts.get(i, "")
        if i in headlines and "[" not in headlines[i] and len(windows[i]) < len(text) <= budget:
            missed[i] = text
            budget -= len(text)
    if missed:
        headlines.update(_pg_headlines(cursor, query, missed))
    return [(i, headlines[i]) for i in ids if i in headlines]


def section_search(query: str, *, limit: int = 20, drug_id: int | None = None) -> list[SectionHit]:
    """Full-text search over the sections of current label versions, best first."""
    query = query[:MAX_QUERY_LENGTH]
    if not _FTS_TOKEN.search(query):
        return []
    rows_for = _sqlite_section_rows if connection.vendor == "sqlite" else _postgres_section_rows
    with connection.cursor() as cursor:
        rows = rows_for(cursor, query, limit=limit, drug_id=drug_id)
    snippets = dict(rows)
    sections = (
        Section.objects.filter(id__in=snippets, version__is_current=True)
        .select_related("version__label")
        .only(
            "id",
            "key",
            "title",
            "version__id",
            "version__version",
            "version__effective_date",
            "version__title",
            "version__label__id",
            "version__label__set_id",
            "version__label__title",
        )
    )
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
