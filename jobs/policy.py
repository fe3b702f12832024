"""When to remind whom of a CCHC plan's deadlines: the rules as a pure function of data.  (pure)

Modelled on APScheduler's `BaseTrigger.get_next_fire_time(previous_fire_time, now)`: the caller
passes the window (start, end] it has not covered yet — its previous run and now — and gets every
reminder whose instant falls in it. Nothing here reads the clock, a database or a chat, so the rules
are tested with fixed datetimes, a job that was down calls it again with a wider window (and
`latest_per_occurrence`), and splitting a period into windows never loses or repeats a reminder.

Every reminder goes out at `send_at` on a working day: days are chosen first, instants last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobs.workdays import WorkCalendar

_ONE_DAY = timedelta(days=1)
_KINDS = frozenset({"deadline", "window", "recurring", "ongoing", "event"})
_TIME = re.compile(r"([01]?\d|2[0-3])[:hH]([0-5]\d)")
# One reminder per occurrence per day: on a shared day the one nearest the deadline wins, so the
# lowest rank (days before the due date) is kept; check-ins and "opens" notices yield to any of them.
_CHECKIN_RANK = 10_000
_OPENS_RANK = 10_001
_NAG_DAYS_AFTER_YEAR = 31  # overdue reminders stop 31 days after the due year ends
_RANGES = {
    "overdue_every_working_days": (1, 366),
    "escalate_from_working_day": (1, 366),
    "checkin_days_before_report": (0, 366),
    "digest_weekday": (0, 6),
    "nudge_day_of_month": (1, 28),  # a day every month has
}


@dataclass(frozen=True)
class Policy:
    remind_days_before: tuple[int, ...] = (7, 3, 1)
    send_at: time = time(8, 0)
    office_open: time = time(7, 30)
    office_close: time = time(17, 30)
    overdue_every_working_days: int = 3
    escalate_from_working_day: int = 3  # from this overdue working day on, also to escalate_to
    escalate_to: tuple[str, ...] = ("chutich", "vhxh")
    digest_weekday: int = 0  # Monday
    digest_to: tuple[str, ...] = ("chutich", "vhxh")
    report_days_before: tuple[int, ...] = (7, 1)
    checkin_days_before_report: int = 7
    nudge_day_of_month: int = 1
    timezone: str = "Asia/Ho_Chi_Minh"

    def __post_init__(self) -> None:
        for name in ("remind_days_before", "report_days_before"):
            if any(n < 1 for n in getattr(self, name)):
                raise ValueError(f"policy.{name}: every number of days must be at least 1")
        for name, (low, high) in _RANGES.items():
            if not low <= getattr(self, name) <= high:
                raise ValueError(f"policy.{name} must be between {low} and {high}, not {getattr(self, name)}")
        if not self.office_open <= self.send_at <= self.office_close:
            raise ValueError("policy.send_at must be within office hours (office_open–office_close)")
        if any(t.tzinfo is not None for t in (self.send_at, self.office_open, self.office_close)):
            raise ValueError("policy times are wall-clock times in policy.timezone, without a zone")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"policy.timezone: unknown time zone {self.timezone!r}") from error

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Policy:
        """From the plan file's "policy:" section: keys are field names, times are "08:00"."""
        defaults = {f.name: f.default for f in fields(cls)}
        unknown = [key for key in data if key not in defaults]
        if unknown:
            raise ValueError(f"policy: unknown key {unknown[0]!r}; known keys: {', '.join(defaults)}")
        return cls(**{key: _coerce(key, value, defaults[key]) for key, value in data.items()})

    def as_mapping(self) -> dict[str, Any]:
        """The plan file's "policy:" section for this policy (from_mapping reads it back)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.strftime("%H:%M") if isinstance(value, time) else (
                list(value) if isinstance(value, tuple) else value)
        return out


def _coerce(name: str, value: Any, default: Any) -> Any:
    """The value in the type of the field's default: a YAML file gives lists and strings."""
    if isinstance(default, time):
        return _as_time(name, value)
    if isinstance(default, tuple):
        if not isinstance(value, list | tuple):
            raise ValueError(f"policy.{name} must be a list, not {value!r}")
        return tuple(_scalar(name, item, type(default[0])) for item in value)
    return _scalar(name, value, type(default))


def _scalar(name: str, value: Any, kind: type) -> Any:
    # bool is an int in Python, but "true" is never a number of days.
    if isinstance(value, kind) and not isinstance(value, bool):
        return value
    raise ValueError(f"policy.{name}: {value!r} is not a {'number' if kind is int else 'text'}")


