"""Full-text index over label sections: SQLite FTS5 (external content + triggers) or a PostgreSQL GIN index."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_section_fts USING fts5("
    "text, content='labels_section', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_section_ai AFTER INSERT ON labels_section BEGIN "
    "INSERT INTO search_section_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER search_section_ad AFTER DELETE ON labels_section BEGIN "
    "INSERT INTO search_section_fts(search_section_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER search_section_au AFTER UPDATE OF text ON labels_section BEGIN "
    "INSERT INTO search_section_fts(search_section_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_section_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO search_section_fts(search_section_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_section_au",
    "DROP TRIGGER IF EXISTS search_section_ad",
    "DROP TRIGGER IF EXISTS search_section_ai",
    "DROP TABLE IF EXISTS search_section_fts",
]
# tsvector values are capped at 1 MB: index (and query) the first 200,000 characters of each section.
POSTGRES_FORWARD = [
    "CREATE INDEX search_section_tsv ON labels_section "
    "USING gin (to_tsvector('english'::regconfig, left(text, 200000)))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS search_section_tsv"]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("labels", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
