"""Many Telegram bots in one process (issue 28): the deployment's own and two tenants', each a real PTB
Application over real HTTP against the Bot API stand-in, which serves every token at one base URL and records
which token each call used. Each bot polls with its own token, answers through the token an update arrived on,
has its own webhook path and secret, its own line in /readyz and the doctor; no token is ever shown."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest

from bot.channels.registry import CHANNELS
from bot.channels.telegram_channel import Telegram
from bot.ops.health import Health
from bot.ops.settings import Settings
from bot.web.server import WebServer
from storage.db import make_engine, make_sessions
from storage.migrate import upgrade
from tests.e2e.test_health import _free_port, _get, _ready
from tests.support import warm_cli
from tests.support.engine import SEEDED_AT
from tests.support.fake_bot_api import FakeBotApi
from tests.unit.test_tenant_bots import HN, HP, OWN

SECRETS = {OWN: "own-secret-xa", HP: "hp-secret-xa", HN: "hn-secret-xa"}
KEYS = {OWN: "", HP: "200002", HN: "300003"}
TENANTS = """
[[tenant]]
key = "hai-phong"
[[tenant.telegram]]
token_env = "HP_TG_TOKEN"
webhook_secret_env = "HP_TG_SECRET"

[[tenant]]
key = "ha-noi"
[[tenant.telegram]]
token_env = "HN_TG_TOKEN"
webhook_secret_env = "HN_TG_SECRET"
"""
ENV = {"HP_TG_TOKEN": HP, "HP_TG_SECRET": SECRETS[HP], "HN_TG_TOKEN": HN, "HN_TG_SECRET": SECRETS[HN]}


async def _three_bots() -> tuple[FakeBotApi, FakeBotApi, FakeBotApi]:
    api = FakeBotApi(OWN, "XaBot")
    hp, hn = api.add_bot(HP, "HaiPhongBot"), api.add_bot(HN, "HaNoiBot")
    await api.start()
    return api, hp, hn


@pytest.fixture(scope="module")
def sessions(tmp_path_factory):
    database = make_engine(f"sqlite:///{tmp_path_factory.mktemp('tenants') / 'bots.db'}")
    upgrade(database)
    yield make_sessions(database)
    database.dispose()


def _settings(tmp_path: Path, api: FakeBotApi, monkeypatch, **variables: str) -> Settings:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "tenants.toml"
    path.write_text(TENANTS, encoding="utf-8")
    own = {"TELEGRAM_BOT_TOKEN": OWN, "TELEGRAM_BASE_URL": api.base_url, "TELEGRAM_BASE_FILE_URL": api.base_file_url}
    return Settings(_env_file=None, NHACVIEC_TENANTS_FILE=str(path)).with_channels(
        c.Section(_env_file=None, **own, **variables) for c in CHANNELS)


async def _polled(*bots: FakeBotApi) -> None:
    while not all(any(c["method"] == "getUpdates" for c in bot.calls) for bot in bots):
        await asyncio.sleep(0.05)


async def test_each_bot_polls_with_its_own_token_and_answers_through_the_token_it_was_written_to(
        tmp_path, monkeypatch, sessions, caplog) -> None:
    api, hp, hn = await _three_bots()
    channel = Telegram(_settings(tmp_path, api, monkeypatch), sessions, clock_now)
    try:
        await channel.start(WebServer())
        await asyncio.wait_for(_polled(api, hp, hn), 30)
        caplog.set_level(logging.INFO, "nhacviec.events")
        hn.push_message("/viec", chat_id=-1009)
        reply = await hn.wait_for("sendMessage", timeout=30)
        assert "chưa được liên kết" in reply["text"] and api.messages() == [] and hp.messages() == []
        assert {token for token, call in api.traffic if call["method"] == "sendMessage"} == {HN}
        update = next(r for r in caplog.records if getattr(r, "event", "") == "update")
        assert (update.tenant, update.bot) == ("ha-noi", "300003")  # from the token, as every Incoming of it
        senders = channel.senders()
        assert set(senders) == {"telegram", "telegram/200002", "telegram/300003"}  # the engine's routes
        await senders["telegram/200002"].send("-1005", "Nhắc việc của Hải Phòng")
        assert [m["text"] for m in hp.messages()] == ["Nhắc việc của Hải Phòng"] and api.messages() == []
        health = Health(sessions, clock_now)
        health.channels.extend(channel.watches())
        for quiet in (api, hp):  # group talk not for the bot: its poll answers, nothing is sent
            quiet.push_message("chào cả nhà", chat_id=-1010)
        bots = await asyncio.wait_for(_every_bot_polled(health), 30)
        assert set(bots) == {"channel:telegram", "channel:telegram:hai-phong/200002", "channel:telegram:ha-noi/300003"}
        assert bots["channel:telegram"]["tenant"] == "mặc định" and bots["channel:telegram:ha-noi/300003"]["bot"] == "300003"
    finally:
        await channel.stop()
        await api.stop()
    assert not any(token in record.getMessage() for record in caplog.records for token in SECRETS)


async def _every_bot_polled(health: Health) -> dict[str, dict[str, object]]:
    """/readyz's line of each bot, once each has had a poll answered."""
    while True:
        checks = await asyncio.to_thread(health.checks)
        bots = {name: check for name, check in checks.items() if name.startswith("channel:")}
        if all(check["ok"] for check in bots.values()):
            return bots
        await asyncio.sleep(0.1)


def clock_now():
    return SEEDED_AT


