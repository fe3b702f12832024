"""The `nhacviec` command: set up the database, read and load plans, show the schedule, run the bot."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.cli.args import Parser, cli_date, commune_name
from bot.cli.clock import demo_clock, system_clock
from bot.cli.ops import add_ops_commands
from bot.cli.plans import (
    cmd_plan_check,
    cmd_plan_export,
    cmd_plan_import,
    cmd_plan_show,
    read_or_report,
    schedule_row,
)
from bot.cli.run import cmd_calendar, cmd_invite, cmd_report, cmd_run, cmd_simulate, cmd_status
from bot.cli.settings import Settings
from bot.core import texts
from plan_data.importer import BUNDLED_PLAN, read_plan
from plan_data.timeframe import NotUnderstood, parse_timeframe
from storage.db import demo_url, make_engine, make_sessions
from storage.loader import load_plan
from storage.models import Plan, Task
from storage.queries import PlanNotChosen, pick_plan, plan_tasks
from storage.revisions import UnknownRevision, shown

DEMO_COMMANDS = ("run", "simulate", "init")  # the console chat and simulate take a demo date (init: make run)


def main(argv: Sequence[str] | None = None, clock: Callable[[], datetime] = system_clock) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as problem:  # a value in the environment or .env that cannot be read
        fields = ", ".join(str(e["loc"][0]) for e in problem.errors() if e.get("loc"))
        print(texts.BAD_SETTING.format(fields=fields or "?"), file=sys.stderr)
        return 2
    demo = getattr(args, "date", None) or settings.demo_today
    if demo is not None:
        if args.command not in DEMO_COMMANDS:
            print(texts.DEMO_ONLY_CONSOLE, file=sys.stderr)
            return 2
        clock = demo_clock(demo, clock)
        args.demo = True
        # a demo's changes and reminders never reach the database real chats are served from
        settings = settings.model_copy(update={"database_url": demo_url(settings.database_url)})
        if args.command != "init":
            _ensure_demo_database(settings, clock)
    try:
        return args.handler(args, settings, clock)
    except PlanNotChosen as problem:
        print(problem, file=sys.stderr)
        return 2
    except UnknownRevision as problem:  # a database from a newer nhacviec, or a restored copy of one
        print(texts.DATABASE_UNKNOWN_REVISION.format(revision=shown(problem.revision), head=problem.head),
              file=sys.stderr)
        return 2
    except (OperationalError, ProgrammingError) as problem:  # no tables yet: `init` was never run on it
        if "no such table" not in str(problem) and "does not exist" not in str(problem):
            raise
        print(texts.DATABASE_EMPTY.format(url=make_url(settings.database_url).render_as_string(hide_password=True)),
              file=sys.stderr)
        return 2
    except BrokenPipeError:  # `nhacviec schedule | head`
        return 0


def _ensure_demo_database(settings: Settings, clock: Callable[[], datetime]) -> None:
    """The demo's own database, set up with the bundled plan the first time it is used."""
    from storage.migrate import upgrade

    engine = make_engine(settings.database_url)
    upgrade(engine)
    with make_sessions(engine).begin() as session:
        empty = session.scalars(select(Plan).limit(1)).first() is None
    if empty:
        with make_sessions(engine).begin() as session:
            load_plan(session, read_plan(BUNDLED_PLAN), clock())
    engine.dispose()


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="nhacviec", description="Nhắc việc CCHC: theo dõi kế hoạch CCHC của xã.")
    commands = parser.add_subparsers(required=True, metavar="LỆNH", title="lệnh", dest="command")
    init = commands.add_parser("init", help="tạo cơ sở dữ liệu và nạp kế hoạch mẫu")
    init.add_argument("--plan", type=Path, default=BUNDLED_PLAN, metavar="TỆP", help="tệp kế hoạch nạp khi chưa có kế hoạch nào")
    init.set_defaults(handler=cmd_init)

    plan = commands.add_parser("plan", help="đọc, kiểm tra, nạp kế hoạch").add_subparsers(required=True, metavar="VIỆC")
    check = plan.add_parser("check", help="đọc tệp và báo mọi lỗi, in bảng đơn vị; không ghi gì")
    _add_plan_file(check)
    check.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    check.set_defaults(handler=cmd_plan_check)
    load = plan.add_parser("import", help="nạp (hoặc cập nhật) kế hoạch vào cơ sở dữ liệu")
    _add_plan_file(load)
    load.add_argument("--no-backup", action="store_true", help="không tự sao lưu dữ liệu hiện có trước khi nạp")
    load.add_argument("--apply", action="store_true",
                      help="nạp dù có nhiệm vụ đã có lịch sử bị bỏ hoặc đổi số (xem danh sách thay đổi trước)")
    load.add_argument("--accept-units", action="store_true",
                      help="tạo các đơn vị chưa biết với mã đề xuất (xem «plan check»); không có thì không nạp")
    load.set_defaults(handler=cmd_plan_import)
    export = plan.add_parser("export", help="chuyển tệp .txt/.docx/.pdf thành tệp dữ liệu YAML sửa được (cả bảng đơn vị)")
    _add_plan_file(export)
    export.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp YAML sẽ ghi")
    export.set_defaults(handler=cmd_plan_export)
    show = plan.add_parser("show", help="in kế hoạch đã nạp")
    _add_commune(show)
    show.set_defaults(handler=cmd_plan_show)

    schedule = commands.add_parser("schedule", help="mọi nhiệm vụ với đơn vị, loại hạn và các ngày đến hạn")
    schedule.add_argument("--json", action="store_true", help="in dạng JSON")
    _add_commune(schedule)
    schedule.set_defaults(handler=cmd_schedule)

    when = commands.add_parser("when", help="xem cách hiểu một cách ghi thời hạn, ví dụ \"Quý I/2026\"")
    when.add_argument("expression", metavar="THỜI_HẠN", help="cách ghi thời hạn, trong ngoặc kép")
    when.add_argument("--year", type=int, default=None, metavar="NĂM", help="năm kế hoạch (mặc định: năm nay)")
    when.add_argument("--json", action="store_true", help="in dạng JSON")
    when.set_defaults(handler=cmd_when)

    run = commands.add_parser("run", help="chạy bot (Telegram nếu có token, không thì trò chuyện trên cửa sổ lệnh)")
    run.add_argument("--console", action="store_true", help="trò chuyện trên cửa sổ lệnh dù có token Telegram")
    run.add_argument("--date", type=cli_date, metavar="NGÀY",
                     help="thử cửa sổ lệnh như vào ngày đó (dd/mm/yyyy), giờ chạy tiếp từ lúc mở; không dùng cho bot")
    run.add_argument("--as", dest="as_unit", metavar="ĐƠN_VỊ", help="mã đơn vị hoặc vai trò, ví dụ hcc, chutich")
    _add_commune(run)
    run.set_defaults(handler=cmd_run)

    invite = commands.add_parser("invite", help="cấp mã liên kết một nhóm chat với một đơn vị (7 ngày, một lần)")
    invite.add_argument("unit", metavar="ĐƠN_VỊ", help="mã đơn vị hoặc vai trò, ví dụ hcc, chutich")
    invite.add_argument("--json", action="store_true", help="in dạng JSON")
    _add_commune(invite)
    invite.set_defaults(handler=cmd_invite)

    status = commands.add_parser("status", help="trạng thái mọi nhiệm vụ")
    status.add_argument("--json", action="store_true", help="in dạng JSON, kèm các lượt được tính của năm")
    _add_commune(status)
    status.set_defaults(handler=cmd_status)
    simulate = commands.add_parser("simulate", help="mọi tin nhắc sẽ gửi trong một khoảng ngày (đồng hồ ảo)")
    simulate.add_argument("--from", dest="start", type=cli_date, required=True, metavar="NGÀY", help="ngày đầu, dd/mm/yyyy")
    simulate.add_argument("--to", dest="end", type=cli_date, required=True, metavar="NGÀY", help="ngày cuối, dd/mm/yyyy")
    simulate.add_argument("--json", action="store_true", help="một dòng JSON cho mỗi tin")
    simulate.add_argument("--brief", action="store_true", help="mỗi tin một dòng: giờ, nhóm, nhiệm vụ, loại nhắc")
    simulate.add_argument("--done-on-due", action="store_true", help="coi mọi việc xong đúng ngày đến hạn")
    _add_commune(simulate)
    simulate.set_defaults(handler=cmd_simulate)

    report = commands.add_parser("report", help="báo cáo kết quả thực hiện kế hoạch (.xlsx; với --docx cả .docx)")
    period = report.add_mutually_exclusive_group()
    period.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="quý 1–4 (mặc định: quý hiện tại)")
    period.add_argument("--half", type=int, choices=(1, 2), help="6 tháng: 1 đầu năm, 2 cuối năm")
    period.add_argument("--year", dest="whole_year", action="store_true", help="báo cáo cả năm")
    report.add_argument("--docx", action="store_true", help="cả bản Word theo thể thức Nghị định 30/2020/NĐ-CP")
    report.add_argument("--as-of", type=cli_date, metavar="NGÀY", help="số liệu tính đến ngày (dd/mm/yyyy)")
    report.add_argument("--out", type=Path, metavar="TỆP", help="tên tệp .xlsx")
    _add_commune(report)
    report.set_defaults(handler=cmd_report)

    ics = commands.add_parser("calendar", help="lịch hạn các nhiệm vụ (.ics) cho Google Calendar, Outlook")
    ics.add_argument("--out", type=Path, metavar="TỆP", help="tên tệp .ics")
    _add_commune(ics)
    ics.set_defaults(handler=cmd_calendar)
    add_ops_commands(commands)  # issue 17: backup, restore, doctor (bot/cli_ops.py)
    return parser


def _add_plan_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="TỆP", help="kế hoạch: .txt, .docx, .pdf hoặc tệp dữ liệu .yaml")
    parser.add_argument("--commune", type=commune_name, metavar="TÊN",
                        help="tên của kế hoạch (xã, cơ quan), nếu văn bản không ghi hoặc khác (một tệp mẫu cho nhiều xã)")
    parser.add_argument("--year", type=int, metavar="NĂM", help="năm kế hoạch, nếu văn bản không ghi")
    parser.add_argument("--units", type=Path, metavar="TỆP", help="tệp đơn vị (YAML, mục units:) để cố định mã đơn vị")


def _add_commune(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--commune", metavar="XÃ", help="tên xã, khi cơ sở dữ liệu có nhiều kế hoạch")


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


if __name__ == "__main__":
    raise SystemExit(main())
