"""`nhacviec backup` while the bot writes, `nhacviec restore` into a new database, and every row compared;
on SQLite (the online backup API) and on PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli.main import main
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from storage.models import Base, Plan, Reminder
from tests.support.chat import seeded_chat

WRITER_CHATS = ("telegram:a", "telegram:b")  # each transaction writes one row per chat: both or none


def every_row(engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(
            select(table).order_by(*table.primary_key.columns))] for table in Base.metadata.sorted_tables}


def _other_url(database_url: str, tmp_path: Path, request: pytest.FixtureRequest, name: str) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'{name}.db'}"
    return request.getfixturevalue("postgres").new_database(f"{name}_{abs(hash(request.node.nodeid)) % 10**8}")


def _cli(monkeypatch, url: str, *args: str) -> int:
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    return main(list(args))


class Writer(threading.Thread):
    """Notices in pairs, one transaction per pair, until told to stop."""

    def __init__(self, url: str, now, plan_id: int) -> None:
        super().__init__(daemon=True)
        self.engine, self.now, self.plan_id = make_engine(url), now, plan_id
        self.stop, self.committed, self.started = threading.Event(), 0, threading.Event()

    def run(self) -> None:
        sessions = make_sessions(self.engine)
        while not self.stop.is_set():
            with sessions.begin() as session:
                for chat in WRITER_CHATS:
                    session.add(Reminder(plan_id=self.plan_id, subject=f"w{self.committed}", kind="notice",
                                         due_at=self.now + timedelta(seconds=self.committed), chat=chat,
                                         state="pending", text=f"ghi {self.committed}"))
            self.committed += 1
            if self.committed >= 5:
                self.started.set()
        self.engine.dispose()


def test_backup_during_writes_restores_a_consistent_copy(database_url, tmp_path, request, monkeypatch, now,
                                                         capsys) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    chat = seeded_chat(make_sessions(engine), now)
    chat.say("hcc", "xong 17")
    with engine.connect() as connection:
        plan_id = connection.scalar(select(Plan.id))
    writer = Writer(database_url, now, plan_id)
    writer.start()
    assert writer.started.wait(60)
    try:
        assert _cli(monkeypatch, database_url, "backup", "--out", str(tmp_path / "sao-luu.bak")) == 0
    finally:
        writer.stop.set()
        writer.join(60)
    assert "Đã sao lưu" in capsys.readouterr().out

    copy_url = _other_url(database_url, tmp_path, request, "khoiphuc")
    assert _cli(monkeypatch, copy_url, "restore", str(tmp_path / "sao-luu.bak")) == 0
    copy = make_engine(copy_url)
    source, restored = every_row(engine), every_row(copy)
    subject = list(Reminder.__table__.columns.keys()).index("subject")
    subjects = [r[subject] for r in restored["reminders"] if r[subject].startswith("w")]
    assert subjects and all(subjects.count(s) == len(WRITER_CHATS) for s in subjects)  # each pair whole
    assert {r[0] for r in restored["reminders"]} <= {r[0] for r in source["reminders"]}
    source_by_id = {r[0]: r for r in source["reminders"]}
    assert all(source_by_id[r[0]] == r for r in restored["reminders"])
    for table in source:
        if table != "reminders":
            assert restored[table] == source[table], table
    assert any(row for row in restored["status_changes"])  # the "xong 17" is in the copy

    # once the writes have stopped, a second copy is the same row for row
    assert _cli(monkeypatch, database_url, "backup", "--out", str(tmp_path / "sau.bak")) == 0
    again_url = _other_url(database_url, tmp_path, request, "lan2")
    assert _cli(monkeypatch, again_url, "restore", str(tmp_path / "sau.bak")) == 0
    again = make_engine(again_url)
    assert every_row(again) == every_row(engine)
    for e in (engine, copy, again):
        e.dispose()


def test_restore_refuses_a_database_with_rows_unless_forced(database_url, tmp_path, monkeypatch, now,
                                                            capsys) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    seeded_chat(make_sessions(engine), now)
    assert _cli(monkeypatch, database_url, "backup", "--out", str(tmp_path / "a.bak")) == 0
    with make_sessions(engine).begin() as session:
        session.get(Plan, session.scalar(select(Plan.id))).title = "đổi sau khi sao lưu"
    engine.dispose()
    capsys.readouterr()
    assert _cli(monkeypatch, database_url, "restore", str(tmp_path / "a.bak")) == 2
    assert "--force" in capsys.readouterr().err
    assert _cli(monkeypatch, database_url, "restore", str(tmp_path / "a.bak"), "--force") == 0
    engine = make_engine(database_url)
    with engine.connect() as connection:
        assert connection.scalar(select(Plan.title)) != "đổi sau khi sao lưu"
    engine.dispose()


def test_a_file_that_is_no_copy_is_refused(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "rac.bak").write_text("không phải bản sao lưu", encoding="utf-8")
    assert _cli(monkeypatch, f"sqlite:///{tmp_path / 'moi.db'}", "restore", str(tmp_path / "rac.bak")) == 1
    assert "không phải bản sao lưu" in capsys.readouterr().err


def test_plan_import_writes_a_backup_first(tmp_path, monkeypatch, capsys) -> None:
    from plan_data.readers.importer import BUNDLED_PLAN

    url = f"sqlite:///{tmp_path / 'xa.db'}"
    monkeypatch.setenv("NHACVIEC_BACKUP_DIR", str(tmp_path / "backups"))
    assert _cli(monkeypatch, url, "plan", "import", str(BUNDLED_PLAN)) == 0
    assert not (tmp_path / "backups").exists()  # an empty database: nothing to keep
    assert _cli(monkeypatch, url, "plan", "import", str(BUNDLED_PLAN), "--commune", "An Lão") == 0
    copy, manifest = sorted((tmp_path / "backups").iterdir())  # the copy, and its manifest beside it
    assert manifest.name == copy.name + ".manifest.json"
    assert str(copy) in capsys.readouterr().out
    restored = f"sqlite:///{tmp_path / 'truoc.db'}"
    assert _cli(monkeypatch, restored, "restore", str(copy)) == 0
    engine = make_engine(restored)
    with engine.connect() as connection:
        assert list(connection.scalars(select(Plan.commune))) == ["Nam An Phụ"]
    engine.dispose()
