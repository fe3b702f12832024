"""Every `nhacviec` command and its arguments, in one table: words, Vietnamese help, handler."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.args import Parser, commune_name, whole_number
from bot.cli.directives import cmd_giao
from bot.cli.files import cmd_calendar, cmd_chart, cmd_report
from bot.cli.plans import cmd_plan_check, cmd_plan_export, cmd_plan_import, cmd_plan_show
from bot.cli.run import cmd_invite, cmd_run, cmd_simulate, cmd_status
from bot.cli.schedule import cmd_init, cmd_schedule, cmd_when
from bot.cli.tenants import add_tenant_commands
from bot.cli.upkeep import add_ops_commands
from bot.cli.usage import cmd_usage
from bot.ops.moments import cli_date, cli_moment
from plan_data.readers.importer import BUNDLED_PLAN

Commands = argparse._SubParsersAction
PEOPLE_MAX = 200  # officers of one unit: a larger number is a typing mistake
DEMO_HELP = ("chạy như vào ngày giờ đó (dd/mm/yyyy hoặc \"dd/mm/yyyy HH:MM\"; không ghi giờ là 08:00), trên cơ sở "
             "dữ liệu thử riêng (var/nhacviec-thu.db)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="nhacviec", description="Nhắc việc CCHC: theo dõi kế hoạch CCHC của xã.")
    commands = parser.add_subparsers(required=True, metavar="LỆNH", title="lệnh", dest="command")
    init = commands.add_parser("init", help="tạo cơ sở dữ liệu và nạp kế hoạch mẫu")
    init.add_argument("--plan", type=Path, default=BUNDLED_PLAN, metavar="TỆP", help="tệp kế hoạch nạp khi chưa có kế hoạch nào")
    _add_demo(init)
    init.set_defaults(handler=cmd_init)
    _plan_commands(commands)
    _directive_command(commands)
    _reading_commands(commands)
    _chat_commands(commands)
    _file_commands(commands)
    add_ops_commands(commands)  # issue 17: backup, restore, doctor (bot/cli/upkeep.py)
    add_tenant_commands(commands)  # issue 28: nhacviec tenant list | assign (bot/cli/tenants.py)
    return parser


def _plan_commands(commands: Commands) -> None:
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
    load.add_argument("--tenant", metavar="MÃ", help="kế hoạch thuộc tỉnh (tenant) này, mã trong NHACVIEC_TENANTS_FILE")
    load.set_defaults(handler=cmd_plan_import)
    export = plan.add_parser("export", help="chuyển tệp .txt/.docx/.pdf thành tệp dữ liệu YAML sửa được (cả bảng đơn vị)")
    _add_plan_file(export)
    export.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp .yaml sẽ ghi")
    export.set_defaults(handler=cmd_plan_export)
    show = plan.add_parser("show", help="in kế hoạch đã nạp")
    _add_commune(show)
    _add_demo(show)
    show.set_defaults(handler=cmd_plan_show)


def _directive_command(commands: Commands) -> None:
    giao = commands.add_parser("giao", help="giao các nhiệm vụ trong bảng của một văn bản chỉ đạo (.docx, .pdf, .txt) "
                                            "thành nhiệm vụ được giao G1, G2 … của kế hoạch")
    giao.add_argument("file", type=Path, metavar="TỆP", help="văn bản chỉ đạo có bảng nhiệm vụ: .docx, .pdf hoặc .txt")
    _add_commune(giao)
    giao.add_argument("--year", type=int, metavar="NĂM", help="năm để đọc thời hạn không ghi năm (mặc định: năm kế hoạch)")
    giao.add_argument("--van-ban", dest="document", metavar="SỐ", default="",
                      help="số, ký hiệu văn bản ghi vào nhiệm vụ (mặc định: «Số: …» ở đầu văn bản, không có thì tên tệp)")
    giao.add_argument("--no-backup", action="store_true", help="không tự sao lưu dữ liệu hiện có trước khi giao")
    _add_demo(giao)
    giao.set_defaults(handler=cmd_giao)


def _reading_commands(commands: Commands) -> None:
    schedule = commands.add_parser("schedule", help="mọi nhiệm vụ với đơn vị, loại hạn và các ngày đến hạn")
    schedule.add_argument("--json", action="store_true", help="in dạng JSON")
    _add_commune(schedule)
    _add_demo(schedule)
    schedule.set_defaults(handler=cmd_schedule)
    when = commands.add_parser("when", help="xem cách hiểu một cách ghi thời hạn, ví dụ \"Quý I/2026\"")
    when.add_argument("expression", metavar="THỜI_HẠN", help="cách ghi thời hạn, trong ngoặc kép")
    when.add_argument("--year", type=int, default=None, metavar="NĂM", help="năm kế hoạch (mặc định: năm nay)")
    when.add_argument("--json", action="store_true", help="in dạng JSON")
    _add_demo(when)
    when.set_defaults(handler=cmd_when)


def _chat_commands(commands: Commands) -> None:
    run = commands.add_parser("run", help="chạy bot (Telegram nếu có token, không thì trò chuyện trên cửa sổ lệnh)")
    run.add_argument("--console", action="store_true", help="trò chuyện trên cửa sổ lệnh dù có token Telegram")
    run.add_argument("--as", dest="as_unit", metavar="ĐƠN_VỊ", help="mã đơn vị hoặc vai trò, ví dụ hcc, chutich")
    _add_commune(run)
    _add_demo(run, "trò chuyện như vào ngày giờ đó (dd/mm/yyyy hoặc \"dd/mm/yyyy HH:MM\"; không ghi giờ là 08:00): "
                   "hiện các tin nhắc nhóm đã nhận sáng hôm đó; trên cơ sở dữ liệu thử riêng; không dùng cho bot")
    run.set_defaults(handler=cmd_run)
    invite = commands.add_parser("invite", help="cấp mã liên kết một nhóm chat với một đơn vị (7 ngày, một lần)")
    invite.add_argument("unit", metavar="ĐƠN_VỊ", help="mã đơn vị hoặc vai trò, ví dụ hcc, chutich")
    invite.add_argument("--people", type=whole_number(1, PEOPLE_MAX), metavar="SỐ_NGƯỜI",
                        help="một mã cho cả đơn vị: mỗi cán bộ gõ trong chat riêng với bot, tối đa SỐ_NGƯỜI người "
                             "(không dùng cho nhóm)")
    invite.add_argument("--json", action="store_true", help="in dạng JSON")
    _add_commune(invite)
    invite.set_defaults(handler=cmd_invite)
    usage = commands.add_parser("usage", help="số tin nhắc đã gửi theo đơn vị và ngày, ngày nhiều nhất, ước tin Zalo "
                                              "cả tháng so với ZALO_MONTHLY_BUDGET")
    usage.add_argument("--days", type=whole_number(1, 366), default=30, metavar="SỐ_NGÀY",
                       help="số ngày tính đến hôm nay (mặc định 30)")
    usage.add_argument("--json", action="store_true", help="in dạng JSON")
    usage.set_defaults(handler=cmd_usage)
    status = commands.add_parser("status", help="trạng thái mọi nhiệm vụ")
    status.add_argument("--json", action="store_true", help="in dạng JSON, kèm các lượt được tính của năm")
    _add_commune(status)
    _add_demo(status)
    status.set_defaults(handler=cmd_status)
    simulate = commands.add_parser("simulate", help="mọi tin nhắc sẽ gửi trong một khoảng ngày (đồng hồ ảo)")
    simulate.add_argument("--from", dest="start", type=cli_date, required=True, metavar="NGÀY", help="ngày đầu, dd/mm/yyyy")
    simulate.add_argument("--to", dest="end", type=cli_date, required=True, metavar="NGÀY", help="ngày cuối, dd/mm/yyyy")
    simulate.add_argument("--json", action="store_true", help="một dòng JSON cho mỗi tin")
    simulate.add_argument("--brief", action="store_true", help="mỗi tin một dòng: giờ, nhóm, nhiệm vụ, loại nhắc")
    simulate.add_argument("--done-on-due", action="store_true", help="coi mọi việc xong đúng ngày đến hạn")
    _add_commune(simulate)
    simulate.set_defaults(handler=cmd_simulate, takes_demo=True)  # NHACVIEC_TODAY: on the demo database


def _file_commands(commands: Commands) -> None:
    report = commands.add_parser("report", help="báo cáo kết quả thực hiện kế hoạch: văn bản Word (.docx) và bảng tính (.xlsx)")
    period = report.add_mutually_exclusive_group()
    period.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), metavar="QUÝ", help="quý 1–4 (mặc định: quý hiện tại)")
    period.add_argument("--half", type=int, choices=(1, 2), metavar="NỬA_NĂM", help="6 tháng: 1 đầu năm, 2 cuối năm")
    period.add_argument("--year", dest="whole_year", action="store_true", help="báo cáo cả năm")
    report.add_argument("--out", type=Path, metavar="TỆP",
                        help="một tệp, dạng theo đuôi: .docx (văn bản Word theo Nghị định 30/2020/NĐ-CP) hoặc .xlsx "
                             "(bảng tính); không ghi thì ghi cả hai ở thư mục hiện tại, tên có xã và kỳ báo cáo")
    report.add_argument("--docx", action="store_true", help="với --out tệp .xlsx: ghi thêm bản Word cùng tên bên cạnh")
    report.add_argument("--as-of", type=cli_date, metavar="NGÀY", help="số liệu tính đến ngày (dd/mm/yyyy)")
    _add_commune(report)
    _add_demo(report)
    report.set_defaults(handler=cmd_report)
    ics = commands.add_parser("calendar", help="lịch hạn các nhiệm vụ (.ics) cho Google Calendar, Outlook")
    ics.add_argument("--out", type=Path, metavar="TỆP", help="tên tệp .ics (mặc định: lich-cchc-<xã>-<năm>.ics)")
    _add_commune(ics)
    _add_demo(ics)
    ics.set_defaults(handler=cmd_calendar)
    chart = commands.add_parser("chart", help="biểu đồ tiến độ cả kế hoạch (.png), như «tổng hợp» trong nhóm chat")
    chart.add_argument("--out", type=Path, metavar="TỆP", help="tên tệp .png (mặc định: tien-do-cchc-<xã>-<ngày>.png)")
    _add_commune(chart)
    _add_demo(chart)
    chart.set_defaults(handler=cmd_chart)


def _add_plan_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="TỆP", help="kế hoạch: .txt, .docx, .pdf hoặc tệp dữ liệu .yaml")
    parser.add_argument("--commune", type=commune_name, metavar="TÊN",
                        help="tên của kế hoạch (xã, cơ quan), nếu văn bản không ghi hoặc khác (một tệp mẫu cho nhiều xã)")
    parser.add_argument("--year", type=int, metavar="NĂM", help="năm kế hoạch, nếu văn bản không ghi")
    parser.add_argument("--units", type=Path, metavar="TỆP", help="tệp đơn vị (YAML, mục units:) để cố định mã đơn vị")
    _add_demo(parser)


def _add_commune(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--commune", metavar="XÃ", help="tên xã, khi cơ sở dữ liệu có nhiều kế hoạch")


def _add_demo(parser: argparse.ArgumentParser, help: str = DEMO_HELP) -> None:
    """--date, and NHACVIEC_TODAY, for the commands that read or change a plan (bot/cli/demo.py)."""
    parser.add_argument("--date", type=cli_moment, metavar="NGÀY_GIỜ", help=help)
    parser.set_defaults(takes_demo=True)
