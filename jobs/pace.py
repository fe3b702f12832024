"""The pace of sending, kept in the database so that every worker and every restart shares it.

Telegram allows each bot about 30 messages a second in all, 20 a minute into one group and about one a second
into one chat. A limiter in memory forgets what went out before a restart and knows nothing of a second
worker, so each message first takes a slot in `send_slots`, under the bot's route (plan_data.tenants.route):
taking it and counting the slots of the last second (that bot), of the last second and minute (that chat)
happen under one lock, so two workers cannot both take the 30th. Each bot is counted apart: one bot's burst
never takes another's second. A chat whose minute is full is skipped for now, never slept on; a chat whose
second is full waits that second while the other chats go on. The windows carry a small guard, since a slot
is stamped just before its request leaves and the request reaches Telegram a moment later.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, case, delete, func, insert, select, text
from sqlalchemy.orm import Session

from storage.models import SendSlot

KEEP = timedelta(minutes=5)  # slots older than this decide nothing: pruned
_LOCK_KEY = 0x4E56_5043  # PostgreSQL advisory lock taken while a slot is taken ("NVPC")


@dataclass(frozen=True)
class Slots:
    """A group's slots (jobs.pace.Pace.reserve_many): the indexes taken (send them), those whose chat had its
    messages of the minute (skip them for now), those whose chat had its messages of the second (index ->
    seconds until it has room), and the seconds until the bot's second has room again for the rest (0.0:
    it has room)."""

    taken: list[int]
    full: list[int]
    busy: dict[int, float]
    wait: float


@dataclass(frozen=True)
class Pace:
    per_second: int = 30  # per bot
    per_chat: int = 20  # per chat, a minute
    per_chat_second: int = 1  # per chat, a second
    second: timedelta = timedelta(seconds=1.2)  # 1 s, and a guard for the request's way to the platform
    minute: timedelta = timedelta(seconds=62)

    def hold(self, session: Session) -> None:
        """The pace's lock, for the rest of the session's transaction: taken before the clock is read for a
        slot's stamp, so that a wait for another worker's slots does not leave the stamp behind the send."""
        connection = session.connection()  # Core on the session's transaction: the ORM adds nothing here
        connection.execute(_LOCK[connection.dialect.name == "postgresql"], {"key": _LOCK_KEY})

    def reserve(self, session: Session, route: str, chat: str, now: datetime, held: bool = False
                ) -> float | None:
        """Takes a slot for one message by the bot of `route` to `chat` (as in reminders.chat, "telegram:-1001")
        now. 0.0: taken, send it. None: this chat had its messages of the minute, skip it for now. Otherwise
        the seconds to wait before the bot's second, or the chat's, has room."""
        slots = self.reserve_many(session, route, [chat], now, held)
        return 0.0 if slots.taken else None if slots.full else max(slots.wait, *slots.busy.values(), 0.01)

    def reserve_many(self, session: Session, route: str, chats: list[str], now: datetime, held: bool = False
                     ) -> Slots:
        """Slots for a group of messages by one bot (one per entry of `chats`, in order) now, under one lock
        (`held`: taken already, by hold). `wait`, when all were taken and the bot's second is now full: the
        seconds until the next message may go."""
        if not held:
            self.hold(session)
        connection = session.connection()
        in_chat = {chat: (count, last) for chat, count, last in connection.execute(
            _IN_CHAT, {"chats": sorted(set(chats)), "since": now - self.minute, "second": now - self.second})}
        count, oldest = connection.execute(_RECENT, {"route": route, "since": now - self.second,
                                                     "limit": self.per_second}).one()
        minute = {chat: counts[0] for chat, counts in in_chat.items()}
        second = {chat: counts[1] for chat, counts in in_chat.items()}
        slots = Slots([], [], {}, 0.0)
        for index, chat in enumerate(chats):
            if minute.get(chat, 0) >= self.per_chat:
                slots.full.append(index)
            elif second.get(chat, 0) >= self.per_chat_second:
                slots.busy[index] = self.second.total_seconds()  # … of its latest slot, at most: see below
            elif count + len(slots.taken) < self.per_second:
                slots.taken.append(index)
                minute[chat], second[chat] = minute.get(chat, 0) + 1, second.get(chat, 0) + 1
        if slots.taken:
            connection.execute(_TAKE, [{"route": route, "chat": chats[i], "at": now} for i in slots.taken])
        if slots.busy:
            latest = dict(connection.execute(_LATEST, {"chats": sorted({chats[i] for i in slots.busy}),
                                                       "since": now - self.second}).all())
            for index in slots.busy:  # the chat's latest slot leaves its second then (one taken now: a second)
                last = latest.get(chats[index], now)
                slots.busy[index] = max((last + self.second - now).total_seconds(), 0.01)
        if len(slots.taken) + len(slots.full) + len(slots.busy) < len(chats) or count + len(slots.taken) >= self.per_second:
            oldest = oldest or now  # the slot whose leaving the window makes room (the first taken now, if none)
            return replace(slots, wait=max((oldest + self.second - now).total_seconds(), 0.01))
        return slots

    def full_chats(self, now: datetime) -> Select:
        """The chats whose minute is full: the claim leaves their reminders for later."""
        return (select(SendSlot.chat).where(SendSlot.at > now - self.minute).group_by(SendSlot.chat)
                .having(func.count() >= self.per_chat))


# the statements, built once. The lock: PostgreSQL's advisory lock; on SQLite, a write that changes nothing,
# which takes the write lock before anything is counted
_LOCK = {True: text("SELECT pg_advisory_xact_lock(:key)"),
         False: delete(SendSlot).where(SendSlot.id == -bindparam("key"))}
_IN_CHAT = (select(SendSlot.chat, func.count(), func.count(case((SendSlot.at > bindparam("second"), 1))))
            .where(SendSlot.chat.in_(bindparam("chats", expanding=True)), SendSlot.at > bindparam("since"))
            .group_by(SendSlot.chat))
_LATEST = (select(SendSlot.chat, func.max(SendSlot.at))
           .where(SendSlot.chat.in_(bindparam("chats", expanding=True)), SendSlot.at > bindparam("since"))
           .group_by(SendSlot.chat))
_WINDOW = (select(SendSlot.at).where(SendSlot.route == bindparam("route"), SendSlot.at > bindparam("since"))
           .order_by(SendSlot.at.desc()).limit(bindparam("limit")).subquery())
_RECENT = select(func.count(), func.min(_WINDOW.c.at))
_TAKE = insert(SendSlot)


def prune(session: Session, now: datetime) -> None:
    session.execute(delete(SendSlot).where(SendSlot.at < now - KEEP))


UNPACED = Pace(per_second=1_000_000, per_chat=1_000_000, per_chat_second=1_000_000)  # for a stand-in that wants no pace (benchmarks)
