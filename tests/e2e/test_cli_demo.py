"""The demo is the product (issue 23): a moment of the plan's year with `--date` (or NHACVIEC_TODAY), the
morning's reminders as the unit's chat got them, and every command on one demo database that no real chat
is ever served from."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from bot.cli.main import main
from plan_data.readers.importer import BUNDLED_PLAN
from tests.conftest import VN
from tests.e2e.conftest import demo_database
from tests.support.seeded import init_copy

NIGHT = datetime(2026, 12, 5, 2, 0, tzinfo=VN)  # when the issue was seen: at night, no 08:00 reminder showed


def test_a_moment_with_a_time_shows_what_the_chat_had_by_then(run, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))  # what `nhacviec init` makes, copied
    morning = run("run", "--console", "--date", "25/02/2026 08:00", "--as", "hcc", stdin="thoát\n")
    assert "Ngày thử: 25/02/2026 (Thứ Tư) lúc 08:00" in morning.stdout
    assert "🔔 Nhắc việc hôm nay của Trung tâm Phục vụ hành chính công" in morning.stdout
    assert "BC-hcc" in morning.stdout and "04/03/2026" in morning.stdout  # its quarterly report, due in 7 days
    early = run("run", "--console", "--date", "25/02/2026 07:30", "--as", "hcc", stdin="thoát\n")
    assert "lúc 07:30" in early.stdout and "🔔" not in early.stdout  # nothing is sent before 08:00


def test_a_date_alone_is_that_morning_whatever_the_time_of_day(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite:///{tmp_path / 'nhacviec.db'}")
    for name in ("TELEGRAM_BOT_TOKEN", "ZALO_BOT_TOKEN", "NHACVIEC_TODAY"):
        monkeypatch.setenv(name, "")
    monkeypatch.setattr(sys, "stdin", io.StringIO("thoát\n"))
    assert main(["run", "--console", "--date", "02/03/2026", "--as", "chutich"], clock=lambda: NIGHT) == 0
    out = capsys.readouterr().out
    assert "Ngày thử: 02/03/2026 (Thứ Hai) lúc 08:00" in out
    assert "📋 Tổng hợp tuần CCHC Nam An Phụ — 02/03/2026 (Thứ Hai)" in out  # the chairman's Monday digest


def test_plan_import_status_report_and_calendar_share_the_consoles_demo_database(run, tmp_path: Path, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    imported = run("plan", "import", str(BUNDLED_PLAN), "--commune", "An Lão", "--date", "02/02/2026")
    assert "45 nhiệm vụ mới" in imported.stdout and "-thu.db" in imported.stderr
    chat = run("run", "--console", "--date", "02/02/2026 09:00", "--commune", "An Lão", "--as", "hcc",
               stdin="xong 17\nthoát\n")
    assert "đã ghi nhận hoàn thành" in chat.stdout
    shown = json.loads(run("status", "--json", "--commune", "an lao", "--date", "03/02/2026").stdout)
    assert next(r for r in shown if r["task"] == "17")["done_at"].startswith("2026-02-02T09:00")
    assert run("status", "--commune", "An Lão", check=False).returncode == 2  # the real database never had it
    run("report", "--quarter", "1", "--commune", "An Lão", "--date", "16/03/2026", "--out", "q1.docx")
    run("calendar", "--commune", "An Lão", "--date", "16/03/2026", "--out", "lich.ics")
    assert (tmp_path / "q1.docx").is_file() and (tmp_path / "lich.ics").is_file()


def test_a_commune_the_demo_database_lacks_is_explained_with_what_to_do(run, request) -> None:
    init_copy(request.getfixturevalue("cli_database"))
    run("plan", "import", str(BUNDLED_PLAN), "--commune", "An Lão")  # into the real database
    missing = run("run", "--console", "--date", "02/02/2026", "--commune", "An Lão", "--as", "hcc", check=False)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "Cơ sở dữ liệu thử" in missing.stderr and "-thu.db" in missing.stderr
    assert "Nam An Phụ 2026" in missing.stderr and "--date" in missing.stderr


def test_nothing_of_a_demo_reaches_a_real_chat(tmp_path: Path, cli_database: str, warm_cli) -> None:
    env = {**os.environ, "NHACVIEC_DATABASE_URL": cli_database, "NHACVIEC_TODAY": "31/03/2026 10:00",
           "TELEGRAM_BOT_TOKEN": "", "NHACVIEC_FILES_DIR": str(tmp_path / "files"),
           **demo_database(tmp_path, cli_database)}

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return warm_cli.run(args, env={**env, **extra}, cwd=tmp_path, stdin="báo cáo quý 1\nthoát\n", timeout=120)

    assert run("init").returncode == 0
    bot = run("run", TELEGRAM_BOT_TOKEN="123456:ABCDEF")
    assert bot.returncode == 2 and "luôn chạy theo ngày giờ thật" in bot.stderr
    for command in (["invite", "hcc"], ["doctor"], ["backup", "--out", "x.db"]):
        refused = run(*command)
        assert refused.returncode == 2 and "NHACVIEC_TODAY" in refused.stderr and "Traceback" not in refused.stderr
    chat = run("run", "--as", "vhxh")
    assert "Ngày thử: 31/03/2026 (Thứ Ba) lúc 10:00" in chat.stdout
    files = [Path(line.rsplit(": ", 1)[1]) for line in chat.stdout.splitlines() if line.strip().startswith("📎")]
    assert files and all(f.parent == (tmp_path / "files" / "thu").resolve() for f in files)  # not over real ones
    status = run("status", "--json")
    assert status.returncode == 0 and json.loads(status.stdout) and "-thu.db" in status.stderr
