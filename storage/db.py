"""Engine and session factory from a database URL: SQLite (WAL) by default, PostgreSQL for a city."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

import storage.commune_figures  # noqa: F401  (its Session events: a change bumps its plan's kept figures)


def data_home() -> Path:
    """Where the database and the files live when no setting says: the project's own var/ when the code runs
    from its folder (a clone, `make run`), else the per-user data folder. Never the current folder, so the
    command finds the same database wherever it is typed."""
    root = project_root()
    if root is not None:
        return root / "var"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "nhacviec"


def project_root() -> Path | None:
    """The clone the code runs from (it has the project's pyproject.toml), or None when installed."""
    root = Path(__file__).resolve().parents[1]
    return root if (root / "pyproject.toml").is_file() else None


DEFAULT_URL = f"sqlite:///{data_home() / 'nhacviec.db'}"


def demo_url(url: str) -> str:
    """The demo clock's own database, beside the real one: var/nhacviec.db -> var/nhacviec-thu.db; for a
    PostgreSQL deployment, a SQLite file in the data folder."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() == "sqlite" and database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database)
        return f"sqlite:///{path.with_name(f'{path.stem}-thu{path.suffix}')}"
    return f"sqlite:///{data_home() / 'nhacviec-thu.db'}"


SQLITE_WAIT_MS = 30_000  # how long a SQLite write waits for another writer's lock


def make_engine(url: str = DEFAULT_URL, *, ping_after: float | None = None, **kwargs: Any) -> Engine:
    """An engine for the URL; for a SQLite file, its folder is created and WAL and foreign keys are on; for
    PostgreSQL, a connection idle for `ping_after` seconds (PING_AFTER) is tested before use."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": SQLITE_WAIT_MS / 1000})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine, PING_AFTER if ping_after is None else ping_after)
    return engine


PING_AFTER = 5.0  # seconds in the pool after which a connection is tested before use


def _ping_when_idle(engine: Engine, seconds: float) -> None:
    """pool_pre_ping, but only for a connection that has been idle a while: one just given back was working
    a moment ago, and the ping is a round trip on every reply. A dead one is replaced, as pre-ping does."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()  # clock: a connection's idle time, not a time of the plan

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")  # None: a new connection
        if since is None or time.monotonic() - since < seconds:  # clock: the same
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as problem:
            raise DisconnectionError from problem  # the pool drops it and connects again


def refresh_statistics(session: Session, table: str) -> None:
    """PostgreSQL's planner statistics of `table` brought up to date, as after any bulk load: autovacuum
    analyzes a large table only after a tenth of it changed, and until then the planner plans for the rows
    it last counted. SQLite keeps no statistics unless asked: nothing to do there."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"ANALYZE {table}"))


def hold_writer(session: Session) -> None:
    """SQLite: this transaction takes the database's one write lock now, before it reads, and holds it until
    it commits: what it reads cannot change under it (the driver would otherwise begin the transaction at
    its first write, after the reads). A write that changes nothing, as the first statement, does it; it
    waits for a writer in progress (SQLITE_WAIT_MS). PostgreSQL locks rows instead: nothing to do."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("UPDATE plans SET id = id WHERE 0")


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA trusted_schema=OFF")  # the schema's own SQL may call no function with side effects
    cursor.close()


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """One session per update or job: `with sessions.begin() as s:` commits, or rolls back on error."""
    return sessionmaker(engine, expire_on_commit=False)
