"""The live database against the migrations' schema: what `nhacviec doctor` reports. Reads only."""

from __future__ import annotations

from sqlalchemy import Engine

from storage.schema import SchemaProblem, compare, sqlite_problems
from storage.schema_pg import pg_database_extras, pg_description, pg_reference


def live_problems(engine: Engine, revision: str) -> list[SchemaProblem]:
    """What the database at `engine` has beyond, or lacks from, what the migrations up to `revision` make.
    A SQLite file copied by hand from a backup may keep the backup's manifest table: that one is no problem."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA trusted_schema=OFF")
            return sqlite_problems(raw.driver_connection, revision, manifest_allowed=True)
        finally:
            raw.close()
    with engine.connect() as connection:
        with connection.begin():
            actual = pg_description(connection) | pg_database_extras(connection)
        return compare(actual, pg_reference(connection, revision))
