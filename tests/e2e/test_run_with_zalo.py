"""`nhacviec run` with a Zalo token, alone or beside a Telegram one: both channels and the reminder
scheduler in one process, against the local stand-ins; stops cleanly on Ctrl+C; tokens never logged."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from sqlalchemy import select

from storage.db import make_engine, make_sessions
from storage.models import Plan
from tests.support import warm_cli
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_zalo_api import FakeZaloApi


def environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {**os.environ, "NHACVIEC_DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}", "TELEGRAM_BOT_TOKEN": "",
           "NHACVIEC_LOG_LEVEL": "DEBUG", **settings}
    assert warm_cli.nhacviec("init", env=env, cwd=tmp_path).returncode == 0
    return env


async def start(env: dict[str, str], tmp_path: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli.main", "run", env=env, cwd=tmp_path,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def stop(bot: asyncio.subprocess.Process) -> str:
    bot.send_signal(signal.SIGINT)
    _, err = await asyncio.wait_for(bot.communicate(), 30)
    assert bot.returncode == 0, err.decode()[-2000:]
    return err.decode()


async def scheduler_ran(url: str) -> bool:
    engine = make_engine(url)
    try:
        for _ in range(100):  # the scheduler's first tick comes a second after start
            with make_sessions(engine).begin() as session:
                if session.scalar(select(Plan.reminders_until)) is not None:
                    return True
            await asyncio.sleep(0.1)
        return False
    finally:
        engine.dispose()


async def test_run_with_only_a_zalo_token(tmp_path) -> None:
    async with FakeZaloApi() as zalo:
        env = environment(tmp_path, ZALO_BOT_TOKEN=zalo.token, ZALO_BASE_URL=zalo.base_url)
        bot = await start(env, tmp_path)
        try:
            await zalo.wait_for("deleteWebhook", timeout=30)  # long polling, not a webhook
            zalo.push_message("việc", chat_id="p-1", chat_type="PRIVATE")
            reply = await zalo.wait_for("sendMessage", timeout=30)
            assert "chưa được liên kết" in reply["text"]
            assert await scheduler_ran(env["NHACVIEC_DATABASE_URL"])
        finally:
            err = await stop(bot)
        assert zalo.token not in err and "Traceback" not in err


async def test_run_with_both_tokens_answers_on_both(tmp_path) -> None:
    async with FakeBotApi() as telegram, FakeZaloApi() as zalo:
        env = environment(tmp_path, ZALO_BOT_TOKEN=zalo.token, ZALO_BASE_URL=zalo.base_url,
                          TELEGRAM_BOT_TOKEN=telegram.token, TELEGRAM_BASE_URL=telegram.base_url,
                          TELEGRAM_BASE_FILE_URL=telegram.base_file_url)
        bot = await start(env, tmp_path)
        try:
            await telegram.wait_for("setMyCommands", timeout=30)
            await zalo.wait_for("deleteWebhook", timeout=30)
            telegram.push_message("/viec", chat_id=-1007)
            zalo.push_message("@Nhắc việc CCHC việc", chat_id="g-1")
            on_telegram = await telegram.wait_for("sendMessage", timeout=30)
            on_zalo = await zalo.wait_for("sendMessage", timeout=30)
            assert "chưa được liên kết" in on_telegram["text"] and "chưa được liên kết" in on_zalo["text"]
            assert await scheduler_ran(env["NHACVIEC_DATABASE_URL"])
        finally:
            err = await stop(bot)
        assert telegram.token not in err and zalo.token not in err and "Traceback" not in err


def test_a_webhook_without_a_proper_secret_is_refused_at_start(tmp_path) -> None:
    env = environment(tmp_path, ZALO_BOT_TOKEN="1:abc", ZALO_WEBHOOK_URL="https://example.org/zalo",
                      ZALO_WEBHOOK_SECRET="short")
    done = warm_cli.nhacviec("run", env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 2 and "ZALO_WEBHOOK_SECRET" in done.stderr


async def test_a_token_zalo_refuses_stops_the_start_with_a_message_not_a_traceback(tmp_path) -> None:
    async with FakeZaloApi() as zalo:
        env = environment(tmp_path, ZALO_BOT_TOKEN="1:not-the-token", ZALO_BASE_URL=zalo.base_url)
        bot = await start(env, tmp_path)
        _, err = await asyncio.wait_for(bot.communicate(), 60)
    assert bot.returncode == 2 and "ZALO_BOT_TOKEN" in err.decode() and "Traceback" not in err.decode()
    assert "not-the-token" not in err.decode()
