"""The `nhacviec` command: set up the database, read and load plans, show the schedule, run the bot."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from bot.cli.run import cmd_calendar, cmd_invite, cmd_report, cmd_run, cmd_simulate, cmd_status
from bot.cli.settings import Settings
from bot.core import texts
from plan_data import datafile
from plan_data.importer import BUNDLED_PLAN, read_plan
from plan_data.model import PlanError, PlanSpec, RowError
from plan_data.timeframe import NotUnderstood, Schedule, parse_timeframe
from plan_data.zone import VN
from storage.db import make_engine, make_sessions
from storage.loader import load_plan
from storage.models import Plan, Task
from storage.queries import PlanNotChosen, pick_plan, plan_tasks


def system_clock() -> datetime:
    return datetime.now(VN)  # clock


def main(argv: Sequence[str] | None = None, clock: Callable[[], datetime] = system_clock) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    try:
        return args.handler(args, settings, clock)
    except PlanNotChosen as problem:
        print(problem, file=sys.stderr)
        return 2
    except BrokenPipeError:  # `nhacviec schedule | head`
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nhacviec", description="Nhắc việc CCHC: theo dõi kế hoạch CCHC của xã.")
    commands = parser.add_subparsers(required=True, metavar="LỆNH")
    init = commands.add_parser("init", help="tạo cơ sở dữ liệu và nạp kế hoạch mẫu")
    init.add_argument("--plan", type=Path, default=BUNDLED_PLAN, help="tệp kế hoạch nạp khi chưa có kế hoạch nào")
    init.set_defaults(handler=cmd_init)

    plan = commands.add_parser("plan", help="đọc, kiểm tra, nạp kế hoạch").add_subparsers(required=True, metavar="VIỆC")
    check = plan.add_parser("check", help="đọc tệp và báo lỗi, không ghi gì")
    check.add_argument("file", type=Path)
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=cmd_plan_check)
    load = plan.add_parser("import", help="nạp (hoặc cập nhật) kế hoạch vào cơ sở dữ liệu")
    load.add_argument("file", type=Path)
    load.add_argument("--commune", help="tên xã của kế hoạch này, nếu khác tên trong tệp (một tệp mẫu cho nhiều xã)")
    load.set_defaults(handler=cmd_plan_import)
    export = plan.add_parser("export", help="chuyển tệp .txt/.docx thành tệp dữ liệu YAML sửa được")
    export.add_argument("file", type=Path)
    export.add_argument("--out", type=Path, required=True)
    export.set_defaults(handler=cmd_plan_export)
    show = plan.add_parser("show", help="in kế hoạch đã nạp")
    _add_commune(show)
    show.set_defaults(handler=cmd_plan_show)

    schedule = commands.add_parser("schedule", help="mọi nhiệm vụ với đơn vị, loại hạn và các ngày đến hạn")
    schedule.add_argument("--json", action="store_true")
    _add_commune(schedule)
    schedule.set_defaults(handler=cmd_schedule)

    when = commands.add_parser("when", help="xem cách hiểu một cách ghi thời hạn, ví dụ \"Quý I/2026\"")
    when.add_argument("expression")
    when.add_argument("--year", type=int, default=None)
    when.add_argument("--json", action="store_true")
    when.set_defaults(handler=cmd_when)

    run = commands.add_parser("run", help="chạy bot (Telegram nếu có token, không thì trò chuyện trên cửa sổ lệnh)")
    run.add_argument("--console", action="store_true", help="trò chuyện trên cửa sổ lệnh dù có token Telegram")
    run.add_argument("--as", dest="as_unit", metavar="ĐƠN_VỊ", help="mã đơn vị hoặc vai trò, ví dụ hcc, chutich")
    _add_commune(run)
    run.set_defaults(handler=cmd_run)

    invite = commands.add_parser("invite", help="cấp mã liên kết một nhóm chat với một đơn vị (7 ngày, một lần)")
    invite.add_argument("unit", help="mã đơn vị hoặc vai trò, ví dụ hcc, chutich")
    invite.add_argument("--json", action="store_true")
    _add_commune(invite)
    invite.set_defaults(handler=cmd_invite)

    status = commands.add_parser("status", help="trạng thái mọi nhiệm vụ")
    status.add_argument("--json", action="store_true")
    _add_commune(status)
    status.set_defaults(handler=cmd_status)
    simulate = commands.add_parser("simulate", help="mọi tin nhắc sẽ gửi trong một khoảng ngày (đồng hồ ảo)")
    simulate.add_argument("--from", dest="start", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    simulate.add_argument("--to", dest="end", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    simulate.add_argument("--json", action="store_true", help="một dòng JSON cho mỗi tin")
    simulate.add_argument("--done-on-due", action="store_true", help="coi mọi việc xong đúng ngày đến hạn")
    _add_commune(simulate)
    simulate.set_defaults(handler=cmd_simulate)

    report = commands.add_parser("report", help="báo cáo kết quả thực hiện kế hoạch (.xlsx; với --docx cả .docx)")
    period = report.add_mutually_exclusive_group()
    period.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="quý 1–4 (mặc định: quý hiện tại)")
    period.add_argument("--half", type=int, choices=(1, 2), help="6 tháng: 1 đầu năm, 2 cuối năm")
    period.add_argument("--year", dest="whole_year", action="store_true", help="báo cáo cả năm")
    report.add_argument("--docx", action="store_true", help="cả bản Word theo thể thức Nghị định 30/2020/NĐ-CP")
    report.add_argument("--as-of", type=date.fromisoformat, help="số liệu tính đến ngày YYYY-MM-DD")
    report.add_argument("--out", type=Path, help="tên tệp .xlsx")
    _add_commune(report)
    report.set_defaults(handler=cmd_report)

    ics = commands.add_parser("calendar", help="lịch hạn các nhiệm vụ (.ics) cho Google Calendar, Outlook")
    ics.add_argument("--out", type=Path, help="tên tệp .ics")
    _add_commune(ics)
    ics.set_defaults(handler=cmd_calendar)
    return parser


def _add_commune(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--commune", help="tên xã, khi cơ sở dữ liệu có nhiều kế hoạch")


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
    spec = _read_or_report(args.plan)
    if spec is None:
        return 1
    with make_sessions(engine).begin() as session:
        load_plan(session, spec, clock())
    print(texts.INIT_LOADED.format(commune=spec.commune, year=spec.year, tasks=len(spec.tasks)))
    return 0


def _read_or_report(path: Path, as_json: bool = False) -> PlanSpec | None:
    """The plan in the file, or None after saying (in Vietnamese, or as JSON) why it was refused."""
    try:
        return read_plan(path)
    except OSError as problem:  # missing, a folder, unreadable
        errors = [RowError(0, "", f"không đọc được tệp {path}: {problem.strerror or problem}")]
    except PlanError as refused:
        errors = list(refused.errors)
    if as_json:
        print(json.dumps({"ok": False, "errors": [{"row": e.row, "task": e.task, "message": e.message}
                                                  for e in errors]}, ensure_ascii=False, indent=2))
        return None
    print(texts.PLAN_REFUSED.format(count=len(errors)), file=sys.stderr)
    for error in errors:
        print(f"  {error}", file=sys.stderr)
    return None


def cmd_plan_check(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    spec = _read_or_report(args.file, args.json)
    if spec is None:
        return 1
    if args.json:
        print(json.dumps({"ok": True, "commune": spec.commune, "year": spec.year,
                          "tasks": [schedule_row(t.number, t.responsible, t.schedule) for t in spec.tasks]},
                         ensure_ascii=False, indent=2))
        return 0
    body = sum(1 for t in spec.tasks if t.source != "appendix")
    print(texts.PLAN_CHECK_OK.format(commune=spec.commune, year=spec.year, tasks=len(spec.tasks),
                                     appendix=len(spec.tasks) - body, body=body))
    for task in spec.tasks:
        print(f"  {task.number:>8}  {task.responsible:<6} {task.schedule.kind.value:<9} "
              f"{', '.join(texts.day(d) for d in task.schedule.due) or '—'}  «{task.time_expression}»")
    return 0


def cmd_plan_import(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    spec = _read_or_report(args.file)
    if spec is None:
        return 1
    if args.commune:
        spec = spec.for_commune(args.commune.strip())
    from storage.migrate import upgrade

    engine = make_engine(settings.database_url)
    upgrade(engine)
    with make_sessions(engine).begin() as session:
        summary = load_plan(session, spec, clock())
    print(texts.PLAN_IMPORTED.format(commune=spec.commune, year=spec.year, created=len(summary.created),
                                     updated=len(summary.updated), unchanged=len(summary.unchanged),
                                     retired=len(summary.retired)))
    return 0


def cmd_plan_export(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    spec = _read_or_report(args.file)
    if spec is None:
        return 1
    args.out.write_text(datafile.dump(spec), encoding="utf-8")
    print(f"Đã ghi {args.out} ({len(spec.tasks)} nhiệm vụ)")
    return 0


def cmd_plan_show(args: argparse.Namespace, settings: Settings, clock: Callable[[], datetime]) -> int:
    with make_sessions(make_engine(settings.database_url)).begin() as session:
        plan = pick_plan(session, args.commune)
        print(plan.title or f"Kế hoạch CCHC {plan.commune} năm {plan.year}")
        if plan.decision:
            print(f"({plan.decision})")
        section = None
        for task in plan_tasks(session, plan):
            if task.section != section:
                section = task.section
                print(f"\n{section}. {plan.sections.get(section, '')}")
            print(f"  {task.number:>8}  {texts.short_title(task.content)}")
            print(f"            chủ trì: {task.lead_text} · thời gian: {task.time_expression}")
    return 0


def schedule_row(number: str, lead: str, schedule: Schedule) -> dict[str, object]:
    start = schedule.start
    return {"task": number, "lead": lead, "kind": schedule.kind.value,
            "start": start.isoformat() if start else None, "due": [d.isoformat() for d in schedule.due]}


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
                          "event_offset_days": schedule.event_offset_days}, ensure_ascii=False, indent=2))
        return 0
    print(f"«{schedule.expression}» → {texts.KIND_NAMES[schedule.kind.value]}")
    for occurrence in schedule.occurrences:
        opens = f"từ {texts.day(occurrence.opens)} " if occurrence.opens else ""
        label = f"{occurrence.label}: " if occurrence.label else ""
        print(f"  {label}{opens}hạn {texts.day_with_weekday(occurrence.due)}")
    if schedule.event_offset_days:
        print(f"  hạn = ngày sự kiện + {schedule.event_offset_days} ngày")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
