"""The pace of sending, kept in the database so that every worker and every restart shares it.

Telegram allows each bot about 30 messages a second in all, 20 a minute into one group and about one a second
into one chat. A limiter in memory forgets what went out before a restart and knows nothing of a second
worker, so each message first takes a slot in `send_slots`, under the bot's route (plan_data.tenants.route):
taking it and counting the slots of the last second (that bot), of the last second and minute (that chat)
happen under that bot's lock, so two workers cannot both take the 30th (a chat is spoken to by one bot, so its
counts are the bot's too); workers busy with different bots never wait on each other. Each bot is counted apart: one bot's burst
never takes another's second. A chat whose minute is full is skipped for now, never slept on; a chat whose
second is full waits that second while the other chats go on. The windows carry a small guard, since a slot
is stamped just before its request leaves and the request reaches Telegram a moment later.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
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

    def hold(self, session: Session, routes: Iterable[str]) -> None:
        """The lock of each bot of `routes`, for the rest of the session's transaction, waited for: taken
        before the clock is read for a slot's stamp, so that a wait for another worker's slots does not leave
        the stamp behind the send. A lock per bot, taken in one order (no two workers wait on each other)."""
        connection = session.connection()  # Core on the session's transaction: the ORM adds nothing here
        if connection.dialect.name == "postgresql":
            connection.execute(_HOLD, {"space": _LOCK_KEY, "keys": sorted({_key(r) for r in routes})})
        else:
            connection.execute(_WRITE_LOCK)

    def take(self, session: Session, routes: Iterable[str]) -> set[str]:
        """The locks of the bots of `routes` that no other worker holds now, never waited for: the routes
        held, for the rest of the transaction. A worker busy with one bot's slots holds up no other bot's.
        SQLite: its write lock, waited for, which holds them all."""
        routes = set(routes)
        connection = session.connection()
        if connection.dialect.name != "postgresql":
            connection.execute(_WRITE_LOCK)
            return routes
        by_key: dict[int, list[str]] = {}
        for name in routes:
            by_key.setdefault(_key(name), []).append(name)
        taken = connection.execute(_TRY, {"space": _LOCK_KEY, "keys": sorted(by_key)}).scalars()
        return {name for key in taken for name in by_key[key]}

    def reserve(self, session: Session, route: str, chat: str, now: datetime, held: bool = False
                ) -> float | None:
        """Takes a slot for one message by the bot of `route` to `chat` (as in reminders.chat, "telegram:-1001")
        now. 0.0: taken, send it. None: this chat had its messages of the minute, skip it for now. Otherwise
        the seconds to wait before the bot's second, or the chat's, has room."""
        slots = self.reserve_many(session, route, [chat], now, held)
        return 0.0 if slots.taken else None if slots.full else max(slots.wait, *slots.busy.values(), 0.01)

    def reserve_many(self, session: Session, route: str, chats: list[str], now: datetime, held: bool = False
                     ) -> Slots:
        """Slots for a group of messages by one bot (reserve_routes), its lock held (`held`: taken already)."""
        if not held:
            self.hold(session, [route])
        return self.reserve_routes(session, {route: chats}, now)[route]

    def reserve_routes(self, session: Session, groups: Mapping[str, list[str]], now: datetime) -> dict[str, Slots]:
        """Slots for messages by several bots (route -> one chat per message, in order) now, their locks held
        (hold, take): the counts read, and the slots written, in a few statements for all of them. Per bot:
        `wait`, when all were taken and its second is now full, the seconds until its next message may go."""
        connection = session.connection()
        chats = sorted({chat for group in groups.values() for chat in group})
        counts = connection.execute(_IN_CHAT, {"chats": chats, "since": now - self.minute, "second": now - self.second})
        minute, second = {}, {}
        for chat, in_minute, in_second in counts:
            minute[chat], second[chat] = in_minute, in_second
        recent = {name: (count, oldest) for name, count, oldest in connection.execute(
            _RECENT, {"routes": sorted(groups), "since": now - self.second, "limit": self.per_second})}
        allotted = {name: self._allot(group, recent.get(name, (0, None))[0], minute, second)
                    for name, group in groups.items()}
        taken = [{"route": name, "chat": groups[name][i], "at": now} for name, slots in allotted.items()
                 for i in slots.taken]
        if taken:
            connection.execute(_TAKE, taken)
        busy = sorted({groups[name][i] for name, slots in allotted.items() for i in slots.busy})
        latest = dict(connection.execute(_LATEST, {"chats": busy, "since": now - self.second}).all()) if busy else {}
        return {name: self._waits(slots, groups[name], recent.get(name, (0, None)), latest, now)
                for name, slots in allotted.items()}

    def _allot(self, chats: list[str], count: int, minute: dict[str, int], second: dict[str, int]) -> Slots:
        """One bot's group against the counts (the chats' counts moved by what is taken)."""
        slots = Slots([], [], {}, 0.0)
        for index, chat in enumerate(chats):
            if minute.get(chat, 0) >= self.per_chat:
                slots.full.append(index)
            elif second.get(chat, 0) >= self.per_chat_second:
                slots.busy[index] = self.second.total_seconds()  # … of its latest slot, at most: see _waits
            elif count + len(slots.taken) < self.per_second:
                slots.taken.append(index)
                minute[chat], second[chat] = minute.get(chat, 0) + 1, second.get(chat, 0) + 1
        return slots

    def _waits(self, slots: Slots, chats: list[str], recent: tuple[int, datetime | None],
               latest: dict[str, datetime], now: datetime) -> Slots:
        for index in slots.busy:  # the chat's latest slot leaves its second then (one taken now: a second)
            last = latest.get(chats[index], now)
            slots.busy[index] = max((last + self.second - now).total_seconds(), 0.01)
        count, oldest = recent
        if len(slots.taken) + len(slots.full) + len(slots.busy) < len(chats) or count + len(slots.taken) >= self.per_second:
            oldest = oldest or now  # the slot whose leaving the window makes room (the first taken now, if none)
            return replace(slots, wait=max((oldest + self.second - now).total_seconds(), 0.01))
        return slots

    def full_chats(self, now: datetime) -> Select:
        """The chats whose minute is full: the claim leaves their reminders for later."""
        return (select(SendSlot.chat).where(SendSlot.at > now - self.minute).group_by(SendSlot.chat)
                .having(func.count() >= self.per_chat))


def _key(route: str) -> int:
    """A bot's lock key: a stable 32-bit number of its route (a collision only makes two bots share a lock)."""
    return zlib.crc32(route.encode()) - 2**31


