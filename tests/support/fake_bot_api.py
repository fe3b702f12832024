"""A local stand-in for the Telegram Bot API, for tests that drive the real python-telegram-bot.

The server speaks real HTTP on 127.0.0.1, so a real ``telegram.ext.Application`` (with its real
``HTTPXRequest``) can be pointed at it::

    async with running_fake_api() as api:
        app = (
            ApplicationBuilder()
            .token(api.token)
            .base_url(api.base_url)
            .base_file_url(api.base_file_url)
            .build()
        )
        ...
        api.push_update(api.message_update("/xong@NhacViecBot 17"))
        reply = await api.wait_for(lambda call: call["method"] == "sendMessage")

How PTB talks to the Bot API (relevant when reading the recorded calls):

* Every call is a POST to ``{base_url}{token}/{methodName}``.  Parameters are sent as
  ``application/x-www-form-urlencoded`` (or ``multipart/form-data`` when a file is uploaded),
  never as a JSON body.  String values are sent as-is, every other value (ints, bools, lists,
  reply markups, ...) is JSON-encoded into the form field.  ``None`` values are dropped.
  This module decodes the fields back: JSON-valued fields become ints/bools/dicts/lists again,
  text-like fields (``text``, ``caption``, ``parse_mode``, ...) stay strings.
* Errors are mapped from the HTTP status and the ``parameters`` of the error body:
  ``migrate_to_chat_id`` -> ``ChatMigrated``, ``retry_after`` -> ``RetryAfter`` (both win over
  the status), then 403 -> ``Forbidden``, 401/404 -> ``InvalidToken``, 400 -> ``BadRequest``,
  409 -> ``Conflict``, anything else -> ``NetworkError``.  A 2xx answer is taken at face value:
  PTB does not look at ``"ok"``, it just returns ``["result"]``.
* ``TelegramError`` strips a leading "Bad Request: " and then ``str.capitalize()``s the rest, so
  "Bad Request: BOT_COMMAND_INVALID" surfaces as "Bot_command_invalid": match errors with ``(?i)``.
* ``Updater.stop()`` cancels the running long poll (client side only) and then sends one more
  ``getUpdates(offset=last+1, timeout=0)`` to confirm what it fetched; here a newer getUpdates ends a
  still-waiting older one with 409 Conflict, as Telegram does, so nothing lingers.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import json
import re
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["ApiError", "FakeBotApi", "running_fake_api"]

JSON = dict[str, Any]
Predicate = Callable[[JSON], bool]
MethodHandler = Callable[[JSON], Any]

# Form fields whose value is a plain string on the wire and must not be JSON-decoded
# (a text "17" must stay "17", not become the int 17).
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "ip_address",
        "description",
        "short_description",
        "name",
        "title",
        "language_code",
        "action",
        "emoji",
        "message_effect_id",
        "business_connection_id",
        "query",
        "file_id",
        "data",
        "switch_inline_query",
        "address",
        "sticker",
    }
)

# Calls that only read state (or are polling plumbing) are kept in ``calls`` but not in ``sent``.
_QUIET_METHODS = frozenset(
    {"getupdates", "getme", "getwebhookinfo", "getchat", "getmycommands", "getfile", "deletewebhook"}
)

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was kicked from the group chat",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
        "tg-time",
    }
)

_COMMAND_RE = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,})?")

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class ApiError(Exception):
    """Raise from a method handler (see :meth:`FakeBotApi.on`) to answer with a Bot API error."""

    def __init__(self, status: int, description: str = "", parameters: JSON | None = None) -> None:
        self.status = status
        self.description = description or _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        self.parameters = parameters
        super().__init__(f"{status} {self.description}")

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);")


def _html_to_plain(source: str) -> str:
    """Approximate Telegram's HTML parse_mode (modelled on tdlib's parser).

    Every ``<`` opens a tag: unknown tags (also "a < b"), unclosed or unbalanced tags are rejected
    with Telegram's "can't parse entities" errors.  ``&lt; &gt; &amp; &quot;`` and numeric entities
    are decoded, any other ``&`` stays literal.  Returns the plain text of the message.
    """

    def fail(reason: str) -> ApiError:
        return ApiError(400, f"Bad Request: can't parse entities: {reason}")

    def byte_offset(index: int) -> int:
        return len(source[:index].encode())

    out: list[str] = []
    stack: list[str] = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        if char == "&" and (m := _ENTITY_RE.match(source, i)):
            name = m.group(1)
            if name.startswith("#x"):
                out.append(chr(int(name[2:], 16)))
            elif name.startswith("#"):
                out.append(chr(int(name[1:])))
            elif name in _HTML_ENTITIES:
                out.append(_HTML_ENTITIES[name])
            else:
                out.append(m.group(0))
            i = m.end()
            continue
        if char != "<":
            out.append(char)
            i += 1
            continue
        tag_start = i
        close = source.find(">", i)
        if source.startswith("</", i):
            if close < 0:
                raise fail(f"Unclosed end tag at byte offset {byte_offset(tag_start)}")
            name = source[i + 2 : close].strip().lower()
            if not stack:
                raise fail(f"Unexpected end tag at byte offset {byte_offset(tag_start)}")
            if name and name != stack[-1]:
                raise fail(
                    f'Unmatched end tag at byte offset {byte_offset(tag_start)}, expected "</{stack[-1]}>", found "</{name}>"'
                )
            stack.pop()
            i = close + 1
            continue
        j = i + 1
        while j < n and not source[j].isspace() and source[j] != ">":
            j += 1
        name = source[i + 1 : j].lower()
        if name not in _HTML_TAGS:
            raise fail(f'Unsupported start tag "{name}" at byte offset {byte_offset(tag_start)}')
        # skip attributes (quoted values may contain ">")
        quote = ""
        while j < n and (quote or source[j] != ">"):
            if quote and source[j] == quote:
                quote = ""
            elif not quote and source[j] in "\"'":
                quote = source[j]
            j += 1
        if j >= n:
            raise fail(f"Unclosed start tag at byte offset {byte_offset(tag_start)}")
        stack.append(name)
        i = j + 1
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


@dataclass
class _Poller:
    event: asyncio.Event = field(default_factory=asyncio.Event)
    superseded: bool = False


@dataclass
class _Failure:
    status: int
    description: str
    parameters: JSON | None


class FakeBotApi:
    """A local stand-in for the Telegram Bot API: answers the methods the bot calls, records what it sent.

    Recording:

    * ``calls``    every request that reached a known method with the right token, in order,
      each ``{"method": "sendMessage", **params}`` (including getUpdates/getMe and rejected ones).
    * ``sent``     the calls that did something, i.e. ``calls`` minus read-only/polling plumbing
      (getUpdates, getMe, getWebhookInfo, getChat, getMyCommands, getFile, deleteWebhook) and minus
      calls answered with an injected failure.
    * ``rejected`` the calls answered with an injected failure (``fail_next``), each with an extra
      ``"_error_code"`` key.
    * ``uploads``  every uploaded file part: ``{"method", "field", "filename", "size",
      "content_type", "data", "file_id"}``.

    In ``calls``/``sent`` a file part is recorded as ``{"filename": ..., "size": ...}``.
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        username: str = "NhacViecBot",
        *,
        first_name: str = "Nhắc việc CCHC",
        check_html: bool = True,
        first_update_id: int = 10_000,
    ) -> None:
        self.token = token
        self.username = username
        self.first_name = first_name
        self.bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123456
        self.check_html = check_html

        self.calls: list[JSON] = []
        self.sent: list[JSON] = []
        self.rejected: list[JSON] = []
        self.uploads: list[JSON] = []
        self.arrivals: dict[int, float] = {}  # id(call) -> when its request arrived (time.monotonic)

        self.webhook_url = ""
        self.commands: dict[str, list[JSON]] = {}

        self._next_update_id = first_update_id
        self._message_ids = itertools.count(1)
        self._file_seq = itertools.count(1)
        self._updates: deque[JSON] = deque()
        self._pollers: list[_Poller] = []
        self._record_waiters: set[asyncio.Event] = set()
        self._failures: dict[str, deque[_Failure]] = {}
        self._delays: dict[str, deque[float]] = {}
        self._chats: dict[int | str, JSON] = {}
        self._messages: dict[tuple[int | str, int], JSON] = {}
        self._files: dict[str, JSON] = {}
        self._custom: dict[str, MethodHandler] = {}
        self._closing: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        # several bots on one server (a tenant's bots beside the deployment's own): each its own FakeBotApi,
        # with its own bot id, username, updates, webhook and recorded calls; the server routes by token
        self._host: FakeBotApi | None = None
        self._bots: dict[str, FakeBotApi] = {token: self}
        self.traffic: list[tuple[str, JSON]] = []  # on the host: (token, call) of every bot, in order

        self._handlers: dict[str, Callable[[JSON], Awaitable[Any]]] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._true,
            "answercallbackquery": self._true,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "senddocument": self._send_document,
            "sendphoto": self._send_photo,
            "sendchataction": self._true,
            "getfile": self._get_file,
            "getchat": self._get_chat,
            "close": self._true,
            "logout": self._true,
        }

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        """Pass to ``ApplicationBuilder().base_url(...)`` (PTB appends the token itself)."""
        return f"{self.origin}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.origin}/file/bot"

    @property
    def origin(self) -> str:
        port = self._host.port if self._host is not None else self.port
        if port is None:
            raise RuntimeError("FakeBotApi is not started")
        return f"http://127.0.0.1:{port}"

    def add_bot(self, token: str, username: str, **kwargs: Any) -> FakeBotApi:
        """Another bot served by this server at the same base URL, known by its own token: its bot id is the
        token's number, its username `username`; it has its own updates, webhook and recorded calls. Which
        token each call used: the bot that recorded it, and ``traffic`` here, in the order they came."""
        if token in self._bots:
            raise ValueError("a token already served")
        bot = FakeBotApi(token, username, **kwargs)
        bot._host, bot._closing = self, self._closing
        self._bots[token] = bot
        return bot

    def bot_of(self, token: str) -> FakeBotApi:
        return self._bots[token]

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and start answering."""
        if self._runner is not None:
            return
        self._closing = asyncio.Event()
        for bot in self._bots.values():
            bot._closing = self._closing
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{path:.*}", self._dispatch)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self.port = runner.addresses[0][1]

    async def stop(self) -> None:
        """Wake every long poll / delayed answer and shut the server down."""
        if self._runner is None:
            return
        assert self._closing is not None
        self._closing.set()
        for bot in self._bots.values():
            for poller in bot._pollers:
                poller.event.set()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def application_builder(self) -> Any:
        """An ``ApplicationBuilder`` already pointed at this server (token, base_url, base_file_url)."""
        from telegram.ext import ApplicationBuilder

        return ApplicationBuilder().token(self.token).base_url(self.base_url).base_file_url(self.base_file_url)

    # ------------------------------------------------------------------ feeding updates

    def push_update(self, update: JSON) -> JSON:
        """Queue an Update dict for getUpdates (an ``update_id`` is assigned if missing)."""
        if "update_id" not in update:
            update["update_id"] = self._new_update_id()
        else:
            # keep the counter ahead of ids chosen by the caller
            self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
        self._updates.append(update)
        for poller in self._pollers:
            poller.event.set()
        return update

    def push_message(self, text: str, **kwargs: Any) -> JSON:
        """``push_update(message_update(text, **kwargs))``; returns the update."""
        return self.push_update(self.message_update(text, **kwargs))

    def push_callback(self, data: str, **kwargs: Any) -> JSON:
        """``push_update(callback_update(data, **kwargs))``; returns the update."""
        return self.push_update(self.callback_update(data, **kwargs))

    def _new_update_id(self) -> int:
        update_id = self._next_update_id
        self._next_update_id += 1
        return update_id

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by a getUpdates ``offset``."""
        return len(self._updates)

    def user(self, user_id: int = 42, first_name: str = "An", username: str | None = None) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "vi"}
        if username:
            user["username"] = username
        return user

    def chat(
        self,
        chat_id: int | None = None,
        *,
        chat_type: str = "supergroup",
        title: str = "Tổ HCC",
        first_name: str = "An",
        user_id: int = 42,
    ) -> JSON:
        """A Chat dict (registered, so that getChat and sendMessage answers reuse it)."""
        if chat_id is None:
            chat_id = user_id if chat_type == "private" else (-123 if chat_type == "group" else -100123)
        chat: JSON = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name
        else:
            chat["title"] = title
        self._chats[chat_id] = chat
        return dict(chat)

    def message_update(
        self,
        text: str,
        *,
        chat_id: int | None = None,
        user_id: int = 42,
        first_name: str = "An",
        username: str | None = None,
        chat_type: str = "supergroup",
        chat_title: str = "Tổ HCC",
        caption_photo: bool = False,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
    ) -> JSON:
        """Build a realistic ``message`` Update (with update_id; NOT queued — see push_update).

        ``chat_id`` defaults to -100123 for supergroups, -123 for groups and ``user_id`` for private
        chats.  A leading ``/command`` (also ``/command@BotName``) gets a ``bot_command`` entity.
        With ``caption_photo=True`` the text goes to ``caption`` and a ``photo`` array is added.
        """
        chat = self.chat(chat_id, chat_type=chat_type, title=chat_title, first_name=first_name, user_id=user_id)
        message: JSON = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
        }
        if chat_type == "channel":
            message["sender_chat"] = dict(chat)
        else:
            message["from"] = self.user(user_id, first_name, username)
        if message_thread_id is not None:
            message["message_thread_id"] = message_thread_id
            message["is_topic_message"] = True
        if reply_to_message_id is not None:
            original = self._messages.get((chat["id"], reply_to_message_id)) or {
                "message_id": reply_to_message_id,
                "date": int(time.time()),
                "chat": dict(chat),
            }
            message["reply_to_message"] = original

        entities = []
        if match := _COMMAND_RE.match(text):
            entities.append({"type": "bot_command", "offset": 0, "length": _utf16_len(match.group(0))})
        if caption_photo:
            message["photo"] = self._photo_sizes(4321)
            if text:
                message["caption"] = text
            if entities:
                message["caption_entities"] = entities
        else:
            message["text"] = text
            if entities:
                message["entities"] = entities

        self._messages[(chat["id"], message["message_id"])] = message
        update_key = "channel_post" if chat_type == "channel" else "message"
        return {"update_id": self._new_update_id(), update_key: message}

    def callback_update(
        self,
        data: str,
        *,
        chat_id: int | None = None,
        user_id: int = 42,
        message_id: int | None = None,
        first_name: str = "An",
        chat_type: str = "supergroup",
        chat_title: str = "Tổ HCC",
        message_text: str = "Nhắc việc",
    ) -> JSON:
        """Build a ``callback_query`` Update for a button pressed on a bot message.

        If ``message_id`` names a message the bot sent through this server, that message (text and
        reply_markup) is used; otherwise a bot message with ``message_text`` is made up.
        """
        chat = self.chat(chat_id, chat_type=chat_type, title=chat_title, first_name=first_name, user_id=user_id)
        message = self._messages.get((chat["id"], message_id)) if message_id is not None else None
        if message is None:
            message = {
                "message_id": message_id if message_id is not None else next(self._message_ids),
                "from": self.bot_user(),
                "date": int(time.time()),
                "chat": chat,
                "text": message_text,
            }
            self._messages[(chat["id"], message["message_id"])] = message
        query = {
            "id": str(uuid.uuid4().int >> 64),
            "from": self.user(user_id, first_name),
            "chat_instance": str(abs(hash(chat["id"]))),
            "message": message,
            "data": data,
        }
        return {"update_id": self._new_update_id(), "callback_query": query}

    # ------------------------------------------------------------------ inspecting

    def messages(self, chat_id: int | str | None = None) -> list[JSON]:
        """The recorded sendMessage calls, optionally only those to ``chat_id``."""
        return [
            call
            for call in self.sent
            if call["method"] == "sendMessage" and (chat_id is None or _same_chat(call.get("chat_id"), chat_id))
        ]

    def arrived(self, call: JSON) -> float:
        """When the request of a recorded call reached the stand-in (time.monotonic): what a pace is
        measured by, as Telegram would."""
        return self.arrivals[id(call)]

    def calls_of(self, method: str) -> list[JSON]:
        """Recorded ``sent`` calls of one method (case-insensitive name)."""
        return [call for call in self.sent if call["method"].lower() == method.lower()]

    def replies_to(self, chat_id: int | str, message_id: int) -> list[JSON]:
        """The bot's messages in a chat sent as replies to message ``message_id``, oldest first."""
        key = _chat_key(chat_id)
        return [m for (chat, _), m in sorted(self._messages.items(), key=lambda item: item[0][1])
                if chat == key and (m.get("reply_to_message") or {}).get("message_id") == message_id
                and (m.get("from") or {}).get("is_bot")]

    def message(self, chat_id: int | str, message_id: int) -> JSON | None:
        """The current state of a message known to the server (sent by the bot or pushed)."""
        return self._messages.get((_chat_key(chat_id), message_id))

    async def wait_for(self, predicate: Predicate | str, timeout: float = 5.0, *, start: int = 0) -> JSON:
        """Wait until a call in ``sent`` (from index ``start`` on) satisfies ``predicate``; return it.

        ``predicate`` may also be a method name.  Raises ``TimeoutError`` listing what was recorded.
        """
        if isinstance(predicate, str):
            name = predicate.lower()

            def matches(call: JSON) -> bool:
                return call["method"].lower() == name
        else:
            matches = predicate

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        index = start
        while True:
            while index < len(self.sent):
                call = self.sent[index]
                index += 1
                if matches(call):
                    return call
            remaining = deadline - loop.time()
            if remaining <= 0:
                summary = [{k: v for k, v in c.items() if k in ("method", "chat_id", "text")} for c in self.sent]
                raise TimeoutError(f"no matching Bot API call within {timeout}s; recorded: {summary}")
            event = asyncio.Event()
            self._record_waiters.add(event)
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                pass
            finally:
                self._record_waiters.discard(event)

    # ------------------------------------------------------------------ failure injection

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str = "",
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        count: int = 1,
    ) -> None:
        """Answer the next ``count`` calls of ``method`` with a Bot API error and HTTP ``status``.

        Body: ``{"ok": false, "error_code": status, "description": ..., "parameters": {...}}``;
        ``parameters`` carries ``retry_after`` / ``migrate_to_chat_id`` when given.  The default
        description follows Telegram (e.g. 403 -> "Forbidden: bot was kicked from the group chat").
        """
        parameters: JSON = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        if not description:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after if retry_after is not None else 1}"
            elif status == 400 and migrate_to_chat_id is not None:
                description = "Bad Request: group chat was upgraded to a supergroup chat"
            else:
                description = _DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        queue = self._failures.setdefault(method.lower(), deque())
        for _ in range(count):
            queue.append(_Failure(status, description, parameters or None))

    def delay_next(self, method: str, seconds: float, count: int = 1) -> None:
        """Hold back the answer of the next ``count`` calls of ``method`` by ``seconds``.

        The call itself is carried out and recorded at once (as with real Telegram, a request whose
        answer never reached the client may well have been delivered); only the answer is late.
        """
        self._delays.setdefault(method.lower(), deque()).extend([seconds] * count)

    def on(self, method: str, handler: MethodHandler) -> None:
        """Answer ``method`` with ``handler(params)`` (sync or async) -> the ``result`` value.

        Overrides the built-in behaviour; raise :class:`ApiError` to answer with an error.
        """
        self._custom[method.lower()] = handler

    # ------------------------------------------------------------------ HTTP plumbing

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/file/bot"):
            return await self._serve_file(path[len("/file/bot") :])
        if not path.startswith("/bot") or path.count("/") != 2:
            return _error_response(ApiError(404, "Not Found"))
        token, method = path[len("/bot") :].split("/", 1)
        bot = self._bots.get(token)
        if bot is None:
            return _error_response(ApiError(401, "Unauthorized"))
        return await bot._answer(request, token, method)

    async def _answer(self, request: web.Request, token: str, method: str) -> web.StreamResponse:
        """One call to this bot (its token checked by the server)."""
        key = method.lower()
        if key not in self._handlers and key not in self._custom:
            return _error_response(ApiError(404, "Not Found: method not found"))

        arrived = time.monotonic()
        params = await self._read_params(request, method)
        call = {"method": method, **params}
        self.calls.append(call)
        (self._host or self).traffic.append((token, call))

        failures = self._failures.get(key)
        if failures:
            failure = failures.popleft()
            self.rejected.append({**call, "_error_code": failure.status})
            response = _error_response(ApiError(failure.status, failure.description, failure.parameters))
        else:
            try:
                custom = self._custom.get(key)
                if custom is not None:
                    result = custom(params)
                    if inspect.isawaitable(result):
                        result = await result
                else:
                    result = await self._handlers[key](params)
            except ApiError as exc:
                response = _error_response(exc)
            else:
                if key not in _QUIET_METHODS:
                    self._record(call, arrived)
                response = web.json_response({"ok": True, "result": result})

        delays = self._delays.get(key)
        if delays:
            await self._sleep(delays.popleft())
        return response

    def _record(self, call: JSON, arrived: float | None = None) -> None:
        self.sent.append(call)
        self.arrivals[id(call)] = time.monotonic() if arrived is None else arrived
        for event in self._record_waiters:
            event.set()

    async def _sleep(self, seconds: float) -> None:
        assert self._closing is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    async def _read_params(self, request: web.Request, method: str) -> JSON:
        params: JSON = {k: _decode_value(k, v) for k, v in request.query.items()}
        if request.content_type == "application/json":
            raw = await request.read()
            if raw:
                params.update(json.loads(raw))
            return params
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    data = value.file.read()
                    file_id = self._store_file(value.filename, value.content_type, data)
                    self.uploads.append(
                        {
                            "method": method,
                            "field": name,
                            "filename": value.filename,
                            "size": len(data),
                            "content_type": value.content_type,
                            "data": data,
                            "file_id": file_id,
                        }
                    )
                    params[name] = {"filename": value.filename, "size": len(data)}
                else:
                    params[name] = _decode_value(name, value)
        return params

    async def _serve_file(self, rest: str) -> web.StreamResponse:
        token, _, file_path = rest.partition("/")
        bot = self._bots.get(token)
        if bot is None:
            return _error_response(ApiError(401, "Unauthorized"))
        for info in bot._files.values():
            if info["file_path"] == file_path:
                return web.Response(body=info["data"], content_type="application/octet-stream")
        return _error_response(ApiError(404, "Not Found"))

    # ------------------------------------------------------------------ Bot API objects

    def bot_user(self) -> JSON:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def _chat_for(self, chat_id: Any) -> JSON:
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        key = _chat_key(chat_id)
        if key in self._chats:
            return dict(self._chats[key])
        if isinstance(key, str):
            return {"id": -1001000000000, "type": "channel", "title": key.lstrip("@"), "username": key.lstrip("@")}
        if key > 0:
            return {"id": key, "type": "private", "first_name": "User"}
        if str(key).startswith("-100"):
            return {"id": key, "type": "supergroup", "title": f"Chat {key}"}
        return {"id": key, "type": "group", "title": f"Chat {key}"}

    def _new_bot_message(self, params: JSON, **content: Any) -> JSON:
        chat = self._chat_for(params.get("chat_id"))
        message: JSON = {
            "message_id": next(self._message_ids),
            "from": self.bot_user(),
            "date": int(time.time()),
            "chat": chat,
            **content,
        }
        if params.get("message_thread_id") is not None:
            message["message_thread_id"] = params["message_thread_id"]
            message["is_topic_message"] = True
        reply_to = None
        if isinstance(params.get("reply_parameters"), dict):
            reply_to = params["reply_parameters"].get("message_id")
        elif params.get("reply_to_message_id") is not None:
            reply_to = params["reply_to_message_id"]
        if reply_to is not None and (original := self._messages.get((chat["id"], reply_to))):
            message["reply_to_message"] = {k: v for k, v in original.items() if k != "reply_to_message"}
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            # Telegram only echoes inline keyboards back in the Message
            message["reply_markup"] = markup
        self._messages[(chat["id"], message["message_id"])] = message
        return message

    def _plain_text(self, text: str, parse_mode: Any) -> str:
        if self.check_html and isinstance(parse_mode, str) and parse_mode.lower() == "html":
            return _html_to_plain(text)
        return text

    def _store_file(self, filename: str | None, content_type: str | None, data: bytes) -> str:
        n = next(self._file_seq)
        file_id = f"BQACAgUAAxkBAAI{n:06d}{uuid.uuid4().hex[:16]}"
        suffix = ""
        if filename and "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1]
        self._files[file_id] = {
            "file_id": file_id,
            "file_unique_id": f"AgAD{n:08d}",
            "file_name": filename,
            "mime_type": content_type or "application/octet-stream",
            "file_size": len(data),
            "file_path": f"documents/file_{n}{suffix}",
            "data": data,
        }
        return file_id

    def _photo_sizes(self, size: int, file_id: str | None = None) -> list[JSON]:
        base = file_id or f"AgACAgUAAxkBAAI{next(self._file_seq):06d}"
        return [
            {"file_id": base + "_s", "file_unique_id": base[-8:] + "s", "width": 90, "height": 68, "file_size": max(1, size // 20)},
            {"file_id": base, "file_unique_id": base[-8:] + "y", "width": 1280, "height": 960, "file_size": size},
        ]

    def _file_from_param(self, value: Any) -> JSON | None:
        """The stored file for an uploaded part ({filename,size}) or a file_id string."""
        if isinstance(value, dict) and "filename" in value:
            for upload in reversed(self.uploads):
                if upload["filename"] == value["filename"] and upload["size"] == value["size"]:
                    return self._files[upload["file_id"]]
        if isinstance(value, str):
            if value in self._files:
                return self._files[value]
            if value.startswith("attach://"):
                return None
            # a URL or an unknown file_id: Telegram would fetch/resolve it
            return self._files[self._store_file(value.rsplit("/", 1)[-1] or "file", None, b"")]
        return None

    # ------------------------------------------------------------------ method implementations

    async def _true(self, params: JSON) -> bool:
        return True

    async def _get_me(self, params: JSON) -> JSON:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: JSON) -> list[JSON]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if isinstance(offset, int) and offset > 0:
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()
        elif isinstance(offset, int) and offset < 0:
            while len(self._updates) > -offset:
                self._updates.popleft()

        # Like Telegram: a new getUpdates terminates a still-waiting older one with 409 Conflict.
        for other in self._pollers:
            other.superseded = True
            other.event.set()
        poller = _Poller()
        self._pollers.append(poller)
        assert self._closing is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                if self._updates:
                    return list(itertools.islice(self._updates, limit))
                if poller.superseded:
                    raise ApiError(409)
                remaining = deadline - loop.time()
                if remaining <= 0 or self._closing.is_set():
                    return []
                poller.event.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(poller.event.wait(), remaining)
        finally:
            self._pollers.remove(poller)

    async def _delete_webhook(self, params: JSON) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _set_webhook(self, params: JSON) -> bool:
        self.webhook_url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: JSON) -> JSON:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    async def _send_message(self, params: JSON) -> JSON:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        plain = self._plain_text(text, params.get("parse_mode"))
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _utf16_len(plain) > MAX_TEXT_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")
        entities = _checked_entities(params.get("entities"), plain)
        return self._new_bot_message(params, text=plain, **({"entities": entities} if entities else {}))

    def _editable(self, params: JSON) -> JSON | None:
        if params.get("inline_message_id"):
            return None
        chat = self._chat_for(params.get("chat_id"))
        message_id = params.get("message_id")
        if message_id is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        message = self._messages.get((chat["id"], message_id))
        if message is None:
            # unknown to us: assume an older bot message so that edits still work
            message = {"message_id": message_id, "from": self.bot_user(), "date": int(time.time()), "chat": chat, "text": ""}
            self._messages[(chat["id"], message_id)] = message
        elif message.get("from", {}).get("id") != self.bot_id:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    async def _edit_message_text(self, params: JSON) -> JSON | bool:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        plain = self._plain_text(text, params.get("parse_mode"))
        if _utf16_len(plain) > MAX_TEXT_LENGTH:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        message = self._editable(params)
        if message is None:
            return True
        markup = params.get("reply_markup")
        new_markup = markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
        if message.get("text") == plain and message.get("reply_markup") == new_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a content and reply markup of the current message",
            )
        message["text"] = plain
        _set_markup(message, new_markup)
        message["edit_date"] = int(time.time())
        return message

    async def _edit_message_reply_markup(self, params: JSON) -> JSON | bool:
        message = self._editable(params)
        if message is None:
            return True
        markup = params.get("reply_markup")
        new_markup = markup if isinstance(markup, dict) and markup.get("inline_keyboard") else None
        if message.get("reply_markup") == new_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a content and reply markup of the current message",
            )
        _set_markup(message, new_markup)
        message["edit_date"] = int(time.time())
        return message

    def _caption(self, params: JSON) -> JSON:
        caption = params.get("caption")
        if not isinstance(caption, str) or not caption:
            return {}
        plain = self._plain_text(caption, params.get("parse_mode"))
        if _utf16_len(plain) > MAX_CAPTION_LENGTH:
            raise ApiError(400, "Bad Request: message caption is too long")
        return {"caption": plain}

    async def _send_document(self, params: JSON) -> JSON:
        stored = self._file_from_param(params.get("document"))
        if stored is None:
            raise ApiError(400, "Bad Request: there is no document in the request")
        document = {k: v for k, v in stored.items() if k not in ("data", "file_path") and v is not None}
        return self._new_bot_message(params, document=document, **self._caption(params))

    async def _send_photo(self, params: JSON) -> JSON:
        stored = self._file_from_param(params.get("photo"))
        if stored is None:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        photo = self._photo_sizes(stored["file_size"], stored["file_id"])
        return self._new_bot_message(params, photo=photo, **self._caption(params))

    async def _get_file(self, params: JSON) -> JSON:
        file_id = params.get("file_id")
        stored = self._files.get(file_id) if isinstance(file_id, str) else None
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {k: stored[k] for k in ("file_id", "file_unique_id", "file_size", "file_path")}

    async def _get_chat(self, params: JSON) -> JSON:
        chat = self._chat_for(params.get("chat_id"))
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    @staticmethod
    def _commands_key(params: JSON) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    async def _set_my_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: parameter \"commands\" is required")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.commands[self._commands_key(params)] = commands
        return True

    async def _get_my_commands(self, params: JSON) -> list[JSON]:
        return self.commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: JSON) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True


