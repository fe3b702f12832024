"""Pace checks on the stand-in's own arrival times: what Telegram would count."""

from __future__ import annotations

from collections.abc import Iterable

from tests.support.fake_bot_api import FakeBotApi

PER_SECOND, PER_CHAT_PER_MINUTE = 30, 20  # Telegram's limits


def over(times: Iterable[float], limit: int, window: float) -> int:
    """How many messages arrived with `limit` or more others in the `window` seconds before them."""
    ordered, start, count = sorted(times), 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= window:
            start += 1
        count += end - start + 1 > limit
    return count


def violations(api: FakeBotApi) -> tuple[int, int]:
    """(messages past 30 a second in all, messages past 20 a minute into their chat)."""
    messages = api.messages()
    chats: dict[str, list[float]] = {}
    for message in messages:
        chats.setdefault(str(message["chat_id"]), []).append(api.arrived(message))
    overall = over((api.arrived(m) for m in messages), PER_SECOND, 1.0)
    return overall, sum(over(times, PER_CHAT_PER_MINUTE, 60.0) for times in chats.values())


def repeats(api: FakeBotApi) -> int:
    delivered = [(str(m["chat_id"]), m["text"]) for m in api.messages()]
    return len(delivered) - len(set(delivered))
