"""The bots a channel serves (bot.channels.bots): the deployment's own and each tenant's, each with its own webhook
path and secret; an update is stamped with the tenant and key of the bot it arrived on, never with one the
message names. Nothing here reaches a network or a database."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram import Message

from bot.channels import telegram, zalo
from bot.channels.bots import checked
from bot.channels.channel import SetupError
from bot.channels.registry import CHANNELS, served
from bot.channels.telegram_channel import telegram_bots
from bot.channels.zalo_channel import zalo_bots
from bot.ops.doctor import tenants_findings
from bot.ops.settings import Settings
from bot.ops.tenants import TenantsError
from plan_data.tenants import BotRef

OWN = "100001:own-secret-part"
HP, HN, HP_ZALO = "200002:hai-phong-part", "300003:ha-noi-part", "400004:zalo-hp-part"
TENANTS = f"""
[[tenant]]
key = "hai-phong"
[[tenant.telegram]]
token = "{HP}"
webhook_secret = "hp-secret-1"
[[tenant.zalo]]
token = "{HP_ZALO}"
webhook_secret = "hp-zalo-secret"
monthly_budget = 2000

[[tenant]]
key = "ha-noi"
[[tenant.telegram]]
token = "{HN}"
{{hn_secret}}
"""


def settings_with(tmp_path: Path, tenants: str | None = TENANTS, hn_secret: str = 'webhook_secret = "hn-secret-1"',
                  **variables: str) -> Settings:
    """The settings as the entry point reads them, from these variables and this tenants' file only."""
    extra = {}
    if tenants is not None:
        path = tmp_path / "tenants.toml"
        path.write_text(tenants.replace("{hn_secret}", hn_secret), encoding="utf-8")
        extra["NHACVIEC_TENANTS_FILE"] = str(path)
    return Settings(_env_file=None, **extra).with_channels(c.Section(_env_file=None, **variables) for c in CHANNELS)


def test_each_bot_has_its_route_path_and_webhook_url_from_the_deployments(tmp_path) -> None:
    settings = settings_with(tmp_path, TELEGRAM_BOT_TOKEN=OWN, NHACVIEC_WEBHOOK_URL="https://xa.example/telegram/",
                             NHACVIEC_WEBHOOK_SECRET="own-secret-1")
    bots = telegram_bots(settings)
    assert [(b.ref.route, b.path, b.webhook_url, b.secret) for b in bots] == [
        ("telegram", "/telegram", "https://xa.example/telegram/", "own-secret-1"),
        ("telegram/200002", "/telegram/200002", "https://xa.example/telegram/200002", "hp-secret-1"),
        ("telegram/300003", "/telegram/300003", "https://xa.example/telegram/300003", "hn-secret-1")]
    assert [b.label for b in bots] == ["mặc định", "hai-phong/200002", "ha-noi/300003"]
    assert checked(bots, "own refused") == bots
    zalo_bot = zalo_bots(settings)[0]  # no ZALO_BOT_TOKEN: only the tenant's, polling, with its own budget
    assert (zalo_bot.ref, zalo_bot.webhook_url, zalo_bot.path, zalo_bot.monthly_budget) == (
        BotRef("hai-phong", "zalo", "400004"), None, "/zalo/400004", 2000)


@pytest.mark.parametrize(("hn_secret", "refusal"), [
    ("", "ha-noi/300003 chạy webhook nhưng chưa có webhook_secret riêng"),  # none: one secret per token
    ('webhook_secret = "short"', "ha-noi/300003 chạy webhook nhưng chưa có webhook_secret riêng"),
    ('webhook_secret = "hp-secret-1"', "ha-noi/300003 dùng cùng webhook_secret với bot hai-phong/200002"),
])
def test_a_tenant_bot_on_a_webhook_needs_a_secret_of_its_own(tmp_path, hn_secret: str, refusal: str) -> None:
    settings = settings_with(tmp_path, hn_secret=hn_secret, NHACVIEC_WEBHOOK_URL="https://xa.example/telegram")
    with pytest.raises(SetupError) as refused:
        checked(telegram_bots(settings), "own refused")
    assert refusal in str(refused.value) and HN not in str(refused.value)
    polling = settings_with(tmp_path, hn_secret=hn_secret)  # long polling: no webhook, no secret needed
    assert len(checked(telegram_bots(polling), "own refused")) == 2


