"""Writing generated rows fast: COPY on PostgreSQL, executemany on SQLite.

Rows carry their primary keys, assigned by the generator, so that foreign keys are known without
reading anything back; the sequences are moved past them at the end (``reset_sequences``).
"""

import json
from contextlib import contextmanager
from operator import itemgetter

from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.models import JSONField

BATCH = 20_000


class Table:
    """Rows of one model, buffered and flushed in batches."""

    def __init__(self, model):
        self.model = model
        # Every column is written: the ones a row leaves out take the field's default.
        self.fields = list(model._meta.concrete_fields)
        self.names = [f.name for f in self.fields]
        self.defaults = {f.name: f.get_default() for f in self.fields}
        self.pick = itemgetter(*self.names)
        # COPY takes Python values as they are, except JSON, which goes as text.
        self.json = [i for i, f in enumerate(self.fields) if isinstance(f, JSONField)]
        self.rows = []
        self.written = 0
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        table = connection.ops.quote_name(model._meta.db_table)
        if connection.vendor == "postgresql":
            self.sql = f"COPY {table} ({columns}) FROM STDIN"
        else:
            marks = ", ".join("%s" for _ in self.fields)
            # Names come from the model's own metadata, never from input.
            self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608

    def add(self, row):
        """``row`` maps field names to values (foreign keys as pks); defaults fill the rest."""
        self.rows.append(self.pick({**self.defaults, **row}))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(self.sql) as copy:
                    for row in self.rows:
                        if self.json:
                            row = list(row)
                            for i in self.json:
                                row[i] = _json(row[i])
                        copy.write_row(row)
            else:
                prepared = [
                    [
                        f.get_db_prep_save(v, connection)
                        for f, v in zip(self.fields, row, strict=True)
                    ]
                    for row in self.rows
                ]
                cursor.executemany(self.sql, prepared)
        self.written += len(self.rows)
        self.rows = []


class Dumped(dict):
    """A JSON object that carries its own compact, key-sorted text, so that a large document
    (a month's figures) is serialised once for its digest and for COPY."""

    def __init__(self, value):
        super().__init__(value)
        self.text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _json(value):
    if value is None:
        return None
    if isinstance(value, Dumped):
        return value.text
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@contextmanager
def loading(models):
    """On PostgreSQL, drop the secondary (non-unique) indexes of ``models`` while rows are
    copied in and build them once afterwards, and skip per-row foreign-key triggers where the
    role may (superuser): maintaining thirty indexes row by row is what makes a million
    projects slow. Unique indexes stay, so duplicates are still refused. Everything is inside
    the caller's transaction: on failure the indexes come back with the rollback."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = ANY(%s) "
            "AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
            [tables],
        )
        dropped = cursor.fetchall()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for name, _definition in dropped:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            pass  # not a superuser: foreign keys are checked row by row, which is only slower
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        # Deferred foreign-key checks still queued must run before an index can be built.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for _name, definition in dropped:
            cursor.execute(definition)


def next_id(model):
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(models):
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
