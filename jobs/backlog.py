"""A tick's claimed reminders that are ready to send, and those that wait for their bot's second or their
chat's: the reminder engine takes its groups from here, so that a bot whose second is full, or a chat that had
its message of the second, never holds up another bot or another chat.
"""

from __future__ import annotations

import heapq
from collections import deque
from datetime import datetime
from itertools import count

from jobs.claims import Job
from jobs.messages import Message

Entry = tuple[Job, Message]


class Backlog:
    """What this tick still has to send: ready now (in claim order), or waiting until an instant."""

    def __init__(self) -> None:
        self.ready: deque[Entry] = deque()
        self._waiting: list[tuple[datetime, int, Entry]] = []  # a heap: the first to be ready first
        self._order = count()  # ties broken by arrival, never by comparing entries
        self.room_at: dict[str, datetime] = {}  # route -> until when its bot's second is full

    def __len__(self) -> int:
        return len(self.ready) + len(self._waiting)

    def add(self, entries: list[Entry]) -> None:
        self.ready.extend(entries)

    def again(self, entries: list[Entry]) -> None:
        """Entries to take first (late for their slots: new slots, at once)."""
        self.ready.extendleft(reversed(entries))

    def wait(self, entry: Entry, until: datetime) -> None:
        heapq.heappush(self._waiting, (until, next(self._order), entry))

    def full_until(self, route: str, until: datetime) -> None:
        self.room_at[route] = max(self.room_at.get(route, until), until)

    def next_at(self) -> datetime | None:
        """When the first waiting entry is ready (None: none waits)."""
        return self._waiting[0][0] if self._waiting else None

    def group(self, now: datetime, size: int) -> list[Entry]:
        """Up to `size` entries ready at `now`, in order; an entry whose bot's second is full waits for it."""
        due: list[Entry] = []
        while self._waiting and self._waiting[0][0] <= now:
            due.append(heapq.heappop(self._waiting)[2])
        self.again(due)  # they waited longest: they go first
        group: list[Entry] = []
        while self.ready and len(group) < size:
            entry = self.ready.popleft()
            room = self.room_at.get(entry[0].route)
            if room is not None and room > now:
                self.wait(entry, room)
            else:
                group.append(entry)
        return group
