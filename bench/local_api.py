"""A Bot API that answers inside the process: PTB's real Application and Bot, no network.

Modelled on PTB's own tests (tests/auxil/networking.py): a BaseRequest subclass whose do_request returns
a canned JSON answer. The parameters are still JSON-encoded, as HTTPXRequest would do before sending, so
the measured path keeps everything PTB does except the socket.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from telegram.ext import ApplicationBuilder
from telegram.request import BaseRequest, RequestData

TOKEN = "123456:BENCH-local-token"
BOT_ID = 123456
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Nhắc việc", "username": "NhacViecBot"}


class LocalRequest(BaseRequest):
    """Answers getMe with the bot, sendMessage with the message it would have become, anything else True."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self._message_id = 1000

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE, write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        self.calls[name] = self.calls.get(name, 0) + 1
        params = request_data.parameters if request_data else {}
        if request_data is not None:
            request_data.json_parameters  # noqa: B018 - the encoding HTTPXRequest does before sending
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT_USER
        if name == "sendMessage":
            self._message_id += 1
            chat_id = int(params["chat_id"])
            return {"message_id": self._message_id, "date": int(time.time()), "from": BOT_USER,
                    "chat": {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private", "title": "Nhóm"},
                    "text": params.get("text", "")}
        if name == "getUpdates":
            return []
        return True


def local_builder(request: LocalRequest) -> ApplicationBuilder:
    """An ApplicationBuilder whose Bot talks to `request` (updates are pushed with process_update)."""
    return ApplicationBuilder().request(request).get_updates_request(LocalRequest())


@contextmanager
def product_builder_uses(request: LocalRequest) -> Iterator[None]:
    """bot.channels.telegram.build_application, unchanged, but building its Application on the local request.

    The product chains token/base_url/post_init/... on ApplicationBuilder(): swapping the class it calls
    keeps every handler and hook it registers, and only replaces the transport."""
    with mock.patch("bot.channels.telegram.ApplicationBuilder", lambda: local_builder(request)):
        yield


def message_update(update_id: int, chat_id: int, text: str, user_id: int = 42, name: str = "Bình") -> dict:
    """A group message as Telegram sends it (a leading /command gets its entity, as in the stand-in)."""
    message: dict[str, Any] = {
        "message_id": update_id, "date": int(time.time()), "text": text,
        "chat": {"id": chat_id, "type": "supergroup", "title": "Nhóm"},
        "from": {"id": user_id, "is_bot": False, "first_name": name, "language_code": "vi"},
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}
