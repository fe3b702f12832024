"""A Core statement compiled once per dialect and run on the driver's own cursor, inside the Connection's
transaction: the statement's SQL, parameters and column types are SQLAlchemy's, only the per-call work
(the cache key, the compiled lookup, the result's setup: some 40 µs a statement) is done once. For the few
statements of the status commands (storage.stores), where that work was a third of a reply.

The per-call work left is the driver's and the types' own: the values in the driver's order, each through
its type's bind processor where it has one (a JSON column, a SQLite date), the statement's own constants (a
LIMIT, a literal `false`) added from the compile, and the columns that need converting converted.
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
    binds: tuple[tuple[str, Process], ...]  # in the driver's order for a positional paramstyle (SQLite's "?")
    positional: bool
    constants: dict[str, Any]  # the statement's own bound values, given by no caller
    keys: tuple[str, ...]
    convert: tuple[tuple[int, Callable[[Any], Any]], ...]  # (column, its result processor), where it has one


def _compile(statement: Executable, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    assert not compiled.escaped_bind_names, "bind names are used as the driver's parameter names"
    names = compiled.positiontup or list(compiled.binds)
    binds = tuple((name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)) for name in names)
    constants = {name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required}
    columns = list(getattr(statement, "selected_columns", ()))
    processors = [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns]
    return _Compiled(compiled.string, binds, bool(compiled.positiontup), constants,
                     tuple(column.key for column in columns),
                     tuple((index, process) for index, process in enumerate(processors) if process is not None))


class Prepared:
    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = _compile(self.statement, dialect)
        return found

    def run(self, connection: Connection, values: dict[str, Any]) -> list[dict[str, Any]]:
        """Executes with `values` (and the statement's own bound constants); the rows as dicts, by label."""
        prepared = self._for(connection.dialect)
        given = {**prepared.constants, **values} if prepared.constants else values
        ordered = [given[name] if process is None else process(given[name]) for name, process in prepared.binds]
        parameters: Any = ordered if prepared.positional else dict(zip((n for n, _ in prepared.binds), ordered, strict=True))
        cursor = connection.connection.cursor()
        try:
            cursor.execute(prepared.sql, parameters)
            if not prepared.keys:
                return []
            rows = cursor.fetchall()
        finally:
            cursor.close()
        if prepared.convert:
            rows = [list(row) for row in rows]
            for row in rows:
                for index, process in prepared.convert:
                    row[index] = process(row[index])
        return [dict(zip(prepared.keys, row, strict=True)) for row in rows]
