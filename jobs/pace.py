"""The pace of sending, kept in the database so that every worker and every restart shares it.

Telegram allows about 30 messages a second in all and 20 a minute into one group. A limiter in memory
forgets what went out before a restart and knows nothing of a second worker, so each message first takes
a slot in `send_slots`: taking it and counting the slots of the last second (all chats) and of the last
minute (that chat) happen under one lock, so two workers cannot both take the 30th. A chat whose minute
is full is skipped for now, never slept on: the other chats go on. The windows carry a small guard,
since a slot is stamped just before its request leaves and the request reaches Telegram a moment later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, bindparam, delete, func, insert, select, text
from sqlalchemy.orm import Session

from storage.models import SendSlot

KEEP = timedelta(minutes=5)  # slots older than this decide nothing: pruned
_LOCK_KEY = 0x4E56_5043  # PostgreSQL advisory lock taken while a slot is taken ("NVPC")


@dataclass(frozen=True)
class Pace:
    per_second: int = 30
    per_chat: int = 20
    second: timedelta = timedelta(seconds=1.2)  # 1 s, and a guard for the request's way to the platform
    minute: timedelta = timedelta(seconds=62)

    def hold(self, session: Session) -> None:
        """The pace's lock, for the rest of the session's transaction: taken before the clock is read for a
        slot's stamp, so that a wait for another worker's slots does not leave the stamp behind the send."""
        connection = session.connection()  # Core on the session's transaction: the ORM adds nothing here
        connection.execute(_LOCK[connection.dialect.name == "postgresql"], {"key": _LOCK_KEY})

    def reserve(self, session: Session, platform: str, chat: str, now: datetime, held: bool = False
                ) -> float | None:
        """Takes a slot for one message to `chat` (as in reminders.chat, "telegram:-1001") now.
        0.0: taken, send it. None: this chat had its messages of the minute, skip it for now.
        Otherwise the seconds to wait before the platform's second has room."""
        taken, full, wait = self.reserve_many(session, platform, [chat], now, held)
        return 0.0 if taken else None if full else wait

    def reserve_many(self, session: Session, platform: str, chats: list[str], now: datetime, held: bool = False
                     ) -> tuple[list[int], list[int], float]:
        """Slots for a group of messages (one per entry of `chats`, in order) now, under one lock (`held`:
        taken already, by hold): (the indexes taken: send them; the indexes whose chat had its messages of
        the minute: skip them for now; the seconds to wait before the platform's second has room again: for
        the rest, or, when all were taken and the second is now full, for the next message; else 0.0)."""
        if not held:
            self.hold(session)
        connection = session.connection()
        minute = {"chats": sorted(set(chats)), "since": now - self.minute}
        in_chat = dict(connection.execute(_IN_CHAT, minute).all())
        count, oldest = connection.execute(_RECENT, {"platform": platform, "since": now - self.second,
                                                     "limit": self.per_second}).one()
        taken: list[int] = []
        full: list[int] = []
        for index, chat in enumerate(chats):
            if in_chat.get(chat, 0) >= self.per_chat:
                full.append(index)
            elif count + len(taken) < self.per_second:
                taken.append(index)
                in_chat[chat] = in_chat.get(chat, 0) + 1
        if taken:
            connection.execute(_TAKE, [{"platform": platform, "chat": chats[i], "at": now} for i in taken])
        if len(taken) + len(full) == len(chats) and count + len(taken) < self.per_second:
            return taken, full, 0.0
        oldest = oldest or now  # the slot whose leaving the window makes room (the first taken now, if none)
        return taken, full, max((oldest + self.second - now).total_seconds(), 0.01)

    def full_chats(self, now: datetime) -> Select:
        """The chats whose minute is full: the claim leaves their reminders for later."""
        return (select(SendSlot.chat).where(SendSlot.at > now - self.minute).group_by(SendSlot.chat)
                .having(func.count() >= self.per_chat))


# the statements, built once. The lock: PostgreSQL's advisory lock; on SQLite, a write that changes nothing,
# which takes the write lock before anything is counted
_LOCK = {True: text("SELECT pg_advisory_xact_lock(:key)"),
         False: delete(SendSlot).where(SendSlot.id == -bindparam("key"))}
_IN_CHAT = (select(SendSlot.chat, func.count()).where(SendSlot.chat.in_(bindparam("chats", expanding=True)),
                                                      SendSlot.at > bindparam("since")).group_by(SendSlot.chat))
_WINDOW = (select(SendSlot.at).where(SendSlot.platform == bindparam("platform"), SendSlot.at > bindparam("since"))
           .order_by(SendSlot.at.desc()).limit(bindparam("limit")).subquery())
_RECENT = select(func.count(), func.min(_WINDOW.c.at))
_TAKE = insert(SendSlot)


def prune(session: Session, now: datetime) -> None:
    session.execute(delete(SendSlot).where(SendSlot.at < now - KEEP))


UNPACED = Pace(per_second=1_000_000, per_chat=1_000_000)  # for a stand-in that wants no pace (benchmarks)