def test_the_deployments_own_bot_keeps_its_refusal_as_before_tenants(tmp_path) -> None:
    settings = settings_with(tmp_path, None, TELEGRAM_BOT_TOKEN=OWN, NHACVIEC_WEBHOOK_URL="https://xa.example/t")
    with pytest.raises(SetupError, match="own refused"):
        checked(telegram_bots(settings), "own refused")


def test_a_channel_with_only_tenants_bots_is_served_and_a_broken_file_serves_nothing(tmp_path) -> None:
    assert [c.name for c in served(settings_with(tmp_path))] == ["telegram", "zalo"]
    assert [c.name for c in served(settings_with(tmp_path, None, ZALO_BOT_TOKEN="z"))] == ["zalo"]
    with pytest.raises(TenantsError):
        served(settings_with(tmp_path, '[[tenant]]\nkey = "Hải Phòng"'))


def test_every_tenants_token_and_secret_is_kept_from_the_log(tmp_path) -> None:
    secrets = settings_with(tmp_path, TELEGRAM_BOT_TOKEN=OWN).secrets()
    assert {OWN, HP, HN, HP_ZALO, "hp-secret-1", "hn-secret-1", "hp-zalo-secret"} <= set(secrets)


def test_the_doctor_names_every_problem_of_a_broken_tenants_file_and_counts_a_good_one(tmp_path) -> None:
    broken = tenants_findings(settings_with(tmp_path, f'[[tenant]]\nkey = "A"\n[[tenant.telegram]]\ntoken = "{HP}"'
                                                      '\ncolour = "x"'))
    assert [f.level for f in broken] == ["error"]
    assert "key «A»" in broken[0].text and "trường không dùng «colour»" in broken[0].text and HP not in broken[0].text
    good = tenants_findings(settings_with(tmp_path))
    assert [(f.level, f.text) for f in good] == [("ok", "Tệp tenant: 2 tenant, 3 bot.")]
    assert tenants_findings(settings_with(tmp_path, None)) == []


def _telegram_message(chat_type: str, text: str) -> Message:
    chat = {"id": -1009 if chat_type != "private" else 42, "type": chat_type, "title": "Tổ VP"}
    return Message.de_json({"message_id": 5, "date": 0, "chat": chat, "text": text,
                            "from": {"id": 42, "is_bot": False, "first_name": "An"}}, None)


@pytest.mark.parametrize("ref", [telegram.OWN, BotRef("hai-phong", "telegram", "200002")], ids=["own", "hai-phong"])
@pytest.mark.parametrize("text", ["/viec", "xong 17 ạ", "tenant ha-noi: xong 17", "/lienket ABC123 ha-noi"])
def test_a_telegram_update_carries_the_tenant_of_its_bot_whatever_it_says(ref: BotRef, text: str) -> None:
    incoming = telegram.incoming_from(_telegram_message("group", text), 999, bot=ref)
    assert (incoming.tenant, incoming.bot, incoming.platform) == (ref.tenant, ref.key, "telegram")
    answer = telegram.confirmation(_telegram_message("private", "?"), "xong 17", 999, None, ref)
    assert (answer.tenant, answer.bot) == (ref.tenant, ref.key)


@pytest.mark.parametrize("ref", [zalo.OWN, BotRef("hai-phong", "zalo", "400004")], ids=["own", "hai-phong"])
def test_a_zalo_update_carries_the_tenant_of_its_bot_whatever_it_says(ref: BotRef) -> None:
    update = {"event_name": "message.text.received", "message": {
        "message_id": "m1", "text": "tenant ha-noi xong 17", "from": {"id": "u1", "display_name": "An"},
        "chat": {"id": "c1", "chat_type": "PRIVATE"}}}
    incoming = zalo.incoming_from(update, "bot-id", ref)
    assert incoming is not None and (incoming.tenant, incoming.bot, incoming.private) == (ref.tenant, ref.key, True)

