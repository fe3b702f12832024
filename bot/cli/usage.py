"""`nhacviec usage`: the reminders sent per unit and per day, the busiest day, and each Zalo month projected
against ZALO_MONTHLY_BUDGET, so that an operator can size the quota (storage.usage counts, plan_data.usage
judges)."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.cli import texts
from bot.core.texts import day as shown_day
from bot.ops.settings import Settings
from plan_data.usage import busiest, days_of, months
from plan_data.zone import local_day
from storage.db import make_engine, make_sessions
from storage.models import Unit
from storage.usage import UnitDay, sent_per_unit_day

Clock = Callable[[], datetime]


def cmd_usage(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    first, last = days_of(local_day(clock()), args.days)
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        rows = sent_per_unit_day(session, first, last)
        query = select(Unit).where(Unit.id.in_({r.unit_id for r in rows} - {None})).options(selectinload(Unit.plan))
        units = {unit.id: unit for unit in session.scalars(query)}
    report = usage_report(rows, units, first, last, zalo_budget(settings))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print("\n".join(_lines(report)))
    return 0


def zalo_budget(settings: Settings) -> int:
    from bot.channels.zalo_channel import ZaloSettings

    return settings.channel(ZaloSettings).zalo_monthly_budget


def usage_report(rows: list[UnitDay], units: dict[int, Unit], first: date, last: date, budget: int) -> dict:
    """The counts as data (the JSON of `--json`): per platform, then per unit of it, each with its days."""
    by_platform: dict[str, list[UnitDay]] = defaultdict(list)
    for row in rows:
        by_platform[row.platform].append(row)
    return {"from": first.isoformat(), "to": last.isoformat(),
            "platforms": [_platform(name, found, units, first, last, budget) for name, found in sorted(by_platform.items())]}


def _platform(name: str, rows: list[UnitDay], units: dict[int, Unit], first: date, last: date, budget: int) -> dict:
    per_day: dict[date, int] = defaultdict(int)
    per_unit: dict[int | None, dict[date, int]] = defaultdict(dict)
    for row in rows:
        per_day[row.day] += row.sent
        per_unit[row.unit_id][row.day] = row.sent
    found = {"platform": name, "sent": sum(per_day.values()), "busiest": _busiest(per_day),
             "units": [_unit(units.get(unit_id), days, first, last) for unit_id, days in per_unit.items()]}
    if name == "zalo":
        found["months"] = [{"month": m.month, "days": m.days, "sent": m.sent, "projected": m.projected,
                            "budget": m.budget, "share": round(m.share, 4), "over": m.over}
                           for m in months(per_day, first, last, budget)]
    return found


def _unit(unit: Unit | None, days: dict[date, int], first: date, last: date) -> dict:
    sent = sum(days.values())
    return {"tenant": unit.plan.tenant if unit else None, "commune": unit.plan.commune if unit else None,
            "unit": unit.code if unit else None, "name": unit.name if unit else None, "sent": sent,
            "per_day": round(sent / ((last - first).days + 1), 2), "busiest": _busiest(days),
            "days": {day.isoformat(): count for day, count in sorted(days.items())}}


def _busiest(per_day: dict[date, int]) -> dict | None:
    found = busiest(per_day)
    return None if found is None else {"day": found[0].isoformat(), "sent": found[1]}


def _lines(report: dict) -> list[str]:
    first, last = (shown_day(date.fromisoformat(report[key])) for key in ("from", "to"))
    if not report["platforms"]:
        return [texts.USAGE_NONE.format(first=first, last=last)]
    lines = [texts.USAGE_HEADER.format(first=first, last=last)]
    for platform in report["platforms"]:
        most = platform["busiest"]
        lines.append(texts.USAGE_PLATFORM.format(platform=platform["platform"], sent=platform["sent"],
                                                 day=shown_day(date.fromisoformat(most["day"])), most=most["sent"]))
        for month in platform.get("months", ()):
            lines.append(texts.USAGE_MONTH.format(**{**month, "share": month["share"] * 100},
                                                  warning=texts.USAGE_OVER if month["over"] else ""))
        for unit in platform["units"]:
            lines.append(texts.USAGE_UNIT.format(commune=unit["commune"] or "—", unit=unit["name"] or texts.USAGE_NO_UNIT,
                                                 sent=unit["sent"], average=unit["per_day"],
                                                 day=shown_day(date.fromisoformat(unit["busiest"]["day"])),
                                                 most=unit["busiest"]["sent"]))
    return lines
