"""Logging set up once at the entry point; secrets never reach a log line.

One line per event: a traceback stays on its event's line. The fields an event is about (plan, chat,
update, reminder, …) come from `extra=` or from `log_context`, and are shown as `key=value` after the
message, or as keys of one JSON object a line with NHACVIEC_LOG_FORMAT=json, for log collectors.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from datetime import UTC, datetime

FIELDS = ("event", "platform", "tenant", "bot", "plan", "chat", "update", "reminder", "kind", "outcome")
_context: ContextVar[dict[str, object] | None] = ContextVar("log_context", default=None)


@contextlib.contextmanager
def log_context(**fields: object) -> Iterator[None]:
    """Every line logged inside (in this task or thread, and in asyncio.to_thread's) carries these fields."""
    token = _context.set({**(_context.get() or {}), **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


def _fields(record: logging.LogRecord) -> dict[str, object]:
    found = dict(_context.get() or {})
    for name in FIELDS:
        value = getattr(record, name, None)
        if value is not None:
            found[name] = value
    return found


def mask(text: str, *secrets: str) -> str:
    """Each secret hidden, in any letter case (python-telegram-bot capitalises an error's text, which lowers
    the rest of it), and a bot token's secret half on its own too: for logs, the database and notices."""
    for secret in secrets:
        for part in dict.fromkeys((secret, secret.split(":", 1)[-1])) if secret else ():  # the whole token first
            text = re.sub(re.escape(part), "***", text, flags=re.IGNORECASE)
    return text


class Redact(logging.Formatter):
    """Formats as usual, then replaces every secret with «***»: bot tokens sit inside Bot API URLs, and
    those URLs turn up in messages and in the tracebacks of network errors alike."""

    def __init__(self, secrets: Iterable[str], fmt: str | None = None) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = _fields(record)
        if fields:
            text = text.split("\n", 1)
            text[0] += " " + " ".join(f"{k}={v}" for k, v in fields.items())
            text = "\n".join(text)
        return self.hide(text).replace("\n", " ⏎ ")  # one line per event, traceback included

    def hide(self, text: str) -> str:
        return mask(text, *self.secrets)


class JsonLines(Redact):
    """One JSON object a line: time (UTC), level, logger, message, the event's fields, and any traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": self.hide(record.getMessage()),
            **_fields(record)}
        if record.exc_info:
            line["exc"] = self.hide(self.formatException(record.exc_info))
        return self.hide(json.dumps(line, ensure_ascii=False, default=str))


def setup_logging(level: str, secrets: Iterable[str] = (), fmt: str = "text") -> None:
    handler = logging.StreamHandler()
    formatter = JsonLines(secrets) if fmt == "json" else Redact(secrets, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler.setFormatter(formatter)
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # uvicorn (bot.web.server): its start and stop lines are noise; a handler's error still shows, and its
    # access log, whose paths hold the file links' signatures, is off
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
