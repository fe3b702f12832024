"""A seeded database written once per test worker, then copied row for row into each test's empty database.

Hundreds of tests start from the same state: the bundled plan loaded at the same instant, with a chat bound to
every unit. Reading and loading the plan through the ORM costs a quarter of a second each time; copying the
rows it wrote costs a few milliseconds. The first test of a worker to ask for a state (its key: the kind of
database and the seed's own arguments) seeds its database as before, and the rows are kept; each later test
with the same key, on an empty database, gets those rows back exactly: the same ids, the same stored values
(raw, without any type conversion: SQLite's own values, PostgreSQL's COPY text), the sequences moved on as
the seed would have left them. A database that is not empty is seeded the slow way, and nothing is kept.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Hashable

from sqlalchemy import Engine

from storage.models import Base

_KEPT: dict[tuple[str, Hashable], dict[str, object]] = {}


def seed_once(engine: Engine, key: Hashable, seed: Callable[[], None]) -> None:
    """`seed()` on this engine's database, or the rows an earlier `seed()` with the same key wrote there."""
    kind = engine.dialect.name
    if kind not in ("sqlite", "postgresql"):
        seed()
        return
    tables = [table.name for table in Base.metadata.sorted_tables]
    kept_key = (kind, key)
    with engine.begin() as connection:
        raw = connection.connection.driver_connection
        empty = _empty(raw, kind, tables)
        if empty and kept_key in _KEPT:
            _put(raw, kind, tables, _KEPT[kept_key])
            return
    seed()
    if empty:
        with engine.begin() as connection:
            _KEPT[kept_key] = _take(connection.connection.driver_connection, kind, tables)


def _empty(raw, kind: str, tables: list[str]) -> bool:  # noqa: ANN001 (a DB-API connection of either kind)
    cursor = raw.cursor()
    if kind == "sqlite":
        names = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        names = {row[0] for row in cursor.fetchall()}
    if names - {"alembic_version", "sqlite_sequence"} != set(tables):
        return False  # a table the models do not know of: copy nothing rather than half
    for table in tables:
        cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # noqa: S608 (the models' own table names)
        if cursor.fetchone() is not None:
            return False
    return True


def _take(raw, kind: str, tables: list[str]) -> dict[str, object]:  # noqa: ANN001
    cursor = raw.cursor()
    kept: dict[str, object] = {}
    for table in tables:
        if kind == "sqlite":
            kept[table] = cursor.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608
        else:
            text = io.BytesIO()
            with cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                for block in copy:
                    text.write(block)
            kept[table] = text.getvalue()
    if kind == "sqlite":  # AUTOINCREMENT tables remember their highest id there
        known = cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
        kept["sequences"] = cursor.execute("SELECT name, seq FROM sqlite_sequence").fetchall() if known else []
        return kept
    sequences = []
    for table in tables:  # each serial column's sequence, where the seed left it
        cursor.execute("SELECT pg_get_serial_sequence(%s, a.attname) FROM pg_attribute a "
                       "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
                       (f'"{table}"', f'"{table}"'))
        for (sequence,) in cursor.fetchall():
            if sequence:
                cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
                sequences.append((sequence, *cursor.fetchone()))
    kept["sequences"] = sequences
    return kept


def _put(raw, kind: str, tables: list[str], kept: dict[str, object]) -> None:  # noqa: ANN001
    cursor = raw.cursor()
    for table in tables:
        if kind == "sqlite":
            rows = kept[table]
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                cursor.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)  # noqa: S608
        elif kept[table]:
            with cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                copy.write(kept[table])
    if kind == "sqlite":
        for name, seq in kept["sequences"]:
            cursor.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (seq, name))
            if cursor.rowcount == 0:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (name, seq))
        return
    for sequence, value, called in kept["sequences"]:
        cursor.execute("SELECT setval(%s, %s, %s)", (sequence, value, called))
