"""A plan's reminder policy: the settings a plan file may change, checked when the plan is read; and what
follows from them alone: the plan's working days and office hours.  (pure: the instant is passed in)

The rules that turn these settings into reminders are plan_data.reminder_rules.due_reminders.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from plan_data.workdays import WorkCalendar
from plan_data.zone import VN

_TIME = re.compile(r"([01]?\d|2[0-3])[:hH]([0-5]\d)")
_DATE_LISTS = ("days_off", "working_days")
_RANGES = {
    "overdue_every_working_days": (1, 366),
    "checkin_days_before_report": (0, 366),
    "digest_weekday": (0, 6),
    "meeting_weekday": (0, 6),
    "nudge_day_of_month": (1, 28),  # a day every month has
    "days_after_trigger": (0, 366),
    "report_cutoff_day": (0, 28),  # 0: a report's facts are its period's own days
    "at_risk_days": (1, 366),
    "explain_working_days": (1, 30),
}


@dataclass(frozen=True)
class Policy:
    remind_days_before: tuple[int, ...] = (7, 3, 1)
    send_at: time = time(8, 0)
    office_open: time = time(7, 30)
    office_close: time = time(17, 30)
    overdue_every_working_days: int = 3
    # an overdue task's escalation steps, paired: escalate_to[i] is told once, escalate_after_working_days[i]
    # working days after the lead unit's first overdue working day (day 0)
    escalate_to: tuple[str, ...] = ("vhxh", "chutich")
    escalate_after_working_days: tuple[int, ...] = (2, 5)
    digest_weekday: int = 0  # Monday
    digest_to: tuple[str, ...] = ("chutich", "vhxh")
    meeting_weekday: int = 4  # the monthly «giao ban»: the last working Friday of the month (meeting_day)
    meeting_to: tuple[str, ...] = ("vhxh",)  # who gets its agenda
    report_days_before: tuple[int, ...] = (7, 1)
    checkin_days_before_report: int = 7
    nudge_day_of_month: int = 1
    days_after_trigger: int = 15  # an event task chained to another task: due this long after it is done
    report_cutoff_day: int = 15  # Nghị định 09/2019: facts from the 15th of the last month of the period before
    at_risk_days: int = 5  # an open task due within this many working days, behind its time, is amber (light.py)
    explain_working_days: int = 3  # «giải trình»: the unit answers within this many working days
    ongoing_periods: str = "quarter"  # an ongoing task is reported each: quarter | half | year (plan_data.periods)
    timezone: str = VN.key
    # the year's swaps the `holidays` package does not know yet (the government announces them each year):
    # extra days off ("nghỉ bù", bridge days) and Saturdays worked instead, as "YYYY-MM-DD"
    days_off: tuple[date, ...] = ()
    working_days: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        for name in ("remind_days_before", "report_days_before"):
            if any(n < 1 for n in getattr(self, name)):
                raise ValueError(f"policy.{name}: every number of days must be at least 1")
        for name, (low, high) in _RANGES.items():
            if not low <= getattr(self, name) <= high:
                raise ValueError(f"policy.{name} must be between {low} and {high}, not {getattr(self, name)}")
        _check_escalation(self.escalate_to, self.escalate_after_working_days)
        if self.ongoing_periods not in ("quarter", "half", "year"):
            raise ValueError(f"policy.ongoing_periods must be quarter, half or year, not {self.ongoing_periods!r}")
        if not self.office_open <= self.send_at <= self.office_close:
            raise ValueError("policy.send_at must be within office hours (office_open–office_close)")
        if any(t.tzinfo is not None for t in (self.send_at, self.office_open, self.office_close)):
            raise ValueError("policy times are wall-clock times in policy.timezone, without a zone")
        both = sorted(set(self.days_off) & set(self.working_days))
        if both:
            raise ValueError(f"policy: {both[0].isoformat()} is both in days_off and in working_days")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"policy.timezone: unknown time zone {self.timezone!r}") from error

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Policy:
        """From the plan file's "policy:" section: keys are field names, times are "08:00".

        Tolerant of the old escalation key: `escalate_from_working_day: N` (until issue 26: escalations to
        every chat of escalate_to on each overdue nag from overdue working day N on) is read as each of those
        chats told once on overdue working day N, i.e. `escalate_after_working_days` N-1 for each; a plan
        stored before keeps the steps it had. escalate_to and escalate_after_working_days are otherwise given
        together, so that a list is never paired with the other's default by position."""
        data = _escalation_of(data)
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
            if f.name in _DATE_LISTS:
                if value:  # left out when empty: most plans have none
                    out[f.name] = [d.isoformat() for d in value]
                continue
            out[f.name] = value.strftime("%H:%M") if isinstance(value, time) else (
                list(value) if isinstance(value, tuple) else value)
        return out


_OLD_ESCALATION = "escalate_from_working_day"
_PAIRED = ("escalate_to", "escalate_after_working_days")