def _as_time(name: str, value: Any) -> time:
    if isinstance(value, time):
        return value
    # YAML 1.1 reads an unquoted 17:30 as the number 1050 (base 60): ask for quotes, never guess.
    match = _TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f'policy.{name}: write the time in quotes as "HH:MM", e.g. "08:00", not {value!r}')
    return time(int(match[1]), int(match[2]))


@dataclass(frozen=True)
class OccurrenceState:
    occurrence_id: int
    task: str  # "17", "24.1", "BC-hcc"
    unit: str  # code of the responsible unit, e.g. "hcc"
    kind: str  # deadline | window | recurring | ongoing | event
    opens: date | None
    due: date | None  # current due date (after any extension); None: "Thường xuyên" or an undated event
    done_on: date | None  # None while not done
    is_report: bool = False  # a quarterly/annual report occurrence: "report" reminders instead of before-N

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"occurrence {self.occurrence_id}: unknown kind {self.kind!r}")

    @property
    def subject(self) -> str:
        return f"occurrence:{self.occurrence_id}"


@dataclass(frozen=True)
class Reminder:
    subject: str  # "occurrence:<id>" or "digest"
    kind: str  # before-N, due, opens, overdue, escalate, digest, report, checkin, nudge
    at: datetime  # aware, in the policy's time zone: the instant it should go out
    chat: str  # unit or role code it goes to
    task: str | None  # None for a digest
    occurrence_id: int | None

    @property
    def key(self) -> tuple[str, str, datetime, str]:
        """The unique key of a reminder row: a reminder is sent once, however often it is computed."""
        return (self.subject, self.kind, self.at, self.chat)


def _order(r: Reminder) -> tuple[datetime, str, str, str, int]:
    return (r.at, r.chat, r.task or "", r.kind, r.occurrence_id or 0)


@dataclass(frozen=True)
class _Window:
    start: datetime
    end: datetime
    first: date  # the local days whose send_at may fall in (start, end]
    last: date
    send_at: time
    zone: ZoneInfo

    def at(self, day: date) -> datetime | None:
        """The instant of a reminder on `day`, or None when it falls outside the window."""
        instant = datetime.combine(day, self.send_at, tzinfo=self.zone)
        return instant if self.start < instant <= self.end else None