# the statements, built once. The locks: PostgreSQL's advisory locks, a key per bot in the pace's space; on
# SQLite, a write that changes nothing, which takes the write lock before anything is counted
_HOLD = text("SELECT count(pg_advisory_xact_lock(:space, k)) FROM (SELECT k FROM unnest(CAST(:keys AS integer[]))"
             " AS k ORDER BY k) AS ordered")
_TRY = text("SELECT k FROM unnest(CAST(:keys AS integer[])) AS k WHERE pg_try_advisory_xact_lock(:space, k)")
_WRITE_LOCK = delete(SendSlot).where(SendSlot.id == -_LOCK_KEY)
_IN_CHAT = (select(SendSlot.chat, func.count(), func.count(case((SendSlot.at > bindparam("second"), 1))))
            .where(SendSlot.chat.in_(bindparam("chats", expanding=True)), SendSlot.at > bindparam("since"))
            .group_by(SendSlot.chat))
_LATEST = (select(SendSlot.chat, func.max(SendSlot.at))
           .where(SendSlot.chat.in_(bindparam("chats", expanding=True)), SendSlot.at > bindparam("since"))
           .group_by(SendSlot.chat))
# each bot's latest `limit` slots of the window (at most a second's worth): how many, and the oldest of them
_RANKED = (select(SendSlot.route, SendSlot.at,
                  func.row_number().over(partition_by=SendSlot.route, order_by=SendSlot.at.desc()).label("rank"))
           .where(SendSlot.route.in_(bindparam("routes", expanding=True)), SendSlot.at > bindparam("since"))
           .subquery())
_RECENT = (select(_RANKED.c.route, func.count(), func.min(_RANKED.c.at))
           .where(_RANKED.c.rank <= bindparam("limit")).group_by(_RANKED.c.route))
_TAKE = insert(SendSlot)


def prune(session: Session, now: datetime) -> None:
    session.execute(delete(SendSlot).where(SendSlot.at < now - KEEP))


UNPACED = Pace(per_second=1_000_000, per_chat=1_000_000, per_chat_second=1_000_000)  # for a stand-in that wants no pace (benchmarks)
