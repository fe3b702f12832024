"""`nhacviec doctor` as a person runs it, against the local Telegram and Zalo stand-ins, on SQLite and
PostgreSQL: what it finds, in Vietnamese, with the fix, and never a token."""

from __future__ import annotations

import asyncio
import os
from datetime import date

from bot.ops.doctor import holiday_findings, kernel_clock
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.support import warm_cli
from tests.support.fake_bot_api import ApiError, FakeBotApi
from tests.support.fake_zalo_api import FakeZaloApi
from tests.support.seeded import seed_copy


async def doctor(url: str, tmp_path, **env: str) -> tuple[int, str]:
    return await _run(url, tmp_path, ("doctor",), env, 120)


async def _run(url: str, tmp_path, args: tuple[str, ...], env: dict[str, str], timeout: float) -> tuple[int, str]:
    """`nhacviec ARGS` as its own process, forked from the warm parent (tests/support/warm_cli.py) in a thread,
    so that the stand-ins it talks to keep answering on this event loop meanwhile."""
    full = {**os.environ, "NHACVIEC_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "", "ZALO_BOT_TOKEN": "", **env}
    done = await asyncio.to_thread(warm_cli.nhacviec, *args, env=full, cwd=tmp_path, timeout=timeout)
    return done.returncode, done.stdout + done.stderr


def _seed(url: str, now, bind_all: bool = True) -> None:
    """Migrated and seeded (tests/support/chat.seeded_chat), as a copy of a database seeded once."""
    seed_copy(url, now)
    if not bind_all:
        from sqlalchemy import delete

        from storage.models import ChatBinding

        engine = make_engine(url)
        with make_sessions(engine).begin() as session:
            session.execute(delete(ChatBinding).where(ChatBinding.chat_id == "chat-kt"))
        engine.dispose()


async def test_a_healthy_setup_passes_every_check(database_url, tmp_path, now) -> None:
    _seed(database_url, now)
    async with FakeBotApi() as api, FakeZaloApi() as zalo:
        code, out = await doctor(database_url, tmp_path, TELEGRAM_BOT_TOKEN=api.token,
                                 TELEGRAM_BASE_URL=api.base_url, TELEGRAM_BASE_FILE_URL=api.base_file_url,
                                 ZALO_BOT_TOKEN=zalo.token, ZALO_BASE_URL=zalo.base_url)
    assert code == 0, out
    assert "✅ Telegram: token hợp lệ, bot @NhacViecBot" in out
    assert "✅ Telegram: chạy polling (không có webhook), 0 cập nhật đang chờ." in out
    assert "✅ Zalo: token hợp lệ" in out and "Zalo: tháng 2026-" in out
    assert "✅ Cơ sở dữ liệu:" in out and "(mới nhất)" in out
    assert "✅ Cơ sở dữ liệu: cấu trúc đúng như các bản nâng cấp tạo ra" in out
    assert "✅ Ngày nghỉ năm 2026:" in out and "22/08 (làm bù)" in out
    assert "✅ Nhóm chat: Phòng Kinh tế (kt) có telegram" in out
    assert "Đồng hồ hệ thống" in out
    assert api.token not in out and zalo.token not in out
    assert "❌" not in out


async def test_problems_are_explained_with_their_fix(database_url, tmp_path, now) -> None:
    _seed(database_url, now, bind_all=False)

    def webhook_info(params):
        return {"url": "https://cu.example/telegram", "has_custom_certificate": False, "pending_update_count": 250,
                "last_error_date": 1764547200, "last_error_message": "Wrong response from the webhook: 502 Bad Gateway"}

    async with FakeBotApi() as api:
        api.on("getWebhookInfo", webhook_info)
        code, out = await doctor(database_url, tmp_path, TELEGRAM_BOT_TOKEN=api.token,
                                 TELEGRAM_BASE_URL=api.base_url, TELEGRAM_BASE_FILE_URL=api.base_file_url,
                                 NHACVIEC_WEBHOOK_URL="https://xa.example/telegram")
    assert code == 0, out  # warnings only
    assert "⚠️ Telegram webhook: đã cấu hình NHACVIEC_WEBHOOK_URL=https://xa.example/telegram" in out
    assert "⚠️ Telegram webhook: chưa đặt NHACVIEC_WEBHOOK_SECRET" in out
    assert "⚠️ Telegram: 250 cập nhật đang chờ" in out
    assert "502 Bad Gateway" in out and "/telegram tới NHACVIEC_WEBHOOK_LISTEN" in out
    assert "⚠️ Nhóm chat: Phòng Kinh tế (kt) chưa có nhóm chat nào" in out  # the city's chat is optional
    assert "→ Cách sửa: Với mỗi đơn vị: `nhacviec invite MÃ`" in out


async def test_a_wrong_token_and_an_old_schema_are_errors(database_url, tmp_path) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0002")
    engine.dispose()
    async with FakeBotApi(token="654321:REAL-TOKEN") as api:
        api.on("getMe", lambda params: (_ for _ in ()).throw(ApiError(401, "Unauthorized")))
        wrong = "654321:REAL-TOKEN-typo"
        code, out = await doctor(database_url, tmp_path, TELEGRAM_BOT_TOKEN=wrong, TELEGRAM_BASE_URL=api.base_url,
                                 TELEGRAM_BASE_FILE_URL=api.base_file_url)
    assert code == 1
    assert "❌ Telegram: máy chủ Bot API từ chối token" in out and "@BotFather" in out
    assert "❌ Cơ sở dữ liệu: lược đồ ở phiên bản 0002" in out and "`nhacviec init`" in out
    assert wrong not in out


async def test_several_plans_are_each_checked(database_url, tmp_path, now) -> None:
    from plan_data.readers.importer import BUNDLED_PLAN, read_plan
    from storage.loader import load_plan

    _seed(database_url, now)
    engine = make_engine(database_url)
    with make_sessions(engine).begin() as session:
        load_plan(session, read_plan(BUNDLED_PLAN).for_commune("An Lão"), now)
    engine.dispose()
    code, out = await doctor(database_url, tmp_path)
    assert code == 0 and "❌" not in out and "nhiều kế hoạch" not in out, out
    assert "✅ Nam An Phụ 2026 — Nhóm chat: Phòng Kinh tế (kt) có telegram" in out
    assert "⚠️ An Lão 2026 — Nhóm chat: Phòng Văn hóa - Xã hội (vhxh)" in out
    assert '`nhacviec invite MÃ --commune "An Lão"`' in out  # its fix names the commune to invite in
    assert out.count("Ngày nghỉ năm 2026") == 1  # one year's days off, said once
    code, one = await _cli(database_url, tmp_path, "doctor", "--commune", "an lao")
    assert code == 0 and "An Lão 2026 — Nhóm chat" in one and "Nam An Phụ 2026 —" not in one


def test_a_year_without_swapped_days_is_a_warning_until_the_plan_lists_them() -> None:
    [bare] = holiday_findings(2030)
    assert bare.level == "warn" and "chưa có ngày nghỉ bù" in bare.text and "days_off" in bare.fix
    [own] = holiday_findings(2030, days_off=[date(2030, 4, 29)], working_days=[date(2030, 4, 27)])
    assert own.level == "ok" and "29/04 (nghỉ)" in own.text and "27/04 (làm bù)" in own.text


def test_the_kernel_clock_answers_on_linux() -> None:
    found = kernel_clock()
    assert found is None or (isinstance(found[0], bool) and found[1] >= 0)


async def test_a_trigger_or_view_nobody_made_is_named_until_a_good_copy_is_restored(database_url, tmp_path,
                                                                                    now) -> None:
    """What the attack of issue 24 left behind in a live database: the doctor names it, and restoring a good
    copy with --force takes it away (on PostgreSQL too, where `pg_restore --clean` would keep a function)."""
    from sqlalchemy import create_engine

    from tests.support.hostile_backups import PG_DOOR, SQLITE_DOOR

    _seed(database_url, now)
    good = tmp_path / "tot.bak"
    assert (await _cli(database_url, tmp_path, "backup", "--out", str(good)))[0] == 0
    engine = create_engine(database_url)
    with engine.begin() as connection:
        for statement in (SQLITE_DOOR if database_url.startswith("sqlite") else PG_DOOR):
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql("CREATE VIEW spy AS SELECT chat_id FROM chat_bindings")
    engine.dispose()
    code, out = await doctor(database_url, tmp_path)
    assert code == 1 and "❌ Cơ sở dữ liệu: cấu trúc khác" in out, out
    assert "thừa trigger" in out and "door" in out and "«spy»" in out and "→ Cách sửa:" in out

    assert (await _cli(database_url, tmp_path, "restore", str(good), "--force"))[0] == 0
    code, out = await doctor(database_url, tmp_path)
    assert "✅ Cơ sở dữ liệu: cấu trúc đúng" in out and "door" not in out, out


async def _cli(url: str, tmp_path, *args: str) -> tuple[int, str]:
    return await _run(url, tmp_path, args, {}, 300)
