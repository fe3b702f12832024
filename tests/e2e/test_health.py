"""/healthz, /readyz and /metrics of a running `nhacviec run`: on the webhook's port in webhook mode (with
Telegram's webhook on the same server), on NHACVIEC_HEALTH_PORT in polling mode; SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys

import httpx

from bot.ops.health import Health
from bot.web.app import SECURITY_HEADERS
from bot.web.server import WebServer
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.support import warm_cli
from tests.support.fake_bot_api import FakeBotApi

SECRET = "bi-mat-webhook-cua-xa"
BOARD_SECRET = "khoa-ky-bang-cua-bot-chay-that"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _get(client: httpx.AsyncClient, url: str, tries: int = 300) -> httpx.Response:
    """The first answer once the server listens (it starts after the channels)."""
    for _ in range(tries):
        try:
            return await client.get(url)
        except httpx.TransportError:
            await asyncio.sleep(0.1)
    raise AssertionError(f"nothing listens at {url}")


async def _ready(client: httpx.AsyncClient, url: str) -> dict:
    """/readyz until it says ready: the scheduler's first tick comes a second after start."""
    for _ in range(300):
        answer = await _get(client, url)
        if answer.status_code == 200:
            return answer.json()
        await asyncio.sleep(0.1)
    raise AssertionError(f"never ready: {answer.text}")


async def _start(api: FakeBotApi, url: str, tmp_path, **extra: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "NHACVIEC_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": api.token,
           "TELEGRAM_BASE_URL": api.base_url, "TELEGRAM_BASE_FILE_URL": api.base_file_url, **extra}
    assert warm_cli.nhacviec("init", env=env, cwd=tmp_path).returncode == 0
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli.main", "run", env=env, cwd=tmp_path,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def _stop(bot: asyncio.subprocess.Process, api: FakeBotApi) -> str:
    bot.send_signal(signal.SIGINT)
    _, err = await asyncio.wait_for(bot.communicate(), 30)
    assert bot.returncode == 0, err.decode()[-2000:]
    assert api.token not in err.decode() and SECRET not in err.decode() and BOARD_SECRET not in err.decode()
    return err.decode()


async def test_webhook_mode_serves_telegram_and_health_on_one_port(database_url: str, tmp_path) -> None:
    port = _free_port()
    async with FakeBotApi() as api:
        bot = await _start(api, database_url, tmp_path, NHACVIEC_WEBHOOK_URL="https://xa.example/telegram",
                           NHACVIEC_WEBHOOK_SECRET=SECRET, NHACVIEC_WEBHOOK_LISTEN="127.0.0.1",
                           NHACVIEC_WEBHOOK_PORT=str(port))
        try:
            base = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient(timeout=30) as client:
                alive = await _get(client, base + "/healthz")
                assert alive.json() == {"ok": True}
                for name, value in SECURITY_HEADERS.items():  # bot.web.app: on every answer of the real bot
                    assert alive.headers[name] == value
                ready = await _ready(client, base + "/readyz")
                assert set(ready["checks"]) == {"database", "scheduler", "channel:telegram"}
                assert api.webhook_url == "https://xa.example/telegram"
                update = api.message_update("/viec", chat_id=-1009)
                wrong = await client.post(base + "/telegram", json=update,
                                          headers={"X-Telegram-Bot-Api-Secret-Token": "sai"})
                assert wrong.status_code == 403
                for body in (b"{not json", b"[]", b'"x"', b"\xff\xfe"):  # malformed: 400, nothing processed
                    broken = await client.post(base + "/telegram", content=body,
                                               headers={"X-Telegram-Bot-Api-Secret-Token": SECRET,
                                                        "content-type": "application/json"})
                    assert broken.status_code == 400, body
                right = await client.post(base + "/telegram", json=update,
                                          headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
                assert right.status_code == 200
                reply = await api.wait_for("sendMessage", timeout=30)
                assert "chưa được liên kết" in reply["text"] and len(api.messages()) == 1
                metrics = (await client.get(base + "/metrics")).text
                assert 'nhacviec_replies_total{bot="",platform="telegram",tenant=""} 1.0' in metrics
                for name in ("nhacviec_tick_seconds_count", "nhacviec_reminders_pending",
                             'nhacviec_reminders_total{outcome="sent"}', "nhacviec_loop_stall_seconds",
                             "nhacviec_zalo_budget_used"):
                    assert name in metrics, name
                missing = await client.get(base + "/nothing")
                assert missing.status_code == 404 and missing.headers["x-frame-options"] == "DENY"
                assert missing.headers["cache-control"] == "no-store"
        finally:
            await _stop(bot, api)
        assert api.calls_of("getUpdates") == []  # a webhook, not polling


async def test_polling_mode_serves_health_on_its_own_port_and_logs_json(tmp_path) -> None:
    port, web = _free_port(), _free_port()
    async with FakeBotApi() as api:
        bot = await _start(api, f"sqlite:///{tmp_path / 'poll.db'}", tmp_path, NHACVIEC_HEALTH_PORT=str(port),
                           NHACVIEC_LOG_FORMAT="json", NHACVIEC_PUBLIC_URL=f"http://127.0.0.1:{web}",
                           NHACVIEC_WEB_PORT=str(web), NHACVIEC_BOARD_SECRET=BOARD_SECRET)
        try:
            async with httpx.AsyncClient(timeout=30) as client:
                ready = await _ready(client, f"http://127.0.0.1:{port}/readyz")
                assert ready["checks"]["channel:telegram"]["ok"]
                assert "last poll" in ready["checks"]["channel:telegram"]["detail"]
                assert (await client.post(f"http://127.0.0.1:{port}/telegram", json={})).status_code == 404
                # the board and the feeds, on their own port, as NHACVIEC_PUBLIC_URL reaches them
                assert (await client.get(f"http://127.0.0.1:{web}/static/board.css")).status_code == 200
                refused = await client.get(f"http://127.0.0.1:{web}/b/khong-co-lien-ket-nay/")
                assert refused.status_code == 404 and "«bảng»" in refused.text
                assert (await client.get(f"http://127.0.0.1:{web}/lich/khong-co.ics")).status_code == 404
            sent = api.push_message("/viec", chat_id=-1007)
            await api.wait_for("sendMessage", timeout=30)
        finally:
            err = await _stop(bot, api)
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]  # every line is one JSON object
    [event] = [line for line in lines if line.get("event") == "update"]
    assert (event["chat"], event["update"], event["outcome"]) == ("-1007", sent["update_id"], "replied")
    assert "plan" not in event  # an unbound chat belongs to no plan