async def test_the_doctor_checks_every_token_and_names_each_bot_never_its_token(tmp_path, monkeypatch) -> None:
    api, hp, hn = await _three_bots()
    try:
        api.webhook_url = "https://other.example/telegram"  # the own bot polls: a webhook left is a warning
        found = await Telegram.remote_findings(_settings(tmp_path, api, monkeypatch))
    finally:
        await api.stop()
    named = {bot: [f for f in found if f.text.startswith(f"[{bot}]")]
             for bot in ("mặc định", "hai-phong/200002", "ha-noi/300003")}
    assert all(len(lines) == 2 for lines in named.values()) and len(found) == 6, [f.text for f in found]
    assert "@HaiPhongBot (id 200002)" in named["hai-phong/200002"][0].text
    assert [f.level for f in named["mặc định"]] == ["ok", "warn"]
    assert not any(token in f"{f.text} {f.fix}" for f in found for token in SECRETS)


async def test_each_bot_has_its_webhook_path_and_secret_and_a_post_signed_for_another_is_refused(
        tmp_path, monkeypatch, sessions) -> None:
    api, hp, hn = await _three_bots()
    port = _free_port()
    settings = _settings(tmp_path, api, monkeypatch, NHACVIEC_WEBHOOK_URL="https://xa.example/telegram",
                         NHACVIEC_WEBHOOK_SECRET=SECRETS[OWN], NHACVIEC_WEBHOOK_LISTEN="127.0.0.1",
                         NHACVIEC_WEBHOOK_PORT=str(port))
    channel, server = Telegram(settings, sessions, clock_now), WebServer()
    try:
        await channel.start(server)
        await server.start()
        assert (api.webhook_url, hp.webhook_url, hn.webhook_url) == (
            "https://xa.example/telegram", "https://xa.example/telegram/200002", "https://xa.example/telegram/300003")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for token, other in ((HP, HN), (HP, OWN), (OWN, HP), (HN, HP)):
                path = "/telegram" + (f"/{KEYS[token]}" if KEYS[token] else "")
                wrong = await client.post(path, json=api.message_update("/viec", chat_id=-1007),
                                          headers={"X-Telegram-Bot-Api-Secret-Token": SECRETS[other]})
                assert wrong.status_code == 403, (path, other)
            right = await client.post("/telegram/200002", json=hp.message_update("/viec", chat_id=-1007),
                                      headers={"X-Telegram-Bot-Api-Secret-Token": SECRETS[HP]})
            assert right.status_code == 200
            reply = await hp.wait_for("sendMessage", timeout=30)
        assert "chưa được liên kết" in reply["text"] and api.messages() == [] and hn.messages() == []
        assert not any(c["method"] == "getUpdates" for bot in (api, hp, hn) for c in bot.calls)
    finally:
        await server.stop()
        await channel.stop()
        await api.stop()


async def test_run_serves_every_tenants_bot_and_refuses_a_broken_tenants_file(tmp_path) -> None:
    """`nhacviec run` as deployed: one webhook port for the three bots and /readyz; a reply from a tenant's bot
    is counted under its tenant; no token or secret in its log. A broken tenants' file: exit 2, each problem."""
    url, port = f"sqlite:///{tmp_path / 'run.db'}", _free_port()
    (tmp_path / "tenants.toml").write_text(TENANTS, encoding="utf-8")
    async with FakeBotApi(OWN, "XaBot") as api:
        hn = api.add_bot(HN, "HaNoiBot")
        api.add_bot(HP, "HaiPhongBot")
        env = {**os.environ, **ENV, "NHACVIEC_DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": OWN,
               "TELEGRAM_BASE_URL": api.base_url, "TELEGRAM_BASE_FILE_URL": api.base_file_url,
               "NHACVIEC_TENANTS_FILE": str(tmp_path / "tenants.toml"), "NHACVIEC_WEBHOOK_URL": "https://xa.example/telegram",
               "NHACVIEC_WEBHOOK_SECRET": SECRETS[OWN], "NHACVIEC_WEBHOOK_LISTEN": "127.0.0.1",
               "NHACVIEC_WEBHOOK_PORT": str(port)}
        assert warm_cli.nhacviec("init", env=env, cwd=tmp_path).returncode == 0
        bot = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli.main", "run", env=env, cwd=tmp_path,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            base = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient(timeout=30) as client:
                ready = await _ready(client, base + "/readyz")
                assert {"channel:telegram", "channel:telegram:hai-phong/200002",
                        "channel:telegram:ha-noi/300003"} <= set(ready["checks"])
                posted = await client.post(base + "/telegram/300003", json=hn.message_update("/viec", chat_id=-1008),
                                           headers={"X-Telegram-Bot-Api-Secret-Token": SECRETS[HN]})
                assert posted.status_code == 200 and "chưa được liên kết" in (await hn.wait_for("sendMessage"))["text"]
                metrics = (await _get(client, base + "/metrics")).text
                assert 'nhacviec_replies_total{bot="300003",platform="telegram",tenant="ha-noi"} 1.0' in metrics
        finally:
            bot.send_signal(signal.SIGINT)
            _, err = await asyncio.wait_for(bot.communicate(), 30)
        assert bot.returncode == 0, err.decode()[-2000:]
        assert not any(secret in err.decode() for pair in SECRETS.items() for secret in pair)
    (tmp_path / "tenants.toml").write_text(TENANTS.replace('key = "ha-noi"', 'key = "Hà Nội"'), encoding="utf-8")
    refused = warm_cli.nhacviec("run", env=env, cwd=tmp_path)
    assert refused.returncode == 2 and "key «Hà Nội»" in refused.stderr and HN not in refused.stderr
