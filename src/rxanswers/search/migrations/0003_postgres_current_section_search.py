"""PostgreSQL: search a narrow table holding only the sections of current label versions.

Migration 0002 kept a stored tsvector on every ``labels_section`` row (every version, plus the section text
on the same heap pages). A common word matched hundreds of thousands of rows there, and the bitmap heap scan
and the join to ``labels_labelversion.is_current`` dominated: p99 883 ms at 100k labels.
``search_section_current`` keeps (section id, version id, label id, tsvector) for current versions only, so
the GIN index and the heap it points into hold just what search may return, and the current-version filter
needs no join. Triggers keep it in sync inside the writing transaction (like the FTS5 triggers of 0001):

- a label version becoming current (``labels_recompute_current``) adds its sections, one that stops being
  current removes them;
- sections inserted into a current version are added; updated (text or version) or deleted sections follow;
- ``TRUNCATE labels_section`` (Django's flush in transactional tests) empties the table too.

The stored column of 0002 is dropped: nothing else reads it, and ingest no longer computes a tsvector for
sections of versions that are not current. SQLite (FTS5) is unaffected: this migration is a no-op there.
"""

from django.db import migrations

TSV = "to_tsvector('english'::regconfig, left({text}, 200000))"  # tsvector values are capped at 1 MB

FORWARD = [
    "CREATE TABLE search_section_current ("
    "section_id integer PRIMARY KEY, version_id integer NOT NULL, label_id integer NOT NULL, "
    "tsv tsvector NOT NULL)",
    # Reuse the tsvectors 0002 already computed instead of parsing every current section again.
    "INSERT INTO search_section_current (section_id, version_id, label_id, tsv) "
    "SELECT s.id, s.version_id, v.label_id, s.search_tsv FROM labels_section s "
    "JOIN labels_labelversion v ON v.id = s.version_id WHERE v.is_current ORDER BY s.id",
    # fastupdate=off: no pending list for every query to scan linearly after an ingest.
    "CREATE INDEX search_section_current_tsv ON search_section_current USING gin (tsv) WITH (fastupdate = off)",
    "CREATE INDEX search_section_current_version ON search_section_current (version_id)",
    "CREATE INDEX search_section_current_label ON search_section_current (label_id)",
    # A version that becomes current contributes its sections; one that stops being current loses them.
    f"""CREATE FUNCTION search_section_current_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.is_current THEN
        INSERT INTO search_section_current (section_id, version_id, label_id, tsv)
        SELECT s.id, s.version_id, NEW.label_id, {TSV.format(text="s.text")}
        FROM labels_section s WHERE s.version_id = NEW.id
        ON CONFLICT (section_id) DO NOTHING;
      ELSE
        DELETE FROM search_section_current WHERE version_id = NEW.id;
      END IF;
      RETURN NULL;
    END $$""",
    "CREATE TRIGGER search_section_current_version AFTER UPDATE OF is_current ON labels_labelversion "
    "FOR EACH ROW WHEN (NEW.is_current IS DISTINCT FROM OLD.is_current) "
    "EXECUTE FUNCTION search_section_current_version()",
    # Sections inserted into a version that is already current (one statement for a bulk insert).
    f"""CREATE FUNCTION search_section_current_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_section_current (section_id, version_id, label_id, tsv)
      SELECT n.id, n.version_id, v.label_id, {TSV.format(text="n.text")}
      FROM search_new_sections n JOIN labels_labelversion v ON v.id = n.version_id WHERE v.is_current;
      RETURN NULL;
    END $$""",
    "CREATE TRIGGER search_section_current_insert AFTER INSERT ON labels_section "
    "REFERENCING NEW TABLE AS search_new_sections FOR EACH STATEMENT "
    "EXECUTE FUNCTION search_section_current_insert()",
    f"""CREATE FUNCTION search_section_current_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM search_section_current WHERE section_id = OLD.id;
      INSERT INTO search_section_current (section_id, version_id, label_id, tsv)
      SELECT NEW.id, NEW.version_id, v.label_id, {TSV.format(text="NEW.text")}
      FROM labels_labelversion v WHERE v.id = NEW.version_id AND v.is_current;
      RETURN NULL;
    END $$""",
    "CREATE TRIGGER search_section_current_update AFTER UPDATE OF text, version_id ON labels_section "
    "FOR EACH ROW EXECUTE FUNCTION search_section_current_update()",
    """CREATE FUNCTION search_section_current_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM search_section_current c USING search_old_sections o WHERE c.section_id = o.id;
      RETURN NULL;
    END $$""",
    "CREATE TRIGGER search_section_current_delete AFTER DELETE ON labels_section "
    "REFERENCING OLD TABLE AS search_old_sections FOR EACH STATEMENT "
    "EXECUTE FUNCTION search_section_current_delete()",
    """CREATE FUNCTION search_section_current_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE search_section_current;
      RETURN NULL;
    END $$""",
    "CREATE TRIGGER search_section_current_truncate AFTER TRUNCATE ON labels_section "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_section_current_truncate()",
    "ANALYZE search_section_current",
    # The per-row stored tsvector of 0002 (and its GIN index) is no longer read.
    "DROP INDEX IF EXISTS search_section_tsv_stored",
    "ALTER TABLE labels_section DROP COLUMN IF EXISTS search_tsv",
]
BACKWARD = [
    "ALTER TABLE labels_section ADD COLUMN IF NOT EXISTS search_tsv tsvector "
    f"GENERATED ALWAYS AS ({TSV.format(text='text')}) STORED",
    "CREATE INDEX IF NOT EXISTS search_section_tsv_stored ON labels_section USING gin (search_tsv)",
    "DROP TRIGGER IF EXISTS search_section_current_truncate ON labels_section",
    "DROP TRIGGER IF EXISTS search_section_current_delete ON labels_section",
    "DROP TRIGGER IF EXISTS search_section_current_update ON labels_section",
    "DROP TRIGGER IF EXISTS search_section_current_insert ON labels_section",
    "DROP TRIGGER IF EXISTS search_section_current_version ON labels_labelversion",
    "DROP FUNCTION IF EXISTS search_section_current_truncate()",
    "DROP FUNCTION IF EXISTS search_section_current_delete()",
    "DROP FUNCTION IF EXISTS search_section_current_update()",
    "DROP FUNCTION IF EXISTS search_section_current_insert()",
    "DROP FUNCTION IF EXISTS search_section_current_version()",
    "DROP TABLE IF EXISTS search_section_current",
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
    dependencies = [("search", "0002_postgres_stored_tsvector"), ("labels", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