def _escalation_of(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The policy section with the old escalation key mapped onto the paired lists (Policy.from_mapping)."""
    if _OLD_ESCALATION not in data:
        if (_PAIRED[0] in data) != (_PAIRED[1] in data):
            raise ValueError("policy.escalate_to and policy.escalate_after_working_days are given together, one "
                             "number of working days per chat, e.g. [vhxh, chutich] and [2, 5]")
        return data
    if _PAIRED[1] in data:
        raise ValueError("policy: give escalate_after_working_days only; escalate_from_working_day is its old form")
    first = data[_OLD_ESCALATION]
    if isinstance(first, bool) or not isinstance(first, int) or not 1 <= first <= 366:
        raise ValueError(f"policy.escalate_from_working_day must be between 1 and 366, not {first!r}")
    mapped = {key: value for key, value in data.items() if key != _OLD_ESCALATION}
    chats = mapped.setdefault(_PAIRED[0], list(Policy.escalate_to))
    mapped[_PAIRED[1]] = [first - 1] * (len(chats) if isinstance(chats, list | tuple) else 1)
    return mapped


def _check_escalation(chats: tuple[str, ...], after: tuple[int, ...]) -> None:
    if len(chats) != len(after):
        raise ValueError(f"policy.escalate_after_working_days must give one number of working days for each chat of "
                         f"policy.escalate_to ({len(chats)} chats, {len(after)} numbers)")
    if any(not 0 <= n <= 366 for n in after):
        raise ValueError("policy.escalate_after_working_days: each number must be between 0 and 366")
    twice = [chat for chat in dict.fromkeys(chats) if chats.count(chat) > 1]
    if twice:
        raise ValueError(f"policy.escalate_to names {twice[0]!r} twice: each chat is told once")


class HasPolicy(Protocol):
    policy: Mapping[str, Any] | None  # the plan file's "policy:" section, as stored or as read


def policy_of(plan: HasPolicy) -> Policy:
    """A plan's policy (a stored plan, or a plan file as read): its own settings over the defaults."""
    return Policy.from_mapping(plan.policy or {})


def work_calendar(policy: Policy | None = None) -> WorkCalendar:
    """The working days, with the plan's own days off and worked Saturdays (policy.days_off,
    policy.working_days) when a policy is given; one calendar per set of extras, so that the holidays of
    each year are loaded once."""
    return _calendar(policy.days_off, policy.working_days) if policy else _calendar((), ())


@lru_cache(maxsize=32)
def _calendar(days_off: tuple, working_days: tuple) -> WorkCalendar:
    return WorkCalendar(extra_days_off=days_off, extra_working_days=working_days)


def meeting_day(policy: Policy, year: int, month: int, calendar: WorkCalendar | None = None) -> date:
    """The month's «giao ban»: the last day of the month on policy.meeting_weekday that is a working day of
    the plan's calendar; when none is (every such day off), the last working day before the month's last one."""
    cal = calendar or work_calendar(policy)
    last = date(year, month, monthrange(year, month)[1])
    latest = last - timedelta(days=(last.weekday() - policy.meeting_weekday) % 7)
    day = latest
    while day.month == month:
        if cal.is_working_day(day):
            return day
        day -= timedelta(days=7)
    return cal.previous_working_day(latest - timedelta(days=1))


_WIDEST_HOURS = (time(6, 0), time(20, 0))  # no plan's office opens earlier or closes later


def in_office_hours(now: datetime, policy: Policy) -> bool:
    """A working day of the plan's calendar, within its office hours: when its reminders may go out."""
    local = now.astimezone(ZoneInfo(policy.timezone))
    if not work_calendar(policy).is_working_day(local.date()):
        return False
    return policy.office_open <= local.time() <= policy.office_close


def in_widest_office_hours(now: datetime) -> bool:
    """A national working day, 06:00–20:00 in Vietnam: the reminder engine's own gate, which only keeps nights
    and days off quiet (each plan's own hours, and its worked Saturdays, are asked per plan)."""
    local = now.astimezone(VN)
    return work_calendar().is_working_day(local.date()) and _WIDEST_HOURS[0] <= local.time() <= _WIDEST_HOURS[1]


def _coerce(name: str, value: Any, default: Any) -> Any:
    """The value in the type of the field's default: a YAML file gives lists and strings."""
    if name in _DATE_LISTS:
        if not isinstance(value, list | tuple):
            raise ValueError(f"policy.{name} must be a list of dates \"YYYY-MM-DD\", not {value!r}")
        return tuple(sorted({_as_date(name, item) for item in value}))
    if isinstance(default, time):
        return _as_time(name, value)
    if isinstance(default, tuple):
        if not isinstance(value, list | tuple):
            raise ValueError(f"policy.{name} must be a list, not {value!r}")
        return tuple(_scalar(name, item, type(default[0])) for item in value)
    return _scalar(name, value, type(default))


def _as_date(name: str, value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):  # YAML reads an unquoted 2026-08-31 as a date
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f'policy.{name}: write each day as "YYYY-MM-DD", not {value!r}') from None


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
