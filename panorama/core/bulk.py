"""Writing many rows of one model in a few statements, for imports of tens of thousands of rows.

`bulk_create` spends most of its time preparing each value of each object (about 10 µs a line of a
finance return: five times the cost of reading, checking and planning the line). These helpers take
values the caller has already checked — a return kind's plan has checked every cell — and prepare
only the ones the database driver cannot take as they are: a value the same for every row (a
timestamp, the body, the year) is prepared once, and a default such as a new UUID once per row.
They write through Django's own connection, in the caller's transaction, on SQLite and PostgreSQL.
"""

from collections.abc import Callable, Iterable, Sequence
from itertools import chain, islice
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

from panorama.core.ids import uuid7, uuid7_hexes

# Rows in one INSERT on SQLite: 100 runs the insert of a 100,000-line return in half the time of one
# row a statement; more gains nothing measurable (bench/notes_returns.md).
ROWS_PER_STATEMENT = 100

# Fields whose Python values (str, int, bool, Decimal) both drivers take as they are.
_AS_THEY_ARE = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DecimalField,
)


def _direct(field: models.Field) -> bool:
    if isinstance(field, models.ForeignKey):
        return _direct(field.target_field)
    return isinstance(field, _AS_THEY_ARE)


def insert_rows(
    *,
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: dict[str, Any] | None = None,
) -> int:
    """Insert rows of `model` and return how many. Each row gives the values
    of `fields` (attribute names, e.g. "programme_id"), already valid; `constants` gives values the
    same for every row. Any other field takes its default: auto_now(_add) timestamps the time of the
    write, a callable default (a UUID) is called per row."""
    constants = dict(constants or {})
    db = connections[router.db_for_write(model)]
    meta = model._meta
    given = [meta.get_field(name) for name in fields]
    makers: list[Callable[[], Any]] = []  # a value made afresh for each row, ready for the driver
    per_row: list[models.Field] = []
    now = timezone.now()
    for field in meta.concrete_fields:
        if field.primary_key or field in given or field.attname in constants or field.name in constants:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            constants[field.attname] = now
        elif field.has_default() and callable(field.default):
            per_row.append(field)
            if isinstance(field, models.UUIDField) and field.default is uuid7:
                # A new public id per row, as text both databases take for a UUID column, without
                # UUIDField.get_db_prep_value's call per row (a tenth of the whole insert).
                makers.append(uuid7_hexes().__next__)
            else:
                makers.append(lambda field=field: field.get_db_prep_save(field.default(), db))
        elif field.has_default():
            constants[field.attname] = field.get_default()
        else:
            raise ValueError(f"insert_rows: no value for {meta.label}.{field.name}")
    fixed = [(meta.get_field(name), value) for name, value in constants.items()]
    fixed_values = tuple(field.get_db_prep_save(value, db) for field, value in fixed)
    prepare = [None if _direct(field) else field for field in given]
    direct = not any(prepare)  # the common case: every given value goes to the driver as it is
    columns = [*given, *per_row, *(field for field, _ in fixed)]
    quote = db.ops.quote_name
    column_sql = ", ".join(quote(field.column) for field in columns)
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"

    def prepared(row: Sequence[Any]) -> tuple[Any, ...]:
        values = (
            tuple(row)
            if direct
            else tuple(
                v if f is None else f.get_db_prep_save(v, db) for f, v in zip(prepare, row, strict=True)
            )
        )
        return (*values, *[make() for make in makers], *fixed_values)

    def prepared_batch(batch: list[Sequence[Any]]) -> list[tuple[Any, ...]]:
        if direct and len(makers) == 1:
            # The common case (values as given, a new public id, the constants), without a
            # function call per row: a tenth of a second of a 100,000-row insert.
            make = makers[0]
            return [(*row, make(), *fixed_values) for row in batch]
        return [prepared(row) for row in batch]

    # Names from the model's own metadata, quoted; every value is a parameter.
    insert = f"INSERT INTO {quote(meta.db_table)} ({column_sql}) VALUES "  # noqa: S608
    count = 0
    with db.cursor() as cursor:
        if db.vendor == "sqlite":
            # One statement of ROWS_PER_STATEMENT rows, prepared once and run again and again with
            # the next rows' values. Each run of a statement has a fixed cost (and, as Django makes
            # the table with AUTOINCREMENT, writes the table's sequence), which a statement per row
            # pays 100,000 times over: this halves the insert of a 100,000-line return.
            per = max(1, min(ROWS_PER_STATEMENT, db.features.max_query_params // len(columns)))
            many = insert + ", ".join([row_sql] * per)
            # In batches, because Django's executemany keeps every row it has been given in memory.
            rows = iter(rows)
            while batch := list(islice(rows, per * 50)):
                params = prepared_batch(batch)
                whole = len(params) - len(params) % per
                if whole:
                    cursor.executemany(
                        many, [tuple(chain.from_iterable(params[i : i + per])) for i in range(0, whole, per)]
                    )
                if whole < len(params):
                    cursor.executemany(insert + row_sql, params[whole:])
                count += len(batch)
            return count
        # PostgreSQL (the only other database Panorama runs on): COPY, its own bulk load, a row at
        # a time down one stream (a multi-row INSERT has every value interpolated into its text
        # first, which takes longer than the load).
        copy_sql = f"COPY {quote(meta.db_table)} ({column_sql}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(prepared(row))
                count += 1
        return count


def update_rows(*, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Set `fields` (attribute names) of many rows of `model`: each row is (primary key, *values),
    values already valid. One statement run for every row, not a statement built per row."""
    db = connections[router.db_for_write(model)]
    meta = model._meta
    given = [meta.get_field(name) for name in fields]
    quote = db.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in given)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    prepare = [None if _direct(field) else field for field in given]
    params = [
        [
            *(v if f is None else f.get_db_prep_save(v, db) for f, v in zip(prepare, values, strict=True)),
            pk,
        ]
        for pk, *values in rows
    ]
    if params:
        with db.cursor() as cursor:
            cursor.executemany(sql, params)
