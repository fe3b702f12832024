"""A channel: one way people reach the bot (Telegram, Zalo, the terminal), declared once, in its own module.

A new channel is a module in bot/channels/, a row in CHANNELS (bot/channels/registry.py) and its tests. The
module implements `Channel`, then `Served` (or, for a terminal, `Terminal`):

- `name`: the platform as the database writes it (a chat binding's, a reminder's `platform`).
- `Section`: its settings, a subclass of bot.ops.settings.ChannelSettings whose fields carry their variables'
  names (`Field(None, alias="TEAMS_BOT_TOKEN")`), and whose `configured()` says whether the channel can run
  (its token is set). They are read with every other setting at the entry point, each SecretStr is kept out
  of the log, and `.env.example` lists the variables.
- `limits` (`Limits`): a message's longest length and how the platform counts it, whether buttons can be
  tapped and files uploaded, the pace at which the reminder engine may send.
- its doctor checks (`nhacviec doctor`, configured or not): `remote_findings(settings)`, the platform reached
  over the network (a token, a webhook), and `stored_findings(session, now, settings)`, what it keeps in
  the database (Zalo's month of messages). A channel with nothing to check returns [] and says why.
- `Served`: built from (settings, sessions, clock); `start(server)` starts polling or a webhook (its routes
  added to the bot's web server, bot.web.server, and `server.listen(host, port)` where its platform posts:
  the server serves once every channel has started) and raises SetupError for a setting it cannot start
  with; `stop()` stops it, also after a start that failed half-way; `senders()` are the reminder engine's
  ways into it, one per bot by its route (plan_data.tenants.route: the platform's name for the deployment's
  own bot, "platform/key" for a tenant's; jobs.dispatch.Sender: the platform's errors as dispatch's kinds);
  `watches()` are what /readyz checks, one per bot. A channel serves every bot of its platform, the
  deployment's own and each tenant's (bot.channels.bots), in the one event loop. `nhacviec run` serves every
  channel with a token (its own or a tenant's), together, in one event loop.
- `Terminal` (the console): runs alone, in the foreground, when no channel is served or when asked.

Channels stay thin: an update becomes an Incoming, bot.channels.answering answers it within the time budget,
bot.channels.events logs it, and the reply goes back cut to the limits (bot.channels.outbox). Import the
platform's library, and bot.ops.health or bot.ops.metrics, inside the methods that use them, not at the
top: every command reads the channels' settings, and `nhacviec schedule` should not wait for a chat
library or the scheduler to load (tests/unit/test_channels.py checks it).

What a new channel touches, besides its module: its row in CHANNELS, its variables in `.env.example`
(tests/unit/test_channels.py checks they are listed), and, if it speaks, its sentences in the texts module
of the floor that says them (bot/core/texts.py, bot/ops/texts.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Protocol

from jobs.pace import Pace

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from bot.ops.findings import Finding
    from bot.ops.health import ChannelWatch
    from bot.ops.settings import ChannelSettings, Settings
    from bot.web.server import WebServer
    from jobs.dispatch import Sender

Clock = Callable[[], datetime]


class SetupError(ValueError):
    """A setting a channel cannot start with; `nhacviec run` says which and stops."""


@dataclass(frozen=True)
class Limits:
    """What a platform takes. `text`: a message's longest length as `measure` counts it (None: any length);
    `buttons`: a reply's buttons can be tapped (else they are written as the commands to type); `files`: a
    reply's files can be uploaded (else a link, or how to get them); `pace`: how fast the reminder engine
    may send (None: the engine does not send there)."""

    text: int | None
    measure: Callable[[str], int] = len
    buttons: bool = False
    files: bool = False
    pace: Pace | None = None


def engine_pace(limits: Iterable[Limits]) -> Pace:
    """The reminder engine's one pace (jobs.pace) for every channel it sends through: the strictest of theirs,
    as a platform with a slower pace must not be sent to faster."""
    paces = [limit.pace for limit in limits if limit.pace is not None]
    if not paces:
        return Pace()
    return Pace(per_second=min(p.per_second for p in paces), per_chat=min(p.per_chat for p in paces),
                second=max(p.second for p in paces), minute=max(p.minute for p in paces))


class Channel(Protocol):
    """What every channel declares: its name, its settings, its limits, its doctor checks."""

    name: ClassVar[str]
    Section: ClassVar[type[ChannelSettings]]
    served: ClassVar[bool]  # True: a Served channel; False: the Terminal

    @property
    def limits(self) -> Limits: ...

    @staticmethod
    async def remote_findings(settings: Settings) -> list[Finding]: ...

    @staticmethod
    def stored_findings(session: Session, now: datetime, settings: Settings) -> list[Finding]: ...


class Served(Channel, Protocol):
    """A channel `nhacviec run` starts beside the others and the reminder engine, in one event loop."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], clock: Clock) -> None: ...

    async def start(self, server: WebServer) -> None: ...

    async def stop(self) -> None: ...

    def senders(self) -> dict[str, Sender]: ...

    def watches(self) -> list[ChannelWatch]: ...


class Terminal(Channel, Protocol):
    """The channel that owns the terminal: it runs alone, in the foreground, until the person leaves."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], clock: Clock) -> None: ...

    def converse(self, commune: str | None, unit: str | None) -> int: ...


def set_and_not_blank(value: object) -> bool:
    """A setting given a value (a token): not missing, and not left empty in .env."""
    text = value.get_secret_value() if hasattr(value, "get_secret_value") else value
    return bool(text and str(text).strip())
