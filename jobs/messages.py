"""What the reminder engine hands a channel to deliver: a text, where the channel has them buttons, and files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Button:
    """A button under a message; tapping it runs `command` as if typed (Zalo shows the command instead)."""

    label: str
    command: str


class Attachment(Protocol):
    """A file a reminder carries (the «giao ban» agenda): bot.files.outfile.OutFile, built above this floor and
    handed to the engine (jobs.notices.AgendaFile); each channel's sender delivers it as it delivers a reply's."""

    name: str
    data: bytes
    caption: str
    kind: str  # document | photo


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[Button, ...] = ()
    files: tuple[Attachment, ...] = ()
