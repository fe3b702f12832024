"""The Zalo Bot API over httpx, and the small HTTP server Zalo's webhook posts to.

A few methods of a Telegram-like API (`…/bot<TOKEN>/<method>`, answers `{ok, result, error_code,
description}`) are all the bot needs, so they are called directly rather than through the python-zalo-bot
SDK: see the README's Zalo section for why. The token is part of every URL, so it is never put into an
error message: the log filter hides it too, but error texts also end up in the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import h11
import httpx

log = logging.getLogger(__name__)
IDLE = 408  # getUpdates found nothing within its timeout: normal, not an error
QUOTA = 429  # Zalo: the month's messages are used up
SECRET_HEADER = b"x-bot-api-secret-token"
MAX_BODY = 1_000_000  # an update is a few hundred bytes


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


Response = tuple[int, bytes, list[tuple[str, str]]]
FILES_PREFIX = b"/files/"


class WebhookServer:
    """Takes Zalo's POSTs on one path. A request without the right secret header is refused with 403
    before its body is read, so nothing it says is processed. With `files`, it also answers GET
    /files/… with what `files(target)` says (bot.channels.links: signed links to a reply's files);
    without `on_update` it serves only those (long polling, with a public URL for files)."""

    def __init__(self, path: str, secret: str, on_update: Callable[[dict[str, Any]], None] | None,
                 files: Callable[[bytes], Response] | None = None) -> None:
        self.path, self._secret, self._on_update = path.encode(), secret.encode(), on_update
        self._files = files
        self._server: asyncio.Server | None = None

    async def start(self, host: str, port: int) -> int:
        """Listens; returns the port (useful when 0 asked for a free one)."""
        self._server = await asyncio.start_server(self._connection, host, port)
        return self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = h11.Connection(h11.SERVER)
        try:
            answer = await asyncio.wait_for(self._answer(connection, reader), 30)
        except (TimeoutError, ConnectionError, h11.RemoteProtocolError, ValueError):
            answer = 400
        if isinstance(answer, tuple):
            status, body, headers = answer
        else:
            status, body, headers = answer, json.dumps({"ok": answer == 200}).encode(), [
                ("content-type", "application/json")]
        headers = [*headers, ("content-length", str(len(body))), ("connection", "close")]
        with contextlib.suppress(h11.LocalProtocolError, ConnectionError):
            writer.write(connection.send(h11.Response(status_code=status, headers=headers)))
            writer.write(connection.send(h11.Data(data=body)) + connection.send(h11.EndOfMessage()))
            await writer.drain()
        writer.close()

    async def _answer(self, connection: h11.Connection, reader: asyncio.StreamReader) -> int | Response:
        request = await _next(connection, reader)
        if not isinstance(request, h11.Request):
            return 400
        if self._files is not None and request.target.startswith(FILES_PREFIX):
            return self._files(request.target) if request.method == b"GET" else 405
        if request.target.split(b"?", 1)[0] != self.path or self._on_update is None:
            return 404
        if request.method != b"POST":
            return 405
        secret = dict(request.headers).get(SECRET_HEADER, b"")
        if not hmac.compare_digest(secret, self._secret):
            log.warning("Zalo webhook: a request with a missing or wrong secret was refused")
            return 403
        body = bytearray()
        while isinstance(event := await _next(connection, reader), h11.Data):
            body += event.data
            if len(body) > MAX_BODY:
                return 413
        update = json.loads(body or b"{}")
        # the webhook wraps the update as getUpdates does: {"ok": true, "result": {...}}
        update = update.get("result", update) if isinstance(update, dict) else None
        if not isinstance(update, dict) or "message" not in update:
            return 400
        self._on_update(update)
        return 200


async def _next(connection: h11.Connection, reader: asyncio.StreamReader) -> Any:
    while (event := connection.next_event()) is h11.NEED_DATA:
        connection.receive_data(await reader.read(65536))
    return event
