"""Log lines: one per event, with its fields, as text or JSON, and never a secret."""

from __future__ import annotations

import json
import logging

import pytest

from bot.ops.logs import JsonLines, Redact, log_context

TOKEN = "123456:AAE-bi-mat-thuc"


def _record(message: str, *args, exc: bool = False, **extra) -> logging.LogRecord:
    info = None
    if exc:
        try:
            raise RuntimeError(f"https://api.telegram.org/bot{TOKEN}/getMe failed\nsecond line")
        except RuntimeError:
            import sys

            info = sys.exc_info()
    record = logging.LogRecord("nhacviec.test", logging.ERROR if exc else logging.INFO, __file__, 1, message,
                               args, info)
    record.__dict__.update(extra)
    return record


@pytest.mark.parametrize("formatter", [Redact([TOKEN], "%(levelname)s %(message)s"), JsonLines([TOKEN])])
def test_a_traceback_stays_on_one_line_without_the_token(formatter) -> None:
    line = formatter.format(_record("call to %s", f"/bot{TOKEN}/x", exc=True, chat="-1001", reminder=7))
    assert "\n" not in line and TOKEN not in line and "***" in line


def test_json_lines_carry_the_event_fields() -> None:
    with log_context(platform="telegram", update=10001):
        line = JsonLines([]).format(_record("answered", plan=3, chat="-1009", event="update"))
    parsed = json.loads(line)
    assert parsed["message"] == "answered" and parsed["level"] == "INFO"
    assert {k: parsed[k] for k in ("plan", "chat", "update", "platform", "event")} == {
        "plan": 3, "chat": "-1009", "update": 10001, "platform": "telegram", "event": "update"}


def test_text_lines_show_the_fields_after_the_message() -> None:
    line = Redact([], "%(message)s").format(_record("reminder 7 sent", plan=1, chat="-5", reminder=7))
    assert line == "reminder 7 sent plan=1 chat=-5 reminder=7"
    assert Redact([], "%(message)s").format(_record("plain")) == "plain"  # outside any context: no fields


@pytest.mark.parametrize("formatter", [Redact([TOKEN], "%(levelname)s %(message)s"), JsonLines([TOKEN])])
def test_a_token_in_another_letter_case_or_its_secret_half_is_hidden_too(formatter) -> None:
    """python-telegram-bot capitalises an error's text, which lowers the token inside it."""
    for seen in (TOKEN.lower(), TOKEN.upper(), TOKEN.split(":", 1)[1]):
        line = formatter.format(_record("Bad request: url https://api.telegram.org/bot%s/x", seen))
        assert "bi-mat-thuc" not in line.lower() and "***" in line
