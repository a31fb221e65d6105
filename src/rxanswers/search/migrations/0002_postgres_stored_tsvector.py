"""PostgreSQL: keep each section's tsvector in a stored generated column (indexed with GIN).

Ranking with ``ts_rank`` needs the tsvector of every matching row; computing ``to_tsvector`` on the fly for
tens of thousands of matches is what made PostgreSQL search slow at scale. SQLite (FTS5) is unaffected.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE labels_section ADD COLUMN search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, left(text, 200000))) STORED",
    "CREATE INDEX search_section_tsv_stored ON labels_section USING gin (search_tsv)",
    "DROP INDEX IF EXISTS search_section_tsv",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS search_section_tsv ON labels_section "
    "USING gin (to_tsvector('english'::regconfig, left(text, 200000)))",
    "DROP INDEX IF EXISTS search_section_tsv_stored",
    "ALTER TABLE labels_section DROP COLUMN IF EXISTS search_tsv",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_section_fulltext")]
    operations = [migrations.RunPython(forward, backward)]
