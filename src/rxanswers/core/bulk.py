"""Plain-value bulk inserts for the large bundled tables (NDC products and packages, drug names and classes).

``Model.objects.bulk_create`` builds a model instance per row and compiles every value through the ORM; for the
NDC directory (about 690,000 rows with their names and classes) that was three quarters of the load time, while
SQLite itself spent a tenth of it. ``insert_rows`` takes plain dicts keyed by field attribute names, prepares
only the values whose database form differs from the Python one (dates, JSON) with the field's own
``get_db_prep_save``, and runs them with the backend's own conflict clause
(``INSERT OR IGNORE`` / ``ON CONFLICT ... DO UPDATE`` on SQLite, ``ON CONFLICT`` on PostgreSQL), so both
backends keep Django's semantics for ``ignore_conflicts`` and ``update_conflicts``. SQLite gets one
``executemany`` per batch; PostgreSQL gets COPY into a temporary table and one INSERT ... SELECT (psycopg's
``Cursor.copy``), because there the per-statement round trips, not the rows, were the cost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from django.db import connection, transaction
from django.db.models.constants import OnConflict

# Field types whose Python values the database drivers take as they are.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def _preparer(field) -> Callable[[Any], Any] | None:
    if field.get_internal_type() in _AS_IS:
        return None
    return lambda value: None if value is None else field.get_db_prep_save(value, connection)


def insert_rows(
    model,
    rows: Sequence[Mapping[str, Any]],
    *,
    conflict: Literal["ignore", "update"] = "ignore",
    unique_fields: Sequence[str] = (),
    update_fields: Sequence[str] = (),
    count_new: bool = False,
    batch_size: int = 2000,
) -> int:
    """Insert ``rows`` (dicts with the same keys: field attribute names such as ``drug_id``; fields left out get
    their model default) into ``model``'s table. A row that conflicts with a unique constraint is skipped (``conflict="ignore"``) or updates
    ``update_fields`` of the stored row matched on ``unique_fields`` (``"update"``). With ``count_new``, returns
    how many rows are new (the table's size before and after); otherwise 0."""
    if not rows:
        return 0
    if conflict == "update" and not (unique_fields and update_fields):
        raise ValueError("conflict='update' needs unique_fields and update_fields")
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    given = list(rows[0])
    unknown = [n for n in given if n not in by_attname]
    if unknown:
        raise ValueError(f"{model.__name__} has no field {', '.join(unknown)}")
    # Fields a row leaves out get their model default, as bulk_create gives them.
    defaults = {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if f.attname not in given and not f.primary_key
    }
    names = given + list(defaults)
    fields = [by_attname[n] for n in names]
    preparers = [(i, p) for i, p in enumerate(_preparer(f) for f in fields) if p is not None]
    ops = connection.ops
    on_conflict = OnConflict.UPDATE if conflict == "update" else OnConflict.IGNORE
    column = {f.attname: f.column for f in model._meta.concrete_fields} | {
        f.name: f.column for f in model._meta.concrete_fields
    }
    suffix = ops.on_conflict_suffix_sql(
        fields, on_conflict, [column[n] for n in update_fields], [column[n] for n in unique_fields]
    )
    before = model._default_manager.count() if count_new else 0

    def prepared(chunk):
        for row in chunk:
            values = [row[n] for n in given] + list(defaults.values())
            for i, prepare in preparers:
                values[i] = prepare(values[i])
            yield values

    table, columns = ops.quote_name(model._meta.db_table), ", ".join(ops.quote_name(f.column) for f in fields)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy_then_insert(
                cursor, table, columns, ops.insert_statement(on_conflict=on_conflict), suffix, prepared(rows)
            )
        else:
            sql = "{} {} ({}) VALUES ({}) {}".format(
                ops.insert_statement(on_conflict=on_conflict),
                table,
                columns,
                ", ".join(["%s"] * len(fields)),
                suffix,
            ).strip()
            for start in range(0, len(rows), batch_size):
                cursor.executemany(sql, list(prepared(rows[start : start + batch_size])))
    return model._default_manager.count() - before if count_new else 0


def _copy_then_insert(cursor, table: str, columns: str, insert: str, suffix: str, values) -> None:
    """PostgreSQL: COPY the rows into a temporary table of the same columns, then one INSERT ... SELECT with the
    conflict clause (row by row, the server round trips took most of the time). Rows keep their order."""
    scratch = "rx_bulk_rows"
    cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
    cursor.execute(f"CREATE TEMPORARY TABLE {scratch} AS SELECT {columns} FROM {table} WITH NO DATA")
    cursor.execute(f"ALTER TABLE {scratch} ADD COLUMN rx_position bigserial")
    with cursor.copy(f"COPY {scratch} ({columns}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)
    cursor.execute(
        f"{insert} {table} ({columns}) SELECT {columns} FROM {scratch} ORDER BY rx_position {suffix}"
    )
    cursor.execute(f"DROP TABLE {scratch}")
