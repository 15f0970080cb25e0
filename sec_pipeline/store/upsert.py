"""Idempotent bulk upserts: `INSERT ... ON CONFLICT (primary key) DO UPDATE`, per dialect, chunked."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, Table, bindparam, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from sec_pipeline.store.schema import UTCDateTime

CHUNK_ROWS = 1000


def _coerce_date(table: Table, column: str, value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{table.name}.{column}={value!r} is not a date; pass a datetime.date or 'YYYY-MM-DD'")


def _coerce_timestamp(table: Table, column: str, value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{table.name}.{column}={value!r} is not a timestamp; pass an aware datetime")


def normalize_rows(table: Table, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Validate column names and coerce dates; keep the last row of each primary key, in key order.

    Raises ValueError naming the table and the offending column or key when a row cannot be written.
    """
    columns = table.c
    pk = [c.name for c in table.primary_key.columns]
    by_key: dict[tuple[Any, ...], dict[str, Any]] = {}
    for index, raw in enumerate(rows):
        row = dict(raw)
        unknown = sorted(set(row) - set(columns.keys()))
        if unknown:
            raise ValueError(
                f"{table.name} row {index} has unknown column(s) {unknown}; known: {sorted(columns.keys())}"
            )
        missing = [name for name in pk if row.get(name) in (None, "")]
        if missing:
            raise ValueError(f"{table.name} row {index} lacks its key column(s) {missing}: {row!r:.200}")
        for name, value in row.items():
            col_type = columns[name].type
            if isinstance(col_type, Date):
                row[name] = _coerce_date(table, name, value)
            elif isinstance(col_type, UTCDateTime):
                row[name] = _coerce_timestamp(table, name, value)
        by_key[tuple(row[name] for name in pk)] = row
    # Sorted by key: concurrent writers lock rows in the same order, so they cannot deadlock.
    return [by_key[key] for key in sorted(by_key, key=lambda k: tuple(str(v) for v in k))]


def upsert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    normalized: bool = False,
    insert_only: Collection[str] = (),
) -> int:
    """Insert `rows` into `table`, updating the columns they carry where the key exists already.

    Rows may carry different column sets: each set is written with its own statement, and only the
    columns a row carries are updated on conflict, except `insert_only` ones (such as created_at), which
    keep their first value. Returns the number of distinct keys written.
    """
    prepared = list(rows) if normalized else normalize_rows(table, rows)
    if not prepared:
        return 0
    dialect = conn.dialect.name
    if dialect == "postgresql":
        insert_fn: Any = postgresql.insert
    elif dialect == "sqlite":
        insert_fn = sqlite.insert
    else:  # pragma: no cover - normalize_url rejects other backends
        raise ValueError(f"upserts support sqlite and postgresql, not {dialect}")
    pk = [c.name for c in table.primary_key.columns]
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in prepared:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    required = {
        c.name for c in table.columns
        if not c.nullable and c.default is None and c.server_default is None and not c.primary_key
    }
    for keys, group in groups.items():
        if required - set(keys):
            kept = tuple(name for name in keys if name not in insert_only)
            _update_existing(conn, table, pk, kept, group, sorted(required - set(keys)))
            continue
        stmt = insert_fn(table)
        update = {name: stmt.excluded[name] for name in keys if name not in pk and name not in insert_only}
        if update:
            stmt = stmt.on_conflict_do_update(index_elements=pk, set_=update)
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=pk)
        for start in range(0, len(group), CHUNK_ROWS):
            conn.execute(stmt, group[start : start + CHUNK_ROWS])
    return len(prepared)


def _update_existing(
    conn: Connection,
    table: Table,
    pk: list[str],
    keys: tuple[str, ...],
    rows: Sequence[Mapping[str, Any]],
    missing: list[str],
) -> None:
    """Update rows that lack required columns: they can only change rows that exist already."""
    key_values = [tuple(row[name] for name in pk) for row in rows]
    found: set[tuple[Any, ...]] = set()
    key_columns = tuple_(*(table.c[name] for name in pk))
    for start in range(0, len(key_values), CHUNK_ROWS):
        chunk = key_values[start : start + CHUNK_ROWS]
        found.update(tuple(r) for r in conn.execute(select(*(table.c[n] for n in pk)).where(key_columns.in_(chunk))))
    absent = [key for key in key_values if key not in found]
    if absent:
        raise ValueError(
            f"{table.name}: {len(absent)} new row(s), e.g. key {absent[0]}, lack required column(s) {missing}; "
            "pass them, or update only rows that exist"
        )
    values = [name for name in keys if name not in pk]
    if not values:
        return
    stmt = (
        update(table)
        .where(*(table.c[name] == bindparam(f"k_{name}") for name in pk))
        .values({name: bindparam(f"v_{name}") for name in values})
    )
    params = [{**{f"k_{n}": row[n] for n in pk}, **{f"v_{n}": row[n] for n in values}} for row in rows]
    for start in range(0, len(params), CHUNK_ROWS):
        conn.execute(stmt, params[start : start + CHUNK_ROWS])
