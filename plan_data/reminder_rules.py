"""When to remind whom of a CCHC plan's deadlines: the rules as a pure function of data.  (pure)

jobs.due.reminders_between is the one way the rest of the code asks these rules (it reads the plan's rows
and passes them here); jobs.validity asks again for one reminder just before it is sent.

Modelled on APScheduler's `BaseTrigger.get_next_fire_time(previous_fire_time, now)`: the caller
passes the window (start, end] it has not covered yet — its previous run and now — and gets every
reminder whose instant falls in it. Nothing here reads the clock, a database or a chat, so the rules
are tested with fixed datetimes, a job that was down calls it again with a wider window (and
`latest_per_occurrence`), and splitting a period into windows never loses or repeats a reminder.

Every reminder goes out at `send_at` on a working day: days are chosen first, instants last.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from plan_data.periods import is_report
from plan_data.policy import Policy, meeting_day
from plan_data.status import done_on, is_closed
from plan_data.workdays import WorkCalendar

_ONE_DAY = timedelta(days=1)
_KINDS = frozenset({"deadline", "window", "recurring", "ongoing", "event", "undated"})
# One reminder per occurrence per day: on a shared day the one nearest the deadline wins, so the
# lowest rank (days before the due date) is kept; check-ins and "opens" notices yield to any of them.
_CHECKIN_RANK = 10_000
_OPENS_RANK = 10_001
_NAG_DAYS_AFTER_YEAR = 31
MEETING = "meeting"  # the monthly «giao ban» agenda's subject and kind  # overdue reminders stop 31 days after the due year ends


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
    chained: bool = False  # an event task dated by another task's completion: never nudged to be dated by hand

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"occurrence {self.occurrence_id}: unknown kind {self.kind!r}")

    @property
    def subject(self) -> str:
        return f"occurrence:{self.occurrence_id}"


class _Unit(Protocol):
    code: str


class TaskLike(Protocol):
    """A task as the rules read it: a stored one, or the rows of a batch (jobs.preload.TaskFacts)."""

    number: str
    kind: str
    product: str
    trigger: str | None
    responsible: _Unit


class _Dated(Protocol):
    """An occurrence, or a row of its columns: what the rules read of it."""

    id: int
    opens: date | None
    due: date | None
    status: str
    done_at: datetime | None


def state_of(task: TaskLike, occurrence: _Dated) -> OccurrenceState:
    """An occurrence as the policy sees it; a "xong" awaiting confirmation already stops the reminders."""
    return occurrence_state(task.number, task.responsible.code, task.kind, task.product, occurrence,
                            bool(task.trigger))


def occurrence_state(number: str, unit: str, kind: str, product: str, occurrence: _Dated,
                     chained: bool = False) -> OccurrenceState:
    """state_of from a task's columns; `occurrence`: an occurrence, or a row with its columns (id, opens, due,
    status, done_at)."""
    finished = done_on(occurrence) if is_closed(occurrence) else None
    return OccurrenceState(occurrence.id, number, unit, kind, occurrence.opens, occurrence.due, finished,
                           is_report(kind, product), chained)


@dataclass(frozen=True)
class DueReminder:
    subject: str  # "occurrence:<id>", "digest" or "meeting"
    kind: str  # before-N, due, opens, overdue, escalate, digest, meeting, report, checkin, nudge
    at: datetime  # aware, in the policy's time zone: the instant it should go out
    chat: str  # unit or role code it goes to
    task: str | None  # None for a digest
    occurrence_id: int | None

    @property
    def key(self) -> tuple[str, str, datetime, str]:
        """The unique key of a reminder row: a reminder is sent once, however often it is computed."""
        return (self.subject, self.kind, self.at, self.chat)


def _order(r: DueReminder) -> tuple[datetime, str, str, str, int]:
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
        if not self.first <= day <= self.last:
            return None  # an instant of another local day is not in (start, end]: not worth making
        instant = datetime.combine(day, self.send_at, tzinfo=self.zone)
        return instant if self.start < instant <= self.end else None


def due_reminders(
    states: Iterable[OccurrenceState],
    start: datetime,
    end: datetime,
    policy: Policy,
    calendar: WorkCalendar,
    report_dues: Sequence[date] = (),
    alike: dict | None = None,
) -> list[DueReminder]:
    """Every reminder whose instant falls in (start, end], sorted by (at, chat, task). Pure.

    `alike`: a dict shared by several calls (plan_ahead's group of plans), in which what an occurrence gets is
    kept by what it depends on (its dates, state and unit, with this policy, calendar, report dates and
    window), so that the occurrences of plans made from one appendix are worked out once."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("start and end must be aware datetimes")
    zone = ZoneInfo(policy.timezone)
    window = _Window(
        start, end, start.astimezone(zone).date(), end.astimezone(zone).date(), policy.send_at, zone
    )
    found = [*_digests(window, policy, calendar), *_meetings(window, policy, calendar)]
    kept = (alike if alike is not None else {}).setdefault((policy, calendar, tuple(report_dues), window), {})
    seen: set[int] = set()
    for state in states:
        if state.occurrence_id in seen:
            raise ValueError(f"occurrence {state.occurrence_id} is given twice")
        seen.add(state.occurrence_id)
        key = (state.kind, state.opens, state.due, state.is_report, state.done_on, state.unit, state.chained)
        if key not in kept:
            kept[key] = [(r.kind, r.at, r.chat) for r in _occurrence_reminders(state, window, policy, calendar,
                                                                                report_dues)]
        found.extend(DueReminder(state.subject, kind, at, chat, state.task, state.occurrence_id)
                     for kind, at, chat in kept[key])
    return sorted(found, key=_order)


def latest_per_occurrence(reminders: Iterable[DueReminder]) -> list[DueReminder]:
    """After downtime: keep only the newest missed reminder per (subject, chat) — not a flood of stale ones."""
    newest: dict[tuple[str, str], DueReminder] = {}
    for r in reminders:
        kept = newest.get((r.subject, r.chat))
        if kept is None or _order(r) > _order(kept):
            newest[(r.subject, r.chat)] = r
    return sorted(newest.values(), key=_order)


def _occurrence_reminders(
    state: OccurrenceState, window: _Window, policy: Policy, cal: WorkCalendar, report_dues: Sequence[date]
) -> Iterator[DueReminder]:
    if state.done_on is not None and state.done_on < window.first:
        return  # done before the window: every day in it is after the day it was done (below)
    days = _unit_days(state, policy, cal, report_dues)
    if state.due is not None:
        days.extend(_overdue(state, state.due, window, policy, cal))
    elif state.kind == "event" and not state.chained:
        days.extend(_nudges(state, window, policy, cal))
    for day, kind, chat in days:
        if state.done_on is not None and day > state.done_on:
            continue  # done: nothing after the day it was done; what came before was already sent
        at = window.at(day)
        if at is not None:
            yield DueReminder(state.subject, kind, at, chat, state.task, state.occurrence_id)


def _unit_days(
    state: OccurrenceState, policy: Policy, cal: WorkCalendar, report_dues: Sequence[date]
) -> list[tuple[date, str, str]]:
    """The before-N/report/due/opens/check-in days of one occurrence: a handful, window or not."""
    candidates: list[tuple[date, int, str]] = []
    due = state.due
    # an ongoing task's period (plan_data.periods) is asked for by its check-in before the report, not counted
    # down to like a deadline; once overdue it is nagged like any task
    if due is not None and state.kind != "ongoing":
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
    """Overdue reminders to the unit on overdue working days 1 (day 0), 1+e, 1+2e… found by arithmetic, not by
    day scans; and each escalation step once (_escalations)."""
    stop = date(due.year, 12, 31) + timedelta(days=_NAG_DAYS_AFTER_YEAR)
    last = min(window.last, stop, state.done_on or stop)
    lowest = max(window.first, due + _ONE_DAY)
    if lowest > last:
        return
    every = policy.overdue_every_working_days
    k = cal.working_days_between(due, lowest - _ONE_DAY) + 1  # the first overdue working day >= lowest
    k += -(k - 1) % every  # up to the next one that carries a reminder
    day = cal.add_working_days(due, k)
    while day <= last:
        yield day, "overdue", state.unit
        k += every
        day = cal.add_working_days(day, every)
    yield from ((day, "escalate", chat) for day, chat in _escalations(state, due, policy, cal) if lowest <= day <= last)


def _escalations(state: OccurrenceState, due: date, policy: Policy, cal: WorkCalendar) -> Iterator[tuple[date, str]]:
    """Each escalation step's day: escalate_to[i] is told once, escalate_after_working_days[i] working days after
    the first overdue working day. An instant, not a repetition: whatever windows the days are asked in (or a
    catch-up after downtime), a step is found once, and its row's key makes it sent once."""
    if state.kind == "ongoing":
        # an ongoing task's missed period is the unit's to catch up on: the overseers see them all in the digest,
        # not one escalation per task and period
        return
    for chat, after in zip(policy.escalate_to, policy.escalate_after_working_days, strict=True):
        if chat != state.unit:  # the lead unit hears it as its own overdue reminder
            yield cal.add_working_days(due, 1 + after), chat


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


def _digests(window: _Window, policy: Policy, cal: WorkCalendar) -> Iterator[DueReminder]:
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
                DueReminder("digest", "digest", at, chat, None, None) for chat in dict.fromkeys(policy.digest_to)
            )


def _meetings(window: _Window, policy: Policy, cal: WorkCalendar) -> Iterator[DueReminder]:
    """The monthly «giao ban»: its agenda to policy.meeting_to on the meeting day (plan_data.policy.meeting_day)."""
    month = window.first.replace(day=1)
    while month <= window.last:
        at = window.at(meeting_day(policy, month.year, month.month, cal))
        if at is not None:
            yield from (DueReminder(MEETING, MEETING, at, chat, None, None) for chat in dict.fromkeys(policy.meeting_to))
        month = (month + timedelta(days=31)).replace(day=1)
