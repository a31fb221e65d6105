"""Search reads: drug names first (typo-tolerant, rapidfuzz over the name dictionary), then label text.

Name search keeps an in-memory dictionary of every DrugName (built once per process, rebuilt when the
name table changes). Full-text search covers the sections of current label versions: SQLite FTS5 (search
migration 0001), or on PostgreSQL the trigger-maintained ``search_section_current`` table of tsvectors (0003);
docs/benchmarks.md explains the PostgreSQL query strategy.

The value objects are in ``results``, name search in ``names``, full text in ``fulltext``; this module
runs both (``search``) and re-exports their public names, so callers import from one place.
"""

from __future__ import annotations

from rxanswers.search.fulltext import section_search
from rxanswers.search.names import NAME_DICTIONARY, NameDictionary, phonetic_keys
from rxanswers.search.results import (
    CONFIDENT_MARGIN,
    CONFIDENT_SCORE,
    MAX_QUERY_LENGTH,
    NameHit,
    SearchResults,
    SectionHit,
    query_problem,
)

__all__ = [
    "CONFIDENT_MARGIN",
    "CONFIDENT_SCORE",
    "MAX_QUERY_LENGTH",
    "NAME_DICTIONARY",
    "NameDictionary",
    "NameHit",
    "SearchResults",
    "SectionHit",
    "phonetic_keys",
    "query_problem",
    "search",
    "section_search",
]


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
