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
class Mention:
    """A person named in the text who has no @username: Telegram links `text` (its last place in the
    message: the reminder's closing line) to the user, a "text_mention", and tells them; other platforms show the name."""

    text: str
    user_id: str


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[Button, ...] = ()
    mentions: tuple[Mention, ...] = ()
    files: tuple[Attachment, ...] = ()


# The kinds of reminder row that carry their own text (Reminder.text), written when the row is: notices to the
# focal point, and «giải trình»'s request to the unit, its answer to the chairman, its raise when unanswered.
TEXT_KINDS = ("notice", "explain", "explain-answer", "explain-late")
