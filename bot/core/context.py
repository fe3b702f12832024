"""What a channel hands the core (Incoming), what the core hands back (Reply), and what a handler sees."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from bot.core.access import OFF, Access
from bot.core.store import ChatStore, PlanRow, TaskRow, UnitRow
from bot.files.outfile import OutFile
from jobs.messages import Button
from plan_data.folding import clean
from plan_data.permissions import Action, Role, is_own, is_related, may, sees_every_unit
from plan_data.zone import local_day
from storage.changes import Author
from storage.models import ID_LENGTH, NAME_LENGTH


@dataclass(frozen=True)
class Incoming:
    """One message as every channel sees it."""

    platform: str  # telegram | zalo | console
    chat_id: str
    user_id: str
    user_name: str
    text: str
    chat_title: str = ""
    message_id: str | None = None
    addressed: bool = False  # private chat, or a reply to the bot: it is for the bot whatever it says
    evidence: dict[str, Any] | None = None  # a photo or document sent with the message
    # a ✅ tapped under the bot's question about a message: that message's text, for the note of its report
    quoted: str | None = None
    user_handle: str = ""  # Telegram's @username, without the @ ("" on Zalo, the terminal, or none set)
    # the bot it arrived on (plan_data.tenants): its tenant, never one the message names, decides which plans it
    # may read or change; "" the deployment's own tenant and bot
    tenant: str = ""
    bot: str = ""
    private: bool = False  # a person's own 1:1 chat with the bot (not a group): the channel says so

    def cleaned(self) -> Incoming:
        """The message as it may be stored and written into files: names and titles cut to what every
        database holds, NUL and control characters dropped, lone surrogates shown as "�". The text keeps its
        length (the core refuses an over-long one with a reply)."""
        evidence = None
        if self.evidence is not None:
            evidence = {str(k)[:32]: clean(str(v), 500, one_line=True) for k, v in self.evidence.items()}
        return replace(self, user_name=clean(self.user_name, NAME_LENGTH, one_line=True),
                       user_handle=clean(self.user_handle, ID_LENGTH, one_line=True),
                       chat_title=clean(self.chat_title, NAME_LENGTH, one_line=True), text=clean(self.text),
                       message_id=self.message_id if self.message_id and len(self.message_id) <= ID_LENGTH else None,
                       evidence=evidence, quoted=clean(self.quoted) if self.quoted is not None else None)

    @property
    def well_formed(self) -> bool:
        """Ids a platform really sends: short, printable. Anything else is refused before the database."""
        return all(0 < len(value) <= ID_LENGTH and value.isprintable() and clean(value) == value
                   for value in (self.chat_id, self.user_id))

    @property
    def author(self) -> Author:
        return Author(self.platform, self.user_id, self.user_name, self.chat_id, self.message_id)


@dataclass(frozen=True)
class ConfirmButton(Button):
    """✅ under the bot's question about a message ("Ghi nhận NV 27 xong?"): its command is that message's
    report. Telegram runs it as the message's author made it, with that message; where buttons cannot be
    tapped (Zalo, the terminal) the command is shown to type. A button with no command does nothing (✗)."""


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    files: tuple[OutFile, ...] = field(default=())


@dataclass
class Context:
    """One update being handled: its store (one unit of work: bot.core.store.ChatStore, all a handler reads
    and writes), the clock's reading, the chat's unit and plan (its settings: the store has it in full)."""

    store: ChatStore
    incoming: Incoming
    now: datetime
    plan: PlanRow
    unit: UnitRow  # the unit or role the chat is bound to
    role: Role
    changed: int = 0  # how many changes this update made: buttons such as "↩️ Hoàn tác" only follow a change
    changed_tasks: set[int] = field(default_factory=set)  # the tasks this update changed
    access: Access = OFF  # where the board's and the feeds' links point, and their secret (bot.core.access)

    @property
    def today(self) -> date:
        return local_day(self.now)

    def responsible_for(self, task: TaskRow) -> bool:
        return is_own(task, self.unit)

    def related_to(self, task: TaskRow) -> bool:
        return is_related(task, self.unit)

    @property
    def sees_every_unit(self) -> bool:
        return sees_every_unit(self.role)

    def may(self, action: Action, task: TaskRow | None = None) -> bool:
        if task is None:
            return may(self.role, action)
        return may(self.role, action, responsible=self.responsible_for(task), related=self.related_to(task))
