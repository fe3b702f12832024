"""Every channel declared once, through one protocol (bot.channels.channel): its settings, limits, doctor checks,
and how `nhacviec run` drives it. Nothing here reaches a network or a database."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.channels.channel import Limits, engine_pace, set_and_not_blank
from bot.channels.registry import CHANNELS, served, terminal
from bot.ops.settings import ChannelSettings, Settings
from jobs.pace import Pace

ROOT = Path(__file__).resolve().parents[2]
SERVED_METHODS = ("start", "stop", "senders", "watches")  # one sender and one watch per bot (issue 28)


def settings_with(**variables: str) -> Settings:
    """The settings as the entry point reads them, from these variables only (no .env)."""
    return Settings(_env_file=None).with_channels(c.Section(_env_file=None, **variables) for c in CHANNELS)


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.name)
def test_each_channel_implements_the_protocol(channel) -> None:
    assert issubclass(channel.Section, ChannelSettings)
    assert inspect.iscoroutinefunction(channel.remote_findings)
    assert callable(channel.stored_findings)
    wanted = SERVED_METHODS if channel.served else ("converse",)
    assert all(callable(getattr(channel, method, None)) for method in wanted)
    assert inspect.iscoroutinefunction(channel.start) if channel.served else True


def test_names_are_unique_and_one_channel_is_the_terminal() -> None:
    assert len({c.name for c in CHANNELS}) == len(CHANNELS)
    assert [c for c in CHANNELS if not c.served] == [terminal()]
    assert terminal().name == "console"


def test_a_channel_is_served_when_its_settings_are_present() -> None:
    assert served(settings_with()) == []
    assert served(settings_with(TELEGRAM_BOT_TOKEN="  ")) == []  # left empty in .env
    assert [c.name for c in served(settings_with(ZALO_BOT_TOKEN="z"))] == ["zalo"]
    both = settings_with(TELEGRAM_BOT_TOKEN="123:abc", ZALO_BOT_TOKEN="z")
    assert [c.name for c in served(both)] == ["telegram", "zalo"]  # the order they start in


def test_every_secret_of_every_channel_is_kept_from_the_log() -> None:
    settings = settings_with(TELEGRAM_BOT_TOKEN="123:abc", NHACVIEC_WEBHOOK_SECRET="tg-secret-1",
                             ZALO_BOT_TOKEN="z-token", ZALO_WEBHOOK_SECRET="zalo-secret", NHACVIEC_FILES_SECRET="f" * 16)
    assert sorted(settings.secrets()) == sorted(["123:abc", "tg-secret-1", "z-token", "zalo-secret", "f" * 16])
    assert settings_with().secrets() == []


def test_a_demo_copy_of_the_settings_keeps_the_channels() -> None:
    settings = settings_with(TELEGRAM_BOT_TOKEN="123:abc")
    copy = settings.model_copy(update={"files_dir": "/tmp/thu"})
    assert [c.name for c in served(copy)] == ["telegram"]


def test_env_example_lists_every_channel_variable() -> None:
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    declared = {field.alias for c in CHANNELS for field in c.Section.model_fields.values()}
    assert declared and declared <= listed, declared - listed


def test_the_engine_keeps_the_pace_it_had() -> None:
    """One pace for every channel the engine sends through (jobs.pace): Telegram's and Zalo's are its default."""
    limits = [channel(settings_with(), None, None).limits for channel in CHANNELS]  # built, not started
    assert engine_pace(limits) == Pace()
    slower = Limits(100, pace=Pace(per_second=5, per_chat=3, minute=Pace().minute * 2))
    assert engine_pace([*limits, slower]) == Pace(per_second=5, per_chat=3, minute=Pace().minute * 2)
    assert engine_pace([Limits(None)]) == Pace()


def test_the_limits_are_the_platforms() -> None:
    from telegram.constants import MessageLimit

    from bot.channels.outbox import utf16_units
    from bot.channels.telegram import LIMITS as TELEGRAM
    from bot.channels.zalo import LIMITS as ZALO
    from bot.channels.zalo import MAX_TEXT

    assert (TELEGRAM.text, TELEGRAM.buttons, TELEGRAM.files) == (MessageLimit.MAX_TEXT_LENGTH, True, True)
    assert (ZALO.text, ZALO.measure, ZALO.buttons, ZALO.files) == (MAX_TEXT, utf16_units, False, False)


@pytest.mark.parametrize(("value", "present"), [(None, False), ("", False), ("  ", False), ("x", True)])
def test_a_blank_token_is_no_token(value, present) -> None:
    from pydantic import SecretStr

    assert set_and_not_blank(value) is present
    assert set_and_not_blank(SecretStr(value) if value is not None else None) is present


def test_reading_the_settings_loads_no_chat_library() -> None:
    """Every command reads the channels' settings; only `run` and `doctor` need their libraries (and only `run`
    the web server's)."""
    libraries = ("telegram", "httpx", "apscheduler", "prometheus_client", "starlette", "uvicorn")
    code = f"import sys, bot.channels.registry; print(sorted(m for m in {libraries} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_reply_is_cut_as_the_platform_counts() -> None:
    from bot.channels.outbox import cut, utf16_units

    assert cut("a\nb", Limits(None)) == ["a\nb"]  # a terminal takes any length
    assert cut("ab\ncd", Limits(3)) == ["ab", "cd"]
    assert cut("😀😀\n😀", Limits(4, utf16_units)) == ["😀😀", "😀"]  # an emoji is two UTF-16 units
