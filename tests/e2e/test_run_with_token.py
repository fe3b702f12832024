"""`nhacviec run` with a token in the environment starts the Telegram bot and the reminder scheduler
together, against the local Bot API stand-in, and stops cleanly on Ctrl+C."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from sqlalchemy import select

from storage.db import make_engine, make_sessions
from storage.models import Plan
from tests.support import warm_cli
from tests.support.fake_bot_api import FakeBotApi


async def test_run_starts_the_bot_and_the_scheduler(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'run.db'}"
    async with FakeBotApi() as api:
        env = {**os.environ, "NHACVIEC_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": api.token,
               "TELEGRAM_BASE_URL": api.base_url, "TELEGRAM_BASE_FILE_URL": api.base_file_url}
        assert warm_cli.nhacviec("init", env=env, cwd=tmp_path).returncode == 0
        bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli.main", "run", env=env, cwd=tmp_path,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            await api.wait_for("setMyCommands", timeout=30)
            api.push_message("/viec", chat_id=-1007)
            reply = await api.wait_for("sendMessage", timeout=30)
            assert "chưa được liên kết" in reply["text"]
            engine = make_engine(url)
            for _ in range(100):  # the scheduler's first tick comes a second after start
                with make_sessions(engine).begin() as session:
                    if session.scalar(select(Plan.reminders_until)) is not None:
                        break
                await asyncio.sleep(0.1)
            with make_sessions(engine).begin() as session:
                assert session.scalar(select(Plan.reminders_until)) is not None
            engine.dispose()
        finally:
            bot.send_signal(signal.SIGINT)
            _, err = await asyncio.wait_for(bot.communicate(), 30)
        assert bot.returncode == 0, err.decode()[-2000:]
        assert api.token not in err.decode()  # the token never reaches the log


async def test_a_rejected_token_stops_the_bot_without_printing_the_token(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    async with FakeBotApi(token="654321:REAL-TOKEN-typo") as api:
        wrong = "654321:REAL-TOKEN-typ0"
        env = {**os.environ, "NHACVIEC_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": wrong,
               "TELEGRAM_BASE_URL": api.base_url, "TELEGRAM_BASE_FILE_URL": api.base_file_url}
        assert warm_cli.nhacviec("init", env=env, cwd=tmp_path).returncode == 0
        bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli.main", "run", env=env, cwd=tmp_path,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(bot.communicate(), 60)
    assert bot.returncode == 1
    assert wrong not in (out + err).decode() and "***" in err.decode()


async def test_a_telegram_webhook_without_a_proper_secret_does_not_start(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'hook.db'}"
    async with FakeBotApi() as api:
        for secret in ("", "short", "có dấu không được 12345"):
            env = {**os.environ, "NHACVIEC_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": api.token,
                   "TELEGRAM_BASE_URL": api.base_url, "TELEGRAM_BASE_FILE_URL": api.base_file_url,
                   "NHACVIEC_WEBHOOK_URL": "https://xa.example/telegram", "NHACVIEC_WEBHOOK_SECRET": secret,
                   "NHACVIEC_WEBHOOK_LISTEN": "127.0.0.1", "NHACVIEC_WEBHOOK_PORT": "0"}
            assert warm_cli.nhacviec("init", env=env, cwd=tmp_path).returncode == 0
            bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli.main", "run", env=env,
                                                       cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
                                                       stderr=asyncio.subprocess.PIPE)
            _, err = await asyncio.wait_for(bot.communicate(), 60)
            assert bot.returncode == 2 and "NHACVIEC_WEBHOOK_SECRET dài từ 8 đến 256" in err.decode()
        assert not [c for c in api.calls if c["method"] == "setWebhook"]
