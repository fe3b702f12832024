"""Delivery: within the chat platform's limits, retried when it is only busy, reported when it is final.

A Sender is a channel's thin adapter (Telegram, Zalo): it sends one message to one chat and turns the
platform's errors into the four kinds below, so the retry rules live here once for every channel.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol

from jobs.messages import Button

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """Final: the message cannot go to this chat as it is (bad request, message refused)."""


class RetryLater(DeliveryError):
    """The platform asked us to wait (Telegram 429 RetryAfter)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Transient(DeliveryError):
    """A timeout or a 5xx: try again with backoff."""


class ChatGone(DeliveryError):
    """The chat blocked or removed the bot: stop sending there and tell the focal point."""


class ChatMoved(DeliveryError):
    """A group became a supergroup: same chat, new id."""

    def __init__(self, new_chat_id: str) -> None:
        super().__init__(f"moved to {new_chat_id}")
        self.new_chat_id = new_chat_id


class Sender(Protocol):
    platform: str

    async def send(self, chat_id: str, text: str, buttons: tuple[Button, ...] = ()) -> None: ...


class RateLimiter:
    """At most `per_second` messages in all and `per_chat_per_minute` into one chat (Telegram: 30 and 20).

    Time here is a monotonic stopwatch for pacing, not the calendar clock the rules use.
    """

    def __init__(self, per_second: int = 30, per_chat_per_minute: int = 20,
                 now: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.per_second, self.per_chat = per_second, per_chat_per_minute
        self._now, self._sleep = now, sleep
        self._all: deque[float] = deque()
        self._chats: dict[str, deque[float]] = {}
        self._lock = asyncio.Lock()

    def _wait_needed(self, chat_id: str) -> float:
        now = self._now()
        while self._all and now - self._all[0] >= 1.0:
            self._all.popleft()
        chat = self._chats.setdefault(chat_id, deque())
        while chat and now - chat[0] >= 60.0:
            chat.popleft()
        waits = [0.0]
        if len(self._all) >= self.per_second:
            waits.append(1.0 - (now - self._all[0]))
        if len(chat) >= self.per_chat:
            waits.append(60.0 - (now - chat[0]))
        return max(waits)

    async def acquire(self, chat_id: str) -> None:
        async with self._lock:
            while (wait := self._wait_needed(chat_id)) > 0:
                await self._sleep(wait)
            stamp = self._now()
            self._all.append(stamp)
            self._chats[chat_id].append(stamp)


async def deliver(sender: Sender, limiter: RateLimiter, chat_id: str, text: str, buttons: tuple[Button, ...] = (),
                  attempts: int = 5, backoff: float = 1.0,
                  sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
    """Sends once it can; RetryAfter is honoured and timeouts and 5xx are retried with a doubling pause.
    Raises ChatGone, ChatMoved or a final DeliveryError; Transient once the attempts are spent."""
    pause = backoff
    for attempt in range(1, attempts + 1):
        await limiter.acquire(chat_id)
        try:
            await sender.send(chat_id, text, buttons)
            return
        except RetryLater as busy:
            log.warning("rate limited by %s: waiting %.1fs", sender.platform, busy.seconds)
            await sleep(busy.seconds)
        except Transient as problem:
            if attempt == attempts:
                raise
            log.warning("send to %s failed (%s), attempt %d: retrying in %.1fs", sender.platform, problem,
                        attempt, pause)
            await sleep(pause)
            pause *= 2
    raise Transient(f"gave up after {attempts} attempts")
