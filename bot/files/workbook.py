"""The quarterly CCHC report as an Excel workbook, laid out like a Vietnamese administrative table."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.core import texts
from plan_data.figures import Counts, Figures, ReportRow
from plan_data.zone import VN
from storage.models import Plan

COLUMNS = (  # (header, width): the appendix's own columns, then what the report adds
    ("TT", 6), ("Nội dung công việc", 48), ("Cơ quan chủ trì", 20), ("Cơ quan phối hợp", 22),
    ("Thời gian thực hiện/hoàn thành", 18), ("Sản phẩm", 22), ("Trạng thái", 15), ("Ngày hoàn thành", 12),
    ("Đúng/trễ hạn", 11), ("Tiến độ (%)", 9), ("Ghi chú", 24), ("Minh chứng", 18),
)
SUMMARY_COLUMNS = ("Đúng hạn", "Trễ hạn", "Đang thực hiện", "Chưa bắt đầu", "Quá hạn", "Chờ sự kiện", "Chờ duyệt",
                   "Tổng")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True, size=12)
NORMAL = Font(name="Times New Roman", size=12)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
SECTION_FILL = PatternFill("solid", fgColor="EDEDED")


def quarterly_workbook(plan: Plan, rows: list[ReportRow], summary: Figures, as_of: date, quarter: int | None,
                       unit_names: dict[str, str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    period = f"quý {quarter}/{plan.year}" if quarter else f"năm {plan.year}"
    start = _title(sheet, f"KẾT QUẢ THỰC HIỆN KẾ HOẠCH CCHC {plan.commune.upper()} {period.upper()}",
                   f"(Số liệu tính đến ngày {texts.day(as_of)})", len(COLUMNS))
    _task_sheet(sheet, plan, rows, start)
    totals = workbook.create_sheet("Tổng hợp")
    start = _title(totals, f"TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH CCHC {period.upper()}",
                   f"(Số liệu tính đến ngày {texts.day(as_of)})", len(SUMMARY_COLUMNS) + 1)
    _summary_sheet(totals, plan, summary, unit_names, start)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _title(sheet: Worksheet, title: str, subtitle: str, width: int) -> int:
    for row, (text, font) in enumerate(((title, BOLD), (subtitle, Font(name="Times New Roman", italic=True))), 1):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row, 1, text)
        cell.font, cell.alignment = font, CENTER
    return 4


def _header(sheet: Worksheet, row: int, headers: list[str]) -> None:
    for column, header in enumerate(headers, 1):
        cell = sheet.cell(row, column, header)
        cell.font, cell.alignment, cell.border = BOLD, CENTER, BORDER
    sheet.freeze_panes = sheet.cell(row + 1, 1)
    sheet.print_title_rows = f"{row}:{row}"


def _page_setup(sheet: Worksheet) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def _task_sheet(sheet: Worksheet, plan: Plan, rows: list[ReportRow], start: int) -> None:
    _header(sheet, start, [h for h, _ in COLUMNS])
    for column, (_, width) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    row_number, section = start + 1, None
    for row in rows:
        if row.task.section != section:
            section = row.task.section
            _section_row(sheet, row_number, f"{section}. {plan.sections.get(section, '')}", len(COLUMNS))
            row_number += 1
        _write(sheet, row_number, _cells(row))
        row_number += 1
    _page_setup(sheet)


def _section_row(sheet: Worksheet, row: int, text: str, width: int) -> None:
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    for column in range(1, width + 1):
        cell = sheet.cell(row, column)
        cell.border, cell.fill = BORDER, SECTION_FILL
    cell = sheet.cell(row, 1, text)
    cell.font, cell.alignment = BOLD, WRAP


def _cells(row: ReportRow) -> list[object]:
    task, occurrence = row.task, row.occurrence
    content = f"{task.group_title}: {task.content}" if task.group_title else task.content
    if occurrence.label:
        content += f" ({occurrence.label})"
    done = occurrence.done_at.astimezone(VN).date() if occurrence.done_at and row.status.value == "done" else None
    timing = "" if row.on_time is None else ("Đúng hạn" if row.on_time else "Trễ hạn")
    return [task.number, content, task.lead_text, task.coordinators_text, task.time_expression, task.product,
            texts.STATUS_NAMES[row.status.value].capitalize(), texts.day(done) if done else "", timing, occurrence.progress,
            occurrence.note, ", ".join(occurrence.evidence)]


def _write(sheet: Worksheet, row: int, values: list[object]) -> None:
    for column, value in enumerate(values, 1):
        cell = sheet.cell(row, column, value)
        cell.font, cell.border = NORMAL, BORDER
        cell.alignment = CENTER if column in (1, 7, 8, 9, 10) else WRAP


def _summary_sheet(sheet: Worksheet, plan: Plan, summary: Figures, unit_names: dict[str, str], start: int) -> None:
    _header(sheet, start, ["", *SUMMARY_COLUMNS])
    sheet.column_dimensions["A"].width = 44
    for column in range(2, len(SUMMARY_COLUMNS) + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    row = start + 1
    blocks = (("Theo đơn vị", [(unit_names.get(c, c), n) for c, n in summary.by_unit.items()]),
              ("Theo mục", [(f"{k}. {plan.sections.get(k, '')}", n) for k, n in summary.by_section.items()]),
              ("Cả kế hoạch", [("Tổng cộng", summary.total)]))
    for heading, lines in blocks:
        _section_row(sheet, row, heading, len(SUMMARY_COLUMNS) + 1)
        row += 1
        for name, counts in lines:
            _write(sheet, row, [name, *_figures(counts)])
            row += 1
    _page_setup(sheet)


def _figures(counts: Counts) -> list[int]:
    return [counts.done_on_time, counts.done_late, counts.in_progress, counts.not_started, counts.overdue,
            counts.waiting, counts.awaiting, counts.total]


def city_workbook(province: str, year: int, rows: list[tuple[str, Counts]], as_of: date) -> bytes:
    """One row per commune, then the city's total."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Các xã"
    headers = ["TT", "Xã, phường", *SUMMARY_COLUMNS, "Tỷ lệ hoàn thành (%)"]
    start = _title(sheet, f"KẾT QUẢ THỰC HIỆN KẾ HOẠCH CCHC NĂM {year} CỦA CÁC XÃ, {province.upper()}",
                   f"(Số liệu tính đến ngày {texts.day(as_of)})", len(headers))
    _header(sheet, start, headers)
    for column, width in enumerate([6, 30] + [12] * (len(headers) - 2), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    total = Counts()
    for index, (commune, counts) in enumerate(rows, 1):
        _write(sheet, start + index, [index, commune, *_figures(counts), _done_rate(counts)])
        for field in vars(total):
            setattr(total, field, getattr(total, field) + getattr(counts, field))
    _write(sheet, start + len(rows) + 1, ["", "Tổng cộng", *_figures(total), _done_rate(total)])
    for column in range(1, len(headers) + 1):
        sheet.cell(start + len(rows) + 1, column).font = BOLD
    _page_setup(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _done_rate(counts: Counts) -> float:
    done = counts.done_on_time + counts.done_late
    return round(100 * done / counts.total, 1) if counts.total else 0.0
