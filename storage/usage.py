"""Messages per unit per day: the reminders actually sent (reminders.sent_at), by platform and by the unit the
chat had when each was sent, so that an operator can size a platform's quota (`nhacviec usage`).

The unit of a chat at an instant is read from its links (chat_links: every bind and move, with the unit it
came from and went to): the unit it was last bound or moved to by then; before its first link, the unit that
link moved it from; a chat with no link at all (bound at the console, or before links were recorded) has its
binding's unit. A chat no binding knows (a Telegram group since migrated to a supergroup) is counted under no
unit (None): nothing sent is left out of the count."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, literal, select, union_all
from sqlalchemy.orm import Session

from plan_data.zone import VN
from storage.models import ChatBinding, ChatLink, Reminder, UtcDateTime

LINKED = ("bound", "moved")


@dataclass(frozen=True)
class UnitDay:
    """The messages one platform carried to one unit's chats on one day (Asia/Ho_Chi_Minh)."""

    platform: str
    unit_id: int | None  # None: a chat no binding knows any more
    day: date
    sent: int


def sent_per_unit_day(session: Session, first: date, last: date) -> list[UnitDay]:
    """The reminders sent from the first day to the last (both included, local days), per platform, unit and
    day, ordered so. One query groups them by chat and day; a chat is then given its unit of that day, or, on
    a day it moved, each of its messages the unit of its instant."""
    history = _History(session)
    counts: Counter[tuple[str, int | None, date]] = Counter()
    for chat, day, sent in session.execute(_per_chat_day(first, last)):
        platform = chat.partition(":")[0]
        if history.moved_on(chat, day):
            for at in _sent_instants(session, chat, day):
                counts[platform, history.unit_at(chat, at), day] += 1
        else:
            counts[platform, history.unit_at(chat, _day_start(day)), day] += sent
    return [UnitDay(platform, unit, day, sent) for (platform, unit, day), sent
            in sorted(counts.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2]))]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=VN)


def _per_chat_day(first: date, last: date):
    """(chat, day, sent) over the days' bounds as a small table of literals: the same SQL on every database,
    no time-zone function of either."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    bounds = union_all(*(select(literal(day).label("day"), literal(_day_start(day), UtcDateTime).label("start"),
                                literal(_day_start(day + timedelta(days=1)), UtcDateTime).label("stop"))
                         for day in days)).subquery("days")
    r = Reminder.__table__
    return (select(r.c.chat, bounds.c.day, func.count())
            .join_from(r, bounds, and_(r.c.sent_at >= bounds.c.start, r.c.sent_at < bounds.c.stop))
            .where(r.c.state == "sent", r.c.sent_at >= _day_start(first), r.c.sent_at < _day_start(last + timedelta(days=1)))
            .group_by(r.c.chat, bounds.c.day))


def _sent_instants(session: Session, chat: str, day: date) -> list[datetime]:
    r = Reminder.__table__
    query = select(r.c.sent_at).where(r.c.chat == chat, r.c.state == "sent", r.c.sent_at >= _day_start(day),
                                      r.c.sent_at < _day_start(day + timedelta(days=1)))
    return list(session.scalars(query))


class _History:
    """Every chat's links and binding, read once: which unit a chat had at an instant."""

    def __init__(self, session: Session) -> None:
        self.links: dict[str, list[tuple[datetime, int | None, int | None]]] = {}
        query = (select(ChatLink.platform, ChatLink.chat_id, ChatLink.at, ChatLink.from_unit_id, ChatLink.to_unit_id)
                 .where(ChatLink.outcome.in_(LINKED)).order_by(ChatLink.at, ChatLink.id))
        for platform, chat_id, at, came_from, went_to in session.execute(query):
            self.links.setdefault(f"{platform}:{chat_id}", []).append((at, came_from, went_to))
        self.bound = {f"{platform}:{chat_id}": unit for platform, chat_id, unit
                      in session.execute(select(ChatBinding.platform, ChatBinding.chat_id, ChatBinding.unit_id))}

    def unit_at(self, chat: str, at: datetime) -> int | None:
        links = self.links.get(chat)
        if not links:
            return self.bound.get(chat)
        place = bisect.bisect_right([link[0] for link in links], at)
        return links[place - 1][2] if place else links[0][1] if links[0][1] is not None else self.bound.get(chat)

    def moved_on(self, chat: str, day: date) -> bool:
        start, stop = _day_start(day), _day_start(day + timedelta(days=1))
        return any(start < at < stop for at, _, _ in self.links.get(chat, ()))
