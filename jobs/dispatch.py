"""Delivery: the kinds of answer a chat platform gives, and what each means for a reminder.

A Sender is a channel's thin adapter (Telegram, Zalo): it sends one message to one chat and turns the
platform's errors into the kinds below, so the retry rules live in one place for every channel:
- RetryLater: the platform asked us to wait. Honoured; not a delivery error, so not an attempt.
- MaybeSent: a timeout. The platform may have posted the message all the same, so it is tried again only
  after MAYBE_SENT_WAIT, and counted (reminders.timeouts): each can repeat one message, once.
- Transient: a 5xx or a network error, not posted. Tried again after a growing pause, as long as the
  reminder still matters: an outage never turns a reminder into "failed".
- ChatGone, ChatMoved, DeliveryError: final for this chat as it is.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from jobs.messages import Attachment, Button, Mention

MAYBE_SENT_WAIT = timedelta(seconds=60)  # after a timeout: long enough for a slow platform to show its hand
BACKOFF_FIRST, BACKOFF_MOST = 5.0, 300.0  # seconds before trying again after the 1st error, and at most


class DeliveryError(Exception):
    """Final: the message cannot go to this chat as it is (bad request, message refused)."""


class RetryLater(DeliveryError):
    """The platform asked us to wait (Telegram 429 RetryAfter)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Transient(DeliveryError):
    """A 5xx or a network error: the message did not go; try again later."""


class MaybeSent(Transient):
    """A timeout: the request left, its answer did not come back; the message may have been posted."""


class ChatGone(DeliveryError):
    """The chat blocked or removed the bot: stop sending there and tell the focal point."""


class ChatMoved(DeliveryError):
    """A group became a supergroup: same chat, new id."""

    def __init__(self, new_chat_id: str) -> None:
        super().__init__(f"moved to {new_chat_id}")
        self.new_chat_id = new_chat_id


class Sender(Protocol):
    platform: str

    async def send(self, chat_id: str, text: str, buttons: tuple[Button, ...] = (),
                   mentions: tuple[Mention, ...] = (), files: tuple[Attachment, ...] = ()) -> None:
        """The text (its buttons under its last part; `mentions`: the people it names), then each file; an
        error of any part is the send's."""


def retry_pause(attempts: int, problem: Transient) -> timedelta:
    """How long a reminder waits after its `attempts`-th delivery error before it is tried again."""
    if isinstance(problem, MaybeSent):
        return MAYBE_SENT_WAIT
    return timedelta(seconds=min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MOST))
