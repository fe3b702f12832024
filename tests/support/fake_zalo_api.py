"""A local stand-in for the Zalo Bot API, for tests that drive the real Zalo channel over real HTTP.

It speaks HTTP on 127.0.0.1 and answers as the Zalo Bot platform does, as far as it is documented:

* ``{base_url}/bot{token}/{method}``, GET or POST, parameters in the query, a form or a JSON body;
  answers ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": ...}``.
* ``getUpdates`` takes only ``timeout``, has no offset and hands out ONE update per call (the update
  itself as ``result``); when nothing comes within the timeout it answers HTTP 408 "Request timeout".
  While a webhook is set it refuses.
* ``setWebhook`` wants ``url`` and a ``secret_token`` of 8-256 characters; ``deliver_webhook`` then posts
  an update there the way Zalo does: wrapped as ``{"ok": true, "result": update}``, with the secret in
  the ``X-Bot-Api-Secret-Token`` header.
* ``sendMessage`` wants ``chat_id`` and a ``text`` of 1-2,000 characters. There are no keyboards, no
  edits. ``fail_next("sendMessage", status=429)`` answers as when the month's quota is spent.

Recording: ``calls`` every request to a known method with the right token (getUpdates too), ``sent``
the calls that did something (not getMe/getUpdates/getWebhookInfo, not rejected ones), ``rejected`` the
calls answered with an injected failure, ``idle_polls`` how many getUpdates ended in a 408.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

JSON = dict[str, Any]
_QUIET = frozenset({"getupdates", "getme", "getwebhookinfo"})
MAX_TEXT = 2000


class ApiError(Exception):
    """Raise from a handler given to :meth:`FakeZaloApi.on` to answer with a Zalo error."""

    def __init__(self, status: int, description: str, error_code: int | None = None) -> None:
        super().__init__(f"{status} {description}")
        self.status, self.description, self.error_code = status, description, error_code or status

    def response(self, key: str = "error_code", status: int | None = None) -> web.Response:
        """`key`: Zalo writes error_code in some answers and errorCode in others; `status`: the HTTP status,
        when Zalo says 200 and puts the error in the body only."""
        body = {"ok": False, key: self.error_code, "description": self.description}
        return web.json_response(body, status=status or self.status)


class FakeZaloApi:
    def __init__(self, token: str = "3222229135581534944:FAKEzaloTOKENabcdef", *,
                 display_name: str = "Nhắc việc CCHC", account_name: str = "bot.NhacViec",
                 idle_in_body: bool = False, error_key: str = "error_code") -> None:
        self.token, self.display_name, self.account_name = token, display_name, account_name
        self.idle_in_body, self.error_key = idle_in_body, error_key  # the shapes Zalo's answers come in
        self.bot_id = token.split(":", 1)[0]
        self.calls: list[JSON] = []
        self.sent: list[JSON] = []
        self.rejected: list[JSON] = []
        self.idle_polls = 0
        self.polls = 0  # getUpdates requests received
        self._taken_at = 0  # the poll that took the last update
        self.webhook_url, self.webhook_secret = "", ""
        self._updates: deque[JSON] = deque()
        self._arrived = asyncio.Event()
        self._recorded = asyncio.Event()
        self._failures: dict[str, deque[ApiError]] = {}
        self._custom: dict[str, Callable[[JSON], Any]] = {}
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()
        self.port: int | None = None
        self._handlers = {
            "getme": self._get_me, "getupdates": self._get_updates, "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook, "getwebhookinfo": self._get_webhook_info,
            "sendmessage": self._send_message, "sendphoto": self._send_photo,
            "sendchataction": self._send_chat_action,
        }

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        """ZALO_BASE_URL: the client adds /bot<TOKEN>/<method>."""
        if self.port is None:
            raise RuntimeError("FakeZaloApi is not started")
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> FakeZaloApi:
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._closing.set()
        self._arrived.set()
        if self._runner is not None:
            await self._runner.cleanup()

    # ------------------------------------------------------------------ feeding updates

    def message_update(self, text: str, *, chat_id: str = "g-hcc", chat_type: str = "GROUP",
                       user_id: str = "u-binh", display_name: str = "Bình",
                       event_name: str = "message.text.received", quote_bot: bool = False,
                       photo_url: str | None = None) -> JSON:
        """An update as Zalo builds it (``date`` in milliseconds); not queued, see push_update."""
        message: JSON = {"from": {"id": user_id, "display_name": display_name, "is_bot": False},
                         "chat": {"id": chat_id, "chat_type": chat_type}, "text": text,
                         "message_id": f"m{next(self._ids)}", "date": int(time.time() * 1000)}
        if photo_url:
            message.pop("text")
            message.update(photo_url=photo_url, caption=text)
        if quote_bot:
            message["reply_to_message"] = {"from": {"id": self.bot_id, "is_bot": True}, "text": "⏰ Nhắc việc"}
        return {"event_name": event_name, "message": message}

    def push_update(self, update: JSON) -> JSON:
        """Queue an update for getUpdates."""
        self._updates.append(update)
        self._arrived.set()
        return update

    def push_message(self, text: str, **kwargs: Any) -> JSON:
        return self.push_update(self.message_update(text, **kwargs))

    async def deliver_webhook(self, update: JSON, secret: str | None = None, url: str | None = None,
                              wrapped: bool = True) -> int:
        """POST an update to the webhook as Zalo does; ``secret`` overrides the registered one (None: the
        registered one, "": no header at all); ``wrapped``: as ``{"ok": true, "result": update}`` (Zalo has
        sent both). Returns the HTTP status the bot answered."""
        secret = self.webhook_secret if secret is None else secret
        headers = {"X-Bot-Api-Secret-Token": secret} if secret else {}
        body = {"ok": True, "result": update} if wrapped else update
        async with aiohttp.ClientSession() as session, session.post(
                url or self.webhook_url, json=body, headers=headers) as response:
            await response.read()
            return response.status

    # ------------------------------------------------------------------ inspecting

    def all_taken(self) -> bool:
        """Every queued update was handed out, and the bot has polled again since: it holds them all."""
        return not self._updates and self.polls > self._taken_at

    def messages(self, chat_id: str | None = None) -> list[JSON]:
        return [c for c in self.sent if c["method"] == "sendMessage" and (chat_id is None or c["chat_id"] == chat_id)]

    async def wait_for(self, predicate: Callable[[JSON], bool] | str, timeout: float = 5.0, *,
                       start: int = 0) -> JSON:
        """The first call in ``sent`` from index ``start`` that matches (a method name or a predicate)."""
        if isinstance(predicate, str):
            name = predicate.lower()

            def matches(call: JSON) -> bool:
                return call["method"].lower() == name
        else:
            matches = predicate
        found: list[JSON] = []

        def seen() -> bool:
            found[:] = [call for call in self.sent[start:] if matches(call)][:1]
            return bool(found)

        await self.wait_until(seen, timeout)
        return found[0]

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        """Returns once ``condition()`` holds, checked after every request; TimeoutError otherwise."""
        async def watch() -> None:
            while not condition():
                self._recorded.clear()
                await self._recorded.wait()

        try:
            await asyncio.wait_for(watch(), timeout)
        except TimeoutError:
            summary = [{k: v for k, v in c.items() if k in ("method", "chat_id", "text")} for c in self.sent]
            raise TimeoutError(f"not within {timeout}s; sent: {summary}") from None

    # ------------------------------------------------------------------ failure injection

    def fail_next(self, method: str, *, status: int, description: str = "", error_code: int | None = None,
                  count: int = 1) -> None:
        """Answer the next ``count`` calls of ``method`` with this error (429: the quota is spent)."""
        default = {429: "Quota exceeded", 403: "Forbidden", 500: "Internal Server Error"}.get(status, "Error")
        queue = self._failures.setdefault(method.lower(), deque())
        queue.extend(ApiError(status, description or default, error_code) for _ in range(count))

    def on(self, method: str, handler: Callable[[JSON], Any]) -> None:
        """Answer ``method`` with ``handler(params)`` (sync or async); raise ApiError for an error."""
        self._custom[method.lower()] = handler

    # ------------------------------------------------------------------ HTTP plumbing

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        prefix, _, method = request.path.lstrip("/").partition("/")
        if not prefix.startswith("bot") or not method:
            return ApiError(404, "Not Found").response()
        if prefix[3:] != self.token:
            return ApiError(401, "Unauthorized").response()
        key = method.lower()
        if key not in self._handlers and key not in self._custom:
            return ApiError(404, "Method not found").response()
        params: JSON = dict(request.query)
        if request.content_type == "application/json" and request.can_read_body:
            params.update(await request.json())
        elif request.can_read_body:
            params.update(await request.post())
        call = {"method": method, **params}
        self.calls.append(call)
        try:
            failures = self._failures.get(key)
            if failures:
                self.rejected.append(call)
                raise failures.popleft()
            result = (self._custom.get(key) or self._handlers[key])(params)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as error:
            self._record()
            in_body = self.idle_in_body and error.error_code == 408
            return error.response(self.error_key, 200 if in_body else None)
        if key not in _QUIET:
            self.sent.append(call)
        self._record()
        return web.json_response({"ok": True, "result": result})

    def _record(self) -> None:
        self._recorded.set()

    async def _get_me(self, params: JSON) -> JSON:
        return {"id": self.bot_id, "account_name": self.account_name, "display_name": self.display_name,
                "account_type": "BASIC", "can_join_groups": True}

    async def _get_updates(self, params: JSON) -> JSON:
        if self.webhook_url:
            raise ApiError(400, "Webhook is active: delete it before getUpdates")
        self.polls += 1
        self._record()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(params.get("timeout") or 30)
        while not self._updates and not self._closing.is_set():
            self._arrived.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), remaining)
        if not self._updates:
            self.idle_polls += 1
            raise ApiError(408, "Request timeout")
        self._taken_at = self.polls
        return self._updates.popleft()

    async def _set_webhook(self, params: JSON) -> JSON:
        secret = str(params.get("secret_token") or "")
        if not params.get("url") or not 8 <= len(secret) <= 256:
            raise ApiError(400, "url and secret_token (8-256 characters) are required")
        self.webhook_url, self.webhook_secret = str(params["url"]), secret
        return {"url": self.webhook_url, "updated_at": int(time.time() * 1000)}

    async def _delete_webhook(self, params: JSON) -> JSON:
        self.webhook_url = self.webhook_secret = ""
        return {"url": "", "updated_at": int(time.time() * 1000)}

    async def _get_webhook_info(self, params: JSON) -> JSON:
        return {"url": self.webhook_url, "updated_at": int(time.time() * 1000)}

    async def _send_message(self, params: JSON) -> JSON:
        text = params.get("text")
        if not params.get("chat_id") or not isinstance(text, str) or not 1 <= len(text.encode('utf-16-le')) // 2 <= MAX_TEXT:
            raise ApiError(400, f"chat_id and a text of 1-{MAX_TEXT} UTF-16 units are required")
        return {"message_id": f"s{next(self._ids)}", "date": int(time.time() * 1000)}

    async def _send_photo(self, params: JSON) -> JSON:
        if not params.get("chat_id") or not params.get("photo"):
            raise ApiError(400, "chat_id and photo (a URL) are required")
        return {"message_id": f"s{next(self._ids)}", "date": int(time.time() * 1000)}

    async def _send_chat_action(self, params: JSON) -> JSON:
        if params.get("action") != "typing":
            raise ApiError(400, "action must be typing")
        return {}
