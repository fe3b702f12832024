"""Telegram's webhook on the bot's web server (bot.web.server), beside /healthz, /readyz and /metrics, and a
watched getUpdates request, so that /readyz knows when Telegram last answered a poll.

PTB's own webhook server (Updater.start_webhook, on tornado) serves one path only; PTB documents this way
instead for a server of one's own: set the webhook with the Bot API and put each update on the
application's update_queue.
"""

from __future__ import annotations

import json
import logging
import time

from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.web.guards import accepted, refusal, webhook

log = logging.getLogger(__name__)
SECRET_HEADER = "x-telegram-bot-api-secret-token"
PATH = "/telegram"


class WebhookInbox:
    """POST /telegram (a tenant's bot: /telegram/<its key>): its own secret checked and the body's size limited (bot.web.guards), the update queued for
    the application."""

    def __init__(self, app: Application, secret: str | None, path: str = PATH) -> None:
        self.app, self.secret, self.path = app, secret, path
        self.last_post: float | None = None

    def route(self) -> Route:
        return webhook(self.path, self._post, SECRET_HEADER if self.secret else "", self.secret or "")

    async def _post(self, body: bytes) -> Response:
        self.last_post = time.monotonic()
        try:
            data = json.loads(body)
            if not isinstance(data, dict):
                raise ValueError("an update is a JSON object")
            update = Update.de_json(data, self.app.bot)
        except Exception:  # anything that is not an update is refused, and nothing of it is processed
            log.info("Telegram webhook: a body that is not an update was refused")
            return refusal(400)
        if update is None:
            return refusal(400)
        await self.app.update_queue.put(update)
        return accepted()


async def set_webhook(app: Application, url: str, secret: str | None) -> None:
    await app.bot.set_webhook(url=url, secret_token=secret, allowed_updates=Update.ALL_TYPES)


class WatchedRequest(HTTPXRequest):
    """PTB's HTTP request, remembering when the Bot API last answered (any answer: it is alive)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.last_answer: float | None = None

    async def do_request(self, *args, **kwargs) -> tuple[int, bytes]:
        answer = await super().do_request(*args, **kwargs)
        self.last_answer = time.monotonic()
        return answer
