"""PostgreSQL: GIN fastupdate back on for ``search_section_current`` (0003 turned it off), with a 1 MB pending list.

Measured with ``bench/bench_ingest.py`` (10,000 labels, 2-core box): fastupdate off 114 labels/s, on with the
default 4 MB pending list 195 labels/s, on with 1 MB 188 labels/s. A query through the index also scans the
pending list; 1 MB keeps that under ~1 ms, and most searches for common words do not use the index at all
(``search.fulltext._postgres_section_ids``). Autovacuum and full pending lists merge it into the index.
SQLite: no-op.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER INDEX search_section_current_tsv SET (fastupdate = on, gin_pending_list_limit = 1024)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX search_section_current_tsv SET (fastupdate = off)")
        schema_editor.execute("ALTER INDEX search_section_current_tsv RESET (gin_pending_list_limit)")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_current_section_search")]
    operations = [migrations.RunPython(forward, backward)]
