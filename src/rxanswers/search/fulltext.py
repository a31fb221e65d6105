"""Full-text search over the sections of current label versions: SQLite FTS5 (search migration 0001), or on
PostgreSQL the trigger-maintained ``search_section_current`` table of tsvectors (0003); docs/benchmarks.md
explains the PostgreSQL query strategy.
"""

from __future__ import annotations

import re

from django.db import connection, transaction

from rxanswers.drugs.models import Drug
from rxanswers.labels.models import LabelVersion, Section
from rxanswers.search.results import MAX_QUERY_LENGTH, SectionHit

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
