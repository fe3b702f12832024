"""Upgrades are safe: every revision goes up and down again (the stairway), on SQLite and PostgreSQL, and
the models and the migrations describe the same schema (autogenerate finds nothing to add)."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from storage.db import make_engine
from storage.migrate import alembic_config
from storage.models import Base
from tests.conftest import VN
from tests.support import warm_cli

REVISIONS = [r.revision for r in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]


def _run(engine, step, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        step(config, revision)


def _current(engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_revisions_form_one_line() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1 and REVISIONS[-1] == script.get_current_head()


@pytest.mark.parametrize("revision", REVISIONS)
def test_stairway_up_down_up(database_url: str, revision: str) -> None:
    """Each step: up to the revision, down one, up again; the schema after the second up is the same."""
    engine = make_engine(database_url)
    try:
        _run(engine, command.upgrade, revision)
        assert _current(engine) == revision
        tables = sorted(inspect(engine).get_table_names())
        down = REVISIONS[REVISIONS.index(revision) - 1] if REVISIONS.index(revision) else "base"
        _run(engine, command.downgrade, down)
        assert _current(engine) == (None if down == "base" else down)
        _run(engine, command.upgrade, revision)
        assert sorted(inspect(engine).get_table_names()) == tables
    finally:
        engine.dispose()


def test_whole_way_down_leaves_no_table(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        _run(engine, command.upgrade, "head")
        _run(engine, command.downgrade, "base")
        assert [t for t in inspect(engine).get_table_names() if t != "alembic_version"] == []
    finally:
        engine.dispose()


def test_models_and_migrations_agree(database_url: str) -> None:
    """What `alembic revision --autogenerate` would write after the last migration: nothing."""
    engine = make_engine(database_url)
    try:
        _run(engine, command.upgrade, "head")
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                                   "compare_server_default": False})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
    finally:
        engine.dispose()


def test_a_database_from_a_newer_version_is_left_alone_with_a_sentence(database_url: str, tmp_path) -> None:
    """`init` on a revision the code has no migration for (a newer nhacviec's, or a copy of one) used to stop
    with Alembic's traceback; now it says why in Vietnamese and changes nothing, and the doctor says the same."""
    import os

    from sqlalchemy import text

    engine = make_engine(database_url)
    _run(engine, command.upgrade, "head")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    tables = sorted(inspect(engine).get_table_names())
    env = {**os.environ, "NHACVIEC_DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": "", "ZALO_BOT_TOKEN": ""}
    for command_line, said in ((["init"], "«0099» mà bản nhacviec này không biết"),
                               (["doctor"], "❌ Cơ sở dữ liệu: lược đồ ở phiên bản 0099 mà bản nhacviec này không biết")):
        done = warm_cli.nhacviec(*command_line, env=env, cwd=tmp_path)
        assert done.returncode in (1, 2) and said in done.stdout + done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert _current(engine) == "0099" and sorted(inspect(engine).get_table_names()) == tables
    engine.dispose()


def test_a_database_older_than_the_code_is_named_until_init_upgrades_it(database_url: str, tmp_path) -> None:
    """After the code is updated, a command run before `init` found a missing column and stopped with a
    traceback; now each command that reads the plan says the database's revision and the code's, and that
    `init` upgrades it; after `init` the same command works and the plan is still there."""
    import os

    from storage.db import make_sessions
    from tests.support.engine import seed

    engine = make_engine(database_url)
    _run(engine, command.upgrade, "head")
    seed(make_sessions(engine), datetime(2026, 1, 5, 8, tzinfo=VN))
    # The plan stays, in the schema before the newest revision these commands read (0009: the tasks' own columns).
    # A later one they do not read (0012: «giải trình»'s table) leaves them working on an older database.
    older = "0008"
    _run(engine, command.downgrade, older)
    env = {**os.environ, "NHACVIEC_DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": "", "ZALO_BOT_TOKEN": ""}
    commands = (["status"], ["schedule"], ["report", "--quarter", "1", "--out", str(tmp_path / "q1.xlsx")])
    for command_line in commands:
        done = warm_cli.nhacviec(*command_line, env=env, cwd=tmp_path)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert f"«{older}», bản nhacviec này cần «{REVISIONS[-1]}»" in done.stderr
    assert warm_cli.nhacviec("init", env=env, cwd=tmp_path).returncode == 0
    for command_line in commands:
        done = warm_cli.nhacviec(*command_line, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    assert _current(engine) == REVISIONS[-1] and (tmp_path / "q1.xlsx").stat().st_size > 0
    engine.dispose()


def test_a_database_upgraded_step_by_step_has_the_schema_the_doctor_expects(database_url: str) -> None:
    """A deployment upgraded over the months must not look tampered with to `doctor` and `restore`, which
    compare with the migrations run all at once."""
    from storage.schema_live import live_problems

    engine = make_engine(database_url)
    try:
        for revision in REVISIONS:
            _run(engine, command.upgrade, revision)
            assert live_problems(engine, revision) == [], revision
    finally:
        engine.dispose()
