"""The schema a database should have, and what differs from it: what `restore` and `doctor` check.

The reference is what the migrations themselves make: on SQLite they run into a temporary file, on
PostgreSQL into a schema of a transaction that is rolled back (storage.schema_pg). A database is then
described object by object, as (type, name) -> normalised definition, and the two descriptions compared.
Anything the migrations do not make is refused by name: a trigger can bind a chat, a view can stand in
for a table and answer what it likes, and neither is data.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic.script import ScriptDirectory

from storage.migrate import alembic_config

MANIFEST_TABLE = "nhacviec_backup_manifest"  # the manifest a SQLite backup carries inside (storage.manifest)
MANIFEST_SQL = f"CREATE TABLE {MANIFEST_TABLE} (manifest TEXT NOT NULL)"
SQLITE_STATISTICS = {"sqlite_stat1", "sqlite_stat4"}  # what ANALYZE or PRAGMA optimize writes: figures only

Description = dict[tuple[str, str], str]  # (type, name) -> normalised definition


@dataclass(frozen=True)
class SchemaProblem:
    """One difference from the migrations' schema: extra (not made by them), missing, or changed."""

    kind: str  # extra | missing | changed
    type: str  # table | view | trigger | index | function | ...
    name: str


def known_revisions() -> list[str]:
    """Every revision the code knows, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    return known_revisions()[-1]


def compare(actual: Description, reference: Description) -> list[SchemaProblem]:
    """Extra objects first (they are what may act), then missing ones, then the changed."""
    extra = [SchemaProblem("extra", t, n) for t, n in sorted(actual.keys() - reference.keys(), key=_by_danger)]
    missing = [SchemaProblem("missing", t, n) for t, n in sorted(reference.keys() - actual.keys(), key=_by_danger)]
    changed = [SchemaProblem("changed", t, n) for (t, n) in sorted(actual.keys() & reference.keys(), key=_by_danger)
               if actual[t, n] != reference[t, n]]
    return extra + missing + changed


DANGER = ("trigger", "event trigger", "rule", "policy", "function", "view", "materialized view", "table")


def _by_danger(key: tuple[str, str]) -> tuple[int, str, str]:
    kind, name = key
    return (DANGER.index(kind) if kind in DANGER else len(DANGER), kind, name)


def normalised_sql(sql: str | None) -> str:
    """SQL as SQLite keeps it, without what does not change its meaning: case, quotes, spacing. A table
    rebuilt by a migration (batch mode) is stored with its name quoted; one made fresh, without."""
    if sql is None:
        return ""  # an index SQLite makes for a UNIQUE or PRIMARY KEY constraint
    text = re.sub(r"[\"`\[\]]", "", sql.lower())
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s*([(),])\s*", r"\1", text).strip()


def sqlite_description(connection: sqlite3.Connection, manifest_allowed: bool = False) -> Description:
    """Every object of a SQLite database by (type, name). The caller has set trusted_schema=OFF."""
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    found: Description = {}
    for kind, name, _table, sql in rows:
        if kind == "table" and name in SQLITE_STATISTICS:
            continue
        if manifest_allowed and kind == "table" and name == MANIFEST_TABLE \
                and normalised_sql(sql) == normalised_sql(MANIFEST_SQL):
            continue
        found[kind, name] = normalised_sql(sql)
    return found


def sqlite_problems(connection: sqlite3.Connection, revision: str, manifest_allowed: bool = False
                    ) -> list[SchemaProblem]:
    return compare(sqlite_description(connection, manifest_allowed), sqlite_reference(revision))


@cache
def sqlite_reference(revision: str) -> Description:
    """What the migrations up to `revision` make in an empty SQLite file (built once per process)."""
    from storage.db import make_engine
    from storage.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="nhacviec-schema-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'reference.db'}")
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        connection = sqlite3.connect(Path(folder) / "reference.db")
        try:
            return sqlite_description(connection)
        finally:
            connection.close()


def sqlite_revision(connection: sqlite3.Connection) -> str | None:
    """The revision a SQLite database records, when alembic_version is a plain table with one row."""
    kind = connection.execute("SELECT type FROM sqlite_master WHERE name = 'alembic_version'").fetchone()
    if kind != ("table",):
        return None
    rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(rows[0][0]) if len(rows) == 1 else None
