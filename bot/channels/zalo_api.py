"""The Zalo Bot API over httpx, and the route Zalo's webhook posts to (on the bot's web server, bot.web).

A few methods of a Telegram-like API (`…/bot<TOKEN>/<method>`, answers `{ok, result, error_code,
description}`) are all the bot needs, so they are called directly rather than through the python-zalo-bot
SDK: see the README's Zalo section for why. The token is part of every URL, so it is never put into an
error message: the log filter hides it too, but error texts also end up in the database.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
from starlette.responses import Response
from starlette.routing import Route

from bot.web.guards import accepted, refusal, webhook

log = logging.getLogger(__name__)
IDLE = 408  # getUpdates found nothing within its timeout: normal, not an error
QUOTA = 429  # Zalo: the month's messages are used up
SECRET_HEADER = "x-bot-api-secret-token"
FILES_PREFIX = "/files/"


class ZaloError(Exception):
    """Zalo did not answer ok: `code` is its error_code or the HTTP status, 0 when no answer came."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"{code} {description}")
        self.code, self.description = code, description


def error_code(body: dict[str, Any], status: int) -> int:
    """Zalo's error code: `error_code` or `errorCode` in the body (an idle long poll may answer HTTP 200 with
    408 in the body only), else the HTTP status; a code that is not a number counts as the status."""
    code = body.get("error_code", body.get("errorCode"))
    try:
        return int(code) if code is not None and code != "" else status
    except (TypeError, ValueError):
        return status


class ZaloApi:
    def __init__(self, token: str, base_url: str, poll_timeout: float = 30.0) -> None:
        self._token = token
        self._url = f"{base_url.rstrip('/')}/bot{token}/"
        self.poll_timeout = poll_timeout
        # a long poll may take poll_timeout before Zalo answers: the read timeout must outlast it
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(20.0, read=poll_timeout + 20.0))
        self.last_answer: float | None = None  # monotonic time Zalo last answered, for /readyz (bot.ops.health)

    async def call(self, method: str, **params: Any) -> Any:
        """The method's `result`; ZaloError for anything else."""
        try:
            response = await self._client.post(self._url + method, json=params)
        except httpx.HTTPError as problem:  # `from None`: httpx's own errors may carry the URL
            raise ZaloError(0, self._hide(f"{method}: {type(problem).__name__} {problem}".strip())) from None
        self.last_answer = time.monotonic()
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if response.status_code == 200 and body.get("ok") is True:
            return body.get("result")
        raise ZaloError(error_code(body, response.status_code),
                        self._hide(str(body.get("description") or response.reason_phrase)))

    async def next_update(self) -> dict[str, Any] | None:
        """One update (Zalo hands them out one per call, without offsets), or None when none came in time."""
        try:
            update = await self.call("getUpdates", timeout=f"{self.poll_timeout:g}")
        except ZaloError as problem:
            if problem.code != IDLE:
                raise
            log.debug("Zalo: no update within %gs", self.poll_timeout)
            return None
        return update if isinstance(update, dict) and update else None

    async def aclose(self) -> None:
        await self._client.aclose()

    def _hide(self, text: str) -> str:
        return text.replace(self._token, "***")


def webhook_route(path: str, secret: str, on_update: Callable[[dict[str, Any]], None]) -> Route:
    """POST `path`, as Zalo's webhook posts: a request without the right secret header is refused with 403
    before its body is read (bot.web.guards), so nothing it says is processed; an update is handed to
    `on_update`, anything else refused with 400."""

    async def post(body: bytes) -> Response:
        try:
            update = json.loads(body or b"{}")
        except ValueError:
            return refusal(400)
        # the webhook may wrap the update as getUpdates does, {"ok": true, "result": {...}}, or not
        update = update.get("result", update) if isinstance(update, dict) else None
        if not isinstance(update, dict) or "message" not in update:
            return refusal(400)
        on_update(update)
        return accepted()

    return webhook(path, post, SECRET_HEADER, secret)
