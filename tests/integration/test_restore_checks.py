"""`nhacviec restore` as a process, given each hostile copy of issue 24, on SQLite and PostgreSQL: it refuses in
one Vietnamese sentence, the live database is unchanged (byte for byte on SQLite), an empty target stays
empty, and afterwards a stranger's wrong `/lienket` binds nothing, so the chairman's powers stay his."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import inspect, select

from bot.core import texts
from bot.core.context import Incoming
from bot.core.service import respond
from storage.db import make_engine, make_sessions
from storage.manifest import sidecar
from storage.models import ChatBinding, StatusChange
from storage.schema_pg import pg_description
from tests.integration.test_backup import every_row
from tests.support import warm_cli
from tests.support.hostile_backups import VARIANTS, hostile_copy
from tests.support.seeded import seed_copy

REFUSALS = {"triggers": "thừa trigger", "future_revision": "«0099» mà bản nhacviec này không biết",
            "missing_table": "thiếu bảng «chat_links»", "view_for_table": "thừa view «invites»",
            "dangling_reference": "dòng trỏ tới dòng không tồn tại", "junk_after_header": "bị hỏng",
            "damaged_page": "bị hỏng", "edited_rows": "SHA-256", "edited_manifest": "bản kê"}
# PostgreSQL itself refuses rows that point nowhere, when the restore adds the foreign keys back
ON_POSTGRESQL = {**REFUSALS, "dangling_reference": "bị hỏng"}


def nhacviec(url: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NHACVIEC_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "", "ZALO_BOT_TOKEN": ""}
    return warm_cli.nhacviec(*args, env=env, cwd=cwd, timeout=300)


def other_url(database_url: str, tmp_path: Path, request: pytest.FixtureRequest, name: str) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'{name}.db'}"
    return request.getfixturevalue("postgres").new_database(f"{name}_{abs(hash(request.node.nodeid)) % 10**8}")


def state(url: str):
    """What must not change: the file's bytes on SQLite; every row and every object on PostgreSQL."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return path.read_bytes() if path.exists() else None
    engine = make_engine(url)
    try:
        with engine.connect() as connection, connection.begin():
            return every_row(engine) if inspect(connection).get_table_names() else {}, pg_description(connection)
    finally:
        engine.dispose()


def assert_refused(done: subprocess.CompletedProcess[str], why: str) -> None:
    said = done.stderr.strip()
    assert done.returncode == 1, (done.stdout, said)
    assert "Traceback" not in said and "Error" not in said and done.stdout == ""
    assert len(said.splitlines()) == 1 and said.startswith("Không khôi phục") and said.endswith("."), said
    assert why in said, said


def stranger(sessions, text: str, now) -> str:
    reply = respond(Incoming("telegram", "la-mat", "999", "Người lạ", text, addressed=True), sessions, now)
    assert reply is not None
    return reply.text


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_hostile_copy_is_refused_writes_nothing_and_opens_no_door(variant, database_url, tmp_path, request,
                                                                    now) -> None:
    seed_copy(database_url, now)
    copy = hostile_copy(variant, database_url, other_url(database_url, tmp_path, request, "clone"),
                        tmp_path / "hostile.bak")
    before = state(database_url)
    why = (REFUSALS if database_url.startswith("sqlite") else ON_POSTGRESQL)[variant]

    assert_refused(nhacviec(database_url, tmp_path, "restore", str(copy), "--force"), why)
    assert state(database_url) == before
    empty = other_url(database_url, tmp_path, request, "empty")
    assert_refused(nhacviec(empty, tmp_path, "restore", str(copy)), why)
    assert state(empty) in (None, ({}, {}))  # SQLite: no file made; PostgreSQL: not a table

    engine = make_engine(database_url)
    sessions = make_sessions(engine)
    assert stranger(sessions, "/lienket AAAAAAAA", now) == texts.LINK_BAD.format(code="AAAAAAAA")
    assert stranger(sessions, "gia hạn BC-hcc 30/12 vì sao", now) == texts.UNBOUND
    with sessions.begin() as session:
        assert session.scalars(select(ChatBinding).where(ChatBinding.chat_id == "la-mat")).all() == []
        assert session.scalars(select(StatusChange)).all() == []
    engine.dispose()


def test_a_copy_without_its_manifest_beside_it_still_checks_the_one_inside(tmp_path) -> None:
    """A person copies the .db alone: the manifest inside it is enough."""
    live = f"sqlite:///{tmp_path / 'xa.db'}"
    assert nhacviec(live, tmp_path, "init").returncode == 0
    assert nhacviec(live, tmp_path, "backup", "--out", str(tmp_path / "sao-luu.db")).returncode == 0
    sidecar(tmp_path / "sao-luu.db").unlink()
    done = nhacviec(f"sqlite:///{tmp_path / 'moi.db'}", tmp_path, "restore", str(tmp_path / "sao-luu.db"))
    assert done.returncode == 0 and "khớp bản kê" in done.stdout, done.stderr


def test_an_old_copy_without_a_manifest_is_restored_only_when_its_structure_passes(database_url, tmp_path,
                                                                                    request, now) -> None:
    """A copy made before manifests existed: the same dump or page copy the old `backup` wrote."""
    seed_copy(database_url, now)
    old = _old_style_copy(database_url, tmp_path / "cu.bak")
    done = nhacviec(other_url(database_url, tmp_path, request, "tucu"), tmp_path, "restore", str(old))
    assert done.returncode == 0 and "không có bản kê" in done.stdout, done.stderr

    clone = other_url(database_url, tmp_path, request, "clone")
    hostile_copy("triggers", database_url, clone, tmp_path / "cua.bak")  # the clone now has the triggers
    old_door = _old_style_copy(clone, tmp_path / "cua-cu.bak")
    assert not sidecar(old_door).exists()
    assert_refused(nhacviec(other_url(database_url, tmp_path, request, "tucu2"), tmp_path, "restore",
                            str(old_door)), "thừa trigger")


def _old_style_copy(url: str, out: Path) -> Path:
    if url.startswith("sqlite"):
        import sqlite3

        source, target = sqlite3.connect(url.removeprefix("sqlite:///")), sqlite3.connect(out)
        source.backup(target)
        target.close()
        source.close()
        return out
    parsed = sa.engine.make_url(url)
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={out}"], check=True,
                   env={**os.environ, "PGHOST": parsed.host, "PGPORT": str(parsed.port), "PGUSER": parsed.username,
                        "PGDATABASE": parsed.database})
    return out


def test_without_a_scratch_database_postgresql_restores_nothing(postgres, tmp_path, now) -> None:
    """The check needs a scratch database; a role that may not create one gets the reason, not a restore."""
    live = postgres.new_database("tu_kho")
    seed_copy(live, now)
    assert nhacviec(live, tmp_path, "backup", "--out", str(tmp_path / "a.dump")).returncode == 0
    admin = sa.create_engine(postgres.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS han_che")
        connection.exec_driver_sql("DROP ROLE IF EXISTS han_che")
        connection.exec_driver_sql("CREATE ROLE han_che LOGIN NOCREATEDB")
        connection.exec_driver_sql("CREATE DATABASE han_che OWNER han_che")
    admin.dispose()
    limited = sa.engine.make_url(postgres.url).set(username="han_che", database="han_che")
    url = limited.render_as_string(hide_password=False)
    assert_refused(nhacviec(url, tmp_path, "restore", str(tmp_path / "a.dump")), "cần quyền CREATEDB")
    assert state(url) == ({}, {})