async def test_not_ready_while_migrations_lag_or_before_the_first_tick(database_url: str, now) -> None:
    engine = make_engine(database_url)
    upgrade(engine, "0003")
    health = Health(make_sessions(engine), lambda: now)
    server = WebServer(health.routes())
    port = server.listen("127.0.0.1", 0)
    await server.start()
    try:
        async with httpx.AsyncClient(timeout=30) as client:
            answer = await client.get(f"http://127.0.0.1:{port}/readyz")
            assert answer.status_code == 503
            checks = answer.json()["checks"]
            assert not checks["database"]["ok"] and "nhacviec init" in checks["database"]["detail"]
            assert not checks["scheduler"]["ok"]
            upgrade(engine)
            health.ticked()
            assert (await client.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200
            assert (await client.post(f"http://127.0.0.1:{port}/readyz")).status_code == 405
    finally:
        await server.stop()
        engine.dispose()


async def test_zalo_alone_reports_its_poll_and_budget_and_serves_its_files_port(tmp_path) -> None:
    from tests.support.fake_zalo_api import FakeZaloApi

    port, files_port = _free_port(), _free_port()
    async with FakeZaloApi() as zalo:
        url = f"sqlite:///{tmp_path / 'zalo.db'}"
        env = {**os.environ, "NHACVIEC_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "", "ZALO_BOT_TOKEN": zalo.token,
               "ZALO_BASE_URL": zalo.base_url, "NHACVIEC_HEALTH_PORT": str(port), "ZALO_MONTHLY_BUDGET": "500",
               "NHACVIEC_PUBLIC_URL": f"http://127.0.0.1:{files_port}", "NHACVIEC_FILES_SECRET": "k" * 20,
               "ZALO_WEBHOOK_LISTEN": "127.0.0.1", "ZALO_WEBHOOK_PORT": str(files_port)}
        assert warm_cli.nhacviec("init", env=env, cwd=tmp_path).returncode == 0
        bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli.main", "run", env=env, cwd=tmp_path,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            async with httpx.AsyncClient(timeout=30) as client:
                ready = await _ready(client, f"http://127.0.0.1:{port}/readyz")
                assert set(ready["checks"]) == {"database", "scheduler", "channel:zalo"}
                zalo.push_message("việc", chat_id="p-1", chat_type="PRIVATE")
                await zalo.wait_for("sendMessage", timeout=30)
                for _ in range(100):  # the count in the database follows Zalo's answer
                    metrics = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
                    if 'nhacviec_zalo_budget_used{bot=""} 1.0' in metrics:
                        break
                    await asyncio.sleep(0.1)
                assert 'nhacviec_replies_total{bot="",platform="zalo",tenant=""} 1.0' in metrics
                assert 'nhacviec_zalo_budget_limit{bot="",tenant=""} 500.0' in metrics
                assert 'nhacviec_zalo_budget_used{bot=""} 1.0' in metrics
                for each in (port, files_port):  # one app on both ports: the health port's, Zalo's for its files
                    assert (await client.get(f"http://127.0.0.1:{each}/healthz")).json() == {"ok": True}
                    assert (await client.get(f"http://127.0.0.1:{each}/files/1-hcc/a/1/b/c.ics")).status_code == 403
        finally:
            bot.send_signal(signal.SIGINT)
            _, err = await asyncio.wait_for(bot.communicate(), 30)
        assert bot.returncode == 0, err.decode()[-2000:]
        assert zalo.token not in err.decode()
