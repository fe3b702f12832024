"""Backups an attacker could hand over, made the way the attack on issue 24 made them: a genuine database is
cloned, changed with plain SQL (a trigger that binds a stranger's chat as the chairman's, a view in place of
a table, a table dropped, a revision from the future), and copied with the real `backup`, so that its
manifest is consistent; or a genuine copy is damaged or edited afterwards."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import sqlalchemy as sa

from storage.backup import backup
from storage.manifest import sidecar

# A wrong /lienket is recorded in chat_links; this trigger turns that record into a binding as the chairman.
SQLITE_DOOR = ["""CREATE TRIGGER door AFTER INSERT ON chat_links WHEN NEW.outcome = 'bad-code' BEGIN
    INSERT INTO chat_bindings (plan_id, unit_id, platform, chat_id, title, active, bound_at, bound_by)
    SELECT plan_id, id, NEW.platform, NEW.chat_id, '', 1, NEW.at, 'door' FROM units WHERE code = 'chutich';
    END""", """CREATE TRIGGER tracks AFTER INSERT ON chat_bindings WHEN NEW.bound_by = 'door' BEGIN
    DELETE FROM chat_links WHERE chat_id = NEW.chat_id; END"""]
PG_DOOR = ["""CREATE FUNCTION door() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    IF NEW.outcome = 'bad-code' THEN
      INSERT INTO chat_bindings (plan_id, unit_id, platform, chat_id, title, active, bound_at, bound_by)
      SELECT plan_id, id, NEW.platform, NEW.chat_id, '', true, NEW.at, 'door' FROM units WHERE code = 'chutich';
    END IF; RETURN NEW; END $$""",
           "CREATE TRIGGER door AFTER INSERT ON chat_links FOR EACH ROW EXECUTE FUNCTION door()",
           "CREATE TRIGGER tracks AFTER INSERT ON chat_links FOR EACH ROW EXECUTE FUNCTION door()"]
FUTURE = ["UPDATE alembic_version SET version_num = '0099'", "CREATE TABLE future_notes (id INTEGER PRIMARY KEY)"]
MISSING = ["DROP TABLE chat_links"]
SQLITE_VIEW = ["DROP TABLE invites", """CREATE VIEW invites AS SELECT 1 AS id, 'AAAAAAAA' AS code, id AS unit_id,
    '2026-01-01 00:00:00' AS created_at, '2099-01-01 00:00:00' AS expires_at, NULL AS used_at,
    NULL AS used_by_chat FROM units WHERE code = 'chutich'"""]
PG_VIEW = ["DROP TABLE invites", """CREATE VIEW invites AS SELECT 1 AS id, 'AAAAAAAA'::varchar(32) AS code,
    id AS unit_id, now() AS created_at, now() + interval '70 years' AS expires_at, NULL::timestamptz AS used_at,
    NULL::varchar(80) AS used_by_chat FROM units WHERE code = 'chutich'"""]

# rows that point at a unit that is gone: SQLite checks foreign keys only when asked, and PostgreSQL's
# replication role skips them (the test server's user is a superuser)
DANGLING = ["DELETE FROM units WHERE code = 'kt'"]
PG_DANGLING = ["SET session_replication_role = replica", *DANGLING]

# variant -> (SQLite statements, PostgreSQL statements) run on the clone before its backup
CHANGED_BEFORE_BACKUP = {"triggers": (SQLITE_DOOR, PG_DOOR), "future_revision": (FUTURE, FUTURE),
                         "missing_table": (MISSING, MISSING), "view_for_table": (SQLITE_VIEW, PG_VIEW),
                         "dangling_reference": (DANGLING, PG_DANGLING)}
VARIANTS = (*CHANGED_BEFORE_BACKUP, "junk_after_header", "damaged_page", "edited_rows", "edited_manifest")


def hostile_copy(variant: str, live_url: str, clone_url: str, out: Path) -> Path:
    """The hostile copy `variant` of the database at `live_url` (which must have no open connection), at
    `out`; `clone_url` is an empty database of the same kind to change (PostgreSQL) or a path (SQLite)."""
    sqlite = live_url.startswith("sqlite")
    if variant == "junk_after_header":
        out.write_bytes((b"SQLite format 3\x00" if sqlite else b"PGDMP") + bytes(range(256)) * 64)
        return out
    _clone(live_url, clone_url)
    if variant in CHANGED_BEFORE_BACKUP:
        _run(clone_url, CHANGED_BEFORE_BACKUP[variant][0 if sqlite else 1])
    backup(clone_url, out)
    if variant == "edited_rows":  # a row changed in the copy after its manifest was written
        edit = ["UPDATE plans SET title = 'sửa tay sau khi sao lưu'"]
        if sqlite:
            _run(f"sqlite:///{out}", edit)
        else:  # a dump cannot be edited in place: the changed rows dumped again, under the old manifest
            _run(clone_url, edit)
            again = out.with_name("lai-" + out.name)
            backup(clone_url, again)
            again.replace(out)
    if variant == "edited_manifest":
        _edited_manifest(out)
    if variant == "damaged_page":
        _damage(out, sqlite)
    return out


def _damage(out: Path, sqlite: bool) -> None:
    """SQLite: the second page's b-tree header made nonsense; a dump: bytes in the middle of its data."""
    data = bytearray(out.read_bytes())
    if sqlite:
        page = int.from_bytes(data[16:18], "big") or 65536
        data[page:page + 8] = b"\xff" * 8
    else:  # inside the dump's largest compressed table data: the middle of the file may be its table of contents
        middle = _largest_stream_middle(bytes(data)) or len(data) // 2
        data[middle:middle + 64] = bytes(64)
    out.write_bytes(bytes(data))


def _largest_stream_middle(dump: bytes) -> int | None:
    """The middle of the longest stretch that starts as a zlib stream (pg_dump compresses each table's rows
    with zlib: 78 9c), where 64 bytes set to zero break the data, never the listing of what the dump holds.
    None in a dump written without compression."""
    starts = [found.start() for found in re.finditer(rb"\x78\x9c", dump)]
    if not starts:
        return None
    spans = [(end - start, start) for start, end in zip(starts, [*starts[1:], len(dump)], strict=True)]
    length, start = max(spans)
    return start + length // 2 if length > 128 else None


def _edited_manifest(out: Path) -> Path:
    manifest = json.loads(sidecar(out).read_text(encoding="utf-8"))
    manifest["sha256"] = "0" * 64
    sidecar(out).write_text(json.dumps(manifest), encoding="utf-8")
    return out


def _clone(live_url: str, clone_url: str) -> None:
    if live_url.startswith("sqlite"):
        shutil.copyfile(live_url.removeprefix("sqlite:///"), clone_url.removeprefix("sqlite:///"))
        return
    live, clone = sa.engine.make_url(live_url), sa.engine.make_url(clone_url)
    admin = sa.create_engine(live.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{clone.database}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{clone.database}" TEMPLATE "{live.database}"'))
    admin.dispose()


def _run(url: str, statements: list[str]) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()
