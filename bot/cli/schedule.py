"""`nhacviec init`, `schedule` and `when`: the database set up, the plan's dates as loaded, and how a
deadline as written is read."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from bot.cli.plans import read_or_report, schedule_row
from bot.core import texts
from bot.ops.settings import Settings
from plan_data.grammar.frame import NotUnderstood, parse_timeframe
from storage.db import make_engine, make_sessions
from storage.loader import load_plan
from storage.models import Plan, Task
from storage.queries import pick_plan, plan_tasks


def cmd_init(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    from storage.migrate import upgrade  # alembic: only for the commands that change the schema

    engine = make_engine(settings.database_url)
    upgrade(engine)
    print(texts.INIT_DONE.format(url=engine.url.render_as_string(hide_password=True)))
    with make_sessions(engine).begin() as session:
        existing = session.scalars(select(Plan).limit(1)).first()
        if existing is not None:
            print(texts.INIT_KEPT.format(commune=existing.commune, year=existing.year))
            return 0
    spec = read_or_report(args.plan)
    if spec is None:
        return 1
    with make_sessions(engine).begin() as session:
        load_plan(session, spec, clock())
    print(texts.INIT_LOADED.format(commune=spec.commune, year=spec.year, tasks=len(spec.tasks)))
    return 0


def task_schedule_row(task: Task) -> dict[str, object]:
    """The same row from the database: dates as they stand now (an event's date once it is set)."""
    live = [o for o in task.occurrences if not o.retired]
    start = live[0].opens if live and task.kind in ("window", "ongoing") else None
    return {"task": task.number, "lead": task.responsible.code, "kind": task.kind,
            "start": start.isoformat() if start else None, "due": [o.due.isoformat() for o in live if o.due]}


def cmd_schedule(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        rows = [task_schedule_row(t) for t in plan_tasks(session, pick_plan(session, args.commune))]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(texts.SCHEDULE_HEADER)
    for row in rows:
        dues = ", ".join(texts.day(datetime.fromisoformat(d).date()) for d in row["due"]) or "chưa có ngày"
        start = texts.day(datetime.fromisoformat(row["start"]).date()) + " → " if row["start"] else ""
        print(f"{row['task']:>8}  {row['lead']:<6} {texts.KIND_NAMES[row['kind']]:<22} {start}{dues}")
    return 0


def cmd_when(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    year = args.year or clock().year
    try:
        schedule = parse_timeframe(args.expression, year)
    except NotUnderstood as problem:
        print(json.dumps({"ok": False, "error": str(problem)}, ensure_ascii=False) if args.json else str(problem))
        return 1
    if args.json:
        print(json.dumps({"ok": True, **schedule_row("", "", schedule),
                          "occurrences": [{"label": o.label, "opens": o.opens and o.opens.isoformat(),
                                           "due": o.due and o.due.isoformat()} for o in schedule.occurrences],
                          "event_offset_days": schedule.event_offset_days, "note": schedule.note,
                          "state": schedule.state},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"«{schedule.expression}» → {texts.KIND_NAMES.get(schedule.kind.value, 'chưa rõ thời hạn')}")
    if schedule.state:
        print("  " + {"done": "việc đã xong: nạp là đã hoàn thành, giữ ô này làm ghi chú",
                      "under-way": "việc đang làm, chưa có hạn"}.get(schedule.state, schedule.state))
    for occurrence in schedule.occurrences:
        opens = f"từ {texts.day(occurrence.opens)} " if occurrence.opens else ""
        label = f"{occurrence.label}: " if occurrence.label else ""
        print(f"  {label}{opens}hạn {texts.day_with_weekday(occurrence.due)}")
    if schedule.event_offset_days:
        print(f"  hạn = ngày sự kiện + {schedule.event_offset_days} ngày")
    if schedule.note:
        print(f"  phần còn lại, giữ nguyên văn, không thành ngày: «{schedule.note}»")
    return 0
