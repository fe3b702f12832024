"""The event loop's own connection, kept from one status reply to the next.

Each reply answered on the loop (storage.stores.on_connection, `quick`) would otherwise check a connection
out of the pool and give it back: SQLAlchemy's checkout, its reset (a rollback) and return, and on SQLite
two PRAGMAs to shorten and restore the busy wait, some 30 µs of a 0.7 ms reply. It is kept here instead,
while replies come within PING_AFTER of each other (after that it goes back to the pool, whose checkout
tests an idle connection): one per thread (the loop's), for the engine it last served, its quick wait set
once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine

from storage.db import PING_AFTER

Setting = Callable[[Connection, bool], None]  # (connection, quick): set when taken, undone when given back


class _Held(threading.local):
    engine: Engine | None = None
    connection: Connection | None = None
    since = 0.0


_held = _Held()


def take(engine: Engine, setting: Setting) -> Connection:
    """The held connection, or one from the pool with `setting` applied."""
    connection, _held.connection = _held.connection, None  # taken: nothing is held until `keep`
    if connection is not None and (_held.engine is not engine or connection.invalidated
                                   or time.monotonic() - _held.since >= PING_AFTER):  # clock: idle time
        give_back(connection, setting)
        connection = None
    if connection is None:
        connection = engine.connect()
        setting(connection, True)
    return connection


def keep(engine: Engine, connection: Connection) -> None:
    """Held for the next reply (its transaction is over)."""
    _held.engine, _held.connection, _held.since = engine, connection, time.monotonic()  # clock: idle time


def give_back(connection: Connection, setting: Setting) -> None:
    """To the pool, as it was taken from it."""
    try:
        if not connection.invalidated:
            setting(connection, False)
    finally:
        connection.close()
