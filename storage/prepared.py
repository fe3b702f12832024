"""A Core statement compiled once per dialect and run on the driver's own cursor, inside the Connection's
transaction: the statement's SQL, parameters and column types are SQLAlchemy's, only the per-call work
(the cache key, the compiled lookup, the result's setup: some 40 µs a statement) is done once. For the few
statements of the status commands (storage.stores), where that work was a third of a reply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.expression import Executable

Process = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    compiled: Any
    positions: tuple[str, ...] | None  # the parameters' order for a positional paramstyle (SQLite's "?")
    binds: dict[str, Process]
    keys: tuple[str, ...]
    results: tuple[Process, ...]


class Prepared:
    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            binds = {name: bind.type.dialect_impl(dialect).bind_processor(dialect)
                     for name, bind in compiled.binds.items()}
            columns = list(getattr(self.statement, "selected_columns", ()))
            found = self._compiled[dialect.name] = _Compiled(
                compiled.string, compiled, tuple(compiled.positiontup) if compiled.positiontup else None, binds,
                tuple(column.key for column in columns),
                tuple(column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns))
        return found

    def run(self, connection: Connection, values: dict[str, Any]) -> list[dict[str, Any]]:
        """Executes with `values` (and the statement's own bound constants); the rows as dicts, by label."""
        prepared = self._for(connection.dialect)
        given = prepared.compiled.construct_params(values)
        processed = {name: (process(given[name]) if process else given[name])
                     for name, process in prepared.binds.items() if name in given}
        parameters: Any = [processed[name] for name in prepared.positions] if prepared.positions else processed
        cursor = connection.connection.cursor()
        try:
            cursor.execute(prepared.sql, parameters)
            if not prepared.keys:
                return []
            return [{key: (process(value) if process else value)
                     for key, process, value in zip(prepared.keys, prepared.results, row, strict=True)}
                    for row in cursor.fetchall()]
        finally:
            cursor.close()
