"""Label full-text search (``section_search``) on SQLite FTS5 and on PostgreSQL's current-section table.

The data is made here through the real ingest service, so these run with or without the bundled dataset.
On PostgreSQL they also check that the triggers of search migration 0003 keep ``search_section_current``
in step with label versions becoming (or ceasing to be) current and with section edits.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from rxanswers.core.models import DataSource
from rxanswers.drugs.models import Drug, DrugLabel
from rxanswers.labels.models import Label, LabelVersion, Section
from rxanswers.labels.services import label_versions_ingest
from rxanswers.search import fulltext
from rxanswers.search.selectors import section_search
from rxanswers.sources.records import LabelRecord, SectionRecord

pytestmark = pytest.mark.django_db

# Made-up words that no real label contains, so only this module's sections can match them.
OLD_WORD = "zorblaxine"
NEW_WORD = "quandrofyl"
SHARED = "vextrimol"


def _source() -> DataSource:
    return DataSource.objects.get_or_create(key="test-search-fts", defaults={"name": "search test"})[0]


def _record(set_id: str, version: int, texts: dict[str, str], day: int = 1) -> LabelRecord:
    return LabelRecord(
        set_id=set_id,
        source="test",
        source_file="tests/web/test_search_fts.py",
        position=f"{set_id} v{version}",
        spl_id=f"{set_id}-{version}",
        version=version,
        effective_date=date(2024, 1, day),
        title=f"Test label {set_id}",
        sections=[SectionRecord(key=k, text=t, order=i) for i, (k, t) in enumerate(texts.items())],
    )


def _ingest(record: LabelRecord) -> LabelVersion:
    created, _ = label_versions_ingest(records=[record], source=_source())
    return created[0]


def _ids(hits) -> set[int]:
    return {h.section_id for h in hits}


def _current_table_ids() -> set[int] | None:
    """Section ids in PostgreSQL's ``search_section_current`` (None on SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT section_id FROM search_section_current")
        return {row[0] for row in cursor.fetchall()}


def test_only_current_versions_are_found_and_follow_a_new_version():
    v1 = _ingest(
        _record(
            "fts-a", 1, {"warnings": f"Risk of {OLD_WORD} toxicity with {SHARED}.", "dosage": "Once daily."}
        )
    )
    hits = section_search(OLD_WORD)
    assert [h.section_id for h in hits] == list(
        v1.sections.filter(key="warnings").values_list("id", flat=True)
    )
    assert hits[0].version_pk == v1.pk and hits[0].set_id == "fts-a"
    assert "[" in hits[0].snippet and "]" in hits[0].snippet  # the matched term is highlighted

    v2 = _ingest(_record("fts-a", 2, {"warnings": f"Risk of {NEW_WORD} toxicity with {SHARED}."}, day=2))
    v1.refresh_from_db()
    assert not v1.is_current and LabelVersion.objects.get(pk=v2.pk).is_current
    assert section_search(OLD_WORD) == []
    new_ids = set(v2.sections.values_list("id", flat=True))
    assert _ids(section_search(NEW_WORD)) == new_ids
    assert _ids(section_search(SHARED)) == new_ids  # the old version's section is not returned
    table = _current_table_ids()
    if table is not None:
        assert new_ids <= table and not table & set(v1.sections.values_list("id", flat=True))


def test_sections_of_an_already_current_version_edits_and_deletes_are_in_sync():
    label = Label.objects.create(set_id="fts-direct")
    version = LabelVersion.objects.create(
        label=label, source=_source(), source_file="x", content_hash="h", is_current=True
    )
    section = Section.objects.create(version=version, key="warnings", text=f"Contains {OLD_WORD}.")
    assert _ids(section_search(OLD_WORD)) == {section.id}

    section.text = f"Now mentions {NEW_WORD} instead."
    section.save(update_fields=["text"])
    assert section_search(OLD_WORD) == []
    assert _ids(section_search(NEW_WORD)) == {section.id}

    LabelVersion.objects.filter(pk=version.pk).update(is_current=False)
    assert section_search(NEW_WORD) == []
    LabelVersion.objects.filter(pk=version.pk).update(is_current=True)
    assert _ids(section_search(NEW_WORD)) == {section.id}

    Section.objects.filter(pk=section.pk).delete()
    assert section_search(NEW_WORD) == []
    table = _current_table_ids()
    if table is not None:
        assert section.id not in table


def test_drug_filter_keeps_only_that_drugs_labels():
    a = _ingest(_record("fts-drug-a", 1, {"warnings": f"{SHARED} may cause drowsiness."}))
    b = _ingest(_record("fts-drug-b", 1, {"warnings": f"{SHARED} may cause headache."}))
    drug_a = Drug.objects.create(key="fts drug a", slug="fts-drug-a", name="fts drug a")
    drug_b = Drug.objects.create(key="fts drug b", slug="fts-drug-b", name="fts drug b")
    DrugLabel.objects.create(drug=drug_a, label_id=a.label_id)
    DrugLabel.objects.create(drug=drug_b, label_id=b.label_id)
    assert len(section_search(SHARED)) == 2
    hits = section_search(SHARED, drug_id=drug_b.id)
    assert [h.drug_slug for h in hits] == ["fts-drug-b"]
    assert _ids(hits) == set(b.sections.values_list("id", flat=True))


def test_all_words_must_match_and_the_limit_holds():
    for n in range(6):
        extra = f" {NEW_WORD}" if n % 2 else ""
        _ingest(_record(f"fts-many-{n}", 1, {"warnings": f"{SHARED} section {n}.{extra}"}))
    assert len(section_search(SHARED, limit=20)) == 6
    assert len(section_search(SHARED, limit=4)) == 4
    both = section_search(f"{SHARED} {NEW_WORD}")
    assert len(both) == 3 and all(NEW_WORD in h.snippet for h in both)


@pytest.mark.parametrize("probe_rows", [50_000, 1])
def test_very_common_terms_skip_ranking_and_come_newest_first(monkeypatch, probe_rows):
    for n in range(5):
        _ingest(_record(f"fts-common-{n}", 1, {"warnings": f"{SHARED} {SHARED} {'filler ' * n}end."}))
    ranked = section_search(SHARED)
    # These 5 matches now count as "very many" (FTS5 and PostgreSQL thresholds); probe_rows=1 makes the
    # PostgreSQL newest-first probe come up short, so it falls back to sorting every match.
    monkeypatch.setattr(fulltext, "RANKED_MATCH_LIMIT", 2)
    monkeypatch.setattr(fulltext, "PG_RANKED_MATCH_LIMIT", 2)
    monkeypatch.setattr(fulltext, "PG_NEWEST_PROBE_ROWS", probe_rows)
    newest = section_search(SHARED, limit=3)
    assert [h.section_id for h in newest] == sorted(_ids(ranked), reverse=True)[:3]
    assert all(f"[{SHARED}]" in h.snippet.lower() for h in newest)


def test_postgres_headline_window_starts_where_the_query_words_meet():
    stems = fulltext._headline_stems("'renal' & 'impair' & !'liver' & 'injuri'")
    assert stems == ["impair", "injur", "renal"]  # negated lexemes are no hints; "injuri" also finds "injury"
    text = "Renal function. " + "x " * 2000 + "Injury in renal impairment is rare. " + "y " * 2000
    window = fulltext._headline_window(text, stems)
    assert window.startswith("Injury in renal impairment") and len(window) == fulltext.HEADLINE_WINDOW
    assert fulltext._headline_window("no match here", stems) == "no match here"
    assert fulltext._headline_window("Brenal is no word here", ["renal"]).startswith("Brenal")
