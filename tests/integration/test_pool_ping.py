"""PostgreSQL connections are tested before use only after being idle (storage.db._ping_when_idle): a
connection the server dropped meanwhile is replaced, as pool_pre_ping did, without a ping on every reply."""

from __future__ import annotations

from sqlalchemy import text

from storage.db import make_engine


def test_a_connection_the_server_dropped_while_idle_is_replaced(postgres) -> None:
    engine = make_engine(postgres.new_database("ping_idle"), ping_after=0)
    with engine.connect() as connection:
        dropped = connection.scalar(text("SELECT pg_backend_pid()"))
    with make_engine(postgres.url).connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped})
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT pg_backend_pid()")) != dropped
    engine.dispose()


def test_a_connection_just_given_back_is_used_as_it_is(postgres) -> None:
    engine = make_engine(postgres.new_database("ping_recent"))
    pings: list[str] = []
    with engine.connect() as connection:
        first = connection.scalar(text("SELECT pg_backend_pid()"))
    engine.dialect.do_ping = lambda dbapi_connection: pings.append("ping") or True  # type: ignore[method-assign]
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT pg_backend_pid()")) == first
    assert pings == []
    engine.dispose()
