"""What the reminder engine hands a channel to deliver: a text and, where the channel has them, buttons."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Button:
    """A button under a message; tapping it runs `command` as if typed (Zalo shows the command instead)."""

    label: str
    command: str


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[Button, ...] = ()