# ---------------------------------------------------------------------- helpers


@contextlib.asynccontextmanager
async def running_fake_api(token: str = "123456:TEST", username: str = "NhacViecBot", **kwargs: Any) -> AsyncIterator[FakeBotApi]:
    """``async with running_fake_api() as api:`` — a started FakeBotApi, stopped on exit."""
    api = FakeBotApi(token, username, **kwargs)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()


def _decode_value(name: str, value: str) -> Any:
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _chat_key(chat_id: Any) -> int | str:
    if isinstance(chat_id, int):
        return chat_id
    text = str(chat_id)
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def _same_chat(a: Any, b: Any) -> bool:
    return a is not None and _chat_key(a) == _chat_key(b)


def _set_markup(message: JSON, markup: JSON | None) -> None:
    if markup:
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


def _error_response(error: ApiError) -> web.Response:
    return web.json_response(error.body(), status=error.status)


def _checked_entities(entities: Any, text: str) -> list[JSON]:
    """sendMessage's `entities`, refused as Telegram refuses them: outside the text (UTF-16 code units), or a
    "text_mention" without its user."""
    if isinstance(entities, str):
        entities = json.loads(entities)
    if not entities:
        return []
    size = _utf16_len(text)
    for entity in entities:
        offset, length = entity.get("offset"), entity.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length <= 0 \
                or offset + length > size:
            raise ApiError(400, "Bad Request: can't parse entities: entity beyond the end of the text")
        if entity.get("type") == "text_mention" and not (entity.get("user") or {}).get("id"):
            raise ApiError(400, "Bad Request: can't parse entities: text_mention without a user")
    return list(entities)