def due_reminders(
    states: Iterable[OccurrenceState],
    start: datetime,
    end: datetime,
    policy: Policy,
    calendar: WorkCalendar,
    report_dues: Sequence[date] = (),
) -> list[Reminder]:
    """Every reminder whose instant falls in (start, end], sorted by (at, chat, task). Pure."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be aware datetimes")
    zone = ZoneInfo(policy.timezone)
    window = _Window(
        start, end, start.astimezone(zone).date(), end.astimezone(zone).date(), policy.send_at, zone
    )
    found = list(_digests(window, policy, calendar))
    seen: set[int] = set()
    for state in states:
        if state.occurrence_id in seen:
            raise ValueError(f"occurrence {state.occurrence_id} is given twice")
        seen.add(state.occurrence_id)
        found.extend(_occurrence_reminders(state, window, policy, calendar, report_dues))
    return sorted(found, key=_order)


def latest_per_occurrence(reminders: Iterable[Reminder]) -> list[Reminder]:
    """After downtime: keep only the newest missed reminder per (subject, chat) — not a flood of stale ones."""
    newest: dict[tuple[str, str], Reminder] = {}
    for r in reminders:
        kept = newest.get((r.subject, r.chat))
        if kept is None or _order(r) > _order(kept):
            newest[(r.subject, r.chat)] = r
    return sorted(newest.values(), key=_order)


def _occurrence_reminders(
    state: OccurrenceState, window: _Window, policy: Policy, cal: WorkCalendar, report_dues: Sequence[date]
) -> Iterator[Reminder]:
    days = _unit_days(state, policy, cal, report_dues)
    if state.due is not None:
        days.extend(_overdue(state, state.due, window, policy, cal))
    elif state.kind == "event":
        days.extend(_nudges(state, window, policy, cal))
    for day, kind, chat in days:
        if state.done_on is not None and day > state.done_on:
            continue  # done: nothing after the day it was done; what came before was already sent
        at = window.at(day)
        if at is not None:
            yield Reminder(state.subject, kind, at, chat, state.task, state.occurrence_id)


def _unit_days(
    state: OccurrenceState, policy: Policy, cal: WorkCalendar, report_dues: Sequence[date]
) -> list[tuple[date, str, str]]:
    """The before-N/report/due/opens/check-in days of one occurrence: a handful, window or not."""
    candidates: list[tuple[date, int, str]] = []
    due = state.due
    if due is not None:
        due_day = cal.previous_working_day(due)  # a day off moves a reminder earlier, never past the due date
        candidates.append((due_day, 0, "due"))
        offsets = policy.report_days_before if state.is_report else policy.remind_days_before
        for n in offsets:
            kind = "report" if state.is_report else f"before-{n}"
            candidates.append((cal.previous_working_day(due - timedelta(days=n)), n, kind))
        if state.kind == "window" and state.opens is not None:
            opens_day = cal.next_working_day(state.opens)
            if opens_day < due_day:  # on or after the due day the due reminder says it all
                candidates.append((opens_day, _OPENS_RANK, "opens"))
    if state.kind == "ongoing":
        candidates.extend(
            (d, _CHECKIN_RANK, "checkin") for d in _checkin_days(state, policy, cal, report_dues)
        )
    best: dict[date, tuple[int, str]] = {}
    for day, rank, kind in candidates:
        if day not in best or rank < best[day][0]:
            best[day] = (rank, kind)
    return [(day, kind, state.unit) for day, (_, kind) in best.items()]


def _checkin_days(
    state: OccurrenceState, policy: Policy, cal: WorkCalendar, report_dues: Sequence[date]
) -> Iterator[date]:
    ahead = timedelta(days=policy.checkin_days_before_report)
    for report_due in report_dues:
        day = cal.previous_working_day(report_due - ahead)
        # Not before the task starts, and not after its own due date: by then overdue reminders speak.
        if (state.opens is None or day >= state.opens) and (state.due is None or day <= state.due):
            yield day


def _overdue(
    state: OccurrenceState, due: date, window: _Window, policy: Policy, cal: WorkCalendar
) -> Iterator[tuple[date, str, str]]:
    """Overdue reminders on overdue working days 1, 1+e, 1+2e… found by arithmetic, not by day scans."""
    stop = date(due.year, 12, 31) + timedelta(days=_NAG_DAYS_AFTER_YEAR)
    last = min(window.last, stop, state.done_on or stop)
    lowest = max(window.first, due + _ONE_DAY)
    if lowest > last:
        return
    every = policy.overdue_every_working_days
    k = cal.working_days_between(due, lowest - _ONE_DAY) + 1  # the first overdue working day >= lowest
    k += -(k - 1) % every  # up to the next one that carries a reminder
    escalation = [c for c in dict.fromkeys(policy.escalate_to) if c != state.unit]
    day = cal.add_working_days(due, k)
    while day <= last:
        yield day, "overdue", state.unit
        if k >= policy.escalate_from_working_day:
            yield from ((day, "escalate", chat) for chat in escalation)
        k += every
        day = cal.add_working_days(day, every)


def _earliest_nominal(window: _Window, cal: WorkCalendar) -> date:
    """The earliest day a reminder moved forward (to the next working day) can come from and still
    land in the window: every day from it to window.first must be a day off."""
    return cal.previous_working_day(window.first - _ONE_DAY) + _ONE_DAY


def _nudges(
    state: OccurrenceState, window: _Window, policy: Policy, cal: WorkCalendar
) -> Iterator[tuple[date, str, str]]:
    """An undated event: a nudge each month, to get its date set."""
    month = _earliest_nominal(window, cal).replace(day=1)
    while month <= window.last:
        day = cal.next_working_day(month.replace(day=policy.nudge_day_of_month))
        if window.first <= day <= window.last and (state.opens is None or day >= state.opens):
            yield day, "nudge", state.unit
        month = (month + timedelta(days=31)).replace(day=1)


def _digests(window: _Window, policy: Policy, cal: WorkCalendar) -> Iterator[Reminder]:
    nominal = _earliest_nominal(window, cal)
    nominal += timedelta(days=(policy.digest_weekday - nominal.weekday()) % 7)
    days: set[date] = set()  # a week wholly off (Tết) moves onto the next week's digest: one, not two
    while nominal <= window.last:
        days.add(cal.next_working_day(nominal))
        nominal += timedelta(days=7)
    for day in sorted(days):
        at = window.at(day)
        if at is not None:
            yield from (
                Reminder("digest", "digest", at, chat, None, None) for chat in dict.fromkeys(policy.digest_to)
            )
